"""Halaman Pegawai: the unit tree, the employee list with filter-as-you-type, and the dialogs."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QWidget,
)

from asn_desktop.services import employees as emp
from asn_desktop.services import units as unitsvc
from asn_desktop.services.common import DomainError

from . import changes, fmt
from .employee_model import NAME, EmployeeFilterProxy, EmployeeTableModel, SortSpec, select_by_id, sorted_rows
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ALL_UNITS = -1


@dataclass(frozen=True)
class _Loaded:
    units: list[unitsvc.UnitRow]
    employees: list[emp.EmployeeRow]  # in ``sort`` order
    texts: list[str]  # what the filter matches, one per employee
    sort: SortSpec


def _load(sort: SortSpec) -> _Loaded:
    """Runs in a worker: query, sort and prepare the search texts, so the GUI thread only swaps them in."""
    rows, texts = sorted_rows(emp.list_employees(include_inactive=True), None, sort)
    return _Loaded(unitsvc.list_units(), rows, texts, sort)


class PegawaiPage(QWidget):
    loaded = Signal()  # the list shows the database as it is now

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = load_into(self, "pegawai_page.ui")
        f = self.form
        self.search = child(f, QLineEdit, "searchEdit")
        self.show_inactive = child(f, QCheckBox, "showInactiveCheck")
        self.add_button = child(f, QPushButton, "addButton")
        self.import_button = child(f, QPushButton, "importButton")
        self.edit_button = child(f, QPushButton, "editButton")
        self.deactivate_button = child(f, QPushButton, "deactivateButton")
        self.table = child(f, QTableView, "table")
        self.stack = child(f, QStackedWidget, "listStack")
        self.empty_label = child(f, QLabel, "emptyLabel")
        self.count_label = child(f, QLabel, "countLabel")
        self.unit_tree = child(f, QTreeView, "unitTree")
        self.unit_empty = child(f, QLabel, "unitEmptyLabel")
        self.unit_stack = child(f, QStackedWidget, "unitStack")
        self.add_unit_button = child(f, QPushButton, "addUnitButton")
        self.edit_unit_button = child(f, QPushButton, "editUnitButton")
        self.deactivate_unit_button = child(f, QPushButton, "deactivateUnitButton")
        child(f, QLabel, "titleLabel").setProperty("role", "title")
        splitter = child(f, QSplitter, "splitter")
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 950])

        self.model = EmployeeTableModel(self)
        self.proxy = EmployeeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((178, 220, 50, 220, 115, 190, 190, 90)):
            self.table.setColumnWidth(col, width)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        self.unit_model = QStandardItemModel(self)
        self.unit_tree.setModel(self.unit_model)
        self._units: list[unitsvc.UnitRow] = []
        self._select_after: int | None = None
        self.loader = PageData(
            self, hub, background, lambda: _load(self.model.sort_spec), self._loaded, self._load_failed,
            areas=frozenset({changes.EMPLOYEES, changes.UNITS}),
        )
        self._filling_units = False

        # filter as you type; a very short debounce folds a burst of keys into one pass
        self._filter_timer = QTimer(self, singleShot=True, interval=0)
        self._filter_timer.timeout.connect(self.apply_text_filter)
        self.search.textChanged.connect(lambda _t: self._filter_timer.start())
        self.search.installEventFilter(self)
        self.show_inactive.toggled.connect(self._inactive_toggled)
        self.add_button.clicked.connect(self.add_employee)
        self.import_button.clicked.connect(self.import_employees)
        self.edit_button.clicked.connect(self.edit_selected)
        self.deactivate_button.clicked.connect(self.deactivate_or_reactivate_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.unit_tree.selectionModel().currentChanged.connect(lambda *_: self._unit_selected())
        self.add_unit_button.clicked.connect(self.add_unit)
        self.edit_unit_button.clicked.connect(self.edit_unit)
        self.deactivate_unit_button.clicked.connect(self.deactivate_unit)
        # keyboard order: the list and its tools first, then the unit tree and its tools
        chain = [self.search, self.show_inactive, self.add_button, self.import_button, self.edit_button,
                 self.deactivate_button,
                 self.table, self.unit_tree, self.add_unit_button, self.edit_unit_button,
                 self.deactivate_unit_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_employee)
        self._update_buttons()

    # --------------------------------------------------------------------------------------- loading
    def reload(self) -> None:
        self.loader.reload()

    def _load_failed(self, err: BaseException) -> None:
        self.prompts.error(self, "Data pegawai tidak dapat dimuat", str(err))

    def _loaded(self, data: _Loaded) -> None:
        selected = self._select_after if self._select_after is not None else self.selected_id()
        self._select_after = None
        self._fill_units(data.units)
        self.proxy.configure(  # applied once, when the model is reset just below
            text=self.search.text(), units=self._unit_filter(), include_inactive=self.show_inactive.isChecked()
        )
        self.model.set_rows(data.employees, data.texts, presorted=data.sort == self.model.sort_spec)
        if selected is not None:
            self.select_employee(selected)
        self._update_empty_state()
        self._update_buttons()
        self.loaded.emit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.loader.shown()

    # ------------------------------------------------------------------------------------- unit tree
    def _fill_units(self, units: list[unitsvc.UnitRow]) -> None:
        if units == self._units and self.unit_model.rowCount():
            return  # unchanged (an employee was saved): keep the tree as the user left it, expanded or not
        current = self.selected_unit_id()
        self._units = units
        self._filling_units = True
        self.unit_model.clear()
        root_item = QStandardItem("Semua unit")
        root_item.setData(ALL_UNITS, UNIT_ID_ROLE)
        self.unit_model.appendRow(root_item)
        items: dict[int, QStandardItem] = {}
        for u in units:
            item = QStandardItem(u.name)
            item.setData(u.id, UNIT_ID_ROLE)
            item.setToolTip(f"{u.name}\n{u.kind_label} · kode {u.code}")
            items[u.id] = item
            parent = items.get(u.parent_id) if u.parent_id is not None else None
            (parent or root_item).appendRow(item)
        self.unit_tree.expand(root_item.index())
        for u in units:
            if u.parent_id is None:
                self.unit_tree.expand(items[u.id].index())
        target = items.get(current) if current not in (None, ALL_UNITS) else None
        index = target.index() if target is not None else root_item.index()
        self.unit_tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._filling_units = False
        self.unit_stack.setCurrentWidget(self.unit_tree if units else self.unit_empty)

    def selected_unit_id(self) -> int | None:
        index = self.unit_tree.currentIndex()
        if not index.isValid():
            return None
        return index.data(UNIT_ID_ROLE)

    def select_unit(self, unit_id: int | None) -> None:
        matches = self.unit_model.match(
            self.unit_model.index(0, 0), UNIT_ID_ROLE, ALL_UNITS if unit_id is None else unit_id, 1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if matches:
            self.unit_tree.setCurrentIndex(matches[0])

    def _unit_filter(self) -> frozenset[int] | None:
        uid = self.selected_unit_id()
        if uid in (None, ALL_UNITS):
            return None
        return frozenset(unitsvc.subtree_of([(u.id, u.parent_id) for u in self._units], uid))

    def _unit_selected(self) -> None:
        if self._filling_units:
            return
        self.proxy.set_filter(units=self._unit_filter())
        self._update_empty_state()
        self._update_buttons()

    def _unit_row(self, unit_id: int | None) -> unitsvc.UnitRow | None:
        return next((u for u in self._units if u.id == unit_id), None)

    def add_unit(self) -> None:
        from .dialogs import UnitDialog  # dialogs load on first use: keeps start-up light

        uid = self.selected_unit_id()
        dialog = UnitDialog(self, self._units, parent_id=None if uid in (None, ALL_UNITS) else uid)
        self._open(dialog, lambda: self._after_unit_saved(dialog.saved.id))

    def edit_unit(self) -> None:
        unit = self._unit_row(self.selected_unit_id())
        if unit is None:
            return
        from .dialogs import UnitDialog

        dialog = UnitDialog(self, self._units, unit=unit)
        self._open(dialog, lambda: self._after_unit_saved(dialog.saved.id))

    def _after_unit_saved(self, unit_id: int) -> None:
        self.hub.announce(changes.UNITS)
        self.loaded_once(lambda: self.select_unit(unit_id))

    def loaded_once(self, fn) -> None:
        """Run ``fn`` after the next load has finished."""

        def run() -> None:
            self.loaded.disconnect(run)
            fn()

        self.loaded.connect(run)

    def deactivate_unit(self) -> None:
        unit = self._unit_row(self.selected_unit_id())
        if unit is None:
            return
        problem = unitsvc.deactivation_problem(unit.id)
        if problem:  # say so before asking anything
            self.prompts.error(self, "Unit tidak dapat dinonaktifkan", problem)
            return
        if self._confirmed_write(
            ("Nonaktifkan unit", f"Nonaktifkan unit {unit.name}?", "Nonaktifkan"),
            lambda: unitsvc.deactivate_unit(unit.id),
            "Unit tidak dapat dinonaktifkan",
        ):
            self.hub.announce(changes.UNITS)

    def _confirmed_write(self, question: tuple[str, str, str], write, failure_title: str) -> bool:
        """Ask (title, text, yes-button); if confirmed, call the service write; say why if it refuses."""
        title, text, yes = question
        if not self.prompts.confirm(self, title, text, yes=yes):
            return False
        try:
            write()
        except DomainError as err:
            self.prompts.error(self, failure_title, err.message)
            return False
        return True

    # ------------------------------------------------------------------------------------- employees
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_text_filter(self) -> None:
        self.proxy.set_filter(text=self.search.text())
        self._update_empty_state()
        self._update_buttons()

    def _inactive_toggled(self, on: bool) -> None:
        self.proxy.set_filter(include_inactive=on)
        self._update_empty_state()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()).id

    def current_employee_id(self) -> int | None:
        """The employee selected in the list: the main window opens their profile (Ctrl+Shift+P)."""
        return self.selected_id()

    def selected_row(self) -> emp.EmployeeRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_employee(self, employee_id: int) -> bool:
        return select_by_id(self.table, self.proxy, employee_id)

    def _update_empty_state(self) -> None:
        shown = self.proxy.rowCount()
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            typed = self.search.text().strip()
            hidden = 0 if self.show_inactive.isChecked() else self.proxy.count_matching(include_inactive=True)
            if not self._units:
                text = "Belum ada unit organisasi. Tambahkan unit di panel kiri, lalu pegawai pertama."
            elif not self.model.rowCount():
                text = "Belum ada pegawai. Tekan Tambah pegawai (Ctrl+N) untuk memasukkan pegawai pertama."
            elif hidden:
                text = (
                    f"Tidak ada pegawai aktif yang cocok, tetapi {fmt.number(hidden)} pegawai nonaktif cocok: "
                    "centang Sertakan nonaktif untuk melihatnya."
                )
            elif typed:
                text = f"Tidak ada pegawai yang cocok dengan “{typed}” di unit yang dipilih."
            else:
                text = "Unit ini belum memiliki pegawai aktif."
            self.empty_label.setText(text)
            self.stack.setCurrentWidget(self.empty_label)
        if self.show_inactive.isChecked():
            total = fmt.number(self.model.rowCount())
            self.count_label.setText(f"Menampilkan {fmt.number(shown)} dari {total} pegawai (aktif dan nonaktif)")
        else:
            total = fmt.number(self.model.active_count)
            self.count_label.setText(f"Menampilkan {fmt.number(shown)} dari {total} pegawai aktif")

    def focus_first(self) -> None:
        """Where the keyboard starts when the page is opened: the search box, or Tambah unit if empty."""
        (self.search if self._units else self.add_unit_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.deactivate_button.setEnabled(row is not None)
        self.deactivate_button.setText("Aktifkan &kembali" if row is not None and not row.active else "Non&aktifkan")
        self.add_button.setEnabled(bool(self._units))
        uid = self.selected_unit_id()
        has_unit = uid not in (None, ALL_UNITS)
        self.edit_unit_button.setEnabled(has_unit)
        self.deactivate_unit_button.setEnabled(has_unit)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if obj is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if obj is self.table and key == Qt.Key.Key_Delete:
                self.deactivate_or_reactivate_selected()
                return True
            if obj is self.search and key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if obj is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.table.setFocus()
                if self.proxy.rowCount() and self.selected_id() is None:
                    self.table.selectRow(0)
                return True
        return super().eventFilter(obj, event)

    def _supervisor_candidates(self) -> list[emp.EmployeeRow]:
        return [r for r in self.model.rows() if r.active]

    def import_employees(self) -> None:
        """Impor dari Excel: pick a workbook, then check the columns and rows in the import dialog."""
        path = self.prompts.ask_open_file(self, "Impor pegawai dari Excel", "Buku kerja Excel (*.xlsx)")
        if not path:
            return
        from .import_pegawai import ImportPegawaiDialog

        dialog = ImportPegawaiDialog(self, self.background, self.prompts, path)
        self._open(dialog, lambda: self._imported(dialog))

    def _imported(self, dialog) -> None:
        self.hub.announce(changes.EMPLOYEES, changes.UNITS)
        self.prompts.info(self, "Impor pegawai", dialog.done_text())

    def add_employee(self) -> None:
        if not self._units:
            self.prompts.info(self, "Tambah pegawai", "Tambahkan unit organisasi lebih dahulu di panel kiri.")
            return
        from .dialogs import EmployeeDialog

        uid = self.selected_unit_id()
        dialog = EmployeeDialog(
            self, self._units, self._supervisor_candidates(), default_unit_id=None if uid == ALL_UNITS else uid
        )
        self._open(dialog, lambda: self._after_employee_saved(dialog.saved.id))

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from .dialogs import EmployeeDialog

        dialog = EmployeeDialog(self, self._units, self._supervisor_candidates(), employee_id=row.id)
        self._open(dialog, lambda: self._after_employee_saved(dialog.saved.id))

    def deactivate_or_reactivate_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not row.active:
            if self._confirmed_write(
                ("Aktifkan kembali", f"Aktifkan kembali {row.name}?", "Aktifkan"),
                lambda: emp.reactivate_employee(row.id),
                "Pegawai tidak dapat diaktifkan",
            ):
                self._after_employee_saved(row.id)
            return
        from .dialogs import DeactivateDialog

        dialog = DeactivateDialog(self, row, emp.subordinate_count(row.id))
        # afterwards the selection moves to the next person in the list (or stays, if inactive ones show)
        keep = row.id if self.show_inactive.isChecked() else self._neighbour_id()
        self._open(dialog, lambda: self._after_employee_saved(keep))

    def _neighbour_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        r = rows[0].row()
        for other in (r + 1, r - 1):
            if 0 <= other < self.proxy.rowCount():
                return self.model.row_at(self.proxy.mapToSource(self.proxy.index(other, 0)).row()).id
        return None

    @staticmethod
    def _open(dialog: QDialog, on_saved) -> None:
        from .dialogs import open_dialog  # dialogs load on first use

        open_dialog(dialog, on_saved)

    def _after_employee_saved(self, employee_id: int | None) -> None:
        self._select_after = employee_id
        self.hub.announce(changes.EMPLOYEES)
