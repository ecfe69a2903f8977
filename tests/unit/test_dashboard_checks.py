"""services.dashboard (beranda counts) and services.checks (``asn-desktop check``)."""

from __future__ import annotations

import pytest

from asn_desktop.domain.nip import format_nip
from asn_desktop.services import checks, database, units
from asn_desktop.services import employees as emp
from asn_desktop.services.checks import Finding
from asn_desktop.services.dashboard import Count, dashboard

from .helpers import damage, emp_input, employee, fill, office, pns_nip, pppk_nip, sql


@pytest.fixture
def ids(db):
    return office()


# ---------------------------------------------------------------------------------------------- dashboard
def test_dashboard_of_an_empty_database(db):
    d = dashboard()
    assert (d.office_name, d.total_active, d.total_inactive, d.units) == ("", 0, 0, 0)
    assert d.by_unit == []
    assert d.by_status == [Count("PNS", 0), Count("PPPK", 0)]
    assert d.by_golongan == []
    assert d.by_position_kind == [Count("Struktural", 0), Count("Fungsional", 0), Count("Pelaksana", 0)]
    assert d.without_supervisor == 0


def test_dashboard_counts(ids):
    database.set_office("Dinas Kesehatan Kabupaten Contoh", "Kabupaten Contoh")
    kadis = employee(ids["dinkes"], 1, name="Kepala Dinas", golongan="IV/c", position_kind="struktural",
                     jenjang="JPT Pratama")
    employee(ids["sekretariat"], 2, name="Sekretaris", golongan="IV/a", supervisor_id=kadis.id)
    employee(ids["bidang"], 3, name="Kabid", golongan="III/d", supervisor_id=kadis.id)
    employee(ids["seksi"], 4, name="Staf Satu", golongan="II/c", position_kind="pelaksana", jenjang="Pelaksana")
    gone = employee(ids["seksi"], 5, name="Staf Pensiun", golongan="II/a")
    emp.deactivate_employee(gone.id, "Pensiun")
    employee(ids["kecamatan"], 6, name="Camat", golongan="III/c")
    emp.create_employee(emp_input(ids["kelurahan"], nip=pppk_nip(7), name="Pengadministrasi",
                                  position_kind="pelaksana", jenjang="Pelaksana"))
    employee(ids["pemda"], 8, name="Asisten", golongan="I/d")

    d = dashboard()
    assert d.office_name == "Dinas Kesehatan Kabupaten Contoh"
    assert (d.total_active, d.total_inactive, d.units) == (7, 1, 7)
    # everyone below an OPD or kecamatan counts there; the pemda's own staff on a line of their own
    assert d.by_unit == [
        Count("Dinas Kesehatan", 4),
        Count("Kecamatan Utara", 2),
        Count("(langsung di bawah pemerintah daerah)", 1),
    ]
    assert d.by_status == [Count("PNS", 6), Count("PPPK", 1)]
    assert d.by_golongan == [
        Count("Golongan I", 1),
        Count("Golongan II", 1),
        Count("Golongan III", 2),
        Count("Golongan IV", 2),
        Count("PPPK (I–XVII)", 1),
    ]
    assert d.by_position_kind == [Count("Struktural", 1), Count("Fungsional", 4), Count("Pelaksana", 2)]
    assert d.without_supervisor == 5
    assert sum(c.count for c in d.by_unit) == d.total_active


def test_dashboard_ties_sorted_by_name_and_inactive_units_not_counted(ids):
    employee(ids["kelurahan"], 1, name="Lurah")
    employee(ids["seksi"], 2, name="Staf")
    extra = units.create_unit(units.UnitInput("BPBD", "Badan Penanggulangan Bencana", "opd", ids["pemda"]))
    units.deactivate_unit(extra.id)
    d = dashboard()
    assert d.by_unit == [Count("Dinas Kesehatan", 1), Count("Kecamatan Utara", 1)]
    assert d.units == 7


def test_dashboard_with_only_a_root_unit(db):
    root = units.create_unit(units.UnitInput("PEMDA", "Pemerintah Kota Contoh", "pemda", None))
    employee(root.id, 1)
    assert dashboard().by_unit == [Count("Pemerintah Kota Contoh", 1)]


