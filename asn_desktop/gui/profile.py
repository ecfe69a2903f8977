"""Profil pegawai: a person's whole record in one read-only dialog — identity, riwayat jabatan, SKP and predikat by
year, training and JP by year, open training needs. Opened from any list with Ctrl+Shift+P."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QWidget,
)

from asn_desktop.domain.development import KINDS, fmt_jp
from asn_desktop.domain.nip import format_nip
from asn_desktop.services import profile as prof
from asn_desktop.services.common import today
from asn_desktop.services.employees import POSITION_KINDS

from . import fmt
from .penilaian import PREDIKAT_COLOURS
from .uiload import child, load_into

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_COLUMN_WIDTH = 340
MIN_ELASTIC_WIDTH = 140
# the columns of long free text that give up room (their text wraps; the whole text is also the tooltip) when a
# table is wider than the dialog
ELASTIC = {"history": (6, 0, 3), "skp": (6, 5, 4), "training": (1, 6), "needs": (3, 1, 5)}
_MET, _SHORT = "#1b6e3a", "#c27c0e"  # JP bar: target met, still short

Cell = tuple[str, "str | int | float"]  # (text shown, sort key: a plain value Qt can compare)


def _dates(start, end) -> str:
    return fmt.date(start) if start == end else f"{fmt.date(start)} – {fmt.date(end)}"


class ProfileDialog(QDialog):
    """Read only; Esc or Tutup closes it. Raises :class:`DomainError` when the employee is gone."""

    def __init__(self, parent: QWidget | None, employee_id: int, profile: prof.Profile | None = None):
        super().__init__(parent)
        self.employee_id = employee_id
        self.setWindowTitle("Profil pegawai")
        self.form = load_into(self, "profile_dialog.ui")
        self.layout().setContentsMargins(16, 14, 16, 12)
        f = self.form
        self.tabs = child(f, QTabWidget, "tabs")
        self.header_name = child(f, QLabel, "headerName")
        self.header_name.setProperty("role", "title")
        self.header_nip = child(f, QLabel, "headerNip")
        self.header_position = child(f, QLabel, "headerPosition")
        self.header_unit = child(f, QLabel, "headerUnit")
        self.header_unit.setProperty("role", "muted")
        self.header_inactive = child(f, QLabel, "headerInactive")
        self.header_inactive.setProperty("role", "error")
        self.values = {name: child(f, QLabel, f"{name}Value") for name in (
            "name", "nip", "status", "golongan", "birth", "gender", "education", "position", "kind", "jenjang",
            "unit", "supervisor", "active", "lastPredikat", "jpNow")}
        for caption in f.findChildren(QLabel):
            if caption.objectName().endswith("Caption"):
                caption.setProperty("role", "muted")
        self.jp_title = child(f, QLabel, "jpTitle")
        self.jp_grid = child(f, QWidget, "jpYears").layout()
        assert isinstance(self.jp_grid, QGridLayout)
        for label in (self.jp_title, child(f, QLabel, "trainingTitle")):
            label.setStyleSheet("font-weight: 600;")
        self.tables: dict[str, tuple[QTableView, QStandardItemModel, QStackedWidget, QLabel]] = {}
        self._natural: dict[str, list[int]] = {}  # each column's width for its text, per table
        for key in ("history", "skp", "training", "needs"):
            view = child(f, QTableView, f"{key}Table")
            model = QStandardItemModel(self)
            model.setSortRole(SORT_ROLE)
            view.setModel(model)
            view.verticalHeader().hide()
            view.verticalHeader().setMinimumSectionSize(26)
            view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrapped text
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
            view.viewport().installEventFilter(self)  # columns are fitted to the width the table has
            self.tables[key] = (view, model, child(f, QStackedWidget, f"{key}Stack"), child(f, QLabel, f"{key}Empty"))
        buttons = child(f, QDialogButtonBox, "buttonBox")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        self.resize(1100, 680)
        self.show_profile(profile if profile is not None else prof.employee_profile(employee_id))

    # ------------------------------------------------------------------------------------------ filling
    def show_profile(self, p: prof.Profile) -> None:
        self.profile = p
        i = p.identity
        self.setWindowTitle(f"Profil pegawai — {i.name}")
        self._fill_header(i)
        self._fill_identity(p)
        self._fill_history(p)
        self._fill_years(p)
        self._fill_training(p)
        self._fill_needs(p)

    def _fill_header(self, i: prof.Identity) -> None:
        self.header_name.setText(i.name)
        self.header_nip.setText(f"NIP {format_nip(i.nip)} · {i.status} · {i.golongan_label}")
        self.header_position.setText(i.position_text)
        self.header_unit.setText(i.unit_path)
        self.header_inactive.setText(self._inactive_text(i))
        self.header_inactive.setVisible(not i.active)

    @staticmethod
    def _inactive_text(i: prof.Identity) -> str:
        since = f" sejak {fmt.date(i.inactive_date)}" if i.inactive_date else ""
        reason = f" — {i.inactive_reason}" if i.inactive_reason else ""
        return f"Nonaktif{since}{reason}"

    def _fill_identity(self, p: prof.Profile) -> None:
        i = p.identity
        supervisor = i.supervisor_name or "Belum ditetapkan"
        if i.supervisor_name and i.supervisor_position:
            supervisor += f" — {i.supervisor_position}"
        texts = {
            "name": i.name, "nip": format_nip(i.nip), "status": i.status, "golongan": i.golongan_label,
            "birth": f"{fmt.date(i.birth_date)} ({i.age(today())} tahun)", "gender": i.gender_label,
            "education": i.education or "—", "position": i.position_title, "kind": i.position_kind_label,
            "jenjang": i.jenjang or "—", "unit": i.unit_path, "supervisor": supervisor,
            "active": "Aktif" if i.active else self._inactive_text(i),
            "lastPredikat": self._last_predikat(p), "jpNow": self._jp_now(p),
        }
        for key, text in texts.items():
            self.values[key].setText(text)

    @staticmethod
    def _last_predikat(p: prof.Profile) -> str:
        y = next((y for y in p.years if y.annual_state == "final" and y.predikat is not None), None)
        if y is None:
            return "Belum ada predikat tahunan yang final"
        return f"{y.predikat_label} ({y.year})" + (f" — {y.objection_label}" if y.objection_label else "")

    @staticmethod
    def _jp_now(p: prof.Profile) -> str:
        year = today().year
        y = next((y for y in p.jp_years if y.year == year), None)
        return f"{year}: {y.text}" if y is not None else "—"

    def _fill_history(self, p: prof.Profile) -> None:
        rows = [[(r.position_title, r.position_title.lower()),
                 (POSITION_KINDS.get(r.position_kind, r.position_kind), r.position_kind),
                 (r.jenjang, r.jenjang),
                 (r.unit_name, r.unit_name.lower()),
                 (fmt.date(r.start_date), r.start_date.isoformat()),
                 (fmt.date(r.end_date) if r.end_date else "sekarang", r.end_date.isoformat() if r.end_date else "9"),
                 (r.note, r.note.lower())]
                for r in p.positions]
        self._fill("history", ("Jabatan", "Jenis", "Jenjang", "Unit kerja", "Mulai", "Selesai", "Keterangan"),
                   rows, sort=4)

    def _fill_years(self, p: prof.Profile) -> None:
        def periodic(y: prof.YearRecord) -> str:  # wrapped between periods, never inside one ("TW II Baik")
            return " · ".join(r.text.replace(" ", "\u00a0") for r in y.periodic) or "—"

        rows = [[(str(y.year), y.year), (y.skp_label, y.skp_label), (y.penilai_name or "—", y.penilai_name),
                 (y.predikat_label, y.predikat_label), (y.objection_label or "—", y.objection_label),
                 (periodic(y), y.periodic_text), (y.skp_position or "—", y.skp_position)]
                for y in p.years]
        headers = ("Tahun", "SKP", "Pejabat penilai", "Predikat tahunan", "Keberatan", "Evaluasi periodik",
                   "Jabatan dalam SKP")
        for y, items in zip(p.years, self._fill("skp", headers, rows, sort=0)):
            if y.predikat is not None and y.annual_state == "final":
                item = items[3]
                item.setForeground(QBrush(QColor(PREDIKAT_COLOURS[y.predikat])))
                font = item.font()
                font.setBold(True)
                item.setFont(font)

    def _fill_training(self, p: prof.Profile) -> None:
        self.jp_title.setText(f"Jam pelajaran (JP) per tahun — target {p.jp_target} JP setahun")
        while self.jp_grid.count():
            widget = self.jp_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for row, y in enumerate(p.jp_years):
            year = QLabel(str(y.year))
            year.setStyleSheet("font-weight: 600;")
            bar = QProgressBar()
            bar.setRange(0, max(1, y.target) * 10)
            bar.setValue(int(min(y.jp, y.target) * 10))
            bar.setTextVisible(False)
            bar.setFixedSize(220, 14)
            bar.setAccessibleName(f"JP {y.year}")
            bar.setStyleSheet(f"QProgressBar {{ border: 1px solid #c9d1db; border-radius: 3px; background: #f3f6fa; }}"
                              f"QProgressBar::chunk {{ background: {_MET if y.meets else _SHORT}; }}")
            text = QLabel(y.text)
            text.setTextFormat(Qt.TextFormat.PlainText)
            self.jp_grid.addWidget(year, row, 0)
            self.jp_grid.addWidget(bar, row, 1)
            self.jp_grid.addWidget(text, row, 2)
        self.jp_grid.setColumnStretch(2, 1)
        for widget in (self.jp_title, self.jp_grid.parentWidget()):  # nothing to measure: no heading either
            widget.setVisible(bool(p.jp_years))
        rows = []
        for t in p.trainings:
            certificate = t.certificate_number
            if t.certificate_date:
                certificate = f"{certificate} ({fmt.date(t.certificate_date)})" if certificate else \
                    fmt.date(t.certificate_date)
            rows.append([(str(t.year), t.year), (t.title, t.title.lower()), (t.form_label, t.form_label),
                         (_dates(t.start, t.end), f"{t.end.isoformat()} {t.start.isoformat()}"),
                         (t.status_label, t.status),
                         ("—" if t.status == "direncanakan" else t.jp_text, float(t.jp)), (certificate or "—", certificate)])
        headers = ("Tahun", "Kegiatan", "Bentuk", "Tanggal", "Status", "JP", "Sertifikat")
        for t, items in zip(p.trainings, self._fill("training", headers, rows, sort=3)):
            items[1].setToolTip("\n".join(x for x in (
                t.title, f"Jenis: {t.kind_label}", t.organiser and f"Penyelenggara: {t.organiser}",
                f"JP kegiatan: {fmt_jp(t.event_jp)}", t.notes) if x))
            items[5].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _fill_needs(self, p: prof.Profile) -> None:
        rows = []
        for n in p.needs:
            source = n.source_label + (f" ({n.period_label})" if n.period_label else "")
            rows.append([(str(n.year), n.year), (n.competency, n.competency.lower()),
                         (KINDS.get(n.kind, n.kind), n.kind), (source, source), (n.status_label, n.status),
                         (n.planned_event or "—", n.planned_event)])
        self._fill("needs", ("Tahun", "Kompetensi", "Jenis", "Sumber", "Status", "Direncanakan ke kegiatan"),
                   rows, sort=0)
        count = len(p.needs)
        self.tabs.setTabText(self.tabs.indexOf(child(self.form, QWidget, "needsTab")),
                             f"&Kebutuhan pelatihan ({count})" if count else "&Kebutuhan pelatihan")

    def _fill(self, key: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
              sort: int) -> list[list[QStandardItem]]:
        """Put rows in a table (newest first, sortable by any column) or show the table's empty text. Returns the
        items made, in the order of ``rows``, for the caller to dress."""
        view, model, stack, empty = self.tables[key]
        model.clear()
        model.setHorizontalHeaderLabels(list(headers))
        made = []
        for cells in rows:
            items = []
            for text, sort_key in cells:
                item = QStandardItem(text)
                item.setEditable(False)
                item.setData(sort_key, SORT_ROLE)
                item.setToolTip(text)
                items.append(item)
            model.appendRow(items)
            made.append(items)
        view.sortByColumn(sort, Qt.SortOrder.DescendingOrder)
        stack.setCurrentWidget(view if rows else empty)
        view.resizeColumnsToContents()
        self._natural[key] = [min(view.columnWidth(c) + 12, MAX_COLUMN_WIDTH) for c in range(model.columnCount())]
        self._fit(key)
        return made

    def _fit(self, key: str) -> None:
        """Each column as wide as its text, unless the table would not fit: then the long text columns give way
        (each in proportion to what it can spare, never narrower than its header) and their text wraps."""
        natural = self._natural.get(key)
        if not natural:
            return
        view = self.tables[key][0]
        header = view.horizontalHeader()
        widths = list(natural)
        excess = sum(widths) - view.viewport().width()
        if excess > 0:
            spare = {c: max(0, widths[c] - max(MIN_ELASTIC_WIDTH, header.sectionSizeFromContents(c).width()))
                     for c in ELASTIC[key]}
            total = sum(spare.values())
            for col, can in spare.items():
                widths[col] -= min(can, excess * can // total) if total else 0
        for col, width in enumerate(widths[:-1]):  # the last one stretches to the edge
            view.setColumnWidth(col, width)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            for key, (view, *_rest) in self.tables.items():
                if obj is view.viewport():
                    self._fit(key)
        return super().eventFilter(obj, event)
