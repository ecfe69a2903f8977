"""SKP (Sasaran Kinerja Pegawai): statuses and their workflow, core values, periods, the rules a plan
must satisfy (PermenPANRB 6/2022). Pure Python: the services apply these to stored plans."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from .errors import ValidationError


class Status(Enum):
    DRAF = "draf"
    DIAJUKAN = "diajukan"
    DIKEMBALIKAN = "dikembalikan"
    DISETUJUI = "disetujui"

    @property
    def label(self) -> str:
        return {"draf": "Draf", "diajukan": "Diajukan", "dikembalikan": "Dikembalikan", "disetujui": "Disetujui"}[
            self.value
        ]

    @property
    def editable(self) -> bool:
        """The plan's content may change only while it is with the employee."""
        return self in (Status.DRAF, Status.DIKEMBALIKAN)


class Role(Enum):
    """Who acts on a plan: its employee (or the operator on their behalf) or its pejabat penilai."""

    PEGAWAI = "pegawai"
    OPERATOR = "operator"
    PENILAI = "penilai"


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    source: tuple[Status, ...]
    target: Status
    roles: tuple[Role, ...]
    note_required: bool = False


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step("submit", "Ajukan", (Status.DRAF, Status.DIKEMBALIKAN), Status.DIAJUKAN, (Role.PEGAWAI, Role.OPERATOR)),
        Step("approve", "Setujui", (Status.DIAJUKAN,), Status.DISETUJUI, (Role.PENILAI,)),
        Step("return", "Kembalikan", (Status.DIAJUKAN,), Status.DIKEMBALIKAN, (Role.PENILAI,), note_required=True),
        Step("withdraw", "Tarik kembali", (Status.DIAJUKAN,), Status.DRAF, (Role.PEGAWAI, Role.OPERATOR)),
    )
}
EDIT_ROLES = (Role.PEGAWAI, Role.OPERATOR)
REVISE_ROLES = (Role.PEGAWAI, Role.OPERATOR, Role.PENILAI)


def check_step(step_name: str, status: Status, roles: set[Role], note: str = "") -> Step:
    """The step, or a :class:`ValidationError` saying in Indonesian why it cannot be taken now."""
    step = STEPS[step_name]
    if status not in step.source:
        raise ValidationError(
            {"status": f"SKP berstatus {status.label}; langkah '{step.label}' hanya untuk SKP berstatus "
                       + " atau ".join(s.label for s in step.source) + "."}
        )
    if not roles & set(step.roles):
        who = " atau ".join(_ROLE_LABEL[r] for r in step.roles)
        raise ValidationError({"actor": f"Langkah '{step.label}' hanya dapat dilakukan oleh {who}."})
    if step.note_required and not note.strip():
        raise ValidationError({"note": f"Langkah '{step.label}' memerlukan catatan untuk pegawai."})
    return step


_ROLE_LABEL = {Role.PEGAWAI: "pegawai yang bersangkutan", Role.OPERATOR: "operator kepegawaian",
               Role.PENILAI: "pejabat penilai kinerja"}


APPROACHES = {"kuantitatif": "Kuantitatif", "kualitatif": "Kualitatif"}
RHK_KINDS = {"utama": "Utama", "tambahan": "Tambahan"}
ASPECTS = {"kuantitas": "Kuantitas", "kualitas": "Kualitas", "waktu": "Waktu", "biaya": "Biaya"}


@dataclass(frozen=True)
class CoreValue:
    code: str
    name: str
    guidance: tuple[str, str, str]  # panduan perilaku (SE MenPANRB 20/2021)


CORE_VALUES: tuple[CoreValue, ...] = (
    CoreValue("berorientasi_pelayanan", "Berorientasi Pelayanan", (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    )),
    CoreValue("akuntabel", "Akuntabel", (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    )),
    CoreValue("kompeten", "Kompeten", (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    )),
    CoreValue("harmonis", "Harmonis", (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    )),
    CoreValue("loyal", "Loyal", (
        "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "Menjaga rahasia jabatan dan negara",
    )),
    CoreValue("adaptif", "Adaptif", (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    )),
    CoreValue("kolaboratif", "Kolaboratif", (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    )),
)
CORE_VALUE_CODES = tuple(v.code for v in CORE_VALUES)

# evaluation periods per cadence (the office chooses; quarterly is the official example)
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
CADENCES: dict[str, tuple[str, ...]] = {
    "bulanan": MONTHS,
    "triwulan": ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"),
    "semester": ("Semester I", "Semester II"),
}


def number_text(value: float) -> str:
    """A number as Indonesian documents write it: 950.000.000, 12,5 (at most two decimals, none when whole)."""
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # 0,125 → 0,13
    text = f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.2f}".rstrip("0")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def target_text(value: float | None, unit: str, text: str) -> str:
    """An IKI's target (or a realisasi) as written on the forms: "950.000.000 rupiah", or the target in words."""
    if value is not None:
        return f"{number_text(value)} {unit}".strip()
    return text


def periods(cadence: str) -> tuple[str, ...]:
    if cadence not in CADENCES:
        raise ValidationError({"cadence": f"Periode evaluasi '{cadence}' tidak dikenal (bulanan, triwulan, semester)."})
    return CADENCES[cadence]


