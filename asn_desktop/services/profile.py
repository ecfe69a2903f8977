"""Profil pegawai: the one place where a person's whole record is seen — identity, riwayat jabatan, SKP and
predikat by year, pengembangan kompetensi (training and JP) by year, and the open training needs.

Read only, and quick: a handful of indexed queries for one employee.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN

from asn_desktop.domain import development as dev_rules
from asn_desktop.domain import golongan as gol
from asn_desktop.domain.errors import DomainError
from asn_desktop.domain.appraisal import ANNUAL, predikat_of
from asn_desktop.domain.organisation import GENDERS, POSITION_KINDS
from asn_desktop.domain.predikat import Predikat
from asn_desktop.domain.skp import CADENCES, Status
from asn_desktop.store.models import (
    Employee,
    Evaluation,
    EvaluationPeriod,
    Objection,
    OrgUnit,
    Skp,
    TrainingEvent,
    TrainingNeed,
    TrainingParticipation,
)

from . import development
from .common import today
from .employees import PositionRow, full_name, get_employee

__all__ = ["Identity", "YearRecord", "PeriodResult", "TrainingRow", "JpYear", "Profile", "employee_profile",
           "OPEN_NEED_STATUSES"]

OPEN_NEED_STATUSES = ("usulan", "disetujui", "direncanakan")  # selesai and ditolak are closed
_OBJECTION_STATUSES = {"diajukan": "Keberatan diajukan", "diterima": "Keberatan diterima",
                       "ditolak": "Keberatan ditolak"}


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# ------------------------------------------------------------------------------------------- identity
@dataclass(frozen=True)
class Identity:
    id: int
    nip: str
    name: str  # with titles
    status: str  # PNS or PPPK
    golongan: str
    birth_date: dt.date
    gender: str  # L or P
    education: str
    position_title: str
    position_kind: str
    jenjang: str
    unit_id: int
    unit_name: str
    unit_path: str  # below the pemda: "Dinas Kesehatan › Bidang P2P"
    supervisor_id: int | None
    supervisor_name: str  # pejabat penilai, with titles
    supervisor_position: str
    active: bool
    inactive_reason: str
    inactive_date: dt.date | None

    @property
    def golongan_label(self) -> str:
        """``III/a — Penata Muda`` (PNS, with the pangkat) or ``Golongan IX`` (PPPK)."""
        try:
            return gol.find_golongan(self.status, self.golongan).label
        except DomainError:  # a code from an old import: shown as it is stored
            return self.golongan

    @property
    def gender_label(self) -> str:
        return GENDERS.get(self.gender, self.gender)

    @property
    def position_kind_label(self) -> str:
        return POSITION_KINDS.get(self.position_kind, self.position_kind)

    @property
    def position_text(self) -> str:
        """The jabatan with its jenjang where the title does not already say it."""
        if self.jenjang and self.jenjang.lower() not in self.position_title.lower() and self.position_kind != "pelaksana":
            return f"{self.position_title} ({self.jenjang})"
        return self.position_title

    def age(self, on: dt.date) -> int:
        years = on.year - self.birth_date.year
        return years - 1 if (on.month, on.day) < (self.birth_date.month, self.birth_date.day) else years


def _unit_path(unit_id: int) -> str:
    """The unit's place in the organisation, below the pemda (the same for every unit)."""
    units = {uid: (parent, name) for uid, parent, name in OrgUnit.select(OrgUnit.id, OrgUnit.parent, OrgUnit.name)
             .tuples()}
    parts: list[str] = []
    current: int | None = unit_id
    while current is not None and current in units and len(parts) < 32:
        parent, name = units[current]
        if parent is not None or not parts:
            parts.append(name)
        current = parent
    return " › ".join(reversed(parts))


