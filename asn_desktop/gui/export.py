"""Berkas › Ekspor ke Excel (Ctrl+E): the rekap per unit, the upward package, the training list, and the official
forms to print and sign (SKP form, evaluation document) of a year — for the whole office, a unit, or (forms) one
employee by NIP — written in the background with a progress bar that can be cancelled; a cancelled or failed
export leaves no file under the chosen name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QSpinBox, QWidget

from asn_desktop.domain.nip import format_nip
from asn_desktop.services import appraisals, forms, paket, reports
from asn_desktop.services import units as unitsvc
from asn_desktop.services.common import DomainError

from . import fmt
from .dialogs import FormDialog, _restyle, _set_shown, refusal_text, unit_items
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
    Kind("skp", "Formulir SKP", "Formulir Sasaran Kinerja Pegawai seperti bentuk resminya, siap dicetak dan "
         "ditandatangani: satu pegawai (isi NIP) atau semua pegawai unit, masing-masing mulai di halaman A4 baru. "
         "SKP yang belum disetujui diberi tanda DRAF.", "Formulir SKP"),
    Kind("evaluasi", "Dokumen evaluasi kinerja", "Evaluasi kinerja pegawai pada periode yang dipilih (tahunan: "
         "Dokumen Evaluasi Kinerja Pegawai) dengan capaian kinerja organisasi dan pola distribusinya, siap dicetak "
         "dan ditandatangani. Evaluasi yang belum final diberi tanda DRAF.", "Evaluasi kinerja"),
)
FORM_KINDS = ("skp", "evaluasi")


class ExportDialog(FormDialog):
    def __init__(self, parent: QWidget | None, background: Background, prompts: Prompts, year: int | None = None,
                 kind: str | None = None, nip: str = "", period_label: str | None = None):
        super().__init__(parent, "export_dialog.ui", "Ekspor ke Excel")
        self.background, self.prompts = background, prompts
        f = self.form
        self.kind = child(f, QComboBox, "kindCombo")
        self.hint = child(f, QLabel, "kindHint")
        self.year = child(f, QSpinBox, "yearSpin")
        self.unit = child(f, QComboBox, "unitCombo")
        self.nip = child(f, QLineEdit, "nipEdit")
        self.period = child(f, QComboBox, "periodCombo")
        self.message = child(f, QLabel, "formError")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Ekspor…")
        _restyle(self.hint, "muted")
        for k in KINDS:
            self.kind.addItem(k.label, k.key)
        if kind is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.year.setValue(year or dt.date.today().year)
        self.year.valueChanged.connect(lambda _y: self._fill_periods())
        self.nip.setText(nip)
        self._fill_periods(period_label)
        self._kind_changed()
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

    def _kind_changed(self) -> None:
        key = self.chosen().key
        self.hint.setText(self.chosen().hint)
        _set_shown(self.nip, key in FORM_KINDS)
        _set_shown(self.period, key == "evaluasi")
        self.message.setVisible(False)

    def _fill_periods(self, wanted: str | None = None) -> None:
        """The evaluation periods of the year (a handful of rows), the annual one chosen unless another is named."""
        keep = wanted or self.period.currentText().rsplit(" ", 1)[0]
        self.period.clear()
        for p in appraisals.periods(self.year.value()):
            self.period.addItem(p.label, p.id)
        texts = [self.period.itemText(i) for i in range(self.period.count())]
        at = next((i for i, t in enumerate(texts) if t == keep or t.startswith(keep + " ")), -1) if keep else -1
        self.period.setCurrentIndex(at if at >= 0 else self.period.count() - 1)

    def _problem(self, key: str) -> str | None:
        digits = "".join(self.nip.text().split())
        if key in FORM_KINDS and digits and not (digits.isdigit() and digits.isascii() and len(digits) == 18):
            return "NIP harus 18 angka (spasi boleh), atau kosongkan untuk semua pegawai unit."
        if key == "evaluasi" and self.period.currentData() is None:
            return (f"Belum ada evaluasi pada tahun {self.year.value()}: periode evaluasi dibuat setelah ada SKP "
                    "yang disetujui.")
        return None

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        _restyle(self.message, "error")
        self.message.setVisible(True)

    def accept(self) -> None:
        kind, year, unit = self.chosen(), self.year.value(), self.unit.currentData()
        problem = self._problem(kind.key)
        if problem:
            self._show_problem(problem)
            (self.nip if "NIP" in problem else self.period).setFocus()
            return
        nip = "".join(self.nip.text().split()) if kind.key in FORM_KINDS else ""
        where = format_nip(nip) if nip else self.unit.currentText().rsplit("›", 1)[-1].strip()
        suggested = re.sub(r'[\\/:*?"<>|]', "-", f"{kind.file} {year} {where}.xlsx")
        path = self.prompts.ask_save_file(self, "Ekspor ke Excel", suggested, XLSX_FILTER)
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        if kind.key == "rekap":
            def work(p):
                n = reports.export_rekap(year, path, unit, p.cancelled)
                return f"Rekap {year}: {fmt.number(n)} unit ditulis ke {path}."
        elif kind.key == "paket":
            def work(p):
                counts = paket.export_paket(year, path, unit, p.update, p.cancelled)
                return (f"Paket {year}: {fmt.number(counts['Pegawai'])} pegawai, "
                        f"{fmt.number(sum(counts.values()))} baris data ditulis ke {path}.")
        elif kind.key == "skp":
            def work(p):
                who = forms.employee_by_nip(nip) if nip else None
                n = forms.export_skp(year, path, unit, who, p.update, p.cancelled)
                return f"Formulir SKP {year}: {fmt.number(n)} pegawai ditulis ke {path}."
        elif kind.key == "evaluasi":
            period = self.period.currentData()

            def work(p):
                who = forms.employee_by_nip(nip) if nip else None
                n, missing = forms.export_evaluasi(year, path, period, unit, who, p.update, p.cancelled)
                more = f" {fmt.number(missing)} pegawai dengan SKP disetujui belum punya evaluasi." if missing else ""
                return f"Dokumen evaluasi {year}: {fmt.number(n)} pegawai ditulis ke {path}.{more}"
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
        self._show_problem(refusal_text(err) if isinstance(err, DomainError) else str(err))
