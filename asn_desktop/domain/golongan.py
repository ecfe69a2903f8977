"""Golongan/ruang with pangkat (PNS) and golongan I–XVII (PPPK)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError


@dataclass(frozen=True)
class Golongan:
    code: str  # "III/a" for PNS, "IX" for PPPK
    kind: str  # "PNS" or "PPPK"
    rank: int  # order within its kind, 1 = lowest
    pangkat: str  # empty for PPPK

    @property
    def label(self) -> str:
        return f"{self.code} — {self.pangkat}" if self.pangkat else f"Golongan {self.code}"


_PNS = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"]

PNS_GOLONGAN: tuple[Golongan, ...] = tuple(
    Golongan(code, "PNS", i + 1, pangkat) for i, (code, pangkat) in enumerate(_PNS)
)
PPPK_GOLONGAN: tuple[Golongan, ...] = tuple(Golongan(code, "PPPK", i + 1, "") for i, code in enumerate(_ROMAN))
_BY_KEY = {(g.kind, g.code.upper()): g for g in PNS_GOLONGAN + PPPK_GOLONGAN}


def golongan_for(kind: str) -> tuple[Golongan, ...]:
    return PNS_GOLONGAN if kind == "PNS" else PPPK_GOLONGAN


def normalise_code(text: str) -> str:
    """``iii/a``, ``III-A``, ``3a`` → ``III/a``; PPPK ``ix`` → ``IX``."""
    t = str(text).strip().replace(" ", "").replace("-", "/").replace(".", "/")
    if not t:
        return ""
    arabic = {"1": "I", "2": "II", "3": "III", "4": "IV"}
    if t[0] in arabic and len(t) >= 2 and t[-1].isalpha() and t[1:-1] in ("", "/"):
        t = arabic[t[0]] + "/" + t[-1]
    if "/" in t:
        head, _, ruang = t.partition("/")
        return f"{head.upper()}/{ruang.lower()}"
    return t.upper()


def find_golongan(kind: str, text: str) -> Golongan:
    """The golongan for a code, or :class:`DomainError` naming what is allowed."""
    code = normalise_code(text)
    g = _BY_KEY.get((kind, code.upper()))
    if g is None:
        if kind == "PNS":
            raise DomainError(f"Golongan PNS '{text}' tidak dikenal (contoh yang benar: III/a).", field="golongan")
        raise DomainError(f"Golongan PPPK '{text}' tidak dikenal (yang berlaku: I sampai XVII).", field="golongan")
    return g


def pangkat_of(kind: str, code: str) -> str:
    g = _BY_KEY.get((kind, normalise_code(code).upper()))
    return g.pangkat if g else ""


def rank_of(kind: str, code: str) -> int:
    g = _BY_KEY.get((kind, normalise_code(code).upper()))
    return g.rank if g else 0


# Starting golongan of a new PNS by highest education (PP 99/2000 and its amendments).
EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
PNS_START_BY_EDUCATION = {
    "SD": "I/a",
    "SMP": "I/c",
    "SMA": "II/a",
    "D1": "II/a",
    "D2": "II/b",
    "D3": "II/c",
    "D4": "III/a",
    "S1": "III/a",
    "S2": "III/b",
    "S3": "III/c",
}
