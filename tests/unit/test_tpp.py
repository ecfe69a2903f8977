"""services.tpp: rules and ceilings as settings, a month's attendance, the monthly run with the latest
predikat and a running sanction, locking. Refusals write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from asn_desktop.domain import consequences as c
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import appraisals as ap
from asn_desktop.services import consequences as cs
from asn_desktop.services import tpp
from asn_desktop.services.appraisals import OPERATOR, Predikat, Rating

from .helpers import sql, unchanged
from .test_workplans import YEAR, approved, good_plan, me, rhk_ids


@pytest.fixture
def office(org):
    """The Dinas Kesehatan with approved SKPs and Rina's annual predikat Butuh Perbaikan (final)."""
    approved(org.sekda, good_plan(prefix="Sekda: "), OPERATOR)
    kadis = approved(org.kadis, good_plan(None, prefix="Kadis: "), me(org.sekda))
    kabid = approved(org.kabid, good_plan(rhk_ids(kadis)[0], prefix="Kabid: "), me(org.kadis))
    approved(org.staf, good_plan(rhk_ids(kabid)[0], prefix="Rina: "), me(org.kabid))
    annual = ap.periods(YEAR)[-1]
    row = ap.set_rating(org.staf, annual.id, me(org.kabid), hasil=Rating.DI_BAWAH, perilaku=Rating.SESUAI)
    ap.finalise(row.evaluation_id, me(org.kabid))
    return org


def line_of(run: tpp.RunRow, employee_id: int) -> tpp.LineRow:
    return next(x for x in tpp.run_lines(run.id) if x.employee_id == employee_id)


def test_a_month_is_computed_from_ceiling_predikat_attendance_and_sanctions(office):
    org = office
    month = YEAR + 1, 2  # February after the annual predikat
    tpp.save_attendance(*month, [tpp.AttendanceInput(org.staf, absent_days=1, late_minutes=(45,)),
                                 tpp.AttendanceInput(org.staf2, late_minutes=(15, 95))])
    cs.record_sanction(cs.SanctionInput(org.staf2, "pemotongan_tukin", "862/7", dt.date(YEAR, 12, 1),
                                        dt.date(YEAR, 12, 15), 6))
    run = tpp.compute_run(*month, org.units["dinkes"])
    assert (run.unit_name, run.status, run.employees) == ("Dinas Kesehatan", "draf", 4)
    rina = line_of(run, org.staf)  # Ahli Pertama 4.500.000, Butuh Perbaikan 75%, 1 day + 45 min = 5%
    assert (rina.position_class, rina.predikat, rina.ceiling) == ("Ahli Pertama", Predikat.BUTUH_PERBAIKAN, 4_500_000)
    assert (rina.performance, rina.discipline_base, rina.discipline_deduction) == (2_025_000, 1_800_000, 90_000)
    assert rina.net == 2_025_000 + 1_710_000 and rina.sanction_cut == 0
    dewi = line_of(run, org.staf2)  # Pelaksana 2.500.000, no predikat yet (100%), 0,5% + 1,5%, sedang sanction
    assert dewi.predikat is None and dewi.discipline_deduction == 20_000
    assert dewi.sanction_cut == 620_000 and dewi.net == 2_480_000 - 620_000
    assert any("Hukuman disiplin sedang berjalan" in x for x in dewi.explanation)
    assert run.total == sum(x.net for x in tpp.run_lines(run.id))


def test_a_draft_month_is_computed_again_and_a_locked_one_never_changes(office):
    org = office
    first = tpp.compute_run(YEAR + 1, 3)
    assert first.unit_name == "Seluruh kantor" and first.employees == 7
    tpp.set_ceiling("Ahli Pertama", 5_000_000)
    again = tpp.compute_run(YEAR + 1, 3)
    assert again.id == first.id and again.lock_version == first.lock_version + 1
    assert line_of(again, org.staf).ceiling == 5_000_000
    with unchanged(), pytest.raises(DomainError, match="dihitung ulang"):
        tpp.lock_run(again.id, "Operator", expected_version=first.lock_version)
    locked = tpp.lock_run(again.id, "Operator kepegawaian", expected_version=again.lock_version)
    assert locked.status == "terkunci" and locked.locked_by == "Operator kepegawaian"
    with unchanged(), pytest.raises(DomainError, match="sudah dikunci"):
        tpp.compute_run(YEAR + 1, 3)
    with unchanged(), pytest.raises(DomainError, match="sudah dikunci"):
        tpp.save_attendance(YEAR + 1, 3, [tpp.AttendanceInput(org.staf, absent_days=2)])
    with unchanged(), pytest.raises(DomainError, match="sudah dikunci"):
        tpp.lock_run(again.id, "Operator")
    assert [r.month for r in tpp.runs(YEAR + 1)] == [3]


