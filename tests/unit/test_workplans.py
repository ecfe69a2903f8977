"""services.workplans: drafting an SKP, the workflow to approval with who may do what, revisions,
cascading from the penilai's plan, the unit overview and the cascade tree. Refusals write nothing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from asn_desktop.domain.errors import DomainError, ValidationError
from asn_desktop.domain.skp import CORE_VALUE_CODES
from asn_desktop.services import employees as emp
from asn_desktop.services import workplans as wp
from asn_desktop.services.common import write
from asn_desktop.services.workplans import OPERATOR, Actor, Iki, Plan, Rhk, Status
from asn_desktop.store import settings

from .helpers import audit_actions, employee, office, sql, unchanged

YEAR = 2025
EMPTY_EXPECTATIONS = {code: "" for code in CORE_VALUE_CODES}


@dataclass(frozen=True)
class Org:
    """pemda (Sekda) > Dinas Kesehatan (kepala) > Bidang P2P (kabid) > Seksi Surveilans (two staff);
    Kecamatan Utara (camat, penilai: Sekda) > Kelurahan Mawar (lurah)."""

    units: dict[str, int]
    sekda: int
    kadis: int
    kabid: int
    staf: int
    staf2: int
    camat: int
    lurah: int


@pytest.fixture
def org(db) -> Org:
    u = office()
    sekda = employee(u["pemda"], 1, name="Hendra Wijaya", front_title="Drs.", back_title="M.Si.",
                     position_title="Sekretaris Daerah", position_kind="struktural", jenjang="JPT Pratama",
                     golongan="IV/d")
    kadis = employee(u["dinkes"], 2, name="Siti Aminah", front_title="dr.", back_title="M.Kes.",
                     position_title="Kepala Dinas Kesehatan", position_kind="struktural", jenjang="JPT Pratama",
                     golongan="IV/c", supervisor_id=sekda.id)
    kabid = employee(u["bidang"], 3, name="Bambang Priyono", back_title="S.K.M.",
                     position_title="Kepala Bidang Pencegahan Penyakit", position_kind="struktural",
                     jenjang="Administrator", golongan="IV/a", supervisor_id=kadis.id)
    staf = employee(u["seksi"], 4, name="Rina Wulandari", position_title="Epidemiolog Kesehatan Ahli Pertama",
                    golongan="III/a", supervisor_id=kabid.id)
    staf2 = employee(u["seksi"], 5, name="Dewi Lestari", position_title="Pengelola Data",
                     position_kind="pelaksana", jenjang="Pelaksana", golongan="II/c", supervisor_id=kabid.id)
    camat = employee(u["kecamatan"], 6, name="Joko Susilo", position_title="Camat Utara",
                     position_kind="struktural", jenjang="Administrator", golongan="IV/a", supervisor_id=sekda.id)
    lurah = employee(u["kelurahan"], 7, name="Agus Salim", position_title="Lurah Mawar",
                     position_kind="struktural", jenjang="Pengawas", golongan="III/d", supervisor_id=camat.id)
    return Org(u, sekda.id, kadis.id, kabid.id, staf.id, staf2.id, camat.id, lurah.id)


def me(employee_id: int) -> Actor:
    return Actor(employee_id=employee_id)


def good_plan(*links: int | None, tambahan: bool = True, prefix: str = "") -> Plan:
    """A plan that can be submitted: one RHK utama per link given (one unlinked if none), each with IKI."""
    links = links or (None,)
    rhk = [
        Rhk("utama", f"{prefix}Hasil kerja utama {i}",
            [Iki("kuantitas", f"Jumlah dokumen {i}", 12, "dokumen"),
             Iki("waktu", f"Ketepatan waktu {i}", None, "", "Setiap akhir triwulan")],
            parent_rhk_id=link, actions={1: f"Persiapan {i}", 4: f"Laporan {i}"})
        for i, link in enumerate(links, 1)
    ]
    if tambahan:
        rhk.append(Rhk("tambahan", f"{prefix}Narasumber kegiatan", [Iki("kualitas", "Materi diterima", 90, "%")]))
    return Plan(
        approach="kuantitatif",
        rhk=rhk,
        expectations=EMPTY_EXPECTATIONS | {"kompeten": "Mengikuti bimtek surveilans"},
        dukungan_sumber_daya="Laptop dan akses SKDR",
        skema_pertanggungjawaban="Laporan triwulan",
        konsekuensi="Sesuai ketentuan",
    )


def approved(employee_id: int, plan: Plan, approver: Actor, year: int = YEAR) -> wp.SkpView:
    """Create, fill, submit (by the employee) and approve (by ``approver``) an SKP."""
    view = wp.create_skp(employee_id, year, me(employee_id))
    wp.save_plan(view.header.id, plan, me(employee_id))
    wp.take_step(view.header.id, "submit", me(employee_id))
    return wp.take_step(view.header.id, "approve", approver)


def rhk_ids(view: wp.SkpView) -> list[int]:
    return [r.id for r in view.plan.rhk]


def content(plan: Plan) -> Plan:
    """The plan without row ids: what a copy must keep."""
    return dataclasses.replace(
        plan,
        rhk=[dataclasses.replace(r, id=None, iki=[dataclasses.replace(k, id=None) for k in r.iki]) for r in plan.rhk],
    )


def last_year_kabid(org: Org) -> wp.SkpView:
    """Approved plans of last year for the kepala dinas and the kabid (linked to it)."""
    kadis = approved(org.kadis, good_plan(prefix="2024 Kadis: "), me(org.sekda), year=YEAR - 1)
    return approved(org.kabid, good_plan(rhk_ids(kadis)[0], prefix="2024: "), me(org.kadis), year=YEAR - 1)


@pytest.fixture
def chain(org) -> dict[str, wp.SkpView]:
    """Approved plans down the Dinas Kesehatan: Sekda (by the operator), kepala dinas, kabid."""
    sekda = approved(org.sekda, good_plan(prefix="Sekda: "), OPERATOR)
    kadis = approved(org.kadis, good_plan(None, None, prefix="Kadis: "), me(org.sekda))
    k1 = rhk_ids(kadis)[0]
    kabid = approved(org.kabid, good_plan(k1, prefix="Kabid: "), me(org.kadis))
    return {"sekda": sekda, "kadis": kadis, "kabid": kabid}


# ---------------------------------------------------------------------------------------------- create
def test_create_takes_a_snapshot_of_the_header(org):
    view = wp.create_skp(org.staf, YEAR, me(org.staf))
    h = view.header
    assert (h.employee_id, h.employee_name, h.employee_position, h.employee_unit, h.employee_golongan) == (
        org.staf, "Rina Wulandari", "Epidemiolog Kesehatan Ahli Pertama", "Seksi Surveilans", "III/a"
    )
    assert h.employee_nip == "198609262015051004"
    assert (h.year, h.version, h.status, h.current, h.revision_reason) == (YEAR, 1, Status.DRAF, True, "")
    assert (h.penilai_id, h.penilai_name, h.penilai_nip, h.penilai_position) == (
        org.kabid, "Bambang Priyono, S.K.M.", "198609262015051003", "Kepala Bidang Pencegahan Penyakit"
    )
    assert (h.atasan_id, h.atasan_name, h.atasan_nip, h.atasan_position) == (
        org.kadis, "dr. Siti Aminah, M.Kes.", "198609262015051002", "Kepala Dinas Kesehatan"
    )
    assert view.plan == Plan(approach="kuantitatif", rhk=[], expectations=EMPTY_EXPECTATIONS)
    assert view.links_required is True
    assert view.link_texts == {}
    assert [(e.from_status, e.to_status, e.actor, e.note) for e in view.history] == [
        (None, Status.DRAF, f"pegawai #{org.staf}", "")
    ]
    assert audit_actions("skp") == [("create", "skp", h.id)]
    assert wp.open_skp(org.staf, YEAR) == view
    assert wp.open_skp(org.staf, YEAR + 1) is None
    assert wp.versions(org.staf, YEAR) == [(h.id, 1, Status.DRAF)]


def test_header_keeps_the_people_as_they_were(chain, org):
    h = wp.create_skp(org.staf, YEAR, OPERATOR).header
    # later: the staff gets another supervisor, the kabid a new title, the employee a new position
    emp.set_supervisor(org.staf, org.kadis)
    kabid = emp.get_employee(org.kabid).data
    emp.update_employee(org.kabid, dataclasses.replace(kabid, front_title="Dr.", position_title="Plt. Kepala Bidang"))
    staf = emp.get_employee(org.staf).data
    emp.update_employee(org.staf, dataclasses.replace(staf, position_title="Epidemiolog Ahli Muda",
                                                      jenjang="Ahli Muda", golongan="III/c"))
    again = wp.get_skp(h.id).header
    assert again == h
    assert (again.penilai_id, again.penilai_name, again.penilai_position) == (
        org.kabid, "Bambang Priyono, S.K.M.", "Kepala Bidang Pencegahan Penyakit"
    )
    assert (again.employee_position, again.employee_golongan) == ("Epidemiolog Kesehatan Ahli Pertama", "III/a")
    # the recorded penilai (not the new supervisor) is the one whose plan is linked to and who decides
    assert [o.id for o in wp.link_options(h.id)] == rhk_ids(chain["kabid"])
    wp.save_plan(h.id, good_plan(rhk_ids(chain["kabid"])[0]), OPERATOR)
    wp.take_step(h.id, "submit", me(org.staf))
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(h.id, "approve", me(org.kadis))
    assert set(exc.value.errors) == {"actor"}
    # three changes since it was made: saved, submitted, approved
    assert wp.take_step(h.id, "approve", me(org.kabid)).header == dataclasses.replace(
        h, status=Status.DISETUJUI, lock_version=3)
    # a new SKP (next year) takes the people as they are then
    nxt = wp.create_skp(org.staf, YEAR + 1, OPERATOR).header
    assert (nxt.penilai_id, nxt.penilai_name, nxt.atasan_id, nxt.employee_position, nxt.employee_golongan) == (
        org.kadis, "dr. Siti Aminah, M.Kes.", org.sekda, "Epidemiolog Ahli Muda", "III/c"
    )


def test_header_of_the_top_and_of_an_opd_head(org):
    sekda = wp.create_skp(org.sekda, YEAR, OPERATOR)
    h = sekda.header
    assert (h.penilai_id, h.penilai_name, h.penilai_nip, h.penilai_position) == (None, "", "", "")
    assert (h.atasan_id, h.atasan_name, h.atasan_nip, h.atasan_position) == (None, "", "", "")
    assert sekda.links_required is False
    assert [e.actor for e in sekda.history] == ["operator"]
    kadis = wp.create_skp(org.kadis, YEAR, me(org.kadis))
    h = kadis.header
    assert (h.penilai_id, h.penilai_name, h.penilai_position) == (
        org.sekda, "Drs. Hendra Wijaya, M.Si.", "Sekretaris Daerah"
    )
    assert (h.atasan_id, h.atasan_name) == (None, "")  # the Sekda has no supervisor in this database
    # the head of an OPD plans from the Renstra: no link to the Sekda's plan is required
    assert kadis.links_required is False
    assert wp.create_skp(org.camat, YEAR, OPERATOR).links_required is False
    # staff below the top of their OPD / kecamatan cascade from their penilai
    assert wp.create_skp(org.kabid, YEAR, OPERATOR).links_required is True
    assert wp.create_skp(org.lurah, YEAR, OPERATOR).links_required is True


def test_create_twice_refused(org):
    wp.create_skp(org.staf, YEAR, me(org.staf))
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.create_skp(org.staf, YEAR, OPERATOR)
    assert str(exc.value) == f"Rina Wulandari sudah memiliki SKP tahun {YEAR}; buka yang ada."
    # another year is another SKP
    assert wp.create_skp(org.staf, YEAR + 1, OPERATOR).header.year == YEAR + 1


def test_create_refused_for_an_inactive_or_unknown_employee(org):
    emp.deactivate_employee(org.staf2, "Pindah instansi")
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.create_skp(org.staf2, YEAR, OPERATOR)
    assert str(exc.value) == "Dewi Lestari sudah nonaktif; SKP baru tidak dapat dibuat."
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.create_skp(9999, YEAR, OPERATOR)
    assert str(exc.value) == "Pegawai tidak ditemukan."


@pytest.mark.parametrize("who", ["staf2", "kabid", "kadis", "nobody"])
def test_only_the_employee_or_the_operator_creates(org, who):
    actor = Actor() if who == "nobody" else me(getattr(org, who))
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.create_skp(org.staf, YEAR, actor)
    assert exc.value.errors == {"actor": "SKP disusun oleh pegawai yang bersangkutan atau operator kepegawaian."}


def test_create_refuses_an_unknown_start(org):
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.create_skp(org.staf, YEAR, OPERATOR, start_from="template")
    assert exc.value.errors == {"start_from": "Cara memulai 'template' tidak dikenal."}


@pytest.mark.parametrize("year", [1999, 2101])
def test_create_refuses_a_year_out_of_range(org, year):
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.create_skp(org.staf, year, OPERATOR)
    assert set(exc.value.errors) == {"year"}
    assert str(year) in str(exc.value)


# ------------------------------------------------------------------------------------------------ save
def test_save_plan_stores_everything(org):
    sid = wp.create_skp(org.kadis, YEAR, me(org.kadis)).header.id
    plan = Plan(
        approach="kualitatif",
        rhk=[
            Rhk("utama", "  Meningkatnya cakupan imunisasi  ",
                [Iki("kuantitas", " Cakupan imunisasi dasar lengkap ", 95.5, " % "),
                 Iki("waktu", "Ketepatan laporan", None, "", " Setiap tanggal 10 ")],
                actions={2: " Sweeping imunisasi ", 1: "Pendataan sasaran", 3: "   "}),
            Rhk("tambahan", "Ketua panitia HKN", [Iki("biaya", "Serapan anggaran", 2.5, "juta rupiah")]),
        ],
        expectations={"loyal": "  Menjaga rahasia data pasien ", "adaptif": "Cepat menyesuaikan SOP baru"},
        dukungan_sumber_daya=" Kendaraan operasional ",
        skema_pertanggungjawaban="Laporan bulanan",
        konsekuensi=" Teguran bila target tidak tercapai ",
    )
    view = wp.save_plan(sid, plan, me(org.kadis))
    ids = rhk_ids(view)
    assert view.plan == Plan(
        approach="kualitatif",
        rhk=[
            Rhk("utama", "Meningkatnya cakupan imunisasi",
                [Iki("kuantitas", "Cakupan imunisasi dasar lengkap", 95.5, "%", "", view.plan.rhk[0].iki[0].id),
                 Iki("waktu", "Ketepatan laporan", None, "", "Setiap tanggal 10", view.plan.rhk[0].iki[1].id)],
                None, {1: "Pendataan sasaran", 2: "Sweeping imunisasi"}, ids[0]),
            Rhk("tambahan", "Ketua panitia HKN",
                [Iki("biaya", "Serapan anggaran", 2.5, "juta rupiah", "", view.plan.rhk[1].iki[0].id)], None, {}, ids[1]),
        ],
        expectations=EMPTY_EXPECTATIONS | {"loyal": "Menjaga rahasia data pasien",
                                           "adaptif": "Cepat menyesuaikan SOP baru"},
        dukungan_sumber_daya="Kendaraan operasional",
        skema_pertanggungjawaban="Laporan bulanan",
        konsekuensi="Teguran bila target tidak tercapai",
    )
    assert sql("SELECT approach, dukungan_sumber_daya, konsekuensi FROM skp WHERE id = ?", sid) == [
        ("kualitatif", "Kendaraan operasional", "Teguran bila target tidak tercapai")
    ]
    assert sql("SELECT skp_id, position, kind, parent_rhk_id FROM skp_rhk ORDER BY position") == [
        (sid, 1, "utama", None), (sid, 2, "tambahan", None)
    ]
    assert sql("SELECT rhk_id, period, text FROM skp_action ORDER BY period") == [
        (ids[0], 1, "Pendataan sasaran"), (ids[0], 2, "Sweeping imunisasi")
    ]
    assert sql("SELECT count(*) FROM skp_expectation WHERE skp_id = ?", sid) == [(7,)]
    assert audit_actions("skp") == [("create", "skp", sid), ("save", "skp", sid)]
    # saving does not move the status
    assert view.header.status is Status.DRAF
    assert len(view.history) == 1


def test_save_plan_keeps_ids_of_rhk_that_stay_and_removes_dropped_ones(org):
    sid = wp.create_skp(org.kadis, YEAR, me(org.kadis)).header.id
    first = wp.save_plan(sid, good_plan(None, None, None), me(org.kadis))
    a, b, c, t = rhk_ids(first)
    plan = first.plan
    # reorder (c first), edit b, drop a and the tambahan, add a new one
    plan.rhk = [plan.rhk[2], dataclasses.replace(plan.rhk[1], text="Hasil kerja utama 2 (diubah)",
                                                 iki=[Iki("kualitas", "Mutu", None, "", "Tanpa revisi")]),
                Rhk("tambahan", "Tugas baru", [Iki("waktu", "Tepat", 3, "hari")])]
    second = wp.save_plan(sid, plan, OPERATOR)
    assert rhk_ids(second)[:2] == [c, b]
    new_id = rhk_ids(second)[2]
    assert new_id not in (a, b, c, t)
    assert [(r.kind, r.text) for r in second.plan.rhk] == [
        ("utama", "Hasil kerja utama 3"), ("utama", "Hasil kerja utama 2 (diubah)"), ("tambahan", "Tugas baru"),
    ]
    assert [(k.aspect, k.text, k.target_value, k.target_unit, k.target_text) for k in second.plan.rhk[1].iki] == [
        ("kualitas", "Mutu", None, "", "Tanpa revisi")
    ]
    assert second.plan.rhk[1].actions == {1: "Persiapan 2", 4: "Laporan 2"}
    assert sql("SELECT id, position FROM skp_rhk ORDER BY position") == [(c, 1), (b, 2), (new_id, 3)]
    # the dropped RHK take their IKI and rencana aksi with them
    assert sql("SELECT count(*) FROM skp_iki WHERE rhk_id IN (?, ?)", a, t) == [(0,)]
    assert sql("SELECT count(*) FROM skp_action WHERE rhk_id = ?", a) == [(0,)]
    assert sql("SELECT count(*) FROM skp_iki") == [(2 + 1 + 1,)]


def test_save_plan_with_a_copied_rhk_keeps_both(org):
    """A copy of an RHK made in the editor may still carry the original's id: both must be stored."""
    sid = wp.create_skp(org.kadis, YEAR, me(org.kadis)).header.id
    first = wp.save_plan(sid, good_plan(None, tambahan=False), me(org.kadis))
    original = first.plan.rhk[0]
    copy = dataclasses.replace(original, text="Salinan hasil kerja", iki=[Iki("waktu", "Tepat", 5, "hari")])
    second = wp.save_plan(sid, dataclasses.replace(first.plan, rhk=[original, copy]), me(org.kadis))
    assert [r.text for r in second.plan.rhk] == ["Hasil kerja utama 1", "Salinan hasil kerja"]
    assert second.plan.rhk[0].id == original.id
    assert second.plan.rhk[1].id != original.id
    assert [k.text for k in second.plan.rhk[0].iki] == ["Jumlah dokumen 1", "Ketepatan waktu 1"]
    assert [k.text for k in second.plan.rhk[1].iki] == ["Tepat"]


