"""The pieces every workbook shares.

Writing: a data sheet streamed with openpyxl's write-only mode, laid out as people expect — a bold header
frozen under optional title lines, an autofilter, column widths, dates shown dd/mm/yyyy, numbers as numbers,
A4 print set-up fitted to the width with the header rows repeated. **User text is always written as a
string cell**, even when it looks like a formula, a number or a date, and a NIP is always text (cell format
"@"), so an 18-digit NIP survives any round trip exactly.

Reading: a workbook is opened only after checking that it is one (size, zip, the OLE signature of an old .xls
or a password-protected file); every problem becomes a :class:`Problem` naming file, sheet, row, column and
reason, reported together in :class:`ExchangeError`.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from asn_desktop.domain.errors import DomainError

__all__ = ["Column", "Problem", "ExchangeError", "Cancelled", "new_workbook", "write_table", "save", "open_workbook",
           "MAX_BYTES", "text_of", "column_letter", "tracked", "discard", "merged_ranges", "merged_problems"]

MAX_BYTES = 50 * 1024 * 1024  # a bigger file is not an office's workbook; refused before it is opened
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls of Excel 97–2003, or any encrypted (password) workbook
HEADER_FILL = PatternFill("solid", start_color="DCE6F1")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "#,##0"  # shown with the reader's own thousands separator (1.234.567 in Indonesian Excel)


@dataclass(frozen=True)
class Column:
    """A column of a data sheet. ``kind``: text, nip, int, money, decimal, date."""

    header: str
    kind: str = "text"
    width: float = 14


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"lembar {self.sheet}")
        if self.row:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return f"{', '.join(where)}: {self.reason}"


class ExchangeError(DomainError):
    """A file refused, with every problem found in it (file, sheet, row, column, reason)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n… dan {len(self.problems) - 20} masalah lain." if len(self.problems) > 20 else ""
        super().__init__(shown + more)


class Cancelled(DomainError):
    """The user stopped an export; nothing was written under the chosen name."""

    def __init__(self) -> None:
        super().__init__("Ekspor dibatalkan; tidak ada berkas yang ditulis.")


def tracked(rows: Iterable[Any], total: int, progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None, every: int = 500) -> Iterator[Any]:
    """The rows, reporting ``progress(done, total)`` and stopping with :class:`Cancelled` when asked, every
    ``every`` rows (an export streams its rows through this)."""
    done = 0
    for row in rows:
        if done % every == 0:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(done, total)
        yield row
        done += 1
    if progress is not None:
        progress(total, total)


# ------------------------------------------------------------------------------------------------ writing
def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def column_letter(i: int) -> str:
    return get_column_letter(i)


def _cell(ws: Worksheet, value: Any, kind: str, bold: bool = False) -> WriteOnlyCell:
    if value is None or value == "":
        cell = WriteOnlyCell(ws, value=None)
    elif kind in ("text", "nip"):
        cell = WriteOnlyCell(ws, value=str(value))
        cell.data_type = "s"  # never a formula, number or date, whatever the text looks like
        if kind == "nip":
            cell.number_format = "@"
    elif kind == "date":
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
    else:
        cell = WriteOnlyCell(ws, value=value)
        if kind == "money":
            cell.number_format = MONEY_FORMAT
    if bold:
        cell.font = BOLD
    return cell


