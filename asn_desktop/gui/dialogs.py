"""Dialogs for employees and units: the form layouts are in ``ui/``; this wires their behaviour."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from asn_desktop.services import employees as emp
from asn_desktop.services import units as unitsvc
from asn_desktop.services.common import DomainError, ValidationError

from . import fmt
from .uiload import child, load_into


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _set_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _set_shown(label: QWidget, shown: bool) -> None:
    """Show or hide a message label or a field; in a form its whole row goes (its label too), so a hidden one
    takes no room."""
    parent_layout = label.parentWidget().layout() if label.parentWidget() else None
    form = _form_holding(parent_layout, label)
    if form is not None:
        row, _role = form.getWidgetPosition(label)
        form.setRowVisible(row, shown)
    label.setVisible(shown)


def _form_holding(layout, label: QWidget) -> QFormLayout | None:
    if layout is None:
        return None
    if isinstance(layout, QFormLayout) and layout.getWidgetPosition(label)[0] >= 0:
        return layout
    for i in range(layout.count()):
        inner = layout.itemAt(i).layout()
        found = _form_holding(inner, label)
        if found is not None:
            return found
    return None


def _restyle(label: QLabel, role: str) -> None:
    """Give a label a style role (error, ok, muted) and let the style sheet see the change."""
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


def unit_items(units: Sequence[unitsvc.UnitRow]) -> list[tuple[str, int]]:
    """(label, id) for a unit combo box, in tree order. The label is the path below the pemda
    (``Dinas Kesehatan › Bidang P2P``): many offices have a "Subbagian Umum", and typing the first
    letters of the OPD finds it."""
    by_id = {u.id: u for u in units}
    out = []
    for u in units:
        parts, cur = [], u
        while cur is not None:
            if cur.parent_id is not None or cur is u:
                parts.append(cur.name)
            cur = by_id.get(cur.parent_id) if cur.parent_id is not None else None
        out.append((" › ".join(reversed(parts)), u.id))
    return out


def _select_data(combo: QComboBox, value: object) -> None:
    i = combo.findData(value)
    if i >= 0:
        combo.setCurrentIndex(i)


def open_dialog(dialog: QDialog, on_saved: Callable[[], object]) -> None:
    """Show a dialog window-modally without a nested event loop; ``on_saved`` runs when it was accepted."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(on_saved)
    dialog.open()


def refusal_text(err: Exception) -> str:
    """What a service's refusal says, for a message line or box."""
    if isinstance(err, ValidationError):
        return "\n".join(err.errors.values())
    if isinstance(err, DomainError):
        return err.message
    return str(err)


