"""Beranda: counts per unit, status and golongan; units whose predikat break their distribution rule."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from peewee import JOIN, fn

from asn_desktop.store.models import Employee, OrgUnit

from . import appraisals, database, development


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    office_name: str
    total_active: int
    total_inactive: int
    units: int
    by_unit: list[Count]  # each top-level OPD/kecamatan with everyone below it
    by_status: list[Count]
    by_golongan: list[Count]
    by_position_kind: list[Count]
    without_supervisor: int  # active employees with no pejabat penilai, or an inactive one
    year: int = 0
    distribution_warnings: list[DistributionWarning] = field(default_factory=list)
    jp: development.JpSummary | None = None


@dataclass(frozen=True)
class DistributionWarning:
    unit_id: int
    unit_name: str
    org_predikat: str
    violations: list[str]


def dashboard(year: int | None = None) -> Dashboard:
    units = list(OrgUnit.select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.parent).where(OrgUnit.active == True).tuples())  # noqa: E712
    parent = {u[0]: u[3] for u in units}
    roots = {u[0] for u in units if u[3] is None}
    # the reporting level: units directly under the pemda (or the roots themselves if nothing is below them)
    level = {u[0]: u[1] for u in units if u[3] in roots} or {u[0]: u[1] for u in units if u[0] in roots}

    def top(unit_id: int) -> int | None:
        seen = 0
        while unit_id is not None and unit_id not in level and seen < 64:
            unit_id = parent.get(unit_id)
            seen += 1
        return unit_id if unit_id in level else None

    active = Employee.active == True  # noqa: E712
    # counted by SQLite (a few hundred groups) instead of fetching 10,000 rows into Python
    per_top: Counter[int | None] = Counter()
    for unit_id, n in Employee.select(Employee.unit, fn.COUNT(Employee.id)).where(active).group_by(Employee.unit).tuples():
        per_top[top(unit_id)] += n
    by_unit = sorted(
        (Count(level[u], n) for u, n in per_top.items() if u is not None), key=lambda c: (-c.count, c.label)
    )
    if per_top.get(None):
        by_unit.append(Count("(langsung di bawah pemerintah daerah)", per_top[None]))
    status: Counter[str] = Counter()
    golongan_counts: Counter[str] = Counter()
    per_golongan = (
        Employee.select(Employee.status, Employee.golongan, fn.COUNT(Employee.id))
        .where(active)
        .group_by(Employee.status, Employee.golongan)
        .tuples()
    )
    for st, golongan, n in per_golongan:
        status[st] += n
        golongan_counts[golongan.split("/")[0] if st == "PNS" else "PPPK"] += n
    order = ["I", "II", "III", "IV", "PPPK"]
    names = {"I": "Golongan I", "II": "Golongan II", "III": "Golongan III", "IV": "Golongan IV", "PPPK": "PPPK (I–XVII)"}
    per_kind = Employee.select(Employee.position_kind, fn.COUNT(Employee.id)).where(active).group_by(Employee.position_kind)
    kinds: Counter[str] = Counter(dict(per_kind.tuples()))
    total_active = sum(status.values())
    # no pejabat penilai, or one who has since left (pensiun, mutasi): both need a new one
    Sup = Employee.alias()
    without_supervisor = (
        Employee.select(fn.COUNT(Employee.id))
        .join(Sup, JOIN.LEFT_OUTER, on=(Employee.supervisor == Sup.id))
        .where(active & (Employee.supervisor.is_null() | (Sup.active == False)))  # noqa: E712
        .scalar()
    )
    inactive = Employee.select(fn.COUNT(Employee.id)).where(Employee.active == False).scalar()  # noqa: E712
    return Dashboard(
        office_name=database.office_name(),
        total_active=total_active,
        total_inactive=inactive or 0,
        units=len(units),
        by_unit=by_unit,
        by_status=[Count(s, status.get(s, 0)) for s in ("PNS", "PPPK")],
        by_golongan=[Count(names[k], golongan_counts[k]) for k in order if golongan_counts.get(k)],
        by_position_kind=[Count(label, kinds.get(k, 0)) for k, label in (("struktural", "Struktural"), ("fungsional", "Fungsional"), ("pelaksana", "Pelaksana"))],
        without_supervisor=without_supervisor or 0,
        year=year or dt.date.today().year,
        distribution_warnings=[
            DistributionWarning(d.unit_id, d.unit_name, d.org_predikat.label if d.org_predikat else "",
                                d.check.violations if d.check else [])
            for d in appraisals.distribution_warnings(year or dt.date.today().year)
        ],
        jp=development.jp_summary(year or dt.date.today().year),
    )