def test_save_plan_never_touches_another_skps_rhk(chain, org):
    """An RHK id from another SKP (the penilai's, say) is taken as a new RHK, never as that one."""
    kabid = chain["kabid"]
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    foreign = dataclasses.replace(kabid.plan.rhk[0], text="Diubah oleh staf", parent_rhk_id=kabid.plan.rhk[0].id)
    view = wp.save_plan(sid, Plan(rhk=[foreign]), me(org.staf))
    assert rhk_ids(view)[0] != kabid.plan.rhk[0].id
    assert wp.get_skp(kabid.header.id) == kabid


@pytest.mark.parametrize("who", ["staf2", "kabid", "kadis", "nobody"])
def test_only_the_employee_or_the_operator_edits(org, who):
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    actor = Actor() if who == "nobody" else me(getattr(org, who))
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.save_plan(sid, good_plan(), actor)
    assert exc.value.errors == {"actor": "SKP diubah oleh pegawai yang bersangkutan atau operator kepegawaian."}


def test_save_plan_refuses_field_problems(org):
    sid = wp.create_skp(org.kadis, YEAR, me(org.kadis)).header.id
    wp.save_plan(sid, good_plan(), me(org.kadis))
    plan = good_plan()
    plan.rhk[0].iki[0].target_value = 0
    plan.rhk[1].iki[0].target_unit = ""
    plan.rhk[0].actions[5] = "Tidak ada triwulan kelima"
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.save_plan(sid, plan, me(org.kadis))
    assert exc.value.errors == {
        "rhk.1.actions": "Rencana aksi RHK utama ke-1 untuk periode 5 di luar periode tahun ini.",
        "rhk.1.iki.1.target": "Target IKI ke-1 RHK utama ke-1 harus angka lebih dari 0.",
        "rhk.2.iki.1.target": "Target IKI ke-1 RHK tambahan ke-1 berupa angka, jadi satuannya wajib diisi "
                              "(mis. dokumen, %, hari).",
    }


