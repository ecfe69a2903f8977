"""Halaman SKP: who has a plan for the year, the plan itself (hasil kerja, perilaku, lampiran), its
workflow to approval and its versions, the cascade of a unit, and the printable form."""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from asn_desktop.services import units as unitsvc
from asn_desktop.services import workplans as wp
from asn_desktop.services.common import DomainError, ValidationError
from asn_desktop.services.database import office_name
from asn_desktop.services.employees import format_nip

from . import changes, fmt
from .dialogs import open_dialog, unit_items
from .employee_model import Columns, EmployeeFilterProxy, RowTableModel, select_by_id, sorted_rows
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

CORE_VALUES = wp.rules.CORE_VALUES
RHK_KINDS = wp.rules.RHK_KINDS
ASPECTS = wp.rules.ASPECTS
NO_SKP = "belum"  # the status filter's key for "no SKP yet"
STATUS_FILTERS = (("Semua status", None), ("Belum ada SKP", NO_SKP)) + tuple(
    (s.label, s.value) for s in wp.Status
)
_STATUS_COLOR = {
    None: "#9a3412", "draf": "#6b7280", "diajukan": "#1d4ed8", "dikembalikan": "#b45309", "disetujui": "#15803d",
}
ITEM_ROLE = Qt.ItemDataRole.UserRole + 10


# --------------------------------------------------------------------------------------------- the list
class SkpListRow(NamedTuple):
    """One employee and the state of their SKP for the year (a tuple: 10,000 are made on every load)."""

    id: int  # employee id
    name: str
    nip: str
    position_title: str
    unit_name: str
    penilai_name: str
    skp_id: int | None
    status: str | None  # Status value, None: no SKP yet
    version: int
    active: bool = True
    unit_id: int = 0

    @property
    def status_label(self) -> str:
        if self.status is None:
            return "Belum ada"
        label = wp.Status(self.status).label
        return f"{label} (versi {self.version})" if self.version > 1 else label


SKP_COLUMNS = Columns(
    headers=("Nama", "Status SKP", "NIP", "Jabatan", "Unit", "Pejabat penilai"),
    text={
        0: lambda r: r.name, 1: lambda r: r.status_label, 2: lambda r: format_nip(r.nip),
        3: lambda r: r.position_title, 4: lambda r: r.unit_name, 5: lambda r: r.penilai_name or "—",
    },
    sort_key={
        0: lambda r: r.name.lower(), 1: lambda r: [None, "draf", "dikembalikan", "diajukan", "disetujui"].index(r.status),
        2: lambda r: r.nip, 3: lambda r: r.position_title.lower(), 4: lambda r: r.unit_name.lower(),
        5: lambda r: r.penilai_name.lower(),
    },
    search_text=lambda r: f"{r.name}\n{r.nip}\n{format_nip(r.nip)}\n{r.position_title}\n{r.unit_name}".lower(),
    tie_key=lambda r: r.name.lower(),
    default_sort=(0, Qt.SortOrder.AscendingOrder),
)


STATUS_COLUMN = 1


class SkpListModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(SKP_COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == STATUS_COLUMN and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(_STATUS_COLOR[self._rows[index.row()].status]))
        return super().data(index, role)


@dataclass(frozen=True)
class _ListData:
    units: list[unitsvc.UnitRow]
    rows: list[SkpListRow]  # in the list's sort order, with ...
    texts: list[str]  # ... their search texts: made in the worker, the GUI thread only shows them
    sort: tuple[int, Qt.SortOrder]


def _load_list(year: int, unit_id: int | None, sort: tuple[int, Qt.SortOrder]) -> _ListData:
    rows = [
        SkpListRow(o.employee_id, o.name, o.nip, o.position_title, o.unit_name, o.penilai_name, o.skp_id,
                   o.status.value if o.status else None, o.version)
        for o in wp.overview(year, unit_id)
    ]
    ordered, texts = sorted_rows(rows, None, sort, SKP_COLUMNS)
    return _ListData(unitsvc.list_units(), ordered, texts, sort)


