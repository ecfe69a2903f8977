"""services.appraisals: periods, who may score whom, the grid, the form, locking, attachments, peers and the
public, the distribution per unit, keberatan. Refusals write nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import appraisals as ap
from asn_desktop.services import database
from asn_desktop.services.appraisals import OPERATOR, OrgPredikat, Predikat, Rating
from asn_desktop.store import migrations
from asn_desktop.store.db import APPLICATION_ID

from .helpers import audit_actions, sql, unchanged
from .test_workplans import YEAR, approved, good_plan, me, rhk_ids

A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH


@pytest.fixture
def team(org):
    """Approved SKPs down the Dinas Kesehatan: kadis (penilai Sekda), kabid (penilai kadis), two staff
    (penilai kabid, atasan kadis); the Sekda's own SKP has no penilai in the database."""
    approved(org.sekda, good_plan(prefix="Sekda: "), OPERATOR)
    kadis = approved(org.kadis, good_plan(None, prefix="Kadis: "), me(org.sekda))
    kabid = approved(org.kabid, good_plan(rhk_ids(kadis)[0], prefix="Kabid: "), me(org.kadis))
    k = rhk_ids(kabid)[0]
    approved(org.staf, good_plan(k, prefix="Rina: "), me(org.kabid))
    approved(org.staf2, good_plan(k, prefix="Dewi: "), me(org.kabid))
    ap.periods(YEAR)  # the year's periods exist before any refusal is checked
    return org


def annual(year: int = YEAR) -> ap.PeriodInfo:
    return ap.periods(year)[-1]


def first_quarter(year: int = YEAR) -> ap.PeriodInfo:
    return ap.periods(year)[0]


def scored(t, employee_id: int, hasil: Rating, perilaku: Rating, period=None, penilai=None) -> ap.TeamRow:
    period = period or annual()
    return ap.set_rating(employee_id, period.id, me(penilai or t.kabid), hasil=hasil, perilaku=perilaku)


def final(t, employee_id: int, hasil: Rating = S, perilaku: Rating = S, penilai=None) -> ap.EvaluationView:
    row = scored(t, employee_id, hasil, perilaku, penilai=penilai)
    return ap.finalise(row.evaluation_id, me(penilai or t.kabid))


# ------------------------------------------------------------------------------------------- periods
def test_periods_follow_the_office_cadence_with_the_annual_last(db):
    ps = ap.periods(2026)
    assert [p.label for p in ps] == ["Triwulan I 2026", "Triwulan II 2026", "Triwulan III 2026",
                                    "Triwulan IV 2026", "Tahunan 2026"]
    assert (ps[1].start, ps[1].end, ps[1].months) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30), 3)
    assert ps[-1].annual and ps[-1].months == 12
    assert [p.id for p in ap.periods(2026)] == [p.id for p in ps]  # asked again: the same rows


def test_cadence_can_change_until_the_year_is_used(team):
    assert [p.label for p in ap.set_cadence("semester", YEAR, OPERATOR)] == [
        f"Semester I {YEAR}", f"Semester II {YEAR}", f"Tahunan {YEAR}"]
    with unchanged(), pytest.raises(ValidationError, match="operator"):
        ap.set_cadence("bulanan", YEAR, me(team.kabid))
    scored(team, team.staf, S, S, period=first_quarter())
    with unchanged(), pytest.raises(ValidationError, match="tidak dapat diubah"):
        ap.set_cadence("bulanan", YEAR, OPERATOR)
    assert len(ap.set_cadence("bulanan", YEAR + 1, OPERATOR)) == 13


