"""Berkas › Ekspor ke Excel (Ctrl+E): the rekap per unit or the training list of a year, for the whole office or
a unit, written in the background with a progress bar that can be cancelled; a cancelled or failed export
leaves no file under the chosen name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QSpinBox, QWidget

from asn_desktop.services import paket, reports
from asn_desktop.services import units as unitsvc
from asn_desktop.services.common import DomainError

from . import fmt
from .dialogs import FormDialog, _restyle, refusal_text, unit_items
from .ops import Background
from .prompts import Prompts
from .uiload import child

XLSX_FILTER = "Buku kerja Excel (*.xlsx)"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    hint: str
    file: str


KINDS = (
    Kind("rekap", "Rekap per unit", "Per perangkat daerah/kecamatan (atau unit di bawah unit yang dipilih): jumlah "
         "predikat tahunan yang final, pemeriksaan distribusi, kepatuhan JP, penghargaan, dan hukuman disiplin.",
         "Rekap kinerja"),
    Kind("paket", "Paket untuk dikirim ke atas", "Satu buku kerja berisi unit, pegawai, SKP, evaluasi, pelatihan, "
         "penghargaan, hukuman disiplin, dan TPP yang terkunci tahun ini, dengan lembar Info (kantor, tahun, jumlah "
         "baris, dan SHA-256 tiap lembar) agar kantor di atas dapat mengimpornya dan mengenali berkas yang diubah.",
         "Paket"),
    Kind("pelatihan", "Daftar pelatihan", "Setiap keikutsertaan pada kegiatan yang berakhir tahun ini (dengan JP yang "
         "diakui) dan JP setiap pegawai aktif terhadap targetnya.", "Daftar pelatihan"),
)


class ExportDialog(FormDialog):
    def __init__(self, parent: QWidget | None, background: Background, prompts: Prompts, year: int | None = None):
        super().__init__(parent, "export_dialog.ui", "Ekspor ke Excel")
        self.background, self.prompts = background, prompts
        f = self.form
        self.kind = child(f, QComboBox, "kindCombo")
        self.hint = child(f, QLabel, "kindHint")
        self.year = child(f, QSpinBox, "yearSpin")
        self.unit = child(f, QComboBox, "unitCombo")
        self.message = child(f, QLabel, "formError")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Ekspor…")
        _restyle(self.hint, "muted")
        for k in KINDS:
            self.kind.addItem(k.label, k.key)
        self.kind.currentIndexChanged.connect(lambda _i: self.hint.setText(self.chosen().hint))
        self.hint.setText(self.chosen().hint)
        self.year.setValue(year or dt.date.today().year)
        self.unit.addItem("Seluruh kantor", None)
        for label, uid in unit_items(unitsvc.list_units()):
            self.unit.addItem(label, uid)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit.setMinimumContentsLength(40)  # long unit paths scroll in the list, not widen the dialog
        self.year.setMaximumWidth(110)
        self.resize(640, self.sizeHint().height())
        self.written: str | None = None  # what the last export said
        self.kind.setFocus()

    def chosen(self) -> Kind:
        return next(k for k in KINDS if k.key == self.kind.currentData())

    def accept(self) -> None:
        kind, year, unit = self.chosen(), self.year.value(), self.unit.currentData()
        where = self.unit.currentText().rsplit("›", 1)[-1].strip()
        suggested = re.sub(r'[\\/:*?"<>|]', "-", f"{kind.file} {year} {where}.xlsx")
        path = self.prompts.ask_save_file(self, "Ekspor ke Excel", suggested, XLSX_FILTER)
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        if kind.key == "rekap":
            def work(p):
                return f"Rekap {year}: {fmt.number(reports.export_rekap(year, path, unit))} unit ditulis ke {path}."
        elif kind.key == "paket":
            def work(p):
                counts = paket.export_paket(year, path, unit, p.update, p.cancelled)
                return (f"Paket {year}: {fmt.number(counts['Pegawai'])} pegawai, "
                        f"{fmt.number(sum(counts.values()))} baris data ditulis ke {path}.")
        else:
            def work(p):
                a, b = reports.export_training(year, path, unit, p.update, p.cancelled)
                return (f"Daftar pelatihan {year}: {fmt.number(a)} keikutsertaan dan JP {fmt.number(b)} pegawai "
                        f"ditulis ke {path}.")
        self.ok.setEnabled(False)
        self.background.run(work, self._done, self._failed, parent=self, label=f"Mengekspor {kind.label.lower()}…",
                            cancellable=True)

    def _done(self, text: str) -> None:
        self.written = text
        self.prompts.info(self, "Ekspor ke Excel", text)
        super().accept()

    def _failed(self, err: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.setText(refusal_text(err) if isinstance(err, DomainError) else str(err))
        _restyle(self.message, "error")
        self.message.setVisible(True)
