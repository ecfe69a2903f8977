"""The official forms as workbooks to print and sign: the SKP form and the evaluation document
(PermenPANRB 6/2022), one after another on a sheet (200 to a sheet), each starting on a new A4 page, fitted to
the page width.

A form is a stack of table rows whose cells have different widths (the identity block, the hasil kerja table and
the perilaku table do not share columns). :class:`FormSheet` takes every row layout the sheet will use, makes
one column per distinct boundary, and writes each cell merged over the columns it spans, bordered on every
column of the span. Row heights are set from the length of the wrapped text (neither Excel nor LibreOffice
fits a merged cell's height), so nothing is cut off on paper. Everything is written as text.

The data comes in as plain values (:class:`SkpForm`, :class:`EvaluationForm`); the services build them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from asn_desktop.domain.skp import CORE_VALUES

from .sheets import discard, new_workbook, save, tracked

__all__ = ["Person", "HasilRow", "PerilakuRow", "SkpForm", "EvaluationForm", "FormSheet", "write_skp_forms",
           "write_evaluation_forms", "FORM_WIDTH"]

FORM_WIDTH = 100.0  # column-width units of the whole form (A4 portrait at about 100%, fitted to width anyway)
LINE_PT = 12.0  # height of one line of 10-point text
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_GREY = PatternFill("solid", start_color="D9D9D9")
_PALE = PatternFill("solid", start_color="F2F2F2")
_NORMAL = Font(name="Calibri", size=10)
_BOLD = Font(name="Calibri", size=10, bold=True)


@dataclass(frozen=True)
class _Style:
    font: Font = _NORMAL
    border: bool = True
    fill: PatternFill | None = None
    horizontal: str = "left"
    vertical: str = "top"


STYLES: dict[str, _Style] = {
    "title": _Style(Font(name="Calibri", size=12, bold=True), border=False, horizontal="center"),
    "subtitle": _Style(_BOLD, border=False, horizontal="center"),
    "plain": _Style(border=False),
    "plain-bold": _Style(_BOLD, border=False),
    "plain-center": _Style(border=False, horizontal="center"),
    "sign": _Style(Font(name="Calibri", size=10, bold=True, underline="single"), border=False, horizontal="center"),
    "head": _Style(_BOLD, fill=_GREY, horizontal="center", vertical="center"),
    "section": _Style(_BOLD, fill=_PALE),
    "cell": _Style(),
    "center": _Style(horizontal="center"),
    "bold": _Style(_BOLD),
}


# ---------------------------------------------------------------------------------------------- the data
@dataclass(frozen=True)
class Person:
    name: str
    nip: str
    pangkat: str  # "Penata Muda / III/a"
    jabatan: str
    unit: str


@dataclass(frozen=True)
class HasilRow:
    """One IKI line of the hasil kerja table; ``rhk``/``pimpinan`` repeat for each IKI of the same RHK."""

    kind: str  # utama / tambahan
    number: int  # the RHK's number within its kind
    pimpinan: str  # RHK pimpinan yang diintervensi
    rhk: str
    aspect: str
    iki: str
    target: str
    realisasi: str = ""
    umpan_balik: str = ""


@dataclass(frozen=True)
class PerilakuRow:
    code: str
    expectation: str
    umpan_balik: str = ""


@dataclass
class SkpForm:
    year: int
    approach: str  # Kuantitatif / Kualitatif
    period: str  # "1 Januari s.d. 31 Desember 2026"
    office: str
    region: str
    place: str  # where it is signed ("Sleman"), the date is left to the signer
    pegawai: Person
    penilai: Person | None
    atasan: Person | None
    draft: str  # "" when approved; otherwise why it is not final yet ("DRAF — SKP berstatus Diajukan")
    hasil: list[HasilRow] = field(default_factory=list)
    perilaku: list[PerilakuRow] = field(default_factory=list)
    lampiran: tuple[str, str, str] = ("", "", "")  # dukungan sumber daya, skema pertanggungjawaban, konsekuensi


@dataclass
class EvaluationForm:
    year: int
    approach: str
    period_label: str  # "Triwulan I" / "Tahunan"
    period: str  # "1 Januari s.d. 31 Maret 2026"
    annual: bool
    office: str
    region: str
    place: str
    pegawai: Person
    penilai: Person | None
    atasan: Person | None
    draft: str  # "" when final
    capaian_organisasi: str  # predikat kinerja organisasi of the unit, or a dash
    distribusi: str  # the unit's distribution pattern in words
    rating_hasil: str
    rating_perilaku: str
    predikat: str
    catatan: str
    angka_kredit: str = ""
    hasil: list[HasilRow] = field(default_factory=list)
    perilaku: list[PerilakuRow] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ the layout
def _lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped in a cell ``width`` units wide (10-point text; words wrap, so a
    little slack; bold or capital letters are wider)."""
    per_line = max(1.0, width * 1.1 - 1.5) * (0.75 if bold or text.isupper() else 1.0)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in (text or "").split("\n"))


