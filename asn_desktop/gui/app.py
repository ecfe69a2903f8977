"""Start the GUI: the application object, the window, the database (opened after the first paint),
the first-run choice, screenshots."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QApplication

from asn_desktop.paths import resource
from asn_desktop.services import location

from . import changes
from .main_window import MainWindow

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    QCoreApplication.setOrganizationName("ASN Desktop")
    QCoreApplication.setApplicationName("ASN Desktop")
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))
    return app  # type: ignore[return-value]


def user_settings() -> QSettings:
    return QSettings(str(location.config_file()), QSettings.Format.IniFormat)


def open_in_background(
    window: MainWindow, path: Path, on_open: Callable[[object], None], on_refused: Callable[[str], None]
) -> None:
    """Open (create, upgrade) the database in a worker; the window is already on screen meanwhile.

    The store (peewee, migrations) is first imported here, off the GUI thread.
    """

    def open_(_progress):
        from asn_desktop.services import database

        return database.open_database(path)

    def opened(result) -> None:
        log.info("database opened: %s (schema %s -> %s)", result.path, result.version_before, result.version)
        window.hub.open()
        if result.upgrade_backup is not None:
            window.statusBar().showMessage(
                f"Basis data diperbarui ke versi baru; salinan lama disimpan di {result.upgrade_backup}", 15000
            )
        on_open(result)

    def failed(err: BaseException) -> None:
        if isinstance(err, location.StoreError):
            on_refused(str(err))
            return
        log.error("database could not be opened", exc_info=err)
        on_refused(f"Basis data {path} tidak dapat dibuka: {err}")

    window.statusBar().showMessage(f"Membuka {path} …")
    window.background.run(open_, opened, failed)


def run(db: str | None = None, screenshot: str | None = None, page: str = "beranda") -> int:
    path = location.resolve_db_path(db)
    app = make_app()
    log.info("starting with database %s", path)
    window = MainWindow(path, user_settings(), hub=changes.ChangeHub(ready=False))
    if screenshot:
        return take_screenshot(app, window, path, Path(screenshot), page)
    window.show()

    def opened(_result) -> None:
        window.statusBar().clearMessage()
        from .firstrun import offer_first_run

        offer_first_run(window)

    def refused(message: str) -> None:
        window.prompts.error(window, "Basis data tidak dapat dibuka", message)
        app.exit(1)

    open_in_background(window, path, opened, refused)
    code = app.exec()
    from asn_desktop.services import database

    database.close_database()
    return code


def take_screenshot(app: QApplication, window: MainWindow, path: Path, out: Path, page: str) -> int:
    """Show the window, open the database, render ``page`` with its data, save a PNG."""
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    refusals: list[str] = []
    open_in_background(window, path, lambda _r: window.statusBar().clearMessage(), refusals.append)
    window.show_page(page)
    window.background.wait_idle()
    app.processEvents()
    if refusals:
        window.close()
        print(f"Ditolak: {refusals[0]}", file=sys.stderr)
        return 1
    ok = window.grab().save(str(out))
    window.close()
    from asn_desktop.services import database

    database.close_database()
    if not ok:
        print(f"Gambar tidak dapat disimpan ke {out}", file=sys.stderr)
        return 1
    return 0
