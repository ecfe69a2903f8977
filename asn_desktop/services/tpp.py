"""Tambahan penghasilan pegawai (TPP): the office's rules and ceilings, monthly attendance, and the monthly
run that computes every employee's TPP from the ceiling of their position class, their latest predikat,
their attendance and any sanction that touches the month. A run is checked, then locked; a locked month is
read-only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from asn_desktop.domain import consequences as rules
from asn_desktop.domain.appraisal import predikat_of
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.predikat import Predikat
from asn_desktop.domain.skp import MONTHS
from asn_desktop.exchange import tpp_sheets
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import (
    AttendanceMonth,
    AuditLog,
    Employee,
    Evaluation,
    EvaluationPeriod,
    OrgUnit,
    TppCeiling,
    TppLine,
    TppRun,
)

from .common import audit, insert_rows, raw_rows, write
from .consequences import running_sanctions
from .employees import full_name
from .history import past_predikat_before
from .units import subtree_of

__all__ = [
    "DEFAULT_CEILINGS", "office_rules", "save_rules", "ceilings", "set_ceiling", "position_class",
    "AttendanceInput", "save_attendance", "attendance", "RunRow", "LineRow", "compute_run", "lock_run", "runs",
    "run_lines", "AttendanceRow", "attendance_sheet", "covering_lock", "run_for", "save_settings", "DraftsInTheWay",
    "elsewhere", "stale_reasons", "export_payroll", "export_attendance_template", "FileAttendance",
    "read_attendance_file",
]

# a starting point the office adjusts (whole rupiah a month per position class)
DEFAULT_CEILINGS: dict[str, int] = {
    "JPT Pratama": 15_000_000, "Administrator": 9_000_000, "Pengawas": 6_500_000,
    "Ahli Utama": 10_000_000, "Ahli Madya": 7_500_000, "Ahli Muda": 5_500_000, "Ahli Pertama": 4_500_000,
    "Penyelia": 4_000_000, "Mahir": 3_500_000, "Terampil": 3_000_000, "Pemula": 2_500_000,
    "Pelaksana": 2_500_000,
}
MAX_LATE = 8 * 60  # minutes in a working day
LOCKED = "Bulan ini sudah dikunci; TPP-nya tidak dihitung ulang dan tidak diubah."


class DraftsInTheWay(DomainError):
    """Computing this scope would pay some employees twice: draft runs of the same month cover part of it (or it
    covers part of theirs). ``compute_run(..., replace_drafts=True)`` discards them first."""

    def __init__(self, drafts: list[RunRow]):
        names = ", ".join(d.unit_name for d in drafts)
        super().__init__(f"Sudah ada perhitungan draf bulan ini yang tumpang tindih: {names}. Perhitungan draf itu "
                         "diganti oleh perhitungan ini agar tidak ada pegawai yang dihitung dua kali.")
        self.drafts = drafts


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# ------------------------------------------------------------------------------------------ rules, pagu
def _rules_to_json(r: rules.TppRules) -> dict:
    return {
        "performance_weight": str(r.performance_weight), "discipline_weight": str(r.discipline_weight),
        "predikat_percent": {p.name.lower(): str(v) for p, v in r.predikat_percent.items()},
        "no_predikat_percent": str(r.no_predikat_percent),
        "late_tiers": [[t.from_minutes, t.to_minutes, str(t.percent)] for t in r.late_tiers],
        "absence_percent": str(r.absence_percent),
    }


def _rules_from_json(d: dict) -> rules.TppRules:
    return rules.TppRules(
        Decimal(d["performance_weight"]), Decimal(d["discipline_weight"]),
        {Predikat[k.upper()]: Decimal(v) for k, v in d["predikat_percent"].items()},
        Decimal(d["no_predikat_percent"]),
        tuple(rules.LateTier(a, b, Decimal(p)) for a, b, p in d["late_tiers"]),
        Decimal(d["absence_percent"]),
    )


def office_rules() -> rules.TppRules:
    """The office's TPP rules (the defaults of DESIGN.md until the office changes them)."""
    stored = store_settings.get("tpp.rules")
    return _rules_from_json(stored) if stored else rules.TppRules()


