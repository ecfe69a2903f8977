"""NIP (PNS) and NI PPPK: parsing, validation messages, display, cleaning."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from asn_desktop.domain import nip as nipmod
from asn_desktop.domain.errors import DomainError
from asn_desktop.domain.nip import NipError, clean_nip, format_nip, make_nip, nip_problem, parse_nip

TODAY = dt.date(2025, 6, 1)


def test_valid_pns_nip_parts():
    info = parse_nip("198609262015051001", today=TODAY)
    assert info.nip == "198609262015051001"
    assert info.kind == "PNS"
    assert info.birth_date == dt.date(1986, 9, 26)
    assert info.appointment_year == 2015
    assert info.appointment_month == 5
    assert info.contract_number is None
    assert info.gender == "L"
    assert info.serial == 1
    assert info.display == "19860926 201505 1 001"


def test_valid_pns_woman_with_high_serial():
    info = parse_nip("199001152019122137", today=TODAY)
    assert (info.kind, info.gender, info.serial) == ("PNS", "P", 137)
    assert (info.appointment_year, info.appointment_month) == (2019, 12)


def test_valid_pppk_nip_parts():
    info = parse_nip("200012312024211001", today=TODAY)
    assert info.kind == "PPPK"
    assert info.birth_date == dt.date(2000, 12, 31)
    assert info.appointment_year == 2024
    assert info.appointment_month is None
    assert info.contract_number == 1
    assert info.gender == "L"
    assert info.serial == 1
    assert info.display == "20001231 202421 1 001"


def test_pppk_contract_number_and_woman():
    info = parse_nip("199503032023292045", today=TODAY)
    assert (info.kind, info.contract_number, info.gender, info.serial) == ("PPPK", 9, "P", 45)


@pytest.mark.parametrize(
    "typed",
    [
        "19860926 201505 1 001",
        "19860926.201505.1.001",
        "19860926-201505-1-001",
        " 198609262015051001 ",
        "19860926\t201505\u00a01 001",
    ],
)
def test_cleaning_of_spaces_dots_dashes(typed):
    assert clean_nip(typed) == "198609262015051001"
    assert parse_nip(typed, today=TODAY).nip == "198609262015051001"


def test_format_nip_groups_and_leaves_others_alone():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert format_nip("19860926-201505-1-001") == "19860926 201505 1 001"
    assert format_nip("12345") == "12345"
    assert format_nip("19860926201505100X") == "19860926201505100X"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "NIP wajib diisi."),
        ("   ", "NIP wajib diisi."),
        ("19860926201505100A", "NIP hanya boleh berisi angka."),
        ("NIP198609262015051", "NIP hanya boleh berisi angka."),
        ("19860926201505100", "NIP harus 18 digit; yang diisi 17 digit."),
        ("1986092620150510011", "NIP harus 18 digit; yang diisi 19 digit."),
        (
            "198602302015051001",
            "Tanggal lahir dalam NIP (digit 1–8: 1986-02-30) bukan tanggal yang ada.",
        ),
        (
            "198613012015051001",
            "Tanggal lahir dalam NIP (digit 1–8: 1986-13-01) bukan tanggal yang ada.",
        ),
        (
            "198600102015051001",
            "Tanggal lahir dalam NIP (digit 1–8: 1986-00-10) bukan tanggal yang ada.",
        ),
        ("202601012045051001", "Tahun lahir dalam NIP (2026) tidak masuk akal."),
        ("202506022045051001", "Tahun lahir dalam NIP (2025) tidak masuk akal."),  # the day after TODAY
        ("189912312015051001", "Tahun lahir dalam NIP (1899) tidak masuk akal."),
        ("198609262015001001", "Bulan TMT CPNS dalam NIP (digit 13–14: 00) harus 01–12."),
        ("198609262015131001", "Bulan TMT CPNS dalam NIP (digit 13–14: 13) harus 01–12."),
        (
            "198609262015050001",
            "Digit ke-15 NIP (jenis kelamin) harus 1 (pria) atau 2 (wanita), bukan 0.",
        ),
        (
            "198609262015053001",
            "Digit ke-15 NIP (jenis kelamin) harus 1 (pria) atau 2 (wanita), bukan 3.",
        ),
        (
            "200012312024213001",
            "Digit ke-15 NIP (jenis kelamin) harus 1 (pria) atau 2 (wanita), bukan 3.",
        ),
        ("198609262015051000", "Nomor urut dalam NIP (digit 16–18) tidak boleh 000."),
        ("200012312024201001", "Digit ke-14 NI PPPK (nomor perjanjian kerja) harus 1–9."),
        (
            "198609262000051001",
            "Tahun TMT CPNS dalam NIP (2000) tidak cocok dengan tahun lahir 1986: terlalu muda.",
        ),
        (
            "200012312010211001",
            "Tahun pengangkatan PPPK dalam NIP (2010) tidak cocok dengan tahun lahir 2000: terlalu muda.",
        ),
        (
            "198609262030051001",
            "Tahun TMT CPNS dalam NIP (2030) belum terjadi.",
        ),
    ],
)
def test_refusals_with_message(text, message):
    with pytest.raises(NipError) as exc:
        parse_nip(text, today=TODAY)
    assert str(exc.value) == message
    assert exc.value.message == message
    assert exc.value.field == "nip"
    assert isinstance(exc.value, DomainError)
    assert nip_problem(text, today=TODAY) == message


def test_appointment_exactly_fifteen_years_after_birth_is_accepted():
    assert parse_nip("198609262001051001", today=TODAY).appointment_year == 2001


def test_birth_today_is_not_in_the_future():
    # only the date check: a NIP of someone born today still fails on the appointment year
    with pytest.raises(NipError, match="Tahun TMT CPNS"):
        parse_nip("202506012026051001", today=TODAY)


def test_future_birth_with_the_real_clock():
    with pytest.raises(NipError, match=r"Tahun lahir dalam NIP \(2099\) tidak masuk akal"):
        parse_nip("209901012120051001")


def test_nip_problem_none_for_valid():
    assert nip_problem("198609262015051001") is None
    assert nip_problem("20001231 202421 1 001") is None


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(birth_date=dt.date(1986, 9, 26), appointment_year=2015, gender="L", serial=1, appointment_month=5),
         "198609262015051001"),
        (dict(birth_date=dt.date(1990, 1, 15), appointment_year=2019, gender="P", serial=137, appointment_month=12),
         "199001152019122137"),
        (dict(birth_date=dt.date(2000, 12, 31), appointment_year=2024, gender="L", serial=1, pppk_contract=1),
         "200012312024211001"),
    ],
)
def test_make_nip_round_trip(kwargs, expected):
    made = make_nip(**kwargs)
    assert made == expected
    info = parse_nip(made, today=TODAY)
    assert info.birth_date == kwargs["birth_date"]
    assert info.gender == kwargs["gender"]
    assert info.serial == kwargs["serial"]
    assert info.kind == ("PPPK" if "pppk_contract" in kwargs else "PNS")


def test_constants():
    assert nipmod.NIP_LENGTH == 18
    assert (nipmod.PNS, nipmod.PPPK) == ("PNS", "PPPK")


# ------------------------------------------------------------------------------- as-you-type checking
@pytest.mark.parametrize(
    "nip",
    [
        "198609262015051001",
        "198604302015051001",  # day 30 of a 30-day month: "1986043" must not look wrong
        "198601312015051001",
        "198402292008122001",  # leap day
        "200012312024211001",
        "199503032023292045",
        "200501012024211999",
    ],
)
def test_prefix_problem_none_for_every_prefix_of_a_valid_nip(nip):
    for k in range(0, len(nip) + 1):
        assert nipmod.prefix_problem(nip[:k], today=TODAY) is None, nip[:k]


def test_prefix_problem_none_for_every_prefix_of_many_valid_nips():
    rng = random.Random(20)
    day = dt.date(1960, 1, 1)
    while day < dt.date(2008, 1, 1):
        year = min(day.year + 15 + rng.randint(0, 6), TODAY.year)
        if rng.random() < 0.5:
            nip = make_nip(day, year, rng.choice("LP"), rng.randint(1, 999), appointment_month=rng.randint(1, 12))
        else:
            nip = make_nip(day, year, rng.choice("LP"), rng.randint(1, 999), pppk_contract=rng.randint(1, 9))
        assert parse_nip(nip, today=TODAY)
        for k in range(1, 18):
            assert nipmod.prefix_problem(nip[:k], today=TODAY) is None, nip[:k]
        day += dt.timedelta(days=3)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1986x", "NIP hanya boleh berisi angka."),
        ("198613", "Tanggal lahir dalam NIP (digit 1–8: 1986-13-01) bukan tanggal yang ada."),
        ("198600", "Tanggal lahir dalam NIP (digit 1–8: 1986-00-01) bukan tanggal yang ada."),
        ("1986023", "Tanggal lahir dalam NIP (digit 1–8: 1986-02-30) bukan tanggal yang ada."),
        ("19860230", "Tanggal lahir dalam NIP (digit 1–8: 1986-02-30) bukan tanggal yang ada."),
        ("19860431", "Tanggal lahir dalam NIP (digit 1–8: 1986-04-31) bukan tanggal yang ada."),
        ("198609262000", "Tahun TMT CPNS dalam NIP (2000) tidak cocok dengan tahun lahir 1986: terlalu muda."),
        ("1986092620150", None),  # month 0_ still possible
        ("19860926201500", "Bulan TMT CPNS dalam NIP (digit 13–14: 00) harus 01–12."),
        ("19860926201513", "Bulan TMT CPNS dalam NIP (digit 13–14: 13) harus 01–12."),
        ("1986092620153", "Bulan TMT CPNS dalam NIP (digit 13–14: 31) harus 01–12."),
        ("20001231202420", "Digit ke-14 NI PPPK (nomor perjanjian kerja) harus 1–9."),
        ("198609262015053", "Digit ke-15 NIP (jenis kelamin) harus 1 (pria) atau 2 (wanita), bukan 3."),
        ("198609262015051000", "Nomor urut dalam NIP (digit 16–18) tidak boleh 000."),
        ("1986092620150510011", "NIP harus 18 digit; yang diisi 19 digit."),
        ("19860926200", None),  # the appointment year is not complete yet
        ("", None),
        ("1986 0926-2015.05", None),
    ],
)
def test_prefix_problem_flags_a_part_as_soon_as_it_is_wrong(typed, message):
    assert nipmod.prefix_problem(typed, today=TODAY) == message
