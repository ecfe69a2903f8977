"""Tindak lanjut hasil kinerja: disciplinary sanctions (PP 94/2021) and the monthly performance allowance
(TPP, tambahan penghasilan pegawai). Pure Python with Decimal money; the consequence services and pages
build on these. The weights, the predikat -> percentage table and the deductions are the office's
settings (:class:`TppRules`); the defaults below follow DESIGN.md."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .errors import ValidationError
from .predikat import Predikat

# ------------------------------------------------------------------------------------------- sanctions
LEVELS = {"ringan": "Ringan", "sedang": "Sedang", "berat": "Berat"}


@dataclass(frozen=True)
class SanctionKind:
    code: str
    level: str
    label: str
    months: tuple[int, ...]  # allowed durations; () = no duration (takes effect once)
    tpp_cut: Decimal = Decimal(0)  # share of the TPP cut while it runs
    ends_tpp: bool = False  # no TPP at all from its start (dismissal)


SANCTION_KINDS: dict[str, SanctionKind] = {k.code: k for k in (
    SanctionKind("teguran_lisan", "ringan", "Teguran lisan", ()),
    SanctionKind("teguran_tertulis", "ringan", "Teguran tertulis", ()),
    SanctionKind("pernyataan_tidak_puas", "ringan", "Pernyataan tidak puas secara tertulis", ()),
    SanctionKind("pemotongan_tukin", "sedang", "Pemotongan tunjangan kinerja 25%", (6, 9, 12), Decimal("0.25")),
    SanctionKind("penurunan_jabatan", "berat", "Penurunan jabatan setingkat lebih rendah", (12,)),
    SanctionKind("pembebasan_jabatan", "berat", "Pembebasan dari jabatan menjadi jabatan pelaksana", (12,)),
    SanctionKind("pemberhentian", "berat", "Pemberhentian dengan hormat tidak atas permintaan sendiri", (),
                 ends_tpp=True),
)}


def sanction_end(kind: str, start: dt.date, months: int | None) -> dt.date | None:
    """The last day a sanction runs: ``months`` after ``start``, less a day (``None``: no duration)."""
    k = SANCTION_KINDS.get(kind)
    if k is None:
        raise ValidationError({"kind": f"Jenis hukuman disiplin '{kind}' tidak dikenal (PP 94/2021)."})
    if not k.months:
        if months:
            raise ValidationError({"months": f"{k.label} tidak memiliki jangka waktu."})
        return None
    if months not in k.months:
        allowed = ", ".join(str(m) for m in k.months)
        raise ValidationError({"months": f"{k.label} berlaku {allowed} bulan, bukan {months or 0}."})
    return add_months(start, months) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter: 31 Jan + 1 = 28/29 Feb)."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def runs_in(start: dt.date, end: dt.date | None, year: int, month: int) -> bool:
    """Whether a sanction from ``start`` to ``end`` (``None``: a single day) touches the month at all: a cut
    that runs for part of a month applies to that month's TPP."""
    first, last = month_span(year, month)
    return start <= last and (end or start) >= first


# ------------------------------------------------------------------------------------------------- TPP
RUPIAH = Decimal(1)


