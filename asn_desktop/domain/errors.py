"""Errors that carry a readable Indonesian message for the user."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the input. ``str(err)`` is the Indonesian message shown to the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    """One or more fields are wrong. ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        first = next(iter(self.errors.values())) if self.errors else "Data tidak valid."
        message = first if len(self.errors) == 1 else "Data belum benar:\n" + "\n".join(
            f"• {m}" for m in self.errors.values()
        )
        super().__init__(message, field=next(iter(self.errors), None))
