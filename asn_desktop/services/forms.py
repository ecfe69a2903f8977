"""The official forms to print and sign, as workbooks: each employee's SKP form and evaluation document, for one
employee (by NIP), a unit and every unit below it, or the whole office. The layouts are in
``exchange/forms.py``; here the stored SKPs and evaluations become their plain values.

- **SKP**: the current version of each SKP of the year. One not yet approved is printed with "DRAF" and its status
  at the top, so a draft is never mistaken for the signed plan.
- **Evaluasi**: the evaluations stored for the chosen period (the annual one unless another is named); one not
  final is marked "DRAF" the same way. Employees in scope without an evaluation are counted, not printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from asn_desktop.domain.appraisal import ANNUAL
from asn_desktop.domain.golongan import pangkat_of
from asn_desktop.domain.predikat import Predikat
from asn_desktop.domain.skp import APPROACHES, ASPECTS, CORE_VALUES, MONTHS, Status, target_text
from asn_desktop.exchange import forms as sheet
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import Employee, Evaluation, EvaluationPeriod, OrgPredikatRecord, OrgUnit, Skp

from . import appraisals, workplans
from .common import DomainError, raw_rows
from .units import subtree_of

__all__ = ["employee_by_nip", "export_skp", "export_evaluasi", "period_by_label"]


def employee_by_nip(nip: str) -> int:
    """The id of an employee by NIP (spaces ignored), for the command line."""
    digits = "".join(nip.split())
    eid = Employee.select(Employee.id).where(Employee.nip == digits).scalar()
    if eid is None:
        raise DomainError(f"Pegawai dengan NIP {digits} tidak ada.")
    return eid


def period_by_label(year: int, label: str) -> int:
    """The id of a stored evaluation period of the year by its label, with or without the year ("Triwulan I",
    "tahunan 2026"; case ignored)."""
    wanted = " ".join(label.split()).lower()
    periods = [p for p in appraisals.periods(year) if p.id is not None]
    for p in periods:
        if p.label.lower() in (wanted, f"{wanted} {year}"):
            return p.id  # type: ignore[return-value]
    known = ", ".join(p.label for p in periods) or "belum ada"
    raise DomainError(f"Periode '{label}' tidak ada pada tahun {year} (yang ada: {known}).")


def _date_text(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _office() -> tuple[str, str, str]:
    office = store_settings.get("office.name") or ""
    region = store_settings.get("office.region") or ""
    place = region
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if place.startswith(prefix):
            place = place[len(prefix):]
    return office, region, place


def _pangkat(status: str, golongan: str) -> str:
    if not golongan:
        return ""
    name = pangkat_of(status, golongan)
    return f"{name} / {golongan}" if name else golongan


class _People:
    """Penilai and atasan as printed: name, NIP and jabatan as the SKP recorded them, pangkat and unit from their
    record (when they are in the database), each looked up once."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[str, str, str]] = {}

    def person(self, emp_id: int | None, name: str, nip: str, position: str) -> sheet.Person | None:
        if not name and emp_id is None:
            return None
        pangkat, unit = "", ""
        if emp_id is not None:
            if emp_id not in self._seen:
                row = (Employee.select(Employee.status, Employee.golongan, OrgUnit.name)
                       .join(OrgUnit, on=(Employee.unit == OrgUnit.id)).where(Employee.id == emp_id).tuples().first())
                self._seen[emp_id] = row if row else ("", "", "")
            status, golongan, unit = self._seen[emp_id]
            pangkat = _pangkat(status, golongan)
        return sheet.Person(name, nip, pangkat, position, unit)


def _scope(unit_id: int | None, employee_id: int | None) -> tuple[set[int] | None, str]:
    if employee_id is not None:
        return None, ""
    if unit_id is None:
        return None, "seluruh kantor"
    unit = OrgUnit.get_or_none(OrgUnit.id == unit_id)
    if unit is None:
        raise DomainError("Unit tidak ditemukan.")
    return subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id), unit.name


# ---------------------------------------------------------------------------------------------------- SKP
def _skp_ids(year: int, unit_id: int | None, employee_id: int | None) -> list[int]:
    units, where = _scope(unit_id, employee_id)
    q = (Skp.select(Skp.id, Employee.unit)
         .join(Employee, on=(Skp.employee == Employee.id)).join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where((Skp.year == year) & (Skp.current == True))  # noqa: E712
         .order_by(OrgUnit.name, Employee.name, Employee.nip))
    if employee_id is not None:
        q = q.where(Skp.employee == employee_id)
    ids = [sid for sid, unit in raw_rows(q) if units is None or unit in units]
    if not ids:
        who = "pegawai ini" if employee_id is not None else where
        raise DomainError(f"Tidak ada SKP tahun {year} untuk {who}; tidak ada berkas yang ditulis.")
    return ids


