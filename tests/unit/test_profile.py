"""services.profile: one employee's whole record — identity, riwayat jabatan, SKP and predikat by year, training and
JP by year against the target, open training needs. Read only, in a handful of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from asn_desktop.domain.errors import DomainError
from asn_desktop.domain.predikat import Predikat
from asn_desktop.domain.skp import Status
from asn_desktop.services import appraisals as ap
from asn_desktop.services import development as dev
from asn_desktop.services import employees as emp
from asn_desktop.services import profile as prof
from asn_desktop.services import workplans as wp
from asn_desktop.services.appraisals import Rating
from asn_desktop.services.development import AttendanceInput, EventInput
from asn_desktop.store.db import database

from .helpers import emp_input, pns_nip, pppk_nip, unchanged
from .test_workplans import YEAR, approved, good_plan, last_year_kabid, me, rhk_ids

A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH


@pytest.fixture
def this_year(monkeypatch):
    """The profile always shows the current year's JP; pin "today" so the tests do not age."""
    day = dt.date(YEAR + 1, 11, 23)
    monkeypatch.setattr(prof, "today", lambda: day)
    return day


@pytest.fixture
def record(org, this_year):  # noqa: F811  (the fixture imported above)
    """Rina (staf) with two years of SKP, evaluations with a keberatan that changed the annual predikat, training
    across two years, and training needs in every state."""
    kabid_2024 = last_year_kabid(org)
    approved(org.staf, good_plan(rhk_ids(kabid_2024)[0], prefix="2024: "), me(org.kabid), year=YEAR - 1)
    approved(org.sekda, good_plan(prefix="Sekda: "), wp.OPERATOR)
    kadis = approved(org.kadis, good_plan(None, prefix="Kadis: "), me(org.sekda))
    kabid = approved(org.kabid, good_plan(rhk_ids(kadis)[0], prefix="Kabid: "), me(org.kadis))
    v1 = approved(org.staf, good_plan(rhk_ids(kabid)[0], prefix="Rina: "), me(org.kabid))
    periods = ap.periods(YEAR)
    q1, q2, annual = periods[0], periods[1], periods[-1]
    ap.finalise(ap.set_rating(org.staf, q1.id, me(org.kabid), hasil=S, perilaku=S).evaluation_id, me(org.kabid))
    ap.set_rating(org.staf, q2.id, me(org.kabid), hasil=S)  # still being scored
    row = ap.set_rating(org.staf, annual.id, me(org.kabid), hasil=B, perilaku=S)  # Butuh Perbaikan
    view = ap.finalise(row.evaluation_id, me(org.kabid))
    ap.file_objection(view.id, me(org.staf), "Bukti dukung triwulan IV belum dipertimbangkan")
    ap.decide_objection(view.id, me(org.kadis), True, "Bukti sah", new_predikat=Predikat.BAIK)
    wp.revise(v1.header.id, me(org.staf), "Perubahan tugas")  # version 2, a draft

    # training: passed with part of the JP credited, one across the new year, one not passed, one planned
    def event(title, form, start, end, jp):
        return dev.save_event(EventInput(title, "teknis", form, start, end, jp, organiser="BKPSDM"))

    course = event("Pelatihan Dasar Surveilans", "pelatihan", dt.date(YEAR, 3, 10), dt.date(YEAR, 3, 14), 30)
    online = event("Literasi Data", "e_learning", dt.date(YEAR, 12, 29), dt.date(YEAR + 1, 1, 5), 8)
    workshop = event("Lokakarya Pelayanan", "workshop", dt.date(YEAR, 6, 2), dt.date(YEAR, 6, 3), 10)
    seminar = event("Seminar Kesehatan Masyarakat", "seminar", dt.date(YEAR + 1, 2, 2), dt.date(YEAR + 1, 2, 2), 6)
    for e, status, jp, cert in ((course, "lulus", 12.0, "SERT-001"), (online, "hadir", None, ""),
                                (workshop, "tidak_lulus", None, "")):
        dev.add_participants(e.id, [org.staf, org.staf2])
        rows = {p.employee_id: p for p in dev.participants(e.id)}
        dev.save_attendance(e.id, [
            AttendanceInput(rows[org.staf].id, status, jp, cert, dt.date(YEAR, 3, 14) if cert else None),
            AttendanceInput(rows[org.staf2].id, "hadir")])

    # needs: proposed from the annual rating, one planned into the seminar, one rejected, one done
    dev.generate_needs(YEAR)
    planned = dev.add_need(org.staf, YEAR + 1, "Analisis data surveilans", "teknis")
    dev.plan_needs([planned.id], seminar.id)
    rejected = dev.add_need(org.staf, YEAR + 1, "Pidato", "sosial_kultural")
    dev.set_need_status([rejected.id], "ditolak", "Tidak sesuai jabatan")
    done = dev.add_need(org.staf2, YEAR + 1, "Statistik", "teknis")
    dev.plan_needs([done.id], seminar.id)
    dewi = next(p for p in dev.participants(seminar.id) if p.employee_id == org.staf2)
    dev.save_attendance(seminar.id, [AttendanceInput(dewi.id, "hadir")])
    return org


