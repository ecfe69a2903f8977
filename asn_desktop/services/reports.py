"""Reports sent upward: the rekap of a year per unit (predikat, distribution, JP, rewards, sanctions)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

from peewee import fn

from asn_desktop import __version__
from asn_desktop.domain import appraisal as rules
from asn_desktop.domain.predikat import Predikat
from asn_desktop.domain import development as dev_rules
from asn_desktop.exchange import rekap as rekap_sheet
from asn_desktop.exchange import training as training_sheet
from asn_desktop.exchange.sheets import Cancelled, tracked
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import (
    Employee,
    OrgPredikatRecord,
    OrgUnit,
    Reward,
    Sanction,
    TrainingEvent,
    TrainingParticipation,
)

from . import development
from .appraisals import _annual_groups, _tally
from .common import DomainError, raw_rows
from .employees import full_name
from .units import subtree_of

__all__ = ["rekap", "export_rekap", "export_training", "unit_by_code"]


def _scope_units(unit_id: int | None) -> tuple[list[tuple[int, str, str]], list[tuple[int, int | None]], str]:
    """The units reported on (each with its subtree summed): those directly under the chosen unit (default: the
    top unit), the chosen unit itself when it has none; the tree; the scope's name."""
    pairs = list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
    info = {u: (c, n) for u, c, n in OrgUnit.select(OrgUnit.id, OrgUnit.code, OrgUnit.name).tuples()}
    if unit_id is None:
        roots = [u for u, p in pairs if p is None]
        if not roots:
            raise DomainError("Belum ada unit organisasi.")
        unit_id = roots[0]
    if unit_id not in info:
        raise DomainError("Unit tidak ditemukan.")
    children = sorted((u for u, p in pairs if p == unit_id), key=lambda u: info[u][1].lower())
    return [(u, *info[u]) for u in children] or [(unit_id, *info[unit_id])], pairs, info[unit_id][1]


def rekap(year: int, unit_id: int | None = None) -> tuple[list[rekap_sheet.RekapRow], rekap_sheet.RekapRow, str]:
    """The rows of the rekap, the total and the scope's name."""
    units, pairs, scope = _scope_units(unit_id)
    groups = _annual_groups(year)
    ruled = {u: rules.org_predikat_of(p) for u, p in OrgPredikatRecord.select(
        OrgPredikatRecord.unit, OrgPredikatRecord.predikat).where(OrgPredikatRecord.year == year).tuples()}
    active = dict(Employee.select(Employee.unit, fn.COUNT(Employee.id)).where(Employee.active == True)  # noqa: E712
                  .group_by(Employee.unit).tuples())
    meets: dict[int, int] = {}
    for r in development.compliance(year):
        if r.meets:
            meets[r.unit_id] = meets.get(r.unit_id, 0) + 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rewards = dict(Reward.select(Employee.unit, fn.COUNT(Reward.id)).join(Employee, on=(Reward.employee == Employee.id))
                   .where(Reward.given_on.between(start, end)).group_by(Employee.unit).tuples())
    sanctions: dict[tuple[int, str], int] = {}
    for u, level, n in (Sanction.select(Employee.unit, Sanction.level, fn.COUNT(Sanction.id))
                        .join(Employee, on=(Sanction.employee == Employee.id))
                        .where(Sanction.decree_date.between(start, end) & Sanction.cancelled_on.is_null())
                        .group_by(Employee.unit, Sanction.level).tuples()):
        sanctions[(u, level)] = n
    rows = []
    scope_id = next((p for u, p in pairs if u == units[0][0]), None) if units else None
    if scope_id is not None and active.get(scope_id):  # people placed in the scope unit itself
        code, name = OrgUnit.select(OrgUnit.code, OrgUnit.name).where(OrgUnit.id == scope_id).tuples().get()
        units = [(scope_id, code, f"{name} (langsung)"), *units]
    for uid, code, name in units:
        sub = {uid} if uid == scope_id else subtree_of(pairs, uid)
        counts, drafts = _tally(groups, sub)
        org = None if uid == scope_id else ruled.get(uid)  # a predikat organisasi rules the whole subtree
        if org is None:
            dist = ""
        else:
            check = rules.check_distribution(org, counts)
            dist = "Sesuai" if check.ok else "Menyimpang: " + " ".join(check.violations)
        rows.append(rekap_sheet.RekapRow(
            code, name, sum(active.get(u, 0) for u in sub), tuple(counts[p] for p in Predikat), drafts,  # type: ignore[arg-type]
            org.value if org else "", dist, sum(meets.get(u, 0) for u in sub), sum(rewards.get(u, 0) for u in sub),
            tuple(sum(sanctions.get((u, lv), 0) for u in sub) for lv in ("ringan", "sedang", "berat"))))  # type: ignore[arg-type]
    total = rekap_sheet.RekapRow(
        "", "Jumlah", sum(r.active for r in rows), tuple(sum(r.predikat[i] for r in rows) for i in range(5)),  # type: ignore[arg-type]
        sum(r.drafts for r in rows), "", "", sum(r.meeting_jp for r in rows), sum(r.rewards for r in rows),
        tuple(sum(r.sanctions[i] for r in rows) for i in range(3)))  # type: ignore[arg-type]
    return rows, total, scope


