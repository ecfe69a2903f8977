"""Unit kinds and where they may stand; position kinds and their jenjang; the error classes."""

from __future__ import annotations

import pytest

from asn_desktop.domain import organisation as org
from asn_desktop.domain.errors import DomainError, ValidationError

ALLOWED = {
    "pemda": {None},
    "opd": {"pemda"},
    "kecamatan": {"pemda"},
    "sekretariat": {"opd", "kecamatan"},
    "bidang": {"opd"},
    "subbagian": {"sekretariat", "opd", "kecamatan"},
    "seksi": {"bidang", "kecamatan", "opd", "uptd"},
    "kelurahan": {"kecamatan"},
    "uptd": {"opd"},
}
ALL_PARENTS = [None, *org.UNIT_KINDS]


def test_unit_kinds():
    assert set(org.UNIT_KINDS) == set(ALLOWED)
    assert org.UNIT_KINDS["opd"] == "Perangkat Daerah (Dinas/Badan)"
    assert org.UNIT_KINDS["kelurahan"] == "Kelurahan"


@pytest.mark.parametrize("kind", list(ALLOWED))
@pytest.mark.parametrize("parent", ALL_PARENTS)
def test_placement_matrix(kind, parent):
    if parent in ALLOWED[kind]:
        assert org.check_unit_placement(kind, parent) is None
    else:
        with pytest.raises(DomainError) as exc:
            org.check_unit_placement(kind, parent)
        assert exc.value.field == "parent"


def test_placement_messages():
    with pytest.raises(DomainError) as exc:
        org.check_unit_placement("pemda", "opd")
    assert str(exc.value) == "Pemerintah Daerah adalah unit teratas dan tidak berada di bawah unit lain."

    with pytest.raises(DomainError) as exc:
        org.check_unit_placement("opd", None)
    assert str(exc.value) == "Perangkat Daerah (Dinas/Badan) harus berada di bawah unit induk."

    with pytest.raises(DomainError) as exc:
        org.check_unit_placement("kelurahan", "opd")
    assert str(exc.value) == (
        "Kelurahan tidak dapat berada di bawah Perangkat Daerah (Dinas/Badan); unit induk yang sesuai: Kecamatan."
    )

    with pytest.raises(DomainError) as exc:
        org.check_unit_placement("bidang", "pemda")
    assert "Bidang tidak dapat berada di bawah Pemerintah Daerah" in str(exc.value)
    assert str(exc.value).endswith("unit induk yang sesuai: Perangkat Daerah (Dinas/Badan).")


def test_unknown_unit_kind():
    with pytest.raises(DomainError) as exc:
        org.check_unit_placement("desa", "kecamatan")
    assert exc.value.field == "kind"
    assert str(exc.value) == "Jenis unit 'desa' tidak dikenal."


JENJANG_EXPECTED = {
    "struktural": ["JPT Pratama", "Administrator", "Pengawas"],
    "fungsional": [
        "Pemula",
        "Terampil",
        "Mahir",
        "Penyelia",
        "Ahli Pertama",
        "Ahli Muda",
        "Ahli Madya",
        "Ahli Utama",
    ],
    "pelaksana": ["Pelaksana"],
}


def test_position_kinds_and_jenjang():
    assert org.POSITION_KINDS == {"struktural": "Struktural", "fungsional": "Fungsional", "pelaksana": "Pelaksana"}
    assert {k: list(v) for k, v in org.JENJANG.items()} == JENJANG_EXPECTED


@pytest.mark.parametrize(
    ("kind", "jenjang"), [(k, j) for k, js in JENJANG_EXPECTED.items() for j in js]
)
def test_jenjang_valid_for_its_kind(kind, jenjang):
    assert org.check_jenjang(kind, jenjang) is None
    for other, js in JENJANG_EXPECTED.items():
        if jenjang not in js:
            with pytest.raises(DomainError) as exc:
                org.check_jenjang(other, jenjang)
            assert exc.value.field == "jenjang"


def test_jenjang_messages():
    with pytest.raises(DomainError) as exc:
        org.check_jenjang("pelaksana", "Ahli Muda")
    assert str(exc.value) == (
        "Jenjang 'Ahli Muda' tidak berlaku untuk jabatan pelaksana; pilih salah satu: Pelaksana."
    )
    with pytest.raises(DomainError) as exc:
        org.check_jenjang("struktural", "")
    assert str(exc.value) == (
        "Jenjang '(kosong)' tidak berlaku untuk jabatan struktural; pilih salah satu: "
        "JPT Pratama, Administrator, Pengawas."
    )


def test_unknown_position_kind():
    with pytest.raises(DomainError) as exc:
        org.check_jenjang("honorer", "Pelaksana")
    assert exc.value.field == "position_kind"
    assert str(exc.value) == "Jenis jabatan 'honorer' tidak dikenal."


def test_genders_and_statuses():
    assert org.GENDERS == {"L": "Laki-laki", "P": "Perempuan"}
    assert set(org.EMPLOYEE_STATUSES) == {"PNS", "PPPK"}


def test_validation_error_messages():
    one = ValidationError({"name": "Nama wajib diisi."})
    assert str(one) == "Nama wajib diisi."
    assert one.field == "name"
    two = ValidationError({"nip": "NIP salah.", "name": "Nama wajib diisi."})
    assert str(two) == "Data belum benar:\n• NIP salah.\n• Nama wajib diisi."
    assert two.field == "nip"
    assert two.errors == {"nip": "NIP salah.", "name": "Nama wajib diisi."}
    assert isinstance(two, DomainError)