@write
def save_rules(r: rules.TppRules) -> None:
    problems = r.problems()
    if problems:
        raise ValidationError(problems)
    store_settings.put("tpp.rules", _rules_to_json(r))
    audit("atur", "aturan_tpp", None)


def ceilings() -> dict[str, int]:
    """Pagu TPP per position class: the stored ones, the defaults for the rest."""
    stored = dict(TppCeiling.select(TppCeiling.position_class, TppCeiling.amount).tuples())
    return {**DEFAULT_CEILINGS, **stored}


@write
def set_ceiling(position_class: str, amount: int) -> None:
    if not position_class.strip():
        raise ValidationError({"class": "Kelas jabatan wajib diisi."})
    if amount < 0 or amount > 1_000_000_000:
        raise ValidationError({"amount": "Pagu TPP harus 0 sampai 1 miliar rupiah sebulan."})
    TppCeiling.insert(position_class=position_class.strip(), amount=int(amount)).on_conflict(
        conflict_target=[TppCeiling.position_class], update={TppCeiling.amount: int(amount)}).execute()
    audit("atur", "pagu_tpp", None, position_class=position_class, amount=amount)


def position_class(jenjang: str, position_kind: str) -> str:
    """The class whose ceiling applies: the jenjang (a pelaksana's is "Pelaksana")."""
    return jenjang or ("Pelaksana" if position_kind == "pelaksana" else "")


# ------------------------------------------------------------------------------------------- attendance
@dataclass
class AttendanceInput:
    employee_id: int
    absent_days: int = 0
    late_minutes: tuple[int, ...] = ()


@write
def save_attendance(year: int, month: int, rows: Sequence[AttendanceInput]) -> int:
    """A month's attendance for many employees at once (all stored, or none). Returns how many changed."""
    _check_month(year, month)
    errors: dict[str, str] = {}
    locked = _locked_people(year, month, [r.employee_id for r in rows])
    if locked:
        who = dict(Employee.select(Employee.id, Employee.name).where(Employee.id.in_(list(locked))).tuples())
        raise DomainError(LOCKED + " Kehadiran tidak diubah untuk: "
                          + ", ".join(sorted(f"{who[e]} ({locked[e]})" for e in locked)) + ".")
    names = dict(Employee.select(Employee.id, Employee.name).where(
        Employee.id.in_([r.employee_id for r in rows])).tuples())
    for r in rows:
        who = names.get(r.employee_id)
        if who is None:
            raise DomainError("Sebagian pegawai tidak ditemukan; muat ulang daftar lalu ulangi.")
        if not 0 <= r.absent_days <= 31:
            errors[f"{r.employee_id}.absent"] = f"{who}: hari tidak masuk harus 0 sampai 31."
        bad = [m for m in r.late_minutes if not 1 <= m <= MAX_LATE]
        if bad:
            errors[f"{r.employee_id}.late"] = f"{who}: keterlambatan harus 1 sampai {MAX_LATE} menit, bukan {bad[0]}."
    if errors:
        raise ValidationError(errors)
    now = _now()
    changed = 0
    for r in rows:
        late = json.dumps(sorted(r.late_minutes))
        updated = (AttendanceMonth.insert(employee=r.employee_id, year=year, month=month, absent_days=r.absent_days,
                                          late_minutes=late, updated_at=now)
                   .on_conflict(conflict_target=[AttendanceMonth.employee, AttendanceMonth.year, AttendanceMonth.month],
                                update={AttendanceMonth.absent_days: r.absent_days,
                                        AttendanceMonth.late_minutes: late, AttendanceMonth.updated_at: now})
                   .execute())
        changed += 1 if updated else 0
    audit("kehadiran", "tpp", None, year=year, month=month, rows=len(rows))
    return changed


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance grid: an active employee of the unit and the month's stored attendance."""

    employee_id: int
    name: str
    nip: str
    unit_name: str
    absent_days: int
    late_minutes: tuple[int, ...]
    locked: bool = False  # on a locked run of the month: read-only