# ------------------------------------------------------------------------------------------- the plan
@dataclass
class Iki:
    """Indikator Kinerja Individu: an aspect and a target (a number with a unit, or a text)."""

    aspect: str
    text: str
    target_value: float | None = None
    target_unit: str = ""
    target_text: str = ""
    id: int | None = None


@dataclass
class Rhk:
    """Rencana Hasil Kerja, with its IKI and its rencana aksi per evaluation period."""

    kind: str  # utama / tambahan
    text: str
    iki: list[Iki] = field(default_factory=list)
    parent_rhk_id: int | None = None  # the penilai's RHK it supports (RHK pimpinan yang diintervensi)
    actions: dict[int, str] = field(default_factory=dict)  # period number (1-based) -> rencana aksi
    id: int | None = None


@dataclass
class Plan:
    """The content of one SKP version: what the employee edits."""

    approach: str = "kuantitatif"
    rhk: list[Rhk] = field(default_factory=list)
    expectations: dict[str, str] = field(default_factory=dict)  # core value code -> ekspektasi khusus pimpinan
    dukungan_sumber_daya: str = ""
    skema_pertanggungjawaban: str = ""
    konsekuensi: str = ""


def _where(i: int, r: Rhk) -> str:
    return f"RHK {RHK_KINDS.get(r.kind, r.kind).lower()} ke-{i}"


def field_problems(plan: Plan, period_count: int) -> dict[str, str]:
    """What makes a plan unsaveable even as a draft: unknown values, a number target that is not a
    positive number with a unit. Keys name the place (``rhk.2.iki.1.target``)."""
    errors: dict[str, str] = {}
    if plan.approach not in APPROACHES:
        errors["approach"] = "Pendekatan SKP harus kuantitatif atau kualitatif."
    counters = {"utama": 0, "tambahan": 0}
    for ri, r in enumerate(plan.rhk, 1):
        if r.kind not in RHK_KINDS:
            errors[f"rhk.{ri}.kind"] = f"Jenis RHK ke-{ri} harus utama atau tambahan."
            continue
        counters[r.kind] += 1
        where = _where(counters[r.kind], r)
        if not r.text.strip():
            errors[f"rhk.{ri}.text"] = f"Uraian {where} masih kosong."
        for period in r.actions:
            if not 1 <= period <= period_count:
                errors[f"rhk.{ri}.actions"] = f"Rencana aksi {where} untuk periode {period} di luar periode tahun ini."
        for ii, k in enumerate(r.iki, 1):
            key = f"rhk.{ri}.iki.{ii}"
            if k.aspect not in ASPECTS:
                errors[f"{key}.aspect"] = f"Aspek IKI ke-{ii} {where} harus kuantitas, kualitas, waktu, atau biaya."
            if not k.text.strip():
                errors[f"{key}.text"] = f"Uraian IKI ke-{ii} {where} masih kosong."
            if k.target_value is not None:
                if not math.isfinite(k.target_value) or k.target_value <= 0:
                    errors[f"{key}.target"] = f"Target IKI ke-{ii} {where} harus angka lebih dari 0."
                elif not k.target_unit.strip():
                    errors[f"{key}.target"] = (
                        f"Target IKI ke-{ii} {where} berupa angka, jadi satuannya wajib diisi (mis. dokumen, %, hari)."
                    )
    for code in plan.expectations:
        if code not in CORE_VALUE_CODES:
            errors[f"perilaku.{code}"] = f"Nilai dasar '{code}' tidak dikenal."
    return errors


def submission_problems(plan: Plan, links_required: bool, allowed_links: set[int]) -> dict[str, str]:
    """What a plan must have before it goes to the penilai, on top of :func:`field_problems`:
    at least one RHK utama, an IKI for every RHK, every IKI a target, and (for staff below the top of
    the unit) every RHK utama linked to an RHK of the penilai's approved SKP."""
    errors: dict[str, str] = {}
    if not any(r.kind == "utama" for r in plan.rhk):
        errors["rhk"] = "SKP harus memiliki paling sedikit satu RHK utama."
    counters = {"utama": 0, "tambahan": 0}
    for ri, r in enumerate(plan.rhk, 1):
        if r.kind not in counters:
            continue
        counters[r.kind] += 1
        where = _where(counters[r.kind], r)
        if not r.iki:
            errors[f"rhk.{ri}.iki"] = f"{where} belum memiliki indikator kinerja (IKI)."
        for ii, k in enumerate(r.iki, 1):
            if k.target_value is None and not k.target_text.strip():
                errors[f"rhk.{ri}.iki.{ii}.target"] = f"IKI ke-{ii} {where} belum memiliki target."
        if r.kind == "utama" and links_required:
            if r.parent_rhk_id is None:
                errors[f"rhk.{ri}.parent"] = (
                    f"{where} harus dikaitkan dengan RHK pejabat penilai yang diintervensi."
                )
            elif r.parent_rhk_id not in allowed_links:
                errors[f"rhk.{ri}.parent"] = (
                    f"{where} dikaitkan dengan RHK yang bukan bagian SKP pejabat penilai yang "
                    "sudah disetujui untuk tahun ini."
                )
    return errors