class FormSheet:
    """Sheets of rows whose cells span columns; see the module's text. :meth:`start` begins a sheet (closing the one
    before, so what it kept for its end — merged ranges — is written and let go)."""

    def __init__(self, wb, layouts: Iterable[Sequence[float]]):
        self.wb = wb
        bounds: set[float] = set()
        for layout in layouts:
            at = 0.0
            for w in layout:
                at = round(at + w, 3)
                bounds.add(at)
            if abs(at - FORM_WIDTH) > 1e-6:
                raise ValueError(f"a form layout must be {FORM_WIDTH} wide, not {at}: {layout}")
        self.bounds = sorted(bounds)
        self.columns = len(self.bounds)
        self._index = {b: i for i, b in enumerate(self.bounds)}  # right edge -> column (0-based)
        self.ws: Worksheet | None = None
        self.row_count = 0
        self._templates: dict[str, StyleArray] = {}

    def start(self, title: str) -> None:
        self.close()
        ws = self.ws = self.wb.create_sheet(title=title[:31])
        starts = [0.0, *self.bounds[:-1]]
        for i, (a, b) in enumerate(zip(starts, self.bounds, strict=True), 1):
            ws.column_dimensions[get_column_letter(i)].width = round(b - a, 2)
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.print_options.horizontalCentered = True
        ws.sheet_view.showGridLines = False
        # the ranges as plain "A1:C1" texts (all the sheet's writer needs at its end): openpyxl's own CellRange
        # objects take a kilobyte each, and a unit's forms have tens of thousands
        ws.merged_cells = []
        self.row_count = 0
        self._templates = {}  # a style is registered per workbook, but the templates are cells of one sheet

    def close(self) -> None:
        """Finish the current sheet: its end (merged ranges, print set-up) is written now, not kept until saving."""
        if self.ws is not None and not self.ws.closed:
            self.ws.close()
            self.ws.merged_cells = []

    def _styled(self, value: str | None, style: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value if value else None)
        if value:
            cell.data_type = "s"  # text, whatever it looks like
        template = self._templates.get(style)
        if template is None:  # each style is registered with the workbook once, then copied cell to cell
            s = STYLES[style]
            cell.font = s.font
            cell.alignment = Alignment(horizontal=s.horizontal, vertical=s.vertical, wrap_text=True)
            if s.border:
                cell.border = _BOX
            if s.fill is not None:
                cell.fill = s.fill
            self._templates[style] = copy(cell._style)
        else:
            cell._style = copy(template)
        return cell

    def _merge(self, first_col: int, first_row: int, last_col: int, last_row: int) -> None:
        self.ws.merged_cells.append(f"{get_column_letter(first_col + 1)}{first_row}:"
                                    f"{get_column_letter(last_col + 1)}{last_row}")

    def _spans(self, layout: Sequence[float]) -> list[tuple[int, int]]:
        spans, at, first = [], 0.0, 0
        for w in layout:
            at = round(at + w, 3)
            last = self._index[at]
            spans.append((first, last))
            first = last + 1
        return spans

    def rows(self, layout: Sequence[float], lines: Sequence[Sequence[str | None]], styles: Sequence[str],
             keep: Sequence[int] = ()) -> None:
        """Table rows of one layout. Columns in ``keep`` are written once, in the first row, and merged down over
        all of them (an RHK over its IKI lines). The block is laid out whole before it is written: a row is
        streamed out as it is appended, so its height must be known by then."""
        spans = self._spans(layout)
        if len(styles) != len(layout):
            raise ValueError("a style for each part of the layout")
        block = keep and len(lines) > 1
        top = self.row_count + 1
        built: list[list[WriteOnlyCell | None]] = []
        heights: list[int] = []
        for n, values in enumerate(lines):
            row: list[WriteOnlyCell | None] = [None] * self.columns
            height = 1
            for part, ((a, b), style) in enumerate(zip(spans, styles, strict=True)):
                value = values[part] if part < len(values) else None
                if part in keep and n > 0:
                    value = None
                if value and not (block and part in keep):
                    height = max(height, _lines(value, layout[part], bool(STYLES[style].font.b)))
                for c in range(a, b + 1):
                    row[c] = self._styled(value if c == a else None, style)
                if b > a and not (block and part in keep):
                    self._merge(a, top + n, b, top + n)
            built.append(row)
            heights.append(height)
        if block:
            bottom = top + len(lines) - 1
            for part in keep:
                a, b = spans[part]
                self._merge(a, top, b, bottom)
                style = styles[part]
                needed = _lines(lines[0][part] or "", layout[part], bool(STYLES[style].font.b))
                if needed > sum(heights):  # the merged text needs more room than the lines beside it give
                    heights[-1] += needed - sum(heights)
        for row, height in zip(built, heights, strict=True):
            self.row_count += 1
            self.ws.row_dimensions[self.row_count].height = height * LINE_PT + 3
            self.ws.append(row)
            del self.ws.row_dimensions[self.row_count]  # written with the row; not kept

    def row(self, layout: Sequence[float], values: Sequence[str | None], styles: Sequence[str] | str) -> None:
        self.rows(layout, [values], [styles] * len(layout) if isinstance(styles, str) else styles)

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.row_count += 1
            self.ws.append([])

    def page_break(self) -> None:
        """The next form starts on a new page."""
        if self.row_count:
            self.ws.row_breaks.append(Break(id=self.row_count))


