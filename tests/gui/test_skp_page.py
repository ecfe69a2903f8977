"""The SKP page driven as a person would: start a plan, type RHK and IKI, save, submit, return with a
note, approve, revise; the cascade of a unit and the printable form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from asn_desktop.gui.skp import STATUS_COLUMN
from asn_desktop.services import workplans as wp

from .conftest import open_page

YEAR = dt.date.today().year


def open_skp_page(qtbot, window):
    return open_page(qtbot, window, "skp")


def choose(qtbot, page, employee_id):
    with qtbot.waitSignal(page.plan_shown, timeout=5000):
        assert page.select_employee(employee_id)


def type_into_cell(qtbot, page, item, column, text):
    """Type into the cell's editor (opened as F2 would, unless adding the row opened it) and press Enter."""
    open_editors = [w for w in page.tree.findChildren(QLineEdit) if w.isVisible()]
    if not (open_editors and page.tree.currentItem() is item and page.tree.currentColumn() == column):
        page.tree.setCurrentItem(item, column)
        page.tree.editItem(item, column)
    editors = [w for w in page.tree.findChildren(QLineEdit) if w.isVisible()]
    assert editors, "no cell editor opened"
    editor = editors[-1]
    editor.setFocus()  # as it has when a person presses F2 in a window that has the focus
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)  # let the closed editor go, as the event loop does between two key presses


def add_rhk_with_iki(qtbot, page, rhk_text, iki_text, target, unit):
    qtbot.mouseClick(page.buttons["addUtama"], Qt.MouseButton.LeftButton)
    rhk = page.tree.currentItem()
    type_into_cell(qtbot, page, rhk, 0, rhk_text)
    page.tree.setCurrentItem(rhk)
    qtbot.keyClick(page.tree, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # Ctrl+I: a new IKI
    iki = page.tree.currentItem()
    assert iki.parent() is rhk
    type_into_cell(qtbot, page, iki, 0, iki_text)
    type_into_cell(qtbot, page, iki, 2, target)
    type_into_cell(qtbot, page, iki, 3, unit)
    return rhk, iki


def test_list_shows_who_has_no_plan_yet(qtbot, office, window):
    page = open_skp_page(qtbot, window)
    assert page.model.rowCount() == 3
    statuses = {page.proxy.index(r, STATUS_COLUMN).data() for r in range(page.proxy.rowCount())}
    assert statuses == {"Belum ada"}
    assert "3 belum ada" in page.count_label.text()
    page.status_filter.setCurrentIndex(page.status_filter.findData("disetujui"))
    assert page.proxy.rowCount() == 0


def test_write_submit_and_approve_a_plan_through_the_form(qtbot, office, window):
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.budi.id)
    assert page.start_pane.isVisible()
    with qtbot.waitSignal(page.plan_shown):
        qtbot.mouseClick(page.start_empty, Qt.MouseButton.LeftButton)
    assert page.current_view().header.status is wp.Status.DRAF
    assert "Pejabat penilai" in page.header_label.text()
    add_rhk_with_iki(qtbot, page, "Meningkatnya cakupan imunisasi", "Persentase imunisasi dasar lengkap", "95", "%")
    assert page.has_unsaved_changes()
    # the rencana aksi of the first quarter, typed into its row
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    cell = page.actions.item(0, 1)
    cell.setText("Pendataan sasaran imunisasi")
    qtbot.keyClick(page.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert page.message.text() == "Tersimpan."
    stored = wp.open_skp(office.budi.id, YEAR).plan
    assert [r.text for r in stored.rhk] == ["Meningkatnya cakupan imunisasi"]
    iki = stored.rhk[0].iki[0]
    assert (iki.aspect, iki.text, iki.target_value, iki.target_unit) == (
        "kuantitas", "Persentase imunisasi dasar lengkap", 95.0, "%")
    assert stored.rhk[0].actions == {1: "Pendataan sasaran imunisasi"}
    qtbot.mouseClick(page.buttons["submit"], Qt.MouseButton.LeftButton)
    assert page.current_view().header.status is wp.Status.DIAJUKAN
    assert page.tree.editTriggers() == page.tree.EditTrigger.NoEditTriggers  # with the penilai now: read-only
    # Budi heads the office's plan tree: his penilai is outside the app, so the operator records approval
    with qtbot.waitSignal(page.loaded, timeout=5000):  # the list follows
        qtbot.mouseClick(page.buttons["approve"], Qt.MouseButton.LeftButton)
    assert page.current_view().header.status is wp.Status.DISETUJUI
    row = page.model.row_at(page.model.row_of_id(office.budi.id))
    assert row.status_label == "Disetujui"


def test_a_target_that_is_not_a_number_is_refused_and_nothing_is_stored(qtbot, office, window):
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.budi.id)
    with qtbot.waitSignal(page.plan_shown):
        page.start_empty.click()
    add_rhk_with_iki(qtbot, page, "Laporan kinerja", "Jumlah laporan", "banyak", "laporan")
    page.buttons["save"].click()
    assert "bukan angka" in page.message.text()
    assert wp.open_skp(office.budi.id, YEAR).plan.rhk == []
    # a target with a number but no unit is refused by the rules, with the place named
    iki = page.tree.topLevelItem(0).child(0)
    type_into_cell(qtbot, page, iki, 2, "12")
    type_into_cell(qtbot, page, iki, 3, "")
    page.buttons["save"].click()
    assert "satuannya wajib diisi" in page.message.text()
    assert wp.open_skp(office.budi.id, YEAR).plan.rhk == []


