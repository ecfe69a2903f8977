"""Opening the office database, where it lives by default, and the first-run choice."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from asn_desktop.store import db as store_db
from asn_desktop.store import settings as store_settings
from asn_desktop.store.errors import StoreError
from asn_desktop.store.models import Employee, OrgUnit

from .common import write

__all__ = ["StoreError", "OpenedDatabase", "open_database", "close_database"]


@dataclass(frozen=True)
class OpenedDatabase:
    path: Path
    version_before: int
    version: int
    upgrade_backup: Path | None

    @property
    def created(self) -> bool:
        return self.version_before == 0


def open_database(path: str | Path) -> OpenedDatabase:
    """Open (create, upgrade after a backup copy) the database. Raises StoreError with a readable message."""
    path = Path(path)
    before, after, backup = store_db.prepare_file(path)
    store_db.connect(path)
    return OpenedDatabase(path, before, after, backup)


def close_database() -> None:
    store_db.close_db()


def file_holds_people(path: str | Path) -> bool:
    """Whether the file at ``path`` already has units or employees, without opening (upgrading) it."""
    return store_db.holds_people(Path(path))


def is_empty() -> bool:
    return not OrgUnit.select().exists() and not Employee.select().exists()


def needs_first_run_choice() -> bool:
    """True on the first start of the GUI on an empty database: offer a demo office or an empty start."""
    return is_empty() and not store_settings.get("app.first_run_done")


@write
def mark_first_run_done() -> None:
    store_settings.put("app.first_run_done", True)


def office_name() -> str:
    """The office's name as set, else the name of the top unit (the pemerintah daerah), else empty."""
    name = store_settings.get("office.name")
    if name:
        return name
    top = OrgUnit.select(OrgUnit.name).where(OrgUnit.parent.is_null() & (OrgUnit.active == True)).order_by(OrgUnit.id).first()  # noqa: E712
    return top.name if top else ""


@write
def set_office(name: str, region: str) -> None:
    store_settings.put("office.name", " ".join(name.split()))
    store_settings.put("office.region", " ".join(region.split()))


def release_thread_connection() -> None:
    """Close this thread's connection (each worker thread gets its own from peewee)."""
    store_db.close_db()