# ------------------------------------------------------------------------------------- who scores whom
def test_the_penilai_sees_their_team_and_scores_it(team):
    assert {(o.name, o.team_size) for o in ap.penilai_options(YEAR)} == {
        ("Drs. Hendra Wijaya, M.Si.", 1), ("dr. Siti Aminah, M.Kes.", 1), ("Bambang Priyono, S.K.M.", 2),
        ("Operator kepegawaian", 1)}
    rows = ap.team(team.kabid, annual().id)
    assert [r.name for r in rows] == ["Dewi Lestari", "Rina Wulandari"]
    assert all(r.evaluation_id is None and r.status_label == "Belum dinilai" for r in rows)
    assert rows[0].capaian == "0/3 IKI"
    row = ap.set_rating(team.staf, annual().id, me(team.kabid), hasil=A)
    assert (row.rating_hasil, row.rating_perilaku, row.predikat, row.status_label) == (A, None, None, "Draf")
    row = ap.set_rating(team.staf, annual().id, me(team.kabid), perilaku=A, expected_version=row.lock_version)
    assert (row.predikat, row.status_label) == (Predikat.SANGAT_BAIK, "Draf · lengkap")
    row = ap.set_rating(team.staf, annual().id, me(team.kabid), hasil=None, expected_version=row.lock_version)
    assert (row.rating_hasil, row.predikat) == (None, None)


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), [
    (A, A, Predikat.SANGAT_BAIK), (A, S, Predikat.BAIK), (A, B, Predikat.KURANG),
    (S, A, Predikat.BAIK), (S, S, Predikat.BAIK), (S, B, Predikat.KURANG),
    (B, A, Predikat.BUTUH_PERBAIKAN), (B, S, Predikat.BUTUH_PERBAIKAN), (B, B, Predikat.SANGAT_KURANG),
])
def test_every_cell_of_the_matrix_through_the_grid_and_finalisation(team, hasil, perilaku, expected):
    assert scored(team, team.staf, hasil, perilaku).predikat is expected
    view = ap.finalise(ap.team(team.kabid, annual().id)[1].evaluation_id, me(team.kabid))
    assert (view.predikat, view.final_predikat, view.shown_predikat) == (expected, expected, expected)
    assert expected.label in view.explanation


@pytest.mark.parametrize("who", ["staf", "staf2", "kadis", "operator"])
def test_only_the_penilai_scores(team, who):
    actor = OPERATOR if who == "operator" else me(getattr(team, who))
    with unchanged(), pytest.raises(ValidationError, match="pejabat penilai"):
        ap.set_rating(team.staf, annual().id, actor, hasil=S)


def test_the_operator_scores_the_top_of_the_office_whose_penilai_is_not_in_the_database(team):
    option = ap.penilai_options(YEAR)[-1]
    assert (option.id, option.name, option.team_size) == (0, "Operator kepegawaian", 1)
    assert [r.name for r in ap.team(None, annual().id)] == ["Drs. Hendra Wijaya, M.Si."]
    row = ap.set_rating(team.sekda, annual().id, OPERATOR, hasil=S, perilaku=A)
    assert row.predikat is Predikat.BAIK
    assert ap.team(None, annual().id)[0].predikat is Predikat.BAIK


def test_no_evaluation_without_an_approved_skp(team):
    with unchanged(), pytest.raises(DomainError, match="belum memiliki SKP"):
        ap.set_rating(team.camat, annual().id, me(team.sekda), hasil=S)


def test_a_stale_grid_change_is_refused(team):
    row = scored(team, team.staf, S, S)
    ap.set_rating(team.staf, annual().id, me(team.kabid), hasil=A, expected_version=row.lock_version)
    with unchanged(), pytest.raises(DomainError, match="jendela atau komputer lain"):
        ap.set_rating(team.staf, annual().id, me(team.kabid), hasil=B, expected_version=row.lock_version)


