"""The corpus of broken files (issue 7, item 6), built here, fed to every reader of workbooks: the employee import,
the package import (consolidation) and the attendance import. Each is refused with a report naming the file (and
the sheet, row and column where there is one) and a reason a person can act on, and the database is left exactly
as it was."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from asn_desktop.domain.errors import DomainError
from asn_desktop.exchange.sheets import MAX_BYTES, ExchangeError
from asn_desktop.services import consolidation, tpp
from asn_desktop.services import employee_import as imp

from . import test_workplans
from .helpers import unchanged

org = test_workplans.org  # the fixture: an office with units and people


def _good(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["NIP", "Nama", "Tidak masuk (hari)"])
    ws.append(["198506132007121025", "Rina", 1])
    wb.save(path)
    return path


def _text(p: Path) -> None:
    p.write_text("NIP;Nama;Unit\n198506132007121025;Rina;Seksi\n")


def _random(p: Path) -> None:
    p.write_bytes(random.Random(7).randbytes(4096))


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _word(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


def _truncated(p: Path) -> None:
    good = _good(p.with_name("utuh.xlsx")).read_bytes()
    p.write_bytes(good[: len(good) // 2])


def _password(p: Path) -> None:
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))  # an encrypted workbook is an OLE file


def _huge(p: Path) -> None:
    with p.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk


CORPUS = {
    "text": (_text, "bukan buku kerja Excel"),
    "random bytes": (_random, "bukan buku kerja Excel"),
    "empty": (_empty, "bukan buku kerja Excel"),
    "Word document": (_word, "bukan buku kerja Excel (mis. dokumen Word"),
    "truncated": (_truncated, "rusak atau terpotong"),
    "password-protected": (_password, "dilindungi kata sandi"),
    "huge": (_huge, "terlalu besar"),
}


def read_pegawai(path: Path, org) -> None:
    imp.preview(path)


def read_paket(path: Path, org) -> None:
    consolidation.import_paket(path)


def read_kehadiran(path: Path, org) -> None:
    tpp.read_attendance_file(2026, 5, org.units["seksi"], str(path))


READERS = {"pegawai": read_pegawai, "paket": read_paket, "kehadiran": read_kehadiran}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", CORPUS)
def test_a_file_that_is_no_workbook_is_refused_by_every_reader(org, tmp_path, kind, reader):
    make, reason = CORPUS[kind]
    path = tmp_path / "kiriman.xlsx"
    make(path)
    with unchanged(), pytest.raises(ExchangeError) as err:
        READERS[reader](path, org)
    assert str(err.value).startswith("kiriman.xlsx: ") and reason in str(err.value)


def _sheet(path: Path, rows, merge: str | None = None, title: str = "Data", hidden_copy: bool = False) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    if hidden_copy:
        ws.sheet_state = "hidden"
        wb.create_sheet("Catatan").append(["Lembar ini sengaja kosong"])
    wb.save(path)
    return path


PEGAWAI = ["NIP", "Nama", "Jenis kelamin", "Tanggal lahir", "Status", "Golongan", "Jabatan", "Jenis jabatan", "Unit"]
KEHADIRAN = ["NIP", "Nama", "Tidak masuk (hari)"]


@pytest.mark.parametrize("reader, header", [("pegawai", PEGAWAI), ("kehadiran", KEHADIRAN)])
def test_merged_cells_in_the_table_are_refused_with_the_range_named(org, tmp_path, reader, header):
    rows = [["Daftar dari kantor"], header, ["198506132007121025", "Rina"] + [None] * (len(header) - 2),
            ["198506132007121026", "Dewi"] + [None] * (len(header) - 2)]
    path = _sheet(tmp_path / "gabung.xlsx", rows, merge="C3:C4")
    with unchanged(), pytest.raises(ExchangeError) as err:
        READERS[reader](path, org)
    assert str(err.value) == ("gabung.xlsx, lembar Data, baris 3, kolom C: sel gabungan C3:C4 di area tabel; "
                              "pisahkan selnya (Unmerge Cells) lalu simpan ulang.")
    title_only = _sheet(tmp_path / "judul.xlsx", rows, merge="A1:E1")  # a merged title above the table is fine
    try:
        READERS[reader](title_only, org)
    except ExchangeError as other:
        assert "sel gabungan" not in str(other)


def test_merged_cells_in_a_package_are_refused(org, tmp_path):
    from openpyxl import load_workbook

    from asn_desktop.services import paket

    out = tmp_path / "paket.xlsx"
    paket.export_paket(2026, out)
    wb = load_workbook(out)
    wb["Pegawai"].merge_cells("B2:B3")
    changed = tmp_path / "gabung.xlsx"
    wb.save(changed)
    with unchanged(), pytest.raises(ExchangeError) as err:
        consolidation.import_paket(changed)
    assert "gabung.xlsx, lembar Pegawai, baris 2, kolom B: sel gabungan B2:B3" in str(err.value)


def test_a_hidden_sheet_is_never_read(org, tmp_path):
    path = _sheet(tmp_path / "sembunyi.xlsx", [PEGAWAI, ["198506132007121025", "Rina"]], hidden_copy=True)
    with unchanged(), pytest.raises(ExchangeError, match="sembunyi.xlsx, lembar Catatan: tidak ditemukan baris judul"):
        imp.preview(path)
    with unchanged(), pytest.raises(ExchangeError, match="lembar ini tersembunyi; tampilkan dulu di Excel"):
        imp.preview(path, sheet="Data")
    kehadiran = _sheet(tmp_path / "hadir.xlsx", [KEHADIRAN, ["198506132007121025", "Rina", 2]], title="Kehadiran",
                       hidden_copy=True)
    with unchanged(), pytest.raises(ExchangeError, match="hadir.xlsx, lembar Catatan: tidak ditemukan baris judul"):
        read_kehadiran(kehadiran, org)


def test_rows_beyond_the_data_are_read_and_reported_never_dropped(org, tmp_path):
    from asn_desktop.store.models import Employee

    nip = Employee.get_by_id(org.staf).nip
    rows = [KEHADIRAN, [nip, "Rina", 2]] + [[None]] * 40 + [["Jumlah", None, 2]]
    path = _sheet(tmp_path / "hadir.xlsx", rows, title="Kehadiran")
    with unchanged(), pytest.raises(ExchangeError) as err:
        read_kehadiran(path, org)
    assert str(err.value) == "hadir.xlsx, lembar Kehadiran, baris 43, kolom A: NIP “Jumlah” bukan 18 angka."
    pegawai = _sheet(tmp_path / "pegawai.xlsx", [PEGAWAI] + [[None]] * 30 + [["Dicetak 01/12/2026"]])
    with unchanged():
        preview = imp.preview(pegawai)
    assert [r.row for r in preview.rows] == [32] and preview.rows[0].problems  # the stray line, with its problems


def test_a_workbook_of_another_program_is_named_as_such(org, tmp_path):
    path = _sheet(tmp_path / "lain.xlsx", [["Kode", "Barang", "Harga"], ["A1", "Kertas", 52000]])
    with unchanged(), pytest.raises(ExchangeError, match="lembar Info tidak ada: ini bukan paket ASN Desktop"):
        consolidation.import_paket(path)
    with unchanged(), pytest.raises(ExchangeError, match="tidak ditemukan baris judul dengan kolom NIP"):
        read_kehadiran(path, org)
    with unchanged(), pytest.raises(DomainError, match="Kolom wajib belum dipilih: NIP / NI PPPK, Nama"):
        imp.preview(path)  # the mapping dialog asks for the columns it could not guess
