"""services.coaching: programmes, sessions, questions, participants, feedback and the summary.
Every refusal leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import coaching as co
from asn_desktop.services import employees as emp
from asn_desktop.services import units
from asn_desktop.services.coaching import ProgramInput, QuestionInput, SessionInput

from .helpers import audit_actions, employee, office, sql, unchanged

D = dt.date
YEAR = 2025


@pytest.fixture
def ids(db):
    return office()


@pytest.fixture
def people(ids):
    """Four active staff: two in the seksi (below the bidang), one in the bidang, one in the kelurahan."""
    return {
        "rina": employee(ids["seksi"], 11, name="Rina Wulandari").id,
        "dewi": employee(ids["seksi"], 12, name="Dewi Lestari", back_title="S.K.M.").id,
        "eko": employee(ids["bidang"], 13, name="Eko Prasetyo").id,
        "agus": employee(ids["kelurahan"], 14, name="Agus Wijaya").id,
    }


def program(title="Pelayanan prima", kind="pelatihan", year=YEAR, **over) -> co.ProgramRow:
    return co.save_program(ProgramInput(title=title, kind=kind, year=year, **over))


def answer(program_id: int, employee_id: int, scores: list[int], comment: str = "") -> co.FeedbackForm:
    """Record one participant's feedback: ``scores`` in question order."""
    part = next(p for p in co.get_program(program_id).participants if p.employee_id == employee_id)
    questions = co.get_program(program_id).questions
    return co.save_feedback(part.id, {q.id: s for q, s in zip(questions, scores, strict=True)}, comment)


def participant_id(program_id: int, employee_id: int) -> int:
    return next(p.id for p in co.get_program(program_id).participants if p.employee_id == employee_id)


# ------------------------------------------------------------------------------------------ programmes
def test_new_programme_gets_the_default_questions_and_an_audit_entry(ids):
    row = program(title="  Simulasi   penanganan pengaduan  ", kind="simulasi", unit_id=ids["dinkes"],
                  description="  Untuk petugas loket. ")
    assert (row.title, row.kind_label, row.year, row.unit_name, row.description) == (
        "Simulasi penanganan pengaduan", "Simulasi penanganan pengaduan", YEAR, "Dinas Kesehatan", "Untuk petugas loket.")
    assert (row.sessions, row.minutes, row.participants, row.responses, row.average, row.response_rate) == (
        0, 0, 0, 0, None, None)
    detail = co.get_program(row.id)
    assert [q.text for q in detail.questions] == list(co.DEFAULT_QUESTIONS)
    assert [q.position for q in detail.questions] == [1, 2, 3, 4, 5]
    assert audit_actions("program_pembinaan") == [("buat", "program_pembinaan", row.id)]
    assert json.loads(sql("SELECT detail FROM audit_log")[-1][0]) == {"title": row.title, "year": YEAR}


def test_new_programme_with_its_own_questions(ids):
    row = program(questions=["  Materi   jelas ", "Contoh kasus relevan"])
    assert [q.text for q in co.get_program(row.id).questions] == ["Materi jelas", "Contoh kasus relevan"]


@pytest.mark.parametrize(("data", "field", "message"), [
    (dict(title="   "), "title", "Nama program pembinaan wajib diisi."),
    (dict(title="x" * 201), "title", "Nama program paling panjang 200 huruf."),
    (dict(kind="seminar"), "kind", "Jenis program tidak dikenal; pilih dari daftar."),
    (dict(year=1999), "year", "Tahun program harus antara 2000 dan 2100."),
    (dict(year=2101), "year", "Tahun program harus antara 2000 dan 2100."),
    (dict(unit_id=9999), "unit", "Unit tidak ditemukan atau sudah nonaktif; pilih unit lain."),
    (dict(questions=[]), "questions", "Program memerlukan paling sedikit satu pertanyaan umpan balik."),
    (dict(questions=["Materi jelas", " "]), "questions", "Pertanyaan 2 kosong; tulis pertanyaannya atau hapus barisnya."),
    (dict(questions=["Materi jelas", "materi  JELAS"]), "questions",
     "Pertanyaan 2 sama dengan pertanyaan sebelumnya: “materi JELAS”."),
])
def test_programme_refusals_write_nothing(ids, data, field, message):
    values = dict(title="Pelayanan prima", kind="pelatihan", year=YEAR) | data
    with unchanged(), pytest.raises(ValidationError) as err:
        co.save_program(ProgramInput(**values))
    assert err.value.errors == {field: message}