# ------------------------------------------------------------------------------------------- the form
def test_form_shows_the_plan_beside_the_realisasi_and_each_side_writes_its_part(team):
    view = ap.start_evaluation(team.staf, first_quarter().id, me(team.staf))
    assert [(i.rhk_kind, i.iki_text, i.target, i.rencana_aksi) for i in view.indicators] == [
        ("utama", "Jumlah dokumen 1", "12 dokumen", "Persiapan 1"),
        ("utama", "Ketepatan waktu 1", "Setiap akhir triwulan", "Persiapan 1"),
        ("tambahan", "Materi diterima", "90 %", ""),
    ]
    assert [b.name for b in view.behaviours][:2] == ["Berorientasi Pelayanan", "Akuntabel"]
    assert next(b for b in view.behaviours if b.code == "kompeten").expectation == "Mengikuti bimtek surveilans"
    data = ap.form_input(view)
    first = view.indicators[0].iki_id
    data.indicators[first].realisasi_value = 9
    data.indicators[first].bukti = "Laporan surveilans Jan–Mar"
    data.behaviours["kompeten"].self_note = "Ikut bimtek daring"
    data.self_assessment = "Target triwulan tercapai sebagian."
    saved = ap.save_evaluation(view.id, data, me(team.staf), view.lock_version)
    assert (saved.indicators[0].realisasi_value, saved.indicators[0].capaian_percent) == (9, 75.0)
    assert saved.self_assessment == "Target triwulan tercapai sebagian."
    # the employee may not score themselves; the penilai may not change the realisasi
    mine = ap.form_input(saved)
    mine.rating_hasil = A
    with unchanged(), pytest.raises(ValidationError, match="pejabat penilai"):
        ap.save_evaluation(saved.id, mine, me(team.staf), saved.lock_version)
    theirs = ap.form_input(saved)
    theirs.indicators[first].realisasi_value = 12
    with unchanged(), pytest.raises(ValidationError, match="diisi oleh pegawai"):
        ap.save_evaluation(saved.id, theirs, me(team.kabid), saved.lock_version)
    penilai = ap.form_input(saved)
    penilai.indicators[first].umpan_balik = "Percepat pengumpulan data puskesmas"
    penilai.behaviours["kompeten"].penilai_note = "Aktif berbagi ilmu"
    penilai.rating_hasil, penilai.rating_perilaku, penilai.catatan = S, A, "Pertahankan"
    scored_view = ap.save_evaluation(saved.id, penilai, me(team.kabid), saved.lock_version)
    assert scored_view.shown_predikat is Predikat.BAIK
    assert scored_view.explanation == ("Hasil kerja sesuai ekspektasi dan perilaku kerja di atas ekspektasi "
                                       "menghasilkan predikat Baik.")
    # a form loaded before the penilai saved is stale now
    with unchanged(), pytest.raises(DomainError, match="jendela atau komputer lain"):
        ap.save_evaluation(saved.id, data, me(team.staf), saved.lock_version)


@pytest.mark.parametrize("value", [-1, float("inf"), float("nan"), 1e13])
def test_a_realisasi_out_of_range_is_refused_naming_the_indicator(team, value):
    view = ap.start_evaluation(team.staf, first_quarter().id, me(team.staf))
    data = ap.form_input(view)
    data.indicators[view.indicators[0].iki_id].realisasi_value = value
    with unchanged(), pytest.raises(ValidationError, match="Realisasi 'Jumlah dokumen 1' harus angka 0 sampai"):
        ap.save_evaluation(view.id, data, me(team.staf))


def test_looking_at_an_evaluation_writes_nothing_and_the_first_save_stores_it(team):
    with unchanged():
        view = ap.open_evaluation(team.staf, first_quarter().id)
    assert view.id is None and view.lock_version == 0 and len(view.indicators) == 3
    assert ap.team(team.kabid, first_quarter().id)[1].status_label == "Belum dinilai"
    data = ap.form_input(view)
    data.self_assessment = "Mulai"
    with unchanged(), pytest.raises(ValidationError, match="pejabat penilai"):
        ap.save_evaluation(None, ap.FormInput(**{**data.__dict__, "rating_hasil": A}), me(team.staf), 0,
                           employee_id=team.staf, period_id=first_quarter().id)
    saved = ap.save_evaluation(None, data, me(team.staf), 0, employee_id=team.staf, period_id=first_quarter().id)
    assert saved.id is not None and saved.self_assessment == "Mulai"
    assert ap.open_evaluation(team.staf, first_quarter().id).id == saved.id


def test_a_year_with_nothing_to_evaluate_stores_no_periods(team):
    with unchanged():
        shown = ap.periods(2031)
    assert [p.id for p in shown] == [None] * 5 and shown[-1].label == "Tahunan 2031"
    assert ap.penilai_options(2031) == []
    ap.set_cadence("semester", 2031, OPERATOR)
    assert [p.label for p in ap.periods(2031)] == ["Semester I 2031", "Semester II 2031", "Tahunan 2031"]
    assert sql("SELECT count(*) FROM evaluation_period WHERE year = 2031") == [(0,)]


def test_grid_capaian_summarises_the_realisasi(team):
    view = ap.start_evaluation(team.staf, annual().id, me(team.staf))
    data = ap.form_input(view)
    ids = [i.iki_id for i in view.indicators]
    data.indicators[ids[0]].realisasi_value = 12  # 100%
    data.indicators[ids[1]].realisasi_text = "Tepat waktu"  # filled, no number
    ap.save_evaluation(view.id, data, me(team.staf))
    row = next(r for r in ap.team(team.kabid, annual().id) if r.employee_id == team.staf)
    assert row.capaian == "2/3 IKI · 100%"


