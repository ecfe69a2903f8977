"""TPP (tambahan penghasilan pegawai): one tab of the Penghargaan & Sanksi page. For a month and a unit: the
run's line per employee (every figure explained in a tooltip and in the detail pane), the attendance grid typed
with the keyboard and saved at once with Ctrl+S, locking the month after review, and the office's rules and
ceilings in a dialog. Money is whole rupiah, rounded half up."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from asn_desktop.domain.consequences import LateTier, TppRules
from asn_desktop.domain.predikat import Predikat
from asn_desktop.domain.skp import MONTHS
from asn_desktop.services import employees as emp
from asn_desktop.services import tpp
from asn_desktop.services import units as unitsvc
from asn_desktop.services.common import DomainError, ValidationError

from . import changes, fmt
from .dialogs import FormDialog, _restyle, open_dialog, refusal_text, unit_items
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

TPP = changes.TPP
WHOLE_OFFICE = "Seluruh kantor"
ACTOR = "Operator kepegawaian"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
XLSX_FILTER = "Buku kerja Excel (*.xlsx)"
Index = QModelIndex | QPersistentModelIndex


def money(n: int) -> str:
    return fmt.number(int(n))


def when(iso: str | None) -> str:
    """An ISO timestamp as 12/03/2026 10.15."""
    if not iso:
        return ""
    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return t.strftime("%d/%m/%Y %H.%M")


def whole(text: str) -> int | None:
    """A whole number typed with the digits 0–9 (not "²" or "٣", which Python also calls digits), else None."""
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def parse_minutes(text: str) -> list[int] | None:
    """Late arrivals as typed: minutes separated by commas, semicolons or spaces ("15, 45 95"). None if a part
    is not a whole number."""
    parts = [whole(p) for p in re.split(r"[,;\s]+", text.strip()) if p]
    return None if None in parts else parts  # type: ignore[return-value]


def minutes_text(minutes: tuple[int, ...] | list[int]) -> str:
    return ", ".join(str(m) for m in minutes)


def decimal_text(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def parse_decimal(text: str) -> Decimal | None:
    """A number as typed here: "1,5", "1.5", "4 %"; None for anything else (a word, "NaN", "∞", "²")."""
    text = text.strip().replace("%", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"-?[0-9]{1,12}(\.[0-9]{1,6})?", text):
        return None
    return Decimal(text)


# --------------------------------------------------------------------------------------------- models
class _SortedModel(QAbstractTableModel):
    """Rows in a Python list, sorted here once per header click."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def sort_key(self, row: Any, column: int) -> Any:
        """How a column sorts: each table of the tab says; the base keeps the rows in their order."""
        return 0

    def _sorted(self, rows: list[Any]) -> list[Any]:
        col, order = self._sort
        return sorted(rows, key=lambda r: (self.sort_key(r, col), self.sort_key(r, 0)),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [self._rows[p.row()] for p in persistent]
        self._sort = (column, order)
        self._rows = self._sorted(self._rows)
        where = {id(r): i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(where[id(r)], p.column())
                                                    for r, p in zip(before, persistent)])
        self.layoutChanged.emit()

    def rows(self) -> list[Any]:
        return self._rows


class LineModel(_SortedModel):
    """The run's line per employee; money right-aligned; the tooltip is the line's explanation."""

    HEADERS = ("Nama", "NIP", "Predikat", "Pagu", "Produktivitas", "Disiplin", "Potongan\ndisiplin",
               "Potongan\nhukuman", "Diterima")
    NAME, NIP, PREDIKAT, PAGU, PERFORMANCE, DISCIPLINE, DEDUCTION, CUT, NET = range(9)
    MONEY = {PAGU: "ceiling", PERFORMANCE: "performance", DISCIPLINE: "discipline", DEDUCTION: "discipline_deduction",
             CUT: "sanction_cut", NET: "net"}

    def set_rows(self, rows: list[tpp.LineRow]) -> None:
        self.beginResetModel()
        self._rows = self._sorted(list(rows))
        self.endResetModel()

    def line_at(self, row: int) -> tpp.LineRow:
        return self._rows[row]

    def row_of(self, employee_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.employee_id == employee_id), None)

    def sort_key(self, r: tpp.LineRow, column: int) -> Any:
        if column in self.MONEY:
            return getattr(r, self.MONEY[column])
        return (r.name.lower(), r.nip, list(Predikat).index(r.predikat) if r.predikat else 99)[column]

    def text(self, r: tpp.LineRow, column: int) -> str:
        if column in self.MONEY:
            return money(getattr(r, self.MONEY[column]))
        return (r.name, emp.format_nip(r.nip), r.predikat.label if r.predikat else "—")[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.MONEY:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.PAGU:
                return f"Pagu TPP kelas jabatan {r.position_class}"
            return f"{r.name}\n" + "\n".join(r.explanation)
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.DEDUCTION, self.CUT) and getattr(r, self.MONEY[col]):
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.FontRole and col == self.NET:
            font = self.parent().font() if self.parent() is not None else None
            if font is not None:
                font.setBold(True)
            return font
        return None


@dataclass
class _Entry:
    row: tpp.AttendanceRow
    absent: str
    late: str

    @property
    def edited(self) -> bool:
        return self.absent.strip() != str(self.row.absent_days) or \
            (parse_minutes(self.late) != list(self.row.late_minutes))