def attendance_sheet(year: int, month: int, unit_id: int | None = None) -> list[AttendanceRow]:
    """The active employees of the unit and below (``None``: the whole office), by name, each with the month's
    stored attendance (none stored: 0 days, no late arrival)."""
    _check_month(year, month)
    q = (Employee.select(Employee.id, Employee.front_title, Employee.name, Employee.back_title, Employee.nip,
                         OrgUnit.name)
         .join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where(Employee.active == True))  # noqa: E712
    if unit_id is not None:
        units = subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id)
        q = q.where(Employee.unit.in_(list(units)))
    present = attendance(year, month)
    locked = set(_locked_people(year, month))
    empty = rules.Attendance()
    out = []
    for e, front, name, back, nip, unit in q.order_by(Employee.name, Employee.id).tuples():
        a = present.get(e, empty)
        out.append(AttendanceRow(e, full_name(front, name, back), nip, unit, a.absent_days, tuple(a.late_minutes),
                                 e in locked))
    return out


def _locked_people(year: int, month: int, among: Sequence[int] | None = None) -> dict[int, str]:
    """Employees on a locked run of the month, each with the name of that run's scope."""
    q = (TppLine.select(TppLine.employee, TppRun.unit)
         .join(TppRun, on=(TppLine.run == TppRun.id))
         .where((TppRun.year == year) & (TppRun.month == month) & (TppRun.status == "terkunci")))
    if among is not None:
        q = q.where(TppLine.employee.in_(list(among)))
    names = dict(OrgUnit.select(OrgUnit.id, OrgUnit.name).tuples())
    return {e: names.get(u, "Seluruh kantor") for e, u in q.tuples()}


def _tree() -> list[tuple[int, int | None]]:
    return list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())


def _covers(outer: int | None, inner: int | None, tree: list[tuple[int, int | None]]) -> bool:
    """Whether the scope ``outer`` (a unit and below; ``None``: the whole office) holds all of ``inner``."""
    return outer is None or (inner is not None and inner in subtree_of(tree, outer))


def _overlapping(year: int, month: int, unit_id: int | None) -> list[TppRun]:
    """The month's other runs that share employees' scope with this one: one covers the other."""
    tree = _tree()
    return [r for r in TppRun.select().where((TppRun.year == year) & (TppRun.month == month))
            if r.unit_id != unit_id and (_covers(r.unit_id, unit_id, tree) or _covers(unit_id, r.unit_id, tree))]


def covering_lock(year: int, month: int, unit_id: int | None = None) -> RunRow | None:
    """The locked run of the month that holds this whole scope (the same unit, a unit above it, or the whole
    office), if any: then the scope's TPP and attendance of that month are read-only. Runs are locked one scope
    at a time, so other units can still be computed and locked."""
    tree = _tree()
    for run in TppRun.select().where((TppRun.year == year) & (TppRun.month == month) & (TppRun.status == "terkunci")):
        if _covers(run.unit_id, unit_id, tree):
            return _run_row(run.id)
    return None


def elsewhere(year: int, month: int, unit_id: int | None = None) -> list[tuple[str, str]]:
    """Active employees of this scope already on another run of the month (they moved unit after it was
    computed): (name, that run's scope). A run of this scope leaves them out so nobody is paid twice."""
    q = (TppLine.select(Employee.name, TppRun.unit)
         .join(TppRun, on=(TppLine.run == TppRun.id))
         .switch(TppLine).join(Employee, on=(TppLine.employee == Employee.id))
         .where((TppRun.year == year) & (TppRun.month == month) & (Employee.active == True)))  # noqa: E712
    if unit_id is None:
        return []  # the whole office's run cannot sit beside another run of the month
    q = q.where(TppRun.unit != unit_id)
    units = subtree_of(_tree(), unit_id)
    q = q.where(Employee.unit.in_(list(units)))
    names = dict(OrgUnit.select(OrgUnit.id, OrgUnit.name).tuples())
    return sorted((n, names.get(u, "Seluruh kantor")) for n, u in q.tuples())


def run_for(year: int, month: int, unit_id: int | None = None) -> RunRow | None:
    """The month's run for exactly this unit (``None``: the whole office), if it was computed."""
    run = TppRun.get_or_none((TppRun.year == year) & (TppRun.month == month)
                             & (TppRun.unit.is_null() if unit_id is None else (TppRun.unit == unit_id)))
    return _run_row(run.id) if run is not None else None


