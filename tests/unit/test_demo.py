"""The kantor contoh (demo office): size, determinism, NIPs, golongan, organisation, supervisors, history."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import shutil
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from asn_desktop.domain import appraisal as appraisal_rules
from asn_desktop.domain import golongan as gol
from asn_desktop.domain import nip as nipmod
from asn_desktop.domain import organisation
from asn_desktop.domain import predikat as predikat_rules
from asn_desktop.domain import skp as skp_rules
from asn_desktop.domain.errors import DomainError
from asn_desktop.domain.predikat import Predikat
from asn_desktop.services import appraisals as ap
from asn_desktop.services import checks, coaching, database, demo, development, workplans
from asn_desktop.store import settings as store_settings
from asn_desktop.store.db import database as store_db
from asn_desktop.store.models import Employee, OrgUnit, PositionHistory, Skp

from .helpers import dump_db, sql, unchanged

YEAR = 2024
SIZE = 1000

# golongan (PNS) a jenjang allows
JENJANG_RANGE = {
    "JPT Pratama": ("IV/b", "IV/d"),
    "Administrator": ("III/d", "IV/b"),
    "Pengawas": ("III/b", "IV/a"),
    "Pemula": ("II/a", "II/b"),
    "Terampil": ("II/c", "II/d"),
    "Mahir": ("III/a", "III/b"),
    "Penyelia": ("III/c", "III/d"),
    "Ahli Pertama": ("III/a", "III/b"),
    "Ahli Muda": ("III/c", "III/d"),
    "Ahli Madya": ("IV/a", "IV/c"),
    "Pelaksana": ("I/a", "III/d"),
}
PPPK_BY_EDUCATION = {"SMA": "V", "D3": "VII", "D4": "IX", "S1": "IX", "S2": "X", "S3": "XI"}
LOWEST_UNIT_KINDS = {"seksi", "subbagian", "kelurahan", "uptd"}
SKP_TABLES = ("skp", "skp_rhk", "skp_iki", "skp_action", "skp_expectation", "skp_status_history")
APPRAISAL_TABLES = ("evaluation", "evaluation_history", "evaluation_indicator", "evaluation_behaviour",
                    "peer_assessment", "public_feedback", "org_predikat", "objection")
DEVELOPMENT_TABLES = ("training_event", "training_need", "training_participation", "coaching_program",
                      "coaching_session", "coaching_participant", "coaching_feedback")  # and coaching_question


def rank(code: str) -> int:
    return gol.rank_of("PNS", code)


@dataclass
class Office:
    """Everything a built demo office holds, read once for the tests of this module."""

    result: demo.DemoResult
    progress: list[tuple[int, int]]
    units: dict[int, dict[str, Any]]
    employees: list[dict[str, Any]]
    history: dict[int, list[dict[str, Any]]]
    settings: dict[str, Any]
    report: checks.CheckReport

    @property
    def by_id(self) -> dict[int, dict[str, Any]]:
        return {e["id"]: e for e in self.employees}

    @property
    def heads(self) -> dict[int, dict[str, Any]]:
        """Unit id -> its head: the one whose pejabat penilai is not in the same unit."""
        by_id = self.by_id
        return {
            e["unit"]: e for e in self.employees
            if e["supervisor"] is None or by_id[e["supervisor"]]["unit"] != e["unit"]
        }

    def reports(self, active_only: bool = True) -> Counter[int]:
        return Counter(
            e["supervisor"] for e in self.employees if e["supervisor"] is not None and (e["active"] or not active_only)
        )


def read_office(result: demo.DemoResult, progress: list[tuple[int, int]]) -> Office:
    history: dict[int, list[dict[str, Any]]] = {}
    for row in PositionHistory.select().order_by(PositionHistory.start_date, PositionHistory.id).dicts():
        history.setdefault(row["employee"], []).append(row)
    return Office(
        result=result,
        progress=progress,
        units={u["id"]: u for u in OrgUnit.select().dicts()},
        employees=list(Employee.select().order_by(Employee.id).dicts()),
        history=history,
        settings={k: store_settings.get(k) for k in ("office.name", "office.region", "app.first_run_done")},
        report=checks.run_checks(),
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Office:
    database.open_database(tmp_path_factory.mktemp("demo") / "kantor.db")
    try:
        calls: list[tuple[int, int]] = []
        result = demo.build_demo(SIZE, year=YEAR, seed=7, progress=lambda d, t: calls.append((d, t)))
        return read_office(result, calls)
    finally:
        database.close_database()


def reopen(path: Path) -> None:
    database.close_database()
    database.open_database(path)


def ancestors(units: dict[int, dict[str, Any]], unit_id: int) -> list[int]:
    out = [unit_id]
    while units[out[-1]]["parent"] is not None:
        out.append(units[out[-1]]["parent"])
    return out


# ------------------------------------------------------------------------------------------ size, determinism
def test_same_seed_gives_the_same_office_and_another_seed_a_different_one(db, tmp_path):
    demo.build_demo(300, year=YEAR, seed=5)
    first = dump_db()
    first_hash = skp_hash()
    reopen(tmp_path / "again.db")
    demo.build_demo(300, year=YEAR, seed=5)
    assert dump_db() == first
    assert skp_hash() == first_hash
    reopen(tmp_path / "other.db")
    demo.build_demo(300, year=YEAR, seed=6)
    other = dump_db()
    assert other["employee"] != first["employee"]
    assert {r[1] for r in other["employee"]} != {r[1] for r in first["employee"]}  # different NIPs
    assert first["skp"] and first["skp_rhk"] and first["skp_iki"]
    for table in SKP_TABLES + APPRAISAL_TABLES + DEVELOPMENT_TABLES:
        assert first[table], table
        assert other[table] != first[table], table
    assert first["coaching_question"]  # the default questions: the same for every seed
    assert skp_hash() != first_hash


def skp_hash() -> str:
    digest = hashlib.sha256()
    for table in SKP_TABLES:
        for row in sql(f"SELECT * FROM {table} ORDER BY id"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_office_has_the_requested_number_of_employees(office):
    assert office.result.employees == SIZE
    assert len(office.employees) == SIZE
    assert office.result.units == len(office.units)
    assert 50 <= len(office.units) <= 200
    assert office.result.seconds > 0


def test_the_organisation_grows_with_the_number_of_employees(db, tmp_path):
    sizes = {}
    for n in (1, 5, 50, 200):
        reopen(tmp_path / f"kantor{n}.db")
        result = demo.build_demo(n, year=YEAR, seed=2)
        assert Employee.select().count() == n
        active = Employee.select().where(Employee.active == True).count()  # noqa: E712
        with_plan = Skp.select().where(Skp.current == True).count()  # noqa: E712
        assert active - max(1, active // 20) <= with_plan <= active  # a few have no SKP yet
        for row in workplans.overview(YEAR):
            assert row.skp_id is None or workplans.get_skp(row.skp_id).header.year == YEAR
        report = checks.run_checks()
        assert report.errors == [] and report.warnings == [], report.text()
        sizes[n] = result.units
    assert sizes[1] == 1
    assert sizes[1] < sizes[5] < sizes[50] < sizes[200]
    reopen(tmp_path / "kantor1.db")
    (only,) = Employee.select()
    assert only.position_title == "Sekretaris Daerah" and only.supervisor_id is None
    assert only.unit.kind == "pemda"


def test_ten_thousand_employees_make_a_whole_kabupaten():
    """Only the plan (nothing written): every kind of unit, in the numbers of a kabupaten."""
    plan = demo._plan(random.Random(1), 10_000, YEAR, demo._data())
    kinds = Counter(u.kind for u in plan.units)
    assert set(kinds) == set(organisation.UNIT_KINDS)
    assert kinds["opd"] >= 20 and kinds["kecamatan"] >= 10 and kinds["kelurahan"] >= 30 and kinds["uptd"] >= 60
    assert len(plan.slots) == 10_000


def test_a_wrong_size_or_year_is_refused(db):
    with unchanged():
        with pytest.raises(DomainError):
            demo.build_demo(0)
        with pytest.raises(DomainError):
            demo.build_demo(demo.MAX_EMPLOYEES + 1)
        with pytest.raises(DomainError):
            demo.build_demo(10, year=1900)


def test_a_database_with_data_is_refused(db):
    demo.build_demo(5, year=YEAR)
    with unchanged():
        with pytest.raises(DomainError, match="kosong"):
            demo.build_demo(5, year=YEAR)


# ------------------------------------------------------------------------------------------ progress, cancel
def test_progress_is_reported_from_zero_to_the_total(office):
    """The total counts the people, their SKPs, the evaluations, the training, then the tindak lanjut: five
    times the number of employees."""
    assert office.progress[0] == (0, 5 * SIZE)
    assert office.progress[-1] == (5 * SIZE, 5 * SIZE)
    assert {t for _, t in office.progress} == {5 * SIZE}
    done = [d for d, _ in office.progress]
    assert done == sorted(done)
    assert any(0 < d < SIZE for d in done) and any(SIZE < d < 2 * SIZE for d in done)
    assert any(2 * SIZE < d < 3 * SIZE for d in done) and any(3 * SIZE < d < 4 * SIZE for d in done)
    assert any(4 * SIZE < d < 5 * SIZE for d in done)


@pytest.mark.parametrize("after_calls", [0, 2])
def test_cancelling_writes_nothing(db, after_calls):
    calls: list[tuple[int, int]] = []
    with unchanged():
        with pytest.raises(demo.DemoCancelled):
            demo.build_demo(1200, year=YEAR, progress=lambda d, t: calls.append((d, t)),
                            cancelled=lambda: len(calls) > after_calls)
    assert database.is_empty()
    assert database.needs_first_run_choice()


@pytest.mark.parametrize("stage", [1, 2, 3, 4])  # while the SKPs are made, the evaluations, the training, tindak lanjut
def test_cancelling_while_the_skps_evaluations_training_or_tindak_lanjut_are_made_writes_nothing(db, stage):
    calls: list[tuple[int, int]] = []
    with unchanged():
        with pytest.raises(demo.DemoCancelled):
            demo.build_demo(600, year=YEAR, progress=lambda d, t: calls.append((d, t)),
                            cancelled=lambda: bool(calls) and calls[-1][0] > 600 * stage)
    assert calls[-1][0] > 600 * stage  # the people (the SKPs, the evaluations) were made, then it was cancelled
    assert database.is_empty()


# ------------------------------------------------------------------------------------------ rules
def test_the_check_report_is_clean(office):
    assert office.report.errors == [], office.report.text()
    assert office.report.warnings == [], office.report.text()
    assert office.report.checked["Pegawai"] == SIZE


def test_every_nip_is_valid_unique_and_matches_the_employee(office):
    assert len({e["nip"] for e in office.employees}) == SIZE
    for e in office.employees:
        info = nipmod.parse_nip(e["nip"])
        assert info.kind == e["status"]
        assert info.birth_date == e["birth_date"]
        assert info.gender == e["gender"]
        assert info.appointment_year <= YEAR
        assert 19 <= info.appointment_year - info.birth_date.year <= 58
        if e["status"] == "PPPK":
            assert info.appointment_year >= 2019
            assert 1 <= info.contract_number <= 9


def test_units_follow_the_placement_rules(office):
    units = office.units
    codes = [u["code"] for u in units.values()]
    assert len(set(codes)) == len(codes)
    for u in units.values():
        assert re.fullmatch(r"[A-Z0-9]+(\.[A-Z0-9]+)*", u["code"]) and len(u["code"]) <= 20, u["code"]
        parent = units[u["parent"]] if u["parent"] else None
        organisation.check_unit_placement(u["kind"], parent["kind"] if parent else None)
        assert u["active"] and u["name"].strip()
    roots = [u for u in units.values() if u["parent"] is None]
    assert len(roots) == 1 and roots[0]["kind"] == "pemda"
    assert roots[0]["name"].startswith("Pemerintah Kabupaten ")
    kinds = Counter(u["kind"] for u in units.values())
    assert {"opd", "sekretariat", "subbagian", "bidang", "seksi", "uptd", "kecamatan", "kelurahan"} <= set(kinds)
    names = {u["name"] for u in units.values()}
    assert {"Dinas Pendidikan", "Dinas Kesehatan"} <= names
    assert any(n.startswith("UPTD Puskesmas ") for n in names) and any(n.startswith("SD Negeri ") for n in names)


def test_every_unit_has_one_head_and_heads_report_up_the_tree(office):
    """Each unit's head is the pejabat penilai of its staff and reports to a head of a unit above it."""
    units, by_id = office.units, office.by_id
    heads: dict[int, list[int]] = {}
    for e in office.employees:
        if e["supervisor"] is None or by_id[e["supervisor"]]["unit"] != e["unit"]:
            heads.setdefault(e["unit"], []).append(e["id"])
    assert set(heads) == set(units)
    assert all(len(h) == 1 for h in heads.values())
    assert all(by_id[head_id]["active"] for (head_id,) in heads.values())
    for e in office.employees:
        if e["supervisor"] is None:
            continue
        boss = by_id[e["supervisor"]]
        if units[e["unit"]]["kind"] == "uptd" and units[boss["unit"]]["kind"] == "bidang":
            assert units[boss["unit"]]["parent"] == units[e["unit"]]["parent"]  # schools: the bidang that guides them
        else:
            assert boss["unit"] in ancestors(units, e["unit"])
        if boss["unit"] != e["unit"]:  # a head: reports to a head higher up
            assert heads[boss["unit"]] == [boss["id"]]


