"""services.consequences: rewards and disciplinary sanctions recorded from their decrees; a sanction is
cancelled, never deleted; which sanctions touch a month. Refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.services import consequences as cs
from asn_desktop.services.consequences import RewardInput, SanctionInput

from .helpers import audit_actions, unchanged

TODAY = dt.date.today()


def test_a_reward_is_recorded_and_an_incentive_needs_its_amount(org):
    r = cs.record_reward(RewardInput(org.staf, "inovasi", "Juara 1 Inovasi Pelayanan Publik", dt.date(2025, 8, 17),
                                     "800/123/BKPSDM/2025", "Bupati"))
    assert (r.name, r.kind_label, r.decree_number) == ("Rina Wulandari", "Penghargaan inovasi", "800/123/BKPSDM/2025")
    with unchanged(), pytest.raises(ValidationError) as err:
        cs.record_reward(RewardInput(org.staf, "insentif", "Insentif kinerja", dt.date(2025, 12, 1)))
    assert err.value.errors == {"amount": "Insentif uang memerlukan jumlahnya (rupiah)."}
    with unchanged(), pytest.raises(ValidationError) as err:
        cs.record_reward(RewardInput(org.staf, "hadiah", " ", TODAY + dt.timedelta(days=1)))
    assert set(err.value.errors) == {"kind", "title", "given_on"}
    cs.record_reward(RewardInput(org.staf2, "insentif", "Insentif kinerja", dt.date(2025, 12, 1), amount=1_500_000))
    assert [x.title for x in cs.rewards(2025)] == ["Insentif kinerja", "Juara 1 Inovasi Pelayanan Publik"]
    assert [x.title for x in cs.rewards(employee_id=org.staf)] == ["Juara 1 Inovasi Pelayanan Publik"]
    assert ("catat", "penghargaan", r.id) in audit_actions("penghargaan")


def test_a_sanction_runs_its_months_and_is_cancelled_not_deleted(org):
    s = cs.record_sanction(SanctionInput(org.staf, "pemotongan_tukin", "862/45/BKPSDM/2025", dt.date(2025, 3, 10),
                                         dt.date(2025, 3, 20), 6, "Tidak masuk kerja 20 hari"))
    assert (s.level_label, s.end, s.kind_label) == ("Sedang", dt.date(2025, 9, 19), "Pemotongan tunjangan kinerja 25%")
    assert s.runs_in(2025, 3) and s.runs_in(2025, 9) and not s.runs_in(2025, 10) and not s.runs_in(2025, 2)
    assert s.running_on(dt.date(2025, 6, 1)) and not s.running_on(dt.date(2025, 9, 20))
    warning = cs.record_sanction(SanctionInput(org.staf2, "teguran_tertulis", "862/46/BKPSDM/2025",
                                               dt.date(2025, 5, 2), dt.date(2025, 5, 2)))
    assert warning.end is None and warning.runs_in(2025, 5) and not warning.runs_in(2025, 6)
    assert set(cs.running_sanctions(2025, 5)) == {org.staf, org.staf2}
    assert set(cs.running_sanctions(2025, 10)) == set()
    with unchanged(), pytest.raises(ValidationError, match="dasar pembatalan"):
        cs.cancel_sanction(s.id, " ")
    cancelled = cs.cancel_sanction(s.id, "Putusan banding administratif", on=dt.date(2025, 6, 1))
    assert cancelled.cancelled_on == dt.date(2025, 6, 1) and not cancelled.runs_in(2025, 7)
    assert set(cs.running_sanctions(2025, 5)) == {org.staf2}
    assert [x.id for x in cs.sanctions(org.staf)] == [s.id]  # kept in the record
    with unchanged(), pytest.raises(DomainError, match="sudah dibatalkan"):
        cs.cancel_sanction(s.id, "lagi")


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "skorsing"}, "kind"), ({"decree_number": " "}, "decree_number"),
    ({"start": dt.date(2025, 3, 1)}, "start"), ({"months": 3}, "months"),
    ({"decree_date": TODAY + dt.timedelta(days=2), "start": TODAY + dt.timedelta(days=3)}, "decree_date"),
])
def test_a_wrong_sanction_is_refused(org, change, field):
    values = dict(employee_id=org.staf, kind="pemotongan_tukin", decree_number="862/1", decree_date=dt.date(2025, 3, 10),
                  start=dt.date(2025, 3, 20), months=6)
    values.update(change)
    with unchanged(), pytest.raises(ValidationError) as err:
        cs.record_sanction(SanctionInput(**values))
    assert field in err.value.errors


def test_schema_5_file_gains_the_consequence_tables(db_path):
    import sqlite3

    from asn_desktop.services import database
    from asn_desktop.store import migrations
    from asn_desktop.store.db import APPLICATION_ID

    from .helpers import sql

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    assert migrations.apply(conn, target=5) == [1, 2, 3, 4, 5]
    conn.execute("INSERT INTO org_unit (id, code, name, kind) VALUES (1, 'PEMDA', 'Pemerintah Kabupaten', 'pemda')")
    conn.execute(
        "INSERT INTO employee (id, nip, name, gender, birth_date, status, golongan, position_title, position_kind,"
        " jenjang, unit_id) VALUES (1, '198609262015051001', 'Budi', 'L', '1986-09-26', 'PNS', 'III/a', 'Analis',"
        " 'fungsional', 'Ahli Pertama', 1)")
    conn.close()
    try:
        opened = database.open_database(db_path)
        assert (opened.version_before, opened.version) == (5, migrations.LATEST_VERSION)
        assert opened.upgrade_backup is not None and opened.upgrade_backup.exists()
        tables = {r[0] for r in sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"reward", "sanction", "tpp_ceiling", "attendance_month", "tpp_run", "tpp_line", "vacancy",
                "potential_assessment"} <= tables
        s = cs.record_sanction(SanctionInput(1, "teguran_lisan", "862/9", dt.date(2025, 1, 2), dt.date(2025, 1, 2)))
        assert s.name == "Budi"
    finally:
        database.close_database()
