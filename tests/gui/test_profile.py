"""The employee profile driven as a person would: pick someone in a list, press Ctrl+Shift+P, read the tabs,
press Esc."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar

from asn_desktop.gui.profile import ProfileDialog
from asn_desktop.services import appraisals as ap
from asn_desktop.services import development as dev
from asn_desktop.services import employees as emp
from asn_desktop.services.development import AttendanceInput, EventInput
from asn_desktop.services.appraisals import Rating
from asn_desktop.services.workplans import OPERATOR, Actor
from tests.unit.test_workplans import approved, good_plan, rhk_ids

from .conftest import find_dialog, open_page

YEAR = dt.date.today().year
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def siti_record(office):
    """Siti: an approved SKP with a final annual predikat, one training passed with 12 JP and a certificate."""
    head = approved(office.budi.id, good_plan(prefix="Kadis: "), OPERATOR, year=YEAR)
    approved(office.siti.id, good_plan(rhk_ids(head)[0], prefix="Siti: "), Actor(employee_id=office.budi.id),
             year=YEAR)
    annual = ap.periods(YEAR)[-1]
    row = ap.set_rating(office.siti.id, annual.id, Actor(employee_id=office.budi.id), hasil=Rating.DI_ATAS,
                        perilaku=Rating.DI_ATAS)
    ap.finalise(row.evaluation_id, Actor(employee_id=office.budi.id))
    event = dev.save_event(EventInput("Bimtek Surveilans Epidemiologi", "teknis", "bimtek", dt.date(YEAR, 3, 3),
                                      dt.date(YEAR, 3, 6), 24, organiser="Dinas Kesehatan Provinsi"))
    dev.add_participants(event.id, [office.siti.id])
    (p,) = dev.participants(event.id)
    dev.save_attendance(event.id, [AttendanceInput(p.id, "lulus", 12.0, "445/BIMTEK/07", dt.date(YEAR, 3, 6))])
    return office


def labels_text(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def cells(dialog, key) -> list[list[str]]:
    view, model, stack, _empty = dialog.tables[key]
    assert stack.currentWidget() is view, f"{key}: the empty text is shown"
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def open_profile_with_keys(qtbot, widget) -> ProfileDialog:
    qtbot.keyClick(widget, Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: find_dialog(ProfileDialog) is not None, timeout=5000)
    dialog = find_dialog(ProfileDialog)
    dialog.activateWindow()  # as the desktop does with a new dialog (the offscreen platform does not)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def close_with_escape(qtbot, dialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: find_dialog(ProfileDialog) is None, timeout=5000)


def test_profile_from_the_pegawai_list_shows_the_whole_record(qtbot, siti_record, window):
    page = open_page(qtbot, window, "pegawai")
    qtbot.keyClicks(page.search, "siti")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # into the list: the first match is selected
    assert page.table.hasFocus() and page.current_employee_id() == siti_record.siti.id
    dialog = open_profile_with_keys(qtbot, page.table)
    assert dialog.isModal() and dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert dialog.windowTitle() == "Profil pegawai — Siti Rahmawati, S.K.M."
    assert [dialog.header_name.text(), dialog.header_nip.text(), dialog.header_position.text(),
            dialog.header_unit.text()] == [
        "Siti Rahmawati, S.K.M.", "NIP 19900102 201503 2 001 · PNS · III/b — Penata Muda Tingkat I",
        "Epidemiolog Kesehatan (Ahli Pertama)", "Dinas Kesehatan › Bidang P2P"]
    assert not dialog.header_inactive.isVisible()

    # Identitas
    assert dialog.tabs.currentIndex() == 0
    values = {k: v.text() for k, v in dialog.values.items()}
    assert values["nip"] == "19900102 201503 2 001"
    assert values["golongan"] == "III/b — Penata Muda Tingkat I"
    assert values["birth"].startswith("02/01/1990 (") and values["birth"].endswith(" tahun)")
    assert (values["gender"], values["kind"], values["jenjang"]) == ("Perempuan", "Fungsional", "Ahli Pertama")
    assert values["supervisor"] == "dr. Budi Santoso — Kepala Dinas Kesehatan"
    assert values["active"] == "Aktif"

    # Riwayat jabatan
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget().objectName() == "historyTab"
    assert cells(dialog, "history") == [["Epidemiolog Kesehatan", "Fungsional", "Ahli Pertama", "Bidang P2P",
                                         dt.date.today().strftime("%d/%m/%Y"), "sekarang", "Data awal"]]

    # SKP dan predikat
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget().objectName() == "skpTab"
    assert cells(dialog, "skp") == [[str(YEAR), "Disetujui", "dr. Budi Santoso", "Sangat Baik", "—", "—",
                                     "Epidemiolog Kesehatan"]]

    # Pelatihan dan JP: the year against the target, with a bar, and the event with its certificate
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    tab = dialog.tabs.currentWidget()
    assert tab.objectName() == "trainingTab"
    assert f"{YEAR}\n" in labels_text(tab) and "12 dari 20 JP — kurang 8" in labels_text(tab)
    (bar,) = [b for b in tab.findChildren(QProgressBar) if b.isVisible()]
    assert (bar.value(), bar.maximum()) == (120, 200)
    assert cells(dialog, "training") == [[str(YEAR), "Bimtek Surveilans Epidemiologi", "Bimbingan teknis",
                                          f"03/03/{YEAR} – 06/03/{YEAR}", "Lulus", "12",
                                          f"445/BIMTEK/07 (06/03/{YEAR})"]]

    # Kebutuhan pelatihan: none open
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget().objectName() == "needsTab"
    assert dialog.tables["needs"][3].isVisible()
    assert dialog.tables["needs"][3].text() == "Tidak ada kebutuhan pelatihan yang terbuka."

    close_with_escape(qtbot, dialog)
    assert window.isVisible()


def test_profile_from_the_skp_list(qtbot, siti_record, window):
    page = open_page(qtbot, window, "skp")
    with qtbot.waitSignal(page.plan_shown, timeout=5000):
        assert page.select_employee(siti_record.budi.id)
    page.table.setFocus()
    dialog = open_profile_with_keys(qtbot, page.table)
    assert dialog.header_name.text() == "dr. Budi Santoso"
    assert dialog.values["supervisor"].text() == "Belum ditetapkan"
    close_with_escape(qtbot, dialog)


def test_the_menu_asks_to_pick_someone_first(qtbot, office, window, prompts):
    open_page(qtbot, window, "beranda")  # a page without a list of people
    qtbot.keyClick(window.nav, Qt.Key.Key_P, CTRL_SHIFT)
    assert prompts.shown == [("info", "Profil pegawai", "Pilih pegawai di daftar dulu.")]
    page = open_page(qtbot, window, "pegawai")  # a list, nobody selected yet
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, CTRL_SHIFT)
    assert prompts.shown[-1] == ("info", "Profil pegawai", "Pilih pegawai di daftar dulu.")
    assert find_dialog(ProfileDialog) is None
    action = next(a for a in window.menuBar().actions() if a.text() == "&Halaman")
    assert "&Profil pegawai…" in [a.text() for a in action.menu().actions()]


def test_an_inactive_employee_without_records_shows_why_and_the_empty_texts(qtbot, office, window):
    emp.deactivate_employee(office.agus.id, "Mutasi keluar instansi", dt.date.today())
    dialog = ProfileDialog(window, office.agus.id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    qtbot.waitExposed(dialog)
    expected = f"Nonaktif sejak {dt.date.today():%d/%m/%Y} — Mutasi keluar instansi"
    assert dialog.header_inactive.isVisible() and dialog.header_inactive.text() == expected
    assert dialog.values["active"].text() == expected
    assert dialog.values["golongan"].text() == "Golongan V"
    for key, text in (("skp", "Belum ada SKP atau penilaian kinerja tercatat."),
                      ("training", "Belum ada pelatihan tercatat."),
                      ("needs", "Tidak ada kebutuhan pelatihan yang terbuka.")):
        _view, _model, stack, empty = dialog.tables[key]
        assert stack.currentWidget() is empty and empty.text() == text
    assert dialog.jp_grid.count() == 0 and not dialog.jp_title.isVisible()  # no target for an inactive person
    close_with_escape(qtbot, dialog)


def test_names_are_shown_as_text_never_as_markup(qtbot, office, window):
    row = emp.get_employee(office.agus.id)
    data = row.data
    data.name = "<b>Agus</b> Wijaya"
    emp.update_employee(office.agus.id, data)
    dialog = ProfileDialog(window, office.agus.id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    assert dialog.header_name.text() == "<b>Agus</b> Wijaya"
    assert dialog.header_name.textFormat() == Qt.TextFormat.PlainText
    dialog.close()
    QApplication.processEvents()