# ------------------------------------------------------------------------------------------- identity
def test_identity_with_titles_pangkat_unit_path_and_penilai(org):  # noqa: F811
    p = prof.employee_profile(org.kadis)
    i = p.identity
    assert (i.name, i.nip, i.status, i.golongan_label) == (
        "dr. Siti Aminah, M.Kes.", "198609262015051002", "PNS", "IV/c — Pembina Utama Muda")
    assert (i.birth_date, i.gender_label, i.age(dt.date(2026, 9, 25)), i.age(dt.date(2026, 9, 26))) == (
        dt.date(1986, 9, 26), "Laki-laki", 39, 40)
    assert (i.position_text, i.position_kind_label, i.unit_name, i.unit_path) == (
        "Kepala Dinas Kesehatan (JPT Pratama)", "Struktural", "Dinas Kesehatan", "Dinas Kesehatan")
    assert (i.supervisor_name, i.supervisor_position) == ("Drs. Hendra Wijaya, M.Si.", "Sekretaris Daerah")
    assert (i.active, i.inactive_reason, i.inactive_date) == (True, "", None)
    staf = prof.employee_profile(org.staf).identity
    assert staf.unit_path == "Dinas Kesehatan › Bidang Pencegahan Penyakit › Seksi Surveilans"
    assert staf.position_text == "Epidemiolog Kesehatan Ahli Pertama"  # the jenjang is in the title already
    assert prof.employee_profile(org.sekda).identity.unit_path == "Pemerintah Kabupaten Contoh"  # the pemda itself


def test_a_pppk_shows_its_golongan_without_pangkat(org):  # noqa: F811
    row = emp.create_employee(emp_input(org.units["kelurahan"], pppk_nip(3), name="Wati", position_kind="pelaksana",
                                        jenjang="Pelaksana", position_title="Pengadministrasi Perkantoran"))
    i = prof.employee_profile(row.id).identity
    assert (i.status, i.golongan_label, i.position_text, i.supervisor_name) == (
        "PPPK", "Golongan IX", "Pengadministrasi Perkantoran", "")
    assert i.unit_path == "Kecamatan Utara › Kelurahan Mawar"


def test_an_inactive_employee_shows_why_and_since_when_and_no_current_year(org, this_year):  # noqa: F811
    row = emp.create_employee(emp_input(org.units["kelurahan"], pns_nip(8), name="Harun"), dt.date(2015, 5, 1))
    emp.move_employee(row.id, org.units["kecamatan"], dt.date(2020, 1, 2))
    emp.deactivate_employee(row.id, "Pensiun", dt.date(2025, 1, 31))
    p = prof.employee_profile(row.id)
    assert (p.identity.active, p.identity.inactive_reason, p.identity.inactive_date) == (
        False, "Pensiun", dt.date(2025, 1, 31))
    # riwayat jabatan, newest first, the last one closed on the day the person left
    assert [(r.unit_name, r.start_date, r.end_date, r.note) for r in p.positions] == [
        ("Kecamatan Utara", dt.date(2020, 1, 2), dt.date(2025, 1, 31), "Mutasi ke Kecamatan Utara"),
        ("Kelurahan Mawar", dt.date(2015, 5, 1), dt.date(2020, 1, 2), "Data awal")]
    assert (p.years, p.trainings, p.jp_years, p.needs) == ([], [], [], [])  # nothing to show: empty, not made up


