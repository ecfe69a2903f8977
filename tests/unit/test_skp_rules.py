"""domain.skp: the SKP workflow (who may take which step from which status), the BerAKHLAK core values,
evaluation periods, and the rules a plan must satisfy to be saved and to be submitted."""

from __future__ import annotations

import itertools
import math

import pytest

from asn_desktop.domain import skp
from asn_desktop.domain.errors import ValidationError
from asn_desktop.domain.skp import Iki, Plan, Rhk, Role, Status

ALL_ROLES = (Role.PEGAWAI, Role.OPERATOR, Role.PENILAI)
ROLE_SETS = [frozenset(c) for n in range(len(ALL_ROLES) + 1) for c in itertools.combinations(ALL_ROLES, n)]

# the workflow as the issue states it, written out by hand (not read from skp.STEPS)
WORKFLOW = {
    # step: (label, from statuses, to status, roles that may take it, note required)
    "submit": ("Ajukan", {Status.DRAF, Status.DIKEMBALIKAN}, Status.DIAJUKAN, {Role.PEGAWAI, Role.OPERATOR}, False),
    "approve": ("Setujui", {Status.DIAJUKAN}, Status.DISETUJUI, {Role.PENILAI}, False),
    "return": ("Kembalikan", {Status.DIAJUKAN}, Status.DIKEMBALIKAN, {Role.PENILAI}, True),
    "withdraw": ("Tarik kembali", {Status.DIAJUKAN}, Status.DRAF, {Role.PEGAWAI, Role.OPERATOR}, False),
}
STATUS_MESSAGE_TAIL = {
    "submit": "hanya untuk SKP berstatus Draf atau Dikembalikan.",
    "approve": "hanya untuk SKP berstatus Diajukan.",
    "return": "hanya untuk SKP berstatus Diajukan.",
    "withdraw": "hanya untuk SKP berstatus Diajukan.",
}
WHO = {
    "submit": "pegawai yang bersangkutan atau operator kepegawaian",
    "approve": "pejabat penilai kinerja",
    "return": "pejabat penilai kinerja",
    "withdraw": "pegawai yang bersangkutan atau operator kepegawaian",
}


# ------------------------------------------------------------------------------------------ workflow
def test_steps_table():
    assert set(skp.STEPS) == set(WORKFLOW)
    for name, (label, source, target, roles, note) in WORKFLOW.items():
        step = skp.STEPS[name]
        assert (step.name, step.label, set(step.source), step.target, set(step.roles), step.note_required) == (
            name, label, source, target, roles, note
        )
    assert set(skp.EDIT_ROLES) == {Role.PEGAWAI, Role.OPERATOR}
    assert set(skp.REVISE_ROLES) == {Role.PEGAWAI, Role.OPERATOR, Role.PENILAI}


CASES = [
    (name, status, roles)
    for name in WORKFLOW
    for status in Status
    for roles in ROLE_SETS
]


@pytest.mark.parametrize(
    ("name", "status", "roles"),
    CASES,
    ids=[f"{n}-{s.value}-{'+'.join(sorted(r.value for r in rs)) or 'nobody'}" for n, s, rs in CASES],
)
def test_every_step_from_every_status_by_every_role_set(name, status, roles):
    label, source, target, allowed, note_required = WORKFLOW[name]
    note = "Target kuantitas terlalu rendah."
    if status not in source:
        with pytest.raises(ValidationError) as exc:
            skp.check_step(name, status, set(roles), note)
        message = f"SKP berstatus {status.label}; langkah '{label}' {STATUS_MESSAGE_TAIL[name]}"
        assert exc.value.errors == {"status": message}
        assert str(exc.value) == message
    elif not roles & allowed:
        with pytest.raises(ValidationError) as exc:
            skp.check_step(name, status, set(roles), note)
        message = f"Langkah '{label}' hanya dapat dilakukan oleh {WHO[name]}."
        assert exc.value.errors == {"actor": message}
        assert exc.value.field == "actor"
    else:
        step = skp.check_step(name, status, set(roles), note)
        assert step.target is target
        assert step.name == name
        # the same without a note: only 'return' needs one
        if note_required:
            for empty in ("", "   \n\t"):
                with pytest.raises(ValidationError) as exc:
                    skp.check_step(name, status, set(roles), empty)
                assert exc.value.errors == {"note": "Langkah 'Kembalikan' memerlukan catatan untuk pegawai."}
        else:
            assert skp.check_step(name, status, set(roles)).target is target


