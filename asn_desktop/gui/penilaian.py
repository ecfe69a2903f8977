"""Halaman Penilaian: the supervisor grid (Penilaian cepat), the evaluation form, the unit's distribution
against its predikat organisasi, keberatan, and public feedback."""

from __future__ import annotations

import datetime as dt
import html
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from asn_desktop.domain.appraisal import RULES, OrgPredikat
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.nip import format_nip
from asn_desktop.domain.predikat import Predikat, Rating
from asn_desktop.domain.predikat import explain as explain_predikat
from asn_desktop.domain.predikat import predikat as matrix_predikat
from asn_desktop.domain.skp import ASPECTS
from asn_desktop.services import appraisals as ap
from asn_desktop.services import units as unitsvc
from asn_desktop.services.workplans import OPERATOR, Actor

from . import changes, fmt
from .dialogs import FormDialog, _restyle, open_dialog, refusal_text, unit_items
from .ops import Background, PageData
from .prompts import Prompts
from .skp import format_number, parse_number
from .uiload import child, load_into

RATING_KEYS = {Qt.Key.Key_A: Rating.DI_ATAS, Qt.Key.Key_S: Rating.SESUAI, Qt.Key.Key_B: Rating.DI_BAWAH,
               Qt.Key.Key_1: Rating.DI_ATAS, Qt.Key.Key_2: Rating.SESUAI, Qt.Key.Key_3: Rating.DI_BAWAH}
RATING_CHOICES = (("—", None), ("Di Atas Ekspektasi", Rating.DI_ATAS), ("Sesuai Ekspektasi", Rating.SESUAI),
                  ("Di Bawah Ekspektasi", Rating.DI_BAWAH))
PREDIKAT_COLOURS = {Predikat.SANGAT_BAIK: "#1b6e3a", Predikat.BAIK: "#2f6fae", Predikat.BUTUH_PERBAIKAN: "#c27c0e",
                    Predikat.KURANG: "#b3261e", Predikat.SANGAT_KURANG: "#6d1b16"}
CADENCE_LABELS = {"bulanan": "Bulanan", "triwulan": "Triwulan", "semester": "Semester"}


def choose_attachment(parent: QWidget) -> Path | None:
    """The file dialog for a bukti dukung (tests replace this boundary)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Lampirkan bukti dukung", "",
                                          "Dokumen atau gambar (*.pdf *.png *.jpg *.jpeg)")
    return Path(name) if name else None


def open_with_system_viewer(path: Path) -> bool:
    """Open a file with the viewer the system uses for it (tests replace this boundary)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# ------------------------------------------------------------------------------------------ grid model
