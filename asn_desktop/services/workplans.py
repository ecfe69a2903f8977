"""Rencana kinerja (SKP): drafting a plan, the workflow to approval, revisions, cascading.

Every write is one transaction and checks who is acting (:class:`Actor`) against the SKP: the
employee or the operator prepares and submits; the pejabat penilai approves or returns with a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from peewee import JOIN

from asn_desktop.domain import skp as rules
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.skp import Iki, Plan, Rhk, Role, Status
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import (
    Employee,
    OrgUnit,
    Skp,
    SkpAction,
    SkpExpectation,
    SkpIki,
    SkpRhk,
    SkpStatusHistory,
)

from .common import audit, write
from .employees import full_name
from .units import subtree_ids

__all__ = [
    "Actor", "SkpHeader", "SkpView", "LinkOption", "OverviewRow", "CascadeNode",
    "Plan", "Rhk", "Iki", "Status",
    "open_skp", "get_skp", "versions", "create_skp", "save_plan", "save_expectations", "take_step", "revise",
    "link_options", "overview", "cascade", "period_labels",
]

START_EMPTY, START_LAST_YEAR, START_PENILAI = "kosong", "tahun_lalu", "penilai"


@dataclass(frozen=True)
class Actor:
    """Who is at the keyboard: the operator kepegawaian, or an employee (pegawai or pejabat penilai)."""

    employee_id: int | None = None
    operator: bool = False

    @property
    def label(self) -> str:
        if self.operator:
            return "operator"
        return f"pegawai #{self.employee_id}"


OPERATOR = Actor(operator=True)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def period_labels() -> tuple[str, ...]:
    """The office's evaluation periods (its cadence setting): what rencana aksi are planned for."""
    return rules.periods(store_settings.get("evaluation.cadence"))


# ------------------------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class SkpHeader:
    id: int
    employee_id: int
    employee_name: str
    employee_nip: str
    employee_position: str
    employee_unit: str
    employee_golongan: str
    year: int
    version: int
    status: Status
    current: bool
    penilai_id: int | None
    penilai_name: str
    penilai_nip: str
    penilai_position: str
    atasan_id: int | None
    atasan_name: str
    atasan_nip: str
    atasan_position: str
    revision_reason: str
    lock_version: int  # what the form loaded: a save from a stale window is refused


@dataclass(frozen=True)
class StatusEntry:
    at: str
    from_status: Status | None
    to_status: Status
    actor: str
    note: str


@dataclass(frozen=True)
class LinkOption:
    """An RHK of the penilai's approved SKP that a staff RHK may support."""

    id: int
    kind: str
    text: str


@dataclass(frozen=True)
class SkpView:
    header: SkpHeader
    plan: Plan
    history: list[StatusEntry]
    links_required: bool
    link_texts: dict[int, str] = field(default_factory=dict)  # parent RHK id -> its text, for display


def _header(s: Skp) -> SkpHeader:
    e = s.employee
    return SkpHeader(
        id=s.id, employee_id=e.id, employee_name=full_name(e.front_title, e.name, e.back_title), employee_nip=e.nip,
        employee_position=s.employee_position, employee_unit=s.employee_unit,
        employee_golongan=s.employee_golongan, year=s.year, version=s.version, status=Status(s.status),
        current=bool(s.current), penilai_id=s.penilai_id, penilai_name=s.penilai_name, penilai_nip=s.penilai_nip,
        penilai_position=s.penilai_position, atasan_id=s.atasan_id, atasan_name=s.atasan_name,
        atasan_nip=s.atasan_nip, atasan_position=s.atasan_position, revision_reason=s.revision_reason,
        lock_version=s.lock_version,
    )