def _identity(employee_id: int) -> tuple[Identity, list[PositionRow]]:
    d = get_employee(employee_id)
    data = d.data
    supervisor_position = ""
    if data.supervisor_id is not None:
        supervisor_position = (Employee.select(Employee.position_title)
                               .where(Employee.id == data.supervisor_id).scalar() or "")
    assert data.unit_id is not None and data.birth_date is not None  # stored employees always have them
    identity = Identity(
        d.id, data.nip, full_name(data.front_title, data.name, data.back_title), data.status, data.golongan,
        _date(data.birth_date), data.gender, data.education, data.position_title, data.position_kind, data.jenjang,
        data.unit_id, d.unit_name, _unit_path(data.unit_id), data.supervisor_id, d.supervisor_name,
        supervisor_position, d.active, d.inactive_reason, _date(d.inactive_date) if d.inactive_date else None,
    )
    return identity, d.history


# ------------------------------------------------------------------------------------ SKP and predikat
_SHORT = {"Triwulan": "TW", "Semester": "Smt"}


def short_period_label(cadence: str, number: int) -> str:
    """``TW I``, ``Smt II``, ``Jan``: a periodic period in a few letters."""
    labels = CADENCES.get(cadence)
    if not labels or not 1 <= number <= len(labels):
        return f"{cadence} {number}"
    label = labels[number - 1]
    head, _, rest = label.partition(" ")
    if head in _SHORT:
        return f"{_SHORT[head]} {rest}"
    return label[:3]  # a month


@dataclass(frozen=True)
class PeriodResult:
    """A periodic evaluation of the year (triwulan, semester or month)."""

    label: str  # "Triwulan I 2025"
    short_label: str  # "TW I"
    final: bool
    predikat: Predikat | None  # None while not final

    @property
    def text(self) -> str:
        return f"{self.short_label} {self.predikat.label}" if self.final and self.predikat else \
            f"{self.short_label} belum final"


@dataclass(frozen=True)
class YearRecord:
    """One year of the person's performance: the SKP (its current version) and the evaluations."""

    year: int
    skp_id: int | None
    skp_status: Status | None  # None: no SKP that year
    skp_version: int  # the current version's number
    skp_versions: int  # how many versions there are
    skp_position: str  # the jabatan the SKP was made for
    penilai_name: str
    annual_state: str | None  # None: no annual evaluation; "draf" or "final"
    predikat: Predikat | None  # the final annual predikat (after a keberatan, if any)
    objection_status: str | None  # diajukan, diterima, ditolak
    original_predikat: Predikat | None  # the predikat before the keberatan
    periodic: tuple[PeriodResult, ...]

    @property
    def skp_label(self) -> str:
        if self.skp_status is None:
            return "Belum ada SKP"
        label = self.skp_status.label
        return f"{label} (versi {self.skp_version} dari {self.skp_versions})" if self.skp_versions > 1 else label

    @property
    def predikat_label(self) -> str:
        if self.annual_state == "final" and self.predikat is not None:
            return self.predikat.label
        if self.annual_state == "draf":
            return "Dalam penilaian"
        return "Belum dinilai"

    @property
    def changed_by_objection(self) -> bool:
        return (self.objection_status == "diterima" and self.original_predikat is not None
                and self.predikat is not None and self.predikat != self.original_predikat)

    @property
    def objection_label(self) -> str:
        """``Keberatan diterima: semula Butuh Perbaikan``; empty when there was no keberatan."""
        if self.objection_status is None:
            return ""
        text = _OBJECTION_STATUSES.get(self.objection_status, self.objection_status)
        if self.changed_by_objection and self.original_predikat is not None:
            return f"{text}: semula {self.original_predikat.label}"
        return text

    @property
    def periodic_text(self) -> str:
        """``TW I Baik · TW II Baik · TW III belum final``."""
        return " · ".join(p.text for p in self.periodic)


