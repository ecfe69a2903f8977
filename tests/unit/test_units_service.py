"""services.units: the organisation tree. Every refusal leaves the database exactly as it was."""

from __future__ import annotations

import json

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import employees, units
from asn_desktop.services.units import UnitInput

from .helpers import audit_actions, dump_db, employee, office, sql, unchanged, unit


def test_create_unit_cleans_code_and_name(db):
    pemda = units.create_unit(UnitInput(code="  pemda ", name="  Pemerintah   Kabupaten  Contoh ", kind="pemda", parent_id=None))
    assert (pemda.code, pemda.name, pemda.kind, pemda.parent_id, pemda.active) == (
        "PEMDA",
        "Pemerintah Kabupaten Contoh",
        "pemda",
        None,
        True,
    )
    assert pemda.kind_label == "Pemerintah Daerah"
    dinas = unit("dinkes", "Dinas Kesehatan", "opd", pemda.id)
    assert dinas.code == "DINKES" and dinas.parent_id == pemda.id
    assert sql("SELECT id, code, name, kind, parent_id, active FROM org_unit ORDER BY id") == [
        (pemda.id, "PEMDA", "Pemerintah Kabupaten Contoh", "pemda", None, 1),
        (dinas.id, "DINKES", "Dinas Kesehatan", "opd", pemda.id, 1),
    ]
    assert units.get_unit(dinas.id) == dinas


def test_create_writes_an_audit_entry(db):
    pemda = unit("PEMDA", "Pemerintah Kabupaten Contoh", "pemda")
    assert audit_actions() == [("create", "unit", pemda.id)]
    detail = json.loads(sql("SELECT detail FROM audit_log")[0][0])
    assert detail == {"code": "PEMDA", "name": "Pemerintah Kabupaten Contoh"}
    assert sql("SELECT at FROM audit_log")[0][0][:4].isdigit()


@pytest.mark.parametrize(
    ("make", "field", "message"),
    [
        (lambda ids: UnitInput("dinkes", "Dinas Lain", "opd", ids["pemda"]), "code", "Kode unit DINKES sudah dipakai unit lain."),
        (lambda ids: UnitInput(" Dinkes ", "Dinas Lain", "opd", ids["pemda"]), "code", "Kode unit DINKES sudah dipakai unit lain."),
        (lambda ids: UnitInput("   ", "Dinas Lain", "opd", ids["pemda"]), "code", "Kode unit wajib diisi."),
        (lambda ids: UnitInput("DISDIK", "   ", "opd", ids["pemda"]), "name", "Nama unit wajib diisi."),
        (lambda ids: UnitInput("DISDIK", "Dinas Pendidikan", "opd", 9999), "parent", "Unit induk tidak ditemukan."),
        (
            lambda ids: UnitInput("DISDIK", "Dinas Pendidikan", "opd", None),
            "parent",
            "Perangkat Daerah (Dinas/Badan) harus berada di bawah unit induk.",
        ),
        (
            lambda ids: UnitInput("PEMDA2", "Pemda Kedua", "pemda", ids["pemda"]),
            "parent",
            "Pemerintah Daerah adalah unit teratas dan tidak berada di bawah unit lain.",
        ),
        (
            lambda ids: UnitInput("BID", "Bidang Baru", "bidang", ids["pemda"]),
            "parent",
            "Bidang tidak dapat berada di bawah Pemerintah Daerah; unit induk yang sesuai: Perangkat Daerah (Dinas/Badan).",
        ),
        (
            lambda ids: UnitInput("KEL", "Kelurahan Melati", "kelurahan", ids["dinkes"]),
            "parent",
            "Kelurahan tidak dapat berada di bawah Perangkat Daerah (Dinas/Badan); unit induk yang sesuai: Kecamatan.",
        ),
        (lambda ids: UnitInput("DESA", "Desa Sukamaju", "desa", ids["kecamatan"]), "kind", "Jenis unit 'desa' tidak dikenal."),
    ],
)
def test_create_refusals_write_nothing(db, make, field, message):
    ids = office()
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.create_unit(make(ids))
    assert exc.value.errors[field] == message
    assert exc.value.field == field


def test_several_errors_at_once(db):
    ids = office()
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.create_unit(UnitInput("DINKES", "", "bidang", ids["pemda"]))
    assert set(exc.value.errors) == {"code", "name", "parent"}
    assert str(exc.value).startswith("Data belum benar:\n• ")


def test_inactive_parent_refused(db):
    ids = office()
    units.deactivate_unit(ids["kelurahan"])
    pemda = units.get_unit(ids["pemda"])
    lone = unit("BPBD", "Badan Penanggulangan Bencana", "opd", pemda.id)
    units.deactivate_unit(lone.id)
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.create_unit(UnitInput("BPBD-SEK", "Sekretariat BPBD", "sekretariat", lone.id))
    assert exc.value.errors == {"parent": "Unit induk Badan Penanggulangan Bencana sudah tidak aktif."}