def _plan(s: Skp) -> Plan:
    rhk_rows = list(SkpRhk.select().where(SkpRhk.skp == s.id).order_by(SkpRhk.position))
    ids = [r.id for r in rhk_rows]
    iki: dict[int, list[Iki]] = {i: [] for i in ids}
    actions: dict[int, dict[int, str]] = {i: {} for i in ids}
    if ids:
        for k in SkpIki.select().where(SkpIki.rhk.in_(ids)).order_by(SkpIki.rhk, SkpIki.position):
            iki[k.rhk_id].append(Iki(k.aspect, k.text, k.target_value, k.target_unit, k.target_text, k.id))
        for a in SkpAction.select().where(SkpAction.rhk.in_(ids)):
            actions[a.rhk_id][a.period] = a.text
    expectations = {x.core_value: x.text for x in SkpExpectation.select().where(SkpExpectation.skp == s.id)}
    return Plan(
        approach=s.approach,
        rhk=[Rhk(r.kind, r.text, iki[r.id], r.parent_rhk_id, actions[r.id], r.id) for r in rhk_rows],
        expectations=expectations,
        dukungan_sumber_daya=s.dukungan_sumber_daya,
        skema_pertanggungjawaban=s.skema_pertanggungjawaban,
        konsekuensi=s.konsekuensi,
    )


def _get(skp_id: int) -> Skp:
    s = Skp.select(Skp, Employee).join(Employee, on=(Skp.employee == Employee.id)).where(Skp.id == skp_id).first()
    if s is None:
        raise DomainError("SKP tidak ditemukan; mungkin sudah diubah di jendela lain.")
    return s


def get_skp(skp_id: int) -> SkpView:
    s = _get(skp_id)
    plan = _plan(s)
    parents = {r.parent_rhk_id for r in plan.rhk if r.parent_rhk_id is not None}
    texts = dict(SkpRhk.select(SkpRhk.id, SkpRhk.text).where(SkpRhk.id.in_(parents)).tuples()) if parents else {}
    history = [
        StatusEntry(h.at, Status(h.from_status) if h.from_status else None, Status(h.to_status), h.actor, h.note)
        for h in SkpStatusHistory.select().where(SkpStatusHistory.skp == s.id).order_by(SkpStatusHistory.id)
    ]
    return SkpView(_header(s), plan, history, _links_required(s.employee, s.penilai_id), texts)


def open_skp(employee_id: int, year: int) -> SkpView | None:
    """The current version of the employee's SKP for the year, or ``None`` if there is none yet."""
    s = Skp.get_or_none((Skp.employee == employee_id) & (Skp.year == year) & (Skp.current == True))  # noqa: E712
    return None if s is None else get_skp(s.id)


def versions(employee_id: int, year: int) -> list[tuple[int, int, Status]]:
    """(skp id, version, status) of every version, oldest first: all stay viewable."""
    q = Skp.select(Skp.id, Skp.version, Skp.status).where((Skp.employee == employee_id) & (Skp.year == year))
    return [(i, v, Status(st)) for i, v, st in q.order_by(Skp.version).tuples()]


def _top_unit(unit_id: int, parents: dict[int, int | None]) -> int:
    """The unit directly under the pemda that contains ``unit_id`` (or the pemda itself)."""
    chain = [unit_id]
    while parents.get(chain[-1]) is not None and len(chain) < 64:
        chain.append(parents[chain[-1]])  # type: ignore[arg-type]
    return chain[-2] if len(chain) >= 2 else chain[-1]


def _cascades(employee_unit: int, penilai_unit: int, parents: dict[int, int | None]) -> bool:
    """Staff below the top of their OPD/kecamatan cascade from their penilai's plan. The head of the
    OPD/kecamatan does not: their penilai sits at the pemda, and their plan follows the Renstra."""
    return _top_unit(employee_unit, parents) == _top_unit(penilai_unit, parents) and (
        parents.get(penilai_unit) is not None
    )


def _links_required(employee: Employee, penilai_id: int | None) -> bool:
    if penilai_id is None:
        return False
    penilai = Employee.get_or_none(Employee.id == penilai_id)
    if penilai is None:
        return False
    return _cascades(employee.unit_id, penilai.unit_id, dict(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()))


def _newest(rhk_ids: Iterable[int]) -> dict[int, int]:
    """Each RHK id mapped to its copy in the newest version of its plan (itself if never revised), so a
    staff link made to the penilai's version 1 still counts once the penilai's version 2 is approved."""
    mapping = {i: i for i in rhk_ids}
    frontier = set(mapping.values())
    for _ in range(50):
        if not frontier:
            break
        step = dict(SkpRhk.select(SkpRhk.origin_rhk, SkpRhk.id).where(SkpRhk.origin_rhk.in_(list(frontier))).tuples())
        if not step:
            break
        for start, now in mapping.items():
            if now in step:
                mapping[start] = step[now]
        frontier = set(step.values())
    return mapping


