"""services.development: events, participants in bulk, attendance for a whole event, JP compliance, training
needs from evaluations. Refusals write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import appraisals as ap
from asn_desktop.services import development as dev
from asn_desktop.services import employees as emp
from asn_desktop.services.appraisals import OPERATOR, Rating
from asn_desktop.services.development import AttendanceInput, EventInput

from .helpers import audit_actions, sql, unchanged
from .test_workplans import YEAR, approved, good_plan, me, rhk_ids


def event(title="Bimtek Surveilans", start=dt.date(YEAR, 3, 3), end=dt.date(YEAR, 3, 6), jp=24.0, form="bimtek",
          kind="teknis", **over) -> dev.EventRow:
    return dev.save_event(EventInput(title, kind, form, start, end, jp, organiser="BKPSDM", **over))


def attend(event_id: int, status: dict[int, str], jp: dict[int, float] | None = None) -> list[dev.ParticipantRow]:
    rows = dev.participants(event_id)
    return dev.save_attendance(event_id, [
        AttendanceInput(p.id, status.get(p.employee_id, p.status), (jp or {}).get(p.employee_id))
        for p in rows])


# --------------------------------------------------------------------------------------------- events
def test_an_event_is_created_with_its_method_from_its_form(org):
    e = event()
    assert (e.title, e.kind_label, e.form_label, e.method_label, e.jp) == (
        "Bimtek Surveilans", "Teknis", "Bimbingan teknis", "Klasikal", 24.0)
    online = event("Literasi Digital", form="e_learning", jp=4)
    assert online.method == "nonklasikal"
    assert [r.title for r in dev.list_events(YEAR)] == ["Bimtek Surveilans", "Literasi Digital"] or \
        {r.title for r in dev.list_events(YEAR)} == {"Bimtek Surveilans", "Literasi Digital"}
    assert ("buat", "kegiatan_pelatihan", e.id) in audit_actions("kegiatan_pelatihan")


@pytest.mark.parametrize(("change", "field"), [
    ({"title": " "}, "title"), ({"kind": "rohani"}, "kind"), ({"form": "arisan"}, "form"),
    ({"end": dt.date(YEAR, 3, 1)}, "end"), ({"jp": 0}, "jp"), ({"jp": float("inf")}, "jp"), ({"jp": 1001}, "jp"),
])
def test_a_wrong_event_is_refused(org, change, field):
    values = dict(title="Bimtek", kind="teknis", form="bimtek", start=dt.date(YEAR, 3, 3), end=dt.date(YEAR, 3, 6),
                  jp=24.0)
    values.update(change)
    with unchanged(), pytest.raises(ValidationError) as err:
        dev.save_event(EventInput(**values))
    assert field in err.value.errors


def test_a_stale_event_change_is_refused(org):
    e = event()
    dev.save_event(EventInput("Bimtek baru", "teknis", "bimtek", e.start, e.end, 24), e.id, e.lock_version)
    with unchanged(), pytest.raises(DomainError, match="jendela atau komputer lain"):
        dev.save_event(EventInput("Lagi", "teknis", "bimtek", e.start, e.end, 24), e.id, e.lock_version)


# ----------------------------------------------------------------------------------------- participants
def test_participants_are_added_in_bulk_and_doubles_and_inactive_are_named(org):
    e = event()
    first = dev.add_participants(e.id, [org.staf, org.staf2])
    assert first.added == 2
    emp.deactivate_employee(org.lurah, "Pensiun", dt.date.today())
    again = dev.add_participants(e.id, [org.staf, org.kabid, org.lurah])
    assert (again.added, again.already, again.inactive) == (1, ["Rina Wulandari"], ["Agus Salim"])
    assert [p.name for p in dev.participants(e.id)] == ["Bambang Priyono, S.K.M.", "Dewi Lestari", "Rina Wulandari"]
    with unchanged(), pytest.raises(ValidationError, match="paling sedikit satu"):
        dev.add_participants(e.id, [])


def test_attendance_for_a_whole_event_is_stored_at_once_or_not_at_all(org):
    e = event()
    dev.add_participants(e.id, [org.staf, org.staf2, org.kabid])
    rows = {p.employee_id: p for p in dev.participants(e.id)}
    bad = [AttendanceInput(rows[org.staf].id, "lulus", None, "812/BKPSDM/2025/001", dt.date(YEAR, 3, 6)),
           AttendanceInput(rows[org.staf2].id, "hadir", 30.0),  # more than the event gives
           AttendanceInput(rows[org.kabid].id, "tidak_lulus", None, "812/BKPSDM/2025/003")]  # no certificate for a fail
    with unchanged(), pytest.raises(ValidationError) as err:
        dev.save_attendance(e.id, bad)
    assert set(err.value.errors) == {f"{rows[org.staf2].id}.jp", f"{rows[org.kabid].id}.certificate"}
    assert "Dewi Lestari: JP yang diakui harus 0 sampai 24" in err.value.errors[f"{rows[org.staf2].id}.jp"]
    good = [AttendanceInput(rows[org.staf].id, "lulus", None, "812/BKPSDM/2025/001", dt.date(YEAR, 3, 6)),
            AttendanceInput(rows[org.staf2].id, "hadir", 16.0),
            AttendanceInput(rows[org.kabid].id, "tidak_lulus")]
    saved = {p.employee_id: p for p in dev.save_attendance(e.id, good)}
    assert (saved[org.staf].status_label, saved[org.staf].certificate_number) == ("Lulus", "812/BKPSDM/2025/001")
    assert saved[org.staf2].jp_credited == 16.0
    by_person = {r.employee_id: r.jp for r in dev.compliance(YEAR)}
    assert (by_person[org.staf], by_person[org.staf2], by_person[org.kabid]) == (D(24), D(16), D(0))


def test_an_event_that_gave_jp_cannot_be_deleted_but_a_planned_one_can(org):
    e = event()
    dev.add_participants(e.id, [org.staf])
    attend(e.id, {org.staf: "hadir"})
    with unchanged(), pytest.raises(DomainError, match="tidak dapat dihapus"):
        dev.delete_event(e.id)
    planned = event("Rencana", start=dt.date(YEAR, 11, 1), end=dt.date(YEAR, 11, 2), jp=8)
    dev.add_participants(planned.id, [org.staf2])
    dev.delete_event(planned.id)
    assert [r.title for r in dev.list_events(YEAR)] == ["Bimtek Surveilans"]


# ------------------------------------------------------------------------------------------- compliance
def test_compliance_counts_the_year_an_event_ended_and_sorts_the_furthest_first(org):
    december = event("Pelatihan Kepemimpinan", start=dt.date(YEAR - 1, 12, 15), end=dt.date(YEAR, 1, 20), jp=30,
                     form="pelatihan", kind="kepemimpinan")
    last_year = event("Seminar", start=dt.date(YEAR - 1, 6, 1), end=dt.date(YEAR - 1, 6, 1), jp=8, form="seminar")
    module = event("E-learning SKP", start=dt.date(YEAR, 2, 1), end=dt.date(YEAR, 2, 28), jp=6, form="e_learning")
    dev.add_participants(december.id, [org.kabid])
    dev.add_participants(last_year.id, [org.kabid, org.staf])
    dev.add_participants(module.id, [org.staf, org.staf2])
    attend(december.id, {org.kabid: "lulus"})
    attend(last_year.id, {org.kabid: "hadir", org.staf: "hadir"})
    attend(module.id, {org.staf: "lulus", org.staf2: "tidak_lulus"})
    rows = dev.compliance(YEAR)
    by_person = {r.employee_id: r for r in rows}
    assert by_person[org.kabid].jp == D(30) and by_person[org.kabid].meets
    assert by_person[org.staf].jp == D(6) and by_person[org.staf].shortfall == D(14)
    assert by_person[org.staf2].jp == D(0) and by_person[org.staf2].shortfall == D(20)
    assert rows[-1].employee_id == org.kabid and rows[0].jp == D(0)
    assert {r.employee_id: r.jp for r in dev.compliance(YEAR - 1)}[org.kabid] == D(8)
    assert dev.jp_by_year(org.kabid) == {YEAR - 1: D(8), YEAR: D(30)}
    dinkes = next(u for u in dev.unit_compliance(YEAR) if u.unit_name == "Dinas Kesehatan")
    assert (dinkes.staff, dinkes.meeting) == (4, 1)  # kadis, kabid, two staff
    assert [r.name for r in dev.compliance(YEAR, org.units["seksi"])] == ["Dewi Lestari", "Rina Wulandari"]


def test_the_target_is_a_setting(org):
    with unchanged(), pytest.raises(ValidationError, match="1 sampai 200"):
        dev.set_jp_target(0)
    dev.set_jp_target(24)
    assert dev.compliance(YEAR)[0].shortfall == D(24)


# ---------------------------------------------------------------------------------------- training needs
@pytest.fixture
def evaluated(org):
    """The two staff of the seksi with final annual evaluations: Rina below on results, Dewi below on both."""
    approved(org.sekda, good_plan(prefix="Sekda: "), OPERATOR)
    kadis = approved(org.kadis, good_plan(None, prefix="Kadis: "), me(org.sekda))
    kabid = approved(org.kabid, good_plan(rhk_ids(kadis)[0], prefix="Kabid: "), me(org.kadis))
    approved(org.staf, good_plan(rhk_ids(kabid)[0], prefix="Rina: "), me(org.kabid))
    approved(org.staf2, good_plan(rhk_ids(kabid)[0], prefix="Dewi: "), me(org.kabid))
    annual = ap.periods(YEAR)[-1]
    for who, hasil, perilaku in ((org.staf, Rating.DI_BAWAH, Rating.SESUAI), (org.staf2, Rating.DI_BAWAH, Rating.DI_BAWAH),
                                 (org.kabid, Rating.SESUAI, Rating.SESUAI)):
        penilai = org.kadis if who == org.kabid else org.kabid
        row = ap.set_rating(who, annual.id, me(penilai), hasil=hasil, perilaku=perilaku)
        ap.finalise(row.evaluation_id, me(penilai))
    return org


def test_needs_are_proposed_from_ratings_below_expectations_once(evaluated):
    result = dev.generate_needs(YEAR)
    assert (result.created, result.existing, result.evaluations) == (3, 0, 3)
    needs = dev.list_needs(YEAR)
    assert [(n.name, n.source, n.kind, n.status_label) for n in needs] == [
        ("Dewi Lestari", "hasil", "teknis", "Usulan"), ("Dewi Lestari", "perilaku", "sosial_kultural", "Usulan"),
        ("Rina Wulandari", "hasil", "teknis", "Usulan")]
    assert needs[0].competency == "Kompetensi teknis jabatan Pengelola Data" and needs[0].period_label == f"Tahunan {YEAR}"
    with unchanged():
        again = dev.generate_needs(YEAR)
    assert (again.created, again.existing) == (0, 3)


def test_needs_are_reviewed_planned_into_an_event_and_closed_when_attended(evaluated):
    org = evaluated
    dev.generate_needs(YEAR)
    rina, = [n for n in dev.list_needs(YEAR) if n.employee_id == org.staf]
    dewi_hasil, dewi_perilaku = [n for n in dev.list_needs(YEAR) if n.employee_id == org.staf2]
    with unchanged(), pytest.raises(ValidationError, match="alasan"):
        dev.set_need_status([dewi_perilaku.id], "ditolak")
    dev.set_need_status([dewi_perilaku.id], "ditolak", "Sudah ikut pembinaan bulan lalu")
    e = event("Bimtek Pengelolaan Data", start=dt.date(YEAR, 12, 1), end=dt.date(YEAR, 12, 3), jp=24)
    with unchanged(), pytest.raises(ValidationError, match="sudah disetujui"):
        dev.plan_needs([rina.id], e.id)
    dev.set_need_status([rina.id, dewi_hasil.id], "disetujui")
    planned = dev.plan_needs([rina.id, dewi_hasil.id], e.id)
    assert planned.added == 2
    statuses = {n.id: (n.status, n.planned_event) for n in dev.list_needs(YEAR)}
    assert statuses[rina.id] == ("direncanakan", "Bimtek Pengelolaan Data")
    assert statuses[dewi_perilaku.id][0] == "ditolak"
    attend(e.id, {org.staf: "lulus", org.staf2: "tidak_lulus"})
    statuses = {n.id: n.status for n in dev.list_needs(YEAR)}
    assert (statuses[rina.id], statuses[dewi_hasil.id]) == ("selesai", "direncanakan")
    with unchanged(), pytest.raises(ValidationError, match="tidak dapat diubah"):
        dev.set_need_status([rina.id], "usulan")


def test_a_need_recorded_by_hand(org):
    n = dev.add_need(org.staf, YEAR, "Analisis data epidemiologi", "teknis", "Permintaan kepala bidang")
    assert (n.source_label, n.status, n.competency) == ("Dicatat operator", "disetujui", "Analisis data epidemiologi")
    with unchanged(), pytest.raises(ValidationError, match="wajib diisi"):
        dev.add_need(org.staf, YEAR, " ", "teknis")
    second = dev.add_need(org.staf, YEAR, "Statistik", "teknis")
    assert second.source == "manual:2"
    assert sql("SELECT count(*) FROM training_need") == [(2,)]


def test_attendance_waits_for_the_event_and_earned_jp_is_not_removed(org):
    soon = dt.date.today() + dt.timedelta(days=5)
    future = event("Kursus", start=soon, end=soon + dt.timedelta(days=3), jp=30, form="kursus")
    dev.add_participants(future.id, [org.staf])
    p = dev.participants(future.id)[0]
    with unchanged(), pytest.raises(ValidationError, match="kehadiran dicatat setelah kegiatan berlangsung"):
        dev.save_attendance(future.id, [AttendanceInput(p.id, "lulus")])
    past = event()
    dev.add_participants(past.id, [org.staf])
    q = dev.participants(past.id)[0]
    with unchanged(), pytest.raises(ValidationError, match="tanggal sertifikat belum tiba"):
        dev.save_attendance(past.id, [AttendanceInput(q.id, "lulus", None, "A/1", soon)])
    dev.save_attendance(past.id, [AttendanceInput(q.id, "lulus")])
    with unchanged(), pytest.raises(DomainError, match="sudah tercatat mengikuti"):
        dev.remove_participant(q.id)
    dev.remove_participant(p.id)  # only planned: may go
    assert [e.title for e in dev.upcoming_events()] == ["Kursus"]  # the March event is over