# ------------------------------------------------------------------------------------- finalise, unlock
def test_finalise_needs_both_ratings_and_locks(team):
    row = ap.set_rating(team.staf, annual().id, me(team.kabid), hasil=S)
    with unchanged(), pytest.raises(ValidationError, match="rating perilaku kerja"):
        ap.finalise(row.evaluation_id, me(team.kabid))
    ap.set_rating(team.staf, annual().id, me(team.kabid), perilaku=A)
    with unchanged(), pytest.raises(ValidationError, match="pejabat penilai"):
        ap.finalise(row.evaluation_id, me(team.staf))
    view = ap.finalise(row.evaluation_id, me(team.kabid))
    assert view.final and view.final_predikat is Predikat.BAIK and view.received_on == dt.date.today()
    assert view.history[-1].action == "Difinalkan" and "Bambang Priyono" in view.history[-1].actor
    with unchanged(), pytest.raises(DomainError, match="terkunci"):
        ap.set_rating(team.staf, annual().id, me(team.kabid), hasil=B)
    data = ap.form_input(view)
    data.self_assessment = "diubah"
    with unchanged(), pytest.raises(DomainError, match="terkunci"):
        ap.save_evaluation(view.id, data, me(team.staf))
    assert ap.team(team.kabid, annual().id)[1].status_label == "Final"


def test_unlocking_needs_the_atasan_or_the_operator_and_a_reason_kept_in_history(team):
    view = final(team, team.staf)
    for actor in (me(team.staf), me(team.kabid)):
        with unchanged(), pytest.raises(ValidationError, match="atasan pejabat penilai"):
            ap.unlock(view.id, actor, "salah ketik")
    with unchanged(), pytest.raises(ValidationError, match="alasan"):
        ap.unlock(view.id, me(team.kadis), "  ")
    opened = ap.unlock(view.id, me(team.kadis), "Rating perilaku salah ketik")
    assert not opened.final and opened.final_predikat is None and opened.shown_predikat is Predikat.BAIK
    assert [(h.action, h.note) for h in opened.history][-1] == ("Kunci dibuka", "Rating perilaku salah ketik")
    again = ap.finalise(view.id, me(team.kabid))
    assert ap.unlock(again.id, OPERATOR, "Koreksi administrator").history[-1].actor == "Operator kepegawaian"
    assert ("buka", "evaluasi", view.id) in audit_actions("evaluasi")


# ---------------------------------------------------------------------------------------- attachments
def test_attachments_are_kept_in_the_database(team, tmp_path):
    view = ap.start_evaluation(team.staf, first_quarter().id, me(team.staf))
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% bukti\n")
    info = ap.add_attachment(view.id, view.indicators[0].iki_id, pdf, me(team.staf))
    assert (info.filename, info.media_type, info.size) == ("laporan.pdf", "application/pdf", 17)
    pdf.unlink()
    assert ap.attachment_data(info.id) == ("laporan.pdf", b"%PDF-1.4\n% bukti\n")
    assert [a.filename for a in ap.get_evaluation(view.id).attachments] == ["laporan.pdf"]
    text = tmp_path / "catatan.docx"
    text.write_bytes(b"PK\x03\x04 not a picture")
    with unchanged(), pytest.raises(ValidationError, match="bukan PDF, PNG, atau JPEG"):
        ap.add_attachment(view.id, None, text, me(team.staf))
    with unchanged(), pytest.raises(DomainError, match="tidak dapat dibaca"):
        ap.add_attachment(view.id, None, tmp_path / "hilang.png", me(team.staf))
    with unchanged(), pytest.raises(ValidationError, match="pegawai"):
        ap.add_attachment(view.id, None, text, me(team.kabid))
    ap.remove_attachment(info.id, me(team.staf))
    assert ap.get_evaluation(view.id).attachments == []


def test_an_attachment_over_the_limit_is_refused(team, tmp_path, monkeypatch):
    monkeypatch.setattr(ap, "MAX_ATTACHMENT", 100)
    view = ap.start_evaluation(team.staf, first_quarter().id, me(team.staf))
    big = tmp_path / "foto.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 200)
    with unchanged(), pytest.raises(ValidationError, match="terlalu besar"):
        ap.add_attachment(view.id, None, big, me(team.staf))