class TeamModel(QAbstractTableModel):
    NAME, POSITION, CAPAIAN, HASIL, PERILAKU, PREDIKAT, STATUS = range(7)
    HEADERS = ("Nama", "Jabatan", "Capaian", "Hasil kerja", "Perilaku kerja", "Predikat", "Status")
    RATING_COLUMNS = (HASIL, PERILAKU)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[ap.TeamRow] = []
        self._twins: set[str] = set()

    def set_rows(self, rows: list[ap.TeamRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        seen: dict[str, int] = {}
        for r in rows:
            seen[r.name] = seen.get(r.name, 0) + 1
        self._twins = {name for name, n in seen.items() if n > 1}  # shown with their NIP
        self.endResetModel()

    def display_name(self, r: ap.TeamRow) -> str:
        return f"{r.name} · {fmt_nip(r.nip)}" if r.name in self._twins else r.name

    def replace(self, i: int, row: ap.TeamRow) -> None:
        self.rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.HEADERS) - 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return {self.HASIL: "Rating hasil kerja", self.PERILAKU: "Rating perilaku kerja",
                    self.CAPAIAN: "IKI yang sudah ada realisasinya · rata-rata capaian terhadap target"}.get(section)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                return self.display_name(r)
            if col == self.POSITION:
                return r.position_title
            if col == self.CAPAIAN:
                return r.capaian
            if col == self.HASIL:
                return r.rating_hasil.label if r.rating_hasil else "—"
            if col == self.PERILAKU:
                return r.rating_perilaku.label if r.rating_perilaku else "—"
            if col == self.PREDIKAT:
                return r.predikat.label if r.predikat else "—"
            return r.status_label
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.NAME:
                return f"{r.name}\nNIP {fmt_nip(r.nip)}"
            if col in self.RATING_COLUMNS:
                return ("Terkunci (final)" if r.final else
                        "Ketik A = Di Atas, S = Sesuai, B = Di Bawah Ekspektasi; Del mengosongkan")
            if col == self.PREDIKAT and r.rating_hasil and r.rating_perilaku:
                return explain_predikat(r.rating_hasil, r.rating_perilaku)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.PREDIKAT and r.predikat:
                return QColor(PREDIKAT_COLOURS[r.predikat])
            if r.final and col in self.RATING_COLUMNS:
                return QColor("#5f6b7a")
        return None


def fmt_nip(nip: str) -> str:
    return format_nip(nip)


# --------------------------------------------------------------------------------------- the bar chart
class DistributionChart(QWidget):
    """Bars of the share per predikat; a bar in a broken condition of the rule is drawn hatched red."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumHeight(200)
        self.setAccessibleName("Grafik distribusi predikat")
        self._bars: list[tuple[Predikat, int, float, bool]] = []

    def set_distribution(self, d: ap.UnitDistribution | None) -> None:
        bad: set[Predikat] = set()
        if d is not None and d.check is not None and d.org_predikat is not None:
            for bound, check in zip(RULES[d.org_predikat], d.check.checks, strict=True):
                if not check.ok:
                    bad.update(bound.predikat)
        self._bars = [] if d is None else [(p, d.counts.get(p, 0), d.percent(p), p in bad) for p in Predikat]
        self.setToolTip("\n".join(f"{p.label}: {n} ({_pct(v)})" for p, n, v, _ in self._bars))
        self.update()

    def bars(self) -> list[tuple[str, int, float, bool]]:
        return [(p.label, n, v, bad) for p, n, v, bad in self._bars]

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(10, 10, -10, -10)
        if not self._bars:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Belum ada data.")
            return
        n = len(self._bars)
        label_h, value_h = 34, 18
        chart_h = rect.height() - label_h - value_h
        slot = rect.width() / n
        base_y = rect.top() + value_h + chart_h
        painter.setPen(QColor("#c9d1db"))
        painter.drawLine(rect.left(), int(base_y), rect.right(), int(base_y))
        for i, (p, count, percent, bad) in enumerate(self._bars):
            x = rect.left() + i * slot + slot * 0.18
            w = slot * 0.64
            h = chart_h * percent / 100.0
            colour = QColor("#b3261e") if bad else QColor(PREDIKAT_COLOURS[p])
            if bad and h < 4:  # "there must be some": an empty bar in the wrong is marked on the axis
                h = 4
            painter.fillRect(QRectF(x, base_y - h, w, h), colour)
            if bad:
                painter.fillRect(QRectF(x, base_y - h, w, h), Qt.BrushStyle.BDiagPattern)
            painter.setPen(QColor("#1f2933"))
            painter.drawText(QRectF(x - 10, base_y - h - value_h, w + 20, value_h),
                             Qt.AlignmentFlag.AlignCenter, f"{_pct(percent)} ({count})")
            painter.drawText(QRectF(rect.left() + i * slot, base_y + 2, slot, label_h),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             p.label)


def _pct(value: float) -> str:
    return fmt.number(value, 1).removesuffix(",0") + "%"


# ------------------------------------------------------------------------------------------- dialogs
class ObjectionDialog(FormDialog):
    """The atasan pejabat penilai decides a keberatan: reject, or accept with a new predikat."""

    FIELD_WIDGETS = {"reason": "reasonEdit", "predikat": "newPredikatCombo"}

    def __init__(self, parent: QWidget | None, view: ap.EvaluationView, actor: Actor):
        super().__init__(parent, "objection_dialog.ui", "Putusan keberatan")
        self.view, self.actor = view, actor
        o = view.objection
        assert o is not None
        child(self.form, QLabel, "summaryLabel").setText(
            f"{view.employee_name} ({fmt_nip(view.nip)}) mengajukan keberatan pada {fmt.date(o.filed_on)} atas "
            f"predikat {o.original.label}.\nAlasan: {o.reason}")
        self.accept_radio = child(self.form, QRadioButton, "acceptRadio")
        self.reject_radio = child(self.form, QRadioButton, "rejectRadio")
        self.new = child(self.form, QComboBox, "newPredikatCombo")
        for p in Predikat:
            if p is not o.original:
                self.new.addItem(p.label, p)
        self.hearing = child(self.form, QPlainTextEdit, "hearingEdit")
        self.reason = child(self.form, QPlainTextEdit, "reasonEdit")
        self.accept_radio.toggled.connect(self.new.setEnabled)
        self.new.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Simpan putusan (Ctrl+Enter)")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        self.setMinimumWidth(560)
        self.reject_radio.setFocus()

    def accept(self) -> None:
        accepted = self.accept_radio.isChecked()
        if self.save(lambda: ap.decide_objection(
                self.view.id, self.actor, accepted, self.reason.toPlainText(),
                new_predikat=self.new.currentData() if accepted else None,
                hearing_notes=self.hearing.toPlainText()), other_field="_"):
            super().accept()


class PeerDialog(FormDialog):
    """A colleague's view per core value: a rating (optional) and a note."""

    FIELD_WIDGETS = {"peer": "peerCombo"}

    def __init__(self, parent: QWidget | None, view: ap.EvaluationView, actor: Actor):
        super().__init__(parent, "peer_dialog.ui", "Masukan rekan sejawat")
        self.view, self.actor = view, actor
        child(self.form, QLabel, "peerSummaryLabel").setText(
            f"Masukan rekan tentang perilaku kerja {view.employee_name} ({view.period.label}). Pilih rekannya, lalu "
            "isi rating dan catatan untuk nilai dasar yang ia amati; baris kosong tidak disimpan.")
        self.peer = child(self.form, QComboBox, "peerCombo")
        self.peer.lineEdit().setPlaceholderText("ketik nama rekan")
        for p in ap.peer_candidates(view.id):
            self.peer.addItem(f"{p.name} — {p.position_title}", p.id)
        self.peer.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.peer.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        if actor.employee_id is not None:
            i = self.peer.findData(actor.employee_id)
            self.peer.setCurrentIndex(i)
            self.peer.setEnabled(i < 0)
        self.table = child(self.form, QTableWidget, "peerTable")
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(["Nilai dasar", "Rating", "Catatan"])
        self.table.setRowCount(len(view.behaviours))
        self.ratings: list[QComboBox] = []
        for r, b in enumerate(view.behaviours):
            item = QTableWidgetItem(b.name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(r, 0, item)
            combo = QComboBox()
            for label, value in RATING_CHOICES:
                combo.addItem(label, value)
            combo.setAccessibleName(f"Rating rekan: {b.name}")
            self.table.setCellWidget(r, 1, combo)
            self.ratings.append(combo)
            self.table.setItem(r, 2, QTableWidgetItem(""))
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(0, 190)
        self.table.setColumnWidth(1, 180)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.peer.currentIndexChanged.connect(self._peer_changed)
        self._peer_changed()
        self.setMinimumSize(760, 420)

    def _peer_changed(self) -> None:
        peer_id = self.peer.currentData()
        for r, b in enumerate(self.view.behaviours):
            mine = next((p for p in b.peers if p.peer_id == peer_id), None)
            self.ratings[r].setCurrentIndex(self.ratings[r].findData(mine.rating if mine else None))
            self.table.item(r, 2).setText(mine.note if mine else "")

    def accept(self) -> None:
        peer_id = self.peer.currentData()
        if peer_id is None or self.peer.currentText() != self.peer.itemText(self.peer.currentIndex()):
            self.show_errors({"peer": "Pilih rekan dari daftar."})
            return
        values = {b.code: (self.ratings[r].currentData(), self.table.item(r, 2).text())
                  for r, b in enumerate(self.view.behaviours)}
        if self.save(lambda: ap.save_peer(self.view.id, peer_id, values, self.actor), other_field="_"):
            super().accept()


# ---------------------------------------------------------------------------------------------- page
@dataclass(frozen=True)
class _Context:
    year: int
    periods: list[ap.PeriodInfo]
    penilai: list[ap.PenilaiOption]
    units: list[unitsvc.UnitRow]
    cadence: str


def _load_context(year: int) -> _Context:
    return _Context(year, ap.periods(year), ap.penilai_options(year), unitsvc.list_units(),
                    ap.office_cadence())


@dataclass(frozen=True)
class _Undo:
    employee_id: int
    column: int
    before: Rating | None
    after: Rating | None


class PenilaianPage(QWidget):
    loaded = Signal()  # the periods, penilai and units for the year are on screen
    team_shown = Signal()  # the grid shows the chosen penilai's team
    form_shown = Signal()  # the form shows an evaluation

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = f = load_into(self, "penilaian_page.ui")
        child(f, QLabel, "titleLabel").setProperty("role", "title")
        self.year = child(f, QSpinBox, "yearSpin")
        self.period = child(f, QComboBox, "periodCombo")
        self.cadence = child(f, QComboBox, "cadenceCombo")
        self.tabs = child(f, QTabWidget, "mainTabs")
        # grid
        self.penilai = child(f, QComboBox, "penilaiCombo")
        self.grid = child(f, QTableView, "gridTable")
        self.grid_count = child(f, QLabel, "gridCountLabel")
        self.saved_label = child(f, QLabel, "savedLabel")
        child(f, QLabel, "gridHintLabel").setProperty("role", "muted")
        self.undo_button = child(f, QPushButton, "undoButton")
        self.open_button = child(f, QPushButton, "openFormButton")
        self.finalise_grid_button = child(f, QPushButton, "finaliseGridButton")
        # form
        self.form_stack = child(f, QStackedWidget, "formStack")
        self.form_header = child(f, QLabel, "formHeaderLabel")
        self.form_status = child(f, QLabel, "formStatusLabel")
        self.actor = child(f, QComboBox, "actorCombo")
        self.indicators = child(f, QTableWidget, "indicatorTable")
        self.attachments = child(f, QListWidget, "attachmentList")
        self.behaviours = child(f, QTableWidget, "behaviourTable")
        self.feedback_label = child(f, QLabel, "feedbackLabel")
        self.self_edit = child(f, QPlainTextEdit, "selfEdit")
        self.hasil = child(f, QComboBox, "hasilCombo")
        self.perilaku = child(f, QComboBox, "perilakuCombo")
        self.predikat_value = child(f, QLabel, "predikatValue")
        self.explanation = child(f, QLabel, "explanationLabel")
        self.angka_kredit = child(f, QLabel, "angkaKreditLabel")
        self.catatan = child(f, QPlainTextEdit, "catatanEdit")
        self.objection_label = child(f, QLabel, "objectionLabel")
        self.history = child(f, QTableWidget, "historyTable")
        self.message = child(f, QLabel, "messageLabel")
        self.buttons = {name: child(f, QPushButton, f"{name}Button") for name in (
            "back", "save", "finalise", "unlock", "object", "decide", "attach", "openAttachment", "removeAttachment",
            "peer", "excel")}
        # distribution
        self.dist_unit = child(f, QComboBox, "distUnitCombo")
        self.org_predikat = child(f, QComboBox, "orgPredikatCombo")
        self.dist_rule = child(f, QLabel, "distRuleLabel")
        self.dist_table = child(f, QTableWidget, "distTable")
        self.dist_violations = child(f, QLabel, "distViolationsLabel")
        self.warnings = child(f, QListWidget, "warningsList")
        self.chart = DistributionChart()
        child(f, QWidget, "distChartHolder").layout().addWidget(self.chart)
        # objections
        self.objection_table = child(f, QTableWidget, "objectionTable")
        self.objection_detail = child(f, QLabel, "objectionDetailLabel")
        self.objection_open = child(f, QPushButton, "objectionOpenButton")
        self.objection_days = child(f, QSpinBox, "objectionDaysSpin")
        # public feedback
        self.public_table = child(f, QTableWidget, "publicTable")
        self.about = child(f, QComboBox, "aboutCombo")
        self.kind = child(f, QComboBox, "kindCombo")
        self.score = child(f, QDoubleSpinBox, "scoreSpin")
        self.responses = child(f, QSpinBox, "responsesSpin")
        self.note = child(f, QLineEdit, "noteEdit")
        self.public_message = child(f, QLabel, "publicMessageLabel")
        self.add_public = child(f, QPushButton, "addPublicButton")
        self.remove_public = child(f, QPushButton, "removePublicButton")

        self._setup_widgets()
        QWidget.setTabOrder(self.actor, self.indicators)  # who is acting first, then the form top to bottom
        self._ctx: _Context | None = None
        self._pending_unit: int | None = None
        self._shown_year = dt.date.today().year
        self._undo_period: tuple[int, str, int] | None = None
        self._shown_org_predikat: OrgPredikat | None = None
        self._view: ap.EvaluationView | None = None
        self._dirty = False
        self._filling = False
        self._undo: list[_Undo] = []
        self._team_ticket = 0
        self._objections: list[ap.ObjectionView] = []
        self._public: list[ap.FeedbackRow] = []
        self.loader = PageData(
            self, hub, background, lambda: _load_context(self.year.value()), self._context_loaded,
            lambda err: self.prompts.error(self, "Data penilaian tidak dapat dimuat", str(err)),
            areas=frozenset({changes.EMPLOYEES, changes.UNITS, changes.SKP, changes.SETTINGS}),
        )
        self._connect()

    # ------------------------------------------------------------------------------------- set-up
    def _setup_widgets(self) -> None:
        self.year.setValue(dt.date.today().year)
        for code, label in CADENCE_LABELS.items():
            self.cadence.addItem(label, code)
        self.model = TeamModel(self)
        self.grid.setModel(self.model)
        self.grid.verticalHeader().hide()
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(TeamModel.POSITION, QHeaderView.ResizeMode.Stretch)
        for col, width in ((TeamModel.NAME, 230), (TeamModel.CAPAIAN, 105), (TeamModel.HASIL, 140),
                           (TeamModel.PERILAKU, 140), (TeamModel.PREDIKAT, 140), (TeamModel.STATUS, 150)):
            self.grid.setColumnWidth(col, width)
        self.grid.installEventFilter(self)
        self.saved_label.setProperty("role", "ok")
        self.penilai.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.penilai.setMaximumWidth(820)
        self.penilai.lineEdit().setPlaceholderText("ketik sebagian nama pejabat penilai")
        self.penilai.completer().setFilterMode(Qt.MatchFlag.MatchContains)  # "Bahtiar" finds "Drs. Bahtiar"
        self.penilai.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

        self.indicators.setColumnCount(6)
        self.indicators.setHorizontalHeaderLabels(
            ["Indikator (RHK › IKI)", "Target", "Rencana aksi", "Realisasi", "Bukti dukung", "Umpan balik penilai"])
        self.indicators.verticalHeader().hide()
        ih = self.indicators.horizontalHeader()
        ih.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 100), (2, 170), (3, 100), (4, 170), (5, 170)):
            self.indicators.setColumnWidth(col, width)
        self.indicators.setWordWrap(True)
        self.indicators.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.behaviours.setColumnCount(5)
        self.behaviours.setHorizontalHeaderLabels(
            ["Nilai dasar", "Ekspektasi pimpinan", "Catatan pegawai", "Masukan rekan", "Umpan balik penilai"])
        self.behaviours.verticalHeader().hide()
        bh = self.behaviours.horizontalHeader()
        bh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 160), (2, 190), (3, 190), (4, 200)):
            self.behaviours.setColumnWidth(col, width)
        self.behaviours.setWordWrap(True)
        self.behaviours.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for combo in (self.hasil, self.perilaku):
            for label, value in RATING_CHOICES:
                combo.addItem(label, value)
        self.predikat_value.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.explanation.setProperty("role", "muted")
        self.history.setColumnCount(4)
        self.history.setHorizontalHeaderLabels(["Waktu", "Kejadian", "Oleh", "Catatan"])
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 140), (1, 150), (2, 260)):
            self.history.setColumnWidth(col, width)

        self.org_predikat.addItem("— belum ditetapkan —", None)
        for o in OrgPredikat:
            self.org_predikat.addItem(o.label, o)
        self.dist_table.setColumnCount(3)
        self.dist_table.setHorizontalHeaderLabels(["Predikat", "Jumlah", "Persen"])
        self.dist_table.verticalHeader().hide()
        self.dist_table.setColumnWidth(0, 170)
        self.dist_table.horizontalHeader().setStretchLastSection(True)

        self.objection_table.setColumnCount(6)
        self.objection_table.setHorizontalHeaderLabels(
            ["Nama", "NIP", "Diajukan", "Predikat semula", "Status", "Predikat akhir"])
        self.objection_table.verticalHeader().hide()
        self.objection_table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 240), (1, 180), (2, 100), (3, 150), (4, 150)):
            self.objection_table.setColumnWidth(col, width)

        self.public_table.setColumnCount(5)
        self.public_table.setHorizontalHeaderLabels(["Tentang", "Jenis", "Nilai", "Responden/pengaduan", "Keterangan"])
        self.public_table.verticalHeader().hide()
        self.public_table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 260), (1, 290), (2, 70), (3, 150)):
            self.public_table.setColumnWidth(col, width)
        for code, label in ap.FEEDBACK_KINDS.items():
            self.kind.addItem(label, code)
        self.score.setMinimum(-1)  # "—": nothing typed yet (a made-up 80 is worse than none)
        self.score.setSpecialValueText("—")
        self.score.setValue(-1)
        self.public_table.setColumnWidth(3, 175)

    def _connect(self) -> None:
        self.year.valueChanged.connect(self._year_changed)
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.cadence.activated.connect(lambda _i: self._cadence_chosen())
        self.penilai.currentIndexChanged.connect(lambda _i: None if self._filling else self._load_team())
        self.undo_button.clicked.connect(self.undo)
        self.open_button.clicked.connect(self.open_current_form)
        self.finalise_grid_button.clicked.connect(self._finalise_from_grid)
        self.grid.doubleClicked.connect(lambda _i: self.open_current_form())
        for keys, slot in (("Ctrl+Z", self.undo), ("Ctrl+L", self._finalise_from_grid), ("F2", self.open_current_form)):
            sc = QShortcut(QKeySequence(keys), self.grid)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)
        save = QShortcut(QKeySequence.StandardKey.Save, self.form_stack)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_form)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.form_stack)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_to_grid)
        self.buttons["back"].clicked.connect(self.back_to_grid)
        self.buttons["save"].clicked.connect(self.save_form)
        self.buttons["finalise"].clicked.connect(self.finalise_form)
        self.buttons["unlock"].clicked.connect(self._unlock)
        self.buttons["object"].clicked.connect(self._file_objection)
        self.buttons["decide"].clicked.connect(self._decide_objection)
        self.buttons["attach"].clicked.connect(self._attach)
        self.buttons["openAttachment"].clicked.connect(self._open_attachment)
        self.buttons["removeAttachment"].clicked.connect(self._remove_attachment)
        self.buttons["peer"].clicked.connect(self._peer)
        self.buttons["excel"].clicked.connect(self.export_form)
        self.attachments.itemActivated.connect(lambda _i: self._open_attachment())
        self.actor.currentIndexChanged.connect(lambda _i: self._apply_permissions())
        self.indicators.itemChanged.connect(self._form_edited)
        self.behaviours.itemChanged.connect(self._form_edited)
        self.self_edit.textChanged.connect(self._form_edited)
        self.catatan.textChanged.connect(self._form_edited)
        self.hasil.currentIndexChanged.connect(self._ratings_edited)
        self.perilaku.currentIndexChanged.connect(self._ratings_edited)
        self.dist_unit.currentIndexChanged.connect(lambda _i: self._show_distribution())
        self.org_predikat.activated.connect(lambda _i: self._org_predikat_chosen())
        self.warnings.itemActivated.connect(self._warning_chosen)
        self.objection_table.itemSelectionChanged.connect(self._objection_selected)
        self.objection_table.itemActivated.connect(lambda _i: self._open_objection())
        self.objection_open.clicked.connect(self._open_objection)
        self.objection_days.editingFinished.connect(self._objection_days_set)
        self.add_public.clicked.connect(self._add_public)
        self.remove_public.clicked.connect(self._remove_public)
        self.tabs.currentChanged.connect(self._tab_changed)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.loader.shown()

    def focus_first(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.penilai.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def current_employee_id(self) -> int | None:
        """The person the page is about now (for the profile): the open form's, else the grid's row."""
        if self.tabs.currentIndex() == 1 and self._view is not None:
            return self._view.employee_id
        row = self.current_team_row()
        return row.employee_id if row is not None else None

    # ---------------------------------------------------------------------------------- context
    def _context_loaded(self, ctx: _Context) -> None:
        self._ctx = ctx
        self._filling = True
        keep_period = self.period.currentData()
        self.period.clear()
        for p in ctx.periods:
            self.period.addItem(p.label, p)
        index = next((i for i, p in enumerate(ctx.periods)
                      if keep_period and (p.cadence, p.number) == (keep_period.cadence, keep_period.number)), -1)
        self.period.setCurrentIndex(index if index >= 0 else len(ctx.periods) - 1)
        periodic = next((p.cadence for p in ctx.periods if not p.annual), ctx.cadence)
        self.cadence.setCurrentIndex(self.cadence.findData(periodic))
        keep_penilai = self.penilai.currentData()
        self.penilai.clear()
        for o in ctx.penilai:  # id 0: the operator, for the SKPs whose penilai is outside the database
            self.penilai.addItem(f"{o.name} — {o.position_title} ({o.team_size} pegawai)", o.id)
        i = self.penilai.findData(keep_penilai)
        self.penilai.setCurrentIndex(i if i >= 0 else (0 if ctx.penilai else -1))
        keep_unit = self.dist_unit.currentData()
        self.dist_unit.clear()
        top = [u for u in ctx.units if u.active]
        for label, uid in unit_items(top):
            self.dist_unit.addItem(label, uid)
        j = self.dist_unit.findData(self._pending_unit if self._pending_unit is not None else keep_unit)
        self._pending_unit = None
        self.dist_unit.setCurrentIndex(j if j >= 0 else (1 if self.dist_unit.count() > 1 else 0))
        self._fill_about()
        self._filling = False
        self._period_changed()
        self.loaded.emit()

    def current_period(self) -> ap.PeriodInfo | None:
        return self.period.currentData()

    def _year_changed(self, year: int) -> None:
        if self._dirty and year != self._shown_year and not self._leave_form_ok():
            self.year.blockSignals(True)
            self.year.setValue(self._shown_year)
            self.year.blockSignals(False)
            return
        self._shown_year = year
        self.loader.reload()

    def _period_changed(self) -> None:
        if self._filling:
            return
        if self._dirty and self._view is not None and self.current_period() != self._view.period:
            if not self._leave_form_ok():
                self._filling = True
                self.period.setCurrentIndex(max(0, self.period.findText(self._view.period.label)))
                self._filling = False
                return
        period = self.current_period()
        key = (period.year, period.cadence, period.number) if period else None
        if key != self._undo_period:  # the undo list belongs to one period's grid; F5 keeps it
            self._undo_period = key
            self._undo.clear()
            self.saved_label.clear()
        self._update_undo()
        self._load_team()
        self._show_distribution()
        self._load_objections()
        self._load_public()
        if self._view is not None and self.current_period() and self._view.period.id != self.current_period().id:
            self._close_form()

    def _cadence_chosen(self) -> None:
        code = self.cadence.currentData()
        periodic = next((p.cadence for p in (self._ctx.periods if self._ctx else []) if not p.annual), None)
        if code == periodic:
            return
        if not self.prompts.confirm(
                self, "Ubah periode evaluasi kantor",
                f"Evaluasi periodik kantor menjadi {self.cadence.currentText().lower()} mulai tahun {self.year.value()} "
                "(dan tahun-tahun berikutnya)? Periode tahun yang sudah memiliki penilaian periodik tidak berubah.",
                yes="Ubah"):
            self.cadence.setCurrentIndex(self.cadence.findData(periodic))
            return
        try:
            ap.set_cadence(code, self.year.value(), OPERATOR)
        except (ValidationError, DomainError) as err:
            self.cadence.setCurrentIndex(self.cadence.findData(periodic))
            self.prompts.error(self, "Periode evaluasi tidak diubah", refusal_text(err))
            return
        self.hub.announce(changes.SETTINGS)
        self.loader.reload()

    # ------------------------------------------------------------------------------------- grid
    def _load_team(self) -> None:
        period, chosen = self.current_period(), self.penilai.currentData()
        penilai_id = None if chosen == 0 else chosen
        self._team_ticket += 1
        ticket = self._team_ticket
        if period is None or chosen is None or period.id is None:
            self.model.set_rows([])
            self.grid_count.setText("")
            self.saved_label.setText(f"Belum ada SKP {self.year.value()} yang disetujui; belum ada yang dinilai."
                                     if self._ctx is not None else "")
            self._update_grid_buttons()
            return

        def done(rows: list[ap.TeamRow]) -> None:
            if ticket != self._team_ticket:
                return
            self._show_team(rows)

        self.background.run(lambda _p: ap.team(penilai_id, period.id), done,
                            lambda err: self.prompts.error(self, "Tim tidak dapat dimuat", str(err)))

    def _show_team(self, rows: list[ap.TeamRow]) -> None:
        current = self.grid.currentIndex()
        keep = (self.model.rows[current.row()].employee_id, current.column()) if current.isValid() else None
        self.model.set_rows(rows)
        done = sum(1 for r in rows if r.final)
        self.grid_count.setText(f"{len(rows)} pegawai dinilai · {done} final")
        self._update_grid_buttons()
        if rows:
            row = next((i for i, r in enumerate(rows) if keep and r.employee_id == keep[0]), 0)
            self.grid.setCurrentIndex(self.model.index(row, keep[1] if keep else TeamModel.HASIL))
        self.team_shown.emit()

    def grid_actor(self) -> Actor | None:
        penilai_id = self.penilai.currentData()
        if penilai_id is None:
            return None
        return OPERATOR if penilai_id == 0 else Actor(employee_id=penilai_id)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.grid and event.type() == QEvent.Type.KeyPress:
            return self._grid_key(event)
        return super().eventFilter(obj, event)

    def _grid_key(self, event) -> bool:
        index = self.grid.currentIndex()
        if not index.isValid():
            return False
        key, mods = event.key(), event.modifiers()
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            nxt = min(index.row() + 1, self.model.rowCount() - 1)
            self.grid.setCurrentIndex(self.model.index(nxt, index.column()))
            return True
        if index.column() not in TeamModel.RATING_COLUMNS and plain and key in RATING_KEYS:
            self.saved_label.setText("Rating diketik di kolom Hasil kerja atau Perilaku kerja (panah kanan/kiri).")
            return True
        if index.column() in TeamModel.RATING_COLUMNS and plain:
            if key in RATING_KEYS:
                self.set_cell(index.row(), index.column(), RATING_KEYS[key])
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.set_cell(index.row(), index.column(), None)
                return True
        return False

    def set_cell(self, row: int, column: int, value: Rating | None, record_undo: bool = True) -> bool:
        """Save one rating at once (durably); the row shows what the database now holds."""
        r = self.model.rows[row]
        before = r.rating_hasil if column == TeamModel.HASIL else r.rating_perilaku
        if before == value:
            return True
        actor = self.grid_actor()
        period = self.current_period()
        if actor is None or period is None:
            return False
        if r.final:
            self.prompts.error(self, "Penilaian terkunci", f"Penilaian {r.name} sudah final dan terkunci; kuncinya dapat "
                               "dibuka oleh atasan pejabat penilai atau administrator.")
            return False
        kwargs = {"hasil": value} if column == TeamModel.HASIL else {"perilaku": value}
        self._team_ticket += 1  # a team load still running read the rows before this save: it is dropped
        try:
            new = ap.set_rating(r.employee_id, period.id, actor, expected_version=r.lock_version, **kwargs)
        except (ValidationError, DomainError) as err:
            text = refusal_text(err)
            if text == ap.STALE:
                text = (f"Penilaian {r.name} baru saja diubah di jendela atau komputer lain. Rating Anda tidak "
                        "disimpan; tabel dimuat ulang dengan nilai terbaru — periksa, lalu ketik lagi bila perlu.")
            self.prompts.error(self, "Rating tidak disimpan", text)
            self._load_team()
            return False
        self.model.replace(row, new)
        if self._view is not None and self._view.employee_id == r.employee_id and self._view.period.id == period.id \
                and new.evaluation_id is not None:
            self._show_form(ap.get_evaluation(new.evaluation_id), self.current_actor())  # the form follows the grid
        if record_undo:
            self._undo.append(_Undo(r.employee_id, column, before, value))
        self._update_undo()
        what = "rating hasil kerja" if column == TeamModel.HASIL else "rating perilaku kerja"
        self.saved_label.setText(f"Tersimpan {dt.datetime.now():%H:%M:%S} · {self.model.display_name(r)}: {what} "
                                 f"{value.label if value else 'dikosongkan'}")
        self.hub.announce(changes.APPRAISAL)
        return True

    def undo(self) -> None:
        if not self._undo:
            self.saved_label.setText("Tidak ada yang dapat diurungkan.")
            return
        step = self._undo[-1]
        row = next((i for i, r in enumerate(self.model.rows) if r.employee_id == step.employee_id), None)
        if row is None:
            self._undo.pop()
            self._update_undo()
            self.saved_label.setText("Langkah terakhir milik pegawai yang tidak ada di tabel ini; tidak diurungkan.")
            return
        r = self.model.rows[row]
        now = r.rating_hasil if step.column == TeamModel.HASIL else r.rating_perilaku
        if now != step.after:
            self._undo.pop()
            self._update_undo()
            self.prompts.error(self, "Tidak diurungkan", (
                f"Rating {r.name} sudah diubah lagi (di jendela atau komputer lain) menjadi "
                f"{now.label if now else 'kosong'}; perubahan itu tidak ditimpa."))
            return
        if self.set_cell(row, step.column, step.before, record_undo=False):
            self._undo.pop()
            self._update_undo()
            self.grid.setCurrentIndex(self.model.index(row, step.column))
            self.saved_label.setText(self.saved_label.text().replace("Tersimpan", "Diurungkan, tersimpan", 1))

    def _update_undo(self) -> None:
        self.undo_button.setEnabled(bool(self._undo))

    def _update_grid_buttons(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.open_button.setEnabled(has_rows)
        self.finalise_grid_button.setEnabled(has_rows)

    def current_team_row(self) -> ap.TeamRow | None:
        index = self.grid.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def open_current_form(self) -> None:
        r = self.current_team_row()
        if r is None:
            return
        self.open_form(r.employee_id, self.grid_actor() or OPERATOR)

    def _finalise_from_grid(self) -> None:
        r = self.current_team_row()
        actor, period = self.grid_actor(), self.current_period()
        if r is None or actor is None or period is None:
            return
        if r.final:
            self.prompts.info(self, "Sudah final", f"Penilaian {r.name} sudah final.")
            return
        if r.evaluation_id is None or r.predikat is None:
            self.prompts.error(self, "Belum dapat difinalkan",
                               f"{r.name} belum memiliki rating hasil kerja dan rating perilaku kerja.")
            return
        if not self._confirm_finalise(r.employee_id, r.name, r.predikat, period):
            return
        try:
            ap.finalise(r.evaluation_id, actor, r.lock_version)
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Penilaian tidak difinalkan", refusal_text(err))
        else:
            self._forget_undo(r.employee_id)
        self._after_change()

    def _forget_undo(self, employee_id: int) -> None:
        """A finalised evaluation is locked: its steps leave the undo list."""
        self._undo = [u for u in self._undo if u.employee_id != employee_id]
        self._update_undo()

    def _confirm_finalise(self, employee_id: int, name: str, predikat: Predikat, period: ap.PeriodInfo) -> bool:
        text = (f"Finalkan penilaian {name} untuk {period.label} dengan predikat {predikat.label}?\n\n"
                "Setelah final, penilaian terkunci; membukanya memerlukan atasan pejabat penilai atau administrator.")
        if period.annual:
            d = ap.distribution_for_employee(employee_id, period.year, predikat)
            if d is not None and d.check is not None and not d.check.ok:
                text += (f"\n\nPeringatan distribusi {d.unit_name} (predikat organisasi {d.org_predikat.label}), "
                         "jika predikat ini difinalkan:\n" + "\n".join(f"• {v}" for v in d.check.violations)
                         + "\n\nAplikasi tidak mengubah predikat siapa pun; keputusan tetap pada pejabat penilai.")
        return self.prompts.confirm(self, "Finalkan penilaian", text, yes="Finalkan")

    def _after_change(self) -> None:
        v = self._view
        if v is not None and v.period.id is not None:  # the grid's row now, before the reload comes back
            i = next((k for k, r in enumerate(self.model.rows) if r.employee_id == v.employee_id), None)
            if i is not None:
                self.model.replace(i, ap.team_row(v.employee_id, v.period.id))
        self._load_team()
        self._show_distribution()
        self._load_objections()
        self.hub.announce(changes.APPRAISAL)

    # ------------------------------------------------------------------------------------- form
    def open_form(self, employee_id: int, actor: Actor) -> bool:
        if self._dirty and not self._leave_form_ok():
            return False
        period = self.current_period()
        if period is None:
            return False
        try:
            view = ap.open_evaluation(employee_id, period.id)  # shown empty until the first save stores it
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Formulir tidak dapat dibuka", refusal_text(err))
            return False
        self._show_form(view, actor)
        self.tabs.setCurrentIndex(1)
        first = self.indicators if self.indicators.rowCount() else self.hasil
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.indicators.rowCount():
            self.indicators.setCurrentCell(0, 3)
        return True

    def _confirm_discard(self) -> bool:
        discard = self.prompts.confirm(
            self, "Perubahan belum disimpan",
            "Perubahan di formulir penilaian belum dapat disimpan" + (f":\n{self.message.text()}" if self.message.text()
                                                                      else ".") + "\n\nBuang perubahan itu?",
            yes="Buang perubahan", no="Kembali ke formulir")
        if discard:
            self._dirty = False
        return discard

    def _show_form(self, view: ap.EvaluationView, actor: Actor | None = None) -> None:
        self._view = view
        self._filling = True
        if actor is None:
            actor = self.current_actor()
        self.actor.clear()
        self.actor.addItem("Operator kepegawaian", OPERATOR)
        self.actor.addItem(f"{view.employee_name} (pegawai)", Actor(view.employee_id))
        if view.penilai_id is not None:
            self.actor.addItem(f"{view.penilai_name} (pejabat penilai)", Actor(view.penilai_id))
        if view.atasan_id is not None:
            self.actor.addItem(f"{view.atasan_name} (atasan pejabat penilai)", Actor(view.atasan_id))
        i = next((k for k in range(self.actor.count()) if self.actor.itemData(k) == actor), 0)
        self.actor.setCurrentIndex(i)
        self.form_header.setText(
            f"<b>{html.escape(view.employee_name)}</b> · NIP {fmt_nip(view.nip)} · {html.escape(view.position)} · "
            f"{html.escape(view.unit_name)}<br>{html.escape(view.period.label)} · SKP versi {view.skp_version} · "
            f"Pejabat penilai: {html.escape(view.penilai_name or '—')} · Atasan pejabat penilai: {html.escape(view.atasan_name or '—')}")
        self._fill_indicators(view)
        self._fill_behaviours(view)
        _set_text(self.self_edit, view.self_assessment)
        self.hasil.setCurrentIndex(self.hasil.findData(view.rating_hasil))
        self.perilaku.setCurrentIndex(self.perilaku.findData(view.rating_perilaku))
        _set_text(self.catatan, view.catatan)
        self.attachments.clear()
        iki_names = {i.iki_id: i.iki_text for i in view.indicators}
        for a in view.attachments:
            where = f" — {iki_names[a.iki_id]}" if a.iki_id in iki_names else ""
            self.attachments.addItem(f"{a.filename} ({_size(a.size)}){where}")
        if not view.attachments:
            empty = QListWidgetItem("Belum ada lampiran bukti dukung. Pilih baris indikatornya, lalu Lampirkan bukti "
                                    "(PDF atau gambar).")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.attachments.addItem(empty)
        self.feedback_label.setText(_feedback_text(view.feedback))
        self.history.setRowCount(len(view.history))
        for r, h in enumerate(view.history):
            for c, value in enumerate((_when(h.at), h.action, h.actor, h.note)):
                self.history.setItem(r, c, QTableWidgetItem(value))
        self._show_objection(view)
        self._filling = False
        self._dirty = False
        self._show_predikat()
        self._apply_permissions()
        self._setrefusal_text("", ok=True)
        self.form_stack.setCurrentIndex(1)
        self._fit_tables()
        self._fill_about()
        self.form_shown.emit()

    def _fill_indicators(self, view: ap.EvaluationView) -> None:
        self.indicators.setRowCount(len(view.indicators))
        for r, i in enumerate(view.indicators):
            kind = "Utama" if i.rhk_kind == "utama" else "Tambahan"
            realisasi = format_number(i.realisasi_value) if i.realisasi_value is not None else i.realisasi_text
            cells = (f"{kind}: {i.rhk_text}\n› {ASPECTS.get(i.aspect, i.aspect)}: {i.iki_text}", i.target,
                     i.rencana_aksi or "—", realisasi, i.bukti, i.umpan_balik)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c < 3:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if c == 3 and i.target_value is not None:
                    pct = i.capaian_percent
                    item.setToolTip("Isi angka (mis. 12 atau 12,5)" + (f"; capaian {_pct(pct)}" if pct is not None else ""))
                self.indicators.setItem(r, c, item)

    def _fit_tables(self) -> None:
        """Each table of the form as tall as its rows: one scroll bar (the form's), not one per table."""
        for table in (self.indicators, self.behaviours):
            table.resizeRowsToContents()
            height = table.horizontalHeader().height() + 2 * table.frameWidth() + 2
            height += sum(table.rowHeight(r) for r in range(table.rowCount()))
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setMinimumHeight(max(90, height))
            table.setMaximumHeight(max(90, height))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._view is not None:
            QTimer.singleShot(0, self._fit_tables)  # wrapped rows change height with the width

    def _fill_behaviours(self, view: ap.EvaluationView) -> None:
        self.behaviours.setRowCount(len(view.behaviours))
        for r, b in enumerate(view.behaviours):
            peers = "\n".join(f"{p.peer_name}: {p.rating.label if p.rating else '—'}"
                              + (f" — {p.note}" if p.note else "") for p in b.peers)
            cells = (b.name, b.expectation or "—", b.self_note, peers or "—", b.penilai_note)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if c in (0, 1, 3):
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if c == 0:
                    item.setToolTip("\n".join(b.guidance))
                self.behaviours.setItem(r, c, item)

    def _show_objection(self, view: ap.EvaluationView) -> None:
        o = view.objection
        if o is not None:
            text = (f"Keberatan diajukan {fmt.date(o.filed_on)} atas predikat {o.original.label}: {o.reason}\n"
                    f"Status: {o.status_label}")
            if o.decided_on:
                text += f" ({fmt.date(o.decided_on)} oleh {o.decided_by})"
                if o.new:
                    text += f"; predikat baru {o.new.label}"
                text += f". Pertimbangan: {o.decision_reason}"
                if o.hearing_notes:
                    text += f"\nCatatan pemeriksaan: {o.hearing_notes}"
        elif view.objection_deadline is not None:
            deadline = view.objection_deadline
            state = "masih dapat" if dt.date.today() <= deadline else "tidak dapat lagi"
            text = (f"Hasil diterima {fmt.date(view.received_on)}; pegawai {state} mengajukan keberatan sampai "
                    f"{fmt.date(deadline)} ({ap.objection_days()} hari).")
        else:
            text = "Keberatan dapat diajukan atas predikat tahunan yang sudah final."
        self.objection_label.setText(text)

    def current_actor(self) -> Actor:
        return self.actor.currentData() or OPERATOR

    def _roles(self) -> tuple[bool, bool, bool]:
        """(pegawai side, penilai side, atasan) for the chosen actor on the open evaluation."""
        v, a = self._view, self.current_actor()
        if v is None:
            return False, False, False
        pegawai = a.operator or a.employee_id == v.employee_id
        penilai = a.employee_id == v.penilai_id if v.penilai_id is not None else a.operator
        atasan = a.employee_id == v.atasan_id if v.atasan_id is not None else a.operator
        return pegawai, penilai, atasan

    def _apply_permissions(self) -> None:
        v = self._view
        if v is None or self._filling:
            return
        pegawai, penilai, atasan = self._roles()
        open_ = not v.final
        self._filling = True
        for r in range(self.indicators.rowCount()):
            for c, allowed in ((3, pegawai), (4, pegawai), (5, penilai)):
                _set_editable(self.indicators.item(r, c), allowed and open_)
        for r in range(self.behaviours.rowCount()):
            for c, allowed in ((2, pegawai), (4, penilai)):
                _set_editable(self.behaviours.item(r, c), allowed and open_)
        self._filling = False
        self.self_edit.setReadOnly(not (pegawai and open_))
        self.catatan.setReadOnly(not (penilai and open_))
        self.hasil.setEnabled(penilai and open_)
        self.perilaku.setEnabled(penilai and open_)
        b = self.buttons
        b["save"].setEnabled(open_ and (pegawai or penilai))
        b["finalise"].setEnabled(open_ and penilai)
        b["unlock"].setEnabled(v.final and v.objection is None and (atasan or self.current_actor().operator))
        b["object"].setEnabled(v.final and v.period.annual and v.objection is None and pegawai)
        b["decide"].setEnabled(v.objection is not None and v.objection.status == "diajukan" and atasan)
        b["attach"].setEnabled(open_ and pegawai)
        b["removeAttachment"].setEnabled(open_ and pegawai and bool(v.attachments))
        b["openAttachment"].setEnabled(bool(v.attachments))
        b["peer"].setEnabled(open_ and self.current_actor().operator)  # the operator records what peers gave
        status = "Final (terkunci)" if v.final else "Draf"
        if v.final and v.finalised_at:
            status += f" sejak {_when(v.finalised_at)}"
        self.form_status.setText(f"Status: {status}")

    def _form_edited(self, *_args) -> None:
        if self._filling or self._view is None:
            return
        self._dirty = True
        self._setrefusal_text("Ada perubahan yang belum disimpan (Ctrl+S).", ok=True)

    def _ratings_edited(self, _i: int) -> None:
        self._show_predikat()
        self._form_edited()

    def _show_predikat(self) -> None:
        v = self._view
        hasil, perilaku = self.hasil.currentData(), self.perilaku.currentData()
        if v is not None and v.final and v.final_predikat:
            p, text = v.final_predikat, v.explanation
        elif hasil and perilaku:
            p, text = matrix_predikat(hasil, perilaku), explain_predikat(hasil, perilaku)
        else:
            p, text = None, "Predikat mengikuti matriks dari kedua rating."
        self.predikat_value.setText(p.label if p else "—")
        self.predikat_value.setStyleSheet(
            f"font-size: 14pt; font-weight: 600; color: {PREDIKAT_COLOURS[p] if p else '#5f6b7a'};")
        self.explanation.setText(text)
        credit = v.angka_kredit if v is not None and v.final else ""
        if v is not None and not v.final and p is not None:
            credit = ap.angka_kredit_text(p, v.jenjang, v.period)
        self.angka_kredit.setText(f"Angka kredit {v.jenjang}: {credit}" if credit and v else "")

    def collect_form(self) -> ap.FormInput | None:
        v = self._view
        assert v is not None
        data = ap.form_input(v)
        problems = []
        for r, i in enumerate(v.indicators):
            text = self.indicators.item(r, 3).text().strip()
            entry = data.indicators[i.iki_id]
            if i.target_value is not None:
                number = parse_number(text) if text else None
                if text and number is None:
                    problems.append(f"Realisasi '{i.iki_text}' harus angka (mis. 12 atau 12,5), bukan '{text}'.")
                entry.realisasi_value = number
                entry.realisasi_text = ""
            else:
                entry.realisasi_text = text
            entry.bukti = self.indicators.item(r, 4).text()
            entry.umpan_balik = self.indicators.item(r, 5).text()
        for r, b in enumerate(v.behaviours):
            data.behaviours[b.code].self_note = self.behaviours.item(r, 2).text()
            data.behaviours[b.code].penilai_note = self.behaviours.item(r, 4).text()
        data.self_assessment = self.self_edit.toPlainText()
        data.catatan = self.catatan.toPlainText()
        data.rating_hasil, data.rating_perilaku = self.hasil.currentData(), self.perilaku.currentData()
        if problems:
            self._setrefusal_text("\n".join(problems), ok=False)
            return None
        return data

    def save_form(self) -> bool:
        v = self._view
        if v is None or self.form_stack.currentIndex() != 1:
            return False
        if not self._dirty:
            self._setrefusal_text("Tidak ada perubahan untuk disimpan.", ok=True)
            return True
        self._commit_open_editors()
        data = self.collect_form()
        if data is None:
            return False
        try:
            view = ap.save_evaluation(v.id, data, self.current_actor(), v.lock_version,
                                      employee_id=v.employee_id, period_id=v.period.id)
        except (ValidationError, DomainError) as err:
            self._setrefusal_text(refusal_text(err), ok=False)
            return False
        self._show_form(view, self.current_actor())
        self._setrefusal_text(f"Tersimpan {dt.datetime.now():%H:%M:%S}.", ok=True)
        self._after_change()
        return True

    def export_form(self) -> None:
        """This evaluation as a workbook laid out like the official document (Ekspor ke Excel); what is on screen
        is saved first, so the document shows it."""
        v = self._view
        if v is None or (self._dirty and not self.save_form()):
            return
        v = self._view
        if v is None or v.id is None:
            self._setrefusal_text("Evaluasi ini belum tersimpan; isi dan simpan dahulu.", ok=False)
            return
        from .export import ExportDialog

        open_dialog(ExportDialog(self, self.background, self.prompts, v.period.year, kind="evaluasi", nip=v.nip,
                                 period_label=v.period.label), lambda: None)

    def _commit_open_editors(self) -> None:
        """A cell still being typed in counts: Ctrl+S saves what is on screen."""
        editor = QApplication.focusWidget()
        for table in (self.indicators, self.behaviours):
            if editor is not None and table.viewport().isAncestorOf(editor):
                table.commitData(editor)
                table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def finalise_form(self) -> None:
        v = self._view
        if v is None:
            return
        if self._dirty and not self.save_form():
            return
        v = self._view
        assert v is not None
        p = v.shown_predikat
        if p is None or v.id is None:
            self._setrefusal_text("Isi rating hasil kerja dan rating perilaku kerja sebelum memfinalkan.", ok=False)
            return
        if not self._confirm_finalise(v.employee_id, v.employee_name, p, v.period):
            return
        if self._apply(lambda: ap.finalise(v.id, self.current_actor(), v.lock_version), "Penilaian difinalkan."):
            self._forget_undo(v.employee_id)
            self.buttons["back"].setFocus()  # the focused button is disabled now that the form is locked

    def _apply(self, fn, done_text: str) -> bool:
        try:
            view = fn()
        except (ValidationError, DomainError) as err:
            self._setrefusal_text(refusal_text(err), ok=False)
            return False
        self._show_form(view, self.current_actor())
        self._setrefusal_text(done_text, ok=True)
        self._after_change()
        return True

    def _unlock(self) -> None:
        v = self._view
        if v is None:
            return
        reason = self.prompts.ask_text(self, "Buka kunci penilaian",
                                       f"Alasan membuka kunci penilaian {v.employee_name} (disimpan dalam riwayat):")
        if reason is None:
            return
        self._apply(lambda: ap.unlock(v.id, self.current_actor(), reason), "Kunci dibuka; penilaian kembali draf.")

    def _file_objection(self) -> None:
        v = self._view
        if v is None:
            return
        reason = self.prompts.ask_text(self, "Ajukan keberatan",
                                       f"Alasan keberatan atas predikat {v.final_predikat.label if v.final_predikat else ''}:")
        if reason is None:
            return
        self._apply(lambda: ap.file_objection(v.id, self.current_actor(), reason),
                    "Keberatan diajukan kepada atasan pejabat penilai.")

    def _decide_objection(self) -> None:
        v = self._view
        if v is None or v.objection is None:
            return
        self._open_dialog(ObjectionDialog(self, v, self.current_actor()), "Putusan keberatan disimpan.", announce=True)

    def _open_dialog(self, dialog: FormDialog, done_text: str, announce: bool = False) -> None:
        """Show a dialog window-modal without blocking; what it saved comes back into the form."""
        def saved() -> None:
            self._show_form(dialog.saved, self.current_actor())  # type: ignore[arg-type]
            self._setrefusal_text(done_text, ok=True)
            if announce:
                self._after_change()

        open_dialog(dialog, saved)

    def _stored_view(self) -> ap.EvaluationView | None:
        """The open evaluation, stored first if it is still only shown (an explicit action may store it)."""
        v = self._view
        if v is None:
            return None
        if self._dirty and not self.save_form():
            return None
        v = self._view
        if v is not None and v.id is None:
            try:
                v = ap.start_evaluation(v.employee_id, v.period.id, self.current_actor())
            except (ValidationError, DomainError) as err:
                self._setrefusal_text(refusal_text(err), ok=False)
                return None
            self._show_form(v, self.current_actor())
        return v

    def _peer(self) -> None:
        if self._stored_view() is None:
            return
        self._open_dialog(PeerDialog(self, self._view, self.current_actor()), "Masukan rekan disimpan.")  # type: ignore[arg-type]

    def _attach(self) -> None:
        path = choose_attachment(self)
        if path is None or self._stored_view() is None:
            return
        row = self.indicators.currentRow()
        iki = self._view.indicators[row].iki_id if 0 <= row < len(self._view.indicators) else None  # type: ignore[union-attr]
        vid = self._view.id  # type: ignore[union-attr]
        self._apply(lambda: (ap.add_attachment(vid, iki, path, self.current_actor()), ap.get_evaluation(vid))[1],
                    f"{path.name} dilampirkan.")

    def _attachment(self) -> ap.AttachmentInfo | None:
        v = self._view
        row = self.attachments.currentRow()
        if v is None or not v.attachments:
            return None
        return v.attachments[row if 0 <= row < len(v.attachments) else 0]

    def _open_attachment(self) -> None:
        a = self._attachment()
        if a is None:
            return
        try:
            name, data = ap.attachment_data(a.id)
        except DomainError as err:
            self._setrefusal_text(err.message, ok=False)
            return
        folder = Path(tempfile.mkdtemp(prefix="asn-lampiran-"))
        path = folder / Path(name).name
        path.write_bytes(data)
        if not open_with_system_viewer(path):
            self._setrefusal_text(f"Tidak ada aplikasi untuk membuka {name}; berkasnya disalin ke {path}.", ok=False)

    def _remove_attachment(self) -> None:
        a, v = self._attachment(), self._view
        if a is None or v is None:
            return
        if not self.prompts.confirm(self, "Hapus lampiran", f"Hapus lampiran {a.filename}?", yes="Hapus"):
            return
        self._apply(lambda: (ap.remove_attachment(a.id, self.current_actor()), ap.get_evaluation(v.id))[1],
                    f"{a.filename} dihapus.")

    def back_to_grid(self) -> None:
        self.tabs.setCurrentIndex(0)  # leaving the form saves it (see _tab_changed)
        if self.tabs.currentIndex() == 0:
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _leave_form_ok(self) -> bool:
        """Leaving a form with unsaved changes saves them; if they cannot be saved, the user decides."""
        if not self._dirty:
            return True
        if self.save_form():
            return True
        return self._confirm_discard()

    def hideEvent(self, event) -> None:  # noqa: N802
        # another page is opened (the window stays): what was typed in the form is kept. Closing the window
        # asks first (has_unsaved_changes), and minimising hides nothing for good.
        if self._dirty and not event.spontaneous() and self.window().isVisible() and not self.save_form():
            self.prompts.error(self, "Formulir penilaian belum tersimpan", self.message.text())
        super().hideEvent(event)

    def _close_form(self) -> None:
        self._view = None
        self._dirty = False
        self.form_stack.setCurrentIndex(0)
        self._fill_about()

    def _setrefusal_text(self, text: str, ok: bool) -> None:
        _restyle(self.message, "ok" if ok else "error")
        self.message.setText(text)

    def _tab_changed(self, index: int) -> None:
        if index != 1 and self._dirty and not self.save_form():
            self.tabs.blockSignals(True)  # the form could not be saved: stay, with the reason shown
            self.tabs.setCurrentIndex(1)
            self.tabs.blockSignals(False)
            return
        if index == 0 and self.model.rowCount():
            self._load_team()

    # ------------------------------------------------------------------------------ distribution
    def _show_distribution(self) -> None:
        unit_id, period = self.dist_unit.currentData(), self.current_period()
        if unit_id is None or period is None or self._filling:
            return
        year = period.year
        try:
            d = ap.distribution(unit_id, year)
            warnings = ap.distribution_warnings(year)
        except DomainError as err:
            self.dist_rule.setText(err.message)
            return
        self._filling = True
        self.org_predikat.setCurrentIndex(self.org_predikat.findData(d.org_predikat))
        self._shown_org_predikat = d.org_predikat
        self._filling = False
        self.dist_table.setRowCount(len(Predikat) + 1)
        for r, p in enumerate(Predikat):
            for c, text in enumerate((p.label, fmt.number(d.counts.get(p, 0)), _pct(d.percent(p)))):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.dist_table.setItem(r, c, item)
        for c, text in enumerate(("Jumlah", fmt.number(d.total), "100%" if d.total else "—")):
            item = QTableWidgetItem(text)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.dist_table.setItem(len(Predikat), c, item)
        self.chart.set_distribution(d)
        pending = f" {d.drafts} penilaian tahunan belum final dan belum dihitung." if d.drafts else ""
        if d.total == 0:
            self.dist_rule.setText(f"Belum ada predikat tahunan {year} yang final di {d.unit_name} dan unit di bawahnya; "
                                   "distribusinya belum dapat diperiksa." + pending)
            self.dist_violations.setText("")
        elif d.org_predikat is None:
            self.dist_rule.setText(f"Predikat tahunan {year} di {d.unit_name} dan unit di bawahnya. Tetapkan predikat "
                                   "kinerja organisasi unit ini untuk memeriksa distribusinya." + pending)
            self.dist_violations.setText("")
        else:
            rules_text = "; ".join(c.text for c in d.check.checks)  # type: ignore[union-attr]
            self.dist_rule.setText(f"Aturan untuk predikat organisasi {d.org_predikat.label}: {rules_text}." + pending)
            ok = d.check.ok  # type: ignore[union-attr]
            _restyle(self.dist_violations, "ok" if ok else "error")
            self.dist_violations.setText(
                "Distribusi sesuai aturan." if ok else
                "Distribusi menyimpang (peringatan, predikat tidak diubah):\n"
                + "\n".join(f"• {v}" for v in d.check.violations))  # type: ignore[union-attr]
        self.warnings.clear()
        for w in warnings:
            self.warnings.addItem(f"{w.unit_name} ({w.org_predikat.label}): " + _sentences(w.check.violations))  # type: ignore[union-attr]
            self.warnings.item(self.warnings.count() - 1).setData(Qt.ItemDataRole.UserRole, w.unit_id)
        if not warnings:
            self.warnings.addItem("Tidak ada unit yang distribusinya menyimpang.")

    def _org_predikat_chosen(self) -> None:
        unit_id, period = self.dist_unit.currentData(), self.current_period()
        if unit_id is None or period is None:
            return
        chosen = self.org_predikat.currentData()
        if chosen == self._shown_org_predikat:
            return
        what = f"menjadi {chosen.label}" if chosen else "dihapus"
        if not self.prompts.confirm(self, "Predikat kinerja organisasi",
                                    f"Predikat kinerja organisasi {self.dist_unit.currentText().strip()} tahun "
                                    f"{period.year} {what}?", yes="Simpan"):
            self._filling = True
            self.org_predikat.setCurrentIndex(self.org_predikat.findData(self._shown_org_predikat))
            self._filling = False
            return
        try:
            ap.set_org_predikat(unit_id, period.year, self.org_predikat.currentData(), OPERATOR)
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Predikat organisasi tidak disimpan", refusal_text(err))
        self._show_distribution()
        self.hub.announce(changes.APPRAISAL)

    def _warning_chosen(self, item) -> None:
        unit_id = item.data(Qt.ItemDataRole.UserRole)
        if unit_id is not None:
            self.dist_unit.setCurrentIndex(self.dist_unit.findData(unit_id))

    def show_unit_distribution(self, unit_id: int) -> None:
        """The Distribusi tab on this unit (once the page has loaded, if it has not yet)."""
        self.tabs.setCurrentIndex(2)
        self._pending_unit = unit_id
        i = self.dist_unit.findData(unit_id)
        if i >= 0:
            self._pending_unit = None
            self.dist_unit.setCurrentIndex(i)

    # --------------------------------------------------------------------------------- keberatan
    def _load_objections(self) -> None:
        period = self.current_period()
        if period is None:
            return
        self._objections = ap.objections(period.year)
        t = self.objection_table
        t.setRowCount(len(self._objections))
        for r, o in enumerate(self._objections):
            final = o.new or o.original
            for c, text in enumerate((o.employee_name, fmt_nip(o.nip), fmt.date(o.filed_on), o.original.label,
                                      o.status_label, final.label if o.status != "diajukan" else "—")):
                t.setItem(r, c, QTableWidgetItem(text))
        self.objection_days.setValue(ap.objection_days())
        if self._objections and t.currentRow() < 0:
            t.setCurrentCell(0, 0)
        pending = sum(1 for o in self._objections if o.status == "diajukan")
        self.tabs.setTabText(3, f"Keberatan ({pending})" if pending else "Keberatan")
        self._objection_selected()

    def _objection_days_set(self) -> None:
        days = self.objection_days.value()
        if days == ap.objection_days():
            return
        try:
            ap.set_objection_days(days, OPERATOR)
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Batas waktu tidak diubah", refusal_text(err))
            self.objection_days.setValue(ap.objection_days())
            return
        if self._view is not None:
            self._show_objection(self._view)
        self.hub.announce(changes.SETTINGS)

    def _objection_selected(self) -> None:
        r = self.objection_table.currentRow()
        if not 0 <= r < len(self._objections):
            self.objection_detail.setText("Belum ada keberatan tahun ini." if not self._objections else "")
            self.objection_open.setEnabled(False)
            return
        o = self._objections[r]
        self.objection_open.setEnabled(True)
        who = o.decided_by if o.status != "diajukan" else (o.atasan_name or "atasan pejabat penilai")
        verb = "Diputus oleh" if o.status != "diajukan" else "Akan diputus oleh"
        self.objection_detail.setText(f"Alasan: {o.reason}\n{verb}: {who}"
                                      + (f" — {o.decision_reason}" if o.decision_reason else ""))

    def _open_objection(self) -> None:
        r = self.objection_table.currentRow()
        if not 0 <= r < len(self._objections):
            return
        o = self._objections[r]
        annual = next((i for i in range(self.period.count()) if self.period.itemData(i).annual), -1)
        self.period.setCurrentIndex(annual)
        view = ap.get_evaluation(o.evaluation_id)
        actor = Actor(view.atasan_id) if view.atasan_id is not None else OPERATOR
        if self.open_form(o.employee_id, actor) and o.status == "diajukan":
            self.buttons["decide"].setFocus()

    # ---------------------------------------------------------------------------- public feedback
    def _fill_about(self) -> None:
        if self._ctx is None:
            return
        keep = self.about.currentData()
        self.about.clear()
        for label, uid in unit_items([u for u in self._ctx.units if u.active]):
            self.about.addItem(label, ("unit", uid))
        if self._view is not None:  # last: a unit is the usual subject, the open form's employee the exception
            self.about.addItem(f"Pegawai: {self._view.employee_name}", ("employee", self._view.employee_id))
        i = self.about.findData(keep)
        self.about.setCurrentIndex(i if i >= 0 else (1 if self.about.count() > 1 else 0))

    def _load_public(self) -> None:
        period = self.current_period()
        if period is None:
            return
        self._public = ap.public_feedback(period.id)
        t = self.public_table
        t.setRowCount(len(self._public))
        for r, f in enumerate(self._public):
            for c, text in enumerate((f.about, f.kind_label, fmt.number(f.score, 1).removesuffix(",0"),
                                      fmt.number(f.responses), f.note)):
                t.setItem(r, c, QTableWidgetItem(text))
        self.remove_public.setEnabled(bool(self._public))

    def _add_public(self) -> None:
        period, about = self.current_period(), self.about.currentData()
        if period is None or about is None:
            return
        kind, ident = about
        if self.score.value() < 0:
            _restyle(self.public_message, "error")
            self.public_message.setText("Isi nilainya (0–100): indeks kepuasan atau persen pengaduan tepat waktu.")
            self.score.setFocus()
            return
        try:
            if period.id is None:  # the year's periods are stored by the first thing recorded in them
                period = next(p for p in ap.ensure_periods(period.year) if (p.cadence, p.number) == (
                    period.cadence, period.number))
            ap.save_public_feedback(period.id, self.kind.currentData(), self.score.value(), OPERATOR,
                                    unit_id=ident if kind == "unit" else None,
                                    employee_id=ident if kind == "employee" else None,
                                    responses=self.responses.value(), note=self.note.text())
        except (ValidationError, DomainError) as err:
            _restyle(self.public_message, "error")
            self.public_message.setText(refusal_text(err))
            return
        _restyle(self.public_message, "ok")
        self.public_message.setText(f"Tercatat untuk {period.label}.")
        self.note.clear()
        self.score.setValue(-1)
        self.responses.setValue(0)
        self._load_public()
        if self._view is not None:
            self._show_form(ap.get_evaluation(self._view.id), self.current_actor())

    def _remove_public(self) -> None:
        r = self.public_table.currentRow()
        if not 0 <= r < len(self._public):
            return
        f = self._public[r]
        if not self.prompts.confirm(self, "Hapus umpan balik", f"Hapus umpan balik masyarakat untuk {f.about}?",
                                    yes="Hapus"):
            return
        try:
            ap.remove_public_feedback(f.id, OPERATOR)
        except (ValidationError, DomainError) as err:
            self.prompts.error(self, "Tidak dihapus", refusal_text(err))
        self._load_public()

    def reload(self) -> None:
        self.loader.reload()


# ------------------------------------------------------------------------------------------ helpers
def _when(iso: str) -> str:
    """``2026-11-09T13:30:42`` as people read it: ``09/11/2026 13.30``."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment:%d/%m/%Y %H.%M}"


def _set_text(edit: QPlainTextEdit, text: str) -> None:
    """Show the stored text; where it is what is already there (after a save), the cursor stays put."""
    if edit.toPlainText() != text:
        edit.setPlainText(text)


def _sentences(parts: list[str]) -> str:
    """Rule violations joined as sentences: each starts with a capital."""
    return " ".join(p[:1].upper() + p[1:] for p in parts)


def _size(n: int) -> str:
    return f"{fmt.number(n / 1024, 0)} KB" if n < 1048576 else f"{fmt.number(n / 1048576, 1)} MB"


def _set_editable(item: QTableWidgetItem | None, editable: bool) -> None:
    if item is None:
        return
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)


def _feedback_text(rows: list[ap.FeedbackRow]) -> str:
    if not rows:
        return "Umpan balik masyarakat: belum ada untuk periode ini."
    parts = []
    for f in rows:
        value = fmt.number(f.score, 1).removesuffix(",0")
        what = "indeks kepuasan" if f.kind == "survei" else "pengaduan tepat waktu"
        unit = "%" if f.kind == "pengaduan" else ""
        extra = f", {fmt.number(f.responses)} {'responden' if f.kind == 'survei' else 'pengaduan'}" if f.responses else ""
        parts.append(f"{f.about}: {what} {value}{unit}{extra}")
    return "Umpan balik masyarakat: " + "; ".join(parts) + "."


