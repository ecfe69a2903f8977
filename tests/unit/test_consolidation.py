"""Konsolidasi: packages from several offices imported into the province's database in one step; the same file
twice changes nothing; a new package replaces the office's earlier one; a changed file is refused unless
accepted with a reason that is recorded; a NIP claimed by two offices is reported, not merged; a refused file
writes nothing."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from asn_desktop.services import consolidation as co
from asn_desktop.services import database, paket
from asn_desktop.store import settings as store_settings

from .helpers import sql, unchanged
from .test_tpp import office  # noqa: F401 (fixture)
from .test_workplans import YEAR


@pytest.fixture
def packages(office, tmp_path):  # noqa: F811
    """Two offices' packages of the same people (so every NIP is claimed twice), then the province's empty
    database open."""
    out = {}
    for name in ("Kabupaten Alfa", "Kabupaten Beta"):
        store_settings.put("office.name", name)
        out[name] = tmp_path / f"{name}.xlsx"
        paket.export_paket(YEAR, out[name])
    database.close_database()
    database.open_database(tmp_path / "provinsi.db")
    return out


def test_several_offices_in_one_step_with_claims_reported(packages):
    results = co.import_pakets([packages["Kabupaten Alfa"], packages["Kabupaten Beta"]])
    assert [r.outcome for r in results] == ["baru", "baru"]
    assert results[0].conflicts == () and len(results[1].conflicts) == 7
    assert results[1].conflicts[0].endswith("juga dikirim oleh Kabupaten Alfa")
    assert [(s.office, s.employees) for s in co.submissions(YEAR)] == [("Kabupaten Alfa", 7), ("Kabupaten Beta", 7)]
    rows = sql("SELECT count(*), count(DISTINCT nip) FROM paket_employee")[0]
    assert rows == (14, 7)  # both offices' rows kept, nothing merged
    view = {s.office: s for s in co.summary(YEAR)}
    assert view["Kabupaten Alfa"].predikat == {"Butuh Perbaikan": 1} and view["Kabupaten Alfa"].employees == 7


def test_the_same_file_twice_changes_nothing_and_a_new_one_replaces(packages, tmp_path):
    alfa = packages["Kabupaten Alfa"]
    co.import_paket(alfa)
    with unchanged():
        again = co.import_paket(alfa)
    assert again.outcome == "sama" and "tidak ada yang berubah" in again.message
    wb = load_workbook(alfa)  # a new export of the same office: one employee left (a row fewer), Info updated
    ws = wb["Pegawai"]
    ws.delete_rows(ws.max_row)
    info = {r[0].value: r[1] for r in wb["Info"].iter_rows()}
    from asn_desktop.exchange import paket as px

    rows = [tuple(c.value for c in r) for r in ws.iter_rows(min_row=2)]
    digest = px.Digest(px.SHEETS["Pegawai"])
    for r in rows:
        digest.add(r)
    info["Baris Pegawai"].value, info["SHA-256 Pegawai"].value = len(rows), digest.hexdigest()
    newer = tmp_path / "alfa-baru.xlsx"
    wb.save(newer)
    result = co.import_paket(newer)
    assert result.outcome == "mengganti" and "menggantikan kiriman" in result.message
    assert [(s.office, s.employees) for s in co.submissions(YEAR)] == [("Kabupaten Alfa", 6)]


def test_a_changed_file_is_refused_or_taken_with_a_reason_recorded(packages, tmp_path):
    wb = load_workbook(packages["Kabupaten Alfa"])
    wb["Pegawai"]["H2"].value = "IV/e"
    changed = tmp_path / "diubah.xlsx"
    wb.save(changed)
    with unchanged():
        [refused] = co.import_pakets([changed])
    assert refused.outcome == "ditolak" and "lembar Pegawai: isinya berubah sejak diekspor" in refused.problems[0]
    taken = co.import_paket(changed, override_reason="Dikoreksi BKPSDM lewat telepon 03/12")
    assert "diterima walau berubah (Pegawai)" in taken.message
    s = co.submissions(YEAR)[0]
    assert (s.changed_sheets, s.override_reason) == ("Pegawai", "Dikoreksi BKPSDM lewat telepon 03/12")
    assert sql("SELECT count(*) FROM audit_log WHERE entity = 'paket' AND detail LIKE '%Dikoreksi%'")[0][0] == 1


def test_bad_files_are_refused_one_by_one_and_write_nothing(packages, tmp_path):
    text = tmp_path / "bukan.xlsx"
    text.write_text("NIP;Nama")
    wb = load_workbook(packages["Kabupaten Beta"])
    wb["TPP"]["A1"].value = "Nomor"
    header = tmp_path / "judul.xlsx"
    wb.save(header)
    with unchanged():
        results = co.import_pakets([text, header])
    assert [r.outcome for r in results] == ["ditolak", "ditolak"]
    assert results[0].problems[0].startswith("bukan.xlsx: bukan buku kerja Excel")
    assert "judul.xlsx, lembar TPP, baris 1: judul kolom tidak sesuai (NIP)." in results[1].problems, results[1].problems
    good = co.import_pakets([packages["Kabupaten Beta"]])
    assert good[0].outcome == "baru"


def test_export_import_export_gives_the_same_data(packages, tmp_path):
    from asn_desktop.exchange import paket as px

    alfa = packages["Kabupaten Alfa"]
    co.import_paket(alfa)
    again = tmp_path / "lagi.xlsx"
    counts = co.export_received(YEAR, again, "Provinsi Contoh")
    first, second = px.read_paket(alfa), px.read_paket(again)
    assert second.changed == [] and counts == {s: len(rows) for s, rows in first.sheets.items()}
    for sheet in px.SHEETS:
        assert first.info[f"SHA-256 {sheet}"] == second.info[f"SHA-256 {sheet}"], sheet
        assert [v for _n, v in first.sheets[sheet]] == [v for _n, v in second.sheets[sheet]]
    assert second.info["Kantor"] == "Provinsi Contoh"
