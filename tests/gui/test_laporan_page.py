"""The Laporan page as a person would use it at a kabupaten office: Ctrl+7, import two offices' packages at once,
read what came in and the report (a NIP claimed twice), accept a changed package with a reason, send everything
upward as one package."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from asn_desktop.exchange import paket as px
from asn_desktop.services import paket
from asn_desktop.store import settings as store_settings

from .conftest import open_page

YEAR = dt.date.today().year


def test_import_packages_read_them_and_send_them_upward(qtbot, office, window, prompts, tmp_path):
    files = []
    for name in ("Kecamatan Alfa", "Kecamatan Beta"):
        store_settings.put("office.name", name)
        files.append(str(tmp_path / f"{name}.xlsx"))
        paket.export_paket(YEAR, files[-1])
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "laporan"
    page = open_page(qtbot, window, "laporan")
    assert page.stack.currentWidget() is page.empty and "Belum ada paket" in page.empty.text()
    assert not page.send_button.isEnabled()

    prompts.files = [files]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    report = page.report.toPlainText()
    assert report.count("✔ ") == 2 and "3 NIP juga diaku kantor lain (tidak digabung)" in report
    assert "juga dikirim oleh Kecamatan Alfa" in report
    assert page.table.rowCount() == 2 and page.table.item(0, 0).text() == "Kecamatan Alfa"
    assert page.table.item(0, 1).text() == "3"

    wb = load_workbook(files[1])  # Beta sends a corrected file by hand: changed since export
    wb["Pegawai"]["H2"].value = "IV/b"
    wb.save(files[1])
    prompts.files = [[files[1]]]
    prompts.texts = ["Koreksi golongan lewat surat 12/2026"]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "diterima walau berubah" in page.report.toPlainText(), timeout=10_000)
    ask = next(x for x in reversed(prompts.shown) if x[0] == "ask")
    assert ask[1] == "Terima paket yang berubah?" and "Kecamatan Beta.xlsx berubah sejak diekspor" in ask[2]
    qtbot.waitUntil(lambda: "Koreksi golongan" in page.table.item(1, page.table.columnCount() - 1).text(),
                    timeout=10_000)
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Kecamatan Beta")
    assert "Koreksi golongan" in page.table.item(row, page.table.columnCount() - 1).text()

    out = tmp_path / "ke-atas.xlsx"
    prompts.files = [str(out)]
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: prompts.shown[-1][0] == "info", timeout=10_000)
    assert prompts.shown[-1][2].startswith(f"Paket konsolidasi {YEAR}: 6 pegawai")
    assert px.read_paket(out).changed == []