def test_bad_attendance_and_missing_ceilings_are_refused(office):
    org = office
    with unchanged(), pytest.raises(ValidationError) as err:
        tpp.save_attendance(YEAR + 1, 4, [tpp.AttendanceInput(org.staf, absent_days=40),
                                          tpp.AttendanceInput(org.staf2, late_minutes=(0, 30))])
    assert set(err.value.errors) == {f"{org.staf}.absent", f"{org.staf2}.late"}
    with unchanged(), pytest.raises(ValidationError, match="Bulan harus"):
        tpp.compute_run(YEAR + 1, 13)
    sql("UPDATE employee SET jenjang = 'Ahli Utama Khusus' WHERE id = ?", org.staf)
    with unchanged(), pytest.raises(ValidationError, match="Ahli Utama Khusus"):
        tpp.compute_run(YEAR + 1, 4)


def test_the_rules_are_an_office_setting(office):
    org = office
    with unchanged(), pytest.raises(ValidationError, match="berjumlah 100%"):
        tpp.save_rules(c.TppRules(performance_weight=D(70), discipline_weight=D(40)))
    tpp.save_rules(c.TppRules(performance_weight=D(40), discipline_weight=D(60)))
    assert tpp.office_rules().performance_weight == D(40)
    run = tpp.compute_run(YEAR + 1, 5, org.units["seksi"])
    rina = line_of(run, org.staf)
    assert rina.performance == 4_500_000 * 40 // 100 * 75 // 100  # 40% × 75%


def test_the_attendance_sheet_lists_the_units_active_people_with_what_is_stored(org):
    tpp.save_attendance(YEAR + 1, 6, [tpp.AttendanceInput(org.staf, absent_days=2, late_minutes=(95, 15))])
    sheet = tpp.attendance_sheet(YEAR + 1, 6, org.units["seksi"])
    assert {r.employee_id for r in sheet} == {org.staf, org.staf2}
    rina = next(r for r in sheet if r.employee_id == org.staf)
    assert (rina.absent_days, rina.late_minutes, rina.unit_name) == (2, (15, 95), "Seksi Surveilans")
    other = next(r for r in sheet if r.employee_id == org.staf2)
    assert (other.absent_days, other.late_minutes) == (0, ())
    assert len(tpp.attendance_sheet(YEAR + 1, 6)) == 7  # the whole office
    assert [r.name for r in sheet] == sorted(r.name for r in sheet)


def test_the_run_of_a_unit_and_the_lock_covering_it_are_found(org):
    seksi, bidang = org.units["seksi"], org.units["bidang"]
    assert tpp.run_for(YEAR + 1, 7, seksi) is None and tpp.covering_lock(YEAR + 1, 7, seksi) is None
    run = tpp.compute_run(YEAR + 1, 7, seksi)
    assert tpp.run_for(YEAR + 1, 7, seksi) == run
    assert tpp.run_for(YEAR + 1, 7) is None  # the whole office is another run
    tpp.lock_run(run.id, "Operator")
    locked = tpp.covering_lock(YEAR + 1, 7, seksi)
    assert locked is not None and locked.id == run.id and locked.status == "terkunci"
    assert tpp.covering_lock(YEAR + 1, 7, bidang) is None  # the bidang holds more than the locked seksi
    assert tpp.covering_lock(YEAR + 1, 7) is None
    sheet = {r.employee_id: r.locked for r in tpp.attendance_sheet(YEAR + 1, 7, bidang)}
    assert sheet[org.staf] and sheet[org.staf2] and not sheet[org.kabid]


