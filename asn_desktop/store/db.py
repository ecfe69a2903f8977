"""The database handle: one ``init_db(path)`` that opens, checks, backs up and migrates a file."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from pathlib import Path

from peewee import DatabaseProxy, SqliteDatabase

from . import migrations
from .errors import StoreError

log = logging.getLogger(__name__)

database = DatabaseProxy()

APPLICATION_ID = 0x41534E44  # "ASND": marks a file as an ASN Desktop database
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "full",  # a save shown as saved survives a killed process and a power cut
}


__all__ = ["StoreError", "database", "init_db", "connect", "close_db", "prepare_file", "backup_copy", "holds_people"]


def _open_raw(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def inspect_file(path: Path) -> int:
    """The schema version of an existing file, refusing files that are not ours or are newer than this app."""
    # a read-only look at a WAL-mode file creates empty -wal/-shm files it cannot remove on close;
    # a refused file must be left as it was, so remove the ones this look created
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {p for p in sidecars if p.exists()}
    try:
        return _inspect(path)
    except StoreError:
        wal = sidecars[0]
        if wal not in existed and (not wal.exists() or wal.stat().st_size == 0):
            for p in sidecars:
                if p not in existed:
                    with contextlib.suppress(OSError):
                        p.unlink()
        raise


def _inspect(path: Path) -> int:
    try:
        conn = _open_raw(path, readonly=True)
        try:
            version = migrations.user_version(conn)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise StoreError(
            f"Berkas {path} bukan basis data ASN Desktop, atau berkasnya rusak/terpotong. Berkas tidak diubah. "
            f"(SQLite: {err})"
        ) from err
    if version == 0 and tables:
        raise StoreError(f"Berkas {path.name} adalah basis data program lain, bukan ASN Desktop. Berkas tidak diubah.")
    if version and app_id != APPLICATION_ID:
        raise StoreError(f"Berkas {path.name} bukan basis data ASN Desktop. Berkas tidak diubah.")
    if version > migrations.LATEST_VERSION:
        raise StoreError(
            f"Berkas {path.name} dibuat oleh versi ASN Desktop yang lebih baru (skema {version}; versi ini "
            f"mengenal sampai skema {migrations.LATEST_VERSION}). Perbarui aplikasi untuk membukanya. "
            "Berkas tidak diubah."
        )
    return version


def holds_people(path: Path) -> bool:
    """Whether an existing ASN Desktop file already has units or employees, looked at read-only: nothing is
    upgraded or written (a refused command leaves the file as it was). Foreign files raise StoreError."""
    if not path.exists() or path.stat().st_size == 0 or inspect_file(path) == 0:
        return False
    conn = _open_raw(path, readonly=True)
    try:
        return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM org_unit) OR EXISTS (SELECT 1 FROM employee)").fetchone()[0])
    except sqlite3.DatabaseError as err:
        raise StoreError(f"Berkas {path.name} tidak dapat dibaca ({err}). Berkas tidak diubah.") from err
    finally:
        conn.close()


def backup_copy(src: Path, dest: Path) -> Path:
    """A consistent copy of a live database file (SQLite online backup), safe while others read it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = _open_raw(src, readonly=True)
    target = sqlite3.connect(str(dest))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def upgrade_backup_path(path: Path, version: int, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.sebelum-skema-{version}.{stamp}{path.suffix or '.db'}")


def prepare_file(path: Path) -> tuple[int, int, Path | None]:
    """Create or upgrade the file at ``path``. Returns (version before, version after, backup path or None)."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise StoreError(f"{path} adalah folder, bukan berkas basis data.")
    before = inspect_file(path) if path.exists() and path.stat().st_size > 0 else 0
    backup = None
    if 0 < before < migrations.LATEST_VERSION:
        try:
            backup = backup_copy(path, upgrade_backup_path(path, before))
        except (sqlite3.DatabaseError, OSError) as err:
            raise StoreError(
                f"Cadangan berkas {path.name} sebelum pembaruan tidak dapat dibuat ({err}). Berkas tidak diubah."
            ) from err
        log.info("backup before upgrade from schema %s: %s", before, backup)
    if before < migrations.LATEST_VERSION:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = _open_raw(path)
        except sqlite3.OperationalError as err:
            raise StoreError(f"Basis data {path} tidak dapat dibuka atau dibuat: {err}.") from err
        try:
            conn.execute("PRAGMA journal_mode = wal")
            if before == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
            applied = migrations.apply(conn)
            log.info("migrations applied to %s: %s", path, applied)
        except sqlite3.DatabaseError as err:  # OperationalError, or a damaged page met while migrating
            raise StoreError(f"Basis data {path} tidak dapat diperbarui: {err}. Cadangan: {backup}") from err
        finally:
            conn.close()
    return before, migrations.LATEST_VERSION, backup


def init_db(path: str | Path) -> SqliteDatabase:
    """Open the database at ``path`` (creating and migrating it as needed) and bind the models to it."""
    path = Path(path)
    prepare_file(path)
    return connect(path)


def connect(path: Path) -> SqliteDatabase:
    """Bind the models to an already prepared file."""
    close_db()
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    db.connect(reuse_if_open=True)
    database.initialize(db)
    log.info("database opened: %s", path)
    return db


def close_db() -> None:
    obj = database.obj
    if obj is not None and not obj.is_closed():
        obj.close()