def _skp_form(view: workplans.SkpView, people: _People, office: tuple[str, str, str]) -> sheet.SkpForm:
    h, plan = view.header, view.plan
    status = Employee.select(Employee.status).where(Employee.id == h.employee_id).scalar() or ""
    pegawai = sheet.Person(h.employee_name, h.employee_nip, _pangkat(status, h.employee_golongan),
                           h.employee_position, h.employee_unit)
    hasil: list[sheet.HasilRow] = []
    numbers = {"utama": 0, "tambahan": 0}
    for r in plan.rhk:
        numbers[r.kind] = numbers.get(r.kind, 0) + 1
        pimpinan = view.link_texts.get(r.parent_rhk_id, "") if r.parent_rhk_id else ""
        for k in r.iki or [None]:
            hasil.append(sheet.HasilRow(
                r.kind, numbers[r.kind], pimpinan, r.text, ASPECTS.get(k.aspect, k.aspect) if k else "",
                k.text if k else "", target_text(k.target_value, k.target_unit, k.target_text) if k else ""))
    draft = "" if h.status is Status.DISETUJUI else f"DRAF — SKP berstatus {h.status.label}, belum disetujui"
    return sheet.SkpForm(
        year=h.year, approach=APPROACHES.get(plan.approach, plan.approach),
        period=f"1 Januari s.d. 31 Desember {h.year}", office=office[0], region=office[1], place=office[2],
        pegawai=pegawai, penilai=people.person(h.penilai_id, h.penilai_name, h.penilai_nip, h.penilai_position),
        atasan=people.person(h.atasan_id, h.atasan_name, h.atasan_nip, h.atasan_position), draft=draft,
        hasil=hasil, perilaku=[sheet.PerilakuRow(v.code, plan.expectations.get(v.code, "")) for v in CORE_VALUES],
        lampiran=(plan.dukungan_sumber_daya, plan.skema_pertanggungjawaban, plan.konsekuensi))


