"""Every message box and question goes through here, so tests can answer them (qutebrowser's bridge)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


class Prompts:
    """The real dialogs. Tests pass an object with the same methods that records and answers."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self._show(QMessageBox.Icon.Warning, parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self._show(QMessageBox.Icon.Information, parent, title, text)

    @staticmethod
    def _show(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        box.exec()

    def confirm(self, parent: QWidget | None, title: str, text: str, yes: str = "Ya", no: str = "Batal") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        yes_btn = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        no_btn = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no_btn)
        box.setEscapeButton(no_btn)
        box.exec()
        return box.clickedButton() is yes_btn

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A line of text from the user (a note, a reason); ``None`` if cancelled."""
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setOkButtonText("OK")
        dialog.setCancelButtonText("Batal")
        dialog.resize(480, dialog.sizeHint().height())
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()

    def ask_open_file(self, parent: QWidget | None, title: str, file_filter: str) -> str | None:
        """A file to read; ``None`` if cancelled."""
        name, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
        return name or None

    def ask_save_file(self, parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
        """Where to write a file (the dialog asks before replacing one); ``None`` if cancelled."""
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return name or None

    def ask_open_files(self, parent: QWidget | None, title: str, file_filter: str) -> list[str]:
        """Files to read (several may be chosen); empty if cancelled."""
        names, _ = QFileDialog.getOpenFileNames(parent, title, "", file_filter)
        return list(names)
