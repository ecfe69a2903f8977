"""Tab Promosi (inside the Penghargaan & Sanksi page): vacancies (formasi lowong) with the ranked list of
eligible candidates and each one's reasons, and the 9-box (kinerja × potensi) of a unit with potensi entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asn_desktop.domain import golongan as gol
from asn_desktop.domain.development import fmt_jp
from asn_desktop.domain.nip import format_nip
from asn_desktop.domain.predikat import Predikat
from asn_desktop.services import development as dev
from asn_desktop.services import employees as empsvc
from asn_desktop.services import promotion as pr
from asn_desktop.services import units as unitsvc
from asn_desktop.services.common import DomainError, ValidationError

from . import changes, fmt
from .dialogs import FormDialog, _restyle, open_dialog, refusal_text, unit_items
from .employee_model import Columns, RowTableModel, sorted_rows
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

PROMOTION = changes.PROMOTION
CONSEQUENCES = changes.CONSEQUENCES

VACANCY_STATUSES = {"terbuka": "Terbuka", "terisi": "Terisi", "ditutup": "Ditutup"}
_STATUS_ORDER = {"terbuka": 0, "terisi": 1, "ditutup": 2}
POTENSI = {1: "1 — rendah", 2: "2 — menengah", 3: "3 — tinggi"}
KINERJA = {1: "di bawah ekspektasi", 2: "Baik", 3: "Sangat Baik"}
_GREY = QBrush(QColor("#8a8f98"))
_RED = QBrush(QColor("#b3261e"))
_GREEN = QBrush(QColor("#1b6e3a"))


# ------------------------------------------------------------------------------------------ vacancies
VACANCY_COLUMNS = Columns(
    headers=("Jabatan lowong", "Unit", "Jenjang", "Golongan", "Status", "Catatan"),
    text={
        0: lambda r: r.title, 1: lambda r: r.unit_name, 2: lambda r: r.jenjang or "—",
        3: lambda r: f"{r.golongan_min}–{r.golongan_max}", 4: lambda r: VACANCY_STATUSES.get(r.status, r.status),
        5: lambda r: r.note,
    },
    sort_key={
        0: lambda r: r.title.lower(), 1: lambda r: r.unit_name.lower(), 2: lambda r: r.jenjang.lower(),
        3: lambda r: (gol.rank_of("PNS", r.golongan_min), gol.rank_of("PNS", r.golongan_max)),
        4: lambda r: _STATUS_ORDER.get(r.status, 9), 5: lambda r: r.note.lower(),
    },
    search_text=lambda r: f"{r.title}\n{r.unit_name}".lower(),
    tie_key=lambda r: (r.title.lower(), r.id),
    default_sort=(4, Qt.SortOrder.AscendingOrder),  # open vacancies first
)


class VacancyModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(VACANCY_COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole and self._rows[index.row()].status != "terbuka":
            return _GREY
        return super().data(index, role)


# ----------------------------------------------------------------------------------------- candidates
@dataclass(frozen=True)
class CandidateLine:
    """One candidate as listed: ``order`` is the place the rule gives (eligible first, by rank)."""

    id: int  # the employee
    order: int
    c: pr.Candidate


def _predikat_text(p: Predikat | None, missing: str = "—") -> str:
    return p.label if p else missing


def _predikat_pair(c: pr.Candidate) -> str:
    return " / ".join(_predikat_text(p) for p in c.predikat)


CANDIDATE_COLUMNS = Columns(
    headers=("Peringkat", "Nama", "NIP", "Gol.", "Jabatan", "Unit", "Predikat", "JP", "Memenuhi syarat"),
    text={
        0: lambda r: str(r.c.rank) if r.c.eligible else "—", 1: lambda r: r.c.name, 2: lambda r: format_nip(r.c.nip),
        3: lambda r: r.c.golongan, 4: lambda r: r.c.position_title, 5: lambda r: r.c.unit_name,
        6: lambda r: _predikat_pair(r.c), 7: lambda r: fmt_jp(Decimal(r.c.jp_last_year)),
        8: lambda r: "Ya" if r.c.eligible else "Tidak",
    },
    sort_key={
        0: lambda r: r.order, 1: lambda r: r.c.name.lower(), 2: lambda r: r.c.nip,
        3: lambda r: gol.rank_of("PNS", r.c.golongan), 4: lambda r: r.c.position_title.lower(),
        5: lambda r: r.c.unit_name.lower(), 6: lambda r: r.c.score[:1] if r.c.score else (0,),
        7: lambda r: r.c.jp_last_year, 8: lambda r: not r.c.eligible,
    },
    search_text=lambda r: f"{r.c.name}\n{r.c.nip}".lower(),
    tie_key=lambda r: r.order,
    default_sort=(0, Qt.SortOrder.AscendingOrder),
)


def reasons_text(c: pr.Candidate) -> str:
    if c.eligible:
        return f"Memenuhi syarat — peringkat {c.rank}.\n" + "\n".join(c.reasons)
    return "Belum memenuhi syarat:\n" + "\n".join(f"• {r}" for r in c.reasons)


class CandidateModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(CANDIDATE_COLUMNS, parent)
        self.years = (0, 0)

    def set_years(self, before: int, last: int) -> None:
        self.years = (before, last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 6, 7)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt API)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and self.years[0]:
            if section == 6:
                return f"Predikat {self.years[0]} / {self.years[1]}"
            if section == 7:
                return f"JP {self.years[1]}"
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return {0: "Urutan di antara yang memenuhi syarat", 6: "Predikat kinerja tahunan dua tahun terakhir",
                    7: "Jam pelajaran pengembangan kompetensi tahun lalu"}.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r: CandidateLine = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.c.name}\n{reasons_text(r.c)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == 8:
                return _GREEN if r.c.eligible else _RED
            if not r.c.eligible:
                return _GREY
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


# ---------------------------------------------------------------------------------------------- dialog
class VacancyDialog(FormDialog):
    """Tambah/ubah formasi lowong."""

    FIELD_WIDGETS = {"title": "titleEdit", "unit": "unitCombo", "golongan": "golonganMinCombo",
                     "status": "statusCombo"}

    def __init__(self, parent: QWidget | None, units: list[unitsvc.UnitRow], row: pr.VacancyRow | None = None):
        super().__init__(parent, "vacancy_dialog.ui", "Ubah formasi" if row else "Tambah formasi")
        f = self.form
        self.row = row
        self.title = child(f, QLineEdit, "titleEdit")
        self.unit = child(f, QComboBox, "unitCombo")
        self.jenjang = child(f, QComboBox, "jenjangCombo")
        self.golongan_min = child(f, QComboBox, "golonganMinCombo")
        self.golongan_max = child(f, QComboBox, "golonganMaxCombo")
        self.status = child(f, QComboBox, "statusCombo")
        self.note = child(f, QLineEdit, "noteEdit")
        for label, uid in unit_items([u for u in units if u.active or (row and u.id == row.unit_id)]):
            self.unit.addItem(label, uid)
        self.unit.setCurrentIndex(-1)
        self.unit.lineEdit().setPlaceholderText("ketik sebagian nama unit")
        self.unit.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.jenjang.addItem("(tidak ditentukan)", "")
        seen: list[str] = []
        for options in empsvc.JENJANG.values():
            for j in options:
                if j not in seen:
                    seen.append(j)
                    self.jenjang.addItem(j, j)
        for g in gol.PNS_GOLONGAN:
            self.golongan_min.addItem(g.label, g.code)
            self.golongan_max.addItem(g.label, g.code)
        for code, label in VACANCY_STATUSES.items():
            self.status.addItem(label, code)
        if row is not None:
            self.title.setText(row.title)
            self.unit.setCurrentIndex(self.unit.findData(row.unit_id))
            if self.jenjang.findData(row.jenjang) < 0:
                self.jenjang.addItem(row.jenjang, row.jenjang)
            self.jenjang.setCurrentIndex(self.jenjang.findData(row.jenjang))
            self.golongan_min.setCurrentIndex(max(0, self.golongan_min.findData(row.golongan_min)))
            self.golongan_max.setCurrentIndex(max(0, self.golongan_max.findData(row.golongan_max)))
            self.status.setCurrentIndex(max(0, self.status.findData(row.status)))
            self.note.setText(row.note)
        else:
            self.golongan_min.setCurrentIndex(self.golongan_min.findData("III/a"))
            self.golongan_max.setCurrentIndex(self.golongan_max.findData("III/d"))
            self.status.setEnabled(False)  # a new vacancy is open; it is filled or closed later
        self.golongan_min.currentIndexChanged.connect(self._min_changed)
        self.setMinimumWidth(600)
        self.title.setFocus()

    def _min_changed(self, i: int) -> None:
        if self.golongan_max.currentIndex() < i:  # the range never runs backwards while choosing
            self.golongan_max.setCurrentIndex(i)

    def unit_id(self) -> int:
        """The unit chosen or typed: the exact label, else the only unit whose label contains the text."""
        text = self.unit.currentText().strip().lower()
        if not text:
            return 0
        labels = [(self.unit.itemText(i).lower(), self.unit.itemData(i)) for i in range(self.unit.count())]
        exact = [uid for label, uid in labels if label == text]
        if exact:
            return exact[0]
        partial = [uid for label, uid in labels if text in label]
        return partial[0] if len(partial) == 1 else 0

    def data(self) -> pr.VacancyInput:
        return pr.VacancyInput(self.title.text(), self.unit_id(), self.golongan_min.currentData(),
                               self.golongan_max.currentData(), self.jenjang.currentData() or "", self.note.text())

    def accept(self) -> None:
        row = self.row
        if self.save(lambda: pr.save_vacancy(self.data(), row.id if row else None, self.status.currentData())):
            super().accept()


# ------------------------------------------------------------------------------------------- loading
@dataclass(frozen=True)
class _VacancyData:
    vacancies: list[pr.VacancyRow]
    units: list[unitsvc.UnitRow]
    vacancy_id: int | None  # whose candidates are listed
    within_unit: bool
    lines: list[CandidateLine]  # in the list's sort order, with ...
    texts: list[str]  # ... their search texts
    sort: tuple[int, Qt.SortOrder]
    on: dt.date
    jp_target: int


def _load_vacancies(vacancy_id: int | None, within_unit: bool, sort: tuple[int, Qt.SortOrder]) -> _VacancyData:
    """Runs in a worker: the vacancies, and the candidates of the chosen one (the first open one if none)."""
    rows = pr.vacancies()
    ids = {v.id for v in rows}
    if vacancy_id not in ids:
        ordered = sorted(rows, key=lambda v: (_STATUS_ORDER.get(v.status, 9), v.title.lower(), v.id))
        vacancy_id = ordered[0].id if ordered else None
    on = pr.today()
    lines: list[CandidateLine] = []
    if vacancy_id is not None:
        try:
            found = pr.candidates(vacancy_id, on=on, within_unit=within_unit)
        except DomainError:  # removed meanwhile: the next load lists the others
            found, vacancy_id = [], None
        lines = [CandidateLine(c.employee_id, i, c) for i, c in enumerate(found)]
    ordered_lines, texts = sorted_rows(lines, None, sort, CANDIDATE_COLUMNS)
    return _VacancyData(rows, unitsvc.list_units(), vacancy_id, within_unit, ordered_lines, texts, sort, on,
                        dev.jp_target())


@dataclass(frozen=True)
class _BoxData:
    unit_id: int | None
    year: int
    units: list[unitsvc.UnitRow]
    rows: list[pr.NineBoxRow]


def _load_box(unit_id: int | None, year: int) -> _BoxData:
    units = unitsvc.list_units()
    if unit_id not in {u.id for u in units}:
        unit_id = units[0].id if units else None
    return _BoxData(unit_id, year, units, pr.nine_box(unit_id, year) if unit_id is not None else [])


def rule_text(on: dt.date, jp_target: int) -> str:
    """The rule of services.promotion in plain Indonesian, with the years it looks at."""
    last, before = on.year - 1, on.year - 2
    return (f"Aturan (dinilai per {fmt.date(on)}): yang didaftar adalah PNS aktif dengan golongan dalam rentang "
            f"formasi; PPPK tidak diangkat melalui promosi. Memenuhi syarat bila predikat kinerja tahunan {before} "
            f"dan {last} keduanya paling rendah Baik (setelah keberatan), JP tahun {last} paling sedikit "
            f"{jp_target} JP, dan tidak sedang menjalani hukuman disiplin. Urutan: predikat dua tahun (Sangat Baik "
            "bernilai lebih dari Baik), lalu JP, lalu golongan.")


def box_colour(kinerja: int, potensi: int) -> str:
    total = kinerja + potensi
    return "#e3f1e6" if total >= 5 else "#fbf3dc" if total == 4 else "#f8e4e2"


# ------------------------------------------------------------------------------------------------ tab
class PromotionTab(QWidget):
    """Formasi lowong with their ranked candidates, and the 9-box of a unit. The page sets the year
    (of the 9-box and of the potensi entered) with :meth:`set_year`."""

    loaded = Signal()  # the vacancies and candidates, or the 9-box, are on screen

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = f = load_into(self, "promotion_tab.ui")
        self.tabs = child(f, QTabWidget, "promotionTabs")
        self.candidates_tab = child(f, QWidget, "candidatesTab")
        self.box_tab = child(f, QWidget, "nineBoxTab")
        # vacancies and candidates
        self.add_button = child(f, QPushButton, "addVacancyButton")
        self.edit_button = child(f, QPushButton, "editVacancyButton")
        self.vacancy_stack = child(f, QStackedWidget, "vacancyStack")
        self.vacancies = child(f, QTableView, "vacancyTable")
        self.vacancy_empty = child(f, QLabel, "vacancyEmptyLabel")
        self.candidate_pane = child(f, QWidget, "candidatePane")
        self.candidate_heading = child(f, QLabel, "candidateHeadingLabel")
        self.within_unit = child(f, QCheckBox, "withinUnitCheck")
        self.past_button = child(f, QPushButton, "pastPredikatButton")
        self.rule = child(f, QLabel, "ruleLabel")
        self.candidate_stack = child(f, QStackedWidget, "candidateStack")
        self.candidates = child(f, QTableView, "candidateTable")
        self.candidate_empty = child(f, QLabel, "candidateEmptyLabel")
        self.reasons = child(f, QLabel, "reasonLabel")
        # 9-box
        self.box_unit = child(f, QComboBox, "boxUnitCombo")
        self.box_summary = child(f, QLabel, "boxSummaryLabel")
        self.box_rule = child(f, QLabel, "boxRuleLabel")
        self.unassessed = child(f, QListWidget, "unassessedList")
        self.unassessed_label = child(f, QLabel, "unassessedLabel")
        self.potential_who = child(f, QLabel, "potentialWhoLabel")
        self.level = child(f, QComboBox, "levelCombo")
        self.assessor = child(f, QLineEdit, "assessorEdit")
        self.note = child(f, QLineEdit, "potentialNoteEdit")
        self.potential_message = child(f, QLabel, "potentialMessageLabel")
        self.save_potential_button = child(f, QPushButton, "savePotentialButton")

        self._year = dt.date.today().year
        self._vacancy_id: int | None = None
        self._units: list[unitsvc.UnitRow] = []
        self._box_unit_id: int | None = None
        self._box_rows: dict[int, pr.NineBoxRow] = {}
        self._box_employee: int | None = None
        self._box_dirty = False
        self._filling = False
        self.box_lists: dict[int, QListWidget] = {}
        self.box_titles: dict[int, QLabel] = {}

        self._setup()
        self._connect()
        areas = frozenset({PROMOTION, CONSEQUENCES, changes.EMPLOYEES, changes.UNITS, changes.APPRAISAL,
                           changes.DEVELOPMENT, changes.SETTINGS})
        self.vacancy_loader = PageData(
            self.candidates_tab, hub, background,
            lambda: _load_vacancies(self._vacancy_id, self.within_unit.isChecked(), self.candidate_model.sort_spec),
            self._vacancies_loaded, lambda err: self.prompts.error(self, "Formasi tidak dapat dimuat", str(err)),
            areas=areas)
        self.box_loader = PageData(
            self.box_tab, hub, background, lambda: _load_box(self._box_unit_id, self._year), self._box_loaded,
            lambda err: self.prompts.error(self, "Kotak 9 tidak dapat dimuat", str(err)),
            areas=frozenset({PROMOTION, changes.EMPLOYEES, changes.UNITS, changes.APPRAISAL}))
        self.candidate_pane.hide()
        self._show_box_rule()
        self._show_potential_form()
        self._say("", "muted")
        self._update_buttons()

    # ------------------------------------------------------------------------------------ set-up
    def _setup(self) -> None:
        for label in (self.rule, self.vacancy_empty, self.candidate_empty, self.box_rule):
            _restyle(label, "muted")
        child(self.form, QLabel, "vacancyHeadingLabel").setStyleSheet("font-weight: 600;")
        self.candidate_heading.setStyleSheet("font-weight: 600;")
        self.unassessed_label.setStyleSheet("font-weight: 600;")
        self.reasons.setStyleSheet("background: #f3f6fa; border: 1px solid #dde3ea; border-radius: 6px;")
        self.reasons.setMinimumHeight(60)

        self.vacancy_model = VacancyModel(self)
        self.vacancies.setModel(self.vacancy_model)
        self.vacancies.verticalHeader().hide()
        self.vacancies.verticalHeader().setDefaultSectionSize(26)
        vh = self.vacancies.horizontalHeader()
        vh.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 260), (1, 300), (2, 110), (3, 95), (4, 80)):
            self.vacancies.setColumnWidth(col, width)
        self.vacancies.sortByColumn(4, Qt.SortOrder.AscendingOrder)

        self.candidate_model = CandidateModel(self)
        self.candidates.setModel(self.candidate_model)
        self.candidates.verticalHeader().hide()
        self.candidates.verticalHeader().setDefaultSectionSize(26)
        ch = self.candidates.horizontalHeader()
        ch.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 92), (1, 190), (2, 180), (3, 50), (5, 160), (6, 185), (7, 72), (8, 135)):
            self.candidates.setColumnWidth(col, width)
        self.candidates.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        child(self.form, QSplitter, "candidatesSplitter").setSizes([130, 560])
        splitter = child(self.form, QSplitter, "candidateSplitter")
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([400, 120])

        # the 3 × 3 grid: potensi up (tinggi at the top), kinerja to the right
        grid = QGridLayout(child(self.form, QWidget, "gridHost"))
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for potensi in (3, 2, 1):
            axis = QLabel(f"Potensi\n{POTENSI[potensi].split(' — ')[1]}")
            axis.setAlignment(Qt.AlignmentFlag.AlignCenter)
            _restyle(axis, "muted")
            grid.addWidget(axis, 3 - potensi, 0)
            for kinerja in (1, 2, 3):
                box = (potensi - 1) * 3 + kinerja
                frame = QFrame()
                frame.setObjectName(f"box{box}")
                frame.setStyleSheet(f"QFrame#box{box} {{ background: {box_colour(kinerja, potensi)}; "
                                    "border: 1px solid #d3dae3; border-radius: 6px; }")
                inner = QVBoxLayout(frame)
                inner.setContentsMargins(6, 4, 6, 6)
                inner.setSpacing(3)
                title = QLabel()
                title.setStyleSheet("font-weight: 600; background: transparent; border: 0;")
                title.setToolTip(f"Kinerja {KINERJA[kinerja]}, potensi {POTENSI[potensi].split(' — ')[1]}")
                lst = QListWidget()
                lst.setAccessibleName(f"Kotak {box}: kinerja {KINERJA[kinerja]}, potensi "
                                      f"{POTENSI[potensi].split(' — ')[1]}")
                lst.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
                inner.addWidget(title)
                inner.addWidget(lst, 1)
                grid.addWidget(frame, 3 - potensi, kinerja)
                self.box_lists[box], self.box_titles[box] = lst, title
        for kinerja in (1, 2, 3):
            axis = QLabel(f"Kinerja {KINERJA[kinerja]}")
            axis.setAlignment(Qt.AlignmentFlag.AlignCenter)
            _restyle(axis, "muted")
            grid.addWidget(axis, 3, kinerja)
        for i in (1, 2, 3):
            grid.setColumnStretch(i, 1)
            grid.setRowStretch(i - 1, 1)
        self.box_unit.lineEdit().setPlaceholderText("ketik sebagian nama unit")
        self.box_unit.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.box_unit.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.unassessed.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.unassessed.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for level, label in POTENSI.items():
            self.level.addItem(label, level)
        self.level.setCurrentIndex(-1)
        self.level.setPlaceholderText("pilih")

        chain = [self.tabs, self.vacancies, self.add_button, self.edit_button, self.past_button, self.within_unit,
                 self.candidates,
                 self.box_unit, *[self.box_lists[b] for b in (7, 8, 9, 4, 5, 6, 1, 2, 3)], self.unassessed,
                 self.level, self.assessor, self.note, self.save_potential_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.tabs.currentChanged.connect(lambda _i: self._subtab_changed())
        self.add_button.clicked.connect(self.add_vacancy)
        self.edit_button.clicked.connect(self.edit_vacancy)
        self.vacancies.doubleClicked.connect(lambda _i: self.edit_vacancy())
        self.vacancies.selectionModel().selectionChanged.connect(lambda *_: self._vacancy_chosen())
        self.candidates.selectionModel().selectionChanged.connect(lambda *_: (self._show_reasons(),
                                                                              self._update_buttons()))
        self.past_button.clicked.connect(self.open_past_predikat)
        past = QShortcut(QKeySequence("Ctrl+R"), self.candidates_tab)
        past.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        past.activated.connect(self.open_past_predikat)
        self.within_unit.toggled.connect(lambda _c: self._reload_candidates())
        self.box_unit.activated.connect(lambda _i: self._box_unit_chosen())
        self.box_unit.lineEdit().returnPressed.connect(self._box_unit_chosen)
        for lst in [*self.box_lists.values(), self.unassessed]:
            lst.itemSelectionChanged.connect(lambda lst=lst: self._box_person_chosen(lst))
        self.level.activated.connect(lambda _i: self._form_edited())
        self.note.textEdited.connect(lambda _t: self._form_edited())
        self.save_potential_button.clicked.connect(self.save_potential)
        self.assessor.returnPressed.connect(self.save_potential)
        self.note.returnPressed.connect(self.save_potential)
        self.vacancies.installEventFilter(self)
        add = QShortcut(QKeySequence.StandardKey.New, self.candidates_tab)  # Ctrl+N, as on the other lists
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.activated.connect(self.add_vacancy)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if obj is self.vacancies and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_vacancy() is not None:
                self.edit_vacancy()
                return True
            if event.key() == Qt.Key.Key_Insert:
                self.add_vacancy()
                return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------------------- public API
    def set_year(self, year: int) -> None:
        """The year of the 9-box (its kinerja and the potensi entered). Candidates are judged as of today."""
        if year == self._year:
            return
        self._year = year
        self._box_employee = None
        self._box_dirty = False
        self._show_box_rule()
        self.box_loader.invalidate()

    @property
    def year(self) -> int:
        return self._year

    def focus_first(self) -> None:
        if self.tabs.currentWidget() is self.box_tab:
            self.box_unit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.vacancy_model.rowCount():
            self.vacancies.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_changes(self) -> bool:
        """A potensi chosen or a note typed for the selected employee and not saved yet."""
        return self._box_dirty

    def current_employee_id(self) -> int | None:
        if self.tabs.currentWidget() is self.box_tab:
            return self._box_employee
        line = self.selected_candidate()
        return line.id if line else None

    def reload(self) -> None:
        if self.hub.ready:
            self._current_loader().reload()

    def selected_vacancy(self) -> pr.VacancyRow | None:
        rows = self.vacancies.selectionModel().selectedRows()
        return self.vacancy_model.row_at(rows[0].row()) if rows else None

    def select_vacancy(self, vacancy_id: int) -> bool:
        row = self.vacancy_model.row_of_id(vacancy_id)
        if row is None:
            return False
        self.vacancies.selectRow(row)
        return True

    def selected_candidate(self) -> CandidateLine | None:
        rows = self.candidates.selectionModel().selectedRows()
        return self.candidate_model.row_at(rows[0].row()) if rows else None

    def box_of(self, employee_id: int) -> int | None:
        """The box (1..9) an employee is listed in; None: in Belum dinilai (or not listed)."""
        for box, lst in self.box_lists.items():
            if any(lst.item(i).data(Qt.ItemDataRole.UserRole) == employee_id for i in range(lst.count())):
                return box
        return None

    def select_box_employee(self, employee_id: int) -> bool:
        for lst in [*self.box_lists.values(), self.unassessed]:
            for i in range(lst.count()):
                if lst.item(i).data(Qt.ItemDataRole.UserRole) == employee_id:
                    lst.setCurrentRow(i)
                    return True
        return False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._current_loader().shown()

    def _current_loader(self) -> PageData:
        return self.box_loader if self.tabs.currentWidget() is self.box_tab else self.vacancy_loader

    def _subtab_changed(self) -> None:
        if self.isVisible():
            self._current_loader().shown()

    # -------------------------------------------------------------------------- vacancies: loading
    def _vacancies_loaded(self, data: _VacancyData) -> None:
        self._filling = True
        self._units = data.units
        if {r.id: r for r in data.vacancies} != {r.id: r for r in self.vacancy_model.rows()}:
            self.vacancy_model.set_rows(data.vacancies)
        self._vacancy_id = data.vacancy_id
        if data.vacancy_id is not None and (self.selected_vacancy() is None
                                            or self.selected_vacancy().id != data.vacancy_id):
            self.select_vacancy(data.vacancy_id)
        if data.vacancies:
            self.vacancy_stack.setCurrentWidget(self.vacancies)
        else:
            self.vacancy_empty.setText(
                "Belum ada formasi lowong. Tekan Tambah formasi… untuk mencatat jabatan yang lowong (nama jabatan, "
                "unit, jenjang, rentang golongan); kandidatnya diurutkan dari riwayat kinerja, pengembangan "
                "kompetensi, dan disiplin.")
            self.vacancy_stack.setCurrentWidget(self.vacancy_empty)
        keep = self.selected_candidate()
        self.rule.setText(rule_text(data.on, data.jp_target))
        self.candidate_model.set_years(data.on.year - 2, data.on.year - 1)
        if data.sort == self.candidate_model.sort_spec:
            self.candidate_model.set_rows(data.lines, data.texts, presorted=True)
        else:
            self.candidate_model.set_rows(data.lines, data.texts)
        vacancy = next((v for v in data.vacancies if v.id == data.vacancy_id), None)
        self.candidate_pane.setVisible(vacancy is not None)
        self.candidate_pane.setEnabled(True)
        if vacancy is not None:
            eligible = sum(1 for line in data.lines if line.c.eligible)
            self.candidate_heading.setText(
                f"Kandidat {vacancy.title} · {vacancy.unit_name} · golongan {vacancy.golongan_min}–"
                f"{vacancy.golongan_max}: {fmt.number(eligible)} memenuhi syarat dari {fmt.number(len(data.lines))}")
            if data.lines:
                self.candidate_stack.setCurrentWidget(self.candidates)
            else:
                where = " di unit ini dan unit di bawahnya" if data.within_unit else ""
                self.candidate_empty.setText(
                    f"Tidak ada PNS aktif dengan golongan {vacancy.golongan_min}–{vacancy.golongan_max}{where}.")
                self.candidate_stack.setCurrentWidget(self.candidate_empty)
        row = self.candidate_model.row_of_id(keep.id) if keep is not None else None
        self.candidates.selectRow(row if row is not None else 0) if data.lines else self.candidates.clearSelection()
        self._filling = False
        self._show_reasons()
        self._update_buttons()
        self.loaded.emit()

    def _vacancy_chosen(self) -> None:
        self._update_buttons()
        if self._filling:
            return
        row = self.selected_vacancy()
        if row is None or row.id == self._vacancy_id:
            return
        self._vacancy_id = row.id
        self._reload_candidates()

    def _reload_candidates(self) -> None:
        self.candidate_pane.setEnabled(False)  # until the new list is read: nothing is judged from the old one
        self.candidate_heading.setText("Memuat kandidat…")
        self.reload()

    def _show_reasons(self) -> None:
        line = self.selected_candidate()
        if line is None:
            self.reasons.setText("Pilih kandidat untuk melihat alasannya." if self.candidate_model.rowCount() else "")
            return
        c = line.c
        years = self.candidate_model.years
        predikat = ", ".join(f"{y}: {_predikat_text(p)}" for y, p in zip(years, c.predikat, strict=True))
        self.reasons.setText(
            f"{c.name} · {format_nip(c.nip)} · {c.golongan} · {c.position_title} · {c.unit_name}\n"
            f"Predikat {predikat} · JP {years[1]}: {fmt_jp(Decimal(c.jp_last_year))}\n{reasons_text(c)}")

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_vacancy() is not None)
        self.past_button.setEnabled(self.selected_candidate() is not None)

    def open_past_predikat(self) -> None:
        """Riwayat predikat of the selected candidate; after a change the list is ranked again."""
        line = self.selected_candidate()
        if line is None:
            return
        from .past_predikat import PastPredikatDialog

        c = line.c
        dialog = PastPredikatDialog(self, self.prompts, c.employee_id, c.name, c.nip)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.hub.announce(changes.APPRAISAL) if dialog.changed else None)
        dialog.open()

    # ---------------------------------------------------------------------------- vacancies: writes
    def add_vacancy(self) -> None:
        dialog = VacancyDialog(self, self._units)
        open_dialog(dialog, lambda: self._vacancy_saved(dialog.saved))

    def edit_vacancy(self) -> None:
        row = self.selected_vacancy()
        if row is None:
            return
        dialog = VacancyDialog(self, self._units, row)
        open_dialog(dialog, lambda: self._vacancy_saved(dialog.saved))

    def _vacancy_saved(self, row: pr.VacancyRow) -> None:
        self._vacancy_id = row.id
        self.hub.announce(PROMOTION)

    # ------------------------------------------------------------------------------------ 9-box
    def _show_box_rule(self) -> None:
        self.box_rule.setText(
            f"Kinerja dari predikat kinerja tahunan {self._year} yang final (Sangat Baik: di atas ekspektasi; Baik: "
            "sesuai; lainnya atau belum ada: di bawah). Potensi 1–3 dinilai oleh penilai; pegawai yang belum dinilai "
            "potensinya didaftar terpisah di kanan. Unit yang dipilih termasuk unit di bawahnya.")

    def _box_loaded(self, data: _BoxData) -> None:
        if data.year != self._year:
            return  # the load for the year shown before: the one for this year follows
        self._filling = True
        self._units = data.units
        self._fill_box_units(data.units, data.unit_id)
        self._box_unit_id = data.unit_id
        self._box_rows = {r.employee_id: r for r in data.rows}
        for lst in [*self.box_lists.values(), self.unassessed]:
            lst.clear()
        counts = dict.fromkeys(range(1, 10), 0)
        for r in data.rows:
            item = QListWidgetItem(r.name if r.box else f"{r.name} — {_predikat_text(r.predikat, 'tanpa predikat')}")
            item.setData(Qt.ItemDataRole.UserRole, r.employee_id)
            potensi = POTENSI[r.potensi].split(" — ")[1] if r.potensi else "belum dinilai"
            item.setToolTip(f"{r.name}\nPredikat {data.year}: {_predikat_text(r.predikat, 'belum ada')}\n"
                            f"Potensi: {potensi}")
            if r.box:
                counts[r.box] += 1
                self.box_lists[r.box].addItem(item)
            else:
                self.unassessed.addItem(item)
        for box, title in self.box_titles.items():
            title.setText(f"Kotak {box} · {fmt.number(counts[box])} pegawai")
        assessed = sum(counts.values())
        self.unassessed_label.setText(f"Belum dinilai potensinya ({fmt.number(len(data.rows) - assessed)})")
        self.box_summary.setText(f"Tahun {data.year}: {fmt.number(len(data.rows))} pegawai aktif, "
                                 f"{fmt.number(assessed)} sudah dinilai potensinya.")
        if self._box_employee not in self._box_rows:
            self._box_employee = None
            self._box_dirty = False
        if self._box_employee is not None:
            self.select_box_employee(self._box_employee)
        self._filling = False
        self._show_potential_form(keep_edits=self._box_dirty)
        self.loaded.emit()

    def _fill_box_units(self, units: list[unitsvc.UnitRow], chosen: int | None) -> None:
        self.box_unit.blockSignals(True)
        self.box_unit.clear()
        for label, uid in unit_items([u for u in units if u.active]):
            self.box_unit.addItem(label, uid)
        self.box_unit.setCurrentIndex(max(0, self.box_unit.findData(chosen)))
        self.box_unit.lineEdit().setCursorPosition(0)  # the start of the path shows, not its clipped end
        self.box_unit.blockSignals(False)

    def _box_unit_chosen(self) -> None:
        text = self.box_unit.currentText().strip().lower()
        labels = [(self.box_unit.itemText(i).lower(), self.box_unit.itemData(i)) for i in range(self.box_unit.count())]
        found = [uid for label, uid in labels if label == text] or [uid for label, uid in labels if text in label]
        if not text or not found:
            self.box_unit.setCurrentIndex(max(0, self.box_unit.findData(self._box_unit_id)))
            return
        uid = found[0]
        self.box_unit.setCurrentIndex(self.box_unit.findData(uid))
        if uid != self._box_unit_id:
            if not self._leave_potential_ok():
                self.box_unit.setCurrentIndex(max(0, self.box_unit.findData(self._box_unit_id)))
                return
            self._box_unit_id = uid
            self.box_loader.reload()

    def _box_person_chosen(self, lst: QListWidget) -> None:
        if self._filling:
            return
        items = lst.selectedItems()
        if not items:
            return
        employee_id = items[0].data(Qt.ItemDataRole.UserRole)
        if employee_id != self._box_employee and not self._leave_potential_ok():
            self._filling = True
            lst.clearSelection()
            self.select_box_employee(self._box_employee)  # type: ignore[arg-type]
            self._filling = False
            return
        self._filling = True
        for other in [*self.box_lists.values(), self.unassessed]:
            if other is not lst:
                other.clearSelection()
                other.setCurrentRow(-1)
        self._filling = False
        if employee_id != self._box_employee:
            self._box_employee = employee_id
            self._box_dirty = False
            self._show_potential_form()

    def _leave_potential_ok(self) -> bool:
        if not self._box_dirty or self._box_employee is None:
            return True
        name = self._box_rows[self._box_employee].name if self._box_employee in self._box_rows else "pegawai"
        if self.prompts.confirm(self, "Potensi belum disimpan", f"Potensi {name} belum disimpan. Simpan sekarang?",
                                yes="Simpan", no="Buang perubahan"):
            return self.save_potential()
        self._box_dirty = False
        return True

    def _show_potential_form(self, keep_edits: bool = False) -> None:
        r = self._box_rows.get(self._box_employee) if self._box_employee is not None else None
        for w in (self.level, self.assessor, self.note, self.save_potential_button):
            w.setEnabled(r is not None)
        if r is None:
            self.potential_who.setText("Pilih pegawai di kotak atau di daftar yang belum dinilai.")
            _restyle(self.potential_who, "muted")
            self.level.setCurrentIndex(-1)
            self.note.clear()
            return
        _restyle(self.potential_who, "")
        potensi = POTENSI[r.potensi] if r.potensi else "belum dinilai"
        self.potential_who.setText(f"{r.name}\nPredikat {self._year}: {_predikat_text(r.predikat, 'belum ada')} · "
                                   f"potensi {potensi}")
        if not keep_edits:
            self.level.setCurrentIndex(self.level.findData(r.potensi) if r.potensi else -1)
            self.note.clear()

    def _form_edited(self) -> None:
        self._box_dirty = self._box_employee is not None
        self._say("", "muted")

    def _say(self, text: str, role: str) -> None:
        _restyle(self.potential_message, role)
        self.potential_message.setText(text)
        self.potential_message.setVisible(bool(text))

    def save_potential(self) -> bool:
        """Store the potensi of the selected employee for the year; the 9-box follows."""
        r = self._box_rows.get(self._box_employee) if self._box_employee is not None else None
        if r is None:
            return False
        level = self.level.currentData() or 0
        try:
            pr.set_potential(r.employee_id, self._year, level, self.assessor.text(), self.note.text())
        except (ValidationError, DomainError) as err:
            self._say(refusal_text(err), "error")
            (self.assessor if isinstance(err, ValidationError) and "assessor" in err.errors else self.level).setFocus()
            return False
        self._box_dirty = False
        self._say(f"Potensi {r.name} tahun {self._year} disimpan: {POTENSI[level]}.", "ok")
        self.hub.announce(PROMOTION)
        return True
