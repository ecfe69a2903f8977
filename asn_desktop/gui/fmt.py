"""How numbers and dates look in the UI: 1.234,5 and dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale

LOCALE = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
DATE_FORMAT = "dd/MM/yyyy"


def number(n: int | float, decimals: int = 0) -> str:
    if isinstance(n, int) or decimals == 0:
        return LOCALE.toString(int(round(n)))
    return LOCALE.toString(float(n), "f", decimals)


def date(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""