def test_rencana_aksi_follow_the_office_cadence(org):
    assert wp.period_labels() == ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
    write(lambda: settings.put("evaluation.cadence", "bulanan"))()
    assert len(wp.period_labels()) == 12
    assert wp.period_labels()[-1] == "Desember"
    sid = wp.create_skp(org.kadis, YEAR, me(org.kadis)).header.id
    plan = good_plan()
    plan.rhk[0].actions = {12: "Laporan akhir tahun"}
    assert wp.save_plan(sid, plan, me(org.kadis)).plan.rhk[0].actions == {12: "Laporan akhir tahun"}
    write(lambda: settings.put("evaluation.cadence", "semester"))()
    assert wp.period_labels() == ("Semester I", "Semester II")
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.save_plan(sid, plan, me(org.kadis))
    assert exc.value.errors == {
        "rhk.1.actions": "Rencana aksi RHK utama ke-1 untuk periode 12 di luar periode tahun ini."
    }
    # what was saved under the old cadence is caught when submitting
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "submit", me(org.kadis))
    assert exc.value.errors == {
        "rhk.1.actions": "Rencana aksi RHK utama ke-1 untuk periode 12 di luar periode tahun ini."
    }
    plan.rhk[0].actions = {2: "Laporan semester II"}
    wp.save_plan(sid, plan, me(org.kadis))
    assert wp.take_step(sid, "submit", me(org.kadis)).header.status is Status.DIAJUKAN


