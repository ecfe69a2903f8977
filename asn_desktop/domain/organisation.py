"""Kinds of organisation unit, position kinds and jenjang."""

from __future__ import annotations

from .errors import DomainError

# kind code -> label shown to the user
UNIT_KINDS: dict[str, str] = {
    "pemda": "Pemerintah Daerah",
    "opd": "Perangkat Daerah (Dinas/Badan)",
    "kecamatan": "Kecamatan",
    "sekretariat": "Sekretariat",
    "bidang": "Bidang",
    "subbagian": "Subbagian",
    "seksi": "Seksi",
    "kelurahan": "Kelurahan",
    "uptd": "UPTD",
}

# which kinds may stand directly under which
_ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    "pemda": (),
    "opd": ("pemda",),
    "kecamatan": ("pemda",),
    "sekretariat": ("opd", "kecamatan"),
    "bidang": ("opd",),
    "subbagian": ("sekretariat", "opd", "kecamatan"),
    "seksi": ("bidang", "kecamatan", "opd", "uptd"),
    "kelurahan": ("kecamatan",),
    "uptd": ("opd",),
}


def check_unit_placement(kind: str, parent_kind: str | None) -> None:
    """Refuse a unit kind under a parent where it does not belong."""
    if kind not in UNIT_KINDS:
        raise DomainError(f"Jenis unit '{kind}' tidak dikenal.", field="kind")
    allowed = _ALLOWED_PARENTS[kind]
    if not allowed:
        if parent_kind is not None:
            raise DomainError("Pemerintah Daerah adalah unit teratas dan tidak berada di bawah unit lain.", field="parent")
        return
    if parent_kind is None:
        raise DomainError(f"{UNIT_KINDS[kind]} harus berada di bawah unit induk.", field="parent")
    if parent_kind not in allowed:
        names = ", ".join(UNIT_KINDS[k] for k in allowed)
        raise DomainError(
            f"{UNIT_KINDS[kind]} tidak dapat berada di bawah {UNIT_KINDS[parent_kind]}; unit induk yang sesuai: {names}.",
            field="parent",
        )


POSITION_KINDS: dict[str, str] = {
    "struktural": "Struktural",
    "fungsional": "Fungsional",
    "pelaksana": "Pelaksana",
}

JENJANG: dict[str, tuple[str, ...]] = {
    "struktural": ("JPT Pratama", "Administrator", "Pengawas"),
    "fungsional": (
        "Pemula",
        "Terampil",
        "Mahir",
        "Penyelia",
        "Ahli Pertama",
        "Ahli Muda",
        "Ahli Madya",
        "Ahli Utama",
    ),
    "pelaksana": ("Pelaksana",),
}


def check_jenjang(position_kind: str, jenjang: str) -> None:
    if position_kind not in POSITION_KINDS:
        raise DomainError(f"Jenis jabatan '{position_kind}' tidak dikenal.", field="position_kind")
    if jenjang not in JENJANG[position_kind]:
        options = ", ".join(JENJANG[position_kind])
        raise DomainError(
            f"Jenjang '{jenjang or '(kosong)'}' tidak berlaku untuk jabatan {POSITION_KINDS[position_kind].lower()}; "
            f"pilih salah satu: {options}.",
            field="jenjang",
        )


GENDERS = {"L": "Laki-laki", "P": "Perempuan"}
EMPLOYEE_STATUSES = {"PNS": "PNS", "PPPK": "PPPK"}
