"""Riwayat predikat tahunan: copy the annual predikat of the years before the app from their documents (or
correct or remove a copy), for one employee. The app's own final predikat are shown, never edited here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from asn_desktop.domain.predikat import Predikat
from asn_desktop.services import history
from asn_desktop.services.common import DomainError
from asn_desktop.domain.nip import format_nip

from .dialogs import FormDialog, _restyle, refusal_text
from .prompts import Prompts
from .uiload import child

DEFAULT_SOURCE = "e-Kinerja BKN"


class PastPredikatDialog(FormDialog):
    """Enter saves the year shown in the form and keeps the dialog open for the next; Esc closes."""

    FIELD_WIDGETS = {"year": "yearSpin", "source": "sourceEdit"}

    def __init__(self, parent: QWidget | None, prompts: Prompts, employee_id: int, name: str, nip: str):
        super().__init__(parent, "past_predikat_dialog.ui", "Riwayat predikat tahunan")
        self.prompts, self.employee_id = prompts, employee_id
        self.changed = False  # something was stored: whoever opened it reloads
        f = self.form
        child(f, QLabel, "headerLabel").setText(f"{name} · {format_nip(nip)}")
        child(f, QLabel, "headerLabel").setStyleSheet("font-weight: 600;")
        self.table = child(f, QTableWidget, "historyTable")
        self.year = child(f, QSpinBox, "yearSpin")
        self.predikat = child(f, QComboBox, "predikatCombo")
        self.source = child(f, QLineEdit, "sourceEdit")
        self.remove_button = child(f, QPushButton, "removeButton")
        self.message = child(f, QLabel, "formError")
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Tutup")
        close.setAutoDefault(False)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        for p in Predikat:
            self.predikat.addItem(p.label, p)
        self.predikat.setCurrentIndex(list(Predikat).index(Predikat.BAIK))
        self.year.setMaximum(dt.date.today().year - 1)
        self.source.setText(DEFAULT_SOURCE)
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(["Tahun", "Predikat", "Sumber"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 70)
        self.table.setColumnWidth(1, 150)
        self.table.currentCellChanged.connect(lambda *_: self._row_chosen())
        self.remove_button.clicked.connect(self.remove)
        self.rows: list[history.AnnualRow] = []
        self._fill()
        self.year.setValue(self._first_missing())
        self.resize(620, 420)
        chain = [self.table, self.year, self.predikat, self.source, self.remove_button, self.save_button, close]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.year.setFocus()

    # ------------------------------------------------------------------------------------------ table
    def _fill(self) -> None:
        self.rows = history.annual_history(self.employee_id)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for col, text in enumerate((str(r.year), r.predikat.label, r.source)):
                item = QTableWidgetItem(text)
                if r.from_app:
                    item.setToolTip("Final di aplikasi: berlaku, dan diubah hanya lewat keberatan.")
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(i, col, item)
        self._row_chosen()

    def _first_missing(self) -> int:
        last = dt.date.today().year - 1
        have = {r.year for r in self.rows}
        return next((y for y in (last, last - 1) if y not in have), last)

    def selected(self) -> history.AnnualRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _row_chosen(self) -> None:
        r = self.selected()
        self.remove_button.setEnabled(r is not None and not r.from_app)
        if r is not None and not r.from_app:  # a copy to correct: into the form
            self.year.setValue(r.year)
            self.predikat.setCurrentIndex(list(Predikat).index(r.predikat))
            self.source.setText(r.source)

    # ------------------------------------------------------------------------------------------ writes
    def accept(self) -> None:
        """Save (Enter): the year in the form; the dialog stays open."""
        year, predikat, source = self.year.value(), self.predikat.currentData(), self.source.text()
        if self.save(lambda: history.record_past_predikat(self.employee_id, year, predikat, source)):
            self.changed = True
            self.show_errors({})
            self._fill()
            self._say(f"Predikat {year} ({predikat.label}) disimpan.")
            self.year.setValue(self._first_missing())

    def remove(self) -> None:
        r = self.selected()
        if r is None or r.from_app:
            return
        if not self.prompts.confirm(self, "Hapus predikat", f"Hapus predikat {r.year} ({r.predikat.label}) yang "
                                                            f"disalin dari {r.source}?", yes="Hapus"):
            return
        try:
            history.remove_past_predikat(self.employee_id, r.year)
        except DomainError as err:
            self.show_errors({"_": refusal_text(err)})
            return
        self.changed = True
        self._fill()
        self._say(f"Predikat {r.year} dihapus.")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        _restyle(self.message, "ok")
        self.message.setVisible(True)
