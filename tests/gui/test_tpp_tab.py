"""The TPP tab driven as a person would: compute a month for a unit and read a line and its explanation, see a
running sanction's cut, type attendance in the grid and save it with Ctrl+S, lock the month, be refused bad
attendance with the person named, and change the rules in the dialog."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from asn_desktop.gui.changes import CONSEQUENCES, ChangeHub
from asn_desktop.gui.ops import Background
from asn_desktop.gui.tpp import MONTHS, TppRulesDialog, TppTab, parse_minutes, whole
from asn_desktop.services import consequences as cs
from asn_desktop.services import tpp
from tests.unit.helpers import employee, office, unchanged

from .conftest import find_dialog

TODAY = dt.date.today()
YEAR, MONTH = TODAY.year, TODAY.month
CTRL = Qt.KeyboardModifier.ControlModifier
NAME, NIP, PREDIKAT, PAGU, PERF, DISC, DISC_CUT, SANCTION_CUT, NET = range(9)


@pytest.fixture
def people(db):
    """Four Ahli Pertama (pagu Rp 4.500.000, no predikat yet: 100%) below the Dinas Kesehatan, one elsewhere."""
    u = office()
    return {
        "units": u,
        "rina": employee(u["seksi"], 11, name="Rina Wulandari").id,
        "dewi": employee(u["seksi"], 12, name="Dewi Lestari").id,
        "eko": employee(u["bidang"], 13, name="Eko Prasetyo").id,
        "siti": employee(u["sekretariat"], 14, name="Siti Aminah").id,
        "agus": employee(u["kelurahan"], 16, name="Agus Wijaya").id,
    }


@pytest.fixture
def make_tab(db, qtbot, prompts):
    made = []

    def make() -> TppTab:
        background = Background()
        tab = TppTab(ChangeHub(ready=True), background, prompts)
        qtbot.addWidget(tab)
        tab.resize(1280, 760)
        with qtbot.waitSignal(tab.loaded, timeout=10_000):
            tab.show()
        qtbot.waitExposed(tab)
        tab.activateWindow()
        qtbot.waitUntil(tab.isActiveWindow)
        made.append(background)
        return tab

    yield make
    for background in made:
        background.wait_idle()


def loaded(qtbot, tab):
    return qtbot.waitSignal(tab.loaded, timeout=10_000)


def choose_unit(qtbot, tab, unit_id):
    with loaded(qtbot, tab):
        assert tab.select_unit(unit_id)


def compute(qtbot, tab):
    with loaded(qtbot, tab):
        qtbot.mouseClick(tab.compute_button, Qt.MouseButton.LeftButton)


def line_row(tab, name):
    m = tab.lines.model()
    return next(r for r in range(m.rowCount()) if m.index(r, NAME).data() == name)


def cell(tab, name, col):
    return tab.lines.model().index(line_row(tab, name), col).data()


def type_keys(qtbot, tab, text):
    """Each key to whatever has the focus, as a keyboard does (the first one opens the cell editor)."""
    for ch in text:
        qtbot.keyClick(tab.focusWidget(), ch)


def grid_row(tab, name):
    m = tab.grid.model()
    return next(r for r in range(m.rowCount()) if m.index(r, 0).data() == name)


def test_compute_a_month_for_a_unit_and_read_a_line_with_its_explanation(qtbot, people, make_tab, prompts):
    tab = make_tab()
    assert tab.month_combo.currentText() == MONTHS[MONTH - 1]
    assert tab.unit_combo.currentText() == "Seluruh kantor"
    assert tab.run_stack.currentWidget() is tab.run_empty and "belum dihitung" in tab.run_empty.text()
    assert not tab.lock_button.isEnabled()
    assert "setengah ke atas" in tab.rounding_label.text()

    choose_unit(qtbot, tab, people["units"]["dinkes"])
    compute(qtbot, tab)
    assert prompts.shown == []
    m = tab.lines.model()
    assert sorted(m.index(r, NAME).data() for r in range(m.rowCount())) == \
        ["Dewi Lestari", "Eko Prasetyo", "Rina Wulandari", "Siti Aminah"]  # Agus is in the kecamatan
    assert [cell(tab, "Rina Wulandari", c) for c in (PREDIKAT, PAGU, PERF, DISC, DISC_CUT, SANCTION_CUT, NET)] \
        == ["—", "4.500.000", "2.700.000", "1.800.000", "0", "0", "4.500.000"]
    pagu = m.index(line_row(tab, "Rina Wulandari"), PAGU)
    assert pagu.data(Qt.ItemDataRole.ToolTipRole) == "Pagu TPP kelas jabatan Ahli Pertama"
    index = m.index(line_row(tab, "Rina Wulandari"), NET)
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Produktivitas kerja: 60% × pagu × 100% (belum ada predikat) = Rp 2.700.000." in tip
    assert "dibulatkan ke rupiah penuh, setengah ke atas" in tip

    tab.lines.setFocus()
    tab.select_employee(people["rina"])
    detail = tab.detail.toPlainText()
    assert detail.startswith("Rina Wulandari") and "kelas jabatan Ahli Pertama" in detail.splitlines()[0]
    assert "Disiplin kerja: 40% × pagu = Rp 1.800.000" in detail and "Diterima Rp 4.500.000" in detail
    assert tab.current_employee_id() == people["rina"]
    status = tab.status_label.text()
    assert "Dinas Kesehatan" in status and "4 pegawai" in status and "Rp 18.000.000" in status and "Draf" in status
    assert tab.lock_button.isEnabled()


def test_a_running_sanction_cuts_that_employees_tpp(qtbot, people, make_tab, prompts):
    cs.record_sanction(cs.SanctionInput(people["dewi"], "pemotongan_tukin", "862/7/2025",
                                        TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=30), 6))
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    compute(qtbot, tab)
    assert cell(tab, "Dewi Lestari", SANCTION_CUT) == "1.125.000"
    assert cell(tab, "Dewi Lestari", NET) == "3.375.000"
    assert cell(tab, "Rina Wulandari", SANCTION_CUT) == "0"
    tab.select_employee(people["dewi"])
    assert "Hukuman disiplin sedang berjalan: dipotong 25% × Rp 4.500.000 = Rp 1.125.000." in tab.detail.toPlainText()


def test_attendance_typed_in_the_grid_gives_the_deduction_after_computing_again(qtbot, people, make_tab, prompts):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    compute(qtbot, tab)
    assert cell(tab, "Rina Wulandari", DISC_CUT) == "0"

    tab.tabs.setCurrentWidget(tab.attendance_tab)
    grid = tab.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(grid_row(tab, "Rina Wulandari"), 3))
    type_keys(qtbot, tab, "2")  # typing opens the cell editor with what was typed
    qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_Tab)  # to the late minutes of the same person
    qtbot.waitUntil(lambda: grid.currentIndex().column() == 4)
    type_keys(qtbot, tab, "45 15")
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_S, CTRL)  # the cell still being typed counts too
    assert "disimpan" in tab.attendance_message.text()
    assert not tab.has_unsaved_changes()
    assert tpp.attendance(YEAR, MONTH)[people["rina"]].absent_days == 2
    assert tpp.attendance(YEAR, MONTH)[people["rina"]].late_minutes == (15, 45)
    assert grid.model().index(grid_row(tab, "Rina Wulandari"), 4).data() == "15, 45"

    compute(qtbot, tab)  # 2 days × 4% + 0,5% + 1% = 9,5% of Rp 1.800.000
    assert cell(tab, "Rina Wulandari", DISC_CUT) == "171.000"
    assert cell(tab, "Rina Wulandari", DISC) == "1.629.000"
    assert cell(tab, "Rina Wulandari", NET) == "4.329.000"
    tab.select_employee(people["rina"])
    assert "terlambat 2× = 1,5%; tidak masuk 2 hari = 8%" in tab.detail.toPlainText()


def test_bad_attendance_is_refused_with_the_person_named_and_nothing_stored(qtbot, people, make_tab, prompts):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    tab.tabs.setCurrentWidget(tab.attendance_tab)
    model = tab.grid.model()
    model.setData(model.index(grid_row(tab, "Rina Wulandari"), 3), "1")
    model.setData(model.index(grid_row(tab, "Dewi Lestari"), 4), "15, 600")  # more than a working day
    assert tab.has_unsaved_changes() and tab.save_button.isEnabled()
    with unchanged():
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    message = tab.attendance_message.text()
    assert "tidak ada yang disimpan" in message and "Dewi Lestari" in message and "600" in message
    assert "Rina" not in message
    assert tab.has_unsaved_changes()  # what was typed stays, to be corrected

    model.setData(model.index(grid_row(tab, "Dewi Lestari"), 4), "15 lima")
    with unchanged():
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "Dewi Lestari: keterlambatan “15 lima”" in tab.attendance_message.text()
    assert tpp.attendance(YEAR, MONTH) == {}

    model.setData(model.index(grid_row(tab, "Rina Wulandari"), 3), "40")  # every problem in one round
    model.setData(model.index(grid_row(tab, "Dewi Lestari"), 4), "²")
    with unchanged():
        qtbot.keyClick(tab.grid, Qt.Key.Key_S, CTRL)
    message = tab.attendance_message.text()
    assert "Rina Wulandari: hari tidak masuk harus 0 sampai 31, bukan 40." in message
    assert "Dewi Lestari: keterlambatan “²”" in message


def test_lock_the_month_after_review_then_it_is_read_only(qtbot, people, make_tab, prompts):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    compute(qtbot, tab)
    prompts.answer = False
    qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == "confirm" and "2 pegawai" in prompts.shown[-1][2]
    assert tpp.run_for(YEAR, MONTH, people["units"]["seksi"]).status == "draf"

    prompts.answer = True
    with loaded(qtbot, tab):
        qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    run = tpp.run_for(YEAR, MONTH, people["units"]["seksi"])
    assert run.status == "terkunci" and run.locked_by == "Operator kepegawaian"
    assert "Terkunci sejak" in tab.status_label.text() and "oleh Operator kepegawaian" in tab.status_label.text()
    assert not tab.compute_button.isEnabled() and "sudah dikunci" in tab.compute_button.toolTip()
    assert not tab.lock_button.isEnabled()
    assert "hanya dapat dilihat" in tab.attendance_hint.text()
    model = tab.grid.model()
    index = model.index(grid_row(tab, "Rina Wulandari"), 3)
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "3")
    assert not tab.save_button.isEnabled()

    choose_unit(qtbot, tab, people["units"]["bidang"])  # another scope holding the locked seksi
    model = tab.grid.model()
    assert not model.index(grid_row(tab, "Rina Wulandari"), 3).flags() & Qt.ItemFlag.ItemIsEditable
    assert model.index(grid_row(tab, "Eko Prasetyo"), 3).flags() & Qt.ItemFlag.ItemIsEditable
    with unchanged():
        qtbot.mouseClick(tab.compute_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: prompts.shown[-1][0] == "error")
        tab.background.wait_idle()
    assert "Seksi Surveilans sudah dikunci" in prompts.shown[-1][2]

    choose_unit(qtbot, tab, people["units"]["kelurahan"])  # a unit of its own: still open
    compute(qtbot, tab)
    assert tpp.run_for(YEAR, MONTH, people["units"]["kelurahan"]).employees == 1


def test_a_whole_office_run_replaces_unit_drafts_only_after_asking(qtbot, people, make_tab, prompts):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    compute(qtbot, tab)
    choose_unit(qtbot, tab, None)
    prompts.answer = False
    with unchanged():
        qtbot.mouseClick(tab.compute_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(prompts.shown) and prompts.shown[-1][1] == "Ganti perhitungan draf")
    assert "Seksi Surveilans: 2 pegawai" in prompts.shown[-1][2]
    prompts.answer = True
    with loaded(qtbot, tab):
        qtbot.mouseClick(tab.compute_button, Qt.MouseButton.LeftButton)
    assert [r.unit_name for r in tpp.runs(YEAR) if r.month == MONTH] == ["Seluruh kantor"]
    assert tab.lines.model().rowCount() == 5


def test_a_draft_says_it_must_be_computed_again_after_a_sanction_and_is_not_locked_so(qtbot, people, make_tab,
                                                                                       prompts):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    compute(qtbot, tab)
    assert "berubah" not in tab.status_label.text()
    with loaded(qtbot, tab):  # recorded elsewhere (the sanctions tab, another window): the page hears of it
        cs.record_sanction(cs.SanctionInput(people["dewi"], "teguran_lisan", "862/9", TODAY, TODAY))
        tab.hub.announce(CONSEQUENCES)
    assert "hukuman disiplin berubah: tekan Hitung TPP lagi" in tab.status_label.text()
    prompts.answer = True
    with unchanged():
        qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][1] == "Bulan belum dapat dikunci" and "Hitung TPP lagi" in prompts.shown[-1][2]
    compute(qtbot, tab)
    assert "berubah" not in tab.status_label.text()


def test_unsaved_attendance_is_saved_before_choosing_another_month(qtbot, people, make_tab, prompts):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    model = tab.grid.model()
    model.setData(model.index(grid_row(tab, "Rina Wulandari"), 3), "3")
    other = 1 if MONTH != 1 else 2
    prompts.answer = True
    with loaded(qtbot, tab):
        tab.month_combo.setCurrentIndex(other - 1)
    assert prompts.shown[-1][1] == "Kehadiran belum disimpan"
    assert tpp.attendance(YEAR, MONTH)[people["rina"]].absent_days == 3
    assert tab.month == other and not tab.has_unsaved_changes()


def test_rules_dialog_refuses_weights_not_summing_to_100_and_saves_good_ones(qtbot, people, make_tab, prompts):
    tab = make_tab()
    qtbot.mouseClick(tab.rules_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find_dialog(TppRulesDialog) is not None)
    dialog = find_dialog(TppRulesDialog)
    assert dialog.performance.value() == 60 and dialog.discipline.value() == 40
    dialog.performance.setValue(70)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    with unchanged():
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    error = dialog.form.findChild(type(tab.status_label), "formError")
    assert dialog.isVisible() and "berjumlah 100%" in error.text()

    dialog.discipline.setValue(30)
    dialog.ceilings.item(next(i for i in range(dialog.ceilings.rowCount())
                              if dialog.ceilings.item(i, 0).text() == "Ahli Pertama"), 1).setText("5.000.000")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    rules = tpp.office_rules()
    assert (rules.performance_weight, rules.discipline_weight) == (70, 30)
    assert tpp.ceilings()["Ahli Pertama"] == 5_000_000


def test_minutes_are_read_as_people_type_them():
    assert parse_minutes("15, 45, 95") == [15, 45, 95]
    assert parse_minutes(" 15 45;95 ") == [15, 45, 95]
    assert parse_minutes("") == []
    assert parse_minutes("15, x") is None
    assert parse_minutes("²") is None and parse_minutes("1٣") is None  # digits to Python, not to a person
    assert whole("²") is None and whole(" 7 ") == 7 and whole("-1") is None


def test_attendance_from_a_filled_in_template_lands_in_the_grid_and_is_saved_with_ctrl_s(qtbot, people, make_tab,
                                                                                          prompts, tmp_path):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    tab.tabs.setCurrentWidget(tab.attendance_tab)
    template = tmp_path / "kehadiran.xlsx"
    prompts.files = [str(template)]
    qtbot.mouseClick(tab.template_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: prompts.shown[-1][0] == "info", timeout=10_000)
    assert prompts.shown[-2] == ("save", "Templat kehadiran", f"Kehadiran {MONTHS[MONTH - 1]} {YEAR} Seksi "
                                                              "Surveilans.xlsx")
    assert "2 pegawai" in prompts.shown[-1][2]
    wb = load_workbook(template)
    ws = wb["Kehadiran"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "NIP")
    names = {ws.cell(r, 2).value: r for r in range(header + 1, header + 3)}
    ws.cell(names["Rina Wulandari"], 4).value = 2
    ws.cell(names["Rina Wulandari"], 5).value = "45, 15"
    ws.cell(names["Dewi Lestari"], 4).value = "tiga"
    wb.save(template)

    prompts.files = [str(template)]
    with unchanged():  # a bad row: the file is refused, the grid unchanged
        qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "tidak diimpor" in tab.attendance_message.text(), timeout=10_000)
    assert f"kehadiran.xlsx, lembar Kehadiran, baris {names['Dewi Lestari']}, kolom D" in tab.attendance_message.text()
    assert not tab.has_unsaved_changes()

    ws.cell(names["Dewi Lestari"], 4).value = None
    wb.save(template)
    prompts.files = [str(template)]
    with unchanged():  # read into the grid, not stored
        qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(tab.has_unsaved_changes, timeout=10_000)
    assert "1 baris berbeda" in tab.attendance_message.text()
    model = tab.grid.model()
    row = grid_row(tab, "Rina Wulandari")
    assert (model.index(row, 3).data(), model.index(row, 4).data()) == ("2", "15, 45")
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.grid, Qt.Key.Key_S, CTRL)
    assert tpp.attendance(YEAR, MONTH)[people["rina"]].late_minutes == (15, 45)


def test_the_payroll_sheet_of_the_run_is_exported(qtbot, people, make_tab, prompts, tmp_path):
    tab = make_tab()
    choose_unit(qtbot, tab, people["units"]["seksi"])
    assert not tab.export_button.isEnabled()  # nothing computed yet
    compute(qtbot, tab)
    out = tmp_path / "tpp.xlsx"
    prompts.files = [str(tmp_path / "tpp")]  # the extension is added
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: prompts.shown[-1][0] == "info", timeout=10_000)
    assert "(DRAF): 2 pegawai ditulis" in prompts.shown[-1][2] and out.exists()
    rows = [[c.value for c in r] for r in load_workbook(out).worksheets[0].iter_rows()]
    assert rows[-1][2] == "Jumlah" and rows[-1][11] == 9_000_000
