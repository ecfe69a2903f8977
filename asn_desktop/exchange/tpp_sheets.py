"""TPP workbooks: the payroll sheet of a month's run (daftar TPP), the attendance template of a month and the
attendance read back from a workbook (the template filled in, or an attendance machine's export with a NIP
column). See FORMAT.md (Daftar TPP, Kehadiran)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sheets import (
    Column,
    ExchangeError,
    Problem,
    column_letter,
    merged_problems,
    new_workbook,
    open_workbook,
    save,
    text_of,
    write_table,
)

__all__ = ["PayrollLine", "write_payroll", "AttendanceLine", "write_attendance_template", "ReadAttendance",
           "read_attendance", "PAYROLL_COLUMNS", "ATTENDANCE_COLUMNS"]

PAYROLL_COLUMNS = (
    Column("No", "int", 6), Column("NIP", "nip", 22), Column("Nama", "text", 34), Column("Unit", "text", 30),
    Column("Kelas jabatan", "text", 16), Column("Predikat", "text", 16), Column("Pagu", "money", 13),
    Column("Produktivitas", "money", 14), Column("Disiplin", "money", 13), Column("Potongan disiplin", "money", 13),
    Column("Potongan hukuman disiplin", "money", 14), Column("Diterima", "money", 14),
)
ATTENDANCE_COLUMNS = (
    Column("NIP", "nip", 22), Column("Nama", "text", 34), Column("Unit", "text", 30),
    Column("Tidak masuk (hari)", "int", 12), Column("Terlambat (menit, setiap kejadian)", "text", 30),
)
# headers a person or an attendance machine may use, lower-case without punctuation
NIP_HEADERS = ("nip", "nip nipppk", "nipnipppk", "ni pppk", "nomor induk pegawai", "nip baru")
ABSENT_HEADERS = ("tidak masuk", "tidak masuk hari", "hari tidak masuk", "tk", "alpa", "alpha", "mangkir",
                  "tanpa keterangan", "absen", "tidak hadir")
LATE_HEADERS = ("terlambat", "terlambat menit", "terlambat menit setiap kejadian", "menit terlambat", "tl",
                "keterlambatan", "telat", "late")
MAX_ROWS = 100_000
HEADER_SEARCH = 15  # the header is among the first rows (title lines may come first)


@dataclass(frozen=True)
class PayrollLine:
    nip: str
    name: str
    unit: str
    position_class: str
    predikat: str
    ceiling: int
    performance: int
    discipline: int
    discipline_deduction: int
    sanction_cut: int
    net: int


def write_payroll(path: str | Path, heading: Sequence[str], lines: Sequence[PayrollLine]) -> int:
    """The daftar TPP: one row per employee in the given order and a bold total; returns the rows written."""
    wb = new_workbook()
    rows = ((i, x.nip, x.name, x.unit, x.position_class, x.predikat, x.ceiling, x.performance, x.discipline,
             x.discipline_deduction, x.sanction_cut, x.net) for i, x in enumerate(lines, 1))
    total = [None, None, "Jumlah", None, None, None, *(sum(getattr(x, f) for x in lines) for f in (
        "ceiling", "performance", "discipline", "discipline_deduction", "sanction_cut", "net"))]
    n = write_table(wb, "Daftar TPP", PAYROLL_COLUMNS, rows, heading, footer=total)
    save(wb, path)
    return n


@dataclass(frozen=True)
class AttendanceLine:
    nip: str
    name: str
    unit: str
    absent_days: int
    late_minutes: tuple[int, ...]


def write_attendance_template(path: str | Path, heading: Sequence[str], lines: Sequence[AttendanceLine]) -> int:
    """The month's attendance sheet to fill in (what is stored already filled): NIP as text, minutes as "15, 45"."""
    wb = new_workbook()
    rows = ((x.nip, x.name, x.unit, x.absent_days, ", ".join(str(m) for m in x.late_minutes)) for x in lines)
    n = write_table(wb, "Kehadiran", ATTENDANCE_COLUMNS, rows, heading, landscape=False)
    save(wb, path)
    return n


@dataclass
class ReadAttendance:
    """What a workbook says per NIP: days absent (summed over its rows) and each late arrival in minutes (all
    rows together), with the row each NIP first appears on. Nothing here is checked against the database."""

    sheet: str
    rows: dict[str, tuple[int, list[int]]] = field(default_factory=dict)
    first_row: dict[str, int] = field(default_factory=dict)


