"""The command line, in-process: ``check`` and ``demo`` exit codes and reports, usage errors. (The GUI
start and ``--screenshot`` are tested in tests/gui.)"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from pathlib import Path

import pytest

from asn_desktop import cli
from asn_desktop.services import database, location
from asn_desktop.store import migrations

from .helpers import damage, employee, fill, office, sql


@pytest.fixture(autouse=True)
def isolated(monkeypatch):
    """main() opens databases (binding the global proxy) and may configure logging: undo both."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    monkeypatch.delenv(location.ENV_DB, raising=False)
    yield
    database.close_database()
    for h in root.handlers[:]:
        if h not in handlers:
            root.removeHandler(h)
    root.setLevel(level)


def make_db(path: Path, bad: bool = False) -> Path:
    database.open_database(path)
    ids = office()
    employee(ids["seksi"], 1, name="Budi Santoso")
    employee(ids["kelurahan"], 2, name="Ani Lestari")
    if bad:
        sql("UPDATE employee SET nip = '198609262015131001' WHERE name = 'Budi Santoso'")
    database.close_database()
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_clean_database(tmp_path, capsys):
    path = make_db(tmp_path / "kantor.db")
    assert cli.main(["check", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "Pemeriksaan basis data ASN Desktop" in out
    assert "Pegawai: 2" in out
    assert "Tidak ada masalah ditemukan." in out
    assert out.rstrip().splitlines()[-1] == "Hasil: 0 galat, 0 peringatan."
    assert err == ""


def test_check_database_with_invalid_data(tmp_path, capsys):
    path = make_db(tmp_path / "kantor.db", bad=True)
    assert cli.main(["check", "--db", str(path), "-v"]) == 1
    out, _err = capsys.readouterr()
    assert (
        "[GALAT] Pegawai 19860926 201513 1 001 Budi Santoso: NIP tidak valid: "
        "Bulan TMT CPNS dalam NIP (digit 13–14: 13) harus 01–12."
    ) in out.splitlines()
    assert out.rstrip().splitlines()[-1] == "Hasil: 1 galat, 0 peringatan."


def test_check_warnings_only_exits_0(tmp_path, capsys):
    path = tmp_path / "kantor.db"
    database.open_database(path)
    ids = office()
    boss = employee(ids["dinkes"], 1, name="Kepala")
    employee(ids["seksi"], 2, name="Staf", supervisor_id=boss.id)
    sql("UPDATE employee SET active = 0 WHERE id = ?", boss.id)
    database.close_database()
    assert cli.main(["check", "--db", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "[PERINGATAN]" in out and "Hasil: 0 galat, 1 peringatan." in out


def test_check_missing_file(tmp_path, capsys):
    path = tmp_path / "tidak-ada.db"
    assert cli.main(["check", "--db", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Ditolak: ")
    assert "tidak ada" in err
    assert not path.exists()  # check never creates a database


@pytest.mark.parametrize(
    "content",
    [b"ini bukan basis data, hanya teks biasa\n" * 40, bytes(range(256)) * 64],
    ids=["text", "binary"],
)
def test_check_not_a_database(tmp_path, capsys, content):
    path = tmp_path / "bukan.db"
    path.write_bytes(content)
    assert cli.main(["check", "--db", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Ditolak: Berkas {path} bukan basis data ASN Desktop, atau berkasnya rusak")
    assert "Berkas tidak diubah." in err
    assert "Traceback" not in err
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bukan.db"]


def test_check_newer_database(tmp_path, capsys):
    path = make_db(tmp_path / "kantor.db")
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1:d}")
    conn.close()
    digest = sha256(path)
    assert cli.main(["check", "--db", str(path)]) == 1
    _out, err = capsys.readouterr()
    assert err.startswith("Ditolak: ") and "lebih baru" in err
    assert sha256(path) == digest


def test_check_a_folder(tmp_path, capsys):
    assert cli.main(["check", "--db", str(tmp_path)]) == 1
    _out, err = capsys.readouterr()
    assert err.startswith("Ditolak: ") and "folder" in err


def test_check_damaged_database(tmp_path, capsys):
    path = tmp_path / "rusak.db"
    database.open_database(path)
    office()
    fill()
    database.close_database()
    damage(path)
    assert cli.main(["check", "--db", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "[GALAT] Integritas SQLite: berkas rusak, data tidak dapat dibaca" in out
    assert out.rstrip().splitlines()[-1] == "Hasil: 1 galat, 0 peringatan."


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],  # --db is required
        ["check", "--db"],
        ["check", "--db", "x.db", "--tidak-ada"],
        ["check", "x.db"],
        ["--page", "nonexistent"],
        ["--tidak-ada"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    _out, err = capsys.readouterr()
    assert "usage: asn-desktop" in err


def test_help_exits_0(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--help"])
    assert exc.value.code == 0
    assert "--db" in capsys.readouterr().out


def test_demo_builds_an_office_that_passes_check(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert cli.main(["demo", "--db", str(path), "--employees", "120", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "Kantor contoh dibuat" in out and "120 pegawai" in out and "benih 7" in out
    database.close_database()
    assert cli.main(["check", "--db", str(path)]) == 0
    assert "Hasil: 0 galat" in capsys.readouterr().out


def test_demo_refuses_a_database_that_already_has_data(tmp_path, capsys):
    path = make_db(tmp_path / "kantor.db")
    database.close_database()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert cli.main(["demo", "--db", str(path), "--employees", "50"]) == 1
    assert "sudah berisi data" in capsys.readouterr().err
    database.close_database()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("count", ["0", "-5", "100001"])
def test_demo_with_an_impossible_size_is_a_usage_error(tmp_path, count, capsys):
    assert cli.main(["demo", "--db", str(tmp_path / "d.db"), "--employees", count]) == 2
    assert "--employees" in capsys.readouterr().err
    assert not (tmp_path / "d.db").exists()


def test_demo_size_that_is_not_a_number_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["demo", "--db", str(tmp_path / "d.db"), "--employees", "banyak"])
    assert exit_.value.code == 2


def test_demo_on_an_older_file_with_data_neither_upgrades_nor_backs_it_up(tmp_path, capsys):
    import sqlite3

    from asn_desktop.store import migrations
    from asn_desktop.store.db import APPLICATION_ID

    path = tmp_path / "lama.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(conn, target=2)
    conn.execute("INSERT INTO org_unit (id, code, name, kind) VALUES (1, 'PEMDA', 'Pemerintah Kabupaten', 'pemda')")
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert cli.main(["demo", "--db", str(path), "--employees", "50"]) == 1
    assert "sudah berisi data" in capsys.readouterr().err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lama.db"]  # no backup copy, no upgrade


def _pegawai_file(path: Path, *rows) -> Path:
    from openpyxl import Workbook

    from .helpers import pns_nip

    wb = Workbook()
    ws = wb.active
    ws.append(["NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "Unit Kerja"])
    ws.append([pns_nip(31), "Rudi Hartono", "III/a", "Analis", "Pelaksana", "DINKES"])
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def _count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM employee").fetchone()[0]


def test_import_pegawai_all_or_nothing_then_valid_only(tmp_path, capsys):
    db = make_db(tmp_path / "k.db")
    database.close_database()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    src = _pegawai_file(tmp_path / "pegawai.xlsx", ["1234", "Salah", "III/a", "Analis", "Pelaksana", "DINKES"],
                        ["198001012005011001", "Dinas Baru", "III/b", "Analis", "Pelaksana", "Dinas Pariwisata"])
    assert cli.main(["import", "pegawai", "--db", str(db), str(src)]) == 1
    err = capsys.readouterr().err
    assert "Ditolak: pegawai.xlsx — 2 dari 3 baris bermasalah; tidak ada yang diimpor:" in err
    assert "pegawai.xlsx, lembar Sheet, baris 3, kolom 'NIP': NIP / NI PPPK: NIP harus 18 digit" in err
    assert "baris 4, kolom 'Unit Kerja'" in err
    database.close_database()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before  # refused: the file untouched
    refused = tmp_path / "ditolak.xlsx"
    assert cli.main(["import", "pegawai", "--db", str(db), str(src), "--valid-only", "--create-units",
                     "--refused", str(refused)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (f"pegawai.xlsx: 2 pegawai diimpor; unit baru: Dinas Pariwisata; 1 baris ditolak (lihat "
                           f"{refused}).")
    database.close_database()
    assert _count(db) == 4 and refused.exists()


def test_import_pegawai_refuses_a_file_that_is_not_a_workbook(tmp_path, capsys):
    db = make_db(tmp_path / "k.db")
    database.close_database()
    src = tmp_path / "pegawai.xlsx"
    src.write_text("NIP;Nama")
    assert cli.main(["import", "pegawai", "--db", str(db), str(src)]) == 1
    assert capsys.readouterr().err.startswith("Ditolak: pegawai.xlsx: bukan buku kerja Excel")
    with pytest.raises(SystemExit) as usage:
        cli.main(["import", "unit", "--db", str(db), str(src)])
    assert usage.value.code == 2


def test_export_rekap_and_training_list(tmp_path, capsys):
    db = make_db(tmp_path / "k.db")
    database.close_database()
    out = tmp_path / "rekap.xlsx"
    assert cli.main(["export", "rekap", "--db", str(db), "--year", "2026", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"Rekap 2026: 2 unit ditulis ke {out}."
    out2 = tmp_path / "pelatihan.xlsx"
    assert cli.main(["export", "pelatihan", "--db", str(db), "--year", "2026", "--unit", "dinkes",
                     "--out", str(out2)]) == 0
    assert "0 keikutsertaan dan JP 1 pegawai" in capsys.readouterr().out and out2.exists()
    assert cli.main(["export", "rekap", "--db", str(db), "--year", "2026", "--unit", "XYZ", "--out", str(out)]) == 1
    assert "Unit dengan kode XYZ tidak ada." in capsys.readouterr().err
    assert cli.main(["export", "rekap", "--db", str(db), "--year", "1990", "--out", str(out)]) == 2


def test_export_paket(tmp_path, capsys):
    db = make_db(tmp_path / "k.db")
    database.close_database()
    out = tmp_path / "paket.xlsx"
    assert cli.main(["export", "paket", "--db", str(db), "--year", "2026", "--out", str(out)]) == 0
    assert "Pegawai 2" in capsys.readouterr().out and out.exists()


def test_import_paket_from_two_offices(tmp_path, capsys):
    db = make_db(tmp_path / "k.db")
    database.close_database()
    out = tmp_path / "paket.xlsx"
    assert cli.main(["export", "paket", "--db", str(db), "--year", "2026", "--out", str(out)]) == 0
    province = tmp_path / "provinsi.db"
    database.open_database(province)
    database.close_database()
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("x")
    capsys.readouterr()
    assert cli.main(["import", "paket", "--db", str(province), str(out), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "2 pegawai diimpor." in captured.out and "Ditolak: bukan.xlsx: ditolak" in captured.err
    assert cli.main(["import", "paket", "--db", str(province), str(out)]) == 0
    assert "tidak ada yang berubah" in capsys.readouterr().out
    again = tmp_path / "ke-atas.xlsx"
    assert cli.main(["export", "paket", "--db", str(province), "--year", "2026", "--received", "--out", str(again)]) == 0
    assert "Pegawai 2" in capsys.readouterr().out and again.exists()
