"""The store: migrations, upgrading an old file in place after a backup, refusing files that are not ours
or newer than the app, SQL-level constraints, pragmas, settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import sqlite3
from pathlib import Path

import peewee
import pytest

from asn_desktop.services import database, location
from asn_desktop.store import db as store_db
from asn_desktop.store import migrations
from asn_desktop.store import settings as store_settings
from asn_desktop.store.db import APPLICATION_ID, StoreError
from asn_desktop.store.models import Employee, OrgUnit, PositionHistory

from .helpers import office, sql, unit

OLD_NIP = "198609262015051001"


@pytest.fixture
def closing():
    """For tests that open databases themselves: unbind the models afterwards."""
    yield
    database.close_database()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    return [p for p in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None)


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def dump_raw(path: Path) -> dict[str, list[tuple]]:
    conn = raw(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in sorted(tables(conn))}
    finally:
        conn.close()


def make_version_1_file(path: Path) -> None:
    """A real file of schema 1, as the first release wrote it, with one unit and one employee."""
    conn = raw(path)
    try:
        assert migrations.apply(conn, target=1) == [1]
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        conn.execute("INSERT INTO org_unit (id, code, name, kind) VALUES (1, 'PEMDA', 'Pemerintah Kabupaten Lama', 'pemda')")
        conn.execute(
            "INSERT INTO org_unit (id, code, name, kind, parent_id) VALUES (2, 'DINKES', 'Dinas Kesehatan', 'opd', 1)"
        )
        conn.execute(
            """INSERT INTO employee (id, nip, front_title, name, back_title, gender, birth_date, status, golongan,
                                     position_title, position_kind, jenjang, unit_id)
               VALUES (7, ?, 'dr.', 'Siti Aminah', 'M.Kes.', 'L', '1986-09-26', 'PNS', 'III/c',
                       'Kepala Seksi Surveilans', 'struktural', 'Pengawas', 2)""",
            (OLD_NIP,),
        )
        conn.execute("INSERT INTO setting (key, value) VALUES ('office.name', '\"Kantor Lama\"')")
    finally:
        conn.close()


def make_real_db(path: Path) -> None:
    database.open_database(path)
    ids = office()
    for i in range(40):
        sql(
            "INSERT INTO setting (key, value) VALUES (?, ?)", f"isian.{i}", '"' + "x" * 300 + '"'
        )
    assert ids
    database.close_database()


# ------------------------------------------------------------------------------------------- new files
def test_new_file_gets_latest_version_and_application_id(db, db_path):
    assert db.version_before == 0
    assert db.created
    assert db.version == migrations.LATEST_VERSION
    assert db.upgrade_backup is None
    assert sql("PRAGMA user_version")[0][0] == migrations.LATEST_VERSION
    assert sql("PRAGMA application_id")[0][0] == APPLICATION_ID
    names = {r[0] for r in sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"org_unit", "employee", "setting", "position_history", "audit_log"} <= names


def test_reopening_a_current_file_keeps_data_and_makes_no_backup(db_path, closing):
    database.open_database(db_path)
    unit("PEMDA", "Pemerintah Kabupaten Contoh", "pemda")
    database.close_database()
    again = database.open_database(db_path)
    assert (again.version_before, again.version, again.upgrade_backup) == (
        migrations.LATEST_VERSION,
        migrations.LATEST_VERSION,
        None,
    )
    assert not again.created
    assert [u.code for u in OrgUnit.select()] == ["PEMDA"]
    assert list(db_path.parent.glob("*sebelum-skema*")) == []


def test_new_file_in_a_missing_folder_is_created(tmp_path, closing):
    path = tmp_path / "a" / "b" / "kantor.db"
    opened = database.open_database(path)
    assert path.is_file() and opened.created


def test_empty_file_becomes_a_new_database(tmp_path, closing):
    path = tmp_path / "kosong.db"
    path.touch()
    opened = database.open_database(path)
    assert opened.created and opened.version == migrations.LATEST_VERSION


def test_migrations_are_numbered_in_order():
    numbers = [m[0] for m in migrations.MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1))
    assert migrations.LATEST_VERSION == numbers[-1]


def test_apply_is_idempotent(tmp_path):
    conn = raw(tmp_path / "x.db")
    try:
        assert migrations.apply(conn) == list(range(1, migrations.LATEST_VERSION + 1))
        assert migrations.apply(conn) == []
        assert migrations.user_version(conn) == migrations.LATEST_VERSION
    finally:
        conn.close()


# ------------------------------------------------------------------------------------ upgrading old files
def test_old_schema_file_is_upgraded_in_place_after_a_backup(db_path, closing):
    make_version_1_file(db_path)
    old_rows = dump_raw(db_path)
    assert "position_history" not in old_rows

    opened = database.open_database(db_path)

    assert (opened.version_before, opened.version) == (1, migrations.LATEST_VERSION)
    assert not opened.created
    assert sql("PRAGMA user_version")[0][0] == migrations.LATEST_VERSION
    assert sql("PRAGMA application_id")[0][0] == APPLICATION_ID
    # data kept
    assert [(u.id, u.code, u.parent_id) for u in OrgUnit.select().order_by(OrgUnit.id)] == [
        (1, "PEMDA", None),
        (2, "DINKES", 1),
    ]
    e = Employee.get_by_id(7)
    assert (e.nip, e.front_title, e.name, e.back_title, e.golongan, e.unit_id) == (
        OLD_NIP,
        "dr.",
        "Siti Aminah",
        "M.Kes.",
        "III/c",
        2,
    )
    assert e.birth_date == dt.date(1986, 9, 26)
    assert store_settings.get("office.name") == "Kantor Lama"
    # the old employee got their current position as the first history entry
    hist = list(PositionHistory.select())
    assert len(hist) == 1
    h = hist[0]
    assert (h.employee_id, h.position_title, h.position_kind, h.jenjang, h.unit_id) == (
        7,
        "Kepala Seksi Surveilans",
        "struktural",
        "Pengawas",
        2,
    )
    assert h.end_date is None
    assert h.note == "Jabatan saat pembaruan basis data"
    assert abs((h.start_date - dt.date.today()).days) <= 1  # date('now') is UTC
    # the backup copy: next to the file, named by upgrade_backup_path, still schema 1 with the same rows
    backup = opened.upgrade_backup
    assert backup is not None and backup.parent == db_path.parent
    assert re.fullmatch(r"kantor\.sebelum-skema-1\.\d{8}-\d{6}\.db", backup.name), backup.name
    assert backup.is_file()
    conn = raw(backup)
    try:
        assert migrations.user_version(conn) == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()
    assert dump_raw(backup) == old_rows


def test_upgraded_file_works_with_the_services(db_path, closing):
    from asn_desktop.services import employees

    make_version_1_file(db_path)
    database.open_database(db_path)
    detail = employees.get_employee(7)
    assert detail.unit_name == "Dinas Kesehatan"
    assert [p.position_title for p in detail.history] == ["Kepala Seksi Surveilans"]
    moved = employees.update_employee(7, detail.data)
    assert moved.name == "dr. Siti Aminah, M.Kes."


def test_failed_upgrade_leaves_the_old_version_and_data(db_path, closing, monkeypatch):
    make_version_1_file(db_path)
    old_rows = dump_raw(db_path)
    broken = (2, "rusak", ["CREATE TABLE position_history (id INTEGER PRIMARY KEY)", "INI BUKAN SQL"])
    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    with pytest.raises(StoreError) as exc:
        database.open_database(db_path)
    assert "tidak dapat diperbarui" in str(exc.value)
    assert "Cadangan:" in str(exc.value)
    conn = raw(db_path)
    try:
        assert migrations.user_version(conn) == 1
        assert "position_history" not in tables(conn)
    finally:
        conn.close()
    assert dump_raw(db_path) == old_rows
    backups = list(db_path.parent.glob("kantor.sebelum-skema-1.*.db"))
    assert len(backups) == 1 and dump_raw(backups[0]) == old_rows


def test_each_migration_applies_in_one_transaction(tmp_path, monkeypatch):
    path = tmp_path / "x.db"
    conn = raw(path)
    try:
        migrations.apply(conn)
        before = migrations.user_version(conn)
        assert before == migrations.LATEST_VERSION
        broken = (99, "rusak", ["CREATE TABLE half_done (id INTEGER PRIMARY KEY)", "CREATE TABEL oops (x)"])
        monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
        with pytest.raises(sqlite3.OperationalError):
            migrations.apply(conn, target=99)
        assert migrations.user_version(conn) == before
        assert "half_done" not in tables(conn)
        assert not conn.in_transaction
    finally:
        conn.close()
    # and from a fresh connection too: nothing of migration 99 was committed
    conn = raw(path)
    try:
        assert migrations.user_version(conn) == before
        assert "half_done" not in tables(conn)
    finally:
        conn.close()


def test_migrations_before_a_broken_one_stay_applied(tmp_path, monkeypatch):
    conn = raw(tmp_path / "x.db")
    try:
        broken = (2, "rusak", ["CREATE TABLE half_done (id INTEGER PRIMARY KEY)", "SELECT * FROM tidak_ada"])
        monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
        with pytest.raises(sqlite3.OperationalError):
            migrations.apply(conn, target=2)
        assert migrations.user_version(conn) == 1
        assert "employee" in tables(conn) and "half_done" not in tables(conn)
    finally:
        conn.close()


def test_upgrade_backup_path():
    now = dt.datetime(2025, 1, 2, 3, 4, 5)
    assert store_db.upgrade_backup_path(Path("/x/kantor.db"), 1, now) == Path(
        "/x/kantor.sebelum-skema-1.20250102-030405.db"
    )
    assert store_db.upgrade_backup_path(Path("/x/kantor"), 3, now) == Path(
        "/x/kantor.sebelum-skema-3.20250102-030405.db"
    )


def test_backup_copy_of_a_live_database_includes_uncheckpointed_writes(db, db_path, tmp_path):
    unit("PEMDA", "Pemerintah Kabupaten Contoh", "pemda")
    copy = store_db.backup_copy(db_path, tmp_path / "salinan" / "copy.db")
    conn = raw(copy)
    try:
        assert conn.execute("SELECT code FROM org_unit").fetchall() == [("PEMDA",)]
        assert migrations.user_version(conn) == migrations.LATEST_VERSION
    finally:
        conn.close()


# ------------------------------------------------------------------------------------------- refusals
def test_newer_file_is_refused_and_left_unchanged(db_path, closing):
    database.open_database(db_path)
    unit("PEMDA", "Pemerintah Kabupaten Contoh", "pemda")
    database.close_database()
    conn = raw(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1:d}")
    conn.close()
    assert sidecars(db_path) == []
    digest = sha256(db_path)

    with pytest.raises(StoreError) as exc:
        database.open_database(db_path)

    message = str(exc.value)
    assert "lebih baru" in message
    assert f"skema {migrations.LATEST_VERSION + 1}" in message
    assert "Berkas tidak diubah." in message
    assert sha256(db_path) == digest
    assert sidecars(db_path) == []  # no -wal (or -shm) left behind to change it later
    assert list(db_path.parent.glob("*sebelum-skema*")) == []
    conn = raw(db_path)
    try:
        assert migrations.user_version(conn) == migrations.LATEST_VERSION + 1
    finally:
        conn.close()


def _random_bytes(path: Path, _real: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(16384))


def _text_file(path: Path, _real: Path) -> None:
    path.write_text("NIP;Nama\n198609262015051001;Budi Santoso\n" * 50, encoding="utf-8")


def _truncated_copy(path: Path, real: Path) -> None:
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _header_only(path: Path, real: Path) -> None:
    path.write_bytes(real.read_bytes()[:100])


@pytest.mark.parametrize("make", [_random_bytes, _text_file, _truncated_copy, _header_only])
def test_not_a_database_is_refused_and_left_unchanged(tmp_path, closing, make):
    real = tmp_path / "asli.db"
    make_real_db(real)
    path = tmp_path / "bukan.db"
    make(path, real)
    digest = sha256(path)
    with pytest.raises(StoreError) as exc:
        database.open_database(path)
    assert "bukan basis data ASN Desktop, atau berkasnya rusak/terpotong" in str(exc.value)
    assert "Berkas tidak diubah." in str(exc.value)
    assert "bukan.db" in str(exc.value)
    assert sha256(path) == digest
    assert sidecars(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asli.db", "bukan.db"]


def test_another_programs_sqlite_file_is_refused(tmp_path, closing):
    path = tmp_path / "lain.db"
    conn = raw(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('milik program lain')")
    conn.close()
    digest = sha256(path)
    with pytest.raises(StoreError) as exc:
        database.open_database(path)
    assert "basis data program lain" in str(exc.value)
    assert sha256(path) == digest
    assert sidecars(path) == []


def test_sqlite_file_with_a_version_but_another_application_id_is_refused(tmp_path, closing):
    path = tmp_path / "lain.db"
    conn = raw(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    digest = sha256(path)
    with pytest.raises(StoreError, match="bukan basis data ASN Desktop"):
        database.open_database(path)
    assert sha256(path) == digest


def test_a_folder_is_refused(tmp_path, closing):
    with pytest.raises(StoreError, match="adalah folder"):
        database.open_database(tmp_path)


def test_newer_file_is_refused_even_when_another_connection_has_it_open(db_path, closing):
    """The -wal/-shm files that exist because someone else has the file open must not be removed."""
    database.open_database(db_path)
    database.close_database()
    holder = raw(db_path)
    try:
        holder.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5:d}")
        holder.execute("SELECT 1 FROM org_unit").fetchall()
        present = sidecars(db_path)
        assert present  # WAL mode: the open connection has its -wal/-shm
        with pytest.raises(StoreError, match="lebih baru"):
            database.open_database(db_path)
        assert sidecars(db_path) == present
    finally:
        holder.close()


# ------------------------------------------------------------------------------ constraints at SQL level
EMP_COLS = (
    "nip, name, gender, birth_date, status, golongan, position_title, position_kind, jenjang, unit_id"
)


def _insert_employee(nip: str, unit_id: int) -> None:
    sql(
        f"INSERT INTO employee ({EMP_COLS}) VALUES (?, 'Budi', 'L', '1986-09-26', 'PNS', 'III/a', "
        "'Analis', 'fungsional', 'Ahli Pertama', ?)",
        nip,
        unit_id,
    )


@pytest.mark.parametrize("nip", ["19860926201505100", "1986092620150510011", "19860926201505100A", ""])
def test_sql_refuses_a_nip_that_is_not_18_digits(db, nip):
    ids = office()
    with pytest.raises(peewee.IntegrityError):
        _insert_employee(nip, ids["dinkes"])
    assert sql("SELECT count(*) FROM employee") == [(0,)]


def test_sql_refuses_duplicate_nip(db):
    ids = office()
    _insert_employee(OLD_NIP, ids["dinkes"])
    with pytest.raises(peewee.IntegrityError):
        _insert_employee(OLD_NIP, ids["pemda"])


def test_sql_refuses_being_ones_own_supervisor(db):
    ids = office()
    _insert_employee(OLD_NIP, ids["dinkes"])
    with pytest.raises(peewee.IntegrityError):
        sql("UPDATE employee SET supervisor_id = id")
    assert sql("SELECT supervisor_id FROM employee") == [(None,)]


def test_foreign_keys_are_enforced(db):
    ids = office()
    with pytest.raises(peewee.IntegrityError, match="FOREIGN KEY"):
        _insert_employee(OLD_NIP, 9999)
    with pytest.raises(peewee.IntegrityError, match="FOREIGN KEY"):
        sql("INSERT INTO org_unit (code, name, kind, parent_id) VALUES ('X', 'X', 'opd', 9999)")
    _insert_employee(OLD_NIP, ids["dinkes"])
    with pytest.raises(peewee.IntegrityError, match="FOREIGN KEY"):
        sql("DELETE FROM org_unit WHERE id = ?", ids["dinkes"])  # ON DELETE RESTRICT


GOOD_ROW = {
    "nip": OLD_NIP,
    "name": "Budi",
    "gender": "L",
    "birth_date": "1986-09-26",
    "status": "PNS",
    "golongan": "III/a",
    "position_title": "Analis",
    "position_kind": "fungsional",
    "jenjang": "Ahli Pertama",
}


@pytest.mark.parametrize(
    ("column", "value"),
    [("gender", "X"), ("status", "HONORER"), ("name", "   "), ("position_kind", "lainnya"), ("nip", None)],
)
def test_sql_refuses_bad_values(db, column, value):
    ids = office()
    row = {**GOOD_ROW, column: value, "unit_id": ids["dinkes"]}
    cols = ", ".join(row)
    with pytest.raises(peewee.IntegrityError):
        sql(f"INSERT INTO employee ({cols}) VALUES ({', '.join('?' * len(row))})", *row.values())
    assert sql("SELECT count(*) FROM employee") == [(0,)]
    good = {**GOOD_ROW, "unit_id": ids["dinkes"]}
    sql(f"INSERT INTO employee ({cols}) VALUES ({', '.join('?' * len(good))})", *good.values())
    assert sql("SELECT count(*) FROM employee") == [(1,)]


def test_sql_refuses_empty_unit_name_and_code(db):
    with pytest.raises(peewee.IntegrityError):
        sql("INSERT INTO org_unit (code, name, kind) VALUES ('A', '  ', 'pemda')")
    with pytest.raises(peewee.IntegrityError):
        sql("INSERT INTO org_unit (code, name, kind) VALUES (' ', 'Pemda', 'pemda')")
    assert sql("SELECT count(*) FROM org_unit") == [(0,)]


def test_pragmas_of_the_opened_database(db):
    obj = store_db.database.obj
    assert obj.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert obj.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert obj.execute_sql("PRAGMA busy_timeout").fetchone()[0] > 0
    assert obj.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL: a save shown as saved is on disk


# --------------------------------------------------------------------------------- settings and opening
def test_settings_defaults_and_values(db):
    assert store_settings.get("office.name") == ""
    assert store_settings.get("app.first_run_done") is False
    assert store_settings.get("evaluation.cadence") == "triwulan"
    store_settings.put("evaluation.cadence", "bulanan")
    store_settings.put("evaluation.cadence", "semester")
    assert store_settings.get("evaluation.cadence") == "semester"
    assert sql("SELECT key, value FROM setting") == [("evaluation.cadence", '"semester"')]
    with pytest.raises(KeyError):
        store_settings.put("tidak.ada", 1)
    with pytest.raises(KeyError):
        store_settings.get("tidak.ada")


def test_first_run_choice_and_office(db):
    assert database.is_empty()
    assert database.needs_first_run_choice()
    database.mark_first_run_done()
    assert not database.needs_first_run_choice()
    database.set_office("  Dinas   Kesehatan ", " Kabupaten  Contoh ")
    assert database.office_name() == "Dinas Kesehatan"
    assert store_settings.get("office.region") == "Kabupaten Contoh"
    unit("PEMDA", "Pemerintah Kabupaten Contoh", "pemda")
    assert not database.is_empty()


def test_first_run_choice_not_offered_on_a_database_with_data(db):
    unit("PEMDA", "Pemerintah Kabupaten Contoh", "pemda")
    assert not database.needs_first_run_choice()


def test_resolve_db_path(monkeypatch, tmp_path):
    monkeypatch.setenv(location.ENV_DB, str(tmp_path / "env.db"))
    assert location.resolve_db_path(str(tmp_path / "cli.db")) == tmp_path / "cli.db"
    assert location.resolve_db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv(location.ENV_DB)
    assert location.resolve_db_path(None) == location.default_db_path()
    assert location.default_db_path().name == "asn-desktop.db"
    assert location.resolve_db_path("~/x.db") == Path.home() / "x.db"


def test_init_db_binds_the_models(db_path, closing):
    handle = store_db.init_db(db_path)
    assert store_db.database.obj is handle
    assert not handle.is_closed()
    store_db.close_db()
    assert handle.is_closed()


def test_schema_2_file_gets_the_skp_tables_and_keeps_its_people(db_path, closing):
    """A file of the release before the SKP (schema 2) gains the SKP tables on opening, after a backup."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    assert migrations.apply(conn, target=2) == [1, 2]
    conn.execute("INSERT INTO org_unit (id, code, name, kind) VALUES (1, 'PEMDA', 'Pemerintah Kabupaten', 'pemda')")
    conn.execute(
        "INSERT INTO employee (id, nip, name, gender, birth_date, status, golongan, position_title, position_kind,"
        " jenjang, unit_id) VALUES (1, '198609262015051001', 'Budi', 'L', '1986-09-26', 'PNS', 'III/a', 'Analis',"
        " 'fungsional', 'Ahli Pertama', 1)"
    )
    conn.close()
    opened = database.open_database(db_path)
    assert (opened.version_before, opened.version) == (2, migrations.LATEST_VERSION)
    assert opened.upgrade_backup is not None and opened.upgrade_backup.exists()
    tables = {r[0] for r in sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"skp", "skp_rhk", "skp_iki", "skp_action", "skp_expectation", "skp_status_history"} <= tables
    assert [e.name for e in Employee.select()] == ["Budi"]
    from asn_desktop.services import workplans

    view = workplans.create_skp(1, 2026, workplans.OPERATOR)
    assert view.header.employee_name == "Budi" and view.header.status is workplans.Status.DRAF
