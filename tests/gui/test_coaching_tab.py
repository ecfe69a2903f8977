"""The Program pembinaan tab driven as a person would: create a programme, add participants by unit and by
name, enter feedback with the digit keys, read the summary, edit sessions and questions, delete."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from asn_desktop.gui.changes import ChangeHub
from asn_desktop.gui.coaching import CoachingTab, FeedbackDialog, ProgramDialog, SessionDelegate, parse_date
from asn_desktop.gui.ops import Background
from asn_desktop.services import coaching as co
from asn_desktop.services import employees as emp
from tests.unit.helpers import employee, fill, office, sql, unchanged

from .conftest import find_dialog

YEAR = dt.date.today().year
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def people(db):
    """An office with five active staff below the Dinas Kesehatan and one in the kelurahan."""
    u = office()
    ids = {
        "rina": employee(u["seksi"], 11, name="Rina Wulandari").id,
        "dewi": employee(u["seksi"], 12, name="Dewi Lestari").id,
        "eko": employee(u["bidang"], 13, name="Eko Prasetyo").id,
        "siti": employee(u["sekretariat"], 14, name="Siti Aminah").id,
        "budi": employee(u["dinkes"], 15, name="Budi Hartono").id,
        "agus": employee(u["kelurahan"], 16, name="Agus Wijaya").id,
    }
    emp.deactivate_employee(ids["budi"], "Pensiun")
    return {"units": u, **ids}


@pytest.fixture
def make_tab(db, qtbot, prompts):
    made = []

    def make(year: int | None = None) -> CoachingTab:
        background = Background()
        tab = CoachingTab(ChangeHub(ready=True), background, prompts)
        qtbot.addWidget(tab)
        tab.resize(1100, 760)
        if year is not None:
            tab.set_year(year)
        with qtbot.waitSignal(tab.loaded, timeout=10_000):
            tab.show()
        qtbot.waitExposed(tab)
        activate(qtbot, tab)
        made.append(background)
        return tab

    yield make
    for background in made:
        background.wait_idle()


def program(title="Pelayanan prima", kind="simulasi", **over) -> co.ProgramRow:
    return co.save_program(co.ProgramInput(title=title, kind=kind, year=over.pop("year", YEAR), **over))


def answered(program_id: int, employee_id: int, score: int = 4, comment: str = "") -> co.ParticipantRow:
    """The employee takes part and gives the same score to every question."""
    co.add_participants(program_id, [employee_id])
    detail = co.get_program(program_id)
    part = next(p for p in detail.participants if p.employee_id == employee_id)
    co.save_feedback(part.id, {q.id: score for q in detail.questions}, comment)
    return part


def cell(view, row, col):
    return view.model().index(row, col).data()


def column(view, col):
    return [cell(view, r, col) for r in range(view.model().rowCount())]


def activate(qtbot, window):
    """Make the window the active one, as the desktop does (the offscreen platform does not): shortcuts need it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def dialog_of(qtbot, kind):
    qtbot.waitUntil(lambda: find_dialog(kind) is not None, timeout=5000)
    return activate(qtbot, find_dialog(kind))


def focused(widget) -> bool:
    """The widget has the keyboard focus within its window (offscreen, windows are not always activated)."""
    return widget.window().focusWidget() is widget


def type_in_cell(qtbot, table, text, key=Qt.Key.Key_Return):
    """Type into the cell editor that is open and leave it with ``key`` (Enter commits on the next turn of the
    event loop: wait for it)."""
    editor = table.focusWidget()
    assert editor is not table, "no cell editor is open"
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, key)
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def loaded(qtbot, tab):
    return qtbot.waitSignal(tab.loaded, timeout=10_000)


def choose_tab(tab, name):
    tab.tabs.setCurrentWidget(tab.form.findChild(QWidget, name))


