"""Pieces every service shares: transactions, the audit trail, the errors the GUI shows."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from peewee import IntegrityError, OperationalError

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.store.db import StoreError, database
from asn_desktop.store.models import AuditLog

__all__ = ["DomainError", "ValidationError", "StoreError", "BusyError", "write", "audit", "today", "raw_rows",
           "insert_rows"]

F = TypeVar("F", bound=Callable[..., Any])


class BusyError(DomainError):
    """The database could not be written now (locked by another window or computer, read-only, full)."""


def write(fn: F) -> F:
    """Run a service write as one transaction: all of it is stored, or (on any error) none of it.

    Failures of the file itself (locked too long by another window, read-only, disk full) and a clash
    with a change made meanwhile elsewhere come back as :class:`DomainError` with a readable message.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with database.atomic("IMMEDIATE"):
                return fn(*args, **kwargs)
        except OperationalError as err:
            raise BusyError(_operational_message(err)) from err
        except IntegrityError as err:
            raise DomainError(
                "Perubahan tidak disimpan karena bentrok dengan data yang baru diubah di jendela atau komputer "
                f"lain ({err}). Muat ulang data, lalu coba lagi."
            ) from err

    return wrapper  # type: ignore[return-value]


def _operational_message(err: Exception) -> str:
    text = str(err).lower()
    if "locked" in text or "busy" in text:
        return (
            "Basis data sedang dipakai untuk menyimpan oleh jendela atau komputer lain. Tidak ada yang "
            "tersimpan; tunggu sebentar lalu coba lagi."
        )
    if "readonly" in text or "read-only" in text:
        return "Berkas basis data hanya-baca (read-only); perubahan tidak dapat disimpan. Periksa izin berkas."
    if "full" in text or "disk" in text:
        return "Ruang disk penuh; perubahan tidak tersimpan. Kosongkan ruang disk lalu coba lagi."
    return f"Basis data tidak dapat ditulis: {err}. Tidak ada yang tersimpan."


def audit(action: str, entity: str, entity_id: int | None, **detail: Any) -> None:
    AuditLog.create(
        at=dt.datetime.now().isoformat(timespec="seconds"),
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=json.dumps(detail, default=str, ensure_ascii=False),
    )


def raw_rows(query: Any) -> list[tuple]:
    """The rows of a peewee query straight from the cursor, without peewee's per-value conversion (dates stay
    ISO text): for reads of tens of thousands of rows."""
    return list(query.model._meta.database.execute(query))


def insert_rows(model: Any, fields: Sequence[Any], rows: list[tuple]) -> None:
    """Insert many rows of ``fields`` at once: peewee writes the statement for one row and the rows go through
    ``executemany`` on the same connection and transaction (building a multi-row statement in peewee costs
    several times what SQLite takes to store the rows). Empties ``rows``."""
    if rows:
        sql, _params = model.insert_many(rows[:1], fields=fields).sql()
        model._meta.database.cursor().executemany(sql, rows)
        rows.clear()


def today() -> dt.date:
    return dt.date.today()
