"""The predikat kinerja matrix (PermenPANRB 6/2022), cell by cell as in DESIGN.md."""

from __future__ import annotations

import pytest

from asn_desktop.domain.predikat import Predikat, Rating, explain, predikat

BAWAH, SESUAI, ATAS = Rating.DI_BAWAH, Rating.SESUAI, Rating.DI_ATAS

# (hasil kerja, perilaku kerja) -> label, copied from DESIGN.md's table
DESIGN_TABLE = [
    (ATAS, BAWAH, "Kurang/Misconduct"),
    (ATAS, SESUAI, "Baik"),
    (ATAS, ATAS, "Sangat Baik"),
    (SESUAI, BAWAH, "Kurang/Misconduct"),
    (SESUAI, SESUAI, "Baik"),
    (SESUAI, ATAS, "Baik"),
    (BAWAH, BAWAH, "Sangat Kurang"),
    (BAWAH, SESUAI, "Butuh Perbaikan"),
    (BAWAH, ATAS, "Butuh Perbaikan"),
]


@pytest.mark.parametrize(("hasil", "perilaku", "label"), DESIGN_TABLE)
def test_matrix_cell(hasil, perilaku, label):
    p = predikat(hasil, perilaku)
    assert isinstance(p, Predikat)
    assert p.label == label


def test_table_covers_every_combination():
    assert {(h, p) for h, p, _ in DESIGN_TABLE} == {(h, p) for h in Rating for p in Rating}


def test_every_predikat_is_reachable():
    assert {predikat(h, p) for h, p, _ in DESIGN_TABLE} == set(Predikat)


@pytest.mark.parametrize(("hasil", "perilaku", "label"), DESIGN_TABLE)
def test_explain_mentions_ratings_and_predikat(hasil, perilaku, label):
    text = explain(hasil, perilaku)
    assert text.endswith(f"menghasilkan predikat {label}.")
    assert f"Hasil kerja {hasil.label.lower()}" in text
    assert f"perilaku kerja {perilaku.label.lower()}" in text


def test_explain_example():
    assert explain(ATAS, SESUAI) == (
        "Hasil kerja di atas ekspektasi dan perilaku kerja sesuai ekspektasi menghasilkan predikat Baik."
    )


def test_labels():
    assert [r.label for r in Rating] == ["Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi"]
    assert [p.label for p in Predikat] == [
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    ]
