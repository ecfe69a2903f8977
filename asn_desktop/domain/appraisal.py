"""Appraisal rules (PermenPANRB 6/2022, PermenPANRB 1/2023, PP 30/2019): the expected distribution of
predikat per predikat kinerja organisasi, angka kredit from the predikat, and the objection window.
Pure Python; the appraisal services and pages build on these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from .errors import DomainError
from .predikat import Predikat, Rating


class OrgPredikat(Enum):
    """Predikat kinerja organisasi (unit)."""

    ISTIMEWA = "Istimewa"
    BAIK = "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan"
    KURANG = "Kurang"
    SANGAT_KURANG = "Sangat Kurang"

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True)
class _Bound:
    """One condition of a distribution rule: the share of some predikat at least / at most a percentage."""

    predikat: tuple[Predikat, ...]
    at_least: float | None = None  # percent
    at_most: float | None = None  # percent
    some: bool = False  # more than zero


SB, B, BP, K, SK = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN, Predikat.KURANG,
                    Predikat.SANGAT_KURANG)

RULES: dict[OrgPredikat, tuple[_Bound, ...]] = {
    OrgPredikat.ISTIMEWA: (_Bound((SB,), at_most=70),),
    OrgPredikat.BAIK: (_Bound((B,), at_most=70), _Bound((BP, K), some=True)),
    OrgPredikat.BUTUH_PERBAIKAN: (_Bound((BP,), at_least=60), _Bound((SB,), at_most=10)),
    OrgPredikat.KURANG: (_Bound((K,), at_least=60), _Bound((BP,), at_least=10), _Bound((SB,), at_most=10)),
    OrgPredikat.SANGAT_KURANG: (_Bound((SK,), at_least=60), _Bound((K, BP), at_least=10), _Bound((SB,), at_most=0)),
}


@dataclass(frozen=True)
class BoundCheck:
    """One condition of the rule with what the unit has: for the distribution view and its warning."""

    text: str  # the condition in plain Indonesian
    actual_percent: float
    ok: bool


@dataclass(frozen=True)
class DistributionCheck:
    org_predikat: OrgPredikat
    total: int
    counts: dict[Predikat, int]
    checks: tuple[BoundCheck, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def percent(self, predikat: Predikat) -> float:
        return 100.0 * self.counts.get(predikat, 0) / self.total if self.total else 0.0

    @property
    def violations(self) -> list[str]:
        """What is off, in plain words (empty when the distribution follows the rule)."""
        return [f"{c.text}; saat ini {_pct(c.actual_percent)}." for c in self.checks if not c.ok]


def _names(predikat: tuple[Predikat, ...]) -> str:
    return " dan/atau ".join(p.label for p in predikat)


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + "%"


def _describe(bound: _Bound) -> str:
    names = _names(bound.predikat)
    if bound.some:
        return f"harus ada pegawai berpredikat {names}"
    if bound.at_most == 0:
        return f"tidak boleh ada pegawai berpredikat {names}"
    if bound.at_most is not None:
        return f"paling banyak {_pct(bound.at_most)} pegawai berpredikat {names}"
    return f"paling sedikit {_pct(bound.at_least or 0)} pegawai berpredikat {names}"


def check_distribution(org_predikat: OrgPredikat, counts: dict[Predikat, int]) -> DistributionCheck:
    """The unit's predikat against the rule for its predikat organisasi. It only reports; it changes nothing."""
    if any(n < 0 for n in counts.values()):
        raise DomainError("Jumlah pegawai per predikat tidak boleh negatif.")
    total = sum(counts.values())
    checks = []
    for bound in RULES[org_predikat]:
        n = sum(counts.get(p, 0) for p in bound.predikat)
        share = 100.0 * n / total if total else 0.0
        if total == 0:
            ok = True  # nobody appraised yet: nothing to warn about
        elif bound.some:
            ok = n > 0
        elif bound.at_most is not None:
            ok = share <= bound.at_most + 1e-9
        else:
            ok = share >= (bound.at_least or 0) - 1e-9
        checks.append(BoundCheck(_describe(bound), share, ok))
    return DistributionCheck(org_predikat, total, dict(counts), tuple(checks))