# ------------------------------------------------------------------------------- peers and the public
def test_peers_and_public_feedback_are_shown_beside_the_core_values(team):
    view = ap.start_evaluation(team.staf, first_quarter().id, me(team.staf))
    ap.save_peer(view.id, team.staf2, {"harmonis": (A, "Selalu membantu"), "loyal": (S, "")}, me(team.staf2))
    shown = ap.save_peer(view.id, team.staf2, {"loyal": (None, "")}, OPERATOR)  # cleared
    harmonis = next(b for b in shown.behaviours if b.code == "harmonis")
    assert [(p.peer_name, p.rating, p.note) for p in harmonis.peers] == [("Dewi Lestari", A, "Selalu membantu")]
    assert not next(b for b in shown.behaviours if b.code == "loyal").peers
    for peer, actor in ((team.staf, me(team.staf)), (team.kabid, OPERATOR), (team.staf2, me(team.staf))):
        with unchanged(), pytest.raises(ValidationError):
            ap.save_peer(view.id, peer, {"harmonis": (S, "x")}, actor)
    ap.save_public_feedback(first_quarter().id, "survei", 82.5, OPERATOR, unit_id=team.units["dinkes"],
                            responses=120, note="IKM triwulan I")
    ap.save_public_feedback(first_quarter().id, "pengaduan", 90, OPERATOR, employee_id=team.staf, responses=10)
    ap.save_public_feedback(first_quarter().id, "survei", 70, OPERATOR, unit_id=team.units["kecamatan"], responses=40)
    feedback = ap.get_evaluation(view.id).feedback
    assert [(f.about, f.kind, f.score) for f in feedback] == [
        ("Dinas Kesehatan", "survei", 82.5), ("Rina Wulandari", "pengaduan", 90)]
    assert len(ap.public_feedback(first_quarter().id)) == 3
    with unchanged(), pytest.raises(ValidationError, match="0 sampai 100"):
        ap.save_public_feedback(first_quarter().id, "survei", 101, OPERATOR, unit_id=team.units["dinkes"], responses=5)
    with unchanged(), pytest.raises(ValidationError, match="jumlah responden"):
        ap.save_public_feedback(first_quarter().id, "survei", 80, OPERATOR, unit_id=team.units["dinkes"])
    with unchanged(), pytest.raises(ValidationError, match="operator"):
        ap.save_public_feedback(first_quarter().id, "survei", 80, me(team.kabid), unit_id=team.units["dinkes"],
                                responses=5)


# ------------------------------------------------------------------------------------- distribution
def test_distribution_counts_final_annual_predikat_below_the_unit(team):
    dinkes = team.units["dinkes"]
    ap.set_org_predikat(dinkes, YEAR, OrgPredikat.BAIK, OPERATOR)
    final(team, team.staf, S, S)  # Baik
    final(team, team.staf2, S, A)  # Baik
    final(team, team.kabid, A, A, penilai=team.kadis)  # Sangat Baik
    scored(team, team.kadis, S, S, penilai=team.sekda)  # not final yet
    scored(team, team.staf, B, B, period=first_quarter())  # periodic: not counted
    d = ap.distribution(dinkes, YEAR)
    assert (d.total, d.drafts, d.counts[Predikat.BAIK], d.counts[Predikat.SANGAT_BAIK]) == (3, 1, 2, 1)
    assert d.org_predikat is OrgPredikat.BAIK and not d.check.ok
    assert d.check.violations == ["harus ada pegawai berpredikat Butuh Perbaikan dan/atau Kurang/Misconduct; "
                                  "saat ini 0%."]
    assert [w.unit_name for w in ap.distribution_warnings(YEAR)] == ["Dinas Kesehatan"]
    # what finalising the kadis as Butuh Perbaikan would do: the warning goes away
    what_if = ap.distribution_for_employee(team.kadis, YEAR, Predikat.BUTUH_PERBAIKAN)
    assert what_if.unit_id == dinkes and what_if.total == 4 and what_if.check.ok
    assert ap.distribution(team.units["bidang"], YEAR).check is None  # no predikat organisasi: no rule
    assert ap.distribution_for_employee(team.camat, YEAR, Predikat.BAIK) is None
    with unchanged(), pytest.raises(ValidationError, match="operator"):
        ap.set_org_predikat(dinkes, YEAR, OrgPredikat.ISTIMEWA, me(team.kadis))
    ap.set_org_predikat(dinkes, YEAR, None, OPERATOR)
    assert ap.distribution_warnings(YEAR) == []