def rupiah(value: Decimal) -> Decimal:
    """Whole rupiah, rounded half up (Rp 0,50 and more goes up)."""
    return value.quantize(RUPIAH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LateTier:
    """Late arrival (or leaving early) of ``from_minutes`` to ``to_minutes`` (``None``: and more)."""

    from_minutes: int
    to_minutes: int | None
    percent: Decimal  # of the discipline part, per occurrence


@dataclass(frozen=True)
class TppRules:
    performance_weight: Decimal = Decimal(60)  # % of the ceiling for produktivitas kerja
    discipline_weight: Decimal = Decimal(40)  # % for disiplin kerja
    predikat_percent: dict[Predikat, Decimal] = field(default_factory=lambda: {
        Predikat.SANGAT_BAIK: Decimal(100), Predikat.BAIK: Decimal(100), Predikat.BUTUH_PERBAIKAN: Decimal(75),
        Predikat.KURANG: Decimal(50), Predikat.SANGAT_KURANG: Decimal(25),
    })
    no_predikat_percent: Decimal = Decimal(100)  # before anyone's first final predikat
    late_tiers: tuple[LateTier, ...] = (
        LateTier(1, 30, Decimal("0.5")), LateTier(31, 60, Decimal(1)), LateTier(61, 90, Decimal("1.2")),
        LateTier(91, None, Decimal("1.5")),
    )
    absence_percent: Decimal = Decimal(4)  # per day without a valid reason

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.performance_weight < 0 or self.discipline_weight < 0 or \
                self.performance_weight + self.discipline_weight != 100:
            errors["weights"] = "Bobot produktivitas dan disiplin kerja harus berjumlah 100%."
        for p in Predikat:
            value = self.predikat_percent.get(p)
            if value is None or not 0 <= value <= 100:
                errors[f"predikat.{p.name.lower()}"] = f"Persentase predikat {p.label} harus 0–100%."
        if not 0 <= self.no_predikat_percent <= 100:
            errors["no_predikat"] = "Persentase tanpa predikat harus 0–100%."
        last = 0
        for i, t in enumerate(self.late_tiers, 1):
            if t.from_minutes != last + 1 or (t.to_minutes is not None and t.to_minutes < t.from_minutes):
                errors[f"late.{i}"] = "Rentang menit keterlambatan harus berurutan tanpa celah, mulai 1 menit."
                break
            if not 0 <= t.percent <= 100:
                errors[f"late.{i}"] = "Potongan keterlambatan harus 0–100% per kejadian."
            if t.to_minutes is None:
                if i != len(self.late_tiers):
                    errors[f"late.{i}"] = "Hanya rentang terakhir yang boleh tanpa batas atas."
                break
            last = t.to_minutes
        if not 0 <= self.absence_percent <= 100:
            errors["absence"] = "Potongan tidak masuk kerja harus 0–100% per hari."
        return errors

    def late_percent(self, minutes: int) -> Decimal:
        for t in self.late_tiers:
            if minutes >= t.from_minutes and (t.to_minutes is None or minutes <= t.to_minutes):
                return t.percent
        return Decimal(0)


@dataclass(frozen=True)
class Attendance:
    """A month of attendance: days absent without a valid reason, and each late arrival in minutes."""

    absent_days: int = 0
    late_minutes: tuple[int, ...] = ()


@dataclass(frozen=True)
class TppLine:
    """One employee's TPP for a month, every figure in whole rupiah, each with how it came about."""

    ceiling: Decimal
    performance: Decimal
    discipline_base: Decimal
    discipline_deduction: Decimal
    discipline: Decimal
    gross: Decimal
    sanction_cut: Decimal
    net: Decimal
    predikat_percent: Decimal
    deduction_percent: Decimal
    explanation: tuple[str, ...]


def _pct(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",") + "%"


def _rp(value: Decimal) -> str:
    return "Rp " + f"{int(value):,}".replace(",", ".")


def _deduction_detail(attendance: Attendance, late: Decimal, absence: Decimal) -> str:
    parts = []
    if late:
        parts.append(f"terlambat {sum(1 for m in attendance.late_minutes if m > 0)}× = {_pct(late)}")
    if absence:
        parts.append(f"tidak masuk {attendance.absent_days} hari = {_pct(absence)}")
    return "; ".join(parts) or "tidak ada"


def compute_tpp(ceiling: Decimal | int, predikat: Predikat | None, attendance: Attendance, rules: TppRules,
                sanctions: tuple[str, ...] = ()) -> TppLine:
    """The month's TPP: the performance part follows the predikat, the discipline part loses its deductions
    (capped at the whole part), a running *pemotongan tunjangan kinerja* cuts 25% of what is left, and a
    dismissal ends it. Each figure is rounded half up to whole rupiah and the net is made of the rounded
    figures, so the lines always add up."""
    ceiling = Decimal(ceiling)
    if ceiling < 0:
        raise ValidationError({"ceiling": "Pagu TPP tidak boleh negatif."})
    if attendance.absent_days < 0 or any(m < 0 for m in attendance.late_minutes):
        raise ValidationError({"attendance": "Jumlah hari atau menit tidak boleh negatif."})
    unknown = [s for s in sanctions if s not in SANCTION_KINDS]
    if unknown:
        raise ValidationError({"sanction": f"Jenis hukuman disiplin '{unknown[0]}' tidak dikenal."})
    percent = rules.predikat_percent[predikat] if predikat is not None else rules.no_predikat_percent
    performance = rupiah(ceiling * rules.performance_weight / 100 * percent / 100)
    base = rupiah(ceiling * rules.discipline_weight / 100)
    late = sum((rules.late_percent(m) for m in attendance.late_minutes if m > 0), Decimal(0))
    absence = rules.absence_percent * attendance.absent_days
    deduction_percent = min(Decimal(100), late + absence)
    deduction = rupiah(base * deduction_percent / 100)
    discipline = base - deduction
    gross = performance + discipline
    kinds = [SANCTION_KINDS[s] for s in sanctions]
    cut_share = max((k.tpp_cut for k in kinds), default=Decimal(0))  # the same cut twice is not cut twice
    ended = any(k.ends_tpp for k in kinds)
    cut = gross if ended else rupiah(gross * cut_share)
    net = gross - cut
    lines = [
        f"Pagu {_rp(ceiling)}.",
        f"Produktivitas kerja: {_pct(rules.performance_weight)} × pagu × {_pct(percent)} "
        + (f"(predikat {predikat.label})" if predikat is not None else "(belum ada predikat)")
        + f" = {_rp(performance)}.",
        f"Disiplin kerja: {_pct(rules.discipline_weight)} × pagu = {_rp(base)}; potongan {_pct(deduction_percent)} "
        f"({_deduction_detail(attendance, late, absence)}) = {_rp(deduction)}; menjadi {_rp(discipline)}.",
    ]
    if ended:
        lines.append("Diberhentikan (hukuman disiplin berat): TPP tidak dibayarkan.")
    elif cut:
        lines.append(f"Hukuman disiplin sedang berjalan: dipotong {_pct(cut_share * 100)} × {_rp(gross)} = {_rp(cut)}.")
    lines.append(f"Diterima {_rp(net)} (dibulatkan ke rupiah penuh, setengah ke atas).")
    return TppLine(ceiling, performance, base, deduction, discipline, gross, cut, net, percent, deduction_percent,
                   tuple(lines))
