"""Golongan/ruang PNS with pangkat, golongan PPPK I–XVII, code normalisation."""

from __future__ import annotations

import pytest

from asn_desktop.domain import golongan as gol
from asn_desktop.domain.errors import DomainError

# exactly as DESIGN.md lists them
DESIGN_PNS = [
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
DESIGN_PPPK = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII".split()


def test_seventeen_pns_golongan_with_pangkat_in_order():
    assert [(g.code, g.pangkat) for g in gol.PNS_GOLONGAN] == DESIGN_PNS
    assert [g.rank for g in gol.PNS_GOLONGAN] == list(range(1, 18))
    assert {g.kind for g in gol.PNS_GOLONGAN} == {"PNS"}


def test_pppk_golongan_one_to_seventeen():
    assert [g.code for g in gol.PPPK_GOLONGAN] == DESIGN_PPPK
    assert [g.rank for g in gol.PPPK_GOLONGAN] == list(range(1, 18))
    assert all(g.kind == "PPPK" and g.pangkat == "" for g in gol.PPPK_GOLONGAN)


def test_labels():
    assert gol.find_golongan("PNS", "III/a").label == "III/a — Penata Muda"
    assert gol.find_golongan("PPPK", "IX").label == "Golongan IX"


def test_golongan_for():
    assert gol.golongan_for("PNS") is gol.PNS_GOLONGAN
    assert gol.golongan_for("PPPK") is gol.PPPK_GOLONGAN


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("iii/a", "III/a"),
        ("III-A", "III/a"),
        ("3a", "III/a"),
        ("3A", "III/a"),
        ("3/a", "III/a"),
        ("3-b", "III/b"),
        (" IV / e ", "IV/e"),
        ("iv.e", "IV/e"),
        ("1d", "I/d"),
        ("2c", "II/c"),
        ("4e", "IV/e"),
        ("ix", "IX"),
        (" xvii ", "XVII"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_code(typed, code):
    assert gol.normalise_code(typed) == code


@pytest.mark.parametrize("typed", ["12a", "3ab", "4-ea", "3xyzb"])
def test_normalise_does_not_turn_garbage_into_a_golongan(typed):
    with pytest.raises(DomainError):
        gol.find_golongan("PNS", typed)


@pytest.mark.parametrize(
    ("kind", "typed", "code", "pangkat"),
    [
        ("PNS", "iii/a", "III/a", "Penata Muda"),
        ("PNS", "III-A", "III/a", "Penata Muda"),
        ("PNS", "3a", "III/a", "Penata Muda"),
        ("PNS", "4e", "IV/e", "Pembina Utama"),
        ("PNS", "I/a", "I/a", "Juru Muda"),
        ("PPPK", "ix", "IX", ""),
        ("PPPK", "XVII", "XVII", ""),
        ("PPPK", "i", "I", ""),
    ],
)
def test_find_golongan(kind, typed, code, pangkat):
    g = gol.find_golongan(kind, typed)
    assert (g.kind, g.code, g.pangkat) == (kind, code, pangkat)


@pytest.mark.parametrize("typed", ["V/a", "III/f", "IV/f", "", "abc", "IX", "0"])
def test_find_golongan_pns_refusals(typed):
    with pytest.raises(DomainError) as exc:
        gol.find_golongan("PNS", typed)
    assert exc.value.field == "golongan"
    assert str(exc.value) == f"Golongan PNS '{typed}' tidak dikenal (contoh yang benar: III/a)."


@pytest.mark.parametrize("typed", ["XVIII", "III/a", "0", "", "18"])
def test_find_golongan_pppk_refusals(typed):
    with pytest.raises(DomainError) as exc:
        gol.find_golongan("PPPK", typed)
    assert exc.value.field == "golongan"
    assert str(exc.value) == f"Golongan PPPK '{typed}' tidak dikenal (yang berlaku: I sampai XVII)."


def test_ranks_are_ordered():
    codes = [c for c, _ in DESIGN_PNS]
    ranks = [gol.rank_of("PNS", c) for c in codes]
    assert ranks == sorted(ranks) == list(range(1, 18))
    assert gol.rank_of("PNS", "II/d") < gol.rank_of("PNS", "III/a") < gol.rank_of("PNS", "IV/e")
    assert gol.rank_of("PPPK", "IX") == 9
    assert gol.rank_of("PPPK", "XVII") == 17
    assert gol.rank_of("PNS", "iii-b") == 10
    assert gol.rank_of("PNS", "V/a") == 0
    assert gol.rank_of("PPPK", "III/a") == 0


def test_pangkat_of():
    assert gol.pangkat_of("PNS", "3d") == "Penata Tingkat I"
    assert gol.pangkat_of("PNS", "IV/c") == "Pembina Utama Muda"
    assert gol.pangkat_of("PPPK", "IX") == ""
    assert gol.pangkat_of("PNS", "unknown") == ""


def test_starting_golongan_by_education_are_real_pns_golongan():
    assert set(gol.PNS_START_BY_EDUCATION) == set(gol.EDUCATION_LEVELS)
    for level, code in gol.PNS_START_BY_EDUCATION.items():
        assert gol.find_golongan("PNS", code).code == code, level
    ranks = [gol.rank_of("PNS", gol.PNS_START_BY_EDUCATION[e]) for e in gol.EDUCATION_LEVELS]
    assert ranks == sorted(ranks)
    assert gol.PNS_START_BY_EDUCATION["S1"] == "III/a"
