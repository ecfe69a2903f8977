"""The upward package (paket): one workbook per office, year and unit that a person can read and ASN Desktop can
import again. The **Info** sheet comes first: who made it, for what, and per data sheet its row count and a
SHA-256 of its values, so a changed or damaged file is recognised. Format: FORMAT.md (Paket)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sheets import (
    BOLD,
    Cancelled,
    Column,
    ExchangeError,
    Problem,
    column_letter,
    discard,
    merged_problems,
    new_workbook,
    open_workbook,
    save,
    write_table,
)

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "SHEETS", "canonical", "Digest", "write_paket", "read_paket", "Paket",
           "INFO_KEYS"]

FORMAT_NAME = "ASN Desktop paket"
FORMAT_VERSION = 1
TEXT, INT, DEC, DATE, MONEY = "text", "int", "decimal", "date", "money"
# A NIP here is a string cell like any text (so it is text, exactly, and is streamed as fast as text); the "@"
# cell format that keeps it text while a person edits it is for the sheets people fill in, not the package.
NIP = TEXT

SHEETS: dict[str, tuple[Column, ...]] = {
    "Unit": (Column("Kode", TEXT, 16), Column("Nama", TEXT, 40), Column("Jenis", TEXT, 14),
             Column("Kode induk", TEXT, 16)),
    "Pegawai": (Column("NIP", NIP, 22), Column("Nama", TEXT, 30), Column("Gelar depan", TEXT, 10),
                Column("Gelar belakang", TEXT, 14), Column("Jenis kelamin", TEXT, 8), Column("Tanggal lahir", DATE, 12),
                Column("Status", TEXT, 8), Column("Golongan", TEXT, 9), Column("Pendidikan", TEXT, 10),
                Column("Jabatan", TEXT, 34), Column("Jenis jabatan", TEXT, 12), Column("Jenjang", TEXT, 14),
                Column("Kode unit", TEXT, 16), Column("NIP pejabat penilai", NIP, 22), Column("Aktif", TEXT, 7)),
    "SKP": (Column("NIP", NIP, 22), Column("Versi", INT, 7), Column("Status", TEXT, 12),
            Column("Pendekatan", TEXT, 12), Column("NIP pejabat penilai", NIP, 22), Column("Jumlah RHK", INT, 9),
            Column("Jumlah IKI", INT, 9)),
    "Evaluasi": (Column("NIP", NIP, 22), Column("Periode", TEXT, 16), Column("Tahunan", TEXT, 8),
                 Column("Status", TEXT, 10), Column("Rating hasil kerja", TEXT, 18),
                 Column("Rating perilaku kerja", TEXT, 18), Column("Predikat", TEXT, 16),
                 Column("Predikat akhir", TEXT, 16)),
    "Pelatihan": (Column("NIP", NIP, 22), Column("Kegiatan", TEXT, 40), Column("Jenis", TEXT, 12),
                  Column("Bentuk", TEXT, 14), Column("Mulai", DATE, 12), Column("Selesai", DATE, 12),
                  Column("Status", TEXT, 12), Column("JP diakui", DEC, 9)),
    "Penghargaan": (Column("NIP", NIP, 22), Column("Jenis", TEXT, 16), Column("Penghargaan", TEXT, 36),
                    Column("Tanggal", DATE, 12), Column("Nomor SK", TEXT, 20), Column("Pemberi", TEXT, 22),
                    Column("Jumlah", MONEY, 13)),
    "Hukuman": (Column("NIP", NIP, 22), Column("Tingkat", TEXT, 9), Column("Jenis", TEXT, 22),
                Column("Nomor SK", TEXT, 20), Column("Tanggal SK", DATE, 12), Column("Mulai", DATE, 12),
                Column("Selesai", DATE, 12), Column("Dibatalkan", DATE, 12)),
    "TPP": (Column("NIP", NIP, 22), Column("Bulan", INT, 7), Column("Kelas jabatan", TEXT, 14),
            Column("Predikat", TEXT, 16), Column("Pagu", MONEY, 13), Column("Produktivitas", MONEY, 13),
            Column("Disiplin", MONEY, 13), Column("Potongan disiplin", MONEY, 13),
            Column("Potongan hukuman", MONEY, 13), Column("Diterima", MONEY, 13)),
}
INFO_KEYS = ("Format", "Versi format", "Aplikasi", "Kantor", "Wilayah", "Kode unit", "Unit", "Tahun", "Dibuat")


def canonical(value: Any, kind: str) -> str:
    """A cell's value as hashed: the same text whether it was just written or read back from the file."""
    if value is None or value == "":
        return ""
    if kind == DATE:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind in (INT, MONEY) or (kind == DEC and isinstance(value, (int, float)) and float(value).is_integer()):
        try:
            return str(int(value))
        except (TypeError, ValueError):
            return str(value)
    if kind == DEC and isinstance(value, float):
        return repr(value)
    return str(value)


class Digest:
    """SHA-256 over a sheet's rows: each value canonical, values joined by U+001F, each row ended by U+001E."""

    def __init__(self, columns: Sequence[Column]):
        self.kinds = [c.kind for c in columns]
        self.h = hashlib.sha256()
        self.rows = 0
        self._pending: list[str] = []  # rows hashed a thousand at a time: the same bytes, fewer calls

    def add(self, row: Sequence[Any]) -> None:
        self._pending.append("\x1f".join([
            v if type(v) is str and k == TEXT  # the common case, without the general rules
            else "" if v is None or v == "" else canonical(v, k)
            for v, k in zip(row, self.kinds, strict=False)]))
        self.rows += 1
        if len(self._pending) >= 1000:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.h.update(("\x1e".join(self._pending) + "\x1e").encode("utf-8"))
            self._pending.clear()

    def hexdigest(self) -> str:
        self._flush()
        return self.h.hexdigest()