def export_rekap(year: int, path: str | Path, unit_id: int | None = None,
                 cancelled: Callable[[], bool] | None = None) -> int:
    """The rekap as a workbook; returns the units written. Cancelling is looked at once the figures are counted
    (the writing itself is short)."""
    rows, total, _scope = rekap(year, unit_id)
    if cancelled is not None and cancelled():
        raise Cancelled()
    heading = _heading("Rekap kinerja pegawai", year, unit_id)
    heading.insert(2, "Predikat: evaluasi tahunan yang final (setelah keberatan). Distribusi: terhadap predikat kinerja "
                      "organisasi unit. JP: pegawai aktif yang mencapai target JP setahun. Hukuman: diputuskan tahun "
                      "ini, tidak dibatalkan.")
    return rekap_sheet.write_rekap(path, heading, rows, total)


def _heading(title: str, year: int, unit_id: int | None) -> list[str]:
    office = store_settings.get("office.name") or ""
    scope = OrgUnit.get_by_id(unit_id).name if unit_id else "Seluruh kantor"
    return [f"{title} tahun {year}", f"{office} · {scope}" if office else scope,
            f"Dibuat dengan ASN Desktop {__version__} pada {dt.datetime.now():%d/%m/%Y %H.%M}"]


def export_training(year: int, path: str | Path, unit_id: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[int, int]:
    """The year's training list: participations in events that ended in the year (the unit and below, or the
    whole office), and each active employee's JP against the target. Returns the rows of each sheet."""
    units = subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id) if unit_id else None
    q = (TrainingParticipation.select(
            TrainingEvent.title, TrainingEvent.kind, TrainingEvent.form, TrainingEvent.method, TrainingEvent.organiser,
            TrainingEvent.start_date, TrainingEvent.end_date, TrainingEvent.jp, Employee.nip, Employee.front_title,
            Employee.name, Employee.back_title, OrgUnit.name, TrainingParticipation.status,
            TrainingParticipation.jp_credited, TrainingParticipation.certificate_number,
            TrainingParticipation.certificate_date, Employee.unit)
         .join(TrainingEvent, on=(TrainingParticipation.event == TrainingEvent.id))
         .switch(TrainingParticipation).join(Employee, on=(TrainingParticipation.employee == Employee.id))
         .join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where(TrainingEvent.end_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
         .order_by(TrainingEvent.start_date, TrainingEvent.title, Employee.name))
    fetched = [r for r in raw_rows(q) if units is None or r[-1] in units]
    jp_list = sorted(development.compliance(year, unit_id), key=lambda r: (r.unit_name.lower(), r.name.lower()))
    total = len(fetched) + len(jp_list)
    d = training_sheet.as_date
    earns = dev_rules.EARNS_JP
    participations = (
        (title, dev_rules.KINDS.get(kind, kind), dev_rules.FORMS.get(form, ("", form))[1],
         dev_rules.METHODS.get(method, method), organiser, d(start), d(end), jp, nip, full_name(f, n, b), unit,
         dev_rules.PARTICIPATION_STATUSES.get(status, status),
         (credited if credited is not None else jp) if status in earns else 0, cert, d(cert_date))
        for title, kind, form, method, organiser, start, end, jp, nip, f, n, b, unit, status, credited, cert,
        cert_date, _emp_unit in fetched)
    jp_rows = ((r.nip, r.name, r.status, r.position_title, r.unit_name, float(r.jp), r.target, float(r.shortfall))
               for r in jp_list)
    # one stream for both sheets, so progress and cancelling cover the whole file: the first sheet takes its rows
    # from the front of it, the second the rest
    steps = tracked(itertools.chain(participations, jp_rows), total, progress, cancelled)
    return training_sheet.write_training(path, _heading("Daftar pelatihan", year, unit_id),
                                         itertools.islice(steps, len(fetched)), steps)


def unit_by_code(code: str) -> int:
    """The id of an active unit by its code (case ignored), for the command line."""
    uid = OrgUnit.select(OrgUnit.id).where(fn.UPPER(OrgUnit.code) == code.strip().upper()).scalar()
    if uid is None:
        raise DomainError(f"Unit dengan kode {code} tidak ada.")
    return uid
