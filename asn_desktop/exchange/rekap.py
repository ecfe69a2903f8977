"""The rekap the provincial office asks for: per unit (the perangkat daerah and kecamatan, or the units under
the one chosen) the annual predikat counted, the distribution check against the unit's predikat organisasi,
JP compliance, rewards and sanctions; a total row. See FORMAT.md (Rekap)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .sheets import Column, new_workbook, save, write_table

__all__ = ["RekapRow", "REKAP_COLUMNS", "write_rekap"]

REKAP_COLUMNS = (
    Column("Kode unit", "text", 14), Column("Unit", "text", 38), Column("Pegawai aktif", "int", 10),
    Column("Sangat Baik", "int", 9), Column("Baik", "int", 9), Column("Butuh Perbaikan", "int", 10),
    Column("Kurang", "int", 9), Column("Sangat Kurang", "int", 9), Column("Belum final", "int", 9),
    Column("Predikat organisasi", "text", 14), Column("Distribusi", "text", 48),
    Column("Memenuhi target JP", "int", 10), Column("Persen memenuhi JP", "decimal", 11),
    Column("Penghargaan", "int", 11), Column("Hukuman ringan", "int", 10), Column("Hukuman sedang", "int", 10),
    Column("Hukuman berat", "int", 10),
)


@dataclass(frozen=True)
class RekapRow:
    code: str
    unit: str
    active: int
    predikat: tuple[int, int, int, int, int]  # Sangat Baik … Sangat Kurang, final annual
    drafts: int
    org_predikat: str  # "" when the unit has none for the year
    distribution: str  # "Sesuai", the violations, or "" without a predikat organisasi
    meeting_jp: int
    rewards: int
    sanctions: tuple[int, int, int]  # ringan, sedang, berat decided in the year

    def cells(self) -> tuple:
        share = round(100.0 * self.meeting_jp / self.active, 1) if self.active else 0.0
        return (self.code, self.unit, self.active, *self.predikat, self.drafts, self.org_predikat, self.distribution,
                self.meeting_jp, share, self.rewards, *self.sanctions)


def write_rekap(path: str | Path, heading: Sequence[str], rows: Sequence[RekapRow], total: RekapRow) -> int:
    wb = new_workbook()
    n = write_table(wb, "Rekap", REKAP_COLUMNS, (r.cells() for r in rows), heading, footer=total.cells())
    save(wb, path)
    return n