def test_supervisors_form_a_tree_under_the_sekretaris_daerah(office):
    by_id = office.by_id
    roots = [e for e in office.employees if e["supervisor"] is None]
    assert len(roots) == 1
    (sekda,) = roots
    assert sekda["position_title"] == "Sekretaris Daerah" and sekda["active"]
    assert office.units[sekda["unit"]]["kind"] == "pemda"
    for e in office.employees:
        seen = {e["id"]}
        cur = e
        while cur["supervisor"] is not None:
            cur = by_id[cur["supervisor"]]
            assert cur["id"] not in seen, "supervisor cycle"
            seen.add(cur["id"])
        assert cur["id"] == sekda["id"]
        if e["active"] and e["id"] != sekda["id"]:
            assert by_id[e["supervisor"]]["active"]
    for unit_id, head in office.heads.items():
        if office.units[unit_id]["kind"] in ("opd", "kecamatan"):
            assert head["supervisor"] == sekda["id"], head["position_title"]


def test_spans_of_control_are_sensible(office):
    reports = office.reports()
    assert max(reports.values()) <= demo.MAX_SPAN
    for unit_id, head in office.heads.items():
        if office.units[unit_id]["kind"] in LOWEST_UNIT_KINDS:
            assert reports[head["id"]] >= 3, head["position_title"]
    big = [h for u, h in office.heads.items() if office.units[u]["kind"] == "uptd" and reports[h["id"]] >= 15]
    assert big, "schools and puskesmas have many staff under one head"


def test_positions_have_valid_jenjang_and_golongan(office):
    for e in office.employees:
        organisation.check_jenjang(e["position_kind"], e["jenjang"])
        assert e["education"] in gol.EDUCATION_LEVELS
        if e["position_kind"] == "struktural":
            assert e["status"] == "PNS"
        if e["position_kind"] == "fungsional":
            assert e["position_title"].endswith(e["jenjang"]) or e["position_title"].startswith("Kepala ")
        if e["status"] == "PPPK":
            assert e["golongan"] == PPPK_BY_EDUCATION[e["education"]]
            continue
        low, high = JENJANG_RANGE[e["jenjang"]]
        assert rank(low) <= rank(e["golongan"]) <= rank(high), (e["position_title"], e["golongan"])
    by_kind = Counter((office.units[e["unit"]]["kind"], e["jenjang"]) for e in office.employees
                      if e["position_kind"] == "struktural")
    assert by_kind[("opd", "JPT Pratama")] == sum(1 for u in office.units.values() if u["kind"] == "opd")
    assert by_kind[("pemda", "JPT Pratama")] == 1
    assert by_kind[("bidang", "Administrator")] > 0 and by_kind[("seksi", "Pengawas")] > 0


def test_golongan_follows_education_and_years_of_service(office):
    for e in office.employees:
        if e["status"] != "PNS":
            continue
        info = nipmod.parse_nip(e["nip"])
        age = YEAR - e["birth_date"].year
        service = YEAR - info.appointment_year
        start = rank(gol.PNS_START_BY_EDUCATION[e["education"]])
        r = rank(e["golongan"])
        assert start <= r <= rank("IV/d")
        assert r - start <= service / 3.6, (e["golongan"], e["education"], service)
        if age < 25:
            assert r <= rank("III/b")
        if e["position_kind"] == "pelaksana" and e["education"] == "SMA":
            assert r <= rank("III/b")


def test_people_look_like_a_kabupaten_workforce(office):
    active = [e for e in office.employees if e["active"]]
    women = sum(e["gender"] == "P" for e in office.employees) / SIZE
    pppk = sum(e["status"] == "PPPK" for e in office.employees) / SIZE
    assert 0.4 <= women <= 0.6
    assert 0.18 <= pppk <= 0.32
    assert all(20 <= YEAR - e["birth_date"].year <= 58 for e in active)
    kinds = Counter(e["position_kind"] for e in office.employees)
    assert kinds["struktural"] and kinds["fungsional"] > 200 and kinds["pelaksana"] > 200
    titles = {e["position_title"] for e in office.employees}
    assert any(t.startswith("Guru Ahli") for t in titles) and any(t.startswith("Perawat ") for t in titles)
    full_names = {(e["front_title"], e["name"], e["back_title"]) for e in office.employees}
    assert len(full_names) >= 0.8 * SIZE
    for e in office.employees:
        assert e["name"].strip() and not any(ch.isdigit() for ch in e["name"])


def test_academic_titles_match_education(office):
    for e in office.employees:
        front, back, edu = e["front_title"], e["back_title"], e["education"]
        if edu in ("SD", "SMP", "SMA"):
            assert front == "" and back == "", e
        if "A.Md." in back:
            assert edu == "D3"
        if re.search(r"(^|, )S\.(?!Tr\.|STP\.)", back) or front.startswith(("Drs.", "Dra.", "Ir.", "dr.", "drg.")):
            assert edu in ("S1", "S2", "S3"), e
        if re.search(r"(^|, )M\.", back):
            assert edu in ("S2", "S3"), e
        if front.startswith("Dr. ") or front == "Dr.":
            assert edu == "S3", e
        if front.startswith("dr."):
            assert "Dokter" in e["position_title"] or e["position_kind"] == "struktural"


def test_a_few_employees_are_inactive_with_reason_and_date(office):
    inactive = [e for e in office.employees if not e["active"]]
    assert len(inactive) == round(SIZE * demo.INACTIVE_SHARE)
    reports = office.reports(active_only=False)
    for e in inactive:
        assert e["inactive_reason"] in ("Pensiun", "Mutasi keluar")
        assert dt.date(YEAR - 1, 1, 1) <= e["inactive_date"] <= dt.date(YEAR, 1, 1)
        assert e["id"] not in reports
        rows = office.history[e["id"]]
        assert all(r["end_date"] is not None for r in rows)
        assert rows[-1]["end_date"] == e["inactive_date"]
        if e["inactive_reason"] == "Pensiun":
            assert e["birth_date"].year + demo.PENSION_AGE <= e["inactive_date"].year
    for e in office.employees:
        if e["active"]:
            assert e["inactive_reason"] == "" and e["inactive_date"] is None


