"""NIP (Nomor Induk Pegawai) for PNS and NI PPPK: parsing, validation, display.

PNS:  YYYYMMDD (lahir) YYYYMM (TMT CPNS) G (1 pria, 2 wanita) NNN (nomor urut)
PPPK: YYYYMMDD (lahir) YYYY (tahun pengangkatan) 2 (kode PPPK) K (perjanjian kerja 1-9) G NNN

The two are told apart by digit 13: a PNS TMT month starts with 0 or 1, a PPPK NIP has 2 there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import DomainError

NIP_LENGTH = 18
PNS = "PNS"
PPPK = "PPPK"


class NipError(DomainError):
    def __init__(self, message: str):
        super().__init__(message, field="nip")


@dataclass(frozen=True)
class NipInfo:
    nip: str
    kind: str  # PNS or PPPK
    birth_date: dt.date
    appointment_year: int
    appointment_month: int | None  # PNS only (TMT CPNS)
    contract_number: int | None  # PPPK only
    gender: str  # "L" or "P"
    serial: int

    @property
    def display(self) -> str:
        return format_nip(self.nip)


def clean_nip(text: str) -> str:
    """Remove the spaces, dots and dashes people type or paste into a NIP."""
    return "".join(ch for ch in str(text) if ch not in " .-\t\u00a0")


def format_nip(nip: str) -> str:
    """Grouped display form: ``19860926 201505 1 001``. Anything not a clean 18-digit NIP is returned as is."""
    n = nip if len(nip) == NIP_LENGTH and nip.isdigit() else clean_nip(nip)
    if len(n) != NIP_LENGTH or not n.isdigit():
        return nip
    return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


def parse_nip(text: str, today: dt.date | None = None) -> NipInfo:
    """Parse and validate a NIP. Raises :class:`NipError` with an Indonesian message naming the fault."""
    n = clean_nip(text)
    if not n:
        raise NipError("NIP wajib diisi.")
    if not n.isdigit():
        raise NipError("NIP hanya boleh berisi angka.")
    if len(n) != NIP_LENGTH:
        raise NipError(f"NIP harus 18 digit; yang diisi {len(n)} digit.")
    try:
        birth = dt.date(int(n[0:4]), int(n[4:6]), int(n[6:8]))
    except ValueError:
        raise NipError(
            f"Tanggal lahir dalam NIP (digit 1–8: {n[0:4]}-{n[4:6]}-{n[6:8]}) bukan tanggal yang ada."
        ) from None
    today = today or dt.date.today()
    if birth.year < 1900 or birth > today:
        raise NipError(f"Tahun lahir dalam NIP ({birth.year}) tidak masuk akal.")
    year = int(n[8:12])
    if n[12] == "2":
        kind = PPPK
        month = None
        contract = int(n[13])
        if contract == 0:
            raise NipError("Digit ke-14 NI PPPK (nomor perjanjian kerja) harus 1–9.")
    else:
        kind = PNS
        contract = None
        month = int(n[12:14])
        if not 1 <= month <= 12:
            raise NipError(f"Bulan TMT CPNS dalam NIP (digit 13–14: {n[12:14]}) harus 01–12.")
    label = "Tahun TMT CPNS" if kind == PNS else "Tahun pengangkatan PPPK"
    if year > today.year + 1:
        raise NipError(f"{label} dalam NIP ({year}) belum terjadi.")
    if year < birth.year + 15:
        raise NipError(f"{label} dalam NIP ({year}) tidak cocok dengan tahun lahir {birth.year}: terlalu muda.")
    gender_digit = n[14]
    if gender_digit not in "12":
        raise NipError(f"Digit ke-15 NIP (jenis kelamin) harus 1 (pria) atau 2 (wanita), bukan {gender_digit}.")
    serial = int(n[15:18])
    if serial == 0:
        raise NipError("Nomor urut dalam NIP (digit 16–18) tidak boleh 000.")
    return NipInfo(
        nip=n,
        kind=kind,
        birth_date=birth,
        appointment_year=year,
        appointment_month=month,
        contract_number=contract,
        gender="L" if gender_digit == "1" else "P",
        serial=serial,
    )


def nip_problem(text: str, today: dt.date | None = None) -> str | None:
    """The message for a wrong NIP, or ``None`` when it is valid. For as-you-type checks."""
    try:
        parse_nip(text, today)
    except NipError as err:
        return err.message
    return None


def prefix_problem(text: str, today: dt.date | None = None) -> str | None:
    """What is already wrong in a NIP that is still being typed (``None`` if nothing yet).

    Checks each part as soon as it is complete: the birth date after 8 digits, the TMT month or PPPK
    digits after 14, the gender digit after 15. A complete NIP gets the full :func:`parse_nip` check.
    """
    n = clean_nip(text)
    if not n.isdigit():
        return "NIP hanya boleh berisi angka." if n else None
    if len(n) >= NIP_LENGTH:
        return nip_problem(n, today)
    # complete the typed prefix with digits that are valid in every position, then check it whole
    day = "30" if len(n) == 7 and n[6] == "3" else "01"  # a day 3_ : the 30th exists in every month but February
    filler = "199001" + day + "2015" + ("21" if len(n) > 12 and n[12] == "2" else "01") + "1" + "001"
    problem = nip_problem(n + filler[len(n):], today)
    if problem is None or problem.startswith("NIP harus 18"):
        return None
    if len(n) < 12 and "Tahun" in problem:
        return None  # the appointment year is not typed yet
    return problem


def make_nip(
    birth_date: dt.date,
    appointment_year: int,
    gender: str,
    serial: int,
    *,
    appointment_month: int | None = None,
    pppk_contract: int | None = None,
) -> str:
    """Build a NIP from its parts (used by the demo office and tests)."""
    g = "1" if gender == "L" else "2"
    head = birth_date.strftime("%Y%m%d") + f"{appointment_year:04d}"
    if pppk_contract is not None:
        middle = f"2{pppk_contract:d}"
    else:
        middle = f"{appointment_month or 1:02d}"
    return f"{head}{middle}{g}{serial:03d}"