def test_update_unit(db):
    ids = office()
    row = units.update_unit(ids["bidang"], UnitInput("dinkes-p2", "Bidang  P2P", "bidang", ids["dinkes"]))
    assert (row.code, row.name) == ("DINKES-P2", "Bidang P2P")
    assert units.get_unit(ids["bidang"]) == row
    # keeping its own code is not a duplicate
    same = units.update_unit(ids["bidang"], UnitInput("DINKES-P2", "Bidang P2P", "bidang", ids["dinkes"]))
    assert same == row
    assert audit_actions()[-2:] == [("update", "unit", ids["bidang"]), ("update", "unit", ids["bidang"])]


def test_move_a_unit_to_another_parent(db):
    ids = office()
    other = unit("DISDIK", "Dinas Pendidikan", "opd", ids["pemda"])
    moved = units.update_unit(ids["bidang"], UnitInput("DINKES-P2P", "Bidang Pencegahan Penyakit", "bidang", other.id))
    assert moved.parent_id == other.id
    assert units.subtree_ids(other.id) == {other.id, ids["bidang"], ids["seksi"]}
    assert units.subtree_ids(ids["dinkes"]) == {ids["dinkes"], ids["sekretariat"]}


@pytest.mark.parametrize("target", ["bidang", "seksi"])
def test_moving_under_itself_or_its_descendant_refused(db, target):
    ids = office()
    # seksi may stand under a bidang, so only the cycle is wrong here
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.update_unit(ids["bidang"], UnitInput("DINKES-P2P", "Bidang", "seksi", ids[target]))
    assert exc.value.errors == {
        "parent": "Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau unit bawahannya."
    }


def test_moving_an_opd_under_its_own_sub_unit_refused(db):
    ids = office()
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.update_unit(ids["dinkes"], UnitInput("DINKES", "Dinas Kesehatan", "opd", ids["seksi"]))
    assert "dirinya sendiri atau unit bawahannya" in exc.value.errors["parent"]


def test_update_refusals_write_nothing(db):
    ids = office()
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.update_unit(ids["bidang"], UnitInput("DINKES", "Bidang", "bidang", ids["dinkes"]))
    assert exc.value.errors == {"code": "Kode unit DINKES sudah dipakai unit lain."}
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.update_unit(ids["bidang"], UnitInput("DINKES-P2P", "Bidang", "bidang", ids["kecamatan"]))
    assert "Bidang tidak dapat berada di bawah Kecamatan" in exc.value.errors["parent"]
    with unchanged(), pytest.raises(DomainError) as exc:
        units.update_unit(9999, UnitInput("X", "X", "opd", ids["pemda"]))
    assert str(exc.value) == "Unit tidak ditemukan; mungkin sudah dihapus di jendela lain."


def test_changing_kind_refused_when_children_would_not_fit(db):
    ids = office()
    # a dinas with a bidang cannot become a kecamatan (a bidang does not stand under a kecamatan)
    with unchanged(), pytest.raises(ValidationError) as exc:
        units.update_unit(ids["dinkes"], UnitInput("DINKES", "Dinas Kesehatan", "kecamatan", ids["pemda"]))
    assert exc.value.errors == {
        "kind": "Unit bawahan Bidang Pencegahan Penyakit: Bidang tidak dapat berada di bawah Kecamatan; "
        "unit induk yang sesuai: Perangkat Daerah (Dinas/Badan)."
    }


def test_changing_kind_allowed_when_children_fit(db):
    ids = office()
    row = units.update_unit(ids["kecamatan"], UnitInput("KEC-UTARA", "Kecamatan Utara", "kecamatan", ids["pemda"]))
    assert row.kind == "kecamatan"
    seksi_parent = unit("UPTD-LAB", "UPTD Laboratorium", "uptd", ids["dinkes"])
    s = unit("UPTD-LAB-S1", "Seksi Pengujian", "seksi", seksi_parent.id)
    # an UPTD with a seksi may become a bidang: a seksi stands under a bidang too
    changed = units.update_unit(seksi_parent.id, UnitInput("UPTD-LAB", "UPTD Laboratorium", "bidang", ids["dinkes"]))
    assert changed.kind == "bidang"
    assert units.get_unit(s.id).parent_id == seksi_parent.id


def test_deactivate_unit(db):
    ids = office()
    row = units.deactivate_unit(ids["seksi"])
    assert row.active is False
    assert sql("SELECT active FROM org_unit WHERE id = ?", ids["seksi"]) == [(0,)]
    assert audit_actions()[-1] == ("deactivate", "unit", ids["seksi"])
    assert ids["seksi"] not in [u.id for u in units.list_units()]
    assert ids["seksi"] in [u.id for u in units.list_units(include_inactive=True)]
    with unchanged(), pytest.raises(DomainError) as exc:
        units.deactivate_unit(ids["seksi"])
    assert str(exc.value) == "Unit Seksi Surveilans sudah tidak aktif."