def test_position_history_leads_to_the_current_position(office):
    with_earlier = 0
    for e in office.employees:
        rows = office.history[e["id"]]
        info = nipmod.parse_nip(e["nip"])
        first = rows[0]["start_date"]
        assert first.year == info.appointment_year
        if info.appointment_month:
            assert first.month == info.appointment_month
        for before, after in zip(rows, rows[1:]):
            assert before["end_date"] == after["start_date"] > before["start_date"]
        for r in rows:
            organisation.check_jenjang(r["position_kind"], r["jenjang"])
            assert r["unit"] in office.units
        last = rows[-1]
        assert (last["position_title"], last["position_kind"], last["jenjang"], last["unit"]) == (
            e["position_title"], e["position_kind"], e["jenjang"], e["unit"])
        if e["active"]:
            assert last["end_date"] is None
            assert all(r["end_date"] is not None for r in rows[:-1])
        with_earlier += len(rows) > 1
    assert 0.15 * SIZE <= with_earlier <= 0.6 * SIZE


def test_the_office_name_and_first_run_are_set(office):
    assert office.settings["office.name"].startswith("Pemerintah Kabupaten ")
    assert office.settings["office.region"] == "Kabupaten " + office.settings["office.name"].removeprefix(
        "Pemerintah Kabupaten ")
    assert office.settings["app.first_run_done"] is True


def test_before_pppk_existed_everyone_is_pns(db):
    demo.build_demo(120, year=2015, seed=3)
    assert {e.status for e in Employee.select()} == {"PNS"}
    assert max(e.birth_date for e in Employee.select()) <= dt.date(2015 - 20, 12, 31)
    report = checks.run_checks()
    assert report.errors == [], report.text()


# ------------------------------------------------------------------------------------------ SKP
SKP_SIZE = 500
SKP_SEED = 11
EMPLOYEE_SIDE = re.compile(r"operator|pegawai #(\d+)")


@dataclass
class Plans:
    """The SKP tables of a demo office, read once per test through raw SQL (the services are tested on them)."""

    skp: dict[int, dict[str, Any]]
    rhk: dict[int, dict[str, Any]]
    rhk_of: dict[int, list[dict[str, Any]]]  # skp id -> its RHK in order
    iki_of: dict[int, list[dict[str, Any]]]  # rhk id -> its IKI in order
    actions_of: dict[int, list[dict[str, Any]]]  # rhk id -> rencana aksi by period
    expectations_of: dict[int, dict[str, str]]  # skp id -> core value -> text
    history_of: dict[int, list[dict[str, Any]]]  # skp id -> status history in order
    employees: dict[int, Employee]
    units: dict[int, OrgUnit]

    @property
    def current(self) -> list[dict[str, Any]]:
        return [s for s in self.skp.values() if s["current"]]

    def current_of(self, employee_id: int) -> dict[str, Any] | None:
        found = [s for s in self.current if s["employee_id"] == employee_id]
        return found[0] if found else None

    def links_required(self, s: dict[str, Any]) -> bool:
        """workplans' rule: staff in the same OPD/kecamatan as their penilai, below its head."""
        if s["penilai_id"] is None:
            return False
        parents = {u.id: u.parent_id for u in self.units.values()}
        employee, penilai = self.employees[s["employee_id"]], self.employees[s["penilai_id"]]
        return workplans._cascades(employee.unit_id, penilai.unit_id, parents)


def _rows(query: str) -> list[dict[str, Any]]:
    cursor = store_db.obj.execute_sql(query)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def read_plans() -> Plans:
    skp = {r["id"]: r for r in _rows("SELECT * FROM skp ORDER BY id")}
    rhk = {r["id"]: r for r in _rows("SELECT * FROM skp_rhk ORDER BY skp_id, position")}
    rhk_of: dict[int, list[dict[str, Any]]] = {i: [] for i in skp}
    for r in rhk.values():
        rhk_of[r["skp_id"]].append(r)
    iki_of: dict[int, list[dict[str, Any]]] = {i: [] for i in rhk}
    for k in _rows("SELECT * FROM skp_iki ORDER BY rhk_id, position"):
        iki_of[k["rhk_id"]].append(k)
    actions_of: dict[int, list[dict[str, Any]]] = {i: [] for i in rhk}
    for a in _rows("SELECT * FROM skp_action ORDER BY rhk_id, period"):
        actions_of[a["rhk_id"]].append(a)
    expectations_of: dict[int, dict[str, str]] = {i: {} for i in skp}
    for x in _rows("SELECT * FROM skp_expectation ORDER BY id"):
        expectations_of[x["skp_id"]][x["core_value"]] = x["text"]
    history_of: dict[int, list[dict[str, Any]]] = {i: [] for i in skp}
    for h in _rows("SELECT * FROM skp_status_history ORDER BY id"):
        history_of[h["skp_id"]].append(h)
    return Plans(skp, rhk, rhk_of, iki_of, actions_of, expectations_of, history_of,
                 {e.id: e for e in Employee.select()}, {u.id: u for u in OrgUnit.select()})


@pytest.fixture(scope="module")
def skp_office_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("skp") / "kantor.db"
    database.open_database(path)
    try:
        demo.build_demo(SKP_SIZE, year=YEAR, seed=SKP_SEED)
    finally:
        database.close_database()
    return path


@pytest.fixture
def plans(skp_office_path) -> Plans:
    """The demo office with its SKPs, open (read only by the tests) for the services."""
    database.open_database(skp_office_path)
    try:
        yield read_plans()
    finally:
        database.close_database()


def test_nearly_every_active_employee_has_exactly_one_current_skp_for_the_year(plans):
    active = {e.id for e in plans.employees.values() if e.active}
    rows = workplans.overview(YEAR)
    assert {r.employee_id for r in rows} == active
    without = {r.employee_id for r in rows if r.skp_id is None}
    assert all(r.status is not None for r in rows if r.skp_id is not None)
    # a few (about 2% of those who rate nobody) have no SKP yet: nobody's cascade waits on them
    assert 0 < len(without) <= 0.05 * len(active)
    raters = {e.supervisor_id for e in plans.employees.values() if e.supervisor_id is not None}
    assert not without & raters
    current = Counter(s["employee_id"] for s in plans.current)
    assert set(current) == active - without and set(current.values()) == {1}
    assert {s["employee_id"] for s in plans.skp.values()} == active - without  # nobody inactive has one
    assert {s["year"] for s in plans.skp.values()} == {YEAR}
    for employee_id in active - without:
        versions = workplans.versions(employee_id, YEAR)
        assert [v for _, v, _ in versions] == list(range(1, len(versions) + 1))
        assert plans.skp[versions[-1][0]]["current"]


def test_statuses_are_mostly_approved_with_some_submitted_returned_and_drafts(plans):
    mix = Counter(s["status"] for s in plans.current)
    total = sum(mix.values())
    assert 0.7 <= mix["disetujui"] / total <= 0.9, mix
    for status in ("diajukan", "dikembalikan", "draf"):
        assert 0.01 <= mix[status] / total <= 0.2, mix
    by_overview = Counter(r.status.value for r in workplans.overview(YEAR) if r.status is not None)
    assert by_overview == mix


def test_the_header_is_the_snapshot_the_service_takes(plans):
    for s in plans.skp.values():
        snapshot = workplans._snapshot(plans.employees[s["employee_id"]])
        stored = {k: s[k] for k in ("employee_position", "employee_unit", "employee_golongan", "penilai_name",
                                     "penilai_nip", "penilai_position", "atasan_name", "atasan_nip",
                                     "atasan_position")}
        stored["penilai"], stored["atasan"] = s["penilai_id"], s["atasan_id"]
        assert stored == snapshot
    sekda = [s for s in plans.current if s["penilai_id"] is None]
    assert len(sekda) == 1 and sekda[0]["employee_position"] == "Sekretaris Daerah"
    assert any(s["penilai_name"].count(",") and s["atasan_name"] for s in plans.current)  # names with titles


def test_every_plan_opens_and_satisfies_the_rules_of_its_status(plans):
    periods = len(workplans.period_labels())
    for s in plans.skp.values():
        view = workplans.get_skp(s["id"])
        assert view.header.status.value == s["status"] and view.header.version == s["version"]
        assert view.links_required == plans.links_required(s)
        assert skp_rules.field_problems(view.plan, periods) == {}, s
        allowed = {o.id for o in workplans.link_options(s["id"])}
        if s["status"] == "draf":
            assert all(r.parent_rhk_id in allowed for r in view.plan.rhk if r.parent_rhk_id is not None)
        else:  # submitted once: diajukan, dikembalikan, disetujui (also the old approved versions)
            assert skp_rules.submission_problems(view.plan, view.links_required, allowed) == {}, s


def test_links_point_to_the_penilai_s_current_approved_plan_of_the_year(plans):
    linked = 0
    for r in plans.rhk.values():
        if r["parent_rhk_id"] is None:
            continue
        linked += 1
        own, parent = plans.skp[r["skp_id"]], plans.skp[plans.rhk[r["parent_rhk_id"]]["skp_id"]]
        assert r["kind"] == "utama"
        assert parent["employee_id"] == own["penilai_id"] == plans.employees[own["employee_id"]].supervisor_id
        assert parent["current"] and parent["status"] == "disetujui" and parent["year"] == own["year"]
        assert plans.rhk[r["parent_rhk_id"]]["kind"] == "utama"
        assert plans.links_required(own)
    assert linked > SKP_SIZE


def test_staff_of_a_penilai_without_an_approved_plan_are_drafts(plans):
    for s in plans.current:
        if not plans.links_required(s):
            continue
        boss = plans.current_of(s["penilai_id"])
        if boss["status"] != "disetujui":
            assert s["status"] == "draf"
            assert all(r["parent_rhk_id"] is None for r in plans.rhk_of[s["id"]])


def test_the_cascade_is_mostly_supported_with_a_few_gaps(plans):
    supported, unsupported, unlinked = 0, 0, []
    children = Counter(r["parent_rhk_id"] for r in plans.rhk.values() if r["parent_rhk_id"] is not None)
    with_staff = {s["penilai_id"] for s in plans.current if plans.links_required(s)}
    for s in plans.current:
        for r in plans.rhk_of[s["id"]]:
            if r["kind"] != "utama":
                continue
            if s["employee_id"] in with_staff and s["status"] == "disetujui":
                supported += children[r["id"]] > 0
                unsupported += children[r["id"]] == 0
            if plans.links_required(s) and r["parent_rhk_id"] is None:
                unlinked.append(s)
    assert supported / (supported + unsupported) >= 0.75
    assert unsupported > 0
    assert unlinked and {s["status"] for s in unlinked} == {"draf"}
    assert any(plans.current_of(s["penilai_id"])["status"] == "disetujui" for s in unlinked)