def approve_budi_plan(office):
    v = wp.create_skp(office.budi.id, YEAR, wp.OPERATOR)
    plan = v.plan
    plan.rhk = [wp.Rhk("utama", "Menurunnya angka kesakitan", [wp.Iki("kuantitas", "Angka kesakitan", 5, "%")])]
    wp.save_plan(v.header.id, plan, wp.OPERATOR)
    wp.take_step(v.header.id, "submit", wp.OPERATOR)
    return wp.take_step(v.header.id, "approve", wp.OPERATOR)


def test_staff_plan_from_the_penilai_returned_with_a_note_then_approved_and_revised(qtbot, office, window, prompts):
    boss = approve_budi_plan(office)
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.siti.id)
    with qtbot.waitSignal(page.plan_shown):
        qtbot.mouseClick(page.start_penilai, Qt.MouseButton.LeftButton)
    rhk = page.tree.topLevelItem(0)
    assert rhk.text(0) == "Menurunnya angka kesakitan" and rhk.text(4) == "Menurunnya angka kesakitan"
    page.tree.setCurrentItem(rhk)
    page.add_iki()
    type_into_cell(qtbot, page, page.tree.currentItem(), 0, "Jumlah kasus yang diselidiki")
    type_into_cell(qtbot, page, page.tree.currentItem(), 2, "40")
    type_into_cell(qtbot, page, page.tree.currentItem(), 3, "kasus")
    page.buttons["submit"].click()  # saves first, then submits
    assert page.current_view().header.status is wp.Status.DIAJUKAN
    # as the operator the approval buttons stay off; as Budi (the penilai) they are on
    assert not page.buttons["approve"].isEnabled()
    page.actor.setCurrentIndex(page.actor.findText("dr. Budi Santoso (pejabat penilai)"))
    assert page.buttons["approve"].isEnabled() and page.buttons["return"].isEnabled()
    prompts.texts = ["Tambahkan target waktu penyelidikan."]
    page.buttons["return"].click()
    view = page.current_view()
    assert view.header.status is wp.Status.DIKEMBALIKAN
    assert view.history[-1].note == "Tambahkan target waktu penyelidikan."
    # back with the employee: add the IKI and submit again, then Budi approves
    page.actor.setCurrentIndex(0)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.add_iki()
    item = page.tree.currentItem()
    type_into_cell(qtbot, page, item, 0, "Waktu penyelidikan epidemiologi")
    page.tree.setCurrentItem(item, 1)
    page.tree.editItem(item, 1)  # the aspect: a choice, not free text
    combo = [w for w in page.tree.findChildren(QComboBox) if w.isVisible()][-1]
    combo.setCurrentIndex(combo.findText("Waktu"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: item.text(1) == "Waktu")
    type_into_cell(qtbot, page, item, 3, "paling lama 1 x 24 jam")
    page.buttons["submit"].click()
    page.actor.setCurrentIndex(page.actor.findText("dr. Budi Santoso (pejabat penilai)"))
    page.buttons["approve"].click()
    view = page.current_view()
    assert view.header.status is wp.Status.DISETUJUI
    assert view.plan.rhk[0].parent_rhk_id == boss.plan.rhk[0].id
    assert [(k.aspect, k.target_text) for k in view.plan.rhk[0].iki][1] == ("waktu", "paling lama 1 x 24 jam")
    # mid-year change: a revision, the approved version stays viewable
    prompts.texts = ["Perubahan tugas di tengah tahun"]
    page.buttons["revise"].click()
    assert page.current_view().header.version == 2
    assert page.current_view().header.status is wp.Status.DRAF
    assert page.version.count() == 2
    page.version.setCurrentIndex(0)
    page.version.activated.emit(0)
    assert page.current_view().header.version == 1
    assert not page.buttons["save"].isEnabled()  # an old version is only read


def test_cascade_of_a_unit_shows_staff_under_the_head_and_the_gaps(qtbot, office, window):
    boss = approve_budi_plan(office)
    staff = wp.create_skp(office.siti.id, YEAR, wp.OPERATOR, start_from="penilai")
    page = open_skp_page(qtbot, window)
    page.main_tabs.setCurrentIndex(1)
    assert "Pilih unit" in page.cascade_label.text()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.unit.setCurrentIndex(page.unit.findData(office.dinkes.id))
    qtbot.waitUntil(lambda: page.cascade_tree.topLevelItemCount() > 0, timeout=5000)
    top = page.cascade_tree.topLevelItem(0)
    assert top.text(0) == "Utama: " + boss.plan.rhk[0].text and top.text(1) == "dr. Budi Santoso"
    assert top.child(0).text(1) == "Siti Rahmawati, S.K.M."
    assert staff.header.status is wp.Status.DRAF


def test_printable_form_has_the_official_columns(qtbot, office, window):
    approve_budi_plan(office)
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.budi.id)
    page.main_tabs.setCurrentIndex(2)
    text = page.print_view.toPlainText()
    for expected in ("SASARAN KINERJA PEGAWAI", "RHK atasan yang diintervensi", "Rencana hasil kerja", "Aspek",
                     "Indikator kinerja individu", "Target", "A. UTAMA", "B. TAMBAHAN", "Menurunnya angka kesakitan",
                     "5 %", "Berorientasi Pelayanan", "LAMPIRAN", "19750514 200003 1 002"):
        assert expected in text
    assert QApplication.instance() is not None


