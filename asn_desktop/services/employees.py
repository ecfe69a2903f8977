"""Pegawai: create, edit, deactivate, move between units, set pejabat penilai, search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from peewee import JOIN, fn

from asn_desktop.domain import golongan as gol
from asn_desktop.domain import nip as nipmod
from asn_desktop.domain import organisation
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.store.models import Employee, OrgUnit, PositionHistory

from .common import audit, today, write

GENDERS = organisation.GENDERS
STATUSES = organisation.EMPLOYEE_STATUSES
POSITION_KINDS = organisation.POSITION_KINDS
JENJANG = organisation.JENJANG
EDUCATION_LEVELS = gol.EDUCATION_LEVELS
format_nip = nipmod.format_nip
clean_nip = nipmod.clean_nip


def golongan_choices(status: str) -> list[tuple[str, str]]:
    """(code, label) pairs for the golongan of a status, lowest first."""
    return [(g.code, g.label) for g in gol.golongan_for(status)]


def full_name(front: str, name: str, back: str) -> str:
    """Name with titles as written on official documents: ``Dr. Budi Santoso, S.Kom., M.T.``."""
    front, name, back = front.strip(), name.strip(), back.strip()
    text = f"{front} {name}" if front else name
    return f"{text}, {back}" if back else text


def nip_problem(text: str, status: str | None = None) -> str | None:
    """What is wrong with a NIP as typed so far (``None`` when it is right). For the dialog's live check."""
    problem = nipmod.nip_problem(text)
    if problem is None and status is not None:
        info = nipmod.parse_nip(text)
        if info.kind != status:
            if status == "PNS":
                return "NIP ini berformat NI PPPK (digit ke-13 adalah 2), tetapi status pegawai PNS."
            return "NIP ini berformat NIP PNS, tetapi status pegawai PPPK (NI PPPK memiliki angka 2 pada digit ke-13)."
    return problem


def nip_typing_problem(text: str, status: str | None = None) -> str | None:
    """Like :func:`nip_problem`, but for a NIP still being typed: only what is already wrong."""
    if len(clean_nip(text)) >= nipmod.NIP_LENGTH:
        return nip_problem(text, status)
    return nipmod.prefix_problem(text)


@dataclass(frozen=True)
class NipFacts:
    birth_date: dt.date
    gender: str
    status: str
    display: str


def nip_facts(text: str) -> NipFacts | None:
    """Birth date, gender and status read from a valid NIP, to fill the dialog; ``None`` if invalid."""
    try:
        info = nipmod.parse_nip(text)
    except nipmod.NipError:
        return None
    return NipFacts(info.birth_date, info.gender, info.kind, info.display)


@dataclass
class EmployeeInput:
    nip: str
    name: str
    gender: str
    birth_date: dt.date | None
    status: str
    golongan: str
    position_title: str
    position_kind: str
    jenjang: str
    unit_id: int | None
    front_title: str = ""
    back_title: str = ""
    education: str = ""
    supervisor_id: int | None = None


@dataclass(slots=True)
class EmployeeRow:
    """One line of the employee list (plain slots: 10,000 of them are built for every list load)."""

    id: int
    nip: str
    name: str  # with titles
    sort_name: str  # plain name, lower case
    gender: str
    status: str
    golongan: str
    golongan_rank: int
    position_title: str
    position_kind: str
    jenjang: str
    unit_id: int
    unit_name: str
    supervisor_id: int | None
    supervisor_name: str
    active: bool

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def pangkat(self) -> str:
        return gol.pangkat_of(self.status, self.golongan)


@dataclass(frozen=True)
class PositionRow:
    position_title: str
    position_kind: str
    jenjang: str
    unit_name: str
    start_date: dt.date
    end_date: dt.date | None
    note: str


@dataclass(frozen=True)
class EmployeeDetail:
    id: int
    data: EmployeeInput
    active: bool
    inactive_reason: str
    inactive_date: dt.date | None
    unit_name: str
    supervisor_name: str
    history: list[PositionRow] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- queries
def list_employees(include_inactive: bool = True) -> list[EmployeeRow]:
    """Every employee with unit and supervisor names, in one query (fast enough for 10,000 rows)."""
    return _rows(None if include_inactive else (Employee.active == True))  # noqa: E712