@write
def save_settings(r: rules.TppRules, pagu: dict[str, int]) -> None:
    """The rules and the ceilings together, in one transaction: all of it is stored, or none of it."""
    errors = dict(r.problems())
    for cls, amount in pagu.items():
        if amount < 0 or amount > 1_000_000_000:
            errors[f"ceiling.{cls}"] = f"Pagu TPP {cls} harus 0 sampai 1 miliar rupiah sebulan."
    if errors:
        raise ValidationError(errors)
    save_rules(r)
    current = ceilings()
    for cls, amount in pagu.items():
        if current.get(cls) != amount or cls not in current:
            set_ceiling(cls, amount)


def attendance(year: int, month: int) -> dict[int, rules.Attendance]:
    q = AttendanceMonth.select(AttendanceMonth.employee, AttendanceMonth.absent_days, AttendanceMonth.late_minutes) \
        .where((AttendanceMonth.year == year) & (AttendanceMonth.month == month))
    return {e: rules.Attendance(d, tuple(json.loads(late))) for e, d, late in q.tuples()}


def _check_month(year: int, month: int) -> None:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValidationError({"month": "Bulan harus 1–12 dan tahun 2000–2100."})


def _month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


# ------------------------------------------------------------------------------------------------- runs
@dataclass(frozen=True)
class RunRow:
    id: int
    year: int
    month: int
    unit_id: int | None
    unit_name: str
    status: str
    computed_at: str
    locked_at: str | None
    locked_by: str
    employees: int
    total: int
    lock_version: int


@dataclass(frozen=True)
class LineRow:
    employee_id: int
    name: str
    nip: str
    unit_name: str
    position_class: str
    predikat: Predikat | None
    ceiling: int
    performance: int
    discipline_base: int
    discipline_deduction: int
    discipline: int
    gross: int
    sanction_cut: int
    net: int
    explanation: tuple[str, ...]


def _latest_predikat(before: dt.date) -> dict[int, Predikat]:
    """Each employee's newest final predikat (after any keberatan) from a period ended before ``before``; at the
    same end date the annual one wins, and the app's own over one copied from a document (riwayat predikat)."""
    q = (Evaluation.select(Evaluation.employee, Evaluation.final_predikat, EvaluationPeriod.end_date,
                           EvaluationPeriod.cadence)
         .join(EvaluationPeriod, on=(Evaluation.period == EvaluationPeriod.id))
         .where((Evaluation.status == "final") & (EvaluationPeriod.end_date < before)))
    best: dict[int, tuple[str, bool, bool, Predikat]] = {}
    for emp, (year, p) in past_predikat_before(before.year).items():
        best[emp] = (str(dt.date(year, 12, 31)), True, False, p)
    for emp, pred, end, cadence in raw_rows(q):
        key = (str(end), cadence == "tahunan", True, predikat_of(pred))
        if emp not in best or key[:3] > best[emp][:3]:
            best[emp] = key  # type: ignore[assignment]
    return {emp: k[3] for emp, k in best.items() if k[3] is not None}


