"""``asn-desktop check``: SQLite integrity, foreign keys, and the rules the data must keep."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

import peewee

from asn_desktop.domain import consequences as consequence_rules
from asn_desktop.domain import development as development_rules
from asn_desktop.domain import golongan as gol
from asn_desktop.domain import nip as nipmod
from asn_desktop.domain import organisation
from asn_desktop.domain.errors import DomainError
from asn_desktop.domain.predikat import Rating
from asn_desktop.domain.predikat import predikat as matrix_predikat
from asn_desktop.store.db import database
from asn_desktop.store.models import Employee, OrgUnit

from .employees import full_name


@dataclass(frozen=True)
class Finding:
    severity: str  # "galat" (wrong: exit 1) or "peringatan" (worth a look)
    area: str
    message: str


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "galat"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "peringatan"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self) -> str:
        lines = ["Pemeriksaan basis data ASN Desktop", ""]
        lines += [f"  {k}: {v}" for k, v in self.checked.items()]
        lines.append("")
        if not self.findings:
            lines.append("Tidak ada masalah ditemukan.")
        for f in self.findings:
            lines.append(f"[{f.severity.upper()}] {f.area}: {f.message}")
        lines.append("")
        lines.append(f"Hasil: {len(self.errors)} galat, {len(self.warnings)} peringatan.")
        return "\n".join(lines)


def run_checks() -> CheckReport:
    report = CheckReport()
    try:
        _run_checks(report)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as err:  # a damaged file: report it, no traceback
        report.findings.append(Finding("galat", "Integritas SQLite", f"berkas rusak, data tidak dapat dibaca ({err})"))
    return report


def _run_checks(report: CheckReport) -> None:
    add = report.findings.append
    db = database.obj
    for (msg,) in db.execute_sql("PRAGMA integrity_check").fetchall():
        if msg != "ok":
            add(Finding("galat", "Integritas SQLite", msg))
    for row in db.execute_sql("PRAGMA foreign_key_check").fetchall():
        add(Finding("galat", "Kunci asing", f"tabel {row[0]} baris {row[1]} merujuk {row[2]} yang tidak ada"))

    units = {u.id: u for u in OrgUnit.select()}
    report.checked["Unit organisasi"] = len(units)
    for u in units.values():
        parent = units.get(u.parent_id) if u.parent_id else None
        try:
            organisation.check_unit_placement(u.kind, parent.kind if parent else None)
        except DomainError as err:
            add(Finding("galat", f"Unit {u.code} {u.name}", err.message))
    # unit cycles
    for u in units.values():
        seen, cur = set(), u
        while cur is not None and cur.parent_id is not None:
            if cur.id in seen:
                add(Finding("galat", f"Unit {u.code} {u.name}", "rantai unit induk berputar"))
                break
            seen.add(cur.id)
            cur = units.get(cur.parent_id)

    employees = list(Employee.select())
    report.checked["Pegawai"] = len(employees)
    by_id = {e.id: e for e in employees}
    for e in employees:
        who = f"Pegawai {nipmod.format_nip(e.nip)} {full_name(e.front_title, e.name, e.back_title)}"
        try:
            info = nipmod.parse_nip(e.nip)
        except nipmod.NipError as err:
            add(Finding("galat", who, f"NIP tidak valid: {err.message}"))
        else:
            if info.kind != e.status:
                add(Finding("galat", who, f"NIP berformat {info.kind} tetapi status {e.status}"))
            if info.birth_date != e.birth_date:
                add(Finding("galat", who, f"tanggal lahir {e.birth_date:%d/%m/%Y} tidak sama dengan NIP ({info.birth_date:%d/%m/%Y})"))
            if info.gender != e.gender:
                add(Finding("galat", who, "jenis kelamin tidak sama dengan digit ke-15 NIP"))
        if gol.rank_of(e.status, e.golongan) == 0:
            add(Finding("galat", who, f"golongan {e.golongan} tidak dikenal untuk {e.status}"))
        try:
            organisation.check_jenjang(e.position_kind, e.jenjang)
        except DomainError as err:
            add(Finding("galat", who, err.message))
        unit = units.get(e.unit_id)
        if e.active and unit is not None and not unit.active:
            add(Finding("peringatan", who, f"aktif tetapi unitnya ({unit.name}) sudah nonaktif"))
        if e.active and e.supervisor_id:
            sup = by_id.get(e.supervisor_id)
            if sup is not None and not sup.active:
                add(Finding("peringatan", who, f"pejabat penilainya ({sup.name}) sudah nonaktif"))
    # supervisor cycles: walk up from everyone, report each cycle once
    reported: set[frozenset[int]] = set()
    for e in employees:
        path: list[int] = []
        cur = e
        while cur is not None and cur.supervisor_id is not None:
            if cur.id in path:
                cycle = frozenset(path[path.index(cur.id):])
                if cycle not in reported:
                    reported.add(cycle)
                    names = ", ".join(sorted(by_id[i].name for i in cycle))
                    add(Finding("galat", "Pejabat penilai", f"hubungan penilai berputar: {names}"))
                break
            path.append(cur.id)
            cur = by_id.get(cur.supervisor_id)
    _check_appraisals(report)
    _check_development(report)
    _check_consequences(report)


# what each check of the evaluations finds, as SQL returning (evaluation id, employee name, period label)
_EVALUATIONS = ("FROM evaluation e JOIN employee m ON m.id = e.employee_id "
                "JOIN evaluation_period p ON p.id = e.period_id")
_EVALUATION_ROW = f"SELECT e.id, m.name, p.label {_EVALUATIONS}"
_APPRAISAL_RULES = (
    ("predikat akhir berbeda dari predikat hasil matriks padahal tidak ada keberatan yang diterima",
     f"""{_EVALUATION_ROW} LEFT JOIN objection o ON o.evaluation_id = e.id
         WHERE e.status = 'final' AND e.final_predikat <> e.predikat
           AND NOT coalesce(o.status = 'diterima' AND o.new_predikat = e.final_predikat, 0)"""),
    ("keberatan diterima tetapi predikat akhir bukan predikat baru dari putusan",
     f"""{_EVALUATION_ROW} JOIN objection o ON o.evaluation_id = e.id
         WHERE o.status = 'diterima' AND e.final_predikat IS NOT o.new_predikat"""),
    ("keberatan atas penilaian yang bukan penilaian tahunan final",
     f"""{_EVALUATION_ROW} JOIN objection o ON o.evaluation_id = e.id
         WHERE p.cadence <> 'tahunan' OR e.status <> 'final'"""),
    ("dinilai atas SKP pegawai lain atau SKP tahun lain",
     f"""{_EVALUATION_ROW} JOIN skp s ON s.id = e.skp_id WHERE s.employee_id <> e.employee_id OR s.year <> p.year"""),
)


def _check_appraisals(report: CheckReport) -> None:
    """A final evaluation's predikat is what the matrix gives for its ratings, and only an accepted
    keberatan changes it afterwards."""
    db = database.obj
    count = db.execute_sql("SELECT count(*) FROM evaluation").fetchone()[0]
    if not count:
        return
    report.checked["Penilaian"] = count
    add = report.findings.append
    for evaluation_id, name, label, hasil, perilaku, stored in db.execute_sql(
            f"SELECT e.id, m.name, p.label, e.rating_hasil, e.rating_perilaku, e.predikat {_EVALUATIONS} "
            "WHERE e.status = 'final'"):
        h, p = Rating[hasil.upper()], Rating[perilaku.upper()]
        expected = matrix_predikat(h, p)
        if stored != expected.name.lower():
            add(Finding("galat", f"Penilaian #{evaluation_id} {name} ({label})",
                        f"predikat {stored} tidak sesuai matriks: hasil kerja {h.label}, perilaku kerja {p.label} "
                        f"menghasilkan {expected.label}"))
    for message, sql in _APPRAISAL_RULES:
        for evaluation_id, name, label in db.execute_sql(sql):
            add(Finding("galat", f"Penilaian #{evaluation_id} {name} ({label})", message))


# what each check of the training records finds, as SQL returning (row id, what it is about): the rules the
# development and coaching services keep (asn_desktop/services/development.py, coaching.py)
_PARTICIPATION_ROW = ("SELECT p.id, m.name || ' — ' || t.title FROM training_participation p "
                      "JOIN training_event t ON t.id = p.event_id JOIN employee m ON m.id = p.employee_id")
_DEVELOPMENT_RULES = (
    ("galat", "Keikutsertaan pelatihan", "JP yang diakui melebihi JP kegiatan",
     f"{_PARTICIPATION_ROW} WHERE p.jp_credited > t.jp"),
    ("galat", "Keikutsertaan pelatihan", "sertifikat tercatat padahal peserta belum mengikuti atau tidak lulus",
     f"{_PARTICIPATION_ROW} WHERE p.status IN ('direncanakan', 'tidak_lulus') AND p.certificate_number <> ''"),
    ("galat", "Keikutsertaan pelatihan", "tanggal sertifikat sebelum kegiatan dimulai",
     f"{_PARTICIPATION_ROW} WHERE p.certificate_date < t.start_date"),
    ("peringatan", "Keikutsertaan pelatihan", "JP yang diakui tercatat pada status yang tidak memberi JP",
     f"{_PARTICIPATION_ROW} WHERE p.jp_credited IS NOT NULL AND p.status NOT IN ('hadir', 'lulus')"),
    ("galat", "Keikutsertaan pelatihan", "merencanakan kebutuhan pelatihan pegawai lain",
     f"{_PARTICIPATION_ROW} JOIN training_need n ON n.id = p.need_id WHERE n.employee_id <> p.employee_id"),
    ("peringatan", "Kebutuhan pelatihan", "berstatus selesai tetapi tidak ada pelatihan yang diikuti untuknya",
     """SELECT n.id, m.name || ' — ' || n.competency FROM training_need n JOIN employee m ON m.id = n.employee_id
        WHERE n.status = 'selesai' AND NOT EXISTS (SELECT 1 FROM training_participation p
                                                   WHERE p.need_id = n.id AND p.status IN ('hadir', 'lulus'))"""),
    ("peringatan", "Kebutuhan pelatihan", "berstatus direncanakan tetapi tidak terhubung ke kegiatan",
     """SELECT n.id, m.name || ' — ' || n.competency FROM training_need n JOIN employee m ON m.id = n.employee_id
        WHERE n.status = 'direncanakan' AND NOT EXISTS (SELECT 1 FROM training_participation p WHERE p.need_id = n.id)"""),
    ("galat", "Program pembinaan", "nilai umpan balik untuk pertanyaan program lain",
     """SELECT f.id, g.title FROM coaching_feedback f JOIN coaching_participant c ON c.id = f.participant_id
        JOIN coaching_question q ON q.id = f.question_id JOIN coaching_program g ON g.id = c.program_id
        WHERE q.program_id <> c.program_id"""),
)


def _check_development(report: CheckReport) -> None:
    """Training events keep the method of their form; participations keep the JP and certificate rules of
    the development service; training needs follow the participation that plans them."""
    db = database.obj
    events = db.execute_sql("SELECT count(*) FROM training_event").fetchone()[0]
    if not events:
        return
    report.checked["Kegiatan pelatihan"] = events
    report.checked["Keikutsertaan pelatihan"] = db.execute_sql("SELECT count(*) FROM training_participation").fetchone()[0]
    add = report.findings.append
    for event_id, title, method, form in db.execute_sql("SELECT id, title, method, form FROM training_event"):
        expected = development_rules.FORMS.get(form)
        if expected is None:
            add(Finding("galat", f"Kegiatan pelatihan #{event_id} {title}", f"bentuk kegiatan '{form}' tidak dikenal"))
        elif expected[0] != method:
            add(Finding("galat", f"Kegiatan pelatihan #{event_id} {title}",
                        f"metode {method} tidak sesuai bentuk {expected[1]} ({expected[0]})"))
    for severity, area, message, sql in _DEVELOPMENT_RULES:
        for row_id, what in db.execute_sql(sql):
            add(Finding(severity, f"{area} #{row_id} {what}", message))


def _check_consequences(report: CheckReport) -> None:
    """A sanction keeps the level and duration of its kind (PP 94/2021) and is not cancelled before its decree."""
    db = database.obj
    count = db.execute_sql("SELECT count(*) FROM sanction").fetchone()[0]
    if not count:
        return
    report.checked["Hukuman disiplin"] = count
    add = report.findings.append
    for sid, name, level, kind, decree, start, months, end, cancelled in db.execute_sql(
            "SELECT s.id, m.name, s.level, s.kind, s.decree_date, s.start_date, s.months, s.end_date, s.cancelled_on "
            "FROM sanction s JOIN employee m ON m.id = s.employee_id"):
        where = f"Hukuman disiplin #{sid} {name}"
        k = consequence_rules.SANCTION_KINDS.get(kind)
        if k is None:
            add(Finding("galat", where, f"jenis hukuman '{kind}' tidak dikenal (PP 94/2021)"))
            continue
        if k.level != level:
            add(Finding("galat", where, f"tingkat {level} tidak sesuai jenis {k.label} ({k.level})"))
        try:
            expected = consequence_rules.sanction_end(kind, dt.date.fromisoformat(str(start)), months)
        except DomainError as err:
            add(Finding("galat", where, err.message))
        else:
            if (expected.isoformat() if expected else None) != (str(end) if end else None):
                add(Finding("galat", where, "tanggal akhir tidak sesuai tanggal berlaku dan jangka waktunya"))
        if cancelled and str(cancelled) < str(decree):
            add(Finding("galat", where, "dibatalkan sebelum tanggal keputusannya"))