FULL = (FORM_WIDTH,)
HALVES = (50.0, 50.0)
# the SKP form: pegawai beside pejabat penilai
SIDE_BY_SIDE = (4.0, 16.0, 30.0, 4.0, 16.0, 30.0)
SIDE_HEAD = (4.0, 46.0, 4.0, 46.0)
# the evaluation document: pegawai, pejabat penilai and atasan one below the other
STACKED = (4.0, 30.0, 66.0)
SKP_HASIL = (4.0, 22.0, 22.0, 10.0, 26.0, 16.0)
EVAL_HASIL = (4.0, 20.0, 9.0, 20.0, 12.0, 17.0, 18.0)
NUMBERED = (4.0, 96.0)
SKP_PERILAKU = (4.0, 50.0, 46.0)
EVAL_PERILAKU = (4.0, 38.0, 29.0, 29.0)
LABELLED = (34.0, 66.0)
SKP_LAYOUTS = (FULL, HALVES, SIDE_BY_SIDE, SIDE_HEAD, SKP_HASIL, NUMBERED, SKP_PERILAKU, LABELLED)
EVAL_LAYOUTS = (FULL, HALVES, STACKED, EVAL_HASIL, NUMBERED, EVAL_PERILAKU, LABELLED)
IDENTITY = ("NAMA", "NIP", "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA")


def _identity(p: Person | None) -> tuple[str, str, str, str, str]:
    if p is None:
        return ("—", "", "", "", "")
    return (p.name, p.nip, p.pangkat, p.jabatan, p.unit)


def _perilaku_text(code: str) -> str:
    value = next(v for v in CORE_VALUES if v.code == code)
    return value.name + "\n" + "\n".join(f"- {g}" for g in value.guidance)


def _header(fs: FormSheet, title: str, approach: str, office: str, region: str, period: str, draft: str) -> None:
    fs.row(FULL, [title], "title")
    fs.row(FULL, [f"PENDEKATAN HASIL KERJA {approach.upper()}"], "subtitle")
    if draft:
        fs.row(FULL, [draft], "subtitle")
    fs.blank()
    who = office if not region or region.lower() in office.lower() else f"{region}\n{office}"
    fs.row(HALVES, [who.upper(), f"PERIODE PENILAIAN:\n{period.upper()}"], ["plain-bold", "plain-bold"])