def test_the_form_goes_to_excel_from_the_print_tab(qtbot, office, window, prompts, tmp_path):
    from openpyxl import load_workbook

    from asn_desktop.gui.export import ExportDialog

    from .conftest import find_dialog

    approve_budi_plan(office)
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.budi.id)
    page.main_tabs.setCurrentIndex(2)
    qtbot.mouseClick(page.buttons["excel"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find_dialog(ExportDialog) is not None, timeout=5000)
    dialog = find_dialog(ExportDialog)
    assert dialog.chosen().key == "skp" and dialog.nip.text() == office.budi.nip and dialog.nip.isVisible()
    assert not dialog.period.isVisible()
    out = tmp_path / "skp-budi.xlsx"
    prompts.files = [str(out)]
    qtbot.keyClick(dialog.nip, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(prompts.shown) and prompts.shown[-1][0] == "info", timeout=10_000)
    assert prompts.shown[-2] == ("save", "Ekspor ke Excel", f"Formulir SKP {YEAR} 19750514 200003 1 002.xlsx")
    assert prompts.shown[-1][2] == f"Formulir SKP {YEAR}: 1 pegawai ditulis ke {out}."
    values = [c.value for r in load_workbook(out)["SKP"].iter_rows() for c in r if c.value]
    assert "dr. Budi Santoso" in values and "Menurunnya angka kesakitan" in values and "5 %" in values


def drop(page, target_item):
    """Release a dragged row on ``target_item`` (the drag started at the current row).

    Qt delivers a drop only inside a real drag session, which a test cannot start; the page's handler
    of the tree's drop events is given the same event the session would deliver."""
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDropEvent

    rect = page.tree.visualItemRect(target_item)
    event = QDropEvent(QPointF(rect.center()), Qt.DropAction.MoveAction, QMimeData(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    assert page.eventFilter(page.tree.viewport(), event)
    assert event.dropAction() == Qt.DropAction.IgnoreAction  # the page moved the row; Qt must not move it again


def test_reorder_rhk_and_iki_by_keyboard_and_by_drag(qtbot, office, window, prompts):
    page = open_skp_page(qtbot, window)
    assert page.tree.dragDropMode() == page.tree.DragDropMode.InternalMove
    choose(qtbot, page, office.budi.id)
    with qtbot.waitSignal(page.plan_shown):
        page.start_empty.click()
    add_rhk_with_iki(qtbot, page, "RHK satu", "IKI satu-a", "1", "dokumen")
    add_rhk_with_iki(qtbot, page, "RHK dua", "IKI dua-a", "2", "dokumen")
    second = page.tree.topLevelItem(1)
    page.tree.setCurrentItem(second)
    qtbot.keyClick(page.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # Alt+↑ moves it up
    assert [page.tree.topLevelItem(i).text(0) for i in range(2)] == ["RHK dua", "RHK satu"]
    # copy an IKI, then drag the copy onto the other RHK
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    page.buttons["copyIki"].click()
    assert [page.tree.topLevelItem(0).child(i).text(0) for i in range(2)] == ["IKI dua-a", "IKI dua-a"]
    drop(page, page.tree.topLevelItem(1))
    assert page.tree.topLevelItem(0).childCount() == 1
    assert [page.tree.topLevelItem(1).child(i).text(0) for i in range(2)] == ["IKI satu-a", "IKI dua-a"]
    # an RHK dragged onto the other RHK lands before it
    page.tree.setCurrentItem(page.tree.topLevelItem(1))
    drop(page, page.tree.topLevelItem(0))
    assert [page.tree.topLevelItem(i).text(0) for i in range(2)] == ["RHK satu", "RHK dua"]
    page.save()
    stored = wp.open_skp(office.budi.id, YEAR).plan
    assert [(r.text, [k.text for k in r.iki]) for r in stored.rhk] == [
        ("RHK satu", ["IKI satu-a", "IKI dua-a"]), ("RHK dua", ["IKI dua-a"])]
    # Delete removes the current row after a confirmation
    page.tree.setCurrentItem(page.tree.topLevelItem(1))
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert page.tree.topLevelItemCount() == 1 and prompts.shown[-1][0] == "confirm"


def test_unsaved_plan_is_not_lost_by_closing_or_changing_year(qtbot, office, window, prompts):
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.budi.id)
    with qtbot.waitSignal(page.plan_shown):
        page.start_empty.click()
    page.add_rhk("utama")
    type_into_cell(qtbot, page, page.tree.currentItem(), 0, "Belum tersimpan")
    assert page.has_unsaved_changes()
    prompts.answer = False  # "Kembali"
    window.close()
    assert window.isVisible()  # still open, the plan still there
    page.year.setValue(YEAR + 1)
    assert page.year.value() == YEAR  # refused too
    assert page.tree.topLevelItem(0).text(0) == "Belum tersimpan"
    prompts.answer = True
    page.save()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.year.setValue(YEAR + 1)  # next year: the same person, no plan yet
    assert page.current_view() is None and page.start_pane.isVisible()
    assert str(YEAR + 1) in page.start_label.text()


def test_only_who_may_change_the_plan_can_type_in_it(qtbot, office, window):
    approve_budi_plan(office)
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.siti.id)
    with qtbot.waitSignal(page.plan_shown):
        page.start_penilai.click()
    assert page.tree.editTriggers() != page.tree.EditTrigger.NoEditTriggers
    page.actor.setCurrentIndex(page.actor.findText("dr. Budi Santoso (pejabat penilai)"))
    assert page.tree.editTriggers() == page.tree.EditTrigger.NoEditTriggers  # her results: not his to type
    assert not page.buttons["addIki"].isEnabled() and not page.dukungan.isEnabled()
    assert page.perilaku.item(0, 2).flags() & Qt.ItemFlag.ItemIsEditable  # his expectations: his to type
    assert not page.has_unsaved_changes()
    page.actor.setCurrentIndex(page.actor.findText("Siti Rahmawati, S.K.M. (pegawai)"))
    assert page.tree.editTriggers() != page.tree.EditTrigger.NoEditTriggers


def test_tab_moves_along_the_row_while_editing_and_delete_stays_in_the_tree(qtbot, office, window, prompts):
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.budi.id)
    with qtbot.waitSignal(page.plan_shown):
        page.start_empty.click()
    page.add_rhk("utama")
    type_into_cell(qtbot, page, page.tree.currentItem(), 0, "Tersusunnya laporan")
    page.add_iki()
    iki = page.tree.currentItem()
    editor = [w for w in page.tree.findChildren(QLineEdit) if w.isVisible()][-1]
    qtbot.keyClicks(editor, "Jumlah laporan")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # to the aspect (a choice), then on to the target
    qtbot.waitUntil(lambda: [w for w in page.tree.findChildren(QComboBox) if w.isVisible()] != [])
    combo = [w for w in page.tree.findChildren(QComboBox) if w.isVisible()][-1]
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.tree.currentColumn() == 2 and page.tree.state() == page.tree.State.EditingState)
    editor = [w for w in page.tree.findChildren(QLineEdit) if w.isVisible()][-1]
    qtbot.keyClicks(editor, "12")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: iki.text(2) == "12")  # Qt commits an edit on the next turn of the event loop
    assert (iki.text(0), iki.text(1)) == ("Jumlah laporan", "Kuantitas")
    # Delete in the list on the left is not "delete this RHK"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert not [p for p in prompts.shown if p[0] == "confirm"]
    assert page.tree.topLevelItem(0).childCount() == 1


