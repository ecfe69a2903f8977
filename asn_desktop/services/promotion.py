"""Performance-based promotion: vacancies (formasi lowong) and the ranked list of eligible candidates from
their performance history, development and discipline; potensi for the 9-box; reward candidates.

The rule for a candidate (shown with each one's reasons):
- an active PNS (PPPK are not placed in a vacant position by promotion);
- golongan within the vacancy's range;
- annual predikat of the two previous years both at least Baik (after any keberatan);
- at least the JP target in the previous year;
- no disciplinary sanction running on the day the list is made.
Eligible candidates are ranked by the two predikat (Sangat Baik counts more), then JP, then golongan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from asn_desktop.domain import golongan as gol
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.predikat import Predikat
from asn_desktop.store.models import (
    Employee,
    OrgUnit,
    PotentialAssessment,
    Reward,
    Vacancy,
)

from . import development
from .history import annual_predikat
from .common import audit, raw_rows, today, write
from .consequences import running_on
from .employees import full_name
from .units import subtree_of

__all__ = [
    "VacancyInput", "VacancyRow", "Candidate", "save_vacancy", "vacancies", "candidates", "set_potential",
    "NineBoxRow", "nine_box", "RewardCandidate", "reward_candidates", "annual_predikat",
]

POINTS = {Predikat.SANGAT_BAIK: 3, Predikat.BAIK: 2, Predikat.BUTUH_PERBAIKAN: 1, Predikat.KURANG: 0,
          Predikat.SANGAT_KURANG: 0}
GOOD = (Predikat.SANGAT_BAIK, Predikat.BAIK)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# ------------------------------------------------------------------------------------------- vacancies
@dataclass
class VacancyInput:
    title: str
    unit_id: int
    golongan_min: str
    golongan_max: str
    jenjang: str = ""
    note: str = ""


@dataclass(frozen=True)
class VacancyRow:
    id: int
    title: str
    unit_id: int
    unit_name: str
    jenjang: str
    golongan_min: str
    golongan_max: str
    status: str
    note: str


@write
def save_vacancy(data: VacancyInput, vacancy_id: int | None = None, status: str = "terbuka") -> VacancyRow:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Nama jabatan lowong wajib diisi."
    if OrgUnit.get_or_none(OrgUnit.id == data.unit_id) is None:
        errors["unit"] = "Unit tidak ditemukan."
    low, high = gol.rank_of("PNS", data.golongan_min), gol.rank_of("PNS", data.golongan_max)
    if not low or not high:
        errors["golongan"] = "Rentang golongan harus golongan PNS (mis. III/c sampai IV/a)."
    elif low > high:
        errors["golongan"] = "Golongan terendah tidak boleh di atas golongan tertinggi."
    if status not in ("terbuka", "terisi", "ditutup"):
        errors["status"] = "Status formasi tidak dikenal."
    if errors:
        raise ValidationError(errors)
    values = dict(title=data.title.strip(), unit=data.unit_id, jenjang=data.jenjang.strip(),
                  golongan_min=data.golongan_min, golongan_max=data.golongan_max, status=status, note=data.note.strip())
    if vacancy_id is None:
        v = Vacancy.create(**values, created_at=_now())
    else:
        v = Vacancy.get_or_none(Vacancy.id == vacancy_id)
        if v is None:
            raise DomainError("Formasi tidak ditemukan; mungkin sudah diubah di jendela lain.")
        for k, val in values.items():
            setattr(v, k, val)
        v.save()
    audit("simpan", "formasi", v.id, title=v.title)
    return _vacancy_row(v)


def _vacancy_row(v: Vacancy) -> VacancyRow:
    return VacancyRow(v.id, v.title, v.unit_id, OrgUnit.get_by_id(v.unit_id).name, v.jenjang, v.golongan_min,
                      v.golongan_max, v.status, v.note)


def vacancies() -> list[VacancyRow]:
    return [_vacancy_row(v) for v in Vacancy.select().order_by(Vacancy.status, Vacancy.created_at.desc())]


@dataclass(frozen=True)
class Candidate:
    employee_id: int
    name: str
    nip: str
    golongan: str
    position_title: str
    unit_name: str
    predikat: tuple[Predikat | None, Predikat | None]  # two years ago, last year
    jp_last_year: Decimal
    eligible: bool
    reasons: tuple[str, ...]  # why (not) eligible, in plain words
    rank: int = 0  # 1 = first among the eligible; 0 = not eligible
    score: tuple = field(default=(), compare=False)


def candidates(vacancy_id: int, on: dt.date | None = None, within_unit: bool = False) -> list[Candidate]:
    """Everyone who could fill the vacancy, the eligible first in rank order, each with the reasons.
    ``within_unit``: only staff of the vacancy's unit and below (else the whole office)."""
    v = Vacancy.get_or_none(Vacancy.id == vacancy_id)
    if v is None:
        raise DomainError("Formasi tidak ditemukan; mungkin sudah diubah di jendela lain.")
    on = on or today()
    last, before = on.year - 1, on.year - 2
    predikat = annual_predikat([before, last])
    jp = development.jp_earned(last)  # summed by SQLite for those who earned any
    target = development.jp_target()
    sanctioned = {s.employee_id for s in running_on(on)}
    low, high = gol.rank_of("PNS", v.golongan_min), gol.rank_of("PNS", v.golongan_max)
    q = (Employee.select(Employee.id, Employee.front_title, Employee.name, Employee.back_title, Employee.nip,
                         Employee.status, Employee.golongan, Employee.position_title, Employee.unit, OrgUnit.name)
         .join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where((Employee.active == True) & (Employee.status == "PNS")  # noqa: E712
                & Employee.golongan.in_([g.code for g in gol.PNS_GOLONGAN if low <= g.rank <= high])))
    if within_unit:
        q = q.where(Employee.unit.in_(list(subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()),
                                                          v.unit_id))))
    out: list[Candidate] = []
    for emp, front, name, back, nip, status, golongan, position, _unit, unit_name in raw_rows(q):
        reasons: list[str] = []
        rank = gol.rank_of("PNS", golongan) if status == "PNS" else 0
        if status != "PNS":
            reasons.append("PPPK: tidak diangkat dalam jabatan lowong melalui promosi.")
        elif not low <= rank <= high:
            reasons.append(f"Golongan {golongan} di luar rentang {v.golongan_min}–{v.golongan_max}.")
        if status != "PNS" or not low <= rank <= high:
            continue  # outside the range: not listed at all (the office has thousands)
        two = (predikat.get((emp, before)), predikat.get((emp, last)))
        for year, p in zip((before, last), two, strict=True):
            if p is None:
                reasons.append(f"Belum ada predikat tahunan {year} yang final.")
            elif p not in GOOD:
                reasons.append(f"Predikat {year} {p.label} (paling rendah Baik).")
        earned = jp.get(emp, Decimal(0))
        if earned < target:
            reasons.append(f"JP {last} {development.rules.fmt_jp(earned)} dari {target}.")
        if emp in sanctioned:
            reasons.append("Sedang menjalani hukuman disiplin.")
        eligible = not reasons
        if eligible:
            labels = " dan ".join(p.label for p in two if p)
            reasons.append(f"Predikat {before}–{last}: {labels}; JP {last} {development.rules.fmt_jp(earned)}; "
                           f"golongan {golongan}; tidak ada hukuman disiplin.")
        score = (sum(POINTS[p] for p in two if p), earned, rank)
        out.append(Candidate(emp, full_name(front, name, back), nip, golongan, position, unit_name, two, earned,
                             eligible, tuple(reasons), 0, score))
    eligible = sorted((c for c in out if c.eligible), key=lambda c: (c.score, -c.employee_id), reverse=True)
    ranked = [Candidate(**{**c.__dict__, "rank": i}) for i, c in enumerate(eligible, 1)]
    rest = sorted((c for c in out if not c.eligible), key=lambda c: (len(c.reasons), c.name))
    return ranked + rest


