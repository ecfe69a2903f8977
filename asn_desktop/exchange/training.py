"""The training list of a year: every participation in an event that ended in the year (with the JP it
earned), and every active employee's JP against the target. See FORMAT.md (Pelatihan)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from .sheets import Column, new_workbook, save, write_table

__all__ = ["PARTICIPATION_COLUMNS", "JP_COLUMNS", "write_training"]

PARTICIPATION_COLUMNS = (
    Column("Kegiatan", "text", 40), Column("Jenis", "text", 14), Column("Bentuk", "text", 18),
    Column("Metode", "text", 12), Column("Penyelenggara", "text", 22), Column("Mulai", "date", 11),
    Column("Selesai", "date", 11), Column("JP kegiatan", "decimal", 9), Column("NIP", "nip", 22),
    Column("Nama", "text", 32), Column("Unit", "text", 30), Column("Status", "text", 13),
    Column("JP diakui", "decimal", 9), Column("Nomor sertifikat", "text", 22), Column("Tanggal sertifikat", "date", 11),
)
JP_COLUMNS = (
    Column("NIP", "nip", 22), Column("Nama", "text", 32), Column("Status", "text", 8), Column("Jabatan", "text", 30),
    Column("Unit", "text", 30), Column("JP", "decimal", 8), Column("Target", "int", 8), Column("Kurang", "decimal", 8),
)


def write_training(path: str | Path, heading: Sequence[str], participations: Iterable[tuple],
                   jp_rows: Iterable[tuple]) -> tuple[int, int]:
    """Two sheets: Keikutsertaan and Kepatuhan JP. Rows are tuples in the columns' order (dates as dates)."""
    wb = new_workbook()
    a = write_table(wb, "Keikutsertaan", PARTICIPATION_COLUMNS, participations, heading)
    b = write_table(wb, "Kepatuhan JP", JP_COLUMNS, jp_rows, heading, landscape=False)
    save(wb, path)
    return a, b


def as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value  # type: ignore[return-value]
    return dt.date.fromisoformat(str(value)[:10])