def _follow_links(plan: Plan) -> Plan:
    """The plan with every link moved to the newest version of the RHK it points to."""
    newest = _newest([r.parent_rhk_id for r in plan.rhk if r.parent_rhk_id is not None])
    for r in plan.rhk:
        if r.parent_rhk_id is not None:
            r.parent_rhk_id = newest.get(r.parent_rhk_id, r.parent_rhk_id)
    return plan


def link_options(skp_id: int) -> list[LinkOption]:
    """The RHK of the penilai's approved SKP for the same year: the only ones a staff RHK may support."""
    s = _get(skp_id)
    if s.penilai_id is None:
        return []
    boss = Skp.get_or_none(
        (Skp.employee == s.penilai_id) & (Skp.year == s.year) & (Skp.current == True)  # noqa: E712
        & (Skp.status == Status.DISETUJUI.value)
    )
    if boss is None:
        return []
    return [
        LinkOption(r.id, r.kind, r.text)
        for r in SkpRhk.select().where(SkpRhk.skp == boss.id).order_by(SkpRhk.position)
    ]


# ------------------------------------------------------------------------------------------- writing
def _roles(s: Skp, actor: Actor) -> set[Role]:
    roles: set[Role] = set()
    if actor.operator:
        roles.add(Role.OPERATOR)
        if s.penilai_id is None:
            # the top of the office (the Sekda): its penilai (the kepala daerah) is not in this database,
            # so the operator records the decision on their behalf
            roles.add(Role.PENILAI)
    if actor.employee_id is not None:
        if actor.employee_id == s.employee_id:
            roles.add(Role.PEGAWAI)
        if actor.employee_id == s.penilai_id:
            roles.add(Role.PENILAI)
    return roles


STALE = (
    "SKP ini sudah diubah di jendela atau komputer lain sejak dibuka. Perubahan Anda tidak disimpan: "
    "muat ulang (F5), lalu ulangi."
)


def _touch(s: Skp, expected_version: int | None) -> None:
    """Refuse a change made from a stale copy of the plan; count this change."""
    if expected_version is not None and s.lock_version != expected_version:
        raise DomainError(STALE)
    s.lock_version += 1
    s.updated_at = _now()


def _history(s: Skp, before: Status | None, after: Status, actor: Actor, note: str = "") -> None:
    SkpStatusHistory.create(skp=s.id, at=_now(), from_status=before.value if before else None,
                            to_status=after.value, actor=actor.label, note=note.strip())


def _snapshot(employee: Employee) -> dict[str, object]:
    """The people and positions on the SKP's header, as they are today."""
    penilai = employee.supervisor if employee.supervisor_id else None
    atasan = penilai.supervisor if penilai is not None and penilai.supervisor_id else None

    def who(e: Employee | None) -> tuple[str, str, str]:
        return (full_name(e.front_title, e.name, e.back_title), e.nip, e.position_title) if e else ("", "", "")

    p, a = who(penilai), who(atasan)
    return dict(
        employee_position=employee.position_title, employee_unit=employee.unit.name,
        employee_golongan=employee.golongan,
        penilai=penilai.id if penilai else None, penilai_name=p[0], penilai_nip=p[1], penilai_position=p[2],
        atasan=atasan.id if atasan else None, atasan_name=a[0], atasan_nip=a[1], atasan_position=a[2],
    )


