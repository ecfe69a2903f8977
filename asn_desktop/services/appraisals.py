"""Penilaian kinerja: periodic and annual evaluations of approved SKPs, the penilai's ratings and the
predikat, locking, the unit's distribution against its predikat organisasi, and keberatan.

Who may change what (each write checks the :class:`~.workplans.Actor` against the evaluation's SKP):
- the employee (or the operator for them): realisasi and bukti dukung per IKI, attachments, the
  self-assessment and their own note per core value;
- the pejabat penilai: umpan balik per IKI and per core value, the two ratings, the catatan, finalising
  (the operator acts as penilai only where the SKP has none in this database, as for the SKP);
- a peer (or the operator recording for them): the peer's view per core value;
- the atasan pejabat penilai or the operator (administrator): unlocking, with a written reason;
- the atasan pejabat penilai: the decision on a keberatan (the operator only where there is no atasan).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from peewee import JOIN, fn

from asn_desktop.domain import appraisal as rules
from asn_desktop.domain.appraisal import ANNUAL, DistributionCheck, OrgPredikat
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.predikat import Predikat, Rating
from asn_desktop.domain.predikat import explain as explain_predikat
from asn_desktop.domain.predikat import predikat as matrix_predikat
from asn_desktop.domain.skp import CADENCES, CORE_VALUES, Status, target_text
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import (
    Employee,
    Evaluation,
    EvaluationAttachment,
    EvaluationBehaviour,
    EvaluationHistory,
    EvaluationIndicator,
    EvaluationPeriod,
    Objection,
    OrgPredikatRecord,
    OrgUnit,
    PeerAssessment,
    PublicFeedback,
    Skp,
    SkpAction,
    SkpExpectation,
    SkpIki,
    SkpRhk,
)

from .common import audit, today, write
from .employees import full_name
from .units import subtree_of
from .workplans import OPERATOR, Actor

__all__ = [
    "Actor", "OPERATOR", "Rating", "Predikat", "OrgPredikat", "PeriodInfo", "TeamRow", "PenilaiOption",
    "EvaluationView", "IndicatorRow", "BehaviourRow", "PeerView", "FeedbackRow", "AttachmentInfo",
    "ObjectionView", "UnitDistribution", "periods", "set_cadence", "penilai_options", "team", "team_row",
    "set_rating", "open_evaluation", "get_evaluation", "save_evaluation", "finalise", "unlock",
    "add_attachment", "attachment_data", "remove_attachment", "save_peer", "save_public_feedback",
    "remove_public_feedback", "set_org_predikat", "distribution", "distribution_warnings", "file_objection",
    "decide_objection", "objections", "objection_days",
]

MAX_ATTACHMENT = 20 * 1024 * 1024
MAX_REALISASI = 1e12
STALE = (
    "Penilaian ini sudah diubah di jendela atau komputer lain sejak dibuka. Perubahan Anda tidak disimpan: "
    "muat ulang (F5), lalu ulangi."
)
LOCKED = "Penilaian ini sudah final dan terkunci; kuncinya dapat dibuka oleh atasan pejabat penilai atau administrator."


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def office_cadence() -> str:
    """The office's periodic evaluation cadence (bulanan, triwulan, semester) for years still to open."""
    return str(store_settings.get("evaluation.cadence"))


def objection_days() -> int:
    return int(store_settings.get("evaluation.objection_days"))


@write
def set_objection_days(days: int, actor: Actor) -> None:
    """How many days after receiving the annual result an employee may object (PP 30/2019: 14)."""
    if not actor.operator:
        raise ValidationError({"actor": "Batas waktu keberatan diatur oleh operator kepegawaian."})
    if not 1 <= days <= 90:
        raise ValidationError({"days": "Batas waktu keberatan harus 1 sampai 90 hari."})
    store_settings.put("evaluation.objection_days", int(days))
    audit("atur", "batas_keberatan", None, days=days)


# --------------------------------------------------------------------------------------------- periods
@dataclass(frozen=True)
class PeriodInfo:
    id: int | None  # None: computed for a year with nothing to evaluate yet, not stored
    year: int
    cadence: str
    number: int
    label: str
    start: dt.date
    end: dt.date

    @property
    def annual(self) -> bool:
        return self.cadence == ANNUAL

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def _period_info(p: EvaluationPeriod) -> PeriodInfo:
    return PeriodInfo(p.id, p.year, p.cadence, p.number, p.label, _date(p.start_date), _date(p.end_date))


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _create_periods(year: int, cadence: str) -> None:
    for span in rules.period_spans(year, cadence):
        EvaluationPeriod.create(year=year, cadence=span.cadence, number=span.number, label=span.label,
                                start_date=span.start, end_date=span.end)


def periods(year: int) -> list[PeriodInfo]:
    """The year's periodic periods (in the office's cadence, fixed for the year once it has any) and the
    annual period last. They are stored (one short write) the first time a year with an approved SKP is
    asked for; for a year with nothing to evaluate they are computed and not stored (``id`` is ``None``)."""
    rows = list(EvaluationPeriod.select().where(EvaluationPeriod.year == year))
    if not (any(p.cadence != ANNUAL for p in rows) and any(p.cadence == ANNUAL for p in rows)):
        if not Skp.select().where((Skp.year == year) & (Skp.status == Status.DISETUJUI.value)).exists():
            return _computed_periods(year, rows)
        return ensure_periods(year)
    return _sorted_periods(rows)


def _sorted_periods(rows: Iterable[EvaluationPeriod]) -> list[PeriodInfo]:
    return sorted((_period_info(p) for p in rows), key=lambda p: (p.annual, p.number))


def _computed_periods(year: int, stored: list[EvaluationPeriod]) -> list[PeriodInfo]:
    cadence = next((p.cadence for p in stored if p.cadence != ANNUAL), store_settings.get("evaluation.cadence"))
    spans = rules.period_spans(year, cadence) + rules.period_spans(year, ANNUAL)
    return [PeriodInfo(None, year, sp.cadence, sp.number, sp.label, sp.start, sp.end) for sp in spans]  # type: ignore[arg-type]


@write
def ensure_periods(year: int) -> list[PeriodInfo]:
    """Store the year's periods if they are not stored yet (another window may have just done it)."""
    rows = list(EvaluationPeriod.select().where(EvaluationPeriod.year == year))
    if not any(p.cadence != ANNUAL for p in rows):
        _create_periods(year, store_settings.get("evaluation.cadence"))
    if not any(p.cadence == ANNUAL for p in rows):
        _create_periods(year, ANNUAL)
    return _sorted_periods(EvaluationPeriod.select().where(EvaluationPeriod.year == year))


@write
def set_cadence(cadence: str, year: int, actor: Actor) -> list[PeriodInfo]:
    """The office's evaluation cadence, for ``year`` and the years after. Refused for a year that already has
    periodic evaluations or public feedback in another cadence: its periods cannot change mid-way."""
    if not actor.operator:
        raise ValidationError({"actor": "Periode evaluasi kantor diatur oleh operator kepegawaian."})
    if cadence not in CADENCES:
        raise ValidationError({"cadence": f"Periode evaluasi '{cadence}' tidak dikenal (bulanan, triwulan, semester)."})
    old = [p.id for p in EvaluationPeriod.select().where(
        (EvaluationPeriod.year == year) & (EvaluationPeriod.cadence != ANNUAL) & (EvaluationPeriod.cadence != cadence))]
    if old:
        used = (Evaluation.select().where(Evaluation.period.in_(old)).exists()
                or PublicFeedback.select().where(PublicFeedback.period.in_(old)).exists())
        if used:
            raise ValidationError({"cadence": (
                f"Tahun {year} sudah memiliki penilaian atau umpan balik masyarakat pada periode yang sekarang; "
                "periode evaluasi tahun itu tidak dapat diubah lagi.")})
        EvaluationPeriod.delete().where(EvaluationPeriod.id.in_(old)).execute()
    store_settings.put("evaluation.cadence", cadence)
    audit("atur", "periode_evaluasi", None, year=year, cadence=cadence)
    if EvaluationPeriod.select().where(EvaluationPeriod.year == year).exists():
        return ensure_periods.__wrapped__(year)  # type: ignore[attr-defined]  # already in this transaction
    return periods(year)