# ------------------------------------------------------------------------------------------ keberatan
def test_an_objection_is_filed_in_the_window_and_decided_by_the_atasan(team):
    view = final(team, team.staf, B, S)  # Butuh Perbaikan
    received = view.received_on
    assert view.objection_deadline == received + dt.timedelta(days=14)
    with unchanged(), pytest.raises(DomainError, match="sudah lewat"):
        ap.file_objection(view.id, me(team.staf), "Tidak adil", on=received + dt.timedelta(days=15))
    with unchanged(), pytest.raises(ValidationError, match="alasan"):
        ap.file_objection(view.id, me(team.staf), " ")
    with unchanged(), pytest.raises(ValidationError, match="pegawai yang dinilai"):
        ap.file_objection(view.id, me(team.staf2), "Tidak adil")
    filed = ap.file_objection(view.id, me(team.staf), "Bukti dukung triwulan IV belum dipertimbangkan",
                              on=received + dt.timedelta(days=14))
    assert filed.objection.status_label == "Menunggu putusan"
    with unchanged(), pytest.raises(DomainError, match="sudah pernah"):
        ap.file_objection(view.id, me(team.staf), "lagi")
    with unchanged(), pytest.raises(DomainError, match="tidak dapat dibuka"):
        ap.unlock(view.id, OPERATOR, "koreksi")
    for actor in (me(team.kabid), OPERATOR):
        with unchanged(), pytest.raises(ValidationError, match="atasan pejabat penilai"):
            ap.decide_objection(view.id, actor, False, "tidak berdasar")
    with unchanged(), pytest.raises(ValidationError, match="predikat yang baru"):
        ap.decide_objection(view.id, me(team.kadis), True, "Bukti diterima")
    decided = ap.decide_objection(view.id, me(team.kadis), True, "Bukti triwulan IV sah",
                                  new_predikat=Predikat.BAIK, hearing_notes="Pegawai dan penilai didengar")
    assert (decided.predikat, decided.final_predikat) == (Predikat.BUTUH_PERBAIKAN, Predikat.BAIK)
    assert decided.objection.status_label == "Diterima" and "Siti Aminah" in decided.objection.decided_by
    assert "Setelah keberatan diputus, predikatnya Baik." in decided.explanation
    with unchanged(), pytest.raises(DomainError, match="sudah diputus"):
        ap.decide_objection(view.id, me(team.kadis), False, "berubah pikiran")
    ap.set_org_predikat(team.units["dinkes"], YEAR, OrgPredikat.BAIK, OPERATOR)
    assert ap.distribution(team.units["dinkes"], YEAR).counts[Predikat.BAIK] == 1
    assert [(o.employee_name, o.status) for o in ap.objections(YEAR)] == [("Rina Wulandari", "diterima")]
    assert ap.team(team.kabid, annual().id)[1].status_label == "Keberatan diterima"


def test_objections_only_for_a_final_annual_predikat_and_the_window_is_a_setting(team):
    row = scored(team, team.staf, S, S, period=first_quarter())
    periodic = ap.finalise(row.evaluation_id, me(team.kabid))
    with unchanged(), pytest.raises(DomainError, match="tahunan"):
        ap.file_objection(periodic.id, me(team.staf), "x")
    draft = scored(team, team.staf2, S, S)
    with unchanged(), pytest.raises(DomainError, match="belum final"):
        ap.file_objection(draft.evaluation_id, me(team.staf2), "x")
    from asn_desktop.store import settings

    settings.put("evaluation.objection_days", 3)
    view = final(team, team.staf)
    assert view.objection_deadline == view.received_on + dt.timedelta(days=3)
    rejected = ap.file_objection(view.id, OPERATOR, "Dicatat operator", on=view.received_on + dt.timedelta(days=3))
    rejected = ap.decide_objection(view.id, me(team.kadis), False, "Rating sesuai bukti")
    assert rejected.final_predikat is Predikat.BAIK and rejected.objection.status_label == "Ditolak"