def test_the_penilai_types_the_expectations_and_saves_them(qtbot, office, window):
    boss = approve_budi_plan(office)
    staff = wp.create_skp(office.siti.id, YEAR, wp.OPERATOR, start_from="penilai")
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.siti.id)
    page.actor.setCurrentIndex(page.actor.findText("dr. Budi Santoso (pejabat penilai)"))
    assert page.tree.editTriggers() == page.tree.EditTrigger.NoEditTriggers  # the plan itself is hers
    cell = page.perilaku.item(2, 2)  # Kompeten
    assert cell.flags() & Qt.ItemFlag.ItemIsEditable and page.buttons["save"].isEnabled()
    cell.setText("Menguasai aplikasi SKDR")
    qtbot.keyClick(page.perilaku, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text() == "Ekspektasi khusus pimpinan tersimpan."
    stored = wp.get_skp(staff.header.id).plan
    assert stored.expectations["kompeten"] == "Menguasai aplikasi SKDR"
    assert [r.parent_rhk_id for r in stored.rhk] == [boss.plan.rhk[0].id]  # the rest untouched


def test_a_save_from_a_stale_window_is_refused_with_a_message(qtbot, office, window):
    page = open_skp_page(qtbot, window)
    choose(qtbot, page, office.budi.id)
    with qtbot.waitSignal(page.plan_shown):
        page.start_empty.click()
    # meanwhile another window saves the same plan
    other = wp.open_skp(office.budi.id, YEAR)
    other.plan.rhk = [wp.Rhk("utama", "Dari jendela lain", [])]
    wp.save_plan(other.header.id, other.plan, wp.OPERATOR, expected_version=other.header.lock_version)
    page.add_rhk("utama")
    type_into_cell(qtbot, page, page.tree.currentItem(), 0, "Dari jendela ini")
    page.save()
    assert "sudah diubah di jendela atau komputer lain" in page.message.text()
    assert [r.text for r in wp.open_skp(office.budi.id, YEAR).plan.rhk] == ["Dari jendela lain"]
