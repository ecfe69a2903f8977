"""Pengembangan kompetensi (PP 17/2020, PerLAN 10/2018): training kinds and methods, how many JP
(jam pelajaran, 45 minutes) an employee earns in a year, and the 20 JP a year every PNS should reach.
Pure Python; the development services and pages build on these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .errors import ValidationError

JP_TARGET = 20  # jam pelajaran a year (an office setting may change it)
JP_MINUTES = 45

KINDS: dict[str, str] = {
    "teknis": "Teknis",
    "fungsional": "Fungsional",
    "manajerial": "Manajerial",
    "sosial_kultural": "Sosial kultural",
    "kepemimpinan": "Kepemimpinan",
}

# klasikal (face to face) or nonklasikal, and the forms each takes
METHODS: dict[str, str] = {"klasikal": "Klasikal", "nonklasikal": "Nonklasikal"}
FORMS: dict[str, tuple[str, str]] = {
    # code: (method, label)
    "pelatihan": ("klasikal", "Pelatihan/diklat"),
    "seminar": ("klasikal", "Seminar/konferensi"),
    "workshop": ("klasikal", "Lokakarya/workshop"),
    "kursus": ("klasikal", "Kursus"),
    "penataran": ("klasikal", "Penataran"),
    "bimtek": ("klasikal", "Bimbingan teknis"),
    "sosialisasi": ("klasikal", "Sosialisasi"),
    "e_learning": ("nonklasikal", "E-learning"),
    "coaching": ("nonklasikal", "Coaching"),
    "mentoring": ("nonklasikal", "Mentoring"),
    "magang": ("nonklasikal", "Magang/praktik kerja"),
    "detasering": ("nonklasikal", "Detasering"),
    "pertukaran": ("nonklasikal", "Pertukaran PNS"),
    "belajar_mandiri": ("nonklasikal", "Belajar mandiri"),
    "komunitas_belajar": ("nonklasikal", "Komunitas belajar"),
    "bimbingan_di_tempat_kerja": ("nonklasikal", "Bimbingan di tempat kerja"),
}

PARTICIPATION_STATUSES: dict[str, str] = {
    "direncanakan": "Direncanakan",
    "hadir": "Mengikuti",
    "lulus": "Lulus",
    "tidak_lulus": "Tidak lulus",
}
EARNS_JP = frozenset({"hadir", "lulus"})  # planned or failed participation earns nothing


def minutes_to_jp(minutes: int) -> Decimal:
    """JP for a number of minutes of learning, to one decimal (45 minutes = 1 JP)."""
    if minutes < 0:
        raise ValidationError({"minutes": "Durasi tidak boleh negatif."})
    return (Decimal(minutes) / JP_MINUTES).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Credit:
    """JP earned by one participation: the year it counts for (the year the event ended) and the JP."""

    status: str
    end: dt.date
    jp: Decimal


def credited_jp(status: str, event_jp: Decimal, credited: Decimal | None = None) -> Decimal:
    """JP a participation earns: none while planned or when not passed; the event's JP, or less when the
    operator credits less (partial attendance). Never more than the event gives."""
    if status not in PARTICIPATION_STATUSES:
        raise ValidationError({"status": f"Status keikutsertaan '{status}' tidak dikenal."})
    if event_jp < 0:
        raise ValidationError({"jp": "JP kegiatan tidak boleh negatif."})
    if status not in EARNS_JP:
        return Decimal(0)
    if credited is None:
        return event_jp
    if credited < 0 or credited > event_jp:
        raise ValidationError({"jp": f"JP yang diakui harus 0 sampai {fmt_jp(event_jp)} (JP kegiatan)."})
    return credited


def jp_in_year(credits: Iterable[Credit], year: int) -> Decimal:
    """JP earned in a year: an event counts in the year it ended (the certificate's year), in full."""
    return sum((c.jp for c in credits if c.status in EARNS_JP and c.end.year == year), Decimal(0))


def shortfall(jp: Decimal, target: int = JP_TARGET) -> Decimal:
    """How many JP are still missing to the target (0 when met)."""
    return max(Decimal(0), Decimal(target) - jp)


def fmt_jp(jp: Decimal) -> str:
    """``12`` or ``12,5``: JP as people write them."""
    text = f"{jp.normalize():f}" if jp == jp.to_integral() else f"{jp:f}".rstrip("0")
    return text.replace(".", ",")
