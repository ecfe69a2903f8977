"""Halaman Laporan: send this office's results upward (Ekspor ke Excel) and, at a kabupaten or provincial
office, consolidate the packages of many offices: import them in one step, see what came in, send them upward
again as one package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from asn_desktop.domain.predikat import Predikat
from asn_desktop.services import consolidation as co
from asn_desktop.services.common import DomainError

from . import changes, fmt
from .dialogs import _restyle, open_dialog, refusal_text
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

XLSX_FILTER = "Buku kerja Excel (*.xlsx)"
COLUMNS = ("Kantor (unit)", "Pegawai\naktif", "Sangat\nBaik", "Baik", "Butuh\nPerbaikan", "Kurang", "Sangat\nKurang",
           "Memenuhi\ntarget JP", "Diimpor", "Catatan")


class _Number(QTableWidgetItem):
    def __init__(self, n: int):
        super().__init__(fmt.number(n))
        self.n = n
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other):  # sort by the number, not its text
        return self.n < other.n if isinstance(other, _Number) else super().__lt__(other)


class LaporanPage(QWidget):
    loaded = Signal()

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = f = load_into(self, "laporan_page.ui")
        child(f, QLabel, "titleLabel").setProperty("role", "title")
        _restyle(child(f, QLabel, "introLabel"), "muted")
        self.year = child(f, QSpinBox, "yearSpin")
        self.export_button = child(f, QPushButton, "exportButton")
        self.import_button = child(f, QPushButton, "importButton")
        self.send_button = child(f, QPushButton, "sendButton")
        self.received_label = child(f, QLabel, "receivedLabel")
        self.received_label.setStyleSheet("font-weight: 600;")
        self.stack = child(f, QStackedWidget, "receivedStack")
        self.table = child(f, QTableWidget, "receivedTable")
        self.empty = child(f, QLabel, "receivedEmpty")
        _restyle(self.empty, "muted")
        self.report = child(f, QPlainTextEdit, "reportText")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        self.table.setColumnWidth(0, 190)
        for col in range(1, 8):
            self.table.setColumnWidth(col, fm.horizontalAdvance("Perbaikan") + 24)  # the header is bold
        self.table.setColumnWidth(8, fm.horizontalAdvance("2026-12-05 09:00") + 16)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(lambda _y: self._year_changed())
        self.export_button.clicked.connect(self.export)
        self.import_button.clicked.connect(lambda: self.import_packages())  # not clicked(checked) as the reason
        self.send_button.clicked.connect(self.send_upward)
        self.rows: list[co.OfficeSummary] = []
        self.loader = PageData(self, hub, background, lambda: self._load(self.year.value()), self._loaded,
                               lambda err: self.prompts.error(self, "Laporan tidak dapat dimuat", str(err)),
                               areas=frozenset({changes.RECEIVED}))
        chain = [self.year, self.export_button, self.import_button, self.send_button, self.table, self.report]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _year_changed(self) -> None:
        self.loader.invalidate()
        self.reload()

    # ------------------------------------------------------------------------------------------ page API
    def focus_first(self) -> None:
        self.export_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload(self) -> None:
        if self.hub.ready:
            self.loader.reload()

    def has_unsaved_changes(self) -> bool:
        return False

    def current_employee_id(self) -> int | None:
        return None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.loader.shown()

    # ------------------------------------------------------------------------------------------ loading
    @staticmethod
    def _load(year: int) -> tuple[int, list[co.SubmissionRow], list[co.OfficeSummary]]:
        from asn_desktop.services import development

        return year, co.submissions(year), co.summary(year, development.jp_target())

    def _loaded(self, data) -> None:
        year, subs, summaries = data
        if year != self.year.value():
            return
        self.rows = summaries
        self.received_label.setText(f"Paket yang diterima untuk tahun {year}: {fmt.number(len(subs))}")
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(subs))
        for i, (s, summ) in enumerate(zip(subs, summaries, strict=True)):
            note = f"Diterima walau berubah ({s.changed_sheets}): {s.override_reason}" if s.changed_sheets else ""
            who = s.office if s.unit_name == "Seluruh kantor" else f"{s.office} ({s.unit_name})"
            cells: list[QTableWidgetItem] = [QTableWidgetItem(who), _Number(summ.employees)]
            cells += [_Number(summ.predikat.get(p.label, 0)) for p in Predikat]
            cells += [_Number(summ.meeting_jp), QTableWidgetItem(s.imported_at.replace("T", " ")[:16]),
                      QTableWidgetItem(note)]
            for col, item in enumerate(cells):
                item.setToolTip(note or f"{s.office} · {s.unit_name}")
                self.table.setItem(i, col, item)
        self.table.setSortingEnabled(True)
        if subs:
            self.stack.setCurrentWidget(self.table)
        else:
            self.stack.setCurrentWidget(self.empty)
            self.empty.setText(f"Belum ada paket tahun {year} yang diterima. Tekan Impor paket untuk membaca paket "
                               "kiriman kantor lain (boleh banyak berkas sekaligus).")
        self.send_button.setEnabled(bool(subs))
        self.loaded.emit()

    # ------------------------------------------------------------------------------------------ actions
    def export(self) -> None:
        from .export import ExportDialog

        open_dialog(ExportDialog(self, self.background, self.prompts, self.year.value()), lambda: None)

    def import_packages(self, override_reason: str = "", paths: list[str] | None = None) -> None:
        paths = paths or self.prompts.ask_open_files(self, "Impor paket", XLSX_FILTER)
        if not paths:
            return
        self.background.run(lambda _p: co.import_pakets(paths, override_reason),
                            lambda results: self._imported(results, paths), self._failed, parent=self,
                            label="Mengimpor paket…")

    def _imported(self, results: list[co.FileResult], paths: list[str]) -> None:
        lines = []
        for r in results:
            lines.append(("✖ " if r.outcome == "ditolak" else "✔ ") + r.message)
            lines += [f"    {p}" for p in r.problems[:30]]
            lines += [f"    {c}" for c in r.conflicts[:30]]
            if len(r.conflicts) > 30:
                lines.append(f"    … dan {fmt.number(len(r.conflicts) - 30)} NIP lainnya")
        self.report.setPlainText("\n".join(lines))
        self.hub.announce(changes.RECEIVED)
        changed = [p for p, r in zip(paths, results, strict=True)
                   if r.outcome == "ditolak" and r.problems and all("isinya berubah" in x for x in r.problems)]
        if changed:
            names = ", ".join(Path(p).name for p in changed)
            reason = self.prompts.ask_text(
                self, "Terima paket yang berubah?",
                f"{names} berubah sejak diekspor. Untuk tetap menerimanya, tulis alasannya (dicatat bersama "
                "paketnya); kosongkan atau Batal untuk tidak menerima.")
            if reason and reason.strip():
                self.import_packages(reason.strip(), changed)

    def _failed(self, err: BaseException) -> None:
        self.prompts.error(self, "Impor paket", refusal_text(err) if isinstance(err, DomainError) else str(err))

    def send_upward(self) -> None:
        year = self.year.value()
        path = self.prompts.ask_save_file(self, "Kirim paket ke atas", f"Paket konsolidasi {year}.xlsx", XLSX_FILTER)
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        self.background.run(
            lambda p: co.export_received(year, path, None, p.update, p.cancelled),
            lambda counts: self.prompts.info(self, "Kirim paket ke atas",
                                             f"Paket konsolidasi {year}: {fmt.number(counts['Pegawai'])} pegawai, "
                                             f"{fmt.number(sum(counts.values()))} baris ditulis ke {path}."),
            self._failed, parent=self, label="Menulis paket…", cancellable=True)