class AttendanceModel(_SortedModel):
    """The month's attendance per employee: days absent and late arrivals, typed in the cells."""

    HEADERS = ("Nama", "NIP", "Unit", "Tidak masuk\n(hari)", "Terlambat\n(menit, setiap kejadian)")
    ABSENT, LATE = 3, 4

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.read_only = False

    def set_rows(self, rows: list[tpp.AttendanceRow], keep_edits: bool) -> None:
        """Show the stored attendance; with ``keep_edits`` what was typed and not saved stays."""
        typed = {e.row.employee_id: e for e in self._rows if e.edited} if keep_edits else {}
        entries = []
        for r in rows:
            old = typed.get(r.employee_id)
            entries.append(_Entry(r, old.absent, old.late) if old is not None
                           else _Entry(r, str(r.absent_days), minutes_text(r.late_minutes)))
        self.beginResetModel()
        self._rows = self._sorted(entries)
        self.endResetModel()
        self.changed.emit()

    def edited(self) -> list[_Entry]:
        return [e for e in self._rows if e.edited]

    def revert(self) -> None:
        self.set_rows([e.row for e in self._rows], keep_edits=False)

    def apply(self, values: dict[int, tuple[int, tuple[int, ...]]]) -> int:
        """Put attendance read from a file into the cells, as typed edits (shown in italics, saved with Ctrl+S);
        returns how many rows now differ from what is stored."""
        if self.read_only:
            return 0
        for e in self._rows:
            if e.row.employee_id in values and not e.row.locked:
                days, late = values[e.row.employee_id]
                e.absent, e.late = str(days), minutes_text(late)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.ABSENT), self.index(len(self._rows) - 1, self.LATE))
        self.changed.emit()
        return len(self.edited())

    def employee_at(self, row: int) -> int:
        return self._rows[row].row.employee_id

    def sort_key(self, e: _Entry, column: int) -> Any:
        r = e.row
        if column == self.ABSENT:
            days = whole(e.absent)
            return (0, days) if days is not None else (1, e.absent)
        if column == self.LATE:
            minutes = parse_minutes(e.late)
            return (0, len(minutes), sum(minutes)) if minutes is not None else (1, 0, 0)
        return (r.name.lower(), r.nip, r.unit_name.lower())[column]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (self.ABSENT, self.LATE) and not self.read_only \
                and not self._rows[index.row()].row.locked:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (e.row.name, emp.format_nip(e.row.nip), e.row.unit_name, e.absent, e.late)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.ABSENT:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and col in (self.ABSENT, self.LATE) and e.edited:
            font = self.parent().font() if self.parent() is not None else None
            if font is not None:
                font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and e.row.locked:
            return QColor("#6b7280")
        if role == Qt.ItemDataRole.ToolTipRole:
            if e.row.locked:
                return f"{e.row.name}: TPP bulan ini sudah dikunci dalam perhitungan lain; kehadirannya tidak diubah lagi."
            if col == self.LATE:
                return "Menit terlambat setiap kejadian, dipisah koma atau spasi, mis. 15, 45, 95"
            if col == self.ABSENT:
                return "Hari tidak masuk kerja tanpa alasan yang sah"
            return e.row.name
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        e = self._rows[index.row()]
        if e.row.locked:
            return False
        text = str(value if value is not None else "").strip()
        if index.column() == self.ABSENT:
            e.absent = text or "0"
        elif index.column() == self.LATE:
            minutes = parse_minutes(text)
            e.late = minutes_text(minutes) if minutes is not None else text
        else:
            return False
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


