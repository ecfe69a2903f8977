"""Halaman Pelatihan: training events and their participants (attendance and certificates for a whole event
in one grid), compliance with the yearly JP target, training needs from evaluations, coaching programmes."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from asn_desktop.domain import development as rules
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.nip import format_nip
from asn_desktop.services import development as dev
from asn_desktop.services import employees as empsvc
from asn_desktop.services import units as unitsvc

from . import changes, fmt
from .coaching import CoachingTab
from .dialogs import FormDialog, _pydate, _qdate, _restyle, open_dialog, refusal_text, unit_items
from .employee_model import ID_ROLE, Columns, EmployeeFilterProxy, RowTableModel, select_by_id, sorted_rows
from .ops import Background, PageData
from .prompts import Prompts
from .skp import parse_number
from .uiload import child, load_into

STATUS_KEYS = {Qt.Key.Key_R: "direncanakan", Qt.Key.Key_H: "hadir", Qt.Key.Key_L: "lulus", Qt.Key.Key_T: "tidak_lulus"}
_GREY = QBrush(QColor("#8a8f98"))
_RED = QBrush(QColor("#b3261e"))
_GREEN = QBrush(QColor("#1b6e3a"))


def _grouped(nip: str) -> str:
    """The NIP as printed (``19860926 201505 1 001``), for searching; stored NIPs are valid 18 digits."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def jp_text(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return rules.fmt_jp(Decimal(str(value)))


# ------------------------------------------------------------------------------------------- events list
EVENT_COLUMNS = Columns(
    headers=("Mulai", "Selesai", "Kegiatan", "Jenis", "Bentuk", "JP", "Peserta", "Penyelenggara"),
    text={
        0: lambda r: fmt.date(r.start), 1: lambda r: fmt.date(r.end), 2: lambda r: r.title, 3: lambda r: r.kind_label,
        4: lambda r: f"{r.form_label} ({r.method_label.lower()})", 5: lambda r: jp_text(r.jp),
        6: lambda r: f"{r.completed}/{r.participants}", 7: lambda r: r.organiser,
    },
    sort_key={
        0: lambda r: r.start, 1: lambda r: r.end, 2: lambda r: r.title.lower(), 3: lambda r: r.kind,
        4: lambda r: (r.method, r.form), 5: lambda r: r.jp, 6: lambda r: r.participants, 7: lambda r: r.organiser.lower(),
    },
    search_text=lambda r: f"{r.title}\n{r.organiser}\n{r.competency}\n{r.form_label}\n{r.location}".lower(),
    tie_key=lambda r: r.title.lower(),
    default_sort=(0, Qt.SortOrder.DescendingOrder),
)


# ------------------------------------------------------------------------------------------ compliance
COMPLIANCE_COLUMNS = Columns(
    headers=("Nama", "NIP", "Jabatan", "Unit", "JP", "Kurang"),
    text={
        0: lambda r: r.name, 1: lambda r: format_nip(r.nip), 2: lambda r: r.position_title, 3: lambda r: r.unit_name,
        4: lambda r: jp_text(r.jp), 5: lambda r: jp_text(r.shortfall) if r.shortfall else "—",
    },
    sort_key={
        0: lambda r: r.name.lower(), 1: lambda r: r.nip, 2: lambda r: r.position_title.lower(),
        3: lambda r: r.unit_name.lower(), 4: lambda r: r.jp, 5: lambda r: r.shortfall,
    },
    search_text=lambda r: f"{r.name}\n{r.nip}\n{_grouped(r.nip)}\n{r.position_title}\n{r.unit_name}".lower(),
    tie_key=lambda r: r.name.lower(),
    default_sort=(4, Qt.SortOrder.AscendingOrder),  # the furthest from the target first: as the service sorts
)


class ComplianceModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(COMPLIANCE_COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole and index.column() in (4, 5):
            return _GREEN if not self._rows[index.row()].shortfall else _RED
        if index.isValid() and role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


@dataclass(frozen=True)
class _UnitRow:
    id: int
    name: str
    staff: int
    meeting: int
    share: float
    active: bool = True
    unit_id: int = 0


UNIT_COLUMNS = Columns(
    headers=("Unit", "Memenuhi", "%"),
    text={0: lambda r: r.name, 1: lambda r: f"{fmt.number(r.meeting)}/{fmt.number(r.staff)}",
          2: lambda r: fmt.number(r.share, 1).removesuffix(",0") + "%"},
    sort_key={0: lambda r: r.name.lower(), 1: lambda r: r.meeting, 2: lambda r: r.share},
    search_text=lambda r: r.name.lower(),
    tie_key=lambda r: r.name.lower(),
    default_sort=(2, Qt.SortOrder.AscendingOrder),
)


# ----------------------------------------------------------------------------------- participants grid
@dataclass
class _Entry:
    """One participant as edited in the grid (saved for the whole event at once)."""

    row: dev.ParticipantRow
    status: str
    jp: str  # as typed; empty = the event's JP in full
    certificate_number: str
    certificate_date: str  # dd/mm/yyyy as typed
    notes: str

    @classmethod
    def of(cls, r: dev.ParticipantRow) -> _Entry:
        return cls(r, r.status, jp_text(r.jp_credited), r.certificate_number, fmt.date(r.certificate_date), r.notes)

    def changed(self) -> bool:
        return self != _Entry.of(self.row)


class ParticipantModel(QAbstractTableModel):
    NAME, NIP, UNIT, STATUS, JP, CERT, CERT_DATE, NOTES = range(8)
    HEADERS = ("Nama", "NIP", "Unit", "Status", "JP diakui", "No. sertifikat", "Tgl. sertifikat", "Catatan")
    EDITABLE = (STATUS, JP, CERT, CERT_DATE, NOTES)
    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[_Entry] = []
        self.event_jp = 0.0

    def set_rows(self, rows: list[dev.ParticipantRow], event_jp: float) -> None:
        self.beginResetModel()
        self.entries = [_Entry.of(r) for r in rows]
        self.event_jp = event_jp
        self.endResetModel()

    @property
    def dirty(self) -> bool:
        return any(e.changed() for e in self.entries)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return {self.STATUS: "Ketik R (direncanakan), H (mengikuti), L (lulus), T (tidak lulus)",
                    self.JP: "Kosong: JP kegiatan penuh; isi angka bila hanya sebagian yang diakui",
                    self.CERT_DATE: "dd/mm/yyyy"}.get(section)
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e, col = self.entries[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.NAME:
                return e.row.name
            if col == self.NIP:
                return format_nip(e.row.nip)
            if col == self.UNIT:
                return e.row.unit_name
            if col == self.STATUS:
                return e.status if role == Qt.ItemDataRole.EditRole else rules.PARTICIPATION_STATUSES[e.status]
            if col == self.JP:
                if role == Qt.ItemDataRole.DisplayRole and not e.jp:
                    return jp_text(self.event_jp) if e.status in rules.EARNS_JP else "—"
                return e.jp
            return {self.CERT: e.certificate_number, self.CERT_DATE: e.certificate_date, self.NOTES: e.notes}[col]
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.JP and not e.jp:
                return _GREY
            if col == self.STATUS and e.status == "tidak_lulus":
                return _RED
        if role == Qt.ItemDataRole.FontRole and e.changed() and col == self.NAME:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        e, col = self.entries[index.row()], index.column()
        text = str(value if value is not None else "").strip()
        if col == self.STATUS:
            if text not in rules.PARTICIPATION_STATUSES:
                return False
            e.status = text
        elif col == self.JP:
            e.jp = text
        elif col == self.CERT:
            e.certificate_number = text
        elif col == self.CERT_DATE:
            e.certificate_date = text
        else:
            e.notes = text
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(len(self.HEADERS) - 1))
        self.edited.emit()
        return True


class _StatusDelegate(QStyledItemDelegate):
    """The status column is chosen from its list (F2, double-click); other columns edit as text."""

    def createEditor(self, parent, option, index):  # noqa: N802
        if index.column() != ParticipantModel.STATUS:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for code, label in rules.PARTICIPATION_STATUSES.items():
            combo.addItem(label, code)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)


