"""Peewee models: the schema after the last migration in :mod:`migrations`."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from .db import database


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class OrgUnit(BaseModel):
    """Unit organisasi: pemerintah daerah, OPD/kecamatan, bidang/seksi/kelurahan."""

    code = CharField(unique=True)
    name = CharField()
    kind = CharField()
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    active = BooleanField(default=True)


class Employee(BaseModel):
    """Pegawai (PNS atau PPPK)."""

    nip = CharField(unique=True, max_length=18)
    front_title = CharField(default="")
    name = CharField()
    back_title = CharField(default="")
    gender = CharField()
    birth_date = DateField()
    status = CharField()
    golongan = CharField()
    education = CharField(default="")
    position_title = CharField()
    position_kind = CharField()
    jenjang = CharField(default="")
    unit = ForeignKeyField(OrgUnit, backref="employees", on_delete="RESTRICT")
    supervisor = ForeignKeyField("self", null=True, backref="subordinates", on_delete="SET NULL")
    active = BooleanField(default=True)
    inactive_reason = CharField(default="")
    inactive_date = DateField(null=True)


class PositionHistory(BaseModel):
    """Riwayat jabatan."""

    employee = ForeignKeyField(Employee, backref="positions", on_delete="CASCADE")
    position_title = CharField()
    position_kind = CharField()
    jenjang = CharField(default="")
    unit = ForeignKeyField(OrgUnit, on_delete="RESTRICT")
    start_date = DateField()
    end_date = DateField(null=True)
    note = CharField(default="")


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()


class AuditLog(BaseModel):
    at = CharField()
    action = CharField()
    entity = CharField()
    entity_id = IntegerField(null=True)
    detail = TextField(default="")


ALL_MODELS = (OrgUnit, Employee, PositionHistory, Setting, AuditLog)