# ------------------------------------------------------------------------------------------ programmes
def test_empty_year_then_create_a_programme_from_the_keyboard(qtbot, people, make_tab, prompts):
    tab = make_tab()
    assert tab.list_stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text().startswith(f"Belum ada program pembinaan tahun {YEAR}.")
    assert not tab.detail_pane.isVisible()
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()
    tab.focus_first()  # nothing to list: the keyboard starts at Tambah program
    assert focused(tab.add_button)

    qtbot.keyClick(tab.add_button, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, ProgramDialog)
    assert dialog is not None and focused(dialog.title)
    assert dialog.year.value() == YEAR
    with unchanged():  # no name: refused under the field, nothing stored, the dialog stays
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label("title").text() == "Nama program pembinaan wajib diisi."
    qtbot.keyClicks(dialog.title, "Simulasi penanganan pengaduan di loket")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)
    assert focused(dialog.kind)
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.kind.currentData() == "simulasi"
    dialog.unit.setCurrentIndex(dialog.unit.findData(people["units"]["kecamatan"]))
    with loaded(qtbot, tab):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert find_dialog(ProgramDialog) is None

    assert tab.list_stack.currentWidget() is tab.programs
    assert column(tab.programs, 0) == ["Simulasi penanganan pengaduan di loket"]
    assert [cell(tab.programs, 0, c) for c in range(7)] == [
        "Simulasi penanganan pengaduan di loket", "Simulasi penanganan pengaduan", "Kecamatan Utara", "0", "0", "—",
        "—"]
    assert tab.selected_program().title == "Simulasi penanganan pengaduan di loket"
    assert tab.program_header.text().startswith("Simulasi penanganan pengaduan di loket · Simulasi penanganan")
    assert tab.summary_label.text().startswith("Belum ada peserta.")
    assert tab.questions.rowCount() == 5
    assert sql("SELECT title, kind, year FROM coaching_program") == [
        ("Simulasi penanganan pengaduan di loket", "simulasi", YEAR)]
    assert [r[0] for r in sql("SELECT text FROM coaching_question ORDER BY position")] == list(co.DEFAULT_QUESTIONS)
    assert tab.unit_combo.currentData() == people["units"]["kecamatan"]  # adding people starts at its unit


def test_edit_with_enter_and_delete_with_confirmation(qtbot, people, make_tab, prompts):
    keep = program(title="A tetap")
    gone = program(title="B dihapus", kind="lokakarya")
    tab = make_tab()
    assert column(tab.programs, 0) == ["A tetap", "B dihapus"]
    tab.programs.setFocus()
    with loaded(qtbot, tab):
        tab.programs.selectRow(1)
    assert tab.selected_program().id == gone.id
    qtbot.keyClick(tab.programs, Qt.Key.Key_Return)
    dialog = dialog_of(qtbot, ProgramDialog)
    assert dialog.title.text() == "B dihapus" and dialog.kind.currentData() == "lokakarya"
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "B lokakarya SOP")
    with loaded(qtbot, tab):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert column(tab.programs, 0) == ["A tetap", "B lokakarya SOP"]
    assert tab.selected_program().id == gone.id

    prompts.answer = False
    with unchanged():
        qtbot.keyClick(tab.programs, Qt.Key.Key_Delete)
    assert prompts.shown[-1][:2] == ("confirm", "Hapus program pembinaan")
    prompts.answer = True
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.programs, Qt.Key.Key_Delete)
    assert column(tab.programs, 0) == ["A tetap"]
    assert tab.selected_program().id == keep.id
    assert sql("SELECT id FROM coaching_program") == [(keep.id,)]


def test_programme_with_feedback_is_not_deleted(qtbot, people, make_tab, prompts):
    row = program()
    answered(row.id, people["rina"])
    tab = make_tab()
    with unchanged():
        tab.delete_button.click()
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("error", "Program tidak dapat dihapus")  # said at once, nothing asked
    assert "sudah memiliki umpan balik dari 1 peserta" in text