def export_skp(year: int, path: str | Path, unit_id: int | None = None, employee_id: int | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> int:
    """The SKP forms of the year (one employee, a unit and below, or the whole office). Returns the forms."""
    ids = _skp_ids(year, unit_id, employee_id)
    people, office = _People(), _office()

    def forms() -> Iterator[sheet.SkpForm]:
        for sid in ids:
            yield _skp_form(workplans.get_skp(sid), people, office)

    return sheet.write_skp_forms(path, forms(), len(ids), progress, cancelled)


# --------------------------------------------------------------------------------------------- evaluasi
def _annual_period(year: int) -> int:
    pid = (EvaluationPeriod.select(EvaluationPeriod.id)
           .where((EvaluationPeriod.year == year) & (EvaluationPeriod.cadence == ANNUAL)).scalar())
    if pid is None:
        raise DomainError(f"Belum ada evaluasi tahun {year}; tidak ada berkas yang ditulis.")
    return pid


class _Distributions:
    """The capaian kinerja organisasi and distribution pattern shown on an employee's document: of the nearest
    unit above them (or their own) with a predikat organisasi for the year; each unit counted once."""

    def __init__(self, year: int):
        self.year = year
        self.parents = dict(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples())
        self.ruled = {u for (u,) in OrgPredikatRecord.select(OrgPredikatRecord.unit)
                      .where(OrgPredikatRecord.year == year).tuples()}
        self._text: dict[int, tuple[str, str]] = {}

    def of(self, unit_id: int) -> tuple[str, str]:
        u, steps = unit_id, 0
        while u is not None and u not in self.ruled and steps < 64:
            u, steps = self.parents.get(u), steps + 1
        if u is None or u not in self.ruled:
            return "— (unit belum memiliki predikat kinerja organisasi)", "—"
        if u not in self._text:
            d = appraisals.distribution(u, self.year)
            counts = ", ".join(f"{p.label} {d.counts.get(p, 0)} ({d.percent(p):.1f}%)".replace(".", ",")
                               for p in Predikat)
            verdict = ("" if d.check is None else
                       "; memenuhi pola distribusi" if d.check.ok else "; belum memenuhi pola distribusi")
            drafts = f"; {d.drafts} belum final" if d.drafts else ""
            self._text[u] = (f"{d.org_predikat.label} ({d.unit_name})" if d.org_predikat else "—",
                             f"{counts} dari {d.total} predikat tahunan final{drafts}{verdict}")
        return self._text[u]


def _evaluation_ids(period_id: int, unit_id: int | None, employee_id: int | None) -> tuple[list[int], int]:
    units, where = _scope(unit_id, employee_id)
    q = (Evaluation.select(Evaluation.id, Employee.unit)
         .join(Employee, on=(Evaluation.employee == Employee.id)).join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where(Evaluation.period == period_id).order_by(OrgUnit.name, Employee.name, Employee.nip))
    if employee_id is not None:
        q = q.where(Evaluation.employee == employee_id)
    ids = [eid for eid, unit in raw_rows(q) if units is None or unit in units]
    year = EvaluationPeriod.get_by_id(period_id).year
    skp = (Skp.select(Employee.unit).join(Employee, on=(Skp.employee == Employee.id))
           .where((Skp.year == year) & (Skp.current == True) & (Skp.status == Status.DISETUJUI.value)))  # noqa: E712
    if employee_id is not None:
        skp = skp.where(Skp.employee == employee_id)
    expected = sum(1 for (unit,) in raw_rows(skp) if units is None or unit in units)
    if not ids:
        who = "pegawai ini" if employee_id is not None else where
        raise DomainError(f"Tidak ada evaluasi pada periode ini untuk {who}; tidak ada berkas yang ditulis.")
    return ids, max(0, expected - len(ids))


def _realisasi(row: appraisals.IndicatorRow) -> str:
    parts = []
    if row.realisasi_value is not None:
        unit = row.target.split(" ", 1)[1] if row.target_value is not None and " " in row.target else ""
        parts.append(target_text(row.realisasi_value, unit, ""))
    if row.realisasi_text.strip():
        parts.append(row.realisasi_text.strip())
    return "\n".join(parts)


def _evaluation_form(v: appraisals.EvaluationView, people: _People, office: tuple[str, str, str],
                     dist: _Distributions, unit_of: dict[int, int]) -> sheet.EvaluationForm:
    s = Skp.get_by_id(v.skp_id)
    status = Employee.select(Employee.status).where(Employee.id == v.employee_id).scalar() or ""
    pegawai = sheet.Person(v.employee_name, v.nip, _pangkat(status, v.golongan), v.position, v.unit_name)
    hasil: list[sheet.HasilRow] = []
    numbers: dict[str, int] = {}
    last_rhk = None
    for row in v.indicators:
        if row.rhk_id != last_rhk:
            numbers[row.rhk_kind] = numbers.get(row.rhk_kind, 0) + 1
            last_rhk = row.rhk_id
        hasil.append(sheet.HasilRow(row.rhk_kind, numbers[row.rhk_kind], "", row.rhk_text,
                                    ASPECTS.get(row.aspect, row.aspect), row.iki_text, row.target, _realisasi(row),
                                    row.umpan_balik))
    capaian, pola = dist.of(unit_of.get(v.employee_id, 0))
    predikat = v.shown_predikat
    draft = "" if v.final else "DRAF — evaluasi belum final"
    return sheet.EvaluationForm(
        year=v.period.year, approach=APPROACHES.get(s.approach, s.approach),
        period_label="Tahunan" if v.period.annual else v.period.label,
        period=f"{_date_text(v.period.start)} s.d. {_date_text(v.period.end)}", annual=v.period.annual,
        office=office[0], region=office[1], place=office[2], pegawai=pegawai,
        penilai=people.person(s.penilai_id, s.penilai_name, s.penilai_nip, s.penilai_position),
        atasan=people.person(s.atasan_id, s.atasan_name, s.atasan_nip, s.atasan_position), draft=draft,
        capaian_organisasi=capaian, distribusi=pola,
        rating_hasil=v.rating_hasil.label if v.rating_hasil else "",
        rating_perilaku=v.rating_perilaku.label if v.rating_perilaku else "",
        predikat=predikat.label if predikat else "", catatan=v.catatan, angka_kredit=v.angka_kredit,
        hasil=hasil, perilaku=[sheet.PerilakuRow(b.code, b.expectation, b.penilai_note) for b in v.behaviours])


def export_evaluasi(year: int, path: str | Path, period_id: int | None = None, unit_id: int | None = None,
                    employee_id: int | None = None, progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[int, int]:
    """The evaluation documents of a period of the year (the annual one by default). Returns the documents written
    and how many employees in scope with an approved SKP have no evaluation for the period."""
    pid = period_id if period_id is not None else _annual_period(year)
    ids, missing = _evaluation_ids(pid, unit_id, employee_id)
    people, office, dist = _People(), _office(), _Distributions(year)
    unit_of = dict(Employee.select(Employee.id, Employee.unit).tuples())

    def forms() -> Iterator[sheet.EvaluationForm]:
        for eid in ids:
            yield _evaluation_form(appraisals.get_evaluation(eid), people, office, dist, unit_of)

    return sheet.write_evaluation_forms(path, forms(), len(ids), progress, cancelled), missing
