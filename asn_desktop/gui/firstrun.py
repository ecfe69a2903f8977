"""The first start on an empty database: offer a demo office or an empty start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from asn_desktop.services import database, demo

from . import changes, fmt
from .dialogs import FirstRunDialog
from .main_window import MainWindow


def offer_first_run(window: MainWindow) -> FirstRunDialog | None:
    """Show the choice if this is the first start on an empty database. Returns the dialog shown."""
    if not database.needs_first_run_choice():
        return None
    dialog = FirstRunDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda result: _chosen(window, result, dialog.wants_demo, dialog.employees))
    dialog.open()
    return dialog


def _chosen(window: MainWindow, result: int, wants_demo: bool, count: int) -> None:
    if result != QDialog.DialogCode.Accepted or not wants_demo:
        database.mark_first_run_done()
        window.go_to("pegawai")  # where an empty office starts: its units and employees, Tambah unit focused
        return

    def build(progress):
        return demo.build_demo(employees=count, progress=progress.update, cancelled=progress.cancelled)

    def done(result: demo.DemoResult) -> None:
        window.hub.announce(*changes.ALL)
        window.statusBar().showMessage(
            f"Kantor contoh dibuat: {fmt.number(result.units)} unit, {fmt.number(result.employees)} pegawai.", 8000
        )

    def failed(err: BaseException) -> None:
        if isinstance(err, demo.DemoCancelled):
            window.statusBar().showMessage("Pembuatan kantor contoh dibatalkan; basis data tetap kosong.", 8000)
            return
        window.prompts.error(window, "Kantor contoh gagal dibuat", str(err))

    window.background.run(
        build, done, failed, parent=window, label=f"Membuat kantor contoh dengan {fmt.number(count)} pegawai…", cancellable=True
    )
