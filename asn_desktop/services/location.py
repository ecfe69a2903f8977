"""Where the database and the program's own settings live. Light to import (no peewee): the GUI
needs these before its window is first painted; the database itself is opened afterwards."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from asn_desktop.store.errors import StoreError

__all__ = ["StoreError", "APP_NAME", "ENV_DB", "default_db_path", "config_file", "resolve_db_path"]

APP_NAME = "ASN Desktop"
ENV_DB = "ASN_DESKTOP_DB"


def default_db_path() -> Path:
    """The embedded default database in the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "asn-desktop.db"


def config_file() -> Path:
    """Per-user settings of the program itself (window size and position), not of the office."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "asn-desktop.ini"


def resolve_db_path(cli_value: str | None) -> Path:
    """``--db`` wins, then ``ASN_DESKTOP_DB``, then the default in the user's data directory."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()