# --------------------------------------------------------------------------------------------- dialog
class TppRulesDialog(FormDialog):
    """Aturan dan pagu TPP: the weights, the predikat -> percentage table, the late tiers, the absence
    deduction and the ceilings per position class. The service checks them all; nothing is stored until they
    are all right."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent, "tpp_rules_dialog.ui", "Aturan dan pagu TPP")
        f = self.form
        self.performance = child(f, QDoubleSpinBox, "performanceSpin")
        self.discipline = child(f, QDoubleSpinBox, "disciplineSpin")
        self.absence = child(f, QDoubleSpinBox, "absenceSpin")
        self.predikat = child(f, QTableWidget, "predikatTable")
        self.late = child(f, QTableWidget, "lateTable")
        self.ceilings = child(f, QTableWidget, "ceilingTable")
        self.add_tier = child(f, QPushButton, "addTierButton")
        self.remove_tier = child(f, QPushButton, "removeTierButton")
        _restyle(child(f, QLabel, "introLabel"), "muted")
        rules, pagu = tpp.office_rules(), tpp.ceilings()
        self.performance.setValue(float(rules.performance_weight))
        self.discipline.setValue(float(rules.discipline_weight))
        self.absence.setValue(float(rules.absence_percent))

        self.predikat.setColumnCount(2)
        self.predikat.setHorizontalHeaderLabels(["Predikat", "Produktivitas dibayar (%)"])
        rows = [(p.label, rules.predikat_percent.get(p, Decimal(0))) for p in Predikat]
        rows.append(("Belum ada predikat", rules.no_predikat_percent))
        self.predikat.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self._cell(self.predikat, i, 0, label, editable=False)
            self._cell(self.predikat, i, 1, decimal_text(value))

        self.late.setColumnCount(3)
        self.late.setHorizontalHeaderLabels(["Dari menit", "Sampai menit", "Potongan (%)"])
        self.late.horizontalHeaderItem(1).setToolTip("Kosong: dan seterusnya (hanya rentang terakhir)")
        self.late.setRowCount(len(rules.late_tiers))
        for i, t in enumerate(rules.late_tiers):
            self._tier(i, t.from_minutes, t.to_minutes, t.percent)

        self.ceilings.setColumnCount(2)
        self.ceilings.setHorizontalHeaderLabels(["Kelas jabatan", "Pagu (Rp)"])
        self.ceilings.setRowCount(len(pagu))
        for i, (cls, amount) in enumerate(pagu.items()):
            self._cell(self.ceilings, i, 0, cls, editable=False)
            self._cell(self.ceilings, i, 1, money(amount))

        for table in (self.predikat, self.late, self.ceilings):
            table.verticalHeader().hide()
            table.verticalHeader().setDefaultSectionSize(24)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for col in range(1, table.columnCount()):
                table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.predikat.setMinimumHeight(24 * 6 + 34)
        self.late.setMinimumHeight(24 * 4 + 34)
        for spin in (self.performance, self.discipline, self.absence):
            spin.setMaximumWidth(160)
        self.add_tier.clicked.connect(self._add_tier)
        self.remove_tier.clicked.connect(self._remove_tier)
        self.resize(900, 640)
        self.performance.setFocus()

    @staticmethod
    def _cell(table: QTableWidget, row: int, col: int, text: str, editable: bool = True) -> None:
        item = QTableWidgetItem(text)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        elif col > 0:
            item.setTextAlignment(RIGHT)
        table.setItem(row, col, item)

    def _tier(self, row: int, start: int, end: int | None, percent: Decimal) -> None:
        for col, text in enumerate((str(start), "" if end is None else str(end), decimal_text(percent))):
            item = QTableWidgetItem(text)
            item.setTextAlignment(RIGHT)
            self.late.setItem(row, col, item)

    def _add_tier(self) -> None:
        n = self.late.rowCount()
        last = self.late.item(n - 1, 1).text().strip() if n else "0"
        start = (whole(last) or 0) + 1
        self.late.insertRow(n)
        self._tier(n, start, None, Decimal(0))
        self.late.setCurrentCell(n, 1)
        self.late.setFocus()

    def _remove_tier(self) -> None:
        row = self.late.currentRow()
        if row >= 0:
            self.late.removeRow(row)

    def collect(self) -> tuple[TppRules | None, dict[str, int], dict[str, str]]:
        """The form as rules and ceilings, plus what the form itself cannot read (a word for a number)."""
        problems: dict[str, str] = {}

        def dec(value: float) -> Decimal:
            return Decimal(str(round(value, 2))).normalize()

        percents: dict[Predikat, Decimal] = {}
        no_predikat = Decimal(0)
        for i in range(self.predikat.rowCount()):
            label, text = self.predikat.item(i, 0).text(), self.predikat.item(i, 1).text()
            value = parse_decimal(text)
            if value is None:
                problems[f"predikat.{i}"] = f"Persentase {label} “{text}” bukan angka."
                continue
            if i < len(Predikat):
                percents[list(Predikat)[i]] = value
            else:
                no_predikat = value
        tiers = []
        for i in range(self.late.rowCount()):
            start, end, pct = (self.late.item(i, c).text().strip() if self.late.item(i, c) else "" for c in range(3))
            value = parse_decimal(pct)
            if whole(start) is None or (end and whole(end) is None) or value is None:
                problems[f"late.row{i}"] = f"Rentang keterlambatan baris {i + 1}: menit harus bilangan bulat dan " \
                                           "potongan berupa angka."
                continue
            tiers.append(LateTier(whole(start), whole(end) if end else None, value))
        pagu: dict[str, int] = {}
        for i in range(self.ceilings.rowCount()):
            cls, text = self.ceilings.item(i, 0).text(), self.ceilings.item(i, 1).text().strip()
            digits = text.replace(".", "").replace(" ", "").removeprefix("Rp")
            amount = whole(digits)
            if amount is None:
                problems[f"ceiling.{cls}"] = f"Pagu {cls} “{text}” bukan jumlah rupiah (tanpa sen)."
                continue
            pagu[cls] = amount
        if problems:
            return None, pagu, problems
        rules = TppRules(dec(self.performance.value()), dec(self.discipline.value()), percents, no_predikat,
                         tuple(tiers), dec(self.absence.value()))
        return rules, pagu, {}

    def accept(self) -> None:
        rules, pagu, problems = self.collect()
        if rules is None:
            self.show_errors(problems)
            return
        if self.save(lambda: tpp.save_settings(rules, pagu)):
            super().accept()


# ------------------------------------------------------------------------------------------------ tab
@dataclass(frozen=True)
class _Loaded:
    year: int
    month: int
    unit_id: int | None
    units: list[unitsvc.UnitRow] | None  # None: not read again
    run: tpp.RunRow | None
    lines: list[tpp.LineRow]
    locked: tpp.RunRow | None  # the locked run holding this whole scope: its month is read-only here
    sheet: list[tpp.AttendanceRow]
    stale: list[str]  # what changed since the draft was computed
    elsewhere: list[tuple[str, str]]  # people of this scope on another run of the month, with that run's scope


def _load(year: int, month: int, unit_id: int | None, with_units: bool) -> _Loaded:
    """Runs in a worker: the month's run for the unit with its lines, and the attendance grid."""
    units = unitsvc.list_units() if with_units else None
    if units is not None and unit_id is not None and unit_id not in {u.id for u in units}:
        unit_id = None
    run = tpp.run_for(year, month, unit_id)
    lines = tpp.run_lines(run.id) if run is not None else []
    return _Loaded(year, month, unit_id, units, run, lines, tpp.covering_lock(year, month, unit_id),
                   tpp.attendance_sheet(year, month, unit_id), tpp.stale_reasons(run.id) if run is not None else [],
                   tpp.elsewhere(year, month, unit_id))


