"""Peewee models: the schema after the last migration in :mod:`migrations`."""

from __future__ import annotations

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateField,
    FloatField,
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


class Skp(BaseModel):
    """Sasaran Kinerja Pegawai: one row per version of an employee's plan for a year."""

    employee = ForeignKeyField(Employee, backref="skps", on_delete="RESTRICT")
    year = IntegerField()
    version = IntegerField()
    status = CharField()
    current = BooleanField(default=True)
    approach = CharField(default="kuantitatif")
    employee_position = CharField(default="")
    employee_unit = CharField(default="")
    employee_golongan = CharField(default="")
    penilai = ForeignKeyField(Employee, null=True, on_delete="SET NULL", backref="rated_skps")
    penilai_name = CharField(default="")
    penilai_nip = CharField(default="")
    penilai_position = CharField(default="")
    atasan = ForeignKeyField(Employee, null=True, on_delete="SET NULL", backref="+")
    atasan_name = CharField(default="")
    atasan_nip = CharField(default="")
    atasan_position = CharField(default="")
    dukungan_sumber_daya = TextField(default="")
    skema_pertanggungjawaban = TextField(default="")
    konsekuensi = TextField(default="")
    revision_reason = TextField(default="")
    lock_version = IntegerField(default=0)
    created_at = CharField()
    updated_at = CharField()


class SkpRhk(BaseModel):
    """Rencana Hasil Kerja."""

    skp = ForeignKeyField(Skp, backref="rhk", on_delete="CASCADE")
    position = IntegerField()
    kind = CharField()
    text = TextField()
    parent_rhk = ForeignKeyField("self", null=True, on_delete="SET NULL", backref="supported_by")
    origin_rhk = ForeignKeyField("self", null=True, on_delete="SET NULL", backref="+")


class SkpIki(BaseModel):
    """Indikator Kinerja Individu."""

    rhk = ForeignKeyField(SkpRhk, backref="iki", on_delete="CASCADE")
    position = IntegerField()
    aspect = CharField()
    text = TextField()
    target_value = FloatField(null=True)
    target_unit = CharField(default="")
    target_text = TextField(default="")


class SkpAction(BaseModel):
    """Rencana aksi of an RHK for one evaluation period."""

    rhk = ForeignKeyField(SkpRhk, backref="actions", on_delete="CASCADE")
    period = IntegerField()
    text = TextField()


class SkpExpectation(BaseModel):
    """Ekspektasi khusus pimpinan for one core value (BerAKHLAK)."""

    skp = ForeignKeyField(Skp, backref="expectations", on_delete="CASCADE")
    core_value = CharField()
    text = TextField(default="")


class SkpStatusHistory(BaseModel):
    skp = ForeignKeyField(Skp, backref="history", on_delete="CASCADE")
    at = CharField()
    from_status = CharField(null=True)
    to_status = CharField()
    actor = CharField()
    note = TextField(default="")


class EvaluationPeriod(BaseModel):
    """Periode evaluasi: one of the year's periodic periods (the office's cadence) or the annual one."""

    year = IntegerField()
    cadence = CharField()
    number = IntegerField()
    label = CharField()
    start_date = DateField()
    end_date = DateField()


class Evaluation(BaseModel):
    """Evaluasi kinerja of one employee for one period, against the SKP version it was started from."""

    period = ForeignKeyField(EvaluationPeriod, backref="evaluations", on_delete="RESTRICT")
    skp = ForeignKeyField(Skp, backref="evaluations", on_delete="RESTRICT")
    employee = ForeignKeyField(Employee, backref="evaluations", on_delete="RESTRICT")
    unit = ForeignKeyField(OrgUnit, null=True, on_delete="SET NULL", backref="+")
    status = CharField(default="draf")
    rating_hasil = CharField(null=True)
    rating_perilaku = CharField(null=True)
    predikat = CharField(null=True)
    final_predikat = CharField(null=True)
    self_assessment = TextField(default="")
    catatan = TextField(default="")
    finalised_at = CharField(null=True)
    received_on = DateField(null=True)
    lock_version = IntegerField(default=0)
    created_at = CharField()
    updated_at = CharField()