def _period(period_id: int) -> EvaluationPeriod:
    p = EvaluationPeriod.get_or_none(EvaluationPeriod.id == period_id)
    if p is None:
        raise DomainError("Periode evaluasi tidak ditemukan.")
    return p


# ------------------------------------------------------------------------------------------- the grid
@dataclass(frozen=True)
class PenilaiOption:
    id: int
    name: str
    nip: str
    position_title: str
    team_size: int


def penilai_options(year: int) -> list[PenilaiOption]:
    """Everyone who is pejabat penilai of at least one approved SKP of the year, with the team size."""
    newest = _newest_approved(year)
    q = (
        Employee.select(Employee.id, Employee.front_title, Employee.name, Employee.back_title, Employee.nip,
                        Employee.position_title, fn.COUNT(Skp.id))
        .join(Skp, on=(Skp.penilai == Employee.id))
        .where(Skp.id.in_(newest))
        .group_by(Employee.id)
        .order_by(Employee.name)
    )
    out = [PenilaiOption(r[0], full_name(r[1], r[2], r[3]), r[4], r[5], r[6]) for r in q.tuples()]
    top = Skp.select(fn.COUNT(Skp.id)).where(Skp.id.in_(newest) & Skp.penilai.is_null()).scalar()
    if top:  # the top of the office: its penilai is not in this database, the operator records for them
        out.append(PenilaiOption(0, "Operator kepegawaian", "", "atas nama penilai di luar basis data", top))
    return out


def _newest_approved(year: int):
    """Subquery: the id of each employee's newest approved SKP version of the year."""
    Newest = Skp.alias()
    return (Newest.select(fn.MAX(Newest.id))
            .where((Newest.year == year) & (Newest.status == Status.DISETUJUI.value))
            .group_by(Newest.employee))


@dataclass(frozen=True)
class TeamRow:
    """One subordinate in the supervisor grid (Penilaian cepat)."""

    employee_id: int
    nip: str
    name: str
    position_title: str
    skp_id: int
    evaluation_id: int | None
    final: bool
    rating_hasil: Rating | None
    rating_perilaku: Rating | None
    predikat: Predikat | None  # the stored one once final; else what the matrix gives for the ratings
    iki_total: int
    iki_filled: int
    capaian_percent: float | None
    objection: str  # '' / diajukan / diterima / ditolak
    lock_version: int

    @property
    def capaian(self) -> str:
        if not self.iki_total:
            return "—"
        text = f"{self.iki_filled}/{self.iki_total} IKI"
        if self.capaian_percent is not None:
            text += f" · {self.capaian_percent:.0f}%"
        return text

    @property
    def status_label(self) -> str:
        if self.evaluation_id is None:
            return "Belum dinilai"
        if self.final:
            return {"diajukan": "Keberatan diajukan", "diterima": "Keberatan diterima",
                    "ditolak": "Keberatan ditolak"}.get(self.objection, "Final")
        if self.rating_hasil and self.rating_perilaku:
            return "Draf · lengkap"
        return "Draf"


def team(penilai_id: int | None, period_id: int) -> list[TeamRow]:
    """The penilai's subordinates (newest approved SKP of the period's year names them as penilai, or an
    evaluation of this period was made against an SKP that did), by name. ``None``: the SKPs whose penilai
    is not in this database (the top of the office), which the operator scores for that penilai."""
    p = _period(period_id)
    is_theirs = Skp.penilai.is_null() if penilai_id is None else (Skp.penilai == penilai_id)
    newest = _newest_approved(p.year)
    skp_rows = list(
        Skp.select(Skp.id, Skp.employee, Employee.nip, Employee.front_title, Employee.name, Employee.back_title,
                   Skp.employee_position)
        .join(Employee, on=(Skp.employee == Employee.id))
        .where(Skp.id.in_(newest) & is_theirs)
        .tuples()
    )
    by_employee = {r[1]: r for r in skp_rows}
    evals = {
        e[1]: e for e in Evaluation.select(
            Evaluation.id, Evaluation.employee, Evaluation.skp, Evaluation.status, Evaluation.rating_hasil,
            Evaluation.rating_perilaku, Evaluation.final_predikat, Evaluation.lock_version, Skp.penilai)
        .join(Skp, on=(Evaluation.skp == Skp.id))
        .where(Evaluation.period == period_id)
        .where(Evaluation.employee.in_(list(by_employee)) | is_theirs)
        .tuples()
    }
    # an evaluation made against an older SKP version stays with that version (and its penilai)
    for emp_id, e in list(evals.items()):
        if e[8] != penilai_id:
            by_employee.pop(emp_id, None)
            del evals[emp_id]
    missing = [e[2] for emp, e in evals.items() if emp not in by_employee or by_employee[emp][0] != e[2]]
    if missing:
        for r in (Skp.select(Skp.id, Skp.employee, Employee.nip, Employee.front_title, Employee.name,
                             Employee.back_title, Skp.employee_position)
                  .join(Employee, on=(Skp.employee == Employee.id)).where(Skp.id.in_(missing)).tuples()):
            by_employee[r[1]] = r
    order = {r[1]: (r[4].lower(), r[1]) for r in by_employee.values()}  # by name, without front titles
    return sorted(_team_rows(list(by_employee.values()), evals), key=lambda r: order[r.employee_id])


def _team_rows(skp_rows: list[tuple], evals: Mapping[int, tuple]) -> list[TeamRow]:
    skp_ids = [r[0] for r in skp_rows]
    totals = dict(
        SkpIki.select(SkpRhk.skp, fn.COUNT(SkpIki.id)).join(SkpRhk, on=(SkpIki.rhk == SkpRhk.id))
        .where(SkpRhk.skp.in_(skp_ids)).group_by(SkpRhk.skp).tuples()
    ) if skp_ids else {}
    eval_ids = [e[0] for e in evals.values()]
    filled: dict[int, int] = {}
    percents: dict[int, list[float]] = {}
    objections: dict[int, str] = {}
    if eval_ids:
        q = (EvaluationIndicator.select(EvaluationIndicator.evaluation, EvaluationIndicator.realisasi_value,
                                        EvaluationIndicator.realisasi_text, SkpIki.target_value, SkpIki.aspect)
             .join(SkpIki, on=(EvaluationIndicator.iki == SkpIki.id))
             .where(EvaluationIndicator.evaluation.in_(eval_ids)))
        for ev, value, text, target, aspect in q.tuples():
            if value is None and not text.strip():
                continue
            filled[ev] = filled.get(ev, 0) + 1
            pct = rules.capaian_percent(value, target, aspect)
            if pct is not None:
                percents.setdefault(ev, []).append(pct)
        objections = dict(Objection.select(Objection.evaluation, Objection.status)
                          .where(Objection.evaluation.in_(eval_ids)).tuples())
    out = []
    for skp_id, emp_id, nip, front, name, back, position in skp_rows:
        e = evals.get(emp_id)
        hasil = rules.rating_of(e[4]) if e else None
        perilaku = rules.rating_of(e[5]) if e else None
        final = bool(e and e[3] == "final")
        if final:
            pred = rules.predikat_of(e[6])
        else:
            pred = matrix_predikat(hasil, perilaku) if hasil and perilaku else None
        pcts = percents.get(e[0], []) if e else []
        out.append(TeamRow(
            emp_id, nip, full_name(front, name, back), position, skp_id, e[0] if e else None, final, hasil, perilaku,
            pred, totals.get(skp_id, 0), filled.get(e[0], 0) if e else 0,
            sum(pcts) / len(pcts) if pcts else None, objections.get(e[0], "") if e else "", e[7] if e else 0,
        ))
    return out


