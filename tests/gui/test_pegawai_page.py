"""The Pegawai page driven as a person would: type, click, press keys; check what is seen and stored."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QDate, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QLabel

from asn_desktop.gui.dialogs import DeactivateDialog, EmployeeDialog, UnitDialog
from asn_desktop.gui.employee_model import NAME, NIP, EmployeeFilterProxy, EmployeeTableModel
from asn_desktop.services import employees as emp
from asn_desktop.services import units as unitsvc

from .conftest import find_dialog, open_page


def visible_names(page) -> list[str]:
    return [page.proxy.index(r, NAME).data() for r in range(page.proxy.rowCount())]


def label_text(dialog, name: str) -> str:
    """The text of a visible label in a dialog's form (error labels are hidden when empty)."""
    label = dialog.form.findChild(QLabel, name)
    assert label is not None and label.isVisible(), f"{name} not shown"
    return label.text()


def wait_for_dialog(qtbot, kind):
    qtbot.waitUntil(lambda: find_dialog(kind) is not None, timeout=5000)
    return find_dialog(kind)


def select_combo_text(combo, text):
    index = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert index >= 0, f"{text!r} not in combo"
    combo.setCurrentIndex(index)


def test_list_shows_active_employees_with_grouped_nip(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    assert sorted(visible_names(page)) == ["Agus Wijaya", "Siti Rahmawati, S.K.M.", "dr. Budi Santoso"]
    assert page.count_label.text() == "Menampilkan 3 dari 3 pegawai aktif"
    nips = {page.proxy.index(r, NIP).data() for r in range(page.proxy.rowCount())}
    assert "19900102 201503 2 001" in nips


def test_filter_as_you_type_by_name_nip_jabatan_and_unit(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    qtbot.keyClicks(page.search, "siti")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    assert visible_names(page) == ["Siti Rahmawati, S.K.M."]
    page.search.clear()
    qtbot.keyClicks(page.search, "19750514 2000")  # the grouped NIP as printed on documents
    qtbot.waitUntil(lambda: visible_names(page) == ["dr. Budi Santoso"])
    page.search.clear()
    qtbot.keyClicks(page.search, "pengadministrasi")
    qtbot.waitUntil(lambda: visible_names(page) == ["Agus Wijaya"])
    page.search.clear()
    qtbot.keyClicks(page.search, "kecamatan sukamaju")
    qtbot.waitUntil(lambda: visible_names(page) == ["Agus Wijaya"])
    qtbot.keyClicks(page.search, "zzz")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0)
    assert page.stack.currentWidget() is page.empty_label
    assert "Tidak ada pegawai yang cocok" in page.empty_label.text()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)  # Escape empties the search box
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 3)
    assert page.search.text() == ""


def test_ctrl_f_focuses_search(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.search.hasFocus)


