"""Konsolidasi at the kabupaten or provincial office: packages (paket) from many offices imported in one step.
Each file is checked (Info, sheets, checksums); a changed file is refused unless the operator overrides it with a
reason, which is recorded. Importing the same file again changes nothing; a new package from the same office,
unit and year replaces the earlier one. A NIP that two offices both claim is reported, never merged. Each file
is one transaction: a refused file writes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from peewee import JOIN, fn

from asn_desktop.domain.errors import DomainError
from asn_desktop.exchange import paket as px
from asn_desktop.exchange.sheets import ExchangeError, Problem
from asn_desktop.store.models import PaketEmployee, PaketRow, PaketSubmission

from .common import audit, insert_rows, write

__all__ = ["FileResult", "import_paket", "import_pakets", "SubmissionRow", "submissions", "OfficeSummary",
           "summary", "export_received"]


@dataclass(frozen=True)
class FileResult:
    file: str
    outcome: str  # "baru", "mengganti", "sama", "ditolak"
    message: str
    employees: int = 0
    conflicts: tuple[str, ...] = ()  # "NIP x juga dikirim oleh <office>"
    problems: tuple[str, ...] = ()


def _summaries(p: px.Paket) -> list[tuple]:
    """Per employee of the package: the fields of paket_employee (without the submission)."""
    annual: dict[str, str] = {}
    for _n, v in p.sheets["Evaluasi"]:
        if v[2] == "Ya" and v[3] == "final":
            annual[v[0]] = v[7] or v[6] or ""
    jp: dict[str, float] = {}
    for _n, v in p.sheets["Pelatihan"]:
        jp[v[0]] = jp.get(v[0], 0.0) + float(v[7] or 0)
    rewards: dict[str, int] = {}
    for _n, v in p.sheets["Penghargaan"]:
        rewards[v[0]] = rewards.get(v[0], 0) + 1
    sanctions: dict[str, int] = {}
    for _n, v in p.sheets["Hukuman"]:
        if not v[7]:
            sanctions[v[0]] = sanctions.get(v[0], 0) + 1
    tpp: dict[str, int] = {}
    for _n, v in p.sheets["TPP"]:
        tpp[v[0]] = tpp.get(v[0], 0) + int(v[9] or 0)
    out = []
    for _n, v in p.sheets["Pegawai"]:
        nip = str(v[0])
        out.append((nip, v[1] or "", v[12] or "", v[6] or "", v[7] or "", v[9] or "", v[14] != "Tidak",
                    annual.get(nip, ""), round(jp.get(nip, 0.0), 2), rewards.get(nip, 0), sanctions.get(nip, 0),
                    tpp.get(nip, 0)))
    return out


def _check_rows(p: px.Paket) -> list[Problem]:
    """What the import needs of the values: NIPs of 18 digits, unique in the Pegawai sheet, and every other
    sheet's NIP among them."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, v in p.sheets["Pegawai"]:
        nip = v[0]
        if not isinstance(nip, str) or len(nip) != 18 or not nip.isdigit():
            problems.append(Problem(p.file, "Pegawai", number, "A", f"NIP “{nip}” bukan 18 angka (teks)."))
        elif nip in seen:
            problems.append(Problem(p.file, "Pegawai", number, "A", f"NIP {nip} sudah ada di baris {seen[nip]}."))
        else:
            seen[nip] = number
        if v[1] in (None, ""):
            problems.append(Problem(p.file, "Pegawai", number, "B", "nama kosong."))
    for sheet in ("SKP", "Evaluasi", "Pelatihan", "Penghargaan", "Hukuman", "TPP"):
        for number, v in p.sheets[sheet]:
            if v[0] not in seen:
                problems.append(Problem(p.file, sheet, number, "A", f"NIP “{v[0]}” tidak ada di lembar Pegawai."))
    for number, v in p.sheets["TPP"]:
        if not isinstance(v[9], int) or v[9] < 0:
            problems.append(Problem(p.file, "TPP", number, "J", f"Diterima “{v[9]}” bukan rupiah penuh."))
    return problems


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _typed(value: object, kind: str) -> object:
    """A stored cell back to what the package's column holds."""
    if value is None or value == "":
        return None
    if kind == px.DATE:
        return dt.date.fromisoformat(str(value))
    if kind in (px.INT, px.MONEY):
        return int(value)  # type: ignore[arg-type]
    if kind == px.DEC:
        return float(value)  # type: ignore[arg-type]
    return str(value)