def _rows(where) -> list[EmployeeRow]:
    Sup = Employee.alias()
    q = (
        Employee.select(
            Employee.id,
            Employee.nip,
            Employee.front_title,
            Employee.name,
            Employee.back_title,
            Employee.gender,
            Employee.status,
            Employee.golongan,
            Employee.position_title,
            Employee.position_kind,
            Employee.jenjang,
            Employee.unit,
            OrgUnit.name,
            Employee.supervisor,
            Sup.front_title,
            Sup.name,
            Sup.back_title,
            Employee.active,
        )
        .join(OrgUnit, on=(Employee.unit == OrgUnit.id))
        .switch(Employee)
        .join(Sup, JOIN.LEFT_OUTER, on=(Employee.supervisor == Sup.id))
        .order_by(Employee.name)
    )
    if where is not None:
        q = q.where(where)
    rank = {(g.kind, g.code): g.rank + (100 if g.kind == "PNS" else 0) for g in gol.PNS_GOLONGAN + gol.PPPK_GOLONGAN}
    supervisors: dict[int, str] = {}  # a few hundred heads rate everyone: name each once

    def supervisor(r: tuple) -> str:
        if r[13] is None:
            return ""
        found = supervisors.get(r[13])
        if found is None:
            found = supervisors[r[13]] = full_name(r[14] or "", r[15] or "", r[16] or "")
        return found

    # the columns are plain text and integers already: read the cursor directly instead of letting
    # peewee convert 18 values per row one by one
    return [
        EmployeeRow(
            r[0], r[1], full_name(r[2], r[3], r[4]), r[3].lower(), r[5], r[6], r[7], rank.get((r[6], r[7]), 0),
            r[8], r[9], r[10], r[11], r[12], r[13], supervisor(r), bool(r[17]),
        )
        for r in Employee._meta.database.execute(q)
    ]


def search_employees(query: str, unit_id: int | None = None, include_inactive: bool = False) -> list[EmployeeRow]:
    """Employees whose name, NIP, jabatan or unit contains every word of ``query``."""
    from .units import subtree_ids

    words = query.lower().split()
    units = subtree_ids(unit_id) if unit_id is not None else None
    out = []
    for row in list_employees(include_inactive):
        if units is not None and row.unit_id not in units:
            continue
        hay = search_text(row)
        if all(w in hay for w in words):
            out.append(row)
    return out


def search_text(row: EmployeeRow) -> str:
    """What a filter word is matched against: name, NIP (plain and grouped), jabatan, unit, pejabat penilai."""
    return (
        f"{row.name}\n{row.nip}\n{row.nip_display}\n{row.position_title}\n{row.unit_name}\n{row.supervisor_name}"
    ).lower()