def _digested(rows: Iterable[Sequence[Any]], digest: Digest) -> Iterable[Sequence[Any]]:
    for row in rows:
        digest.add(row)
        yield row


def write_paket(path: str | Path, info: dict[str, Any], sheets: dict[str, Iterable[Sequence[Any]]], total: int,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> dict[str, int]:
    """Info first, then every data sheet of :data:`SHEETS` (rows as tuples in the columns' order); returns the
    rows per sheet. ``total``: all data rows, for ``progress``."""
    wb = new_workbook()
    info_ws = wb.create_sheet("Info")  # first in the file, filled in last (the hashes are known at the end)
    counts, digests = {}, {}
    done = [0]

    def counted(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
        for row in rows:  # progress and cancelling over all sheets together
            if done[0] % 500 == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(done[0], total)
            done[0] += 1
            yield row

    try:
        for name, columns in SHEETS.items():
            digests[name] = Digest(columns)
            counts[name] = write_table(wb, name, columns, _digested(counted(sheets.get(name, ())), digests[name]))
        info_ws.column_dimensions["A"].width = 22
        info_ws.column_dimensions["B"].width = 70
        lines: list[tuple[str, Any]] = [(k, info.get(k, "")) for k in INFO_KEYS]
        for name in SHEETS:
            lines.append((f"Baris {name}", counts[name]))
            lines.append((f"SHA-256 {name}", digests[name].hexdigest()))
        from openpyxl.cell import WriteOnlyCell

        for key, value in lines:
            k = WriteOnlyCell(info_ws, value=key)
            k.font = BOLD
            v = WriteOnlyCell(info_ws, value=value)
            if isinstance(value, str):
                v.data_type = "s"
            info_ws.append([k, v])
    except BaseException:
        discard(wb)
        raise
    save(wb, path)
    return counts


@dataclass
class Paket:
    file: str
    info: dict[str, Any]
    sheets: dict[str, list[tuple[int, tuple[Any, ...]]]] = field(default_factory=dict)  # (row number, values)
    changed: list[str] = field(default_factory=list)  # sheets whose values no longer match their SHA-256


def read_paket(path: str | Path) -> Paket:
    """Read and check a package: the Info sheet, every data sheet and its header, the row counts; which sheets'
    values do not match their SHA-256 is reported in ``changed`` (the caller refuses or, on an explicit
    override, accepts). Every other problem refuses the file (:class:`ExchangeError`)."""
    name = Path(path).name
    wb = open_workbook(path)
    problems: list[Problem] = []
    try:
        titles = {ws.title: ws for ws in wb.worksheets}
        if "Info" not in titles:
            raise ExchangeError([Problem(name, "Info", None, "", "lembar Info tidak ada: ini bukan paket ASN Desktop.")])
        info: dict[str, Any] = {}
        for row in titles["Info"].iter_rows(values_only=True):
            if row and row[0] is not None:
                info[str(row[0]).strip()] = row[1] if len(row) > 1 else None
        if info.get("Format") != FORMAT_NAME:
            raise ExchangeError([Problem(name, "Info", None, "B", "bukan paket ASN Desktop (isian Format).")])
        version = info.get("Versi format")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ExchangeError([Problem(name, "Info", None, "B", f"versi format {version} tidak dikenal; perbarui "
                                         "ASN Desktop untuk membaca paket ini.")])
        for key in ("Kantor", "Tahun"):
            if not info.get(key):
                problems.append(Problem(name, "Info", None, "B", f"isian {key} kosong."))
        paket = Paket(name, info)
        for sheet, columns in SHEETS.items():
            ws = titles.get(sheet)
            if ws is None:
                problems.append(Problem(name, sheet, None, "", "lembar ini tidak ada."))
                continue
            if ws.sheet_state != "visible":
                problems.append(Problem(name, sheet, None, "", "lembar ini disembunyikan; paket tidak boleh diubah."))
                continue
            merged = merged_problems(name, ws, 1)
            if merged:
                problems.extend(merged)
                continue
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            expected = tuple(c.header for c in columns)
            got = tuple(header[:len(expected)]) if header else ()
            if got != expected:
                missing = [h for h in expected if h not in got]
                where = ", ".join(missing) if missing else "urutannya"
                problems.append(Problem(name, sheet, 1, "", f"judul kolom tidak sesuai ({where})."))
                continue
            digest = Digest(columns)
            body: list[tuple[int, tuple[Any, ...]]] = []
            for number, cells in enumerate(rows, 2):
                values = tuple(cells[:len(columns)]) + (None,) * max(0, len(columns) - len(cells))
                extra = [v for v in cells[len(columns):] if v is not None]
                if all(v is None for v in values) and not extra:
                    continue
                if extra:
                    problems.append(Problem(name, sheet, number, column_letter(len(columns) + 1),
                                            "ada isian di luar kolom paket."))
                digest.add(values)
                body.append((number, values))
            declared = info.get(f"Baris {sheet}")
            if declared != digest.rows:
                problems.append(Problem(name, sheet, None, "", f"berisi {digest.rows} baris, Info menyebut {declared}."))
            if info.get(f"SHA-256 {sheet}") != digest.hexdigest():
                paket.changed.append(sheet)
            paket.sheets[sheet] = body
        if problems:
            raise ExchangeError(problems)
        return paket
    finally:
        wb.close()
