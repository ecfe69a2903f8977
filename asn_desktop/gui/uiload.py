"""Load the Qt Designer layouts in ``ui/`` into the widgets that own them."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from asn_desktop.paths import ui_file

T = TypeVar("T", bound=QObject)

_loader: QUiLoader | None = None


def load_into(host: QWidget, name: str) -> QWidget:
    """Load ``ui/<name>`` and place it as the only content of ``host``. Returns the loaded widget."""
    global _loader
    if _loader is None:
        _loader = QUiLoader()
    f = QFile(str(ui_file(name)))
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"layout {name} not found at {ui_file(name)}")
    try:
        widget = _loader.load(f, host)
    finally:
        f.close()
    if widget is None:
        raise RuntimeError(f"layout {name} could not be loaded: {_loader.errorString()}")
    layout = host.layout() or QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    return widget


def child(root: QObject, kind: type[T], name: str) -> T:
    """The named child of a loaded layout; a missing one is a bug, so it raises."""
    found = root.findChild(kind, name)
    if found is None:
        raise LookupError(f"{kind.__name__} '{name}' missing from layout")
    return found