def _hasil_rows(fs: FormSheet, layout: Sequence[float], rows: Sequence[HasilRow], kind: str, label: str,
                values: Callable[[HasilRow], list[str]], styles: Sequence[str], keep: Sequence[int]) -> None:
    fs.row(FULL, [label], "section")
    mine = [r for r in rows if r.kind == kind]
    if not mine:
        fs.row(FULL, ["—"], "cell")
        return
    groups: dict[int, list[HasilRow]] = {}
    for r in mine:
        groups.setdefault(r.number, []).append(r)
    for group in groups.values():
        fs.rows(layout, [values(r) for r in group], styles, keep)


def _signatures(fs: FormSheet, place: str, left: tuple[str, Person | None], right: tuple[str, Person | None]) -> None:
    fs.blank()
    fs.row(HALVES, ["", f"{place or '………………'}, ……………………………"], "plain-center")
    fs.row(HALVES, [left[0], right[0]], "plain-center")
    fs.blank(4)
    fs.row(HALVES, [left[1].name if left[1] else "", right[1].name if right[1] else ""], "sign")
    fs.row(HALVES, [f"NIP {left[1].nip}" if left[1] and left[1].nip else "",
                    f"NIP {right[1].nip}" if right[1] and right[1].nip else ""], "plain-center")


def write_skp_form(fs: FormSheet, f: SkpForm) -> None:
    _header(fs, "SASARAN KINERJA PEGAWAI", f.approach, f.office, f.region, f.period, f.draft)
    fs.row(SIDE_HEAD, ["NO", "PEGAWAI YANG DINILAI", "NO", "PEJABAT PENILAI KINERJA"], "head")
    me, boss = _identity(f.pegawai), _identity(f.penilai)
    for i, label in enumerate(IDENTITY):
        fs.row(SIDE_BY_SIDE, [str(i + 1), label, me[i], str(i + 1), label, boss[i]],
               ["center", "cell", "cell", "center", "cell", "cell"])
    fs.blank()
    fs.row(FULL, ["HASIL KERJA"], "head")
    fs.row(SKP_HASIL, ["NO", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA", "ASPEK",
                       "INDIKATOR KINERJA INDIVIDU", "TARGET"], "head")
    styles = ("center", "cell", "cell", "center", "cell", "cell")
    for kind, label in (("utama", "A. UTAMA"), ("tambahan", "B. TAMBAHAN")):
        _hasil_rows(fs, SKP_HASIL, f.hasil, kind, label,
                    lambda r: [str(r.number), r.pimpinan, r.rhk, r.aspect, r.iki, r.target], styles, (0, 1, 2))
    fs.blank()
    fs.row(FULL, ["PERILAKU KERJA"], "head")
    fs.row(SKP_PERILAKU, ["NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN"], "head")
    for i, p in enumerate(f.perilaku, 1):
        fs.row(SKP_PERILAKU, [str(i), _perilaku_text(p.code), p.expectation], ["center", "cell", "cell"])
    if any(f.lampiran):
        fs.blank()
        fs.row(FULL, ["LAMPIRAN SASARAN KINERJA PEGAWAI"], "head")
        for label, text in zip(("DUKUNGAN SUMBER DAYA", "SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI"), f.lampiran,
                               strict=True):
            fs.row(LABELLED, [label, text or "—"], ["bold", "cell"])
    _signatures(fs, f.place, ("Pegawai yang Dinilai", f.pegawai), ("Pejabat Penilai Kinerja", f.penilai))