# ---------------------------------------------------------------------------------------- angka kredit
def test_angka_kredit_is_shown_for_jabatan_fungsional(team):
    view = final(team, team.staf, A, A)  # Ahli Pertama, Sangat Baik
    assert view.angka_kredit == "18,750 (150% × koefisien Ahli Pertama 12,5)"
    quarter = scored(team, team.staf, S, S, period=first_quarter())
    assert ap.get_evaluation(quarter.evaluation_id).angka_kredit == "3,125 (3/12 × 100% × koefisien Ahli Pertama 12,5)"
    assert ap.get_evaluation(final(team, team.staf2).id).angka_kredit == ""  # pelaksana: no angka kredit


# ------------------------------------------------------------------------------------------- migration
def test_schema_3_file_gains_the_appraisal_tables_and_keeps_its_skp(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    assert migrations.apply(conn, target=3) == [1, 2, 3]
    conn.execute("INSERT INTO org_unit (id, code, name, kind) VALUES (1, 'PEMDA', 'Pemerintah Kabupaten', 'pemda')")
    conn.execute(
        "INSERT INTO employee (id, nip, name, gender, birth_date, status, golongan, position_title, position_kind,"
        " jenjang, unit_id) VALUES (1, '198609262015051001', 'Budi', 'L', '1986-09-26', 'PNS', 'IV/d', 'Sekda',"
        " 'struktural', 'JPT Pratama', 1)"
    )
    conn.execute("INSERT INTO skp (id, employee_id, year, version, status, created_at, updated_at)"
                 " VALUES (1, 1, 2025, 1, 'disetujui', '2025-01-02T08:00:00', '2025-01-02T08:00:00')")
    conn.execute("INSERT INTO skp_rhk (id, skp_id, position, kind, text) VALUES (1, 1, 1, 'utama', 'RHK')")
    conn.execute("INSERT INTO skp_iki (id, rhk_id, position, aspect, text, target_value, target_unit)"
                 " VALUES (1, 1, 1, 'kuantitas', 'Dokumen', 4, 'dokumen')")
    conn.close()
    try:
        opened = database.open_database(db_path)
        assert (opened.version_before, opened.version) == (3, migrations.LATEST_VERSION)
        assert opened.upgrade_backup is not None and opened.upgrade_backup.exists()
        tables = {r[0] for r in sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"evaluation_period", "evaluation", "evaluation_indicator", "evaluation_attachment",
                "evaluation_behaviour", "peer_assessment", "public_feedback", "org_predikat", "objection",
                "evaluation_history"} <= tables
        row = ap.set_rating(1, ap.periods(2025)[-1].id, OPERATOR, hasil=S, perilaku=S)
        assert row.predikat is Predikat.BAIK and row.capaian == "0/1 IKI"
    finally:
        database.close_database()


# ---------------------------------------------------------------------------------------- durability
_SAVER = """
import sys, time
from asn_desktop.services import appraisals as ap, database
from asn_desktop.services.workplans import Actor
database.open_database(sys.argv[1])
period = ap.periods(int(sys.argv[2]))[-1]
row = ap.set_rating(int(sys.argv[3]), period.id, Actor(int(sys.argv[4])), hasil=ap.Rating.DI_ATAS,
                    perilaku=ap.Rating.SESUAI)
print("TERSIMPAN", row.evaluation_id, flush=True)  # what the grid shows once set_rating has returned
time.sleep(60)  # killed here, with the database still open
"""


def test_a_save_survives_the_process_being_killed(team, db_path):
    import os
    import signal
    import subprocess
    import sys

    database.close_database()
    proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(db_path), str(YEAR), str(team.staf), str(team.kabid)],
                            stdout=subprocess.PIPE, text=True, cwd=os.getcwd())
    try:
        line = proc.stdout.readline()
        assert line.startswith("TERSIMPAN"), line
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    database.open_database(db_path)
    row = ap.team(team.kabid, annual().id)[1]
    assert (row.evaluation_id, row.rating_hasil, row.rating_perilaku, row.predikat) == (
        int(line.split()[1]), Rating.DI_ATAS, Rating.SESUAI, Predikat.BAIK)


def test_the_objection_window_setting_is_the_operators_and_bounded(team):
    with unchanged(), pytest.raises(ValidationError, match="operator"):
        ap.set_objection_days(21, me(team.kadis))
    for bad in (0, 91):
        with unchanged(), pytest.raises(ValidationError, match="1 sampai 90"):
            ap.set_objection_days(bad, OPERATOR)
    ap.set_objection_days(21, OPERATOR)
    assert ap.objection_days() == 21
