"""Tindak lanjut: rewards (penghargaan) and disciplinary sanctions (hukuman disiplin, PP 94/2021).

The operator records them from the decrees (SK). A sanction is never deleted: one annulled (on appeal, say)
is cancelled with a reason and stays in the record without counting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from asn_desktop.domain import consequences as rules
from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.store.models import Employee, Reward, Sanction

from .common import audit, today, write
from .employees import full_name

__all__ = [
    "REWARD_KINDS", "RewardInput", "RewardRow", "SanctionInput", "SanctionRow", "record_reward", "rewards",
    "record_sanction", "cancel_sanction", "sanctions", "running_sanctions", "running_on",
]

REWARD_KINDS = {"pegawai_teladan": "Pegawai teladan", "inovasi": "Penghargaan inovasi",
                "satyalancana": "Satyalancana Karya Satya", "insentif": "Insentif (uang)", "lainnya": "Lainnya"}


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _employee(employee_id: int) -> Employee:
    e = Employee.get_or_none(Employee.id == employee_id)
    if e is None:
        raise DomainError("Pegawai tidak ditemukan; mungkin sudah diubah di jendela lain.")
    return e


# ---------------------------------------------------------------------------------------------- rewards
@dataclass
class RewardInput:
    employee_id: int
    kind: str
    title: str
    given_on: dt.date
    decree_number: str = ""
    issuer: str = ""
    description: str = ""
    amount: int | None = None  # whole rupiah, for a financial incentive


@dataclass(frozen=True)
class RewardRow:
    id: int
    employee_id: int
    name: str
    nip: str
    kind: str
    title: str
    given_on: dt.date
    decree_number: str
    issuer: str
    description: str
    amount: int | None

    @property
    def kind_label(self) -> str:
        return REWARD_KINDS.get(self.kind, self.kind)


@write
def record_reward(data: RewardInput) -> RewardRow:
    e = _employee(data.employee_id)
    errors: dict[str, str] = {}
    if data.kind not in REWARD_KINDS:
        errors["kind"] = "Jenis penghargaan tidak dikenal."
    if not data.title.strip():
        errors["title"] = "Nama penghargaan wajib diisi."
    if data.given_on is None:
        errors["given_on"] = "Tanggal penghargaan wajib diisi."
    elif data.given_on > today():
        errors["given_on"] = "Tanggal penghargaan tidak boleh di masa depan."
    if data.kind == "insentif" and not data.amount:
        errors["amount"] = "Insentif uang memerlukan jumlahnya (rupiah)."
    if data.amount is not None and data.amount <= 0:
        errors["amount"] = "Jumlah insentif harus lebih dari 0 rupiah."
    if errors:
        raise ValidationError(errors)
    r = Reward.create(employee=e.id, kind=data.kind, title=data.title.strip(), given_on=data.given_on,
                      decree_number=data.decree_number.strip(), issuer=data.issuer.strip(),
                      description=data.description.strip(), amount=data.amount, created_at=_now())
    audit("catat", "penghargaan", r.id, employee=e.id, kind=data.kind)
    return _reward_row(r, e)


def _reward_row(r: Reward, e: Employee) -> RewardRow:
    return RewardRow(r.id, e.id, full_name(e.front_title, e.name, e.back_title), e.nip, r.kind, r.title,
                     _date(r.given_on), r.decree_number, r.issuer, r.description, r.amount)


def rewards(year: int | None = None, employee_id: int | None = None) -> list[RewardRow]:
    q = Reward.select(Reward, Employee).join(Employee, on=(Reward.employee == Employee.id))
    if year is not None:
        q = q.where((Reward.given_on >= dt.date(year, 1, 1)) & (Reward.given_on <= dt.date(year, 12, 31)))
    if employee_id is not None:
        q = q.where(Reward.employee == employee_id)
    return [_reward_row(r, r.employee) for r in q.order_by(Reward.given_on.desc(), Employee.name)]


# -------------------------------------------------------------------------------------------- sanctions
@dataclass
class SanctionInput:
    employee_id: int
    kind: str
    decree_number: str
    decree_date: dt.date
    start: dt.date
    months: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class SanctionRow:
    id: int
    employee_id: int
    name: str
    nip: str
    level: str
    kind: str
    decree_number: str
    decree_date: dt.date
    start: dt.date
    months: int | None
    end: dt.date | None
    reason: str
    cancelled_on: dt.date | None
    cancel_reason: str

    @property
    def kind_label(self) -> str:
        k = rules.SANCTION_KINDS.get(self.kind)
        return k.label if k else self.kind

    @property
    def level_label(self) -> str:
        return rules.LEVELS.get(self.level, self.level)

    def running_on(self, day: dt.date) -> bool:
        """In force on ``day``: started, not ended, not cancelled (one without a duration: on its day only)."""
        if self.cancelled_on is not None:
            return False
        return self.start <= day <= (self.end or self.start)

    def runs_in(self, year: int, month: int) -> bool:
        return self.cancelled_on is None and rules.runs_in(self.start, self.end, year, month)


@write
def record_sanction(data: SanctionInput) -> SanctionRow:
    """Record a sanction from its decree; its end follows from the kind's duration."""
    e = _employee(data.employee_id)
    errors: dict[str, str] = {}
    kind = rules.SANCTION_KINDS.get(data.kind)
    if kind is None:
        errors["kind"] = "Jenis hukuman disiplin tidak dikenal (PP 94/2021)."
    if not data.decree_number.strip():
        errors["decree_number"] = "Nomor surat keputusan wajib diisi."
    if data.decree_date is None or data.start is None:
        errors["start"] = "Tanggal keputusan dan tanggal berlaku wajib diisi."
    elif data.start < data.decree_date:
        errors["start"] = "Hukuman tidak berlaku sebelum tanggal keputusannya."
    elif data.decree_date > today():
        errors["decree_date"] = "Tanggal keputusan tidak boleh di masa depan."
    end = None
    if kind is not None and "start" not in errors:
        try:
            end = rules.sanction_end(data.kind, data.start, data.months)
        except ValidationError as err:
            errors.update(err.errors)
    if errors:
        raise ValidationError(errors)
    assert kind is not None
    s = Sanction.create(employee=e.id, level=kind.level, kind=kind.code, decree_number=data.decree_number.strip(),
                        decree_date=data.decree_date, start_date=data.start, months=data.months or None, end_date=end,
                        reason=data.reason.strip(), created_at=_now())
    audit("catat", "hukuman_disiplin", s.id, employee=e.id, kind=kind.code)
    return _sanction_row(s, e)


