"""Office settings: defaults declared as data, values stored as JSON text in the ``setting`` table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    label: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("office.name", "", "Nama instansi"),
    SettingSpec("office.region", "", "Pemerintah daerah"),
    SettingSpec("app.first_run_done", False, "Pilihan awal (demo/kosong) sudah dibuat"),
    SettingSpec("evaluation.cadence", "triwulan", "Periode evaluasi"),
    SettingSpec("evaluation.objection_days", 14, "Batas waktu keberatan (hari)"),
    SettingSpec("development.jp_target", 20, "Target JP pengembangan kompetensi per tahun"),
    SettingSpec("tpp.rules", None, "Aturan TPP (bobot, persentase predikat, potongan); kosong: bawaan"),
)
_BY_KEY = {s.key: s for s in SPECS}


def get(key: str) -> Any:
    spec = _BY_KEY[key]
    row = Setting.get_or_none(Setting.key == key)
    return spec.default if row is None else json.loads(row.value)


def put(key: str, value: Any) -> None:
    if key not in _BY_KEY:
        raise KeyError(key)
    Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()
