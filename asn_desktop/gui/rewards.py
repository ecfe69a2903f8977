"""Penghargaan and Hukuman disiplin: two tabs of the Penghargaan & Sanksi page.

Rewards of the year (with the candidates for pegawai teladan: Sangat Baik two years running) and
disciplinary sanctions (PP 94/2021) that run in the year, with their decrees. A sanction is never deleted:
one annulled is cancelled with a reason and stays listed as *Dibatalkan*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QWidget,
)

from asn_desktop.domain import consequences as rules
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.nip import format_nip
from asn_desktop.services import consequences as cs
from asn_desktop.services import employees as emp
from asn_desktop.services import promotion as pr

from . import changes, fmt
from .dialogs import FormDialog, _pydate, _qdate, _restyle, _set_shown, open_dialog, refusal_text
from .employee_model import Columns, EmployeeFilterProxy, RowTableModel, select_by_id
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

CONSEQUENCES = changes.CONSEQUENCES
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RED = QBrush(QColor("#b3261e"))
_GREY = QBrush(QColor("#8a8f98"))
_AMBER = QBrush(QColor("#9a3412"))
HEADING_STYLE = "font-size: 12pt; font-weight: 600; color: #1f3a5f;"


def rupiah(amount: int | None) -> str:
    return "" if amount is None else f"Rp {fmt.number(amount)}"


def _grouped(nip: str) -> str:
    return format_nip(nip) if len(nip) == 18 else nip


def _default_day(year: int) -> dt.date:
    """Today in the year shown; the last day of a past year (a decree is not in the future)."""
    today = dt.date.today()
    return today if year >= today.year else dt.date(year, 12, 31)


# ------------------------------------------------------------------------------------ employee picker
def employee_label(p: emp.EmployeeRow) -> str:
    return f"{p.name} — {p.nip_display} — {p.unit_name}"


class EmployeePicker:
    """An editable combo of active employees: type part of a name or NIP, choose from the suggestions."""

    def __init__(self, combo: QComboBox, people: Sequence[emp.EmployeeRow]):
        self.combo = combo
        self.ids = {employee_label(p): p.id for p in people}
        self.labels = list(self.ids)
        combo.setModel(QStringListModel(self.labels, combo))
        combo.setCurrentIndex(-1)
        combo.lineEdit().setPlaceholderText("ketik sebagian nama atau NIP")
        completer = QCompleter(combo.model(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        combo.setCompleter(completer)

    def choose(self, employee_id: int) -> bool:
        label = next((label for label, i in self.ids.items() if i == employee_id), None)
        if label is None:
            return False
        self.combo.setCurrentIndex(self.labels.index(label))
        return True

    def chosen(self) -> int | None:
        """The employee named by the text: a suggestion chosen, or a text only one employee's label contains."""
        text = self.combo.currentText().strip()
        if text in self.ids:
            return self.ids[text]
        if not text:
            return None
        needle = text.lower()
        found = [i for label, i in self.ids.items() if needle in label.lower()]
        return found[0] if len(found) == 1 else None

    def problem(self) -> str | None:
        if self.chosen() is not None:
            return None
        if not self.combo.currentText().strip():
            return "Pilih pegawai: ketik sebagian nama atau NIP, lalu pilih dari saran."
        return "Pegawai tidak ditemukan atau lebih dari satu cocok; pilih satu dari saran."