def test_an_unknown_employee_is_a_readable_error(db):
    with pytest.raises(DomainError, match="tidak ditemukan"):
        prof.employee_profile(4242)


# ------------------------------------------------------------------------------------- SKP and predikat
def test_skp_and_predikat_by_year_newest_first(record):
    years = prof.employee_profile(record.staf).years
    assert [y.year for y in years] == [YEAR, YEAR - 1]
    now, before = years
    assert (now.skp_status, now.skp_version, now.skp_versions, now.skp_label, now.penilai_name) == (
        Status.DRAF, 2, 2, "Draf (versi 2 dari 2)", "Bambang Priyono, S.K.M.")
    assert now.skp_position == "Epidemiolog Kesehatan Ahli Pertama"
    # the annual predikat as the keberatan left it, and that it changed
    assert (now.predikat, now.predikat_label, now.changed_by_objection, now.objection_label) == (
        Predikat.BAIK, "Baik", True, "Keberatan diterima: semula Butuh Perbaikan")
    assert [(p.short_label, p.final, p.predikat) for p in now.periodic] == [("TW I", True, Predikat.BAIK),
                                                                          ("TW II", False, None)]
    assert now.periodic_text == "TW I Baik · TW II belum final"
    assert (before.skp_label, before.predikat_label, before.objection_label, before.periodic_text) == (
        "Disetujui", "Belum dinilai", "", "")


def test_a_rejected_or_pending_objection_is_named_but_changes_nothing(org):  # noqa: F811
    approved(org.sekda, good_plan(prefix="Sekda: "), wp.OPERATOR)
    approved(org.camat, good_plan(prefix="Camat: "), me(org.sekda))
    annual = ap.periods(YEAR)[-1]
    view = ap.finalise(ap.set_rating(org.camat, annual.id, me(org.sekda), hasil=A, perilaku=B).evaluation_id,
                       me(org.sekda))
    ap.file_objection(view.id, me(org.camat), "Perilaku dinilai dari satu kejadian")
    y = prof.employee_profile(org.camat).years[0]
    assert (y.predikat_label, y.objection_label, y.changed_by_objection) == (
        "Kurang/Misconduct", "Keberatan diajukan", False)


def test_an_annual_evaluation_not_yet_final_is_in_progress(org):  # noqa: F811
    approved(org.sekda, good_plan(prefix="Sekda: "), wp.OPERATOR)
    approved(org.camat, good_plan(prefix="Camat: "), me(org.sekda))
    ap.set_rating(org.camat, ap.periods(YEAR)[-1].id, me(org.sekda), hasil=A)
    y = prof.employee_profile(org.camat).years[0]
    assert (y.skp_label, y.annual_state, y.predikat, y.predikat_label) == ("Disetujui", "draf", None, "Dalam penilaian")


def test_short_period_labels():
    assert [prof.short_period_label("triwulan", n) for n in (1, 4)] == ["TW I", "TW IV"]
    assert prof.short_period_label("semester", 2) == "Smt II"
    assert [prof.short_period_label("bulanan", n) for n in (1, 8, 12)] == ["Jan", "Agu", "Des"]