def _key(header: Any) -> str:
    return re.sub(r"[^a-z0-9 ]+", "", text_of(header).lower().replace("/", " ")).strip()


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = text_of(value)
    return int(text) if re.fullmatch(r"[0-9]{1,6}", text) else None


def _nip(value: Any) -> str | None:
    if isinstance(value, float):
        return None  # a NIP typed as a number has lost its last digits (Excel keeps 15)
    text = re.sub(r"[\s.'-]", "", text_of(value))
    return text if re.fullmatch(r"[0-9]{18}", text) else None


def read_attendance(path: str | Path) -> ReadAttendance:
    """Read a month's attendance: the sheet "Kehadiran" if there is one, else the first visible sheet; the header
    row is the first with a NIP column and a column of days absent or of minutes late. Every problem of every
    row is reported together (:class:`ExchangeError`)."""
    name = Path(path).name
    wb = open_workbook(path)
    try:
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        ws = next((w for w in visible if w.title.strip().lower() == "kehadiran"), visible[0] if visible else None)
        if ws is None:
            raise ExchangeError([Problem(name, "", None, "", "tidak ada lembar yang terlihat.")])
        problems: list[Problem] = []
        out = ReadAttendance(ws.title)
        header_row, cols = None, {}
        rows = ws.iter_rows(values_only=True)
        for r, values in enumerate(rows, 1):
            keys = [_key(v) for v in values]
            found = {}
            for i, k in enumerate(keys):
                for what, names in (("nip", NIP_HEADERS), ("absent", ABSENT_HEADERS), ("late", LATE_HEADERS)):
                    if k in names and what not in found:
                        found[what] = i
            if "nip" in found and ("absent" in found or "late" in found):
                header_row, cols = r, found
                break
            if r >= HEADER_SEARCH:
                break
        if header_row is None:
            raise ExchangeError([Problem(name, ws.title, None, "", "tidak ditemukan baris judul dengan kolom NIP dan "
                                         "kolom hari tidak masuk atau menit terlambat (mis. “Tidak masuk (hari)”, "
                                         "“Terlambat (menit, setiap kejadian)”).")])
        merged = merged_problems(name, ws, header_row)
        if merged:
            raise ExchangeError(merged)
        letter = {what: column_letter(i + 1) for what, i in cols.items()}
        for r, values in enumerate(rows, header_row + 1):
            if r - header_row > MAX_ROWS:
                problems.append(Problem(name, ws.title, r, "", f"lebih dari {MAX_ROWS:,} baris; bagi berkasnya."))
                break
            cell = (lambda what: values[cols[what]] if what in cols and cols[what] < len(values) else None)
            if all(v is None or text_of(v) == "" for v in values):
                continue
            raw_nip = cell("nip")
            nip = _nip(raw_nip)
            if nip is None:
                reason = ("NIP tertulis sebagai angka sehingga digit terakhirnya hilang; jadikan kolom NIP teks."
                          if isinstance(raw_nip, float) else f"NIP “{text_of(raw_nip)}” bukan 18 angka.")
                problems.append(Problem(name, ws.title, r, letter["nip"], reason))
                continue
            absent = 0
            if "absent" in cols and text_of(cell("absent")) != "":
                absent = _whole(cell("absent"))
                if absent is None or not 0 <= absent <= 31:
                    problems.append(Problem(name, ws.title, r, letter["absent"],
                                            f"hari tidak masuk “{text_of(cell('absent'))}” harus bilangan bulat 0–31."))
                    continue
            late: list[int] = []
            if "late" in cols and text_of(cell("late")) != "":
                parts = [p for p in re.split(r"[,;\s]+", text_of(cell("late"))) if p]
                minutes = [_whole(p) for p in parts]
                if None in minutes or any(not 0 < m <= 480 for m in minutes):  # type: ignore[operator]
                    problems.append(Problem(name, ws.title, r, letter["late"],
                                            f"keterlambatan “{text_of(cell('late'))}” harus menit 1–480, dipisah "
                                            "koma (mis. 15, 45)."))
                    continue
                late = minutes  # type: ignore[assignment]
            days, before = out.rows.get(nip, (0, []))
            out.rows[nip] = (days + absent, before + late)
            out.first_row.setdefault(nip, r)
        if problems:
            raise ExchangeError(problems)
        return out
    finally:
        wb.close()
