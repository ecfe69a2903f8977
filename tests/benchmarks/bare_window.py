"""The start-up floor: the least a PySide6 program must do to put a 1280x800 window on screen.

Starts a QApplication, shows a QMainWindow with one QLabel, lets the event loop lay it out and paint
it, grabs it to a PNG and exits. At its first paint it prints ``first painted at EPOCH`` on stderr, as
the app logs it with ``-v``. ``run.py`` times both from process start to first paint and to exit, next
to ``python -m asn_desktop --screenshot``, which does the same plus opening the database and loading
the office data.

Usage: ``python tests/benchmarks/bare_window.py OUT.png``
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class BareWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            print(f"first painted at {time.time():.3f}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: bare_window.py OUT.png", file=sys.stderr)
        return 2
    app = QApplication(argv[:1])
    window = BareWindow()
    window.setWindowTitle("Bare window")
    label = QLabel("ASN Desktop", window)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.setCentralWidget(label)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    ok = window.grab().save(argv[1])
    window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