def test_inactive_unit_is_refused(ids):
    units.deactivate_unit(ids["kelurahan"])
    with unchanged(), pytest.raises(ValidationError) as err:
        program(unit_id=ids["kelurahan"])
    assert "unit" in err.value.errors


def test_change_a_programme_keeps_its_questions(ids):
    row = program()
    changed = co.save_program(ProgramInput("Lokakarya SOP", "lokakarya", YEAR, ids["kecamatan"], "Dua hari"), row.id)
    assert (changed.id, changed.title, changed.kind_label, changed.unit_name, changed.description) == (
        row.id, "Lokakarya SOP", "Lokakarya interaktif", "Kecamatan Utara", "Dua hari")
    assert len(co.get_program(row.id).questions) == 5
    assert audit_actions("program_pembinaan")[-1] == ("ubah", "program_pembinaan", row.id)
    with unchanged(), pytest.raises(DomainError, match="tidak ditemukan"):
        co.save_program(ProgramInput("X", "lainnya", YEAR), 9999)


def test_list_programs_of_a_year_by_title_with_counts(ids, people):
    b = program(title="B simulasi", kind="simulasi")
    a = program(title="A pelatihan")
    program(title="Tahun lalu", year=YEAR - 1)
    co.save_sessions(b.id, [SessionInput(D(YEAR, 3, 1), "Pembukaan", "Bu Ani", 90),
                            SessionInput(D(YEAR, 3, 8), "Praktik", "", 120)])
    co.add_participants(b.id, [people["rina"], people["dewi"], people["eko"]])
    answer(b.id, people["rina"], [5, 4, 4, 3, 5])
    answer(b.id, people["dewi"], [4, 4, 3, 2, 5])
    rows = co.list_programs(YEAR)
    assert [r.title for r in rows] == ["A pelatihan", "B simulasi"]
    assert rows[0] == co.get_program(a.id).program
    rb = rows[1]
    assert (rb.sessions, rb.minutes, rb.participants, rb.responses) == (2, 210, 3, 2)
    assert rb.average == 3.9  # 39 points / 10 answers
    assert rb.response_rate == pytest.approx(200 / 3)
    assert [r.title for r in co.list_programs(YEAR - 1)] == ["Tahun lalu"]
    assert co.list_programs(YEAR + 1) == []


def test_delete_programme_without_feedback_takes_everything_with_it(ids, people):
    row = program()
    co.save_sessions(row.id, [SessionInput(D(YEAR, 2, 3), "Materi", "", 60)])
    co.add_participants(row.id, [people["rina"]])
    co.delete_program(row.id)
    assert co.list_programs(YEAR) == []
    for table in ("coaching_program", "coaching_session", "coaching_question", "coaching_participant"):
        assert sql(f"SELECT COUNT(*) FROM {table}") == [(0,)]
    assert audit_actions("program_pembinaan")[-1] == ("hapus", "program_pembinaan", row.id)
    with unchanged(), pytest.raises(DomainError, match="tidak ditemukan"):
        co.delete_program(row.id)