def _parse_date(text: str) -> dt.date | None:
    m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", text)
    if not m:
        raise ValueError(text)
    return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


# -------------------------------------------------------------------------------------------- dialogs
class EventDialog(FormDialog):
    """Tambah/ubah kegiatan."""

    FIELD_WIDGETS = {"title": "titleEdit", "kind": "kindCombo", "form": "methodFormCombo", "start": "startDateEdit",
                     "end": "endDateEdit", "jp": "jpSpin"}

    def __init__(self, parent: QWidget | None, row: dev.EventRow | None, year: int):
        super().__init__(parent, "event_dialog.ui", "Ubah kegiatan" if row else "Tambah kegiatan")
        f = self.form
        self.row = row
        self.title = child(f, QLineEdit, "titleEdit")
        self.kind = child(f, QComboBox, "kindCombo")
        self.form_combo = child(f, QComboBox, "methodFormCombo")
        self.organiser = child(f, QLineEdit, "organiserEdit")
        self.location = child(f, QLineEdit, "locationEdit")
        self.start = child(f, QDateEdit, "startDateEdit")
        self.end = child(f, QDateEdit, "endDateEdit")
        self.jp = child(f, QDoubleSpinBox, "jpSpin")
        self.competency = child(f, QLineEdit, "competencyEdit")
        self.notes = child(f, QLineEdit, "notesEdit")
        for code, label in rules.KINDS.items():
            self.kind.addItem(label, code)
        for method, method_label in rules.METHODS.items():
            for code, (m, label) in rules.FORMS.items():
                if m == method:
                    self.form_combo.addItem(f"{label} ({method_label.lower()})", code)
        self.jp.setMinimum(0)
        self.start.dateChanged.connect(lambda d: self.end.setDate(d) if self.end.date() < d else None)
        if row is not None:
            self.title.setText(row.title)
            self.kind.setCurrentIndex(self.kind.findData(row.kind))
            self.form_combo.setCurrentIndex(self.form_combo.findData(row.form))
            self.organiser.setText(row.organiser)
            self.location.setText(row.location)
            self.start.setDate(_qdate(row.start))
            self.end.setDate(_qdate(row.end))
            self.jp.setValue(row.jp)
            self.competency.setText(row.competency)
            self.notes.setText(row.notes)
        else:
            today = dt.date.today()
            first = today if today.year == year else dt.date(year, 1, 1)
            self.start.setDate(_qdate(first))
            self.end.setDate(_qdate(first))
            self.form_combo.setCurrentIndex(0)
        self.setMinimumWidth(560)
        self.title.setFocus()

    def data(self) -> dev.EventInput:
        return dev.EventInput(
            self.title.text(), self.kind.currentData(), self.form_combo.currentData(), _pydate(self.start.date()),
            _pydate(self.end.date()), self.jp.value(), self.organiser.text(), self.location.text(),
            self.competency.text(), self.notes.text())

    def accept(self) -> None:
        row = self.row
        if self.save(lambda: dev.save_event(self.data(), row.id if row else None, row.lock_version if row else None),
                     other_field="_"):
            super().accept()