# ------------------------------------------------------------------------------------------------ checks
@pytest.fixture
def clean(ids):
    """Andi (seksi) -> Beni (bidang) -> Citra (dinas); Rina, PPPK, in the kelurahan."""
    c = employee(ids["dinkes"], 3, name="Citra", position_kind="struktural", jenjang="JPT Pratama")
    b = employee(ids["bidang"], 2, name="Beni", position_kind="struktural", jenjang="Administrator",
                 supervisor_id=c.id)
    a = employee(ids["seksi"], 1, name="Andi", supervisor_id=b.id)
    r = emp.create_employee(emp_input(ids["kelurahan"], nip=pppk_nip(4), name="Rina", position_kind="pelaksana",
                                      jenjang="Pelaksana"))
    return {"a": a.id, "b": b.id, "c": c.id, "r": r.id, **ids}


def test_clean_database_has_no_findings(clean):
    report = checks.run_checks()
    assert report.findings == []
    assert report.ok
    assert report.errors == [] and report.warnings == []
    assert report.checked == {"Unit organisasi": 7, "Pegawai": 4}
    text = report.text()
    assert text.splitlines() == [
        "Pemeriksaan basis data ASN Desktop",
        "",
        "  Unit organisasi: 7",
        "  Pegawai: 4",
        "",
        "Tidak ada masalah ditemukan.",
        "",
        "Hasil: 0 galat, 0 peringatan.",
    ]


def test_empty_database_is_clean(db):
    report = checks.run_checks()
    assert report.ok and report.findings == []
    assert report.text().endswith("Hasil: 0 galat, 0 peringatan.")


ANDI = f"Pegawai {format_nip(pns_nip(1))} Andi"
BENI = f"Pegawai {format_nip(pns_nip(2))} Beni"

CORRUPTIONS = [
    (
        "NIP month 13",
        ["UPDATE employee SET nip = '198609262015131001' WHERE name = 'Andi'"],
        [Finding("galat", "Pegawai 19860926 201513 1 001 Andi",
                 "NIP tidak valid: Bulan TMT CPNS dalam NIP (digit 13–14: 13) harus 01–12.")],
    ),
    (
        "NIP Feb 30",
        ["UPDATE employee SET nip = '198602302015051001' WHERE name = 'Andi'"],
        [Finding("galat", "Pegawai 19860230 201505 1 001 Andi",
                 "NIP tidak valid: Tanggal lahir dalam NIP (digit 1–8: 1986-02-30) bukan tanggal yang ada.")],
    ),
    (
        "status does not match NIP",
        ["UPDATE employee SET status = 'PPPK', golongan = 'IX' WHERE name = 'Andi'"],
        [Finding("galat", ANDI, "NIP berformat PNS tetapi status PPPK")],
    ),
    (
        "PPPK NIP with status PNS",
        ["UPDATE employee SET status = 'PNS', golongan = 'II/a' WHERE name = 'Rina'"],
        [Finding("galat", f"Pegawai {format_nip(pppk_nip(4))} Rina", "NIP berformat PPPK tetapi status PNS")],
    ),
    (
        "birth date",
        ["UPDATE employee SET birth_date = '1986-09-27' WHERE name = 'Andi'"],
        [Finding("galat", ANDI, "tanggal lahir 27/09/1986 tidak sama dengan NIP (26/09/1986)")],
    ),
    (
        "gender",
        ["UPDATE employee SET gender = 'P' WHERE name = 'Andi'"],
        [Finding("galat", ANDI, "jenis kelamin tidak sama dengan digit ke-15 NIP")],
    ),
    (
        "golongan",
        ["UPDATE employee SET golongan = 'V/a' WHERE name = 'Andi'"],
        [Finding("galat", ANDI, "golongan V/a tidak dikenal untuk PNS")],
    ),
    (
        "jenjang",
        ["UPDATE employee SET jenjang = 'Pengawas' WHERE name = 'Andi'"],
        [Finding("galat", ANDI, "Jenjang 'Pengawas' tidak berlaku untuk jabatan fungsional; pilih salah satu: "
                 "Pemula, Terampil, Mahir, Penyelia, Ahli Pertama, Ahli Muda, Ahli Madya, Ahli Utama.")],
    ),
    (
        "supervisor cycle A->B->A",
        ["UPDATE employee SET supervisor_id = (SELECT id FROM employee WHERE name = 'Andi') WHERE name = 'Beni'"],
        [Finding("galat", "Pejabat penilai", "hubungan penilai berputar: Andi, Beni")],
    ),
    (
        "inactive supervisor",
        ["UPDATE employee SET active = 0, inactive_reason = 'Pensiun' WHERE name = 'Beni'"],
        [Finding("peringatan", ANDI, "pejabat penilainya (Beni) sudah nonaktif")],
    ),
    (
        "active employee in an inactive unit",
        ["UPDATE org_unit SET active = 0 WHERE code = 'DINKES-P2P-S1'"],
        [Finding("peringatan", ANDI, "aktif tetapi unitnya (Seksi Surveilans) sudah nonaktif")],
    ),
    (
        "unit placement",
        ["UPDATE org_unit SET parent_id = (SELECT id FROM org_unit WHERE code = 'PEMDA') WHERE code = 'DINKES-P2P'"],
        [Finding("galat", "Unit DINKES-P2P Bidang Pencegahan Penyakit",
                 "Bidang tidak dapat berada di bawah Pemerintah Daerah; unit induk yang sesuai: "
                 "Perangkat Daerah (Dinas/Badan).")],
    ),
]