def test_status_checked_before_role_and_note():
    # an approved SKP: whatever the role and the note, the status is what the user is told about
    with pytest.raises(ValidationError) as exc:
        skp.check_step("return", Status.DISETUJUI, set(), "")
    assert set(exc.value.errors) == {"status"}
    with pytest.raises(ValidationError) as exc:
        skp.check_step("return", Status.DIAJUKAN, {Role.PEGAWAI}, "")
    assert set(exc.value.errors) == {"actor"}


def test_status_editable_and_labels():
    assert {s: s.editable for s in Status} == {
        Status.DRAF: True, Status.DIKEMBALIKAN: True, Status.DIAJUKAN: False, Status.DISETUJUI: False,
    }
    assert [s.label for s in Status] == ["Draf", "Diajukan", "Dikembalikan", "Disetujui"]
    assert [s.value for s in Status] == ["draf", "diajukan", "dikembalikan", "disetujui"]


# ------------------------------------------------------------------------------------- core values
DESIGN_CORE_VALUES = {
    "Berorientasi Pelayanan": (
        "memahami dan memenuhi kebutuhan masyarakat",
        "ramah, cekatan, solutif, dan dapat diandalkan",
        "melakukan perbaikan tiada henti",
    ),
    "Akuntabel": (
        "melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
        "menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "tidak menyalahgunakan kewenangan jabatan",
    ),
    "Kompeten": (
        "meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "membantu orang lain belajar",
        "melaksanakan tugas dengan kualitas terbaik",
    ),
    "Harmonis": (
        "menghargai setiap orang apapun latar belakangnya",
        "suka menolong orang lain",
        "membangun lingkungan kerja yang kondusif",
    ),
    "Loyal": (
        "memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
        "menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "menjaga rahasia jabatan dan negara",
    ),
    "Adaptif": (
        "cepat menyesuaikan diri menghadapi perubahan",
        "terus berinovasi dan mengembangkan kreativitas",
        "bertindak proaktif",
    ),
    "Kolaboratif": (
        "memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    ),
}


def test_seven_core_values_berakhlak():
    assert len(skp.CORE_VALUES) == 7
    assert [v.name for v in skp.CORE_VALUES] == list(DESIGN_CORE_VALUES)
    # BerAKHLAK: the initials spell the acronym, in order
    assert "".join(v.name[0] for v in skp.CORE_VALUES) == "BAKHLAK"
    for v in skp.CORE_VALUES:
        assert len(v.guidance) == 3
        # the panduan as DESIGN.md words them; the app shows each as a sentence (capital first letter)
        assert tuple(g[0].lower() + g[1:] for g in v.guidance) == DESIGN_CORE_VALUES[v.name], v.name
        assert all(g[0].isupper() for g in v.guidance)
    assert skp.CORE_VALUE_CODES == (
        "berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif",
    )
    assert len(set(skp.CORE_VALUE_CODES)) == 7


# ------------------------------------------------------------------------------------------ periods
def test_periods_per_cadence():
    assert skp.periods("bulanan") == (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember",
    )
    assert len(skp.periods("bulanan")) == 12
    assert skp.periods("triwulan") == ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
    assert skp.periods("semester") == ("Semester I", "Semester II")


@pytest.mark.parametrize("cadence", ["tahunan", "", "Triwulan"])
def test_unknown_cadence_refused(cadence):
    with pytest.raises(ValidationError) as exc:
        skp.periods(cadence)
    assert exc.value.errors == {
        "cadence": f"Periode evaluasi '{cadence}' tidak dikenal (bulanan, triwulan, semester)."
    }


# ---------------------------------------------------------------------------------------- the plan
def iki(**over) -> Iki:
    values = dict(aspect="kuantitas", text="Jumlah laporan surveilans yang tersusun", target_value=12.0,
                  target_unit="laporan")
    values.update(over)
    return Iki(**values)


def rhk(kind: str = "utama", text: str = "Tersusunnya laporan surveilans penyakit", **over) -> Rhk:
    values = dict(iki=[iki()], parent_rhk_id=None, actions={})
    values.update(over)
    return Rhk(kind, text, **values)


def valid_plan() -> Plan:
    return Plan(
        approach="kuantitatif",
        rhk=[
            rhk(parent_rhk_id=11, actions={1: "Mengumpulkan data", 4: "Menyusun laporan tahunan"},
                iki=[iki(), iki(aspect="waktu", text="Ketepatan waktu penyampaian", target_value=None,
                                target_text="Setiap tanggal 5 bulan berikutnya")]),
            rhk(text="Terlaksananya verifikasi data kasus", parent_rhk_id=12,
                iki=[iki(aspect="kualitas", text="Persentase data terverifikasi", target_value=95, target_unit="%")]),
            rhk("tambahan", "Menjadi narasumber kegiatan", iki=[iki(aspect="biaya", target_value=1.5,
                                                                    target_unit="juta rupiah")]),
        ],
        expectations={code: "" for code in skp.CORE_VALUE_CODES} | {"kompeten": "Mengikuti pelatihan surveilans"},
        dukungan_sumber_daya="Aplikasi SKDR",
        skema_pertanggungjawaban="Laporan bulanan",
        konsekuensi="Sesuai ketentuan",
    )


def test_valid_plan_has_no_problems():
    plan = valid_plan()
    assert skp.field_problems(plan, 4) == {}
    assert skp.submission_problems(plan, links_required=True, allowed_links={11, 12, 13}) == {}
    assert skp.submission_problems(plan, links_required=False, allowed_links=set()) == {}
    # kualitatif and an empty plan are fine as drafts
    assert skp.field_problems(Plan(approach="kualitatif"), 4) == {}
    assert skp.field_problems(Plan(), 2) == {}


def _with(plan_change) -> Plan:
    plan = valid_plan()
    plan_change(plan)
    return plan


FIELD_PROBLEMS = [
    ("unknown approach", lambda p: setattr(p, "approach", "campuran"),
     {"approach": "Pendekatan SKP harus kuantitatif atau kualitatif."}),
    ("unknown kind", lambda p: setattr(p.rhk[1], "kind", "pokok"),
     {"rhk.2.kind": "Jenis RHK ke-2 harus utama atau tambahan."}),
    ("empty RHK text", lambda p: setattr(p.rhk[1], "text", "  \n "),
     {"rhk.2.text": "Uraian RHK utama ke-2 masih kosong."}),
    ("empty tambahan text", lambda p: setattr(p.rhk[2], "text", ""),
     {"rhk.3.text": "Uraian RHK tambahan ke-1 masih kosong."}),
    ("unknown aspect", lambda p: setattr(p.rhk[0].iki[1], "aspect", "manfaat"),
     {"rhk.1.iki.2.aspect": "Aspek IKI ke-2 RHK utama ke-1 harus kuantitas, kualitas, waktu, atau biaya."}),
    ("empty IKI text", lambda p: setattr(p.rhk[2].iki[0], "text", " "),
     {"rhk.3.iki.1.text": "Uraian IKI ke-1 RHK tambahan ke-1 masih kosong."}),
    ("target 0", lambda p: setattr(p.rhk[0].iki[0], "target_value", 0),
     {"rhk.1.iki.1.target": "Target IKI ke-1 RHK utama ke-1 harus angka lebih dari 0."}),
    ("target negative", lambda p: setattr(p.rhk[1].iki[0], "target_value", -5.0),
     {"rhk.2.iki.1.target": "Target IKI ke-1 RHK utama ke-2 harus angka lebih dari 0."}),
    ("target NaN", lambda p: setattr(p.rhk[0].iki[0], "target_value", math.nan),
     {"rhk.1.iki.1.target": "Target IKI ke-1 RHK utama ke-1 harus angka lebih dari 0."}),
    ("target inf", lambda p: setattr(p.rhk[0].iki[0], "target_value", math.inf),
     {"rhk.1.iki.1.target": "Target IKI ke-1 RHK utama ke-1 harus angka lebih dari 0."}),
    ("target -inf", lambda p: setattr(p.rhk[0].iki[0], "target_value", -math.inf),
     {"rhk.1.iki.1.target": "Target IKI ke-1 RHK utama ke-1 harus angka lebih dari 0."}),
    ("numeric target without unit", lambda p: setattr(p.rhk[1].iki[0], "target_unit", "  "),
     {"rhk.2.iki.1.target": "Target IKI ke-1 RHK utama ke-2 berupa angka, jadi satuannya wajib diisi "
                            "(mis. dokumen, %, hari)."}),
    ("rencana aksi after the last period", lambda p: p.rhk[0].actions.update({5: "Evaluasi"}),
     {"rhk.1.actions": "Rencana aksi RHK utama ke-1 untuk periode 5 di luar periode tahun ini."}),
    ("rencana aksi period 0", lambda p: p.rhk[2].actions.update({0: "Persiapan"}),
     {"rhk.3.actions": "Rencana aksi RHK tambahan ke-1 untuk periode 0 di luar periode tahun ini."}),
    ("unknown core value", lambda p: p.expectations.update({"jujur": "Selalu jujur"}),
     {"perilaku.jujur": "Nilai dasar 'jujur' tidak dikenal."}),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in FIELD_PROBLEMS], ids=[c[0] for c in FIELD_PROBLEMS])
