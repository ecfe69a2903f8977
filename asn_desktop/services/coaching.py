"""Program pembinaan: the office's own coaching programmes (training sessions, interactive workshops,
simulations of handling complaints), their sessions and participants, and the participants' feedback —
a score 1–5 per question and a comment — summarised per programme so the office sees what to improve.

Rules decided here (the issue left them open):

- A programme, its sessions, questions and participants can be changed freely until feedback comes in.
  A programme with feedback cannot be deleted: the feedback is the record of how it went.
- Questions are saved as a whole list (order = position). A question keeps its id while it is in the list,
  so its answers stay with it when it is reworded (a typo fixed) or moved. Removing a question that
  participants already scored is refused unless the caller says ``discard_answered=True`` (the page asks
  the operator first); then those scores go with it. A question added after feedback came in is simply
  unanswered by the earlier respondents: the summary counts each question's own answers.
- Removing a participant who gave feedback is refused unless ``discard_feedback=True`` (the page asks);
  their scores and comment go with them.
- Feedback is all or nothing: every question of the programme gets a score 1–5 in one save; saving again
  replaces the earlier answers.
- Sessions fall in the programme's year; a programme's year cannot move away from its sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from peewee import JOIN, fn

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.store.models import (
    CoachingFeedback,
    CoachingParticipant,
    CoachingProgram,
    CoachingQuestion,
    CoachingSession,
    Employee,
    OrgUnit,
)

from .common import audit, write
from .employees import full_name

__all__ = [
    "KINDS", "DEFAULT_QUESTIONS", "SCORE_LABELS", "ProgramInput", "ProgramRow", "SessionInput", "SessionRow",
    "QuestionInput", "QuestionRow", "ParticipantRow", "ProgramDetail", "AddResult", "FeedbackForm",
    "QuestionSummary", "CommentRow", "Summary",
    "list_programs", "get_program", "save_program", "deletion_problem", "delete_program", "save_sessions", "save_questions",
    "add_participants", "remove_participant", "feedback_form", "save_feedback", "summary",
]

KINDS: dict[str, str] = {
    "pelatihan": "Sesi pelatihan",
    "lokakarya": "Lokakarya interaktif",
    "simulasi": "Simulasi penanganan pengaduan",
    "lainnya": "Lainnya",
}
DEFAULT_QUESTIONS: tuple[str, ...] = (
    "Materi bermanfaat untuk pekerjaan saya",
    "Fasilitator menyampaikan dengan jelas",
    "Metode (diskusi, simulasi) membantu saya memahami",
    "Waktu dan tempat memadai",
    "Saya akan menerapkan hasilnya dalam pelayanan",
)
SCORE_LABELS: dict[int, str] = {
    1: "Sangat tidak setuju", 2: "Tidak setuju", 3: "Netral", 4: "Setuju", 5: "Sangat setuju",
}
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TITLE = 200
MAX_QUESTIONS = 30
MAX_QUESTION_TEXT = 300
MAX_SESSIONS = 200
MAX_MINUTES = 24 * 60
MAX_COMMENT = 4000

GONE = "Program pembinaan tidak ditemukan; mungkin sudah dihapus di jendela lain."
PARTICIPANT_GONE = "Peserta tidak ditemukan; mungkin sudah dihapus di jendela lain."


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _one_decimal(total: int, count: int) -> float | None:
    """``total / count`` rounded half up to one decimal (4,25 -> 4,3, as people round), ``None`` for no data."""
    if not count:
        return None
    return float((Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _chunks(ids: Sequence[int], size: int = 400) -> list[Sequence[int]]:
    """Slices small enough for one SQL statement's parameters."""
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _program(program_id: int) -> CoachingProgram:
    p = CoachingProgram.get_or_none(CoachingProgram.id == program_id)
    if p is None:
        raise DomainError(GONE)
    return p


def _touch(p: CoachingProgram) -> None:
    p.updated_at = _now()
    p.save()


# ------------------------------------------------------------------------------------------ programmes
@dataclass
class ProgramInput:
    title: str
    kind: str
    year: int
    unit_id: int | None = None  # the unit that runs it or is its audience; None: the whole office
    description: str = ""
    questions: Sequence[str] | None = None  # on create only; None: :data:`DEFAULT_QUESTIONS`


