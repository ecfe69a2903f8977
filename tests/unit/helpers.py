"""Helpers for the unit tests: a full dump of the open database, and builders for units and employees."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from asn_desktop.domain import nip as nipmod
from asn_desktop.services import employees, units
from asn_desktop.store.db import database


def sql(query: str, *params: Any) -> list[tuple]:
    """Run raw SQL on the open database (bypassing the services) and return the rows."""
    return list(database.obj.execute_sql(query, params).fetchall())


def dump_db() -> dict[str, Any]:
    """Every row of every table (and the schema version), to compare a database before and after."""
    tables = [r[0] for r in sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out: dict[str, Any] = {"user_version": sql("PRAGMA user_version")[0][0]}
    for t in tables:
        out[t] = sql(f'SELECT * FROM "{t}" ORDER BY rowid')
    return out


@contextmanager
def unchanged():
    """Assert that the block leaves the database exactly as it was (use around a refused write)."""
    before = dump_db()
    yield
    after = dump_db()
    assert after == before, "a refused write changed the database"


def audit_actions(entity: str | None = None) -> list[tuple[str, str, int | None]]:
    rows = sql("SELECT action, entity, entity_id FROM audit_log ORDER BY id")
    return [r for r in rows if entity is None or r[1] == entity]


# ------------------------------------------------------------------------------------------------ builders
def unit(code: str, name: str, kind: str, parent_id: int | None = None) -> units.UnitRow:
    return units.create_unit(units.UnitInput(code=code, name=name, kind=kind, parent_id=parent_id))


def office() -> dict[str, int]:
    """A small office: pemda > (dinas > (sekretariat, bidang > seksi), kecamatan > kelurahan). Returns ids."""
    ids: dict[str, int] = {}
    ids["pemda"] = unit("PEMDA", "Pemerintah Kabupaten Contoh", "pemda").id
    ids["dinkes"] = unit("DINKES", "Dinas Kesehatan", "opd", ids["pemda"]).id
    ids["sekretariat"] = unit("DINKES-SEK", "Sekretariat Dinas Kesehatan", "sekretariat", ids["dinkes"]).id
    ids["bidang"] = unit("DINKES-P2P", "Bidang Pencegahan Penyakit", "bidang", ids["dinkes"]).id
    ids["seksi"] = unit("DINKES-P2P-S1", "Seksi Surveilans", "seksi", ids["bidang"]).id
    ids["kecamatan"] = unit("KEC-UTARA", "Kecamatan Utara", "kecamatan", ids["pemda"]).id
    ids["kelurahan"] = unit("KEL-MAWAR", "Kelurahan Mawar", "kelurahan", ids["kecamatan"]).id
    return ids


def pns_nip(serial: int = 1, birth: dt.date = dt.date(1986, 9, 26), gender: str = "L", tmt=(2015, 5)) -> str:
    return nipmod.make_nip(birth, tmt[0], gender, serial, appointment_month=tmt[1])


def pppk_nip(serial: int = 1, birth: dt.date = dt.date(2000, 12, 31), gender: str = "L", year: int = 2024) -> str:
    return nipmod.make_nip(birth, year, gender, serial, pppk_contract=1)


def emp_input(unit_id: int | None, nip: str | None = None, **over: Any) -> employees.EmployeeInput:
    """A valid EmployeeInput (PNS, III/a, fungsional Ahli Pertama); birth date and gender follow the NIP."""
    nip = pns_nip() if nip is None else nip
    try:
        info = nipmod.parse_nip(nip)
        gender, birth, kind = info.gender, info.birth_date, info.kind
    except nipmod.NipError:  # a test of a wrong NIP: the rest stays valid
        gender, birth, kind = "L", dt.date(1986, 9, 26), "PNS"
    values: dict[str, Any] = dict(
        nip=nip,
        name="Budi Santoso",
        gender=gender,
        birth_date=birth,
        status=kind,
        golongan="III/a" if kind == "PNS" else "IX",
        position_title="Analis Kepegawaian",
        position_kind="fungsional",
        jenjang="Ahli Pertama",
        unit_id=unit_id,
    )
    values.update(over)
    return employees.EmployeeInput(**values)


def employee(unit_id: int, serial: int = 1, name: str = "Budi Santoso", **over: Any) -> employees.EmployeeRow:
    """Create a valid PNS employee with a NIP made from ``serial``."""
    nip = over.pop("nip", None) or pns_nip(serial)
    return employees.create_employee(emp_input(unit_id, nip, name=name, **over))


# -------------------------------------------------------------------------------------------- damage
def damage(path: Path) -> None:
    """Overwrite the data pages written after the schema (every page past the last table's or index's root)
    with garbage, as a failing disk would; the schema itself stays readable."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        last_root = conn.execute("SELECT max(rootpage) FROM sqlite_master").fetchone()[0]
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    first = max(last_root, len(data) // 2 // page)  # pages are numbered from 1: page n starts at (n - 1) * size
    assert len(data) > (first + 4) * page, "not enough data pages to damage"
    for off in range(first * page, len(data) - page):
        data[off] = 0x5A
    path.write_bytes(bytes(data))


def fill(n: int = 400) -> None:
    """Enough employees (raw SQL, fast) to fill some pages; the unit PEMDA must exist."""
    assert n < 1000
    unit_id = sql("SELECT id FROM org_unit WHERE code = 'PEMDA'")[0][0]
    for i in range(n):
        nip, name = f"198609262015051{i + 1:03d}", f"Pegawai Nomor {'x' * 80} {i}"
        sql(
            "INSERT INTO employee (nip, name, gender, birth_date, status, golongan, position_title, "
            "position_kind, jenjang, unit_id) VALUES (?, ?, 'L', '1986-09-26', 'PNS', 'III/a', 'Analis', "
            "'fungsional', 'Ahli Pertama', ?)",
            nip,
            name,
            unit_id,
        )
