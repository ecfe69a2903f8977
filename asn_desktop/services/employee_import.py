"""Import pegawai: a new office loads its employees from the spreadsheet it already has (an export from the
national system or its own list). The columns are guessed from the headers and the operator corrects the
mapping; the preview marks every problem of every row; the import then takes the valid rows (and gives the
refused ones back as a workbook with a reason column) or nothing at all. Nothing is ever dropped silently.
Unknown units that can be placed (a dinas/badan or a kecamatan under the top unit) are offered for creation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from asn_desktop.domain import golongan as gol
from asn_desktop.domain import nip as nipmod
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.organisation import JENJANG
from asn_desktop.exchange import pegawai as px
from asn_desktop.exchange import sheets
from asn_desktop.exchange.tables import RawTable, read_table, visible_sheets
from asn_desktop.store.models import Employee, OrgUnit

from .common import audit, write
from .employees import EmployeeInput, create_employee, set_supervisor, validate_employee

__all__ = ["ImportRow", "Preview", "ImportResult", "read_file", "preview", "import_employees", "FIELDS", "sheets_of"]

FIELDS = px.FIELDS
NEW_UNIT_KINDS = (("kecamatan", re.compile(r"^kecamatan\b", re.I)),
                  ("opd", re.compile(r"^(dinas|badan|inspektorat|sekretariat daerah|sekretariat dprd|satuan polisi|"
                                     r"kantor|rumah sakit umum daerah|rsud)\b", re.I)))


@dataclass(frozen=True)
class ImportRow:
    row: int  # in the sheet
    values: dict[str, str]  # field → the cell as text, for the preview
    problems: dict[str, str]  # field ("_" for the row) → why it is refused
    data: EmployeeInput | None  # what would be stored (None: refused)
    unit_text: str
    supervisor_nip: str

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Preview:
    table: RawTable
    mapping: dict[str, int]
    rows: tuple[ImportRow, ...]
    new_units: tuple[str, ...]  # unknown units that can be created (name as written)
    create_units: frozenset[str]

    @property
    def valid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def refused(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.ok]


@dataclass(frozen=True)
class ImportResult:
    imported: int
    refused: int
    units_created: tuple[str, ...]
    supervisors_not_found: tuple[str, ...] = field(default=())  # "row n: NIP x"
    refused_file: str | None = None


def sheets_of(path: str | Path) -> list[str]:
    """The visible sheets of a workbook (ExchangeError if it is not one)."""
    return visible_sheets(path)


def read_file(path: str | Path, sheet: str | None = None) -> tuple[RawTable, dict[str, int]]:
    """The table of the file and the guessed mapping (field → column index)."""
    table = read_table(path, sheet)
    return table, px.guess_mapping(table.headers)


def _check_mapping(table: RawTable, mapping: Mapping[str, int]) -> None:
    errors = {}
    missing = [f.label for f in FIELDS if f.required and f.key not in mapping]
    if missing:
        errors["mapping"] = "Kolom wajib belum dipilih: " + ", ".join(missing) + "."
    bad = [k for k, i in mapping.items() if not 0 <= i < len(table.headers) or k not in px.FIELD_BY_KEY]
    if bad:
        errors["columns"] = "Pemetaan kolom tidak sesuai dengan berkas; pilih ulang kolomnya."
    twice = {i for i in mapping.values() if list(mapping.values()).count(i) > 1}
    if twice:
        errors["twice"] = "Satu kolom dipilih untuk lebih dari satu isian: " + ", ".join(
            f"“{table.headers[i]}”" for i in sorted(twice) if 0 <= i < len(table.headers)) + "."
    if errors:
        raise ValidationError(errors)


def _units() -> tuple[dict[str, int], int | None]:
    """Active units by code and by name (lower case), and the top unit."""
    by: dict[str, int] = {}
    root = None
    for uid, code, name, parent in OrgUnit.select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.parent) \
            .where(OrgUnit.active == True).tuples():  # noqa: E712
        by[code.strip().lower()] = uid
        by.setdefault(" ".join(name.split()).lower(), uid)
        if parent is None and root is None:
            root = uid
    return by, root


def _creatable(name: str) -> str | None:
    """The kind a new unit of this name would be (under the top unit), or None if it cannot be placed."""
    return next((kind for kind, pattern in NEW_UNIT_KINDS if pattern.search(name.strip())), None)


def _jenjang(kind: str | None, text: str) -> str:
    if kind is None:
        return text
    for option in JENJANG[kind]:
        if option.lower() == text.lower():
            return option
    return "Pelaksana" if kind == "pelaksana" and not text else text


def preview(path: str | Path, mapping: Mapping[str, int] | None = None, sheet: str | None = None,
            create_units: Sequence[str] = ()) -> Preview:
    """Every row of the file as it would be imported with ``mapping`` (default: guessed), with each problem.
    ``create_units``: unknown units (as written) the operator chose to create. Writes nothing."""
    table, guessed = read_file(path, sheet)
    mapping = dict(guessed if mapping is None else mapping)
    _check_mapping(table, mapping)
    units, root = _units()
    chosen = frozenset(" ".join(u.split()).lower() for u in create_units)
    seen: dict[str, int] = {}
    rows: list[ImportRow] = []
    offer: dict[str, str] = {}

    def cell(values: tuple[Any, ...], key: str) -> Any:
        i = mapping.get(key)
        return values[i] if i is not None and i < len(values) else None

    for number, values in table.rows:
        shown = {k: px.cell_text(cell(values, k)) for k in mapping}
        problems: dict[str, str] = {}
        raw_nip = cell(values, "nip")
        nip = nipmod.clean_nip(px.cell_text(raw_nip))
        if isinstance(raw_nip, float) or "e+" in px.cell_text(raw_nip).lower():  # past 15 digits Excel rounds
            problems["nip"] = "NIP tertulis sebagai angka sehingga digit terakhirnya hilang; jadikan kolom NIP teks."
        elif nip in seen:
            problems["nip"] = f"NIP ini sudah ada di baris {seen[nip]} berkas ini."
        seen.setdefault(nip, number)
        facts = None
        try:
            facts = nipmod.parse_nip(nip)
        except nipmod.NipError:
            pass
        status = px.parse_status(cell(values, "status")) if "status" in mapping else None
        if "status" in mapping and status is None and shown.get("status"):
            problems["status"] = f"Status “{shown['status']}” bukan PNS atau PPPK."
        status = status or (facts.kind if facts else "PNS")
        gender = px.parse_gender(cell(values, "gender")) if "gender" in mapping else None
        if "gender" in mapping and gender is None and shown.get("gender"):
            problems["gender"] = f"Jenis kelamin “{shown['gender']}” tidak dikenal (L atau P)."
        gender = gender or (facts.gender if facts else "")
        birth = px.parse_date(cell(values, "birth_date")) if "birth_date" in mapping else None
        if "birth_date" in mapping and birth is None and shown.get("birth_date"):
            problems["birth_date"] = f"Tanggal lahir “{shown['birth_date']}” bukan tanggal (dd/mm/yyyy)."
        birth = birth or (facts.birth_date if facts else None)
        kind = px.parse_position_kind(cell(values, "position_kind"))
        if kind is None:
            problems["position_kind"] = (f"Jenis jabatan “{shown.get('position_kind', '')}” tidak dikenal "
                                         "(struktural, fungsional, atau pelaksana).")
        unit_text = shown.get("unit", "")
        unit_id = units.get(unit_text.lower())
        if unit_id is None:
            if unit_text and _creatable(unit_text) and root is not None:
                if unit_text.lower() in chosen:
                    unit_id = root  # a stand-in for the check below: the unit is created on import
                else:
                    offer.setdefault(unit_text.lower(), unit_text)
                    problems["unit"] = f"Unit “{unit_text}” belum ada; pilih untuk dibuat, atau perbaiki namanya."
            else:
                problems["unit"] = (f"Unit “{unit_text}” tidak dikenal; buat dulu di halaman Pegawai (pohon unit) "
                                    "atau tulis kode/nama unit yang ada." if unit_text else "Unit kerja kosong.")
        data = EmployeeInput(
            nip=nip, name=shown.get("name", ""), gender=gender, birth_date=birth, status=status,
            golongan=gol.normalise_code(shown.get("golongan", "")), position_title=shown.get("position_title", ""),
            position_kind=kind or "", jenjang=_jenjang(kind, shown.get("jenjang", "")), unit_id=unit_id,
            front_title=shown.get("front_title", ""), back_title=shown.get("back_title", ""),
            education=shown.get("education", "").upper() if shown.get("education", "").upper() in
            gol.EDUCATION_LEVELS else shown.get("education", ""))
        clean, errors = validate_employee(data)
        for k, v in errors.items():
            problems.setdefault("unit" if k == "unit" else k, v)
        rows.append(ImportRow(number, shown, problems, None if problems else clean, unit_text,
                              nipmod.clean_nip(shown.get("supervisor_nip", ""))))
    return Preview(table, mapping, tuple(rows), tuple(sorted(offer.values(), key=str.lower)), chosen)


def _unit_code(name: str, taken: set[str]) -> str:
    base = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name)).upper()[:6] or "UNIT"
    code, n = base, 1
    while code.lower() in taken:
        n += 1
        code = f"{base}{n}"
    taken.add(code.lower())
    return code


@write
def import_employees(path: str | Path, mapping: Mapping[str, int], sheet: str | None = None,
                     create_units: Sequence[str] = (), only_valid: bool = True,
                     refused_file: str | Path | None = None) -> ImportResult:
    """Import, in one transaction, checked again now: with ``only_valid`` the valid rows (the refused ones go to
    ``refused_file`` with a reason column, when given); without it nothing unless every row is valid."""
    p = preview(path, mapping, sheet, create_units)
    refused = p.refused
    if refused and not only_valid:
        raise DomainError(f"{len(refused)} baris bermasalah; tidak ada yang diimpor. Perbaiki berkasnya, atau pilih "
                          "impor baris yang benar saja.")
    if not p.valid:
        raise DomainError("Tidak ada baris yang dapat diimpor; lihat masalah tiap baris di pratinjau.")
    units, root = _units()
    taken = {c.lower() for (c,) in OrgUnit.select(OrgUnit.code).tuples()}
    created: dict[str, int] = {}
    for r in p.valid:
        key = r.unit_text.lower()
        if key in p.create_units and key not in units and key not in created:
            kind = _creatable(r.unit_text)
            u = OrgUnit.create(code=_unit_code(r.unit_text, taken), name=" ".join(r.unit_text.split()), kind=kind,
                               parent=root)
            audit("create", "unit", u.id, code=u.code, name=u.name, source="impor pegawai")
            created[key] = u.id
    ids: dict[str, int] = {}
    for r in p.valid:
        data = r.data
        assert data is not None
        if r.unit_text.lower() in created:
            data = replace(data, unit_id=created[r.unit_text.lower()])
        ids[data.nip] = create_employee(data).id
    missing = []
    for r in p.valid:
        if not r.supervisor_nip:
            continue
        sup = ids.get(r.supervisor_nip) or Employee.select(Employee.id).where(Employee.nip == r.supervisor_nip).scalar()
        if sup is None or sup == ids[r.data.nip]:  # type: ignore[union-attr]
            missing.append(f"baris {r.row}: NIP {r.supervisor_nip}")
        else:
            set_supervisor(ids[r.data.nip], sup)  # type: ignore[union-attr]
    written = None
    if refused and refused_file is not None:
        _write_refused(p, refused, refused_file)
        written = str(refused_file)
    audit("import", "employee", None, file=p.table.file, sheet=p.table.sheet, imported=len(ids),
          refused=len(refused), units=sorted(created))
    names = {r.unit_text.lower(): " ".join(r.unit_text.split()) for r in p.valid}
    return ImportResult(len(ids), len(refused), tuple(names[k] for k in created), tuple(missing), written)


def _write_refused(p: Preview, refused: list[ImportRow], path: str | Path) -> None:
    """The refused rows as they were, each with its row number and its reasons, to be corrected and imported."""
    headers = list(p.table.headers)
    by_row = dict(p.table.rows)
    nip_col = p.mapping.get("nip")
    columns = [sheets.Column("Baris", "int", 7),
               *(sheets.Column(h or f"Kolom {i + 1}", "nip" if i == nip_col else "text", 18)
                 for i, h in enumerate(headers)),
               sheets.Column("Alasan ditolak", "text", 60)]
    labels = {f.key: f.label for f in FIELDS}
    rows = [(r.row, *(px.cell_text(v) for v in by_row[r.row]),
             "; ".join(f"{labels.get(k, 'Baris')}: {v}" if k != "_" else v for k, v in r.problems.items()))
            for r in refused]
    wb = sheets.new_workbook()
    sheets.write_table(wb, "Ditolak", columns, rows, [f"Baris yang tidak diimpor dari {p.table.file}",
                                                      f"Lembar {p.table.sheet}; perbaiki lalu impor lagi."])
    sheets.save(wb, path)
