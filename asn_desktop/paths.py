"""Where ``ui/`` and ``resources/`` are: inside the installed package, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    inside = _PACKAGE / name  # installed wheel: asn_desktop/ui, asn_desktop/resources
    return inside if inside.is_dir() else _PACKAGE.parent / name  # source checkout: ./ui, ./resources


def ui_file(name: str) -> Path:
    return _folder("ui") / name


def resource(*parts: str) -> Path:
    return _folder("resources").joinpath(*parts)
