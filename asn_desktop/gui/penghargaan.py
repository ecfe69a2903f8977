"""Halaman Penghargaan dan Sanksi: what follows from appraisal — rewards, disciplinary sanctions, the monthly
performance allowance (TPP) and performance-based promotion, one tab each (their own modules)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSpinBox, QTabWidget, QWidget

from . import changes
from .ops import Background
from .prompts import Prompts
from .uiload import child, load_into


class PenghargaanPage(QWidget):
    loaded = Signal()  # the tab on screen has its data

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = f = load_into(self, "penghargaan_page.ui")
        child(f, QLabel, "titleLabel").setProperty("role", "title")
        self.year = child(f, QSpinBox, "yearSpin")
        self.tabs = child(f, QTabWidget, "mainTabs")
        self.year.setValue(dt.date.today().year)
        self.parts: dict[str, QWidget] = {}
        for key, title, make in self._tab_makers():
            tab = make(hub, background, prompts, parent=self.tabs)
            tab.set_year(self.year.value())
            tab.loaded.connect(self._tab_loaded)
            self.tabs.addTab(tab, title)
            self.parts[key] = tab
        self.year.valueChanged.connect(self._year_changed)

    @staticmethod
    def _tab_makers():
        from .promosi import PromotionTab
        from .rewards import RewardsTab, SanctionsTab
        from .tpp import TppTab

        return (("penghargaan", "Penghargaan", RewardsTab), ("sanksi", "Hukuman disiplin", SanctionsTab),
                ("tpp", "TPP", TppTab), ("promosi", "Promosi", PromotionTab))

    def _tab_loaded(self) -> None:
        if self.sender() is self.tabs.currentWidget():
            self.loaded.emit()

    def _year_changed(self, year: int) -> None:
        for tab in self.parts.values():
            tab.set_year(year)  # type: ignore[attr-defined]

    def current_tab(self) -> QWidget:
        return self.tabs.currentWidget()

    def focus_first(self) -> None:
        self.current_tab().focus_first()  # type: ignore[attr-defined]

    def reload(self) -> None:
        self.hub.announce(*changes.ALL)

    def has_unsaved_changes(self) -> bool:
        return any(t.has_unsaved_changes() for t in self.parts.values())  # type: ignore[attr-defined]

    def current_employee_id(self) -> int | None:
        return self.current_tab().current_employee_id()  # type: ignore[attr-defined]

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.parts[key])
        self.tabs.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)
