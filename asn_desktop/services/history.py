"""Riwayat predikat tahunan: the annual predikat of the years before the office used the app, copied from
their documents (e-Kinerja, the signed SKP), so that the rules that look back — promotion (two previous
years), reward candidates (Sangat Baik two years running) and TPP in the first months (the latest predikat) —
work from the first day. A predikat the app itself finalised always wins over a copied one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from asn_desktop.domain.appraisal import predikat_code, predikat_of
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.predikat import Predikat
from asn_desktop.store.models import Employee, Evaluation, EvaluationPeriod, PastPredikat

from .common import audit, raw_rows, today, write

__all__ = ["AnnualRow", "annual_predikat", "annual_history", "record_past_predikat", "remove_past_predikat",
           "past_predikat_before"]


@dataclass(frozen=True)
class AnnualRow:
    year: int
    predikat: Predikat
    source: str  # "Penilaian di aplikasi" or the document it was copied from
    from_app: bool


_BY_CODE = {predikat_code(p): p for p in Predikat}


def _app_annual(years: list[int] | None = None, employee_id: int | None = None) -> dict[tuple[int, int], Predikat]:
    q = (Evaluation.select(Evaluation.employee, EvaluationPeriod.year, Evaluation.final_predikat)
         .join(EvaluationPeriod, on=(Evaluation.period == EvaluationPeriod.id))
         .where((EvaluationPeriod.cadence == "tahunan") & (Evaluation.status == "final")))
    if years is not None:
        q = q.where(EvaluationPeriod.year.in_(years))
    if employee_id is not None:
        q = q.where(Evaluation.employee == employee_id)
    return {(e, y): _BY_CODE[p] for e, y, p in raw_rows(q) if p}


def annual_predikat(years: list[int]) -> dict[tuple[int, int], Predikat]:
    """(employee id, year) -> the year's annual predikat: final in the app (after keberatan), else copied from
    the year's document."""
    q = PastPredikat.select(PastPredikat.employee, PastPredikat.year, PastPredikat.predikat) \
        .where(PastPredikat.year.in_(years))
    past = {(e, y): _BY_CODE[p] for e, y, p in raw_rows(q)}
    return {**past, **_app_annual(years)}


def annual_history(employee_id: int) -> list[AnnualRow]:
    """The employee's annual predikat, newest year first, from the app and from documents."""
    rows = {y: AnnualRow(y, predikat_of(p), source, False)  # type: ignore[arg-type]
            for y, p, source in PastPredikat.select(PastPredikat.year, PastPredikat.predikat, PastPredikat.source)
            .where(PastPredikat.employee == employee_id).tuples()}
    for (_e, y), p in _app_annual(employee_id=employee_id).items():
        rows[y] = AnnualRow(y, p, "Penilaian di aplikasi", True)
    return [rows[y] for y in sorted(rows, reverse=True)]


def past_predikat_before(year: int) -> dict[int, tuple[int, Predikat]]:
    """Each employee's newest copied annual predikat of a year before ``year``: employee -> (year, predikat)."""
    out: dict[int, tuple[int, Predikat]] = {}
    for e, y, p in raw_rows(PastPredikat.select(PastPredikat.employee, PastPredikat.year, PastPredikat.predikat)
                         .where(PastPredikat.year < year).order_by(PastPredikat.year)):
        out[e] = (y, _BY_CODE[p])
    return out


@write
def record_past_predikat(employee_id: int, year: int, predikat: Predikat, source: str) -> AnnualRow:
    """Copy a year's annual predikat from its document (or correct an earlier copy)."""
    if Employee.get_or_none(Employee.id == employee_id) is None:
        raise DomainError("Pegawai tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    errors: dict[str, str] = {}
    this_year = today().year
    if not 2000 <= year < this_year:
        errors["year"] = f"Predikat tahunan yang dicatat dari dokumen harus tahun 2000 sampai {this_year - 1}."
    if not source.strip():
        errors["source"] = "Sebutkan dokumen asalnya (mis. e-Kinerja BKN, SKP tahunan yang ditandatangani)."
    if len(source.strip()) > 200:
        errors["source"] = "Sumber paling panjang 200 huruf."
    if errors:
        raise ValidationError(errors)
    if (employee_id, year) in _app_annual([year], employee_id):
        raise DomainError(f"Predikat tahunan {year} pegawai ini sudah final di aplikasi; yang dari aplikasi yang "
                          "berlaku, dan diubah lewat keberatan, bukan di sini.")
    now = dt.datetime.now().isoformat(timespec="seconds")
    PastPredikat.insert(employee=employee_id, year=year, predikat=predikat_code(predikat), source=source.strip(),
                        recorded_at=now).on_conflict(
        conflict_target=[PastPredikat.employee, PastPredikat.year],
        update={PastPredikat.predikat: predikat_code(predikat), PastPredikat.source: source.strip(),
                PastPredikat.recorded_at: now}).execute()
    audit("catat", "predikat_lama", employee_id, year=year, predikat=predikat.label, source=source.strip())
    return AnnualRow(year, predikat, source.strip(), False)


@write
def remove_past_predikat(employee_id: int, year: int) -> None:
    if not PastPredikat.delete().where((PastPredikat.employee == employee_id) & (PastPredikat.year == year)).execute():
        raise DomainError(f"Tidak ada predikat {year} yang dicatat dari dokumen untuk pegawai ini.")
    audit("hapus", "predikat_lama", employee_id, year=year)