@write
def create_skp(employee_id: int, year: int, actor: Actor, start_from: str = START_EMPTY) -> SkpView:
    """Start the employee's SKP for the year as a draft: empty, from last year's plan, or from the
    penilai's approved RHK (one RHK utama supporting each)."""
    e = Employee.get_or_none(Employee.id == employee_id)
    if e is None:
        raise DomainError("Pegawai tidak ditemukan.")
    if not e.active:
        raise DomainError(f"{e.name} sudah nonaktif; SKP baru tidak dapat dibuat.")
    if not (actor.operator or actor.employee_id == employee_id):
        raise ValidationError({"actor": "SKP disusun oleh pegawai yang bersangkutan atau operator kepegawaian."})
    if not 2000 <= year <= 2100:  # the table's CHECK; refuse it here with a readable message
        raise ValidationError({"year": f"Tahun SKP {year} di luar rentang 2000–2100."})
    if Skp.select().where((Skp.employee == employee_id) & (Skp.year == year)).exists():
        raise DomainError(f"{e.name} sudah memiliki SKP tahun {year}; buka yang ada.")
    now = _now()
    s = Skp.create(employee=e.id, year=year, version=1, status=Status.DRAF.value, current=True,
                   created_at=now, updated_at=now, **_snapshot(e))
    plan = Plan(expectations={code: "" for code in rules.CORE_VALUE_CODES})
    if start_from == START_LAST_YEAR:
        last = Skp.get_or_none((Skp.employee == e.id) & (Skp.year == year - 1) & (Skp.current == True))  # noqa: E712
        if last is None:
            raise DomainError(f"{e.name} tidak memiliki SKP tahun {year - 1} untuk disalin.")
        plan = _plan(last)
        for r in plan.rhk:  # last year's links point into last year's plans of others
            r.parent_rhk_id = None
    elif start_from == START_PENILAI:
        options = link_options(s.id)
        if not options:
            raise DomainError(
                "Pejabat penilai belum memiliki SKP yang disetujui untuk tahun ini; RHK-nya belum dapat diturunkan."
            )
        # the staff's RHK utama support the penilai's RHK utama
        plan.rhk = [Rhk("utama", o.text, [], o.id) for o in options if o.kind == "utama"]
    elif start_from != START_EMPTY:
        raise ValidationError({"start_from": f"Cara memulai '{start_from}' tidak dikenal."})
    _write_plan(s, plan, keep_ids=False)
    _history(s, None, Status.DRAF, actor, {"kosong": "", "tahun_lalu": f"Disalin dari SKP {year - 1}",
                                          "penilai": "Diturunkan dari RHK pejabat penilai"}[start_from])
    audit("create", "skp", s.id, employee=e.id, year=year, start_from=start_from)
    return get_skp(s.id)


def _check_links(s: Skp, plan: Plan) -> dict[str, str]:
    allowed = {o.id for o in link_options(s.id)}
    errors = {}
    for i, r in enumerate(plan.rhk, 1):
        if r.parent_rhk_id is not None and r.parent_rhk_id not in allowed:
            errors[f"rhk.{i}.parent"] = (
                f"RHK ke-{i} dikaitkan dengan RHK yang bukan bagian SKP pejabat penilai yang disetujui tahun ini."
            )
    return errors


@write
def save_plan(skp_id: int, plan: Plan, actor: Actor, expected_version: int | None = None) -> SkpView:
    """Store the plan's content. Only while the SKP is with the employee (draf or dikembalikan)."""
    s = _get(skp_id)
    status = Status(s.status)
    if not s.current:  # an old version is always approved: say why it stays as it is
        raise DomainError("Ini versi lama SKP; hanya versi terbaru yang dapat diubah.")
    if not status.editable:
        raise DomainError(
            f"SKP berstatus {status.label} tidak dapat diubah"
            + ("; buat revisi untuk mengubahnya." if status is Status.DISETUJUI else "; tarik kembali lebih dahulu.")
        )
    if not _roles(s, actor) & set(rules.EDIT_ROLES):
        raise ValidationError({"actor": "SKP diubah oleh pegawai yang bersangkutan atau operator kepegawaian."})
    plan = _follow_links(plan)
    errors = rules.field_problems(plan, len(period_labels())) | _check_links(s, plan)
    if errors:
        raise ValidationError(errors)
    _touch(s, expected_version)
    _write_plan(s, plan, keep_ids=True)
    audit("save", "skp", s.id, rhk=len(plan.rhk))
    return get_skp(s.id)


