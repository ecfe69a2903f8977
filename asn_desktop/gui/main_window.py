"""The main window: sidebar navigation over the pages that work, remembered size and position."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget

from asn_desktop import __version__
from asn_desktop.services import database

from . import changes
from .beranda import BerandaPage
from .ops import Background
from .pegawai import PegawaiPage
from .prompts import Prompts
from .uiload import child, load_into

PAGE_TITLES = {"beranda": "Beranda", "pegawai": "Pegawai"}


class MainWindow(QMainWindow):
    def __init__(
        self,
        db_path: Path,
        settings: QSettings,
        prompts: Prompts | None = None,
        hub: changes.ChangeHub | None = None,
        background: Background | None = None,
    ):
        super().__init__()
        self.settings = settings
        self.prompts = prompts or Prompts()
        self.hub = hub or changes.ChangeHub(self)
        self.background = background or Background()
        self.setWindowTitle(f"ASN Desktop — {db_path.name}")
        self.setMinimumSize(960, 600)
        from PySide6.QtWidgets import QWidget

        central = QWidget(self)
        self.setCentralWidget(central)
        content = load_into(central, "main_window.ui")
        self.nav = child(content, QListWidget, "navList")
        self.stack = child(content, QStackedWidget, "pages")
        child(content, QWidget, "sidebar").setProperty("role", "sidebar")
        child(content, QWidget, "sidebar").setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        child(content, QLabel, "appTitle").setProperty("role", "appTitle")
        self.office_label = child(content, QLabel, "officeLabel")
        self.office_label.setProperty("role", "muted")
        db_label = child(content, QLabel, "dbLabel")
        db_label.setProperty("role", "muted")
        db_label.setText(f"Basis data:\n{db_path}")

        self.pages = {
            "beranda": BerandaPage(self.hub, self.background, self.prompts),
            "pegawai": PegawaiPage(self.hub, self.background, self.prompts),
        }
        for key, page in self.pages.items():
            self.stack.addWidget(page)
            item = QListWidgetItem(PAGE_TITLES[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.pages["beranda"].open_pegawai.connect(lambda: self.show_page("pegawai"))
        self.hub.changed.connect(lambda _a: self._update_office())
        self._update_office()
        self._make_menu()
        self.show_page("beranda")
        self._restore_geometry()

    def _make_menu(self) -> None:
        berkas = self.menuBar().addMenu("&Berkas")
        quit_action = QAction("&Keluar", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        berkas.addAction(quit_action)
        halaman = self.menuBar().addMenu("&Halaman")
        for i, key in enumerate(self.pages):
            action = QAction(PAGE_TITLES[key], self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, k=key: self.show_page(k))
            halaman.addAction(action)
        bantuan = self.menuBar().addMenu("Ba&ntuan")
        bantuan.addAction(QAction("&Tentang ASN Desktop", self, triggered=self._about))

    def _about(self) -> None:
        self.prompts.info(
            self,
            "Tentang ASN Desktop",
            f"ASN Desktop {__version__}\nPengelolaan kinerja ASN untuk kantor pemerintah daerah, tanpa internet.",
        )

    def _update_office(self) -> None:
        self.office_label.setText(database.office_name())

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def current_page_key(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    # ------------------------------------------------------------------------------ size and position
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        self.background.wait_idle()
        super().closeEvent(event)