def test_set_year_shows_that_years_programmes(qtbot, people, make_tab):
    program(title="Tahun ini")
    program(title="Tahun lalu", year=YEAR - 1)
    tab = make_tab()
    assert column(tab.programs, 0) == ["Tahun ini"]
    with loaded(qtbot, tab):
        assert tab.set_year(YEAR - 1)
    assert tab.heading.text() == f"Program pembinaan tahun {YEAR - 1}"
    assert column(tab.programs, 0) == ["Tahun lalu"]
    assert tab.selected_program().title == "Tahun lalu"
    with loaded(qtbot, tab):
        tab.set_year(YEAR + 1)
    assert tab.empty_label.text().startswith(f"Belum ada program pembinaan tahun {YEAR + 1}.")


# ---------------------------------------------------------------------------------------- participants
def test_add_participants_by_unit_and_by_typing_names(qtbot, people, make_tab, prompts):
    row = program(unit_id=people["units"]["bidang"])
    tab = make_tab()
    choose_tab(tab, "participantsTab")
    assert tab.participant_stack.currentWidget().objectName() == "participantEmptyLabel"
    assert tab.unit_combo.currentData() == people["units"]["bidang"]
    # the bidang and the seksi below it: Eko, Dewi, Rina
    with loaded(qtbot, tab):
        tab.add_unit_button.click()
    assert prompts.shown[-1][:2] == ("confirm", "Tambah peserta")
    assert "Tambahkan 3 pegawai aktif" in prompts.shown[-1][2]
    assert column(tab.participants, 0) == ["Dewi Lestari", "Eko Prasetyo", "Rina Wulandari"]
    assert column(tab.participants, 4) == ["Belum"] * 3
    assert tab.participant_message.text() == "3 peserta ditambahkan."
    assert tab.tabs.tabText(1) == "Pe&serta (3)"

    # a name, part of it, any case: pick it from the list with ↓ and Enter
    tab.name_edit.setFocus()
    qtbot.keyClicks(tab.name_edit, "amin")
    popup = tab.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    with loaded(qtbot, tab):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert "Siti Aminah" in column(tab.participants, 0)
    assert tab.participant_message.text() == "Siti Aminah ditambahkan sebagai peserta."
    qtbot.waitUntil(lambda: tab.name_edit.text() == "")

    # a NIP typed in full and Enter
    nip = sql("SELECT nip FROM employee WHERE id = ?", people["agus"])[0][0]
    qtbot.keyClicks(tab.name_edit, nip)
    tab.completer.popup().hide()
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.name_edit, Qt.Key.Key_Return)
    assert len(column(tab.participants, 0)) == 5
    # several match, or nobody (the retired Budi is not offered): said, nothing added
    with unchanged():
        qtbot.keyClicks(tab.name_edit, "a")  # many names have an a
        tab.completer.popup().hide()
        qtbot.keyClick(tab.name_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "pegawai cocok dengan “a”" in tab.participant_message.text())
        tab.completer.popup().hide()
        tab.name_edit.clear()
        qtbot.keyClicks(tab.name_edit, "hartono")
        tab.completer.popup().hide()
        tab.add_name_button.click()
    assert tab.participant_message.text() == "Tidak ada pegawai aktif yang cocok dengan “hartono”."
    # the whole unit again: everyone is already in
    with unchanged():
        tab.add_unit_button.click()
    assert tab.participant_message.text() == "Semua 3 pegawai aktif Dinas Kesehatan › Bidang Pencegahan Penyakit sudah " \
                                             "menjadi peserta."
    assert {r[0] for r in sql("SELECT employee_id FROM coaching_participant WHERE program_id = ?", row.id)} == {
        people[k] for k in ("rina", "dewi", "eko", "siti", "agus")}