def team_row(employee_id: int, period_id: int) -> TeamRow:
    e = Evaluation.get_or_none((Evaluation.employee == employee_id) & (Evaluation.period == period_id))
    if e is not None:
        skp = Skp.get_by_id(e.skp_id)
    else:
        skp = _skp_to_evaluate(employee_id, _period(period_id).year)
    emp = Employee.get_by_id(employee_id)
    evals = {}
    if e is not None:
        evals[employee_id] = (e.id, employee_id, e.skp_id, e.status, e.rating_hasil, e.rating_perilaku,
                              e.final_predikat, e.lock_version, skp.penilai_id)
    row = (skp.id, employee_id, emp.nip, emp.front_title, emp.name, emp.back_title, skp.employee_position)
    return _team_rows([row], evals)[0]


# ------------------------------------------------------------------------------------------- who acts
def _actor_label(actor: Actor) -> str:
    if actor.operator:
        return "Operator kepegawaian"
    e = Employee.get_or_none(Employee.id == actor.employee_id)
    return f"{full_name(e.front_title, e.name, e.back_title)} ({e.nip})" if e else f"pegawai #{actor.employee_id}"


def _is_pegawai(skp: Skp, actor: Actor) -> bool:
    return actor.operator or actor.employee_id == skp.employee_id


def _is_penilai(skp: Skp, actor: Actor) -> bool:
    if skp.penilai_id is None:
        return actor.operator  # the top of the office: its penilai is not in this database
    return actor.employee_id == skp.penilai_id


def _is_atasan(skp: Skp, actor: Actor) -> bool:
    if skp.atasan_id is None:
        return actor.operator
    return actor.employee_id == skp.atasan_id


def _must_be_penilai(skp: Skp, actor: Actor, what: str) -> None:
    if not _is_penilai(skp, actor):
        who = skp.penilai_name or "pejabat penilai kinerja"
        raise ValidationError({"actor": f"{what} hanya dapat dilakukan oleh pejabat penilai ({who})."})


def _skp_to_evaluate(employee_id: int, year: int) -> Skp:
    s = (Skp.select().where((Skp.employee == employee_id) & (Skp.year == year)
                            & (Skp.status == Status.DISETUJUI.value))
         .order_by(Skp.version.desc()).first())
    if s is None:
        raise DomainError(f"Pegawai ini belum memiliki SKP {year} yang disetujui; penilaian dibuat atas SKP yang "
                          "sudah disetujui pejabat penilai.")
    return s


def _evaluation_for(employee_id: int, period_id: int, create: bool) -> Evaluation | None:
    e = Evaluation.get_or_none((Evaluation.employee == employee_id) & (Evaluation.period == period_id))
    if e is not None or not create:
        return e
    p = _period(period_id)
    s = _skp_to_evaluate(employee_id, p.year)
    emp = Employee.get_by_id(employee_id)
    now = _now()
    e = Evaluation.create(period=period_id, skp=s.id, employee=employee_id, unit=emp.unit_id, created_at=now,
                          updated_at=now)
    audit("buat", "evaluasi", e.id, employee=employee_id, period=p.label)
    return e


def _get(evaluation_id: int) -> Evaluation:
    e = Evaluation.get_or_none(Evaluation.id == evaluation_id)
    if e is None:
        raise DomainError("Penilaian tidak ditemukan; mungkin sudah diubah di jendela lain.")
    return e


def _touch(e: Evaluation, expected_version: int | None) -> None:
    if expected_version is not None and e.lock_version != expected_version:
        raise DomainError(STALE)
    e.lock_version += 1
    e.updated_at = _now()


def _history(e: Evaluation, action: str, actor: Actor, note: str = "") -> None:
    EvaluationHistory.create(evaluation=e.id, at=_now(), action=action, actor=_actor_label(actor), note=note.strip())


def _open_for_change(e: Evaluation) -> None:
    if e.status == "final":
        raise DomainError(LOCKED)


# ------------------------------------------------------------------------------------------ grid writes
@write
def set_rating(employee_id: int, period_id: int, actor: Actor, *, hasil: Rating | None | str = "keep",
               perilaku: Rating | None | str = "keep", expected_version: int | None = None) -> TeamRow:
    """Set (or clear, with ``None``) one or both ratings from the grid, creating the evaluation if it does
    not exist yet. One durable transaction; the returned row carries the new change counter."""
    e = _evaluation_for(employee_id, period_id, create=True)
    assert e is not None
    skp = Skp.get_by_id(e.skp_id)
    _must_be_penilai(skp, actor, "Memberi rating")
    _open_for_change(e)
    if expected_version is not None and e.lock_version != expected_version:
        raise DomainError(STALE)
    if hasil != "keep":
        e.rating_hasil = rules.rating_code(hasil) if isinstance(hasil, Rating) else None
    if perilaku != "keep":
        e.rating_perilaku = rules.rating_code(perilaku) if isinstance(perilaku, Rating) else None
    _touch(e, None)
    e.save()
    audit("rating", "evaluasi", e.id, hasil=e.rating_hasil, perilaku=e.rating_perilaku)
    return team_row(employee_id, period_id)


# ------------------------------------------------------------------------------------------- the form
@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    iki_id: int | None
    filename: str
    media_type: str
    size: int
    added_at: str


@dataclass(frozen=True)
class IndicatorRow:
    rhk_id: int
    rhk_kind: str
    rhk_text: str
    iki_id: int
    aspect: str
    iki_text: str
    target: str
    target_value: float | None
    rencana_aksi: str
    realisasi_value: float | None
    realisasi_text: str
    bukti: str
    umpan_balik: str

    @property
    def capaian_percent(self) -> float | None:
        return rules.capaian_percent(self.realisasi_value, self.target_value, self.aspect)


@dataclass(frozen=True)
class PeerView:
    peer_id: int
    peer_name: str
    rating: Rating | None
    note: str


@dataclass(frozen=True)
class BehaviourRow:
    code: str
    name: str
    guidance: tuple[str, str, str]
    expectation: str  # ekspektasi khusus pimpinan from the SKP
    self_note: str
    penilai_note: str
    peers: tuple[PeerView, ...]


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    about: str  # the unit's or the employee's name
    for_employee: bool
    kind: str
    score: float
    responses: int
    note: str

    @property
    def kind_label(self) -> str:
        return FEEDBACK_KINDS[self.kind]


FEEDBACK_KINDS = {"survei": "Survei kepuasan masyarakat (indeks 0–100)",
                  "pengaduan": "Pengaduan ditangani tepat waktu (%)"}


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    action: str
    actor: str
    note: str


ACTION_LABELS = {"final": "Difinalkan", "buka": "Kunci dibuka", "keberatan": "Keberatan diajukan",
                 "putusan": "Keberatan diputus"}


@dataclass(frozen=True)
class ObjectionView:
    evaluation_id: int
    employee_id: int
    employee_name: str
    nip: str
    filed_on: dt.date
    reason: str
    status: str
    hearing_notes: str
    original: Predikat
    new: Predikat | None
    decided_on: dt.date | None
    decided_by: str
    decision_reason: str
    atasan_name: str

    @property
    def status_label(self) -> str:
        return {"diajukan": "Menunggu putusan", "diterima": "Diterima", "ditolak": "Ditolak"}[self.status]