def _row_writer(ws: Worksheet, kinds: Sequence[str]):
    """Turn a row of values into what ws.append takes, as cheaply as each kind allows: a plain string or number
    goes as it is (openpyxl writes it as text or a number); what needs a format or could be read as a formula
    goes through one styled cell per column, reused row after row (a write-only sheet writes each row as it is
    appended, so the cell is free again for the next one)."""
    styled: list[WriteOnlyCell | None] = [None] * len(kinds)

    def cell_for(i: int, value: Any, kind: str) -> WriteOnlyCell:
        cell = styled[i]
        if cell is None:
            cell = styled[i] = _cell(ws, value, kind)
            return cell
        if kind in ("text", "nip"):
            cell.value = str(value)
            cell.data_type = "s"  # never a formula, number or date, whatever the text looks like
        else:
            cell.value = value
        return cell

    def convert(row: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for i, (v, k) in enumerate(zip(row, kinds, strict=True)):
            if v is None or v == "":
                out.append(None)
            elif k == "text" and isinstance(v, str) and v[0] != "=":
                out.append(v)
            elif k in ("int", "decimal") and isinstance(v, (int, float)) and not isinstance(v, bool):
                out.append(v)
            else:
                out.append(cell_for(i, v, k))
        return out
    return convert


def write_table(wb: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                heading: Sequence[str] = (), footer: Sequence[Any] | None = None, landscape: bool = True) -> int:
    """One sheet: ``heading`` lines (the first bold), a blank line, the header, the rows, an optional bold
    footer (totals). Returns how many rows were written."""
    ws = wb.create_sheet(title=title[:31])
    for i, c in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    top = len(heading) + (1 if heading else 0)  # rows above the header
    ws.freeze_panes = f"A{top + 2}"
    ws.print_title_rows = f"{top + 1}:{top + 1}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for i, line in enumerate(heading):
        cell = _cell(ws, line, "text")
        cell.font = TITLE if i == 0 else Font()
        ws.append([cell])
    if heading:
        ws.append([])
    header = []
    for c in columns:
        cell = _cell(ws, c.header, "text", bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        header.append(cell)
    ws.append(header)
    kinds = [c.kind for c in columns]
    convert = _row_writer(ws, kinds)
    n = 0
    try:
        for row in rows:
            ws.append(convert(row))
            n += 1
    except BaseException:  # cancelled or failed: end every sheet's stream cleanly and drop its temporary file
        discard(wb)
        raise
    last = top + 1 + n
    ws.auto_filter.ref = f"A{top + 1}:{get_column_letter(len(columns))}{max(last, top + 1)}"
    if footer is not None:
        ws.append([_cell(ws, v, k, bold=True) for v, k in zip(footer, kinds, strict=True)])
    return n


def discard(wb: Workbook) -> None:
    """Abandon a write-only workbook: close each sheet's XML stream (left open, it fails noisily when collected)
    and remove its temporary file."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
            ws._writer.cleanup()  # openpyxl keeps the rows in a temporary file until save
        except Exception:  # noqa: BLE001 (best effort: the workbook is being thrown away)
            pass


def save(wb: Workbook, path: str | Path) -> None:
    """Write to a temporary file next to ``path`` and move it into place: a failed export never leaves half a
    workbook under the name the user chose."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        wb.save(tmp)
        tmp.replace(target)
    except OSError as err:
        discard(wb)
        tmp.unlink(missing_ok=True)
        raise DomainError(f"{target.name} tidak dapat ditulis: {err.strerror or err}.") from err


# ------------------------------------------------------------------------------------------------ reading
def open_workbook(path: str | Path):
    """A workbook opened read-only (values, not formulas), or :class:`ExchangeError` saying why not."""
    p = Path(path)
    name = p.name

    def refuse(reason: str) -> ExchangeError:
        return ExchangeError([Problem(name, "", None, "", reason)])

    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as err:
        raise refuse(f"berkas tidak dapat dibaca ({err.strerror or err}).") from err
    if size > MAX_BYTES:
        raise refuse(f"berkas terlalu besar ({size / 1024 / 1024:.0f} MB; paling besar {MAX_BYTES // 1024 // 1024} MB).")
    if head.startswith(OLE_MAGIC):
        raise refuse("berkas ini dilindungi kata sandi atau berformat Excel 97–2003 (.xls); buka di Excel, hapus "
                     "kata sandinya, lalu simpan sebagai Buku Kerja Excel (.xlsx).")
    if not head.startswith(b"PK"):
        raise refuse("bukan buku kerja Excel (.xlsx). Simpan berkasnya sebagai Buku Kerja Excel (.xlsx) lalu ulangi.")
    try:
        with zipfile.ZipFile(p) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise refuse("berkas ZIP ini bukan buku kerja Excel (mis. dokumen Word atau arsip lain).")
            bad = z.testzip()
            if bad is not None:
                raise refuse(f"berkas rusak (bagian {bad} tidak utuh); salin ulang berkasnya.")
    except zipfile.BadZipFile as err:
        raise refuse("berkas rusak atau terpotong (tidak utuh); salin ulang berkasnya.") from err
    try:
        return load_workbook(p, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a malformed part
        raise refuse(f"buku kerja tidak dapat dibaca ({type(err).__name__}); simpan ulang di Excel lalu ulangi.") \
            from err


_MERGE_CELL = re.compile(
    rb'<(?:[A-Za-z0-9_]+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')


def merged_ranges(ws) -> list[tuple[str, str, int, int]]:
    """The merged ranges of a sheet opened read-only, as (range, first column, first row, last row). openpyxl's
    read-only mode does not read them, so the sheet's XML is scanned (it is streamed, a megabyte at a time)."""
    source = getattr(ws, "_get_source", None)
    if source is None:
        return []
    found: dict[str, tuple[str, str, int, int]] = {}
    tail = b""
    with source() as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            if b"mergeCell" in buf:
                for m in _MERGE_CELL.finditer(buf):
                    first_col, first_row, last_col, last_row = m.groups()
                    ref = f"{first_col.decode()}{int(first_row)}" + (
                        f":{last_col.decode()}{int(last_row)}" if last_col else "")
                    found[ref] = (ref, first_col.decode(), int(first_row), int(last_row or first_row))
            tail = buf[-300:]
    return sorted(found.values(), key=lambda r: (r[2], r[1]))


def merged_problems(file: str, ws, from_row: int) -> list[Problem]:
    """A merged range reaching row ``from_row`` or below (the header and the data): refused, because only its first
    cell holds a value and the rows it covers would be read as empty."""
    return [Problem(file, ws.title, first_row, col, f"sel gabungan {ref} di area tabel; pisahkan selnya (Unmerge "
                                                     "Cells) lalu simpan ulang.")
            for ref, col, first_row, last_row in merged_ranges(ws) if last_row >= from_row]


def text_of(value: Any) -> str:
    """A cell's value as the text a person sees (whole numbers without ".0", dates dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