def test_programme_with_feedback_cannot_be_deleted(ids, people):
    row = program(title="Pelayanan prima")
    co.add_participants(row.id, [people["rina"], people["eko"]])
    assert co.deletion_problem(row.id) is None
    answer(row.id, people["rina"], [5, 5, 5, 5, 5])
    assert co.deletion_problem(row.id).startswith("Program “Pelayanan prima” sudah memiliki umpan balik")
    with unchanged(), pytest.raises(DomainError) as err:
        co.delete_program(row.id)
    assert err.value.message.startswith("Program “Pelayanan prima” sudah memiliki umpan balik dari 1 peserta")


# -------------------------------------------------------------------------------------------- sessions
def test_save_sessions_replaces_the_list_sorted_by_date(ids):
    row = program()
    co.save_sessions(row.id, [SessionInput(D(YEAR, 1, 5), "Lama", "", 30)])
    saved = co.save_sessions(row.id, [
        SessionInput(D(YEAR, 5, 20), "  Simulasi   loket ", " Pak  Budi ", 120),
        SessionInput(D(YEAR, 5, 13), "Pengantar", "", 0),
    ])
    assert [(s.date, s.topic, s.facilitator, s.minutes) for s in saved] == [
        (D(YEAR, 5, 13), "Pengantar", "", 0), (D(YEAR, 5, 20), "Simulasi loket", "Pak Budi", 120)]
    assert co.get_program(row.id).sessions == saved
    assert sql("SELECT COUNT(*) FROM coaching_session") == [(2,)]
    assert co.save_sessions(row.id, []) == []  # a programme may have no sessions (yet)
    assert audit_actions("program_pembinaan")[-1] == ("sesi", "program_pembinaan", row.id)


def test_session_refusals_name_the_row_and_write_nothing(ids):
    row = program()
    co.save_sessions(row.id, [SessionInput(D(YEAR, 1, 5), "Ada", "", 30)])
    with unchanged(), pytest.raises(ValidationError) as err:
        co.save_sessions(row.id, [
            SessionInput(D(YEAR, 2, 1), "Baik", "", 60),
            SessionInput(None, "  ", "", -5),
            SessionInput(D(YEAR + 1, 1, 2), "Tahun depan", "", 24 * 60 + 1),
        ])
    assert err.value.errors == {
        "2.date": "Sesi 2: tanggal wajib diisi.",
        "2.topic": "Sesi 2: topik wajib diisi.",
        "2.minutes": "Sesi 2: durasi harus 0 sampai 1440 menit.",
        "3.date": f"Sesi 3: tanggal 02/01/{YEAR + 1} tidak di tahun program ({YEAR}).",
        "3.minutes": "Sesi 3: durasi harus 0 sampai 1440 menit.",
    }
    with unchanged(), pytest.raises(DomainError, match="tidak ditemukan"):
        co.save_sessions(9999, [])


def test_year_cannot_move_away_from_the_sessions(ids):
    row = program()
    co.save_sessions(row.id, [SessionInput(D(YEAR, 4, 1), "Materi", "", 60)])
    with unchanged(), pytest.raises(ValidationError) as err:
        co.save_program(ProgramInput("Pelayanan prima", "pelatihan", YEAR + 1), row.id)
    assert err.value.errors["year"].startswith(f"Program ini memiliki 1 sesi di tahun {YEAR}")
    co.save_sessions(row.id, [])
    assert co.save_program(ProgramInput("Pelayanan prima", "pelatihan", YEAR + 1), row.id).year == YEAR + 1


# ------------------------------------------------------------------------------------------- questions
def test_save_questions_reorders_rewords_adds_and_removes(ids):
    row = program()
    q = co.get_program(row.id).questions
    saved = co.save_questions(row.id, [
        QuestionInput("Saya akan menerapkan hasilnya", q[4].id),  # reworded and moved to the top
        QuestionInput(q[0].text, q[0].id),
        QuestionInput("  Contoh   kasus sesuai pekerjaan "),  # new
    ])
    assert [(s.position, s.text) for s in saved] == [
        (1, "Saya akan menerapkan hasilnya"), (2, q[0].text), (3, "Contoh kasus sesuai pekerjaan")]
    assert saved[0].id == q[4].id and saved[1].id == q[0].id
    assert sql("SELECT COUNT(*) FROM coaching_question") == [(3,)]
    assert audit_actions("program_pembinaan")[-1] == ("pertanyaan", "program_pembinaan", row.id)