def _get(employee_id: int) -> Employee:
    e = Employee.get_or_none(Employee.id == employee_id)
    if e is None:
        raise DomainError("Pegawai tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    return e


def _input_of(e: Employee) -> EmployeeInput:
    return EmployeeInput(
        nip=e.nip,
        name=e.name,
        gender=e.gender,
        birth_date=e.birth_date,
        status=e.status,
        golongan=e.golongan,
        position_title=e.position_title,
        position_kind=e.position_kind,
        jenjang=e.jenjang,
        unit_id=e.unit_id,
        front_title=e.front_title,
        back_title=e.back_title,
        education=e.education,
        supervisor_id=e.supervisor_id,
    )


def get_employee(employee_id: int) -> EmployeeDetail:
    e = _get(employee_id)
    history = [
        PositionRow(p.position_title, p.position_kind, p.jenjang, p.unit.name, p.start_date, p.end_date, p.note)
        for p in PositionHistory.select(PositionHistory, OrgUnit)
        .join(OrgUnit)
        .where(PositionHistory.employee == employee_id)
        .order_by(PositionHistory.start_date.desc(), PositionHistory.id.desc())
    ]
    sup = e.supervisor
    return EmployeeDetail(
        id=e.id,
        data=_input_of(e),
        active=bool(e.active),
        inactive_reason=e.inactive_reason,
        inactive_date=e.inactive_date,
        unit_name=e.unit.name,
        supervisor_name=full_name(sup.front_title, sup.name, sup.back_title) if sup else "",
        history=history,
    )


def supervisor_choices(employee_id: int | None = None) -> list[EmployeeRow]:
    """Active employees who may be this employee's pejabat penilai (not the employee, nobody below them)."""
    excluded = _below(employee_id) | {employee_id} if employee_id is not None else set()
    return [r for r in list_employees(include_inactive=False) if r.id not in excluded]


def _below(employee_id: int) -> set[int]:
    """Everyone whose chain of pejabat penilai leads up to ``employee_id``."""
    pairs = list(Employee.select(Employee.id, Employee.supervisor).where(Employee.supervisor.is_null(False)).tuples())
    children: dict[int, list[int]] = {}
    for eid, sup in pairs:
        children.setdefault(sup, []).append(eid)
    out: set[int] = set()
    stack = list(children.get(employee_id, []))
    while stack:
        e = stack.pop()
        if e not in out:
            out.add(e)
            stack.extend(children.get(e, []))
    return out


def subordinate_count(employee_id: int) -> int:
    return Employee.select().where((Employee.supervisor == employee_id) & (Employee.active == True)).count()  # noqa: E712


# ------------------------------------------------------------------------------------------- validation
def validate_employee(data: EmployeeInput, employee_id: int | None = None) -> tuple[EmployeeInput, dict[str, str]]:
    """Clean the input and list what is wrong, field by field. Writes nothing."""
    errors: dict[str, str] = {}
    nip = clean_nip(data.nip)
    name = " ".join(data.name.split())
    clean = replace(
        data,
        nip=nip,
        name=name,
        front_title=" ".join(data.front_title.split()),
        back_title=" ".join(data.back_title.split()),
        position_title=" ".join(data.position_title.split()),
    )
    if data.status not in STATUSES:
        errors["status"] = "Status kepegawaian harus PNS atau PPPK."
    problem = nip_problem(nip, data.status if data.status in STATUSES else None)
    if problem:
        errors["nip"] = problem
    else:
        other = Employee.get_or_none((Employee.nip == nip) & (Employee.id != (employee_id or 0)))
        if other is not None:
            errors["nip"] = f"NIP {format_nip(nip)} sudah dipakai pegawai lain: {full_name(other.front_title, other.name, other.back_title)}"
        else:
            info = nipmod.parse_nip(nip)
            if data.birth_date is not None and data.birth_date != info.birth_date:
                errors["birth_date"] = (
                    f"Tanggal lahir {data.birth_date:%d/%m/%Y} tidak sama dengan tanggal lahir dalam NIP "
                    f"({info.birth_date:%d/%m/%Y})."
                )
            if data.gender in GENDERS and data.gender != info.gender:
                errors["gender"] = f"Jenis kelamin tidak sama dengan digit ke-15 NIP ({GENDERS[info.gender]})."
    if not name:
        errors["name"] = "Nama pegawai wajib diisi."
    elif any(ch.isdigit() for ch in name):
        errors["name"] = "Nama pegawai tidak boleh berisi angka; gelar diisi di kolom gelar."
    if data.gender not in GENDERS:
        errors["gender"] = "Pilih jenis kelamin."
    if data.birth_date is None:
        errors.setdefault("birth_date", "Tanggal lahir wajib diisi.")
    if data.status in STATUSES:
        try:
            clean.golongan = gol.find_golongan(data.status, data.golongan).code
        except DomainError as err:
            errors["golongan"] = "Pilih golongan." if not data.golongan.strip() else err.message
    if not clean.position_title:
        errors["position_title"] = "Nama jabatan wajib diisi."
    if not data.position_kind:
        errors["position_kind"] = "Pilih jenis jabatan (struktural, fungsional, atau pelaksana)."
    else:
        try:
            organisation.check_jenjang(data.position_kind, data.jenjang)
        except DomainError as err:
            errors[err.field or "jenjang"] = err.message
    if data.education and data.education not in EDUCATION_LEVELS:
        errors["education"] = f"Pendidikan '{data.education}' tidak dikenal."
    if data.unit_id is None:
        errors["unit"] = "Pilih unit kerja."
    else:
        unit = OrgUnit.get_or_none(OrgUnit.id == data.unit_id)
        if unit is None:
            errors["unit"] = "Unit kerja tidak ditemukan."
        elif not unit.active:
            errors["unit"] = f"Unit {unit.name} sudah tidak aktif."
    if data.supervisor_id is not None:
        sup_error = _supervisor_problem(employee_id, data.supervisor_id)
        if sup_error:
            errors["supervisor"] = sup_error
    return clean, errors


def _supervisor_problem(employee_id: int | None, supervisor_id: int) -> str | None:
    if employee_id is not None and supervisor_id == employee_id:
        return "Pegawai tidak dapat menjadi pejabat penilai bagi dirinya sendiri."
    sup = Employee.get_or_none(Employee.id == supervisor_id)
    if sup is None:
        return "Pejabat penilai tidak ditemukan."
    if not sup.active:
        return f"{full_name(sup.front_title, sup.name, sup.back_title)} sudah tidak aktif dan tidak dapat menjadi pejabat penilai."
    if employee_id is not None and supervisor_id in _below(employee_id):
        return (
            f"{full_name(sup.front_title, sup.name, sup.back_title)} adalah bawahan (langsung atau tidak langsung) "
            "pegawai ini; hubungan penilai tidak boleh berputar."
        )
    return None


# ------------------------------------------------------------------------------------------------ writes
def _history_entry(e: Employee, start: dt.date, note: str) -> None:
    PositionHistory.create(
        employee=e.id,
        position_title=e.position_title,
        position_kind=e.position_kind,
        jenjang=e.jenjang,
        unit=e.unit_id,
        start_date=start,
        note=note,
    )


@write
def create_employee(data: EmployeeInput, start_date: dt.date | None = None) -> EmployeeRow:
    clean, errors = validate_employee(data)
    if errors:
        raise ValidationError(errors)
    e = Employee.create(
        nip=clean.nip,
        front_title=clean.front_title,
        name=clean.name,
        back_title=clean.back_title,
        gender=clean.gender,
        birth_date=clean.birth_date,
        status=clean.status,
        golongan=clean.golongan,
        education=clean.education,
        position_title=clean.position_title,
        position_kind=clean.position_kind,
        jenjang=clean.jenjang,
        unit=clean.unit_id,
        supervisor=clean.supervisor_id,
    )
    _history_entry(e, start_date or today(), "Data awal")
    audit("create", "employee", e.id, nip=e.nip, name=e.name)
    return _row_of(e.id)


@write
def update_employee(
    employee_id: int,
    data: EmployeeInput,
    change_date: dt.date | None = None,
    expected: EmployeeInput | None = None,
) -> EmployeeRow:
    """Save an edit. A changed position or unit closes the open history entry and opens a new one.

    ``expected`` is the record as the editor loaded it: if someone (another window, another computer)
    changed it since, the edit is refused instead of silently undoing their change.
    """
    e = _get(employee_id)
    if expected is not None and _input_of(e) != expected:
        raise DomainError(
            "Data pegawai ini sudah diubah di jendela atau komputer lain sejak dibuka. Perubahan Anda tidak "
            "disimpan: tutup dialog, muat ulang (F5), lalu ubah lagi."
        )
    clean, errors = validate_employee(data, employee_id)
    if errors:
        raise ValidationError(errors)
    position_changed = (e.position_title, e.position_kind, e.jenjang, e.unit_id) != (
        clean.position_title,
        clean.position_kind,
        clean.jenjang,
        clean.unit_id,
    )
    e.nip, e.front_title, e.name, e.back_title = clean.nip, clean.front_title, clean.name, clean.back_title
    e.gender, e.birth_date, e.status, e.golongan = clean.gender, clean.birth_date, clean.status, clean.golongan
    e.education = clean.education
    e.position_title, e.position_kind, e.jenjang = clean.position_title, clean.position_kind, clean.jenjang
    e.unit = clean.unit_id
    e.supervisor = clean.supervisor_id
    e.save()
    if position_changed and e.active:  # an inactive employee holds no position; reactivation opens one
        _close_and_open_history(e, change_date or today(), "Perubahan jabatan/unit")
    audit("update", "employee", e.id, nip=e.nip, position_changed=position_changed)
    return _row_of(e.id)


def _close_and_open_history(e: Employee, when: dt.date, note: str) -> None:
    (
        PositionHistory.update(end_date=when)
        .where((PositionHistory.employee == e.id) & PositionHistory.end_date.is_null())
        .execute()
    )
    _history_entry(e, when, note)


@write
def move_employee(employee_id: int, unit_id: int, when: dt.date | None = None) -> EmployeeRow:
    """Mutasi: move to another unit, keeping the position; recorded in the position history."""
    e = _get(employee_id)
    unit = OrgUnit.get_or_none(OrgUnit.id == unit_id)
    if unit is None or not unit.active:
        raise ValidationError({"unit": "Unit tujuan tidak ditemukan atau sudah tidak aktif."})
    if not e.active:
        raise DomainError("Pegawai nonaktif tidak dapat dipindahkan; aktifkan kembali lebih dahulu.")
    if e.unit_id == unit_id:
        raise ValidationError({"unit": f"Pegawai sudah berada di {unit.name}."})
    e.unit = unit_id
    e.save()
    _close_and_open_history(e, when or today(), f"Mutasi ke {unit.name}")
    audit("move", "employee", e.id, unit=unit_id)
    return _row_of(e.id)


@write
def set_supervisor(employee_id: int, supervisor_id: int | None) -> EmployeeRow:
    """Set (or clear, with ``None``) the employee's pejabat penilai: not oneself, no cycles."""
    e = _get(employee_id)
    if supervisor_id is not None:
        problem = _supervisor_problem(employee_id, supervisor_id)
        if problem:
            raise ValidationError({"supervisor": problem})
    e.supervisor = supervisor_id
    e.save()
    audit("set_supervisor", "employee", e.id, supervisor=supervisor_id)
    return _row_of(e.id)


@write
def deactivate_employee(employee_id: int, reason: str, when: dt.date | None = None) -> EmployeeRow:
    """Nonaktifkan (pensiun, pindah instansi, berhenti, meninggal…). The record and its history stay."""
    e = _get(employee_id)
    if not e.active:
        raise DomainError(f"{e.name} sudah nonaktif.")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Alasan penonaktifan wajib diisi."})
    when = when or today()
    if when > today():
        raise ValidationError({"date": "Tanggal nonaktif tidak boleh di masa depan; nonaktifkan pada harinya."})
    current = (
        PositionHistory.select(fn.MAX(PositionHistory.start_date))
        .where((PositionHistory.employee == e.id) & PositionHistory.end_date.is_null())
        .scalar()
    )
    if current is not None and when < current:
        raise ValidationError(
            {"date": f"Tanggal nonaktif tidak boleh sebelum awal jabatan saat ini ({current:%d/%m/%Y})."}
        )
    e.active = False
    e.inactive_reason = reason
    e.inactive_date = when
    e.save()
    (
        PositionHistory.update(end_date=e.inactive_date)
        .where((PositionHistory.employee == e.id) & PositionHistory.end_date.is_null())
        .execute()
    )
    audit("deactivate", "employee", e.id, reason=reason)
    return _row_of(e.id)


@write
def reactivate_employee(employee_id: int, when: dt.date | None = None) -> EmployeeRow:
    e = _get(employee_id)
    if e.active:
        raise DomainError(f"{e.name} masih aktif.")
    if not e.unit.active:
        raise DomainError(
            f"Unit {e.unit.name} sudah tidak aktif. Pilih dulu unit kerja yang aktif (Ubah → Unit kerja), "
            "lalu aktifkan kembali."
        )
    e.active = True
    e.inactive_reason = ""
    e.inactive_date = None
    e.save()
    _history_entry(e, when or today(), "Diaktifkan kembali")
    audit("reactivate", "employee", e.id)
    return _row_of(e.id)


def _row_of(employee_id: int) -> EmployeeRow:
    return _rows(Employee.id == employee_id)[0]
