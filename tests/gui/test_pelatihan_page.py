"""The Pelatihan page driven as a person would: add an event, add a unit's staff in bulk, record attendance and
certificates for the whole event in the grid, see JP compliance change, turn training needs into planned
participation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from asn_desktop.gui.pelatihan import EventDialog, NeedDialog, ParticipantModel, ParticipantsDialog
from asn_desktop.services import appraisals as ap
from asn_desktop.services import development as dev
from asn_desktop.services.appraisals import OPERATOR, Rating
from tests.unit.helpers import dump_db, employee, office, sql
from tests.unit.test_workplans import approved, good_plan, me, rhk_ids

from .conftest import find_dialog, open_page

YEAR = dt.date.today().year
STATUS, JP, CERT, CERT_DATE = ParticipantModel.STATUS, ParticipantModel.JP, ParticipantModel.CERT, ParticipantModel.CERT_DATE


@pytest.fixture
def staff(db):
    u = office()
    kadis = employee(u["dinkes"], 2, name="Siti Aminah", front_title="dr.", position_title="Kepala Dinas Kesehatan",
                     position_kind="struktural", jenjang="JPT Pratama", golongan="IV/c")
    kabid = employee(u["bidang"], 3, name="Bambang Priyono", position_title="Kepala Bidang P2P",
                     position_kind="struktural", jenjang="Administrator", golongan="IV/a", supervisor_id=kadis.id)
    people = {"kadis": kadis.id, "kabid": kabid.id}
    for serial, name in ((4, "Rina Wulandari"), (5, "Dewi Lestari"), (6, "Eko Prasetyo")):
        people[name.split()[0]] = employee(u["seksi"], serial, name=name, position_title="Epidemiolog Ahli Pertama",
                                           golongan="III/a", supervisor_id=kabid.id).id
    people["units"] = u
    return people


def open_pelatihan(qtbot, window):
    return open_page(qtbot, window, "pelatihan")


def wait_loaded(qtbot, page, action):
    with qtbot.waitSignal(page.loaded, timeout=5000):
        action()


def test_add_an_event_from_the_keyboard(qtbot, staff, window):
    page = open_pelatihan(qtbot, window)
    assert page.event_count.text() == f"Belum ada kegiatan tahun {YEAR}. Tambah kegiatan (Ctrl+N)."
    page.events_table.setFocus()
    qtbot.keyClick(page.events_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = find_dialog(EventDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.title, "Bimbingan Teknis Surveilans")
    dialog.form_combo.setFocus()
    qtbot.keyClicks(dialog.form_combo, "Bimbingan")
    dialog.start.setDate(QDate(YEAR, 3, 3))
    dialog.end.setDate(QDate(YEAR, 3, 6))
    dialog.jp.setFocus()
    dialog.jp.selectAll()
    qtbot.keyClicks(dialog.jp, "24")
    qtbot.keyClicks(dialog.organiser, "BKPSDM")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.organiser, Qt.Key.Key_Return)
    assert sql("SELECT title, method, form, jp, organiser FROM training_event") == [
        ("Bimbingan Teknis Surveilans", "klasikal", "bimtek", 24.0, "BKPSDM")]
    assert page.current_event().title == "Bimbingan Teknis Surveilans"
    assert page.event_count.text() == f"1 dari 1 kegiatan tahun {YEAR}"


def test_a_wrong_event_stays_open_with_the_reason(qtbot, staff, window):
    page = open_pelatihan(qtbot, window)
    qtbot.mouseClick(page.buttons["addEvent"], Qt.MouseButton.LeftButton)
    dialog = find_dialog(EventDialog)
    before = dump_db()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.form.findChild(type(page.event_count), "titleError").text() == "Nama kegiatan wajib diisi."
    assert "JP harus lebih dari 0" in dialog.form.findChild(type(page.event_count), "jpError").text()
    assert dump_db() == before
    dialog.reject()


@pytest.fixture
def event_with_staff(staff):
    e = dev.save_event(dev.EventInput("Bimtek Surveilans", "teknis", "bimtek", dt.date(YEAR, 3, 3),
                                      dt.date(YEAR, 3, 6), 24, organiser="BKPSDM"))
    return e, staff


def test_add_a_units_staff_in_bulk_and_record_attendance_in_the_grid(qtbot, event_with_staff, window, prompts):
    event, staff = event_with_staff
    page = open_pelatihan(qtbot, window)
    assert page.current_event().id == event.id
    qtbot.mouseClick(page.buttons["addParticipants"], Qt.MouseButton.LeftButton)
    dialog = find_dialog(ParticipantsDialog)
    dialog.unit.setCurrentIndex(dialog.unit.findData(staff["units"]["seksi"]))
    assert dialog.unit_list.count() == 3
    qtbot.mouseClick(dialog.form.findChild(type(page.buttons["addEvent"]), "checkAllButton"), Qt.MouseButton.LeftButton)
    dialog.tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.search, "bambang")
    assert dialog.search_list.count() == 1
    dialog.search_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.picked_label.text() == "Dipilih: 4 pegawai, 0 kebutuhan pelatihan."
    with qtbot.waitSignal(page.participants_shown, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert [e.row.name for e in page.participant_model.entries] == [
        "Bambang Priyono", "Dewi Lestari", "Eko Prasetyo", "Rina Wulandari"]
    assert page.attendance_message.text().startswith("4 peserta ditambahkan")
    # the grid: select everybody's status and type L (lulus), then Eko did not pass, Dewi only 16 JP
    grid = page.participants_table
    grid.setFocus()
    grid.setCurrentIndex(page.participant_model.index(0, STATUS))
    grid.selectAll()
    qtbot.keyClick(grid, Qt.Key.Key_L)
    grid.setCurrentIndex(page.participant_model.index(2, STATUS))
    qtbot.keyClick(grid, Qt.Key.Key_T)
    type_cell(qtbot, grid, 1, JP, "16")
    type_cell(qtbot, grid, 3, CERT, "812/BKPSDM/2026/0007")
    type_cell(qtbot, grid, 3, CERT_DATE, f"06/03/{YEAR}")
    assert page.has_unsaved_changes()
    window.activateWindow()  # as it is again once the dialog has closed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.has_unsaved_changes() and "tersimpan" in page.attendance_message.text()
    stored = dict(sql("SELECT e.name, p.status || ':' || coalesce(p.jp_credited, '') || ':' || p.certificate_number "
                      "FROM training_participation p JOIN employee e ON e.id = p.employee_id"))
    assert stored == {"Bambang Priyono": "lulus::", "Dewi Lestari": "lulus:16.0:", "Eko Prasetyo": "tidak_lulus::",
                      "Rina Wulandari": "lulus::812/BKPSDM/2026/0007"}
    # the compliance tab follows
    show_compliance(qtbot, page)
    jp = {r.name: (r.jp, r.shortfall) for r in page.compliance_model.rows()}
    assert jp["Rina Wulandari"] == (D(24), D(0)) and jp["Dewi Lestari"] == (D(16), D(4))
    assert jp["Eko Prasetyo"] == (D(0), D(20))


def show_compliance(qtbot, page):
    """Open the Kepatuhan JP tab: its list is loaded when it is on screen."""
    with qtbot.waitSignal(page.compliance_shown, timeout=5000):
        page.tabs.setCurrentIndex(1)


def type_cell(qtbot, grid, row, column, text):
    grid.setCurrentIndex(grid.model().index(row, column))
    grid.edit(grid.currentIndex())
    editor = next(w for w in grid.findChildren(QLineEdit) if w.isVisible())
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)


def test_bad_attendance_is_named_and_nothing_is_stored(qtbot, event_with_staff, window):
    event, staff = event_with_staff
    dev.add_participants(event.id, [staff["Rina"], staff["Dewi"]])
    page = open_pelatihan(qtbot, window)
    grid = page.participants_table
    grid.setFocus()
    type_cell(qtbot, grid, 0, JP, "dua puluh")
    type_cell(qtbot, grid, 1, CERT_DATE, "32/13/2026")
    before = dump_db()
    assert not page.save_attendance()
    assert "Dewi Lestari: JP 'dua puluh' bukan angka." in page.attendance_message.text()
    assert "Rina Wulandari: tanggal sertifikat '32/13/2026' bukan tanggal" in page.attendance_message.text()
    type_cell(qtbot, grid, 0, JP, "30")  # more than the event's 24
    type_cell(qtbot, grid, 1, CERT_DATE, "")
    grid.setCurrentIndex(page.participant_model.index(0, STATUS))
    qtbot.keyClick(grid, Qt.Key.Key_H)
    assert not page.save_attendance()
    assert "Dewi Lestari: JP yang diakui harus 0 sampai 24" in page.attendance_message.text()
    assert dump_db() == before
    grid.setFocus()
    grid.setCurrentIndex(page.participant_model.index(0, JP))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)  # back to the event's JP in full
    assert page.participant_model.entries[0].jp == "" and page.participant_model.index(0, JP).data() == "24"


def test_compliance_per_unit_and_who_is_short(qtbot, event_with_staff, window):
    event, staff = event_with_staff
    dev.add_participants(event.id, [staff["Rina"], staff["kadis"]])
    dev.save_attendance(event.id, [dev.AttendanceInput(p.id, "lulus") for p in dev.participants(event.id)])
    page = open_pelatihan(qtbot, window)
    show_compliance(qtbot, page)
    names = lambda: [page.compliance_proxy.index(r, 0).data() for r in range(page.compliance_proxy.rowCount())]  # noqa: E731
    assert "Rina Wulandari" not in names() and "Dewi Lestari" in names()  # only those short, by default
    assert page.compliance_summary.text().startswith("2 dari 5 pegawai aktif di seluruh kantor (40%)")
    page.compliance_unit.setCurrentIndex(page.compliance_unit.findData(staff["units"]["seksi"]))
    assert sorted(names()) == ["Dewi Lestari", "Eko Prasetyo"]
    assert "1 dari 3 pegawai aktif" in page.compliance_summary.text()
    page.short_only.setChecked(False)
    assert sorted(names()) == ["Dewi Lestari", "Eko Prasetyo", "Rina Wulandari"]
    unit_rows = {page.unit_model.index(r, 0).data(): (page.unit_model.index(r, 1).data(), page.unit_model.index(r, 2).data())
                 for r in range(page.unit_model.rowCount())}
    assert unit_rows["Dinas Kesehatan"] == ("2/5", "40%")
    page.target.setFocus()
    page.target.selectAll()
    with qtbot.waitSignal(page.compliance_shown, timeout=5000):
        qtbot.keyClicks(page.target, "24")
        qtbot.keyClick(page.target, Qt.Key.Key_Return)
    assert dev.jp_target() == 24
    assert "mencapai 24 JP" in page.compliance_summary.text()


def test_training_needs_from_evaluations_are_planned_and_closed(qtbot, event_with_staff, window, prompts):
    event, staff = event_with_staff
    approved(staff["kadis"], good_plan(prefix="Kadis: "), OPERATOR, year=YEAR)
    from asn_desktop.services import workplans as wp

    kabid = approved(staff["kabid"], good_plan(rhk_ids(wp.open_skp(staff["kadis"], YEAR))[0], prefix="Kabid: "),
                     me(staff["kadis"]), year=YEAR)
    approved(staff["Rina"], good_plan(rhk_ids(kabid)[0], prefix="Rina: "), me(staff["kabid"]), year=YEAR)
    annual = ap.periods(YEAR)[-1]
    row = ap.set_rating(staff["Rina"], annual.id, me(staff["kabid"]), hasil=Rating.DI_BAWAH, perilaku=Rating.SESUAI)
    ap.finalise(row.evaluation_id, me(staff["kabid"]))
    page = open_pelatihan(qtbot, window)
    page.tabs.setCurrentIndex(2)
    assert "Belum ada kebutuhan pelatihan" in page.needs_message.text()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(page.buttons["generateNeeds"], Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][2].startswith("1 usulan baru dari 1 penilaian final")
    assert page.needs_table.rowCount() == 1 and page.needs_table.item(0, 5).text() == "Usulan"
    page.needs_table.selectRow(0)
    assert not page.buttons["planNeeds"].isEnabled()  # not approved yet
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(page.buttons["approveNeed"], Qt.MouseButton.LeftButton)
    soon = dt.date.today() + dt.timedelta(days=10)
    upcoming = dev.save_event(dev.EventInput("Bimtek Analisis Data", "teknis", "bimtek", soon,
                                             soon + dt.timedelta(days=2), 24))
    page.needs_table.selectRow(0)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.reload()
    page.needs_table.selectRow(0)
    assert page.plan_event.currentData() == upcoming.id  # only events still to come; the soonest first
    assert page.plan_event.findData(event.id) == -1  # the March event is over
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(page.buttons["planNeeds"], Qt.MouseButton.LeftButton)
    assert page.needs_message.text().startswith("1 usulan direncanakan ke Bimtek Analisis Data")
    assert page.needs_table.item(0, 5).text() == "Direncanakan"
    assert page.needs_table.item(0, 6).text() == "Bimtek Analisis Data"
    part = dev.participants(upcoming.id)
    assert [p.name for p in part] == ["Rina Wulandari"] and part[0].need_id is not None
    with pytest.raises(dev.ValidationError, match="kehadiran dicatat setelah kegiatan berlangsung"):
        dev.save_attendance(upcoming.id, [dev.AttendanceInput(part[0].id, "lulus")])
    sql("UPDATE training_event SET start_date = ?, end_date = ? WHERE id = ?", f"{YEAR}-01-05", f"{YEAR}-01-07", upcoming.id)
    dev.save_attendance(upcoming.id, [dev.AttendanceInput(part[0].id, "lulus")])
    assert sql("SELECT status FROM training_need") == [("selesai",)]


def test_a_need_is_recorded_for_someone_short(qtbot, staff, window):
    page = open_pelatihan(qtbot, window)
    show_compliance(qtbot, page)
    page.compliance_table.setFocus()
    page.compliance_table.setCurrentIndex(page.compliance_proxy.index(0, 0))
    who = page.compliance_proxy.index(0, 0).data()
    qtbot.mouseClick(page.buttons["addNeed"], Qt.MouseButton.LeftButton)
    dialog = find_dialog(NeedDialog)
    qtbot.keyClicks(dialog.competency, "Analisis data epidemiologi")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.competency, Qt.Key.Key_Return)
    assert sql("SELECT e.name, n.competency, n.status FROM training_need n JOIN employee e ON e.id = n.employee_id") \
        == [(who, "Analisis data epidemiologi", "disetujui")]


def test_an_event_that_gave_jp_is_not_deleted(qtbot, event_with_staff, window, prompts):
    event, staff = event_with_staff
    dev.add_participants(event.id, [staff["Rina"]])
    dev.save_attendance(event.id, [dev.AttendanceInput(p.id, "hadir") for p in dev.participants(event.id)])
    page = open_pelatihan(qtbot, window)
    before = dump_db()
    qtbot.mouseClick(page.buttons["deleteEvent"], Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][1] == "Kegiatan tidak dihapus" and "riwayat pengembangan" in prompts.shown[-1][2]
    assert dump_db() == before


def test_the_beranda_shows_the_share_that_reached_the_target(qtbot, event_with_staff, window):
    event, staff = event_with_staff
    dev.add_participants(event.id, [staff["Rina"], staff["kadis"]])
    dev.save_attendance(event.id, [dev.AttendanceInput(p.id, "lulus") for p in dev.participants(event.id)])
    beranda = open_page(qtbot, window, "beranda")
    card = beranda.cards["jp"]
    assert (card.value.text(), card.title.text()) == ("40%", f"Memenuhi 20 JP tahun {YEAR}")
    assert card.toolTip().startswith("2 dari 5 pegawai aktif sudah mencapai 20 JP")


def test_attendance_saved_elsewhere_is_not_overwritten(qtbot, event_with_staff, window):
    event, staff = event_with_staff
    dev.add_participants(event.id, [staff["Rina"], staff["Dewi"]])
    page = open_pelatihan(qtbot, window)
    grid = page.participants_table
    grid.setFocus()
    rows = {p.name: p for p in dev.participants(event.id)}
    # another window records Rina as passed with a certificate
    dev.save_attendance(event.id, [dev.AttendanceInput(rows["Rina Wulandari"].id, "lulus", None, "B/123")])
    grid.setCurrentIndex(page.participant_model.index(0, STATUS))  # Dewi, in this window
    qtbot.keyClick(grid, Qt.Key.Key_H)
    assert page.save_attendance()  # only Dewi's row is sent: Rina's passing stays
    stored = dict(sql("SELECT e.name, p.status FROM training_participation p JOIN employee e ON e.id = p.employee_id"))
    assert stored == {"Rina Wulandari": "lulus", "Dewi Lestari": "hadir"}
    assert page.attendance_message.text().startswith("Kehadiran 1 peserta tersimpan")
    # and a change to a row someone else changed meanwhile is refused, naming the person
    dev.save_attendance(event.id, [dev.AttendanceInput(rows["Dewi Lestari"].id, "lulus")])
    grid.setCurrentIndex(page.participant_model.index(0, STATUS))
    qtbot.keyClick(grid, Qt.Key.Key_T)
    before = dump_db()
    assert not page.save_attendance()
    assert "Kehadiran Dewi Lestari sudah diubah di jendela atau komputer lain" in page.attendance_message.text()
    assert dump_db() == before


def test_removing_participants_keeps_what_was_typed_and_never_takes_earned_jp(qtbot, event_with_staff, window, prompts):
    event, staff = event_with_staff
    dev.add_participants(event.id, [staff["Rina"], staff["Dewi"], staff["Eko"]])
    page = open_pelatihan(qtbot, window)
    grid = page.participants_table
    grid.setFocus()
    grid.setCurrentIndex(page.participant_model.index(0, STATUS))  # Dewi: mengikuti (not saved yet)
    qtbot.keyClick(grid, Qt.Key.Key_H)
    grid.selectRow(1)  # Eko
    qtbot.mouseClick(page.buttons["removeParticipant"], Qt.MouseButton.LeftButton)
    assert [e.row.name for e in page.participant_model.entries] == ["Dewi Lestari", "Rina Wulandari"]
    assert sql("SELECT p.status FROM training_participation p JOIN employee e ON e.id = p.employee_id "
               "WHERE e.name = 'Dewi Lestari'") == [("hadir",)]  # saved first, not lost
    grid.selectRow(0)  # Dewi has earned JP now
    before = dump_db()
    qtbot.mouseClick(page.buttons["removeParticipant"], Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][1] == "Peserta tidak dihapus" and "sudah tercatat mengikuti" in prompts.shown[-1][2]
    assert dump_db() == before


def test_the_participants_dialog_starts_empty_and_marks_who_is_in(qtbot, event_with_staff, window):
    event, staff = event_with_staff
    dev.add_participants(event.id, [staff["Rina"]])
    page = open_pelatihan(qtbot, window)
    qtbot.mouseClick(page.buttons["addParticipants"], Qt.MouseButton.LeftButton)
    dialog = find_dialog(ParticipantsDialog)
    assert dialog.unit_list.count() == 0 and dialog.unit.currentIndex() == -1
    dialog.unit.setCurrentIndex(dialog.unit.findData(staff["units"]["seksi"]))
    texts = [dialog.unit_list.item(i).text() for i in range(dialog.unit_list.count())]
    assert "Rina Wulandari — sudah menjadi peserta" in texts
    dialog.reject()