@write
def compute_run(year: int, month: int, unit_id: int | None = None, actor: str = "Operator kepegawaian",
                replace_drafts: bool = False) -> RunRow:
    """Compute (or compute again, while it is a draft) the month's TPP of every active employee of the unit and
    below (``None``: the whole office), in one transaction.

    Nobody is paid twice in a month: a run whose scope overlaps another run of the month (one holds the other)
    is refused while that one is locked, and replaces it while it is a draft only with ``replace_drafts``
    (else :class:`DraftsInTheWay`). Employees already on a run of another scope (they moved unit since) are
    left out; :func:`elsewhere` names them."""
    _check_month(year, month)
    own = TppRun.get_or_none((TppRun.year == year) & (TppRun.month == month)
                             & (TppRun.unit.is_null() if unit_id is None else (TppRun.unit == unit_id)))
    if own is not None and own.status == "terkunci":
        raise DomainError(LOCKED)
    others = _overlapping(year, month, unit_id)
    locked = [r for r in others if r.status == "terkunci"]
    if locked:
        raise DomainError(f"TPP {_month_name(year, month)} {_run_row(locked[0].id).unit_name} sudah dikunci dan "
                          "mencakup sebagian pegawai yang sama; bulan ini sudah dikunci untuk mereka. Hitung unit "
                          "lain yang belum terkunci.")
    if others and not replace_drafts:
        raise DraftsInTheWay([_run_row(r.id) for r in others])
    for r in others:
        r.delete_instance(recursive=False)
    first, _last = rules.month_span(year, month)
    r = office_rules()
    pagu = ceilings()
    q = (Employee.select(Employee.id, Employee.jenjang, Employee.position_kind, Employee.unit)
         .where(Employee.active == True))  # noqa: E712
    if unit_id is not None:
        if OrgUnit.get_or_none(OrgUnit.id == unit_id) is None:
            raise DomainError("Unit tidak ditemukan.")
        units = subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id)
        q = q.where(Employee.unit.in_(list(units)))
    taken = {e for (e,) in TppLine.select(TppLine.employee).join(TppRun, on=(TppLine.run == TppRun.id))
             .where((TppRun.year == year) & (TppRun.month == month)
                    & (TppRun.id != (own.id if own is not None else 0))).tuples()}
    everyone = list(q.tuples())
    people = [p for p in everyone if p[0] not in taken]
    missing = sorted({position_class(j, k) or "(tanpa jenjang)" for _i, j, k, _u in people
                      if position_class(j, k) not in pagu})
    if missing:
        raise ValidationError({"ceiling": "Pagu TPP belum ditetapkan untuk kelas jabatan: " + ", ".join(missing) + "."})
    predikat = _latest_predikat(first)
    present = attendance(year, month)
    sanctioned = running_sanctions(year, month)
    run = own
    now = _now()
    snapshot = json.dumps({"rules": _rules_to_json(r), "ceilings": pagu}, ensure_ascii=False)
    if run is None:
        run = TppRun.create(year=year, month=month, unit=unit_id, rules=snapshot, computed_at=now)
    else:
        TppLine.delete().where(TppLine.run == run.id).execute()
        run.rules, run.computed_at, run.lock_version = snapshot, now, run.lock_version + 1
        run.save()
    empty = rules.Attendance()
    rows = []
    for emp_id, jenjang, kind, _unit in people:
        cls = position_class(jenjang, kind)
        kinds = tuple(s.kind for s in sanctioned.get(emp_id, ()))
        line = rules.compute_tpp(pagu[cls], predikat.get(emp_id), present.get(emp_id, empty), r, kinds)
        p = predikat.get(emp_id)
        rows.append((run.id, emp_id, cls, p.name.lower() if p else None, int(line.ceiling), int(line.performance),
                     int(line.discipline_base), int(line.discipline_deduction), int(line.discipline), int(line.gross),
                     int(line.sanction_cut), int(line.net), "\n".join(line.explanation)))
    fields = [TppLine.run, TppLine.employee, TppLine.position_class, TppLine.predikat, TppLine.ceiling,
              TppLine.performance, TppLine.discipline_base, TppLine.discipline_deduction, TppLine.discipline,
              TppLine.gross, TppLine.sanction_cut, TppLine.net, TppLine.explanation]
    written = len(rows)
    insert_rows(TppLine, fields, rows)
    audit("hitung", "tpp", run.id, year=year, month=month, unit=unit_id, employees=written, by=actor,
          replaced=[r.id for r in others], left_out=len(everyone) - len(people))
    return _run_row(run.id)


@write
def lock_run(run_id: int, actor: str, expected_version: int | None = None) -> RunRow:
    """Lock a checked month: its lines no longer change, and its attendance neither."""
    run = TppRun.get_or_none(TppRun.id == run_id)
    if run is None:
        raise DomainError("Perhitungan TPP tidak ditemukan; mungkin sudah dihitung ulang di jendela lain.")
    if run.status == "terkunci":
        raise DomainError(LOCKED)
    if expected_version is not None and run.lock_version != expected_version:
        raise DomainError("TPP bulan ini sudah dihitung ulang di jendela atau komputer lain sejak dibuka; periksa "
                          "lagi sebelum mengunci.")
    run.status, run.locked_at, run.locked_by = "terkunci", _now(), actor
    run.save()
    audit("kunci", "tpp", run.id, by=actor)
    return _run_row(run.id)


