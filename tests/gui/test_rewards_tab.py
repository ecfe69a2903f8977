"""The Penghargaan and Hukuman disiplin tabs driven as a person would: record a reward and a sanction through
their dialogs, see them listed (a running sanction marked), cancel a sanction, a refused input that leaves the
database as it was, and a reward candidate's pre-filled form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from asn_desktop.gui.changes import ChangeHub
from asn_desktop.gui.ops import Background
from asn_desktop.gui.rewards import RewardDialog, RewardsTab, SanctionDialog, SanctionsTab
from asn_desktop.services import consequences as cs
from asn_desktop.services import employees as emp
from tests.unit.helpers import employee, office, unchanged
from tests.unit.test_promotion import history  # noqa: F401  (a fixture: two years of predikat)
from tests.unit.test_workplans import org  # noqa: F401  (the fixture history builds on)

from .conftest import find_dialog

TODAY = dt.date.today()
YEAR = TODAY.year


@pytest.fixture
def people(db):
    u = office()
    ids = {
        "rina": employee(u["seksi"], 11, name="Rina Wulandari").id,
        "dewi": employee(u["seksi"], 12, name="Dewi Lestari").id,
        "eko": employee(u["bidang"], 13, name="Eko Prasetyo").id,
        "budi": employee(u["dinkes"], 15, name="Budi Hartono").id,
    }
    emp.deactivate_employee(ids["budi"], "Pensiun")
    return ids


@pytest.fixture
def make_tab(db, qtbot, prompts):
    made = []

    def make(kind, year: int | None = None):
        background = Background()
        tab = kind(ChangeHub(ready=True), background, prompts)
        qtbot.addWidget(tab)
        tab.resize(1200, 760)
        if year is not None:
            tab.set_year(year)
        with qtbot.waitSignal(tab.loaded, timeout=10_000):
            tab.show()
        qtbot.waitExposed(tab)
        made.append(background)
        return tab

    yield make
    for background in made:
        background.wait_idle()


def shown(view) -> list[list[str]]:
    m = view.model()
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def save(qtbot, dialog, tab=None):
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    if tab is None:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def error_text(dialog, name: str) -> str:
    label = dialog.form.findChild(QLabel, name)
    return label.text() if label.isVisible() else ""


def focused(dialog, widget) -> bool:
    """The widget the dialog gives the keyboard to (when it is the active window)."""
    return dialog.focusWidget() is widget or (widget.isEditable() if hasattr(widget, "isEditable") else False) \
        and dialog.focusWidget() is widget.lineEdit()


def choose_kind(combo, code: str) -> None:
    combo.setFocus()
    combo.setCurrentIndex(combo.findData(code))


# --------------------------------------------------------------------------------------------- rewards
def test_record_an_incentive_through_the_dialog(qtbot, make_tab, people):
    tab = make_tab(RewardsTab)
    assert tab.list_stack.currentWidget() is tab.empty_label
    assert "Belum ada penghargaan" in tab.empty_label.text()
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = find_dialog(RewardDialog)
    assert dialog is not None and focused(dialog, dialog.employee)
    # an inactive employee is not offered
    assert not any("Budi Hartono" in label for label in dialog.picker.labels)
    qtbot.keyClicks(dialog.employee.lineEdit(), "rina")  # the completer pops up with the match
    popup = dialog.employee.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.employee.currentText().startswith("Rina Wulandari — ")
    assert not dialog.amount.isVisible()  # only for an incentive
    choose_kind(dialog.kind, "insentif")
    assert dialog.amount.isVisible()
    qtbot.keyClicks(dialog.title, "Insentif kinerja triwulan")
    qtbot.keyClicks(dialog.decree, "900/12/2025")
    qtbot.keyClicks(dialog.issuer, "Bupati Sukamaju")
    dialog.amount.setFocus()
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "1500000")
    save(qtbot, dialog, tab)
    assert find_dialog(RewardDialog) is None  # closed (and deleted) once saved

    [row] = cs.rewards(YEAR)
    assert (row.employee_id, row.kind, row.title, row.amount, row.issuer) == (
        people["rina"], "insentif", "Insentif kinerja triwulan", 1_500_000, "Bupati Sukamaju")
    assert tab.list_stack.currentWidget() is tab.table
    [cells] = shown(tab.table)
    assert cells[1] == "Rina Wulandari" and cells[3] == "Insentif (uang)" and cells[7] == "Rp 1.500.000"
    assert cells[0] == TODAY.strftime("%d/%m/%Y")
    assert tab.current_employee_id() == people["rina"]  # the new row is selected
    assert "Rp 1.500.000" in tab.detail.text()


def test_filter_rewards_by_text_and_kind(qtbot, make_tab, people):
    day = dt.date(YEAR, 1, 2) if TODAY >= dt.date(YEAR, 1, 2) else TODAY
    cs.record_reward(cs.RewardInput(people["rina"], "inovasi", "Aplikasi antrean", day, "800/1"))
    cs.record_reward(cs.RewardInput(people["dewi"], "satyalancana", "Satyalancana Karya Satya X Tahun", day))
    cs.record_reward(cs.RewardInput(people["eko"], "inovasi", "Inovasi arsip digital", day))
    tab = make_tab(RewardsTab)
    assert len(shown(tab.table)) == 3
    choose_kind(tab.kind_filter, "inovasi")
    assert sorted(r[1] for r in shown(tab.table)) == ["Eko Prasetyo", "Rina Wulandari"]
    qtbot.keyClicks(tab.search, "arsip")
    assert [r[1] for r in shown(tab.table)] == ["Eko Prasetyo"]
    tab.kind_filter.setCurrentIndex(0)
    tab.search.clear()
    qtbot.keyClicks(tab.search, "800/1")  # by decree number
    assert [r[1] for r in shown(tab.table)] == ["Rina Wulandari"]


def test_a_wrong_reward_is_refused_and_nothing_is_written(qtbot, make_tab, people):
    tab = make_tab(RewardsTab)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = find_dialog(RewardDialog)
    with unchanged():
        save(qtbot, dialog)  # nobody chosen
        assert "Pilih pegawai" in error_text(dialog, "employeeError")
        qtbot.keyClicks(dialog.employee.lineEdit(), "Lestari")  # only one matches: that is enough
        dialog.employee.lineEdit().setFocus()
        choose_kind(dialog.kind, "insentif")
        save(qtbot, dialog)  # no title, no amount
        assert error_text(dialog, "employeeError") == ""
        assert error_text(dialog, "titleError") == "Nama penghargaan wajib diisi."
        assert error_text(dialog, "amountError") == "Insentif uang memerlukan jumlahnya (rupiah)."
        assert focused(dialog, dialog.title) and dialog.isVisible()
        qtbot.keyClicks(dialog.employee.lineEdit(), "zzz")  # no one is called that
        save(qtbot, dialog)
        assert "tidak ditemukan" in error_text(dialog, "employeeError")
    dialog.employee.lineEdit().setText("Lestari")
    qtbot.keyClicks(dialog.title, "Insentif")
    dialog.amount.setValue(250_000)
    save(qtbot, dialog, tab)
    assert [(r.employee_id, r.amount) for r in cs.rewards(YEAR)] == [(people["dewi"], 250_000)]


def test_a_reward_candidate_opens_the_form_filled_in(qtbot, make_tab, history):  # noqa: F811
    tab = make_tab(RewardsTab, year=2025)
    assert tab.heading.text() == "Penghargaan tahun 2025"
    assert tab.candidate_stack.currentWidget() is tab.candidate_table
    assert shown(tab.candidate_table)[0][0] == "Rina Wulandari"
    assert shown(tab.candidate_table)[0][3] == "Sangat Baik 2024 dan 2025"
    assert not tab.propose_button.isEnabled()
    tab.candidate_table.setFocus()
    qtbot.keyClick(tab.candidate_table, Qt.Key.Key_Down)  # the first row becomes current
    tab.candidate_table.selectRow(0)
    assert tab.propose_button.isEnabled()
    assert tab.current_employee_id() == history.staf
    qtbot.mouseClick(tab.propose_button, Qt.MouseButton.LeftButton)
    dialog = find_dialog(RewardDialog)
    assert dialog.picker.chosen() == history.staf
    assert dialog.kind.currentData() == "pegawai_teladan"
    assert dialog.title.text() == "Pegawai Teladan Tahun 2025" and focused(dialog, dialog.title)
    assert dialog.given_on.date() == QDate(2025, 12, 31)  # a past year: its last day
    save(qtbot, dialog, tab)
    [row] = cs.rewards(2025)
    assert (row.employee_id, row.kind, row.given_on) == (history.staf, "pegawai_teladan", dt.date(2025, 12, 31))
    assert tab.candidate_stack.currentWidget() is tab.candidates_empty  # no longer a candidate


# ------------------------------------------------------------------------------------------- sanctions
def test_record_a_sanction_see_it_running_and_cancel_it(qtbot, make_tab, people, prompts):
    tab = make_tab(SanctionsTab)
    assert "Tidak ada hukuman disiplin" in tab.empty_label.text()
    assert not tab.cancel_button.isEnabled()
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = find_dialog(SanctionDialog)
    assert not dialog.months.isEnabled()
    qtbot.keyClicks(dialog.employee.lineEdit(), "Eko Pras")
    choose_kind(dialog.kind, "teguran_lisan")
    assert [dialog.months.itemText(i) for i in range(dialog.months.count())] == ["tanpa jangka waktu"]
    assert not dialog.months.isEnabled()
    choose_kind(dialog.kind, "penurunan_jabatan")
    assert [dialog.months.itemData(i) for i in range(dialog.months.count())] == [12]
    choose_kind(dialog.kind, "pemotongan_tukin")
    assert [dialog.months.itemData(i) for i in range(dialog.months.count())] == [6, 9, 12]
    assert dialog.months.isEnabled()
    dialog.months.setCurrentIndex(dialog.months.findData(9))
    start = TODAY - dt.timedelta(days=10)
    dialog.decree_date.setDate(QDate(start.year, start.month, start.day))
    dialog.start.setDate(QDate(start.year, start.month, start.day))
    end = cs.rules.add_months(start, 9) - dt.timedelta(days=1)
    assert dialog.end_label.text().startswith(end.strftime("%d/%m/%Y"))
    assert "TPP dipotong 25%" in dialog.end_label.text()
    qtbot.keyClicks(dialog.decree, "862/045/BKPSDM")
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "Tidak masuk kerja 15 hari")
    save(qtbot, dialog, tab)

    [row] = cs.sanctions()
    assert (row.employee_id, row.kind, row.level, row.months, row.end) == (people["eko"], "pemotongan_tukin", "sedang",
                                                                           9, end)
    [cells] = shown(tab.table)
    assert cells == ["Eko Prasetyo", emp.format_nip(row.nip), "Sedang", "Pemotongan tunjangan kinerja 25%",
                     "862/045/BKPSDM", start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y"), "Berjalan"]
    index = tab.table.model().index(0, 7)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"  # marked red
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert "1 berjalan hari ini" in tab.detail.text()
    assert tab.current_employee_id() == people["eko"] and tab.cancel_button.isEnabled()

    # cancelling asks for the reason; cancelled without one is no cancellation
    prompts.texts = [None]
    with unchanged():
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    prompts.texts = ["   "]
    with unchanged():
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == "error" and "dasar pembatalan" in prompts.shown[-1][2]
    prompts.texts = ["Putusan banding administratif"]
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    [row] = cs.sanctions()
    assert row.cancelled_on == TODAY and row.cancel_reason == "Putusan banding administratif"
    [cells] = shown(tab.table)  # still listed, never deleted
    assert cells[7] == "Dibatalkan"
    assert tab.table.model().index(0, 7).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#8a8f98"
    assert not tab.cancel_button.isEnabled()
    assert "Putusan banding administratif" in tab.detail.text()
    tab.running_only.click()
    assert shown(tab.table) == []
    tab.running_only.click()
    assert len(shown(tab.table)) == 1


def test_only_running_sanctions_and_a_finished_one(qtbot, make_tab, people):
    cs.record_sanction(cs.SanctionInput(people["rina"], "teguran_tertulis", "862/1", TODAY, TODAY))
    long_ago = TODAY - dt.timedelta(days=400)
    cs.record_sanction(cs.SanctionInput(people["dewi"], "pemotongan_tukin", "862/2", long_ago, long_ago, 6))
    tab = make_tab(SanctionsTab, year=long_ago.year)
    statuses = {r[0]: r[7] for r in shown(tab.table)}
    assert statuses["Dewi Lestari"] == "Selesai"
    tab.set_year(YEAR)
    qtbot.waitUntil(lambda: {r[0] for r in shown(tab.table)} == {"Rina Wulandari"} or len(shown(tab.table)) == 2)
    qtbot.waitUntil(lambda: not tab.loader.busy)
    statuses = {r[0]: r[7] for r in shown(tab.table)}
    assert statuses["Rina Wulandari"] == "Berjalan"  # a reprimand runs on its day
    qtbot.keyClick(tab.running_only, Qt.Key.Key_Space)
    assert [r[0] for r in shown(tab.table)] == ["Rina Wulandari"]


def test_a_wrong_sanction_is_refused_and_nothing_is_written(qtbot, make_tab, people):
    tab = make_tab(SanctionsTab)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = find_dialog(SanctionDialog)
    with unchanged():
        save(qtbot, dialog)
        assert "Pilih pegawai" in error_text(dialog, "employeeError")
        assert error_text(dialog, "kindError") == "Pilih jenis hukuman disiplin (PP 94/2021)."
        qtbot.keyClicks(dialog.employee.lineEdit(), "Dewi")
        choose_kind(dialog.kind, "teguran_tertulis")
        save(qtbot, dialog)  # no decree number
        assert error_text(dialog, "decreeNumberError") == "Nomor surat keputusan wajib diisi."
        assert error_text(dialog, "kindError") == ""
        assert focused(dialog, dialog.decree) and dialog.isVisible()
        qtbot.keyClicks(dialog.decree, "862/9")
        day = TODAY - dt.timedelta(days=5)
        dialog.decree_date.setDate(QDate(day.year, day.month, day.day))
        dialog.start.setDate(QDate(day.year, day.month, day.day).addDays(-1))  # before its decree
        save(qtbot, dialog)
        assert error_text(dialog, "startDateError") == "Hukuman tidak berlaku sebelum tanggal keputusannya."
    dialog.start.setDate(dialog.decree_date.date())
    save(qtbot, dialog, tab)
    assert [(r.employee_id, r.kind) for r in cs.sanctions()] == [(people["dewi"], "teguran_tertulis")]
