"""services.employees: create, edit, move, pejabat penilai, deactivate, search. Refusals write nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import employees as emp
from asn_desktop.services import units

from .helpers import audit_actions, emp_input, employee, office, pns_nip, pppk_nip, sql, unchanged

D = dt.date


@pytest.fixture
def ids(db):
    return office()


# ---------------------------------------------------------------------------------------------- create
def test_create_pns(ids):
    row = emp.create_employee(
        emp_input(
            ids["seksi"],
            nip="19860926 201505 1 001",
            name="  Budi   Santoso ",
            front_title=" Dr. ",
            back_title="S.Kom.,  M.T.",
            golongan="3b",
            education="S2",
        ),
        start_date=D(2015, 5, 1),
    )
    assert row.nip == "198609262015051001"
    assert row.nip_display == "19860926 201505 1 001"
    assert row.name == "Dr. Budi Santoso, S.Kom., M.T."
    assert row.sort_name == "budi santoso"
    assert (row.status, row.golongan, row.pangkat) == ("PNS", "III/b", "Penata Muda Tingkat I")
    assert row.golongan_rank == 110
    assert (row.gender, row.unit_id, row.unit_name, row.active) == ("L", ids["seksi"], "Seksi Surveilans", True)
    assert (row.supervisor_id, row.supervisor_name) == (None, "")
    stored = sql(
        "SELECT nip, front_title, name, back_title, gender, birth_date, status, golongan, education, "
        "position_title, position_kind, jenjang, unit_id, supervisor_id, active, inactive_reason, inactive_date "
        "FROM employee"
    )
    assert stored == [
        (
            "198609262015051001",
            "Dr.",
            "Budi Santoso",
            "S.Kom., M.T.",
            "L",
            "1986-09-26",
            "PNS",
            "III/b",
            "S2",
            "Analis Kepegawaian",
            "fungsional",
            "Ahli Pertama",
            ids["seksi"],
            None,
            1,
            "",
            None,
        )
    ]
    assert sql("SELECT employee_id, position_title, unit_id, start_date, end_date, note FROM position_history") == [
        (row.id, "Analis Kepegawaian", ids["seksi"], "2015-05-01", None, "Data awal")
    ]
    assert audit_actions("employee") == [("create", "employee", row.id)]
    detail = json.loads(sql("SELECT detail FROM audit_log WHERE entity = 'employee'")[0][0])
    assert detail == {"nip": "198609262015051001", "name": "Budi Santoso"}


def test_create_pppk(ids):
    row = emp.create_employee(
        emp_input(
            ids["kelurahan"],
            nip="20001231-202421-1-001",
            name="Rina Wulandari",
            gender="L",
            golongan="ix",
            position_title="Pengadministrasi Perkantoran",
            position_kind="pelaksana",
            jenjang="Pelaksana",
        )
    )
    assert (row.nip, row.status, row.golongan, row.pangkat) == ("200012312024211001", "PPPK", "IX", "")
    assert row.golongan_rank == 9
    assert row.position_kind == "pelaksana"
    assert sql("SELECT birth_date, status FROM employee") == [("2000-12-31", "PPPK")]


def test_create_with_supervisor(ids):
    boss = employee(ids["dinkes"], 1, name="Kepala Dinas", position_kind="struktural", jenjang="JPT Pratama")
    staff = employee(ids["seksi"], 2, name="Staf Seksi", supervisor_id=boss.id)
    assert (staff.supervisor_id, staff.supervisor_name) == (boss.id, "Kepala Dinas")
    assert emp.subordinate_count(boss.id) == 1


def test_full_name():
    assert emp.full_name("Dr.", "Budi Santoso", "S.Kom., M.T.") == "Dr. Budi Santoso, S.Kom., M.T."
    assert emp.full_name("", "Budi", "") == "Budi"
    assert emp.full_name(" ", " Budi ", " S.E. ") == "Budi, S.E."
    assert emp.full_name("Ir.", "Budi", "") == "Ir. Budi"


def test_golongan_choices():
    assert emp.golongan_choices("PNS")[0] == ("I/a", "I/a — Juru Muda")
    assert emp.golongan_choices("PNS")[-1] == ("IV/e", "IV/e — Pembina Utama")
    assert len(emp.golongan_choices("PPPK")) == 17
    assert emp.golongan_choices("PPPK")[8] == ("IX", "Golongan IX")


# ------------------------------------------------------------------------------------ create refusals
REFUSALS = [
    ("bad NIP", dict(nip="19860926201505100"), "nip", "NIP harus 18 digit; yang diisi 17 digit."),
    ("bad NIP date", dict(nip="198602302015051001"), "nip",
     "Tanggal lahir dalam NIP (digit 1–8: 1986-02-30) bukan tanggal yang ada."),
    ("empty NIP", dict(nip="  "), "nip", "NIP wajib diisi."),
    ("PPPK NIP as PNS", dict(nip="200012312024211001", status="PNS", golongan="III/a"), "nip",
     "NIP ini berformat NI PPPK (digit ke-13 adalah 2), tetapi status pegawai PNS."),
    ("PNS NIP as PPPK", dict(status="PPPK", golongan="IX"), "nip",
     "NIP ini berformat NIP PNS, tetapi status pegawai PPPK (NI PPPK memiliki angka 2 pada digit ke-13)."),
    ("birth date", dict(birth_date=D(1986, 9, 27)), "birth_date",
     "Tanggal lahir 27/09/1986 tidak sama dengan tanggal lahir dalam NIP (26/09/1986)."),
    ("no birth date", dict(birth_date=None), "birth_date", "Tanggal lahir wajib diisi."),
    ("gender", dict(gender="P"), "gender", "Jenis kelamin tidak sama dengan digit ke-15 NIP (Laki-laki)."),
    ("no gender", dict(gender=""), "gender", "Pilih jenis kelamin."),
    ("empty name", dict(name="   "), "name", "Nama pegawai wajib diisi."),
    ("digits in name", dict(name="Budi Santoso 2"), "name",
     "Nama pegawai tidak boleh berisi angka; gelar diisi di kolom gelar."),
    ("unknown golongan", dict(golongan="V/a"), "golongan",
     "Golongan PNS 'V/a' tidak dikenal (contoh yang benar: III/a)."),
    ("PPPK golongan for PNS", dict(golongan="IX"), "golongan",
     "Golongan PNS 'IX' tidak dikenal (contoh yang benar: III/a)."),
    ("empty golongan", dict(golongan=" "), "golongan", "Pilih golongan."),
    ("unknown status", dict(status="Honorer"), "status", "Status kepegawaian harus PNS atau PPPK."),
    ("empty position", dict(position_title="  "), "position_title", "Nama jabatan wajib diisi."),
    ("jenjang not of kind", dict(position_kind="pelaksana", jenjang="Ahli Muda"), "jenjang",
     "Jenjang 'Ahli Muda' tidak berlaku untuk jabatan pelaksana; pilih salah satu: Pelaksana."),
    ("struktural jenjang for fungsional", dict(jenjang="Pengawas"), "jenjang",
     "Jenjang 'Pengawas' tidak berlaku untuk jabatan fungsional; pilih salah satu: Pemula, Terampil, Mahir, "
     "Penyelia, Ahli Pertama, Ahli Muda, Ahli Madya, Ahli Utama."),
    ("unknown position kind", dict(position_kind="honorer"), "position_kind",
     "Jenis jabatan 'honorer' tidak dikenal."),
    ("unknown education", dict(education="S4"), "education", "Pendidikan 'S4' tidak dikenal."),
    ("no unit", dict(unit_id=None), "unit", "Pilih unit kerja."),
    ("missing unit", dict(unit_id=9999), "unit", "Unit kerja tidak ditemukan."),
    ("missing supervisor", dict(supervisor_id=9999), "supervisor", "Pejabat penilai tidak ditemukan."),
]


@pytest.mark.parametrize(("over", "field", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_create_refusals_write_nothing(ids, over, field, message):
    employee(ids["dinkes"], 500, name="Pegawai Lain")  # something already in the tables
    over = dict(over)
    data = emp_input(over.pop("unit_id", ids["seksi"]), **over)
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.create_employee(data)
    assert exc.value.errors == {field: message}
    assert str(exc.value) == message
    assert exc.value.field == field
    # validate_employee says the same without raising
    _clean, errors = emp.validate_employee(data)
    assert errors == {field: message}


def test_duplicate_nip_refused(ids):
    employee(ids["dinkes"], 1, name="Siti Aminah", front_title="dr.")
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.create_employee(emp_input(ids["seksi"], nip="19860926.201505.1.001", name="Orang Lain"))
    assert exc.value.errors == {
        "nip": "NIP 19860926 201505 1 001 sudah dipakai pegawai lain: dr. Siti Aminah"
    }


def test_inactive_unit_refused(ids):
    units.deactivate_unit(ids["kelurahan"])
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.create_employee(emp_input(ids["kelurahan"]))
    assert exc.value.errors == {"unit": "Unit Kelurahan Mawar sudah tidak aktif."}


def test_inactive_supervisor_refused_on_create(ids):
    boss = employee(ids["dinkes"], 1, name="Kepala Lama")
    emp.deactivate_employee(boss.id, "Pensiun")
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.create_employee(emp_input(ids["seksi"], nip=pns_nip(2), supervisor_id=boss.id))
    assert exc.value.errors == {
        "supervisor": "Kepala Lama sudah tidak aktif dan tidak dapat menjadi pejabat penilai."
    }


def test_several_errors_reported_together(ids):
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.create_employee(emp_input(None, name="", golongan="X/z", position_title=""))
    assert set(exc.value.errors) == {"name", "golongan", "position_title", "unit"}
    assert str(exc.value).startswith("Data belum benar:\n")


def test_validate_employee_returns_clean_input(ids):
    clean, errors = emp.validate_employee(
        emp_input(ids["seksi"], nip="19860926 201505 1 001", name=" budi  santoso ", golongan="iii-c",
                  position_title="  Analis   Data ")
    )
    assert errors == {}
    assert (clean.nip, clean.name, clean.golongan, clean.position_title) == (
        "198609262015051001",
        "budi santoso",
        "III/c",
        "Analis Data",
    )
    assert sql("SELECT count(*) FROM employee") == [(0,)]


# ------------------------------------------------------------------------------------- nip helpers
def test_nip_problem():
    assert emp.nip_problem("198609262015051001") is None
    assert emp.nip_problem("198609262015051001", "PNS") is None
    assert emp.nip_problem("200012312024211001", "PPPK") is None
    assert emp.nip_problem("200012312024211001", "PNS") == (
        "NIP ini berformat NI PPPK (digit ke-13 adalah 2), tetapi status pegawai PNS."
    )
    assert emp.nip_problem("198609262015051001", "PPPK").startswith("NIP ini berformat NIP PNS")
    assert emp.nip_problem("1986", "PNS") == "NIP harus 18 digit; yang diisi 4 digit."
    assert emp.nip_problem("") == "NIP wajib diisi."


def test_nip_facts():
    facts = emp.nip_facts("19900115 201912 2 137")
    assert facts == emp.NipFacts(D(1990, 1, 15), "P", "PNS", "19900115 201912 2 137")
    pppk = emp.nip_facts("200012312024211001")
    assert (pppk.birth_date, pppk.gender, pppk.status) == (D(2000, 12, 31), "L", "PPPK")
    assert emp.nip_facts("19900115201912") is None
    assert emp.nip_facts("199013152019122137") is None


# ---------------------------------------------------------------------------------------------- update
def test_update_without_position_change_keeps_history(ids):
    row = employee(ids["seksi"], 1)
    data = emp.get_employee(row.id).data
    updated = emp.update_employee(row.id, dataclasses.replace(data, name="Budi Santosa", golongan="III/b"))
    assert (updated.name, updated.golongan) == ("Budi Santosa", "III/b")
    assert len(emp.get_employee(row.id).history) == 1
    assert audit_actions("employee")[-1] == ("update", "employee", row.id)
    detail = json.loads(sql("SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1")[0][0])
    assert detail["position_changed"] is False


def test_update_position_closes_history_and_opens_a_new_entry(ids):
    row = emp.create_employee(emp_input(ids["seksi"]), start_date=D(2020, 1, 2))
    data = emp.get_employee(row.id).data
    new = dataclasses.replace(data, position_title="Kepala Seksi Surveilans", position_kind="struktural", jenjang="Pengawas")
    emp.update_employee(row.id, new, change_date=D(2024, 3, 1))
    history = emp.get_employee(row.id).history
    assert [(h.position_title, h.jenjang, h.start_date, h.end_date, h.note) for h in history] == [
        ("Kepala Seksi Surveilans", "Pengawas", D(2024, 3, 1), None, "Perubahan jabatan/unit"),
        ("Analis Kepegawaian", "Ahli Pertama", D(2020, 1, 2), D(2024, 3, 1), "Data awal"),
    ]
    detail = json.loads(sql("SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1")[0][0])
    assert detail["position_changed"] is True


def test_update_unit_is_a_position_change(ids):
    row = emp.create_employee(emp_input(ids["seksi"]), start_date=D(2020, 1, 2))
    data = emp.get_employee(row.id).data
    emp.update_employee(row.id, dataclasses.replace(data, unit_id=ids["sekretariat"]), change_date=D(2024, 5, 6))
    detail = emp.get_employee(row.id)
    assert detail.unit_name == "Sekretariat Dinas Kesehatan"
    assert [(h.unit_name, h.end_date) for h in detail.history] == [
        ("Sekretariat Dinas Kesehatan", None),
        ("Seksi Surveilans", D(2024, 5, 6)),
    ]


def test_update_keeps_own_nip_but_refuses_anothers(ids):
    a = employee(ids["seksi"], 1, name="Budi Santoso")
    b = employee(ids["seksi"], 2, name="Ani Lestari")
    data = emp.get_employee(a.id).data
    assert emp.update_employee(a.id, data).nip == a.nip
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.update_employee(a.id, dataclasses.replace(data, nip=b.nip))
    assert exc.value.errors == {"nip": f"NIP {b.nip_display} sudah dipakai pegawai lain: Ani Lestari"}


def test_update_refusals_write_nothing(ids):
    a = employee(ids["seksi"], 1)
    data = emp.get_employee(a.id).data
    for over, field in [
        (dict(name=""), "name"),
        (dict(birth_date=D(1986, 9, 25)), "birth_date"),
        (dict(supervisor_id=a.id), "supervisor"),
        (dict(jenjang="Pelaksana"), "jenjang"),
    ]:
        with unchanged(), pytest.raises(ValidationError) as exc:
            emp.update_employee(a.id, dataclasses.replace(data, **over))
        assert set(exc.value.errors) == {field}
    with unchanged(), pytest.raises(DomainError, match="Pegawai tidak ditemukan"):
        emp.update_employee(9999, data)


def test_update_of_an_inactive_employee_opens_no_history(ids):
    row = emp.create_employee(emp_input(ids["seksi"]), start_date=D(2020, 1, 2))
    emp.deactivate_employee(row.id, "Pensiun", when=D(2024, 1, 31))
    data = emp.get_employee(row.id).data
    emp.update_employee(row.id, dataclasses.replace(data, position_title="Analis SDM Aparatur"), change_date=D(2024, 6, 1))
    detail = emp.get_employee(row.id)
    assert detail.data.position_title == "Analis SDM Aparatur"
    assert [(h.end_date is None) for h in detail.history] == [False]  # nothing open while inactive
    emp.reactivate_employee(row.id, when=D(2024, 7, 1))
    open_entries = [h for h in emp.get_employee(row.id).history if h.end_date is None]
    assert [(h.position_title, h.start_date) for h in open_entries] == [("Analis SDM Aparatur", D(2024, 7, 1))]


# ------------------------------------------------------------------------------------------------ move
def test_move_employee(ids):
    row = emp.create_employee(emp_input(ids["seksi"]), start_date=D(2020, 1, 2))
    moved = emp.move_employee(row.id, ids["kelurahan"], when=D(2024, 2, 1))
    assert (moved.unit_id, moved.unit_name) == (ids["kelurahan"], "Kelurahan Mawar")
    assert moved.position_title == "Analis Kepegawaian"
    history = emp.get_employee(row.id).history
    assert [(h.unit_name, h.start_date, h.end_date, h.note) for h in history] == [
        ("Kelurahan Mawar", D(2024, 2, 1), None, "Mutasi ke Kelurahan Mawar"),
        ("Seksi Surveilans", D(2020, 1, 2), D(2024, 2, 1), "Data awal"),
    ]
    assert audit_actions("employee")[-1] == ("move", "employee", row.id)


def test_move_refusals(ids):
    row = employee(ids["seksi"], 1)
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.move_employee(row.id, ids["seksi"])
    assert exc.value.errors == {"unit": "Pegawai sudah berada di Seksi Surveilans."}
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.move_employee(row.id, 9999)
    assert exc.value.errors == {"unit": "Unit tujuan tidak ditemukan atau sudah tidak aktif."}
    units.deactivate_unit(ids["kelurahan"])
    with unchanged(), pytest.raises(ValidationError):
        emp.move_employee(row.id, ids["kelurahan"])
    emp.deactivate_employee(row.id, "Pindah instansi")
    with unchanged(), pytest.raises(DomainError) as exc:
        emp.move_employee(row.id, ids["sekretariat"])
    assert str(exc.value) == "Pegawai nonaktif tidak dapat dipindahkan; aktifkan kembali lebih dahulu."
    with unchanged(), pytest.raises(DomainError, match="Pegawai tidak ditemukan"):
        emp.move_employee(9999, ids["sekretariat"])


# ------------------------------------------------------------------------------------------ supervisor
@pytest.fixture
def chain(ids):
    """A -> B -> C: A's pejabat penilai is B, B's is C."""
    a = employee(ids["seksi"], 1, name="Andi Staf")
    b = employee(ids["bidang"], 2, name="Beni Kepala Seksi")
    c = employee(ids["dinkes"], 3, name="Citra Kepala Bidang")
    emp.set_supervisor(a.id, b.id)
    emp.set_supervisor(b.id, c.id)
    return a.id, b.id, c.id


def test_set_supervisor(chain):
    a, b, c = chain
    row = emp.set_supervisor(a, c)
    assert (row.supervisor_id, row.supervisor_name) == (c, "Citra Kepala Bidang")
    assert sql("SELECT supervisor_id FROM employee WHERE id = ?", a) == [(c,)]
    assert audit_actions("employee")[-1] == ("set_supervisor", "employee", a)


def test_not_ones_own_supervisor(chain):
    a, _b, _c = chain
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.set_supervisor(a, a)
    assert exc.value.errors == {"supervisor": "Pegawai tidak dapat menjadi pejabat penilai bagi dirinya sendiri."}


@pytest.mark.parametrize(("who", "boss"), [(2, 0), (2, 1), (1, 0)])
def test_no_cycles(chain, who, boss):
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.set_supervisor(chain[who], chain[boss])
    message = exc.value.errors["supervisor"]
    assert "adalah bawahan (langsung atau tidak langsung) pegawai ini" in message
    assert "tidak boleh berputar" in message


def test_inactive_supervisor_refused(chain, ids):
    a, b, c = chain
    d = employee(ids["dinkes"], 4, name="Dedi Pensiunan")
    emp.deactivate_employee(d.id, "Pensiun")
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.set_supervisor(a, d.id)
    assert exc.value.errors == {"supervisor": "Dedi Pensiunan sudah tidak aktif dan tidak dapat menjadi pejabat penilai."}
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.set_supervisor(a, 9999)
    assert exc.value.errors == {"supervisor": "Pejabat penilai tidak ditemukan."}


def test_clear_supervisor(chain):
    a, _b, _c = chain
    row = emp.set_supervisor(a, None)
    assert (row.supervisor_id, row.supervisor_name) == (None, "")
    assert sql("SELECT supervisor_id FROM employee WHERE id = ?", a) == [(None,)]


def test_supervisor_choices(chain, ids):
    a, b, c = chain
    other = employee(ids["kecamatan"], 5, name="Eko Camat")
    gone = employee(ids["kecamatan"], 6, name="Fajar Nonaktif")
    emp.deactivate_employee(gone.id, "Meninggal dunia")
    ids_for = lambda eid: {r.id for r in emp.supervisor_choices(eid)}  # noqa: E731
    assert ids_for(c) == {other.id}  # not C, not B and A below C, not the inactive one
    assert ids_for(b) == {c, other.id}
    assert ids_for(a) == {b, c, other.id}
    assert {r.id for r in emp.supervisor_choices()} == {a, b, c, other.id}


def test_subordinate_count(chain):
    a, b, c = chain
    assert (emp.subordinate_count(a), emp.subordinate_count(b), emp.subordinate_count(c)) == (0, 1, 1)


# ------------------------------------------------------------------------------------ deactivate/reactivate
def test_deactivate_requires_a_reason(ids):
    row = employee(ids["seksi"], 1)
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.deactivate_employee(row.id, "   ")
    assert exc.value.errors == {"reason": "Alasan penonaktifan wajib diisi."}


def test_deactivate_keeps_the_row_and_closes_history(ids):
    row = emp.create_employee(emp_input(ids["seksi"]), start_date=D(2015, 5, 1))
    out = emp.deactivate_employee(row.id, "  Pensiun   BUP ", when=D(2024, 10, 1))
    assert out.active is False
    assert sql("SELECT active, inactive_reason, inactive_date FROM employee WHERE id = ?", row.id) == [
        (0, "Pensiun BUP", "2024-10-01")
    ]
    detail = emp.get_employee(row.id)
    assert (detail.active, detail.inactive_reason, detail.inactive_date) == (False, "Pensiun BUP", D(2024, 10, 1))
    assert [(h.start_date, h.end_date) for h in detail.history] == [(D(2015, 5, 1), D(2024, 10, 1))]
    assert audit_actions("employee")[-1] == ("deactivate", "employee", row.id)
    with unchanged(), pytest.raises(DomainError) as exc:
        emp.deactivate_employee(row.id, "Lagi")
    assert str(exc.value) == "Budi Santoso sudah nonaktif."


def test_reactivate(ids):
    row = emp.create_employee(emp_input(ids["seksi"]), start_date=D(2015, 5, 1))
    with unchanged(), pytest.raises(DomainError) as exc:
        emp.reactivate_employee(row.id)
    assert str(exc.value) == "Budi Santoso masih aktif."
    emp.deactivate_employee(row.id, "Cuti di luar tanggungan negara", when=D(2023, 1, 1))
    back = emp.reactivate_employee(row.id, when=D(2024, 1, 1))
    assert back.active is True
    assert sql("SELECT active, inactive_reason, inactive_date FROM employee") == [(1, "", None)]
    history = emp.get_employee(row.id).history
    assert [(h.start_date, h.end_date, h.note) for h in history] == [
        (D(2024, 1, 1), None, "Diaktifkan kembali"),
        (D(2015, 5, 1), D(2023, 1, 1), "Data awal"),
    ]
    assert [a[0] for a in audit_actions("employee")] == ["create", "deactivate", "reactivate"]


def test_reactivate_refused_in_an_inactive_unit(ids):
    row = employee(ids["kelurahan"], 1)
    emp.deactivate_employee(row.id, "Pensiun")
    units.deactivate_unit(ids["kelurahan"])
    with unchanged(), pytest.raises(DomainError) as exc:
        emp.reactivate_employee(row.id)
    assert str(exc.value).startswith("Unit Kelurahan Mawar sudah tidak aktif")


# ------------------------------------------------------------------------------------- lists and search
@pytest.fixture
def people(ids):
    budi = employee(ids["seksi"], 1, name="Budi Santoso", position_title="Epidemiolog Kesehatan")
    ani = employee(ids["sekretariat"], 2, name="Ani Lestari", position_title="Analis Keuangan", gender="P",
                   nip=pns_nip(2, gender="P"))
    camat = employee(ids["kecamatan"], 3, name="Cahyo Nugroho", position_title="Camat",
                     position_kind="struktural", jenjang="Administrator")
    rina = emp.create_employee(emp_input(ids["kelurahan"], nip=pppk_nip(4), name="Rina Wulandari",
                                         position_title="Pengadministrasi Umum", position_kind="pelaksana",
                                         jenjang="Pelaksana"))
    gone = employee(ids["seksi"], 5, name="Dodi Pensiun", position_title="Sanitarian")
    emp.deactivate_employee(gone.id, "Pensiun")
    return {"budi": budi.id, "ani": ani.id, "camat": camat.id, "rina": rina.id, "gone": gone.id}


def names(rows):
    return [r.sort_name for r in rows]


def test_list_employees(people):
    assert names(emp.list_employees()) == [
        "ani lestari",
        "budi santoso",
        "cahyo nugroho",
        "dodi pensiun",
        "rina wulandari",
    ]
    assert names(emp.list_employees(include_inactive=False)) == [
        "ani lestari",
        "budi santoso",
        "cahyo nugroho",
        "rina wulandari",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("budi", ["budi santoso"]),
        ("SANTOSO", ["budi santoso"]),
        ("198609262015052002", ["ani lestari"]),
        ("19860926 201505 2 002", ["ani lestari"]),
        ("20001231", ["rina wulandari"]),
        ("epidemiolog", ["budi santoso"]),
        ("camat", ["cahyo nugroho"]),
        ("kecamatan", ["cahyo nugroho"]),
        ("dinas kesehatan", ["ani lestari"]),  # "Sekretariat Dinas Kesehatan"
        ("surveilans", ["budi santoso"]),
        ("analis sekretariat", ["ani lestari"]),
        ("budi kelurahan", []),
        ("", ["ani lestari", "budi santoso", "cahyo nugroho", "rina wulandari"]),
        ("sanitarian", []),  # inactive
        ("tidak-ada-siapa", []),
    ],
)
def test_search(people, query, expected):
    assert names(emp.search_employees(query)) == expected


def test_search_in_a_unit_subtree(people, ids):
    assert names(emp.search_employees("", unit_id=ids["dinkes"])) == ["ani lestari", "budi santoso"]
    assert names(emp.search_employees("", unit_id=ids["bidang"])) == ["budi santoso"]
    assert names(emp.search_employees("", unit_id=ids["kecamatan"])) == ["cahyo nugroho", "rina wulandari"]
    assert names(emp.search_employees("rina", unit_id=ids["dinkes"])) == []
    assert names(emp.search_employees("", unit_id=ids["pemda"])) == [
        "ani lestari",
        "budi santoso",
        "cahyo nugroho",
        "rina wulandari",
    ]


def test_search_including_inactive(people):
    assert names(emp.search_employees("sanitarian", include_inactive=True)) == ["dodi pensiun"]
    assert names(emp.search_employees("seksi", include_inactive=True)) == ["budi santoso", "dodi pensiun"]


def test_search_text(people):
    row = next(r for r in emp.list_employees() if r.id == people["budi"])
    text = emp.search_text(row)
    assert "198609262015051001" in text and "19860926 201505 1 001" in text
    assert "budi santoso" in text and "epidemiolog kesehatan" in text and "seksi surveilans" in text


def test_get_employee(people):
    detail = emp.get_employee(people["rina"])
    assert detail.data.nip == "200012312024211004"
    assert detail.data.status == "PPPK"
    assert detail.unit_name == "Kelurahan Mawar"
    assert detail.active is True
    assert [h.note for h in detail.history] == ["Data awal"]
    with pytest.raises(DomainError, match="Pegawai tidak ditemukan"):
        emp.get_employee(9999)


def test_golongan_rank_sorts_pns_above_pppk(people):
    rows = {r.sort_name: r for r in emp.list_employees()}
    assert rows["budi santoso"].golongan_rank > rows["rina wulandari"].golongan_rank


def test_every_write_is_audited(people):
    counts = dict(sql("SELECT action, count(*) FROM audit_log WHERE entity = 'employee' GROUP BY action"))
    assert counts == {"create": 5, "deactivate": 1}
    for eid in people.values():
        assert sql("SELECT count(*) FROM audit_log WHERE entity = 'employee' AND entity_id = ?", eid)[0][0] >= 1


def test_nip_typing_problem():
    assert emp.nip_typing_problem("") is None
    assert emp.nip_typing_problem("1986043") is None
    assert emp.nip_typing_problem("198613") == "Tanggal lahir dalam NIP (digit 1–8: 1986-13-01) bukan tanggal yang ada."
    # the status is only compared once the NIP is complete
    assert emp.nip_typing_problem("2000123120242", "PNS") is None
    assert emp.nip_typing_problem("200012312024211001", "PNS") == (
        "NIP ini berformat NI PPPK (digit ke-13 adalah 2), tetapi status pegawai PNS."
    )
    assert emp.nip_typing_problem("20001231 202421 1 001", "PPPK") is None


def test_an_edit_from_a_stale_window_is_refused_not_merged(db):
    """Window 2 opened the record before window 1 saved a change: window 2's save must not undo it."""
    ids = office()
    e = employee(ids["seksi"], 1)
    as_loaded_in_window_2 = emp.get_employee(e.id).data
    changed = dataclasses.replace(as_loaded_in_window_2, position_title="Analis Kebijakan")
    emp.update_employee(e.id, changed, expected=as_loaded_in_window_2)  # window 1 saves first
    stale_edit = dataclasses.replace(as_loaded_in_window_2, name="Budi Santosa")
    with unchanged(), pytest.raises(DomainError, match="sudah diubah di jendela atau komputer lain"):
        emp.update_employee(e.id, stale_edit, expected=as_loaded_in_window_2)
    assert emp.get_employee(e.id).data.position_title == "Analis Kebijakan"
    # loaded again, the same edit goes through
    fresh = emp.get_employee(e.id).data
    emp.update_employee(e.id, dataclasses.replace(fresh, name="Budi Santosa"), expected=fresh)
    assert emp.get_employee(e.id).data.name == "Budi Santosa"


