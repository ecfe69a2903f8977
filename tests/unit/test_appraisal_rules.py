"""Appraisal rules from DESIGN.md: distribution per predikat organisasi, angka kredit, keberatan window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from asn_desktop.domain.appraisal import (
    ANNUAL_COEFFICIENT,
    PREDIKAT_PERCENT,
    OrgPredikat,
    angka_kredit,
    check_distribution,
    objection_deadline,
    objection_open,
)
from asn_desktop.domain.errors import DomainError
from asn_desktop.domain.predikat import Predikat

SB, B, BP, K, SK = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN, Predikat.KURANG,
                    Predikat.SANGAT_KURANG)


def counts(sb=0, b=0, bp=0, k=0, sk=0):
    return {SB: sb, B: b, BP: bp, K: k, SK: sk}


@pytest.mark.parametrize(
    ("org", "mix", "ok"),
    [
        # Istimewa: at most 70% Sangat Baik, the rest anything
        (OrgPredikat.ISTIMEWA, counts(sb=7, b=3), True),
        (OrgPredikat.ISTIMEWA, counts(sb=8, b=2), False),
        (OrgPredikat.ISTIMEWA, counts(sb=7, sk=3), True),
        # Baik: at most 70% Baik and some Butuh Perbaikan and/or Kurang
        (OrgPredikat.BAIK, counts(sb=2, b=7, bp=1), True),
        (OrgPredikat.BAIK, counts(sb=2, b=7, k=1), True),
        (OrgPredikat.BAIK, counts(sb=3, b=7), False),  # nobody below Baik
        (OrgPredikat.BAIK, counts(b=8, bp=2), False),  # too many Baik
        (OrgPredikat.BAIK, counts(sb=5, b=4, sk=1, bp=0, k=0), False),
        # Butuh Perbaikan: at least 60% BP, SB at most 10%
        (OrgPredikat.BUTUH_PERBAIKAN, counts(sb=1, b=3, bp=6), True),
        (OrgPredikat.BUTUH_PERBAIKAN, counts(sb=2, b=2, bp=6), False),
        (OrgPredikat.BUTUH_PERBAIKAN, counts(b=5, bp=5), False),
        # Kurang: at least 60% Kurang, at least 10% BP, SB at most 10%
        (OrgPredikat.KURANG, counts(sb=1, bp=1, k=6, b=2), True),
        (OrgPredikat.KURANG, counts(b=4, k=6), False),  # no BP
        (OrgPredikat.KURANG, counts(sb=2, bp=1, k=7), False),  # SB 20%
        # Sangat Kurang: at least 60% SK, at least 10% K and/or BP, no SB
        (OrgPredikat.SANGAT_KURANG, counts(sk=6, k=1, b=3), True),
        (OrgPredikat.SANGAT_KURANG, counts(sk=6, bp=1, b=3), True),
        (OrgPredikat.SANGAT_KURANG, counts(sk=6, b=4), False),
        (OrgPredikat.SANGAT_KURANG, counts(sk=8, k=1, sb=1), False),  # any SB is too many
    ],
)
def test_distribution_rules(org, mix, ok):
    assert check_distribution(org, mix).ok is ok


def test_violations_are_said_in_plain_words_with_the_actual_share():
    result = check_distribution(OrgPredikat.BAIK, counts(sb=1, b=8, sk=1))
    assert result.violations == [
        "paling banyak 70% pegawai berpredikat Baik; saat ini 80%.",
        "harus ada pegawai berpredikat Butuh Perbaikan dan/atau Kurang/Misconduct; saat ini 0%.",
    ]
    assert result.percent(B) == 80.0 and result.total == 10
    assert check_distribution(OrgPredikat.KURANG, counts(k=2, b=1)).violations == [
        "paling sedikit 10% pegawai berpredikat Butuh Perbaikan; saat ini 0%."
    ]
    within = check_distribution(OrgPredikat.ISTIMEWA, counts(sb=2, b=1))  # 66,7% Sangat Baik: within 70%
    assert within.ok and within.violations == []
    assert within.checks[0].text == "paling banyak 70% pegawai berpredikat Sangat Baik"


def test_a_share_is_shown_with_a_decimal_comma():
    result = check_distribution(OrgPredikat.ISTIMEWA, counts(sb=3, b=1))
    assert result.violations == ["paling banyak 70% pegawai berpredikat Sangat Baik; saat ini 75%."]
    result = check_distribution(OrgPredikat.SANGAT_KURANG, counts(sk=5, sb=1, k=1))
    assert "tidak boleh ada pegawai berpredikat Sangat Baik; saat ini 14,3%." in result.violations


def test_nobody_appraised_yet_is_not_a_violation_and_negative_counts_are_refused():
    assert check_distribution(OrgPredikat.BAIK, counts()).ok
    with pytest.raises(DomainError):
        check_distribution(OrgPredikat.BAIK, counts(b=-1))


def test_the_check_only_reports():
    mix = counts(b=10)
    check_distribution(OrgPredikat.BAIK, mix)
    assert mix == counts(b=10)


@pytest.mark.parametrize(
    ("predikat", "jenjang", "months", "expected"),
    [
        (SB, "Ahli Pertama", 12, "18.750"),
        (B, "Ahli Pertama", 12, "12.500"),
        (BP, "Ahli Muda", 12, "18.750"),
        (K, "Ahli Madya", 12, "18.750"),
        (SK, "Ahli Utama", 12, "12.500"),
        (B, "Pemula", 12, "3.750"),
        (B, "Terampil", 12, "5.000"),
        (SB, "Mahir", 12, "18.750"),
        (B, "Penyelia", 6, "12.500"),
        (B, "Ahli Pertama", 3, "3.125"),  # one quarter
        (SB, "Pemula", 1, "0.469"),  # 0.46875 rounded half up
    ],
)
def test_angka_kredit(predikat, jenjang, months, expected):
    assert angka_kredit(predikat, jenjang, months) == Decimal(expected)


def test_angka_kredit_tables_and_refusals():
    assert PREDIKAT_PERCENT == {SB: 150, B: 100, BP: 75, K: 50, SK: 25}
    assert set(ANNUAL_COEFFICIENT) == {"Pemula", "Terampil", "Mahir", "Penyelia", "Ahli Pertama", "Ahli Muda",
                                       "Ahli Madya", "Ahli Utama"}
    with pytest.raises(DomainError, match="koefisien"):
        angka_kredit(B, "Pelaksana")
    with pytest.raises(DomainError, match="1–12 bulan"):
        angka_kredit(B, "Ahli Muda", 13)


def test_objection_window_is_14_days_from_receipt_by_default():
    received = dt.date(2026, 1, 20)
    assert objection_deadline(received) == dt.date(2026, 2, 3)
    assert objection_open(received, dt.date(2026, 2, 3))
    assert not objection_open(received, dt.date(2026, 2, 4))
    assert not objection_open(received, dt.date(2026, 1, 19))
    assert objection_deadline(received, 30) == dt.date(2026, 2, 19)
    with pytest.raises(DomainError):
        objection_deadline(received, 0)