class EvaluationHistory(BaseModel):
    evaluation = ForeignKeyField(Evaluation, backref="history", on_delete="CASCADE")
    at = CharField()
    action = CharField()
    actor = CharField()
    note = TextField(default="")


class EvaluationIndicator(BaseModel):
    """Realisasi, bukti dukung and umpan balik for one IKI."""

    evaluation = ForeignKeyField(Evaluation, backref="indicators", on_delete="CASCADE")
    iki = ForeignKeyField(SkpIki, backref="+", on_delete="CASCADE")
    realisasi_value = FloatField(null=True)
    realisasi_text = TextField(default="")
    bukti = TextField(default="")
    umpan_balik = TextField(default="")


class EvaluationAttachment(BaseModel):
    """A bukti dukung file (PDF or picture), kept in the database so backups carry it."""

    evaluation = ForeignKeyField(Evaluation, backref="attachments", on_delete="CASCADE")
    iki = ForeignKeyField(SkpIki, null=True, backref="+", on_delete="SET NULL")
    filename = CharField()
    media_type = CharField()
    size = IntegerField()
    sha256 = CharField()
    data = BlobField()
    added_at = CharField()


class EvaluationBehaviour(BaseModel):
    """Perilaku kerja: the employee's own note and the penilai's umpan balik for one core value."""

    evaluation = ForeignKeyField(Evaluation, backref="behaviours", on_delete="CASCADE")
    core_value = CharField()
    self_note = TextField(default="")
    penilai_note = TextField(default="")


class PeerAssessment(BaseModel):
    """Penilaian rekan sejawat for one core value."""

    evaluation = ForeignKeyField(Evaluation, backref="peers", on_delete="CASCADE")
    peer = ForeignKeyField(Employee, backref="+", on_delete="RESTRICT")
    core_value = CharField()
    rating = CharField(null=True)
    note = TextField(default="")
    updated_at = CharField()


class PublicFeedback(BaseModel):
    """Umpan balik masyarakat for a unit or an employee in a period: a satisfaction survey index or the
    share of complaints handled in time (0–100)."""

    period = ForeignKeyField(EvaluationPeriod, backref="+", on_delete="RESTRICT")
    unit = ForeignKeyField(OrgUnit, null=True, backref="+", on_delete="CASCADE")
    employee = ForeignKeyField(Employee, null=True, backref="+", on_delete="CASCADE")
    kind = CharField()
    score = FloatField()
    responses = IntegerField(default=0)
    note = TextField(default="")
    recorded_at = CharField()


class OrgPredikatRecord(BaseModel):
    """Predikat kinerja organisasi of a unit for a year."""

    unit = ForeignKeyField(OrgUnit, backref="+", on_delete="CASCADE")
    year = IntegerField()
    predikat = CharField()
    note = TextField(default="")

    class Meta:
        table_name = "org_predikat"


class Objection(BaseModel):
    """Keberatan atas predikat tahunan, and the atasan pejabat penilai's decision."""

    evaluation = ForeignKeyField(Evaluation, backref="objection", on_delete="CASCADE", unique=True)
    filed_on = DateField()
    reason = TextField()
    status = CharField(default="diajukan")
    hearing_notes = TextField(default="")
    original_predikat = CharField()
    new_predikat = CharField(null=True)
    decided_on = DateField(null=True)
    decided_by = CharField(default="")
    decision_reason = TextField(default="")


class TrainingEvent(BaseModel):
    """Kegiatan pengembangan kompetensi: a course, e-learning module, coaching, workshop, ..."""

    title = CharField()
    kind = CharField()
    method = CharField()
    form = CharField()
    organiser = CharField(default="")
    location = CharField(default="")
    start_date = DateField()
    end_date = DateField()
    jp = FloatField()
    competency = TextField(default="")
    notes = TextField(default="")
    lock_version = IntegerField(default=0)
    created_at = CharField()
    updated_at = CharField()