def test_save_refused_while_submitted_approved_or_old(chain, org):
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    kabid_rhk = rhk_ids(chain["kabid"])[0]
    wp.save_plan(sid, good_plan(kabid_rhk), me(org.staf))
    wp.take_step(sid, "submit", me(org.staf))
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.save_plan(sid, good_plan(kabid_rhk), me(org.staf))
    assert str(exc.value) == "SKP berstatus Diajukan tidak dapat diubah; tarik kembali lebih dahulu."
    assert "tarik kembali" in str(exc.value)
    wp.take_step(sid, "approve", me(org.kabid))
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.save_plan(sid, good_plan(kabid_rhk), OPERATOR)
    assert str(exc.value) == "SKP berstatus Disetujui tidak dapat diubah; buat revisi untuk mengubahnya."
    assert "revisi" in str(exc.value)
    wp.revise(sid, me(org.staf), "Tugas tambahan dari kepala dinas")
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.save_plan(sid, good_plan(kabid_rhk), OPERATOR)
    assert str(exc.value) == "Ini versi lama SKP; hanya versi terbaru yang dapat diubah."


def test_unknown_skp(org):
    with pytest.raises(DomainError) as exc:
        wp.get_skp(424242)
    assert str(exc.value) == "SKP tidak ditemukan; mungkin sudah diubah di jendela lain."
    with unchanged(), pytest.raises(DomainError):
        wp.save_plan(424242, good_plan(), OPERATOR)
    with unchanged(), pytest.raises(DomainError):
        wp.take_step(424242, "submit", OPERATOR)


# ------------------------------------------------------------------------------------------ workflow
def test_workflow_submit_return_resubmit_approve_with_history(chain, org):
    kabid_rhk = rhk_ids(chain["kabid"])[0]
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    wp.save_plan(sid, good_plan(kabid_rhk), me(org.staf))
    view = wp.take_step(sid, "submit", me(org.staf))
    assert view.header.status is Status.DIAJUKAN
    # the atasan (kepala dinas), a colleague, the operator and the employee cannot decide
    for actor in (me(org.kadis), me(org.staf2), OPERATOR, me(org.staf)):
        for step in ("approve", "return"):
            with unchanged(), pytest.raises(ValidationError) as exc:
                wp.take_step(sid, step, actor, "Catatan")
            label = {"approve": "Setujui", "return": "Kembalikan"}[step]
            assert exc.value.errors == {
                "actor": f"Langkah '{label}' hanya dapat dilakukan oleh pejabat penilai kinerja."
            }
    # the penilai returns, with a note only
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "return", me(org.kabid), "   ")
    assert exc.value.errors == {"note": "Langkah 'Kembalikan' memerlukan catatan untuk pegawai."}
    view = wp.take_step(sid, "return", me(org.kabid), "  Target kuantitas terlalu rendah. ")
    assert view.header.status is Status.DIKEMBALIKAN
    # back with the employee: editable, the penilai still cannot edit
    with unchanged(), pytest.raises(ValidationError):
        wp.save_plan(sid, good_plan(kabid_rhk), me(org.kabid))
    plan = view.plan
    plan.rhk[0].iki[0].target_value = 24
    wp.save_plan(sid, plan, me(org.staf))
    wp.take_step(sid, "submit", OPERATOR)
    # withdrawn by the employee, submitted again, approved
    assert wp.take_step(sid, "withdraw", me(org.staf)).header.status is Status.DRAF
    wp.take_step(sid, "submit", me(org.staf))
    view = wp.take_step(sid, "approve", me(org.kabid), "Disetujui")
    assert view.header.status is Status.DISETUJUI
    assert view.plan.rhk[0].iki[0].target_value == 24
    staf, kabid = f"pegawai #{org.staf}", f"pegawai #{org.kabid}"
    assert [(e.from_status, e.to_status, e.actor, e.note) for e in view.history] == [
        (None, Status.DRAF, staf, ""),
        (Status.DRAF, Status.DIAJUKAN, staf, ""),
        (Status.DIAJUKAN, Status.DIKEMBALIKAN, kabid, "Target kuantitas terlalu rendah."),
        (Status.DIKEMBALIKAN, Status.DIAJUKAN, "operator", ""),
        (Status.DIAJUKAN, Status.DRAF, staf, ""),
        (Status.DRAF, Status.DIAJUKAN, staf, ""),
        (Status.DIAJUKAN, Status.DISETUJUI, kabid, "Disetujui"),
    ]
    assert all(e.at[:4].isdigit() and "T" in e.at for e in view.history)
    assert [a for a, _e, i in audit_actions("skp") if i == sid] == [
        "create", "save", "submit", "return", "save", "submit", "withdraw", "submit", "approve"
    ]
    # approved: no step is left but revision
    for step, actor in (("submit", me(org.staf)), ("withdraw", me(org.staf)), ("approve", me(org.kabid)),
                        ("return", me(org.kabid))):
        with unchanged(), pytest.raises(ValidationError) as exc:
            wp.take_step(sid, step, actor, "x")
        assert set(exc.value.errors) == {"status"}
        assert str(exc.value).startswith("SKP berstatus Disetujui; langkah ")