@dataclass(frozen=True)
class ProgramRow:
    """A programme in the year's list, with what is known of it so far."""

    id: int
    title: str
    kind: str
    year: int
    unit_id: int | None
    unit_name: str  # "" for the whole office
    description: str
    sessions: int
    minutes: int  # of all sessions
    participants: int
    responses: int  # participants who gave feedback
    average: float | None  # of every score given, one decimal

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def response_rate(self) -> float | None:
        """Share of participants who gave feedback, in percent (``None`` without participants)."""
        return 100.0 * self.responses / self.participants if self.participants else None


@dataclass
class SessionInput:
    date: dt.date | None
    topic: str
    facilitator: str = ""
    minutes: int = 0


@dataclass(frozen=True)
class SessionRow:
    id: int
    date: dt.date
    topic: str
    facilitator: str
    minutes: int


@dataclass
class QuestionInput:
    text: str
    id: int | None = None  # an existing question (keeps its answers); None: a new one


@dataclass(frozen=True)
class QuestionRow:
    id: int
    position: int  # 1, 2, ...
    text: str
    answered: int  # participants who scored it


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    employee_id: int
    name: str
    nip: str
    position_title: str
    unit_name: str
    active: bool
    feedback_at: dt.datetime | None  # None: no feedback yet
    comment: str

    @property
    def gave_feedback(self) -> bool:
        return self.feedback_at is not None


@dataclass(frozen=True)
class ProgramDetail:
    program: ProgramRow
    sessions: list[SessionRow]
    questions: list[QuestionRow]
    participants: list[ParticipantRow]