def test_field_problems(change, expected):
    assert skp.field_problems(_with(change), 4) == expected


def test_field_problems_all_at_once():
    plan = Plan(
        approach="x",
        rhk=[Rhk("lain", "", [Iki("lain", "")]),  # unknown kind: nothing else of it is checked
             Rhk("utama", "", [Iki("mutu", "", target_value=-1.0), Iki("waktu", "Tepat waktu", 3.0)],
                 actions={13: "x"})],
        expectations={"x": ""},
    )
    assert skp.field_problems(plan, 12) == {
        "approach": "Pendekatan SKP harus kuantitatif atau kualitatif.",
        "rhk.1.kind": "Jenis RHK ke-1 harus utama atau tambahan.",
        "rhk.2.text": "Uraian RHK utama ke-1 masih kosong.",
        "rhk.2.actions": "Rencana aksi RHK utama ke-1 untuk periode 13 di luar periode tahun ini.",
        "rhk.2.iki.1.aspect": "Aspek IKI ke-1 RHK utama ke-1 harus kuantitas, kualitas, waktu, atau biaya.",
        "rhk.2.iki.1.text": "Uraian IKI ke-1 RHK utama ke-1 masih kosong.",
        "rhk.2.iki.1.target": "Target IKI ke-1 RHK utama ke-1 harus angka lebih dari 0.",
        "rhk.2.iki.2.target": "Target IKI ke-2 RHK utama ke-1 berupa angka, jadi satuannya wajib diisi "
                              "(mis. dokumen, %, hari).",
        "perilaku.x": "Nilai dasar 'x' tidak dikenal.",
    }