def _years(employee_id: int) -> list[YearRecord]:
    versions: dict[int, int] = {}
    current: dict[int, Skp] = {}
    for s in (Skp.select(Skp.id, Skp.year, Skp.version, Skp.status, Skp.current, Skp.employee_position,
                         Skp.penilai_name)
              .where(Skp.employee == employee_id)):
        versions[s.year] = versions.get(s.year, 0) + 1
        kept = current.get(s.year)
        if kept is None or (s.current, s.version) > (kept.current, kept.version):
            current[s.year] = s
    annual: dict[int, tuple[str, Predikat | None, str | None, Predikat | None]] = {}
    periodic: dict[int, list[tuple[int, PeriodResult]]] = {}
    q = (Evaluation.select(EvaluationPeriod.year, EvaluationPeriod.cadence, EvaluationPeriod.number,
                           EvaluationPeriod.label, Evaluation.status, Evaluation.final_predikat, Objection.status,
                           Objection.original_predikat)
         .join(EvaluationPeriod, on=(Evaluation.period == EvaluationPeriod.id))
         .switch(Evaluation)
         .join(Objection, JOIN.LEFT_OUTER, on=(Objection.evaluation == Evaluation.id))
         .where(Evaluation.employee == employee_id))
    for year, cadence, number, label, status, final_predikat, objection, original in q.tuples():
        final = status == "final"
        predikat = predikat_of(final_predikat) if final else None
        if cadence == ANNUAL:
            annual[year] = (status, predikat, objection, predikat_of(original))
        else:
            periodic.setdefault(year, []).append(
                (number, PeriodResult(label, short_period_label(cadence, number), final, predikat)))
    out = []
    for year in sorted(set(current) | set(annual) | set(periodic), reverse=True):
        s = current.get(year)
        state, predikat, objection, original = annual.get(year, (None, None, None, None))
        out.append(YearRecord(
            year, s.id if s else None, Status(s.status) if s else None, s.version if s else 0, versions.get(year, 0),
            s.employee_position if s else "", s.penilai_name if s else "", state, predikat, objection, original,
            tuple(p for _n, p in sorted(periodic.get(year, []), key=lambda item: item[0])),
        ))
    return out


# ------------------------------------------------------------------------------------------- training
@dataclass(frozen=True)
class TrainingRow:
    """One participation: the event, how it went, the JP credited and the certificate."""

    id: int  # participation id
    event_id: int
    title: str
    kind_label: str  # teknis, fungsional, ...
    form_label: str  # Pelatihan/diklat, E-learning, ...
    organiser: str
    start: dt.date
    end: dt.date
    event_jp: Decimal
    status: str
    status_label: str
    jp: Decimal  # credited: the event's JP (or less) when attended or passed, else 0
    certificate_number: str
    certificate_date: dt.date | None
    notes: str

    @property
    def year(self) -> int:
        """The year the JP counts in: the year the event ended."""
        return self.end.year

    @property
    def jp_text(self) -> str:
        return dev_rules.fmt_jp(self.jp)


@dataclass(frozen=True)
class JpYear:
    """JP earned in a year against the office's target, and what is planned on top."""

    year: int
    jp: Decimal
    target: int
    planned: Decimal  # JP of events the person is planned for (not yet attended)
    upcoming: bool = False  # a year that has not begun: nothing is short yet

    @property
    def shortfall(self) -> Decimal:
        return dev_rules.shortfall(self.jp, self.target)

    @property
    def meets(self) -> bool:
        return self.jp >= self.target

    @property
    def text(self) -> str:
        """``12 dari 20 JP — kurang 8`` (``· 8 JP direncanakan`` when some are planned)."""
        if self.upcoming and not self.jp:
            return f"tahun mendatang · {dev_rules.fmt_jp(self.planned)} JP direncanakan"
        head = f"{dev_rules.fmt_jp(self.jp)} dari {self.target} JP — "
        head += "terpenuhi" if self.meets else f"kurang {dev_rules.fmt_jp(self.shortfall)}"
        if self.planned:
            head += f" · {dev_rules.fmt_jp(self.planned)} JP direncanakan"
        return head


def _dec(value: float | None) -> Decimal:
    return Decimal(str(value)).normalize() if value is not None else Decimal(0)


