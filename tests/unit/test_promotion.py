"""services.promotion: who may fill a vacancy and in what order (the rule, with each one's reasons), potensi
for the 9-box, reward candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from asn_desktop.domain.errors import ValidationError
from asn_desktop.services import appraisals as ap
from asn_desktop.services import consequences as cs
from asn_desktop.services import development as dev
from asn_desktop.services import promotion as pr
from asn_desktop.services.appraisals import OPERATOR, Predikat, Rating

from .helpers import sql, unchanged
from .test_workplans import approved, good_plan, me, rhk_ids

ON = dt.date(2026, 6, 1)  # the list is made mid-2026: predikat of 2024 and 2025, JP of 2025
A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH


def annual(org, year, who, hasil, perilaku, penilai):
    row = ap.set_rating(who, ap.periods(year)[-1].id, me(penilai), hasil=hasil, perilaku=perilaku)
    ap.finalise(row.evaluation_id, me(penilai))


@pytest.fixture
def history(org):
    """Two years of approved SKPs down the Dinas Kesehatan, with annual predikat for the two staff and the kabid."""
    for year in (2024, 2025):
        approved(org.sekda, good_plan(prefix=f"{year} Sekda: "), OPERATOR, year=year)
        kadis = approved(org.kadis, good_plan(None, prefix=f"{year} Kadis: "), me(org.sekda), year=year)
        kabid = approved(org.kabid, good_plan(rhk_ids(kadis)[0], prefix=f"{year} Kabid: "), me(org.kadis), year=year)
        for who in (org.staf, org.staf2):
            approved(who, good_plan(rhk_ids(kabid)[0], prefix=f"{year} {who}: "), me(org.kabid), year=year)
    # Rina: Sangat Baik twice; Dewi: Baik then Butuh Perbaikan; Bambang (kabid): Baik twice
    for year, rina, dewi in ((2024, (A, A), (S, S)), (2025, (A, A), (B, S))):
        annual(org, year, org.staf, *rina, org.kabid)
        annual(org, year, org.staf2, *dewi, org.kabid)
        annual(org, year, org.kabid, S, S, org.kadis)
    course = dev.save_event(dev.EventInput("Pelatihan Kepemimpinan", "kepemimpinan", "pelatihan",
                                           dt.date(2025, 5, 1), dt.date(2025, 5, 10), 40))
    dev.add_participants(course.id, [org.staf, org.staf2])
    dev.save_attendance(course.id, [dev.AttendanceInput(p.id, "lulus") for p in dev.participants(course.id)])
    sql("UPDATE employee SET golongan = 'III/c' WHERE id IN (?, ?)", org.staf, org.staf2)
    return org


def test_candidates_are_ranked_by_the_rule_with_their_reasons(history):
    org = history
    v = pr.save_vacancy(pr.VacancyInput("Kepala Seksi Surveilans", org.units["seksi"], "III/b", "III/d"))
    listed = pr.candidates(v.id, on=ON)
    by_name = {c.name: c for c in listed}
    rina = by_name["Rina Wulandari"]
    assert (rina.eligible, rina.rank, rina.predikat) == (True, 1, (Predikat.SANGAT_BAIK, Predikat.SANGAT_BAIK))
    assert rina.reasons == ("Predikat 2024–2025: Sangat Baik dan Sangat Baik; JP 2025 40; golongan III/c; "
                            "tidak ada hukuman disiplin.",)
    dewi = by_name["Dewi Lestari"]
    assert not dewi.eligible and dewi.rank == 0
    assert dewi.reasons == ("Predikat 2025 Butuh Perbaikan (paling rendah Baik).",)
    assert "Bambang Priyono, S.K.M." not in by_name  # IV/a: outside III/b–III/d, not listed
    assert listed[0].name == "Rina Wulandari"


def test_a_running_sanction_or_missing_jp_takes_a_candidate_out(history):
    org = history
    v = pr.save_vacancy(pr.VacancyInput("Kepala Seksi", org.units["seksi"], "III/a", "III/d"))
    cs.record_sanction(cs.SanctionInput(org.staf, "teguran_tertulis", "862/1", ON, ON))
    rina = next(c for c in pr.candidates(v.id, on=ON) if c.employee_id == org.staf)
    assert not rina.eligible and "Sedang menjalani hukuman disiplin." in rina.reasons
    later = next(c for c in pr.candidates(v.id, on=ON + dt.timedelta(days=1)) if c.employee_id == org.staf)
    assert later.eligible  # a reprimand runs on its day only
    dev.set_jp_target(50)
    assert "JP 2025 40 dari 50." in next(c for c in pr.candidates(v.id, on=ON) if c.employee_id == org.staf).reasons


def test_a_wrong_vacancy_is_refused(history):
    org = history
    with unchanged(), pytest.raises(ValidationError) as err:
        pr.save_vacancy(pr.VacancyInput(" ", org.units["seksi"], "IV/a", "III/b"))
    assert set(err.value.errors) == {"title", "golongan"}
    with unchanged(), pytest.raises(ValidationError, match="golongan PNS"):
        pr.save_vacancy(pr.VacancyInput("Kasi", org.units["seksi"], "IX", "X"))


def test_nine_box_and_reward_candidates(history):
    org = history
    with unchanged(), pytest.raises(ValidationError, match="1 \\(rendah\\)"):
        pr.set_potential(org.staf, 2025, 4, "Tim Penilai Kinerja")
    pr.set_potential(org.staf, 2025, 3, "Tim Penilai Kinerja")
    pr.set_potential(org.staf2, 2025, 2, "Tim Penilai Kinerja")
    boxes = {r.name: (r.kinerja, r.potensi, r.box) for r in pr.nine_box(org.units["seksi"], 2025)}
    assert boxes == {"Rina Wulandari": (3, 3, 9), "Dewi Lestari": (1, 2, 4)}
    assert [c.name for c in pr.reward_candidates(2025)] == ["Rina Wulandari"]
    cs.record_reward(cs.RewardInput(org.staf, "pegawai_teladan", "Pegawai Teladan 2025", dt.date(2025, 12, 20)))
    assert pr.reward_candidates(2025) == []
