"""After a write, the GUI announces *what* changed; pages refresh on that instead of calling each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

EMPLOYEES = "employees"
UNITS = "units"
SETTINGS = "settings"
SKP = "skp"
APPRAISAL = "appraisal"
DEVELOPMENT = "development"
CONSEQUENCES = "consequences"  # rewards and sanctions
TPP = "tpp"
PROMOTION = "promotion"
RECEIVED = "received"  # packages from other offices (konsolidasi)
ALL = frozenset({EMPLOYEES, UNITS, SETTINGS, SKP, APPRAISAL, DEVELOPMENT, CONSEQUENCES, TPP, PROMOTION, RECEIVED})


class ChangeHub(QObject):
    """Announces changed areas. ``ready`` is False until the database is open: pages load only then."""

    changed = Signal(object)  # frozenset of area names

    def __init__(self, parent: QObject | None = None, ready: bool = True):
        super().__init__(parent)
        self.ready = ready

    def announce(self, *areas: str) -> None:
        self.changed.emit(frozenset(areas))

    def open(self) -> None:
        """The database has been opened: everything there is to show is new."""
        self.ready = True
        self.announce(*ALL)