class TppTab(QWidget):
    """TPP of a month for a unit. Embed it in a page; the page sets the year with :meth:`set_year`."""

    loaded = Signal()  # the month's run and attendance are on screen

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = f = load_into(self, "tpp_tab.ui")
        self.month_combo = child(f, QComboBox, "monthCombo")
        self.unit_combo = child(f, QComboBox, "unitCombo")
        self.compute_button = child(f, QPushButton, "computeButton")
        self.rules_button = child(f, QPushButton, "rulesButton")
        self.lock_button = child(f, QPushButton, "lockButton")
        self.status_label = child(f, QLabel, "statusLabel")
        self.tabs = child(f, QTabWidget, "innerTabs")
        self.run_tab = child(f, QWidget, "runTab")
        self.attendance_tab = child(f, QWidget, "attendanceTab")
        self.splitter = child(f, QSplitter, "runSplitter")
        self.run_stack = child(f, QStackedWidget, "runStack")
        self.lines = child(f, QTableView, "lineTable")
        self.run_empty = child(f, QLabel, "runEmptyLabel")
        self.detail = child(f, QPlainTextEdit, "detailText")
        self.rounding_label = child(f, QLabel, "roundingLabel")
        self.attendance_hint = child(f, QLabel, "attendanceHintLabel")
        self.attendance_stack = child(f, QStackedWidget, "attendanceStack")
        self.grid = child(f, QTableView, "attendanceTable")
        self.attendance_empty = child(f, QLabel, "attendanceEmptyLabel")
        self.attendance_message = child(f, QLabel, "attendanceMessageLabel")
        self.revert_button = child(f, QPushButton, "revertButton")
        self.save_button = child(f, QPushButton, "saveButton")
        self.export_button = child(f, QPushButton, "exportButton")
        self.import_button = child(f, QPushButton, "importButton")
        self.template_button = child(f, QPushButton, "templateButton")

        today = dt.date.today()
        self._year = today.year
        self._month = today.month
        self._unit_id: int | None = None
        self._units_stale = True
        self._data: _Loaded | None = None
        self._filling = False
        self._busy = False  # a computation is running

        self._setup_widgets()
        self._connect()
        hub.changed.connect(self._areas_changed)
        self.loader = PageData(self, hub, background,
                               lambda: _load(self._year, self._month, self._unit_id, self._units_stale),
                               self._loaded,
                               lambda err: self.prompts.error(self, "TPP tidak dapat dimuat", str(err)))
        self._update_buttons()

    # ------------------------------------------------------------------------------------ set-up
    def _setup_widgets(self) -> None:
        for i, name in enumerate(MONTHS, 1):
            self.month_combo.addItem(name, i)
        self.month_combo.setCurrentIndex(self._month - 1)
        self.unit_combo.addItem(WHOLE_OFFICE, None)
        for label in (self.rounding_label, self.attendance_hint, self.run_empty, self.attendance_empty):
            _restyle(label, "muted")
        self.status_label.setStyleSheet("font-weight: 600; color: #1f3a5f;")

        self.line_model = LineModel(self.lines)
        self.lines.setModel(self.line_model)
        self.lines.verticalHeader().hide()
        self.lines.verticalHeader().setDefaultSectionSize(26)
        h = self.lines.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # fitted to their contents so that every figure, "Diterima" last, shows at 1280 × 800; the position
        # class is in the Pagu tooltip and the detail pane
        fm = self.lines.fontMetrics()
        money_width = fm.horizontalAdvance("99.999.999") + 18
        nip_width = fm.horizontalAdvance("19850613 200712 1 025") + 18
        widths = {LineModel.NIP: nip_width, LineModel.PREDIKAT: fm.horizontalAdvance("Butuh Perbaikan") + 18,
                  LineModel.PERFORMANCE: max(money_width, fm.horizontalAdvance("Produktivitas") + 28)}
        for col in range(1, len(LineModel.HEADERS)):
            self.lines.setColumnWidth(col, widths.get(col, money_width))
        self.lines.setMinimumHeight(120)
        self.lines.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.detail.setMinimumHeight(90)

        self.attendance_model = AttendanceModel(self.grid)
        self.grid.setModel(self.attendance_model)
        self.grid.verticalHeader().hide()
        self.grid.verticalHeader().setDefaultSectionSize(26)
        gh = self.grid.horizontalHeader()
        gh.setSectionResizeMode(AttendanceModel.LATE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 250), (1, nip_width), (2, 220), (3, fm.horizontalAdvance("Tidak masuk") + 36)):
            self.grid.setColumnWidth(col, width)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.grid.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        chain = [self.month_combo, self.unit_combo, self.compute_button, self.rules_button, self.lock_button,
                 self.tabs, self.lines, self.detail, self.export_button, self.grid, self.import_button,
                 self.template_button, self.revert_button, self.save_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.month_combo.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.unit_combo.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.compute_button.clicked.connect(self.compute)
        self.lock_button.clicked.connect(self.lock)
        self.rules_button.clicked.connect(self.edit_rules)
        self.save_button.clicked.connect(self.save_attendance)
        self.revert_button.clicked.connect(self._revert)
        self.export_button.clicked.connect(self.export_payroll)
        self.import_button.clicked.connect(self.import_attendance)
        self.template_button.clicked.connect(self.export_template)
        self.lines.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.line_model.modelReset.connect(self._show_detail)
        self.attendance_model.changed.connect(self._update_buttons)
        save = QShortcut(QKeySequence.StandardKey.Save, self.attendance_tab)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_attendance)

    # ------------------------------------------------------------------------------- public API
    def set_year(self, year: int) -> bool:
        """Show ``year``'s months. Unsaved attendance is saved first if the operator wants; if it cannot be
        saved the tab stays on its year and this returns False."""
        if year == self._year:
            return True
        if not self._leave_ok():
            return False
        self._year = year
        today = dt.date.today()
        self._month = today.month if year == today.year else (12 if year < today.year else 1)
        self._filling = True
        self.month_combo.setCurrentIndex(self._month - 1)
        self._filling = False
        self.attendance_model.set_rows([], keep_edits=False)
        self.loader.invalidate()
        return True

    @property
    def year(self) -> int:
        return self._year

    @property
    def month(self) -> int:
        return self._month

    def reload(self) -> None:
        if self.hub.ready:
            self.loader.reload()

    def focus_first(self) -> None:
        self.month_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_changes(self) -> bool:
        return bool(self.attendance_model.edited())

    def current_employee_id(self) -> int | None:
        """The person selected: in the attendance grid when it is shown, else in the run's lines."""
        if self.tabs.currentWidget() is self.attendance_tab:
            index = self.grid.currentIndex()
            return self.attendance_model.employee_at(index.row()) if index.isValid() else None
        line = self.selected_line()
        return line.employee_id if line else None

    def selected_line(self) -> tpp.LineRow | None:
        index = self.lines.currentIndex()
        return self.line_model.line_at(index.row()) if index.isValid() else None

    def select_employee(self, employee_id: int) -> bool:
        row = self.line_model.row_of(employee_id)
        if row is None:
            return False
        self.lines.selectionModel().setCurrentIndex(
            self.line_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def select_unit(self, unit_id: int | None) -> bool:
        i = self.unit_combo.findData(unit_id)
        if i >= 0:
            self.unit_combo.setCurrentIndex(i)
        return i >= 0

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.loader.shown()

    # --------------------------------------------------------------------------------- loading
    def _areas_changed(self, areas: frozenset[str]) -> None:
        if changes.UNITS in areas:
            self._units_stale = True

    def _choice_changed(self) -> None:
        if self._filling:
            return
        month, unit = self.month_combo.currentData(), self.unit_combo.currentData()
        if (month, unit) == (self._month, self._unit_id):
            return
        if not self._leave_ok():
            self._filling = True
            self.month_combo.setCurrentIndex(self._month - 1)
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(self._unit_id)))
            self._filling = False
            return
        self._month, self._unit_id = month, unit
        self.attendance_model.set_rows([], keep_edits=False)
        self._data = None
        self.attendance_message.clear()
        self._update_buttons()
        self.reload()

    def _loaded(self, data: _Loaded) -> None:
        if (data.year, data.month) != (self._year, self._month):
            return  # an older load; the newer one follows
        self._filling = True
        if data.units is not None:
            self._units_stale = False
            self.unit_combo.clear()
            self.unit_combo.addItem(WHOLE_OFFICE, None)
            for label, uid in unit_items(data.units):
                self.unit_combo.addItem(label, uid)
        self._unit_id = data.unit_id
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(data.unit_id)))
        self._filling = False
        same = self._data is not None and (self._data.year, self._data.month, self._data.unit_id) == \
            (data.year, data.month, data.unit_id)
        keep = self.selected_line().employee_id if same and self.selected_line() else None
        self._data = data
        self.line_model.set_rows(data.lines)
        if data.lines:
            self.run_stack.setCurrentWidget(self.lines)
            if keep is None or not self.select_employee(keep):
                self.lines.selectRow(0)
        else:
            self.run_stack.setCurrentWidget(self.run_empty)
            self.run_empty.setText(self._empty_run_text(data))
        self.attendance_model.read_only = data.locked is not None
        self.attendance_model.set_rows(data.sheet, keep_edits=same and data.locked is None)
        if data.sheet:
            self.attendance_stack.setCurrentWidget(self.grid)
            if not self.grid.currentIndex().isValid():
                self.grid.setCurrentIndex(self.attendance_model.index(0, AttendanceModel.ABSENT))
        else:
            self.attendance_stack.setCurrentWidget(self.attendance_empty)
            self.attendance_empty.setText(f"{self.unit_combo.currentText()} tidak memiliki pegawai aktif.")
        self._show_status()
        self._show_detail()
        self._update_buttons()
        self.loaded.emit()

    def _period(self) -> str:
        return f"{MONTHS[self._month - 1]} {self._year}"

    def _empty_run_text(self, data: _Loaded) -> str:
        where = self.unit_combo.currentText()
        if data.locked is not None:
            return (f"TPP {self._period()} untuk {where} tidak dihitung sebelum bulan ini dikunci; yang terkunci "
                    f"adalah perhitungan {data.locked.unit_name}.")
        if not data.sheet:
            return f"{where} tidak memiliki pegawai aktif."
        return (f"TPP {self._period()} untuk {where} belum dihitung. Isi kehadiran di tab Kehadiran bila perlu, "
                "lalu tekan Hitung TPP: setiap pegawai mendapat pagu kelas jabatannya, bagian produktivitas dari "
                "predikat terakhir, bagian disiplin setelah potongan kehadiran, dan potongan hukuman disiplin.")

    def _show_status(self) -> None:
        data = self._data
        if data is None:
            self.status_label.clear()
            return
        run, locked = data.run, data.locked
        if run is None:
            text = f"TPP {self._period()} · {self.unit_combo.currentText()}: belum dihitung."
        else:
            text = (f"TPP {self._period()} · {run.unit_name} · {fmt.number(run.employees)} pegawai · "
                    f"total diterima Rp {money(run.total)} · ")
            if run.status == "terkunci":
                text += f"Terkunci sejak {when(run.locked_at)} oleh {run.locked_by}."
            else:
                text += f"Draf, dihitung {when(run.computed_at)}."
        if locked is not None and (run is None or run.id != locked.id):
            text += (f" Bulan ini sudah dikunci sejak {when(locked.locked_at)} oleh {locked.locked_by} "
                     f"({locked.unit_name}).")
        if locked is not None:
            text += " Hanya dapat dilihat: bulan yang terkunci tidak dihitung ulang dan kehadirannya tidak diubah."
        elif run is not None and data.stale:
            text += (f" Sejak dihitung, {' dan '.join(data.stale)} berubah: tekan Hitung TPP lagi sebelum "
                     "memeriksa dan mengunci.")
        if data.elsewhere:
            names = ", ".join(f"{n} ({where})" for n, where in data.elsewhere[:5])
            more = f" dan {fmt.number(len(data.elsewhere) - 5)} lainnya" if len(data.elsewhere) > 5 else ""
            text += (f" {fmt.number(len(data.elsewhere))} pegawai unit ini sudah masuk perhitungan lain bulan ini "
                     f"dan tidak dihitung lagi di sini: {names}{more}.")
        self.status_label.setText(text)

    def _show_detail(self) -> None:
        line = self.selected_line()
        if line is None:
            self.detail.setPlainText("Pilih seorang pegawai di daftar untuk melihat rincian perhitungannya."
                                     if self.line_model.rowCount() else "")
            return
        head = f"{line.name} · {emp.format_nip(line.nip)} · {line.unit_name} · kelas jabatan {line.position_class}"
        self.detail.setPlainText("\n".join((head, *line.explanation)))

    # ------------------------------------------------------------------------------ computing
    def _lock_reason(self) -> str | None:
        data = self._data
        if data is not None and data.locked is not None:
            return (f"{self._period()} sudah dikunci sejak {when(data.locked.locked_at)} oleh "
                    f"{data.locked.locked_by}: TPP dan kehadirannya hanya dapat dilihat.")
        return None

    def compute(self) -> None:
        if self._data is None or self._busy or self._lock_reason() is not None:
            return
        if self.has_unsaved_changes():
            if not self.prompts.confirm(self, "Kehadiran belum disimpan",
                                        "Kehadiran yang diubah belum disimpan. Simpan dulu, lalu hitung TPP?",
                                        yes="Simpan lalu hitung"):
                return
            if not self.save_attendance():
                self.tabs.setCurrentWidget(self.attendance_tab)
                return
        self._start_compute(replace=False)

    def _start_compute(self, replace: bool) -> None:
        year, month, unit = self._year, self._month, self._unit_id
        self._busy = True
        self._update_buttons()
        self.background.run(lambda _p: tpp.compute_run(year, month, unit, ACTOR, replace_drafts=replace),
                            self._computed, self._not_computed, parent=self, label="Menghitung TPP…")

    def _computed(self, run: tpp.RunRow) -> None:
        self._busy = False
        self.tabs.setCurrentWidget(self.run_tab)
        self.hub.announce(TPP)

    def _not_computed(self, err: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        if isinstance(err, tpp.DraftsInTheWay):
            names = "\n".join(f"• {d.unit_name}: {fmt.number(d.employees)} pegawai, Rp {money(d.total)}"
                              for d in err.drafts)
            if self.prompts.confirm(
                    self, "Ganti perhitungan draf",
                    f"TPP {self._period()} sudah dihitung sebagai draf untuk unit yang tumpang tindih dengan "
                    f"{self.unit_combo.currentText()}:\n{names}\n\nSeorang pegawai hanya dihitung sekali sebulan, jadi "
                    "draf itu dihapus dan diganti perhitungan ini. Lanjutkan?", yes="Ganti dan hitung"):
                self._start_compute(replace=True)
            return
        if isinstance(err, DomainError):
            self.prompts.error(self, "TPP tidak dihitung", refusal_text(err))
        else:
            self.prompts.error(self, "TPP tidak dihitung", str(err))

    def lock(self) -> None:
        data = self._data
        if data is None or data.run is None or self._lock_reason() is not None:
            return
        run = data.run
        if self.has_unsaved_changes():
            self.prompts.error(self, "Bulan belum dapat dikunci",
                               "Kehadiran yang diubah belum disimpan. Simpan (Ctrl+S) lalu hitung ulang sebelum "
                               "mengunci, atau batalkan perubahannya.")
            return
        if data.stale:
            self.prompts.error(self, "Bulan belum dapat dikunci",
                               f"Sejak TPP ini dihitung, {' dan '.join(data.stale)} berubah. Tekan Hitung TPP lagi "
                               "dan periksa hasilnya sebelum mengunci.")
            return
        if not self.prompts.confirm(
                self, "Kunci bulan ini",
                f"Kunci TPP {self._period()} ({run.unit_name}): {fmt.number(run.employees)} pegawai, total "
                f"Rp {money(run.total)}?\n\nSetelah dikunci, TPP dan kehadiran {self._period()} pegawai ini tidak "
                "dapat dihitung ulang atau diubah lagi.", yes="Kunci"):
            return
        try:
            tpp.lock_run(run.id, ACTOR, expected_version=run.lock_version)
        except DomainError as err:
            self.prompts.error(self, "Bulan tidak dikunci", refusal_text(err))
            self.reload()
            return
        self.hub.announce(TPP)

    def edit_rules(self) -> None:
        try:
            dialog = TppRulesDialog(self)
        except DomainError as err:
            self.prompts.error(self, "Aturan TPP tidak dapat dibuka", refusal_text(err))
            return
        open_dialog(dialog, self._rules_saved)

    def _rules_saved(self) -> None:
        self.hub.announce(TPP, changes.SETTINGS)  # the reload says the draft needs computing again

    # ------------------------------------------------------------------------------ workbooks
    def _file_name(self, what: str) -> str:
        where = self.unit_combo.currentText().rsplit("›", 1)[-1].strip()  # the unit, not its path
        return f"{what} {self._period()} {where}.xlsx".replace("/", "-")

    def _write_file(self, title: str, suggested: str, write, done_text) -> None:
        path = self.prompts.ask_save_file(self, title, suggested, XLSX_FILTER)
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        self.background.run(lambda _p: write(path), lambda n: self.prompts.info(self, title, done_text(n, path)),
                            lambda err: self.prompts.error(self, title, refusal_text(err)), parent=self,
                            label="Menulis buku kerja…")

    def export_payroll(self) -> None:
        """Ekspor daftar bayar: the run shown, as a workbook (a draft says so in it)."""
        data = self._data
        if data is None or data.run is None:
            return
        run = data.run
        draft = "" if run.status == "terkunci" else " (DRAF)"
        self._write_file("Ekspor daftar TPP", self._file_name("TPP") if not draft else self._file_name("TPP draf"),
                         lambda path: tpp.export_payroll(run.id, path),
                         lambda n, path: f"Daftar TPP {self._period()}{draft}: {fmt.number(n)} pegawai ditulis ke "
                                         f"{path}.")

    def export_template(self) -> None:
        """The month's attendance sheet to fill in elsewhere, what is stored already in it."""
        if self._data is None:
            return
        year, month, unit = self._year, self._month, self._unit_id
        self._write_file("Templat kehadiran", self._file_name("Kehadiran"),
                         lambda path: tpp.export_attendance_template(year, month, unit, path),
                         lambda n, path: f"Daftar hadir {fmt.number(n)} pegawai ditulis ke {path}. Isi, simpan, lalu "
                                         "baca kembali dengan Impor dari Excel.")

    def import_attendance(self) -> None:
        """Read attendance from a workbook into the grid; nothing is stored until Ctrl+S."""
        reason = self._lock_reason()
        if self._data is None or reason is not None:
            if reason:
                self._say(reason, ok=False)
            return
        path = self.prompts.ask_open_file(self, "Impor kehadiran dari Excel", XLSX_FILTER)
        if not path:
            return
        year, month, unit = self._year, self._month, self._unit_id
        self.tabs.setCurrentWidget(self.attendance_tab)
        self.background.run(lambda _p: tpp.read_attendance_file(year, month, unit, path),
                            lambda read: self._attendance_read(read, path, (year, month, unit)),
                            lambda err: self._say("Kehadiran tidak diimpor; tabel tidak berubah:\n" + refusal_text(err),
                                                  ok=False),
                            parent=self, label="Membaca kehadiran…")

    def _attendance_read(self, read: tpp.FileAttendance, path: str, choice: tuple) -> None:
        if choice != (self._year, self._month, self._unit_id):
            return  # the operator chose another month or unit meanwhile
        changed = self.attendance_model.apply(read.values)
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        text = (f"Dari {name} (lembar {read.sheet}): kehadiran {fmt.number(len(read.values))} pegawai dibaca, "
                f"{fmt.number(changed)} baris berbeda dari yang tersimpan dan ditandai miring — periksa, lalu "
                "simpan dengan Ctrl+S.")
        if read.problems:
            text += f"\nTidak diambil ({fmt.number(len(read.problems))}):\n" + "\n".join(read.problems[:15])
            if len(read.problems) > 15:
                text += f"\n… dan {fmt.number(len(read.problems) - 15)} lainnya."
        self._say(text, ok=not read.problems)

    # ----------------------------------------------------------------------------- attendance
    def save_attendance(self) -> bool:
        """Ctrl+S: every changed row at once, or (when anything is wrong) none, with each person named."""
        if self.grid.state() == QAbstractItemView.State.EditingState:  # the cell being typed counts too
            editor = self.grid.focusWidget()
            if editor is not None and editor is not self.grid:
                self.grid.commitData(editor)
                self.grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        reason = self._lock_reason()
        if reason is not None:
            self._say(reason, ok=False)
            return False
        edited = self.attendance_model.edited()
        if not edited:
            self._say("Tidak ada perubahan kehadiran untuk disimpan.", ok=True)
            return True
        problems, rows = [], []
        for e in edited:  # every problem of every row at once, before the service is asked
            absent, minutes = whole(e.absent), parse_minutes(e.late)
            if absent is None:
                problems.append(f"{e.row.name}: hari tidak masuk “{e.absent.strip()}” bukan bilangan bulat.")
            elif absent > 31:
                problems.append(f"{e.row.name}: hari tidak masuk harus 0 sampai 31, bukan {absent}.")
            if minutes is None:
                problems.append(f"{e.row.name}: keterlambatan “{e.late}” harus berupa menit dipisah koma atau spasi, "
                                "mis. 15, 45, 95.")
            elif any(not 1 <= m <= tpp.MAX_LATE for m in minutes):
                bad = next(m for m in minutes if not 1 <= m <= tpp.MAX_LATE)
                problems.append(f"{e.row.name}: setiap keterlambatan harus 1 sampai {tpp.MAX_LATE} menit, bukan {bad}.")
            if absent is not None and minutes is not None:
                rows.append(tpp.AttendanceInput(e.row.employee_id, absent, tuple(minutes)))
        if not problems:
            try:
                tpp.save_attendance(self._year, self._month, rows)
            except ValidationError as err:
                problems = list(err.errors.values())
            except DomainError as err:
                problems = [err.message]
        if problems:
            self._say("Kehadiran tidak disimpan (tidak ada yang disimpan):\n" + "\n".join(problems), ok=False)
            return False
        self._say(f"Kehadiran {fmt.number(len(rows))} pegawai disimpan. Tekan Hitung TPP untuk menghitung ulang.",
                  ok=True)
        # what was typed is now stored: shown as stored until the reload brings the same
        self.attendance_model.set_rows([tpp.AttendanceRow(e.row.employee_id, e.row.name, e.row.nip, e.row.unit_name,
                                                          whole(e.absent) or 0, tuple(sorted(parse_minutes(e.late) or [])))
                                        if e.edited else e.row for e in self.attendance_model.rows()],
                                       keep_edits=False)
        self.hub.announce(TPP)
        return True

    def _revert(self) -> None:
        self.attendance_model.revert()
        self.attendance_message.clear()

    def _say(self, text: str, ok: bool) -> None:
        self.attendance_message.setText(text)
        _restyle(self.attendance_message, "ok" if ok else "error")

    def _leave_ok(self) -> bool:
        if not self.has_unsaved_changes():
            return True
        if self.prompts.confirm(self, "Kehadiran belum disimpan",
                                f"Kehadiran {self._period()} yang diubah belum disimpan. Simpan sekarang?",
                                yes="Simpan", no="Buang perubahan"):
            if not self.save_attendance():
                self.tabs.setCurrentWidget(self.attendance_tab)
                return False
        else:
            self.attendance_model.revert()
        return True

    def _update_buttons(self) -> None:
        data = self._data
        reason = self._lock_reason()
        ready = data is not None and not self._busy
        self.compute_button.setEnabled(ready and reason is None)
        self.compute_button.setToolTip(reason or "Hitung TPP bulan dan unit ini dari pagu, predikat terakhir, "
                                                 "kehadiran, dan hukuman disiplin yang berjalan")
        self.lock_button.setEnabled(ready and reason is None and data.run is not None)
        self.lock_button.setToolTip(reason or ("Hitung TPP dulu, lalu periksa sebelum mengunci"
                                               if data is None or data.run is None else
                                               "Setelah diperiksa: TPP dan kehadiran bulan ini tidak dapat diubah lagi"))
        self.export_button.setEnabled(data is not None and data.run is not None and not self._busy)
        self.import_button.setEnabled(ready and reason is None and bool(data.sheet))
        self.template_button.setEnabled(ready and bool(data.sheet))
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(reason is None and dirty)
        self.revert_button.setEnabled(reason is None and dirty)
        if reason is not None:
            self.attendance_hint.setText(reason)
        else:
            self.attendance_hint.setText(
                "Ketik hari tidak masuk kerja tanpa alasan sah dan menit setiap keterlambatan (dipisah koma atau "
                "spasi, mis. 15, 45, 95); Tab/panah pindah sel, Ctrl+S menyimpan semuanya sekaligus. Hitung TPP "
                "lagi setelah menyimpan.")
        title = "Keha&diran" + (" *" if dirty else "")
        self.tabs.setTabText(self.tabs.indexOf(self.attendance_tab), title)

