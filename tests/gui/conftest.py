"""Fixtures for pytest-qt tests: a main window on a fresh database, prompts that record and answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from asn_desktop.gui.app import make_app
from asn_desktop.gui.main_window import MainWindow
from asn_desktop.services import employees as emp
from asn_desktop.services import units as unitsvc


@dataclass
class RecordingPrompts:
    """Stands in for the message boxes: records what the user would have seen, answers confirmations."""

    answer: bool = True
    texts: list[str | None] = field(default_factory=list)  # what ask_text returns, in turn
    files: list[str | None] = field(default_factory=list)  # what ask_open_file / ask_save_file return, in turn
    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def error(self, parent, title, text):
        self.shown.append(("error", title, text))

    def info(self, parent, title, text):
        self.shown.append(("info", title, text))

    def confirm(self, parent, title, text, yes="Ya", no="Batal"):
        self.shown.append(("confirm", title, text))
        return self.answer

    def ask_text(self, parent, title, label):
        self.shown.append(("ask", title, label))
        return self.texts.pop(0) if self.texts else None

    def ask_open_file(self, parent, title, file_filter):
        self.shown.append(("open", title, file_filter))
        return self.files.pop(0) if self.files else None

    def ask_open_files(self, parent, title, file_filter):
        self.shown.append(("open", title, file_filter))
        return self.files.pop(0) if self.files else []

    def ask_save_file(self, parent, title, suggested, file_filter):
        self.shown.append(("save", title, suggested))
        return self.files.pop(0) if self.files else None


@pytest.fixture(scope="session")
def qapp():
    """The application as the program sets it up (locale, style sheet)."""
    return make_app()


@pytest.fixture
def prompts():
    return RecordingPrompts()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "asn-desktop.ini"), QSettings.Format.IniFormat)


@dataclass
class Office:
    root: unitsvc.UnitRow
    dinkes: unitsvc.UnitRow
    p2p: unitsvc.UnitRow
    kecamatan: unitsvc.UnitRow
    budi: emp.EmployeeRow
    siti: emp.EmployeeRow
    agus: emp.EmployeeRow


def person(nip, name, gender, birth, status, golongan, title, kind, jenjang, unit_id, **extra) -> emp.EmployeeInput:
    return emp.EmployeeInput(
        nip=nip, name=name, gender=gender, birth_date=birth, status=status, golongan=golongan,
        position_title=title, position_kind=kind, jenjang=jenjang, unit_id=unit_id, **extra,
    )


@pytest.fixture
def office(db) -> Office:
    """A small office: pemda, Dinas Kesehatan with a bidang, a kecamatan, three employees."""
    root = unitsvc.create_unit(unitsvc.UnitInput("PEMDA", "Pemerintah Kabupaten Sukamaju", "pemda", None))
    dinkes = unitsvc.create_unit(unitsvc.UnitInput("DINKES", "Dinas Kesehatan", "opd", root.id))
    p2p = unitsvc.create_unit(unitsvc.UnitInput("DINKES.P2P", "Bidang P2P", "bidang", dinkes.id))
    kec = unitsvc.create_unit(unitsvc.UnitInput("KEC01", "Kecamatan Sukamaju", "kecamatan", root.id))
    budi = emp.create_employee(person("197505142000031002", "Budi Santoso", "L", dt.date(1975, 5, 14), "PNS", "IV/a",
                                      "Kepala Dinas Kesehatan", "struktural", "JPT Pratama", dinkes.id, front_title="dr."))
    siti = emp.create_employee(person("199001022015032001", "Siti Rahmawati", "P", dt.date(1990, 1, 2), "PNS", "III/b",
                                      "Epidemiolog Kesehatan", "fungsional", "Ahli Pertama", p2p.id,
                                      back_title="S.K.M.", supervisor_id=budi.id))
    agus = emp.create_employee(person("199503032022211005", "Agus Wijaya", "L", dt.date(1995, 3, 3), "PPPK", "V",
                                      "Pengadministrasi Umum", "pelaksana", "Pelaksana", kec.id))
    return Office(root, dinkes, p2p, kec, budi, siti, agus)


@pytest.fixture
def window(db, qtbot, settings, prompts):
    w = MainWindow(db.path, settings, prompts=prompts)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.background.wait_idle()


def open_page(qtbot, window, key):
    page = window.page(key)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        if window.current_page_key() == key:
            page.reload()
        else:
            window.show_page(key)
    return page


def find_dialog(kind: type[QWidget]):
    for w in QApplication.topLevelWidgets():
        if isinstance(w, kind) and w.isVisible():
            return w
    return None
