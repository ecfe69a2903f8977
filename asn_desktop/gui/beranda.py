"""Beranda: the office at a glance — counts per unit, status, golongan, jenis jabatan."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from asn_desktop.services import dashboard as dashsvc

from . import changes, fmt
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

Index = QModelIndex | QPersistentModelIndex


class CountModel(QAbstractTableModel):
    """Two columns: a label and a count (sorts by the number, not its text)."""

    HEADERS = ("Unit", "Pegawai aktif")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dashsvc.Count] = []

    def set_rows(self, rows: list[dashsvc.Count]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return c.label if index.column() == 0 else fmt.number(c.count)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        key = (lambda c: c.label.lower()) if column == 0 else (lambda c: c.count)
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class BarRow(QWidget):
    """A label, a proportional bar and the count, drawn in one line."""

    def __init__(self, label: str, count: int, total: int, parent=None):
        super().__init__(parent)
        self.label, self.count, self.total = label, count, total
        self.setAccessibleName(f"{label}: {count}")
        self.setMinimumHeight(24)

    def sizeHint(self) -> QSize:
        return QSize(320, 24)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        label_w = 110
        pct = f"{(self.count / self.total if self.total else 0.0) * 100:.0f}%"
        text = f"{fmt.number(self.count)} ({pct})"
        count_w = self.fontMetrics().horizontalAdvance(text) + 8  # room for the whole figure, never clipped
        p.setPen(self.palette().windowText().color())
        p.drawText(QRectF(0, 0, label_w, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.label)
        bar_w = max(0.0, w - label_w - count_w - 8)
        frac = self.count / self.total if self.total else 0.0
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#e6eaf0"))
        p.drawRoundedRect(QRectF(label_w, h / 2 - 5, bar_w, 10), 4, 4)
        p.setBrush(QColor("#2f6db5"))
        p.drawRoundedRect(QRectF(label_w, h / 2 - 5, bar_w * frac, 10), 4, 4)
        p.setPen(self.palette().windowText().color())
        p.drawText(QRectF(w - count_w, 0, count_w, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)
        p.end()


class Card(QWidget):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.value = QLabel("—")
        self.value.setProperty("role", "cardValue")
        self.title = QLabel(title)
        self.title.setProperty("role", "cardTitle")
        layout.addWidget(self.value)
        layout.addWidget(self.title)

    def set_value(self, text: str) -> None:
        self.value.setText(text)


class BerandaPage(QWidget):
    loaded = Signal()
    open_pegawai = Signal()
    open_distribution = Signal(int)  # unit id: its distribution on the Penilaian page

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = load_into(self, "beranda_page.ui")
        f = self.form
        child(f, QLabel, "titleLabel").setProperty("role", "title")
        self.subtitle = child(f, QLabel, "subtitleLabel")
        self.unit_table = child(f, QTableView, "unitTable")
        self.unit_model = CountModel(self)
        self.unit_table.setModel(self.unit_model)
        self.unit_table.verticalHeader().hide()
        self.unit_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.unit_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.unit_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.cards = {
            "active": Card("Pegawai aktif"),
            "units": Card("Unit organisasi"),
            "inactive": Card("Pegawai nonaktif"),
            "nosup": Card("Tanpa pejabat penilai aktif"),
            "jp": Card("Memenuhi target JP tahun ini"),
        }
        cards_layout = child(f, QHBoxLayout, "cardsLayout")
        for card in self.cards.values():
            cards_layout.addWidget(card)
        self.boxes = {
            "status": child(f, QGroupBox, "statusBox"),
            "golongan": child(f, QGroupBox, "golonganBox"),
            "kind": child(f, QGroupBox, "kindBox"),
        }
        self.content = [child(f, QGroupBox, "unitBox"), *self.boxes.values(), *self.cards.values()]
        self.empty_state = child(f, QWidget, "emptyState")
        child(f, QPushButton, "goPegawaiButton").clicked.connect(self.open_pegawai)
        self.distribution_box = child(f, QGroupBox, "distributionBox")
        self.distribution_label = child(f, QLabel, "distributionLabel")
        self.distribution_label.setProperty("role", "error")
        child(f, QPushButton, "distributionButton").clicked.connect(self._open_distribution)
        self.data: dashsvc.Dashboard | None = None
        for w in [*self.content, self.empty_state, self.distribution_box]:  # nothing until the first load
            w.hide()
        self.loader = PageData(self, hub, background, dashsvc.dashboard, self._loaded, self._failed)

    def _open_distribution(self) -> None:
        if self.data is not None and self.data.distribution_warnings:
            self.open_distribution.emit(self.data.distribution_warnings[0].unit_id)

    def focus_first(self) -> None:
        """Where the keyboard starts when the page is opened."""
        self.unit_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.loader.shown()

    def reload(self) -> None:
        self.loader.reload()

    def _failed(self, err: BaseException) -> None:
        self.prompts.error(self, "Beranda tidak dapat dimuat", str(err))

    def _loaded(self, d: dashsvc.Dashboard) -> None:
        self.data = d
        has_data = d.total_active + d.total_inactive > 0
        for w in self.content:
            w.setVisible(has_data)
        self.empty_state.setVisible(not has_data)
        self.subtitle.setText(d.office_name or "Ringkasan kepegawaian kantor")
        warnings = d.distribution_warnings
        self.distribution_box.setVisible(bool(warnings))
        if warnings:
            self.distribution_box.setTitle(
                f"Distribusi predikat {d.year} menyimpang di {len(warnings)} unit (peringatan; predikat tidak diubah)")
            lines = [f"{w.unit_name} ({w.org_predikat}): " + " ".join(v[:1].upper() + v[1:] for v in w.violations)
                     for w in warnings[:4]]
            if len(warnings) > 4:
                lines.append(f"… dan {len(warnings) - 4} unit lain.")
            self.distribution_label.setText("\n".join(lines))
        self.cards["active"].set_value(fmt.number(d.total_active))
        self.cards["units"].set_value(fmt.number(d.units))
        self.cards["inactive"].set_value(fmt.number(d.total_inactive))
        self.cards["nosup"].set_value(fmt.number(d.without_supervisor))
        if d.jp is not None:
            share = fmt.number(d.jp.share, 0)
            self.cards["jp"].set_value(f"{share}%")
            self.cards["jp"].title.setText(f"Memenuhi {d.jp.target} JP tahun {d.jp.year}")
            self.cards["jp"].setToolTip(
                f"{fmt.number(d.jp.meeting)} dari {fmt.number(d.jp.staff)} pegawai aktif sudah mencapai {d.jp.target} JP "
                f"tahun {d.jp.year}. Rinciannya di halaman Pelatihan, tab Kepatuhan JP.")
        self.unit_model.set_rows(d.by_unit)
        self.unit_table.sortByColumn(
            self.unit_table.horizontalHeader().sortIndicatorSection(),
            self.unit_table.horizontalHeader().sortIndicatorOrder(),
        )
        for key, counts in (("status", d.by_status), ("golongan", d.by_golongan), ("kind", d.by_position_kind)):
            layout = self.boxes[key].layout()
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            for c in counts:
                layout.addWidget(BarRow(c.label, c.count, d.total_active))
        self.loaded.emit()