class FormDialog(QDialog):
    """A dialog whose content is a ``ui/`` form with ``<field>Error`` labels under the fields."""

    FIELD_WIDGETS: dict[str, str] = {}

    def __init__(self, parent: QWidget | None, layout: str, title: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.saved: object = None  # what the service returned when the dialog was accepted
        self.form = load_into(self, layout)
        self.layout().setContentsMargins(14, 12, 14, 12)
        self.buttons = child(self.form, QDialogButtonBox, "buttonBox")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for b in self.buttons.buttons():
            role = self.buttons.standardButton(b)
            if role == QDialogButtonBox.StandardButton.Save:
                b.setText("Simpan")
                b.setDefault(True)
            elif role == QDialogButtonBox.StandardButton.Cancel:
                b.setText("Batal")
            elif role == QDialogButtonBox.StandardButton.Ok:
                b.setText("OK")
                b.setDefault(True)
        for label in self.form.findChildren(QLabel):
            if label.objectName().endswith("Error"):
                _restyle(label, "error")
                label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                _set_shown(label, False)

    def error_label(self, field: str) -> QLabel | None:
        name = self.FIELD_WIDGETS.get(field)
        if name is None:
            return None
        base = name.removesuffix("Edit").removesuffix("Combo").removesuffix("Spin")
        return self.form.findChild(QLabel, f"{base}Error")

    def show_field_error(self, field: str, message: str | None) -> None:
        label = self.error_label(field)
        widget = self.form.findChild(QWidget, self.FIELD_WIDGETS.get(field, ""))
        if label is not None:
            label.setText(message or "")
            _set_shown(label, bool(message))
        if widget is not None:
            _set_invalid(widget, bool(message))

    def save(self, write: Callable[[], object], other_field: str = "_") -> bool:
        """Call the service write; on refusal show why (under the fields) and keep the dialog open."""
        try:
            self.saved = write()
        except ValidationError as err:
            self.show_errors(err.errors)
            return False
        except DomainError as err:
            self.show_errors({other_field: err.message})
            return False
        return True

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field, focus the first wrong field; others go to the form line."""
        for field in self.FIELD_WIDGETS:
            self.show_field_error(field, errors.get(field))
        loose = [m for f, m in errors.items() if f not in self.FIELD_WIDGETS]
        form_error = self.form.findChild(QLabel, "formError")
        if form_error is not None:
            _restyle(form_error, "error")
            form_error.setText("\n".join(loose))
            form_error.setVisible(bool(loose))
        for field in self.FIELD_WIDGETS:
            if field in errors:
                widget = self.form.findChild(QWidget, self.FIELD_WIDGETS[field])
                if widget is not None:
                    widget.setFocus()
                break


class EmployeeDialog(FormDialog):
    """Tambah/ubah pegawai. The NIP is checked as it is typed; birth date, gender and status follow it."""

    FIELD_WIDGETS = {
        "nip": "nipEdit",
        "status": "statusCombo",
        "name": "nameEdit",
        "gender": "genderCombo",
        "birth_date": "birthDateEdit",
        "education": "educationCombo",
        "golongan": "golonganCombo",
        "position_title": "positionTitleEdit",
        "position_kind": "positionKindCombo",
        "jenjang": "jenjangCombo",
        "unit": "unitCombo",
        "supervisor": "supervisorEdit",
    }

    def __init__(
        self,
        parent: QWidget | None,
        units: Sequence[unitsvc.UnitRow],
        supervisors: Sequence[emp.EmployeeRow],
        employee_id: int | None = None,
        default_unit_id: int | None = None,
    ):
        super().__init__(parent, "employee_dialog.ui", "Ubah pegawai" if employee_id else "Tambah pegawai")
        self.employee_id = employee_id
        self._loaded: emp.EmployeeInput | None = None  # the record as it was when the dialog opened
        f = self.form
        self.nip = child(f, QLineEdit, "nipEdit")
        self.status = child(f, QComboBox, "statusCombo")
        self.front = child(f, QLineEdit, "frontTitleEdit")
        self.name = child(f, QLineEdit, "nameEdit")
        self.back = child(f, QLineEdit, "backTitleEdit")
        self.gender = child(f, QComboBox, "genderCombo")
        self.birth = child(f, QDateEdit, "birthDateEdit")
        self.education = child(f, QComboBox, "educationCombo")
        self.golongan = child(f, QComboBox, "golonganCombo")
        self.position = child(f, QLineEdit, "positionTitleEdit")
        self.kind = child(f, QComboBox, "positionKindCombo")
        self.jenjang = child(f, QComboBox, "jenjangCombo")
        self.unit = child(f, QComboBox, "unitCombo")
        self.supervisor = child(f, QLineEdit, "supervisorEdit")
        self.nip_error = child(f, QLabel, "nipError")
        self.tabs = child(f, QTabWidget, "tabs")
        self.history = child(f, QTableWidget, "historyTable")

        for code, label in emp.STATUSES.items():
            self.status.addItem(label, code)
        self.gender.addItem("— pilih —", "")
        for code, label in emp.GENDERS.items():
            self.gender.addItem(label, code)
        self.education.addItem("—", "")
        for level in emp.EDUCATION_LEVELS:
            self.education.addItem(level, level)
        self.kind.addItem("— pilih —", "")
        for code, label in emp.POSITION_KINDS.items():
            self.kind.addItem(label, code)
        for label, uid in unit_items(units):
            self.unit.addItem(label, uid)
        self.unit.setCurrentIndex(-1)
        self.birth.setDate(QDate(1990, 1, 1))
        self.birth.setMaximumDate(QDate.currentDate())

        self._supervisor_ids: dict[str, int] = {}
        for r in supervisors:
            if r.id != employee_id and r.active:
                self._supervisor_ids[self._supervisor_text(r.name, r.nip)] = r.id
        completer = QCompleter(QStringListModel(sorted(self._supervisor_ids), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.supervisor.setCompleter(completer)

        self.status.currentIndexChanged.connect(self._fill_golongan)
        self.kind.currentIndexChanged.connect(self._fill_jenjang)
        self.nip.textChanged.connect(self._nip_changed)
        self.status.currentIndexChanged.connect(lambda _i: self._nip_changed(self.nip.text()))
        self._fill_golongan()
        self._fill_jenjang()

        if employee_id is not None:
            self._load(employee_id)
        else:
            self.tabs.setTabEnabled(1, False)
            if default_unit_id is not None:
                _select_data(self.unit, default_unit_id)
        self.nip.setFocus()
        # the history table would ask for room the form does not need
        self.history.setMinimumHeight(0)
        self.history.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.resize(640, self.sizeHint().height())

    @staticmethod
    def _supervisor_text(name: str, nip: str) -> str:
        return f"{name} ({emp.format_nip(nip)})" if nip else name

    def _fill_golongan(self) -> None:
        current = self.golongan.currentData()
        self.golongan.clear()
        self.golongan.addItem("— pilih —", "")
        for code, label in emp.golongan_choices(self.status.currentData() or "PNS"):
            self.golongan.addItem(label, code)
        if current:
            _select_data(self.golongan, current)

    def _fill_jenjang(self) -> None:
        current = self.jenjang.currentData()
        self.jenjang.clear()
        options = emp.JENJANG.get(self.kind.currentData() or "", ())
        for j in options:
            self.jenjang.addItem(j, j)
        if current:
            _select_data(self.jenjang, current)
        self.jenjang.setEnabled(len(options) > 1)

    def _nip_changed(self, text: str) -> None:
        if not emp.clean_nip(text):
            self.show_field_error("nip", None)
            return
        facts = emp.nip_facts(text)
        if facts is not None and (self._loaded is None or emp.clean_nip(text) != self._loaded.nip):
            # a valid NIP tells birth date, gender and status: fill them so the operator need not
            _select_data(self.status, facts.status)
            _select_data(self.gender, facts.gender)
            self.birth.setDate(_qdate(facts.birth_date))
        problem = emp.nip_typing_problem(text, self.status.currentData())
        self.show_field_error("nip", problem)
        digits = len(emp.clean_nip(text))
        if problem is None and facts is None:
            self._nip_hint(f"{digits} dari 18 digit", "muted")
        elif problem is None and facts is not None:
            self._nip_hint(
                f"✓ {facts.display} · {facts.status} · lahir {fmt.date(facts.birth_date)} · "
                f"{emp.GENDERS[facts.gender].lower()}",
                "ok",
            )
        else:
            _restyle(self.nip_error, "error")

    def _nip_hint(self, text: str, role: str) -> None:
        _restyle(self.nip_error, role)
        self.nip_error.setText(text)
        _set_shown(self.nip_error, True)

    def _load(self, employee_id: int) -> None:
        d = emp.get_employee(employee_id)
        data = d.data
        self._loaded = data
        _select_data(self.status, data.status)
        self.nip.setText(emp.format_nip(data.nip))
        self.front.setText(data.front_title)
        self.name.setText(data.name)
        self.back.setText(data.back_title)
        _select_data(self.gender, data.gender)
        if data.birth_date:
            self.birth.setDate(_qdate(data.birth_date))
        _select_data(self.education, data.education)
        _select_data(self.golongan, data.golongan)
        self.position.setText(data.position_title)
        _select_data(self.kind, data.position_kind)
        _select_data(self.jenjang, data.jenjang)
        if self.unit.findData(data.unit_id) < 0:  # the current unit may have been deactivated
            self.unit.addItem(d.unit_name + " (nonaktif)", data.unit_id)
        _select_data(self.unit, data.unit_id)
        if data.supervisor_id is not None:
            text = self._supervisor_text(d.supervisor_name, "")
            for label, sid in self._supervisor_ids.items():
                if sid == data.supervisor_id:
                    text = label
                    break
            else:
                self._supervisor_ids[text] = data.supervisor_id
            self.supervisor.setText(text)
        headers = ["Mulai", "Selesai", "Jabatan", "Jenjang", "Unit", "Keterangan"]
        self.history.setColumnCount(len(headers))
        self.history.setHorizontalHeaderLabels(headers)
        self.history.verticalHeader().hide()
        self.history.setRowCount(len(d.history))
        for i, h in enumerate(d.history):
            values = (fmt.date(h.start_date), fmt.date(h.end_date) or "sekarang", h.position_title, h.jenjang,
                      h.unit_name, h.note)
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.history.setItem(i, j, item)
        header = self.history.horizontalHeader()
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 2 + (QHeaderView.ResizeMode.Stretch,)
                                   + (QHeaderView.ResizeMode.ResizeToContents,) + (QHeaderView.ResizeMode.Stretch,) * 2):
            header.setSectionResizeMode(col, mode)

    def collect(self) -> tuple[emp.EmployeeInput, dict[str, str]]:
        """The form as service input, plus problems the form itself can see (an unknown supervisor)."""
        problems: dict[str, str] = {}
        sup_text = self.supervisor.text().strip()
        sup_id = None
        if sup_text:
            sup_id = self._supervisor_ids.get(sup_text)
            if sup_id is None:
                problems["supervisor"] = "Pilih pejabat penilai dari daftar saran (ketik nama atau NIP)."
        data = emp.EmployeeInput(
            nip=self.nip.text(),
            name=self.name.text(),
            gender=self.gender.currentData() or "",
            birth_date=_pydate(self.birth.date()),
            status=self.status.currentData() or "",
            golongan=self.golongan.currentData() or "",
            position_title=self.position.text(),
            position_kind=self.kind.currentData() or "",
            jenjang=self.jenjang.currentData() or "",
            unit_id=self.unit.currentData(),
            front_title=self.front.text(),
            back_title=self.back.text(),
            education=self.education.currentData() or "",
            supervisor_id=sup_id,
        )
        return data, problems

    def accept(self) -> None:
        data, problems = self.collect()
        if problems:  # show these together with everything else the service finds wrong
            _clean, errors = emp.validate_employee(data, self.employee_id)
            self.show_errors({**errors, **problems})
            return
        if self.employee_id is None:
            saved = self.save(lambda: emp.create_employee(data))
        else:
            saved = self.save(lambda: emp.update_employee(self.employee_id, data, expected=self._loaded))
        if saved:
            super().accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.tabs.setCurrentIndex(0)  # the fields are on the first tab
        super().show_errors(errors)
        if "nip" not in errors:
            self._nip_changed(self.nip.text())  # keep the ✓ hint under a NIP that is right


class UnitDialog(FormDialog):
    FIELD_WIDGETS = {"code": "codeEdit", "name": "nameEdit", "kind": "kindCombo", "parent": "parentCombo"}

    def __init__(
        self,
        parent: QWidget | None,
        units: Sequence[unitsvc.UnitRow],
        unit: unitsvc.UnitRow | None = None,
        parent_id: int | None = None,
    ):
        super().__init__(parent, "unit_dialog.ui", "Ubah unit" if unit else "Tambah unit")
        self.unit_id = unit.id if unit else None
        self.saved: unitsvc.UnitRow | None = None
        self.code = child(self.form, QLineEdit, "codeEdit")
        self.name = child(self.form, QLineEdit, "nameEdit")
        self.kind = child(self.form, QComboBox, "kindCombo")
        self.parent_combo = child(self.form, QComboBox, "parentCombo")
        for code, label in unitsvc.UNIT_KINDS.items():
            self.kind.addItem(label, code)
        self.parent_combo.addItem("(tidak ada — unit teratas)", None)
        for label, uid in unit_items(units):
            if unit is None or uid != unit.id:
                self.parent_combo.addItem(label, uid)
        if unit is not None:
            self.code.setText(unit.code)
            self.name.setText(unit.name)
            _select_data(self.kind, unit.kind)
            _select_data(self.parent_combo, unit.parent_id)
        else:
            _select_data(self.parent_combo, parent_id)
            parent_kind = next((u.kind for u in units if u.id == parent_id), None)
            _select_data(self.kind, _likely_child_kind(parent_kind))
        self.name.setFocus() if unit else self.code.setFocus()

    def accept(self) -> None:
        data = unitsvc.UnitInput(
            code=self.code.text(),
            name=self.name.text(),
            kind=self.kind.currentData(),
            parent_id=self.parent_combo.currentData(),
        )
        if self.unit_id is None:
            saved = self.save(lambda: unitsvc.create_unit(data), other_field="name")
        else:
            saved = self.save(lambda: unitsvc.update_unit(self.unit_id, data), other_field="name")
        if saved:
            super().accept()


def _likely_child_kind(parent_kind: str | None) -> str:
    return {None: "pemda", "pemda": "opd", "opd": "bidang", "kecamatan": "kelurahan", "bidang": "seksi",
            "sekretariat": "subbagian", "uptd": "seksi"}.get(parent_kind, "seksi")


DEACTIVATION_REASONS = ("Pensiun", "Mutasi keluar instansi", "Berhenti atas permintaan sendiri", "Meninggal dunia",
                        "Diberhentikan")


class DeactivateDialog(FormDialog):
    """The confirmation for deactivating an employee, with the reason and the date."""

    FIELD_WIDGETS = {"reason": "reasonCombo", "date": "dateEdit"}

    def __init__(self, parent: QWidget | None, row: emp.EmployeeRow, subordinates: int):
        super().__init__(parent, "deactivate_dialog.ui", "Nonaktifkan pegawai")
        self.row = row
        self.saved: emp.EmployeeRow | None = None
        question = (
            f"Nonaktifkan <b>{html.escape(row.name)}</b> ({row.nip_display.replace(' ', '&nbsp;')})?<br>"
            "Data dan riwayatnya tetap "
            "disimpan; pegawai dapat diaktifkan kembali."
        )
        if subordinates:
            question += (
                f"<br><br>{subordinates} pegawai masih menjadikan dia pejabat penilai; "
                "tetapkan pejabat penilai baru bagi mereka setelah ini."
            )
        child(self.form, QLabel, "questionLabel").setText(question)
        self.reason = child(self.form, QComboBox, "reasonCombo")
        self.reason.addItems(DEACTIVATION_REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("pilih atau ketik alasan")
        self.date = child(self.form, QDateEdit, "dateEdit")
        self.date.setMaximumDate(QDate.currentDate())
        self.date.setDate(QDate.currentDate())
        self.setMinimumWidth(460)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Nonaktifkan")
        self.reason.setFocus()

    def accept(self) -> None:
        reason, when = self.reason.currentText(), _pydate(self.date.date())
        if self.save(lambda: emp.deactivate_employee(self.row.id, reason, when), other_field="reason"):
            super().accept()


class FirstRunDialog(FormDialog):
    """First start on an empty database: a demo office or an empty start."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent, "first_run_dialog.ui", "ASN Desktop — mulai")
        self.demo = child(self.form, QRadioButton, "demoRadio")
        self.empty = child(self.form, QRadioButton, "emptyRadio")
        self.count = child(self.form, QSpinBox, "employeesSpin")
        self.count.setGroupSeparatorShown(True)
        self.count.setEnabled(False)
        self.demo.toggled.connect(self.count.setEnabled)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lanjut")
        self.setMinimumWidth(480)
        self.empty.setFocus()

    @property
    def wants_demo(self) -> bool:
        return self.demo.isChecked()

    @property
    def employees(self) -> int:
        return self.count.value()