@write
def cancel_sanction(sanction_id: int, reason: str, on: dt.date | None = None) -> SanctionRow:
    """Annul a sanction (on appeal, say): it stays in the record and no longer counts."""
    s = Sanction.get_or_none(Sanction.id == sanction_id)
    if s is None:
        raise DomainError("Hukuman disiplin tidak ditemukan; mungkin sudah diubah di jendela lain.")
    if s.cancelled_on is not None:
        raise DomainError("Hukuman disiplin ini sudah dibatalkan.")
    if not reason.strip():
        raise ValidationError({"reason": "Tuliskan dasar pembatalan (mis. putusan banding administratif)."})
    s.cancelled_on, s.cancel_reason = on or today(), reason.strip()
    s.save()
    audit("batal", "hukuman_disiplin", s.id, reason=reason.strip())
    return _sanction_row(s, Employee.get_by_id(s.employee_id))


def _sanction_row(s: Sanction, e: Employee) -> SanctionRow:
    return SanctionRow(s.id, e.id, full_name(e.front_title, e.name, e.back_title), e.nip, s.level, s.kind,
                       s.decree_number, _date(s.decree_date), _date(s.start_date), s.months,
                       _date(s.end_date) if s.end_date else None, s.reason,
                       _date(s.cancelled_on) if s.cancelled_on else None, s.cancel_reason)


def sanctions(employee_id: int | None = None, year: int | None = None) -> list[SanctionRow]:
    """Sanctions, newest first; ``year``: those that run (or were imposed) in it."""
    q = Sanction.select(Sanction, Employee).join(Employee, on=(Sanction.employee == Employee.id))
    if employee_id is not None:
        q = q.where(Sanction.employee == employee_id)
    rows = [_sanction_row(s, s.employee) for s in q.order_by(Sanction.start_date.desc(), Employee.name)]
    if year is not None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        rows = [r for r in rows if r.start <= last and (r.end or r.start) >= first]
    return rows


def running_on(day: dt.date) -> list[SanctionRow]:
    """The sanctions in force on ``day`` (not cancelled, started, not ended)."""
    q = (Sanction.select(Sanction, Employee).join(Employee, on=(Sanction.employee == Employee.id))
         .where(Sanction.cancelled_on.is_null() & (Sanction.start_date <= day)))
    return [r for r in (_sanction_row(s, s.employee) for s in q) if r.running_on(day)]


def running_sanctions(year: int, month: int) -> dict[int, list[SanctionRow]]:
    """Per employee, the sanctions that touch the month (for its TPP): not cancelled, running for at least a day."""
    first, last = rules.month_span(year, month)
    q = (Sanction.select(Sanction, Employee).join(Employee, on=(Sanction.employee == Employee.id))
         .where(Sanction.cancelled_on.is_null() & (Sanction.start_date <= last)))
    out: dict[int, list[SanctionRow]] = {}
    for s in q:
        row = _sanction_row(s, s.employee)
        if row.runs_in(year, month):
            out.setdefault(row.employee_id, []).append(row)
    return out