# --------------------------------------------------------------------------------------------- 9-box
@write
def set_potential(employee_id: int, year: int, level: int, assessor: str, note: str = "") -> None:
    """Potensi 1 (rendah), 2 (menengah) or 3 (tinggi), entered by the assessor."""
    if Employee.get_or_none(Employee.id == employee_id) is None:
        raise DomainError("Pegawai tidak ditemukan.")
    if level not in (1, 2, 3):
        raise ValidationError({"level": "Potensi harus 1 (rendah), 2 (menengah), atau 3 (tinggi)."})
    if not assessor.strip():
        raise ValidationError({"assessor": "Nama penilai potensi wajib diisi."})
    PotentialAssessment.insert(employee=employee_id, year=year, level=level, assessor=assessor.strip(),
                               note=note.strip(), created_at=_now()).on_conflict(
        conflict_target=[PotentialAssessment.employee, PotentialAssessment.year],
        update={PotentialAssessment.level: level, PotentialAssessment.assessor: assessor.strip(),
                PotentialAssessment.note: note.strip()}).execute()
    audit("potensi", "pegawai", employee_id, year=year, level=level)


@dataclass(frozen=True)
class NineBoxRow:
    employee_id: int
    name: str
    kinerja: int  # 1 below expectations, 2 meets (Baik), 3 exceeds (Sangat Baik)
    potensi: int | None  # None: not assessed yet
    predikat: Predikat | None

    @property
    def box(self) -> int | None:
        """1..9, counted from low kinerja/low potensi (1) to high/high (9); None until potensi is known."""
        return None if self.potensi is None else (self.potensi - 1) * 3 + self.kinerja