def _trainings(employee_id: int) -> list[TrainingRow]:
    q = (TrainingParticipation.select(
            TrainingParticipation.id, TrainingEvent.id, TrainingEvent.title, TrainingEvent.kind, TrainingEvent.form,
            TrainingEvent.organiser, TrainingEvent.start_date, TrainingEvent.end_date, TrainingEvent.jp,
            TrainingParticipation.status, TrainingParticipation.jp_credited,
            TrainingParticipation.certificate_number, TrainingParticipation.certificate_date,
            TrainingParticipation.notes)
         .join(TrainingEvent, on=(TrainingParticipation.event == TrainingEvent.id))
         .where(TrainingParticipation.employee == employee_id))
    rows = []
    for pid, eid, title, kind, form, organiser, start, end, event_jp, status, credited, cert, cert_date, notes in q.tuples():
        jp = _dec(event_jp)
        # as the yearly sums count it (development.jp_by_year): what was credited, else the event's JP
        earned = (_dec(credited) if credited is not None else jp) if status in dev_rules.EARNS_JP else Decimal(0)
        form_label = dev_rules.FORMS[form][1] if form in dev_rules.FORMS else form
        rows.append(TrainingRow(pid, eid, title, dev_rules.KINDS.get(kind, kind), form_label, organiser, _date(start),
                                _date(end), jp, status, dev_rules.PARTICIPATION_STATUSES.get(status, status), earned,
                                cert, _date(cert_date) if cert_date else None, notes))
    rows.sort(key=lambda r: (r.end, r.start, r.id), reverse=True)
    return rows


def _jp_years(employee_id: int, trainings: list[TrainingRow], active: bool) -> list[JpYear]:
    earned = development.jp_by_year(employee_id)
    target = development.jp_target()
    planned: dict[int, Decimal] = {}
    for t in trainings:
        if t.status == "direncanakan":
            planned[t.year] = planned.get(t.year, Decimal(0)) + t.event_jp
    years = set(earned) | {t.year for t in trainings}
    now = today().year
    if active:
        years.add(now)  # this year is always shown: the target is what is asked now
    return [JpYear(y, earned.get(y, Decimal(0)).normalize(), target, planned.get(y, Decimal(0)).normalize(), y > now)
            for y in sorted(years, reverse=True)]


def _open_needs(identity: Identity) -> list[development.NeedRow]:
    planned = dict(
        TrainingParticipation.select(TrainingParticipation.need, TrainingEvent.title)
        .join(TrainingEvent, on=(TrainingParticipation.event == TrainingEvent.id))
        .where((TrainingParticipation.employee == identity.id) & TrainingParticipation.need.is_null(False))
        .tuples())
    q = (TrainingNeed.select(TrainingNeed.id, TrainingNeed.year, TrainingNeed.source, TrainingNeed.evaluation,
                             EvaluationPeriod.label, TrainingNeed.competency, TrainingNeed.kind, TrainingNeed.status,
                             TrainingNeed.note)
         .join(Evaluation, JOIN.LEFT_OUTER, on=(TrainingNeed.evaluation == Evaluation.id))
         .join(EvaluationPeriod, JOIN.LEFT_OUTER, on=(Evaluation.period == EvaluationPeriod.id))
         .where((TrainingNeed.employee == identity.id) & TrainingNeed.status.in_(OPEN_NEED_STATUSES))
         .order_by(TrainingNeed.year.desc(), TrainingNeed.source))
    return [development.NeedRow(i, identity.id, identity.name, identity.nip, identity.unit_name, year, source, ev,
                                period or "", competency, kind, status, note, planned.get(i, ""))
            for i, year, source, ev, period, competency, kind, status, note in q.tuples()]


# --------------------------------------------------------------------------------------------- profile
@dataclass(frozen=True)
class Profile:
    identity: Identity
    positions: list[PositionRow]  # riwayat jabatan, newest first
    years: list[YearRecord]  # SKP and predikat, newest year first
    trainings: list[TrainingRow]  # every participation, newest first
    jp_years: list[JpYear]  # JP per year against the target, newest first
    needs: list[development.NeedRow]  # open training needs (usulan, disetujui, direncanakan)

    @property
    def jp_target(self) -> int:
        return self.jp_years[0].target if self.jp_years else development.jp_target()


def employee_profile(employee_id: int) -> Profile:
    """Everything recorded about one employee. :class:`DomainError` when the employee is gone."""
    identity, positions = _identity(employee_id)
    trainings = _trainings(employee_id)
    return Profile(identity, positions, _years(employee_id), trainings,
                   _jp_years(employee_id, trainings, identity.active), _open_needs(identity))

