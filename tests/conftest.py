"""Shared fixtures: a fresh temporary database per test, Qt offscreen, settings in a temp folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from asn_desktop.services import database  # noqa: E402


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kantor.db"


@pytest.fixture
def db(db_path):
    """An open, migrated, empty database in a temp file; closed after the test."""
    opened = database.open_database(db_path)
    yield opened
    database.close_database()