class TrainingNeed(BaseModel):
    """Kebutuhan pengembangan kompetensi of an employee for a year, from an evaluation or entered by hand."""

    employee = ForeignKeyField(Employee, backref="training_needs", on_delete="CASCADE")
    year = IntegerField()
    evaluation = ForeignKeyField(Evaluation, null=True, backref="+", on_delete="SET NULL")
    source = CharField()
    competency = TextField()
    kind = CharField(default="teknis")
    status = CharField(default="usulan")
    note = TextField(default="")
    created_at = CharField()
    updated_at = CharField()


class TrainingParticipation(BaseModel):
    """Keikutsertaan: an employee in an event, with the JP credited and the certificate."""

    event = ForeignKeyField(TrainingEvent, backref="participations", on_delete="CASCADE")
    employee = ForeignKeyField(Employee, backref="trainings", on_delete="RESTRICT")
    status = CharField(default="direncanakan")
    jp_credited = FloatField(null=True)
    certificate_number = CharField(default="")
    certificate_date = DateField(null=True)
    notes = TextField(default="")
    need = ForeignKeyField(TrainingNeed, null=True, backref="participations", on_delete="SET NULL")
    updated_at = CharField()


class CoachingProgram(BaseModel):
    """Program pembinaan run by the office: training sessions, interactive workshops, simulations."""

    title = CharField()
    kind = CharField()
    year = IntegerField()
    unit = ForeignKeyField(OrgUnit, null=True, backref="+", on_delete="SET NULL")
    description = TextField(default="")
    created_at = CharField()
    updated_at = CharField()


class CoachingSession(BaseModel):
    program = ForeignKeyField(CoachingProgram, backref="sessions", on_delete="CASCADE")
    date = DateField()
    topic = TextField()
    facilitator = CharField(default="")
    minutes = IntegerField(default=0)


class CoachingQuestion(BaseModel):
    """A feedback question of a programme, answered with a score 1–5."""

    program = ForeignKeyField(CoachingProgram, backref="questions", on_delete="CASCADE")
    position = IntegerField()
    text = TextField()


class CoachingParticipant(BaseModel):
    program = ForeignKeyField(CoachingProgram, backref="participants", on_delete="CASCADE")
    employee = ForeignKeyField(Employee, backref="+", on_delete="RESTRICT")
    comment = TextField(default="")
    feedback_at = CharField(null=True)


class CoachingFeedback(BaseModel):
    participant = ForeignKeyField(CoachingParticipant, backref="scores", on_delete="CASCADE")
    question = ForeignKeyField(CoachingQuestion, backref="scores", on_delete="CASCADE")
    score = IntegerField()


class Reward(BaseModel):
    """Penghargaan: pegawai teladan, innovation award, Satyalancana Karya Satya, a financial incentive."""

    employee = ForeignKeyField(Employee, backref="rewards", on_delete="RESTRICT")
    kind = CharField()
    title = CharField()
    given_on = DateField()
    decree_number = CharField(default="")
    issuer = CharField(default="")
    description = TextField(default="")
    amount = IntegerField(null=True)
    created_at = CharField()


class Sanction(BaseModel):
    """Hukuman disiplin (PP 94/2021)."""

    employee = ForeignKeyField(Employee, backref="sanctions", on_delete="RESTRICT")
    level = CharField()
    kind = CharField()
    decree_number = CharField()
    decree_date = DateField()
    start_date = DateField()
    months = IntegerField(null=True)
    end_date = DateField(null=True)
    reason = TextField(default="")
    cancelled_on = DateField(null=True)
    cancel_reason = TextField(default="")
    created_at = CharField()


class TppCeiling(BaseModel):
    """Pagu TPP a month for a position class."""

    position_class = CharField(column_name="class", unique=True)
    amount = IntegerField()


class AttendanceMonth(BaseModel):
    employee = ForeignKeyField(Employee, backref="+", on_delete="CASCADE")
    year = IntegerField()
    month = IntegerField()
    absent_days = IntegerField(default=0)
    late_minutes = TextField(default="[]")
    updated_at = CharField()


class TppRun(BaseModel):
    year = IntegerField()
    month = IntegerField()
    unit = ForeignKeyField(OrgUnit, null=True, backref="+", on_delete="RESTRICT")
    status = CharField(default="draf")
    rules = TextField()
    computed_at = CharField()
    locked_at = CharField(null=True)
    locked_by = CharField(default="")
    lock_version = IntegerField(default=0)