def write_evaluation_form(fs: FormSheet, f: EvaluationForm) -> None:
    title = "DOKUMEN EVALUASI KINERJA PEGAWAI" if f.annual else "EVALUASI KINERJA PEGAWAI"
    _header(fs, title, f.approach, f.office, f.region, f"{f.period_label}: {f.period}", f.draft)
    people = (("PEGAWAI YANG DINILAI", f.pegawai), ("PEJABAT PENILAI KINERJA", f.penilai),
              ("ATASAN PEJABAT PENILAI KINERJA", f.atasan))
    for n, (heading, person) in enumerate(people, 1):
        fs.row(NUMBERED, [str(n), heading], ["head", "section"])
        values = _identity(person)
        for label, value in zip(IDENTITY, values, strict=True):
            fs.row(STACKED, ["", label, value], ["cell", "cell", "cell"])
    fs.row(NUMBERED, ["4", "CAPAIAN KINERJA ORGANISASI"], ["head", "section"])
    fs.row(STACKED, ["", "PREDIKAT KINERJA ORGANISASI", f.capaian_organisasi], ["cell", "cell", "cell"])
    fs.row(STACKED, ["", "POLA DISTRIBUSI", f.distribusi], ["cell", "cell", "cell"])
    fs.blank()
    fs.row(FULL, ["HASIL KERJA"], "head")
    fs.row(EVAL_HASIL, ["NO", "RENCANA HASIL KERJA", "ASPEK", "INDIKATOR KINERJA INDIVIDU", "TARGET",
                        "REALISASI BERDASARKAN BUKTI DUKUNG", "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"],
           "head")
    styles = ("center", "cell", "center", "cell", "cell", "cell", "cell")
    for kind, label in (("utama", "A. UTAMA"), ("tambahan", "B. TAMBAHAN")):
        _hasil_rows(fs, EVAL_HASIL, f.hasil, kind, label,
                    lambda r: [str(r.number), r.rhk, r.aspect, r.iki, r.target, r.realisasi, r.umpan_balik], styles,
                    (0, 1))
    fs.row(LABELLED, ["RATING HASIL KERJA", f.rating_hasil or "—"], ["bold", "bold"])
    fs.blank()
    fs.row(FULL, ["PERILAKU KERJA"], "head")
    fs.row(EVAL_PERILAKU, ["NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN", "UMPAN BALIK BERKELANJUTAN"], "head")
    for i, p in enumerate(f.perilaku, 1):
        fs.row(EVAL_PERILAKU, [str(i), _perilaku_text(p.code), p.expectation, p.umpan_balik],
               ["center", "cell", "cell", "cell"])
    fs.row(LABELLED, ["RATING PERILAKU KERJA", f.rating_perilaku or "—"], ["bold", "bold"])
    fs.blank()
    fs.row(LABELLED, ["PREDIKAT KINERJA PEGAWAI", (f.predikat or "—").upper()], ["bold", "bold"])
    if f.angka_kredit:
        fs.row(LABELLED, ["ANGKA KREDIT", f.angka_kredit], ["bold", "cell"])
    fs.row(LABELLED, ["CATATAN/REKOMENDASI", f.catatan or "—"], ["bold", "cell"])
    _signatures(fs, f.place, ("Pegawai yang Dinilai", f.pegawai), ("Pejabat Penilai Kinerja", f.penilai))


# a sheet's merged ranges are kept until it ends: a unit's forms go on one sheet, a whole office's on several
FORMS_PER_SHEET = 200


def _sheet_titles(title: str, total: int) -> Iterator[str]:
    """"SKP" for up to FORMS_PER_SHEET forms, else "SKP 1-200", "SKP 201-400", …"""
    if total <= FORMS_PER_SHEET:
        yield title
        return
    for first in range(1, total + 1, FORMS_PER_SHEET):
        yield f"{title} {first}-{min(total, first + FORMS_PER_SHEET - 1)}"


def _write(path: str | Path, title: str, layouts, forms: Iterable, total: int, write_one,
           progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> int:
    wb = new_workbook()
    fs = FormSheet(wb, layouts)
    titles = _sheet_titles(title, total)
    n = 0
    try:
        for form in tracked(forms, total, progress, cancelled, every=5):
            if n % FORMS_PER_SHEET == 0:
                fs.start(next(titles))
            fs.page_break()
            write_one(fs, form)
            n += 1
        fs.close()
    except BaseException:
        discard(wb)
        raise
    save(wb, path)
    return n


def write_skp_forms(path: str | Path, forms: Iterable[SkpForm], total: int,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> int:
    """Every form on one sheet "SKP" (more than FORMS_PER_SHEET: several), each from a new page. Returns the forms
    written."""
    return _write(path, "SKP", SKP_LAYOUTS, forms, total, write_skp_form, progress, cancelled)


def write_evaluation_forms(path: str | Path, forms: Iterable[EvaluationForm], total: int,
                           progress: Callable[[int, int], None] | None = None,
                           cancelled: Callable[[], bool] | None = None) -> int:
    """Every document on one sheet "Evaluasi" (more than FORMS_PER_SHEET: several), each from a new page. Returns the
    documents written."""
    return _write(path, "Evaluasi", EVAL_LAYOUTS, forms, total, write_evaluation_form, progress, cancelled)