def test_question_refusals_write_nothing(ids):
    row = program()
    q = co.get_program(row.id).questions
    other = program(title="Lain")
    foreign = co.get_program(other.id).questions[0]
    for questions, expected in (
        ([], "Program memerlukan paling sedikit satu pertanyaan umpan balik."),
        ([QuestionInput(" ", q[0].id)], "Pertanyaan 1 kosong; tulis pertanyaannya atau hapus barisnya."),
        ([QuestionInput("A"), QuestionInput("a")], "Pertanyaan 2 sama dengan pertanyaan sebelumnya: “a”."),
        ([QuestionInput(f"Q{i}") for i in range(31)], "Paling banyak 30 pertanyaan umpan balik."),
    ):
        with unchanged(), pytest.raises(ValidationError) as err:
            co.save_questions(row.id, questions)
        assert err.value.errors == {"questions": expected}
    with unchanged(), pytest.raises(DomainError, match="sudah berubah"):
        co.save_questions(row.id, [QuestionInput("Dari program lain", foreign.id)])
    with unchanged(), pytest.raises(DomainError, match="sudah berubah"):
        co.save_questions(row.id, [QuestionInput("A", q[0].id), QuestionInput("B", q[0].id)])


def test_removing_an_answered_question_needs_consent_and_then_takes_its_answers(ids, people):
    row = program()
    co.add_participants(row.id, [people["rina"], people["dewi"]])
    answer(row.id, people["rina"], [5, 4, 3, 2, 1])
    answer(row.id, people["dewi"], [4, 4, 4, 4, 4])
    q = co.get_program(row.id).questions
    assert [x.answered for x in q] == [2] * 5
    keep = [QuestionInput(x.text, x.id) for x in q[:4]]  # the fifth goes
    with unchanged(), pytest.raises(DomainError) as err:
        co.save_questions(row.id, keep)
    assert "“Saya akan menerapkan hasilnya dalam pelayanan” (2 jawaban)" in err.value.message
    co.save_questions(row.id, keep, discard_answered=True)
    assert sql("SELECT COUNT(*) FROM coaching_feedback") == [(8,)]
    assert [x.count for x in co.summary(row.id).questions] == [2, 2, 2, 2]
    detail = json.loads(sql("SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1")[0][0])
    assert detail == {"questions": 4, "removed": 1, "answers_removed": 2}
    # an unanswered question goes without asking
    co.save_questions(row.id, keep + [QuestionInput("Baru")])
    co.save_questions(row.id, keep)
    # a question added after feedback: the earlier respondents simply have not answered it
    co.save_questions(row.id, keep + [QuestionInput("Ruangan nyaman")])
    s = co.summary(row.id)
    assert (s.questions[-1].text, s.questions[-1].count, s.questions[-1].average) == ("Ruangan nyaman", 0, None)
    assert s.responses == 2


# ---------------------------------------------------------------------------------------- participants
def test_add_participants_in_bulk_skips_and_names_those_already_in_or_inactive(ids, people):
    row = program()
    first = co.add_participants(row.id, [people["rina"], people["eko"], people["rina"]])
    assert first == co.AddResult(2, [], [])
    emp.deactivate_employee(people["agus"], "Pensiun")
    result = co.add_participants(row.id, [people["eko"], people["dewi"], people["agus"]])
    assert result == co.AddResult(1, ["Eko Prasetyo"], ["Agus Wijaya"])
    parts = co.get_program(row.id).participants
    assert [(p.name, p.unit_name, p.gave_feedback) for p in parts] == [
        ("Dewi Lestari, S.K.M.", "Seksi Surveilans", False), ("Eko Prasetyo", "Bidang Pencegahan Penyakit", False),
        ("Rina Wulandari", "Seksi Surveilans", False)]
    assert co.list_programs(YEAR)[0].participants == 3
    assert audit_actions("program_pembinaan").count(("tambah_peserta", "program_pembinaan", row.id)) == 2
    with unchanged():  # nobody new: nothing written, not even an audit entry
        assert co.add_participants(row.id, [people["rina"]]) == co.AddResult(0, ["Rina Wulandari"], [])