def test_a_whole_office_is_added_in_the_background(qtbot, db, make_tab, prompts):
    units = office()
    fill(400)  # 400 active staff right under the pemda
    row = program()
    tab = make_tab()
    choose_tab(tab, "participantsTab")
    tab.unit_combo.setCurrentIndex(tab.unit_combo.findData(units["pemda"]))
    with loaded(qtbot, tab):
        tab.add_unit_button.click()
    assert "Tambahkan 400 pegawai aktif Pemerintah Kabupaten Contoh" in prompts.shown[-1][2]
    assert tab.participant_message.text() == "400 peserta ditambahkan."
    assert tab.participant_model.rowCount() == 400 and tab.tabs.tabText(1) == "Pe&serta (400)"
    assert sql("SELECT COUNT(*) FROM coaching_participant WHERE program_id = ?", row.id) == [(400,)]
    assert tab.add_unit_button.isEnabled()


def test_remove_participant_asks_and_says_when_feedback_goes_too(qtbot, people, make_tab, prompts):
    row = program()
    co.add_participants(row.id, [people["rina"]])
    dewi = answered(row.id, people["dewi"], 5, "Bagus")
    tab = make_tab()
    choose_tab(tab, "participantsTab")
    assert column(tab.participants, 4)[0].startswith("Sudah · ")
    tab.participants.setFocus()
    tab.select_participant(dewi.id)
    assert tab.feedback_button.text() == "Ubah umpan bal&ik… (Enter)"
    prompts.answer = False
    with unchanged():
        qtbot.keyClick(tab.participants, Qt.Key.Key_Delete)
    assert prompts.shown[-1][2] == ("Dewi Lestari sudah mengisi umpan balik. Hapus dari peserta “Pelayanan prima” "
                                    "beserta nilai dan komentarnya?")
    prompts.answer = True
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.participants, Qt.Key.Key_Delete)
    assert column(tab.participants, 0) == ["Rina Wulandari"]
    assert tab.selected_participant().name == "Rina Wulandari"
    assert sql("SELECT COUNT(*) FROM coaching_feedback") == [(0,)]
    assert tab.summary_label.text().startswith("Belum ada umpan balik dari 1 peserta.")


