"""Pieces every service shares: transactions, the audit trail, the errors the GUI shows."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.store.db import StoreError, database
from asn_desktop.store.models import AuditLog

__all__ = ["DomainError", "ValidationError", "StoreError", "write", "audit", "today"]

F = TypeVar("F", bound=Callable[..., Any])


def write(fn: F) -> F:
    """Run a service write as one transaction: all of it is stored, or (on any error) none of it."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with database.atomic("IMMEDIATE"):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def audit(action: str, entity: str, entity_id: int | None, **detail: Any) -> None:
    AuditLog.create(
        at=dt.datetime.now().isoformat(timespec="seconds"),
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=json.dumps(detail, default=str, ensure_ascii=False),
    )


def today() -> dt.date:
    return dt.date.today()