def _depth(nodes: list[workplans.CascadeNode]) -> int:
    return max((1 + _depth(n.children) for n in nodes), default=0)


@pytest.mark.parametrize("kind", ["opd", "kecamatan"])
def test_the_cascade_of_an_opd_or_kecamatan_is_a_tree(plans, kind):
    units = [u for u in plans.units.values() if u.kind == kind]
    assert units
    best = max(units, key=lambda u: _depth(workplans.cascade(YEAR, u.id)))
    tree = workplans.cascade(YEAR, best.id)
    assert _depth(tree) >= 3  # head -> kepala seksi/lurah/sekretaris -> staff
    head = [n for n in tree if n.position_title.startswith(("Kepala", "Camat", "Inspektur"))]
    assert head and any(n.children for n in head)


def test_the_cascade_of_the_whole_office_shows_gaps(plans):
    pemda = next(u for u in plans.units.values() if u.kind == "pemda")
    tree = workplans.cascade(YEAR, pemda.id)

    def walk(nodes):
        for n in nodes:
            yield n
            yield from walk(n.children)

    nodes = list(walk(tree))
    # every RHK utama once; a tambahan only where someone's RHK supports it
    expected = sum(1 for s in plans.current for r in plans.rhk_of[s["id"]] if r["kind"] == "utama")
    assert sum(1 for n in nodes if n.kind == "utama") == expected
    assert all(n.kind == "utama" or n.children for n in nodes if n in tree)
    assert workplans.subtree_count(tree) == len(nodes)
    assert any(n.unsupported for n in nodes) and any(n.unlinked for n in nodes)
    assert sum(not n.unsupported and not n.unlinked for n in nodes) > 0.9 * len(nodes)


def test_revisions_keep_the_approved_version_one(plans):
    second = [s for s in plans.skp.values() if s["version"] == 2]
    assert second
    assert {s["status"] for s in second} <= {"draf", "disetujui"}
    for s in second:
        (first,) = [f for f in plans.skp.values() if f["employee_id"] == s["employee_id"] and f["version"] == 1]
        assert first["status"] == "disetujui" and not first["current"] and s["current"]
        assert s["revision_reason"].strip() and first["revision_reason"] == ""
        old, new = plans.rhk_of[first["id"]], plans.rhk_of[s["id"]]
        assert [r["origin_rhk_id"] for r in new[:len(old)]] == [r["id"] for r in old]
        assert all(r["origin_rhk_id"] is None for r in new[len(old):])
        assert [(r["kind"], r["text"], r["parent_rhk_id"]) for r in new[:len(old)]] == [
            (r["kind"], r["text"], r["parent_rhk_id"]) for r in old]
        assert plans.history_of[s["id"]][0]["note"].startswith("Revisi dari versi 1: ")
        assert plans.history_of[s["id"]][0]["at"] > plans.history_of[first["id"]][-1]["at"]
    assert all(s["version"] == 1 for s in plans.skp.values() if not s["revision_reason"])


def test_the_status_history_follows_the_workflow(plans):
    steps = {(src.value, step.target.value): step for step in skp_rules.STEPS.values() for src in step.source}
    returned_notes = 0
    for s in plans.skp.values():
        history = plans.history_of[s["id"]]
        assert history[0]["from_status"] is None and history[0]["to_status"] == "draf"
        employee_side = {"operator", f"pegawai #{s['employee_id']}"}
        penilai_side = f"pegawai #{s['penilai_id']}" if s["penilai_id"] else "operator"
        assert history[0]["actor"] in employee_side
        for before, after in zip(history, history[1:]):
            assert after["from_status"] == before["to_status"]
            step = steps[(after["from_status"], after["to_status"])]
            if skp_rules.Role.PENILAI in step.roles:
                assert after["actor"] == penilai_side
            else:
                assert after["actor"] in employee_side
            if step.note_required:
                assert after["note"].strip()
                returned_notes += 1
            assert after["at"] > before["at"]
        assert history[-1]["to_status"] == s["status"]
        assert s["created_at"] == history[0]["at"] and s["updated_at"] == history[-1]["at"]
        for h in history:
            moment = dt.datetime.fromisoformat(h["at"])
            assert moment.year == YEAR and moment.weekday() < 5 and dt.time(7, 30) <= moment.time() <= dt.time(16)
    assert returned_notes > 0