def test_wrong_step_for_the_status(org):
    sid = wp.create_skp(org.kadis, YEAR, me(org.kadis)).header.id
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "approve", me(org.sekda))
    assert exc.value.errors == {
        "status": "SKP berstatus Draf; langkah 'Setujui' hanya untuk SKP berstatus Diajukan."
    }
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "withdraw", me(org.kadis))
    assert exc.value.errors == {
        "status": "SKP berstatus Draf; langkah 'Tarik kembali' hanya untuk SKP berstatus Diajukan."
    }


def test_the_penilai_cannot_submit_or_withdraw(chain, org):
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    wp.save_plan(sid, good_plan(rhk_ids(chain["kabid"])[0]), me(org.staf))
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "submit", me(org.kabid))
    assert exc.value.errors == {
        "actor": "Langkah 'Ajukan' hanya dapat dilakukan oleh pegawai yang bersangkutan atau operator kepegawaian."
    }
    wp.take_step(sid, "submit", me(org.staf))
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "withdraw", me(org.kabid))
    assert set(exc.value.errors) == {"actor"}
    assert wp.take_step(sid, "withdraw", OPERATOR).header.status is Status.DRAF


def test_operator_decides_only_for_the_top(org):
    sekda = wp.create_skp(org.sekda, YEAR, OPERATOR).header.id
    wp.save_plan(sekda, good_plan(), OPERATOR)
    wp.take_step(sekda, "submit", me(org.sekda))
    # the Sekda does not approve their own SKP
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sekda, "approve", me(org.sekda))
    assert set(exc.value.errors) == {"actor"}
    # the operator returns and approves on behalf of the kepala daerah (not in the database)
    assert wp.take_step(sekda, "return", OPERATOR, "Lengkapi lampiran").header.status is Status.DIKEMBALIKAN
    wp.take_step(sekda, "submit", OPERATOR)
    assert wp.take_step(sekda, "approve", OPERATOR).header.status is Status.DISETUJUI
    # ... but not for anybody who has a penilai
    kadis = wp.create_skp(org.kadis, YEAR, OPERATOR).header.id
    wp.save_plan(kadis, good_plan(), OPERATOR)
    wp.take_step(kadis, "submit", OPERATOR)
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(kadis, "approve", OPERATOR)
    assert exc.value.errors == {"actor": "Langkah 'Setujui' hanya dapat dilakukan oleh pejabat penilai kinerja."}
    assert wp.take_step(kadis, "approve", me(org.sekda)).header.status is Status.DISETUJUI


def test_submit_refused_with_the_problems(org):
    sid = wp.create_skp(org.kadis, YEAR, me(org.kadis)).header.id
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "submit", me(org.kadis))
    assert exc.value.errors == {"rhk": "SKP harus memiliki paling sedikit satu RHK utama."}
    assert str(exc.value) == "SKP harus memiliki paling sedikit satu RHK utama."
    wp.save_plan(sid, Plan(rhk=[
        Rhk("utama", "Hasil kerja tanpa indikator"),
        Rhk("tambahan", "Tugas tambahan", [Iki("waktu", "Ketepatan waktu")]),
    ]), me(org.kadis))
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "submit", me(org.kadis))
    assert exc.value.errors == {
        "rhk.1.iki": "RHK utama ke-1 belum memiliki indikator kinerja (IKI).",
        "rhk.2.iki.1.target": "IKI ke-1 RHK tambahan ke-1 belum memiliki target.",
    }
    assert str(exc.value) == (
        "Data belum benar:\n• RHK utama ke-1 belum memiliki indikator kinerja (IKI).\n"
        "• IKI ke-1 RHK tambahan ke-1 belum memiliki target."
    )
    # the head of the OPD needs no link
    wp.save_plan(sid, good_plan(None), me(org.kadis))
    assert wp.take_step(sid, "submit", me(org.kadis)).header.status is Status.DIAJUKAN


def test_staff_must_link_each_rhk_utama(chain, org):
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    b1 = rhk_ids(chain["kabid"])[0]
    wp.save_plan(sid, good_plan(b1, None), me(org.staf))  # a draft may lack links
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(sid, "submit", me(org.staf))
    assert exc.value.errors == {
        "rhk.2.parent": "RHK utama ke-2 harus dikaitkan dengan RHK pejabat penilai yang diintervensi."
    }
    view = wp.save_plan(sid, good_plan(b1, b1), me(org.staf))
    assert view.link_texts == {b1: "Kabid: Hasil kerja utama 1"}
    assert wp.take_step(sid, "submit", me(org.staf)).header.status is Status.DIAJUKAN


def test_step_on_an_old_version_refused(chain, org):
    old = chain["kadis"].header.id
    wp.revise(old, me(org.kadis), "Perubahan anggaran")
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.take_step(old, "submit", me(org.kadis))
    assert str(exc.value) == "Ini versi lama SKP; langkah hanya berlaku pada versi terbaru."


# --------------------------------------------------------------------------------------------- links
def test_link_options_only_the_penilais_approved_current_plan_of_the_year(org):
    staf = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    assert wp.link_options(staf) == []  # the kabid has no SKP
    # the kabid's approved plan of last year is not offered
    last_year_kabid(org)
    assert wp.link_options(staf) == []
    # nor this year's while it is a draft or submitted
    kadis = approved(org.kadis, good_plan(prefix="Kadis: "), me(org.sekda))
    kabid = wp.create_skp(org.kabid, YEAR, me(org.kabid)).header.id
    k1 = rhk_ids(kadis)[0]
    wp.save_plan(kabid, good_plan(k1, k1), me(org.kabid))
    assert wp.link_options(staf) == []
    wp.take_step(kabid, "submit", me(org.kabid))
    assert wp.link_options(staf) == []
    view = wp.take_step(kabid, "approve", me(org.kadis))
    b1, b2, bt = rhk_ids(view)
    assert wp.link_options(staf) == [
        wp.LinkOption(b1, "utama", "Hasil kerja utama 1"),
        wp.LinkOption(b2, "utama", "Hasil kerja utama 2"),
        wp.LinkOption(bt, "tambahan", "Narasumber kegiatan"),
    ]
    # the kabid's own options are the kepala dinas's RHK; the Sekda has no penilai, so no options
    assert [o.text for o in wp.link_options(kabid)] == ["Kadis: Hasil kerja utama 1", "Kadis: Narasumber kegiatan"]
    assert wp.link_options(wp.create_skp(org.sekda, YEAR, OPERATOR).header.id) == []


