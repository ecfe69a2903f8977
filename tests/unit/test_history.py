"""services.history: annual predikat copied from the documents of the years before the app, used by promotion,
reward candidates and TPP; the app's own final predikat always wins."""

from __future__ import annotations

import datetime as dt

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import appraisals as ap
from asn_desktop.services import development as dev
from asn_desktop.services import history as hs
from asn_desktop.services import promotion as pr
from asn_desktop.services import tpp
from asn_desktop.services.appraisals import OPERATOR, Predikat, Rating

from .helpers import sql, unchanged
from .test_workplans import YEAR, approved, good_plan, me, rhk_ids

SB, B, BP = Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN


def test_a_past_years_predikat_is_copied_corrected_and_removed(org):
    row = hs.record_past_predikat(org.staf, YEAR - 1, B, "e-Kinerja BKN")
    assert row == hs.AnnualRow(YEAR - 1, B, "e-Kinerja BKN", False)
    hs.record_past_predikat(org.staf, YEAR - 1, SB, "SKP tahunan yang ditandatangani")  # a correction
    hs.record_past_predikat(org.staf, YEAR - 2, B, "e-Kinerja BKN")
    assert [(r.year, r.predikat, r.source) for r in hs.annual_history(org.staf)] == [
        (YEAR - 1, SB, "SKP tahunan yang ditandatangani"), (YEAR - 2, B, "e-Kinerja BKN")]
    assert hs.annual_predikat([YEAR - 1, YEAR - 2]) == {(org.staf, YEAR - 1): SB, (org.staf, YEAR - 2): B}
    hs.remove_past_predikat(org.staf, YEAR - 2)
    assert [r.year for r in hs.annual_history(org.staf)] == [YEAR - 1]
    with unchanged(), pytest.raises(DomainError, match="Tidak ada predikat"):
        hs.remove_past_predikat(org.staf, YEAR - 2)


def test_bad_copies_are_refused_and_nothing_is_written(org):
    this_year = dt.date.today().year
    with unchanged(), pytest.raises(ValidationError) as err:
        hs.record_past_predikat(org.staf, this_year, B, " ")
    assert set(err.value.errors) == {"year", "source"}
    with unchanged(), pytest.raises(ValidationError, match="tahun 2000"):
        hs.record_past_predikat(org.staf, 1999, B, "arsip")
    with unchanged(), pytest.raises(DomainError, match="tidak ditemukan"):
        hs.record_past_predikat(99_999, YEAR - 1, B, "arsip")


def test_the_apps_own_final_predikat_wins_and_cannot_be_overwritten(org):
    last = dt.date.today().year - 1
    approved(org.sekda, good_plan(prefix="Sekda: "), OPERATOR, year=last)
    kadis = approved(org.kadis, good_plan(None, prefix="Kadis: "), me(org.sekda), year=last)
    kabid = approved(org.kabid, good_plan(rhk_ids(kadis)[0], prefix="Kabid: "), me(org.kadis), year=last)
    approved(org.staf, good_plan(rhk_ids(kabid)[0], prefix="Rina: "), me(org.kabid), year=last)
    row = ap.set_rating(org.staf, ap.periods(last)[-1].id, me(org.kabid), hasil=Rating.DI_BAWAH,
                        perilaku=Rating.SESUAI)
    ap.finalise(row.evaluation_id, me(org.kabid))
    with unchanged(), pytest.raises(DomainError, match="sudah final di aplikasi"):
        hs.record_past_predikat(org.staf, last, SB, "arsip")
    sql("INSERT INTO past_predikat (employee_id, year, predikat, source, recorded_at) "
        "VALUES (?, ?, 'sangat_baik', 'arsip', '2020-01-01T00:00:00')", org.staf, last)  # copied before the app
    assert hs.annual_predikat([last]) == {(org.staf, last): BP}
    top = hs.annual_history(org.staf)[0]
    assert (top.year, top.predikat, top.from_app, top.source) == (last, BP, True, "Penilaian di aplikasi")


def test_promotion_rewards_and_tpp_look_back_into_the_copied_years(org):
    on = dt.date(2026, 6, 1)
    for who, (two_ago, last) in {org.staf: (SB, SB), org.staf2: (B, BP)}.items():
        hs.record_past_predikat(who, 2024, two_ago, "e-Kinerja BKN")
        hs.record_past_predikat(who, 2025, last, "e-Kinerja BKN")
    course = dev.save_event(dev.EventInput("Pelatihan Teknis", "teknis", "pelatihan", dt.date(2025, 5, 1),
                                           dt.date(2025, 5, 10), 40))
    dev.add_participants(course.id, [org.staf, org.staf2])
    dev.save_attendance(course.id, [dev.AttendanceInput(p.id, "lulus") for p in dev.participants(course.id)])
    sql("UPDATE employee SET golongan = 'III/c' WHERE id IN (?, ?)", org.staf, org.staf2)
    v = pr.save_vacancy(pr.VacancyInput("Kepala Seksi Surveilans", org.units["seksi"], "III/b", "III/d"))
    by_name = {c.name: c for c in pr.candidates(v.id, on=on)}
    assert by_name["Rina Wulandari"].rank == 1
    assert by_name["Dewi Lestari"].reasons == ("Predikat 2025 Butuh Perbaikan (paling rendah Baik).",)
    assert [c.name for c in pr.reward_candidates(2025)] == ["Rina Wulandari"]
    run = tpp.compute_run(2026, 1, org.units["seksi"])  # January: last year's copied predikat counts
    lines = {x.employee_id: x for x in tpp.run_lines(run.id)}
    assert lines[org.staf].predikat is SB and lines[org.staf2].predikat is BP
    hs.record_past_predikat(org.staf, 2025, B, "koreksi")
    assert tpp.stale_reasons(run.id) == ["predikat"]