# ------------------------------------------------------------------------------------------ training
def test_every_participation_with_the_jp_it_earned_and_the_certificate(record):
    rows = prof.employee_profile(record.staf).trainings
    assert [(r.title, r.form_label, r.status_label, r.jp, r.jp_text, r.year) for r in rows] == [
        ("Seminar Kesehatan Masyarakat", "Seminar/konferensi", "Direncanakan", D(0), "0", YEAR + 1),
        ("Literasi Data", "E-learning", "Mengikuti", D(8), "8", YEAR + 1),  # counts in the year it ended
        ("Lokakarya Pelayanan", "Lokakarya/workshop", "Tidak lulus", D(0), "0", YEAR),  # not passed: no JP
        ("Pelatihan Dasar Surveilans", "Pelatihan/diklat", "Lulus", D(12), "12", YEAR),  # part of the 30 credited
    ]
    course = rows[-1]
    assert (course.start, course.end, course.event_jp, course.certificate_number, course.certificate_date,
            course.organiser, course.kind_label) == (dt.date(YEAR, 3, 10), dt.date(YEAR, 3, 14), D(30), "SERT-001",
                                                     dt.date(YEAR, 3, 14), "BKPSDM", "Teknis")


def test_jp_per_year_against_the_target_with_the_shortfall(record, this_year):
    years = prof.employee_profile(record.staf).jp_years
    assert [(y.year, y.jp, y.target, y.shortfall, y.planned, y.meets) for y in years] == [
        (YEAR + 1, D(8), 20, D(12), D(6), False), (YEAR, D(12), 20, D(8), D(0), False)]
    assert [y.text for y in years] == ["8 dari 20 JP — kurang 12 · 6 JP direncanakan", "12 dari 20 JP — kurang 8"]
    assert {y.year: y.jp for y in years} == dev.jp_by_year(record.staf)  # the same sums as the compliance list
    dev.set_jp_target(10)
    p = prof.employee_profile(record.staf)
    assert (p.jp_target, p.jp_years[1].text, p.jp_years[1].meets) == (10, "12 dari 10 JP — terpenuhi", True)


def test_the_current_year_is_shown_even_before_any_training(org, monkeypatch):  # noqa: F811
    monkeypatch.setattr(prof, "today", lambda: dt.date(YEAR + 2, 2, 1))
    years = prof.employee_profile(org.staf).jp_years
    assert [(y.year, y.text) for y in years] == [(YEAR + 2, "0 dari 20 JP — kurang 20")]


def test_a_year_not_begun_shows_what_is_planned_not_a_shortfall(org, this_year):  # noqa: F811
    e = dev.save_event(EventInput("E-learning Antikorupsi", "teknis", "e_learning", dt.date(YEAR + 1, 12, 3),
                                  dt.date(YEAR + 2, 1, 21), 4))
    dev.add_participants(e.id, [org.staf])
    years = prof.employee_profile(org.staf).jp_years
    assert [(y.year, y.upcoming, y.text) for y in years] == [
        (YEAR + 2, True, "tahun mendatang · 4 JP direncanakan"),
        (YEAR + 1, False, "0 dari 20 JP — kurang 20")]


# ------------------------------------------------------------------------------------------- needs
def test_only_open_training_needs_are_listed(record):
    needs = prof.employee_profile(record.staf).needs
    assert [(n.year, n.competency, n.status_label, n.source_label, n.planned_event) for n in needs] == [
        (YEAR + 1, "Analisis data surveilans", "Direncanakan", "Dicatat operator", "Seminar Kesehatan Masyarakat"),
        (YEAR, "Kompetensi teknis jabatan Epidemiolog Kesehatan Ahli Pertama", "Usulan",
         "Rating hasil kerja Di Bawah Ekspektasi", ""),
    ]
    assert needs[1].period_label == f"Tahunan {YEAR}"
    # a need that was met (the participation was completed) is closed and leaves the list
    assert prof.employee_profile(record.staf2).needs == []


# ------------------------------------------------------------------------------------- read only, quick
def test_reading_a_profile_writes_nothing_in_a_handful_of_queries(record):
    statements: list[str] = []
    with unchanged():
        database.obj.connection().set_trace_callback(statements.append)
        try:
            prof.employee_profile(record.staf)
        finally:
            database.obj.connection().set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # one per part (employee, history, unit, penilai, units, SKP, evaluations, training, JP, target, needs):
    # the count does not grow with the years or the trainings
    assert 5 <= len(selects) <= 14, selects