# -------------------------------------------------------------------------------------------- feedback
def test_enter_feedback_with_digits_and_read_the_summary(qtbot, people, make_tab, prompts):
    row = program()
    co.add_participants(row.id, [people["rina"], people["dewi"], people["eko"]])
    tab = make_tab()
    choose_tab(tab, "participantsTab")
    tab.participants.setFocus()
    tab.participants.selectRow(0)
    assert tab.selected_participant().name == "Dewi Lestari"

    qtbot.keyClick(tab.participants, Qt.Key.Key_Return)
    dialog = dialog_of(qtbot, FeedbackDialog)
    assert dialog is not None and focused(dialog.table)
    assert dialog.table.currentRow() == 0
    # two answers, then Enter: refused, the third question is named, nothing stored, the dialog stays
    qtbot.keyClick(dialog.table, Qt.Key.Key_5)
    qtbot.keyClick(dialog.table, Qt.Key.Key_4)
    assert dialog.table.currentRow() == 2
    assert [dialog.table.item(0, c).text() for c in range(1, 6)] == ["○", "○", "○", "○", "●"]
    with unchanged():
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.isVisible()
    error = dialog.form.findChild(QLabel, "formError").text()
    assert "Pertanyaan 3 (“Metode (diskusi, simulasi) membantu saya memahami”) belum dinilai." in error
    # a slip: up to the second question, Delete clears it, 3 sets it again
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.scores.get(dialog.data.questions[1].id) is None
    qtbot.keyClick(dialog.table, Qt.Key.Key_3)
    for key in (Qt.Key.Key_4, Qt.Key.Key_2, Qt.Key.Key_5):
        qtbot.keyClick(dialog.table, key)
    assert focused(dialog.comment)  # after the last question the comment is next
    qtbot.keyClicks(dialog.comment, "Ruangan panas; waktunya kurang.")
    with loaded(qtbot, tab):
        qtbot.keyClick(dialog.comment, Qt.Key.Key_Return, CTRL)
    assert find_dialog(FeedbackDialog) is None

    assert sql("SELECT score FROM coaching_feedback ORDER BY question_id") == [(5,), (3,), (4,), (2,), (5,)]
    assert column(tab.participants, 4)[0] == f"Sudah · {dt.date.today():%d/%m/%Y}"
    # on to the next person without feedback: Enter again
    assert tab.selected_participant().name == "Eko Prasetyo"
    assert tab.participant_message.text() == "Umpan balik Dewi Lestari tersimpan."
    qtbot.keyClick(tab.participants, Qt.Key.Key_Return)
    dialog = dialog_of(qtbot, FeedbackDialog)
    for key in (Qt.Key.Key_4, Qt.Key.Key_4, Qt.Key.Key_4, Qt.Key.Key_3, Qt.Key.Key_5):
        qtbot.keyClick(dialog.table, key)
    with loaded(qtbot, tab):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    choose_tab(tab, "summaryTab")
    st = tab.summary_table
    assert [st.item(r, 1).text() for r in range(5)] == ["4,5", "3,5", "4,0", "2,5", "5,0"]
    assert [st.item(r, 2).text() for r in range(5)] == ["2"] * 5
    assert st.item(3, 3).text() == "0 · 1 · 1 · 0 · 0"
    assert tab.summary_label.text() == (
        "2 dari 3 peserta (67%) sudah memberi umpan balik · rata-rata keseluruhan 3,9 dari 5.\n"
        "Paling perlu diperbaiki: “Waktu dan tempat memadai” (rata-rata 2,5).")
    assert [tab.comments.item(i).text() for i in range(tab.comments.count())] == [
        "Dewi Lestari: Ruangan panas; waktunya kurang."]
    assert cell(tab.programs, 0, 5) == "2 dari 3 (67%)" and cell(tab.programs, 0, 6) == "3,9"

    # opening it again shows what was given; the mouse works too
    tab.select_participant(next(p.id for p in co.get_program(row.id).participants if p.name == "Dewi Lestari"))
    tab.enter_feedback()
    dialog = dialog_of(qtbot, FeedbackDialog)
    assert dialog.scores == {q.id: s for q, s in zip(dialog.data.questions, (5, 3, 4, 2, 5))}
    assert dialog.comment.toPlainText() == "Ruangan panas; waktunya kurang."
    rect = dialog.table.visualRect(dialog.table.model().index(3, 4))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.scores[dialog.data.questions[3].id] == 4
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)  # cancelled: nothing changes
    assert find_dialog(FeedbackDialog) is None
    assert sql("SELECT score FROM coaching_feedback ORDER BY id LIMIT 5")[3] == (2,)


# -------------------------------------------------------------------------------------------- sessions
@pytest.mark.parametrize(("typed", "expected"), [
    ("04/03/2025", dt.date(2025, 3, 4)), ("4-3-2025", dt.date(2025, 3, 4)), ("4.3.25", dt.date(2025, 3, 4)),
    ("04032025", dt.date(2025, 3, 4)), ("4/3", dt.date(2024, 3, 4)), (" 0403 ", dt.date(2024, 3, 4)),
    ("31/2/2025", None), ("13/13", None), ("besok", None), ("", None),
])
def test_dates_are_read_as_people_type_them(typed, expected):
    assert parse_date(typed, 2024) == expected