# what a draft run was computed from: (action, entity) in the audit log → what the operator is told changed
_INPUTS: dict[tuple[str, str], str] = {
    ("kehadiran", "tpp"): "kehadiran",
    ("catat", "hukuman_disiplin"): "hukuman disiplin", ("batal", "hukuman_disiplin"): "hukuman disiplin",
    ("atur", "aturan_tpp"): "aturan atau pagu TPP", ("atur", "pagu_tpp"): "aturan atau pagu TPP",
    ("final", "evaluasi"): "predikat", ("buka", "evaluasi"): "predikat", ("putusan", "keberatan"): "predikat",
    ("catat", "predikat_lama"): "predikat", ("hapus", "predikat_lama"): "predikat",
    ("create", "employee"): "data pegawai", ("update", "employee"): "data pegawai", ("move", "employee"): "data pegawai",
    ("deactivate", "employee"): "data pegawai", ("reactivate", "employee"): "data pegawai",
}


def stale_reasons(run_id: int) -> list[str]:
    """What changed since a draft run was last computed that it may depend on (attendance of its month,
    sanctions, rules and ceilings, predikat, employees), in the order first seen; empty for a locked run or an
    unchanged draft. Read from the audit log, so a change made in another window counts too."""
    run = TppRun.get_or_none(TppRun.id == run_id)
    if run is None or run.status == "terkunci":
        return []
    last = (AuditLog.select(AuditLog.id)  # newest first: the walk back from the end stops at the run's last compute
            .where((AuditLog.action == "hitung") & (AuditLog.entity == "tpp") & (AuditLog.entity_id == run_id))
            .order_by(AuditLog.id.desc()).limit(1).scalar()) or 0
    out: list[str] = []
    q = (AuditLog.select(AuditLog.action, AuditLog.entity, AuditLog.detail).where(AuditLog.id > last)
         .where(AuditLog.entity.in_(sorted({e for _a, e in _INPUTS}))).order_by(AuditLog.id))
    for action, entity, detail in q.tuples():
        what = _INPUTS.get((action, entity))
        if what is None or what in out:
            continue
        if what == "kehadiran":
            d = json.loads(detail or "{}")
            if (d.get("year"), d.get("month")) != (run.year, run.month):
                continue
        out.append(what)
    return out


def _run_row(run_id: int) -> RunRow:
    run = TppRun.get_by_id(run_id)
    n, total = (TppLine.select(fn.COUNT(TppLine.id), fn.COALESCE(fn.SUM(TppLine.net), 0))
                .where(TppLine.run == run_id).tuples().get())
    unit_name = OrgUnit.get_by_id(run.unit_id).name if run.unit_id else "Seluruh kantor"
    return RunRow(run.id, run.year, run.month, run.unit_id, unit_name, run.status, run.computed_at, run.locked_at,
                  run.locked_by, n, int(total), run.lock_version)


def runs(year: int) -> list[RunRow]:
    return [_run_row(i) for (i,) in TppRun.select(TppRun.id).where(TppRun.year == year)
            .order_by(TppRun.month.desc(), TppRun.id).tuples()]


def run_lines(run_id: int) -> list[LineRow]:
    q = (TppLine.select(TppLine.employee, Employee.front_title, Employee.name, Employee.back_title, Employee.nip,
                        OrgUnit.name, TppLine.position_class, TppLine.predikat, TppLine.ceiling, TppLine.performance,
                        TppLine.discipline_base, TppLine.discipline_deduction, TppLine.discipline, TppLine.gross,
                        TppLine.sanction_cut, TppLine.net, TppLine.explanation)
         .join(Employee, on=(TppLine.employee == Employee.id))
         .join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where(TppLine.run == run_id).order_by(Employee.name))
    return [LineRow(e, full_name(f, n, b), nip, unit, cls, predikat_of(p), c, perf, base, ded, disc, gross, cut, net,
                    tuple(expl.split("\n")))
            for e, f, n, b, nip, unit, cls, p, c, perf, base, ded, disc, gross, cut, net, expl in q.tuples()]


# ------------------------------------------------------------------------------------------- workbooks
ROUNDING = ("Setiap angka dalam rupiah penuh, dibulatkan setengah ke atas. Diterima = produktivitas + disiplin − "
            "potongan hukuman disiplin.")


