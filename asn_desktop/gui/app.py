"""Start the GUI: the application object, the database, the first-run choice, screenshots."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from asn_desktop.paths import resource
from asn_desktop.services import database

from . import changes
from .dialogs import FirstRunDialog
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
    return QSettings(str(database.config_file()), QSettings.Format.IniFormat)


def offer_first_run(window: MainWindow) -> FirstRunDialog | None:
    """On the first start on an empty database: a demo office or an empty start. Returns the dialog shown."""
    if not database.needs_first_run_choice():
        return None
    dialog = FirstRunDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda result: _first_run_chosen(window, result, dialog.wants_demo, dialog.employees))
    dialog.open()
    return dialog


def _first_run_chosen(window: MainWindow, result: int, wants_demo: bool, count: int) -> None:
    if result != QDialog.DialogCode.Accepted or not wants_demo:
        database.mark_first_run_done()
        window.show_page("pegawai")
        return
    from asn_desktop.services import demo  # only needed here: keeps start-up light

    def build(progress):
        return demo.build_demo(employees=count, progress=progress.update, cancelled=progress.cancelled)

    def done(result) -> None:
        window.hub.announce(*changes.ALL)
        window.statusBar().showMessage(
            f"Kantor contoh dibuat: {result.units} unit, {result.employees} pegawai.", 8000
        )

    def failed(err: BaseException) -> None:
        if isinstance(err, demo.DemoCancelled):
            window.statusBar().showMessage("Pembuatan kantor contoh dibatalkan; basis data tetap kosong.", 8000)
            return
        window.prompts.error(window, "Kantor contoh gagal dibuat", str(err))

    window.background.run(
        build, done, failed, parent=window, label=f"Membuat kantor contoh dengan {count} pegawai…", cancellable=True
    )


def run(db: str | None = None, screenshot: str | None = None, page: str = "beranda") -> int:
    path = database.resolve_db_path(db)
    app = make_app()
    log.info("starting with database %s", path)
    try:
        opened = database.open_database(path)
    except database.StoreError as err:
        if screenshot:
            print(f"Ditolak: {err}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "Basis data tidak dapat dibuka", str(err))
        return 1
    if opened.upgrade_backup is not None:
        log.info("database upgraded; backup at %s", opened.upgrade_backup)
    window = MainWindow(path, user_settings())
    if screenshot:
        return take_screenshot(app, window, Path(screenshot), page)
    window.show()
    if opened.upgrade_backup is not None:
        window.statusBar().showMessage(
            f"Basis data diperbarui ke versi baru; salinan lama disimpan di {opened.upgrade_backup}", 15000
        )
    offer_first_run(window)
    code = app.exec()
    database.close_database()
    return code


def take_screenshot(app: QApplication, window: MainWindow, out: Path, page: str) -> int:
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
    window.resize(1280, 800)
    window.show_page(page)
    window.show()
    app.processEvents()
    window.background.wait_idle()
    app.processEvents()
    ok = window.grab().save(str(out))
    window.close()
    database.close_database()
    if not ok:
        print(f"Gambar tidak dapat disimpan ke {out}", file=sys.stderr)
        return 1
    return 0