@write
def save_expectations(
    skp_id: int, expectations: dict[str, str], actor: Actor, expected_version: int | None = None
) -> SkpView:
    """Ekspektasi khusus pimpinan: the pejabat penilai's own words for the seven core values. The penilai
    (or the operator, the employee) may set them while the plan is not yet approved."""
    s = _get(skp_id)
    status = Status(s.status)
    if not s.current or status is Status.DISETUJUI:
        raise DomainError("Ekspektasi hanya dapat diubah sebelum SKP disetujui; untuk SKP yang disetujui buat revisi.")
    if not _roles(s, actor) & {Role.PENILAI, Role.PEGAWAI, Role.OPERATOR}:
        raise ValidationError({"actor": "Ekspektasi khusus diisi oleh pejabat penilai, pegawai, atau operator."})
    unknown = [code for code in expectations if code not in rules.CORE_VALUE_CODES]
    if unknown:
        raise ValidationError({f"perilaku.{unknown[0]}": f"Nilai dasar '{unknown[0]}' tidak dikenal."})
    for code in rules.CORE_VALUE_CODES:
        (
            SkpExpectation.update(text=expectations.get(code, "").strip())
            .where((SkpExpectation.skp == s.id) & (SkpExpectation.core_value == code))
            .execute()
        )
    _touch(s, expected_version)
    s.save()
    audit("save_expectations", "skp", s.id)
    return get_skp(s.id)


def _write_plan(s: Skp, plan: Plan, keep_ids: bool) -> None:
    """Replace the plan's content. Existing RHK rows are updated in place (their ids stay, so links
    to them and their origin survive); RHK no longer in the plan are removed."""
    s.approach = plan.approach
    s.dukungan_sumber_daya = plan.dukungan_sumber_daya.strip()
    s.skema_pertanggungjawaban = plan.skema_pertanggungjawaban.strip()
    s.konsekuensi = plan.konsekuensi.strip()
    s.updated_at = _now()
    s.save()
    existing = set(SkpRhk.select(SkpRhk.id).where(SkpRhk.skp == s.id).tuples())
    existing_ids = {i for (i,) in existing}
    kept: set[int] = set()
    for position, r in enumerate(plan.rhk, 1):
        values = dict(position=position, kind=r.kind, text=r.text.strip(), parent_rhk=r.parent_rhk_id)
        if keep_ids and r.id in existing_ids and r.id not in kept:  # a copy carrying the same id is a new RHK
            SkpRhk.update(**values).where(SkpRhk.id == r.id).execute()
            rhk_id = r.id
            SkpIki.delete().where(SkpIki.rhk == rhk_id).execute()
            SkpAction.delete().where(SkpAction.rhk == rhk_id).execute()
        else:
            rhk_id = SkpRhk.insert(skp=s.id, **values).execute()
        kept.add(rhk_id)
        if r.iki:
            SkpIki.insert_many([
                dict(rhk=rhk_id, position=p, aspect=k.aspect, text=k.text.strip(), target_value=k.target_value,
                     target_unit=k.target_unit.strip(), target_text=k.target_text.strip())
                for p, k in enumerate(r.iki, 1)
            ]).execute()
        actions = [dict(rhk=rhk_id, period=p, text=t.strip()) for p, t in sorted(r.actions.items()) if t.strip()]
        if actions:
            SkpAction.insert_many(actions).execute()
    gone = existing_ids - kept
    if gone:
        SkpRhk.delete().where(SkpRhk.id.in_(gone)).execute()
    SkpExpectation.delete().where(SkpExpectation.skp == s.id).execute()
    rows = [dict(skp=s.id, core_value=code, text=plan.expectations.get(code, "").strip())
            for code in rules.CORE_VALUE_CODES]
    SkpExpectation.insert_many(rows).execute()