def test_staff_submit_after_their_penilai_s_plan_is_approved(plans):
    for s in plans.current:
        if s["status"] == "draf" or not plans.links_required(s) or s["version"] != 1:
            continue
        boss = plans.current_of(s["penilai_id"])
        approved = [h["at"] for h in plans.history_of[boss["id"]] if h["to_status"] == "disetujui"]
        submitted = [h["at"] for h in plans.history_of[s["id"]] if h["to_status"] == "diajukan"]
        assert approved and submitted and approved[0] < submitted[0]
    first_approvals = sorted(h["at"] for s in plans.skp.values() if s["version"] == 1
                             for h in plans.history_of[s["id"]] if h["to_status"] == "disetujui")
    assert first_approvals[len(first_approvals) // 2] < f"{YEAR}-04-01"  # planned early in the year


def test_the_content_is_complete_and_plausible(plans):
    periods = len(workplans.period_labels())
    aspects, units, text_targets, numbers = Counter(), Counter(), 0, 0
    for s in plans.skp.values():
        rhks = plans.rhk_of[s["id"]]
        kinds = Counter(r["kind"] for r in rhks)
        assert 1 <= kinds["utama"] <= 3 and kinds["tambahan"] <= 2
        assert [r["kind"] for r in rhks] == sorted((r["kind"] for r in rhks), key=lambda k: k != "utama")
        assert len({r["text"] for r in rhks}) == len(rhks)
        for r in rhks:
            assert r["text"][0].isupper() and "{" not in r["text"] and "}" not in r["text"]
            assert 1 <= len(plans.iki_of[r["id"]]) <= 3
            for k in plans.iki_of[r["id"]]:
                assert "{" not in k["text"]
                aspects[k["aspect"]] += 1
                if k["target_value"] is None:
                    assert k["target_text"].strip() and k["target_unit"] == ""
                    text_targets += 1
                else:
                    assert k["target_value"] > 0 and k["target_unit"].strip() and k["target_text"] == ""
                    units[k["target_unit"]] += 1
                    numbers += 1
                    if k["target_unit"] == "%":
                        assert k["target_value"] <= 100
            actions = plans.actions_of[r["id"]]
            if r["kind"] == "utama":
                assert [a["period"] for a in actions] == list(range(1, periods + 1))
                assert all(a["text"].strip() for a in actions)
            else:
                assert actions == []
        if s["approach"] == "kualitatif":
            assert all(k["target_value"] is None for r in rhks for k in plans.iki_of[r["id"]])
        assert set(plans.expectations_of[s["id"]]) == set(skp_rules.CORE_VALUE_CODES)
        for name in ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"):
            assert s[name].strip() and "{" not in s[name]
    assert set(aspects) == set(skp_rules.ASPECTS)
    assert {"%", "dokumen", "laporan", "kegiatan", "hari", "orang", "rupiah"} <= set(units)
    assert numbers > 3 * text_targets > 0
    approaches = Counter(s["approach"] for s in plans.current)
    assert approaches["kualitatif"] > 0 and approaches["kuantitatif"] > 0.85 * len(plans.current)
    texts = [t for e in plans.expectations_of.values() for t in e.values()]
    assert 0 < sum(t == "" for t in texts) < 0.3 * len(texts)


def test_rhk_fit_the_position_and_the_unit(plans):
    for s in plans.current:
        e = plans.employees[s["employee_id"]]
        unit = plans.units[e.unit_id]
        utama = [r["text"] for r in plans.rhk_of[s["id"]] if r["kind"] == "utama"]
        supervisor = plans.employees.get(e.supervisor_id)
        is_head = supervisor is None or supervisor.unit_id != e.unit_id
        if is_head:  # a head's results are those of the unit (or of its OPD/kecamatan)
            chain = ancestors({u: {"parent": x.parent_id} for u, x in plans.units.items()}, unit.id)
            organisation_name = plans.units[chain[-2] if len(chain) > 1 else chain[-1]].name
            assert all(unit.name in t or organisation_name in t for t in utama), (e.position_title, utama)
        if e.position_title.startswith("Guru "):
            assert all(re.search(r"pembelajaran|peserta didik|guru", t) for t in utama), utama
        if e.position_title.startswith(("Perawat ", "Bidan ")):
            assert all(re.search(r"perawatan|infeksi|antenatal|persalinan|bayi|posyandu|ibu", t) for t in utama)


def test_the_check_report_of_the_office_with_skps_is_clean(plans):
    report = checks.run_checks()
    assert report.errors == [], report.text()


def test_rencana_aksi_follow_the_office_cadence(db):
    store_settings.put("evaluation.cadence", "bulanan")
    demo.build_demo(60, year=YEAR, seed=4)
    periods = sql("SELECT count(*) FROM skp_action a JOIN skp_rhk r ON r.id = a.rhk_id GROUP BY a.rhk_id")
    assert {n for (n,) in periods} == {12}
    assert sql("SELECT count(*) FROM skp_rhk WHERE kind = 'utama'")[0][0] == len(periods)
    assert all("triwulan" not in t for (t,) in sql("SELECT skema_pertanggungjawaban FROM skp"))


def test_this_year_s_history_is_never_in_the_future(db):
    demo.build_demo(80, seed=3)  # the default year: this year
    year = dt.date.today().year
    assert {y for (y,) in sql("SELECT DISTINCT year FROM skp")} == {year}
    latest = sql("SELECT max(at) FROM skp_status_history")[0][0]
    assert latest <= dt.datetime.now().isoformat(timespec="seconds")
    # the periods that have ended are evaluated (and the annual one); nothing is dated after yesterday
    today = dt.date.today()
    ended = {label for (label,) in sql(
        "SELECT DISTINCT p.label FROM evaluation e JOIN evaluation_period p ON p.id = e.period_id "
        "WHERE p.cadence <> 'tahunan'")}
    assert ended == {s.label for s in appraisal_rules.period_spans(year, "triwulan") if s.end < today}
    if today > dt.date(year, 1, 3):
        stamps = sql("SELECT max(updated_at), max(finalised_at), max(received_on) FROM evaluation")[0]
        assert all(s is None or s < today.isoformat() for s in stamps), stamps
        for table, column in (("evaluation_history", "at"), ("objection", "filed_on"), ("objection", "decided_on"),
                              ("public_feedback", "recorded_at")):
            assert (sql(f"SELECT max({column}) FROM {table}")[0][0] or "") < today.isoformat(), table
    # training: nothing recorded after yesterday; what has not ended yet is only planned
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    for table, column in (("training_event", "updated_at"), ("training_need", "updated_at"),
                          ("training_participation", "updated_at"), ("training_participation", "certificate_date"),
                          ("coaching_program", "updated_at"), ("coaching_participant", "feedback_at")):
        assert (sql(f"SELECT max({column}) FROM {table}")[0][0] or "") <= yesterday + "T23:59:59", table
    assert not sql("SELECT p.id FROM training_participation p JOIN training_event t ON t.id = p.event_id "
                   "WHERE t.end_date >= ? AND p.status <> 'direncanakan'", yesterday)
    # tindak lanjut: nothing dated or recorded after yesterday; attendance and TPP only for months that ended
    for table, column in (("reward", "given_on"), ("reward", "created_at"), ("sanction", "decree_date"),
                          ("sanction", "created_at"), ("sanction", "cancelled_on"), ("attendance_month", "updated_at"),
                          ("tpp_run", "computed_at"), ("tpp_run", "locked_at"), ("vacancy", "created_at"),
                          ("potential_assessment", "created_at")):
        assert (sql(f"SELECT max({column}) FROM {table}")[0][0] or "") <= yesterday + "T23:59:59", table
    months = {m for (m,) in sql("SELECT DISTINCT month FROM attendance_month WHERE year = ?", year)}
    assert months == set(range(1, (today - dt.timedelta(days=1)).month))
    assert {m for (m,) in sql("SELECT month FROM tpp_run WHERE status = 'terkunci'")} == set(sorted(months)[-1:])
    clock = demo._Clock(year, dt.date(year, 2, 10))
    assert clock.at(0) >= f"{year}-01-02" and clock.at(demo.HORIZON_DAYS) < f"{year}-02-10"
    past = demo._Clock(2024, dt.date(2026, 1, 5))
    assert past.at(0) == "2024-01-02T07:30:00" and past.at(5.5) == "2024-01-09T11:45:00"


def test_before_2000_there_are_no_skps(db):
    demo.build_demo(20, year=1999, seed=2)
    assert Employee.select().count() == 20 and Skp.select().count() == 0


# ------------------------------------------------------------------------------------------ penilaian
ACTOR = re.compile(r".+ \(\d{18}\)|Operator kepegawaian")


@dataclass
class Appraisals:
    """The appraisal tables of the SKP demo office, read through raw SQL."""

    periods: dict[int, dict[str, Any]]
    evaluations: dict[int, dict[str, Any]]
    history_of: dict[int, list[dict[str, Any]]]
    indicators_of: dict[int, list[dict[str, Any]]]
    objections: dict[int, dict[str, Any]]  # evaluation id ->
    newest_approved: dict[int, int]  # employee id -> skp id

    def of(self, cadence: str) -> list[dict[str, Any]]:
        return [e for e in self.evaluations.values() if self.periods[e["period_id"]]["cadence"] == cadence]

    @property
    def annual(self) -> list[dict[str, Any]]:
        return self.of("tahunan")


@pytest.fixture
def appraisals(plans) -> Appraisals:
    history_of: dict[int, list[dict[str, Any]]] = {}
    for h in _rows("SELECT * FROM evaluation_history ORDER BY id"):
        history_of.setdefault(h["evaluation_id"], []).append(h)
    indicators_of: dict[int, list[dict[str, Any]]] = {}
    for i in _rows("SELECT * FROM evaluation_indicator ORDER BY id"):
        indicators_of.setdefault(i["evaluation_id"], []).append(i)
    newest = {e: s for e, s in sql("SELECT employee_id, max(id) FROM skp WHERE status = 'disetujui' GROUP BY 1")}
    return Appraisals(
        {p["id"]: p for p in _rows("SELECT * FROM evaluation_period ORDER BY id")},
        {e["id"]: e for e in _rows("SELECT * FROM evaluation ORDER BY id")},
        history_of, indicators_of, {o["evaluation_id"]: o for o in _rows("SELECT * FROM objection")}, newest,
    )


def _matrix(e: dict[str, Any]) -> str:
    return predikat_rules.predikat(predikat_rules.Rating[e["rating_hasil"].upper()],
                                   predikat_rules.Rating[e["rating_perilaku"].upper()]).name.lower()


def test_the_periods_follow_the_office_cadence_and_the_year(appraisals):
    labels = [(p["cadence"], p["label"]) for p in appraisals.periods.values()]
    assert labels == [("triwulan", f"Triwulan {n} {YEAR}") for n in ("I", "II", "III", "IV")] + [
        ("tahunan", f"Tahunan {YEAR}")]
    assert {p["year"] for p in appraisals.periods.values()} == {YEAR}


def test_approved_plans_are_evaluated_in_every_state(appraisals):
    """A past year: every quarter is evaluated, mostly final; the annual evaluation is final for most,
    a draft with both ratings, with one, or with only the realisasi for some, and not begun for others."""
    approved = set(appraisals.newest_approved)
    for period_id, p in appraisals.periods.items():
        rows = [e for e in appraisals.evaluations.values() if e["period_id"] == period_id]
        assert {e["employee_id"] for e in rows} < approved  # a few are not begun
        assert len(rows) > 0.85 * len(approved)
        finals = sum(e["status"] == "final" for e in rows)
        assert finals > (0.9 if p["cadence"] == "triwulan" else 0.75) * len(rows), p["label"]

    def state(e: dict[str, Any]) -> str:
        ratings = (e["rating_hasil"] is not None) + (e["rating_perilaku"] is not None)
        return "final" if e["status"] == "final" else ("lengkap", "sebagian", "isian")[2 - ratings]

    states = Counter(state(e) for e in appraisals.annual)
    assert set(states) == {"final", "lengkap", "sebagian", "isian"}, states
    assert states["final"] > 0.75 * sum(states.values())
    assert any(appraisals.indicators_of.get(e["id"]) for e in appraisals.annual if state(e) == "isian")
    for e in appraisals.evaluations.values():
        assert e["skp_id"] == appraisals.newest_approved[e["employee_id"]]
        assert e["unit_id"] == sql("SELECT unit_id FROM employee WHERE id = ?", e["employee_id"])[0][0]
        assert e["lock_version"] >= 1 and e["created_at"] <= e["updated_at"]
        if e["status"] == "final":
            assert e["created_at"] <= e["finalised_at"] <= e["updated_at"]
            assert e["received_on"] == e["finalised_at"][:10]
        else:
            assert e["predikat"] is e["final_predikat"] is e["finalised_at"] is e["received_on"] is None


def test_every_final_predikat_is_the_matrix_of_its_ratings(appraisals):
    finals = [e for e in appraisals.evaluations.values() if e["status"] == "final"]
    assert finals
    for e in finals:
        assert e["predikat"] == _matrix(e), e
        history = [h for h in appraisals.history_of[e["id"]] if h["action"] == "final"]
        assert history and all(h["note"] == f"Predikat {Predikat[e['predikat'].upper()].label}" for h in history)
        assert all(ACTOR.fullmatch(h["actor"]) for h in appraisals.history_of[e["id"]])
        assert history[-1]["at"] == e["finalised_at"]


def test_the_final_predikat_differs_only_where_an_objection_was_accepted(appraisals):
    changed = {e["id"] for e in appraisals.evaluations.values() if e["final_predikat"] != e["predikat"]}
    accepted = {i for i, o in appraisals.objections.items() if o["status"] == "diterima"}
    assert changed == accepted and accepted
    for i in accepted:
        e, o = appraisals.evaluations[i], appraisals.objections[i]
        assert o["original_predikat"] == e["predikat"] and o["new_predikat"] == e["final_predikat"]
        order = [p.name.lower() for p in Predikat]  # best first
        assert order.index(e["final_predikat"]) < order.index(e["predikat"])  # the objection asked for better


def test_ratings_spread_realistically(appraisals):
    finals = [e for e in appraisals.evaluations.values() if e["status"] == "final"]
    pairs = Counter((e["rating_hasil"], e["rating_perilaku"]) for e in finals)
    assert pairs.most_common(1)[0][0] == ("sesuai", "sesuai")
    annual = Counter(e["final_predikat"] for e in appraisals.annual if e["status"] == "final")
    total = sum(annual.values())
    assert annual.most_common(1)[0][0] == "baik" and annual["baik"] > 0.5 * total
    assert 0.05 * total < annual["sangat_baik"] < 0.4 * total
    assert 0 < annual["butuh_perbaikan"] + annual["kurang"] + annual["sangat_kurang"] < 0.15 * total


def test_some_units_break_their_distribution_rule_and_others_follow_it(appraisals):
    organisations = [u.id for u in OrgUnit.select().where(OrgUnit.kind.in_(("opd", "kecamatan")))]
    org = ap.org_predikat_units(YEAR)
    assert set(org) == set(organisations)
    kinds = Counter(o.name for o in org.values())
    assert kinds["BAIK"] > len(org) / 2 and kinds["BUTUH_PERBAIKAN"] in (1, 2)
    warned = {d.unit_id for d in ap.distribution_warnings(YEAR)}
    followed = set()
    counted = drafts = 0
    for unit_id in organisations:
        d = ap.distribution(unit_id, YEAR)
        assert d.check is not None
        assert (unit_id in warned) == (not d.check.ok)
        if d.check.ok and d.total:
            followed.add(unit_id)
        counted, drafts = counted + d.total, drafts + d.drafts
    assert warned and followed
    # everybody but the Sekretaris Daerah, whose unit (the pemda) has no predikat organisasi
    below = [e for e in appraisals.annual if OrgUnit.get_by_id(e["unit_id"]).kind != "pemda"]
    assert counted == sum(e["status"] == "final" for e in below)
    assert drafts == sum(e["status"] == "draf" for e in below)


def test_objections_are_pending_accepted_and_rejected(appraisals):
    assert Counter(o["status"] for o in appraisals.objections.values()) == Counter(
        {"diajukan": 1, "diterima": 1, "ditolak": 1})
    days = store_settings.get("evaluation.objection_days")
    for evaluation_id, o in appraisals.objections.items():
        e = appraisals.evaluations[evaluation_id]
        assert appraisals.periods[e["period_id"]]["cadence"] == "tahunan" and e["status"] == "final"
        received, filed = dt.date.fromisoformat(e["received_on"]), dt.date.fromisoformat(o["filed_on"])
        assert received <= filed <= received + dt.timedelta(days=days)
        assert o["reason"].strip()
        actions = [h["action"] for h in appraisals.history_of[evaluation_id]]
        if o["status"] == "diajukan":
            assert o["decided_on"] is None and o["decided_by"] == "" and o["new_predikat"] is None
            assert actions == ["final", "keberatan"]
        else:
            assert dt.date.fromisoformat(o["decided_on"]) >= filed
            assert ACTOR.fullmatch(o["decided_by"]) and o["decision_reason"].strip() and o["hearing_notes"].strip()
            assert actions == ["final", "keberatan", "putusan"]
            decision = appraisals.history_of[evaluation_id][-1]
            assert decision["actor"] == o["decided_by"]
            assert decision["note"].startswith("Diterima; predikat menjadi " if o["status"] == "diterima" else "Ditolak.")
        view = ap.get_evaluation(evaluation_id)
        assert view.objection is not None and view.objection.status == o["status"]
        assert view.shown_predikat.name.lower() == e["final_predikat"]
    assert len(ap.objections(YEAR)) == len(appraisals.objections)


def test_realisasi_bukti_and_the_other_inputs_are_filled_in(appraisals, plans):
    iki = {k["id"]: (k, r["skp_id"]) for r in plans.rhk.values() for k in plans.iki_of[r["id"]]}
    finals = [e for e in appraisals.evaluations.values() if e["status"] == "final"]
    assert sum(e["id"] in appraisals.indicators_of for e in finals) > 0.9 * len(finals)
    ratios, feedback = [], 0
    for evaluation_id, rows in appraisals.indicators_of.items():
        for i in rows:
            k, skp_id = iki[i["iki_id"]]
            assert skp_id == appraisals.evaluations[evaluation_id]["skp_id"]
            assert i["bukti"].strip() and "{" not in i["bukti"]
            feedback += bool(i["umpan_balik"])
            if k["target_value"] is None:
                assert i["realisasi_value"] is None and i["realisasi_text"].strip()
            else:
                assert i["realisasi_value"] is not None and i["realisasi_text"] == ""
                ratios.append(ap.rules.capaian_percent(i["realisasi_value"], k["target_value"], k["aspect"]))
    ratios.sort()
    assert 85 <= ratios[len(ratios) // 2] <= 110  # near the target
    assert feedback > 0
    behaviours = _rows("SELECT * FROM evaluation_behaviour")
    assert behaviours and all(b["penilai_note"].strip() for b in behaviours)
    assert {b["core_value"] for b in behaviours} == set(skp_rules.CORE_VALUE_CODES)
    assert any(b["self_note"] for b in behaviours)
    assert 0.05 * len(appraisals.evaluations) < sum(bool(e["self_assessment"]) for e in appraisals.evaluations.values())
    assert any(e["catatan"] for e in finals)


def test_peers_are_colleagues_with_the_same_penilai(appraisals, plans):
    peers = _rows("SELECT * FROM peer_assessment")
    assert peers
    for p in peers:
        e = appraisals.evaluations[p["evaluation_id"]]
        skp = plans.skp[e["skp_id"]]
        assert appraisals.periods[e["period_id"]]["cadence"] == "tahunan"
        assert p["peer_id"] != e["employee_id"] and p["peer_id"] != skp["penilai_id"]
        assert plans.skp[appraisals.newest_approved[p["peer_id"]]]["penilai_id"] == skp["penilai_id"]
        assert p["rating"] in ("di_bawah", "sesuai", "di_atas")
    view = ap.get_evaluation(peers[0]["evaluation_id"])
    assert all(len(b.peers) >= 1 for b in view.behaviours)


def test_public_feedback_per_organisation_and_quarter(appraisals):
    organisations = {u.id for u in OrgUnit.select().where(OrgUnit.kind.in_(("opd", "kecamatan")))}
    rows = _rows("SELECT * FROM public_feedback")
    quarters = {i for i, p in appraisals.periods.items() if p["cadence"] == "triwulan"}
    surveys = [f for f in rows if f["kind"] == "survei"]
    assert {(f["unit_id"], f["period_id"]) for f in surveys} == {(u, q) for u in organisations for q in quarters}
    assert all(70 <= f["score"] <= 95 and f["responses"] > 0 for f in surveys)
    complaints = [f for f in rows if f["kind"] == "pengaduan"]
    assert complaints and all(0 <= f["score"] <= 100 for f in complaints)
    assert all(f["employee_id"] is None and f["note"].strip() and "{" not in f["note"] for f in rows)


def test_the_grid_shows_the_demo_teams(appraisals):
    annual = next(i for i, p in appraisals.periods.items() if p["cadence"] == "tahunan")
    options = ap.penilai_options(YEAR)
    biggest = max(options, key=lambda o: o.team_size)
    rows = ap.team(biggest.id, annual)
    assert len(rows) == biggest.team_size
    labels = Counter(r.status_label.split(" ·")[0] for o in options for r in ap.team(o.id, annual))
    assert {"Final", "Draf", "Belum dinilai"} <= set(labels)


# ------------------------------------------------------------------------------------------ pengembangan
AS_OF = dt.date(YEAR + 1, *demo.DEVELOPMENT_AS_OF)  # a past year's training records reach this day
JP_RANGES = {"course": (16, 40), "meeting": (4, 8), "online": (2, 10), "coaching": (2, 4)}


@dataclass
class Training:
    """The development tables of the SKP demo office, read through raw SQL."""

    events: dict[int, dict[str, Any]]
    participations: list[dict[str, Any]]
    needs: dict[int, dict[str, Any]]
    employees: dict[int, Employee]

    def of(self, event_id: int) -> list[dict[str, Any]]:
        return [p for p in self.participations if p["event_id"] == event_id]


def _dates(rows: list[dict[str, Any]], *columns: str) -> list[dict[str, Any]]:
    for r in rows:
        for c in columns:
            r[c] = dt.date.fromisoformat(r[c]) if r[c] else None
    return rows


@pytest.fixture
def training(plans) -> Training:
    return Training(
        {e["id"]: e for e in _dates(_rows("SELECT * FROM training_event ORDER BY id"), "start_date", "end_date")},
        _dates(_rows("SELECT * FROM training_participation ORDER BY id"), "certificate_date"),
        {n["id"]: n for n in _rows("SELECT * FROM training_need ORDER BY id")},
        plans.employees,
    )


def _category(form: str) -> str:
    return demo._Offer("", "", form, "", 1, "", "", (1, 1), 1).category


def test_jp_spread_many_short_of_twenty_and_some_with_none(training):
    rows = development.compliance(YEAR)
    active = [e for e in training.employees.values() if e.active]
    assert {r.employee_id for r in rows} == {e.id for e in active}
    meets = sum(r.meets for r in rows) / len(rows)
    none = sum(r.jp == 0 for r in rows) / len(rows)
    short = sum(0 < r.jp < 20 for r in rows) / len(rows)
    assert 0.35 <= meets <= 0.5, meets
    assert 0.1 <= none <= 0.3 and short >= 0.25, (none, short)
    assert max(r.jp for r in rows) >= 40
    assert [r.jp for r in rows] == sorted(r.jp for r in rows)  # the furthest from the target first
    units = development.unit_compliance(YEAR, rows)
    assert sum(u.staff for u in units) == len(rows) and len({u.share for u in units}) > 1


def test_the_two_years_before_were_copied_in_so_promotion_has_a_history(training):
    """Annual predikat of the two years before (mostly Baik) for those already serving then, and last year's
    courses: the vacancies have eligible candidates, ranked, and others refused for last year's JP."""
    from asn_desktop.services import promotion

    active = {e.id for e in training.employees.values() if e.active}
    rows = sql("SELECT employee_id, year, predikat, source FROM past_predikat")
    assert {y for _e, y, _p, _s in rows} == {YEAR - 1, YEAR - 2} and {e for e, *_ in rows} <= active
    both = {e for e, y, *_ in rows if y == YEAR - 2}
    assert both <= {e for e, y, *_ in rows if y == YEAR - 1} and len(both) >= 0.6 * len(active)
    counts = {p: sum(r[2] == p for r in rows) for p in {r[2] for r in rows}}
    assert max(counts, key=counts.get) == "baik" and counts.get("sangat_baik", 0) > 0
    for v in promotion.vacancies():
        listed = promotion.candidates(v.id, on=dt.date(YEAR, 12, 1))
        eligible = [c for c in listed if c.eligible]
        assert eligible and [c.rank for c in eligible] == list(range(1, len(eligible) + 1))
        assert any(f"JP {YEAR - 1}" in r for c in listed if not c.eligible for r in c.reasons)
    assert promotion.reward_candidates(YEAR - 1)


def test_jp_count_in_the_year_an_event_ended(training):
    """One e-learning module opened in December of the year before (it counts in this year), one closes in
    January of the next (it counts there); every employee's JP is the raw sum by end year."""
    crossing = [e for e in training.events.values() if e["start_date"].year != e["end_date"].year]
    into = [e for e in crossing if e["end_date"].year == YEAR]
    out = [e for e in crossing if e["start_date"].year == YEAR]
    assert into and out and all(e["form"] == "e_learning" for e in crossing)
    assert into[0]["start_date"].year == YEAR - 1 and out[0]["end_date"].year == YEAR + 1
    by_year = {y: {r.employee_id: r.jp for r in development.compliance(y)} for y in (YEAR - 1, YEAR, YEAR + 1)}
    before = [e for e in training.events.values() if e["end_date"].year == YEAR - 1]
    assert before and all(e["notes"] == demo.PAST_NOTE for e in before)  # copied in
    for year in (YEAR - 1, YEAR, YEAR + 1):
        raw = dict(sql("""SELECT p.employee_id, sum(coalesce(p.jp_credited, t.jp)) FROM training_participation p
                          JOIN training_event t ON t.id = p.event_id JOIN employee m ON m.id = p.employee_id
                          WHERE p.status IN ('hadir', 'lulus') AND m.active AND t.end_date BETWEEN ? AND ?
                          GROUP BY 1""", f"{year}-01-01", f"{year}-12-31"))
        assert {e: float(jp) for e, jp in by_year[year].items() if jp} == pytest.approx(raw)
    passed_out = [p for p in training.of(out[0]["id"]) if p["status"] == "lulus"]
    assert passed_out and all(by_year[YEAR + 1][p["employee_id"]] >= out[0]["jp"] for p in passed_out)
    passed_in = [p for p in training.of(into[0]["id"]) if p["status"] == "lulus"]
    assert passed_in and all(by_year[YEAR][p["employee_id"]] >= into[0]["jp"] for p in passed_in)
    someone = passed_out[0]["employee_id"]
    assert development.jp_by_year(someone)[YEAR + 1] >= out[0]["jp"]


def test_events_fit_their_kind_and_the_people_fit_the_events(training):
    forms = Counter(e["form"] for e in training.events.values())
    assert {"pelatihan", "bimtek", "e_learning", "coaching", "seminar", "sosialisasi"} <= set(forms)
    heads = {u for (u,) in sql("SELECT id FROM org_unit")}
    for e in training.events.values():
        assert e["method"] == development.rules.FORMS[e["form"]][0]
        low, high = JP_RANGES[_category(e["form"])]
        assert low <= e["jp"] <= high, e
        assert e["start_date"] <= e["end_date"] and e["created_at"] <= e["updated_at"]
        assert e["title"].strip() and e["organiser"].strip() and e["location"].strip() and "{" not in e["organiser"]
        people = training.of(e["id"])
        assert people, e["title"]
        if e["kind"] == "kepemimpinan":  # for heads of units (a head has the id of the unit)
            assert all(p["employee_id"] in heads for p in people), e["title"]
        if "Kurikulum Merdeka" in e["title"]:
            assert all(re.match(r"(Guru |Kepala S[DM]P? )", training.employees[p["employee_id"]].position_title)
                       for p in people)
        if e["form"] in ("coaching", "mentoring", "bimbingan_di_tempat_kerja"):  # the same supervisor's team
            (coach,) = {training.employees[p["employee_id"]].supervisor_id for p in people}
            assert training.employees[coach].name in e["notes"]
        if _category(e["form"]) == "course":
            assert len(people) <= 40
    assert all(training.employees[p["employee_id"]].active for p in training.participations)
    sizes = [len(training.of(i)) for i, e in training.events.items() if e["form"] == "e_learning"]
    assert statistics.median(sizes) >= 40  # modules with many participants


def test_participation_statuses_certificates_and_partial_credits(training):
    statuses = Counter(p["status"] for p in training.participations)
    assert statuses["lulus"] + statuses["hadir"] > 0.85 * len(training.participations)
    assert statuses["tidak_lulus"] > 0 and statuses["direncanakan"] > 0
    partial = 0
    numbers = []
    for p in training.participations:
        e = training.events[p["event_id"]]
        assert (p["status"] == "direncanakan") == (e["end_date"] >= AS_OF), (p, e)
        if p["jp_credited"] is not None:
            assert p["status"] == "hadir" and 0 < p["jp_credited"] < e["jp"] and p["notes"].strip()
            partial += 1
        if p["status"] == "tidak_lulus":
            assert p["notes"].strip()
        if p["certificate_number"]:
            assert p["status"] in ("hadir", "lulus") and p["certificate_date"] == e["end_date"]
            assert str(e["end_date"].year) in re.split(r"[/-]", p["certificate_number"])  # the year it was given
            numbers.append(p["certificate_number"])
        else:
            assert p["certificate_date"] is None
    assert partial > 0
    assert len(numbers) == len(set(numbers)) and any(re.fullmatch(rf"812/BKPSDM/{YEAR}/\d{{4}}", n) for n in numbers)
    report = checks.run_checks()
    assert report.errors == [] and report.warnings == [], report.text()


def test_training_needs_come_from_final_evaluations_rated_below_expectations(training):
    needs = training.needs.values()
    assert {"usulan", "disetujui", "ditolak", "direncanakan", "selesai"} <= {n["status"] for n in needs}
    generated = [n for n in needs if n["source"] in ("hasil", "perilaku")]
    assert generated and all(n["source"] == "manual:1" and n["evaluation_id"] is None for n in needs
                             if n not in generated)
    for n in generated:
        ((employee_id, status, hasil, perilaku, year, finalised, position),) = sql(
            """SELECT e.employee_id, e.status, e.rating_hasil, e.rating_perilaku, p.year, e.finalised_at,
                      s.employee_position FROM evaluation e JOIN evaluation_period p ON p.id = e.period_id
               JOIN skp s ON s.id = e.skp_id WHERE e.id = ?""", n["evaluation_id"])
        assert (employee_id, status, year, n["year"]) == (n["employee_id"], "final", YEAR, YEAR)
        assert (hasil if n["source"] == "hasil" else perilaku) == "di_bawah"
        assert finalised < n["created_at"] <= n["updated_at"]
        if n["source"] == "hasil":
            assert (n["kind"], n["competency"]) == ("teknis", f"Kompetensi teknis jabatan {position}")
        else:
            assert (n["kind"], n["competency"]) == ("sosial_kultural", "Perilaku kerja sesuai nilai dasar BerAKHLAK")
        assert bool(n["note"].strip()) == (n["status"] == "ditolak")
    linked = {p["need_id"]: p for p in training.participations if p["need_id"] is not None}
    for n in needs:
        p = linked.get(n["id"])
        if n["status"] == "direncanakan":
            assert p is not None and p["status"] == "direncanakan" and p["employee_id"] == n["employee_id"]
            assert training.events[p["event_id"]]["start_date"].isoformat() > n["updated_at"][:10]
        elif n["status"] == "selesai":
            assert p is not None and p["status"] in ("hadir", "lulus") and p["employee_id"] == n["employee_id"]
            assert training.events[p["event_id"]]["start_date"].isoformat() > n["created_at"][:10]
        else:
            assert p is None
    listed = development.list_needs(YEAR)
    assert len(listed) == len(training.needs) and any(r.planned_event for r in listed)


def test_the_needs_are_what_generate_needs_proposes(skp_office_path, tmp_path):
    """Running the proposal again on the demo adds nothing: every final evaluation rated Di Bawah Ekspektasi
    already has its need (on a copy: the run writes an audit entry)."""
    copy = tmp_path / "kantor.db"
    shutil.copy(skp_office_path, copy)
    database.open_database(copy)
    try:
        before = sql("SELECT * FROM training_need ORDER BY id")
        result = development.generate_needs(YEAR)
        assert result.created == 0 and result.existing > 0
        assert sql("SELECT * FROM training_need ORDER BY id") == before
    finally:
        database.close_database()


def test_two_coaching_programmes_with_feedback(plans):
    programmes = coaching.list_programs(YEAR)
    assert [(p.title, p.kind) for p in sorted(programmes, key=lambda p: p.id)] == [
        ("Pelayanan Prima di Kecamatan", "simulasi"), ("Lokakarya Penyusunan SKP dan Evaluasi", "lokakarya")]
    scores: Counter[int] = Counter()
    for row in programmes:
        detail = coaching.get_program(row.id)
        assert 2 <= len(detail.sessions) <= 4 and all(s.date.year == YEAR for s in detail.sessions)
        assert [q.text for q in detail.questions] == list(coaching.DEFAULT_QUESTIONS)
        assert 15 <= row.participants <= 30 and row.responses >= 0.6 * row.participants
        summary = coaching.summary(row.id)
        assert 3.5 <= summary.average <= 5 and summary.comments
        assert all(q.count == row.responses for q in summary.questions)
        for q in summary.questions:
            scores.update({score: n for score, n in zip(range(1, 6), q.distribution)})
        last = max(s.date for s in detail.sessions)
        assert all(p.feedback_at.date() >= last for p in detail.participants if p.feedback_at is not None)
    total = sum(scores.values())
    assert scores[4] + scores[5] > 0.7 * total and scores[2] + scores[3] > 0
    tree = {u.id: {"parent": u.parent_id} for u in plans.units.values()}
    kecamatan = {e.id for e in plans.employees.values()  # the unit under the pemda is a kecamatan
                 if any(plans.units[u].kind == "kecamatan" for u in ancestors(tree, e.unit_id))}
    first = coaching.get_program(min(p.id for p in programmes))
    assert {p.employee_id for p in first.participants} <= kecamatan


def test_the_checks_find_broken_training_records(skp_office_path, tmp_path):
    copy = tmp_path / "kantor.db"
    shutil.copy(skp_office_path, copy)
    database.open_database(copy)
    try:
        (event_id, jp), = sql("SELECT id, jp FROM training_event WHERE form = 'pelatihan' ORDER BY id LIMIT 1")
        store_db.obj.execute_sql("UPDATE training_participation SET jp_credited = ? WHERE event_id = ?", (jp + 1, event_id))
        store_db.obj.execute_sql("UPDATE training_event SET method = 'nonklasikal' WHERE id = ?", (event_id,))
        messages = [f.message for f in checks.run_checks().errors]
        assert "JP yang diakui melebihi JP kegiatan" in messages
        assert any(m.startswith("metode nonklasikal tidak sesuai bentuk") for m in messages)
    finally:
        database.close_database()


# ------------------------------------------------------------------------------------------ tindak lanjut
@dataclass
class Consequences:
    """The tindak lanjut tables of the SKP demo office (a past year: its TPP month is December)."""

    rewards: list[dict[str, Any]]
    sanctions: list[dict[str, Any]]
    attendance: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    vacancies: list[dict[str, Any]]
    potential: list[dict[str, Any]]
    employees: dict[int, Employee]


@pytest.fixture
def consequences(skp_office_path) -> Consequences:
    database.open_database(skp_office_path)
    try:
        yield Consequences(
            _rows("SELECT * FROM reward ORDER BY id"), _rows("SELECT * FROM sanction ORDER BY id"),
            _rows("SELECT * FROM attendance_month ORDER BY id"), _rows("SELECT * FROM tpp_run ORDER BY id"),
            _rows("SELECT * FROM tpp_line ORDER BY id"), _rows("SELECT * FROM vacancy ORDER BY id"),
            _rows("SELECT * FROM potential_assessment ORDER BY id"), {e.id: e for e in Employee.select()},
        )
    finally:
        database.close_database()


def test_rewards_of_the_year_and_the_year_before(consequences):
    from asn_desktop.services.consequences import REWARD_KINDS

    rows = consequences.rewards
    assert {r["kind"] for r in rows} == set(REWARD_KINDS) - {"lainnya"}
    assert {r["given_on"][:4] for r in rows} == {str(YEAR - 1), str(YEAR)}
    teladan = [r for r in rows if r["kind"] == "pegawai_teladan"]
    assert teladan and all(r["given_on"].startswith(str(YEAR - 1)) for r in teladan)
    organisations = [r["title"] for r in teladan]
    assert len(organisations) == len(set(organisations))  # one per perangkat daerah/kecamatan
    assert all(r["amount"] and r["amount"] > 0 for r in rows if r["kind"] == "insentif")
    assert all(r["decree_number"] and r["issuer"] and r["created_at"][:10] >= r["given_on"] for r in rows)
    for r in (r for r in rows if r["kind"] == "satyalancana"):
        e = consequences.employees[r["employee_id"]]
        masa = int(re.search(r"(\d+) Tahun", r["title"]).group(1))
        given = dt.date.fromisoformat(r["given_on"])
        tmt = dt.date(int(e.nip[8:12]), int(e.nip[12:14]), 1)
        assert e.status == "PNS" and masa in (10, 20, 30)
        assert given.replace(year=given.year - 1) < tmt.replace(year=tmt.year + masa) <= given, (e.nip, r)


def test_sanctions_follow_pp_94_and_one_was_cancelled_on_appeal(consequences):
    from asn_desktop.domain import consequences as rules

    rows = consequences.sanctions
    levels = Counter(r["level"] for r in rows)
    assert levels["ringan"] >= 2 and levels["sedang"] >= 3 and levels["berat"] == 1
    assert {r["months"] for r in rows if r["kind"] == "pemotongan_tukin"} == {6, 9, 12}
    for r in rows:
        kind = rules.SANCTION_KINDS[r["kind"]]
        start = dt.date.fromisoformat(r["start_date"])
        assert r["level"] == kind.level and r["decree_date"] <= r["start_date"] and r["reason"]
        end = rules.sanction_end(r["kind"], start, r["months"])
        assert r["end_date"] == (end.isoformat() if end else None)
    cancelled = [r for r in rows if r["cancelled_on"]]
    assert len(cancelled) == 1 and cancelled[0]["cancel_reason"] and cancelled[0]["level"] == "sedang"
    assert not any(consequences.employees[r["employee_id"]].id == consequences.employees[r["employee_id"]].unit_id
                   for r in rows)  # never on the head of a unit


def test_attendance_of_every_month_mostly_clean_with_a_tail(consequences):
    active = {e.id for e in consequences.employees.values() if e.active}
    by_month: dict[int, list[dict[str, Any]]] = {}
    for r in consequences.attendance:
        by_month.setdefault(r["month"], []).append(r)
    assert set(by_month) == set(range(1, 13))  # a past year: every month
    for month, rows in by_month.items():
        assert {r["employee_id"] for r in rows} == active
        clean = sum(1 for r in rows if r["absent_days"] == 0 and r["late_minutes"] == "[]")
        assert 0.7 * len(rows) < clean < 0.95 * len(rows), month
        assert any(r["absent_days"] >= 2 for r in rows)
        assert rows[0]["updated_at"] > f"{YEAR}-{month:02d}-31"[:8]  # imported after the month


def test_tpp_of_december_locked_and_november_a_draft_that_add_up(consequences):
    from asn_desktop.domain import consequences as rules

    runs = {r["month"]: r for r in consequences.runs}
    assert set(runs) == {11, 12} and all(r["year"] == YEAR and r["unit_id"] is None for r in runs.values())
    assert runs[12]["status"] == "terkunci" and runs[12]["locked_at"] > runs[12]["computed_at"]
    assert runs[11]["status"] == "draf" and runs[11]["locked_at"] is None
    active = {e.id for e in consequences.employees.values() if e.active}
    for run in runs.values():
        lines = [ln for ln in consequences.lines if ln["run_id"] == run["id"]]
        assert {ln["employee_id"] for ln in lines} == active
        for ln in lines:
            assert ln["gross"] == ln["performance"] + ln["discipline"]
            assert ln["discipline"] == ln["discipline_base"] - ln["discipline_deduction"]
            assert ln["net"] == ln["gross"] - ln["sanction_cut"] >= 0
        assert any(ln["discipline_deduction"] for ln in lines)
    # the sedang sanctions running in December cut 25%; the cancelled one does not
    december = {ln["employee_id"]: ln for ln in consequences.lines if ln["run_id"] == runs[12]["id"]}
    running = [s for s in consequences.sanctions if s["kind"] == "pemotongan_tukin" and not s["cancelled_on"]
               and rules.runs_in(dt.date.fromisoformat(s["start_date"]), dt.date.fromisoformat(s["end_date"]), YEAR, 12)]
    assert running
    for s in running:
        line = december[s["employee_id"]]
        assert line["sanction_cut"] == int(rules.rupiah(rules.Decimal(line["gross"]) * rules.Decimal("0.25"))) > 0
    cut = {ln["employee_id"] for ln in december.values() if ln["sanction_cut"]}
    assert cut == {s["employee_id"] for s in running}


def test_the_tpp_run_is_what_the_service_computes(skp_office_path, tmp_path):
    """Computing the draft month again with services.tpp gives the same lines."""
    from asn_desktop.services import tpp

    copy = tmp_path / "kantor.db"
    shutil.copy(skp_office_path, copy)
    database.open_database(copy)
    try:
        run_id = sql("SELECT id FROM tpp_run WHERE status = 'draf'")[0][0]
        columns = "employee_id, class, predikat, ceiling, performance, discipline_base, discipline_deduction, " \
                  "discipline, gross, sanction_cut, net, explanation"
        before = sql(f"SELECT {columns} FROM tpp_line WHERE run_id = ? ORDER BY employee_id", run_id)
        again = tpp.compute_run(YEAR, 11)
        assert again.id == run_id
        assert sql(f"SELECT {columns} FROM tpp_line WHERE run_id = ? ORDER BY employee_id", run_id) == before
        locked = sql("SELECT month FROM tpp_run WHERE status = 'terkunci'")[0][0]
        with pytest.raises(DomainError):
            tpp.compute_run(YEAR, locked)
    finally:
        database.close_database()


def test_two_open_vacancies_and_potensi_of_heads(consequences, skp_office_path):
    from asn_desktop.domain import golongan as golongan_rules

    assert [v["status"] for v in consequences.vacancies] == ["terbuka", "terbuka"]
    assert {v["jenjang"] for v in consequences.vacancies} == {"Pengawas", "Administrator"}
    for v in consequences.vacancies:
        assert golongan_rules.rank_of("PNS", v["golongan_min"]) <= golongan_rules.rank_of("PNS", v["golongan_max"])
        assert v["title"].startswith(("Kepala", "Sekretaris", "Camat", "Lurah", "Inspektur")) and v["note"]
    heads = {e.id for e in consequences.employees.values() if e.id == e.unit_id}  # a unit's head has its id
    assert consequences.potential and {p["employee_id"] for p in consequences.potential} <= heads
    assert {p["level"] for p in consequences.potential} == {1, 2, 3} and all(p["year"] == YEAR
                                                                             for p in consequences.potential)
    database.open_database(skp_office_path)
    try:
        from asn_desktop.services import promotion

        listed = promotion.candidates(consequences.vacancies[0]["id"], on=dt.date(YEAR, 12, 31))
        assert listed  # the PNS in the golongan range, each with the reasons
    finally:
        database.close_database()


def test_the_checks_find_broken_sanctions(skp_office_path, tmp_path):
    copy = tmp_path / "kantor.db"
    shutil.copy(skp_office_path, copy)
    database.open_database(copy)
    try:
        assert checks.run_checks().checked["Hukuman disiplin"] == len(sql("SELECT id FROM sanction"))
        (sid,) = sql("SELECT id FROM sanction WHERE kind = 'pemotongan_tukin' ORDER BY id LIMIT 1")[0]
        store_db.obj.execute_sql("UPDATE sanction SET level = 'ringan', end_date = start_date WHERE id = ?", (sid,))
        messages = [f.message for f in checks.run_checks().errors]
        assert any(m.startswith("tingkat ringan tidak sesuai jenis") for m in messages)
        assert "tanggal akhir tidak sesuai tanggal berlaku dan jangka waktunya" in messages
    finally:
        database.close_database()
