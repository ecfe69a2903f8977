"""JP arithmetic (pengembangan kompetensi): what a participation earns, the year it counts in, the shortfall
to 20 JP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from asn_desktop.domain import development as dev
from asn_desktop.domain.errors import ValidationError


@pytest.mark.parametrize(("status", "expected"), [("direncanakan", D(0)), ("hadir", D(24)), ("lulus", D(24)),
                                                  ("tidak_lulus", D(0))])
def test_only_attended_or_passed_earns_jp(status, expected):
    assert dev.credited_jp(status, D(24)) == expected


def test_partial_credit_is_bounded_by_the_event():
    assert dev.credited_jp("hadir", D(24), D(16)) == D(16)
    assert dev.credited_jp("hadir", D(24), D(24)) == D(24)
    assert dev.credited_jp("hadir", D(24), D(0)) == D(0)
    for bad in (D("24.1"), D(-1)):
        with pytest.raises(ValidationError, match="0 sampai 24"):
            dev.credited_jp("hadir", D(24), bad)
    assert dev.credited_jp("tidak_lulus", D(24), D(10)) == D(0)  # failed: nothing, whatever was typed
    with pytest.raises(ValidationError, match="tidak dikenal"):
        dev.credited_jp("absen", D(2))


def test_an_event_counts_in_the_year_it_ended():
    credits = [
        dev.Credit("lulus", dt.date(2025, 12, 31), D(10)),  # last day of the year: 2025
        dev.Credit("hadir", dt.date(2026, 1, 1), D(8)),  # first day of the next: 2026
        dev.Credit("lulus", dt.date(2026, 1, 10), D(30)),  # started in December 2025, ended in January
        dev.Credit("tidak_lulus", dt.date(2026, 3, 1), D(0)),
        dev.Credit("direncanakan", dt.date(2026, 6, 1), D(0)),
    ]
    assert dev.jp_in_year(credits, 2025) == D(10)
    assert dev.jp_in_year(credits, 2026) == D(38)
    assert dev.jp_in_year(credits, 2027) == D(0)


@pytest.mark.parametrize(("jp", "short"), [(D(0), D(20)), (D("19.9"), D("0.1")), (D(20), D(0)), (D(35), D(0))])
def test_shortfall_to_20_jp(jp, short):
    assert dev.shortfall(jp) == short


def test_shortfall_to_another_target():
    assert dev.shortfall(D(20), target=24) == D(4)


def test_minutes_to_jp():
    assert dev.minutes_to_jp(45) == D("1.0")
    assert dev.minutes_to_jp(90) == D("2.0")
    assert dev.minutes_to_jp(60) == D("1.3")
    with pytest.raises(ValidationError):
        dev.minutes_to_jp(-1)


@pytest.mark.parametrize(("jp", "text"), [(D(12), "12"), (D("12.0"), "12"), (D("12.5"), "12,5"), (D("20.25"), "20,25"),
                                          (D(10), "10"), (D(0), "0")])
def test_jp_as_people_write_it(jp, text):
    assert dev.fmt_jp(jp) == text


def test_every_form_belongs_to_a_method():
    assert {method for method, _label in dev.FORMS.values()} == set(dev.METHODS)
    assert dev.FORMS["e_learning"][0] == "nonklasikal" and dev.FORMS["workshop"][0] == "klasikal"