@write
def take_step(
    skp_id: int, step_name: str, actor: Actor, note: str = "", expected_version: int | None = None
) -> SkpView:
    """Ajukan, setujui, kembalikan (with a note) or tarik kembali, as the workflow and the actor allow."""
    s = _get(skp_id)
    if not s.current:
        raise DomainError("Ini versi lama SKP; langkah hanya berlaku pada versi terbaru.")
    before = Status(s.status)
    if step_name not in rules.STEPS:
        raise DomainError(f"Langkah '{step_name}' tidak dikenal.")
    step = rules.check_step(step_name, before, _roles(s, actor), note)
    if step.name == "submit":
        view = get_skp(s.id)
        allowed = {o.id for o in link_options(s.id)}
        if view.links_required and not allowed and any(r.kind == "utama" for r in view.plan.rhk):
            raise ValidationError({"links": (
                f"SKP {s.year} pejabat penilai ({s.penilai_name}) belum disetujui, jadi RHK utama belum dapat "
                "dikaitkan dengan RHK-nya. Ajukan setelah SKP pejabat penilai disetujui."
            )})
        plan = _follow_links(view.plan)
        errors = rules.field_problems(plan, len(period_labels())) | rules.submission_problems(
            plan, view.links_required, allowed
        )
        if errors:
            raise ValidationError(errors)
    _touch(s, expected_version)
    s.status = step.target.value
    s.save()
    _history(s, before, step.target, actor, note)
    audit(step.name, "skp", s.id, status=step.target.value)
    return get_skp(s.id)


@write
def revise(skp_id: int, actor: Actor, reason: str) -> SkpView:
    """A new version of an approved SKP, as a draft with the same content; the approved one stays viewable."""
    s = _get(skp_id)
    if Status(s.status) is not Status.DISETUJUI or not s.current:
        raise DomainError("Revisi dibuat dari versi terbaru SKP yang sudah disetujui.")
    if not _roles(s, actor) & set(rules.REVISE_ROLES):
        raise ValidationError({"actor": "Revisi SKP dibuat oleh pegawai, pejabat penilai, atau operator."})
    if not reason.strip():
        raise ValidationError({"reason": "Tuliskan alasan revisi (mis. perubahan tugas atau target di tengah tahun)."})
    plan = _plan(s)
    old_ids = [r.id for r in plan.rhk]
    s.current = False
    s.save()
    now = _now()
    new = Skp.create(
        employee=s.employee_id, year=s.year, version=s.version + 1, status=Status.DRAF.value, current=True,
        created_at=now, updated_at=now, revision_reason=reason.strip(), **_snapshot(s.employee),
    )
    _write_plan(new, plan, keep_ids=False)
    new_ids = [i for (i,) in SkpRhk.select(SkpRhk.id).where(SkpRhk.skp == new.id).order_by(SkpRhk.position).tuples()]
    for old, fresh in zip(old_ids, new_ids):
        SkpRhk.update(origin_rhk=old).where(SkpRhk.id == fresh).execute()
    _history(new, None, Status.DRAF, actor, f"Revisi dari versi {s.version}: {reason.strip()}")
    audit("revise", "skp", new.id, previous=s.id)
    return get_skp(new.id)


# ------------------------------------------------------------------------------------- unit and cascade
class OverviewRow(NamedTuple):
    """An active employee and the state of their SKP for the year (a tuple: 10,000 are made per call)."""

    employee_id: int
    nip: str
    name: str
    position_title: str
    unit_name: str
    penilai_name: str
    skp_id: int | None
    status: Status | None  # None: no SKP yet
    version: int


def overview(year: int, unit_id: int | None = None) -> list[OverviewRow]:
    """Every active employee (of a unit and below) with the state of their SKP for the year."""
    Sup = Employee.alias()
    q = (
        Employee.select(
            Employee.id, Employee.nip, Employee.front_title, Employee.name, Employee.back_title,
            Employee.position_title, OrgUnit.name, Sup.front_title, Sup.name, Sup.back_title,
            Skp.id, Skp.status, Skp.version,
        )
        .join(OrgUnit, on=(Employee.unit == OrgUnit.id))
        .switch(Employee)
        .join(Sup, JOIN.LEFT_OUTER, on=(Employee.supervisor == Sup.id))
        .switch(Employee)
        .join(Skp, JOIN.LEFT_OUTER,
              on=((Skp.employee == Employee.id) & (Skp.year == year) & (Skp.current == True)))  # noqa: E712
        .where(Employee.active == True)  # noqa: E712
        .order_by(Employee.name)
    )
    if unit_id is not None:
        q = q.where(Employee.unit.in_(subtree_ids(unit_id)))
    status = {s.value: s for s in Status}  # a dict lookup: calling the Enum 10,000 times costs ~40 ms
    penilai: dict[tuple, str] = {}  # a few hundred heads rate everyone: name each once

    def named(r: tuple) -> str:
        if not r[8]:
            return ""
        key = (r[7], r[8], r[9])
        found = penilai.get(key)
        if found is None:
            found = penilai[key] = full_name(r[7] or "", r[8] or "", r[9] or "")
        return found

    return [
        OverviewRow(r[0], r[1], full_name(r[2], r[3], r[4]), r[5], r[6], named(r), r[10],
                    status[r[11]] if r[11] else None, r[12] or 0)
        for r in Employee._meta.database.execute(q)
    ]


