"""The upward package of a year for the whole office or a unit: units, employees, SKP, evaluations, training,
rewards, sanctions and locked TPP months, with an Info sheet that names the office and checks every sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from peewee import JOIN, fn

from asn_desktop import __version__
from asn_desktop.domain import consequences as crules
from asn_desktop.domain import development as drules
from asn_desktop.domain.appraisal import predikat_of, rating_of
from asn_desktop.exchange import paket as px
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import (
    Employee,
    Evaluation,
    EvaluationPeriod,
    OrgUnit,
    Reward,
    Sanction,
    Skp,
    SkpIki,
    SkpRhk,
    TppLine,
    TppRun,
    TrainingEvent,
    TrainingParticipation,
)

from .common import raw_rows
from .consequences import REWARD_KINDS
from .units import subtree_of

__all__ = ["export_paket"]


def _label(enum_of, code):
    value = enum_of(code) if code else None
    return value.label if value is not None else ""


def export_paket(year: int, path: str | Path, unit_id: int | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> dict[str, int]:
    """Write the package; returns the rows per data sheet."""
    pairs = list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
    units = subtree_of(pairs, unit_id) if unit_id is not None else {u for u, _p in pairs}
    codes = dict(OrgUnit.select(OrgUnit.id, OrgUnit.code).tuples())
    unit_rows = [(code, name, kind, codes.get(parent, "") if parent else "")
                 for uid, code, name, kind, parent in raw_rows(OrgUnit.select(
                     OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent).order_by(OrgUnit.code))
                 if uid in units]
    Sup = Employee.alias()
    people = raw_rows(Employee.select(
        Employee.id, Employee.nip, Employee.name, Employee.front_title, Employee.back_title, Employee.gender,
        Employee.birth_date, Employee.status, Employee.golongan, Employee.education, Employee.position_title,
        Employee.position_kind, Employee.jenjang, Employee.unit, Sup.nip, Employee.active)
        .join(Sup, JOIN.LEFT_OUTER, on=(Employee.supervisor == Sup.id)).order_by(Employee.nip))
    people = [p for p in people if p[13] in units]
    nip_of = {p[0]: p[1] for p in people}
    date = dt.date.fromisoformat
    employee_rows = [(nip, name, front, back, gender, date(str(birth)[:10]) if birth else None, status, golongan,
                      education, position, kind, jenjang, codes.get(unit, ""), sup or "", "Ya" if active else "Tidak")
                     for _i, nip, name, front, back, gender, birth, status, golongan, education, position, kind,
                     jenjang, unit, sup, active in people]
    rhk = dict(raw_rows(SkpRhk.select(SkpRhk.skp, fn.COUNT(SkpRhk.id)).join(Skp).where(Skp.year == year)
                        .group_by(SkpRhk.skp)))
    iki = dict(raw_rows(SkpIki.select(SkpRhk.skp, fn.COUNT(SkpIki.id)).join(SkpRhk).join(Skp)
                        .where(Skp.year == year).group_by(SkpRhk.skp)))
    skp_rows = [(nip_of[e], version, status, approach, penilai_nip, rhk.get(i, 0), iki.get(i, 0))
                for i, e, version, status, approach, penilai_nip in raw_rows(Skp.select(
                    Skp.id, Skp.employee, Skp.version, Skp.status, Skp.approach, Skp.penilai_nip)
                    .where((Skp.year == year) & (Skp.current == True)).order_by(Skp.employee))  # noqa: E712
                if e in nip_of]
    evaluation_rows = [
        (nip_of[e], label, "Ya" if cadence == "tahunan" else "Tidak", status, _label(rating_of, hasil),
         _label(rating_of, perilaku), _label(predikat_of, pred), _label(predikat_of, final))
        for e, label, cadence, status, hasil, perilaku, pred, final in raw_rows(Evaluation.select(
            Evaluation.employee, EvaluationPeriod.label, EvaluationPeriod.cadence, Evaluation.status,
            Evaluation.rating_hasil, Evaluation.rating_perilaku, Evaluation.predikat, Evaluation.final_predikat)
            .join(EvaluationPeriod, on=(Evaluation.period == EvaluationPeriod.id))
            .where(EvaluationPeriod.year == year).order_by(Evaluation.employee, EvaluationPeriod.end_date))
        if e in nip_of]
    training_rows = [
        (nip_of[e], title, drules.KINDS.get(kind, kind), drules.FORMS.get(form, ("", form))[1], date(str(start)[:10]),
         date(str(end)[:10]), drules.PARTICIPATION_STATUSES.get(status, status),
         float(credited if credited is not None else jp) if status in drules.EARNS_JP else 0.0)
        for e, title, kind, form, start, end, status, credited, jp in raw_rows(TrainingParticipation.select(
            TrainingParticipation.employee, TrainingEvent.title, TrainingEvent.kind, TrainingEvent.form,
            TrainingEvent.start_date, TrainingEvent.end_date, TrainingParticipation.status,
            TrainingParticipation.jp_credited, TrainingEvent.jp)
            .join(TrainingEvent, on=(TrainingParticipation.event == TrainingEvent.id))
            .where(TrainingEvent.end_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .order_by(TrainingEvent.end_date, TrainingParticipation.id))
        if e in nip_of]
    reward_rows = [
        (nip_of[e], REWARD_KINDS.get(kind, kind), title, date(str(given)[:10]), number, issuer, amount)
        for e, kind, title, given, number, issuer, amount in raw_rows(Reward.select(
            Reward.employee, Reward.kind, Reward.title, Reward.given_on, Reward.decree_number, Reward.issuer,
            Reward.amount).where(Reward.given_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .order_by(Reward.given_on, Reward.id))
        if e in nip_of]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    sanction_rows = [
        (nip_of[e], level, crules.SANCTION_KINDS[kind].label if kind in crules.SANCTION_KINDS else kind, number,
         date(str(decided)[:10]), date(str(start)[:10]), date(str(end)[:10]) if end else None,
         date(str(cancelled_on)[:10]) if cancelled_on else None)
        for e, level, kind, number, decided, start, end, cancelled_on in raw_rows(Sanction.select(
            Sanction.employee, Sanction.level, Sanction.kind, Sanction.decree_number, Sanction.decree_date,
            Sanction.start_date, Sanction.end_date, Sanction.cancelled_on)
            .where((Sanction.start_date <= last) & ((Sanction.end_date >= first)
                                                    | (Sanction.end_date.is_null() & (Sanction.start_date >= first))))
            .order_by(Sanction.start_date, Sanction.id))
        if e in nip_of]
    tpp_rows = [
        (nip_of[e], month, cls, _label(predikat_of, pred), ceiling, perf, disc, ded, cut, net)
        for e, month, cls, pred, ceiling, perf, disc, ded, cut, net in raw_rows(TppLine.select(
            TppLine.employee, TppRun.month, TppLine.position_class, TppLine.predikat, TppLine.ceiling,
            TppLine.performance, TppLine.discipline, TppLine.discipline_deduction, TppLine.sanction_cut, TppLine.net)
            .join(TppRun, on=(TppLine.run == TppRun.id))
            .where((TppRun.year == year) & (TppRun.status == "terkunci")).order_by(TppRun.month, TppLine.employee))
        if e in nip_of]
    sheets = {"Unit": unit_rows, "Pegawai": employee_rows, "SKP": skp_rows, "Evaluasi": evaluation_rows,
              "Pelatihan": training_rows, "Penghargaan": reward_rows, "Hukuman": sanction_rows, "TPP": tpp_rows}
    scope = OrgUnit.get_by_id(unit_id) if unit_id is not None else None
    info = {"Format": px.FORMAT_NAME, "Versi format": px.FORMAT_VERSION, "Aplikasi": f"ASN Desktop {__version__}",
            "Kantor": store_settings.get("office.name") or OrgUnit.select(OrgUnit.name).where(
                OrgUnit.parent.is_null()).order_by(OrgUnit.id).scalar() or "", "Wilayah": store_settings.get("office.region") or "",
            "Kode unit": scope.code if scope else "", "Unit": scope.name if scope else "Seluruh kantor", "Tahun": year,
            "Dibuat": dt.datetime.now().isoformat(timespec="seconds")}
    return px.write_paket(path, info, sheets, sum(len(r) for r in sheets.values()), progress, cancelled)
