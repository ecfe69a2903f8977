"""A plain table read from any workbook: the sheet, the header row found among the first rows, and the data
rows with their row numbers, values as the cells hold them. What the columns mean is decided elsewhere (a
column mapping)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sheets import ExchangeError, Problem, merged_problems, open_workbook, text_of

__all__ = ["RawTable", "read_table", "visible_sheets", "HEADER_SEARCH", "MAX_ROWS"]

HEADER_SEARCH = 15  # title lines may come before the header
MAX_ROWS = 50_000  # rows of data; an office's list is far smaller


@dataclass(frozen=True)
class RawTable:
    file: str
    sheet: str
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]  # (row number in the sheet, values)


def visible_sheets(path: str | Path) -> list[str]:
    wb = open_workbook(path)
    try:
        return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    finally:
        wb.close()


def _is_header(values: tuple[Any, ...]) -> int:
    """How many cells of a row look like column names (text, not a number)."""
    return sum(1 for v in values if isinstance(v, str) and v.strip() and not v.strip().isdigit())


def read_table(path: str | Path, sheet: str | None = None) -> RawTable:
    """The table of ``sheet`` (default: the first visible one): its header is the row, among the first
    ``HEADER_SEARCH``, with the most column names (at least two); blank rows are skipped; a hidden sheet is
    never read. Refusals name the file and sheet."""
    name = Path(path).name
    wb = open_workbook(path)
    try:
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        if sheet is None:
            if not visible:
                raise ExchangeError([Problem(name, "", None, "", "tidak ada lembar yang terlihat.")])
            ws = visible[0]
        else:
            ws = next((w for w in wb.worksheets if w.title == sheet), None)
            if ws is None:
                raise ExchangeError([Problem(name, sheet, None, "", "lembar ini tidak ada.")])
            if ws.sheet_state != "visible":
                raise ExchangeError([Problem(name, sheet, None, "", "lembar ini tersembunyi; tampilkan dulu di Excel.")])
        it = ws.iter_rows(values_only=True)
        top: list[tuple[Any, ...]] = []
        for values in it:
            top.append(tuple(values))
            if len(top) >= HEADER_SEARCH:
                break
        scores = [_is_header(v) for v in top]
        best = max(scores, default=0)
        if best < 2:
            raise ExchangeError([Problem(name, ws.title, None, "", "tidak ditemukan baris judul kolom di 15 baris "
                                                                  "pertama.")])
        header_index = scores.index(best)
        merged = merged_problems(name, ws, header_index + 1)
        if merged:
            raise ExchangeError(merged)
        header = top[header_index]
        width = max((i + 1 for i, v in enumerate(header) if text_of(v)), default=0)
        headers = tuple(text_of(v) for v in header[:width])
        rows: list[tuple[int, tuple[Any, ...]]] = []

        def take(number: int, values: tuple[Any, ...]) -> None:
            cut = tuple(values[:width]) + (None,) * max(0, width - len(values))
            if any(text_of(v) for v in cut):
                rows.append((number, cut))

        for offset, values in enumerate(top[header_index + 1:], header_index + 2):
            take(offset, values)
        number = len(top)
        for values in it:
            number += 1
            take(number, tuple(values))
            if len(rows) > MAX_ROWS:
                raise ExchangeError([Problem(name, ws.title, number, "", f"lebih dari {MAX_ROWS:,} baris data; "
                                             "bagi berkasnya.".replace(",", "."))])
        return RawTable(name, ws.title, header_index + 1, headers, tuple(rows))
    finally:
        wb.close()
