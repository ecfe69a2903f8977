"""Numbered schema migrations.

Each migration is a list of SQL statements run in one transaction; ``PRAGMA user_version`` holds the
number of the last one applied. Migrations are frozen history: never edit one that has shipped, add a
new one. The peewee models in :mod:`models` describe the schema *after* the last migration.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "unit organisasi, pegawai, pengaturan",
        [
            """CREATE TABLE org_unit (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                parent_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT,
                active INTEGER NOT NULL DEFAULT 1,
                CHECK (length(trim(name)) > 0),
                CHECK (length(trim(code)) > 0)
            )""",
            "CREATE INDEX org_unit_parent ON org_unit(parent_id)",
            """CREATE TABLE employee (
                id INTEGER PRIMARY KEY,
                nip TEXT NOT NULL UNIQUE CHECK (length(nip) = 18 AND nip NOT GLOB '*[^0-9]*'),
                front_title TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                back_title TEXT NOT NULL DEFAULT '',
                gender TEXT NOT NULL CHECK (gender IN ('L', 'P')),
                birth_date DATE NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('PNS', 'PPPK')),
                golongan TEXT NOT NULL,
                education TEXT NOT NULL DEFAULT '',
                position_title TEXT NOT NULL,
                position_kind TEXT NOT NULL CHECK (position_kind IN ('struktural', 'fungsional', 'pelaksana')),
                jenjang TEXT NOT NULL DEFAULT '',
                unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
                supervisor_id INTEGER REFERENCES employee(id) ON DELETE SET NULL,
                active INTEGER NOT NULL DEFAULT 1,
                inactive_reason TEXT NOT NULL DEFAULT '',
                inactive_date DATE,
                CHECK (supervisor_id IS NULL OR supervisor_id <> id)
            )""",
            "CREATE INDEX employee_unit ON employee(unit_id)",
            "CREATE INDEX employee_supervisor ON employee(supervisor_id)",
            """CREATE TABLE setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
        ],
    ),
    (
        2,
        "riwayat jabatan dan catatan perubahan",
        [
            """CREATE TABLE position_history (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
                position_title TEXT NOT NULL,
                position_kind TEXT NOT NULL,
                jenjang TEXT NOT NULL DEFAULT '',
                unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
                start_date DATE NOT NULL,
                end_date DATE,
                note TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX position_history_employee ON position_history(employee_id)",
            # every employee of a version-1 file gets the position they hold as their first history entry
            """INSERT INTO position_history (employee_id, position_title, position_kind, jenjang, unit_id,
                                             start_date, note)
               SELECT id, position_title, position_kind, jenjang, unit_id, date('now'),
                      'Jabatan saat pembaruan basis data'
               FROM employee""",
            """CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id INTEGER,
                detail TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX employee_name ON employee(name)",
        ],
    ),
]

LATEST_VERSION = MIGRATIONS[-1][0]


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def apply(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> list[int]:
    """Apply every migration above the file's version up to ``target``, each in its own transaction.

    Returns the numbers applied. Works on a plain :mod:`sqlite3` connection in autocommit mode.
    """
    done: list[int] = []
    for number, _title, statements in MIGRATIONS:
        if number <= user_version(conn) or number > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql in statements:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {number:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        done.append(number)
    return done
