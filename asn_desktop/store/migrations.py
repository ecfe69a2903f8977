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
    (
        3,
        "SKP: rencana hasil kerja, indikator, perilaku, lampiran, rencana aksi, riwayat status",
        [
            # one row per version of an employee's SKP for a year; the people and positions are kept
            # as they were when the plan was made
            """CREATE TABLE skp (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
                version INTEGER NOT NULL CHECK (version >= 1),
                status TEXT NOT NULL CHECK (status IN ('draf', 'diajukan', 'dikembalikan', 'disetujui')),
                current INTEGER NOT NULL DEFAULT 1,
                approach TEXT NOT NULL DEFAULT 'kuantitatif' CHECK (approach IN ('kuantitatif', 'kualitatif')),
                employee_position TEXT NOT NULL DEFAULT '',
                employee_unit TEXT NOT NULL DEFAULT '',
                employee_golongan TEXT NOT NULL DEFAULT '',
                penilai_id INTEGER REFERENCES employee(id) ON DELETE SET NULL,
                penilai_name TEXT NOT NULL DEFAULT '',
                penilai_nip TEXT NOT NULL DEFAULT '',
                penilai_position TEXT NOT NULL DEFAULT '',
                atasan_id INTEGER REFERENCES employee(id) ON DELETE SET NULL,
                atasan_name TEXT NOT NULL DEFAULT '',
                atasan_nip TEXT NOT NULL DEFAULT '',
                atasan_position TEXT NOT NULL DEFAULT '',
                dukungan_sumber_daya TEXT NOT NULL DEFAULT '',
                skema_pertanggungjawaban TEXT NOT NULL DEFAULT '',
                konsekuensi TEXT NOT NULL DEFAULT '',
                revision_reason TEXT NOT NULL DEFAULT '',
                lock_version INTEGER NOT NULL DEFAULT 0,  -- +1 on every change: two windows do not overwrite
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (employee_id, year, version)
            )""",
            "CREATE UNIQUE INDEX skp_one_current ON skp(employee_id, year) WHERE current = 1",
            "CREATE INDEX skp_year_status ON skp(year, status)",
            "CREATE INDEX skp_penilai ON skp(penilai_id, year)",
            """CREATE TABLE skp_rhk (
                id INTEGER PRIMARY KEY,
                skp_id INTEGER NOT NULL REFERENCES skp(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('utama', 'tambahan')),
                text TEXT NOT NULL,
                parent_rhk_id INTEGER REFERENCES skp_rhk(id) ON DELETE SET NULL,
                origin_rhk_id INTEGER REFERENCES skp_rhk(id) ON DELETE SET NULL
            )""",
            "CREATE INDEX skp_rhk_skp ON skp_rhk(skp_id, position)",
            "CREATE INDEX skp_rhk_parent ON skp_rhk(parent_rhk_id)",
            """CREATE TABLE skp_iki (
                id INTEGER PRIMARY KEY,
                rhk_id INTEGER NOT NULL REFERENCES skp_rhk(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                aspect TEXT NOT NULL CHECK (aspect IN ('kuantitas', 'kualitas', 'waktu', 'biaya')),
                text TEXT NOT NULL,
                target_value REAL CHECK (target_value IS NULL OR target_value > 0),
                target_unit TEXT NOT NULL DEFAULT '',
                target_text TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX skp_iki_rhk ON skp_iki(rhk_id, position)",
            """CREATE TABLE skp_action (
                id INTEGER PRIMARY KEY,
                rhk_id INTEGER NOT NULL REFERENCES skp_rhk(id) ON DELETE CASCADE,
                period INTEGER NOT NULL CHECK (period >= 1),
                text TEXT NOT NULL,
                UNIQUE (rhk_id, period)
            )""",
            """CREATE TABLE skp_expectation (
                id INTEGER PRIMARY KEY,
                skp_id INTEGER NOT NULL REFERENCES skp(id) ON DELETE CASCADE,
                core_value TEXT NOT NULL,
                text TEXT NOT NULL DEFAULT '',
                UNIQUE (skp_id, core_value)
            )""",
            """CREATE TABLE skp_status_history (
                id INTEGER PRIMARY KEY,
                skp_id INTEGER NOT NULL REFERENCES skp(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX skp_status_history_skp ON skp_status_history(skp_id)",
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
