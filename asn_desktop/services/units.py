"""Unit organisasi: the office's organisation tree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asn_desktop.domain import organisation
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.store.models import Employee, OrgUnit

from .common import audit, write

UNIT_KINDS = organisation.UNIT_KINDS


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    active: bool

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)


@dataclass
class UnitInput:
    code: str
    name: str
    kind: str
    parent_id: int | None


def _row(u: OrgUnit) -> UnitRow:
    return UnitRow(u.id, u.code, u.name, u.kind, u.parent_id, bool(u.active))


def list_units(include_inactive: bool = False) -> list[UnitRow]:
    """All units, parents before children, siblings by name."""
    q = OrgUnit.select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent, OrgUnit.active)
    if not include_inactive:
        q = q.where(OrgUnit.active == True)  # noqa: E712
    rows = [UnitRow(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in q.tuples()]
    children: dict[int | None, list[UnitRow]] = {}
    ids = {r.id for r in rows}
    for r in rows:
        parent = r.parent_id if r.parent_id in ids else None
        children.setdefault(parent, []).append(r)
    ordered: list[UnitRow] = []

    def walk(parent: int | None) -> None:
        for r in sorted(children.get(parent, []), key=lambda u: u.name.lower()):
            ordered.append(r)
            walk(r.id)

    walk(None)
    return ordered


def get_unit(unit_id: int) -> UnitRow:
    u = OrgUnit.get_or_none(OrgUnit.id == unit_id)
    if u is None:
        raise DomainError("Unit tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    return _row(u)


def subtree_ids(unit_id: int) -> set[int]:
    """The unit and every unit below it."""
    return subtree_of(list(OrgUnit.select(OrgUnit.id, OrgUnit.parent).tuples()), unit_id)


def subtree_of(pairs: Sequence[tuple[int, int | None]], unit_id: int) -> set[int]:
    """The unit and every unit below it, from (id, parent id) pairs already in hand."""
    children: dict[int, list[int]] = {}
    for uid, parent in pairs:
        if parent is not None:
            children.setdefault(parent, []).append(uid)
    out, stack = set(), [unit_id]
    while stack:
        u = stack.pop()
        if u in out:
            continue
        out.add(u)
        stack.extend(children.get(u, []))
    return out


def _validate(data: UnitInput, unit_id: int | None) -> UnitInput:
    errors: dict[str, str] = {}
    code = data.code.strip().upper()
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = "Nama unit wajib diisi."
    if not code:
        errors["code"] = "Kode unit wajib diisi."
    elif (
        OrgUnit.select().where((OrgUnit.code == code) & (OrgUnit.id != (unit_id or 0))).exists()
    ):
        errors["code"] = f"Kode unit {code} sudah dipakai unit lain."
    parent_kind = None
    if data.parent_id is not None:
        parent = OrgUnit.get_or_none(OrgUnit.id == data.parent_id)
        if parent is None:
            errors["parent"] = "Unit induk tidak ditemukan."
        elif not parent.active:
            errors["parent"] = f"Unit induk {parent.name} sudah tidak aktif."
        else:
            parent_kind = parent.kind
            if unit_id is not None and parent.id in subtree_ids(unit_id):
                errors["parent"] = "Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau unit bawahannya."
    if "parent" not in errors:
        try:
            organisation.check_unit_placement(data.kind, parent_kind)
        except DomainError as err:
            errors[err.field or "kind"] = err.message
    if errors:
        raise ValidationError(errors)
    return UnitInput(code=code, name=name, kind=data.kind, parent_id=data.parent_id)


@write
def create_unit(data: UnitInput) -> UnitRow:
    clean = _validate(data, None)
    u = OrgUnit.create(code=clean.code, name=clean.name, kind=clean.kind, parent=clean.parent_id)
    audit("create", "unit", u.id, code=u.code, name=u.name)
    return _row(u)


@write
def update_unit(unit_id: int, data: UnitInput) -> UnitRow:
    u = OrgUnit.get_or_none(OrgUnit.id == unit_id)
    if u is None:
        raise DomainError("Unit tidak ditemukan; mungkin sudah dihapus di jendela lain.")
    clean = _validate(data, unit_id)
    if clean.kind != u.kind:
        for child in OrgUnit.select().where(OrgUnit.parent == unit_id):
            try:
                organisation.check_unit_placement(child.kind, clean.kind)
            except DomainError as err:
                raise ValidationError({"kind": f"Unit bawahan {child.name}: {err.message}"}) from None
    u.code, u.name, u.kind, u.parent = clean.code, clean.name, clean.kind, clean.parent_id
    u.save()
    audit("update", "unit", u.id, code=u.code, name=u.name, parent=clean.parent_id)
    return _row(u)


def deactivation_problem(unit_id: int) -> str | None:
    """Why the unit cannot be deactivated now (``None`` if it can): asked before the user confirms."""
    u = OrgUnit.get_or_none(OrgUnit.id == unit_id)
    if u is None:
        return "Unit tidak ditemukan; mungkin sudah dihapus di jendela lain."
    if not u.active:
        return f"Unit {u.name} sudah tidak aktif."
    n_emp = Employee.select().where((Employee.unit == unit_id) & (Employee.active == True)).count()  # noqa: E712
    if n_emp:
        them = "pegawai tersebut" if n_emp == 1 else "mereka"
        return f"Unit {u.name} masih memiliki {n_emp} pegawai aktif; pindahkan {them} ke unit lain lebih dahulu."
    n_child = OrgUnit.select().where((OrgUnit.parent == unit_id) & (OrgUnit.active == True)).count()  # noqa: E712
    if n_child:
        return f"Unit {u.name} masih memiliki {n_child} unit bawahan aktif; nonaktifkan atau pindahkan lebih dahulu."
    return None


@write
def deactivate_unit(unit_id: int) -> UnitRow:
    problem = deactivation_problem(unit_id)
    if problem:
        raise DomainError(problem)
    u = OrgUnit.get(OrgUnit.id == unit_id)
    u.active = False
    u.save()
    audit("deactivate", "unit", u.id, name=u.name)
    return _row(u)