def test_a_link_outside_the_options_is_refused_on_save(chain, org):
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    b1 = rhk_ids(chain["kabid"])[0]
    wp.save_plan(sid, good_plan(b1), me(org.staf))
    last_year = last_year_kabid(org)
    staf2 = wp.create_skp(org.staf2, YEAR, me(org.staf2)).header.id
    staf2_rhk = rhk_ids(wp.save_plan(staf2, good_plan(b1), me(org.staf2)))[0]
    own = rhk_ids(wp.get_skp(sid))[0]
    bad = {
        "the atasan's RHK (not the penilai's)": rhk_ids(chain["kadis"])[0],
        "the penilai's RHK of last year": rhk_ids(last_year)[0],
        "a colleague's RHK": staf2_rhk,
        "one's own RHK": own,
        "an RHK that does not exist": 987654,
    }
    for why, parent in bad.items():
        with unchanged(), pytest.raises(ValidationError) as exc:
            wp.save_plan(sid, good_plan(b1, parent), me(org.staf))
        assert exc.value.errors == {
            "rhk.2.parent": "RHK ke-2 dikaitkan dengan RHK yang bukan bagian SKP pejabat penilai yang disetujui "
                            "tahun ini."
        }, why
    # a tambahan is held to the same rule
    plan = good_plan(b1)
    plan.rhk[1].parent_rhk_id = rhk_ids(chain["kadis"])[0]
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.save_plan(sid, plan, me(org.staf))
    assert set(exc.value.errors) == {"rhk.2.parent"}


def test_a_link_to_the_penilais_draft_revision_is_refused(chain, org):
    new = wp.revise(chain["kabid"].header.id, me(org.kabid), "Tambahan program")
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    assert wp.link_options(sid) == []
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.save_plan(sid, good_plan(rhk_ids(new)[0]), me(org.staf))
    assert set(exc.value.errors) == {"rhk.1.parent"}


# ------------------------------------------------------------------------------------------- starts
def test_start_from_the_penilai(chain, org):
    kabid = chain["kabid"]
    b1, bt = rhk_ids(kabid)
    view = wp.create_skp(org.staf, YEAR, me(org.staf), start_from="penilai")
    # one RHK utama for each of the penilai's RHK utama (not for their tambahan)
    assert [(r.kind, r.text, r.parent_rhk_id, r.iki, r.actions) for r in view.plan.rhk] == [
        ("utama", "Kabid: Hasil kerja utama 1", b1, [], {}),
    ]
    assert set(rhk_ids(view)).isdisjoint({b1, bt})
    assert view.link_texts == {b1: "Kabid: Hasil kerja utama 1"}
    assert view.history[0].note == "Diturunkan dari RHK pejabat penilai"
    assert view.plan.expectations == EMPTY_EXPECTATIONS
    # the derived RHK still need their IKI before submitting
    with pytest.raises(ValidationError) as exc:
        wp.take_step(view.header.id, "submit", me(org.staf))
    assert exc.value.errors == {
        "rhk.1.iki": "RHK utama ke-1 belum memiliki indikator kinerja (IKI).",
    }


def test_unknown_step_is_a_readable_refusal(chain, org):
    view = wp.create_skp(org.staf, YEAR, me(org.staf))
    with unchanged(), pytest.raises(DomainError, match="tidak dikenal"):
        wp.take_step(view.header.id, "publish", me(org.staf))


def test_start_from_the_penilai_refused_without_an_approved_plan(org):
    wp.create_skp(org.kabid, YEAR, me(org.kabid))  # a draft is not enough
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.create_skp(org.staf, YEAR, me(org.staf), start_from="penilai")
    assert str(exc.value) == (
        "Pejabat penilai belum memiliki SKP yang disetujui untuk tahun ini; RHK-nya belum dapat diturunkan."
    )
    with unchanged(), pytest.raises(DomainError):
        wp.create_skp(org.sekda, YEAR, OPERATOR, start_from="penilai")  # no penilai at all


def test_start_from_last_year(chain, org):
    last_kabid = last_year_kabid(org)
    last = wp.create_skp(org.staf, YEAR - 1, me(org.staf))
    plan = good_plan(rhk_ids(last_kabid)[0], prefix="2024: ")
    plan.expectations["harmonis"] = "Membangun suasana kerja yang baik"
    wp.save_plan(last.header.id, plan, me(org.staf))
    last = wp.get_skp(last.header.id)
    view = wp.create_skp(org.staf, YEAR, OPERATOR, start_from="tahun_lalu")
    assert view.header.year == YEAR and view.header.version == 1
    assert view.header.penilai_id == org.kabid
    expected = content(last.plan)
    for r in expected.rhk:
        r.parent_rhk_id = None  # last year's links point into last year's plans
    assert content(view.plan) == expected
    assert set(rhk_ids(view)).isdisjoint(rhk_ids(last))
    assert view.history[0].note == f"Disalin dari SKP {YEAR - 1}"
    # last year's SKP is untouched
    assert wp.get_skp(last.header.id) == last
    assert sql("SELECT count(*) FROM skp_rhk WHERE origin_rhk_id IS NOT NULL") == [(0,)]


def test_start_from_last_year_refused_without_one(org):
    wp.create_skp(org.staf, YEAR - 2, me(org.staf))  # two years ago does not count
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.create_skp(org.staf, YEAR, me(org.staf), start_from="tahun_lalu")
    assert str(exc.value) == f"Rina Wulandari tidak memiliki SKP tahun {YEAR - 1} untuk disalin."


# ------------------------------------------------------------------------------------------ revision
def test_revise_makes_a_new_draft_version_and_keeps_the_old(chain, org):
    b1 = rhk_ids(chain["kabid"])[0]
    v1 = approved(org.staf, good_plan(b1, b1), me(org.kabid))
    v2 = wp.revise(v1.header.id, me(org.staf), "  Perubahan tugas di tengah tahun ")
    h = v2.header
    assert (h.version, h.status, h.current, h.revision_reason) == (2, Status.DRAF, True, "Perubahan tugas di tengah tahun")
    assert h.id != v1.header.id
    assert (h.penilai_id, h.penilai_name, h.atasan_id) == (org.kabid, "Bambang Priyono, S.K.M.", org.kadis)
    assert content(v2.plan) == content(v1.plan)
    assert [r.parent_rhk_id for r in v2.plan.rhk] == [b1, b1, None]
    assert set(rhk_ids(v2)).isdisjoint(rhk_ids(v1))
    # each new RHK remembers the RHK it was copied from
    origins = sql("SELECT id, origin_rhk_id FROM skp_rhk WHERE skp_id = ? ORDER BY position", h.id)
    assert origins == list(zip(rhk_ids(v2), rhk_ids(v1)))
    assert [(e.from_status, e.to_status, e.actor, e.note) for e in v2.history] == [
        (None, Status.DRAF, f"pegawai #{org.staf}", "Revisi dari versi 1: Perubahan tugas di tengah tahun")
    ]
    # all versions stay viewable; the old one is approved, unchanged and no longer current
    assert wp.versions(org.staf, YEAR) == [(v1.header.id, 1, Status.DISETUJUI), (h.id, 2, Status.DRAF)]
    old = wp.get_skp(v1.header.id)
    assert old.header == dataclasses.replace(v1.header, current=False)
    assert old.plan == v1.plan and old.history == v1.history
    assert wp.open_skp(org.staf, YEAR).header.id == h.id
    assert audit_actions("skp")[-1] == ("revise", "skp", h.id)
    # the new version goes through the same steps
    wp.take_step(h.id, "submit", me(org.staf))
    assert wp.take_step(h.id, "approve", me(org.kabid)).header.status is Status.DISETUJUI
    wp.revise(h.id, me(org.kabid), "Revisi oleh penilai")  # the penilai may revise too
    assert [v for _i, v, _s in wp.versions(org.staf, YEAR)] == [1, 2, 3]


