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
    POSITION: lambda r: r.position_title
    + (f" ({r.jenjang})" if r.position_kind == "fungsional" and r.jenjang not in r.position_title else ""),
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


SortSpec = tuple[int, Qt.SortOrder]


def sorted_rows(
    rows: Sequence[EmployeeRow], texts: Sequence[str] | None, spec: SortSpec
) -> tuple[list[EmployeeRow], list[str]]:
    """Rows (and their search texts, computed here if not given) in the order of a column.

    Pure Python, no widgets: the page calls it in its worker thread on load, the model on a header click.
    """
    column, order = spec
    key = _SORT_KEY[column]
    if texts is None:
        texts = [search_text(r) for r in rows]
    # ties broken by name so the order is stable and predictable
    order_ = sorted(
        range(len(rows)),
        key=lambda i: (key(rows[i]), rows[i].sort_name),
        reverse=order == Qt.SortOrder.DescendingOrder,
    )
    return [rows[i] for i in order_], [texts[i] for i in order_]


class EmployeeTableModel(QAbstractTableModel):
    """Rows of :class:`EmployeeRow`. Sorting happens here, in Python, once per click (fast for 10,000)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[EmployeeRow] = []
        self._search: list[str] = []
        self._sort: SortSpec = (NAME, Qt.SortOrder.AscendingOrder)
        self.active_count = 0

    # -- data
    @property
    def sort_spec(self) -> SortSpec:
        return self._sort

    def set_rows(self, rows: Sequence[EmployeeRow], texts: Sequence[str] | None = None, presorted: bool = False) -> None:
        """Replace every row. ``presorted``: rows (with their ``texts``) are already in :attr:`sort_spec` order."""
        if presorted and texts is not None:
            new_rows, new_texts = list(rows), list(texts)
        else:
            new_rows, new_texts = sorted_rows(rows, texts, self._sort)
        self.beginResetModel()
        self._rows, self._search = new_rows, new_texts
        self.active_count = sum(1 for r in new_rows if r.active)
        self.endResetModel()

    def row_at(self, row: int) -> EmployeeRow:
        return self._rows[row]

    def search_texts(self) -> list[str]:
        return self._search

    def row_of_id(self, employee_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == employee_id:
                return i
        return None

    def rows(self) -> list[EmployeeRow]:
        return self._rows

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
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text, for columns too narrow to show it
            return _TEXT[col](r) + ("\nPegawai nonaktif" if not r.active and col == NAME else "")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = {r.id: i for i, r in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self._sort = (column, order)
        self._rows, self._search = sorted_rows(self._rows, self._search, self._sort)
        moved = {old[r.id]: i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(moved[p.row()], p.column()) for p in persistent])
        self.layoutChanged.emit()


class EmployeeFilterProxy(QSortFilterProxyModel):
    """Filters by the words typed (name, NIP, jabatan, unit), by unit subtree and by active flag.

    Which rows pass is worked out in one pass over the model's precomputed search texts; Qt's per-row
    question then only looks the answer up. Sorting is handed to the source model, which sorts its
    Python list once instead of the proxy calling back into Python for every comparison.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._units: frozenset[int] | None = None
        self._include_inactive = False
        self._accept: list[bool] = []
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: EmployeeTableModel) -> None:  # noqa: N802 (Qt API)
        # connected before Qt's own handlers, so the answers are ready when the proxy asks again
        model.modelReset.connect(self._recompute)
        model.layoutChanged.connect(self._recompute)
        super().setSourceModel(model)
        self._recompute()

    def configure(
        self,
        text: str | None = None,
        units: frozenset[int] | None | bool = False,
        include_inactive: bool | None = None,
    ) -> None:
        """Change any of the three filters without filtering yet (``units=False`` leaves it as it is)."""
        if text is not None:
            self._words = text.lower().split()
        if units is not False:
            self._units = units  # type: ignore[assignment]
        if include_inactive is not None:
            self._include_inactive = include_inactive

    def set_filter(
        self,
        text: str | None = None,
        units: frozenset[int] | None | bool = False,
        include_inactive: bool | None = None,
    ) -> None:
        """Change any of the three filters and filter the rows again."""
        self.configure(text, units, include_inactive)
        self.beginFilterChange()
        self._recompute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _recompute(self) -> None:
        model: EmployeeTableModel | None = self.sourceModel()  # type: ignore[assignment]
        if model is None:
            self._accept = []
            return
        words, units, inactive = self._words, self._units, self._include_inactive
        self._accept = [
            (inactive or r.active) and (units is None or r.unit_id in units) and all(w in t for w in words)
            for r, t in zip(model.rows(), model.search_texts())
        ]

    def count_matching(self, include_inactive: bool) -> int:
        """How many rows the current words and unit would show with (or without) inactive employees."""
        model: EmployeeTableModel = self.sourceModel()  # type: ignore[assignment]
        words, units = self._words, self._units
        return sum(
            1
            for r, t in zip(model.rows(), model.search_texts())
            if (include_inactive or r.active) and (units is None or r.unit_id in units) and all(w in t for w in words)
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt API)
        return self._accept[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self.sourceModel().sort(column, order)
