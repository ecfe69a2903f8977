"""The main window: sidebar navigation over the pages that work, remembered size and position."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asn_desktop import __version__

from . import changes
from .ops import Background
from .prompts import Prompts
from .uiload import child, load_into

log = logging.getLogger(__name__)

PAGE_TITLES = {"beranda": "Beranda", "pegawai": "Pegawai", "skp": "SKP", "penilaian": "Penilaian", "pelatihan": "Pelatihan",
               "penghargaan": "Penghargaan & Sanksi", "laporan": "Laporan"}


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
        self._painted = False
        self.prompts = prompts or Prompts()
        self.hub = hub or changes.ChangeHub(self)
        self.background = background or Background()
        self.setWindowTitle(f"ASN Desktop — {db_path.name}")
        self.setMinimumSize(960, 600)
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

        # each page is built the first time it is shown (start-up builds only the first one)
        self._pages: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}
        for key in PAGE_TITLES:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[key] = holder
            self.stack.addWidget(holder)
            item = QListWidgetItem(PAGE_TITLES[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._page_chosen)
        self.nav.blockSignals(True)  # the first page is built just after the window is first shown
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.hub.changed.connect(self._on_changed)
        self._make_menu()
        self._restore_geometry()
        if self.hub.ready:
            self._update_office()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # a start-up step worth knowing (and what the start-up benchmark reads with -v)
            log.info("main window first painted at %.3f (epoch seconds)", time.time())
            # the first page is built right after the window is on screen, not before
            QTimer.singleShot(0, self._build_current_page)

    def _make_menu(self) -> None:
        berkas = self.menuBar().addMenu("&Berkas")
        import_action = QAction("&Impor pegawai dari Excel…", self)
        import_action.triggered.connect(self.import_employees)
        berkas.addAction(import_action)
        export_action = QAction("&Ekspor ke Excel…", self, shortcut=QKeySequence("Ctrl+E"))
        export_action.setToolTip("Rekap, paket, daftar pelatihan, formulir SKP atau dokumen evaluasi sebagai buku kerja Excel (Ctrl+E)")
        export_action.triggered.connect(self.export_workbook)
        berkas.addAction(export_action)
        berkas.addSeparator()
        quit_action = QAction("&Keluar", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        berkas.addAction(quit_action)
        halaman = self.menuBar().addMenu("&Halaman")
        for i, key in enumerate(PAGE_TITLES):
            action = QAction(PAGE_TITLES[key], self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, k=key: self.go_to(k))
            halaman.addAction(action)
        halaman.addSeparator()
        profile_action = QAction("&Profil pegawai…", self, shortcut=QKeySequence("Ctrl+Shift+P"))
        profile_action.setToolTip("Seluruh catatan pegawai yang dipilih di daftar halaman ini (Ctrl+Shift+P)")
        profile_action.triggered.connect(self.open_profile)
        halaman.addAction(profile_action)
        reload_action = QAction("&Muat ulang data", self, shortcut=QKeySequence.StandardKey.Refresh)
        reload_action.setToolTip("Tampilkan perubahan yang dibuat di jendela atau komputer lain (F5)")
        reload_action.triggered.connect(self.reload_all)
        halaman.addAction(reload_action)
        bantuan = self.menuBar().addMenu("Ba&ntuan")
        bantuan.addAction(QAction("&Tentang ASN Desktop", self, triggered=self._about))

    def export_workbook(self) -> None:
        """Berkas › Ekspor ke Excel."""
        from .dialogs import open_dialog
        from .export import ExportDialog

        open_dialog(ExportDialog(self, self.background, self.prompts), lambda: None)

    def import_employees(self) -> None:
        """Berkas › Impor pegawai: on the Pegawai page, which shows the new employees when done."""
        self.go_to("pegawai")
        self.page("pegawai").import_employees()

    def open_profile(self) -> None:
        """Profil pegawai of the employee selected in the current page's list (Ctrl+Shift+P)."""
        current = getattr(self._pages.get(self.current_page_key()), "current_employee_id", None)
        employee_id = current() if current is not None else None
        if employee_id is None:
            self.prompts.info(self, "Profil pegawai", "Pilih pegawai di daftar dulu.")
            return
        from asn_desktop.services.common import DomainError

        from .profile import ProfileDialog

        try:
            dialog = ProfileDialog(self, employee_id)
        except DomainError as err:
            self.prompts.error(self, "Profil pegawai", err.message)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _about(self) -> None:
        self.prompts.info(
            self,
            "Tentang ASN Desktop",
            f"ASN Desktop {__version__}\nPengelolaan kinerja ASN untuk kantor pemerintah daerah, tanpa internet.",
        )

    def _on_changed(self, areas: frozenset[str]) -> None:
        if changes.SETTINGS in areas:
            self._update_office()

    def _update_office(self) -> None:
        def load(_progress) -> str:
            from asn_desktop.services.database import office_name

            return office_name()

        self.background.run(load, self.office_label.setText, lambda err: log.warning("office name: %s", err))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        # normally the first paint builds the page; should no paint come (a window started hidden
        # behind others on some desktops), build it shortly anyway
        QTimer.singleShot(300, self._build_current_page)

    def _build_current_page(self) -> None:
        if list(PAGE_TITLES)[self.nav.currentRow()] not in self._pages:
            self._page_chosen(self.nav.currentRow())

    def page(self, key: str) -> QWidget:
        """The page, built now if it has not been shown yet."""
        if key not in self._pages:
            if key == "beranda":
                from .beranda import BerandaPage  # pages are imported and built when first shown

                page: QWidget = BerandaPage(self.hub, self.background, self.prompts, parent=self._holders[key])
                page.open_pegawai.connect(lambda: self.show_page("pegawai"))
                page.open_distribution.connect(self._show_distribution)
            elif key == "pegawai":
                from .pegawai import PegawaiPage

                # made inside its holder: a widget moved into a window later loses its own tab order
                page = PegawaiPage(self.hub, self.background, self.prompts, parent=self._holders[key])
            elif key == "skp":
                from .skp import SkpPage

                page = SkpPage(self.hub, self.background, self.prompts, parent=self._holders[key])
            elif key == "penilaian":
                from .penilaian import PenilaianPage

                page = PenilaianPage(self.hub, self.background, self.prompts, parent=self._holders[key])
            elif key == "pelatihan":
                from .pelatihan import PelatihanPage

                page = PelatihanPage(self.hub, self.background, self.prompts, parent=self._holders[key])
            elif key == "penghargaan":
                from .penghargaan import PenghargaanPage

                page = PenghargaanPage(self.hub, self.background, self.prompts, parent=self._holders[key])
            else:
                from .laporan import LaporanPage

                page = LaporanPage(self.hub, self.background, self.prompts, parent=self._holders[key])
            self._holders[key].layout().addWidget(page)
            self._pages[key] = page
        return self._pages[key]

    def _show_distribution(self, unit_id: int) -> None:
        self.show_page("penilaian")
        self.page("penilaian").show_unit_distribution(unit_id)  # type: ignore[attr-defined]

    def _page_chosen(self, row: int) -> None:
        key = list(PAGE_TITLES)[row]
        self.page(key)
        self.stack.setCurrentIndex(row)

    def reload_all(self) -> None:
        """Read everything again: another window or computer may have changed the database."""
        if self.hub.ready:
            self.hub.announce(*changes.ALL)

    def go_to(self, key: str) -> None:
        """Open a page from the keyboard (menu, Ctrl+1…): the keyboard moves into the page too."""
        self.show_page(key)
        self.page(key).focus_first()  # type: ignore[attr-defined]  # every page has it

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(PAGE_TITLES).index(key))

    def current_page_key(self) -> str:
        return list(PAGE_TITLES)[self.stack.currentIndex()]

    # ------------------------------------------------------------------------------ size and position
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        unsaved = [k for k, p in self._pages.items() if getattr(p, "has_unsaved_changes", lambda: False)()]
        if unsaved and not self.prompts.confirm(
            self, "Perubahan belum disimpan",
            f"Ada perubahan di halaman {PAGE_TITLES[unsaved[0]]} yang belum disimpan. Tutup tanpa menyimpan?",
            yes="Tutup tanpa menyimpan", no="Kembali",
        ):
            self.go_to(unsaved[0])
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        self.background.wait_idle()
        super().closeEvent(event)