@dataclass(frozen=True)
class EvaluationView:
    id: int | None  # None: nothing stored yet; the first save stores it
    period: PeriodInfo
    employee_id: int
    employee_name: str
    nip: str
    position: str
    unit_name: str
    golongan: str
    jenjang: str
    skp_id: int
    skp_version: int
    penilai_id: int | None
    penilai_name: str
    atasan_id: int | None
    atasan_name: str
    final: bool
    rating_hasil: Rating | None
    rating_perilaku: Rating | None
    predikat: Predikat | None  # computed at finalisation
    final_predikat: Predikat | None  # after a keberatan decision
    self_assessment: str
    catatan: str
    finalised_at: str | None
    received_on: dt.date | None
    lock_version: int
    indicators: list[IndicatorRow]
    behaviours: list[BehaviourRow]
    attachments: list[AttachmentInfo]
    feedback: list[FeedbackRow]
    history: list[HistoryEntry]
    objection: ObjectionView | None
    angka_kredit: str = ""  # "12,500 (Ahli Pertama, Baik 100% × 12,5)" when it applies
    explanation: str = ""

    @property
    def shown_predikat(self) -> Predikat | None:
        if self.final:
            return self.final_predikat
        if self.rating_hasil and self.rating_perilaku:
            return matrix_predikat(self.rating_hasil, self.rating_perilaku)
        return None

    @property
    def objection_deadline(self) -> dt.date | None:
        if not (self.final and self.period.annual and self.received_on):
            return None
        return rules.objection_deadline(self.received_on, objection_days())


def open_evaluation(employee_id: int, period_id: int) -> EvaluationView:
    """The evaluation of the employee for the period; while nothing has been stored, an empty one built from
    the SKP (``id`` is ``None``) that the first save stores. Looking at it writes nothing."""
    e = _evaluation_for(employee_id, period_id, create=False)
    if e is not None:
        return get_evaluation(e.id)
    p = _period(period_id)
    s = _skp_to_evaluate(employee_id, p.year)
    now = _now()
    return _view(Evaluation(period=period_id, skp=s.id, employee=employee_id, status="draf", lock_version=0,
                            self_assessment="", catatan="", created_at=now, updated_at=now))


@write
def start_evaluation(employee_id: int, period_id: int, actor: Actor) -> EvaluationView:
    """Create the (empty) evaluation, so the form can be filled in."""
    p = _period(period_id)
    s = _skp_to_evaluate(employee_id, p.year)
    if not (_is_pegawai(s, actor) or _is_penilai(s, actor)):
        raise ValidationError({"actor": "Penilaian dimulai oleh pegawai, pejabat penilai, atau operator."})
    e = _evaluation_for(employee_id, period_id, create=True)
    assert e is not None
    return get_evaluation(e.id)


def get_evaluation(evaluation_id: int) -> EvaluationView:
    return _view(_get(evaluation_id))


def _view(e: Evaluation) -> EvaluationView:
    p = _period_info(EvaluationPeriod.get_by_id(e.period_id))
    s = Skp.get_by_id(e.skp_id)
    emp = Employee.get_by_id(e.employee_id)
    rhks = list(SkpRhk.select().where(SkpRhk.skp == s.id).order_by(SkpRhk.position))
    rhk_ids = [r.id for r in rhks]
    ikis = list(SkpIki.select().where(SkpIki.rhk.in_(rhk_ids)).order_by(SkpIki.rhk, SkpIki.position)) if rhk_ids else []
    actions: dict[int, dict[int, str]] = {}
    for a in SkpAction.select().where(SkpAction.rhk.in_(rhk_ids)) if rhk_ids else []:
        actions.setdefault(a.rhk_id, {})[a.period] = a.text
    stored = {i.iki_id: i for i in EvaluationIndicator.select().where(EvaluationIndicator.evaluation == e.id)}
    by_rhk: dict[int, list[SkpIki]] = {}
    for k in ikis:
        by_rhk.setdefault(k.rhk_id, []).append(k)
    indicators = []
    for r in rhks:
        acts = actions.get(r.id, {})
        if p.annual:
            aksi = "\n".join(f"{n}. {t}" for n, t in sorted(acts.items()) if t.strip())
        else:
            aksi = acts.get(p.number, "")
        for k in by_rhk.get(r.id, []):
            got = stored.get(k.id)
            indicators.append(IndicatorRow(
                r.id, r.kind, r.text, k.id, k.aspect, k.text, _target_text(k), k.target_value, aksi,
                got.realisasi_value if got else None, got.realisasi_text if got else "", got.bukti if got else "",
                got.umpan_balik if got else "",
            ))
    expectations = dict(SkpExpectation.select(SkpExpectation.core_value, SkpExpectation.text)
                        .where(SkpExpectation.skp == s.id).tuples())
    notes = {b.core_value: b for b in EvaluationBehaviour.select().where(EvaluationBehaviour.evaluation == e.id)}
    peers: dict[str, list[PeerView]] = {}
    for code, peer in _peer_rows(e.id):
        peers.setdefault(code, []).append(peer)
    behaviours = [
        BehaviourRow(v.code, v.name, v.guidance, expectations.get(v.code, ""),
                     notes[v.code].self_note if v.code in notes else "",
                     notes[v.code].penilai_note if v.code in notes else "", tuple(peers.get(v.code, ())))
        for v in CORE_VALUES
    ]
    attachments = [
        AttachmentInfo(a.id, a.iki_id, a.filename, a.media_type, a.size, a.added_at)
        for a in EvaluationAttachment.select(
            EvaluationAttachment.id, EvaluationAttachment.iki, EvaluationAttachment.filename,
            EvaluationAttachment.media_type, EvaluationAttachment.size, EvaluationAttachment.added_at)
        .where(EvaluationAttachment.evaluation == e.id).order_by(EvaluationAttachment.id)
    ]
    history = [HistoryEntry(h.at, ACTION_LABELS.get(h.action, h.action), h.actor, h.note)
               for h in EvaluationHistory.select().where(EvaluationHistory.evaluation == e.id)
               .order_by(EvaluationHistory.id)]
    objection = _objection_view(e, emp, s) if e.id is not None else None
    hasil, perilaku = rules.rating_of(e.rating_hasil), rules.rating_of(e.rating_perilaku)
    final_pred = rules.predikat_of(e.final_predikat)
    view = EvaluationView(
        e.id, p, emp.id, full_name(emp.front_title, emp.name, emp.back_title), emp.nip, s.employee_position,
        s.employee_unit, s.employee_golongan, emp.jenjang, s.id, s.version, s.penilai_id, s.penilai_name,
        s.atasan_id, s.atasan_name, e.status == "final", hasil, perilaku, rules.predikat_of(e.predikat), final_pred,
        e.self_assessment, e.catatan, e.finalised_at, _date(e.received_on) if e.received_on else None,
        e.lock_version, indicators, behaviours, attachments, _feedback_for(p.id, emp), history, objection,
    )
    shown = view.shown_predikat
    explanation = ""
    if hasil and perilaku:
        explanation = explain_predikat(hasil, perilaku)
        if view.final and final_pred is not None and final_pred != matrix_predikat(hasil, perilaku):
            explanation += f" Setelah keberatan diputus, predikatnya {final_pred.label}."
    credit = angka_kredit_text(shown, emp.jenjang, p) if shown else ""
    return _replace(view, angka_kredit=credit, explanation=explanation)


def _replace(view: EvaluationView, **changes: object) -> EvaluationView:
    from dataclasses import replace

    return replace(view, **changes)


def _peer_rows(evaluation_id: int) -> Iterable[tuple[str, PeerView]]:
    q = (PeerAssessment.select(PeerAssessment.core_value, PeerAssessment.peer, Employee.front_title, Employee.name,
                               Employee.back_title, PeerAssessment.rating, PeerAssessment.note)
         .join(Employee, on=(PeerAssessment.peer == Employee.id))
         .where(PeerAssessment.evaluation == evaluation_id).order_by(Employee.name))
    for code, peer_id, front, name, back, rating, note in q.tuples():
        yield code, PeerView(peer_id, full_name(front, name, back), rules.rating_of(rating), note)


def _target_text(k: SkpIki) -> str:
    return target_text(k.target_value, k.target_unit, k.target_text)