def nine_box(unit_id: int, year: int) -> list[NineBoxRow]:
    """Kinerja (the year's annual predikat) × potensi (assessed) for the unit and below."""
    units = subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id)
    people = list(Employee.select(Employee.id, Employee.front_title, Employee.name, Employee.back_title)
                  .where((Employee.active == True) & Employee.unit.in_(list(units)))  # noqa: E712
                  .order_by(Employee.name).tuples())
    predikat = annual_predikat([year])
    potential = dict(PotentialAssessment.select(PotentialAssessment.employee, PotentialAssessment.level)
                     .where(PotentialAssessment.year == year).tuples())
    out = []
    for emp, front, name, back in people:
        p = predikat.get((emp, year))
        kinerja = 3 if p is Predikat.SANGAT_BAIK else 2 if p is Predikat.BAIK else 1
        out.append(NineBoxRow(emp, full_name(front, name, back), kinerja, potential.get(emp), p))
    return out


# ----------------------------------------------------------------------------------------- rewards
@dataclass(frozen=True)
class RewardCandidate:
    employee_id: int
    name: str
    nip: str
    unit_name: str
    reason: str


def reward_candidates(year: int) -> list[RewardCandidate]:
    """Sangat Baik in the year and the year before, and no pegawai teladan award in the year yet."""
    predikat = annual_predikat([year - 1, year])
    both = {e for (e, y), p in predikat.items() if y == year and p is Predikat.SANGAT_BAIK
            and predikat.get((e, year - 1)) is Predikat.SANGAT_BAIK}
    awarded = {e for (e,) in Reward.select(Reward.employee).where(
        (Reward.kind == "pegawai_teladan") & (Reward.given_on >= dt.date(year, 1, 1))
        & (Reward.given_on <= dt.date(year + 1, 12, 31))).tuples()}
    q = (Employee.select(Employee.id, Employee.front_title, Employee.name, Employee.back_title, Employee.nip,
                         OrgUnit.name).join(OrgUnit, on=(Employee.unit == OrgUnit.id))
         .where(Employee.id.in_(list(both - awarded)) & (Employee.active == True))  # noqa: E712
         .order_by(Employee.name))
    return [RewardCandidate(e, full_name(f, n, b), nip, unit, f"Sangat Baik {year - 1} dan {year}")
            for e, f, n, b, nip, unit in q.tuples()]
