"""The Penilaian page driven as a person would: score a team from the grid with the keyboard only, undo,
finalise and see the distribution warning, fill the form, attach a bukti, peers and the public, unlock,
file and decide a keberatan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton

from asn_desktop.gui import penilaian as penilaian_module
from asn_desktop.gui.penilaian import ObjectionDialog, PeerDialog, TeamModel
from asn_desktop.services import appraisals as ap
from asn_desktop.services.appraisals import OPERATOR, OrgPredikat, Predikat, Rating
from tests.unit.helpers import employee, office, sql
from tests.unit.test_workplans import approved, good_plan, me, rhk_ids

from .conftest import find_dialog, open_page

YEAR = dt.date.today().year
HASIL, PERILAKU = TeamModel.HASIL, TeamModel.PERILAKU


@dataclass
class Team:
    units: dict[str, int]
    kadis: int
    kabid: int
    staff: dict[str, int]


@pytest.fixture
def team(db) -> Team:
    """Dinas Kesehatan: the kepala dinas (atasan), the kabid (pejabat penilai) and three staff with approved SKPs."""
    u = office()
    kadis = employee(u["dinkes"], 2, name="Siti Aminah", front_title="dr.", position_title="Kepala Dinas Kesehatan",
                     position_kind="struktural", jenjang="JPT Pratama", golongan="IV/c")
    kabid = employee(u["bidang"], 3, name="Bambang Priyono", position_title="Kepala Bidang P2P",
                     position_kind="struktural", jenjang="Administrator", golongan="IV/a", supervisor_id=kadis.id)
    staff = {}
    for serial, name in ((4, "Rina Wulandari"), (5, "Dewi Lestari"), (6, "Eko Prasetyo")):
        staff[name.split()[0]] = employee(u["seksi"], serial, name=name, position_title="Epidemiolog Ahli Pertama",
                                          golongan="III/a", supervisor_id=kabid.id).id
    kadis_skp = approved(kadis.id, good_plan(prefix="Kadis: "), OPERATOR, year=YEAR)
    kabid_skp = approved(kabid.id, good_plan(rhk_ids(kadis_skp)[0], prefix="Kabid: "), me(kadis.id), year=YEAR)
    for name, emp_id in staff.items():
        approved(emp_id, good_plan(rhk_ids(kabid_skp)[0], prefix=f"{name}: "), me(kabid.id), year=YEAR)
    return Team(u, kadis.id, kabid.id, staff)


def open_grid(qtbot, window, team):
    page = open_page(qtbot, window, "penilaian")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    if page.penilai.currentData() != team.kabid:
        choose_penilai(qtbot, page, "priyono")
    assert page.penilai.currentData() == team.kabid
    return page


def choose_penilai(qtbot, page, text):
    """Type part of the name (any part, any case), pick the first match from the list with ↓ and Enter."""
    page.penilai.setFocus()
    edit = page.penilai.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    popup = page.penilai.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    with qtbot.waitSignal(page.team_shown, timeout=5000):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)


def stored(team, name):
    row = next(r for r in ap.team(team.kabid, ap.periods(YEAR)[-1].id) if r.name.startswith(name))
    return row.rating_hasil, row.rating_perilaku


def key(qtbot, widget, k, mods=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, k, mods)


def test_score_a_team_from_the_grid_with_the_keyboard_only(qtbot, team, window):
    page = open_grid(qtbot, window, team)
    assert [r.name for r in page.model.rows] == ["Dewi Lestari", "Eko Prasetyo", "Rina Wulandari"]
    assert page.current_period().annual  # the annual evaluation is chosen first
    grid = page.grid
    grid.setFocus()
    assert grid.currentIndex().column() == HASIL and grid.currentIndex().row() == 0
    key(qtbot, grid, Qt.Key.Key_A)  # Dewi: hasil Di Atas — saved at once
    assert stored(team, "Dewi") == (Rating.DI_ATAS, None)
    assert "Dewi Lestari: rating hasil kerja Di Atas Ekspektasi" in page.saved_label.text()
    key(qtbot, grid, Qt.Key.Key_Right)
    key(qtbot, grid, Qt.Key.Key_A)  # perilaku Di Atas
    key(qtbot, grid, Qt.Key.Key_Return)  # down to Eko, same column
    key(qtbot, grid, Qt.Key.Key_S)
    key(qtbot, grid, Qt.Key.Key_Left)
    key(qtbot, grid, Qt.Key.Key_B)  # Eko: hasil Di Bawah, perilaku Sesuai
    key(qtbot, grid, Qt.Key.Key_Down)
    key(qtbot, grid, Qt.Key.Key_2)  # digits work too: Rina hasil Sesuai
    key(qtbot, grid, Qt.Key.Key_Right)
    key(qtbot, grid, Qt.Key.Key_S)
    assert stored(team, "Dewi") == (Rating.DI_ATAS, Rating.DI_ATAS)
    assert stored(team, "Eko") == (Rating.DI_BAWAH, Rating.SESUAI)
    assert stored(team, "Rina") == (Rating.SESUAI, Rating.SESUAI)
    predikat = [page.model.index(r, TeamModel.PREDIKAT).data() for r in range(3)]
    assert predikat == ["Sangat Baik", "Butuh Perbaikan", "Baik"]
    # a slip: Delete clears, Ctrl+Z brings it back, and the database follows each step
    key(qtbot, grid, Qt.Key.Key_Delete)
    assert stored(team, "Rina") == (Rating.SESUAI, None)
    assert page.model.index(2, TeamModel.PREDIKAT).data() == "—"
    key(qtbot, grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(team, "Rina") == (Rating.SESUAI, Rating.SESUAI)
    key(qtbot, grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # and the change before it
    assert stored(team, "Rina") == (Rating.SESUAI, None)
    assert page.model.index(2, PERILAKU).data() == "—"
    key(qtbot, grid, Qt.Key.Key_S)
    assert page.model.index(2, TeamModel.STATUS).data() == "Draf · lengkap"


def test_finalise_from_the_grid_warns_about_the_distribution_and_locks(qtbot, team, window, prompts):
    ap.set_org_predikat(team.units["dinkes"], YEAR, OrgPredikat.BAIK, OPERATOR)
    page = open_grid(qtbot, window, team)
    grid = page.grid
    grid.setFocus()
    key(qtbot, grid, Qt.Key.Key_S)
    key(qtbot, grid, Qt.Key.Key_Right)
    key(qtbot, grid, Qt.Key.Key_S)  # Dewi: Baik
    prompts.answer = False
    key(qtbot, grid, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("confirm", "Finalkan penilaian")
    assert "predikat Baik" in text and "Peringatan distribusi Dinas Kesehatan" in text
    assert "harus ada pegawai berpredikat Butuh Perbaikan dan/atau Kurang/Misconduct" in text
    assert page.model.rows[0].final is False  # declined: nothing changed
    prompts.answer = True
    with qtbot.waitSignal(page.team_shown, timeout=5000):
        key(qtbot, grid, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert page.model.index(0, TeamModel.STATUS).data() == "Final"
    assert sql("SELECT status, predikat FROM evaluation") == [("final", "baik")]
    grid.setCurrentIndex(page.model.index(0, HASIL))
    key(qtbot, grid, Qt.Key.Key_A)  # locked: refused with a message, nothing stored
    assert prompts.shown[-1][1] == "Penilaian terkunci"
    assert stored(team, "Dewi") == (Rating.SESUAI, Rating.SESUAI)


def test_the_form_opens_with_one_key_and_each_side_fills_its_part(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(2, HASIL))  # Rina
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_F2)
    assert page.tabs.currentIndex() == 1
    assert "Rina Wulandari" in page.form_header.text()
    assert page.actor.currentText().endswith("(pejabat penilai)")
    table = page.indicators
    assert table.item(0, 1).text() == "12 dokumen" and "Rina: Hasil kerja utama 1" in table.item(0, 0).text()
    # the penilai may not type the realisasi; the employee may
    assert not (table.item(0, 3).flags() & Qt.ItemFlag.ItemIsEditable)
    page.actor.setCurrentIndex(page.actor.findText("Rina Wulandari (pegawai)"))
    assert table.item(0, 3).flags() & Qt.ItemFlag.ItemIsEditable
    assert not page.hasil.isEnabled()
    edit_cell(qtbot, table, 0, 3, "9")
    edit_cell(qtbot, table, 0, 4, "Laporan surveilans")
    page.self_edit.setFocus()
    qtbot.keyClicks(page.self_edit, "Sebagian target tercapai")
    assert page.has_unsaved_changes()
    key(qtbot, page.self_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.has_unsaved_changes() and page.message.text().startswith("Tersimpan")
    view = ap.get_evaluation(page._view.id)
    assert (view.indicators[0].realisasi_value, view.indicators[0].bukti) == (9, "Laporan surveilans")
    assert view.self_assessment == "Sebagian target tercapai"
    # text in a number column: a clear message, nothing stored
    edit_cell(qtbot, table, 0, 3, "sembilan")
    assert not page.save_form()
    assert "harus angka" in page.message.text()
    assert ap.get_evaluation(view.id).indicators[0].realisasi_value == 9
    edit_cell(qtbot, table, 0, 3, "9")
    # the penilai scores in the form; the predikat and its reason follow as the ratings change
    page.actor.setCurrentIndex(page.actor.findText("Bambang Priyono (pejabat penilai)"))
    assert page.hasil.isEnabled()
    page.hasil.setFocus()
    qtbot.keyClicks(page.hasil, "S")
    page.perilaku.setFocus()
    qtbot.keyClicks(page.perilaku, "Di A")
    assert page.predikat_value.text() == "Baik"
    assert "menghasilkan predikat Baik" in page.explanation.text()
    assert page.angka_kredit.text() == "Angka kredit Ahli Pertama: 12,500 (100% × koefisien Ahli Pertama 12,5)"
    edit_cell(qtbot, table, 0, 5, "Percepat laporan puskesmas")
    assert page.save_form()
    view = ap.get_evaluation(view.id)
    assert (view.rating_hasil, view.rating_perilaku) == (Rating.SESUAI, Rating.DI_ATAS)
    assert view.indicators[0].umpan_balik == "Percepat laporan puskesmas"
    qtbot.mouseClick(page.buttons["finalise"], Qt.MouseButton.LeftButton)
    assert ap.get_evaluation(view.id).final and "terkunci" in page.form_status.text()
    assert not page.buttons["save"].isEnabled() and not page.hasil.isEnabled()
    assert page.buttons["back"].hasFocus()
    key(qtbot, page.buttons["back"], Qt.Key.Key_Escape)  # back to the grid, which shows it final
    assert page.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: page.model.index(2, TeamModel.STATUS).data() == "Final", timeout=5000)


def test_the_evaluation_goes_to_excel_with_what_was_typed_saved_first(qtbot, team, window, prompts, tmp_path):
    from openpyxl import load_workbook

    from asn_desktop.gui.export import ExportDialog

    page = open_grid(qtbot, window, team)
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(2, HASIL))  # Rina
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_F2)
    qtbot.mouseClick(page.buttons["excel"], Qt.MouseButton.LeftButton)  # nothing stored yet and nothing typed
    assert page.message.text() == "Evaluasi ini belum tersimpan; isi dan simpan dahulu."
    assert find_dialog(ExportDialog) is None
    page.catatan.setFocus()
    qtbot.keyClicks(page.catatan, "Tingkatkan ketepatan laporan")
    assert page.has_unsaved_changes()
    qtbot.mouseClick(page.buttons["excel"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find_dialog(ExportDialog) is not None, timeout=5000)
    dialog = find_dialog(ExportDialog)
    assert dialog.chosen().key == "evaluasi" and dialog.period.currentText() == f"Tahunan {YEAR}"
    assert not page.has_unsaved_changes() and ap.get_evaluation(page._view.id).catatan == "Tingkatkan ketepatan laporan"
    out = tmp_path / "rina.xlsx"
    prompts.files = [str(out)]
    qtbot.keyClick(dialog.period, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(prompts.shown) and prompts.shown[-1][0] == "info", timeout=10_000)
    values = [c.value for r in load_workbook(out)["Evaluasi"].iter_rows() for c in r if c.value]
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in values and "Tingkatkan ketepatan laporan" in values
    assert "Rina Wulandari" in values and "DRAF — evaluasi belum final" in values


def edit_cell(qtbot, table, row, column, text):
    table.setFocus()
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editor = next(w for w in table.findChildren(QLineEdit) if w.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)


def test_unlocking_asks_for_a_reason_and_only_the_atasan_or_operator_may(qtbot, team, window, prompts):
    period = ap.periods(YEAR)[-1]
    row = ap.set_rating(team.staff["Rina"], period.id, me(team.kabid), hasil=Rating.SESUAI, perilaku=Rating.SESUAI)
    ap.finalise(row.evaluation_id, me(team.kabid))
    page = open_grid(qtbot, window, team)
    page.grid.setCurrentIndex(page.model.index(2, HASIL))
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        page.open_current_form()
    assert not page.buttons["unlock"].isEnabled()  # the penilai may not unlock
    page.actor.setCurrentIndex(page.actor.findText("dr. Siti Aminah (atasan pejabat penilai)"))
    assert page.buttons["unlock"].isEnabled()
    prompts.texts = ["Rating perilaku salah ketik"]
    qtbot.mouseClick(page.buttons["unlock"], Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == "ask"
    assert "Status: Draf" == page.form_status.text()
    assert page.history.item(page.history.rowCount() - 1, 3).text() == "Rating perilaku salah ketik"
    assert sql("SELECT status FROM evaluation") == [("draf",)]


def test_file_and_decide_an_objection(qtbot, team, window, prompts):
    period = ap.periods(YEAR)[-1]
    row = ap.set_rating(team.staff["Eko"], period.id, me(team.kabid), hasil=Rating.DI_BAWAH, perilaku=Rating.SESUAI)
    ap.finalise(row.evaluation_id, me(team.kabid))
    page = open_grid(qtbot, window, team)
    page.grid.setCurrentIndex(page.model.index(1, HASIL))
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        page.open_current_form()
    assert "masih dapat mengajukan keberatan" in page.objection_label.text()
    page.actor.setCurrentIndex(page.actor.findText("Eko Prasetyo (pegawai)"))
    prompts.texts = ["Bukti triwulan IV belum dipertimbangkan"]
    qtbot.mouseClick(page.buttons["object"], Qt.MouseButton.LeftButton)
    assert "Menunggu putusan" in page.objection_label.text()
    assert page.tabs.tabText(3) == "Keberatan (1)"
    # the atasan finds it in the Keberatan tab and opens the form from there
    page.tabs.setCurrentIndex(3)
    page.objection_table.setFocus()
    page.objection_table.setCurrentCell(0, 0)
    assert page.objection_table.item(0, 0).text() == "Eko Prasetyo"
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        qtbot.mouseClick(page.objection_open, Qt.MouseButton.LeftButton)
    assert page.actor.currentText().endswith("(atasan pejabat penilai)")
    assert page.buttons["decide"].isEnabled()
    qtbot.mouseClick(page.buttons["decide"], Qt.MouseButton.LeftButton)
    dialog = find_dialog(ObjectionDialog)
    assert dialog is not None
    qtbot.mouseClick(dialog.accept_radio, Qt.MouseButton.LeftButton)
    dialog.new.setFocus()
    qtbot.keyClicks(dialog.new, "Baik")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # no reason yet: refused, stays open
    assert dialog.isVisible() and "pertimbangan" in dialog.form.findChild(type(page.message), "reasonError").text()
    qtbot.keyClicks(dialog.reason, "Bukti triwulan IV sah")
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "Diterima" in page.objection_label.text() and page.predikat_value.text() == "Baik"
    assert sql("SELECT predikat, final_predikat FROM evaluation") == [("butuh_perbaikan", "baik")]
    assert sql("SELECT status, new_predikat FROM objection") == [("diterima", "baik")]
    assert page.tabs.tabText(3) == "Keberatan"


def test_the_objection_window_is_set_in_days(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.tabs.setCurrentIndex(3)
    assert page.objection_days.value() == 14
    page.objection_days.setFocus()
    page.objection_days.selectAll()
    qtbot.keyClicks(page.objection_days, "21")
    key(qtbot, page.objection_days, Qt.Key.Key_Return)
    assert ap.objection_days() == 21
    assert sql("SELECT value FROM setting WHERE key = 'evaluation.objection_days'") == [("21",)]


def test_distribution_tab_sets_the_rule_and_draws_the_chart(qtbot, team, window, prompts):
    period = ap.periods(YEAR)[-1]
    for name in ("Dewi", "Eko", "Rina"):
        row = ap.set_rating(team.staff[name], period.id, me(team.kabid), hasil=Rating.SESUAI, perilaku=Rating.SESUAI)
        ap.finalise(row.evaluation_id, me(team.kabid))
    page = open_grid(qtbot, window, team)
    page.tabs.setCurrentIndex(2)
    page.dist_unit.setCurrentIndex(page.dist_unit.findData(team.units["dinkes"]))
    assert "Tetapkan predikat kinerja organisasi" in page.dist_rule.text()
    assert page.dist_table.item(1, 1).text() == "3" and page.dist_table.item(1, 2).text() == "100%"
    page.org_predikat.setFocus()
    qtbot.keyClicks(page.org_predikat, "Baik")
    page.org_predikat.activated.emit(page.org_predikat.currentIndex())  # offscreen: a key choice emits it too
    assert sql("SELECT predikat FROM org_predikat") == [("baik",)]
    assert "paling banyak 70% pegawai berpredikat Baik; saat ini 100%" in page.dist_violations.text()
    bars = dict((label, (n, bad)) for label, n, _pct, bad in page.chart.bars())
    assert bars["Baik"] == (3, True) and bars["Sangat Baik"] == (0, False)
    assert page.warnings.item(0).text().startswith("Dinas Kesehatan (Baik):")
    assert ap.get_evaluation(row.evaluation_id).final_predikat is Predikat.BAIK  # it warns, it changes nothing


def test_attach_open_and_remove_a_bukti(qtbot, team, window, prompts, tmp_path, monkeypatch):
    pdf = tmp_path / "laporan triwulan.pdf"
    pdf.write_bytes(b"%PDF-1.4\nisi\n")
    opened: list[Path] = []
    monkeypatch.setattr(penilaian_module, "choose_attachment", lambda parent: pdf)
    monkeypatch.setattr(penilaian_module, "open_with_system_viewer", lambda path: opened.append(path) or True)
    page = open_grid(qtbot, window, team)
    page.grid.setCurrentIndex(page.model.index(0, HASIL))
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        page.open_current_form()
    page.actor.setCurrentIndex(page.actor.findText("Dewi Lestari (pegawai)"))
    page.indicators.setCurrentCell(1, 3)
    qtbot.mouseClick(page.buttons["attach"], Qt.MouseButton.LeftButton)
    assert page.attachments.count() == 1 and page.attachments.item(0).text().startswith("laporan triwulan.pdf")
    assert "Ketepatan waktu 1" in page.attachments.item(0).text()  # the IKI it belongs to
    page.attachments.setCurrentRow(0)
    qtbot.mouseClick(page.buttons["openAttachment"], Qt.MouseButton.LeftButton)
    assert opened and opened[0].read_bytes() == b"%PDF-1.4\nisi\n" and opened[0].name == "laporan triwulan.pdf"
    qtbot.mouseClick(page.buttons["removeAttachment"], Qt.MouseButton.LeftButton)
    assert sql("SELECT count(*) FROM evaluation_attachment") == [(0,)]
    assert page.attachments.item(0).text().startswith("Belum ada lampiran")  # the empty list says so
    bad = tmp_path / "catatan.txt"
    bad.write_text("bukan pdf")
    monkeypatch.setattr(penilaian_module, "choose_attachment", lambda parent: bad)
    qtbot.mouseClick(page.buttons["attach"], Qt.MouseButton.LeftButton)
    assert "bukan PDF, PNG, atau JPEG" in page.message.text()


def test_peer_view_and_public_feedback_appear_beside_the_core_values(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.grid.setCurrentIndex(page.model.index(2, HASIL))  # Rina
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        page.open_current_form()
    assert not page.buttons["peer"].isEnabled()  # the penilai does not write the peers' view
    page.actor.setCurrentIndex(page.actor.findText("Operator kepegawaian"))  # the operator records it
    qtbot.mouseClick(page.buttons["peer"], Qt.MouseButton.LeftButton)
    dialog = find_dialog(PeerDialog)
    assert dialog is not None
    assert dialog.peer.itemText(0).startswith("Dewi Lestari")  # same penilai first
    dialog.ratings[3].setCurrentIndex(dialog.ratings[3].findData(Rating.DI_ATAS))  # harmonis
    dialog.table.item(3, 2).setText("Selalu membantu rekan")
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert page.behaviours.item(3, 3).text() == "Dewi Lestari: Di Atas Ekspektasi — Selalu membantu rekan"
    # public feedback for the dinas, recorded in its tab, shows in the form
    page.tabs.setCurrentIndex(4)
    page.about.setCurrentIndex(page.about.findText("Dinas Kesehatan", Qt.MatchFlag.MatchContains))
    page.score.setValue(82.5)
    page.responses.setValue(120)
    page.note.setFocus()
    qtbot.keyClicks(page.note, "IKM")
    qtbot.mouseClick(page.add_public, Qt.MouseButton.LeftButton)
    assert page.public_table.rowCount() == 1 and page.public_table.item(0, 2).text() == "82,5"
    assert "Dinas Kesehatan: indeks kepuasan 82,5, 120 responden" in page.feedback_label.text()


def test_cadence_changes_until_the_year_has_periodic_evaluations(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    assert page.period.count() == 5
    page.cadence.setCurrentIndex(page.cadence.findData("semester"))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.cadence.activated.emit(page.cadence.currentIndex())
    assert [page.period.itemText(i) for i in range(page.period.count())] == [
        f"Semester I {YEAR}", f"Semester II {YEAR}", f"Tahunan {YEAR}"]
    page.period.setCurrentIndex(0)
    with qtbot.waitSignal(page.team_shown, timeout=5000):
        pass
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(0, HASIL))
    key(qtbot, page.grid, Qt.Key.Key_S)
    page.cadence.setCurrentIndex(page.cadence.findData("bulanan"))
    page.cadence.activated.emit(page.cadence.currentIndex())
    assert prompts.shown[-1][1] == "Periode evaluasi tidak diubah"
    assert page.cadence.currentData() == "semester"


def test_screenshot_free_texts_are_plain(qtbot, team, window):
    """Names are data: a name with markup shows as typed in the form header."""
    page = open_grid(qtbot, window, team)
    page.grid.setCurrentIndex(page.model.index(0, HASIL))
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        page.open_current_form()
    assert "<b>Dewi Lestari</b>" in page.form_header.text()
    assert isinstance(page.self_edit, QPlainTextEdit)
    assert QApplication.focusWidget() is not None


def test_beranda_warns_about_a_broken_distribution_and_leads_to_it(qtbot, team, window):
    period = ap.periods(YEAR)[-1]
    for name in ("Dewi", "Eko"):
        row = ap.set_rating(team.staff[name], period.id, me(team.kabid), hasil=Rating.DI_ATAS, perilaku=Rating.DI_ATAS)
        ap.finalise(row.evaluation_id, me(team.kabid))
    ap.set_org_predikat(team.units["dinkes"], YEAR, OrgPredikat.ISTIMEWA, OPERATOR)
    beranda = open_page(qtbot, window, "beranda")
    assert beranda.distribution_box.isVisible()
    assert beranda.distribution_label.text() == (
        "Dinas Kesehatan (Istimewa): Paling banyak 70% pegawai berpredikat Sangat Baik; saat ini 100%.")
    qtbot.mouseClick(beranda.form.findChild(QPushButton, "distributionButton"), Qt.MouseButton.LeftButton)
    page = window.page("penilaian")
    qtbot.waitUntil(lambda: page.dist_unit.currentData() == team.units["dinkes"], timeout=5000)
    assert window.current_page_key() == "penilaian" and page.tabs.currentIndex() == 2
    assert "paling banyak 70% pegawai berpredikat Sangat Baik; saat ini 100%" in page.dist_violations.text()


def test_the_operator_scores_the_head_whose_penilai_is_outside_the_database(qtbot, team, window):
    page = open_grid(qtbot, window, team)
    choose_penilai(qtbot, page, "operator")
    assert page.penilai.currentText().startswith("Operator kepegawaian")
    assert [r.name for r in page.model.rows] == ["dr. Siti Aminah"]
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(0, HASIL))
    key(qtbot, page.grid, Qt.Key.Key_A)
    assert sql("SELECT rating_hasil FROM evaluation") == [("di_atas",)]
    choose_penilai(qtbot, page, "priyono")  # any part of the name, without its titles
    assert page.penilai.currentData() == team.kabid and page.model.rowCount() == 3


def dump():
    from tests.unit.helpers import dump_db

    return dump_db()


def test_looking_at_a_form_writes_nothing_and_leaving_it_keeps_what_was_typed(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(2, HASIL))  # Rina, not scored yet
    before = dump()
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_F2)
    key(qtbot, page.buttons["back"], Qt.Key.Key_Escape)
    assert dump() == before  # F2 and Esc on "Belum dinilai": nothing stored
    assert page.model.index(2, TeamModel.STATUS).data() == "Belum dinilai"
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_F2)
    page.catatan.setFocus()
    qtbot.keyClicks(page.catatan, "Tingkatkan ketepatan waktu")
    key(qtbot, page.catatan, Qt.Key.Key_Escape)  # leaving the form saves it: nothing typed is lost
    assert page.tabs.currentIndex() == 0 and not page.has_unsaved_changes()
    assert sql("SELECT catatan FROM evaluation") == [("Tingkatkan ketepatan waktu",)]
    # the grid then changes the same evaluation, and the form follows without a conflict
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(2, HASIL))
    key(qtbot, page.grid, Qt.Key.Key_S)
    with qtbot.waitSignal(page.form_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_F2)
    assert page.hasil.currentData() is Rating.SESUAI
    page.catatan.setFocus()
    key(qtbot, page.catatan, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.catatan, ".")
    assert page.save_form() and "Tersimpan" in page.message.text()
    # changing the period with changes typed keeps them too
    qtbot.keyClicks(page.catatan, " Lagi")
    page.period.setCurrentIndex(0)
    assert sql("SELECT catatan FROM evaluation") == [("Tingkatkan ketepatan waktu. Lagi",)]
    assert page.current_period().number == 1 and not page.current_period().annual


def test_undo_does_not_overwrite_a_change_made_elsewhere(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.grid.setFocus()
    key(qtbot, page.grid, Qt.Key.Key_A)  # Dewi: Di Atas, from this window
    period = ap.periods(YEAR)[-1]
    row = next(r for r in ap.team(team.kabid, period.id) if r.name == "Dewi Lestari")
    ap.set_rating(team.staff["Dewi"], period.id, me(team.kabid), hasil=Rating.SESUAI,
                  expected_version=row.lock_version)  # another window changes it to Sesuai
    key(qtbot, page.grid, Qt.Key.Key_Right)
    with qtbot.waitSignal(page.team_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_S)  # refused (stale): the grid reloads with Sesuai
    assert page.model.rows[0].rating_hasil is Rating.SESUAI
    key(qtbot, page.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert prompts.shown[-1][1] == "Tidak diurungkan" and "Sesuai Ekspektasi" in prompts.shown[-1][2]
    assert stored(team, "Dewi") == (Rating.SESUAI, None)


def test_a_stale_grid_cell_says_so_and_shows_the_latest(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.grid.setFocus()
    key(qtbot, page.grid, Qt.Key.Key_S)
    period = ap.periods(YEAR)[-1]
    row = next(r for r in ap.team(team.kabid, period.id) if r.name == "Dewi Lestari")
    ap.set_rating(team.staff["Dewi"], period.id, me(team.kabid), hasil=Rating.DI_ATAS, expected_version=row.lock_version)
    before = dump()
    with qtbot.waitSignal(page.team_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_B)
    assert dump() == before
    assert prompts.shown[-1][1] == "Rating tidak disimpan" and "Dewi Lestari baru saja diubah" in prompts.shown[-1][2]
    assert page.model.index(0, HASIL).data() == "Di Atas Ekspektasi"


def test_finalising_takes_the_row_out_of_undo_and_letters_elsewhere_do_nothing(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.grid.setFocus()
    key(qtbot, page.grid, Qt.Key.Key_S)
    key(qtbot, page.grid, Qt.Key.Key_Right)
    key(qtbot, page.grid, Qt.Key.Key_S)  # Dewi complete
    key(qtbot, page.grid, Qt.Key.Key_Down)
    key(qtbot, page.grid, Qt.Key.Key_A)  # Eko perilaku
    page.grid.setCurrentIndex(page.model.index(0, HASIL))
    with qtbot.waitSignal(page.team_shown, timeout=5000):
        key(qtbot, page.grid, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, page.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Eko's step, not Dewi's locked one
    assert stored(team, "Eko") == (None, None)
    assert not page.undo_button.isEnabled()
    page.grid.setCurrentIndex(page.model.index(1, TeamModel.NAME))
    before = dump()
    key(qtbot, page.grid, Qt.Key.Key_S)  # a rating letter in the name column: a hint, no jump, no save
    assert page.grid.currentIndex().row() == 1 and dump() == before
    assert "kolom Hasil kerja" in page.saved_label.text()


def test_office_settings_are_asked_before_they_change(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    before = dump()
    prompts.answer = False
    page.cadence.setCurrentIndex(page.cadence.findData("bulanan"))
    page.cadence.activated.emit(page.cadence.currentIndex())
    assert prompts.shown[-1][1] == "Ubah periode evaluasi kantor" and page.cadence.currentData() == "triwulan"
    page.tabs.setCurrentIndex(2)
    page.dist_unit.setCurrentIndex(page.dist_unit.findData(team.units["dinkes"]))
    page.org_predikat.setCurrentIndex(page.org_predikat.findData(OrgPredikat.BAIK))
    page.org_predikat.activated.emit(page.org_predikat.currentIndex())
    assert prompts.shown[-1][1] == "Predikat kinerja organisasi" and page.org_predikat.currentData() is None
    assert dump() == before


def test_public_feedback_needs_a_value_typed(qtbot, team, window, prompts):
    page = open_grid(qtbot, window, team)
    page.tabs.setCurrentIndex(4)
    assert page.score.text() == "—" and not page.about.currentText().startswith("Pegawai")
    before = dump()
    qtbot.mouseClick(page.add_public, Qt.MouseButton.LeftButton)
    assert "Isi nilainya" in page.public_message.text() and dump() == before