class TppLine(BaseModel):
    run = ForeignKeyField(TppRun, backref="lines", on_delete="CASCADE")
    employee = ForeignKeyField(Employee, backref="+", on_delete="RESTRICT")
    position_class = CharField(column_name="class")
    predikat = CharField(null=True)
    ceiling = IntegerField()
    performance = IntegerField()
    discipline_base = IntegerField()
    discipline_deduction = IntegerField()
    discipline = IntegerField()
    gross = IntegerField()
    sanction_cut = IntegerField()
    net = IntegerField()
    explanation = TextField()


class Vacancy(BaseModel):
    """Formasi jabatan lowong, for the ranked candidate list."""

    title = CharField()
    unit = ForeignKeyField(OrgUnit, backref="+", on_delete="RESTRICT")
    jenjang = CharField(default="")
    golongan_min = CharField()
    golongan_max = CharField()
    status = CharField(default="terbuka")
    note = TextField(default="")
    created_at = CharField()


class PotentialAssessment(BaseModel):
    """Potensi (1 rendah, 2 menengah, 3 tinggi) for the 9-box, entered by the assessor."""

    employee = ForeignKeyField(Employee, backref="+", on_delete="CASCADE")
    year = IntegerField()
    level = IntegerField()
    assessor = CharField(default="")
    note = TextField(default="")
    created_at = CharField()


class PastPredikat(BaseModel):
    """An annual predikat from before the office used the app, copied from its document (e-Kinerja, SKP)."""

    employee = ForeignKeyField(Employee, backref="+", on_delete="CASCADE")
    year = IntegerField()
    predikat = CharField()
    source = CharField()
    recorded_at = CharField()


class PaketSubmission(BaseModel):
    """A package received from an office (consolidation): one per office, unit and year; a new one replaces it."""

    office = CharField()
    region = CharField(default="")
    unit_code = CharField(default="")
    unit_name = CharField(default="")
    year = IntegerField()
    format_version = IntegerField()
    app = CharField(default="")
    created = CharField(default="")
    file_name = CharField()
    digest = CharField()
    changed_sheets = CharField(default="")
    override_reason = TextField(default="")
    row_counts = TextField(default="{}")
    imported_at = CharField()


class PaketEmployee(BaseModel):
    """One employee of a received package, summed up for the consolidated view."""

    submission = ForeignKeyField(PaketSubmission, backref="employees", on_delete="CASCADE")
    nip = CharField()
    name = CharField()
    unit_code = CharField(default="")
    status = CharField(default="")
    golongan = CharField(default="")
    position_title = CharField(default="")
    active = BooleanField(default=True)
    annual_predikat = CharField(default="")
    jp = FloatField(default=0)
    rewards = IntegerField(default=0)
    sanctions = IntegerField(default=0)
    tpp_net = IntegerField(default=0)


class PaketRow(BaseModel):
    """A row of a received package as it came, so the consolidated packages can be sent upward again."""

    submission = ForeignKeyField(PaketSubmission, backref="rows", on_delete="CASCADE")
    sheet = CharField()
    position = IntegerField()
    cells = TextField()


ALL_MODELS = (
    OrgUnit, Employee, PositionHistory, Setting, AuditLog,
    Skp, SkpRhk, SkpIki, SkpAction, SkpExpectation, SkpStatusHistory,
    EvaluationPeriod, Evaluation, EvaluationHistory, EvaluationIndicator, EvaluationAttachment,
    EvaluationBehaviour, PeerAssessment, PublicFeedback, OrgPredikatRecord, Objection,
    TrainingEvent, TrainingNeed, TrainingParticipation,
    CoachingProgram, CoachingSession, CoachingQuestion, CoachingParticipant, CoachingFeedback,
    Reward, Sanction, TppCeiling, AttendanceMonth, TppRun, TppLine, Vacancy, PotentialAssessment, PastPredikat,
    PaketSubmission, PaketEmployee, PaketRow,
)
