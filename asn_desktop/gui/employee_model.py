"""The employee list: a table model holding rows, and a proxy that filters them as the user types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from asn_desktop.services.employees import POSITION_KINDS, EmployeeRow, search_text

Index = QModelIndex | QPersistentModelIndex

NIP, NAME, GOLONGAN, POSITION, KIND, UNIT, SUPERVISOR, STATUS = range(8)
HEADERS = ("NIP", "Nama", "Gol.", "Jabatan", "Jenis jabatan", "Unit kerja", "Pejabat penilai", "Status")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_TEXT: dict[int, Callable[[EmployeeRow], str]] = {
    NIP: lambda r: r.nip_display,
    NAME: lambda r: r.name,
    GOLONGAN: lambda r: r.golongan,
    POSITION: lambda r: f"{r.position_title}" + (f" ({r.jenjang})" if r.position_kind == "fungsional" else ""),
    KIND: lambda r: POSITION_KINDS.get(r.position_kind, r.position_kind),
    UNIT: lambda r: r.unit_name,
    SUPERVISOR: lambda r: r.supervisor_name or "—",
    STATUS: lambda r: r.status + ("" if r.active else " · nonaktif"),
}
_SORT_KEY: dict[int, Callable[[EmployeeRow], Any]] = {
    NIP: lambda r: r.nip,
    NAME: lambda r: r.sort_name,
    GOLONGAN: lambda r: r.golongan_rank,
    POSITION: lambda r: r.position_title.lower(),
    KIND: lambda r: r.position_kind,
    UNIT: lambda r: r.unit_name.lower(),
    SUPERVISOR: lambda r: r.supervisor_name.lower(),
    STATUS: lambda r: (not r.active, r.status),
}
_INACTIVE = QBrush(QColor("#8a8f98"))


class EmployeeTableModel(QAbstractTableModel):
    """Rows of :class:`EmployeeRow`. Sorting happens here, in Python, once per click (fast for 10,000)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[EmployeeRow] = []
        self._search: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (NAME, Qt.SortOrder.AscendingOrder)

    # -- data
    def set_rows(self, rows: Sequence[EmployeeRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def row_at(self, row: int) -> EmployeeRow:
        return self._rows[row]

    def search_text_at(self, row: int) -> str:
        return self._search[row]

    def row_of_id(self, employee_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == employee_id:
                return i
        return None

    def rows(self) -> list[EmployeeRow]:
        return list(self._rows)

    # -- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _TEXT[col](r)
        if role == SORT_ROLE:
            return _SORT_KEY[col](r)
        if role == ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return _INACTIVE
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME and not r.active:
            return "Pegawai nonaktif"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = {r.id: i for i, r in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self._sort = (column, order)
        self._sort_rows()
        new = {r.id: i for i, r in enumerate(self._rows)}
        by_old_row = {old_row: new[eid] for eid, old_row in old.items()}
        self.changePersistentIndexList(
            persistent, [self.index(by_old_row[p.row()], p.column()) for p in persistent]
        )
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        column, order = self._sort
        key = _SORT_KEY[column]
        # ties broken by name so the order is stable and predictable
        self._rows.sort(key=lambda r: r.sort_name)
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._search = [search_text(r) for r in self._rows]


class EmployeeFilterProxy(QSortFilterProxyModel):
    """Filters by the words typed (name, NIP, jabatan, unit), by unit subtree and by active flag.

    Sorting is handed to the source model, which sorts its Python list once instead of the proxy
    calling back into Python for every comparison.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._units: frozenset[int] | None = None
        self._include_inactive = False
        self.setDynamicSortFilter(False)

    def set_filter(
        self,
        text: str | None = None,
        units: frozenset[int] | None | bool = False,
        include_inactive: bool | None = None,
    ) -> None:
        """Change any of the three filters (``units=False`` leaves the unit filter as it is)."""
        if text is not None:
            self._words = text.lower().split()
        if units is not False:
            self._units = units  # type: ignore[assignment]
        if include_inactive is not None:
            self._include_inactive = include_inactive
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model: EmployeeTableModel = self.sourceModel()  # type: ignore[assignment]
        r = model.row_at(source_row)
        if not self._include_inactive and not r.active:
            return False
        if self._units is not None and r.unit_id not in self._units:
            return False
        if self._words:
            hay = model.search_text_at(source_row)
            return all(w in hay for w in self._words)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self.sourceModel().sort(column, order)