def test_add_participants_refusals_write_nothing(ids, people):
    row = program()
    with unchanged(), pytest.raises(ValidationError, match="paling sedikit satu pegawai"):
        co.add_participants(row.id, [])
    with unchanged(), pytest.raises(DomainError, match="tidak ditemukan"):
        co.add_participants(row.id, [people["rina"], 9999])
    with unchanged(), pytest.raises(DomainError, match="Program pembinaan tidak ditemukan"):
        co.add_participants(9999, [people["rina"]])


def test_remove_participant_without_feedback(ids, people):
    row = program()
    co.add_participants(row.id, [people["rina"], people["eko"]])
    co.remove_participant(participant_id(row.id, people["rina"]))
    assert [p.name for p in co.get_program(row.id).participants] == ["Eko Prasetyo"]
    assert audit_actions("program_pembinaan")[-1] == ("hapus_peserta", "program_pembinaan", row.id)
    with unchanged(), pytest.raises(DomainError, match="Peserta tidak ditemukan"):
        co.remove_participant(9999)


def test_removing_a_participant_who_gave_feedback_needs_consent(ids, people):
    row = program()
    co.add_participants(row.id, [people["dewi"], people["eko"]])
    answer(row.id, people["dewi"], [5, 5, 4, 4, 5], "Bagus")
    pid = participant_id(row.id, people["dewi"])
    with unchanged(), pytest.raises(DomainError) as err:
        co.remove_participant(pid)
    assert err.value.message.startswith("Dewi Lestari, S.K.M. sudah mengisi umpan balik")
    co.remove_participant(pid, discard_feedback=True)
    assert sql("SELECT COUNT(*) FROM coaching_feedback") == [(0,)]
    s = co.summary(row.id)
    assert (s.participants, s.responses, s.average, s.comments) == (1, 0, None, [])


# -------------------------------------------------------------------------------------------- feedback
def test_save_feedback_stores_every_score_and_the_comment(ids, people):
    row = program()
    co.add_participants(row.id, [people["dewi"]])
    pid = participant_id(row.id, people["dewi"])
    before = co.feedback_form(pid)
    assert (before.name, before.program_title, before.scores, before.comment, before.feedback_at) == (
        "Dewi Lestari, S.K.M.", "Pelayanan prima", {}, "", None)
    q = before.questions
    form = co.save_feedback(pid, {q[0].id: 5, q[1].id: 4, q[2].id: 4, q[3].id: 2, q[4].id: 5}, "  Ruangan panas. ")
    assert form.scores == {q[0].id: 5, q[1].id: 4, q[2].id: 4, q[3].id: 2, q[4].id: 5}
    assert form.comment == "Ruangan panas."
    assert form.feedback_at is not None and form.feedback_at.date() == dt.date.today()
    assert co.get_program(row.id).participants[0].gave_feedback
    assert sql("SELECT COUNT(*) FROM coaching_feedback") == [(5,)]
    # again: the answers are replaced, not added
    co.save_feedback(pid, {x.id: 3 for x in q}, "")
    assert sql("SELECT score FROM coaching_feedback ORDER BY question_id") == [(3,)] * 5
    assert co.feedback_form(pid).comment == ""
    assert audit_actions("program_pembinaan")[-1] == ("umpan_balik", "program_pembinaan", row.id)