# ------------------------------------------------------------------------------------- the plan editor
class _ChoiceDelegate(QStyledItemDelegate):
    """Editing the plan tree's cells: 'Jenis / aspek' is a choice (utama/tambahan for an RHK row, the
    four aspects for an IKI row); an RHK row has no target; the link is set with the list below the tree.
    Tab and Shift+Tab move to the next or previous cell of the same row, still editing."""

    EDITABLE = {"rhk": (0, 1), "iki": (0, 1, 2, 3)}

    def __init__(self, view: QTreeWidget):
        super().__init__(view)
        self._view = view
        self._index_of: dict[int, QPersistentModelIndex] = {}

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt API)
        kind = (index.siblingAtColumn(0).data(ITEM_ROLE) or {}).get("type", "iki")
        if index.column() not in self.EDITABLE[kind]:
            return None
        if index.column() == 1:
            editor: QWidget = QComboBox(parent)
            for code, label in (RHK_KINDS if kind == "rhk" else ASPECTS).items():
                editor.addItem(label, code)
        else:
            editor = super().createEditor(parent, option, index)
        self._index_of[id(editor)] = QPersistentModelIndex(index)
        editor.destroyed.connect(lambda _o=None, key=id(editor): self._index_of.pop(key, None))
        return editor

    def setEditorData(self, editor, index):  # noqa: N802 (Qt API)
        if isinstance(editor, QComboBox):
            i = editor.findText(index.data() or "")
            editor.setCurrentIndex(max(i, 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802 (Qt API)
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:
            super().setModelData(editor, model, index)

    def _edit(self, target: QPersistentModelIndex) -> None:
        if target.isValid():
            index = QModelIndex(target)
            item = self._view.itemFromIndex(index)
            self._view.setCurrentItem(item, index.column())
            self._view.editItem(item, index.column())

    def eventFilter(self, editor, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            stored = self._index_of.get(id(editor))
            if stored is not None and stored.isValid():
                index = QModelIndex(stored)
                kind = (index.siblingAtColumn(0).data(ITEM_ROLE) or {}).get("type", "iki")
                columns = self.EDITABLE[kind]
                step = -1 if event.key() == Qt.Key.Key_Backtab else 1
                position = columns.index(index.column()) + step if index.column() in columns else -1
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                if 0 <= position < len(columns):
                    target = QPersistentModelIndex(index.siblingAtColumn(columns[position]))
                    QTimer.singleShot(0, lambda: self._edit(target))
                return True
        return super().eventFilter(editor, event)


def parse_number(text: str) -> float | None:
    """A number as people type it here: ``1.234,5``, ``90``, ``12,5`` (``None`` if it is not one)."""
    t = text.strip().replace(" ", "")
    if not t:
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif t.count(".") > 1 or (t.count(".") == 1 and len(t.split(".")[1]) == 3 and t.split(".")[0] not in ("", "0")):
        t = t.replace(".", "")  # 1.000 is a thousand (0.125 stays a fraction)
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # "inf", "1e400" are not numbers anyone means


def format_number(value: float) -> str:
    return fmt.number(value) if float(value).is_integer() else fmt.number(value, 2).rstrip("0").rstrip(",")


class SkpPage(QWidget):
    loaded = Signal()  # the list shows the database as it is now
    plan_shown = Signal()  # the plan of the selected employee is on screen

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = load_into(self, "skp_page.ui")
        f = self.form
        child(f, QLabel, "titleLabel").setProperty("role", "title")
        self.year = child(f, QSpinBox, "yearSpin")
        self.unit = child(f, QComboBox, "unitCombo")
        self.search = child(f, QLineEdit, "searchEdit")
        self.status_filter = child(f, QComboBox, "statusFilterCombo")
        self.table = child(f, QTableView, "listTable")
        self.count_label = child(f, QLabel, "countLabel")
        self.main_tabs = child(f, QTabWidget, "mainTabs")
        self.header_label = child(f, QLabel, "headerLabel")
        self.version = child(f, QComboBox, "versionCombo")
        self.version.setMinimumWidth(190)
        self.status_label = child(f, QLabel, "statusLabel")
        self.actor = child(f, QComboBox, "actorCombo")
        self.start_pane = child(f, QWidget, "startPane")
        self.start_label = child(f, QLabel, "startLabel")
        self.start_empty = child(f, QPushButton, "startEmptyButton")
        self.start_last_year = child(f, QPushButton, "startLastYearButton")
        self.start_penilai = child(f, QPushButton, "startPenilaiButton")
        self.plan_tabs = child(f, QTabWidget, "planTabs")
        self.approach = child(f, QComboBox, "approachCombo")
        self.tree = child(f, QTreeWidget, "planTree")
        self.link = child(f, QComboBox, "linkCombo")
        self.actions = child(f, QTableWidget, "actionsTable")
        self.perilaku = child(f, QTableWidget, "perilakuTable")
        self.dukungan = child(f, QPlainTextEdit, "dukunganEdit")
        self.skema = child(f, QPlainTextEdit, "skemaEdit")
        self.konsekuensi = child(f, QPlainTextEdit, "konsekuensiEdit")
        self.history = child(f, QTableWidget, "historyTable")
        self.message = child(f, QLabel, "messageLabel")
        self.buttons = {
            name: child(f, QPushButton, f"{name}Button")
            for name in ("save", "submit", "withdraw", "return", "approve", "revise", "addUtama", "addTambahan",
                         "addIki", "copyIki", "up", "down", "remove", "print", "excel")
        }
        self.cascade_tree = child(f, QTreeWidget, "cascadeTree")
        self.cascade_label = child(f, QLabel, "cascadeLabel")
        self.print_view = child(f, QTextBrowser, "printView")
        splitter = child(f, QSplitter, "splitter")
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])

        self.year.setValue(dt.date.today().year)
        self.unit.addItem("Semua unit", None)
        for label, code in STATUS_FILTERS:
            self.status_filter.addItem(label, code)
        for code, label in wp.rules.APPROACHES.items():
            self.approach.addItem(label, code)

        self.model = SkpListModel(self)
        self.proxy = EmployeeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.configure(include_inactive=True)
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((210, 150, 185, 200, 180, 180)):
            self.table.setColumnWidth(col, width)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.tree.setItemDelegate(_ChoiceDelegate(self.tree))
        # drag and drop reorders: the page decides where a dragged row may land (see _dropped)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.viewport().setAcceptDrops(True)
        self.tree.viewport().installEventFilter(self)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 105), (2, 80), (3, 150), (4, 210)):  # the text gets the rest of the width
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(col, width)
        cascade_header = self.cascade_tree.header()
        cascade_header.setStretchLastSection(False)
        cascade_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 200), (2, 100), (3, 210)):
            cascade_header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.cascade_tree.setColumnWidth(col, width)
        self._setup_perilaku()

        self._units: list[unitsvc.UnitRow] = []
        self._view: wp.SkpView | None = None
        self._row: SkpListRow | None = None
        self._dirty = False
        self._filling = False
        self._filling_actions = False
        self._editable = False
        self._expectations_only = False
        self._reselect: int | None = None
        self._link_options: list[wp.LinkOption] = []
        self.loader = PageData(
            self, hub, background,
            lambda: _load_list(self.year.value(), self.unit.currentData(), self.model.sort_spec),
            self._loaded, lambda err: self.prompts.error(self, "Daftar SKP tidak dapat dimuat", str(err)),
            areas=frozenset({changes.EMPLOYEES, changes.UNITS, changes.SKP}),
        )

        self._year_shown = self.year.value()
        self.year.valueChanged.connect(self._year_changed)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.search.textChanged.connect(lambda text: self._refilter(text=text))
        self.status_filter.currentIndexChanged.connect(lambda _i: self._refilter())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.version.activated.connect(self._version_chosen)
        self.actor.currentIndexChanged.connect(lambda _i: (self._update_actions(), self._show_selected_rhk()))
        self.start_empty.clicked.connect(lambda: self._start(wp.START_EMPTY))
        self.start_last_year.clicked.connect(lambda: self._start(wp.START_LAST_YEAR))
        self.start_penilai.clicked.connect(lambda: self._start(wp.START_PENILAI))
        self.tree.itemChanged.connect(self._tree_edited)
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected_rhk())
        self.link.activated.connect(self._link_chosen)
        self.actions.itemChanged.connect(self._action_edited)
        self.perilaku.itemChanged.connect(lambda _i: self._mark_dirty())
        self.approach.activated.connect(lambda _i: self._mark_dirty())
        for edit in (self.dukungan, self.skema, self.konsekuensi):
            edit.textChanged.connect(self._mark_dirty)
        b = self.buttons
        b["save"].clicked.connect(self.save)
        b["submit"].clicked.connect(lambda: self._step("submit"))
        b["withdraw"].clicked.connect(lambda: self._step("withdraw"))
        b["approve"].clicked.connect(lambda: self._step("approve"))
        b["return"].clicked.connect(self._return)
        b["revise"].clicked.connect(self._revise)
        b["addUtama"].clicked.connect(lambda: self.add_rhk("utama"))
        b["addTambahan"].clicked.connect(lambda: self.add_rhk("tambahan"))
        b["addIki"].clicked.connect(self.add_iki)
        b["copyIki"].clicked.connect(self.copy_iki)
        b["up"].clicked.connect(lambda: self.move_current(-1))
        b["down"].clicked.connect(lambda: self.move_current(1))
        b["remove"].clicked.connect(self.remove_current)
        b["print"].clicked.connect(self._print)
        b["excel"].clicked.connect(self.export_form)
        self.main_tabs.currentChanged.connect(lambda _i: self._tab_changed())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self._print)
        QShortcut(QKeySequence("Ctrl+I"), self, activated=self.add_iki)
        # these act on the tree's rows: only while the tree itself has the keyboard
        for keys, slot in ((QKeySequence("Alt+Up"), lambda: self.move_current(-1)),
                           (QKeySequence("Alt+Down"), lambda: self.move_current(1)),
                           (QKeySequence(QKeySequence.StandardKey.Delete), self.remove_current)):
            QShortcut(keys, self.tree, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)
        self._show_plan(None)

    # ---------------------------------------------------------------------------------------- list
    def reload(self) -> None:
        self.loader.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.loader.shown()

    def focus_first(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _loaded(self, data: _ListData) -> None:
        selected = self._row.id if self._row else self._reselect
        self._reselect = None
        if data.units != self._units:
            self._units = data.units
            current = self.unit.currentData()
            self.unit.blockSignals(True)
            self.unit.clear()
            self.unit.addItem("Semua unit", None)
            for label, uid in unit_items(data.units):
                self.unit.addItem(label, uid)
            i = self.unit.findData(current)
            self.unit.setCurrentIndex(max(i, 0))
            self.unit.blockSignals(False)
        self.model.set_rows(data.rows, data.texts, presorted=data.sort == self.model.sort_spec)
        self._refilter()
        if selected is not None:
            self.select_employee(selected)
        self.loaded.emit()

    def _year_changed(self, year: int) -> None:
        if year == self._year_shown:
            return
        if self._dirty and not self.prompts.confirm(
            self, "Perubahan belum disimpan", "SKP yang terbuka memiliki perubahan yang belum disimpan. Buang?",
            yes="Buang",
        ):
            self.year.blockSignals(True)
            self.year.setValue(self._year_shown)
            self.year.blockSignals(False)
            return
        self._year_shown = year
        self._dirty = False
        self._reselect = self._row.id if self._row else None  # the same person, in the new year's list
        self._row = None
        self._show_plan(None)
        self.loader.reload()

    def _unit_changed(self) -> None:
        self.loader.reload()
        if self.main_tabs.currentWidget() is child(self.form, QWidget, "cascadeTab"):
            self._show_cascade()

    def _refilter(self, text: str | None = None) -> None:
        wanted = self.status_filter.currentData()
        predicate = None if wanted is None else (
            (lambda r: r.status is None) if wanted == NO_SKP else (lambda r: r.status == wanted)
        )
        self.proxy.configure(text=text if text is not None else self.search.text())
        self.proxy.set_predicate(predicate)
        counts: dict[str | None, int] = {}
        for r in self.model.rows():
            counts[r.status] = counts.get(r.status, 0) + 1
        parts = [f"{fmt.number(counts.get(None, 0))} belum ada"] + [
            f"{fmt.number(counts.get(s.value, 0))} {s.label.lower()}" for s in wp.Status
        ]
        self.count_label.setText(
            f"Menampilkan {fmt.number(self.proxy.rowCount())} dari {fmt.number(self.model.rowCount())} pegawai · "
            + ", ".join(parts)
        )

    def select_employee(self, employee_id: int) -> bool:
        return select_by_id(self.table, self.proxy, employee_id)

    def current_employee_id(self) -> int | None:
        """The employee selected in the list: the main window opens their profile (Ctrl+Shift+P)."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()).id if rows else None

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.model.row_at(self.proxy.mapToSource(current).row())
        if self._row is not None and row.id == self._row.id:
            return
        if self._dirty and not self.prompts.confirm(
            self, "Perubahan belum disimpan",
            f"SKP {self._row.name if self._row else ''} memiliki perubahan yang belum disimpan. Buang perubahan itu?",
            yes="Buang",
        ):
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.selectionModel().blockSignals(False)
            return
        self._row = row
        self._open_current()

    # ---------------------------------------------------------------------------------- plan shown
    def _open_current(self, skp_id: int | None = None) -> None:
        row = self._row
        if row is None:
            self._show_plan(None)
            return
        try:
            view = wp.get_skp(skp_id) if skp_id else wp.open_skp(row.id, self.year.value())
        except DomainError as err:
            self.prompts.error(self, "SKP tidak dapat dibuka", err.message)
            return
        self._show_plan(view)

    def _show_plan(self, view: wp.SkpView | None) -> None:
        self._commit_open_editors(commit=False)
        self._view = view
        self._filling = True
        row = self._row
        has_plan = view is not None
        self.start_pane.setVisible(row is not None and not has_plan)
        self.plan_tabs.setVisible(has_plan)
        for name in ("versionLabel", "versionCombo", "statusLabel", "actorLabel", "actorCombo"):
            child(self.form, QWidget, name).setVisible(has_plan)
        self.version.clear()
        self.message.clear()
        if row is None:
            self.header_label.setText("Pilih pegawai di daftar kiri untuk membuka SKP-nya.")
        elif view is None:
            self.header_label.setText(f"<b>{html.escape(row.name)}</b> · {format_nip(row.nip)}")
            self.start_label.setText(
                f"{html.escape(row.name)} belum memiliki SKP tahun {self.year.value()}. Mulai dengan:"
            )
        if view is not None:
            h = view.header
            self.header_label.setText(self._header_html(h))
            for skp_id, number, status in wp.versions(h.employee_id, h.year):
                self.version.addItem(f"Versi {number} · {status.label}", skp_id)
            self.version.setCurrentIndex(self.version.findData(h.id))
            self.status_label.setText(
                f"<b style='color:{_STATUS_COLOR[h.status.value]}'>{h.status.label}</b>"
                + ("" if h.current else " · versi lama, hanya dibaca")
            )
            self._link_options = wp.link_options(h.id)
            self._fill_tree(view)
            self._fill_perilaku(view.plan)
            self.dukungan.setPlainText(view.plan.dukungan_sumber_daya)
            self.skema.setPlainText(view.plan.skema_pertanggungjawaban)
            self.konsekuensi.setPlainText(view.plan.konsekuensi)
            self.approach.setCurrentIndex(max(self.approach.findData(view.plan.approach), 0))
            self._fill_history(view)
        else:
            self.status_label.clear()
            self.tree.clear()
        self._fill_actors()
        self._filling = False
        self._dirty = False
        self._update_actions()
        self._show_selected_rhk()
        if self.main_tabs.currentWidget() is child(self.form, QWidget, "printTab"):
            self._show_print()
        self.plan_shown.emit()

    @staticmethod
    def _header_html(h: wp.SkpHeader) -> str:
        def person(title: str, name: str, nip: str, position: str) -> str:
            if not name:
                return f"<td><b>{title}</b><br>—</td>"
            return (f"<td><b>{title}</b><br>{html.escape(name)}<br>NIP {format_nip(nip)}<br>"
                    f"{html.escape(position)}</td>")

        return (
            "<table cellspacing='0' cellpadding='4'><tr>"
            + person("Pegawai", h.employee_name, h.employee_nip,
                     f"{h.employee_position} · {h.employee_unit} · {h.employee_golongan}")
            + person("Pejabat penilai kinerja", h.penilai_name, h.penilai_nip, h.penilai_position)
            + person("Atasan pejabat penilai", h.atasan_name, h.atasan_nip, h.atasan_position)
            + f"</tr></table>SKP tahun {h.year}"
            + (f" · revisi: {html.escape(h.revision_reason)}" if h.revision_reason else "")
        )

    def _fill_actors(self) -> None:
        self.actor.blockSignals(True)
        previous = self.actor.currentIndex()
        self.actor.clear()
        self.actor.addItem("Operator kepegawaian", wp.OPERATOR)
        if self._view is not None:
            h = self._view.header
            self.actor.addItem(f"{h.employee_name} (pegawai)", wp.Actor(h.employee_id))
            if h.penilai_id is not None:
                self.actor.addItem(f"{h.penilai_name} (pejabat penilai)", wp.Actor(h.penilai_id))
        self.actor.setCurrentIndex(previous if 0 <= previous < self.actor.count() else 0)
        self.actor.blockSignals(False)

    def current_actor(self) -> wp.Actor:
        return self.actor.currentData() or wp.OPERATOR

    def _update_actions(self) -> None:
        view = self._view
        editable = view is not None and view.header.current and view.header.status.editable
        status = view.header.status if view else None
        actor = self.current_actor()
        h = view.header if view else None
        is_penilai = h is not None and (
            actor.employee_id == h.penilai_id if h.penilai_id is not None else actor.operator
        )
        is_owner = h is not None and (actor.operator or actor.employee_id == h.employee_id)
        current = view is not None and view.header.current
        b = self.buttons
        # the penilai writes the ekspektasi khusus pimpinan (Perilaku kerja) until the plan is approved
        self._expectations_only = (
            current and status in (wp.Status.DRAF, wp.Status.DIKEMBALIKAN, wp.Status.DIAJUKAN)
            and is_penilai and not (editable and is_owner)
        )
        b["save"].setEnabled((editable and is_owner) or self._expectations_only)
        b["submit"].setEnabled(current and status in (wp.Status.DRAF, wp.Status.DIKEMBALIKAN) and is_owner)
        b["withdraw"].setEnabled(current and status is wp.Status.DIAJUKAN and is_owner)
        b["approve"].setEnabled(current and status is wp.Status.DIAJUKAN and is_penilai)
        b["return"].setEnabled(current and status is wp.Status.DIAJUKAN and is_penilai)
        b["revise"].setEnabled(current and status is wp.Status.DISETUJUI)
        for name in ("addUtama", "addTambahan", "addIki", "copyIki", "up", "down", "remove"):
            b[name].setEnabled(editable and is_owner)
        for widget in (self.approach, self.link, self.dukungan, self.skema, self.konsekuensi):
            widget.setEnabled(editable and is_owner)
        for edit in (self.dukungan, self.skema, self.konsekuensi):
            edit.setReadOnly(not (editable and is_owner))
        self._editable = editable and is_owner
        # cells are typed in only by someone who may change the plan, and only while it may change
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            if self._editable else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self._set_perilaku_editable(self._editable or self._expectations_only)

    # ------------------------------------------------------------------------------- hasil kerja tree
    def _fill_tree(self, view: wp.SkpView) -> None:
        self.tree.clear()
        texts = {o.id: o.text for o in self._link_options} | view.link_texts
        for r in view.plan.rhk:
            self._add_rhk_item(r.kind, r.text, r.id, r.parent_rhk_id, dict(r.actions), texts, [
                (k.aspect, k.text, k.target_value, k.target_unit, k.target_text) for k in r.iki
            ])
        self.tree.expandAll()

    def _add_rhk_item(self, kind, text, rhk_id, parent_id, actions, texts, iki, index: int | None = None):
        item = QTreeWidgetItem()
        item.setData(0, ITEM_ROLE, {"type": "rhk", "id": rhk_id, "parent": parent_id, "actions": actions})
        item.setText(0, text)
        item.setToolTip(0, text)
        item.setText(1, RHK_KINDS[kind])
        item.setText(4, texts.get(parent_id, "") if parent_id else "—")
        item.setToolTip(4, item.text(4))
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if index is None:
            self.tree.addTopLevelItem(item)
        else:
            self.tree.insertTopLevelItem(index, item)
        for aspect, itext, value, unit, ttext in iki:
            self._add_iki_item(item, aspect, itext, value, unit, ttext)
        return item

    def _add_iki_item(self, rhk_item, aspect, text, value, unit, target_text, index: int | None = None):
        item = QTreeWidgetItem()
        item.setData(0, ITEM_ROLE, {"type": "iki"})
        item.setText(0, text)
        item.setToolTip(0, text)
        item.setText(1, ASPECTS.get(aspect, aspect))
        item.setText(2, format_number(value) if value is not None else "")
        item.setText(3, unit if value is not None else target_text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if index is None:
            rhk_item.addChild(item)
        else:
            rhk_item.insertChild(index, item)
        return item

    def _tree_edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling:
            return
        if column == 4:  # not typed: set through the link list
            return
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        if not self._filling and self._view is not None:
            self._dirty = True
            self.message.clear()

    def _rhk_item(self, item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        if item is None:
            return None
        return item if item.parent() is None else item.parent()

    def add_rhk(self, kind: str) -> None:
        if not self._editable:
            return
        # utama first, tambahan after: a new utama goes after the last utama
        index = None
        if kind == "utama":
            index = next((i for i in range(self.tree.topLevelItemCount())
                          if self.tree.topLevelItem(i).text(1) == RHK_KINDS["tambahan"]), None)
        item = self._add_rhk_item(kind, "", None, None, {}, {}, [], index)
        self._mark_dirty()
        self.tree.setCurrentItem(item, 0)
        self.tree.editItem(item, 0)

    def add_iki(self) -> None:
        if not self._editable:
            return
        rhk = self._rhk_item(self.tree.currentItem())
        if rhk is None:
            self.message.setText("Pilih RHK lebih dahulu, lalu tambahkan indikatornya.")
            return
        item = self._add_iki_item(rhk, "kuantitas", "", None, "", "")
        rhk.setExpanded(True)
        self._mark_dirty()
        self.tree.setCurrentItem(item, 0)
        self.tree.editItem(item, 0)

    def copy_iki(self) -> None:
        current = self.tree.currentItem()
        if not self._editable or current is None or current.parent() is None:
            self.message.setText("Pilih indikator (IKI) yang akan disalin.")
            return
        rhk = current.parent()
        copy = current.clone()
        rhk.insertChild(rhk.indexOfChild(current) + 1, copy)
        self._mark_dirty()
        self.tree.setCurrentItem(copy, 0)

    def move_current(self, step: int) -> None:
        item = self.tree.currentItem()
        if not self._editable or item is None:
            return
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            target = index + step
            if not 0 <= target < self.tree.topLevelItemCount():
                return
            if self.tree.topLevelItem(target).text(1) != item.text(1):
                return  # utama stay before tambahan
            expanded = item.isExpanded()
            self.tree.takeTopLevelItem(index)
            self.tree.insertTopLevelItem(target, item)
            item.setExpanded(expanded)
        else:
            index = parent.indexOfChild(item)
            target = index + step
            if not 0 <= target < parent.childCount():
                return
            parent.takeChild(index)
            parent.insertChild(target, item)
        self._mark_dirty()
        self.tree.setCurrentItem(item, 0)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if obj is self.tree.viewport() and event.type() == QEvent.Type.Drop:
            self._dropped(event)
            return True
        return super().eventFilter(obj, event)

    def _dropped(self, event: QDropEvent) -> None:
        dragged = self.tree.currentItem()
        target = self.tree.itemAt(event.position().toPoint())
        below = self.tree.dropIndicatorPosition() == QAbstractItemView.DropIndicatorPosition.BelowItem
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the page moves the row itself
        event.accept()
        if self._editable and dragged is not None and target is not None and dragged is not target:
            self.move_to(dragged, target, after=below)

    def move_to(self, item: QTreeWidgetItem, target: QTreeWidgetItem, after: bool = False) -> None:
        """Where a dragged row lands: an RHK before (or after) the RHK dropped on, among its own kind;
        an IKI before (or after) the IKI dropped on, or at the end of the RHK dropped on."""
        if item.parent() is None:
            target_rhk = target if target.parent() is None else target.parent()
            if target_rhk is item or target_rhk.text(1) != item.text(1):
                return  # utama stay with utama, tambahan with tambahan
            expanded = item.isExpanded()
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
            self.tree.insertTopLevelItem(self.tree.indexOfTopLevelItem(target_rhk) + (1 if after else 0), item)
            item.setExpanded(expanded)
        else:
            item.parent().removeChild(item)
            if target.parent() is None:
                target.addChild(item)
                target.setExpanded(True)
            else:
                parent = target.parent()
                parent.insertChild(parent.indexOfChild(target) + (1 if after else 0), item)
        self._mark_dirty()
        self.tree.setCurrentItem(item, 0)

    def remove_current(self) -> None:
        item = self.tree.currentItem()
        if not self._editable or item is None:
            return
        what = "RHK ini beserta indikatornya" if item.parent() is None else "indikator ini"
        if not self.prompts.confirm(self, "Hapus", f"Hapus {what}?\n{item.text(0)}", yes="Hapus"):
            return
        if item.parent() is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            item.parent().removeChild(item)
        self._mark_dirty()

    # ---------------------------------------------------------------------- link and rencana aksi
    def _show_selected_rhk(self) -> None:
        rhk = self._rhk_item(self.tree.currentItem())
        self._filling_actions = True
        self.link.clear()
        if not self._link_options and self._view is not None and self._view.links_required:
            h = self._view.header
            self.link.addItem(f"— SKP {h.year} pejabat penilai ({h.penilai_name}) belum disetujui —", None)
        else:
            self.link.addItem("— tidak dikaitkan —", None)
        for o in self._link_options:
            self.link.addItem(f"{RHK_KINDS[o.kind]}: {o.text}", o.id)
        labels = wp.period_labels()
        self.actions.clear()
        self.actions.setColumnCount(2)
        self.actions.setHorizontalHeaderLabels(["Periode", "Rencana aksi"])
        self.actions.horizontalHeader().setStretchLastSection(True)
        self.actions.verticalHeader().hide()
        if rhk is None:
            self.actions.setRowCount(0)
            self.link.setEnabled(False)
            self._filling_actions = False
            return
        data = rhk.data(0, ITEM_ROLE)
        i = self.link.findData(data.get("parent"))
        self.link.setCurrentIndex(max(i, 0))
        self.link.setEnabled(self._editable)
        self.actions.setRowCount(len(labels))
        for row, label in enumerate(labels):
            period = QTableWidgetItem(label)
            period.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.actions.setItem(row, 0, period)
            text = QTableWidgetItem(data["actions"].get(row + 1, ""))
            if not self._editable:
                text.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.actions.setItem(row, 1, text)
        self.actions.resizeColumnToContents(0)
        self._filling_actions = False

    def _link_chosen(self, _index: int) -> None:
        rhk = self._rhk_item(self.tree.currentItem())
        if rhk is None:
            return
        data = dict(rhk.data(0, ITEM_ROLE))
        data["parent"] = self.link.currentData()
        self._filling = True
        rhk.setData(0, ITEM_ROLE, data)
        text = self.link.currentText().split(": ", 1)[-1] if data["parent"] else "—"
        rhk.setText(4, text)
        rhk.setToolTip(4, text)
        self._filling = False
        self._mark_dirty()

    def _action_edited(self, item: QTableWidgetItem) -> None:
        if self._filling_actions or item.column() != 1:
            return
        rhk = self._rhk_item(self.tree.currentItem())
        if rhk is None:
            return
        data = dict(rhk.data(0, ITEM_ROLE))
        actions = dict(data["actions"])
        actions[item.row() + 1] = item.text()
        data["actions"] = actions
        self._filling = True
        rhk.setData(0, ITEM_ROLE, data)
        self._filling = False
        self._mark_dirty()

    # ---------------------------------------------------------------------------------- perilaku
    def _setup_perilaku(self) -> None:
        t = self.perilaku
        t.setColumnCount(3)
        t.setHorizontalHeaderLabels(["Perilaku kerja", "Panduan perilaku", "Ekspektasi khusus pimpinan"])
        t.verticalHeader().hide()
        t.setRowCount(len(CORE_VALUES))
        for row, value in enumerate(CORE_VALUES):
            name = QTableWidgetItem(value.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            guidance = QTableWidgetItem("\n".join(f"{i}. {g}" for i, g in enumerate(value.guidance, 1)))
            guidance.setFlags(Qt.ItemFlag.ItemIsEnabled)
            t.setItem(row, 0, name)
            t.setItem(row, 1, guidance)
            t.setItem(row, 2, QTableWidgetItem(""))
        t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        t.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # row heights follow the real column widths (known only once the table is laid out)
        t.horizontalHeader().sectionResized.connect(lambda *_: t.resizeRowsToContents())
        t.resizeRowsToContents()

    def _fill_perilaku(self, plan: wp.Plan) -> None:
        for row, value in enumerate(CORE_VALUES):
            item = self.perilaku.item(row, 2)
            item.setText(plan.expectations.get(value.code, ""))

    def _set_perilaku_editable(self, editable: bool) -> None:
        self.perilaku.blockSignals(True)  # a change of flags is not an edit
        for row in range(self.perilaku.rowCount()):
            item = self.perilaku.item(row, 2)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
        self.perilaku.blockSignals(False)

    def _fill_history(self, view: wp.SkpView) -> None:
        t = self.history
        t.setColumnCount(5)
        t.setHorizontalHeaderLabels(["Waktu", "Dari", "Menjadi", "Oleh", "Catatan"])
        t.verticalHeader().hide()
        t.setRowCount(len(view.history))
        for row, h in enumerate(view.history):
            when = dt.datetime.fromisoformat(h.at).strftime("%d/%m/%Y %H:%M")
            values = (when, h.from_status.label if h.from_status else "—", h.to_status.label, h.actor, h.note)
            for col, value in enumerate(values):
                t.setItem(row, col, QTableWidgetItem(value))
        t.horizontalHeader().setStretchLastSection(True)
        t.resizeColumnsToContents()

    # ------------------------------------------------------------------------------- plan from form
    def _commit_open_editors(self, commit: bool = True) -> None:
        """A cell still being typed in counts: Ctrl+S right after typing saves what was typed. Before the
        form is refilled, open editors are closed (``commit=False``) so none outlives its row."""
        for view in (self.tree, self.actions, self.perilaku):
            if view.state() != QAbstractItemView.State.EditingState:
                continue
            for editor in view.viewport().findChildren(QWidget):
                if editor.isVisible() and editor.parent() is view.viewport():
                    if commit:
                        view.commitData(editor)
                    view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def plan_from_form(self) -> tuple[wp.Plan, list[str]]:
        """The plan as the form shows it, and what the form itself can tell is wrong (a target that
        is not a number)."""
        self._commit_open_editors()
        problems: list[str] = []
        rhk: list[wp.Rhk] = []
        kinds = {label: code for code, label in RHK_KINDS.items()}
        aspects = {label: code for code, label in ASPECTS.items()}
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            data = item.data(0, ITEM_ROLE)
            iki = []
            for j in range(item.childCount()):
                k = item.child(j)
                raw = k.text(2).strip()
                value = parse_number(raw)
                if raw and value is None:
                    problems.append(f"Target '{raw}' pada IKI '{k.text(0)}' bukan angka (contoh: 100 atau 12,5).")
                iki.append(wp.Iki(
                    aspects.get(k.text(1), k.text(1)), k.text(0), value,
                    k.text(3) if value is not None else "", "" if value is not None else k.text(3),
                ))
            rhk.append(wp.Rhk(kinds.get(item.text(1), item.text(1)), item.text(0), iki, data.get("parent"),
                              {p: t for p, t in data["actions"].items() if t.strip()}, data.get("id")))
        expectations = {v.code: self.perilaku.item(row, 2).text() for row, v in enumerate(CORE_VALUES)}
        plan = wp.Plan(
            approach=self.approach.currentData(), rhk=rhk, expectations=expectations,
            dukungan_sumber_daya=self.dukungan.toPlainText(),
            skema_pertanggungjawaban=self.skema.toPlainText(), konsekuensi=self.konsekuensi.toPlainText(),
        )
        return plan, problems

    # ------------------------------------------------------------------------------------ actions
    def _show_errors(self, messages: list[str]) -> None:
        if self.start_pane.isVisible():  # say it beside the buttons that were pressed
            self.start_label.setText(
                self.start_label.text().split("<br>")[0] + "<br><span style='color:#b3261e'>"
                + "<br>".join(html.escape(m) for m in messages) + "</span>"
            )
        self.message.setProperty("role", "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText("\n".join(f"• {m}" for m in messages))

    def _announce(self, view: wp.SkpView, message: str) -> None:
        place = self._tree_place()
        self._show_plan(view)
        self._restore_tree_place(place)
        self.message.setProperty("role", "ok")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(message)
        self.hub.announce(changes.SKP)

    def _tree_place(self) -> tuple[int, int] | None:
        """(RHK row, IKI row or -1) of the current row, to come back to after the form is refilled."""
        item = self.tree.currentItem()
        if item is None:
            return None
        if item.parent() is None:
            return self.tree.indexOfTopLevelItem(item), -1
        return self.tree.indexOfTopLevelItem(item.parent()), item.parent().indexOfChild(item)

    def _restore_tree_place(self, place: tuple[int, int] | None) -> None:
        if place is None or not 0 <= place[0] < self.tree.topLevelItemCount():
            return
        item = self.tree.topLevelItem(place[0])
        if 0 <= place[1] < item.childCount():
            item = item.child(place[1])
        self.tree.setCurrentItem(item, 0)

    def _call(self, fn) -> wp.SkpView | None:
        try:
            return fn()
        except ValidationError as err:
            self._show_errors(list(err.errors.values()))
        except DomainError as err:
            self._show_errors([err.message])
        return None

    def save(self) -> bool:
        """Store the form (Ctrl+S). True when it was saved (or there was nothing to save)."""
        if self._view is None:
            return False
        if self._expectations_only:
            self._commit_open_editors()
            texts = {v.code: self.perilaku.item(row, 2).text() for row, v in enumerate(CORE_VALUES)}
            view = self._call(lambda: wp.save_expectations(
                self._view.header.id, texts, self.current_actor(), self._view.header.lock_version))
            if view is not None:
                self._announce(view, "Ekspektasi khusus pimpinan tersimpan.")
            return view is not None
        if not self._editable:
            return False
        plan, problems = self.plan_from_form()
        if problems:
            self._show_errors(problems)
            return False
        view = self._call(lambda: wp.save_plan(
            self._view.header.id, plan, self.current_actor(), self._view.header.lock_version))
        if view is None:
            return False
        self._announce(view, "Tersimpan.")
        return True

    def _step(self, name: str, note: str = "") -> None:
        if self._view is None:
            return
        if self._dirty and not self.save():
            return
        view = self._call(lambda: wp.take_step(
            self._view.header.id, name, self.current_actor(), note, self._view.header.lock_version))
        if view is not None:
            done = {"submit": "diajukan kepada pejabat penilai", "withdraw": "ditarik kembali menjadi draf",
                    "approve": "disetujui", "return": "dikembalikan kepada pegawai"}[name]
            self._announce(view, f"SKP {done}.")

    def _return(self) -> None:
        note = self.prompts.ask_text(self, "Kembalikan SKP", "Catatan untuk pegawai (apa yang perlu diperbaiki):")
        if note is None:
            return
        self._step("return", note)

    def _revise(self) -> None:
        if self._view is None:
            return
        reason = self.prompts.ask_text(self, "Revisi SKP", "Alasan revisi (mis. perubahan tugas di tengah tahun):")
        if reason is None:
            return
        view = self._call(lambda: wp.revise(self._view.header.id, self.current_actor(), reason))
        if view is not None:
            self._announce(view, f"Versi {view.header.version} dibuat sebagai draf; versi lama tetap dapat dilihat.")

    def _start(self, start_from: str) -> None:
        if self._row is None:
            return
        view = self._call(lambda: wp.create_skp(self._row.id, self.year.value(), self.current_actor(), start_from))
        if view is not None:
            self._announce(view, "SKP dibuat sebagai draf.")

    def _version_chosen(self, index: int) -> None:
        skp_id = self.version.itemData(index)
        if skp_id is not None and (self._view is None or skp_id != self._view.header.id):
            if self._dirty and not self.prompts.confirm(self, "Perubahan belum disimpan",
                                                        "Buang perubahan yang belum disimpan?", yes="Buang"):
                self.version.setCurrentIndex(self.version.findData(self._view.header.id))
                return
            self._open_current(skp_id)

    # ---------------------------------------------------------------------------- cascade and print
    def _tab_changed(self) -> None:
        widget = self.main_tabs.currentWidget()
        if widget is child(self.form, QWidget, "cascadeTab"):
            self._show_cascade()
        elif widget is child(self.form, QWidget, "printTab"):
            self._show_print()

    def _show_cascade(self) -> None:
        unit_id = self.unit.currentData()
        self.cascade_tree.clear()
        if unit_id is None:
            self.cascade_label.setText("Pilih unit di atas (mis. sebuah dinas, bidang, atau kecamatan) untuk melihat "
                                       "pohon rencana hasil kerjanya, dari kepala unit sampai staf.")
            return
        year = self.year.value()
        self.cascade_label.setText("Memuat …")
        self.background.run(lambda _p: wp.cascade(year, unit_id), self._fill_cascade,
                            lambda err: self.cascade_label.setText(f"Cascading tidak dapat dimuat: {err}"))

    def _fill_cascade(self, roots: list[wp.CascadeNode]) -> None:
        self.cascade_tree.clear()
        gaps = {"unsupported": 0, "unlinked": 0}

        def add(node: wp.CascadeNode, parent: QTreeWidgetItem | None) -> None:
            notes = []
            if node.unsupported:
                notes.append("belum didukung RHK staf")
                gaps["unsupported"] += 1
            if node.unlinked:
                notes.append("tidak terkait RHK pimpinan")
                gaps["unlinked"] += 1
            item = QTreeWidgetItem([f"{RHK_KINDS[node.kind]}: {node.text}", node.employee_name,
                                    node.status.label, "; ".join(notes)])
            item.setToolTip(0, node.text)
            item.setToolTip(1, f"{node.employee_name}\n{node.position_title}")
            if notes:
                for col in range(4):
                    item.setForeground(col, QBrush(QColor("#b45309")))
            if parent is None:
                self.cascade_tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            for c in node.children:
                add(c, item)

        for root in roots:
            add(root, None)
        self.cascade_tree.expandToDepth(1)
        total = wp.subtree_count(roots)
        self.cascade_label.setText(
            f"{fmt.number(total)} RHK · {gaps['unsupported']} RHK pimpinan belum didukung staf · "
            f"{gaps['unlinked']} RHK utama staf belum terkait RHK pimpinan"
            if total else "Belum ada SKP di unit ini untuk tahun ini."
        )

    def print_html(self) -> str:
        """The SKP form as the official layout has it: header, hasil kerja grouped A. Utama / B. Tambahan
        with the columns RHK atasan yang diintervensi, RHK, aspek, IKI, target; perilaku; lampiran; signatures."""
        view = self._view
        if view is None:
            return "<p>Pilih pegawai yang memiliki SKP untuk melihat formulirnya.</p>"
        h, plan = view.header, view.plan
        esc = html.escape
        parents = {o.id: o.text for o in self._link_options} | view.link_texts
        office = html.escape(office_name())
        out = [
            f"<p style='text-align:center'><b>{office.upper()}</b></p>" if office else "",
            "<h3 style='text-align:center'>SASARAN KINERJA PEGAWAI</h3>",
            f"<p style='text-align:center'>Periode penilaian: 1 Januari s.d. 31 Desember {h.year}"
            f" · Pendekatan {wp.rules.APPROACHES[plan.approach].lower()}"
            + (f" · Versi {h.version}" if h.version > 1 else "") + f" · Status: {h.status.label}</p>",
            "<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr><th colspan='2'>PEGAWAI YANG DINILAI"
            "</th><th colspan='2'>PEJABAT PENILAI KINERJA</th></tr>",
        ]
        rows = [("Nama", h.employee_name, h.penilai_name), ("NIP", format_nip(h.employee_nip), format_nip(h.penilai_nip)),
                ("Pangkat/Gol. ruang", h.employee_golongan, ""),
                ("Jabatan", h.employee_position, h.penilai_position), ("Unit kerja", h.employee_unit, "")]
        for label, a, b in rows:
            out.append(f"<tr><td>{label}</td><td>{esc(a)}</td><td>{label}</td><td>{esc(b)}</td></tr>")
        out.append("</table><br><table border='1' cellspacing='0' cellpadding='4' width='100%'>"
                   "<tr><th>No</th><th>RHK atasan yang diintervensi</th><th>Rencana hasil kerja</th>"
                   "<th>Aspek</th><th>Indikator kinerja individu</th><th>Target</th></tr>")
        for group, kind in (("A. UTAMA", "utama"), ("B. TAMBAHAN", "tambahan")):
            out.append(f"<tr><td colspan='6'><b>{group}</b></td></tr>")
            members = [r for r in plan.rhk if r.kind == kind]
            if not members:
                out.append("<tr><td colspan='6'>—</td></tr>")
            for n, r in enumerate(members, 1):
                span = max(len(r.iki), 1)
                first = True
                for k in r.iki or [None]:
                    cells = []
                    if first:
                        cells += [f"<td rowspan='{span}'>{n}</td>",
                                  f"<td rowspan='{span}'>{esc(parents.get(r.parent_rhk_id, '') if r.parent_rhk_id else '')}</td>",
                                  f"<td rowspan='{span}'>{esc(r.text)}</td>"]
                    if k is None:
                        cells += ["<td></td><td></td><td></td>"]
                    else:
                        target = (f"{format_number(k.target_value)} {esc(k.target_unit)}" if k.target_value is not None
                                  else esc(k.target_text))
                        cells += [f"<td>{ASPECTS[k.aspect]}</td>", f"<td>{esc(k.text)}</td>", f"<td>{target}</td>"]
                    out.append("<tr>" + "".join(cells) + "</tr>")
                    first = False
        out.append("</table><br><table border='1' cellspacing='0' cellpadding='4' width='100%'>"
                   "<tr><th colspan='3'>PERILAKU KERJA</th></tr>")
        for n, v in enumerate(CORE_VALUES, 1):
            guidance = "<br>".join(f"- {esc(g)}" for g in v.guidance)
            expectation = esc(plan.expectations.get(v.code, ""))
            out.append(f"<tr><td>{n}</td><td><b>{v.name}</b><br>{guidance}</td>"
                       f"<td>Ekspektasi khusus pimpinan:<br>{expectation}</td></tr>")
        out.append("</table><br><b>LAMPIRAN SASARAN KINERJA PEGAWAI</b><ol>"
                   f"<li>Dukungan sumber daya: {esc(plan.dukungan_sumber_daya) or '—'}</li>"
                   f"<li>Skema pertanggungjawaban: {esc(plan.skema_pertanggungjawaban) or '—'}</li>"
                   f"<li>Konsekuensi: {esc(plan.konsekuensi) or '—'}</li></ol>")
        out.append("<p align='right'>………………, ……………… " + str(h.year) + "</p>")
        out.append("<table width='100%'><tr><td width='50%' align='center'>Pegawai yang dinilai<br><br><br><br>"
                   f"{esc(h.employee_name)}<br>NIP {format_nip(h.employee_nip)}</td>"
                   "<td width='50%' align='center'>Pejabat penilai kinerja<br><br><br><br>"
                   f"{esc(h.penilai_name)}<br>NIP {format_nip(h.penilai_nip) if h.penilai_nip else ''}</td></tr></table>")
        return "".join(out)

    def _show_print(self) -> None:
        note = ("<p style='color:#b45309'>Perubahan yang belum disimpan tidak tampak di formulir ini; simpan "
                "lebih dahulu (Ctrl+S).</p>" if self._dirty else "")
        self.print_view.setHtml(note + self.print_html())
        self.buttons["print"].setEnabled(self._view is not None)
        self.buttons["excel"].setEnabled(self._view is not None)

    def export_form(self) -> None:
        """The employee's SKP form of the year as a workbook laid out like the official form (Ekspor ke Excel)."""
        if self._view is None:
            return
        from .export import ExportDialog

        h = self._view.header
        open_dialog(ExportDialog(self, self.background, self.prompts, h.year, kind="skp", nip=h.employee_nip),
                    lambda: None)

    def _print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # loaded only when someone prints

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_view.document().print_(printer)

    def current_view(self) -> wp.SkpView | None:
        """The plan on screen (``None`` when none is open)."""
        return self._view

    def has_unsaved_changes(self) -> bool:
        return self._dirty
