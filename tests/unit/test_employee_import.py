"""Import pegawai from a spreadsheet: columns guessed from Indonesian, English and SIASN headers; a preview
with every problem of every row and nothing written; the valid rows imported with the refused ones given back
with their reasons, or nothing at all; unknown units offered for creation; supervisors by NIP."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.exchange import pegawai as px
from asn_desktop.exchange.sheets import ExchangeError
from asn_desktop.services import employee_import as imp
from asn_desktop.services import employees as emp

from .helpers import office, pns_nip, pppk_nip, sql, unchanged

SIASN = ["NIP BARU", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TGL LAHIR", "JENIS KELAMIN", "GOL AKHIR NAMA",
         "JABATAN NAMA", "JENIS JABATAN NAMA", "JENJANG", "UNOR NAMA", "NIP ATASAN"]
HEAD = pns_nip(1, dt.date(1975, 3, 2))
STAFF = pns_nip(2, dt.date(1988, 7, 14), "P")
PPPK = pppk_nip(3, dt.date(1995, 1, 20), "P")


def workbook(path, header, *rows, title_lines=("Data pegawai Dinas Kesehatan",)):
    wb = Workbook()
    ws = wb.active
    ws.title = "Pegawai"
    for line in title_lines:
        ws.append([line])
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):  # text that looks like a formula, as typed
                c.data_type = "s"
    wb.save(path)
    return path


def good_rows():
    return [
        [HEAD, "Bambang Priyono", "", "S.K.M.", "02/03/1975", "L", "IV/a", "Kepala Bidang P2P", "Struktural",
         "Administrator", "Bidang Pencegahan Penyakit", ""],
        [STAFF, "Rina Wulandari", "dr.", "", dt.datetime(1988, 7, 14), "Perempuan", "3a", "Epidemiolog",
         "Fungsional", "Ahli Pertama", "DINKES-P2P-S1", HEAD],
        [PPPK, "Dewi Lestari", "", "A.Md.", "20-01-1995", "P", "IX", "Pengelola Data", "Pelaksana", "",
         "seksi surveilans", HEAD],
    ]


def test_headers_are_guessed_from_siasn_indonesian_and_english_exports():
    m = px.guess_mapping(SIASN)
    assert [m[k] for k in ("nip", "name", "front_title", "back_title", "birth_date", "gender", "golongan",
                           "position_title", "position_kind", "jenjang", "unit", "supervisor_nip")] == list(range(12))
    english = px.guess_mapping(["Employee ID", "Full name", "Date of birth", "Gender", "Grade", "Position title",
                                "Position type", "Work unit"])
    assert set(english) == {"nip", "name", "birth_date", "gender", "golongan", "position_title", "position_kind",
                            "unit"}
    loose = px.guess_mapping(["No", "Nama Lengkap", "NIP", "Tgl Lahir (dd/mm/yyyy)", "Unit Kerja"])
    assert loose == {"name": 1, "nip": 2, "birth_date": 3, "unit": 4}
    assert px.parse_date("12 Maret 1985") == dt.date(1985, 3, 12) and px.parse_date("31/02/1985") is None


def test_a_good_file_is_previewed_then_imported_with_supervisors(db, tmp_path):
    office()
    path = workbook(tmp_path / "pegawai.xlsx", SIASN, *good_rows())
    with unchanged():
        p = imp.preview(path)
    assert (p.table.sheet, p.table.header_row) == ("Pegawai", 2)
    assert [r.row for r in p.valid] == [3, 4, 5] and p.refused == [] and p.new_units == ()
    rina = p.rows[1].data
    assert (rina.gender, rina.birth_date, rina.golongan, rina.jenjang) == ("P", dt.date(1988, 7, 14), "III/a",
                                                                          "Ahli Pertama")
    assert p.rows[2].data.status == "PPPK" and p.rows[2].data.jenjang == "Pelaksana"  # from the NIP; the only one
    result = imp.import_employees(path, p.mapping)
    assert (result.imported, result.refused, result.supervisors_not_found) == (3, 0, ())
    stored = {r.nip: r for r in emp.list_employees()}
    assert stored[STAFF].name == "dr. Rina Wulandari" and stored[STAFF].unit_name == "Seksi Surveilans"
    bambang = stored[HEAD].id
    assert sql("SELECT count(*) FROM employee WHERE supervisor_id = ?", bambang)[0][0] == 2
    with unchanged(), pytest.raises(DomainError, match="Tidak ada baris"):  # the same file again: all taken
        imp.import_employees(path, p.mapping)


def test_every_problem_of_every_row_is_marked_and_nothing_is_dropped(db, tmp_path):
    office()
    rows = good_rows()
    bad = [
        [pns_nip(9)[:-1] + "X", "Budi", "", "", "", "L", "III/a", "Analis", "Pelaksana", "", "Dinas Kesehatan", ""],
        [HEAD, "Bambang Lagi", "", "", "", "L", "IV/a", "Analis", "Pelaksana", "", "Dinas Kesehatan", ""],
        [pns_nip(10), "Siti", "", "", "", "P", "V/z", "Analis", "Pelaksana", "", "Dinas Kesehatan", ""],
        [pns_nip(11), "Eko", "", "", "", "L", "III/b", "Analis", "Pelaksana", "", "Dinas Pariwisata", ""],
        [pns_nip(12), "Joko", "", "", "", "L", "III/b", "Analis", "Pelaksana", "", "Seksi Entah", ""],
        [float(pns_nip(13)), "Agus", "", "", "", "L", "III/b", "Analis", "Pelaksana", "", "Dinas Kesehatan", ""],
        [pns_nip(14), "Wati", "", "", "", "P", "III/b", "Analis", "Entah", "", "Dinas Kesehatan", ""],
        [pns_nip(15), "=Nama Rumus", "", "", "", "L", "III/b", "Analis", "Pelaksana", "", "Dinas Kesehatan", ""],
    ]
    path = workbook(tmp_path / "campur.xlsx", SIASN, *rows, *bad)
    with unchanged():
        p = imp.preview(path)
    by_row = {r.row: r.problems for r in p.rows}
    assert by_row[6]["nip"] and by_row[8]["golongan"].startswith("Golongan PNS 'V/z' tidak dikenal")
    assert by_row[7]["nip"] == "NIP ini sudah ada di baris 3 berkas ini."
    assert "belum ada; pilih untuk dibuat" in by_row[9]["unit"] and p.new_units == ("Dinas Pariwisata",)
    assert "tidak dikenal; buat dulu" in by_row[10]["unit"]
    assert "tertulis sebagai angka" in by_row[11]["nip"]
    assert "Jenis jabatan “Entah” tidak dikenal" in by_row[12]["position_kind"]
    assert by_row[13] == {}  # a name that looks like a formula is a name
    assert len(p.valid) + len(p.refused) == len(rows) + len(bad)

    with unchanged(), pytest.raises(DomainError, match="7 baris bermasalah; tidak ada yang diimpor"):
        imp.import_employees(path, p.mapping, only_valid=False)

    refused = tmp_path / "ditolak.xlsx"
    result = imp.import_employees(path, p.mapping, create_units=["Dinas Pariwisata"], refused_file=refused)
    assert (result.imported, result.refused, result.units_created) == (5, 6, ("Dinas Pariwisata",))
    assert sql("SELECT kind, parent_id FROM org_unit WHERE name = 'Dinas Pariwisata'")[0] == ("opd", 1)
    assert sql("SELECT name FROM employee WHERE name LIKE '=%'") == [("=Nama Rumus",)]
    ws = load_workbook(refused)["Ditolak"]
    table = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(table) if r[0] == "Baris")
    assert table[header][-1] == "Alasan ditolak" and [r[0] for r in table[header + 1:]] == [6, 7, 8, 10, 11, 12]
    assert table[header + 1][1] == pns_nip(9)[:-1] + "X"  # as it was, as text
    assert "Golongan: Golongan PNS 'V/z'" in table[header + 3][-1]


def test_the_mapping_must_name_the_required_columns_once(db, tmp_path):
    office()
    path = workbook(tmp_path / "p.xlsx", SIASN, *good_rows())
    table, mapping = imp.read_file(path)
    del mapping["golongan"]
    with unchanged(), pytest.raises(ValidationError, match="Kolom wajib belum dipilih: Golongan"):
        imp.preview(path, mapping)
    mapping["golongan"] = mapping["name"]
    with unchanged(), pytest.raises(ValidationError, match="“NAMA”"):
        imp.preview(path, mapping)


def test_a_file_that_is_not_a_table_of_employees_is_refused(db, tmp_path):
    office()
    text = tmp_path / "pegawai.xlsx"
    text.write_text("NIP,Nama\n")
    with unchanged(), pytest.raises(ExchangeError, match="bukan buku kerja Excel"):
        imp.preview(text)
    empty = workbook(tmp_path / "kosong.xlsx", [1, 2, 3], title_lines=())
    with unchanged(), pytest.raises(ExchangeError, match="tidak ditemukan baris judul"):
        imp.preview(empty)