def test_units_are_locked_one_at_a_time_and_nobody_is_paid_twice(org):
    month = YEAR + 1, 8
    seksi = tpp.compute_run(*month, org.units["seksi"])
    tpp.lock_run(seksi.id, "Operator")
    camat = tpp.compute_run(*month, org.units["kecamatan"])  # another unit: still open
    assert camat.status == "draf" and camat.employees == 2
    tpp.save_attendance(*month, [tpp.AttendanceInput(org.camat, absent_days=1)])
    with unchanged(), pytest.raises(DomainError, match="sudah dikunci") as err:
        tpp.save_attendance(*month, [tpp.AttendanceInput(org.staf, absent_days=1)])
    assert "Seksi Surveilans" in err.value.message
    for scope in (None, org.units["dinkes"], org.units["bidang"]):  # each holds the locked seksi
        with unchanged(), pytest.raises(DomainError, match="sudah dikunci"):
            tpp.compute_run(*month, scope)
    # a draft in the way is replaced only when asked
    other = YEAR + 1, 9
    tpp.compute_run(*other, org.units["seksi"])
    tpp.compute_run(*other, org.units["kecamatan"])
    with unchanged(), pytest.raises(tpp.DraftsInTheWay) as drafts:
        tpp.compute_run(*other)
    assert {d.unit_name for d in drafts.value.drafts} == {"Seksi Surveilans", "Kecamatan Utara"}
    whole = tpp.compute_run(*other, replace_drafts=True)
    assert [r.unit_name for r in tpp.runs(YEAR + 1) if r.month == 9] == ["Seluruh kantor"] and whole.employees == 7


def test_someone_who_moved_after_a_run_is_left_out_of_the_new_units_run(org):
    month = YEAR + 1, 10
    tpp.compute_run(*month, org.units["seksi"])
    sql("UPDATE employee SET unit_id = ? WHERE id = ?", org.units["kecamatan"], org.staf)
    camat = tpp.compute_run(*month, org.units["kecamatan"])
    assert org.staf not in {x.employee_id for x in tpp.run_lines(camat.id)} and camat.employees == 2
    assert [n for n, _where in tpp.elsewhere(*month, org.units["kecamatan"])] == ["Rina Wulandari"]
    assert tpp.elsewhere(*month, org.units["kecamatan"])[0][1] == "Seksi Surveilans"


def test_a_draft_says_what_changed_since_it_was_computed(org):
    month = YEAR + 1, 11
    run = tpp.compute_run(*month, org.units["seksi"])
    assert tpp.stale_reasons(run.id) == []
    tpp.save_attendance(YEAR + 1, 10, [tpp.AttendanceInput(org.staf, absent_days=1)])  # another month
    assert tpp.stale_reasons(run.id) == []
    tpp.save_attendance(*month, [tpp.AttendanceInput(org.staf, absent_days=1)])
    cs.record_sanction(cs.SanctionInput(org.staf2, "teguran_lisan", "862/1", dt.date(YEAR + 1, 10, 1),
                                        dt.date(YEAR + 1, 10, 2)))
    assert tpp.stale_reasons(run.id) == ["kehadiran", "hukuman disiplin"]
    run = tpp.compute_run(*month, org.units["seksi"])
    assert tpp.stale_reasons(run.id) == []
    tpp.set_ceiling("Pemula", 2_600_000)
    assert tpp.stale_reasons(run.id) == ["aturan atau pagu TPP"]
    tpp.lock_run(run.id, "Operator")
    assert tpp.stale_reasons(run.id) == []


def test_rules_and_ceilings_are_saved_together_or_not_at_all(org):
    with unchanged(), pytest.raises(ValidationError) as err:
        tpp.save_settings(c.TppRules(performance_weight=D(70)), {"Ahli Pertama": 5_000_000, "Pemula": -1})
    assert set(err.value.errors) == {"weights", "ceiling.Pemula"}
    tpp.save_settings(c.TppRules(performance_weight=D(70), discipline_weight=D(30)), {"Ahli Pertama": 5_000_000})
    assert tpp.office_rules().discipline_weight == D(30) and tpp.ceilings()["Ahli Pertama"] == 5_000_000