# -------------------------------------------------------------------------------------------- dialogs
class RewardDialog(FormDialog):
    """Tambah penghargaan: who, kind, name, date, decree, issuer, amount (only for a financial incentive)."""

    FIELD_WIDGETS = {"employee": "employeeCombo", "kind": "kindCombo", "title": "titleEdit", "given_on": "givenOnEdit",
                     "amount": "amountSpin"}

    def __init__(self, parent: QWidget | None, people: Sequence[emp.EmployeeRow], year: int,
                 employee_id: int | None = None, kind: str | None = None, title: str = ""):
        super().__init__(parent, "reward_dialog.ui", "Tambah penghargaan")
        f = self.form
        self.employee = child(f, QComboBox, "employeeCombo")
        self.kind = child(f, QComboBox, "kindCombo")
        self.title = child(f, QLineEdit, "titleEdit")
        self.given_on = child(f, QDateEdit, "givenOnEdit")
        self.decree = child(f, QLineEdit, "decreeNumberEdit")
        self.issuer = child(f, QLineEdit, "issuerEdit")
        self.amount = child(f, QSpinBox, "amountSpin")
        self.description = child(f, QPlainTextEdit, "descriptionEdit")
        self.picker = EmployeePicker(self.employee, people)
        for code, label in cs.REWARD_KINDS.items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.given_on.setMaximumDate(QDate.currentDate())
        self.given_on.setDate(_qdate(_default_day(year)))
        self.amount.setSpecialValueText("—")
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()
        self.title.setText(title)
        self.setMinimumWidth(620)
        if employee_id is not None and self.picker.choose(employee_id):
            self.title.setFocus()
            self.title.selectAll()
        else:
            self.employee.setFocus()

    def _kind_changed(self) -> None:
        _set_shown(self.amount, self.kind.currentData() == "insentif")
        if self.kind.currentData() != "insentif":
            self.show_field_error("amount", None)
        self.adjustSize()

    def data(self) -> cs.RewardInput:
        insentif = self.kind.currentData() == "insentif"
        return cs.RewardInput(
            employee_id=self.picker.chosen() or 0, kind=self.kind.currentData(), title=self.title.text(),
            given_on=_pydate(self.given_on.date()), decree_number=self.decree.text(), issuer=self.issuer.text(),
            description=self.description.toPlainText(), amount=(self.amount.value() or None) if insentif else None)

    def accept(self) -> None:
        problem = self.picker.problem()
        if problem is not None:
            self.show_errors({"employee": problem})
            return
        data = self.data()
        if self.save(lambda: cs.record_reward(data), other_field="employee"):
            super().accept()


def fill_sanction_kinds(combo: QComboBox) -> None:
    """The kinds of PP 94/2021 under their level (ringan, sedang, berat); the level lines cannot be chosen."""
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    bold = QFont()
    bold.setBold(True)
    for level, level_label in rules.LEVELS.items():
        combo.addItem(f"Hukuman disiplin {level_label.lower()}", None)
        item = model.item(combo.count() - 1)
        item.setEnabled(False)
        item.setFont(bold)
        for k in rules.SANCTION_KINDS.values():
            if k.level == level:
                combo.addItem("    " + k.label, k.code)


