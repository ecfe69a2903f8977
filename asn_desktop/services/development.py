"""Pengembangan kompetensi: training events and who took part (with the JP each earned and the certificate),
compliance with the yearly JP target, and training needs proposed from evaluations rated Di Bawah Ekspektasi.

Everything here is the operator's work: the office keeps its staff's training records.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN, fn

from asn_desktop.domain import development as rules
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import (
    Employee,
    Evaluation,
    EvaluationPeriod,
    OrgUnit,
    Skp,
    TrainingEvent,
    TrainingNeed,
    TrainingParticipation,
)

from .common import audit, write
from .employees import full_name
from .units import subtree_of

__all__ = [
    "EventInput", "EventRow", "ParticipantRow", "AttendanceInput", "ComplianceRow", "UnitCompliance", "NeedRow",
    "list_events", "get_event", "save_event", "delete_event", "participants", "add_participants",
    "remove_participant", "save_attendance", "compliance", "unit_compliance", "jp_target", "set_jp_target",
    "generate_needs", "list_needs", "set_need_status", "update_need", "add_need", "plan_needs", "jp_by_year",
    "jp_summary", "JpSummary", "approved_needs", "upcoming_events", "jp_earned",
]

STALE = (
    "Kegiatan ini sudah diubah di jendela atau komputer lain sejak dibuka. Perubahan Anda tidak disimpan: "
    "muat ulang (F5), lalu ulangi."
)
MAX_JP = 1000


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _dec(value: float | None) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def jp_target() -> int:
    return int(store_settings.get("development.jp_target"))


@write
def set_jp_target(value: int) -> None:
    if not 1 <= value <= 200:
        raise ValidationError({"target": "Target JP harus 1 sampai 200 jam pelajaran setahun."})
    store_settings.put("development.jp_target", int(value))
    audit("atur", "target_jp", None, value=value)


# --------------------------------------------------------------------------------------------- events
@dataclass
class EventInput:
    title: str
    kind: str
    form: str
    start: dt.date
    end: dt.date
    jp: float
    organiser: str = ""
    location: str = ""
    competency: str = ""
    notes: str = ""


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    kind: str
    method: str
    form: str
    organiser: str
    location: str
    start: dt.date
    end: dt.date
    jp: float
    competency: str
    notes: str
    participants: int
    completed: int  # hadir or lulus
    lock_version: int

    @property
    def kind_label(self) -> str:
        return rules.KINDS.get(self.kind, self.kind)

    @property
    def form_label(self) -> str:
        return rules.FORMS[self.form][1] if self.form in rules.FORMS else self.form

    @property
    def method_label(self) -> str:
        return rules.METHODS.get(self.method, self.method)


def _event_problems(data: EventInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Nama kegiatan wajib diisi."
    if data.kind not in rules.KINDS:
        errors["kind"] = "Jenis pengembangan harus teknis, fungsional, manajerial, sosial kultural, atau kepemimpinan."
    if data.form not in rules.FORMS:
        errors["form"] = "Bentuk kegiatan tidak dikenal; pilih dari daftar."
    if data.start is None or data.end is None:
        errors["start"] = "Tanggal mulai dan selesai wajib diisi."
    elif data.end < data.start:
        errors["end"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if data.jp is None or not math.isfinite(data.jp) or not 0 < data.jp <= MAX_JP:
        errors["jp"] = f"JP harus lebih dari 0 dan paling banyak {MAX_JP} (1 JP = 45 menit)."
    return errors


def _event_row(e: TrainingEvent, participants: int = 0, completed: int = 0) -> EventRow:
    return EventRow(e.id, e.title, e.kind, e.method, e.form, e.organiser, e.location, _date(e.start_date),
                    _date(e.end_date), e.jp, e.competency, e.notes, participants, completed, e.lock_version)


def list_events(year: int | None = None) -> list[EventRow]:
    """Events that touch the year (start or end in it), newest first, with their participant counts."""
    counts: dict[int, tuple[int, int]] = {}
    q = (TrainingParticipation.select(TrainingParticipation.event, fn.COUNT(TrainingParticipation.id),
                                      fn.SUM(TrainingParticipation.status.in_(list(rules.EARNS_JP))))
         .group_by(TrainingParticipation.event))
    for event_id, n, done in q.tuples():
        counts[event_id] = (n, int(done or 0))
    events = TrainingEvent.select()
    if year is not None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        events = events.where((TrainingEvent.end_date >= first) & (TrainingEvent.start_date <= last))
    rows = [_event_row(e, *counts.get(e.id, (0, 0))) for e in events]
    return sorted(rows, key=lambda r: (r.start, r.id), reverse=True)


def get_event(event_id: int) -> EventRow:
    e = TrainingEvent.get_or_none(TrainingEvent.id == event_id)
    if e is None:
        raise DomainError("Kegiatan tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    n = TrainingParticipation.select().where(TrainingParticipation.event == event_id).count()
    done = (TrainingParticipation.select()
            .where((TrainingParticipation.event == event_id)
                   & TrainingParticipation.status.in_(list(rules.EARNS_JP))).count())
    return _event_row(e, n, done)


@write
def save_event(data: EventInput, event_id: int | None = None, expected_version: int | None = None) -> EventRow:
    """Create (``event_id`` None) or change an event. A change of JP below what a participant was credited is
    refused: lower the participant's JP first."""
    errors = _event_problems(data)
    if errors:
        raise ValidationError(errors)
    method = rules.FORMS[data.form][0]
    now = _now()
    values = dict(title=data.title.strip(), kind=data.kind, method=method, form=data.form,
                  organiser=data.organiser.strip(), location=data.location.strip(), start_date=data.start,
                  end_date=data.end, jp=float(data.jp), competency=data.competency.strip(), notes=data.notes.strip())
    if event_id is None:
        e = TrainingEvent.create(**values, created_at=now, updated_at=now)
        audit("buat", "kegiatan_pelatihan", e.id, title=e.title)
        return get_event(e.id)
    e = TrainingEvent.get_or_none(TrainingEvent.id == event_id)
    if e is None:
        raise DomainError("Kegiatan tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    if expected_version is not None and e.lock_version != expected_version:
        raise DomainError(STALE)
    too_much = (TrainingParticipation.select(fn.MAX(TrainingParticipation.jp_credited))
                .where(TrainingParticipation.event == event_id).scalar())
    if too_much is not None and too_much > data.jp:
        raise ValidationError({"jp": f"Ada peserta yang diakui {rules.fmt_jp(_dec(too_much))} JP; JP kegiatan tidak "
                                     "boleh lebih kecil dari itu."})
    for k, v in values.items():
        setattr(e, k, v)
    e.lock_version += 1
    e.updated_at = now
    e.save()
    audit("ubah", "kegiatan_pelatihan", e.id, title=e.title)
    return get_event(e.id)


@write
def delete_event(event_id: int) -> None:
    """Remove an event nobody has completed yet (planned participants go with it). One that gave JP stays:
    it is part of people's records."""
    e = TrainingEvent.get_or_none(TrainingEvent.id == event_id)
    if e is None:
        raise DomainError("Kegiatan tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    if (TrainingParticipation.select().where((TrainingParticipation.event == event_id)
                                             & (TrainingParticipation.status != "direncanakan")).exists()):
        raise DomainError("Kegiatan ini sudah memiliki peserta yang tercatat mengikuti; kegiatan tidak dapat dihapus "
                          "karena menjadi bagian riwayat pengembangan pegawai.")
    needs = [p.need_id for p in TrainingParticipation.select(TrainingParticipation.need)
             .where((TrainingParticipation.event == event_id) & TrainingParticipation.need.is_null(False))]
    if needs:  # their needs go back to the list, to be planned again
        TrainingNeed.update(status="disetujui", updated_at=_now()).where(TrainingNeed.id.in_(needs)).execute()
    e.delete_instance(recursive=False)
    audit("hapus", "kegiatan_pelatihan", event_id, title=e.title)