class ParticipantsDialog(FormDialog):
    """Add people to an event in bulk: a whole unit, names found by search, or approved training needs."""

    def __init__(self, parent: QWidget | None, event: dev.EventRow, people: list[empsvc.EmployeeRow],
                 units: list[unitsvc.UnitRow], needs: list[dev.NeedRow], present: set[int] = frozenset(),
                 prompts: Prompts | None = None):
        super().__init__(parent, "participants_dialog.ui", "Tambah peserta")
        f = self.form
        self.event = event
        self.people = [p for p in people if p.active]
        # found by their own name, NIP, position or unit (not by their supervisor's name)
        self._texts = [f"{p.name}\n{p.nip}\n{format_nip(p.nip)}\n{p.position_title}\n{p.unit_name}".lower()
                       for p in self.people]
        self.units = units
        child(f, QLabel, "pickSummaryLabel").setText(
            f"Peserta untuk {event.title} ({fmt.date(event.start)}–{fmt.date(event.end)}). Centang pegawai di tab mana "
            "pun; semua yang dicentang ditambahkan sebagai peserta yang direncanakan.")
        self.unit = child(f, QComboBox, "pickUnitCombo")
        self.subunits = child(f, QCheckBox, "subunitsCheck")
        self.unit_list = child(f, QListWidget, "unitPeopleList")
        self.search = child(f, QLineEdit, "pickSearchEdit")
        self.search_list = child(f, QListWidget, "searchPeopleList")
        self.need_list = child(f, QListWidget, "needList")
        self.picked_label = child(f, QLabel, "pickedLabel")
        self.tabs = child(f, QTabWidget, "pickTabs")
        self.checked: set[int] = set()
        self.checked_needs: set[int] = set()
        self.present = set(present)
        self.prompts = prompts
        for label, uid in unit_items([u for u in units if u.active]):
            self.unit.addItem(label.strip(), uid)
        self.unit.setCurrentIndex(-1)  # nobody is listed until a unit is chosen
        self.unit.lineEdit().setPlaceholderText("ketik sebagian nama unit")
        self.unit.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        for n in needs:
            item = QListWidgetItem(f"{n.name} — {n.competency} ({n.source_label})")
            item.setData(Qt.ItemDataRole.UserRole, n.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.need_list.addItem(item)
        if not needs:
            self.need_list.addItem("Tidak ada kebutuhan pelatihan yang disetujui dan belum direncanakan.")
        self.unit.currentIndexChanged.connect(lambda _i: self._fill_unit())
        self.subunits.toggled.connect(lambda _c: self._fill_unit())
        self.search.textChanged.connect(lambda _t: self._fill_search())
        for lst in (self.unit_list, self.search_list):
            lst.itemChanged.connect(self._person_toggled)
        self.need_list.itemChanged.connect(self._need_toggled)
        child(f, QPushButton, "checkAllButton").clicked.connect(lambda: self._check_all(True))
        child(f, QPushButton, "checkNoneButton").clicked.connect(lambda: self._check_all(False))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tambahkan")
        self.setMinimumSize(720, 520)
        self._fill_unit()
        self._update_count()
        self.unit.setFocus()

    def _item(self, p: empsvc.EmployeeRow) -> QListWidgetItem:
        if p.id in self.present:
            item = QListWidgetItem(f"{p.name} — sudah menjadi peserta")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            return item
        item = QListWidgetItem(f"{p.name} — {p.position_title} · {p.unit_name}")
        item.setData(Qt.ItemDataRole.UserRole, p.id)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        item.setCheckState(Qt.CheckState.Checked if p.id in self.checked else Qt.CheckState.Unchecked)
        return item

    def _fill(self, lst: QListWidget, people: list[empsvc.EmployeeRow]) -> None:
        lst.blockSignals(True)
        lst.clear()
        for p in people:
            lst.addItem(self._item(p))
        lst.blockSignals(False)

    def _fill_unit(self) -> None:
        uid = self.unit.currentData()
        if uid is None:
            self._fill(self.unit_list, [])
            return
        pairs = [(u.id, u.parent_id) for u in self.units]
        wanted = unitsvc.subtree_of(pairs, uid) if self.subunits.isChecked() else {uid}
        self._fill(self.unit_list, sorted((p for p in self.people if p.unit_id in wanted), key=lambda p: p.sort_name))

    def _fill_search(self) -> None:
        words = self.search.text().lower().split()
        if not words or len("".join(words)) < 2:
            self._fill(self.search_list, [])
            return
        hits = [p for p, text in zip(self.people, self._texts, strict=True) if all(w in text for w in words)]
        self._fill(self.search_list, hits[:300])

    def _person_toggled(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.checked.add(pid)
        else:
            self.checked.discard(pid)
        self._update_count()

    def _need_toggled(self, item: QListWidgetItem) -> None:
        nid = item.data(Qt.ItemDataRole.UserRole)
        if nid is None:
            return
        if item.checkState() == Qt.CheckState.Checked:
            self.checked_needs.add(nid)
        else:
            self.checked_needs.discard(nid)
        self._update_count()

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)

    def _update_count(self) -> None:
        self.picked_label.setText(f"Dipilih: {len(self.checked)} pegawai, {len(self.checked_needs)} kebutuhan pelatihan.")

    def accept(self) -> None:
        many = len(self.checked) + len(self.checked_needs)
        if many > 100 and self.prompts is not None and not self.prompts.confirm(
                self, "Tambah peserta", f"Tambahkan {fmt.number(many)} peserta ke {self.event.title}?", yes="Tambahkan"):
            return
        if self.save(lambda: dev.add_participants(self.event.id, sorted(self.checked), sorted(self.checked_needs)),
                     other_field="_"):
            super().accept()


class NeedDialog(FormDialog):
    FIELD_WIDGETS = {"competency": "competencyEdit", "kind": "kindCombo"}

    def __init__(self, parent: QWidget | None, who: str, save, competency: str = "", kind: str = "teknis",
                 note: str = ""):
        super().__init__(parent, "need_dialog.ui", "Kebutuhan pelatihan")
        f = self.form
        child(f, QLabel, "needWhoLabel").setText(who)
        self.competency = child(f, QLineEdit, "competencyEdit")
        self.kind = child(f, QComboBox, "kindCombo")
        self.note = child(f, QLineEdit, "noteEdit")
        for code, label in rules.KINDS.items():
            self.kind.addItem(label, code)
        self.competency.setText(competency)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.note.setText(note)
        self._save = save
        self.setMinimumWidth(520)
        self.competency.setFocus()

    def accept(self) -> None:
        if self.save(lambda: self._save(self.competency.text(), self.kind.currentData(), self.note.text()),
                     other_field="_"):
            super().accept()


# ------------------------------------------------------------------------------------------------ page
@dataclass(frozen=True)
class _Data:
    """What the Kegiatan and Kebutuhan tabs show."""

    year: int
    events: list[dev.EventRow]
    all_units: list[unitsvc.UnitRow]
    needs: list[dev.NeedRow]


def _load(year: int) -> _Data:
    return _Data(year, dev.list_events(year), unitsvc.list_units(), dev.list_needs(year))


@dataclass(frozen=True)
class _JpData:
    """What the Kepatuhan JP tab shows: loaded when that tab is on screen."""

    year: int
    rows: list[dev.ComplianceRow]  # in the list's sort order, with ...
    texts: list[str]  # ... their search texts: the GUI thread only shows them
    sort: tuple[int, Qt.SortOrder]
    units: list[dev.UnitCompliance]
    all_units: list[unitsvc.UnitRow]
    target: int


def _load_jp(year: int, sort: tuple[int, Qt.SortOrder]) -> _JpData:
    rows = dev.compliance(year)
    if sort == COMPLIANCE_COLUMNS.default_sort:  # the service's own order (JP, then name): only the texts are new
        ordered, texts = rows, [COMPLIANCE_COLUMNS.search_text(r) for r in rows]
    else:
        ordered, texts = sorted_rows(rows, None, sort, COMPLIANCE_COLUMNS)
    return _JpData(year, ordered, texts, sort, dev.unit_compliance(year, rows), unitsvc.list_units(), dev.jp_target())


class PelatihanPage(QWidget):
    loaded = Signal()  # the year's events, compliance and needs are on screen
    participants_shown = Signal()  # the selected event's participants are in the grid
    compliance_shown = Signal()  # the compliance list shows the current filter

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = f = load_into(self, "pelatihan_page.ui")
        child(f, QLabel, "titleLabel").setProperty("role", "title")
        self.year = child(f, QSpinBox, "yearSpin")
        self.tabs = child(f, QTabWidget, "mainTabs")
        # events
        self.event_search = child(f, QLineEdit, "eventSearchEdit")
        self.kind_filter = child(f, QComboBox, "kindFilterCombo")
        self.method_filter = child(f, QComboBox, "methodFilterCombo")
        self.events_table = child(f, QTableView, "eventsTable")
        self.event_count = child(f, QLabel, "eventCountLabel")
        self.event_detail = child(f, QLabel, "eventDetailLabel")
        self.participants_table = child(f, QTableView, "participantsTable")
        self.attendance_message = child(f, QLabel, "attendanceMessageLabel")
        self.buttons = {name: child(f, QPushButton, f"{name}Button") for name in (
            "addEvent", "editEvent", "deleteEvent", "addParticipants", "removeParticipant", "allAttended",
            "saveAttendance", "addNeed", "generateNeeds", "approveNeed", "rejectNeed", "resetNeed", "editNeed",
            "planNeeds")}
        # compliance
        self.compliance_unit = child(f, QComboBox, "complianceUnitCombo")
        self.compliance_search = child(f, QLineEdit, "complianceSearchEdit")
        self.short_only = child(f, QCheckBox, "shortOnlyCheck")
        self.target = child(f, QSpinBox, "targetSpin")
        self.compliance_summary = child(f, QLabel, "complianceSummaryLabel")
        self.unit_table = child(f, QTableView, "unitComplianceTable")
        self.compliance_table = child(f, QTableView, "complianceTable")
        self.compliance_count = child(f, QLabel, "complianceCountLabel")
        # needs
        self.need_status = child(f, QComboBox, "needStatusCombo")
        self.needs_table = child(f, QTableWidget, "needsTable")
        self.needs_message = child(f, QLabel, "needsMessageLabel")
        self.plan_event = child(f, QComboBox, "planEventCombo")
        child(f, QLabel, "needsHintLabel").setProperty("role", "muted")

        self._setup()
        self._data: _Data | None = None
        self._event: dev.EventRow | None = None
        self._needs: list[dev.NeedRow] = []
        self._filling = False
        self._reloading = False
        self._units_shown: frozenset[int] | None = None
        self._jp: _JpData | None = None
        self._needs_note = ""
        self.loader = PageData(
            self, hub, background, lambda: _load(self.year.value()), self._loaded,
            lambda err: self.prompts.error(self, "Data pelatihan tidak dapat dimuat", str(err)),
            areas=frozenset({changes.EMPLOYEES, changes.UNITS, changes.APPRAISAL, changes.DEVELOPMENT}),
        )
        self.jp_loader = PageData(  # only while its tab is on screen: 10,000 people are not loaded for nothing
            self.tabs.widget(1), hub, background, self._load_jp_now, self._jp_loaded,
            lambda err: self.prompts.error(self, "Kepatuhan JP tidak dapat dimuat", str(err)),
            areas=frozenset({changes.EMPLOYEES, changes.UNITS, changes.DEVELOPMENT, changes.SETTINGS}),
        )
        self._connect()
        self.coaching = self._coaching_tab()

    def _coaching_tab(self) -> CoachingTab:
        """The office's coaching programmes, as the fourth tab (its own module)."""
        tab = CoachingTab(self.hub, self.background, self.prompts, parent=self.tabs)
        self.tabs.addTab(tab, "Program pembinaan")
        tab.set_year(self.year.value())
        return tab

    def _setup(self) -> None:
        self.year.setValue(dt.date.today().year)
        self.kind_filter.addItem("Semua jenis", None)
        for code, label in rules.KINDS.items():
            self.kind_filter.addItem(label, code)
        self.method_filter.addItem("Semua metode", None)
        for code, label in rules.METHODS.items():
            self.method_filter.addItem(label, code)
        self.need_status.addItem("Semua status", None)
        for code, label in dev.NEED_STATUSES.items():
            self.need_status.addItem(label, code)

        self.events_model = RowTableModel(EVENT_COLUMNS, self)
        self.events_proxy = EmployeeFilterProxy(self)
        self.events_proxy.setSourceModel(self.events_model)
        self.events_proxy.configure(include_inactive=True)
        self.events_table.setModel(self.events_proxy)
        self.events_table.verticalHeader().hide()
        eh = self.events_table.horizontalHeader()
        eh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 95), (1, 95), (3, 120), (4, 190), (5, 55), (6, 70), (7, 170)):
            self.events_table.setColumnWidth(col, width)
        self.events_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)

        self.participant_model = ParticipantModel(self)
        self.participants_table.setModel(self.participant_model)
        self.participants_table.setItemDelegate(_StatusDelegate(self.participants_table))
        self.participants_table.verticalHeader().hide()
        ph = self.participants_table.horizontalHeader()
        ph.setSectionResizeMode(ParticipantModel.NOTES, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 190), (1, 180), (2, 135), (3, 110), (4, 75), (5, 125), (6, 115)):
            self.participants_table.setColumnWidth(col, width)
        self.participants_table.installEventFilter(self)
        self.event_search.installEventFilter(self)
        self.events_table.installEventFilter(self)
        splitter = child(self.form, QSplitter, "eventsSplitter")
        splitter.setSizes([300, 420])

        self.compliance_model = ComplianceModel(self)
        self.compliance_proxy = EmployeeFilterProxy(self)
        self.compliance_proxy.setSourceModel(self.compliance_model)
        self.compliance_proxy.configure(include_inactive=True)
        self.compliance_table.setModel(self.compliance_proxy)
        self.compliance_table.verticalHeader().hide()
        ch = self.compliance_table.horizontalHeader()
        ch.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 180), (1, 180), (3, 135), (4, 50), (5, 62)):
            self.compliance_table.setColumnWidth(col, width)
        self.compliance_table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.unit_model = RowTableModel(UNIT_COLUMNS, self)
        self.unit_table.setModel(self.unit_model)
        self.unit_table.verticalHeader().hide()
        uh = self.unit_table.horizontalHeader()
        uh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 85), (2, 55)):
            self.unit_table.setColumnWidth(col, width)
        self.unit_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        child(self.form, QSplitter, "complianceSplitter").setSizes([330, 850])

        self.needs_table.setColumnCount(7)
        self.needs_table.setHorizontalHeaderLabels(
            ["Nama", "Unit", "Sumber", "Kompetensi", "Jenis", "Status", "Kegiatan / catatan"])
        self.needs_table.verticalHeader().hide()
        nh = self.needs_table.horizontalHeader()
        nh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 190), (1, 150), (2, 170), (4, 105), (5, 110), (6, 170)):
            self.needs_table.setColumnWidth(col, width)

    def _connect(self) -> None:
        self.year.valueChanged.connect(self._year_changed)
        self.event_search.textChanged.connect(lambda text: self.events_proxy.set_filter(text=text))
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._event_predicate())
        self.method_filter.currentIndexChanged.connect(lambda _i: self._event_predicate())
        self.events_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._event_chosen())
        self.events_proxy.modelReset.connect(self._update_event_count)
        self.events_proxy.layoutChanged.connect(self._update_event_count)
        self.events_table.doubleClicked.connect(lambda _i: self._edit_event())
        self.buttons["addEvent"].clicked.connect(self._add_event)
        self.buttons["editEvent"].clicked.connect(self._edit_event)
        self.buttons["deleteEvent"].clicked.connect(self._delete_event)
        self.buttons["addParticipants"].clicked.connect(self._add_participants)
        self.buttons["removeParticipant"].clicked.connect(self._remove_participants)
        self.buttons["allAttended"].clicked.connect(self._all_attended)
        self.buttons["saveAttendance"].clicked.connect(self.save_attendance)
        self.participant_model.edited.connect(self._attendance_edited)
        for keys, slot, where in (("Ctrl+N", self._add_event, self.tabs.widget(0)),
                                  ("Ctrl+S", self.save_attendance, self.tabs.widget(0)),
                                  ("Ctrl+F", self._focus_event_search, self.tabs.widget(0))):
            sc = QShortcut(QKeySequence(keys), where)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.compliance_unit.currentIndexChanged.connect(lambda _i: self._compliance_filter())
        self.compliance_search.textChanged.connect(lambda _t: self._compliance_filter())
        self.short_only.toggled.connect(lambda _c: self._compliance_filter())
        self.target.editingFinished.connect(self._target_set)
        self.unit_table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._unit_row_chosen(cur))
        self.buttons["addNeed"].clicked.connect(self._add_need)
        self.need_status.currentIndexChanged.connect(lambda _i: self._fill_needs())
        self.buttons["generateNeeds"].clicked.connect(self._generate_needs)
        self.buttons["approveNeed"].clicked.connect(lambda: self._need_status("disetujui"))
        self.buttons["rejectNeed"].clicked.connect(lambda: self._need_status("ditolak"))
        self.buttons["resetNeed"].clicked.connect(lambda: self._need_status("usulan"))
        self.buttons["editNeed"].clicked.connect(self._edit_need)
        self.buttons["planNeeds"].clicked.connect(self._plan_needs)
        self.needs_table.itemSelectionChanged.connect(self._update_need_buttons)
        self.tabs.currentChanged.connect(lambda i: self.jp_loader.shown() if i == 1 else None)

    def _load_jp_now(self) -> _JpData:
        """In the worker: the compliance list, sorted as the view sorts it."""
        return _load_jp(self.year.value(), self.compliance_model.sort_spec)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.loader.shown()
        if self.tabs.currentIndex() == 1:
            self.jp_loader.shown()

    def focus_first(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.events_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload(self) -> None:
        self.loader.reload()
        self.jp_loader.invalidate()

    def has_unsaved_changes(self) -> bool:
        return self.participant_model.dirty or self.coaching.has_unsaved_changes()

    def current_employee_id(self) -> int | None:
        """The person selected in the list on screen (for the profile)."""
        tab = self.tabs.currentIndex()
        if tab == 0:
            index = self.participants_table.currentIndex()
            return self.participant_model.entries[index.row()].row.employee_id if index.isValid() else None
        if tab == 1:
            index = self.compliance_table.currentIndex()
            return index.data(ID_ROLE) if index.isValid() else None
        if tab == 2:
            rows = self._selected_needs()
            return rows[0].employee_id if rows else None
        participant = self.coaching.selected_participant()
        return participant.employee_id if participant is not None else None

    def _focus_event_search(self) -> None:
        self.event_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.event_search.selectAll()

    def _year_changed(self, year: int) -> None:
        shown = self._data.year if self._data else year  # type: ignore[union-attr]
        if (self.participant_model.dirty and not self._discard_attendance()) or not self.coaching.set_year(year):
            self.year.blockSignals(True)  # what was typed could not be saved: stay on the year it belongs to
            self.year.setValue(shown)
            self.year.blockSignals(False)
            self.coaching.set_year(shown)
            return
        self.loader.reload()
        self.jp_loader.invalidate()

    # ---------------------------------------------------------------------------------------- loaded
    def _loaded(self, d: _Data) -> None:
        self._data = d
        keep_event = self._event.id if self._event else None
        self._reloading = True  # the list is refilled: the same event stays chosen, its unsaved grid too
        try:
            self.events_model.set_rows(d.events)
            if keep_event is None or not select_by_id(self.events_table, self.events_proxy, keep_event):
                if self.events_proxy.rowCount():
                    self.events_table.setCurrentIndex(self.events_proxy.index(0, 0))
        finally:
            self._reloading = False
        self._event_chosen()
        self._update_event_count()
        self._needs = d.needs
        self._fill_needs()
        self._fill_plan_events()
        self.loaded.emit()

    def _jp_loaded(self, d: _JpData) -> None:
        self._jp = d
        self._filling = True
        keep_unit = self.compliance_unit.currentData()
        self.compliance_unit.clear()
        self.compliance_unit.addItem("Semua unit", None)
        for label, uid in unit_items([u for u in d.all_units if u.active]):
            self.compliance_unit.addItem(label, uid)
        self.compliance_unit.setCurrentIndex(max(0, self.compliance_unit.findData(keep_unit)))
        self.target.setValue(d.target)
        self._filling = False
        self.unit_model.set_rows([_UnitRow(u.unit_id, u.unit_name, u.staff, u.meeting, u.share) for u in d.units])
        self._compliance_filter(apply=False)  # the filter is set first: the new rows are filtered once
        presorted = self.compliance_model.sort_spec == d.sort
        self.compliance_model.set_rows(d.rows, d.texts, presorted=presorted)
        self._compliance_summary()

    # ---------------------------------------------------------------------------------------- events
    def _event_predicate(self) -> None:
        kind, method = self.kind_filter.currentData(), self.method_filter.currentData()
        if kind is None and method is None:
            self.events_proxy.set_predicate(None)
        else:
            self.events_proxy.set_predicate(
                lambda r: (kind is None or r.kind == kind) and (method is None or r.method == method))
        self._update_event_count()

    def _update_event_count(self) -> None:
        shown, total = self.events_proxy.rowCount(), self.events_model.rowCount()
        year = self.year.value()
        if not total:
            self.event_count.setText(f"Belum ada kegiatan tahun {year}. Tambah kegiatan (Ctrl+N).")
        else:
            self.event_count.setText(f"{shown} dari {total} kegiatan tahun {year}")

    def current_event(self) -> dev.EventRow | None:
        index = self.events_table.currentIndex()
        if not index.isValid():
            return None
        return self.events_model.row_at(self.events_proxy.mapToSource(index).row())

    def _event_chosen(self) -> None:
        if self._reloading:
            return
        event = self.current_event()
        same = event is not None and self._event is not None and event.id == self._event.id
        if self.participant_model.dirty and self._event is not None and not same:
            if not self._discard_attendance():
                select_by_id(self.events_table, self.events_proxy, self._event.id)
                return
        self._event = event
        has = event is not None
        for name in ("editEvent", "deleteEvent", "addParticipants"):
            self.buttons[name].setEnabled(has)
        if event is None:
            self.event_detail.setText("Pilih kegiatan untuk melihat dan mencatat pesertanya.")
            self.participant_model.set_rows([], 0)
            self._update_attendance_buttons()
            return
        place = f" · {event.location}" if event.location else ""
        comp = f" · kompetensi: {event.competency}" if event.competency else ""
        self.event_detail.setText(
            f"<b>{html.escape(event.title)}</b> — {event.kind_label}, {event.form_label.lower()} ({event.method_label.lower()}), "
            f"{jp_text(event.jp)} JP · {fmt.date(event.start)}–{fmt.date(event.end)} · {html.escape(event.organiser or '—')}"
            f"{html.escape(place)}{html.escape(comp)}")
        if same and self.participant_model.dirty:  # a reload while typing: what was typed stays
            self.participant_model.event_jp = event.jp
            self._update_attendance_buttons()
            return
        try:
            rows = dev.participants(event.id)
        except DomainError as err:
            self._attendancerefusal_text(err.message, ok=False)
            return
        self.participant_model.set_rows(rows, event.jp)
        if not same:
            self._attendancerefusal_text("", ok=True)
        self._update_attendance_buttons()
        self.participants_shown.emit()

    def _update_attendance_buttons(self) -> None:
        has = bool(self.participant_model.entries)
        self.buttons["removeParticipant"].setEnabled(has)
        self.buttons["allAttended"].setEnabled(has)
        self.buttons["saveAttendance"].setEnabled(self.participant_model.dirty)

    def _add_event(self) -> None:
        self._open(EventDialog(self, None, self.year.value()), self._event_saved)

    def _edit_event(self) -> None:
        event = self.current_event()
        if event is not None:
            self._open(EventDialog(self, event, self.year.value()), self._event_saved)

    @staticmethod
    def _open(dialog: FormDialog, on_saved) -> None:
        open_dialog(dialog, lambda: on_saved(dialog.saved))

    def _event_saved(self, row: dev.EventRow) -> None:
        self._event = row  # selected again after the reload
        if row.end.year != self.year.value() and row.start.year != self.year.value():
            self.year.setValue(row.end.year)
        self.hub.announce(changes.DEVELOPMENT)
        if not self.isVisible():
            self.loader.reload()

    def _delete_event(self) -> None:
        event = self.current_event()
        if event is None:
            return
        if event.completed:
            self.prompts.error(self, "Kegiatan tidak dihapus", (
                f"{event.completed} peserta {event.title} sudah tercatat mengikuti; kegiatan ini menjadi bagian riwayat "
                "pengembangan pegawai dan tidak dapat dihapus."))
            return
        who = f" beserta {event.participants} peserta yang direncanakan" if event.participants else ""
        if not self.prompts.confirm(self, "Hapus kegiatan", f"Hapus kegiatan {event.title}{who}?", yes="Hapus"):
            return
        try:
            dev.delete_event(event.id)
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Kegiatan tidak dihapus", refusal_text(err))
            return
        self._event = None
        self.hub.announce(changes.DEVELOPMENT)

    # ------------------------------------------------------------------------------------ participants
    def _add_participants(self) -> None:
        event = self.current_event()
        if event is None or self._data is None:
            return
        if self.participant_model.dirty and not self.save_attendance():
            return
        approved = dev.approved_needs()  # of any year: last year's evaluation is planned this year
        present = {e.row.employee_id for e in self.participant_model.entries}
        dialog = ParticipantsDialog(self, event, empsvc.list_employees(include_inactive=False), self._data.all_units,
                                    approved, present, self.prompts)
        self._open(dialog, self._participants_added)

    def _participants_added(self, result: dev.AddResult) -> None:
        notes = [f"{result.added} peserta ditambahkan."]
        if result.already:
            notes.append(f"Sudah menjadi peserta: {', '.join(result.already[:5])}"
                         + (f" dan {len(result.already) - 5} lainnya." if len(result.already) > 5 else "."))
        if result.inactive:
            notes.append(f"Tidak ditambahkan karena nonaktif: {', '.join(result.inactive)}.")
        self.hub.announce(changes.DEVELOPMENT)
        self._event_chosen()
        self._attendancerefusal_text(" ".join(notes), ok=True)

    def _remove_participants(self) -> None:
        rows = sorted({i.row() for i in self.participants_table.selectionModel().selectedIndexes()})
        if not rows:
            return
        ids = [self.participant_model.entries[r].row.id for r in rows]
        if self.participant_model.dirty and not self.save_attendance():  # what was typed is saved first
            return
        entries = [e for e in self.participant_model.entries if e.row.id in ids]
        done = [e for e in entries if e.status in rules.EARNS_JP]
        if done:
            self.prompts.error(self, "Peserta tidak dihapus", (
                f"{', '.join(e.row.name for e in done[:3])} sudah tercatat mengikuti dan mendapat JP. Bila keliru, ubah "
                "statusnya menjadi Direncanakan, simpan, lalu hapus."))
            return
        names = ", ".join(e.row.name for e in entries[:3]) + (f" dan {len(entries) - 3} lainnya" if len(entries) > 3 else "")
        planned = sum(1 for e in entries if e.row.need_id is not None)
        extra = f" Kebutuhan pelatihan {planned} di antaranya kembali berstatus Disetujui." if planned else ""
        if not self.prompts.confirm(self, "Hapus peserta", f"Hapus {names} dari kegiatan ini?{extra}", yes="Hapus"):
            return
        try:
            for e in entries:
                dev.remove_participant(e.row.id)
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Peserta tidak dihapus", refusal_text(err))
        self.hub.announce(changes.DEVELOPMENT)
        self.participant_model.set_rows(dev.participants(self._event.id), self._event.jp)  # type: ignore[union-attr]
        self._update_attendance_buttons()
        self._attendancerefusal_text(f"{len(entries)} peserta dihapus dari kegiatan.{extra}", ok=True)

    def _all_attended(self) -> None:
        model = self.participant_model
        for r, e in enumerate(model.entries):
            if e.status == "direncanakan":
                model.setData(model.index(r, ParticipantModel.STATUS), "hadir")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.event_search and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.events_table.setFocus(Qt.FocusReason.OtherFocusReason)  # from the search box into the list
            if not self.events_table.currentIndex().isValid() and self.events_proxy.rowCount():
                self.events_table.setCurrentIndex(self.events_proxy.index(0, 0))
            return True
        if obj is self.events_table and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._edit_event()
            return True
        if obj is self.participants_table and event.type() == QEvent.Type.KeyPress:
            index = self.participants_table.currentIndex()
            mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if index.isValid() and index.column() == ParticipantModel.STATUS and not mods and event.key() in STATUS_KEYS:
                rows = {i.row() for i in self.participants_table.selectionModel().selectedIndexes()} or {index.row()}
                for r in sorted(rows):  # the typed status for every selected participant
                    self.participant_model.setData(self.participant_model.index(r, ParticipantModel.STATUS),
                                                   STATUS_KEYS[event.key()])
                return True
            if index.isValid() and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods \
                    and index.column() in (ParticipantModel.JP, ParticipantModel.CERT, ParticipantModel.CERT_DATE,
                                           ParticipantModel.NOTES) \
                    and self.participants_table.state() != QAbstractItemView.State.EditingState:
                self.participant_model.setData(index, "")  # Delete empties the cell (JP: back to the event's)
                return True
            if index.isValid() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods \
                    and self.participants_table.state() != QAbstractItemView.State.EditingState:
                nxt = min(index.row() + 1, self.participant_model.rowCount() - 1)
                self.participants_table.setCurrentIndex(self.participant_model.index(nxt, index.column()))
                return True
        return super().eventFilter(obj, event)

    def _attendance_edited(self) -> None:
        self._update_attendance_buttons()
        _restyle(self.attendance_message, "muted")
        self.attendance_message.setText("Ada perubahan kehadiran yang belum disimpan (Ctrl+S).")

    def _attendancerefusal_text(self, text: str, ok: bool) -> None:
        _restyle(self.attendance_message, "ok" if ok else "error")
        self.attendance_message.setText(text)

    def save_attendance(self) -> bool:
        event, model = self._event, self.participant_model
        if event is None or not model.dirty:
            return True
        problems, rows = [], []
        for e in model.entries:
            if not e.changed():
                continue  # rows nobody touched here are left as they are (another window may be on them)
            jp = None
            if e.jp:
                jp = parse_number(e.jp)
                if jp is None:
                    problems.append(f"{e.row.name}: JP '{e.jp}' bukan angka.")
            cert_date = None
            if e.certificate_date:
                try:
                    cert_date = _parse_date(e.certificate_date)
                except ValueError:
                    problems.append(f"{e.row.name}: tanggal sertifikat '{e.certificate_date}' bukan tanggal dd/mm/yyyy.")
            if jp is not None and e.status not in rules.EARNS_JP:
                problems.append(f"{e.row.name}: JP hanya diakui untuk peserta yang mengikuti atau lulus.")
            rows.append(dev.AttendanceInput(e.row.id, e.status, jp, e.certificate_number, cert_date, e.notes, e.row))
        if problems:
            self._attendancerefusal_text("\n".join(problems), ok=False)
            return False
        try:
            saved = dev.save_attendance(event.id, rows)
        except ValidationError as err:
            self._attendancerefusal_text("\n".join(err.errors.values()), ok=False)
            return False
        except DomainError as err:
            self._attendancerefusal_text(err.message, ok=False)
            return False
        model.set_rows(saved, event.jp)
        self._update_attendance_buttons()
        self._attendancerefusal_text(f"Kehadiran {len(rows)} peserta tersimpan {dt.datetime.now():%H.%M}.", ok=True)
        self.hub.announce(changes.DEVELOPMENT)
        return True

    def _discard_attendance(self) -> bool:
        if self.save_attendance():
            return True
        if self.prompts.confirm(self, "Kehadiran belum tersimpan",
                                f"Kehadiran belum dapat disimpan:\n{self.attendance_message.text()}\n\nBuang perubahan itu?",
                                yes="Buang perubahan", no="Kembali"):
            event = self._event
            if event is not None:
                self.participant_model.set_rows(dev.participants(event.id), event.jp)
            return True
        return False

    # -------------------------------------------------------------------------------------- compliance
    def _compliance_filter(self, apply: bool = True) -> None:
        """Filter the list by unit, words and 'only those short'; ``apply=False`` only sets the filter (the rows
        about to arrive are filtered once, as they come)."""
        if self._filling:
            return
        uid = self.compliance_unit.currentData()
        units = None
        if uid is not None and self._jp is not None:
            units = frozenset(unitsvc.subtree_of([(u.id, u.parent_id) for u in self._jp.all_units], uid))
        self._units_shown = units
        self.compliance_proxy.configure(text=self.compliance_search.text(), units=units,
                                        predicate=_is_short if self.short_only.isChecked() else None)
        if apply:
            self.compliance_proxy.refilter()
            self._compliance_summary()

    def _compliance_summary(self) -> None:
        uid, units = self.compliance_unit.currentData(), self._units_shown
        rows = self.compliance_model.rows()
        if units is not None:
            rows = [r for r in rows if r.unit_id in units]
        staff = len(rows)
        meeting = sum(1 for r in rows if not r.shortfall)
        target = self._jp.target if self._jp else dev.jp_target()
        share = fmt.number(100.0 * meeting / staff, 1).removesuffix(",0") if staff else "0"
        where = self.compliance_unit.currentText().strip() if uid is not None else "seluruh kantor"
        self.compliance_summary.setText(
            f"{fmt.number(meeting)} dari {fmt.number(staff)} pegawai aktif di {where} ({share}%) sudah mencapai "
            f"{target} JP tahun {self.year.value()}; {fmt.number(staff - meeting)} masih kurang. JP dihitung pada tahun "
            "kegiatan selesai; hanya peserta yang mengikuti atau lulus.")
        self.compliance_count.setText(f"Menampilkan {fmt.number(self.compliance_proxy.rowCount())} pegawai")
        self.compliance_shown.emit()

    def show_compliance(self, unit_id: int | None = None) -> None:
        self.tabs.setCurrentIndex(1)
        self.compliance_unit.setCurrentIndex(max(0, self.compliance_unit.findData(unit_id)))

    def _unit_row_chosen(self, current: QModelIndex) -> None:
        if current.isValid():
            unit_id = self.unit_model.row_at(current.row()).id
            self.compliance_unit.setCurrentIndex(max(0, self.compliance_unit.findData(unit_id)))

    def _target_set(self) -> None:
        if self._filling or self._jp is None or self.target.value() == self._jp.target:
            return
        try:
            dev.set_jp_target(self.target.value())
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Target tidak diubah", refusal_text(err))
            self.target.setValue(self._jp.target)
            return
        self.hub.announce(changes.SETTINGS, changes.DEVELOPMENT)

    def _selected_compliance(self) -> dev.ComplianceRow | None:
        index = self.compliance_table.currentIndex()
        if not index.isValid():
            return None
        return self.compliance_model.row_at(self.compliance_proxy.mapToSource(index).row())

    def _add_need(self) -> None:
        r = self._selected_compliance()
        if r is None:
            self.prompts.info(self, "Pilih pegawai", "Pilih pegawai di daftar dulu.")
            return
        year = self.year.value()
        self._open(NeedDialog(self, f"Kebutuhan pelatihan {r.name} ({format_nip(r.nip)}) tahun {year}",
                              lambda comp, kind, note: dev.add_need(r.id, year, comp, kind, note)),
                   lambda _row: self.hub.announce(changes.DEVELOPMENT))

    # ------------------------------------------------------------------------------------------- needs
    def _fill_needs(self) -> None:
        status = self.need_status.currentData()
        rows = [n for n in self._needs if status is None or n.status == status]
        t = self.needs_table
        t.setSortingEnabled(False)
        t.setRowCount(len(rows))
        for r, n in enumerate(rows):
            cells = (n.name, n.unit_name, n.short_source + (f" · {n.period_label}" if n.period_label else ""),
                     n.competency, rules.KINDS.get(n.kind, n.kind), n.status_label, n.planned_event or n.note)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, n.id)
                if c == 2:
                    item.setToolTip(n.source_label)
                if c == 5 and n.status == "ditolak":
                    item.setForeground(_RED)
                t.setItem(r, c, item)
        t.setSortingEnabled(True)
        if self._needs_note:
            self._needsrefusal_text(self._needs_note, ok=True)  # what the last action did, kept through the reload
            self._needs_note = ""
            self._update_need_buttons()
            return
        counts = {s: sum(1 for n in self._needs if n.status == s) for s in dev.NEED_STATUSES}
        summary = ", ".join(f"{counts[s]} {label.lower()}" for s, label in dev.NEED_STATUSES.items() if counts[s])
        if not self._needs:
            self._needsrefusal_text(f"Belum ada kebutuhan pelatihan tahun {self.year.value()}. Tekan 'Usulkan dari hasil "
                                "penilaian' setelah penilaian difinalkan.", ok=True)
        else:
            self._needsrefusal_text(f"{len(self._needs)} kebutuhan: {summary}.", ok=True)
        self._update_need_buttons()

    def _needsrefusal_text(self, text: str, ok: bool) -> None:
        _restyle(self.needs_message, "ok" if ok else "error")
        self.needs_message.setText(text)

    def _selected_needs(self) -> list[dev.NeedRow]:
        ids = {self.needs_table.item(i.row(), 0).data(Qt.ItemDataRole.UserRole)
               for i in self.needs_table.selectionModel().selectedRows()}
        return [n for n in self._needs if n.id in ids]

    def _update_need_buttons(self) -> None:
        chosen = self._selected_needs()
        statuses = {n.status for n in chosen}
        self.buttons["approveNeed"].setEnabled(bool(chosen) and statuses <= {"usulan", "ditolak"})
        self.buttons["rejectNeed"].setEnabled(bool(chosen) and statuses <= {"usulan", "disetujui"})
        self.buttons["resetNeed"].setEnabled(bool(chosen) and statuses <= {"disetujui", "ditolak"})
        self.buttons["editNeed"].setEnabled(len(chosen) == 1)
        self.buttons["planNeeds"].setEnabled(bool(chosen) and statuses == {"disetujui"} and self.plan_event.count() > 0)

    def _fill_plan_events(self) -> None:
        """Events not ended yet, of any year, soonest first (the default): what a need can still be planned into."""
        keep = self.plan_event.currentData()
        self.plan_event.clear()
        for e in dev.upcoming_events():
            self.plan_event.addItem(f"{e.title} ({fmt.date(e.start)}–{fmt.date(e.end)})", e.id)
        self.plan_event.setCurrentIndex(max(0, self.plan_event.findData(keep)))
        if not self.plan_event.count():
            self.plan_event.addItem("Belum ada kegiatan mendatang: tambah dulu di tab Kegiatan", None)

    def _generate_needs(self) -> None:
        try:
            result = dev.generate_needs(self.year.value())
        except (ValidationError, DomainError) as err:
            self._needsrefusal_text(refusal_text(err), ok=False)
            return
        self.hub.announce(changes.DEVELOPMENT)
        self.prompts.info(self, "Usulan kebutuhan pelatihan", (
            f"{result.created} usulan baru dari {result.evaluations} penilaian final tahun {self.year.value()}."
            + (f" {result.existing} usulan sudah ada sebelumnya dan tidak diubah." if result.existing else "")))

    def _need_status(self, status: str) -> None:
        chosen = self._selected_needs()
        if not chosen:
            return
        note = ""
        if status == "ditolak":
            answer = self.prompts.ask_text(self, "Tolak usulan", f"Alasan menolak {len(chosen)} usulan kebutuhan pelatihan:")
            if answer is None:
                return
            note = answer
        try:
            n = dev.set_need_status([c.id for c in chosen], status, note)
        except (ValidationError, DomainError) as err:
            self._needsrefusal_text(refusal_text(err), ok=False)
            return
        self._needs_note = f"{n} usulan {dev.NEED_STATUSES[status].lower()}."
        self._needsrefusal_text(self._needs_note, ok=True)
        self.hub.announce(changes.DEVELOPMENT)

    def _edit_need(self) -> None:
        chosen = self._selected_needs()
        if len(chosen) != 1:
            return
        n = chosen[0]
        self._open(NeedDialog(self, f"Kebutuhan pelatihan {n.name} ({n.source_label})",
                              lambda comp, kind, note: dev.update_need(n.id, comp, kind, note),
                              n.competency, n.kind, n.note),
                   lambda _row: self.hub.announce(changes.DEVELOPMENT))

    def _plan_needs(self) -> None:
        chosen, event_id = self._selected_needs(), self.plan_event.currentData()
        if not chosen or event_id is None:
            return
        try:
            result = dev.plan_needs([c.id for c in chosen], event_id)
        except (ValidationError, DomainError) as err:
            self._needsrefusal_text(refusal_text(err), ok=False)
            return
        self._needs_note = (f"{result.added} usulan direncanakan ke {self.plan_event.currentText()}."
                            + (f" Sudah menjadi peserta, tidak direncanakan: {', '.join(result.already)}."
                               if result.already else ""))
        self._needsrefusal_text(self._needs_note, ok=True)
        self.hub.announce(changes.DEVELOPMENT)


def _is_short(r: dev.ComplianceRow) -> bool:
    return bool(r.shortfall)




