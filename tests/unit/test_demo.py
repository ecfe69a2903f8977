"""The kantor contoh (demo office): size, determinism, NIPs, golongan, organisation, supervisors, history."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from asn_desktop.domain import golongan as gol
from asn_desktop.domain import nip as nipmod
from asn_desktop.domain import organisation
from asn_desktop.domain.errors import DomainError
from asn_desktop.services import checks, database, demo
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import Employee, OrgUnit, PositionHistory

from .helpers import dump_db, unchanged

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
    reopen(tmp_path / "again.db")
    demo.build_demo(300, year=YEAR, seed=5)
    assert dump_db() == first
    reopen(tmp_path / "other.db")
    demo.build_demo(300, year=YEAR, seed=6)
    other = dump_db()
    assert other["employee"] != first["employee"]
    assert {r[1] for r in other["employee"]} != {r[1] for r in first["employee"]}  # different NIPs


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
    assert office.progress[0] == (0, SIZE)
    assert office.progress[-1] == (SIZE, SIZE)
    assert len(office.progress) >= 4
    done = [d for d, _ in office.progress]
    assert done == sorted(done)


@pytest.mark.parametrize("after_calls", [0, 2])
def test_cancelling_writes_nothing(db, after_calls):
    calls: list[tuple[int, int]] = []
    with unchanged():
        with pytest.raises(demo.DemoCancelled):
            demo.build_demo(1200, year=YEAR, progress=lambda d, t: calls.append((d, t)),
                            cancelled=lambda: len(calls) > after_calls)
    assert database.is_empty()
    assert database.needs_first_run_choice()


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
