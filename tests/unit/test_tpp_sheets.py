"""TPP workbooks: the payroll sheet (NIP as text, money as numbers, a total, text never a formula), the
attendance template and attendance read back from a workbook — the template, an attendance machine's
per-occurrence export, and broken files, each refused with file, sheet, row and column and nothing stored."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from asn_desktop.exchange import tpp_sheets
from asn_desktop.exchange.sheets import ExchangeError
from asn_desktop.services import tpp

from .helpers import sql, unchanged
from .test_workplans import YEAR

MONTH = YEAR + 1, 3


def nip_of(employee_id: int) -> str:
    return sql("SELECT nip FROM employee WHERE id = ?", employee_id)[0][0]


def cells(path, sheet=None):
    wb = load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()], ws


def test_the_payroll_sheet_keeps_nip_as_text_money_as_numbers_and_says_draft(org, tmp_path):
    sql("UPDATE employee SET name = ? WHERE id = ?", '=HYPERLINK("http://x","klik")', org.staf2)
    run = tpp.compute_run(*MONTH, org.units["seksi"])
    out = tmp_path / "tpp.xlsx"
    assert tpp.export_payroll(run.id, str(out)) == 2
    rows, ws = cells(out)
    assert rows[0][0] == f"Daftar TPP Maret {YEAR + 1}" and rows[2][0].startswith("DRAF")
    header = rows.index(next(r for r in rows if r[0] == "No"))
    assert rows[header][:3] == ["No", "NIP", "Nama"] and ws.freeze_panes == f"A{header + 2}"
    body = rows[header + 1:header + 3]
    by_nip = {r[1]: r for r in body}
    assert set(by_nip) == {nip_of(org.staf), nip_of(org.staf2)}  # 18 digits, exactly, as text
    dewi = by_nip[nip_of(org.staf2)]
    assert dewi[2] == '=HYPERLINK("http://x","klik")'
    assert ws.cell(header + 1 + [r[1] for r in body].index(nip_of(org.staf2)) + 1, 3).data_type == "s"
    assert all(isinstance(v, int) for v in dewi[6:])
    total = rows[header + 3]
    assert total[2] == "Jumlah" and total[11] == run.total == sum(r[11] for r in body)
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.print_title_rows and ws.auto_filter.ref.startswith(f"A{header + 1}:L")
    with zipfile.ZipFile(out) as z:  # text, never a formula element
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    tpp.lock_run(run.id, "Operator")
    tpp.export_payroll(run.id, str(out))
    assert cells(out)[0][2][0].startswith("Terkunci")


def test_the_template_filled_in_comes_back_for_the_grid_and_nothing_is_stored(org, tmp_path):
    template = tmp_path / "kehadiran.xlsx"
    assert tpp.export_attendance_template(*MONTH, org.units["seksi"], str(template)) == 2
    wb = load_workbook(template)
    ws = wb["Kehadiran"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "NIP")
    for r in range(header + 1, header + 3):
        if ws.cell(r, 1).value == nip_of(org.staf):
            ws.cell(r, 4).value = 2
            ws.cell(r, 5).value = "45, 15"
    wb.save(template)
    with unchanged():
        read = tpp.read_attendance_file(*MONTH, org.units["seksi"], str(template))
    assert read.problems == ()
    assert read.values == {org.staf: (2, (15, 45)), org.staf2: (0, ())}


def test_a_machine_export_with_one_row_per_late_arrival_is_summed(org, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    ws.append(["Rekap absensi Maret"])
    ws.append(["NIP", "Nama", "Terlambat (menit)", "Alpa"])
    ws.append([nip_of(org.staf), "Rina", 20, None])
    ws.append([nip_of(org.staf), "Rina", "75", 1])
    ws.append([nip_of(org.camat), "Joko", None, 2])  # not in the seksi
    hidden = wb.create_sheet("Kehadiran")  # hidden: not read
    hidden.sheet_state = "hidden"
    path = tmp_path / "mesin.xlsx"
    wb.save(path)
    read = tpp.read_attendance_file(*MONTH, org.units["seksi"], str(path))
    assert read.sheet == "Rekap" and read.values == {org.staf: (1, (20, 75))}
    assert read.problems == (f"mesin.xlsx, lembar Rekap, baris 5: NIP {nip_of(org.camat)} bukan pegawai aktif "
                             "Seksi Surveilans.",)


def _write(path, *rows, title="Kehadiran"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def test_bad_rows_are_each_named_with_row_and_column(org, tmp_path):
    nip = nip_of(org.staf)
    path = _write(tmp_path / "salah.xlsx", ["NIP", "Tidak masuk (hari)", "Terlambat (menit, setiap kejadian)"],
                  [float(nip), 1, None], ["1234", 0, None], [nip, "dua", None], [nip, 1, "15, lima"],
                  [nip, 40, None], [nip, 0, "0"])
    with pytest.raises(ExchangeError) as err:
        tpp_sheets.read_attendance(path)
    found = [(p.row, p.column) for p in err.value.problems]
    assert found == [(2, "A"), (3, "A"), (4, "B"), (5, "C"), (6, "B"), (7, "C")]
    text = str(err.value)
    assert "salah.xlsx, lembar Kehadiran, baris 2, kolom A: NIP tertulis sebagai angka" in text
    assert "baris 3, kolom A: NIP “1234” bukan 18 angka." in text


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_text("NIP;Tidak masuk\n"), "bukan buku kerja Excel"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "kata sandi"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("word/document.xml", "<w/>"), "bukan buku kerja Excel"),
    (lambda p: p.write_bytes(_good_bytes(p)[:900]), "rusak"),
    (lambda p: _write(p, ["Nama", "Jumlah"], ["Rina", 2]), "tidak ditemukan baris judul"),
])
def test_files_that_are_not_attendance_workbooks_are_refused_and_nothing_is_stored(org, tmp_path, make, reason):
    path = tmp_path / "berkas.xlsx"
    make(path)
    with unchanged(), pytest.raises(ExchangeError, match=reason) as err:
        tpp.read_attendance_file(*MONTH, org.units["seksi"], str(path))
    assert str(err.value).startswith("berkas.xlsx")


def _good_bytes(p):
    good = _write(p.with_name("good.xlsx"), ["NIP", "Alpa"], ["198506132007121025", 1])
    return good.read_bytes()