@dataclass
class CascadeNode:
    rhk_id: int
    employee_id: int
    employee_name: str
    position_title: str
    kind: str
    text: str
    status: Status
    children: list[CascadeNode] = field(default_factory=list)
    unsupported: bool = False  # a supervisor's RHK that no staff RHK supports
    unlinked: bool = False  # a staff RHK utama that supports none of the supervisor's RHK


def cascade(year: int, unit_id: int) -> list[CascadeNode]:
    """The tree of RHK from the head(s) of a unit down to its staff, current versions of the year.

    A staff RHK is placed under the supervisor RHK it supports (following revisions of the supervisor's
    plan to their latest version). Marks the gaps: supervisor RHK nobody supports, staff RHK utama with
    no link where one is required.
    """
    units = subtree_ids(unit_id)
    people = {
        e.id: e for e in Employee.select().where(Employee.unit.in_(units) & (Employee.active == True))  # noqa: E712
    }
    plans = list(Skp.select().where(Skp.employee.in_(list(people)) & (Skp.year == year) & (Skp.current == True)))  # noqa: E712
    by_skp = {s.id: s for s in plans}
    rows = list(SkpRhk.select().where(SkpRhk.skp.in_(list(by_skp))).order_by(SkpRhk.skp, SkpRhk.position)) if plans else []
    # follow revisions: an old RHK id leads to its copy in the newest version
    year_plans = Skp.select(Skp.id).where(Skp.year == year)
    successor = dict(
        SkpRhk.select(SkpRhk.origin_rhk, SkpRhk.id)
        .where(SkpRhk.origin_rhk.is_null(False) & SkpRhk.skp.in_(year_plans))
        .tuples()
    )

    def latest(rhk_id: int | None) -> int | None:
        seen = 0
        while rhk_id in successor and seen < 50:
            rhk_id = successor[rhk_id]
            seen += 1
        return rhk_id

    nodes: dict[int, CascadeNode] = {}
    for r in rows:
        s = by_skp[r.skp_id]
        e = people[s.employee_id]
        nodes[r.id] = CascadeNode(r.id, e.id, full_name(e.front_title, e.name, e.back_title), e.position_title,
                                  r.kind, r.text, Status(s.status))
    roots: list[CascadeNode] = []
    parents = dict(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
    required = {  # a penilai inside the unit and the same OPD/kecamatan: the plan must cascade from theirs
        s.id: s.penilai_id in people and _cascades(people[s.employee_id].unit_id, people[s.penilai_id].unit_id, parents)
        for s in plans
    }
    has_staff_plans = {s.penilai_id for s in plans if required[s.id]}
    for r in rows:
        node = nodes[r.id]
        parent = nodes.get(latest(r.parent_rhk_id)) if r.parent_rhk_id is not None else None
        if parent is not None:
            parent.children.append(node)
        else:
            roots.append(node)
            node.unlinked = node.kind == "utama" and required[r.skp_id]
    for r in rows:
        node = nodes[r.id]
        owner = by_skp[r.skp_id].employee_id
        node.unsupported = owner in has_staff_plans and node.kind == "utama" and not node.children
    # the cascade is about RHK utama: a tambahan stays out unless someone's RHK supports it;
    # roots are the heads' RHK first, then staff RHK utama that hang loose (the gaps)
    roots = [n for n in roots if n.kind == "utama" or n.children]
    roots.sort(key=lambda n: (n.unlinked, n.employee_name.lower(), n.rhk_id))
    return roots


def subtree_count(nodes: Iterable[CascadeNode]) -> int:
    return sum(1 + subtree_count(n.children) for n in nodes)