def export_received(year: int, path: str | Path, office: str | None = None, progress=None,
                    cancelled=None) -> dict[str, int]:
    """The packages received for the year, sent upward again as one package of ``office`` (default: this office's
    name): every sheet holds the rows of every package, office by office, as they came."""
    from asn_desktop import __version__
    from asn_desktop.store import settings as store_settings

    office = office or store_settings.get("office.name") or "Kantor konsolidasi"

    subs = list(PaketSubmission.select(PaketSubmission.id).where(PaketSubmission.year == year)
                .order_by(PaketSubmission.office, PaketSubmission.unit_code).tuples())
    if not subs:
        raise DomainError(f"Belum ada paket tahun {year} yang diterima.")
    ids = [i for (i,) in subs]
    order = {sid: n for n, sid in enumerate(ids)}
    sheets: dict[str, list[tuple]] = {}
    total = 0
    for sheet, columns in px.SHEETS.items():
        kinds = [c.kind for c in columns]
        stored = sorted(PaketRow.select(PaketRow.submission, PaketRow.position, PaketRow.cells)
                        .where(PaketRow.submission.in_(ids) & (PaketRow.sheet == sheet)).tuples(),
                        key=lambda r: (order[r[0]], r[1]))
        sheets[sheet] = [tuple(_typed(v, k) for v, k in zip(json.loads(cells), kinds, strict=False))
                         for _s, _p, cells in stored]
        total += len(sheets[sheet])
    info = {"Format": px.FORMAT_NAME, "Versi format": px.FORMAT_VERSION, "Aplikasi": f"ASN Desktop {__version__}",
            "Kantor": office, "Wilayah": "", "Kode unit": "", "Unit": f"Konsolidasi {len(ids)} paket", "Tahun": year,
            "Dibuat": dt.datetime.now().isoformat(timespec="seconds")}
    return px.write_paket(path, info, sheets, total, progress, cancelled)


def _digest(p: px.Paket) -> str:
    return hashlib.sha256("".join(str(p.info.get(f"SHA-256 {s}", "")) for s in px.SHEETS).encode()).hexdigest()


@write
def import_paket(path: str | Path, override_reason: str = "") -> FileResult:
    """Import one package (one transaction). Raises :class:`ExchangeError` / :class:`DomainError` when refused."""
    p = px.read_paket(path)
    name = p.file
    if p.changed and not override_reason.strip():
        raise ExchangeError([Problem(name, s, None, "", "isinya berubah sejak diekspor (SHA-256 tidak cocok); "
                                     "minta kiriman ulang, atau terima dengan alasan yang dicatat.")
                             for s in p.changed])
    problems = _check_rows(p)
    if problems:
        raise ExchangeError(problems)
    info = p.info
    office, unit_code, year = str(info["Kantor"]).strip(), str(info.get("Kode unit") or "").strip(), info["Tahun"]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ExchangeError([Problem(name, "Info", None, "B", f"Tahun “{year}” tidak sah.")])
    digest = _digest(p)
    old = PaketSubmission.get_or_none((PaketSubmission.office == office) & (PaketSubmission.unit_code == unit_code)
                                      & (PaketSubmission.year == year))
    where = f"{office} · {info.get('Unit') or 'Seluruh kantor'} · {year}"
    if old is not None and old.digest == digest and not p.changed:
        return FileResult(name, "sama", f"{where}: sudah diimpor pada {old.imported_at[:16].replace('T', ' ')}; "
                                        "tidak ada yang berubah.", len(p.sheets["Pegawai"]))
    replaced = ""
    if old is not None:
        replaced = old.imported_at
        old.delete_instance()  # its employees go with it (ON DELETE CASCADE)
    sub = PaketSubmission.create(
        office=office, region=str(info.get("Wilayah") or ""), unit_code=unit_code, unit_name=str(info.get("Unit") or ""),
        year=year, format_version=info["Versi format"], app=str(info.get("Aplikasi") or ""),
        created=str(info.get("Dibuat") or ""), file_name=name, digest=digest, changed_sheets=", ".join(p.changed),
        override_reason=override_reason.strip() if p.changed else "",
        row_counts=json.dumps({s: len(rows) for s, rows in p.sheets.items()}),
        imported_at=dt.datetime.now().isoformat(timespec="seconds"))
    rows = [(sub.id, *r) for r in _summaries(p)]
    count = len(rows)
    insert_rows(PaketEmployee, (PaketEmployee.submission, PaketEmployee.nip, PaketEmployee.name,
                                PaketEmployee.unit_code, PaketEmployee.status, PaketEmployee.golongan,
                                PaketEmployee.position_title, PaketEmployee.active, PaketEmployee.annual_predikat,
                                PaketEmployee.jp, PaketEmployee.rewards, PaketEmployee.sanctions,
                                PaketEmployee.tpp_net), rows)
    raw = [(sub.id, sheet, i, json.dumps([_plain(v) for v in values], ensure_ascii=False))
           for sheet, body in p.sheets.items() for i, (_n, values) in enumerate(body)]
    insert_rows(PaketRow, (PaketRow.submission, PaketRow.sheet, PaketRow.position, PaketRow.cells), raw)
    other = PaketEmployee.alias()
    clash = (PaketEmployee.select(PaketEmployee.nip, PaketSubmission.office)
             .join(other, on=((other.nip == PaketEmployee.nip) & (other.submission == sub.id)))
             .switch(PaketEmployee).join(PaketSubmission, on=(PaketEmployee.submission == PaketSubmission.id))
             .where((PaketSubmission.year == year) & (PaketSubmission.office != office)
                    & (PaketEmployee.active == True) & (other.active == True))  # noqa: E712
             .order_by(PaketEmployee.nip).tuples())
    conflicts = tuple(f"NIP {nip} juga dikirim oleh {who}" for nip, who in clash)
    audit("impor", "paket", sub.id, file=name, office=office, unit=unit_code, year=year, employees=count,
          replaced=replaced, override=override_reason.strip() if p.changed else "", changed=p.changed)
    outcome = "mengganti" if replaced else "baru"
    text = f"{where}: {count} pegawai diimpor"
    if replaced:
        text += f", menggantikan kiriman yang diimpor {replaced[:16].replace('T', ' ')}"
    if p.changed:
        text += f"; diterima walau berubah ({', '.join(p.changed)}) dengan alasan: {override_reason.strip()}"
    if conflicts:
        text += f"; {len(conflicts)} NIP juga diaku kantor lain (tidak digabung)"
    return FileResult(name, outcome, text + ".", count, conflicts)