# ------------------------------------------------------------------------------------------ participants
@dataclass(frozen=True)
class ParticipantRow:
    id: int
    employee_id: int
    name: str
    nip: str
    unit_name: str
    status: str
    jp_credited: float | None  # None: the event's JP
    certificate_number: str
    certificate_date: dt.date | None
    notes: str
    need_id: int | None

    @property
    def status_label(self) -> str:
        return rules.PARTICIPATION_STATUSES.get(self.status, self.status)


def participants(event_id: int) -> list[ParticipantRow]:
    q = (TrainingParticipation.select(
            TrainingParticipation.id, TrainingParticipation.employee, Employee.front_title, Employee.name,
            Employee.back_title, Employee.nip, OrgUnit.name, TrainingParticipation.status,
            TrainingParticipation.jp_credited, TrainingParticipation.certificate_number,
            TrainingParticipation.certificate_date, TrainingParticipation.notes, TrainingParticipation.need)
         .join(Employee, on=(TrainingParticipation.employee == Employee.id))
         .join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where(TrainingParticipation.event == event_id)
         .order_by(Employee.name))
    return [ParticipantRow(i, emp, full_name(front, name, back), nip, unit, st, jp, cert, _date(cd) if cd else None,
                           notes, need)
            for i, emp, front, name, back, nip, unit, st, jp, cert, cd, notes, need in q.tuples()]


