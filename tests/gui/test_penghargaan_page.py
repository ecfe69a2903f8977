"""The Penghargaan & Sanksi page holds its four tabs; the year reaches them all; the profile opens from them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from asn_desktop.gui.profile import ProfileDialog
from asn_desktop.services import consequences as cs

from .conftest import find_dialog


def test_the_page_has_its_four_tabs_and_passes_the_year_on(qtbot, office, window):
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "penghargaan"
    page = window.page("penghargaan")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Penghargaan", "Hukuman disiplin", "TPP", "Promosi"]
    page.focus_first()
    qtbot.waitUntil(lambda: page.tabs.currentWidget().isAncestorOf(window.focusWidget()))
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # as in every page
    assert page.tabs.currentIndex() == 1
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.tabs.currentIndex() == 0
    page.year.setValue(2025)
    assert all(t.year == 2025 for t in page.parts.values() if hasattr(t, "year") and isinstance(t.year, int))


def test_the_profile_opens_for_the_person_chosen_in_a_tab(qtbot, office, window, prompts):
    cs.record_sanction(cs.SanctionInput(office.siti.id, "teguran_tertulis", "862/1", dt.date.today(), dt.date.today()))
    window.show_page("penghargaan")
    page = window.page("penghargaan")
    page.show_tab("sanksi")
    tab = page.current_tab()
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1, timeout=5000)
    tab.table.setFocus()
    tab.table.selectRow(0)
    assert tab.current_employee_id() == office.siti.id
    window.open_profile()  # Ctrl+Shift+P
    dialog = find_dialog(ProfileDialog)
    assert dialog is not None and dialog.header_name.text() == "Siti Rahmawati, S.K.M."
    dialog.reject()
