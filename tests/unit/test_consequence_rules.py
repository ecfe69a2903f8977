"""Sanctions (PP 94/2021) and the TPP formula: durations, months a sanction touches, late-arrival tiers at
their boundaries, the deduction cap, the sedang cut, rounding to whole rupiah."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from asn_desktop.domain import consequences as c
from asn_desktop.domain.errors import ValidationError
from asn_desktop.domain.predikat import Predikat

RULES = c.TppRules()
NONE = c.Attendance()


# ------------------------------------------------------------------------------------------- sanctions
@pytest.mark.parametrize(("start", "months", "end"), [
    (dt.date(2026, 1, 1), 6, dt.date(2026, 6, 30)),
    (dt.date(2026, 1, 31), 6, dt.date(2026, 7, 30)),
    (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 27)),  # 28 Feb 2027 less a day
    (dt.date(2026, 3, 15), 12, dt.date(2027, 3, 14)),
])
def test_a_sedang_sanction_ends_its_months_later_less_a_day(start, months, end):
    assert c.sanction_end("pemotongan_tukin", start, months) == end


def test_durations_follow_the_regulation():
    assert c.sanction_end("teguran_lisan", dt.date(2026, 5, 1), None) is None
    with pytest.raises(ValidationError, match="6, 9, 12 bulan"):
        c.sanction_end("pemotongan_tukin", dt.date(2026, 5, 1), 3)
    with pytest.raises(ValidationError, match="tidak memiliki jangka waktu"):
        c.sanction_end("teguran_tertulis", dt.date(2026, 5, 1), 6)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        c.sanction_end("skorsing", dt.date(2026, 5, 1), 6)
    assert {k.level for k in c.SANCTION_KINDS.values()} == set(c.LEVELS)


@pytest.mark.parametrize(("month", "runs"), [(2, False), (3, True), (8, True), (9, True), (10, False)])
def test_a_sanction_touches_every_month_it_runs_in_even_partly(month, runs):
    start = dt.date(2026, 3, 20)
    end = c.sanction_end("pemotongan_tukin", start, 6)  # 19 Sep 2026
    assert c.runs_in(start, end, 2026, month) is runs


# ------------------------------------------------------------------------------------------------- TPP
def test_a_full_month_with_a_baik_predikat():
    line = c.compute_tpp(5_000_000, Predikat.BAIK, NONE, RULES)
    assert (line.performance, line.discipline_base, line.discipline, line.net) == (D(3_000_000), D(2_000_000),
                                                                                  D(2_000_000), D(5_000_000))
    assert line.explanation[-1] == "Diterima Rp 5.000.000 (dibulatkan ke rupiah penuh, setengah ke atas)."


@pytest.mark.parametrize(("predikat", "performance"), [
    (Predikat.SANGAT_BAIK, 3_000_000), (Predikat.BAIK, 3_000_000), (Predikat.BUTUH_PERBAIKAN, 2_250_000),
    (Predikat.KURANG, 1_500_000), (Predikat.SANGAT_KURANG, 750_000), (None, 3_000_000),
])
def test_the_performance_part_follows_the_predikat(predikat, performance):
    assert c.compute_tpp(5_000_000, predikat, NONE, RULES).performance == D(performance)


@pytest.mark.parametrize(("minutes", "percent"), [
    (0, "0"), (1, "0.5"), (30, "0.5"), (31, "1"), (60, "1"), (61, "1.2"), (90, "1.2"), (91, "1.5"), (480, "1.5"),
])
def test_late_tiers_at_their_boundaries(minutes, percent):
    line = c.compute_tpp(5_000_000, Predikat.BAIK, c.Attendance(late_minutes=(minutes,)), RULES)
    assert line.deduction_percent == D(percent)
    assert line.discipline_deduction == c.rupiah(D(2_000_000) * D(percent) / 100)


def test_absence_and_lateness_add_up_and_never_pass_the_whole_discipline_part():
    some = c.compute_tpp(5_000_000, Predikat.BAIK, c.Attendance(absent_days=2, late_minutes=(45, 95)), RULES)
    assert some.deduction_percent == D("10.5")  # 2 × 4% + 1% + 1.5%
    assert some.discipline == D(2_000_000) - D(210_000)
    assert "terlambat 2× = 2,5%; tidak masuk 2 hari = 8%" in some.explanation[2]
    many = c.compute_tpp(5_000_000, Predikat.BAIK, c.Attendance(absent_days=30), RULES)
    assert (many.deduction_percent, many.discipline, many.net) == (D(100), D(0), D(3_000_000))


def test_a_running_sedang_sanction_cuts_a_quarter_and_a_dismissal_ends_the_tpp():
    cut = c.compute_tpp(5_000_000, Predikat.BAIK, NONE, RULES, ("pemotongan_tukin",))
    assert (cut.gross, cut.sanction_cut, cut.net) == (D(5_000_000), D(1_250_000), D(3_750_000))
    twice = c.compute_tpp(5_000_000, Predikat.BAIK, NONE, RULES, ("pemotongan_tukin", "pemotongan_tukin"))
    assert twice.net == D(3_750_000)
    warned = c.compute_tpp(5_000_000, Predikat.BAIK, NONE, RULES, ("teguran_tertulis",))
    assert warned.net == D(5_000_000)
    gone = c.compute_tpp(5_000_000, Predikat.BAIK, NONE, RULES, ("pemberhentian",))
    assert gone.net == D(0) and "tidak dibayarkan" in gone.explanation[-2]


def test_money_is_whole_rupiah_rounded_half_up_and_the_lines_add_up():
    line = c.compute_tpp(3_333_333, Predikat.BUTUH_PERBAIKAN, c.Attendance(late_minutes=(20,)), RULES,
                         ("pemotongan_tukin",))
    assert line.performance == D(1_500_000)  # 3.333.333 × 60% × 75% = 1.499.999,85
    assert line.discipline_base == D(1_333_333)  # 1.333.333,2
    assert line.discipline_deduction == D(6_667)  # 0,5% of 1.333.333 = 6.666,665
    assert line.gross == line.performance + line.discipline
    assert line.net == line.gross - line.sanction_cut
    assert all(v == v.to_integral() for v in (line.performance, line.discipline, line.sanction_cut, line.net))


def test_the_rules_are_settings_checked_for_sense():
    assert RULES.problems() == {}
    bad = c.TppRules(performance_weight=D(70), discipline_weight=D(40))
    assert "weights" in bad.problems()
    gap = c.TppRules(late_tiers=(c.LateTier(1, 30, D(1)), c.LateTier(40, None, D(2))))
    assert "late.2" in gap.problems()
    reverse = c.TppRules(performance_weight=D(40), discipline_weight=D(60))
    assert c.compute_tpp(1_000_000, Predikat.BAIK, NONE, reverse).performance == D(400_000)
    with pytest.raises(ValidationError):
        c.compute_tpp(-1, Predikat.BAIK, NONE, RULES)