def import_pakets(paths: Sequence[str | Path], override_reason: str = "") -> list[FileResult]:
    """Several packages in one step, each on its own: a refused file is reported and the others go on."""
    out = []
    for path in paths:
        try:
            out.append(import_paket(path, override_reason))
        except ExchangeError as err:
            out.append(FileResult(Path(path).name, "ditolak", f"{Path(path).name}: ditolak; tidak ada yang diimpor.",
                                  problems=tuple(str(p) for p in err.problems)))
        except DomainError as err:
            out.append(FileResult(Path(path).name, "ditolak", f"{Path(path).name}: ditolak; tidak ada yang diimpor.",
                                  problems=(err.message,)))
    return out


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    office: str
    unit_name: str
    year: int
    employees: int
    imported_at: str
    changed_sheets: str
    override_reason: str


def submissions(year: int | None = None) -> list[SubmissionRow]:
    q = (PaketSubmission.select(PaketSubmission, fn.COUNT(PaketEmployee.id).alias("n"))
         .join(PaketEmployee, JOIN.LEFT_OUTER, on=(PaketEmployee.submission == PaketSubmission.id))
         .group_by(PaketSubmission.id).order_by(PaketSubmission.office, PaketSubmission.unit_code))
    if year is not None:
        q = q.where(PaketSubmission.year == year)
    return [SubmissionRow(s.id, s.office, s.unit_name or "Seluruh kantor", s.year, s.n, s.imported_at,
                          s.changed_sheets, s.override_reason) for s in q]


@dataclass(frozen=True)
class OfficeSummary:
    office: str
    unit_name: str
    employees: int
    predikat: dict[str, int] = field(default_factory=dict)  # as written in the packages
    meeting_jp: int = 0


def summary(year: int, jp_target: int = 20) -> list[OfficeSummary]:
    """The consolidated view: per received package, active employees, final annual predikat counted, and how many
    reached the JP target."""
    out = []
    for s in submissions(year):
        rows = list(PaketEmployee.select(PaketEmployee.annual_predikat, PaketEmployee.jp)
                    .where((PaketEmployee.submission == s.id) & (PaketEmployee.active == True)).tuples())  # noqa: E712
        counts: dict[str, int] = {}
        for pred, _jp in rows:
            if pred:
                counts[pred] = counts.get(pred, 0) + 1
        out.append(OfficeSummary(s.office, s.unit_name, len(rows), counts, sum(1 for _p, jp in rows if jp >= jp_target)))
    return out
