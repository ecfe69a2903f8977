"""The upward package: written with an Info sheet that names the office and holds a row count and SHA-256 per data
sheet; read back, every sheet matches; a changed cell is recognised; damaged or foreign files are refused with
file, sheet, row and column."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import load_workbook

from asn_desktop.exchange import paket as px
from asn_desktop.exchange.sheets import Cancelled, ExchangeError
from asn_desktop.services import consequences as cs
from asn_desktop.services import paket
from asn_desktop.store import settings as store_settings

from .helpers import sql, unchanged
from .test_tpp import office  # noqa: F401 (fixture: SKPs approved, Rina's annual predikat final)
from .test_workplans import YEAR


@pytest.fixture
def written(office, tmp_path):  # noqa: F811
    org = office
    store_settings.put("office.name", "Pemerintah Kabupaten Contoh")
    sql("UPDATE employee SET name = ? WHERE id = ?", "=1+1 Dewi", org.staf2)  # text that looks like a formula
    cs.record_reward(cs.RewardInput(org.staf, "insentif", "Insentif kinerja", dt.date(YEAR, 8, 1), "900/1",
                                    amount=1_500_000))
    out = tmp_path / "paket.xlsx"
    counts = paket.export_paket(YEAR, out)
    return org, out, counts


def test_the_package_reads_back_whole_with_nip_and_text_exact(written):
    org, out, counts = written
    assert counts["Pegawai"] == 7 and counts["Unit"] == 7 and counts["SKP"] == 4 and counts["Penghargaan"] == 1
    wb = load_workbook(out)
    assert wb.sheetnames == ["Info", *px.SHEETS]
    info = {r[0].value: r[1].value for r in wb["Info"].iter_rows()}
    assert (info["Format"], info["Versi format"], info["Tahun"]) == (px.FORMAT_NAME, 1, YEAR)
    assert info["Kantor"] == "Pemerintah Kabupaten Contoh" and info["Baris Pegawai"] == 7
    assert len(info["SHA-256 Pegawai"]) == 64
    nips = {r[0] for r in sql("SELECT nip FROM employee")}
    read = px.read_paket(out)
    assert read.changed == []
    assert {v[0] for _n, v in read.sheets["Pegawai"]} == nips  # 18 digits, as text
    names = {v[1] for _n, v in read.sheets["Pegawai"]}
    assert "=1+1 Dewi" in names
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    rina = next(v for _n, v in read.sheets["Evaluasi"] if v[2] == "Ya")
    assert rina[6] == "Butuh Perbaikan" and rina[3] == "final"
    reward = read.sheets["Penghargaan"][0][1]
    assert reward[3] == dt.datetime(YEAR, 8, 1) and reward[6] == 1_500_000


def test_a_changed_cell_is_recognised_by_its_sheet(written):
    _org, out, _counts = written
    wb = load_workbook(out)
    wb["Pegawai"]["G2"].value = "PPPK"
    wb.save(out)
    assert px.read_paket(out).changed == ["Pegawai"]


def test_broken_packages_are_refused_with_the_place_named(written, tmp_path):
    _org, out, _counts = written
    wb = load_workbook(out)
    del wb["Hukuman"]
    wb["SKP"]["C1"].value = "Keadaan"
    wb["Evaluasi"].sheet_state = "hidden"
    wb["Unit"]["E3"].value = "tambahan"
    broken = tmp_path / "rusak.xlsx"
    wb.save(broken)
    with pytest.raises(ExchangeError) as err:
        px.read_paket(broken)
    found = {(p.sheet, p.row, p.column) for p in err.value.problems}
    assert ("Hukuman", None, "") in found and ("SKP", 1, "") in found and ("Evaluasi", None, "") in found
    assert ("Unit", 3, "E") in found
    assert "judul kolom tidak sesuai (Status)" in str(err.value)
    other = tmp_path / "lain.xlsx"
    wb2 = load_workbook(out)
    wb2["Info"]["B1"].value = "Program lain"
    wb2.save(other)
    with pytest.raises(ExchangeError, match="bukan paket ASN Desktop"):
        px.read_paket(other)
    cut = tmp_path / "potong.xlsx"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    with pytest.raises(ExchangeError, match="rusak"):
        px.read_paket(cut)


def test_a_cancelled_package_leaves_no_file(office, tmp_path):  # noqa: F811
    folder = tmp_path / "keluar"
    folder.mkdir()
    with unchanged(), pytest.raises(Cancelled):
        paket.export_paket(YEAR, folder / "paket.xlsx", cancelled=lambda: True)
    assert list(folder.iterdir()) == []