def _problems(data: ProgramInput, creating: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = "Nama program pembinaan wajib diisi."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"Nama program paling panjang {MAX_TITLE} huruf."
    if data.kind not in KINDS:
        errors["kind"] = "Jenis program tidak dikenal; pilih dari daftar."
    if not isinstance(data.year, int) or not MIN_YEAR <= data.year <= MAX_YEAR:
        errors["year"] = f"Tahun program harus antara {MIN_YEAR} dan {MAX_YEAR}."
    if data.unit_id is not None:
        u = OrgUnit.get_or_none(OrgUnit.id == data.unit_id)
        if u is None or not u.active:
            errors["unit"] = "Unit tidak ditemukan atau sudah nonaktif; pilih unit lain."
    if creating and data.questions is not None:
        problem = _question_texts_problem(list(data.questions))
        if problem:
            errors["questions"] = problem
    return errors


def _question_texts_problem(texts: list[str]) -> str | None:
    cleaned = [" ".join(t.split()) for t in texts]
    if not cleaned:
        return "Program memerlukan paling sedikit satu pertanyaan umpan balik."
    if len(cleaned) > MAX_QUESTIONS:
        return f"Paling banyak {MAX_QUESTIONS} pertanyaan umpan balik."
    seen: set[str] = set()
    for i, t in enumerate(cleaned, start=1):
        if not t:
            return f"Pertanyaan {i} kosong; tulis pertanyaannya atau hapus barisnya."
        if len(t) > MAX_QUESTION_TEXT:
            return f"Pertanyaan {i} terlalu panjang (paling banyak {MAX_QUESTION_TEXT} huruf)."
        if t.lower() in seen:
            return f"Pertanyaan {i} sama dengan pertanyaan sebelumnya: “{t}”."
        seen.add(t.lower())
    return None


def _program_rows(where) -> list[ProgramRow]:
    sessions = {pid: (n, int(m or 0)) for pid, n, m in CoachingSession.select(
        CoachingSession.program, fn.COUNT(CoachingSession.id), fn.SUM(CoachingSession.minutes))
        .group_by(CoachingSession.program).tuples()}
    people = {pid: (n, int(r or 0)) for pid, n, r in CoachingParticipant.select(
        CoachingParticipant.program, fn.COUNT(CoachingParticipant.id),
        fn.SUM(CoachingParticipant.feedback_at.is_null(False)))
        .group_by(CoachingParticipant.program).tuples()}
    scores = {pid: (int(total or 0), n) for pid, total, n in CoachingFeedback.select(
        CoachingQuestion.program, fn.SUM(CoachingFeedback.score), fn.COUNT(CoachingFeedback.id))
        .join(CoachingQuestion, on=(CoachingFeedback.question == CoachingQuestion.id))
        .group_by(CoachingQuestion.program).tuples()}
    q = (CoachingProgram.select(CoachingProgram.id, CoachingProgram.title, CoachingProgram.kind, CoachingProgram.year,
                                CoachingProgram.unit, OrgUnit.name, CoachingProgram.description)
         .join(OrgUnit, JOIN.LEFT_OUTER, on=(CoachingProgram.unit == OrgUnit.id))
         .where(where)
         .order_by(CoachingProgram.title, CoachingProgram.id))
    out = []
    for pid, title, kind, year, unit_id, unit_name, description in q.tuples():
        n_sessions, minutes = sessions.get(pid, (0, 0))
        n_people, responses = people.get(pid, (0, 0))
        total, n_scores = scores.get(pid, (0, 0))
        out.append(ProgramRow(pid, title, kind, year, unit_id, unit_name or "", description, n_sessions, minutes,
                              n_people, responses, _one_decimal(total, n_scores)))
    return out


def list_programs(year: int) -> list[ProgramRow]:
    """The year's programmes, by title, each with its counts and overall average."""
    return _program_rows(CoachingProgram.year == year)


def _program_row(program_id: int) -> ProgramRow:
    rows = _program_rows(CoachingProgram.id == program_id)
    if not rows:
        raise DomainError(GONE)
    return rows[0]


def _questions(program_id: int) -> list[QuestionRow]:
    answered = dict(CoachingFeedback.select(CoachingFeedback.question, fn.COUNT(CoachingFeedback.id))
                    .join(CoachingQuestion, on=(CoachingFeedback.question == CoachingQuestion.id))
                    .where(CoachingQuestion.program == program_id)
                    .group_by(CoachingFeedback.question).tuples())
    q = (CoachingQuestion.select().where(CoachingQuestion.program == program_id)
         .order_by(CoachingQuestion.position, CoachingQuestion.id))
    return [QuestionRow(x.id, i, x.text, answered.get(x.id, 0)) for i, x in enumerate(q, start=1)]


def _sessions(program_id: int) -> list[SessionRow]:
    q = (CoachingSession.select().where(CoachingSession.program == program_id)
         .order_by(CoachingSession.date, CoachingSession.id))
    return [SessionRow(s.id, _date(s.date), s.topic, s.facilitator, s.minutes) for s in q]


def _participants(program_id: int) -> list[ParticipantRow]:
    q = (CoachingParticipant.select(
            CoachingParticipant.id, CoachingParticipant.employee, Employee.front_title, Employee.name,
            Employee.back_title, Employee.nip, Employee.position_title, OrgUnit.name, Employee.active,
            CoachingParticipant.feedback_at, CoachingParticipant.comment)
         .join(Employee, on=(CoachingParticipant.employee == Employee.id))
         .join(OrgUnit, JOIN.LEFT_OUTER, on=(Employee.unit == OrgUnit.id))
         .where(CoachingParticipant.program == program_id)
         .order_by(Employee.name, CoachingParticipant.id))
    return [ParticipantRow(i, emp, full_name(front, name, back), nip, position, unit or "", bool(active),
                           dt.datetime.fromisoformat(at) if at else None, comment)
            for i, emp, front, name, back, nip, position, unit, active, at, comment in q.tuples()]


def get_program(program_id: int) -> ProgramDetail:
    """A programme with its sessions (by date), questions (in order, with how many answered each) and
    participants (by name, with whether and when each gave feedback)."""
    return ProgramDetail(_program_row(program_id), _sessions(program_id), _questions(program_id),
                         _participants(program_id))


@write
def save_program(data: ProgramInput, program_id: int | None = None) -> ProgramRow:
    """Create (``program_id`` None) or change a programme's heading. A new programme gets the questions
    given, or the five default ones."""
    errors = _problems(data, creating=program_id is None)
    if errors:
        raise ValidationError(errors)
    now = _now()
    values = {"title": " ".join(data.title.split()), "kind": data.kind, "year": data.year, "unit": data.unit_id,
              "description": data.description.strip()}
    if program_id is None:
        p = CoachingProgram.create(**values, created_at=now, updated_at=now)
        texts = DEFAULT_QUESTIONS if data.questions is None else data.questions
        for i, text in enumerate(texts, start=1):
            CoachingQuestion.create(program=p.id, position=i, text=" ".join(text.split()))
        audit("buat", "program_pembinaan", p.id, title=p.title, year=p.year)
        return _program_row(p.id)
    p = _program(program_id)
    if data.year != p.year:
        outside = [s for s in _sessions(program_id) if s.date.year != data.year]
        if outside:
            raise ValidationError({"year": f"Program ini memiliki {len(outside)} sesi di tahun {p.year}; ubah atau "
                                           f"hapus sesinya dahulu sebelum memindahkan program ke tahun {data.year}."})
    for k, v in values.items():
        setattr(p, k, v)
    p.updated_at = now
    p.save()
    audit("ubah", "program_pembinaan", p.id, title=p.title, year=p.year)
    return _program_row(p.id)


def deletion_problem(program_id: int) -> str | None:
    """Why the programme cannot be deleted (``None``: it can), to say before asking for confirmation."""
    p = _program(program_id)
    given = (CoachingParticipant.select().where((CoachingParticipant.program == program_id)
                                                & CoachingParticipant.feedback_at.is_null(False)).count())
    if given:
        return (f"Program “{p.title}” sudah memiliki umpan balik dari {given} peserta; program tidak dapat dihapus "
                "karena umpan baliknya menjadi catatan pelaksanaan program.")
    return None


@write
def delete_program(program_id: int) -> None:
    """Remove a programme that has no feedback yet, with its sessions, questions and participants."""
    p = _program(program_id)
    problem = deletion_problem(program_id)
    if problem:
        raise DomainError(problem)
    p.delete_instance()  # sessions, questions, participants: ON DELETE CASCADE
    audit("hapus", "program_pembinaan", program_id, title=p.title, year=p.year)


# ------------------------------------------------------------------------------------------- sessions
@write
def save_sessions(program_id: int, sessions: Sequence[SessionInput]) -> list[SessionRow]:
    """Replace the programme's sessions with this list (all of it, or — if any row is wrong — none).
    Error keys: ``<row number>.<field>`` (rows counted from 1)."""
    p = _program(program_id)
    if len(sessions) > MAX_SESSIONS:
        raise ValidationError({"sessions": f"Paling banyak {MAX_SESSIONS} sesi dalam satu program."})
    errors: dict[str, str] = {}
    for i, s in enumerate(sessions, start=1):
        if s.date is None:
            errors[f"{i}.date"] = f"Sesi {i}: tanggal wajib diisi."
        elif s.date.year != p.year:
            errors[f"{i}.date"] = f"Sesi {i}: tanggal {s.date:%d/%m/%Y} tidak di tahun program ({p.year})."
        if not " ".join(s.topic.split()):
            errors[f"{i}.topic"] = f"Sesi {i}: topik wajib diisi."
        if not isinstance(s.minutes, int) or not 0 <= s.minutes <= MAX_MINUTES:
            errors[f"{i}.minutes"] = f"Sesi {i}: durasi harus 0 sampai {MAX_MINUTES} menit."
    if errors:
        raise ValidationError(errors)
    CoachingSession.delete().where(CoachingSession.program == program_id).execute()
    for s in sessions:
        CoachingSession.create(program=program_id, date=s.date, topic=" ".join(s.topic.split()),
                               facilitator=" ".join(s.facilitator.split()), minutes=s.minutes)
    _touch(p)
    audit("sesi", "program_pembinaan", program_id, sessions=len(sessions))
    return _sessions(program_id)


# ------------------------------------------------------------------------------------------ questions
@write
def save_questions(program_id: int, questions: Sequence[QuestionInput],
                   discard_answered: bool = False) -> list[QuestionRow]:
    """Replace the programme's feedback questions with this list, in this order. A question given with its
    ``id`` keeps its answers (reworded or moved); one left out is removed. Removing a question that has
    answers is refused unless ``discard_answered`` (the answers to it are then deleted too)."""
    p = _program(program_id)
    problem = _question_texts_problem([q.text for q in questions])
    if problem:
        raise ValidationError({"questions": problem})
    stored = {q.id: q for q in _questions(program_id)}
    kept = [q.id for q in questions if q.id is not None]
    if any(qid not in stored for qid in kept) or len(set(kept)) != len(kept):
        raise DomainError("Daftar pertanyaan sudah berubah di jendela lain; muat ulang lalu ulangi.")
    removed = [q for qid, q in stored.items() if qid not in kept]
    answered = [q for q in removed if q.answered]
    if answered and not discard_answered:
        names = "; ".join(f"“{q.text}” ({q.answered} jawaban)" for q in answered)
        raise DomainError(f"Pertanyaan yang sudah dijawab peserta tidak dihapus: {names}. Jawaban atas pertanyaan "
                          "itu akan ikut terhapus bila tetap dihapus.")
    if removed:
        CoachingQuestion.delete().where(CoachingQuestion.id.in_([q.id for q in removed])).execute()
    for position, q in enumerate(questions, start=1):
        text = " ".join(q.text.split())
        if q.id is None:
            CoachingQuestion.create(program=program_id, position=position, text=text)
        elif (stored[q.id].position, stored[q.id].text) != (position, text):
            CoachingQuestion.update(position=position, text=text).where(CoachingQuestion.id == q.id).execute()
    _touch(p)
    audit("pertanyaan", "program_pembinaan", program_id, questions=len(questions), removed=len(removed),
          answers_removed=sum(q.answered for q in answered))
    return _questions(program_id)


# --------------------------------------------------------------------------------------- participants
@dataclass(frozen=True)
class AddResult:
    added: int
    already: list[str]  # names already taking part
    inactive: list[str]  # names left out: no longer active


@write
def add_participants(program_id: int, employee_ids: Sequence[int]) -> AddResult:
    """Add people to a programme in one go. Those already in it and inactive employees are not added and
    are named in the result."""
    p = _program(program_id)
    wanted = list(dict.fromkeys(employee_ids))
    if not wanted:
        raise ValidationError({"employees": "Pilih paling sedikit satu pegawai."})
    people: dict[int, tuple[str, bool]] = {}
    present: set[int] = set()
    for chunk in _chunks(wanted):  # a whole dinas at once: thousands of ids, read in slices
        people.update((i, (full_name(f, n, b), bool(a))) for i, f, n, b, a in Employee.select(
            Employee.id, Employee.front_title, Employee.name, Employee.back_title, Employee.active)
            .where(Employee.id.in_(chunk)).tuples())
        present.update(e for (e,) in CoachingParticipant.select(CoachingParticipant.employee)
                       .where((CoachingParticipant.program == program_id) & CoachingParticipant.employee.in_(chunk))
                       .tuples())
    if any(i not in people for i in wanted):
        raise DomainError("Sebagian pegawai yang dipilih tidak ditemukan; muat ulang daftar lalu ulangi.")
    new, already, inactive = [], [], []
    for emp_id in wanted:
        name, active = people[emp_id]
        if emp_id in present:
            already.append(name)
        elif not active:
            inactive.append(name)
        else:
            new.append(emp_id)
    for chunk in _chunks(new):
        CoachingParticipant.insert_many([{"program": program_id, "employee": e} for e in chunk]).execute()
    added = len(new)
    if added:
        _touch(p)
        audit("tambah_peserta", "program_pembinaan", program_id, added=added)
    return AddResult(added, already, inactive)


@write
def remove_participant(participant_id: int, discard_feedback: bool = False) -> None:
    """Take a participant out of a programme. One who gave feedback is kept unless ``discard_feedback``
    (their scores and comment then go too)."""
    cp = CoachingParticipant.get_or_none(CoachingParticipant.id == participant_id)
    if cp is None:
        raise DomainError(PARTICIPANT_GONE)
    if cp.feedback_at is not None and not discard_feedback:
        e = cp.employee
        raise DomainError(f"{full_name(e.front_title, e.name, e.back_title)} sudah mengisi umpan balik; peserta tidak "
                          "dihapus. Umpan baliknya akan ikut terhapus bila tetap dihapus.")
    program_id = cp.program_id
    had_feedback = cp.feedback_at is not None
    cp.delete_instance()  # scores: ON DELETE CASCADE
    _touch(_program(program_id))
    audit("hapus_peserta", "program_pembinaan", program_id, employee=cp.employee_id, feedback_removed=had_feedback)


# ------------------------------------------------------------------------------------------- feedback
@dataclass(frozen=True)
class FeedbackForm:
    """What the feedback dialog shows: the participant, the questions and any answers given before."""

    participant_id: int
    name: str
    program_title: str
    questions: list[QuestionRow]
    scores: dict[int, int]  # question id -> score
    comment: str
    feedback_at: dt.datetime | None


def feedback_form(participant_id: int) -> FeedbackForm:
    cp = CoachingParticipant.get_or_none(CoachingParticipant.id == participant_id)
    if cp is None:
        raise DomainError(PARTICIPANT_GONE)
    e, p = cp.employee, cp.program
    scores = dict(CoachingFeedback.select(CoachingFeedback.question, CoachingFeedback.score)
                  .where(CoachingFeedback.participant == participant_id).tuples())
    return FeedbackForm(cp.id, full_name(e.front_title, e.name, e.back_title), p.title, _questions(p.id), scores,
                        cp.comment, dt.datetime.fromisoformat(cp.feedback_at) if cp.feedback_at else None)


@write
def save_feedback(participant_id: int, scores: Mapping[int, int], comment: str = "") -> FeedbackForm:
    """Store a participant's feedback: a score 1–5 for every question of the programme, and a comment.
    Saving again replaces the earlier answers. Error keys: the question id (as text), or ``comment``."""
    cp = CoachingParticipant.get_or_none(CoachingParticipant.id == participant_id)
    if cp is None:
        raise DomainError(PARTICIPANT_GONE)
    questions = _questions(cp.program_id)
    ids = {q.id for q in questions}
    if any(qid not in ids for qid in scores):
        raise DomainError("Daftar pertanyaan program sudah berubah; tutup formulir lalu isi kembali.")
    errors: dict[str, str] = {}
    for q in questions:
        score = scores.get(q.id)
        if score is None:
            errors[str(q.id)] = f"Pertanyaan {q.position} (“{q.text}”) belum dinilai."
        elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            errors[str(q.id)] = f"Pertanyaan {q.position}: nilai harus 1 sampai 5."
    text = comment.strip()
    if len(text) > MAX_COMMENT:
        errors["comment"] = f"Komentar paling panjang {MAX_COMMENT} huruf."
    if errors:
        raise ValidationError(errors)
    CoachingFeedback.delete().where(CoachingFeedback.participant == participant_id).execute()
    for q in questions:
        CoachingFeedback.create(participant=participant_id, question=q.id, score=scores[q.id])
    first = cp.feedback_at is None
    cp.comment, cp.feedback_at = text, _now()
    cp.save()
    audit("umpan_balik", "program_pembinaan", cp.program_id, participant=participant_id, first=first)
    return feedback_form(participant_id)


# -------------------------------------------------------------------------------------------- summary
@dataclass(frozen=True)
class QuestionSummary:
    question_id: int
    position: int
    text: str
    count: int  # answers
    average: float | None  # one decimal; None: no answers
    distribution: tuple[int, int, int, int, int]  # how many gave 1, 2, 3, 4, 5


@dataclass(frozen=True)
class CommentRow:
    name: str
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class Summary:
    program_id: int
    title: str
    questions: list[QuestionSummary]
    average: float | None  # of every score given (each answer counts once), one decimal
    participants: int
    responses: int
    comments: list[CommentRow]  # non-empty comments, by name

    @property
    def response_rate(self) -> float | None:
        """Share of participants who gave feedback, in percent (``None`` without participants)."""
        return 100.0 * self.responses / self.participants if self.participants else None

    @property
    def weakest(self) -> QuestionSummary | None:
        """The answered question with the lowest average (the first in order on a tie): where to improve."""
        answered = [q for q in self.questions if q.average is not None]
        return min(answered, key=lambda q: (q.average, q.position)) if answered else None


def summary(program_id: int) -> Summary:
    """Per question the average (one decimal), the number of answers and the spread over 1–5; the overall
    average; the response rate; and the participants' comments with their names."""
    p = _program(program_id)
    spread: dict[int, list[int]] = {}
    for qid, score, n in (CoachingFeedback.select(CoachingFeedback.question, CoachingFeedback.score,
                                                  fn.COUNT(CoachingFeedback.id))
                          .join(CoachingQuestion, on=(CoachingFeedback.question == CoachingQuestion.id))
                          .where(CoachingQuestion.program == program_id)
                          .group_by(CoachingFeedback.question, CoachingFeedback.score).tuples()):
        spread.setdefault(qid, [0] * 5)[score - 1] = n
    rows, total, count = [], 0, 0
    for q in _questions(program_id):
        d = spread.get(q.id, [0] * 5)
        n = sum(d)
        s = sum((i + 1) * k for i, k in enumerate(d))
        total, count = total + s, count + n
        rows.append(QuestionSummary(q.id, q.position, q.text, n, _one_decimal(s, n), (d[0], d[1], d[2], d[3], d[4])))
    people = _participants(program_id)
    responded = [r for r in people if r.gave_feedback]
    comments = sorted((CommentRow(r.name, r.comment, r.feedback_at) for r in responded if r.comment.strip()),
                      key=lambda c: (c.name.lower(), c.at))
    return Summary(p.id, p.title, rows, _one_decimal(total, count), len(people), len(responded), comments)