@pytest.mark.parametrize(("count", "last_ok"), [(12, 12), (4, 4), (2, 2)])
def test_rencana_aksi_follows_the_period_count(count, last_ok):
    plan = valid_plan()
    plan.rhk[0].actions = {p: f"Aksi {p}" for p in range(1, last_ok + 1)}
    assert skp.field_problems(plan, count) == {}
    plan.rhk[0].actions[last_ok + 1] = "Terlalu jauh"
    assert skp.field_problems(plan, count) == {
        "rhk.1.actions": f"Rencana aksi RHK utama ke-1 untuk periode {last_ok + 1} di luar periode tahun ini."
    }


def test_text_target_needs_no_unit_and_small_positive_numbers_pass():
    plan = valid_plan()
    plan.rhk[0].iki = [iki(target_value=None, target_unit="", target_text="Tepat waktu"),
                       iki(target_value=0.01, target_unit="%")]
    assert skp.field_problems(plan, 4) == {}


SUBMISSION_PROBLEMS = [
    ("no RHK at all", lambda p: p.rhk.clear(), {"rhk": "SKP harus memiliki paling sedikit satu RHK utama."}),
    ("only tambahan", lambda p: p.rhk.__delitem__(slice(0, 2)),
     {"rhk": "SKP harus memiliki paling sedikit satu RHK utama."}),
    ("RHK without IKI", lambda p: p.rhk[1].iki.clear(),
     {"rhk.2.iki": "RHK utama ke-2 belum memiliki indikator kinerja (IKI)."}),
    ("tambahan without IKI", lambda p: p.rhk[2].iki.clear(),
     {"rhk.3.iki": "RHK tambahan ke-1 belum memiliki indikator kinerja (IKI)."}),
    ("IKI without any target", lambda p: setattr(p.rhk[0].iki[1], "target_text", "  "),
     {"rhk.1.iki.2.target": "IKI ke-2 RHK utama ke-1 belum memiliki target."}),
    ("link missing", lambda p: setattr(p.rhk[1], "parent_rhk_id", None),
     {"rhk.2.parent": "RHK utama ke-2 harus dikaitkan dengan RHK pejabat penilai yang diintervensi."}),
    ("link not allowed", lambda p: setattr(p.rhk[0], "parent_rhk_id", 99),
     {"rhk.1.parent": "RHK utama ke-1 dikaitkan dengan RHK yang bukan bagian SKP pejabat penilai yang "
                      "sudah disetujui untuk tahun ini."}),
]


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in SUBMISSION_PROBLEMS], ids=[c[0] for c in SUBMISSION_PROBLEMS]
)
def test_submission_problems(change, expected):
    assert skp.submission_problems(_with(change), links_required=True, allowed_links={11, 12}) == expected


