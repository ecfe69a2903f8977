"""The employee list: a table model holding rows, and a proxy that filters them as the user types."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QItemSelectionModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView

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


@dataclass(frozen=True)
class Columns:
    """What a list shows: headers, the text of each cell, the sort key of each column, the search text."""

    headers: tuple[str, ...]
    text: dict[int, Callable[[Any], str]]
    sort_key: dict[int, Callable[[Any], Any]]
    search_text: Callable[[Any], str]
    tie_key: Callable[[Any], Any]  # ties broken by this (a name), so the order is stable and predictable
    default_sort: SortSpec


EMPLOYEE_COLUMNS = Columns(HEADERS, _TEXT, _SORT_KEY, search_text, lambda r: r.sort_name,
                           (NAME, Qt.SortOrder.AscendingOrder))


def sorted_rows(
    rows: Sequence[Any], texts: Sequence[str] | None, spec: SortSpec, columns: Columns = EMPLOYEE_COLUMNS
) -> tuple[list[Any], list[str]]:
    """Rows (and their search texts, computed here if not given) in the order of a column.

    Pure Python, no widgets: a page calls it in its worker thread on load, the model on a header click.
    """
    column, order = spec
    key, tie = columns.sort_key[column], columns.tie_key
    if texts is None:
        texts = [columns.search_text(r) for r in rows]
    order_ = sorted(
        range(len(rows)),
        key=lambda i: (key(rows[i]), tie(rows[i])),
        reverse=order == Qt.SortOrder.DescendingOrder,
    )
    return [rows[i] for i in order_], [texts[i] for i in order_]


class RowTableModel(QAbstractTableModel):
    """A list of rows (objects with an ``id``), shown through :class:`Columns`. Sorting happens here, in
    Python, once per click (fast for 10,000); the filter proxy reads the precomputed search texts."""

    def __init__(self, columns: Columns, parent=None):
        super().__init__(parent)
        self.columns = columns
        self._rows: list[Any] = []
        self._search: list[str] = []
        self._row_of_id: dict[int, int] = {}
        self._sort: SortSpec = columns.default_sort
        self.active_count = 0

    # -- data
    @property
    def sort_spec(self) -> SortSpec:
        return self._sort

    def set_rows(self, rows: Sequence[Any], texts: Sequence[str] | None = None, presorted: bool = False) -> None:
        """Replace every row. ``presorted``: rows (with their ``texts``) are already in :attr:`sort_spec` order."""
        if presorted and texts is not None:
            new_rows, new_texts = list(rows), list(texts)
        else:
            new_rows, new_texts = sorted_rows(rows, texts, self._sort, self.columns)
        self.beginResetModel()
        self._rows, self._search = new_rows, new_texts
        self._index_rows()
        self.active_count = sum(1 for r in new_rows if getattr(r, "active", True))
        self.endResetModel()

    def _index_rows(self) -> None:
        self._row_of_id = {r.id: i for i, r in enumerate(self._rows)}

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def search_texts(self) -> list[str]:
        return self._search

    def row_of_id(self, row_id: int) -> int | None:
        return self._row_of_id.get(row_id)

    def rows(self) -> list[Any]:
        return self._rows

    # -- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.columns.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns.text[col](r)
        if role == SORT_ROLE:
            return self.columns.sort_key[col](r)
        if role == ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text, for columns too narrow to show it
            return self.columns.text[col](r)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = {r.id: i for i, r in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self._sort = (column, order)
        self._rows, self._search = sorted_rows(self._rows, self._search, self._sort, self.columns)
        self._index_rows()
        moved = {old[r.id]: i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(moved[p.row()], p.column()) for p in persistent])
        self.layoutChanged.emit()


class EmployeeTableModel(RowTableModel):
    """Rows of :class:`EmployeeRow`; inactive employees are drawn grey."""

    def __init__(self, parent=None):
        super().__init__(EMPLOYEE_COLUMNS, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and not self._rows[index.row()].active:
            if role == Qt.ItemDataRole.ForegroundRole:
                return _INACTIVE
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == NAME:
                return self._rows[index.row()].name + "\nPegawai nonaktif"
        return super().data(index, role)


class EmployeeFilterProxy(QAbstractProxyModel):
    """The rows of the source that pass the filter: words typed (name, NIP, jabatan, unit, pejabat
    penilai), unit subtree, active flag, and optionally a page's own predicate.

    The source is any model with ``rows()`` (objects with ``id``, ``active``, ``unit_id``),
    ``search_texts()``, ``row_at()``, ``row_of_id()`` and a Python ``sort()``, such as
    :class:`EmployeeTableModel`.

    Which rows pass is decided in one Python pass over the source's precomputed search texts, and the
    proxy keeps them as a list of source rows. Unlike QSortFilterProxyModel, Qt never calls back into
    Python once per row, so a keystroke on 10,000 employees costs little more than that one pass.
    Sorting is handed to the source model, which sorts its Python list once per click.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._units: frozenset[int] | None = None
        self._include_inactive = False
        self._predicate: Callable[[Any], bool] | None = None  # a page's own extra filter (e.g. SKP status)
        self._rows: list[int] = []  # source row of each proxy row
        self._moving: list[tuple[QPersistentModelIndex, int | None]] = []

    # ------------------------------------------------------------------------------------- filtering
    def setSourceModel(self, model: EmployeeTableModel) -> None:  # noqa: N802 (Qt API)
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        model.layoutChanged.connect(self._source_layout_changed)
        model.dataChanged.connect(self._source_data_changed)
        self._recompute()
        self.endResetModel()

    def configure(
        self,
        text: str | None = None,
        units: frozenset[int] | None | bool = False,
        include_inactive: bool | None = None,
        predicate: Callable[[Any], bool] | None | bool = False,
    ) -> None:
        """Change any of the filters without filtering yet (``units=False``, ``predicate=False`` leave them)."""
        if text is not None:
            self._words = text.lower().split()
        if units is not False:
            self._units = units  # type: ignore[assignment]
        if include_inactive is not None:
            self._include_inactive = include_inactive
        if predicate is not False:
            self._predicate = predicate  # type: ignore[assignment]

    def set_filter(
        self,
        text: str | None = None,
        units: frozenset[int] | None | bool = False,
        include_inactive: bool | None = None,
    ) -> None:
        """Change any of the three filters and filter the rows again (rows that stay keep their selection)."""
        before = (list(self._words), self._units, self._include_inactive)
        self.configure(text, units, include_inactive)
        # typing on narrows the list: only the rows shown now can still pass
        narrowing = (
            before[1:] == (self._units, self._include_inactive)
            and len(self._words) >= len(before[0])
            and all(old in new for old, new in zip(before[0], self._words))
        )
        self._relayout(lambda: self._recompute(narrowing))

    def _matches(self, include_inactive: bool, within: list[int] | None = None) -> list[int]:
        """Source rows that pass, in source order; ``within``: only these rows can pass (narrowing)."""
        model: EmployeeTableModel = self.sourceModel()  # type: ignore[assignment]
        rows, texts = model.rows(), model.search_texts()
        candidates = range(len(rows)) if within is None else within
        for word in self._words:  # one plain `in` per word and row: the cheapest test Python has
            candidates = [i for i in candidates if word in texts[i]]
        units = self._units
        if not include_inactive or units is not None:
            candidates = [
                i for i in candidates
                if (include_inactive or rows[i].active) and (units is None or rows[i].unit_id in units)
            ]
        if self._predicate is not None:
            keep = self._predicate
            candidates = [i for i in candidates if keep(rows[i])]
        return list(candidates)

    def refilter(self) -> None:
        """Filter every row again with the filters as configured (after :meth:`configure`)."""
        self._relayout(self._recompute)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """An extra condition every shown row must meet (``None``: none), applied at once."""
        self._predicate = predicate
        self._relayout(self._recompute)

    def _recompute(self, narrowing: bool = False) -> None:
        if self.sourceModel() is None:
            self._rows = []
        else:
            self._rows = self._matches(self._include_inactive, self._rows if narrowing else None)

    def count_matching(self, include_inactive: bool) -> int:
        """How many rows the current words and unit would show with (or without) inactive employees."""
        return len(self._matches(include_inactive))

    # ------------------------------------------------------------------- following the source model
    def _source_reset(self) -> None:
        self._recompute()
        self.endResetModel()

    def _source_layout_about_to_change(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._moving = [(p, self._employee_id(p.row())) for p in self.persistentIndexList()]

    def _source_layout_changed(self) -> None:
        self._recompute()
        self._finish_relayout()

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        rows = [self.mapFromSource(top_left.siblingAtRow(r)).row() for r in range(top_left.row(), bottom_right.row() + 1)]
        rows = [r for r in rows if r >= 0]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), self.columnCount() - 1), roles)

    def _relayout(self, change) -> None:
        """Apply ``change`` to the row list as a layout change: selected rows that stay, stay selected."""
        self._source_layout_about_to_change()
        change()
        self._finish_relayout()

    def _finish_relayout(self) -> None:
        model: EmployeeTableModel = self.sourceModel()  # type: ignore[assignment]
        old = [p for p, _ in self._moving]
        new = []
        for p, eid in self._moving:
            src = model.row_of_id(eid) if eid is not None else None
            row = self._proxy_row_of(src) if src is not None else None
            new.append(self.index(row, p.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self._moving = []
        self.layoutChanged.emit()

    def _employee_id(self, proxy_row: int) -> int | None:
        if 0 <= proxy_row < len(self._rows):
            return self.sourceModel().row_at(self._rows[proxy_row]).id  # type: ignore[attr-defined]
        return None

    # ----------------------------------------------------------------------------------- Qt proxy API
    def mapToSource(self, proxy_index: Index) -> QModelIndex:  # noqa: N802 (Qt API)
        if not proxy_index.isValid() or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[proxy_index.row()], proxy_index.column())

    def _proxy_row_of(self, source_row: int) -> int | None:
        i = bisect.bisect_left(self._rows, source_row)  # the list is in source order
        return i if i < len(self._rows) and self._rows[i] == source_row else None

    def mapFromSource(self, source_index: Index) -> QModelIndex:  # noqa: N802 (Qt API)
        if not source_index.isValid():
            return QModelIndex()
        row = self._proxy_row_of(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else model.columnCount()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            return self.sourceModel().headerData(section, orientation, role)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0:
            self.sourceModel().sort(column, order)


def select_by_id(view: QAbstractItemView, proxy: EmployeeFilterProxy, row_id: int) -> bool:
    """Make the row with this id current and selected in ``view`` (over ``proxy``), scrolled into sight.
    False when it is not in the list or filtered out."""
    model: RowTableModel = proxy.sourceModel()  # type: ignore[assignment]
    source_row = model.row_of_id(row_id)
    if source_row is None:
        return False
    index = proxy.mapFromSource(model.index(source_row, 0))
    if not index.isValid():
        return False
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.scrollTo(index)
    return True
