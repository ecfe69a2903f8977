"""Ratings and the predikat kinerja matrix (PermenPANRB 6/2022)."""

from __future__ import annotations

from enum import Enum


class Rating(Enum):
    """Rating Hasil Kerja / Rating Perilaku Kerja."""

    DI_BAWAH = "Di Bawah Ekspektasi"
    SESUAI = "Sesuai Ekspektasi"
    DI_ATAS = "Di Atas Ekspektasi"

    @property
    def label(self) -> str:
        return self.value


class Predikat(Enum):
    SANGAT_BAIK = "Sangat Baik"
    BAIK = "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan"
    KURANG = "Kurang/Misconduct"
    SANGAT_KURANG = "Sangat Kurang"

    @property
    def label(self) -> str:
        return self.value


# (rating hasil kerja, rating perilaku kerja) -> predikat
_MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: Rating, perilaku_kerja: Rating) -> Predikat:
    """Predikat kinerja pegawai from rating hasil kerja and rating perilaku kerja."""
    return _MATRIX[(hasil_kerja, perilaku_kerja)]


def explain(hasil_kerja: Rating, perilaku_kerja: Rating) -> str:
    """One line saying why: for the evaluation form."""
    p = predikat(hasil_kerja, perilaku_kerja)
    return (
        f"Hasil kerja {hasil_kerja.label.lower()} dan perilaku kerja {perilaku_kerja.label.lower()} "
        f"menghasilkan predikat {p.label}."
    )