def angka_kredit_text(p: Predikat, jenjang: str, period: PeriodInfo) -> str:
    """"18,750 (150% × koefisien Ahli Pertama 12,5)" for a jabatan fungsional with a coefficient, else empty."""
    if jenjang not in rules.ANNUAL_COEFFICIENT:
        return ""
    value = rules.angka_kredit(p, jenjang, period.months)
    coefficient = rules.ANNUAL_COEFFICIENT[jenjang]
    share = f"{period.months}/12 × " if period.months < 12 else ""
    return (f"{_dec(value)} ({share}{rules.PREDIKAT_PERCENT[p]}% × koefisien {jenjang} "
            f"{_dec(coefficient.normalize())})")


def _dec(value: object) -> str:
    return str(value).replace(".", ",")


def _feedback_for(period_id: int, emp: Employee) -> list[FeedbackRow]:
    """Public feedback for the employee and for every unit above them, in the period."""
    parents = dict(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
    chain, u = [], emp.unit_id
    while u is not None and len(chain) < 64:
        chain.append(u)
        u = parents.get(u)
    names = dict(OrgUnit.select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(chain)).tuples())
    q = PublicFeedback.select().where((PublicFeedback.period == period_id)
                                      & ((PublicFeedback.employee == emp.id) | PublicFeedback.unit.in_(chain)))
    rows = []
    for f in q.order_by(PublicFeedback.id):
        about = emp.name if f.employee_id else names.get(f.unit_id, "")
        rows.append(FeedbackRow(f.id, about, f.employee_id is not None, f.kind, f.score, f.responses, f.note))
    return rows


@dataclass
class IndicatorInput:
    realisasi_value: float | None = None
    realisasi_text: str = ""
    bukti: str = ""
    umpan_balik: str = ""


@dataclass
class BehaviourInput:
    self_note: str = ""
    penilai_note: str = ""


@dataclass
class FormInput:
    """Everything the form holds. The service stores what changed, and refuses a change the actor may not make."""

    indicators: dict[int, IndicatorInput] = field(default_factory=dict)  # iki id ->
    behaviours: dict[str, BehaviourInput] = field(default_factory=dict)  # core value code ->
    self_assessment: str = ""
    catatan: str = ""
    rating_hasil: Rating | None = None
    rating_perilaku: Rating | None = None


def form_input(view: EvaluationView) -> FormInput:
    """The form's content as loaded: the starting point for an edit."""
    return FormInput(
        {i.iki_id: IndicatorInput(i.realisasi_value, i.realisasi_text, i.bukti, i.umpan_balik) for i in view.indicators},
        {b.code: BehaviourInput(b.self_note, b.penilai_note) for b in view.behaviours},
        view.self_assessment, view.catatan, view.rating_hasil, view.rating_perilaku,
    )


@write
def save_evaluation(evaluation_id: int | None, data: FormInput, actor: Actor,
                    expected_version: int | None = None, *, employee_id: int | None = None,
                    period_id: int | None = None) -> EvaluationView:
    """Store what changed in the form. ``evaluation_id`` ``None``: the first save of an evaluation shown
    empty (``employee_id`` and ``period_id`` say whose), which creates it."""
    if evaluation_id is None:
        if employee_id is None or period_id is None:
            raise DomainError("Penilaian tidak ditemukan; muat ulang.")
        created = _evaluation_for(employee_id, period_id, create=True)
        assert created is not None
        evaluation_id = created.id
    e = _get(evaluation_id)
    if expected_version is not None and e.lock_version != expected_version:
        raise DomainError(STALE)  # first: a stale form differs from the stored one in other people's fields too
    s = Skp.get_by_id(e.skp_id)
    before = form_input(get_evaluation(e.id))
    pegawai_side, penilai_side = [], []
    errors: dict[str, str] = {}
    valid_iki = set(before.indicators)
    for iki_id, new in data.indicators.items():
        if iki_id not in valid_iki:
            raise DomainError("Indikator tidak termasuk SKP yang dinilai; muat ulang penilaian.")
        old = before.indicators[iki_id]
        value = new.realisasi_value
        if value is not None and not (math.isfinite(value) and 0 <= value < MAX_REALISASI):
            name = next((k.text for k in SkpIki.select(SkpIki.text).where(SkpIki.id == iki_id)), "")
            errors[f"iki.{iki_id}.realisasi"] = f"Realisasi '{name}' harus angka 0 sampai 1 triliun."
        if (new.realisasi_value, new.realisasi_text.strip(), new.bukti.strip()) != (
                old.realisasi_value, old.realisasi_text.strip(), old.bukti.strip()):
            pegawai_side.append(f"iki.{iki_id}")
        if new.umpan_balik.strip() != old.umpan_balik.strip():
            penilai_side.append(f"iki.{iki_id}.umpan_balik")
    for code, new in data.behaviours.items():
        if code not in before.behaviours:
            raise DomainError(f"Nilai dasar '{code}' tidak dikenal.")
        old = before.behaviours[code]
        if new.self_note.strip() != old.self_note.strip():
            pegawai_side.append(f"perilaku.{code}.mandiri")
        if new.penilai_note.strip() != old.penilai_note.strip():
            penilai_side.append(f"perilaku.{code}.penilai")
    if data.self_assessment.strip() != before.self_assessment.strip():
        pegawai_side.append("mandiri")
    if data.catatan.strip() != before.catatan.strip():
        penilai_side.append("catatan")
    if (data.rating_hasil, data.rating_perilaku) != (before.rating_hasil, before.rating_perilaku):
        penilai_side.append("rating")
    if errors:
        raise ValidationError(errors)
    if not pegawai_side and not penilai_side:
        return get_evaluation(e.id)
    _open_for_change(e)
    if pegawai_side and not _is_pegawai(s, actor):
        raise ValidationError({"actor": "Realisasi, bukti dukung, dan penilaian mandiri diisi oleh pegawai yang "
                                        "bersangkutan atau operator kepegawaian."})
    if penilai_side:
        _must_be_penilai(s, actor, "Umpan balik, catatan, dan rating")
    _touch(e, expected_version)
    for iki_id, new in data.indicators.items():
        old = before.indicators[iki_id]
        if new == old:
            continue
        EvaluationIndicator.insert(
            evaluation=e.id, iki=iki_id, realisasi_value=new.realisasi_value, realisasi_text=new.realisasi_text.strip(),
            bukti=new.bukti.strip(), umpan_balik=new.umpan_balik.strip(),
        ).on_conflict(
            conflict_target=[EvaluationIndicator.evaluation, EvaluationIndicator.iki],
            update={EvaluationIndicator.realisasi_value: new.realisasi_value,
                    EvaluationIndicator.realisasi_text: new.realisasi_text.strip(),
                    EvaluationIndicator.bukti: new.bukti.strip(),
                    EvaluationIndicator.umpan_balik: new.umpan_balik.strip()},
        ).execute()
    for code, new in data.behaviours.items():
        if new == before.behaviours[code]:
            continue
        EvaluationBehaviour.insert(
            evaluation=e.id, core_value=code, self_note=new.self_note.strip(), penilai_note=new.penilai_note.strip(),
        ).on_conflict(
            conflict_target=[EvaluationBehaviour.evaluation, EvaluationBehaviour.core_value],
            update={EvaluationBehaviour.self_note: new.self_note.strip(),
                    EvaluationBehaviour.penilai_note: new.penilai_note.strip()},
        ).execute()
    e.self_assessment = data.self_assessment.strip()
    e.catatan = data.catatan.strip()
    e.rating_hasil = rules.rating_code(data.rating_hasil) if data.rating_hasil else None
    e.rating_perilaku = rules.rating_code(data.rating_perilaku) if data.rating_perilaku else None
    e.save()
    audit("ubah", "evaluasi", e.id, fields=pegawai_side + penilai_side)
    return get_evaluation(e.id)