def test_deactivation_date_neither_in_the_future_nor_before_the_current_position(db):
    ids = office()
    e = employee(ids["seksi"], 1)
    start = emp.get_employee(e.id).history[0].start_date
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.deactivate_employee(e.id, "Pensiun", dt.date.today() + dt.timedelta(days=1))
    assert "masa depan" in exc.value.errors["date"]
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.deactivate_employee(e.id, "Pensiun", start - dt.timedelta(days=1))
    assert f"({start:%d/%m/%Y})" in exc.value.errors["date"]
    emp.deactivate_employee(e.id, "Pensiun", start)
    assert emp.get_employee(e.id).history[0].end_date == start


def test_position_kind_must_be_chosen(db):
    ids = office()
    with unchanged(), pytest.raises(ValidationError) as exc:
        emp.create_employee(emp_input(ids["seksi"], position_kind="", jenjang=""))
    assert exc.value.errors == {"position_kind": "Pilih jenis jabatan (struktural, fungsional, atau pelaksana)."}


def test_search_finds_people_by_their_pejabat_penilai(db):
    ids = office()
    boss = employee(ids["seksi"], 1, name="Hartono")
    employee(ids["seksi"], 2, name="Ani Lestari", supervisor_id=boss.id)
    assert [r.name for r in emp.search_employees("hartono")] == ["Ani Lestari", "Hartono"]