@pytest.mark.parametrize(("statements", "expected"), [c[1:] for c in CORRUPTIONS], ids=[c[0] for c in CORRUPTIONS])
def test_corrupt_data_gives_the_right_finding(clean, statements, expected):
    for s in statements:
        sql(s)
    report = checks.run_checks()
    assert report.findings == expected
    assert report.ok == all(f.severity == "peringatan" for f in expected)
    text = report.text()
    for f in expected:
        assert f"[{f.severity.upper()}] {f.area}: {f.message}" in text.splitlines()
    n_err = sum(f.severity == "galat" for f in expected)
    assert text.splitlines()[-1] == f"Hasil: {n_err} galat, {len(expected) - n_err} peringatan."
    assert "Tidak ada masalah" not in text


def test_longer_supervisor_cycle_reported_once(clean):
    sql("UPDATE employee SET supervisor_id = ? WHERE id = ?", clean["a"], clean["c"])  # A->B->C->A
    report = checks.run_checks()
    assert report.findings == [Finding("galat", "Pejabat penilai", "hubungan penilai berputar: Andi, Beni, Citra")]


def test_unit_cycle(clean):
    sql("UPDATE org_unit SET parent_id = ? WHERE id = ?", clean["seksi"], clean["bidang"])
    report = checks.run_checks()
    assert Finding("galat", "Unit DINKES-P2P Bidang Pencegahan Penyakit", "rantai unit induk berputar") in report.findings
    assert not report.ok


def test_broken_foreign_key(clean):
    sql("PRAGMA foreign_keys = OFF")
    try:
        sql("UPDATE employee SET unit_id = 9999 WHERE id = ?", clean["a"])
    finally:
        sql("PRAGMA foreign_keys = ON")
    report = checks.run_checks()
    assert Finding("galat", "Kunci asing", f"tabel employee baris {clean['a']} merujuk org_unit yang tidak ada") in (
        report.findings
    )
    assert not report.ok


def test_several_problems_all_reported(clean):
    sql("UPDATE employee SET gender = 'P' WHERE name = 'Andi'")
    sql("UPDATE employee SET active = 0 WHERE name = 'Citra'")
    report = checks.run_checks()
    assert len(report.errors) == 1 and len(report.warnings) == 1
    assert report.text().splitlines()[-1] == "Hasil: 1 galat, 1 peringatan."


def test_damaged_file_is_reported_not_raised(db_path):
    database.open_database(db_path)
    office()
    fill()
    database.close_database()
    damage(db_path)
    database.open_database(db_path)
    try:
        report = checks.run_checks()
    finally:
        database.close_database()
    assert not report.ok
    assert report.errors and all(f.area == "Integritas SQLite" for f in report.errors)
    assert report.text().splitlines()[-1].startswith("Hasil: ")


def test_without_supervisor_counts_those_whose_pejabat_penilai_left(ids):
    boss = employee(ids["seksi"], 1, name="Kepala Seksi")
    employee(ids["seksi"], 2, name="Staf Satu", supervisor_id=boss.id)
    employee(ids["seksi"], 3, name="Staf Dua", supervisor_id=boss.id)
    assert dashboard().without_supervisor == 1  # only the head
    emp.deactivate_employee(boss.id, "Pensiun")
    assert dashboard().without_supervisor == 2  # both staff now need a new pejabat penilai


def test_office_name_falls_back_to_the_top_unit(db):
    from asn_desktop.services import database

    assert database.office_name() == ""
    units.create_unit(units.UnitInput("PEMDA", "Pemerintah Kabupaten Sukamaju", "pemda", None))
    assert database.office_name() == "Pemerintah Kabupaten Sukamaju"
    database.set_office("Dinas Kesehatan Kabupaten Sukamaju", "Kabupaten Sukamaju")
    assert database.office_name() == "Dinas Kesehatan Kabupaten Sukamaju"