# ------------------------------------------------------------------------------------- finalise, unlock
@write
def finalise(evaluation_id: int, actor: Actor, expected_version: int | None = None) -> EvaluationView:
    """The penilai locks the evaluation: the predikat follows from the two ratings and is kept as computed."""
    e = _get(evaluation_id)
    s = Skp.get_by_id(e.skp_id)
    _must_be_penilai(s, actor, "Memfinalkan penilaian")
    _open_for_change(e)
    missing = [name for name, value in (("rating hasil kerja", e.rating_hasil), ("rating perilaku kerja",
                                                                                  e.rating_perilaku)) if not value]
    if missing:
        raise ValidationError({"rating": "Belum ada " + " dan ".join(missing) + "; penilaian belum dapat difinalkan."})
    _touch(e, expected_version)
    p = matrix_predikat(rules.rating_of(e.rating_hasil), rules.rating_of(e.rating_perilaku))  # type: ignore[arg-type]
    e.predikat = e.final_predikat = rules.predikat_code(p)
    e.status = "final"
    e.finalised_at = _now()
    e.received_on = today()
    e.unit = Employee.get_by_id(e.employee_id).unit_id
    e.save()
    _history(e, "final", actor, f"Predikat {p.label}")
    audit("final", "evaluasi", e.id, predikat=p.label)
    return get_evaluation(e.id)


@write
def unlock(evaluation_id: int, actor: Actor, reason: str) -> EvaluationView:
    e = _get(evaluation_id)
    s = Skp.get_by_id(e.skp_id)
    if not (actor.operator or _is_atasan(s, actor)):
        who = s.atasan_name or "atasan pejabat penilai"
        raise ValidationError({"actor": f"Kunci penilaian hanya dapat dibuka oleh atasan pejabat penilai ({who}) "
                                        "atau administrator (operator kepegawaian)."})
    if e.status != "final":
        raise DomainError("Penilaian ini belum final; tidak ada kunci yang perlu dibuka.")
    if not reason.strip():
        raise ValidationError({"reason": "Tuliskan alasan membuka kunci penilaian; alasan disimpan dalam riwayat."})
    if Objection.select().where(Objection.evaluation == e.id).exists():
        raise DomainError("Predikat ini sudah diajukan keberatan; kuncinya tidak dapat dibuka lagi. Putusan atas "
                          "keberatan bersifat final.")
    _touch(e, None)
    e.status = "draf"
    e.predikat = e.final_predikat = None
    e.finalised_at = None
    e.received_on = None
    e.save()
    _history(e, "buka", actor, reason)
    audit("buka", "evaluasi", e.id, reason=reason.strip())
    return get_evaluation(e.id)


# ---------------------------------------------------------------------------------------- attachments
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


@write
def add_attachment(evaluation_id: int, iki_id: int | None, path: Path, actor: Actor) -> AttachmentInfo:
    """Keep a bukti dukung file (PDF, PNG or JPEG, at most 20 MB) in the database."""
    e = _get(evaluation_id)
    s = Skp.get_by_id(e.skp_id)
    if not _is_pegawai(s, actor):
        raise ValidationError({"actor": "Bukti dukung dilampirkan oleh pegawai yang bersangkutan atau operator."})
    _open_for_change(e)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT:
            raise ValidationError({"file": f"Berkas {path.name} terlalu besar ({size / 1048576:.1f} MB); paling "
                                           "besar 20 MB."})
        data = path.read_bytes()
    except OSError as err:
        raise DomainError(f"Berkas {path.name} tidak dapat dibaca: {err.strerror or err}.") from err
    if not data:
        raise ValidationError({"file": f"Berkas {path.name} kosong."})
    media = next((m for magic, m in _MAGIC if data.startswith(magic)), None)
    if media is None:
        raise ValidationError({"file": f"Berkas {path.name} bukan PDF, PNG, atau JPEG; bukti dukung harus berupa "
                                       "dokumen PDF atau gambar."})
    if iki_id is not None and not (SkpIki.select().join(SkpRhk, on=(SkpIki.rhk == SkpRhk.id))
                                   .where((SkpIki.id == iki_id) & (SkpRhk.skp == s.id)).exists()):
        raise DomainError("Indikator tidak termasuk SKP yang dinilai; muat ulang penilaian.")
    _touch(e, None)
    e.save()
    now = _now()
    a = EvaluationAttachment.create(evaluation=e.id, iki=iki_id, filename=path.name, media_type=media, size=len(data),
                                    sha256=hashlib.sha256(data).hexdigest(), data=data, added_at=now)
    audit("lampir", "evaluasi", e.id, file=path.name, size=len(data))
    return AttachmentInfo(a.id, iki_id, path.name, media, len(data), now)