class SanctionDialog(FormDialog):
    """Catat hukuman disiplin: who, kind (by level), decree number and date, start, duration (only the ones the
    kind allows), reason; the end is shown as it will be computed."""

    FIELD_WIDGETS = {"employee": "employeeCombo", "kind": "kindCombo", "decree_number": "decreeNumberEdit",
                     "decree_date": "decreeDateEdit", "start": "startDateEdit", "months": "monthsCombo",
                     "reason": "reasonEdit"}

    def __init__(self, parent: QWidget | None, people: Sequence[emp.EmployeeRow], year: int):
        super().__init__(parent, "sanction_dialog.ui", "Catat hukuman disiplin")
        f = self.form
        self.employee = child(f, QComboBox, "employeeCombo")
        self.kind = child(f, QComboBox, "kindCombo")
        self.decree = child(f, QLineEdit, "decreeNumberEdit")
        self.decree_date = child(f, QDateEdit, "decreeDateEdit")
        self.start = child(f, QDateEdit, "startDateEdit")
        self.months = child(f, QComboBox, "monthsCombo")
        self.end_label = child(f, QLabel, "endLabel")
        self.reason = child(f, QPlainTextEdit, "reasonEdit")
        self.picker = EmployeePicker(self.employee, people)
        fill_sanction_kinds(self.kind)
        self.kind.setPlaceholderText("— pilih jenis hukuman —")
        self.kind.setCurrentIndex(-1)
        day = _qdate(_default_day(year))
        self.decree_date.setMaximumDate(QDate.currentDate())
        self.decree_date.setDate(day)
        self.start.setDate(day)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.months.currentIndexChanged.connect(lambda _i: self._show_end())
        self.start.dateChanged.connect(lambda _d: self._show_end())
        self.decree_date.dateChanged.connect(self._decree_date_changed)
        self._kind_changed()
        self.setMinimumWidth(640)
        self.employee.setFocus()

    def _decree_date_changed(self, d: QDate) -> None:
        if self.start.date() < d:  # a sanction runs from its decree at the earliest
            self.start.setDate(d)

    def _kind_changed(self) -> None:
        code = self.kind.currentData()
        kind = rules.SANCTION_KINDS.get(code) if code else None
        keep = self.months.currentData()
        self.months.clear()
        if kind is None:
            self.months.addItem("pilih jenis hukuman dulu", None)
        elif not kind.months:
            self.months.addItem("tanpa jangka waktu", None)
        else:
            for m in kind.months:
                self.months.addItem(f"{m} bulan", m)
            self.months.setCurrentIndex(max(0, self.months.findData(keep)))
        self.months.setEnabled(kind is not None and len(kind.months) > 1)
        self._show_end()

    def _show_end(self) -> None:
        code = self.kind.currentData()
        if not code:
            self.end_label.setText("")
            return
        try:
            end = rules.sanction_end(code, _pydate(self.start.date()), self.months.currentData())
        except ValidationError as err:
            self.end_label.setText(refusal_text(err))
            return
        if end is None:
            kind = rules.SANCTION_KINDS[code]
            self.end_label.setText("sekali, pada tanggal berlaku" + (
                " · TPP tidak dibayarkan lagi sejak itu" if kind.ends_tpp else ""))
        else:
            cut = rules.SANCTION_KINDS[code].tpp_cut
            self.end_label.setText(fmt.date(end) + (
                f" · TPP dipotong {fmt.number(float(cut * 100))}% tiap bulan selama berlaku" if cut else ""))

    def data(self) -> cs.SanctionInput:
        return cs.SanctionInput(
            employee_id=self.picker.chosen() or 0, kind=self.kind.currentData() or "",
            decree_number=self.decree.text(), decree_date=_pydate(self.decree_date.date()),
            start=_pydate(self.start.date()), months=self.months.currentData(), reason=self.reason.toPlainText())

    def accept(self) -> None:
        problems: dict[str, str] = {}
        problem = self.picker.problem()
        if problem is not None:
            problems["employee"] = problem
        if not self.kind.currentData():
            problems["kind"] = "Pilih jenis hukuman disiplin (PP 94/2021)."
        if problems:
            self.show_errors(problems)
            return
        data = self.data()
        if self.save(lambda: cs.record_sanction(data), other_field="employee"):
            super().accept()


# ------------------------------------------------------------------------------------------- the lists
REWARD_COLUMNS = Columns(
    headers=("Tanggal", "Nama", "NIP", "Jenis", "Penghargaan", "Nomor SK", "Pemberi", "Jumlah"),
    text={0: lambda r: fmt.date(r.given_on), 1: lambda r: r.name, 2: lambda r: _grouped(r.nip),
          3: lambda r: r.kind_label, 4: lambda r: r.title, 5: lambda r: r.decree_number, 6: lambda r: r.issuer,
          7: lambda r: rupiah(r.amount)},
    sort_key={0: lambda r: r.given_on, 1: lambda r: r.name.lower(), 2: lambda r: r.nip,
              3: lambda r: list(cs.REWARD_KINDS).index(r.kind) if r.kind in cs.REWARD_KINDS else 99,
              4: lambda r: r.title.lower(), 5: lambda r: r.decree_number.lower(), 6: lambda r: r.issuer.lower(),
              7: lambda r: r.amount or 0},
    search_text=lambda r: "\n".join((r.name, r.nip, _grouped(r.nip), r.kind_label, r.title, r.decree_number, r.issuer,
                                     r.description)).lower(),
    tie_key=lambda r: r.name.lower(),
    default_sort=(0, Qt.SortOrder.DescendingOrder),
)


class RewardModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(REWARD_COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 7:
            return RIGHT
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole and self._rows[index.row()].description:
            r = self._rows[index.row()]
            return f"{REWARD_COLUMNS.text[index.column()](r)}\n\n{r.description}"
        return super().data(index, role)


@dataclass(frozen=True)
class _Candidate:
    id: int  # the employee's
    name: str
    nip: str
    unit_name: str
    reason: str


CANDIDATE_COLUMNS = Columns(
    headers=("Nama", "NIP", "Unit", "Dasar"),
    text={0: lambda r: r.name, 1: lambda r: _grouped(r.nip), 2: lambda r: r.unit_name, 3: lambda r: r.reason},
    sort_key={0: lambda r: r.name.lower(), 1: lambda r: r.nip, 2: lambda r: r.unit_name.lower(),
              3: lambda r: r.reason},
    search_text=lambda r: f"{r.name}\n{r.nip}".lower(),
    tie_key=lambda r: r.name.lower(),
    default_sort=(0, Qt.SortOrder.AscendingOrder),
)


def sanction_status(r: cs.SanctionRow, today: dt.date) -> str:
    if r.cancelled_on is not None:
        return "Dibatalkan"
    if r.running_on(today):
        return "Berjalan"
    if r.start > today:
        return "Belum berlaku"
    return "Selesai"


def _until(r: cs.SanctionRow) -> str:
    return fmt.date(r.end) if r.end else "—"


def _today() -> dt.date:
    return dt.date.today()


SANCTION_COLUMNS = Columns(
    headers=("Nama", "NIP", "Tingkat", "Jenis", "Nomor SK", "Berlaku mulai", "Sampai", "Status"),
    text={0: lambda r: r.name, 1: lambda r: _grouped(r.nip), 2: lambda r: r.level_label, 3: lambda r: r.kind_label,
          4: lambda r: r.decree_number, 5: lambda r: fmt.date(r.start), 6: _until,
          7: lambda r: sanction_status(r, _today())},
    sort_key={0: lambda r: r.name.lower(), 1: lambda r: r.nip, 2: lambda r: list(rules.LEVELS).index(r.level),
              3: lambda r: list(rules.SANCTION_KINDS).index(r.kind) if r.kind in rules.SANCTION_KINDS else 99,
              4: lambda r: r.decree_number.lower(), 5: lambda r: r.start, 6: lambda r: r.end or r.start,
              7: lambda r: ("Berjalan", "Belum berlaku", "Selesai", "Dibatalkan").index(sanction_status(r, _today()))},
    search_text=lambda r: "\n".join((r.name, r.nip, _grouped(r.nip), r.level_label, r.kind_label,
                                     r.decree_number)).lower(),
    tie_key=lambda r: r.name.lower(),
    default_sort=(5, Qt.SortOrder.DescendingOrder),
)


class SanctionModel(RowTableModel):
    """Running sanctions in bold red; cancelled ones grey."""

    def __init__(self, parent=None):
        super().__init__(SANCTION_COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        status = sanction_status(r, _today())
        if role == Qt.ItemDataRole.ForegroundRole:
            if status == "Berjalan":
                return _RED
            if status == "Dibatalkan":
                return _GREY
        if role == Qt.ItemDataRole.FontRole and status == "Berjalan" and index.column() in (0, 7):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return sanction_detail(r)
        return super().data(index, role)


def sanction_detail(r: cs.SanctionRow) -> str:
    parts = [f"{r.kind_label} ({r.level_label.lower()}), SK {r.decree_number} tanggal {fmt.date(r.decree_date)}",
             f"berlaku {fmt.date(r.start)}" + (f" s.d. {fmt.date(r.end)} ({r.months} bulan)" if r.end else " (sekali)")]
    text = "; ".join(parts) + "."
    if r.reason:
        text += f"\nAlasan: {r.reason}"
    if r.cancelled_on is not None:
        text += f"\nDibatalkan {fmt.date(r.cancelled_on)}: {r.cancel_reason}"
    return text


def _setup_table(view: QTableView, model: RowTableModel, proxy: EmployeeFilterProxy, widths: dict[int, int],
                 stretch: int) -> None:
    proxy.configure(include_inactive=True)  # people made inactive since keep their records
    proxy.setSourceModel(model)
    view.setModel(proxy)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    for col, width in widths.items():
        view.setColumnWidth(col, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    column, order = model.columns.default_sort
    view.sortByColumn(column, order)


def _selected_row(view: QTableView, proxy: EmployeeFilterProxy, model: RowTableModel):
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    return model.row_at(proxy.mapToSource(rows[0]).row())


# ------------------------------------------------------------------------------------------------ tabs
@dataclass(frozen=True)
class _RewardsLoaded:
    year: int
    rewards: list[cs.RewardRow]
    candidates: list[pr.RewardCandidate]
    people: list[emp.EmployeeRow] | None


class _Tab(QWidget):
    """What both tabs share: the year, the people to choose from, loading in the background."""

    loaded = Signal()  # the year's data is on screen
    AREAS: frozenset[str] = frozenset()
    LAYOUT = ""

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = load_into(self, self.LAYOUT)
        self.heading = child(self.form, QLabel, "headingLabel")
        self.heading.setStyleSheet(HEADING_STYLE)
        self._year = dt.date.today().year
        self._people: list[emp.EmployeeRow] = []
        self._people_stale = True
        self._select_after_load: int | None = None
        hub.changed.connect(self._areas_changed)  # before the loader, so the flag is set when it reloads
        self.loader = PageData(self, hub, background, self._load_fn(), self._on_loaded,
                               lambda err: self.prompts.error(self, "Data tidak dapat dimuat", str(err)),
                               areas=self.AREAS)

    def _load_fn(self) -> Callable[[], object]:
        """What the tab loads in the background (each tab says)."""
        return lambda: None

    def _on_loaded(self, data) -> None:
        """Show what was loaded (each tab says)."""

    def _areas_changed(self, areas: frozenset[str]) -> None:
        if areas & {changes.EMPLOYEES, changes.UNITS}:
            self._people_stale = True

    def _take_people(self, people: list[emp.EmployeeRow] | None) -> None:
        if people is not None:
            self._people = people
            self._people_stale = False

    # -- the API the page uses
    def set_year(self, year: int) -> None:
        if year == self._year:
            return
        self._year = year
        self._show_heading()
        self.loader.invalidate()

    @property
    def year(self) -> int:
        return self._year

    def has_unsaved_changes(self) -> bool:
        return False  # every dialog saves at once

    def reload(self) -> None:
        if self.hub.ready:
            self.loader.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.loader.shown()

    def _show_heading(self) -> None:
        """The tab's heading for the year (each tab says)."""

    def _saved(self, dialog: FormDialog) -> None:
        saved = dialog.saved
        self._select_after_load = getattr(saved, "id", None)
        self.hub.announce(CONSEQUENCES)

    def _new_shortcut(self, slot: Callable[[], None]) -> None:
        add = QShortcut(QKeySequence.StandardKey.New, self)  # Ctrl+N, as on the other lists
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.activated.connect(slot)


class RewardsTab(_Tab):
    """Penghargaan of a year, filtered by words and kind; candidates for pegawai teladan below."""

    AREAS = frozenset({CONSEQUENCES, changes.EMPLOYEES, changes.UNITS, changes.APPRAISAL})
    LAYOUT = "rewards_tab.ui"

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(hub, background, prompts, parent)
        f = self.form
        self.search = child(f, QLineEdit, "searchEdit")
        self.kind_filter = child(f, QComboBox, "kindFilterCombo")
        self.add_button = child(f, QPushButton, "addButton")
        self.list_stack = child(f, QStackedWidget, "listStack")
        self.table = child(f, QTableView, "rewardTable")
        self.empty_label = child(f, QLabel, "emptyLabel")
        self.detail = child(f, QLabel, "detailLabel")
        self.candidates_hint = child(f, QLabel, "candidatesHintLabel")
        self.candidate_stack = child(f, QStackedWidget, "candidateStack")
        self.candidate_table = child(f, QTableView, "candidateTable")
        self.candidates_empty = child(f, QLabel, "candidatesEmptyLabel")
        self.propose_button = child(f, QPushButton, "proposeButton")
        for label in (self.empty_label, self.detail, self.candidates_hint, self.candidates_empty):
            _restyle(label, "muted")
        self.kind_filter.addItem("Semua jenis", None)
        for code, label in cs.REWARD_KINDS.items():
            self.kind_filter.addItem(label, code)

        self.model = RewardModel(self)
        self.proxy = EmployeeFilterProxy(self)
        _setup_table(self.table, self.model, self.proxy, {0: 90, 1: 220, 2: 185, 3: 170, 5: 150, 6: 170, 7: 120}, 4)
        self.candidate_model = RowTableModel(CANDIDATE_COLUMNS, self)
        self.candidate_proxy = EmployeeFilterProxy(self)
        _setup_table(self.candidate_table, self.candidate_model, self.candidate_proxy, {0: 260, 1: 170, 3: 220}, 2)

        self.search.textChanged.connect(lambda _t: self._filter())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._filter())
        self.add_button.clicked.connect(lambda: self.add_reward())
        self.propose_button.clicked.connect(self.propose_selected)
        self.candidate_table.doubleClicked.connect(lambda _i: self.propose_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.candidate_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._new_shortcut(lambda: self.add_reward())
        self._show_heading()
        self._update_buttons()

    # -- API
    def focus_first(self) -> None:
        target = self.table if self.model.rowCount() else self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_employee_id(self) -> int | None:
        if self.candidate_table.hasFocus():
            c = self.selected_candidate()
            if c is not None:
                return c.id
        r = self.selected_reward()
        if r is not None:
            return r.employee_id
        c = self.selected_candidate()
        return c.id if c is not None else None

    def selected_reward(self) -> cs.RewardRow | None:
        return _selected_row(self.table, self.proxy, self.model)

    def selected_candidate(self) -> _Candidate | None:
        return _selected_row(self.candidate_table, self.candidate_proxy, self.candidate_model)

    # -- loading
    def _load_fn(self) -> Callable[[], object]:
        def load() -> _RewardsLoaded:
            year = self._year
            people = emp.list_employees(include_inactive=False) if self._people_stale else None
            return _RewardsLoaded(year, cs.rewards(year), pr.reward_candidates(year), people)
        return load

    def _show_heading(self) -> None:
        self.heading.setText(f"Penghargaan tahun {self._year}")
        self.candidates_hint.setText(
            f"Pegawai aktif berpredikat Sangat Baik pada {self._year - 1} dan {self._year} yang belum menerima "
            "penghargaan pegawai teladan.")

    def _on_loaded(self, data: _RewardsLoaded) -> None:
        if data.year != self._year:
            return
        self._take_people(data.people)
        keep = self.selected_reward()
        select = self._select_after_load or (keep.id if keep else None)
        self._select_after_load = None
        self.model.set_rows(data.rewards)
        self.candidate_model.set_rows([_Candidate(c.employee_id, c.name, c.nip, c.unit_name, c.reason)
                                       for c in data.candidates])
        self._filter()
        if select is not None:
            select_by_id(self.table, self.proxy, select)
        if data.rewards:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(f"Belum ada penghargaan tercatat tahun {self._year}. Tekan Tambah penghargaan… "
                                     "untuk mencatat pegawai teladan, penghargaan inovasi, Satyalancana Karya Satya "
                                     "atau insentif.")
            self.list_stack.setCurrentWidget(self.empty_label)
        if data.candidates:
            self.candidate_stack.setCurrentWidget(self.candidate_table)
        else:
            self.candidates_empty.setText(f"Tidak ada calon: belum ada pegawai berpredikat Sangat Baik dua tahun "
                                          f"berturut-turut ({self._year - 1} dan {self._year}) yang belum "
                                          "menerima penghargaan pegawai teladan.")
            self.candidate_stack.setCurrentWidget(self.candidates_empty)
        self._show_detail()
        self.loaded.emit()

    # -- filtering and detail
    def _filter(self) -> None:
        kind = self.kind_filter.currentData()
        self.proxy.configure(text=self.search.text(), predicate=(lambda r: r.kind == kind) if kind else None)
        self.proxy.refilter()
        self._show_detail()

    def _show_detail(self) -> None:
        r = self.selected_reward()
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        total_amount = sum(row.amount or 0 for row in self.model.rows())
        summary = f"{fmt.number(shown)} dari {fmt.number(total)} penghargaan ditampilkan"
        if total_amount:
            summary += f"; insentif tahun ini seluruhnya {rupiah(total_amount)}"
        summary += "."
        if r is not None:
            text = f"{r.name}: {r.kind_label} — {r.title}, {fmt.date(r.given_on)}"
            if r.decree_number:
                text += f", SK {r.decree_number}"
            if r.issuer:
                text += f", dari {r.issuer}"
            if r.amount:
                text += f", {rupiah(r.amount)}"
            text += "." + (f" {r.description}" if r.description else "")
            summary = text + "\n" + summary
        self.detail.setText(summary)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.propose_button.setEnabled(self.selected_candidate() is not None)

    # -- actions
    def add_reward(self, employee_id: int | None = None, kind: str | None = None, title: str = "") -> RewardDialog:
        dialog = RewardDialog(self, self._people, self._year, employee_id, kind, title)
        open_dialog(dialog, lambda: self._saved(dialog))
        return dialog

    def propose_selected(self) -> RewardDialog | None:
        c = self.selected_candidate()
        if c is None:
            return None
        return self.add_reward(c.id, "pegawai_teladan", f"Pegawai Teladan Tahun {self._year}")


@dataclass(frozen=True)
class _SanctionsLoaded:
    year: int
    sanctions: list[cs.SanctionRow]
    people: list[emp.EmployeeRow] | None


class SanctionsTab(_Tab):
    """Hukuman disiplin that run in the year; running ones in red; cancelled ones kept, grey."""

    AREAS = frozenset({CONSEQUENCES, changes.EMPLOYEES, changes.UNITS})
    LAYOUT = "sanctions_tab.ui"

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(hub, background, prompts, parent)
        f = self.form
        self.search = child(f, QLineEdit, "searchEdit")
        self.running_only = child(f, QCheckBox, "runningCheck")
        self.add_button = child(f, QPushButton, "addButton")
        self.cancel_button = child(f, QPushButton, "cancelButton")
        self.list_stack = child(f, QStackedWidget, "listStack")
        self.table = child(f, QTableView, "sanctionTable")
        self.empty_label = child(f, QLabel, "emptyLabel")
        self.detail = child(f, QLabel, "detailLabel")
        _restyle(self.empty_label, "muted")
        self.model = SanctionModel(self)
        self.proxy = EmployeeFilterProxy(self)
        _setup_table(self.table, self.model, self.proxy, {0: 220, 1: 185, 2: 70, 4: 170, 5: 122, 6: 100, 7: 110}, 3)
        self.search.textChanged.connect(lambda _t: self._filter())
        self.running_only.toggled.connect(lambda _c: self._filter())
        self.add_button.clicked.connect(lambda: self.add_sanction())
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self._new_shortcut(lambda: self.add_sanction())
        self._show_heading()
        self._show_detail()

    # -- API
    def focus_first(self) -> None:
        target = self.table if self.model.rowCount() else self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_employee_id(self) -> int | None:
        r = self.selected_sanction()
        return r.employee_id if r is not None else None

    def selected_sanction(self) -> cs.SanctionRow | None:
        return _selected_row(self.table, self.proxy, self.model)

    def select_sanction(self, sanction_id: int) -> bool:
        return select_by_id(self.table, self.proxy, sanction_id)

    # -- loading
    def _load_fn(self) -> Callable[[], object]:
        def load() -> _SanctionsLoaded:
            year = self._year
            people = emp.list_employees(include_inactive=False) if self._people_stale else None
            return _SanctionsLoaded(year, cs.sanctions(year=year), people)
        return load

    def _show_heading(self) -> None:
        self.heading.setText(f"Hukuman disiplin yang berlaku tahun {self._year}")

    def _on_loaded(self, data: _SanctionsLoaded) -> None:
        if data.year != self._year:
            return
        self._take_people(data.people)
        keep = self.selected_sanction()
        select = self._select_after_load or (keep.id if keep else None)
        self._select_after_load = None
        self.model.set_rows(data.sanctions)
        self._filter()
        if select is not None:
            self.select_sanction(select)
        if data.sanctions:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(f"Tidak ada hukuman disiplin yang berlaku tahun {self._year}. Tekan Catat "
                                     "hukuman disiplin… untuk mencatatnya dari surat keputusan (PP 94/2021).")
            self.list_stack.setCurrentWidget(self.empty_label)
        self._show_detail()
        self.loaded.emit()

    def _filter(self) -> None:
        today = _today()
        self.proxy.configure(text=self.search.text(),
                             predicate=(lambda r: r.running_on(today)) if self.running_only.isChecked() else None)
        self.proxy.refilter()
        self._show_detail()

    def _show_detail(self) -> None:
        r = self.selected_sanction()
        today = _today()
        running = sum(1 for row in self.model.rows() if row.running_on(today))
        summary = (f"{fmt.number(self.proxy.rowCount())} dari {fmt.number(self.model.rowCount())} hukuman ditampilkan; "
                   f"{fmt.number(running)} berjalan hari ini. Hukuman tidak dihapus: yang dibatalkan tetap tercatat.")
        if r is not None:
            summary = f"{r.name} — {sanction_detail(r)}\n{summary}"
        self.detail.setText(summary)
        _restyle(self.detail, "muted")
        self.cancel_button.setEnabled(r is not None and r.cancelled_on is None)

    # -- actions
    def add_sanction(self) -> SanctionDialog:
        dialog = SanctionDialog(self, self._people, self._year)
        open_dialog(dialog, lambda: self._saved(dialog))
        return dialog

    def cancel_selected(self) -> None:
        r = self.selected_sanction()
        if r is None or r.cancelled_on is not None:
            return
        reason = self.prompts.ask_text(
            self, "Batalkan hukuman disiplin",
            f"Dasar pembatalan {r.kind_label.lower()} bagi {r.name} (SK {r.decree_number}), mis. putusan banding "
            "administratif. Hukuman tetap tercatat sebagai dibatalkan:")
        if reason is None:
            return
        try:
            cs.cancel_sanction(r.id, reason)
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Hukuman tidak dibatalkan", refusal_text(err))
            return
        self._select_after_load = r.id
        self.hub.announce(CONSEQUENCES)


__all__ = ["CONSEQUENCES", "RewardDialog", "RewardsTab", "SanctionDialog", "SanctionsTab"]
