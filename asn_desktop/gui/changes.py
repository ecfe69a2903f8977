"""After a write, the GUI announces *what* changed; pages refresh on that instead of calling each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

EMPLOYEES = "employees"
UNITS = "units"
SETTINGS = "settings"
ALL = frozenset({EMPLOYEES, UNITS, SETTINGS})


class ChangeHub(QObject):
    changed = Signal(object)  # frozenset of area names

    def announce(self, *areas: str) -> None:
        self.changed.emit(frozenset(areas))
