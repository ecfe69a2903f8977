"""The rekap of a year per unit: predikat counted from final annual evaluations, the distribution check,
JP compliance, rewards and sanctions; written as a workbook with a total row."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from asn_desktop.domain.appraisal import OrgPredikat
from asn_desktop.services import appraisals as ap
from asn_desktop.services import consequences as cs
from asn_desktop.services import reports
from asn_desktop.services.appraisals import OPERATOR

from .helpers import unchanged
from .test_tpp import office  # noqa: F401 (fixture: Rina's annual predikat Butuh Perbaikan, final)
from .test_workplans import YEAR


def test_the_rekap_counts_each_unit_and_writes_a_total(office, tmp_path):  # noqa: F811
    org = office
    ap.set_org_predikat(org.units["dinkes"], YEAR, OrgPredikat.ISTIMEWA, OPERATOR)
    cs.record_reward(cs.RewardInput(org.staf, "inovasi", "Inovasi surveilans", dt.date(YEAR, 10, 14), "800/1"))
    cs.record_sanction(cs.SanctionInput(org.staf2, "teguran_lisan", "862/1", dt.date(YEAR, 5, 2), dt.date(YEAR, 5, 2)))
    with unchanged():
        rows, total, scope = reports.rekap(YEAR)
    assert scope == "Pemerintah Kabupaten Contoh"
    by_unit = {r.unit: r for r in rows}
    assert list(by_unit) == ["Pemerintah Kabupaten Contoh (langsung)", "Dinas Kesehatan", "Kecamatan Utara"]
    dinkes = by_unit["Dinas Kesehatan"]
    assert dinkes.active == 4 and dinkes.predikat == (0, 0, 1, 0, 0) and dinkes.org_predikat == "Istimewa"
    check = ap.distribution(org.units["dinkes"], YEAR).check
    assert dinkes.distribution == ("Sesuai" if check.ok else "Menyimpang: " + " ".join(check.violations))
    assert dinkes.rewards == 1 and dinkes.sanctions == (1, 0, 0)
    assert by_unit["Kecamatan Utara"].distribution == "" and total.active == 7
    out = tmp_path / "rekap.xlsx"
    assert reports.export_rekap(YEAR, out) == 3
    table = [[c.value for c in r] for r in load_workbook(out)["Rekap"].iter_rows()]
    header = next(i for i, r in enumerate(table) if r[0] == "Kode unit")
    assert table[header + 2][:3] == ["DINKES", "Dinas Kesehatan", 4]
    assert table[-1][1] == "Jumlah" and table[-1][2] == 7
    only = reports.rekap(YEAR, org.units["dinkes"])[0]
    assert [r.unit for r in only] == ["Dinas Kesehatan (langsung)", "Bidang Pencegahan Penyakit",
                                      "Sekretariat Dinas Kesehatan"]  # the head sits in the dinas itself


def test_the_training_list_has_every_participation_of_the_year_and_each_ones_jp(org, tmp_path):
    from asn_desktop.services import development as dev

    course = dev.save_event(dev.EventInput("=Bimtek \"Surveilans\"", "teknis", "bimtek", dt.date(YEAR, 3, 2),
                                           dt.date(YEAR, 3, 4), 24))
    dev.add_participants(course.id, [org.staf, org.staf2])
    dev.save_attendance(course.id, [dev.AttendanceInput(p.id, "lulus" if p.employee_id == org.staf else "tidak_lulus")
                                    for p in dev.participants(course.id)])
    out = tmp_path / "pelatihan.xlsx"
    assert reports.export_training(YEAR, out) == (2, 7)
    wb = load_workbook(out)
    rows = [[c.value for c in r] for r in wb["Keikutsertaan"].iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "Kegiatan")
    body = {r[9]: r for r in rows[header + 1:]}
    rina = body["Rina Wulandari"]
    assert rina[0] == '=Bimtek "Surveilans"' and rina[5] == dt.datetime(YEAR, 3, 2) and rina[12] == 24
    assert body["Dewi Lestari"][11] == "Tidak lulus" and body["Dewi Lestari"][12] == 0
    assert wb["Keikutsertaan"].cell(header + 2, 6).number_format == "dd/mm/yyyy"
    jp = [[c.value for c in r] for r in wb["Kepatuhan JP"].iter_rows()]
    assert any(r[1] == "Rina Wulandari" and r[5] == 24 and r[7] == 0 for r in jp)
