"""services.forms and exchange/forms.py: the SKP form and the evaluation document as workbooks laid out like the
official forms — what a person reads on them, the print set-up (A4, one page wide, each form on a new page),
text kept as text, drafts marked, a scope with nothing to print refused without a file, cancelling."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from asn_desktop import cli
from asn_desktop.domain.errors import DomainError
from asn_desktop.exchange.sheets import Cancelled
from asn_desktop.services import appraisals as ap
from asn_desktop.services import database, forms
from asn_desktop.services import workplans as wp
from asn_desktop.services.appraisals import OrgPredikat, Rating
from asn_desktop.services.workplans import Iki, Rhk
from asn_desktop.store import settings

from . import test_appraisals, test_workplans
from .test_appraisals import annual, first_quarter
from .test_workplans import YEAR, good_plan, me

org = test_workplans.org  # the fixtures, from the tests of the services these forms read
team = test_appraisals.team

def texts(path) -> tuple[list[list[str]], object]:
    """Every row of the one sheet as the texts a person reads (empty cells dropped), and the sheet."""
    wb = load_workbook(path)
    assert wb.sheetnames in (["SKP"], ["Evaluasi"])
    ws = wb.worksheets[0]
    rows = [[c.value for c in r if c.value is not None] for r in ws.iter_rows()]
    return rows, ws


def flat(rows) -> list[str]:
    return [v for r in rows for v in r]


def nip_of(employee_id: int) -> str:
    from asn_desktop.store.models import Employee

    return Employee.get_by_id(employee_id).nip


# ------------------------------------------------------------------------------------------------- SKP
def test_the_skp_form_of_one_employee_reads_like_the_official_form(team, tmp_path):
    settings.put("office.name", "Pemerintah Kabupaten Sukamaju")
    settings.put("office.region", "Kabupaten Sukamaju")
    out = tmp_path / "skp.xlsx"
    assert forms.export_skp(YEAR, out, employee_id=team.staf) == 1
    rows, ws = texts(out)
    cells = flat(rows)
    assert rows[0] == ["SASARAN KINERJA PEGAWAI"] and rows[1] == ["PENDEKATAN HASIL KERJA KUANTITATIF"]
    assert ["PEMERINTAH KABUPATEN SUKAMAJU", f"PERIODE PENILAIAN:\n1 JANUARI S.D. 31 DESEMBER {YEAR}"] in rows
    assert ["NO", "PEGAWAI YANG DINILAI", "NO", "PEJABAT PENILAI KINERJA"] in rows
    nip = nip_of(team.staf)
    assert ["2", "NIP", nip, "2", "NIP", nip_of(team.kabid)] in rows
    assert ws[f"C{next(i for i, r in enumerate(rows, 1) if nip in r)}"].data_type == "s"  # the NIP is text
    assert ["3", "PANGKAT/GOL. RUANG", "Penata Muda / III/a", "3", "PANGKAT/GOL. RUANG", "Pembina / IV/a"] in rows
    assert ["5", "UNIT KERJA", "Seksi Surveilans", "5", "UNIT KERJA", "Bidang Pencegahan Penyakit"] in rows
    # the RHK with its supervisor's RHK once, over both its IKI lines (merged down)
    first = next(r for r in rows if "Rina: Hasil kerja utama 1" in r)
    assert first == ["1", "Kabid: Hasil kerja utama 1", "Rina: Hasil kerja utama 1", "Kuantitas", "Jumlah dokumen 1",
                     "12 dokumen"]
    second = rows[rows.index(first) + 1]
    assert second == ["Waktu", "Ketepatan waktu 1", "Setiap akhir triwulan"]
    at = rows.index(first) + 1
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert any(m.endswith(str(at + 1)) and m.split(":")[0][-len(str(at)):] == str(at) for m in merged)
    assert ["B. TAMBAHAN"] in rows and ["1", "Rina: Narasumber kegiatan", "Kualitas", "Materi diterima", "90 %"] in rows
    # perilaku: seven core values with their panduan, the supervisor's expectation beside Kompeten
    perilaku = [r for r in rows if r and r[0] in "1234567" and len(r) >= 2 and "\n- " in r[1]]
    assert len(perilaku) == 7
    assert perilaku[2][1].startswith("Kompeten\n- Meningkatkan kompetensi diri") and \
        perilaku[2][2] == "Mengikuti bimtek surveilans"
    assert ["DUKUNGAN SUMBER DAYA", "Laptop dan akses SKDR"] in rows
    assert ["Sukamaju, ……………………………"] in rows and ["Pegawai yang Dinilai", "Pejabat Penilai Kinerja"] in rows
    assert [f"NIP {nip}", f"NIP {nip_of(team.kabid)}"] in rows
    assert "DRAF" not in " ".join(cells)
    # print set-up: A4 portrait, one page wide, as many pages down as it needs
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert all(isinstance(v, str) for v in cells)  # a form is text through and through


def test_a_unit_prints_every_form_from_a_new_page_in_name_order(team, tmp_path):
    out = tmp_path / "seksi.xlsx"
    assert forms.export_skp(YEAR, out, unit_id=team.units["bidang"]) == 3  # the kabid and the two staff below
    rows, ws = texts(out)
    starts = [i for i, r in enumerate(rows, 1) if r == ["SASARAN KINERJA PEGAWAI"]]
    assert len(starts) == 3
    assert [b.id for b in ws.row_breaks.brk] == [s - 1 for s in starts[1:]]  # a page break before each next form
    names = [r[2] for r in rows if len(r) == 6 and r[1] == "NAMA"]
    assert names == ["Bambang Priyono, S.K.M.", "Dewi Lestari", "Rina Wulandari"]


def test_many_forms_go_on_several_sheets_each_from_its_first_row(team, tmp_path, monkeypatch):
    from asn_desktop.exchange import forms as form_sheets

    monkeypatch.setattr(form_sheets, "FORMS_PER_SHEET", 2)
    out = tmp_path / "banyak.xlsx"
    assert forms.export_skp(YEAR, out, unit_id=team.units["bidang"]) == 3
    wb = load_workbook(out)
    assert wb.sheetnames == ["SKP 1-2", "SKP 3-3"]
    first, second = wb.worksheets
    assert first["A1"].value == second["A1"].value == "SASARAN KINERJA PEGAWAI"
    assert len(first.row_breaks.brk) == 1 and len(second.row_breaks.brk) == 0
    assert first.merged_cells.ranges and second.merged_cells.ranges


def test_an_rhk_longer_than_its_iki_lines_gets_the_room_it_needs(org, tmp_path):
    view = wp.create_skp(org.staf, YEAR, me(org.staf))
    plan = good_plan(tambahan=False)
    long = ("Meningkatnya cakupan penyelidikan epidemiologi kejadian luar biasa di seluruh puskesmas kabupaten "
            "dengan laporan yang tepat waktu, lengkap, dan dapat dipertanggungjawabkan")
    plan.rhk[0] = Rhk("utama", long, [Iki("kuantitas", "A", 1, "x"), Iki("kualitas", "B", 2, "y")])
    wp.save_plan(view.header.id, plan, me(org.staf))
    out = tmp_path / "rhk.xlsx"
    forms.export_skp(YEAR, out, employee_id=org.staf)
    _rows, ws = texts(out)
    at = next(c.row for r in ws.iter_rows() for c in r if c.value == long)
    block = ws.row_dimensions[at].height + ws.row_dimensions[at + 1].height
    assert block >= 7 * 12  # 170 characters in a 22-wide column: seven lines or more
    assert ws.row_dimensions[at].height < ws.row_dimensions[at + 1].height  # the room is added to its last line


def test_text_stays_text_and_a_draft_is_marked(org, tmp_path):
    view = wp.create_skp(org.staf, YEAR, me(org.staf))
    plan = good_plan(tambahan=False)
    plan.rhk[0] = Rhk("utama", "=SUM(A1:A9)", [Iki("kuantitas", "1/2", None, "", "0012345")])
    wp.save_plan(view.header.id, plan, me(org.staf))
    out = tmp_path / "draf.xlsx"
    assert forms.export_skp(YEAR, out, employee_id=org.staf) == 1
    rows, ws = texts(out)
    assert rows[2] == ["DRAF — SKP berstatus Draf, belum disetujui"]
    row = next(r for r in rows if "=SUM(A1:A9)" in r)
    assert row[-2:] == ["1/2", "0012345"]
    formula_cells = [c for r in ws.iter_rows() for c in r if c.value == "=SUM(A1:A9)"]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)


def test_a_long_text_gets_a_taller_row(org, tmp_path):
    view = wp.create_skp(org.staf, YEAR, me(org.staf))
    plan = good_plan(tambahan=False)
    long = "Tersusunnya laporan surveilans penyakit menular " * 8
    plan.rhk[0] = Rhk("utama", "Pendek", [Iki("kuantitas", long.strip(), 4, "laporan"),
                                          Iki("kualitas", "Singkat", 90, "%")])
    wp.save_plan(view.header.id, plan, me(org.staf))
    out = tmp_path / "tinggi.xlsx"
    forms.export_skp(YEAR, out, employee_id=org.staf)
    _rows, ws = texts(out)
    at = {c.value: c.row for r in ws.iter_rows() for c in r if c.value in (long.strip(), "Singkat")}
    tall, short = ws.row_dimensions[at[long.strip()]].height, ws.row_dimensions[at["Singkat"]].height
    assert tall >= 4 * short - 10  # 380-odd characters in a 26-wide column: five lines or more against one


def test_nothing_to_print_is_refused_without_a_file(org, tmp_path):
    out = tmp_path / "kosong.xlsx"
    with pytest.raises(DomainError, match=f"Tidak ada SKP tahun {YEAR} untuk Kelurahan Mawar"):
        forms.export_skp(YEAR, out, unit_id=org.units["kelurahan"])
    with pytest.raises(DomainError, match="Tidak ada SKP tahun 2030 untuk pegawai ini"):
        forms.export_skp(2030, out, employee_id=org.staf)
    assert not out.exists()


def test_a_cancelled_export_of_forms_leaves_no_file(team, tmp_path):
    folder = tmp_path / "cetak"
    folder.mkdir()
    seen = []
    with pytest.raises(Cancelled):
        forms.export_skp(YEAR, folder / "skp.xlsx", progress=lambda d, t: seen.append((d, t)), cancelled=lambda: True)
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------------------------- evaluasi
def _final_annual(t, employee_id=None):
    employee_id = employee_id or t.staf
    view = ap.open_evaluation(employee_id, annual().id)
    data = ap.form_input(view)
    first_iki = view.indicators[0].iki_id
    data = ap.FormInput(**{**data.__dict__, "rating_hasil": Rating.DI_ATAS, "rating_perilaku": Rating.SESUAI,
                           "catatan": "Pertahankan kinerja; ikuti pelatihan analisis data."})
    saved = ap.save_evaluation(None, data, me(t.kabid), 0, employee_id=employee_id, period_id=annual().id)
    realisasi = ap.form_input(saved)
    realisasi = ap.FormInput(**{**realisasi.__dict__, "indicators": {
        **realisasi.indicators, first_iki: ap.IndicatorInput(13.5, "", "SK 12/2026", "")}})
    saved = ap.save_evaluation(saved.id, realisasi, me(employee_id), saved.lock_version)
    return ap.finalise(saved.id, me(t.kabid))


def test_the_annual_evaluation_document(team, tmp_path):
    ap.set_org_predikat(team.units["dinkes"], YEAR, OrgPredikat.BAIK, ap.OPERATOR)
    _final_annual(team)
    out = tmp_path / "evaluasi.xlsx"
    assert forms.export_evaluasi(YEAR, out, employee_id=team.staf) == (1, 0)
    rows, ws = texts(out)
    cells = flat(rows)
    assert rows[0] == ["DOKUMEN EVALUASI KINERJA PEGAWAI"]
    assert f"PERIODE PENILAIAN:\nTAHUNAN: 1 JANUARI {YEAR} S.D. 31 DESEMBER {YEAR}" in cells
    for heading in ("PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "ATASAN PEJABAT PENILAI KINERJA"):
        assert heading in cells
    assert ["NAMA", "Bambang Priyono, S.K.M."] in rows and ["NAMA", "dr. Siti Aminah, M.Kes."] in rows
    assert ["PREDIKAT KINERJA ORGANISASI", "Baik (Dinas Kesehatan)"] in rows
    pola = next(r[1] for r in rows if r and r[0] == "POLA DISTRIBUSI")
    assert pola.startswith("Sangat Baik 0 (0,0%), Baik 1 (100,0%)") and "dari 1 predikat tahunan final" in pola
    iki = next(r for r in rows if "Jumlah dokumen 1" in r)
    assert iki[1:] == ["Rina: Hasil kerja utama 1", "Kuantitas", "Jumlah dokumen 1", "12 dokumen", "13,5 dokumen"]
    assert ["RATING HASIL KERJA", "Di Atas Ekspektasi"] in rows
    assert ["RATING PERILAKU KERJA", "Sesuai Ekspektasi"] in rows
    assert ["PREDIKAT KINERJA PEGAWAI", "BAIK"] in rows
    assert ["CATATAN/REKOMENDASI", "Pertahankan kinerja; ikuti pelatihan analisis data."] in rows
    assert "DRAF — evaluasi belum final" not in cells
    assert ws.page_setup.fitToWidth == 1 and int(ws.page_setup.paperSize) == 9  # A4


def test_the_documents_of_the_office_count_who_has_none_and_drafts_are_marked(team, tmp_path):
    _final_annual(team)
    ap.set_rating(team.staf2, annual().id, me(team.kabid), hasil=Rating.SESUAI)  # a draft
    out = tmp_path / "semua.xlsx"
    assert forms.export_evaluasi(YEAR, out) == (2, 3)  # five approved SKPs, two evaluations
    rows, _ws = texts(out)
    assert rows.count(["DOKUMEN EVALUASI KINERJA PEGAWAI"]) == 2
    assert rows.count(["DRAF — evaluasi belum final"]) == 1
    with pytest.raises(DomainError, match="Tidak ada evaluasi pada periode ini untuk Kelurahan Mawar"):
        forms.export_evaluasi(YEAR, tmp_path / "x.xlsx", unit_id=team.units["kelurahan"])
    with pytest.raises(DomainError, match="Belum ada evaluasi tahun 2031"):
        forms.export_evaluasi(2031, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_a_quarter_by_its_label(team, tmp_path):
    assert forms.period_by_label(YEAR, "triwulan i") == first_quarter().id
    assert forms.period_by_label(YEAR, f"Tahunan {YEAR}") == annual().id
    with pytest.raises(DomainError, match="Periode 'Semester I' tidak ada .* Triwulan I"):
        forms.period_by_label(YEAR, "Semester I")
    ap.set_rating(team.staf, first_quarter().id, me(team.kabid), hasil=Rating.SESUAI, perilaku=Rating.SESUAI)
    out = tmp_path / "tw1.xlsx"
    assert forms.export_evaluasi(YEAR, out, first_quarter().id, employee_id=team.staf) == (1, 0)
    rows, _ws = texts(out)
    assert rows[0] == ["EVALUASI KINERJA PEGAWAI"]
    assert f"PERIODE PENILAIAN:\nTRIWULAN I {YEAR}: 1 JANUARI {YEAR} S.D. 31 MARET {YEAR}" in flat(rows)


def test_command_line_forms(team, db_path, tmp_path, capsys):
    _final_annual(team)
    db = db_path
    database.close_database()
    out = tmp_path / "skp.xlsx"
    nip = "199001022015032001"
    assert cli.main(["export", "skp", "--db", str(db), "--year", str(YEAR), "--unit", "dinkes-p2p-s1",
                     "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Formulir SKP {YEAR}: 2 pegawai ditulis ke {out}."
    assert cli.main(["export", "evaluasi", "--db", str(db), "--year", str(YEAR), "--nip", nip,
                     "--out", str(out)]) == 1
    assert f"Pegawai dengan NIP {nip} tidak ada." in capsys.readouterr().err
    assert cli.main(["export", "evaluasi", "--db", str(db), "--year", str(YEAR), "--periode", "Triwulan IX",
                     "--out", str(out)]) == 1
    assert "Periode 'Triwulan IX' tidak ada" in capsys.readouterr().err
    assert cli.main(["export", "evaluasi", "--db", str(db), "--year", str(YEAR), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == (f"Dokumen evaluasi {YEAR}: 1 pegawai ditulis ke {out}; 4 pegawai "
                                               "dengan SKP disetujui belum punya evaluasi.")
    assert cli.main(["export", "rekap", "--db", str(db), "--year", str(YEAR), "--nip", nip, "--out", str(out)]) == 2
    assert cli.main(["export", "skp", "--db", str(db), "--year", str(YEAR), "--periode", "Tahunan",
                     "--out", str(out)]) == 2