def test_deactivate_refused_with_active_employees(db):
    ids = office()
    e1 = employee(ids["seksi"], 1)
    employee(ids["seksi"], 2, name="Ani Lestari")
    with unchanged(), pytest.raises(DomainError) as exc:
        units.deactivate_unit(ids["seksi"])
    assert str(exc.value) == (
        "Unit Seksi Surveilans masih memiliki 2 pegawai aktif; pindahkan mereka ke unit lain lebih dahulu."
    )
    assert units.deactivation_problem(ids["seksi"]) == str(exc.value)  # asked before the user confirms
    # inactive employees do not hold a unit open
    employees.move_employee(e1.id, ids["sekretariat"])
    employees.deactivate_employee(employees.search_employees("Ani")[0].id, "Pensiun")
    assert units.deactivate_unit(ids["seksi"]).active is False


def test_deactivate_refused_with_active_children(db):
    ids = office()
    with unchanged(), pytest.raises(DomainError) as exc:
        units.deactivate_unit(ids["bidang"])
    assert str(exc.value) == (
        "Unit Bidang Pencegahan Penyakit masih memiliki 1 unit bawahan aktif; nonaktifkan atau pindahkan lebih dahulu."
    )
    with unchanged(), pytest.raises(DomainError) as exc:
        units.deactivate_unit(ids["dinkes"])
    assert "masih memiliki 2 unit bawahan aktif" in str(exc.value)
    units.deactivate_unit(ids["seksi"])
    assert units.deactivate_unit(ids["bidang"]).active is False


def test_deactivate_missing_unit(db):
    with pytest.raises(DomainError, match="Unit tidak ditemukan"):
        units.deactivate_unit(42)
    with pytest.raises(DomainError, match="Unit tidak ditemukan"):
        units.get_unit(42)


def test_list_units_parents_before_children_siblings_by_name(db):
    ids = office()
    unit("DISDIK", "dinas Pendidikan", "opd", ids["pemda"])  # lower case: sorted without regard to case
    unit("BAPPEDA", "Badan Perencanaan", "opd", ids["pemda"])
    rows = units.list_units()
    names = [r.name for r in rows]
    assert names == [
        "Pemerintah Kabupaten Contoh",
        "Badan Perencanaan",
        "Dinas Kesehatan",
        "Bidang Pencegahan Penyakit",
        "Seksi Surveilans",
        "Sekretariat Dinas Kesehatan",
        "dinas Pendidikan",
        "Kecamatan Utara",
        "Kelurahan Mawar",
    ]
    position = {r.id: i for i, r in enumerate(rows)}
    for r in rows:
        if r.parent_id is not None:
            assert position[r.parent_id] < position[r.id]


def test_list_units_of_an_empty_database(db):
    assert units.list_units() == []
    assert units.list_units(include_inactive=True) == []


def test_subtree_ids(db):
    ids = office()
    assert units.subtree_ids(ids["pemda"]) == set(ids.values())
    assert units.subtree_ids(ids["dinkes"]) == {ids["dinkes"], ids["sekretariat"], ids["bidang"], ids["seksi"]}
    assert units.subtree_ids(ids["kecamatan"]) == {ids["kecamatan"], ids["kelurahan"]}
    assert units.subtree_ids(ids["seksi"]) == {ids["seksi"]}


def test_a_refused_write_after_good_ones_keeps_the_good_ones(db):
    ids = office()
    before = dump_db()
    with pytest.raises(ValidationError):
        units.create_unit(UnitInput("DINKES", "Duplikat", "opd", ids["pemda"]))
    assert dump_db() == before
    assert len(before["org_unit"]) == 7
    assert len(before["audit_log"]) == 7


def test_a_write_while_another_program_holds_the_lock_is_refused_readably(db, db_path):
    """Two windows (or computers) on one database: the second writer gets a message, nothing half-done."""
    import sqlite3

    from asn_desktop.services.common import BusyError
    from asn_desktop.store.db import database

    database.obj.execute_sql("PRAGMA busy_timeout = 50")  # wait briefly, not the usual 5 s
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the other window is in the middle of saving
    try:
        with pytest.raises(BusyError, match="sedang dipakai") as caught:
            units.create_unit(units.UnitInput("PEMDA", "Pemerintah Kabupaten Contoh", "pemda", None))
        assert "Tidak ada yang tersimpan" in caught.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert units.list_units() == []
    # once the other program is done, the same write goes through
    created = units.create_unit(units.UnitInput("PEMDA", "Pemerintah Kabupaten Contoh", "pemda", None))
    assert [u.id for u in units.list_units()] == [created.id]