# ------------------------------------------------------------------------------------------ angka kredit
PREDIKAT_PERCENT: dict[Predikat, int] = {SB: 150, B: 100, BP: 75, K: 50, SK: 25}
ANNUAL_COEFFICIENT: dict[str, Decimal] = {
    "Pemula": Decimal("3.75"),
    "Terampil": Decimal("5"),
    "Mahir": Decimal("12.5"),
    "Penyelia": Decimal("25"),
    "Ahli Pertama": Decimal("12.5"),
    "Ahli Muda": Decimal("25"),
    "Ahli Madya": Decimal("37.5"),
    "Ahli Utama": Decimal("50"),
}


def angka_kredit(predikat: Predikat, jenjang: str, months: int = 12) -> Decimal:
    """Angka kredit earned: months/12 × the predikat's percentage × the jenjang's annual coefficient,
    to three decimals (rounded half up)."""
    if jenjang not in ANNUAL_COEFFICIENT:
        raise DomainError(f"Jenjang '{jenjang}' bukan jenjang jabatan fungsional yang memiliki koefisien angka kredit.")
    if not 1 <= months <= 12:
        raise DomainError(f"Periode angka kredit harus 1–12 bulan, bukan {months}.")
    value = Decimal(months) / 12 * Decimal(PREDIKAT_PERCENT[predikat]) / 100 * ANNUAL_COEFFICIENT[jenjang]
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------- keberatan
OBJECTION_DAYS = 14  # PP 30/2019 Pasal 59; an office setting may change it


def objection_deadline(received: dt.date, days: int = OBJECTION_DAYS) -> dt.date:
    """The last day an employee may object to the annual predikat received on ``received``."""
    if days < 1:
        raise DomainError("Batas waktu keberatan harus paling sedikit 1 hari.")
    return received + dt.timedelta(days=days)


def objection_open(received: dt.date, on: dt.date, days: int = OBJECTION_DAYS) -> bool:
    return received <= on <= objection_deadline(received, days)


# ------------------------------------------------------------------------------------ evaluation periods
ANNUAL = "tahunan"


@dataclass(frozen=True)
class PeriodSpan:
    cadence: str
    number: int
    label: str
    start: dt.date
    end: dt.date


def period_spans(year: int, cadence: str) -> list[PeriodSpan]:
    """The evaluation periods of a year for a cadence (bulanan, triwulan, semester) or the annual one."""
    from .skp import periods

    if cadence == ANNUAL:
        return [PeriodSpan(ANNUAL, 1, f"Tahunan {year}", dt.date(year, 1, 1), dt.date(year, 12, 31))]
    labels = periods(cadence)
    months = 12 // len(labels)
    spans = []
    for i, label in enumerate(labels):
        first = i * months + 1
        last = first + months - 1
        end = dt.date(year, 12, 31) if last == 12 else dt.date(year, last + 1, 1) - dt.timedelta(days=1)
        spans.append(PeriodSpan(cadence, i + 1, f"{label} {year}", dt.date(year, first, 1), end))
    return spans


def period_months(span: PeriodSpan) -> int:
    return (span.end.year - span.start.year) * 12 + span.end.month - span.start.month + 1


# ----------------------------------------------------------------------------------- stored codes
def rating_code(rating: Rating) -> str:
    return rating.name.lower()


def rating_of(code: str | None) -> Rating | None:
    return Rating[code.upper()] if code else None


def predikat_code(p: Predikat) -> str:
    return p.name.lower()


def predikat_of(code: str | None) -> Predikat | None:
    return Predikat[code.upper()] if code else None


def org_predikat_of(code: str | None) -> OrgPredikat | None:
    return OrgPredikat[code.upper()] if code else None


def capaian_percent(realisasi: float | None, target: float | None, aspect: str) -> float | None:
    """Realisasi against target for a number target, in percent. For *waktu* and *biaya* less is
    better (a task done in 4 of 5 planned days, 90 of 100 budgeted), so the ratio is inverted."""
    if realisasi is None or not target:
        return None
    if aspect in ("waktu", "biaya"):
        return 100.0 * (2 - realisasi / target) if realisasi <= 2 * target else 0.0
    return 100.0 * realisasi / target