def attachment_data(attachment_id: int) -> tuple[str, bytes]:
    a = EvaluationAttachment.get_or_none(EvaluationAttachment.id == attachment_id)
    if a is None:
        raise DomainError("Lampiran tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    return a.filename, bytes(a.data)


@write
def remove_attachment(attachment_id: int, actor: Actor) -> None:
    a = EvaluationAttachment.get_or_none(EvaluationAttachment.id == attachment_id)
    if a is None:
        raise DomainError("Lampiran tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    e = _get(a.evaluation_id)
    if not _is_pegawai(Skp.get_by_id(e.skp_id), actor):
        raise ValidationError({"actor": "Bukti dukung dihapus oleh pegawai yang bersangkutan atau operator."})
    _open_for_change(e)
    _touch(e, None)
    e.save()
    a.delete_instance()
    audit("hapus", "lampiran", attachment_id, file=a.filename)


# ------------------------------------------------------------------------------- peers and the public
@write
def save_peer(evaluation_id: int, peer_id: int, values: Mapping[str, tuple[Rating | None, str]],
              actor: Actor) -> EvaluationView:
    """A peer's view (rating and note) per core value; an empty entry removes it."""
    e = _get(evaluation_id)
    _open_for_change(e)
    if not (actor.operator or actor.employee_id == peer_id):
        raise ValidationError({"actor": "Penilaian rekan diisi oleh rekan itu sendiri atau dicatat oleh operator."})
    peer = Employee.get_or_none(Employee.id == peer_id)
    if peer is None or not peer.active:
        raise ValidationError({"peer": "Rekan kerja harus pegawai aktif."})
    s = Skp.get_by_id(e.skp_id)
    if peer_id in (e.employee_id, s.penilai_id):
        raise ValidationError({"peer": "Rekan kerja bukan pegawai yang dinilai dan bukan pejabat penilainya."})
    known = {v.code for v in CORE_VALUES}
    now = _now()
    for code, (rating, note) in values.items():
        if code not in known:
            raise DomainError(f"Nilai dasar '{code}' tidak dikenal.")
        where = ((PeerAssessment.evaluation == e.id) & (PeerAssessment.peer == peer_id)
                 & (PeerAssessment.core_value == code))
        if rating is None and not note.strip():
            PeerAssessment.delete().where(where).execute()
            continue
        PeerAssessment.insert(evaluation=e.id, peer=peer_id, core_value=code,
                              rating=rules.rating_code(rating) if rating else None, note=note.strip(), updated_at=now
                              ).on_conflict(
            conflict_target=[PeerAssessment.evaluation, PeerAssessment.peer, PeerAssessment.core_value],
            update={PeerAssessment.rating: rules.rating_code(rating) if rating else None,
                    PeerAssessment.note: note.strip(), PeerAssessment.updated_at: now},
        ).execute()
    _touch(e, None)
    e.save()
    audit("rekan", "evaluasi", e.id, peer=peer_id)
    return get_evaluation(e.id)


@write
def save_public_feedback(period_id: int, kind: str, score: float, actor: Actor, *, unit_id: int | None = None,
                         employee_id: int | None = None, responses: int = 0, note: str = "") -> FeedbackRow:
    if not actor.operator:
        raise ValidationError({"actor": "Umpan balik masyarakat dicatat oleh operator kepegawaian."})
    _period(period_id)
    errors = {}
    if kind not in FEEDBACK_KINDS:
        errors["kind"] = "Jenis umpan balik harus survei kepuasan atau pengaduan."
    if (unit_id is None) == (employee_id is None):
        errors["about"] = "Umpan balik masyarakat dicatat untuk satu unit atau satu pegawai."
    if not (math.isfinite(score) and 0 <= score <= 100):
        errors["score"] = "Nilai harus 0 sampai 100."
    if responses < 0:
        errors["responses"] = "Jumlah responden/pengaduan tidak boleh negatif."
    elif kind == "survei" and responses == 0:
        errors["responses"] = "Hasil survei kepuasan memerlukan jumlah responden (paling sedikit 1)."
    if errors:
        raise ValidationError(errors)
    if unit_id is not None and OrgUnit.get_or_none(OrgUnit.id == unit_id) is None:
        raise DomainError("Unit tidak ditemukan.")
    if employee_id is not None and Employee.get_or_none(Employee.id == employee_id) is None:
        raise DomainError("Pegawai tidak ditemukan.")
    f = PublicFeedback.create(period=period_id, unit=unit_id, employee=employee_id, kind=kind, score=score,
                              responses=responses, note=note.strip(), recorded_at=_now())
    audit("catat", "umpan_balik_masyarakat", f.id, kind=kind, score=score)
    about = (OrgUnit.get_by_id(unit_id).name if unit_id is not None else Employee.get_by_id(employee_id).name)
    return FeedbackRow(f.id, about, employee_id is not None, kind, score, responses, note.strip())


@write
def remove_public_feedback(feedback_id: int, actor: Actor) -> None:
    if not actor.operator:
        raise ValidationError({"actor": "Umpan balik masyarakat dihapus oleh operator kepegawaian."})
    if not PublicFeedback.delete().where(PublicFeedback.id == feedback_id).execute():
        raise DomainError("Umpan balik tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    audit("hapus", "umpan_balik_masyarakat", feedback_id)


def public_feedback(period_id: int) -> list[FeedbackRow]:
    """Every public feedback entry of the period."""
    U, E = OrgUnit.alias(), Employee.alias()
    q = (PublicFeedback.select(PublicFeedback.id, U.name, E.name, PublicFeedback.kind, PublicFeedback.score,
                               PublicFeedback.responses, PublicFeedback.note)
         .join(U, JOIN.LEFT_OUTER, on=(PublicFeedback.unit == U.id)).switch(PublicFeedback)
         .join(E, JOIN.LEFT_OUTER, on=(PublicFeedback.employee == E.id))
         .where(PublicFeedback.period == period_id).order_by(PublicFeedback.id))
    return [FeedbackRow(i, employee or unit, employee is not None, kind, score, responses, note)
            for i, unit, employee, kind, score, responses, note in q.tuples()]


# -------------------------------------------------------------------------------------- distribution
@write
def set_org_predikat(unit_id: int, year: int, value: OrgPredikat | None, actor: Actor, note: str = "") -> None:
    """The unit's predikat kinerja organisasi for the year (``None`` removes it)."""
    if not actor.operator:
        raise ValidationError({"actor": "Predikat kinerja organisasi dicatat oleh operator kepegawaian."})
    if OrgUnit.get_or_none(OrgUnit.id == unit_id) is None:
        raise DomainError("Unit tidak ditemukan.")
    if value is None:
        OrgPredikatRecord.delete().where((OrgPredikatRecord.unit == unit_id) & (OrgPredikatRecord.year == year)).execute()
    else:
        OrgPredikatRecord.insert(unit=unit_id, year=year, predikat=value.name.lower(), note=note.strip()).on_conflict(
            conflict_target=[OrgPredikatRecord.unit, OrgPredikatRecord.year],
            update={OrgPredikatRecord.predikat: value.name.lower(), OrgPredikatRecord.note: note.strip()},
        ).execute()
    audit("atur", "predikat_organisasi", unit_id, year=year, predikat=value.label if value else None)


@dataclass(frozen=True)
class UnitDistribution:
    unit_id: int
    unit_name: str
    year: int
    org_predikat: OrgPredikat | None
    counts: dict[Predikat, int]
    drafts: int  # annual evaluations not final yet
    check: DistributionCheck | None  # None while the unit has no predikat organisasi

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, p: Predikat) -> float:
        return 100.0 * self.counts.get(p, 0) / self.total if self.total else 0.0


def _annual_groups(year: int) -> list[tuple[int | None, str, str | None, int]]:
    """(unit, status, final predikat, count) of the year's annual evaluations, counted by SQLite."""
    annual = EvaluationPeriod.select(EvaluationPeriod.id).where(
        (EvaluationPeriod.year == year) & (EvaluationPeriod.cadence == ANNUAL))
    return list(Evaluation.select(Evaluation.unit, Evaluation.status, Evaluation.final_predikat, fn.COUNT(Evaluation.id))
                .where(Evaluation.period.in_(annual))
                .group_by(Evaluation.unit, Evaluation.status, Evaluation.final_predikat).tuples())


def _tally(groups: Iterable[tuple[int | None, str, str | None, int]], units: set[int]) -> tuple[dict[Predikat, int], int]:
    counts: dict[Predikat, int] = {p: 0 for p in Predikat}
    drafts = 0
    for unit_of, status, pred, n in groups:
        if unit_of not in units:
            continue
        if status == "final" and pred:
            counts[rules.predikat_of(pred)] += n  # type: ignore[index]
        else:
            drafts += n
    return counts, drafts


def distribution(unit_id: int, year: int, including: tuple[int, Predikat] | None = None) -> UnitDistribution:
    """Annual predikat (final, after keberatan) of the unit and every unit below it, against the rule for its
    predikat organisasi. ``including`` (employee id, predikat) counts that employee's annual evaluation as if it
    were final now with that predikat: what finalising it would make of the distribution."""
    unit = OrgUnit.get_or_none(OrgUnit.id == unit_id)
    if unit is None:
        raise DomainError("Unit tidak ditemukan.")
    units = subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id)
    counts, drafts = _tally(_annual_groups(year), units)
    if including:
        emp_id, predikat = including
        current = (Evaluation.select(Evaluation.unit, Evaluation.status, Evaluation.final_predikat)
                   .join(EvaluationPeriod, on=(Evaluation.period == EvaluationPeriod.id))
                   .where((Evaluation.employee == emp_id) & (EvaluationPeriod.year == year)
                          & (EvaluationPeriod.cadence == ANNUAL)).tuples().first())
        if current is not None and current[0] in units:  # take it out where it is counted now
            if current[1] == "final" and current[2]:
                counts[rules.predikat_of(current[2])] -= 1  # type: ignore[index]
            else:
                drafts -= 1
        if Employee.select(Employee.unit).where(Employee.id == emp_id).scalar() in units:
            counts[predikat] += 1
    return _unit_distribution(unit_id, unit.name, year, counts, drafts)


def _unit_distribution(unit_id: int, name: str, year: int, counts: dict[Predikat, int], drafts: int) -> UnitDistribution:
    record = OrgPredikatRecord.get_or_none((OrgPredikatRecord.unit == unit_id) & (OrgPredikatRecord.year == year))
    org = rules.org_predikat_of(record.predikat) if record else None
    check = rules.check_distribution(org, counts) if org else None
    return UnitDistribution(unit_id, name, year, org, counts, drafts, check)


def distribution_for_employee(employee_id: int, year: int, predikat: Predikat) -> UnitDistribution | None:
    """For the warning before an annual predikat is locked: the nearest unit above the employee (or their own)
    with a predikat organisasi for the year, with this predikat counted in."""
    parents = dict(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
    ruled = set(OrgPredikatRecord.select(OrgPredikatRecord.unit).where(OrgPredikatRecord.year == year).tuples())
    ruled_ids = {r[0] for r in ruled}
    u = Employee.select(Employee.unit).where(Employee.id == employee_id).scalar()
    steps = 0
    while u is not None and steps < 64:
        if u in ruled_ids:
            return distribution(u, year, including=(employee_id, predikat))
        u, steps = parents.get(u), steps + 1
    return None


def distribution_warnings(year: int) -> list[UnitDistribution]:
    """Every unit with a predikat organisasi for the year whose annual predikat break its rule (one count
    by SQLite for all units)."""
    ruled = dict(OrgPredikatRecord.select(OrgPredikatRecord.unit, OrgPredikatRecord.predikat)
                 .where(OrgPredikatRecord.year == year).tuples())
    if not ruled:
        return []
    pairs = list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
    names = dict(OrgUnit.select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(list(ruled))).tuples())
    groups = _annual_groups(year)
    out = []
    for unit_id, code in ruled.items():
        counts, drafts = _tally(groups, subtree_of(pairs, unit_id))
        org = rules.org_predikat_of(code)
        check = rules.check_distribution(org, counts)  # type: ignore[arg-type]
        if not check.ok:
            out.append(UnitDistribution(unit_id, names.get(unit_id, ""), year, org, counts, drafts, check))
    return sorted(out, key=lambda d: d.unit_name)


def org_predikat_units(year: int) -> dict[int, OrgPredikat]:
    return {u: rules.org_predikat_of(p) for u, p in  # type: ignore[misc]
            OrgPredikatRecord.select(OrgPredikatRecord.unit, OrgPredikatRecord.predikat)
            .where(OrgPredikatRecord.year == year).tuples()}


# ----------------------------------------------------------------------------------------- keberatan
def _objection_view(e: Evaluation, emp: Employee, s: Skp) -> ObjectionView | None:
    o = Objection.get_or_none(Objection.evaluation == e.id)
    if o is None:
        return None
    return ObjectionView(
        e.id, emp.id, full_name(emp.front_title, emp.name, emp.back_title), emp.nip, _date(o.filed_on), o.reason,
        o.status, o.hearing_notes, rules.predikat_of(o.original_predikat), rules.predikat_of(o.new_predikat),  # type: ignore[arg-type]
        _date(o.decided_on) if o.decided_on else None, o.decided_by, o.decision_reason, s.atasan_name,
    )


@write
def file_objection(evaluation_id: int, actor: Actor, reason: str, on: dt.date | None = None) -> EvaluationView:
    """The employee objects to the annual predikat, within the window after receiving it."""
    on = on or today()
    e = _get(evaluation_id)
    s = Skp.get_by_id(e.skp_id)
    emp = Employee.get_by_id(e.employee_id)
    if not _is_pegawai(s, actor):
        raise ValidationError({"actor": "Keberatan diajukan oleh pegawai yang dinilai (atau dicatat operator)."})
    period = EvaluationPeriod.get_by_id(e.period_id)
    if period.cadence != ANNUAL:
        raise DomainError("Keberatan hanya dapat diajukan atas predikat kinerja tahunan.")
    if e.status != "final" or e.received_on is None:
        raise DomainError("Predikat tahunan ini belum final; keberatan diajukan setelah hasilnya diterima.")
    if Objection.select().where(Objection.evaluation == e.id).exists():
        raise DomainError("Keberatan atas predikat ini sudah pernah diajukan.")
    days = objection_days()
    received = _date(e.received_on)
    if not rules.objection_open(received, on, days):
        deadline = rules.objection_deadline(received, days)
        raise DomainError(f"Batas waktu keberatan sudah lewat: hasil diterima {received:%d/%m/%Y}, keberatan paling "
                          f"lambat {deadline:%d/%m/%Y} ({days} hari).")
    if not reason.strip():
        raise ValidationError({"reason": "Tuliskan alasan keberatan."})
    Objection.create(evaluation=e.id, filed_on=on, reason=reason.strip(), original_predikat=e.final_predikat)
    _touch(e, None)
    e.save()
    _history(e, "keberatan", actor, reason)
    audit("keberatan", "evaluasi", e.id, employee=emp.id)
    return get_evaluation(e.id)


@write
def decide_objection(evaluation_id: int, actor: Actor, accept: bool, reason: str,
                     new_predikat: Predikat | None = None, hearing_notes: str = "",
                     on: dt.date | None = None) -> EvaluationView:
    """The atasan pejabat penilai accepts (with a new predikat) or rejects (with a reason). Final."""
    e = _get(evaluation_id)
    s = Skp.get_by_id(e.skp_id)
    if not _is_atasan(s, actor):
        who = s.atasan_name or "atasan pejabat penilai"
        raise ValidationError({"actor": f"Keberatan diputus oleh atasan pejabat penilai ({who})."})
    o = Objection.get_or_none(Objection.evaluation == e.id)
    if o is None:
        raise DomainError("Tidak ada keberatan atas penilaian ini.")
    if o.status != "diajukan":
        raise DomainError("Keberatan ini sudah diputus; putusannya final.")
    errors = {}
    if not reason.strip():
        errors["reason"] = "Tuliskan pertimbangan putusan."
    if accept and new_predikat is None:
        errors["predikat"] = "Keberatan diterima: pilih predikat yang baru."
    if accept and new_predikat is not None and new_predikat.name.lower() == o.original_predikat:
        errors["predikat"] = "Predikat baru sama dengan predikat semula; pilih predikat lain atau tolak keberatan."
    if errors:
        raise ValidationError(errors)
    o.status = "diterima" if accept else "ditolak"
    o.new_predikat = rules.predikat_code(new_predikat) if accept and new_predikat else None
    o.decided_on = on or today()
    o.decided_by = _actor_label(actor)
    o.decision_reason = reason.strip()
    o.hearing_notes = hearing_notes.strip()
    o.save()
    if accept and new_predikat:
        e.final_predikat = rules.predikat_code(new_predikat)
    _touch(e, None)
    e.save()
    label = f"Diterima; predikat menjadi {new_predikat.label}" if accept and new_predikat else "Ditolak"
    _history(e, "putusan", actor, f"{label}. {reason.strip()}")
    audit("putusan", "keberatan", o.id, accepted=accept)
    return get_evaluation(e.id)


def objections(year: int) -> list[ObjectionView]:
    annual = EvaluationPeriod.select(EvaluationPeriod.id).where(
        (EvaluationPeriod.year == year) & (EvaluationPeriod.cadence == ANNUAL))
    q = (Objection.select(Objection, Evaluation, Employee, Skp)
         .join(Evaluation, on=(Objection.evaluation == Evaluation.id))
         .join(Employee, on=(Evaluation.employee == Employee.id)).switch(Evaluation)
         .join(Skp, on=(Evaluation.skp == Skp.id))
         .where(Evaluation.period.in_(annual)).order_by(Objection.status != "diajukan", Objection.filed_on, Employee.name))
    out = []
    for o in q:
        v = _objection_view(o.evaluation, o.evaluation.employee, o.evaluation.skp)
        if v is not None:
            out.append(v)
    return out



@dataclass(frozen=True)
class PersonOption:
    id: int
    name: str
    nip: str
    position_title: str


def peer_candidates(evaluation_id: int) -> list[PersonOption]:
    """Colleagues who may give a peer view: those with the same pejabat penilai, then the rest of the
    employee's unit; never the employee or the penilai."""
    e = _get(evaluation_id)
    s = Skp.get_by_id(e.skp_id)
    emp = Employee.get_by_id(e.employee_id)
    q = (Employee.select(Employee.id, Employee.front_title, Employee.name, Employee.back_title, Employee.nip,
                         Employee.position_title, Employee.supervisor)
         .where((Employee.active == True)  # noqa: E712
                & ((Employee.unit == emp.unit_id) | (Employee.supervisor == emp.supervisor_id))
                & (Employee.id != emp.id)))
    rows = [r for r in q.tuples() if r[0] != s.penilai_id]
    rows.sort(key=lambda r: (r[6] != emp.supervisor_id, r[2].lower()))
    return [PersonOption(r[0], full_name(r[1], r[2], r[3]), r[4], r[5]) for r in rows]