@dataclass(frozen=True)
class AddResult:
    added: int
    already: list[str]  # names already taking part
    inactive: list[str]  # names left out: no longer active


@write
def add_participants(event_id: int, employee_ids: Sequence[int], need_ids: Iterable[int] = ()) -> AddResult:
    """Add people to an event as planned participants, in one go. Those already in it and inactive employees
    are not added and are named in the result. ``need_ids``: training needs this plans (they become
    *direncanakan* and are closed when the participation is completed)."""
    if TrainingEvent.get_or_none(TrainingEvent.id == event_id) is None:
        raise DomainError("Kegiatan tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    needs = {n.employee_id: n for n in TrainingNeed.select().where(TrainingNeed.id.in_(list(need_ids)))}
    wanted = list(dict.fromkeys([*employee_ids, *needs]))
    if not wanted:
        raise ValidationError({"employees": "Pilih paling sedikit satu pegawai."})
    people = {e.id: e for e in Employee.select().where(Employee.id.in_(wanted))}
    missing = [i for i in wanted if i not in people]
    if missing:
        raise DomainError("Sebagian pegawai yang dipilih tidak ditemukan; muat ulang daftar lalu ulangi.")
    present = set(TrainingParticipation.select(TrainingParticipation.employee)
                  .where((TrainingParticipation.event == event_id) & TrainingParticipation.employee.in_(wanted))
                  .tuples())
    present_ids = {p[0] for p in present}
    now = _now()
    added, already, inactive = 0, [], []
    for emp_id in wanted:
        e = people[emp_id]
        name = full_name(e.front_title, e.name, e.back_title)
        if emp_id in present_ids:
            already.append(name)
            continue
        if not e.active:
            inactive.append(name)
            continue
        need = needs.get(emp_id)
        TrainingParticipation.create(event=event_id, employee=emp_id, need=need.id if need else None, updated_at=now)
        if need is not None:
            need.status, need.updated_at = "direncanakan", now
            need.save()
        added += 1
    audit("tambah_peserta", "kegiatan_pelatihan", event_id, added=added)
    return AddResult(added, already, inactive)


@write
def remove_participant(participation_id: int) -> None:
    p = TrainingParticipation.get_or_none(TrainingParticipation.id == participation_id)
    if p is None:
        raise DomainError("Peserta tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    if p.status in rules.EARNS_JP:
        name = Employee.get_by_id(p.employee_id).name
        raise DomainError(f"{name} sudah tercatat mengikuti kegiatan ini dan mendapat JP; peserta tidak dihapus. Bila "
                          "keliru, ubah statusnya dulu menjadi Direncanakan lalu simpan.")
    if p.need_id is not None:
        TrainingNeed.update(status="disetujui", updated_at=_now()).where(TrainingNeed.id == p.need_id).execute()
    p.delete_instance()
    audit("hapus_peserta", "kegiatan_pelatihan", p.event_id, employee=p.employee_id)


@dataclass
class AttendanceInput:
    participation_id: int
    status: str
    jp_credited: float | None = None  # None: the event's JP
    certificate_number: str = ""
    certificate_date: dt.date | None = None
    notes: str = ""
    loaded: ParticipantRow | None = None  # the row as the form showed it: a change made since elsewhere is not overwritten


@write
def save_attendance(event_id: int, rows: Sequence[AttendanceInput]) -> list[ParticipantRow]:
    """Record the whole event's attendance and certificates at once: all rows are stored, or (if any row is
    wrong) none. Keys of the errors: ``<participation id>.<field>``. A completed participation closes the
    training need it planned."""
    e = TrainingEvent.get_or_none(TrainingEvent.id == event_id)
    if e is None:
        raise DomainError("Kegiatan tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    stored = {p.id: p for p in TrainingParticipation.select().where(TrainingParticipation.event == event_id)}
    names = dict(Employee.select(Employee.id, Employee.name)
                 .where(Employee.id.in_([p.employee_id for p in stored.values()])).tuples())
    start = _date(e.start_date)
    today = dt.date.today()
    errors: dict[str, str] = {}
    for r in rows:
        p = stored.get(r.participation_id)
        if p is None:
            raise DomainError("Daftar peserta sudah berubah di jendela atau komputer lain; muat ulang (F5) lalu ulangi.")
        who = names.get(p.employee_id, "")
        if r.loaded is not None and (p.status, p.jp_credited, p.certificate_number,
                                     _date(p.certificate_date) if p.certificate_date else None, p.notes) != (
                r.loaded.status, r.loaded.jp_credited, r.loaded.certificate_number, r.loaded.certificate_date,
                r.loaded.notes):
            raise DomainError(f"Kehadiran {who} sudah diubah di jendela atau komputer lain sejak daftar ini dibuka. "
                              "Tidak ada yang disimpan: muat ulang (F5), lalu ulangi.")
        key = str(r.participation_id)
        if r.status not in rules.PARTICIPATION_STATUSES:
            errors[f"{key}.status"] = f"{who}: status keikutsertaan tidak dikenal."
            continue
        if r.jp_credited is not None:
            if not math.isfinite(r.jp_credited) or not 0 <= r.jp_credited <= e.jp:
                errors[f"{key}.jp"] = f"{who}: JP yang diakui harus 0 sampai {rules.fmt_jp(_dec(e.jp))}."
        if r.certificate_date is not None and r.certificate_date < start:
            errors[f"{key}.certificate_date"] = f"{who}: tanggal sertifikat sebelum kegiatan dimulai."
        elif r.certificate_date is not None and r.certificate_date > today:
            errors[f"{key}.certificate_date"] = f"{who}: tanggal sertifikat belum tiba ({r.certificate_date:%d/%m/%Y})."
        if r.status in rules.EARNS_JP and start > today:
            errors[f"{key}.status"] = (f"{who}: kegiatan baru dimulai {start:%d/%m/%Y}; kehadiran dicatat setelah "
                                       "kegiatan berlangsung.")
        if r.status in ("direncanakan", "tidak_lulus") and r.certificate_number.strip():
            errors[f"{key}.certificate"] = f"{who}: sertifikat hanya untuk peserta yang mengikuti atau lulus."
    if errors:
        raise ValidationError(errors)
    now = _now()
    changed = 0
    for r in rows:
        p = stored[r.participation_id]
        values = (r.status, r.jp_credited if r.status in rules.EARNS_JP else None, r.certificate_number.strip(),
                  r.certificate_date, r.notes.strip())
        before = (p.status, p.jp_credited, p.certificate_number, _date(p.certificate_date) if p.certificate_date
                  else None, p.notes)
        if values == before:
            continue
        p.status, p.jp_credited, p.certificate_number, p.certificate_date, p.notes = values
        p.updated_at = now
        p.save()
        changed += 1
        if p.need_id is not None:
            status = "selesai" if r.status in rules.EARNS_JP else "direncanakan"
            TrainingNeed.update(status=status, updated_at=now).where(TrainingNeed.id == p.need_id).execute()
    if changed:
        audit("kehadiran", "kegiatan_pelatihan", event_id, changed=changed)
    return participants(event_id)


# ------------------------------------------------------------------------------------------- compliance
@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to build, and 10,000 are built
class ComplianceRow:
    """One employee's JP in a year against the target (10,000 of them are built per list load)."""

    employee_id: int
    name: str
    nip: str
    status: str  # PNS / PPPK
    position_title: str
    unit_id: int
    unit_name: str
    jp: Decimal
    target: int
    shortfall: Decimal

    @property
    def id(self) -> int:  # lists of people are keyed by ``id``
        return self.employee_id

    @property
    def active(self) -> bool:  # the list holds active employees only
        return True

    @property
    def meets(self) -> bool:
        return not self.shortfall


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _jp_per_employee(year: int) -> dict[int, Decimal]:
    """JP earned in the year per employee (events count in the year they ended), summed by SQLite."""
    first, last = _year_bounds(year)
    jp = fn.SUM(fn.COALESCE(TrainingParticipation.jp_credited, TrainingEvent.jp))
    q = (TrainingParticipation.select(TrainingParticipation.employee, jp)
         .join(TrainingEvent, on=(TrainingParticipation.event == TrainingEvent.id))
         .where(TrainingParticipation.status.in_(list(rules.EARNS_JP))
                & (TrainingEvent.end_date >= first) & (TrainingEvent.end_date <= last))
         .group_by(TrainingParticipation.employee))
    return {emp: _jp_decimal(total) for emp, total in q.tuples()}


def _jp_decimal(value: float | None) -> Decimal:
    return Decimal(str(round(value or 0, 2))).normalize() + 0  # + 0: no exponent ("2E+1" is 20)


def jp_earned(year: int) -> dict[int, Decimal]:
    """JP earned in the year per employee who earned any (events count in the year they ended)."""
    return _jp_per_employee(year)


_COMPLIANCE_SQL = """
SELECT e.id, e.front_title, e.name, e.back_title, e.nip, e.status, e.position_title, e.unit_id, u.name, j.jp
FROM employee AS e JOIN org_unit AS u ON u.id = e.unit_id
LEFT JOIN (
    SELECT p.employee_id, SUM(COALESCE(p.jp_credited, t.jp)) AS jp
    FROM training_participation AS p JOIN training_event AS t ON t.id = p.event_id
    WHERE p.status IN ('hadir', 'lulus') AND t.end_date >= ? AND t.end_date <= ?
    GROUP BY p.employee_id
) AS j ON j.employee_id = e.id
WHERE e.active = 1
"""


def compliance(year: int, unit_id: int | None = None) -> list[ComplianceRow]:
    """Every active employee (of a unit and below) with the JP earned in the year against the target, the
    furthest from it first. One query, read straight from the cursor (fast for 10,000 employees)."""
    target = jp_target()
    first, last = _year_bounds(year)
    units = None
    if unit_id is not None:
        units = subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id)
    cache: dict[float | None, tuple[Decimal, Decimal]] = {}  # a few dozen distinct JP totals among 10,000

    def amounts(value: float | None) -> tuple[Decimal, Decimal]:
        found = cache.get(value)
        if found is None:
            jp = _jp_decimal(value)
            found = cache[value] = (jp, rules.shortfall(jp, target))
        return found

    rows = []
    for i, front, name, back, nip, status, position, unit, unit_name, jp in Employee._meta.database.execute_sql(
            _COMPLIANCE_SQL, (first.isoformat(), last.isoformat())):
        if units is not None and unit not in units:
            continue
        earned, short = amounts(jp)
        rows.append(ComplianceRow(i, full_name(front, name, back), nip, status, position, unit, unit_name, earned,
                                  target, short))
    rows.sort(key=lambda r: (r.jp, r.name.lower()))
    return rows


@dataclass(frozen=True)
class JpSummary:
    year: int
    target: int
    staff: int  # active employees
    meeting: int  # of them, how many reached the target

    @property
    def share(self) -> float:
        return 100.0 * self.meeting / self.staff if self.staff else 0.0


def jp_summary(year: int) -> JpSummary:
    """How many active employees reached the JP target in the year (for the Beranda)."""
    target = jp_target()
    earned = _jp_per_employee(year)
    active = {i for (i,) in Employee.select(Employee.id).where(Employee.active == True).tuples()}  # noqa: E712
    meeting = sum(1 for emp, jp in earned.items() if emp in active and jp >= target)
    return JpSummary(year, target, len(active), meeting)


@dataclass(frozen=True)
class UnitCompliance:
    unit_id: int
    unit_name: str
    staff: int
    meeting: int

    @property
    def share(self) -> float:
        return 100.0 * self.meeting / self.staff if self.staff else 0.0


def unit_compliance(year: int, rows: list[ComplianceRow] | None = None) -> list[UnitCompliance]:
    """Per perangkat daerah/kecamatan (the units directly under the pemda): staff, how many meet the target."""
    rows = compliance(year) if rows is None else rows
    pairs = list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
    parent = dict(pairs)
    names = dict(OrgUnit.select(OrgUnit.id, OrgUnit.name).tuples())
    roots = {u for u, p in pairs if p is None}

    tops: dict[int, int] = {}  # a few hundred units among 10,000 people: each climbed once

    def top(u: int) -> int:
        found = tops.get(u)
        if found is None:
            start, steps = u, 0
            while parent.get(u) is not None and parent.get(u) not in roots and steps < 64:
                u, steps = parent[u], steps + 1  # type: ignore[assignment]
            found = tops[start] = u
        return found

    staff: dict[int, int] = {}
    meeting: dict[int, int] = {}
    for r in rows:
        t = top(r.unit_id)
        staff[t] = staff.get(t, 0) + 1
        meeting[t] = meeting.get(t, 0) + (1 if r.meets else 0)
    out = [UnitCompliance(u, names.get(u, ""), n, meeting.get(u, 0)) for u, n in staff.items()]
    return sorted(out, key=lambda c: (c.share, c.unit_name))


def jp_by_year(employee_id: int) -> dict[int, Decimal]:
    """JP earned per year by one employee (for the profile)."""
    q = (TrainingParticipation.select(TrainingEvent.end_date, fn.COALESCE(TrainingParticipation.jp_credited,
                                                                          TrainingEvent.jp))
         .join(TrainingEvent, on=(TrainingParticipation.event == TrainingEvent.id))
         .where((TrainingParticipation.employee == employee_id)
                & TrainingParticipation.status.in_(list(rules.EARNS_JP))))
    out: dict[int, Decimal] = {}
    for end, jp in q.tuples():
        year = _date(end).year
        out[year] = out.get(year, Decimal(0)) + Decimal(str(jp))
    return out


# ---------------------------------------------------------------------------------------- training needs
NEED_STATUSES = {"usulan": "Usulan", "disetujui": "Disetujui", "direncanakan": "Direncanakan",
                 "selesai": "Selesai", "ditolak": "Ditolak"}
NEED_SOURCES = {"hasil": "Rating hasil kerja Di Bawah Ekspektasi",
                "perilaku": "Rating perilaku kerja Di Bawah Ekspektasi"}


@dataclass(frozen=True)
class NeedRow:
    id: int
    employee_id: int
    name: str
    nip: str
    unit_name: str
    year: int
    source: str
    evaluation_id: int | None
    period_label: str
    competency: str
    kind: str
    status: str
    note: str
    planned_event: str  # the event it was planned into, if any

    @property
    def status_label(self) -> str:
        return NEED_STATUSES.get(self.status, self.status)

    @property
    def short_source(self) -> str:
        """For a narrow column: "Hasil kerja" / "Perilaku kerja" / "Dicatat operator"."""
        return {"hasil": "Hasil kerja", "perilaku": "Perilaku kerja"}.get(self.source, self.source_label)

    @property
    def source_label(self) -> str:
        if self.source.startswith("manual"):
            return "Dicatat operator"
        return NEED_SOURCES.get(self.source, self.source)


@dataclass(frozen=True)
class GenerateResult:
    created: int
    existing: int  # already proposed earlier (the same evaluation side): left as they are
    evaluations: int  # final evaluations looked at


@write
def generate_needs(year: int) -> GenerateResult:
    """Propose a training need for every final evaluation of the year rated Di Bawah Ekspektasi on results
    or on behaviour (the annual one when final, else the latest final periodic one). Running it again adds
    only what is new; what the operator already reviewed stays as it is."""
    periods = {p.id: p for p in EvaluationPeriod.select().where(EvaluationPeriod.year == year)}
    if not periods:
        return GenerateResult(0, 0, 0)
    rank = {pid: (p.cadence == "tahunan", p.number) for pid, p in periods.items()}
    latest: dict[int, Evaluation] = {}
    for e in (Evaluation.select().where(Evaluation.period.in_(list(periods)) & (Evaluation.status == "final"))):
        kept = latest.get(e.employee_id)
        if kept is None or rank[e.period_id] > rank[kept.period_id]:
            latest[e.employee_id] = e
    existing = {(n.employee_id, n.source) for n in
                TrainingNeed.select(TrainingNeed.employee, TrainingNeed.source).where(TrainingNeed.year == year)}
    skps = {s.id: s for s in Skp.select(Skp.id, Skp.employee_position).where(
        Skp.id.in_([e.skp_id for e in latest.values()]))} if latest else {}
    now = _now()
    created = already = 0
    for emp_id, e in latest.items():
        position = skps[e.skp_id].employee_position if e.skp_id in skps else ""
        for side, rating, kind, text in (
            ("hasil", e.rating_hasil, "teknis", f"Kompetensi teknis jabatan {position}".strip()),
            ("perilaku", e.rating_perilaku, "sosial_kultural", "Perilaku kerja sesuai nilai dasar BerAKHLAK"),
        ):
            if rating != "di_bawah":
                continue
            if (emp_id, side) in existing:
                already += 1
                continue
            TrainingNeed.create(employee=emp_id, year=year, evaluation=e.id, source=side, competency=text, kind=kind,
                                created_at=now, updated_at=now)
            created += 1
    if created:
        audit("usulkan", "kebutuhan_pelatihan", None, year=year, created=created)
    return GenerateResult(created, already, len(latest))


def list_needs(year: int, status: str | None = None) -> list[NeedRow]:
    Ev = TrainingEvent.alias()
    q = (TrainingNeed.select(TrainingNeed.id, TrainingNeed.employee, Employee.front_title, Employee.name,
                             Employee.back_title, Employee.nip, OrgUnit.name, TrainingNeed.year, TrainingNeed.source,
                             TrainingNeed.evaluation, EvaluationPeriod.label, TrainingNeed.competency,
                             TrainingNeed.kind, TrainingNeed.status, TrainingNeed.note)
         .join(Employee, on=(TrainingNeed.employee == Employee.id))
         .join(OrgUnit, on=(Employee.unit == OrgUnit.id)).switch(TrainingNeed)
         .join(Evaluation, JOIN.LEFT_OUTER, on=(TrainingNeed.evaluation == Evaluation.id))
         .join(EvaluationPeriod, JOIN.LEFT_OUTER, on=(Evaluation.period == EvaluationPeriod.id))
         .where(TrainingNeed.year == year)
         .order_by(Employee.name, TrainingNeed.source))
    if status is not None:
        q = q.where(TrainingNeed.status == status)
    planned = dict(
        TrainingParticipation.select(TrainingParticipation.need, Ev.title)
        .join(Ev, on=(TrainingParticipation.event == Ev.id))
        .where(TrainingParticipation.need.is_null(False)).tuples())
    return [NeedRow(i, emp, full_name(front, name, back), nip, unit, y, source, ev, period or "", competency, kind, st,
                    note, planned.get(i, ""))
            for i, emp, front, name, back, nip, unit, y, source, ev, period, competency, kind, st, note in q.tuples()]


def approved_needs() -> list[NeedRow]:
    """Approved needs not planned yet, of any year (a need from last year's evaluation is planned this year)."""
    years = [y for (y,) in TrainingNeed.select(TrainingNeed.year).where(TrainingNeed.status == "disetujui")
             .distinct().tuples()]
    return [n for y in sorted(years) for n in list_needs(y, "disetujui")]


def upcoming_events(on: dt.date | None = None) -> list[EventRow]:
    """Events that have not ended yet, soonest first: what needs can still be planned into."""
    on = on or dt.date.today()
    return sorted((_event_row(e) for e in TrainingEvent.select().where(TrainingEvent.end_date >= on)),
                  key=lambda r: (r.start, r.id))


_NEED_STEPS = {  # status now -> statuses the operator may set
    "usulan": {"disetujui", "ditolak"},
    "disetujui": {"usulan", "ditolak"},
    "ditolak": {"usulan", "disetujui"},
    "direncanakan": set(),  # follows its participation
    "selesai": set(),
}


@write
def set_need_status(need_ids: Sequence[int], status: str, note: str = "") -> int:
    """Review proposed needs: approve, reject (a note says why) or put back. Returns how many changed."""
    if status == "ditolak" and not note.strip():
        raise ValidationError({"note": "Tuliskan alasan menolak usulan kebutuhan pelatihan."})
    needs = list(TrainingNeed.select().where(TrainingNeed.id.in_(list(need_ids))))
    if len(needs) != len(set(need_ids)):
        raise DomainError("Sebagian usulan tidak ditemukan; muat ulang daftar lalu ulangi.")
    for n in needs:
        if status not in _NEED_STEPS.get(n.status, set()):
            raise ValidationError({"status": f"Usulan berstatus {NEED_STATUSES[n.status]} tidak dapat diubah menjadi "
                                             f"{NEED_STATUSES.get(status, status)}."})
    now = _now()
    for n in needs:
        n.status, n.updated_at = status, now
        if note.strip():
            n.note = note.strip()
        n.save()
    audit("tinjau", "kebutuhan_pelatihan", None, ids=list(need_ids), status=status)
    return len(needs)


@write
def update_need(need_id: int, competency: str, kind: str, note: str = "") -> NeedRow:
    n = TrainingNeed.get_or_none(TrainingNeed.id == need_id)
    if n is None:
        raise DomainError("Usulan tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    errors = {}
    if not competency.strip():
        errors["competency"] = "Kompetensi yang perlu dikembangkan wajib diisi."
    if kind not in rules.KINDS:
        errors["kind"] = "Jenis pengembangan tidak dikenal."
    if errors:
        raise ValidationError(errors)
    n.competency, n.kind, n.note, n.updated_at = competency.strip(), kind, note.strip(), _now()
    n.save()
    return next(r for r in list_needs(n.year) if r.id == n.id)


@write
def add_need(employee_id: int, year: int, competency: str, kind: str, note: str = "") -> NeedRow:
    """A need the operator records by hand (from a conversation, a new task, ...), already approved."""
    e = Employee.get_or_none(Employee.id == employee_id)
    if e is None or not e.active:
        raise ValidationError({"employee": "Pilih pegawai aktif."})
    if not competency.strip():
        raise ValidationError({"competency": "Kompetensi yang perlu dikembangkan wajib diisi."})
    if kind not in rules.KINDS:
        raise ValidationError({"kind": "Jenis pengembangan tidak dikenal."})
    count = TrainingNeed.select().where((TrainingNeed.employee == employee_id) & (TrainingNeed.year == year)
                                        & TrainingNeed.source.startswith("manual")).count()
    now = _now()
    n = TrainingNeed.create(employee=employee_id, year=year, source=f"manual:{count + 1}", competency=competency.strip(),
                            kind=kind, status="disetujui", note=note.strip(), created_at=now, updated_at=now)
    audit("catat", "kebutuhan_pelatihan", n.id)
    return next(r for r in list_needs(year) if r.id == n.id)


@write
def plan_needs(need_ids: Sequence[int], event_id: int) -> AddResult:
    """Turn approved needs into planned participation in an event."""
    needs = list(TrainingNeed.select().where(TrainingNeed.id.in_(list(need_ids))))
    wrong = [n for n in needs if n.status != "disetujui"]
    if wrong:
        raise ValidationError({"status": "Hanya usulan yang sudah disetujui yang dapat direncanakan ke kegiatan."})
    if len({n.employee_id for n in needs}) != len(needs):
        raise ValidationError({"status": "Satu pegawai hanya sekali dalam satu kegiatan; pilih satu usulan per pegawai."})
    return add_participants.__wrapped__(event_id, [], [n.id for n in needs])  # type: ignore[attr-defined]