def test_revise_refusals(chain, org):
    draft = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    with unchanged(), pytest.raises(DomainError) as exc:
        wp.revise(draft, me(org.staf), "Alasan")
    assert str(exc.value) == "Revisi dibuat dari versi terbaru SKP yang sudah disetujui."
    kadis = chain["kadis"].header.id
    for actor in (me(org.staf), me(org.kabid)):  # neither the employee, nor their penilai
        with unchanged(), pytest.raises(ValidationError) as exc:
            wp.revise(kadis, actor, "Alasan")
        assert exc.value.errors == {"actor": "Revisi SKP dibuat oleh pegawai, pejabat penilai, atau operator."}
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.revise(kadis, me(org.kadis), "   ")
    assert exc.value.errors == {
        "reason": "Tuliskan alasan revisi (mis. perubahan tugas atau target di tengah tahun)."
    }
    wp.revise(kadis, OPERATOR, "Perubahan Renstra")
    with unchanged(), pytest.raises(DomainError) as exc:  # the old version cannot be revised again
        wp.revise(kadis, OPERATOR, "Lagi")
    assert str(exc.value) == "Revisi dibuat dari versi terbaru SKP yang sudah disetujui."


def test_revision_takes_the_header_as_it_is_now(chain, org):
    b1 = rhk_ids(chain["kabid"])[0]
    v1 = approved(org.staf, good_plan(b1), me(org.kabid))
    staf = emp.get_employee(org.staf).data
    emp.update_employee(org.staf, dataclasses.replace(staf, golongan="III/b"))
    v2 = wp.revise(v1.header.id, me(org.staf), "Kenaikan pangkat")
    assert (v1.header.employee_golongan, v2.header.employee_golongan) == ("III/a", "III/b")
    assert wp.get_skp(v1.header.id).header.employee_golongan == "III/a"


# ------------------------------------------------------------------------------------------- overview
def test_overview_lists_every_active_employee(chain, org):
    b1 = rhk_ids(chain["kabid"])[0]
    staf = approved(org.staf, good_plan(b1), me(org.kabid))
    wp.revise(staf.header.id, me(org.staf), "Perubahan")
    lurah = wp.create_skp(org.lurah, YEAR, OPERATOR).header.id
    emp.deactivate_employee(org.staf2, "Pensiun")
    rows = wp.overview(YEAR)
    by_name = {r.name: (r.status, r.version, r.penilai_name, r.unit_name) for r in rows}
    assert [r.name for r in rows] == sorted(by_name)  # by name
    assert by_name == {
        "Agus Salim": (Status.DRAF, 1, "Joko Susilo", "Kelurahan Mawar"),
        "Bambang Priyono, S.K.M.": (Status.DISETUJUI, 1, "dr. Siti Aminah, M.Kes.", "Bidang Pencegahan Penyakit"),
        "Drs. Hendra Wijaya, M.Si.": (Status.DISETUJUI, 1, "", "Pemerintah Kabupaten Contoh"),
        "Joko Susilo": (None, 0, "Drs. Hendra Wijaya, M.Si.", "Kecamatan Utara"),
        "Rina Wulandari": (Status.DRAF, 2, "Bambang Priyono, S.K.M.", "Seksi Surveilans"),
        "dr. Siti Aminah, M.Kes.": (Status.DISETUJUI, 1, "Drs. Hendra Wijaya, M.Si.", "Dinas Kesehatan"),
    }
    row = next(r for r in rows if r.employee_id == org.lurah)
    assert (row.nip, row.position_title, row.skp_id) == ("198609262015051007", "Lurah Mawar", lurah)
    assert next(r for r in rows if r.employee_id == org.camat).skp_id is None
    assert next(r for r in rows if r.employee_id == org.staf).skp_id == wp.open_skp(org.staf, YEAR).header.id
    # one unit and the units below it
    assert {r.employee_id for r in wp.overview(YEAR, org.units["dinkes"])} == {org.kadis, org.kabid, org.staf}
    assert {r.employee_id for r in wp.overview(YEAR, org.units["kecamatan"])} == {org.camat, org.lurah}
    # another year: nobody has an SKP
    assert {(r.status, r.version, r.skp_id) for r in wp.overview(YEAR + 1)} == {(None, 0, None)}
    assert len(wp.overview(YEAR + 1)) == 6


# -------------------------------------------------------------------------------------------- cascade
def _flat(nodes, depth=0):
    for n in nodes:
        yield depth, n
        yield from _flat(n.children, depth + 1)


def test_cascade_tree_and_its_gaps(chain, org):
    k1, k2, kt = rhk_ids(chain["kadis"])
    b1, bt = rhk_ids(chain["kabid"])
    sid = wp.create_skp(org.staf, YEAR, me(org.staf)).header.id
    s1, s2, st = rhk_ids(wp.save_plan(sid, good_plan(b1, None), me(org.staf)))
    roots = wp.cascade(YEAR, org.units["dinkes"])
    tree = {n.rhk_id: (depth, [c.rhk_id for c in n.children], n.unsupported, n.unlinked) for depth, n in _flat(roots)}
    # RHK tambahan (kt, bt, st) stay out of the cascade: nobody's RHK supports them
    assert tree == {
        k1: (0, [b1], False, False),
        k2: (0, [], True, False),  # nobody supports the kepala's second RHK utama
        b1: (1, [s1], False, False),
        s1: (2, [], False, False),
        s2: (0, [], False, True),  # a staff RHK utama with no link
    }
    assert {kt, bt, st}.isdisjoint(tree)
    assert roots[-1].rhk_id == s2  # the gaps come last
    node = next(n for _d, n in _flat(roots) if n.rhk_id == s1)
    assert (node.employee_id, node.employee_name, node.position_title, node.kind, node.status) == (
        org.staf, "Rina Wulandari", "Epidemiolog Kesehatan Ahli Pertama", "utama", Status.DRAF
    )
    assert wp.subtree_count(roots) == 5
    # the bidang alone: the kabid's RHK are the top, their link upward is outside
    roots = wp.cascade(YEAR, org.units["bidang"])
    tree = {n.rhk_id: (depth, n.unsupported, n.unlinked) for depth, n in _flat(roots)}
    assert tree == {b1: (0, False, False), s1: (1, False, False), s2: (0, False, True)}
    # an empty year
    assert wp.cascade(YEAR + 1, org.units["dinkes"]) == []


