"""Impor pegawai dari Excel: pick the file, check the guessed column of every field, see every row with its
problems, choose the unknown units to create, then import the valid rows (the refused ones saved to a workbook
of their own) or nothing unless all are valid. Reading and checking run in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from asn_desktop.domain.nip import format_nip
from asn_desktop.services import employee_import as imp
from asn_desktop.services.common import DomainError

from . import fmt
from .dialogs import FormDialog, _restyle, refusal_text
from .ops import Background
from .prompts import Prompts
from .uiload import child

NONE = "(tidak ada)"
XLSX_FILTER = "Buku kerja Excel (*.xlsx)"


class PreviewModel(QAbstractTableModel):
    HEADERS = ("Baris", "", "NIP", "Nama", "Golongan", "Jabatan", "Unit", "Masalah")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[imp.ImportRow] = []

    def set_rows(self, rows: list[imp.ImportRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt API)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    @staticmethod
    def problems_text(r: imp.ImportRow) -> str:
        labels = {f.key: f.label for f in imp.FIELDS}
        return "; ".join(f"{labels.get(k, 'Baris')}: {v}" for k, v in r.problems.items())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            v = r.values
            return (str(r.row), "✔" if r.ok else "✖", format_nip(v.get("nip", "")), v.get("name", ""),
                    v.get("golongan", ""), v.get("position_title", ""), v.get("unit", ""),
                    self.problems_text(r))[col]
        if role == Qt.ItemDataRole.ForegroundRole and not r.ok and col in (1, 7):
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.ForegroundRole and r.ok and col == 1:
            return QBrush(QColor("#1b6e3a"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.problems_text(r) or "Siap diimpor"
        return None


class ImportPegawaiDialog(FormDialog):
    """Opened on a chosen file; :attr:`result` holds the :class:`ImportResult` once it was imported."""

    def __init__(self, parent: QWidget | None, background: Background, prompts: Prompts, path: str):
        super().__init__(parent, "import_pegawai_dialog.ui", "Impor pegawai dari Excel")
        self.background, self.prompts, self.path = background, prompts, path
        self.result: imp.ImportResult | None = None
        self.preview: imp.Preview | None = None
        f = self.form
        self.file_label = child(f, QLabel, "fileLabel")
        self.sheet = child(f, QComboBox, "sheetCombo")
        self.file_button = child(f, QPushButton, "fileButton")
        self.mapping_table = child(f, QTableWidget, "mappingTable")
        self.summary = child(f, QLabel, "summaryLabel")
        self.preview_table = child(f, QTableView, "previewTable")
        self.problem = child(f, QLabel, "problemLabel")
        self.units = child(f, QListWidget, "unitsList")
        self.units_label = child(f, QLabel, "unitsLabel")
        self.valid_only = child(f, QRadioButton, "validOnlyRadio")
        self.all_or_nothing = child(f, QRadioButton, "allOrNothingRadio")
        self.message = child(f, QLabel, "formError")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Impor")
        _restyle(child(f, QLabel, "mappingHint"), "muted")
        self.model = PreviewModel(self.preview_table)
        self.preview_table.setModel(self.model)
        self.preview_table.verticalHeader().hide()
        h = self.preview_table.horizontalHeader()
        h.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 52), (1, 28), (2, 170), (3, 180), (4, 70), (5, 170), (6, 170)):
            self.preview_table.setColumnWidth(col, width)
        self.mapping_table.setColumnCount(2)
        self.mapping_table.setHorizontalHeaderLabels(["Isian", "Kolom di berkas"])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setColumnWidth(0, self.mapping_table.fontMetrics().horizontalAdvance(
            max((f.label + " *" for f in imp.FIELDS), key=len)) + 34)
        splitter = child(f, QSplitter, "splitter")
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 750])
        self.mapping_table.setRowCount(len(imp.FIELDS))
        self.combos: dict[str, QComboBox] = {}
        for i, fld in enumerate(imp.FIELDS):
            self.mapping_table.setItem(i, 0, QTableWidgetItem(fld.label + (" *" if fld.required else "")))
            combo = QComboBox()
            combo.setAccessibleName(f"Kolom untuk {fld.label}")
            combo.currentIndexChanged.connect(lambda _i: self._schedule())
            self.mapping_table.setCellWidget(i, 1, combo)
            self.combos[fld.key] = combo
        self._ticket = 0
        self._ticket_pending = False  # a read, check or import is running
        self._filling = False
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._refresh)
        self.sheet.currentIndexChanged.connect(lambda _i: None if self._filling else self._read(self.sheet.currentText()))
        self.file_button.clicked.connect(self._other_file)
        self.units.itemChanged.connect(lambda _it: self._schedule())
        self.all_or_nothing.toggled.connect(lambda _c: self._update())
        self.valid_only.toggled.connect(lambda _c: self._update())  # the group unchecks it after the other checks
        self.preview_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_problem())
        chain = [self.sheet, self.file_button, self.mapping_table, *self.combos.values(), self.preview_table,
                 self.units, self.valid_only, self.all_or_nothing, self.ok,
                 self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.resize(1180, 720)
        self._update()
        self._read(None)

    # ----------------------------------------------------------------------------------------- reading
    def _other_file(self) -> None:
        path = self.prompts.ask_open_file(self, "Impor pegawai dari Excel", XLSX_FILTER)
        if path:
            self.path = path
            self._read(None)

    def _read(self, sheet: str | None) -> None:
        path = self.path
        self.file_label.setText(f"Berkas: {Path(path).name}")
        self._start(lambda: (imp.sheets_of(path), *imp.read_file(path, sheet)), self._file_read)

    def _start(self, fn, on_done) -> None:
        self._ticket += 1
        ticket = self._ticket
        self._ticket_pending = True
        self._update()
        self.background.run(lambda _p: fn(), lambda r: self._done(ticket, on_done, r),
                            lambda err: self._failed(ticket, err))

    def _done(self, ticket: int, on_done, result) -> None:
        if ticket != self._ticket:
            return  # an older read; a newer one follows
        self._ticket_pending = False
        on_done(result)
        self._update()

    def _failed(self, ticket: int, err: BaseException) -> None:
        if ticket != self._ticket:
            return
        self._ticket_pending = False
        self.preview = None
        self.model.set_rows([])
        self.summary.clear()
        self._say(refusal_text(err) if isinstance(err, DomainError) else str(err))
        self._update()

    def _file_read(self, result) -> None:
        sheets, table, guessed = result
        self._filling = True
        self.sheet.clear()
        self.sheet.addItems(sheets)
        self.sheet.setCurrentText(table.sheet)
        for key, combo in self.combos.items():
            combo.clear()
            combo.addItem(NONE, None)
            for i, h in enumerate(table.headers):
                combo.addItem(f"{h or '(tanpa judul)'} — kolom {i + 1}", i)
            combo.setCurrentIndex(combo.findData(guessed[key]) if key in guessed else 0)
        self._filling = False
        self._refresh()

    def mapping(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.combos.items() if c.currentData() is not None}

    def create_units(self) -> list[str]:
        return [self.units.item(i).text() for i in range(self.units.count())
                if self.units.item(i).checkState() == Qt.CheckState.Checked]

    def _schedule(self) -> None:
        if not self._filling:
            self._timer.start()

    def _refresh(self) -> None:
        self._timer.stop()
        path, mapping, sheet, create = self.path, self.mapping(), self.sheet.currentText() or None, self.create_units()
        self._say("")
        self._start(lambda: imp.preview(path, mapping, sheet, create), self._previewed)

    def _previewed(self, p: imp.Preview) -> None:
        self.preview = p
        self.model.set_rows(list(p.rows))
        valid, refused = len(p.valid), len(p.refused)
        self.summary.setText(f"{fmt.number(len(p.rows))} baris di lembar {p.table.sheet} (judul di baris "
                             f"{p.table.header_row}): {fmt.number(valid)} siap diimpor, {fmt.number(refused)} "
                             "bermasalah.")
        chosen = set(self.create_units())
        self._filling = True
        self.units.clear()
        for name in sorted(set(p.new_units) | chosen, key=str.lower):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.units.addItem(item)
        self._filling = False
        has_units = self.units.count() > 0
        self.units.setVisible(has_units)
        self.units_label.setVisible(has_units)
        if self.model.rowCount():
            first_bad = next((i for i, r in enumerate(p.rows) if not r.ok), 0)
            self.preview_table.selectRow(first_bad)

    def _show_problem(self) -> None:
        index = self.preview_table.currentIndex()
        if not index.isValid():
            self.problem.clear()
            return
        r = self.model.rows[index.row()]
        self.problem.setText(f"Baris {r.row}: " + (PreviewModel.problems_text(r) or "siap diimpor."))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        _restyle(self.message, "error")
        self.message.setVisible(bool(text))

    def _update(self) -> None:
        p = self.preview
        self.ok.setEnabled(not self._ticket_pending and p is not None and bool(p.valid)
                           and (self.valid_only.isChecked() or not p.refused))

    # ----------------------------------------------------------------------------------------- import
    def accept(self) -> None:
        p = self.preview
        if p is None or self._ticket_pending:
            return
        only_valid = self.valid_only.isChecked()
        if not only_valid and p.refused:
            self._say(f"{fmt.number(len(p.refused))} baris bermasalah: tidak ada yang diimpor. Perbaiki berkasnya atau "
                      "pilih impor baris yang benar.")
            return
        refused_file = None
        if p.refused:
            stem = Path(self.path).stem
            refused_file = self.prompts.ask_save_file(self, "Simpan baris yang ditolak", f"{stem} - ditolak.xlsx",
                                                      XLSX_FILTER)
            if not refused_file:
                return  # nothing is dropped silently: no file, no import
            refused_file = refused_file if refused_file.lower().endswith(".xlsx") else refused_file + ".xlsx"
        path, mapping, sheet, create = self.path, dict(p.mapping), p.table.sheet, self.create_units()
        self._start(lambda: imp.import_employees(path, mapping, sheet, create, only_valid, refused_file),
                    self._imported)

    def _imported(self, result: imp.ImportResult) -> None:
        self.result = result
        super().accept()

    def done_text(self) -> str:
        r = self.result
        if r is None:
            return ""
        text = f"{fmt.number(r.imported)} pegawai diimpor."
        if r.units_created:
            text += " Unit baru: " + ", ".join(r.units_created) + "."
        if r.refused:
            text += f" {fmt.number(r.refused)} baris ditolak, disimpan dengan alasannya di {r.refused_file}."
        if r.supervisors_not_found:
            text += (" Pejabat penilai tidak ditemukan untuk " + ", ".join(r.supervisors_not_found[:10]) +
                     "; isi lewat Ubah pegawai.")
        return text