def test_sessions_typed_in_the_grid_and_saved_with_ctrl_s(qtbot, people, make_tab):
    row = program()
    tab = make_tab()
    choose_tab(tab, "sessionsTab")
    assert tab.sessions_message.text().startswith("Belum ada sesi.")
    tab.sessions.setFocus()
    qtbot.keyClick(tab.sessions, Qt.Key.Key_Insert)  # a new row, typing the topic
    assert tab.sessions.rowCount() == 1 and tab.sessions.currentColumn() == SessionDelegate.TOPIC
    type_in_cell(qtbot, tab.sessions, "Simulasi warga marah di loket", Qt.Key.Key_Tab)  # on to the facilitator
    assert tab.sessions.item(0, 1).text() == "Simulasi warga marah di loket"
    assert tab.tabs.tabText(2) == "S&esi (1) •"
    type_in_cell(qtbot, tab.sessions, "Drs. Bahtiar")
    # the date as people write it (the programme's year is understood), then the minutes
    tab.sessions.setCurrentCell(0, SessionDelegate.DATE)
    qtbot.keyClick(tab.sessions, Qt.Key.Key_F2)
    type_in_cell(qtbot, tab.sessions, "4/3")
    assert tab.sessions.model().index(0, 0).data() == QDate(YEAR, 3, 4)
    tab.sessions.setCurrentCell(0, SessionDelegate.MINUTES)
    qtbot.keyClick(tab.sessions, Qt.Key.Key_F2)
    tab.sessions.focusWidget().selectAll()
    type_in_cell(qtbot, tab.sessions, "120")
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.sessions, Qt.Key.Key_S, CTRL)
    assert tab.sessions_message.text() == "Sesi tersimpan."
    assert sql("SELECT date, topic, facilitator, minutes FROM coaching_session") == [
        (f"{YEAR}-03-04", "Simulasi warga marah di loket", "Drs. Bahtiar", 120)]
    assert tab.tabs.tabText(2) == "S&esi (1)"
    assert tab.program_header.text().endswith("1 sesi, 120 menit")
    assert cell(tab.programs, 0, 3) == "1"

    # a second row without a topic: refused, the cursor goes to it, nothing stored
    qtbot.keyClick(tab.sessions, Qt.Key.Key_Insert)
    type_in_cell(qtbot, tab.sessions, "", Qt.Key.Key_Escape)
    assert tab.sessions.model().index(1, 0).data() == QDate(YEAR, 3, 11)  # a week after the last one
    with unchanged():
        tab.save_sessions_button.click()
    assert tab.sessions_message.text() == "Sesi 2: topik wajib diisi."
    assert (tab.sessions.currentRow(), tab.sessions.currentColumn()) == (1, SessionDelegate.TOPIC)
    assert tab.has_unsaved_changes()
    # a date that is not a date stays as typed and is named
    qtbot.keyClick(tab.sessions, Qt.Key.Key_F2)  # the cursor is on the topic that was missing
    type_in_cell(qtbot, tab.sessions, "Praktik")
    tab.sessions.setCurrentCell(1, SessionDelegate.DATE)
    qtbot.keyClick(tab.sessions, Qt.Key.Key_F2)
    type_in_cell(qtbot, tab.sessions, "31/2")
    assert tab.sessions.item(1, 0).text() == "31/2"
    with unchanged():
        tab.save_sessions_button.click()
    assert tab.sessions_message.text() == "Sesi 2: tanggal “31/2” tidak dikenali; tulis dd/mm/yyyy, mis. 04/03/2025."
    assert (tab.sessions.currentRow(), tab.sessions.currentColumn()) == (1, SessionDelegate.DATE)
    # Batalkan perubahan brings back what is stored
    tab.revert_sessions_button.click()
    assert tab.sessions.rowCount() == 1 and not tab.has_unsaved_changes()
    # Delete removes the row on screen; saving stores the empty list
    tab.sessions.setFocus()
    tab.sessions.setCurrentCell(0, 1)
    qtbot.keyClick(tab.sessions, Qt.Key.Key_Delete)
    assert tab.sessions.rowCount() == 0
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.sessions, Qt.Key.Key_S, CTRL)
    assert sql("SELECT COUNT(*) FROM coaching_session WHERE program_id = ?", row.id) == [(0,)]


