"""Shared fixtures: a fresh temporary database per test, Qt offscreen, settings in a temp folder."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

# Qt without a display: the offscreen platform, with a screen the size of an office monitor
# (its default 800x600 screen is smaller than the main window's minimum size).
_screen = Path(tempfile.gettempdir()) / "asn-desktop-tests-screen.json"
_screen.write_text(json.dumps({"screens": [{"name": "Layar", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                            "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_screen}")

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