def _heading(title: str, year: int, month: int, unit_id: int | None) -> list[str]:
    office = store_settings.get("office.name") or ""
    where = OrgUnit.get_by_id(unit_id).name if unit_id else "Seluruh kantor"
    return [f"{title} {_month_name(year, month)}", f"{office} · {where}" if office else where]


def export_payroll(run_id: int, path: str) -> int:
    """The run's daftar TPP as a workbook (NIP as text, money as whole-rupiah numbers, a total); a draft says
    so in its heading. Returns the employees written."""
    from asn_desktop import __version__

    run = _run_row_or_refuse(run_id)
    lines = sorted(run_lines(run_id), key=lambda x: (x.unit_name.lower(), x.name.lower()))
    status = (f"Terkunci {run.locked_at[:10]} oleh {run.locked_by}" if run.status == "terkunci"
              else "DRAF — belum diperiksa dan dikunci; angkanya masih dapat berubah")
    heading = [*_heading("Daftar TPP", run.year, run.month, run.unit_id), status, ROUNDING,
               f"Dibuat dengan ASN Desktop {__version__} pada {_now().replace('T', ' ')}"]
    return tpp_sheets.write_payroll(path, heading, [
        tpp_sheets.PayrollLine(x.nip, x.name, x.unit_name, x.position_class, x.predikat.label if x.predikat else "—",
                               x.ceiling, x.performance, x.discipline, x.discipline_deduction, x.sanction_cut, x.net)
        for x in lines])


def _run_row_or_refuse(run_id: int) -> RunRow:
    if TppRun.get_or_none(TppRun.id == run_id) is None:
        raise DomainError("Perhitungan TPP tidak ditemukan; mungkin sudah diganti di jendela lain.")
    return _run_row(run_id)


def export_attendance_template(year: int, month: int, unit_id: int | None, path: str) -> int:
    """The month's attendance sheet of the unit's active employees, what is stored already filled in."""
    sheet = attendance_sheet(year, month, unit_id)
    heading = [*_heading("Kehadiran", year, month, unit_id),
               "Isi hari tidak masuk kerja tanpa alasan sah dan menit setiap keterlambatan (dipisah koma, mis. 15, 45). "
               "Kolom NIP adalah teks: jangan diubah menjadi angka."]
    return tpp_sheets.write_attendance_template(path, heading, [
        tpp_sheets.AttendanceLine(r.nip, r.name, r.unit_name, r.absent_days, r.late_minutes) for r in sheet])


@dataclass(frozen=True)
class FileAttendance:
    """A month's attendance read from a workbook for the employees of a unit, not stored: ``values`` per
    employee id (days absent, each late arrival); ``problems`` says what could not be taken, row by row."""

    sheet: str
    values: dict[int, tuple[int, tuple[int, ...]]]
    problems: tuple[str, ...]


def read_attendance_file(year: int, month: int, unit_id: int | None, path: str) -> FileAttendance:
    """Read attendance from ``path`` for the unit's active employees (``None``: the whole office). A NIP that is
    not one of them, a month total beyond 31 days and a locked employee are problems; nothing is written."""
    from pathlib import Path

    read = tpp_sheets.read_attendance(path)  # ExchangeError (file, sheet, row, column, reason) when unreadable
    name = Path(path).name
    sheet = {r.nip: r for r in attendance_sheet(year, month, unit_id)}
    where = OrgUnit.get_by_id(unit_id).name if unit_id else "kantor ini"
    problems: list[str] = []
    values: dict[int, tuple[int, tuple[int, ...]]] = {}
    for nip, (days, late) in read.rows.items():
        at = f"{name}, lembar {read.sheet}, baris {read.first_row[nip]}"
        r = sheet.get(nip)
        if r is None:
            problems.append(f"{at}: NIP {nip} bukan pegawai aktif {where}.")
        elif r.locked:
            problems.append(f"{at}: {r.name} — TPP bulan ini sudah dikunci; kehadirannya tidak diubah.")
        elif days > 31:
            problems.append(f"{at}: {r.name} — jumlah hari tidak masuk {days} lebih dari 31.")
        else:
            values[r.employee_id] = (days, tuple(sorted(late)))
    return FileAttendance(read.sheet, values, tuple(problems))