def test_cascade_follows_a_supervisors_revision(chain, org):
    b1 = rhk_ids(chain["kabid"])[0]
    staf = approved(org.staf, good_plan(b1), me(org.kabid))
    s1 = rhk_ids(staf)[0]
    v2 = wp.revise(chain["kabid"].header.id, me(org.kabid), "Program baru")
    b1_new = rhk_ids(v2)[0]
    k1 = rhk_ids(chain["kadis"])[0]

    def placement():
        flat = {n.rhk_id: n for _d, n in _flat(wp.cascade(YEAR, org.units["dinkes"]))}
        return flat, [c.rhk_id for c in flat[b1_new].children]

    flat, children = placement()
    assert b1 not in flat  # the old version is not shown
    assert children == [s1]  # the staff RHK (still linked to version 1) hangs under version 2's RHK
    assert flat[b1_new].status is Status.DRAF
    assert [c.rhk_id for c in flat[k1].children] == [b1_new]
    assert not flat[s1].unlinked and not flat[b1_new].unsupported
    wp.take_step(v2.header.id, "submit", me(org.kabid))
    wp.take_step(v2.header.id, "approve", me(org.kadis))
    assert placement()[1] == [s1]
    # a second revision is followed as well
    v3 = wp.revise(v2.header.id, me(org.kabid), "Program baru lagi")
    flat = {n.rhk_id: n for _d, n in _flat(wp.cascade(YEAR, org.units["dinkes"]))}
    assert [c.rhk_id for c in flat[rhk_ids(v3)[0]].children] == [s1]


def test_cascade_marks_a_dropped_supervisor_rhk(chain, org):
    b1 = rhk_ids(chain["kabid"])[0]
    s1 = rhk_ids(approved(org.staf, good_plan(b1), me(org.kabid)))[0]
    v2 = wp.revise(chain["kabid"].header.id, me(org.kabid), "RHK 1 dihapus")
    plan = v2.plan
    plan.rhk = [Rhk("utama", "RHK pengganti", [Iki("waktu", "Tepat", 1, "bulan")], rhk_ids(chain["kadis"])[0])]
    wp.save_plan(v2.header.id, plan, me(org.kabid))
    flat = {n.rhk_id: n for _d, n in _flat(wp.cascade(YEAR, org.units["dinkes"]))}
    # the staff RHK supported an RHK that the new version dropped: it hangs loose, marked
    assert flat[s1].unlinked is True
    assert flat[rhk_ids(wp.open_skp(org.kabid, YEAR))[0]].unsupported is True


def test_links_follow_the_penilais_revision(chain, org):
    """Staff linked to the kabid's version 1; the kabid revises and gets version 2 approved: the staff
    plan still saves and submits, its links now pointing at version 2."""
    kabid_v1 = chain["kabid"]
    staff = wp.create_skp(org.staf, YEAR, me(org.staf))
    wp.save_plan(staff.header.id, good_plan(rhk_ids(kabid_v1)[0]), me(org.staf))
    v2 = wp.revise(kabid_v1.header.id, me(org.kabid), "Perubahan target")
    wp.take_step(v2.header.id, "submit", me(org.kabid))
    v2 = wp.take_step(v2.header.id, "approve", me(org.kadis))
    staff = wp.get_skp(staff.header.id)
    assert staff.plan.rhk[0].parent_rhk_id == rhk_ids(kabid_v1)[0]  # stored as it was linked
    saved = wp.save_plan(staff.header.id, staff.plan, me(org.staf))
    assert saved.plan.rhk[0].parent_rhk_id == rhk_ids(v2)[0]  # moved to the newest version on save
    submitted = wp.take_step(staff.header.id, "submit", me(org.staf))
    assert submitted.header.status is Status.DIAJUKAN


def test_submit_says_when_the_penilais_plan_is_not_approved_yet(org):
    wp.create_skp(org.kabid, YEAR, me(org.kabid))  # the kabid's plan: only a draft
    staff = wp.create_skp(org.staf, YEAR, me(org.staf))
    wp.save_plan(staff.header.id, good_plan(None), me(org.staf))
    with unchanged(), pytest.raises(ValidationError) as exc:
        wp.take_step(staff.header.id, "submit", me(org.staf))
    assert exc.value.errors == {"links": (
        f"SKP {YEAR} pejabat penilai (Bambang Priyono, S.K.M.) belum disetujui, jadi RHK utama belum dapat "
        "dikaitkan dengan RHK-nya. Ajukan setelah SKP pejabat penilai disetujui."
    )}


def test_the_penilai_writes_the_expectations_until_approval(chain, org):
    staff = wp.create_skp(org.staf, YEAR, me(org.staf))
    texts = EMPTY_EXPECTATIONS | {"kolaboratif": "Aktif dalam tim penyelidikan KLB"}
    view = wp.save_expectations(staff.header.id, texts, me(org.kabid))  # the penilai
    assert view.plan.expectations["kolaboratif"] == "Aktif dalam tim penyelidikan KLB"
    with unchanged(), pytest.raises(ValidationError):
        wp.save_expectations(staff.header.id, texts, me(org.lurah))  # someone else
    with unchanged(), pytest.raises(ValidationError):
        wp.save_expectations(staff.header.id, {"santun": "x"}, me(org.kabid))
    kabid = chain["kabid"]  # approved: only through a revision
    with unchanged(), pytest.raises(DomainError, match="revisi"):
        wp.save_expectations(kabid.header.id, texts, me(org.kadis))



def test_a_change_from_a_stale_window_is_refused(chain, org):
    """Two windows opened the same draft; the first saves; the second's save and submit are refused."""
    opened = wp.create_skp(org.staf, YEAR, me(org.staf))
    version = opened.header.lock_version
    first = wp.save_plan(opened.header.id, good_plan(rhk_ids(chain["kabid"])[0]), me(org.staf),
                         expected_version=version)
    assert first.header.lock_version == version + 1
    with unchanged(), pytest.raises(DomainError, match="sudah diubah di jendela atau komputer lain"):
        wp.save_plan(opened.header.id, good_plan(None, prefix="Lama: "), me(org.staf), expected_version=version)
    with unchanged(), pytest.raises(DomainError, match="sudah diubah"):
        wp.take_step(opened.header.id, "submit", me(org.staf), expected_version=version)
    with unchanged(), pytest.raises(DomainError, match="sudah diubah"):
        wp.save_expectations(opened.header.id, EMPTY_EXPECTATIONS, me(org.kabid), expected_version=version)
    submitted = wp.take_step(opened.header.id, "submit", me(org.staf), expected_version=first.header.lock_version)
    assert submitted.header.status is Status.DIAJUKAN