def test_feedback_refusals_write_nothing(ids, people):
    row = program()
    co.add_participants(row.id, [people["dewi"]])
    pid = participant_id(row.id, people["dewi"])
    q = co.feedback_form(pid).questions
    full = {x.id: 4 for x in q}
    with unchanged(), pytest.raises(ValidationError) as err:
        co.save_feedback(pid, {q[0].id: 4, q[1].id: 0, q[2].id: 6, q[3].id: 4})
    assert err.value.errors == {
        str(q[1].id): "Pertanyaan 2: nilai harus 1 sampai 5.",
        str(q[2].id): "Pertanyaan 3: nilai harus 1 sampai 5.",
        str(q[4].id): "Pertanyaan 5 (“Saya akan menerapkan hasilnya dalam pelayanan”) belum dinilai.",
    }
    with unchanged(), pytest.raises(ValidationError):
        co.save_feedback(pid, full | {q[0].id: True})  # not a number
    with unchanged(), pytest.raises(ValidationError) as err:
        co.save_feedback(pid, full, "x" * 4001)
    assert err.value.errors == {"comment": "Komentar paling panjang 4000 huruf."}
    other = program(title="Lain")
    with unchanged(), pytest.raises(DomainError, match="sudah berubah"):
        co.save_feedback(pid, full | {co.get_program(other.id).questions[0].id: 4})
    with unchanged(), pytest.raises(DomainError, match="Peserta tidak ditemukan"):
        co.save_feedback(9999, full)


# --------------------------------------------------------------------------------------------- summary
def test_summary_per_question_overall_response_rate_and_comments(ids, people):
    row = program()
    co.add_participants(row.id, list(people.values()))
    answer(row.id, people["rina"], [5, 4, 4, 2, 5], "Waktunya terlalu singkat.")
    answer(row.id, people["dewi"], [4, 5, 3, 3, 5], "   ")  # blank: not a comment
    answer(row.id, people["eko"], [5, 4, 4, 2, 4], "Tambah simulasi loket.")
    s = co.summary(row.id)
    assert (s.title, s.participants, s.responses, s.response_rate) == ("Pelayanan prima", 4, 3, 75.0)
    assert [(x.position, x.count, x.average, x.distribution) for x in s.questions] == [
        (1, 3, 4.7, (0, 0, 0, 1, 2)),  # 14/3 = 4,67
        (2, 3, 4.3, (0, 0, 0, 2, 1)),  # 13/3 = 4,33
        (3, 3, 3.7, (0, 0, 1, 2, 0)),  # 11/3
        (4, 3, 2.3, (0, 2, 1, 0, 0)),  # 7/3
        (5, 3, 4.7, (0, 0, 0, 1, 2)),
    ]
    assert s.average == 3.9  # 59 / 15 = 3,93
    assert s.weakest is not None and s.weakest.text == "Waktu dan tempat memadai"
    assert [(c.name, c.text) for c in s.comments] == [("Eko Prasetyo", "Tambah simulasi loket."),
                                                      ("Rina Wulandari", "Waktunya terlalu singkat.")]
    assert co.list_programs(YEAR)[0].average == s.average


def test_averages_round_half_up(ids, people):
    row = program(questions=["Satu"])
    co.add_participants(row.id, [people["rina"], people["dewi"], people["eko"], people["agus"]])
    for who, score in (("rina", 4), ("dewi", 4), ("eko", 4), ("agus", 5)):
        answer(row.id, people[who], [score])
    assert co.summary(row.id).questions[0].average == 4.3  # 4,25 -> 4,3 (not banker's 4,2)


def test_summary_of_a_programme_without_anything(ids):
    row = program()
    s = co.summary(row.id)
    assert (s.participants, s.responses, s.response_rate, s.average, s.weakest, s.comments) == (
        0, 0, None, None, None, [])
    assert [(x.count, x.average, x.distribution) for x in s.questions] == [(0, None, (0, 0, 0, 0, 0))] * 5
    with pytest.raises(DomainError, match="tidak ditemukan"):
        co.summary(9999)