def test_links_only_checked_when_required_and_only_for_utama():
    plan = valid_plan()
    for r in plan.rhk:
        r.parent_rhk_id = None
    assert skp.submission_problems(plan, links_required=False, allowed_links=set()) == {}
    assert skp.submission_problems(plan, links_required=True, allowed_links={11, 12}) == {
        "rhk.1.parent": "RHK utama ke-1 harus dikaitkan dengan RHK pejabat penilai yang diintervensi.",
        "rhk.2.parent": "RHK utama ke-2 harus dikaitkan dengan RHK pejabat penilai yang diintervensi.",
    }
    # an RHK tambahan needs no link, and its link is not judged here
    plan = valid_plan()
    plan.rhk[2].parent_rhk_id = 99
    assert skp.submission_problems(plan, links_required=True, allowed_links={11, 12}) == {}


def test_submission_problems_several_at_once():
    plan = Plan(rhk=[Rhk("tambahan", "Narasumber", []), Rhk("tambahan", "Panitia", [Iki("waktu", "Tepat")])])
    problems = skp.submission_problems(plan, links_required=True, allowed_links=set())
    assert problems == {
        "rhk": "SKP harus memiliki paling sedikit satu RHK utama.",
        "rhk.1.iki": "RHK tambahan ke-1 belum memiliki indikator kinerja (IKI).",
        "rhk.2.iki.1.target": "IKI ke-1 RHK tambahan ke-2 belum memiliki target.",
    }
    err = ValidationError(problems)
    assert str(err).startswith("Data belum benar:\n• SKP harus memiliki paling sedikit satu RHK utama.")


@pytest.mark.parametrize("value, unit, text, shown", [
    (950_000_000, "rupiah", "", "950.000.000 rupiah"),  # not 9,5e+08
    (12.5, "dokumen", "", "12,5 dokumen"),
    (1234567.891, "", "", "1.234.567,89"),
    (90, "%", "", "90 %"),
    (0.125, "indeks", "", "0,13 indeks"),
    (None, "", "Zona hijau", "Zona hijau"),
])
def test_targets_are_written_as_indonesian_documents_write_them(value, unit, text, shown):
    assert skp.target_text(value, unit, text) == shown