def test_unit_tree_narrows_the_list_to_the_unit_and_below(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_unit(office.dinkes.id)
    assert sorted(visible_names(page)) == ["Siti Rahmawati, S.K.M.", "dr. Budi Santoso"]
    page.select_unit(office.p2p.id)
    assert visible_names(page) == ["Siti Rahmawati, S.K.M."]
    page.select_unit(None)
    assert page.proxy.rowCount() == 3


def test_clicking_a_header_sorts_and_clicking_again_reverses(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(NIP) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    nips = [page.proxy.index(r, NIP).data() for r in range(3)]
    assert nips == sorted(nips)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    nips_desc = [page.proxy.index(r, NIP).data() for r in range(3)]
    assert nips_desc == sorted(nips, reverse=True)


def choose_supervisor(qtbot, dialog, typed: str, suggestion: str) -> None:
    """Type part of a name into the pejabat penilai field, see the suggestion, type it out in full."""
    qtbot.keyClicks(dialog.supervisor, typed)
    completer = dialog.supervisor.completer()
    suggestions = [completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())]
    assert suggestion in suggestions
    dialog.supervisor.clear()
    qtbot.keyClicks(dialog.supervisor, suggestion)


def fill_new_employee(qtbot, dialog, nip="198609262015051001"):
    qtbot.keyClicks(dialog.nip, nip)
    qtbot.keyClicks(dialog.name, "Dewi Lestari")
    qtbot.keyClicks(dialog.back, "S.Kom.")
    select_combo_text(dialog.golongan, "III/b")
    qtbot.keyClicks(dialog.position, "Pranata Komputer")
    select_combo_text(dialog.kind, "Fungsional")
    select_combo_text(dialog.jenjang, "Ahli Pertama")
    select_combo_text(dialog.unit, "Bidang P2P")


def test_add_employee_by_keyboard_and_nip_checked_as_typed(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    qtbot.waitUntil(dialog.nip.hasFocus)
    qtbot.keyClicks(dialog.nip, "19860926201513")  # month 13 is not a month
    assert dialog.nip_error.isVisible()
    assert "Bulan TMT CPNS" in dialog.nip_error.text()
    dialog.nip.clear()
    qtbot.keyClicks(dialog.nip, "198609262015052001")
    # a valid NIP fills birth date, gender and status
    assert dialog.birth.date() == QDate(1986, 9, 26)
    assert dialog.gender.currentData() == "P"
    assert dialog.status.currentData() == "PNS"
    assert dialog.nip_error.text().startswith("✓ 19860926 201505 2 001")
    dialog.nip.clear()
    fill_new_employee(qtbot, dialog, nip="198609262015052001")
    choose_supervisor(qtbot, dialog, "budi", "dr. Budi Santoso (19750514 200003 1 002)")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(dialog.position, Qt.Key.Key_Return)  # Enter saves
    assert find_dialog(type(dialog)) is None
    stored = emp.search_employees("Dewi")
    assert len(stored) == 1
    row = stored[0]
    assert (row.nip, row.name, row.golongan, row.unit_id, row.supervisor_id) == (
        "198609262015052001", "Dewi Lestari, S.Kom.", "III/b", office.p2p.id, office.budi.id,
    )
    assert page.selected_id() == row.id  # the new employee is selected in the list
    assert page.count_label.text() == "Menampilkan 4 dari 4 pegawai aktif"


def test_wrong_nip_refused_with_message_and_nothing_stored(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.add_button.click()
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    fill_new_employee(qtbot, dialog, nip="1986092620150510")  # 16 digits
    assert dialog.nip_error.text() == "16 dari 18 digit"  # still typing: a hint, not yet an error
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()  # still open, nothing saved
    assert dialog.nip_error.isVisible() and "harus 18 digit" in dialog.nip_error.text()
    assert dialog.focusWidget() is dialog.nip  # the wrong field gets the focus
    assert len(emp.list_employees()) == 3
    # a NIP already in use is refused on save, naming who has it
    dialog.nip.clear()
    qtbot.keyClicks(dialog.nip, office.siti.nip)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "sudah dipakai pegawai lain: Siti Rahmawati" in dialog.nip_error.text()
    assert len(emp.list_employees()) == 3
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)  # Escape cancels
    assert find_dialog(type(dialog)) is None
    assert len(emp.list_employees()) == 3


def test_unknown_supervisor_text_is_refused(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.add_button.click()
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    fill_new_employee(qtbot, dialog)
    qtbot.keyClicks(dialog.supervisor, "Orang Yang Tidak Ada")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "daftar saran" in label_text(dialog, "supervisorError")
    assert len(emp.list_employees()) == 3
    dialog.reject()


def test_edit_with_enter_changes_position_and_keeps_history(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    assert page.select_employee(office.siti.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    assert dialog.name.text() == "Siti Rahmawati"
    assert dialog.history.rowCount() == 1
    dialog.position.clear()
    qtbot.keyClicks(dialog.position, "Epidemiolog Kesehatan Muda")
    select_combo_text(dialog.jenjang, "Ahli Muda")
    select_combo_text(dialog.golongan, "III/c")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(dialog.position, Qt.Key.Key_Return)
    detail = emp.get_employee(office.siti.id)
    assert detail.data.jenjang == "Ahli Muda" and detail.data.golongan == "III/c"
    assert [h.position_title for h in detail.history] == ["Epidemiolog Kesehatan Muda", "Epidemiolog Kesehatan"]
    assert detail.history[1].end_date is not None


def test_cycle_of_pejabat_penilai_refused_in_dialog(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_employee(office.budi.id)
    page.edit_button.click()
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    # Siti is rated by Budi; Budi cannot be rated by Siti
    choose_supervisor(qtbot, dialog, "siti", "Siti Rahmawati, S.K.M. (19900102 201503 2 001)")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "berputar" in label_text(dialog, "supervisorError")
    assert emp.get_employee(office.budi.id).data.supervisor_id is None
    dialog.reject()


def test_deactivate_with_delete_key_confirms_and_keeps_the_record(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_employee(office.agus.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    dialog = wait_for_dialog(qtbot, DeactivateDialog)
    assert "Agus Wijaya" in label_text(dialog, "questionLabel")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    ok.click()  # no reason given yet: refused
    assert dialog.isVisible()
    assert emp.get_employee(office.agus.id).active
    select_combo_text(dialog.reason, "Mutasi keluar")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        ok.click()
    detail = emp.get_employee(office.agus.id)
    assert not detail.active and detail.inactive_reason == "Mutasi keluar instansi"
    assert "Agus Wijaya" not in visible_names(page)
    assert page.count_label.text() == "Menampilkan 2 dari 2 pegawai aktif"
    qtbot.mouseClick(page.show_inactive, Qt.MouseButton.LeftButton)
    assert "Agus Wijaya" in visible_names(page)
    row = [r for r in range(page.proxy.rowCount()) if page.proxy.index(r, NAME).data() == "Agus Wijaya"][0]
    assert page.proxy.index(row, 7).data() == "PPPK · nonaktif"
    # reactivate from the same button, after a confirmation
    page.select_employee(office.agus.id)
    assert page.deactivate_button.text() == "Aktifkan &kembali"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.deactivate_button.click()
    assert emp.get_employee(office.agus.id).active


def test_deactivate_dialog_names_the_employee_and_subordinates(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_employee(office.budi.id)
    page.deactivate_button.click()
    dialog = wait_for_dialog(qtbot, DeactivateDialog)
    question = label_text(dialog, "questionLabel")
    assert "dr. Budi Santoso" in question
    assert "1 pegawai masih menjadikan dia pejabat penilai" in question
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert find_dialog(type(dialog)) is None
    assert emp.get_employee(office.budi.id).active


def test_add_unit_under_selected_unit_and_refusal_shown(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_unit(office.dinkes.id)
    page.add_unit_button.click()
    dialog = wait_for_dialog(qtbot, UnitDialog)
    assert dialog.parent_combo.currentData() == office.dinkes.id
    select_combo_text(dialog.kind, "Kelurahan")  # a kelurahan belongs under a kecamatan
    qtbot.keyClicks(dialog.code, "dinkes.kel")
    qtbot.keyClicks(dialog.name, "Kelurahan Salah Tempat")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "tidak dapat berada di bawah" in label_text(dialog, "parentError")
    assert len(unitsvc.list_units()) == 4
    select_combo_text(dialog.kind, "Bidang")
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "dinkes.yankes")
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Bidang Pelayanan Kesehatan")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    created = [u for u in unitsvc.list_units() if u.code == "DINKES.YANKES"]
    assert created and created[0].parent_id == office.dinkes.id
    qtbot.waitUntil(lambda: page.selected_unit_id() == created[0].id)


def test_empty_database_shows_what_to_do_first(qtbot, db, window):
    page = open_page(qtbot, window, "pegawai")
    assert page.unit_empty.isVisible()
    assert not page.add_button.isEnabled()
    assert "Belum ada unit organisasi" in page.empty_label.text()


def test_models_pass_qt_model_tester(qtmodeltester, office):
    model = EmployeeTableModel()
    model.set_rows(emp.list_employees())
    qtmodeltester.check(model)
    proxy = EmployeeFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    # the tester stays attached: every filter change, sort and reload below is checked too
    proxy.set_filter(text="a", include_inactive=True)
    assert proxy.rowCount() == 3  # Agus, Budi Santoso, Siti Rahmawati all have an "a"
    proxy.set_filter(text="siti")
    assert proxy.rowCount() == 1
    proxy.set_filter(text="", units=frozenset({office.kecamatan.id}))
    assert [proxy.index(r, NAME).data() for r in range(proxy.rowCount())] == ["Agus Wijaya"]
    proxy.set_filter(units=None)
    proxy.sort(NIP, Qt.SortOrder.DescendingOrder)
    nips = [proxy.index(r, NIP).data() for r in range(proxy.rowCount())]
    assert nips == sorted(nips, reverse=True)
    model.set_rows(emp.list_employees())
    assert proxy.rowCount() == 3


def test_model_sort_keeps_selection_on_the_same_person(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_employee(office.agus.id)
    page.table.sortByColumn(NIP, Qt.SortOrder.DescendingOrder)
    assert page.selected_id() == office.agus.id
    page.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    assert page.selected_id() == office.agus.id


def test_deactivate_unit_says_why_it_cannot_or_asks_first(qtbot, office, window, prompts):
    page = open_page(qtbot, window, "pegawai")
    page.select_unit(office.p2p.id)  # Siti still works here
    qtbot.mouseClick(page.deactivate_unit_button, Qt.MouseButton.LeftButton)
    kinds = [k for k, _t, _m in prompts.shown]
    assert kinds == ["error"]  # told at once why not, without being asked to confirm first
    assert "masih memiliki 1 pegawai aktif; pindahkan pegawai tersebut" in prompts.shown[-1][2]
    assert [u.id for u in unitsvc.list_units()].count(office.p2p.id) == 1
    # a unit nobody works in can go, after the confirmation; answering no leaves it
    empty = unitsvc.create_unit(unitsvc.UnitInput("DINKES.KOSONG", "Bidang Kosong", "bidang", office.dinkes.id))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.hub.announce("units")
    page.select_unit(empty.id)
    prompts.answer = False
    page.deactivate_unit_button.click()
    assert empty.id in [u.id for u in unitsvc.list_units()]
    prompts.answer = True
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.deactivate_unit_button.click()
    assert empty.id not in [u.id for u in unitsvc.list_units()]
    assert page.selected_unit_id() in (-1, None)  # the list falls back to all units


def test_tab_leaves_the_table_instead_of_walking_its_cells(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_employee(office.budi.id)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not page.table.hasFocus())
    assert page.unit_tree.hasFocus()  # the next stop in the tab order: list first, then the unit tree


def test_a_stale_edit_from_another_window_is_refused_with_a_message(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_employee(office.siti.id)
    page.edit_button.click()
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    # meanwhile another window changes her jabatan and saves
    other = emp.get_employee(office.siti.id).data
    emp.update_employee(office.siti.id, dataclasses.replace(other, position_title="Kepala Seksi Surveilans",
                                                             position_kind="struktural", jenjang="Pengawas"))
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Siti Rahmawati Putri")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "sudah diubah di jendela atau komputer lain" in label_text(dialog, "formError")
    assert emp.get_employee(office.siti.id).data.position_title == "Kepala Seksi Surveilans"
    assert emp.get_employee(office.siti.id).data.name == "Siti Rahmawati"
    dialog.reject()
    # F5 shows what the other window did
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.table, Qt.Key.Key_F5)
    row = page.model.row_at(page.model.row_of_id(office.siti.id))
    assert row.position_title == "Kepala Seksi Surveilans"


def test_deactivate_dialog_shows_names_as_text_and_refuses_future_dates(qtbot, office, window):
    emp.update_employee(office.agus.id, dataclasses.replace(emp.get_employee(office.agus.id).data,
                                                            name="Agus <i>Wijaya</i>"))
    page = open_page(qtbot, window, "pegawai")
    page.select_employee(office.agus.id)
    page.deactivate_button.click()
    dialog = wait_for_dialog(qtbot, DeactivateDialog)
    assert "Agus &lt;i&gt;Wijaya&lt;/i&gt;" in label_text(dialog, "questionLabel")
    assert dialog.date.maximumDate() == QDate.currentDate()
    dialog.reject()


def test_new_employee_must_choose_a_position_kind(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.add_button.click()
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    assert dialog.kind.currentText() == "— pilih —"
    assert not dialog.jenjang.isEnabled()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "Pilih jenis jabatan" in label_text(dialog, "positionKindError")
    dialog.reject()


def test_unit_choices_show_the_path_so_same_names_are_told_apart(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.add_button.click()
    dialog = wait_for_dialog(qtbot, EmployeeDialog)
    labels = [dialog.unit.itemText(i) for i in range(dialog.unit.count())]
    assert "Dinas Kesehatan › Bidang P2P" in labels
    assert "Pemerintah Kabupaten Sukamaju" in labels
    assert all(not label.startswith(" ") for label in labels)  # type-ahead by the first letters works
    dialog.reject()


def test_saving_an_employee_keeps_the_unit_tree_as_the_user_left_it(qtbot, office, window):
    page = open_page(qtbot, window, "pegawai")
    page.select_unit(office.dinkes.id)
    dinkes = QPersistentModelIndex(page.unit_tree.currentIndex())
    page.unit_tree.expand(dinkes)  # the user opened Dinas Kesehatan to see its bidang
    page.select_unit(None)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        emp.set_supervisor(office.agus.id, office.budi.id)
        window.hub.announce("employees")
    assert dinkes.isValid() and page.unit_tree.isExpanded(dinkes)
    assert page.selected_unit_id() == -1  # still "Semua unit"