def test_leaving_a_programme_with_unsaved_sessions_asks(qtbot, people, make_tab, prompts):
    first = program(title="A pertama")
    program(title="B kedua")
    tab = make_tab()
    choose_tab(tab, "sessionsTab")
    tab.session_editor.add()
    type_in_cell(qtbot, tab.sessions, "Materi")
    assert tab.has_unsaved_changes()
    prompts.answer = True  # Simpan
    with loaded(qtbot, tab):
        tab.programs.selectRow(1)
    assert prompts.shown[-1][:2] == ("confirm", "Perubahan belum disimpan")
    assert "Perubahan sesi program “A pertama” belum disimpan." in prompts.shown[-1][2]
    assert [s.topic for s in co.get_program(first.id).sessions] == ["Materi"]
    assert tab.selected_program().title == "B kedua" and not tab.has_unsaved_changes()
    # a change that cannot be saved keeps the operator on the programme, with the reason shown
    tab.session_editor.add()
    type_in_cell(qtbot, tab.sessions, "", Qt.Key.Key_Escape)  # no topic
    with unchanged():
        tab.programs.selectRow(0)
    assert tab.selected_program().title == "B kedua"
    assert tab.sessions_message.text() == "Sesi 1: topik wajib diisi."
    prompts.answer = False  # Buang perubahan
    with loaded(qtbot, tab):
        tab.programs.selectRow(0)
    assert tab.selected_program().title == "A pertama" and not tab.has_unsaved_changes()


# ------------------------------------------------------------------------------------------- questions
def test_questions_reordered_added_and_an_answered_one_removed_after_asking(qtbot, people, make_tab, prompts):
    row = program()
    answered(row.id, people["rina"])
    tab = make_tab()
    choose_tab(tab, "questionsTab")
    q = tab.questions
    assert [q.item(r, 1).text() for r in range(5)] == ["1 jawaban"] * 5
    q.setFocus()
    q.setCurrentCell(4, 0)
    qtbot.keyClick(q, Qt.Key.Key_Up, ALT)  # "Saya akan menerapkan…" one up
    assert q.item(3, 0).text() == "Saya akan menerapkan hasilnya dalam pelayanan" and q.currentRow() == 3
    qtbot.keyClick(q, Qt.Key.Key_Insert)  # a new question under it, being typed
    type_in_cell(qtbot, q, "Contoh kasus sesuai pekerjaan di loket")
    q.setCurrentCell(0, 0)
    qtbot.keyClick(q, Qt.Key.Key_Delete)  # "Materi bermanfaat…" had an answer
    assert q.rowCount() == 5
    prompts.answer = False
    with unchanged():
        qtbot.keyClick(q, Qt.Key.Key_S, CTRL)
    assert prompts.shown[-1][:2] == ("confirm", "Hapus pertanyaan yang sudah dijawab")
    assert "“Materi bermanfaat untuk pekerjaan saya” (1 jawaban)" in prompts.shown[-1][2]
    assert tab.has_unsaved_changes()
    prompts.answer = True
    with loaded(qtbot, tab):
        tab.save_questions_button.click()
    assert [r[0] for r in sql("SELECT text FROM coaching_question ORDER BY position")] == [
        "Fasilitator menyampaikan dengan jelas", "Metode (diskusi, simulasi) membantu saya memahami",
        "Saya akan menerapkan hasilnya dalam pelayanan", "Contoh kasus sesuai pekerjaan di loket",
        "Waktu dan tempat memadai"]
    assert sql("SELECT COUNT(*) FROM coaching_feedback") == [(4,)]
    assert [q.item(r, 1).text() for r in range(5)] == ["1 jawaban", "1 jawaban", "1 jawaban", "—", "1 jawaban"]
    assert tab.tabs.tabText(3) == "Pertan&yaan (5)"
    # an empty question is refused and the cursor goes to it
    q.setCurrentCell(1, 0)
    q.editItem(q.item(1, 0))
    q.focusWidget().selectAll()
    qtbot.keyClick(q.focusWidget(), Qt.Key.Key_Delete)
    type_in_cell(qtbot, q, "")
    q.setCurrentCell(4, 0)
    with unchanged():
        tab.question_editor.save()
    assert tab.questions_message.text() == "Pertanyaan 2 kosong; tulis pertanyaannya atau hapus barisnya."
    assert q.currentRow() == 1
