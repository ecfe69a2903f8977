"""Kantor contoh (demo office): a realistic synthetic kabupaten, built in one transaction.

The office has a ``pemda`` root with the Sekretaris Daerah, perangkat daerah (dinas/badan) with a
sekretariat, subbagian, bidang and seksi, UPTD (puskesmas, SD, SMP) and kecamatan with kelurahan. How
much of it is built grows with the number of employees: a single dinas for 50 people, a whole kabupaten
for 10,000. Every unit has a head (kepala/camat/lurah/kepala sekolah) who is the pejabat penilai of the
staff of the unit; heads report to the head of the unit above, up to the Sekretaris Daerah.

People are consistent with the rules in :mod:`asn_desktop.domain`: the NIP carries the birth date,
TMT CPNS (or the year of appointment as PPPK), and gender; the golongan follows education and years of
service; the jenjang of a jabatan fungsional follows the golongan. The same seed and size give the same
database, row for row (only :class:`random.Random` seeded with the seed is used).

Every active employee also gets an SKP for the year, built top-down along the pejabat penilai hierarchy
the way :mod:`asn_desktop.services.workplans` would store it: staff below the top of an OPD/kecamatan
link each RHK utama to an RHK of their penilai's approved plan; most plans are approved, some are
submitted, returned with a note or still drafts, and a few were revised mid-year (version 2). The plans
satisfy the rules of :mod:`asn_desktop.domain.skp` for their status.

The approved plans are evaluated the way :mod:`asn_desktop.services.appraisals` would store it: the
periods of the office's cadence that have ended (mostly final) and the annual evaluation in every state
(none yet, drafts with one or both ratings, final for most), with realisasi and bukti dukung per IKI, some
umpan balik, notes per core value, self-assessments and a few peers' views; public feedback per perangkat
daerah/kecamatan and period; a predikat organisasi for each of them, whose rule the annual predikat of
some units follow and of others do not; and a few keberatan, pending, accepted and rejected.

A year of pengembangan kompetensi follows, as :mod:`asn_desktop.services.development` and
:mod:`asn_desktop.services.coaching` would store it: courses of the province and the BKPSDM for matching
positions (guru, tenaga kesehatan, administrasi, kepemimpinan for heads), e-learning modules, coaching by
supervisors, workshops and seminars, with a realistic spread of JP (many short of 20, some with none), a few
events across the turn of the year, certificates and partial credits; the training needs proposed from
evaluations rated Di Bawah Ekspektasi, reviewed and some planned or done; and two programmes of coaching
with the participants' feedback.

Then the tindak lanjut, as :mod:`asn_desktop.services.consequences`, :mod:`asn_desktop.services.tpp` and
:mod:`asn_desktop.services.promotion` would store it: the previous year's pegawai teladan of every perangkat
daerah/kecamatan with uang pembinaan, the innovation competition of both years with prize money, Satyalancana
Karya Satya for 10, 20 and 30 years of service since the TMT CPNS in the NIP; a handful of sanctions (mostly
ringan, pemotongan tunjangan kinerja of 6, 9 and 12 months of which two run in the TPP month and one was
cancelled on appeal, one penurunan jabatan); monthly attendance of the year up to the month before the
records' last day; that month's TPP of the whole office computed and locked, the month before it a draft;
two open vacancies and potensi of most heads.

The data that make it Indonesian (names, places, organisation, RHK and IKI, the texts of the evaluations)
are in ``resources/demo/`` (training: ``pengembangan.json``; tindak lanjut: ``tindak_lanjut.json``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
import math
import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

from peewee import fn

from asn_desktop import paths
from asn_desktop.domain import golongan as gol
from asn_desktop.domain import nip as nipmod
from asn_desktop.domain import appraisal as appraisal_rules
from asn_desktop.domain import consequences as rules_consequences
from asn_desktop.domain import development as development_rules
from asn_desktop.domain import organisation
from asn_desktop.domain import skp as skp_rules
from asn_desktop.domain.appraisal import ANNUAL, OrgPredikat, PeriodSpan
from asn_desktop.domain.errors import DomainError
from asn_desktop.domain.predikat import Predikat, Rating
from asn_desktop.domain.predikat import predikat as predikat_matrix
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import (
    AttendanceMonth,
    CoachingFeedback,
    CoachingParticipant,
    CoachingProgram,
    CoachingQuestion,
    CoachingSession,
    Employee,
    Evaluation,
    EvaluationBehaviour,
    EvaluationHistory,
    EvaluationIndicator,
    EvaluationPeriod,
    Objection,
    OrgPredikatRecord,
    PastPredikat,
    OrgUnit,
    PeerAssessment,
    PositionHistory,
    PotentialAssessment,
    PublicFeedback,
    Reward,
    Sanction,
    Skp,
    SkpAction,
    SkpExpectation,
    SkpIki,
    SkpRhk,
    SkpStatusHistory,
    TppLine,
    TppRun,
    TrainingEvent,
    TrainingNeed,
    TrainingParticipation,
    Vacancy,
)

from . import consequences as consequence_service
from . import tpp as tpp_service
from .coaching import DEFAULT_QUESTIONS
from .common import insert_rows, write
from .employees import full_name
from .workplans import _cascades

__all__ = ["DemoResult", "DemoCancelled", "build_demo", "MAX_EMPLOYEES", "MAX_SPAN"]

# ================================================================================================ tables
MAX_EMPLOYEES = 100_000
MAX_SPAN = 40  # most direct reports (bawahan langsung) a pejabat penilai gets while there is room elsewhere
PPPK_SHARE = 0.25
INACTIVE_SHARE = 0.01
FIRST_PPPK_YEAR = 2019
YOUNGEST, OLDEST = 20, 58  # ages of the active employees
PENSION_AGE = 58  # batas usia pensiun used for the retired ones
YEARS_PER_RUANG = (3.6, 4.8)  # one ruang up every 3.6–4.8 years of service (kenaikan pangkat reguler: 4)
OLD_TITLE_BORN_BEFORE = 1971  # graduates before 1994 wrote Drs./Dra./Ir. in front instead of S.Sos., S.T. ...
PROGRESS_EVERY = 250
NO_SKP_PERCENT = 2  # of the employees who rate nobody: no SKP yet
# rows per INSERT: 500 rows of 18 columns stays under SQLite's limit of bound variables (32766 since 3.32)
CHUNK = 500 if sqlite3.sqlite_version_info >= (3, 32, 0) else 50

# staff weight of a unit kind: seksi/subbagian = 1; heads of bigger units have few staff of their own
WEIGHT_LEAF = 1.0
WEIGHT_OPD = 0.05
WEIGHT_SEKRETARIAT = 0.1
WEIGHT_BIDANG = 0.15
WEIGHT_BIDANG_WITHOUT_SEKSI = 1.5  # e.g. an inspektur pembantu leads the auditors directly
WEIGHT_KELURAHAN = 0.7
LURAH_ADMINISTRATOR = 0.15  # share of kelurahan whose lurah is an administrator (eselon III)

SKILLED_EDUCATION = ("SD", "SMP", "SMA", "D1", "D2", "D3")  # keterampilan track; D4 and above: keahlian
ADMIN_FIELDS = ("ekonomi", "sosial", "hukum", "pemerintahan", "komputer")  # field "*"

# usia saat TMT CPNS, by education (PNS); the youngest age at appointment as PPPK
PNS_APPOINTMENT_AGE = {
    "SD": (19, 30), "SMP": (19, 30), "SMA": (19, 30), "D1": (20, 31), "D2": (20, 32),
    "D3": (21, 33), "D4": (22, 35), "S1": (22, 35), "S2": (25, 35), "S3": (28, 35),
}
PPPK_MIN_AGE = {"SD": 20, "SMP": 20, "SMA": 20, "D1": 20, "D2": 21, "D3": 21, "D4": 22, "S1": 22, "S2": 25, "S3": 28}
PPPK_GOLONGAN = {
    "SD": "I", "SMP": "III", "SMA": "V", "D1": "V", "D2": "VI",
    "D3": "VII", "D4": "IX", "S1": "IX", "S2": "X", "S3": "XI",
}
# the highest golongan a pelaksana reaches by regular promotion, by education
PELAKSANA_CAP = {
    "SD": "II/a", "SMP": "II/c", "SMA": "III/b", "D1": "III/b", "D2": "III/b",
    "D3": "III/c", "D4": "III/d", "S1": "III/d", "S2": "III/d", "S3": "IV/a",
}
KETERAMPILAN_TOP = "III/d"  # Penyelia
KEAHLIAN_LOWEST, KEAHLIAN_TOP = "III/a", "IV/b"  # Ahli Pertama .. Ahli Madya
KETERAMPILAN = ("Pemula", "Terampil", "Mahir", "Penyelia")
KEAHLIAN = ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama")
# jenjang of a PNS in a jabatan fungsional, by golongan
JENJANG_BY_GOLONGAN = {
    "keterampilan": {"II/a": "Pemula", "II/b": "Pemula", "II/c": "Terampil", "II/d": "Terampil",
                     "III/a": "Mahir", "III/b": "Mahir", "III/c": "Penyelia", "III/d": "Penyelia"},
    "keahlian": {"III/a": "Ahli Pertama", "III/b": "Ahli Pertama", "III/c": "Ahli Muda", "III/d": "Ahli Muda",
                 "IV/a": "Ahli Madya", "IV/b": "Ahli Madya", "IV/c": "Ahli Madya",
                 "IV/d": "Ahli Utama", "IV/e": "Ahli Utama"},
}
# month of TMT CPNS (formasi are usually appointed from January or March) and of PPPK appointments
TMT_MONTHS = ((1, 5), (2, 1), (3, 3), (4, 1), (6, 1), (10, 1), (12, 2))
PPPK_MONTHS = ((1, 3), (3, 2), (4, 1), (7, 1), (10, 1))

# nomenklatur jabatan pelaksana by education
PELAKSANA_TITLES = {
    "SMA": ("Pengadministrasi Perkantoran", "Pengadministrasi Umum", "Operator Layanan Operasional",
            "Pengelola Umum Operasional"),
    "D3": ("Pengolah Data dan Informasi", "Pengelola Data", "Pengelola Layanan Operasional",
           "Operator Layanan Operasional"),
    "S1": ("Penata Layanan Operasional", "Penelaah Teknis Kebijakan", "Pengelola Layanan Operasional",
           "Analis Data dan Informasi"),
}
PELAKSANA_TITLE_GROUP = {"SD": "SMA", "SMP": "SMA", "SMA": "SMA", "D1": "SMA", "D2": "D3", "D3": "D3",
                         "D4": "S1", "S1": "S1", "S2": "S1", "S3": "S1"}

# mix of naming traditions; the seed picks one that dominates the kabupaten
NAME_GROUPS = {"jawa": 28, "muslim": 18, "sunda": 14, "batak": 10, "minang": 10, "bugis": 10, "bali": 10}
DOMINANT_GROUP_EXTRA = 35


@dataclass(frozen=True)
class HeadLevel:
    """What the head of a unit is: jabatan struktural level, golongan range, education, share of women."""

    position_kind: str
    jenjang: str  # empty: follows the golongan (a kepala sekolah is a guru)
    lowest: str
    highest: str
    education: tuple[tuple[str, float], ...]
    women: float


HEAD_LEVELS: dict[str, HeadLevel] = {
    "sekda": HeadLevel("struktural", "JPT Pratama", "IV/c", "IV/d", (("S2", 70), ("S3", 30)), 0.15),
    "jpt": HeadLevel("struktural", "JPT Pratama", "IV/b", "IV/c", (("S2", 85), ("S3", 15)), 0.25),
    "administrator": HeadLevel("struktural", "Administrator", "III/d", "IV/b", (("S1", 35), ("S2", 65)), 0.3),
    "pengawas": HeadLevel("struktural", "Pengawas", "III/b", "IV/a",
                          (("D3", 5), ("D4", 10), ("S1", 65), ("S2", 20)), 0.4),
    "kepala_sekolah": HeadLevel("fungsional", "", "III/c", "IV/b", (("S1", 70), ("S2", 30)), 0.5),
}


@dataclass(frozen=True)
class Family:
    """A rumpun jabatan for staff: a jabatan fungsional (title + jenjang) or, with no title, pelaksana."""

    title: str
    field: str  # bidang ilmu for academic titles; "a|b" = one of them, "*" = one of ADMIN_FIELDS
    education: tuple[tuple[str, float], ...]
    women: float = 0.5
    pppk: float = 1.0  # relative chance of being PPPK rather than PNS
    pemula: bool = False  # the keterampilan track starts at Pemula (SMA)
    lowest: str = ""  # lowest golongan of a PNS in it (e.g. Pengawas Sekolah starts at Ahli Muda)

    @property
    def kind(self) -> str:
        return "fungsional" if self.title else "pelaksana"


def _edu(**weights: float) -> tuple[tuple[str, float], ...]:
    return tuple(weights.items())


FAMILIES: dict[str, Family] = {
    "pelaksana": Family("", "*", _edu(SMA=45, D3=20, S1=35), women=0.45),
    "guru": Family("Guru", "pendidikan", _edu(S1=85, D4=5, S2=10), women=0.62, pppk=1.8),
    "pengawas_sekolah": Family("Pengawas Sekolah", "pendidikan", _edu(S1=40, S2=60), women=0.4, pppk=0.0,
                               lowest="III/c"),
    "penilik": Family("Penilik", "pendidikan", _edu(S1=80, S2=20), pppk=0.3),
    "dokter": Family("Dokter", "kedokteran", _edu(S1=90, S2=10), women=0.6, pppk=1.2),
    "dokter_gigi": Family("Dokter Gigi", "kedokteran_gigi", _edu(S1=100), women=0.7, pppk=1.2),
    "perawat": Family("Perawat", "keperawatan", _edu(D3=55, S1=45), women=0.68, pppk=1.8),
    "bidan": Family("Bidan", "kebidanan", _edu(D3=65, D4=25, S1=10), women=1.0, pppk=1.8),
    "apoteker": Family("Apoteker", "apoteker", _edu(S1=90, S2=10), women=0.7, pppk=1.2),
    "asisten_apoteker": Family("Asisten Apoteker", "farmasi", _edu(D3=100), women=0.75, pppk=1.5),
    "pranata_lab": Family("Pranata Laboratorium Kesehatan", "lab", _edu(D3=70, S1=30), women=0.6, pppk=1.5),
    "nutrisionis": Family("Nutrisionis", "gizi", _edu(D3=60, S1=40), women=0.85, pppk=1.5),
    "sanitarian": Family("Sanitarian", "kesling", _edu(D3=60, S1=40), pppk=1.5),
    "epidemiolog": Family("Epidemiolog Kesehatan", "kesmas", _edu(S1=80, S2=20), women=0.55),
    "penyuluh_kesehatan": Family("Penyuluh Kesehatan Masyarakat", "kesmas", _edu(S1=90, S2=10), women=0.6),
    "perekam_medis": Family("Perekam Medis", "rekam_medis", _edu(D3=85, S1=15), women=0.6, pppk=1.5),
    "administrator_kesehatan": Family("Administrator Kesehatan", "kesmas", _edu(S1=70, S2=30), women=0.55),
    "analis_kebijakan": Family("Analis Kebijakan", "*", _edu(S1=60, S2=40), women=0.45, pppk=0.3),
    "perencana": Family("Perencana", "ekonomi|teknik|sosial", _edu(S1=60, S2=40), women=0.45, pppk=0.5),
    "statistisi": Family("Statistisi", "statistik", _edu(D3=30, S1=70)),
    "pranata_komputer": Family("Pranata Komputer", "komputer", _edu(D3=40, S1=60), women=0.35),
    "pranata_humas": Family("Pranata Hubungan Masyarakat", "komunikasi", _edu(D3=30, S1=70)),
    "arsiparis": Family("Arsiparis", "perpustakaan|*", _edu(D3=50, S1=50), women=0.6),
    "pustakawan": Family("Pustakawan", "perpustakaan", _edu(D3=40, S1=60), women=0.65),
    "auditor": Family("Auditor", "ekonomi", _edu(D3=15, S1=70, S2=15), women=0.45, pppk=0.3),
    "p2upd": Family("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "pemerintahan|hukum",
                    _edu(S1=70, S2=30), women=0.4, pppk=0.3),
    "analis_sdm": Family("Analis Sumber Daya Manusia Aparatur", "sosial|psikologi|hukum", _edu(S1=80, S2=20),
                         women=0.55),
    "asesor_sdm": Family("Asesor Sumber Daya Manusia Aparatur", "psikologi", _edu(S1=60, S2=40), women=0.6,
                         pppk=0.3),
    "pranata_sdm": Family("Pranata Sumber Daya Manusia Aparatur", "*", _edu(D3=100), women=0.55),
    "analis_keuangan": Family("Analis Keuangan Pusat dan Daerah", "ekonomi", _edu(S1=80, S2=20), women=0.55),
    "pengelola_pbj": Family("Pengelola Pengadaan Barang/Jasa", "ekonomi|teknik", _edu(S1=85, S2=15), women=0.35,
                            pppk=0.3),
    "teknik_jalan": Family("Teknik Jalan dan Jembatan", "teknik", _edu(D3=30, S1=70), women=0.2),
    "teknik_pengairan": Family("Teknik Pengairan", "teknik", _edu(D3=30, S1=70), women=0.2),
    "penata_ruang": Family("Penata Ruang", "teknik", _edu(S1=80, S2=20), women=0.35),
    "teknik_bangunan": Family("Teknik Tata Bangunan dan Perumahan", "teknik", _edu(D3=35, S1=65), women=0.25),
    "pekerja_sosial": Family("Pekerja Sosial", "sosial", _edu(D3=20, D4=20, S1=60), women=0.6),
    "penyuluh_sosial": Family("Penyuluh Sosial", "sosial", _edu(D3=20, S1=80), women=0.55),
    "adminduk": Family("Administrator Database Kependudukan", "komputer", _edu(D3=40, S1=60), women=0.45),
    "polpp": Family("Polisi Pamong Praja", "hukum|*", _edu(SMA=55, D3=10, S1=35), women=0.2, pemula=True),
    "damkar": Family("Pemadam Kebakaran", "teknik", _edu(SMA=80, D3=20), women=0.05, pemula=True),
    "penguji_kendaraan": Family("Penguji Kendaraan Bermotor", "teknik", _edu(D3=60, S1=40), women=0.15),
    "sandiman": Family("Sandiman", "komputer", _edu(D3=50, S1=50), women=0.35),
    "penyuluh_pertanian": Family("Penyuluh Pertanian", "pertanian", _edu(D3=35, S1=65), women=0.4, pppk=1.5),
    "medik_veteriner": Family("Medik Veteriner", "kedokteran_hewan", _edu(S1=100)),
    "paramedik_veteriner": Family("Paramedik Veteriner", "peternakan", _edu(D3=100), women=0.35),
    "pengawas_benih": Family("Pengawas Benih Tanaman", "pertanian", _edu(D3=40, S1=60), women=0.4),
    "pengendali_dampak": Family("Pengendali Dampak Lingkungan", "lingkungan", _edu(S1=80, S2=20), women=0.45),
    "pengawas_lh": Family("Pengawas Lingkungan Hidup", "lingkungan", _edu(S1=85, S2=15), women=0.4),
    "penggerak_swadaya": Family("Penggerak Swadaya Masyarakat", "sosial|pemerintahan", _edu(D3=30, S1=70),
                                women=0.45),
    "penyuluh_kb": Family("Penyuluh Keluarga Berencana", "kesmas|sosial", _edu(S1=100), women=0.65),
    "penera": Family("Penera", "teknik", _edu(D3=50, S1=50), women=0.3),
    "pengawas_perdagangan": Family("Pengawas Perdagangan", "ekonomi", _edu(S1=100), women=0.45),
    "penyuluh_perindustrian": Family("Penyuluh Perindustrian dan Perdagangan", "ekonomi", _edu(S1=100)),
    "adyatama": Family("Adyatama Kepariwisataan dan Ekonomi Kreatif", "pariwisata", _edu(S1=90, S2=10)),
    "pamong_budaya": Family("Pamong Budaya", "sosial", _edu(S1=100)),
    "penata_bencana": Family("Penata Penanggulangan Bencana", "sosial|teknik", _edu(D3=40, S1=60), women=0.3),
    "pengantar_kerja": Family("Pengantar Kerja", "sosial|psikologi", _edu(S1=100)),
    "instruktur": Family("Instruktur", "teknik", _edu(D3=40, S1=60), women=0.3),
    "penyuluh_perikanan": Family("Penyuluh Perikanan", "perikanan", _edu(D3=35, S1=65), women=0.35, pppk=1.5),
}


@dataclass(frozen=True)
class FieldTitles:
    """Gelar akademik of a bidang ilmu: back titles by education, and a front title where one is used."""

    diploma3: str
    diploma4: str
    bachelor: tuple[str, ...]  # empty: the profession's front title stands alone (dr.)
    master: tuple[str, ...]
    old_front: str = ""  # Drs. or Ir. of the older graduates
    profession: str = ""  # gelar profesi written in front: dr., drg., drh., apt.
    below_bachelor: str = ""  # for a profession: the field whose diploma titles apply below S1


FIELDS: dict[str, FieldTitles] = {
    "pendidikan": FieldTitles("A.Md.Pd.", "S.Tr.Pd.", ("S.Pd.",), ("M.Pd.",), old_front="Drs."),
    "kedokteran": FieldTitles("", "", (), ("M.Kes.", "M.K.M."), profession="dr.", below_bachelor="kesmas"),
    "kedokteran_gigi": FieldTitles("", "", (), ("M.Kes.",), profession="drg.", below_bachelor="kesmas"),
    "kedokteran_hewan": FieldTitles("", "", (), ("M.Si.",), profession="drh.", below_bachelor="peternakan"),
    "apoteker": FieldTitles("", "", ("S.Farm.",), ("M.Farm.",), profession="apt.", below_bachelor="farmasi"),
    "keperawatan": FieldTitles("A.Md.Kep.", "S.Tr.Kep.", ("S.Kep., Ns.",), ("M.Kep.",)),
    "kebidanan": FieldTitles("A.Md.Keb.", "S.Tr.Keb.", ("S.Keb., Bd.",), ("M.Keb.",)),
    "farmasi": FieldTitles("A.Md.Farm.", "S.Tr.Farm.", ("S.Farm.",), ("M.Farm.",)),
    "lab": FieldTitles("A.Md.A.K.", "S.Tr.Kes.", ("S.Si.",), ("M.Si.",)),
    "gizi": FieldTitles("A.Md.Gz.", "S.Tr.Gz.", ("S.Gz.",), ("M.Gz.",)),
    "kesling": FieldTitles("A.Md.K.L.", "S.Tr.Kes.", ("S.K.M.",), ("M.K.M.",)),
    "kesmas": FieldTitles("A.Md.Kes.", "S.Tr.Kes.", ("S.K.M.",), ("M.Kes.", "M.K.M.")),
    "rekam_medis": FieldTitles("A.Md.RMIK.", "S.Tr.RMIK.", ("S.K.M.",), ("M.Kes.",)),
    "komputer": FieldTitles("A.Md.Kom.", "S.Tr.Kom.", ("S.Kom.", "S.T."), ("M.Kom.", "M.T.")),
    "ekonomi": FieldTitles("A.Md.Ak.", "S.Tr.Ak.", ("S.E.", "S.E.", "S.Ak."), ("M.M.", "M.Si.", "M.Ak."),
                           old_front="Drs."),
    "hukum": FieldTitles("A.Md.", "S.Tr.", ("S.H.",), ("M.H.",)),
    "sosial": FieldTitles("A.Md.", "S.Tr.Sos.", ("S.Sos.",), ("M.Si.", "M.AP."), old_front="Drs."),
    "pemerintahan": FieldTitles("A.Md.", "S.STP.", ("S.IP.", "S.Sos."), ("M.Si.", "M.AP."), old_front="Drs."),
    "teknik": FieldTitles("A.Md.T.", "S.Tr.T.", ("S.T.",), ("M.T.",), old_front="Ir."),
    "pertanian": FieldTitles("A.Md.P.", "S.Tr.P.", ("S.P.",), ("M.P.", "M.Si."), old_front="Ir."),
    "peternakan": FieldTitles("A.Md.Pt.", "S.Tr.Pt.", ("S.Pt.",), ("M.Si.",), old_front="Ir."),
    "statistik": FieldTitles("A.Md.Stat.", "S.Tr.Stat.", ("S.Stat.", "S.Si."), ("M.Si.",)),
    "psikologi": FieldTitles("A.Md.", "S.Tr.", ("S.Psi.",), ("M.Psi.",), old_front="Drs."),
    "komunikasi": FieldTitles("A.Md.", "S.Tr.I.Kom.", ("S.I.Kom.", "S.Sos."), ("M.I.Kom.", "M.Si."),
                              old_front="Drs."),
    "perpustakaan": FieldTitles("A.Md.", "S.Tr.", ("S.IP.", "S.Hum."), ("M.Hum.", "M.IP."), old_front="Drs."),
    "lingkungan": FieldTitles("A.Md.", "S.Tr.", ("S.T.", "S.Si."), ("M.Si.", "M.T."), old_front="Ir."),
    "pariwisata": FieldTitles("A.Md.Par.", "S.Tr.Par.", ("S.Par.",), ("M.Par.",)),
    "perikanan": FieldTitles("A.Md.Pi.", "S.Tr.Pi.", ("S.Pi.",), ("M.Si.",), old_front="Ir."),
}

EMPLOYEE_FIELDS = (
    Employee.id, Employee.nip, Employee.front_title, Employee.name, Employee.back_title, Employee.gender,
    Employee.birth_date, Employee.status, Employee.golongan, Employee.education, Employee.position_title,
    Employee.position_kind, Employee.jenjang, Employee.unit, Employee.supervisor, Employee.active,
    Employee.inactive_reason, Employee.inactive_date,
)
HISTORY_FIELDS = (
    PositionHistory.employee, PositionHistory.position_title, PositionHistory.position_kind,
    PositionHistory.jenjang, PositionHistory.unit, PositionHistory.start_date, PositionHistory.end_date,
    PositionHistory.note,
)


# ================================================================================================ API
@dataclass(frozen=True)
class DemoResult:
    units: int
    employees: int
    seconds: float


class DemoCancelled(Exception):
    """The build was cancelled (dibatalkan); the transaction was rolled back and nothing was written."""

    def __init__(self) -> None:
        super().__init__("Pembuatan kantor contoh dibatalkan; basis data tidak diubah.")


def build_demo(
    employees: int = 600,
    year: int | None = None,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoResult:
    """Fill the open, empty database with a kantor contoh of ``employees`` people, as of ``year``.

    ``year`` (default: this year; a later year counts as this year, so that every NIP stays valid)
    keeps the dates consistent: nobody is born or appointed after it. Every active employee gets an
    SKP for that year (from 2000 on), dated early in the year, and those approved are evaluated; nothing
    is dated after today (evaluations: after yesterday). ``progress(done, total)`` is called every few
    hundred employees, first while the people are made, then while their SKPs are, while they are
    evaluated, while their training is, then while the tindak lanjut is made (``total`` counts all five: five
    times the number of employees);
    when ``cancelled()`` returns True the build stops with :class:`DemoCancelled` and, as it is one
    transaction, nothing is written. Also sets the office name and region and marks the first-run
    choice as made.
    """
    started = time.perf_counter()
    if not 1 <= employees <= MAX_EMPLOYEES:
        most = f"{MAX_EMPLOYEES:,}".replace(",", ".")
        raise DomainError(f"Jumlah pegawai kantor contoh harus antara 1 dan {most}.")
    this_year = dt.date.today().year
    ref_year = min(this_year if year is None else year, this_year)
    if ref_year < 1970:
        raise DomainError(f"Tahun {year} terlalu jauh di masa lalu untuk kantor contoh (paling awal 1970).")
    units = _build(employees, ref_year, seed, progress or _no_progress, cancelled or _not_cancelled)
    return DemoResult(units=units, employees=employees, seconds=time.perf_counter() - started)


def _no_progress(done: int, total: int) -> None:
    return None


def _not_cancelled() -> bool:
    return False


@write
def _build(n: int, year: int, seed: int, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
    if OrgUnit.select().exists() or Employee.select().exists():
        raise DomainError("Kantor contoh hanya dapat dibuat pada basis data yang masih kosong.")
    total = 5 * n  # the people, their SKPs, the evaluations, their training, then the tindak lanjut

    def report(done: int) -> None:
        if cancelled():
            raise DemoCancelled()
        progress(done, total)

    report(0)
    if cancelled():
        raise DemoCancelled()
    rng = random.Random(seed)
    plan = _plan(rng, n, year, _data())
    for rows in _chunks([(u.id, u.code, u.name, u.kind, u.parent.id if u.parent else None, True) for u in plan.units]):
        OrgUnit.insert_many(rows, fields=[OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent,
                                          OrgUnit.active]).execute()
    store_settings.put("office.name", plan.units[0].name)
    store_settings.put("office.region", f"Kabupaten {plan.regency}")
    store_settings.put("app.first_run_done", True)
    people = _write_employees(rng, plan, year, report)
    if year >= SKP_FIRST_YEAR:
        # a generator of its own, so that the people stay the same whatever the plans need
        _write_skps(random.Random(f"skp:{seed}"), plan, people, year, lambda done: report(n + done))
        _write_evaluations(random.Random(f"penilaian:{seed}"), plan, people, year, dt.date.today(),
                           lambda done: report(2 * n + done))
        _write_development(random.Random(f"pengembangan:{seed}"), plan, people, year, dt.date.today(),
                           lambda done: report(3 * n + done))
        _write_past_years(random.Random(f"riwayat:{seed}"), people, year, dt.date.today(), plan.regency)
        _write_consequences(random.Random(f"tindak-lanjut:{seed}"), plan, people, year, dt.date.today(),
                            lambda done: report(4 * n + done))
    report(total)
    return len(plan.units)


def _chunks(rows: Sequence[tuple], size: int = CHUNK) -> list[Sequence[tuple]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


# ================================================================================================ data files
@dataclass(frozen=True)
class _Data:
    names: _NamePool
    regencies: tuple[str, ...]
    places: tuple[str, ...]
    organisation: dict[str, Any]


def _sections(filename: str) -> dict[str, tuple[str, ...]]:
    """A ``[section]`` text file of resources/demo: one entry per line, ``#`` starts a comment line."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in paths.resource("demo", filename).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _data() -> _Data:
    places = _sections("tempat.txt")
    org = json.loads(paths.resource("demo", "organisasi.json").read_text(encoding="utf-8"))
    profiles = [org["staf_sekretariat"], org["kecamatan"]["staf"], org["kecamatan"]["staf_kelurahan"]]
    profiles += [opd["staf"] for opd in org["perangkat_daerah"]] + [u["staf"] for u in org["uptd"].values()]
    unknown = sorted({key for p in profiles for key in p} - set(FAMILIES))
    if unknown:
        raise RuntimeError(f"organisasi.json names unknown staff families: {', '.join(unknown)}")
    return _Data(_NamePool(_sections("nama.txt")), places["kabupaten"], places["tempat"], org)


class _NamePool:
    """Indonesian personal names by naming tradition (Jawa, Sunda, Batak, Bugis, Bali, Minang, Muslim)."""

    def __init__(self, lists: dict[str, tuple[str, ...]]):
        self._lists = lists

    def make(self, rng: random.Random, group: str, gender: str) -> str:
        parts: list[str] = getattr(self, f"_{group}")(rng, gender)
        out: list[str] = []
        for p in parts:  # never the same word twice in a row ("Hidayat Hidayat")
            if not out or out[-1] != p:
                out.append(p)
        return " ".join(out)

    def _pick(self, rng: random.Random, key: str) -> str:
        return rng.choice(self._lists[key])

    def _jawa(self, rng: random.Random, g: str) -> list[str]:
        if rng.random() < 0.12:  # a single name, as many older Javanese have
            return [self._pick(rng, f"jawa.{g}.belakang")]
        parts = [self._pick(rng, f"jawa.{g}")]
        if rng.random() < 0.15:
            parts.insert(0, self._pick(rng, "jawa.urutan"))
        if rng.random() < 0.85:
            parts.append(self._pick(rng, f"jawa.{g}.belakang"))
        return parts

    def _sunda(self, rng: random.Random, g: str) -> list[str]:
        parts = [self._pick(rng, f"sunda.{g}")]
        if rng.random() < 0.85:
            parts.append(self._pick(rng, f"sunda.{g}.belakang"))
        return parts

    def _batak(self, rng: random.Random, g: str) -> list[str]:
        return [self._pick(rng, f"batak.{g}"), self._pick(rng, "batak.marga")]

    def _bugis(self, rng: random.Random, g: str) -> list[str]:
        parts = ["Andi"] if rng.random() < 0.2 else []
        if g == "L":
            parts.append(self._pick(rng, "bugis.L"))
            if rng.random() < 0.5:
                parts.append(self._pick(rng, "bugis.L.belakang"))
        else:
            if rng.random() < 0.5:
                parts.append(self._pick(rng, "bugis.P.depan"))
            parts.append(self._pick(rng, "bugis.P"))
        return parts

    def _bali(self, rng: random.Random, g: str) -> list[str]:
        if rng.random() < 0.12:
            head = self._pick(rng, f"bali.kasta.{g}")
        else:
            head = ("I " if g == "L" else "Ni ") + self._pick(rng, f"bali.urutan.{g}")
        return [head, self._pick(rng, f"bali.{g}")]

    def _minang(self, rng: random.Random, g: str) -> list[str]:
        parts = [self._pick(rng, f"minang.{g}")]
        r = rng.random()
        if r < 0.25:
            parts.append(self._pick(rng, "minang.suku"))
        elif r < 0.4:
            parts.append(self._pick(rng, f"minang.{g}.belakang"))
        return parts

    def _muslim(self, rng: random.Random, g: str) -> list[str]:
        if g == "L" and rng.random() < 0.12:
            parts = ["Abdul", self._pick(rng, "muslim.asma")]
        else:
            parts = [self._pick(rng, f"muslim.{g}")]
            if rng.random() < (0.45 if g == "L" else 0.4):
                parts.insert(0, self._pick(rng, f"muslim.{g}.depan"))
        if rng.random() < 0.5:
            parts.append(self._pick(rng, f"muslim.{g}.belakang"))
        return parts


# ================================================================================================ units
@dataclass(frozen=True)
class _Spec:
    """A unit waiting in its organisation's queue: created only if the office is big enough."""

    code: str
    name: str
    kind: str
    parent: str | None  # code
    head_title: str
    level: str  # key of HEAD_LEVELS
    field: str
    staff: tuple[tuple[str, float], ...]  # (family, weight) of the staff
    weight: float  # relative share of the staff
    boss: str | None  # code of the unit whose head is this head's pejabat penilai


@dataclass
class _Unit:
    """A unit of the plan. Its head is the employee with the same id (heads are inserted first)."""

    id: int
    spec: _Spec
    parent: _Unit | None
    boss: _Unit | None

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def kind(self) -> str:
        return self.spec.kind


@dataclass
class _Org:
    """A perangkat daerah or kecamatan: the queue of its units in the order they are opened."""

    index: int
    weight: float
    queue: list[_Spec]
    taken: int = 0

    @property
    def fill(self) -> float:
        return self.taken / self.weight


@dataclass(frozen=True)
class _Slot:
    """One employee to create: the head of ``unit`` (family None) or a member of its staff."""

    unit: _Unit
    family: str | None
    pppk_chance: float = 0.0
    leaves: str = ""  # "Pensiun" or "Mutasi keluar" for the few who are no longer active


@dataclass
class _Plan:
    """What will be written: the units (parents first) and one slot per employee (heads first)."""

    regency: str
    units: list[_Unit]
    slots: list[_Slot]
    by_kind: dict[str, list[_Unit]]
    staff_units: list[_Unit]
    names: _NamePool
    name_weights: dict[str, int]  # naming tradition -> weight


def _profile(weights: dict[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple((k, float(v)) for k, v in weights.items() if v > 0)


def _head_budget(n: int) -> int:
    """How many units (each with its head) an office of ``n`` employees gets: about 7% of them for 10,000."""
    if n == 1:
        return 1
    return max(2, min(n, round(0.055 * n + 1.1 * math.sqrt(n))))


def _plan(rng: random.Random, n: int, year: int, data: _Data) -> _Plan:
    """Choose the kabupaten, grow its organisation to fit ``n`` employees and lay out who works where."""
    regency = rng.choice(data.regencies)
    places = list(data.places)
    rng.shuffle(places)
    root_spec = _Spec("PEMDA", f"Pemerintah Kabupaten {regency}", "pemda", None, "Sekretaris Daerah", "sekda",
                      "pemerintahan|*", (), 0.0, None)
    orgs = _organisations(rng, data.organisation, places)
    units = [_Unit(1, root_spec, None, None)]
    by_code = {root_spec.code: units[0]}
    for spec in _grow(orgs, _head_budget(n) - 1):
        parent = by_code[spec.parent] if spec.parent else None
        organisation.check_unit_placement(spec.kind, parent.kind if parent else None)
        unit = _Unit(len(units) + 1, spec, parent, by_code[spec.boss] if spec.boss else None)
        units.append(unit)
        by_code[spec.code] = unit
    by_kind: dict[str, list[_Unit]] = {}
    for u in units:
        by_kind.setdefault(u.kind, []).append(u)
    slots = _staff_slots(rng, n, year, units)
    groups = dict(NAME_GROUPS)
    groups[rng.choice(sorted(groups))] += DOMINANT_GROUP_EXTRA
    staff_units = [u for u in units if u.spec.weight > 0]
    return _Plan(regency, units, slots, by_kind, staff_units or units, data.names, groups)


def _organisations(rng: random.Random, cat: dict[str, Any], places: list[str]) -> list[_Org]:
    """Every perangkat daerah and kecamatan that could exist, in the order they are opened."""
    kec = cat["kecamatan"]
    n_kec = kec["paling_banyak"]
    kecamatan_places = places[:n_kec]
    village_places = iter(places[n_kec:])
    opds = [_opd_queue(opd, cat, places) for opd in cat["perangkat_daerah"]]
    kecs = [_kecamatan_queue(rng, i, kecamatan_places[i], kec, village_places) for i in range(n_kec)]
    ordered: list[tuple[float, list[_Spec]]] = []
    for i, (weight, queue) in enumerate(opds):
        ordered.append((weight, queue))
        if i % 2 == 1 and kecs:
            ordered.append(kecs.pop(0))
    ordered += kecs
    return [_Org(i, weight, queue) for i, (weight, queue) in enumerate(ordered)]


def _opd_queue(opd: dict[str, Any], cat: dict[str, Any], places: list[str]) -> tuple[float, list[_Spec]]:
    code, name, field = opd["kode"], opd["nama"], opd["bidang_ilmu"]
    staff = _profile(opd["staf"])
    sek_staff = _profile(cat["staf_sekretariat"])
    sek_code = f"{code}.SEK"
    head = _Spec(code, name, "opd", "PEMDA", opd["kepala"], "jpt", field, staff, WEIGHT_OPD, "PEMDA")
    sek = _Spec(sek_code, f"Sekretariat {name}", "sekretariat", code, f"Sekretaris {name}", "administrator", "*",
                sek_staff, WEIGHT_SEKRETARIAT, code)
    subs = [
        _Spec(f"{sek_code}.SB{i + 1}", s, "subbagian", sek_code, f"Kepala {s}", "pengawas", "*", sek_staff,
              WEIGHT_LEAF, sek_code)
        for i, s in enumerate(opd.get("subbagian") or cat["subbagian_bawaan"])
    ]
    bidang, seksi = [], []
    for j, b in enumerate(opd["bidang"]):
        bcode = f"{code}.B{j + 1}"
        weight = WEIGHT_BIDANG if b["seksi"] else WEIGHT_BIDANG_WITHOUT_SEKSI
        bidang.append(_Spec(bcode, b["nama"], "bidang", code, b.get("kepala") or f"Kepala {b['nama']}",
                            "administrator", field, staff, weight, code))
        seksi.append([
            _Spec(f"{bcode}.S{k + 1}", s, "seksi", bcode, f"Kepala {s}", "pengawas", field, staff, WEIGHT_LEAF, bcode)
            for k, s in enumerate(b["seksi"])
        ])
    uptd = _uptd_specs(code, opd.get("uptd", []), cat["uptd"], places)
    queue = [head, sek]
    queued = {head.code, sek.code}

    def add(spec: _Spec) -> None:
        queue.append(spec)
        queued.add(spec.code)

    def add_uptd() -> None:
        for i, spec in enumerate(uptd):
            if spec.boss in queued:
                add(uptd.pop(i))
                return

    for r in range(max(len(subs), len(bidang))):
        if r < len(subs):
            add(subs[r])
        if r < len(bidang):
            add(bidang[r])
            if seksi[r]:
                add(seksi[r][0])
        if r >= 1:
            add_uptd()
    for k in range(1, max((len(s) for s in seksi), default=0)):
        for s in seksi:
            if k < len(s):
                add(s[k])
        add_uptd()
    for spec in uptd:
        add(spec)
    return float(opd.get("bobot", 1)), queue


def _uptd_specs(code: str, wanted: list[dict[str, Any]], kinds: dict[str, Any], places: list[str]) -> list[_Spec]:
    """Puskesmas (named after kecamatan, then kelurahan) and schools (SD/SMP Negeri n <tempat>), interleaved."""
    keyed: list[tuple[float, int, _Spec]] = []
    school_places = places[:12]
    for order, w in enumerate(wanted):
        kind = kinds[w["jenis"]]
        count = w["paling_banyak"]
        boss = f"{code}.B{w['bidang'] + 1}" if w["bidang"] is not None else code
        school = w["jenis"] != "puskesmas"
        for i in range(count):
            if school:
                place = school_places[i % len(school_places)]
                name = kind["nama"].format(nomor=i // len(school_places) + 1, tempat=place)
            else:
                name = kind["nama"].format(tempat=places[i % len(places)])
            spec = _Spec(f"{code}.{kind['kode']}{i + 1:02d}", name, "uptd", code, f"Kepala {name}",
                         "kepala_sekolah" if school else "pengawas",
                         "pendidikan" if school else "kesmas|kedokteran",
                         _profile(kind["staf"]), float(kind["bobot"]), boss)
            keyed.append(((i + 0.5) / count, order, spec))
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [spec for _, _, spec in keyed]


def _kecamatan_queue(rng: random.Random, i: int, place: str, kec: dict[str, Any],
                     village_places: Iterator[str]) -> tuple[float, list[_Spec]]:
    code = f"KEC{i + 1:02d}"
    field = kec["bidang_ilmu"]
    staff = _profile(kec["staf"])
    head = _Spec(code, f"Kecamatan {place}", "kecamatan", "PEMDA", f"Camat {place}", "administrator", field,
                 staff, WEIGHT_OPD, "PEMDA")
    sek = _Spec(f"{code}.SEK", f"Sekretariat Kecamatan {place}", "sekretariat", code,
                f"Sekretaris Kecamatan {place}", "administrator", field, staff, WEIGHT_SEKRETARIAT, code)
    subs = [
        _Spec(f"{code}.SEK.SB{j + 1}", s, "subbagian", sek.code, f"Kepala {s}", "pengawas", "*", staff,
              WEIGHT_LEAF, sek.code)
        for j, s in enumerate(kec["subbagian"])
    ]
    seksi = [
        _Spec(f"{code}.S{j + 1}", s, "seksi", code, f"Kepala {s}", "pengawas", f"{field}|*", staff, WEIGHT_LEAF, code)
        for j, s in enumerate(kec["seksi"])
    ]
    low, high = kec["kelurahan"]
    count = high + 1 if i == 0 else rng.randint(low, high)  # the capital's kecamatan has the most kelurahan
    kelurahan = []
    for j in range(count):
        village = next(village_places)
        level = "administrator" if rng.random() < LURAH_ADMINISTRATOR else "pengawas"
        kelurahan.append(_Spec(f"{code}.KEL{j + 1:02d}", f"Kelurahan {village}", "kelurahan", code,
                               f"Lurah {village}", level, field, _profile(kec["staf_kelurahan"]),
                               WEIGHT_KELURAHAN, code))
    queue = [head, sek] + subs[:1]
    rest: list[_Spec] = []
    for j in range(max(len(seksi), len(kelurahan))):
        rest += seksi[j:j + 1] + kelurahan[j:j + 1]
    queue += rest[:4] + subs[1:] + rest[4:]
    return float(kec["bobot"]), queue


def _grow(orgs: list[_Org], budget: int) -> list[_Spec]:
    """Take ``budget`` units from the organisations' queues, opening new organisations as the office grows.

    A new organisation is opened once every open one has ``threshold`` units per unit of weight; until
    then the open organisation that is least filled (for its weight) gets its next unit.
    """
    threshold = min(8.0, 4.0 + budget / 40)
    taken: list[_Spec] = []
    opened: list[_Org] = []
    waiting = list(orgs)
    while len(taken) < budget:
        live = [o for o in opened if o.taken < len(o.queue)]
        if waiting and (not live or min(o.fill for o in live) >= threshold):
            org = waiting.pop(0)
            opened.append(org)
        elif live:
            org = min(live, key=lambda o: (o.fill, o.index))
        else:
            break
        taken.append(org.queue[org.taken])
        org.taken += 1
    return taken


def _staff_slots(rng: random.Random, n: int, year: int, units: list[_Unit]) -> list[_Slot]:
    """Heads first (in unit order, so every supervisor has a smaller id), then the staff of each unit."""
    slots = [_Slot(u, None) for u in units]
    total = n - len(units)
    reports = {u.id: 0 for u in units}
    for u in units:
        if u.boss is not None:
            reports[u.boss.id] += 1
    weights = [u.spec.weight * rng.uniform(0.6, 1.4) for u in units]
    caps = [max(0, MAX_SPAN - reports[u.id] - rng.randint(0, 5)) for u in units]  # not all full to the brim
    counts = _allocate(total, weights, caps)
    families: list[tuple[_Unit, str]] = []
    for u, count in zip(units, counts):
        profile = u.spec.staff or (("pelaksana", 1.0),)
        keys = [k for k, _ in profile]
        families += [(u, k) for k in rng.choices(keys, weights=[w for _, w in profile], k=count)]
    if not families:
        return slots
    leaving = set(rng.sample(range(len(families)), min(len(families), round(n * INACTIVE_SHARE))))
    pppk_base = PPPK_SHARE * n / (len(families) - len(leaving)) if len(families) > len(leaving) else 0.0
    mean_factor = sum(FAMILIES[k].pppk for _, k in families) / len(families)
    for i, (u, key) in enumerate(families):
        if i in leaving:
            slots.append(_Slot(u, key, 0.0, "Pensiun" if rng.random() < 0.55 else "Mutasi keluar"))
            continue
        chance = 0.0
        if year >= FIRST_PPPK_YEAR and mean_factor > 0:
            chance = min(0.85, pppk_base * FAMILIES[key].pppk / mean_factor)
        slots.append(_Slot(u, key, chance))
    return slots


def _allocate(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """Share ``total`` among units in proportion to weight, none above its cap (largest remainder)."""
    counts = [0] * len(weights)
    remaining = total
    room = [i for i, w in enumerate(weights) if w > 0 and caps[i] > 0]
    while remaining > 0 and room:
        wsum = sum(weights[i] for i in room)
        shares = {i: remaining * weights[i] / wsum for i in room}
        given = 0
        for i in room:
            k = min(int(shares[i]), caps[i] - counts[i])
            counts[i] += k
            given += k
        remaining -= given
        if given == 0:
            for i in sorted(room, key=lambda i: -shares[i])[:remaining]:
                counts[i] += 1
                remaining -= 1
        room = [i for i in room if counts[i] < caps[i]]
    if remaining > 0:  # every head has MAX_SPAN reports: the rest goes round the staff units
        spread = [i for i, w in enumerate(weights) if w > 0] or list(range(len(weights)))
        for k in range(remaining):
            counts[spread[k % len(spread)]] += 1
    return counts


# ================================================================================================ people
@dataclass(frozen=True)
class _Person:
    nip: str
    front_title: str
    name: str
    back_title: str
    gender: str
    birth_date: dt.date
    status: str
    golongan: str
    education: str
    position_title: str
    position_kind: str
    jenjang: str
    appointed: dt.date  # TMT CPNS, or the start of the first PPPK contract


def _rank(code: str) -> int:
    return gol.rank_of("PNS", code)


def _code(rank: int) -> str:
    return gol.PNS_GOLONGAN[rank - 1].code


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def _field(rng: random.Random, spec: str) -> str:
    choice = rng.choice(spec.split("|"))
    return rng.choice(ADMIN_FIELDS) if choice == "*" else choice


def _day_in(rng: random.Random, year: int) -> dt.date:
    month = rng.randint(1, 12)
    return dt.date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


def _pns_career(rng: random.Random, education: str, lowest: int, highest: int, year: int, *,
                age: int | None = None, min_service: int = 1) -> tuple[dt.date, dt.date, int]:
    """Birth date, TMT CPNS and golongan rank of a PNS whose golongan must lie in ``lowest..highest``.

    Starts at the golongan for the education and goes one ruang up every few years of service; the
    age and years of service are drawn so that the range is reached (nobody is promoted early).
    """
    start = _rank(gol.PNS_START_BY_EDUCATION[education])
    lowest = max(lowest, start)
    highest = max(highest, lowest)
    need = max(min_service, math.ceil((lowest - start) * YEARS_PER_RUANG[1]))
    first, last = PNS_APPOINTMENT_AGE[education]
    if age is None:
        joined = rng.randint(first, last)
        need = max(need, YOUNGEST - joined)
        if joined + need > OLDEST:
            joined = max(first, OLDEST - need)
        service = rng.randint(need, max(need, OLDEST - joined))
    else:
        joined = max(first, min(last, age - need))
        service = age - joined
    rank = min(highest, max(lowest, start + int(service / rng.uniform(*YEARS_PER_RUANG))))
    birth = _day_in(rng, year - service - joined)
    tmt = dt.date(year - service, _weighted_month(rng, TMT_MONTHS), 1)
    return birth, tmt, rank


def _weighted_month(rng: random.Random, months: tuple[tuple[int, int], ...]) -> int:
    return rng.choices([m for m, _ in months], weights=[w for _, w in months])[0]


def _pppk_career(rng: random.Random, education: str, year: int) -> tuple[dt.date, dt.date]:
    """Birth date and appointment date of a PPPK (appointed from 2019 on, aged 20–58 now)."""
    appointed = rng.randint(FIRST_PPPK_YEAR, year)
    served = year - appointed
    first = PPPK_MIN_AGE[education]
    joined = rng.randint(first, max(first, OLDEST - served))
    month = 1 if appointed == year else _weighted_month(rng, PPPK_MONTHS)
    return _day_in(rng, appointed - joined), dt.date(appointed, month, 1)


def _titles(rng: random.Random, field: str, education: str, gender: str, born: int) -> tuple[str, str]:
    """(gelar depan, gelar belakang) for the education in the bidang ilmu."""
    ft = FIELDS[field]
    if ft.below_bachelor and education not in ("S1", "S2", "S3"):
        ft = FIELDS[ft.below_bachelor]
    if education == "D3":
        return "", ft.diploma3
    if education == "D4":
        return "", ft.diploma4
    if education not in ("S1", "S2", "S3"):
        return "", ""
    front: list[str] = []
    back: list[str] = []
    if ft.profession:
        front.append(ft.profession)
        if ft.bachelor:
            back.append(rng.choice(ft.bachelor))
    elif ft.old_front and born < OLD_TITLE_BORN_BEFORE and rng.random() < 0.6:
        front.append("Dra." if ft.old_front == "Drs." and gender == "P" else ft.old_front)
    else:
        back.append(rng.choice(ft.bachelor))
    if education in ("S2", "S3"):
        back.append(rng.choice(ft.master))
    if education == "S3":
        front.insert(0, "Dr.")
    return " ".join(front), ", ".join(back)


class _Nips:
    """Hands out unique NIPs: the serial (nomor urut) is the first free one from a random start."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def make(self, rng: random.Random, birth: dt.date, appointed: dt.date, gender: str,
             pppk_contract: int | None) -> str:
        serial = rng.randint(1, 60)
        while True:
            nip = nipmod.make_nip(birth, appointed.year, gender, serial, appointment_month=appointed.month,
                                  pppk_contract=pppk_contract)
            if nip not in self._used:
                self._used.add(nip)
                return nip
            serial = serial % 999 + 1


def _person(rng: random.Random, plan: _Plan, slot: _Slot, year: int, nips: _Nips) -> _Person:
    """The employee for a slot: name, NIP, golongan and position, all consistent with each other."""
    unit = slot.unit
    if slot.family is None:
        level = HEAD_LEVELS[unit.spec.level]
        women, education_weights, field_spec = level.women, level.education, unit.spec.field
    else:
        family = FAMILIES[slot.family]
        women, education_weights, field_spec = family.women, family.education, family.field
    gender = "P" if rng.random() < women else "L"
    education = _weighted(rng, education_weights)
    name = _name(rng, plan, gender)
    pppk = rng.random() < slot.pppk_chance
    if pppk:
        birth, appointed = _pppk_career(rng, education, year)
        golongan = PPPK_GOLONGAN[education]
        status, contract = nipmod.PPPK, 1 + (year - appointed.year) // 5
        rank = 0
    else:
        lowest, highest = _golongan_range(slot, education)
        birth, appointed, rank = _pns_career(rng, education, lowest, highest, year,
                                             age=PENSION_AGE + 1 if slot.leaves == "Pensiun" else None,
                                             min_service=3 if slot.leaves else 1)
        golongan, status, contract = _code(rank), nipmod.PNS, None
    title, kind, jenjang = _position(rng, slot, education, golongan, rank)
    front, back = _titles(rng, _field(rng, field_spec), education, gender, birth.year)
    return _Person(
        nip=nips.make(rng, birth, appointed, gender, contract),
        front_title=front, name=name, back_title=back, gender=gender, birth_date=birth, status=status,
        golongan=golongan, education=education, position_title=title, position_kind=kind, jenjang=jenjang,
        appointed=appointed,
    )


def _name(rng: random.Random, plan: _Plan, gender: str) -> str:
    group = rng.choices(list(plan.name_weights), weights=list(plan.name_weights.values()))[0]
    return plan.names.make(rng, group, gender)


def _golongan_range(slot: _Slot, education: str) -> tuple[int, int]:
    """Lowest and highest golongan rank (PNS) the position allows for this education."""
    if slot.family is None:
        level = HEAD_LEVELS[slot.unit.spec.level]
        return _rank(level.lowest), _rank(level.highest)
    family = FAMILIES[slot.family]
    start = _rank(gol.PNS_START_BY_EDUCATION[education])
    if family.kind == "pelaksana":
        return start, _rank(PELAKSANA_CAP[education])
    if education in SKILLED_EDUCATION:
        return start, _rank(KETERAMPILAN_TOP)
    lowest = max(_rank(KEAHLIAN_LOWEST), _rank(family.lowest) if family.lowest else 0)
    return lowest, _rank(KEAHLIAN_TOP)


def _position(rng: random.Random, slot: _Slot, education: str, golongan: str, rank: int) -> tuple[str, str, str]:
    """(nama jabatan, jenis jabatan, jenjang) for the slot; for PPPK ``rank`` is 0 (the entry jenjang)."""
    if slot.family is None:
        level = HEAD_LEVELS[slot.unit.spec.level]
        jenjang = level.jenjang or JENJANG_BY_GOLONGAN["keahlian"][golongan]
        return slot.unit.spec.head_title, level.position_kind, jenjang
    family = FAMILIES[slot.family]
    if family.kind == "pelaksana":
        return _pelaksana_title(rng, education), "pelaksana", "Pelaksana"
    track = "keterampilan" if education in SKILLED_EDUCATION else "keahlian"
    if rank:
        jenjang = JENJANG_BY_GOLONGAN[track][golongan]
    elif track == "keahlian":
        jenjang = KEAHLIAN[0]
    else:
        jenjang = "Pemula" if family.pemula and education not in ("D2", "D3") else "Terampil"
    return f"{family.title} {jenjang}", "fungsional", jenjang


def _pelaksana_title(rng: random.Random, education: str) -> str:
    return rng.choice(PELAKSANA_TITLES[PELAKSANA_TITLE_GROUP[education]])


# ================================================================================================ writing
class _Written(NamedTuple):
    """What the SKPs need to know of an employee written to the database."""

    id: int
    nip: str
    name: str  # with titles (nama lengkap dengan gelar)
    golongan: str
    position_title: str
    unit_id: int
    supervisor_id: int | None
    active: bool
    slot: _Slot


def _write_employees(rng: random.Random, plan: _Plan, year: int, report: Callable[[int], None]) -> list[_Written]:
    total = len(plan.slots)
    nips = _Nips()
    employees: list[tuple] = []
    history: list[tuple] = []
    written: list[_Written] = []
    for index, slot in enumerate(plan.slots):
        emp_id = index + 1
        person = _person(rng, plan, slot, year, nips)
        left = _left_on(rng, slot.leaves, person, year) if slot.leaves else None
        unit = slot.unit
        supervisor = unit.id if slot.family is not None else (unit.boss.id if unit.boss else None)
        employees.append((
            emp_id, person.nip, person.front_title, person.name, person.back_title, person.gender,
            person.birth_date, person.status, person.golongan, person.education, person.position_title,
            person.position_kind, person.jenjang, unit.id, supervisor, left is None, slot.leaves, left,
        ))
        history += _history(rng, plan, slot, emp_id, person, year, left)
        written.append(_Written(emp_id, person.nip, full_name(person.front_title, person.name, person.back_title),
                                person.golongan, person.position_title, unit.id, supervisor, left is None, slot))
        done = index + 1
        if len(employees) >= CHUNK or done == total:
            Employee.insert_many(employees, fields=EMPLOYEE_FIELDS).execute()
            for rows in _chunks(history):
                PositionHistory.insert_many(rows, fields=HISTORY_FIELDS).execute()
            employees, history = [], []
        if done % PROGRESS_EVERY == 0 or done == total:
            report(done)
    return written


def _left_on(rng: random.Random, reason: str, person: _Person, year: int) -> dt.date:
    """Date of leaving: for a pensioner the first day of the month after the 58th birthday, else last year."""
    if reason == "Pensiun":
        b = person.birth_date
        return dt.date(b.year + PENSION_AGE + (b.month == 12), b.month % 12 + 1, 1)
    return _day_in(rng, year - 1)


def _history(rng: random.Random, plan: _Plan, slot: _Slot, emp_id: int, person: _Person, year: int,
             left: dt.date | None) -> list[tuple]:
    """Riwayat jabatan: the current position and, for some, the earlier ones it followed."""
    first_note = "Pengangkatan CPNS" if person.status == nipmod.PNS else "Pengangkatan PPPK"
    current = (emp_id, person.position_title, person.position_kind, person.jenjang, slot.unit.id)
    chance = 0.85 if slot.family is None else 0.3
    if not (left is None and person.status == nipmod.PNS and person.appointed.year <= year - 3
            and rng.random() < chance):
        return [(*current, person.appointed, left, first_note)]
    earliest = person.appointed.year + 1
    if slot.family is None:
        earliest = max(earliest, year - 8)  # heads were installed in the last few years
    changed = dt.date(rng.randint(earliest, year - 1), rng.randint(1, 12), 1)
    earlier, note = _earlier_positions(rng, plan, slot, person)
    if len(earlier) > 1 and changed.year - person.appointed.year < 2:
        earlier = earlier[:1]
    starts = [person.appointed]
    if len(earlier) > 1:  # the post one level down was held for a few years before the current one
        held = max(person.appointed.year + 1, changed.year - rng.randint(2, 7))
        starts.append(dt.date(min(held, changed.year - 1), rng.randint(1, 12), 1))
    ends = starts[1:] + [changed]
    notes = [first_note] + ["Pelantikan dalam jabatan"] * (len(earlier) - 1)
    rows = [
        (emp_id, title, kind, jenjang, unit_id, begin, end, n)
        for (title, kind, jenjang, unit_id), begin, end, n in zip(earlier, starts, ends, notes)
    ]
    return rows + [(*current, changed, None, note)]


def _earlier_positions(rng: random.Random, plan: _Plan, slot: _Slot,
                       person: _Person) -> tuple[list[tuple[str, str, str, int]], str]:
    """Earlier positions (oldest first) and the note of the move into the current one.

    A head started as pelaksana and may have held a post one level down; a jabatan fungsional was one
    jenjang lower (or pelaksana); a pelaksana did similar work in another unit (mutasi).
    """
    unit = slot.unit
    as_pelaksana = (_pelaksana_title(rng, person.education), "pelaksana", "Pelaksana")
    if slot.family is None:
        level = unit.spec.level
        if level == "kepala_sekolah":
            lower = KEAHLIAN[max(0, KEAHLIAN.index(person.jenjang) - 1)]
            return [(f"Guru {lower}", "fungsional", lower, unit.id)], "Pengangkatan sebagai kepala sekolah"
        first = (*as_pelaksana, rng.choice(plan.staff_units).id)
        lower_posts = {
            "sekda": (plan.by_kind.get("opd", []), "JPT Pratama"),
            "jpt": (plan.by_kind.get("bidang", []), "Administrator"),
            "administrator": (plan.by_kind.get("seksi", []) + plan.by_kind.get("subbagian", []), "Pengawas"),
        }
        pool, jenjang = lower_posts.get(level, ([], ""))
        if pool:
            other = rng.choice(pool)
            return [first, (other.spec.head_title, "struktural", jenjang, other.id)], "Pelantikan dalam jabatan"
        return [first], "Pelantikan dalam jabatan"
    family = FAMILIES[slot.family]
    if family.kind == "pelaksana":
        return [(*as_pelaksana, rng.choice(plan.staff_units).id)], "Mutasi"
    track = KEAHLIAN if person.jenjang in KEAHLIAN else KETERAMPILAN
    step = track.index(person.jenjang)
    if step > 0 and (track[step - 1] != "Pemula" or family.pemula):
        lower = track[step - 1]
        return [(f"{family.title} {lower}", "fungsional", lower, unit.id)], "Kenaikan jenjang jabatan"
    return [(*as_pelaksana, unit.id)], "Pengangkatan dalam jabatan fungsional"


# ================================================================================================ SKP
SKP_FIRST_YEAR = 2000  # the skp table holds the years 2000–2100
# status of an employee's current SKP: for a pejabat penilai (whose staff wait for the approved plan to
# link to, so it is nearly always approved), and for everybody else
PENILAI_STATUS = (("disetujui", 97.5), ("diajukan", 1.2), ("dikembalikan", 0.6), ("draf", 0.7))
STAFF_STATUS = (("disetujui", 84.0), ("diajukan", 7.0), ("dikembalikan", 4.0), ("draf", 5.0))
MANY_WAITING = 60  # a plan that more staff plans depend on (down the line) is always approved
REVISED_SHARE = 0.04  # approved plans revised mid-year: version 1 stays, version 2 is current
REVISION_APPROVED = 0.6  # of the revisions, approved again; the rest are still drafts
KUALITATIF_SHARE = 0.05  # plans with the kualitatif approach (targets in words)
RETURNED_BEFORE = 0.12  # approved plans that the penilai had returned once before
SPARED_SHARE = 0.12  # penilai with one RHK utama that none of their staff support (a gap in the cascade)
UNLINKED_DRAFT_SHARE = 0.35  # drafts with an RHK utama not yet linked to the penilai's RHK
FROM_PENILAI_NOTE = 0.3  # drafts started from the penilai's RHK (the history says so)
OPERATOR_SHARE = 0.65  # plans the operator keyed in and submitted on the employee's behalf
EMPTY_EXPECTATION = 0.15  # core values without an ekspektasi khusus pimpinan
APPROVAL_NOTE = 0.15  # approvals with a note from the penilai
UTAMA_COUNT = ((1, 20.0), (2, 45.0), (3, 35.0))
UTAMA_COUNT_PENILAI = ((2, 40.0), (3, 60.0))  # their staff need something to support
TAMBAHAN_COUNT = ((0, 50.0), (1, 35.0), (2, 15.0))
IKI_COUNT = ((1, 25.0), (2, 45.0), (3, 30.0))
# the history in working days from the first working day of January (office hours 07:30–16:00)
REVISION_DAYS = (95.0, 150.0)  # mid-year
HORIZON_DAYS = 165.0  # the last event (a revision approved) is before this
DAY_START_MINUTES, DAY_MINUTES = 7 * 60 + 30, 8 * 60 + 30

SKP_FIELDS = (
    Skp.id, Skp.employee, Skp.year, Skp.version, Skp.status, Skp.current, Skp.approach, Skp.employee_position,
    Skp.employee_unit, Skp.employee_golongan, Skp.penilai, Skp.penilai_name, Skp.penilai_nip, Skp.penilai_position,
    Skp.atasan, Skp.atasan_name, Skp.atasan_nip, Skp.atasan_position, Skp.dukungan_sumber_daya,
    Skp.skema_pertanggungjawaban, Skp.konsekuensi, Skp.revision_reason, Skp.created_at, Skp.updated_at,
    Skp.lock_version,
)
RHK_FIELDS = (SkpRhk.id, SkpRhk.skp, SkpRhk.position, SkpRhk.kind, SkpRhk.text, SkpRhk.parent_rhk, SkpRhk.origin_rhk)
IKI_FIELDS = (SkpIki.id, SkpIki.rhk, SkpIki.position, SkpIki.aspect, SkpIki.text, SkpIki.target_value,
              SkpIki.target_unit, SkpIki.target_text)
ACTION_FIELDS = (SkpAction.id, SkpAction.rhk, SkpAction.period, SkpAction.text)
EXPECTATION_FIELDS = (SkpExpectation.id, SkpExpectation.skp, SkpExpectation.core_value, SkpExpectation.text)
STATUS_FIELDS = (SkpStatusHistory.id, SkpStatusHistory.skp, SkpStatusHistory.at, SkpStatusHistory.from_status,
                 SkpStatusHistory.to_status, SkpStatusHistory.actor, SkpStatusHistory.note)
_FLUSH_RHK = 2000  # write the buffered rows once this many RHK wait

DRAF, DIAJUKAN, DIKEMBALIKAN, DISETUJUI = (s.value for s in (
    skp_rules.Status.DRAF, skp_rules.Status.DIAJUKAN, skp_rules.Status.DIKEMBALIKAN, skp_rules.Status.DISETUJUI))


@dataclass(frozen=True)
class _IkiTemplate:
    aspect: str
    text: str
    low: int = 0  # a number target: low..high in steps of ``step``, times ``factor``
    high: int = 0
    step: int = 1
    factor: int = 1
    unit: str = ""
    target_text: str = ""  # or a target in words
    qualitative: str = ""  # the target when the plan is kualitatif (empty: one of the generic ones)


@dataclass(frozen=True)
class _RhkTemplate:
    text: str
    theme: str
    iki: tuple[_IkiTemplate, ...]
    actions: tuple[str, ...]


@dataclass(frozen=True)
class _SkpData:
    """resources/demo/skp.json, checked."""

    heads: dict[str, str]  # unit kind (or kind.level) of a head -> role
    families: dict[str, str]  # staff family -> role
    utama: dict[str, tuple[_RhkTemplate, ...]]  # role -> RHK utama
    tambahan: dict[str, tuple[_RhkTemplate, ...]]  # role -> its own RHK tambahan (besides the common ones)
    common_tambahan: tuple[_RhkTemplate, ...]
    expectations: dict[str, tuple[str, ...]]  # core value -> ekspektasi khusus pimpinan
    attachments: dict[str, tuple[str, ...]]  # lampiran field -> texts
    period_words: dict[str, str]  # cadence -> the word for one period
    qualitative: tuple[str, ...]
    return_notes: tuple[str, ...]
    approval_notes: tuple[str, ...]
    revision_reasons: tuple[str, ...]


ROLE_DEFAULT = "fungsional_umum"
ATTACHMENT_FIELDS = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")


def _iki_template(raw: dict[str, Any], where: str) -> _IkiTemplate:
    if raw["aspek"] not in skp_rules.ASPECTS:
        raise RuntimeError(f"skp.json: {where}: aspek '{raw['aspek']}' tidak dikenal")
    if "target_teks" in raw:
        return _IkiTemplate(raw["aspek"], raw["teks"], target_text=raw["target_teks"],
                            qualitative=raw.get("kualitatif", ""))
    low, high = raw["target"]
    step, factor = int(raw.get("kelipatan", 1)), int(raw.get("pengali", 1))
    if not (0 < low <= high and step >= 1 and factor >= 1 and raw.get("satuan", "").strip()):
        raise RuntimeError(f"skp.json: {where}: target harus angka positif dengan satuan")
    return _IkiTemplate(raw["aspek"], raw["teks"], int(low), int(high), step, factor, raw["satuan"],
                        qualitative=raw.get("kualitatif", ""))


def _rhk_templates(raws: list[dict[str, Any]], where: str, actions: bool) -> tuple[_RhkTemplate, ...]:
    out = []
    for i, raw in enumerate(raws, 1):
        iki = tuple(_iki_template(k, f"{where} RHK {i}") for k in raw["iki"])
        steps = tuple(raw.get("aksi", ()))
        if not iki or (actions and not steps):
            raise RuntimeError(f"skp.json: {where} RHK {i} perlu IKI" + (" dan aksi" if actions else ""))
        out.append(_RhkTemplate(raw["teks"], raw.get("tema", ""), iki, steps))
    return tuple(out)


@lru_cache(maxsize=1)
def _skp_data() -> _SkpData:
    raw = json.loads(paths.resource("demo", "skp.json").read_text(encoding="utf-8"))
    roles = raw["peran"]
    utama = {role: _rhk_templates(r["utama"], role, True) for role, r in roles.items()}
    tambahan = {role: _rhk_templates(r.get("tambahan", []), role, False) for role, r in roles.items()}
    heads, families = dict(raw["kepala"]), dict(raw["rumpun"])
    unknown = sorted((set(heads.values()) | set(families.values()) | {ROLE_DEFAULT}) - set(roles))
    if unknown:
        raise RuntimeError(f"skp.json names unknown roles: {', '.join(unknown)}")
    if set(families) - set(FAMILIES):
        raise RuntimeError(f"skp.json names unknown staff families: {', '.join(sorted(set(families) - set(FAMILIES)))}")
    short = [role for role, tpls in utama.items() if len(tpls) < max(n for n, _ in UTAMA_COUNT_PENILAI)]
    if short:
        raise RuntimeError(f"skp.json: too few RHK utama for {', '.join(short)}")
    expectations = {code: tuple(raw["ekspektasi"][code]) for code in skp_rules.CORE_VALUE_CODES}
    return _SkpData(
        heads=heads, families=families, utama=utama, tambahan=tambahan,
        common_tambahan=_rhk_templates(raw["tambahan_umum"], "tambahan_umum", False),
        expectations=expectations,
        attachments={name: tuple(raw["lampiran"][name]) for name in ATTACHMENT_FIELDS},
        period_words=dict(raw["periode"]), qualitative=tuple(raw["target_kualitatif"]),
        return_notes=tuple(raw["catatan_pengembalian"]), approval_notes=tuple(raw["catatan_persetujuan"]),
        revision_reasons=tuple(raw["alasan_revisi"]),
    )


class _Clock:
    """Timestamps of the SKP history: ``t`` counts working days (Monday–Friday) from the first working
    day of the year, its fraction the time within office hours. For the current year the whole history
    is squeezed into the working days before today, so that nothing lies in the future."""

    def __init__(self, year: int, today: dt.date):
        day = dt.date(year, 1, 2)  # 1 January is a holiday
        self._days: list[dt.date] = []
        while day.year == year:
            if day.weekday() < 5:
                self._days.append(day)
            day += dt.timedelta(days=1)
        self._scale, self._end = 1.0, float(len(self._days))
        if today.year == year:
            self._end = float(sum(1 for d in self._days if d < today))  # the working days before today
            self._scale = min(1.0, self._end / HORIZON_DAYS)

    def at(self, t: float) -> str:
        t = min(max(0.0, t * self._scale), max(0.0, self._end - 1e-6))
        index = min(int(t), len(self._days) - 1)
        seconds = int((t - int(t)) * DAY_MINUTES * 60) + DAY_START_MINUTES * 60
        moment = dt.datetime.combine(self._days[index], dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60))
        return moment.isoformat(timespec="seconds")


@dataclass
class _NewIki:
    template: _IkiTemplate
    text: str
    value: float | None
    unit: str
    target_text: str


@dataclass
class _NewRhk:
    kind: str
    text: str
    theme: str
    iki: list[_NewIki]
    actions: list[str]  # one per evaluation period (RHK utama), empty for RHK tambahan
    parent: int | None = None
    id: int = 0


class _SkpRows:
    """The rows of the SKP tables with the ids they will have, written in bulk now and then."""

    def __init__(self) -> None:
        self.next_skp = self.next_rhk = self.next_iki = self.next_action = 1
        self.next_expectation = self.next_history = 1
        self.skp: list[tuple] = []
        self.rhk: list[tuple] = []
        self.iki: list[tuple] = []
        self.actions: list[tuple] = []
        self.expectations: list[tuple] = []
        self.history: list[tuple] = []

    def add_skp(self, values: tuple) -> int:
        skp_id = self.next_skp
        self.next_skp += 1
        self.skp.append((skp_id, *values, 0))  # lock_version: no edit counted yet
        return skp_id

    def add_plan(self, skp_id: int, rhks: list[_NewRhk], origins: Sequence[int | None] | None = None) -> None:
        for position, r in enumerate(rhks, 1):
            r.id = self.next_rhk
            self.next_rhk += 1
            origin = origins[position - 1] if origins is not None and position <= len(origins) else None
            self.rhk.append((r.id, skp_id, position, r.kind, r.text, r.parent, origin))
            for i, k in enumerate(r.iki, 1):
                self.iki.append((self.next_iki, r.id, i, k.template.aspect, k.text, k.value, k.unit, k.target_text))
                self.next_iki += 1
            for period, text in enumerate(r.actions, 1):
                self.actions.append((self.next_action, r.id, period, text))
                self.next_action += 1

    def add_expectations(self, skp_id: int, texts: Sequence[str]) -> None:
        for code, text in zip(skp_rules.CORE_VALUE_CODES, texts):
            self.expectations.append((self.next_expectation, skp_id, code, text))
            self.next_expectation += 1

    def add_history(self, skp_id: int, at: str, before: str | None, after: str, actor: str, note: str = "") -> None:
        self.history.append((self.next_history, skp_id, at, before, after, actor, note))
        self.next_history += 1

    def flush(self) -> None:
        """Insert what is buffered, parents before children (ids are given, so nothing is read back)."""
        _insert_all((
            (Skp, SKP_FIELDS, self.skp), (SkpRhk, RHK_FIELDS, self.rhk), (SkpIki, IKI_FIELDS, self.iki),
            (SkpAction, ACTION_FIELDS, self.actions), (SkpExpectation, EXPECTATION_FIELDS, self.expectations),
            (SkpStatusHistory, STATUS_FIELDS, self.history),
        ))


def _insert_all(tables: Sequence[tuple[Any, Sequence[Any], list[tuple]]]) -> None:
    """Insert the buffered rows of each (model, fields, rows) in order, and empty the buffers."""
    for model, fields, rows in tables:
        insert_rows(model, fields, rows)


class _SkpBuilder:
    """Makes the SKP of every active employee, penilai before their staff (a supervisor always has a
    smaller id than the people they rate)."""

    def __init__(self, rng: random.Random, plan: _Plan, people: list[_Written], year: int):
        self.rng, self.year, self.data = rng, year, _skp_data()
        cadence = store_settings.get("evaluation.cadence")
        self.periods = len(skp_rules.periods(cadence))
        self.period_word = self.data.period_words.get(cadence, "periode")
        self.by_id = {p.id: p for p in people}
        self.units = {u.id: u for u in plan.units}
        parents = {u.id: (u.parent.id if u.parent else None) for u in plan.units}
        self.organisation_name = {u.id: self._organisation(u).name for u in plan.units}
        self.cascades = {
            p.id: p.supervisor_id is not None and _cascades(p.unit_id, self.by_id[p.supervisor_id].unit_id, parents)
            for p in people if p.active
        }
        self.leads = {self.by_id[i].supervisor_id for i, needed in self.cascades.items() if needed}
        self.rates = {p.supervisor_id for p in people if p.active and p.supervisor_id is not None}
        # how many plans wait, directly or down the line, for each one to be approved
        self.waiting = dict.fromkeys(self.cascades, 0)
        for p in reversed(people):  # from the bottom up: staff have larger ids than their penilai
            if self.cascades.get(p.id):
                self.waiting[p.supervisor_id] += 1 + self.waiting[p.id]
        self.clock = _Clock(year, dt.date.today())
        self.rows = _SkpRows()
        self.options: dict[int, list[tuple[int, str]]] = {}  # penilai -> (RHK utama id, theme) of the approved plan
        self.support: dict[int, int] = {}  # RHK id of a penilai -> staff RHK linked to it
        self.spared: set[int] = set()  # RHK a penilai's staff leave alone
        self.started: dict[int, float] = {}  # employee -> when their plan was started
        self.approved: dict[int, float] = {}  # employee -> when their plan was approved

    @staticmethod
    def _organisation(unit: _Unit) -> _Unit:
        """The perangkat daerah or kecamatan the unit belongs to (the pemda for the pemda)."""
        while unit.parent is not None and unit.parent.parent is not None:
            unit = unit.parent
        return unit

    # ---------------------------------------------------------------------------------------- one plan
    def build(self, p: _Written) -> None:
        rng = self.rng
        penilai = self.by_id[p.supervisor_id] if p.supervisor_id is not None else None
        atasan = self.by_id[penilai.supervisor_id] if penilai is not None and penilai.supervisor_id else None
        needs_links = self.cascades[p.id]
        options = self.options.get(penilai.id) if needs_links and penilai is not None else None
        leads = p.id in self.leads
        if needs_links and not options:
            status = DRAF  # the penilai's plan is not approved yet: nothing to link to, nothing to submit
        elif self.waiting[p.id] > MANY_WAITING:
            status = DISETUJUI  # a bidang or dinas whose whole tree waits for it does not keep it waiting
        else:
            status = _weighted(rng, PENILAI_STATUS if p.id in self.rates else STAFF_STATUS)
        revised = status == DISETUJUI and not leads and rng.random() < REVISED_SHARE
        approach = "kualitatif" if rng.random() < KUALITATIF_SHARE else "kuantitatif"
        values = self._values(p)
        rhks = self._content(p, approach, values, leads)
        utama = [r for r in rhks if r.kind == "utama"]
        if options:
            loose = rng.randrange(len(utama)) if status == DRAF and rng.random() < UNLINKED_DRAFT_SHARE else -1
            for i, r in enumerate(utama):
                if i != loose:
                    r.parent = self._link(options, r.theme)
        lampiran = tuple(rng.choice(self.data.attachments[name]).format_map(values) for name in ATTACHMENT_FIELDS)
        expectations = [
            "" if rng.random() < EMPTY_EXPECTATION else rng.choice(self.data.expectations[code])
            for code in skp_rules.CORE_VALUE_CODES
        ]
        employee_actor = "operator" if rng.random() < OPERATOR_SHARE else f"pegawai #{p.id}"
        penilai_actor = f"pegawai #{penilai.id}" if penilai is not None else "operator"
        header = (p.position_title, self.units[p.unit_id].name, p.golongan, *self._who(penilai), *self._who(atasan))

        # version 1: started when the penilai's plan was approved (or early January at the top)
        if needs_links and penilai is not None and penilai.id in self.approved:
            start = self.approved[penilai.id] + rng.uniform(0.1, 2.5)
        elif penilai is not None and penilai.id in self.started:
            start = self.started[penilai.id] + rng.uniform(0.5, 4.0)
        else:
            start = rng.uniform(0.0, 6.0)
        self.started[p.id] = start
        note = "Diturunkan dari RHK pejabat penilai" if options and rng.random() < FROM_PENILAI_NOTE else ""
        events: list[tuple[float, str | None, str, str, str]] = [(start, None, DRAF, employee_actor, note)]
        t = start
        if status != DRAF:
            t += rng.uniform(0.5, 4.0)
            events.append((t, DRAF, DIAJUKAN, employee_actor, ""))
            if status == DIKEMBALIKAN or (status == DISETUJUI and rng.random() < RETURNED_BEFORE):
                t += rng.uniform(0.3, 3.0)
                events.append((t, DIAJUKAN, DIKEMBALIKAN, penilai_actor, rng.choice(self.data.return_notes)))
                if status == DISETUJUI:
                    t += rng.uniform(0.5, 3.0)
                    events.append((t, DIKEMBALIKAN, DIAJUKAN, employee_actor, ""))
            if status == DISETUJUI:
                t += rng.uniform(0.3, 3.0)
                note = rng.choice(self.data.approval_notes) if rng.random() < APPROVAL_NOTE else ""
                events.append((t, DIAJUKAN, DISETUJUI, penilai_actor, note))
                self.approved[p.id] = t
        rows = self.rows
        first = rows.add_skp((p.id, self.year, 1, status, not revised, approach, *header, *lampiran, "",
                              self.clock.at(start), self.clock.at(t)))
        rows.add_plan(first, rhks)
        rows.add_expectations(first, expectations)
        for at, before, after, actor, text in events:
            rows.add_history(first, self.clock.at(at), before, after, actor, text)
        if revised:
            self._revise(p, rhks, approach, values, header, lampiran, expectations, t, employee_actor, penilai_actor)
        elif leads and status == DISETUJUI:
            self.options[p.id] = [(r.id, r.theme) for r in utama]
            for r in utama:
                self.support[r.id] = 0
            if len(utama) >= 2 and rng.random() < SPARED_SHARE:
                self.spared.add(utama[-1].id)

    def _revise(self, p: _Written, rhks: list[_NewRhk], approach: str, values: dict[str, Any],
                header: tuple, lampiran: tuple[str, ...], expectations: list[str], approved_at: float,
                employee_actor: str, penilai_actor: str) -> None:
        """Version 2 of an approved plan: the same content with a changed target (and perhaps one more
        RHK tambahan), a draft or approved again; version 1 stays as it was, no longer current."""
        rng = self.rng
        reason = rng.choice(self.data.revision_reasons)
        status = DISETUJUI if rng.random() < REVISION_APPROVED else DRAF
        copies = [replace(r, iki=[replace(k) for k in r.iki], actions=list(r.actions), id=0) for r in rhks]
        origins = [r.id for r in rhks]
        numbers = [k for r in copies for k in r.iki if k.value is not None and k.template.high > k.template.low]
        if numbers:
            k = rng.choice(numbers)
            k.value = next((v for v in (self._number(k.template) for _ in range(8)) if v != k.value), k.value)
        if sum(r.kind == "tambahan" for r in copies) < 2 and rng.random() < 0.5:
            taken = {r.text for r in copies}
            extra = [c for c in self._tambahan_pool(p) if c.text.format_map(values) not in taken]
            if extra:
                copies.append(self._rhk("tambahan", rng.choice(extra), approach, values))
        start = max(approved_at + 5.0, rng.uniform(*REVISION_DAYS))
        events = [(start, None, DRAF, employee_actor, f"Revisi dari versi 1: {reason}")]
        t = start
        if status == DISETUJUI:
            t += rng.uniform(0.5, 4.0)
            events.append((t, DRAF, DIAJUKAN, employee_actor, ""))
            t += rng.uniform(0.3, 3.0)
            events.append((t, DIAJUKAN, DISETUJUI, penilai_actor, ""))
        rows = self.rows
        second = rows.add_skp((p.id, self.year, 2, status, True, approach, *header, *lampiran, reason,
                               self.clock.at(start), self.clock.at(t)))
        rows.add_plan(second, copies, origins)
        rows.add_expectations(second, expectations)
        for at, before, after, actor, text in events:
            rows.add_history(second, self.clock.at(at), before, after, actor, text)

    # ------------------------------------------------------------------------------------------ parts
    @staticmethod
    def _who(e: _Written | None) -> tuple[int | None, str, str, str]:
        return (e.id, e.name, e.nip, e.position_title) if e is not None else (None, "", "", "")

    def _role(self, p: _Written) -> str:
        slot = p.slot
        if slot.family is None:
            spec = slot.unit.spec
            return self.data.heads.get(f"{spec.kind}.{spec.level}") or self.data.heads.get(spec.kind, ROLE_DEFAULT)
        return self.data.families.get(slot.family, ROLE_DEFAULT)

    def _values(self, p: _Written) -> dict[str, Any]:
        family = FAMILIES[p.slot.family] if p.slot.family is not None else None
        return dict(
            unit=self.units[p.unit_id].name, induk=self.organisation_name[p.unit_id],
            jabatan=family.title if family is not None and family.title else p.position_title,
            tahun=self.year, hut=self.year - 1945, periode=self.period_word,
        )

    def _tambahan_pool(self, p: _Written) -> tuple[_RhkTemplate, ...]:
        return self.data.tambahan.get(self._role(p), ()) + self.data.common_tambahan

    def _content(self, p: _Written, approach: str, values: dict[str, Any], leads: bool) -> list[_NewRhk]:
        rng = self.rng
        role = self._role(p)
        pool = self.data.utama[role]
        count = _weighted_int(rng, UTAMA_COUNT_PENILAI if leads else UTAMA_COUNT)
        chosen = [pool[i] for i in sorted(rng.sample(range(len(pool)), min(count, len(pool))))]
        extra_pool = self._tambahan_pool(p)
        extra = _weighted_int(rng, TAMBAHAN_COUNT)
        chosen_extra = [extra_pool[i] for i in sorted(rng.sample(range(len(extra_pool)), min(extra, len(extra_pool))))]
        return ([self._rhk("utama", tpl, approach, values) for tpl in chosen]
                + [self._rhk("tambahan", tpl, approach, values) for tpl in chosen_extra])

    def _rhk(self, kind: str, tpl: _RhkTemplate, approach: str, values: dict[str, Any]) -> _NewRhk:
        rng = self.rng
        count = min(_weighted_int(rng, IKI_COUNT), len(tpl.iki))
        picked = [tpl.iki[0]] + [tpl.iki[i] for i in sorted(rng.sample(range(1, len(tpl.iki)), count - 1))]
        iki = []
        for k in picked:
            text = k.text.format_map(values)
            if approach == "kualitatif":
                iki.append(_NewIki(k, text, None, "", k.qualitative or rng.choice(self.data.qualitative)))
            elif k.target_text:
                iki.append(_NewIki(k, text, None, "", k.target_text))
            else:
                iki.append(_NewIki(k, text, self._number(k), k.unit, ""))
        actions = self._actions(tpl.actions) if kind == "utama" else []
        return _NewRhk(kind, tpl.text.format_map(values), tpl.theme, iki, actions)

    def _number(self, k: _IkiTemplate) -> float:
        return float(self.rng.randrange(k.low, k.high + 1, k.step) * k.factor)

    def _actions(self, steps: tuple[str, ...]) -> list[str]:
        """The rencana aksi for each evaluation period: the steps spread over the year."""
        n, m = self.periods, len(steps)
        if n >= m:
            return [steps[i * m // n] for i in range(n)]
        return ["; ".join(steps[i * m // n:(i + 1) * m // n]) for i in range(n)]

    def _link(self, options: list[tuple[int, str]], theme: str) -> int:
        """The penilai's RHK a staff RHK supports: first the ones nobody supports yet, of the same theme if
        possible, then the least supported; never one the penilai's staff leave alone."""
        live = [o for o in options if o[0] not in self.spared] or options
        pool = [o for o in live if self.support[o[0]] == 0] or live
        pool = [o for o in pool if o[1] == theme] or pool
        least = min(self.support[o[0]] for o in pool)
        rhk_id = self.rng.choice([o for o in pool if self.support[o[0]] == least])[0]
        self.support[rhk_id] += 1
        return rhk_id


def _weighted_int(rng: random.Random, pairs: Sequence[tuple[int, float]]) -> int:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def _write_skps(rng: random.Random, plan: _Plan, people: list[_Written], year: int,
                report: Callable[[int], None]) -> None:
    """An SKP for nearly every active employee, in bulk (ids assigned here), penilai before their staff.

    About one in fifty employees who rate nobody has no SKP yet (as in a real office early in the
    year), so the list and the start of a new plan have someone to show."""
    builder = _SkpBuilder(rng, plan, people, year)
    raters = {p.supervisor_id for p in people if p.supervisor_id is not None}
    for index, p in enumerate(people):
        if p.active and not (p.id not in raters and p.id * 7919 % 100 < NO_SKP_PERCENT):
            builder.build(p)
        if len(builder.rows.rhk) >= _FLUSH_RHK:
            builder.rows.flush()
        done = index + 1
        if done % PROGRESS_EVERY == 0 or done == len(people):
            report(done)
    builder.rows.flush()


# ================================================================================================ penilaian
# How far each penilai is with the annual evaluation of their team: most are done, some half-way, a few
# have not begun. The state of one evaluation: final; a draft with both ratings (lengkap), with one
# (sebagian), with only the employee's realisasi (isian); or none yet (kosong: no row).
TEAM_PROGRESS = (("selesai", 84.0), ("berjalan", 11.0), ("belum", 5.0))
ANNUAL_STATE = {
    "selesai": (("final", 97.0), ("lengkap", 3.0)),
    "berjalan": (("final", 40.0), ("lengkap", 22.0), ("sebagian", 14.0), ("isian", 12.0), ("kosong", 12.0)),
    "belum": (("kosong", 70.0), ("isian", 22.0), ("sebagian", 8.0)),
}
# periodic evaluations: the last period that has ended is still being finished, the earlier ones are done
LAST_PERIOD_STATE = (("final", 86.0), ("lengkap", 5.0), ("sebagian", 2.0), ("isian", 2.0), ("kosong", 5.0))
EARLIER_PERIOD_STATE = (("final", 97.5), ("lengkap", 1.0), ("kosong", 1.5))
ATAS, SESUAI, BAWAH = "di_atas", "sesuai", "di_bawah"
# (rating hasil kerja, rating perilaku kerja) of an evaluation nobody steers: mostly Sesuai/Sesuai
RATING_MIX = (
    ((SESUAI, SESUAI), 70.0), ((ATAS, SESUAI), 7.0), ((SESUAI, ATAS), 7.0), ((ATAS, ATAS), 9.0),
    ((BAWAH, SESUAI), 4.0), ((BAWAH, ATAS), 0.5), ((SESUAI, BAWAH), 1.5), ((ATAS, BAWAH), 0.3), ((BAWAH, BAWAH), 0.5),
)
SAME_AS_ANNUAL = 0.6  # periodic ratings that are the annual ones (people are consistent over a year)
PREDIKAT_CODES = tuple(p.name.lower() for p in Predikat)  # as stored: sangat_baik .. sangat_kurang
# the predikat an accepted keberatan started from, by the one it ended with (one step better)
ACCEPTED_FROM = {"sangat_baik": "baik", "baik": "butuh_perbaikan", "butuh_perbaikan": "sangat_kurang",
                 "kurang": "sangat_kurang"}
# the ratings that give a predikat (an annual predikat is chosen first, per unit, then its ratings)
PREDIKAT_RATINGS = {
    "sangat_baik": (((ATAS, ATAS), 1.0),),
    "baik": (((SESUAI, SESUAI), 80.0), ((ATAS, SESUAI), 10.0), ((SESUAI, ATAS), 10.0)),
    "butuh_perbaikan": (((BAWAH, SESUAI), 85.0), ((BAWAH, ATAS), 15.0)),
    "kurang": (((SESUAI, BAWAH), 75.0), ((ATAS, BAWAH), 25.0)),
    "sangat_kurang": (((BAWAH, BAWAH), 1.0),),
}
# predikat kinerja organisasi of the perangkat daerah and kecamatan, and the share of units whose annual
# predikat break the rule for it (a unit rated Baik where everybody is Baik is the usual story)
ISTIMEWA_SHARE = 0.15
BREAKS = {"istimewa": 0.2, "baik": 0.4}
SAKIP_SCORE = {"istimewa": (90.0, 96.0), "baik": (70.0, 89.5), "butuh_perbaikan": (50.0, 64.5),
               "kurang": (30.0, 49.5), "sangat_kurang": (10.0, 29.5)}
SAKIP_GRADES = ((90.0, "AA"), (80.0, "A"), (70.0, "BB"), (60.0, "B"), (50.0, "CC"), (30.0, "C"), (0.0, "D"))
UNLOCKED_SHARE = 0.01  # final annual evaluations that were unlocked once (with a reason) and finalised again
# realisasi / target by rating hasil kerja (for waktu and biaya, less is better: 2 - this)
PACE = {ATAS: (1.02, 1.2), SESUAI: (0.93, 1.05), BAWAH: (0.6, 0.88)}
RATE_UNITS = frozenset({"%", "nilai"})  # a share or a score: at most 100
WITH_REALISASI = {"final": 0.95, "lengkap": 0.85, "sebagian": 0.8, "isian": 1.0}
FEEDBACK_SHARE = {"final": 0.3, "lengkap": 0.15, "sebagian": 0.1, "isian": 0.0}  # umpan balik per IKI
BEHAVIOUR_SHARE = (0.3, 0.06)  # evaluations with notes per core value: annual, periodic
SELF_ASSESSMENT_SHARE = (0.45, 0.1)
CATATAN_SHARE = (0.5, 0.05)
PEER_SHARE = 0.04  # annual evaluations with one or two peers' views
OPERATOR_OBJECTION = 0.3  # objections keyed in by the operator for the employee
OBJECTION_STATUSES = ("diajukan", "diterima", "ditolak")
_FLUSH_EVALUATIONS = 3000

PERIOD_FIELDS = (EvaluationPeriod.id, EvaluationPeriod.year, EvaluationPeriod.cadence, EvaluationPeriod.number,
                 EvaluationPeriod.label, EvaluationPeriod.start_date, EvaluationPeriod.end_date)
EVALUATION_FIELDS = (
    Evaluation.id, Evaluation.period, Evaluation.skp, Evaluation.employee, Evaluation.unit, Evaluation.status,
    Evaluation.rating_hasil, Evaluation.rating_perilaku, Evaluation.predikat, Evaluation.final_predikat,
    Evaluation.self_assessment, Evaluation.catatan, Evaluation.finalised_at, Evaluation.received_on,
    Evaluation.lock_version, Evaluation.created_at, Evaluation.updated_at,
)
EVAL_HISTORY_FIELDS = (EvaluationHistory.id, EvaluationHistory.evaluation, EvaluationHistory.at,
                       EvaluationHistory.action, EvaluationHistory.actor, EvaluationHistory.note)
INDICATOR_FIELDS = (EvaluationIndicator.id, EvaluationIndicator.evaluation, EvaluationIndicator.iki,
                    EvaluationIndicator.realisasi_value, EvaluationIndicator.realisasi_text, EvaluationIndicator.bukti,
                    EvaluationIndicator.umpan_balik)
BEHAVIOUR_FIELDS = (EvaluationBehaviour.id, EvaluationBehaviour.evaluation, EvaluationBehaviour.core_value,
                    EvaluationBehaviour.self_note, EvaluationBehaviour.penilai_note)
PEER_FIELDS = (PeerAssessment.id, PeerAssessment.evaluation, PeerAssessment.peer, PeerAssessment.core_value,
               PeerAssessment.rating, PeerAssessment.note, PeerAssessment.updated_at)
FEEDBACK_FIELDS = (PublicFeedback.id, PublicFeedback.period, PublicFeedback.unit, PublicFeedback.kind,
                   PublicFeedback.score, PublicFeedback.responses, PublicFeedback.note, PublicFeedback.recorded_at)
ORG_PREDIKAT_FIELDS = (OrgPredikatRecord.id, OrgPredikatRecord.unit, OrgPredikatRecord.year,
                       OrgPredikatRecord.predikat, OrgPredikatRecord.note)
OBJECTION_FIELDS = (Objection.id, Objection.evaluation, Objection.filed_on, Objection.reason, Objection.status,
                    Objection.hearing_notes, Objection.original_predikat, Objection.new_predikat,
                    Objection.decided_on, Objection.decided_by, Objection.decision_reason)


EVALUATION_TABLES = (
    ("period", EvaluationPeriod, PERIOD_FIELDS), ("org", OrgPredikatRecord, ORG_PREDIKAT_FIELDS),
    ("feedback", PublicFeedback, FEEDBACK_FIELDS), ("evaluation", Evaluation, EVALUATION_FIELDS),
    ("history", EvaluationHistory, EVAL_HISTORY_FIELDS), ("indicator", EvaluationIndicator, INDICATOR_FIELDS),
    ("behaviour", EvaluationBehaviour, BEHAVIOUR_FIELDS), ("peer", PeerAssessment, PEER_FIELDS),
    ("objection", Objection, OBJECTION_FIELDS),
)


@dataclass(frozen=True)
class _AppraisalData:
    """resources/demo/penilaian.json, checked."""

    realisasi: dict[str, tuple[str, ...]]  # rating -> realisasi in words (targets in words)
    bukti: dict[str, tuple[str, ...]]  # target unit (or "umum") -> bukti dukung note
    feedback: dict[str, tuple[str, ...]]  # rating -> umpan balik per IKI
    penilai_notes: dict[str, dict[str, tuple[str, ...]]]  # core value -> baik/perlu -> note
    self_notes: dict[str, tuple[str, ...]]  # core value -> the employee's own note
    self_assessment: dict[str, tuple[str, ...]]  # baik/kurang -> penilaian mandiri
    peer: dict[str, tuple[str, ...]]  # rating -> a peer's note
    catatan: dict[str, tuple[str, ...]]  # predikat -> catatan/rekomendasi
    objections: tuple[str, ...]
    hearings: tuple[str, ...]
    accepted: tuple[str, ...]
    rejected: tuple[str, ...]
    unlock: tuple[str, ...]
    survey: tuple[str, ...]
    complaints: tuple[str, ...]
    org_notes: dict[str, tuple[str, ...]]  # predikat organisasi -> note


@lru_cache(maxsize=1)
def _appraisal_data() -> _AppraisalData:
    raw = json.loads(paths.resource("demo", "penilaian.json").read_text(encoding="utf-8"))
    ratings = (ATAS, SESUAI, BAWAH)

    def keyed(name: str, keys: Sequence[str]) -> dict[str, tuple[str, ...]]:
        missing = [k for k in keys if not raw[name].get(k)]
        if missing:
            raise RuntimeError(f"penilaian.json: '{name}' has nothing for {', '.join(missing)}")
        return {k: tuple(v) for k, v in raw[name].items()}

    values = skp_rules.CORE_VALUE_CODES
    notes = raw["perilaku_penilai"]
    if any(not notes.get(v, {}).get("baik") or not notes[v].get("perlu") for v in values):
        raise RuntimeError("penilaian.json: 'perilaku_penilai' needs 'baik' and 'perlu' notes for every core value")
    return _AppraisalData(
        realisasi=keyed("realisasi_teks", ratings), bukti=keyed("bukti", ("umum",)),
        feedback=keyed("umpan_balik", ratings),
        penilai_notes={v: {k: tuple(t) for k, t in notes[v].items()} for v in values},
        self_notes=keyed("perilaku_mandiri", values), self_assessment=keyed("penilaian_mandiri", ("baik", "kurang")),
        peer=keyed("rekan", ratings), catatan=keyed("catatan", PREDIKAT_CODES),
        objections=tuple(raw["keberatan"]), hearings=tuple(raw["sidang"]),
        accepted=tuple(raw["putusan_diterima"]), rejected=tuple(raw["putusan_ditolak"]),
        unlock=tuple(raw["buka_kunci"]), survey=tuple(raw["survei"]), complaints=tuple(raw["pengaduan"]),
        org_notes=keyed("predikat_organisasi", tuple(o.name.lower() for o in OrgPredikat)),
    )


class _Dates:
    """When things of the evaluations happened: the weeks around the end of a period, on working days
    in office hours, never after yesterday (for this year's annual evaluation: the last weeks)."""

    def __init__(self, year: int, today: dt.date):
        self.first = dt.date(year, 1, 2)
        self.last = max(self.first, today - dt.timedelta(days=1))
        self.latest_due = max(self.first, today - dt.timedelta(days=30))

    def due(self, span: PeriodSpan) -> dt.date:
        """The day the period's evaluation is worked on: its last day, or a month ago if it has not ended."""
        return min(span.end, self.latest_due)

    def day(self, d: dt.date) -> dt.date:
        d = min(max(d, self.first), self.last)
        return d - dt.timedelta(days=max(0, d.weekday() - 4))  # a weekend: the Friday before

    def moments(self, rng: random.Random, days: Sequence[dt.date]) -> list[str]:
        """ISO timestamps in office hours on those days, each later than the one before."""
        out: list[str] = []
        previous: dt.datetime | None = None
        for d in days:
            minutes = DAY_START_MINUTES + rng.randrange(DAY_MINUTES)
            moment = dt.datetime.combine(self.day(d), dt.time(minutes // 60, minutes % 60, rng.randrange(60)))
            if previous is not None and moment <= previous:
                moment = previous + dt.timedelta(minutes=rng.randint(3, 40))
            out.append(moment.isoformat(timespec="seconds"))
            previous = moment
        return out


class _Approved(NamedTuple):
    """An employee's newest approved SKP of the year: what is evaluated."""

    skp_id: int
    employee_id: int
    penilai_id: int | None
    atasan_id: int | None
    iki: tuple[tuple[int, str, float | None, str], ...]  # (id, aspect, target value, target unit)


@dataclass
class _Annual:
    """The annual evaluation planned for one employee before any row is written."""

    state: str
    pair: tuple[str, str] | None = None  # the ratings (None while not both given)
    final: str | None = None  # final predikat (after a keberatan)
    objection: str = ""  # its status, if the employee objected


class _Rows:
    """The rows of some tables with the ids they will have, written in bulk now and then (in the order the
    tables are given: parents first)."""

    def __init__(self, tables: Sequence[tuple[str, Any, Sequence[Any]]]) -> None:
        self.ids: dict[str, int] = {}
        self.tables: dict[str, tuple[Any, Sequence[Any], list[tuple]]] = {
            name: (model, fields, []) for name, model, fields in tables
        }

    def add(self, table: str, *values: Any) -> int:
        """Buffer one row of ``table`` (its id first, given here) and return the id."""
        row_id = self.ids.get(table, 0) + 1
        self.ids[table] = row_id
        self.tables[table][2].append((row_id, *values))
        return row_id

    def pending(self, table: str) -> int:
        return len(self.tables[table][2])

    def flush(self) -> None:
        _insert_all(tuple(self.tables.values()))


def _quota(rng: random.Random, org: str, follows: bool, n: int) -> dict[str, int]:
    """How many of the ``n`` final annual predikat of a unit with predikat organisasi ``org`` are of each
    predikat, so that they follow the rule for it (or, with ``follows`` False, break it)."""
    def share(low: float, high: float) -> int:
        return round(n * rng.uniform(low, high))

    counts = dict.fromkeys(PREDIKAT_CODES, 0)
    if org == "istimewa" and follows:
        counts["sangat_baik"] = min(n * 7 // 10, share(0.3, 0.55))
        counts["butuh_perbaikan"] = min(n - counts["sangat_baik"], share(0.0, 0.04))
    elif org == "istimewa":
        counts["sangat_baik"] = min(n, max(n * 7 // 10 + 1, share(0.72, 0.88)))
    elif org == "butuh_perbaikan" and follows:
        counts["butuh_perbaikan"] = min(n, math.ceil(0.6 * n) + share(0.0, 0.1))
        counts["sangat_baik"] = min(n - counts["butuh_perbaikan"], n // 10, share(0.0, 0.08))
        counts["kurang"] = min(n - counts["butuh_perbaikan"] - counts["sangat_baik"], share(0.0, 0.05))
    elif follows:  # baik: at most 70% Baik, some Butuh Perbaikan or Kurang
        low = min(n, max(1, share(0.04, 0.1)))
        counts["kurang"] = 1 if low >= 3 and rng.random() < 0.4 else 0
        counts["butuh_perbaikan"] = low - counts["kurang"]
        counts["sangat_kurang"] = 1 if n - low >= 20 and rng.random() < 0.15 else 0
        rest = low + counts["sangat_kurang"]
        counts["sangat_baik"] = min(n - rest, max(math.ceil(0.3 * n) - rest, share(0.15, 0.25)))
    else:  # nearly everybody Baik: with nobody below it, or with a few below but too many Baik
        counts["sangat_baik"] = share(0.03, 0.12)
        if rng.random() < 0.4:
            counts["butuh_perbaikan"] = min(n - counts["sangat_baik"], max(1, share(0.01, 0.04)))
    counts["baik"] = n - sum(counts.values())
    check = appraisal_rules.check_distribution(
        OrgPredikat[org.upper()], {Predikat[code.upper()]: k for code, k in counts.items()})
    if check.ok != follows and not follows:  # too few people to break it the subtle way
        counts = dict.fromkeys(PREDIKAT_CODES, 0)
        counts["sangat_baik" if org == "istimewa" else "baik"] = n
    return counts


class _EvaluationBuilder:
    """Periodic and annual evaluations of the approved SKPs, the predikat organisasi, public feedback and
    keberatan, consistent with :mod:`asn_desktop.services.appraisals` and the rules it keeps."""

    def __init__(self, rng: random.Random, plan: _Plan, people: list[_Written], year: int, today: dt.date):
        self.rng, self.year, self.data = rng, year, _appraisal_data()
        self.by_id = {p.id: p for p in people}
        self.units = {u.id: u for u in plan.units}
        self.organisations = [u for u in plan.units if u.parent is not None and u.parent.parent is None]
        self.dates = _Dates(year, today)
        self.rows = _Rows(EVALUATION_TABLES)
        # within the office's window, a weekend apart from its end
        self.objection_days = max(1, min(12, int(store_settings.get("evaluation.objection_days")) - 2))
        cadence = store_settings.get("evaluation.cadence")
        spans = appraisal_rules.period_spans(year, cadence) + appraisal_rules.period_spans(year, ANNUAL)
        self.period_ids = {(s.cadence, s.number): self.rows.add("period", year, s.cadence, s.number, s.label,
                                                                  s.start.isoformat(), s.end.isoformat())
                           for s in spans}
        self.annual_span = spans[-1]
        self.periodic = [s for s in spans[:-1] if s.end < today]  # the periods that have ended
        self.approved = self._approved()
        self.team: dict[int | None, list[int]] = {}
        for a in self.approved:
            self.team.setdefault(a.penilai_id, []).append(a.employee_id)

    # ------------------------------------------------------------------------------------ what exists
    def _approved(self) -> list[_Approved]:
        db = Skp._meta.database
        newest = "SELECT max(id) FROM skp WHERE year = ? AND status = ? GROUP BY employee_id"
        iki: dict[int, list[tuple[int, str, float | None, str]]] = {}
        for skp_id, iki_id, aspect, value, unit in db.execute_sql(
                f"""SELECT r.skp_id, k.id, k.aspect, k.target_value, k.target_unit FROM skp_iki k
                    JOIN skp_rhk r ON r.id = k.rhk_id WHERE r.skp_id IN ({newest})
                    ORDER BY r.skp_id, r.position, k.position""", (self.year, DISETUJUI)):
            iki.setdefault(skp_id, []).append((iki_id, aspect, value, unit))
        return [
            _Approved(skp_id, employee_id, penilai_id, atasan_id, tuple(iki.get(skp_id, ())))
            for skp_id, employee_id, penilai_id, atasan_id in db.execute_sql(
                f"SELECT id, employee_id, penilai_id, atasan_id FROM skp WHERE id IN ({newest}) ORDER BY employee_id",
                (self.year, DISETUJUI))
        ]

    def _label(self, employee_id: int | None) -> str:
        """The actor as the appraisal services write it: 'Nama (NIP)', or the operator."""
        if employee_id is None:
            return "Operator kepegawaian"
        p = self.by_id[employee_id]
        return f"{p.name} ({p.nip})"

    # ------------------------------------------------------------------------------------------- plan
    def plan_annual(self) -> dict[int, _Annual]:
        """The state, ratings and final predikat of every annual evaluation; the predikat organisasi."""
        rng = self.rng
        progress: dict[int | None, str] = {}
        annual: dict[int, _Annual] = {}
        for a in self.approved:
            if a.penilai_id not in progress:
                progress[a.penilai_id] = _weighted(rng, TEAM_PROGRESS)
            state = _weighted(rng, ANNUAL_STATE[progress[a.penilai_id]])
            pair = _weighted_pair(rng, RATING_MIX) if state in ("final", "lengkap", "sebagian") else None
            annual[a.employee_id] = _Annual(state, pair)
        finals_of: dict[int, list[int]] = {u.id: [] for u in self.organisations}
        for a in self.approved:
            plan = annual[a.employee_id]
            if plan.state != "final":
                continue
            org = _SkpBuilder._organisation(self.units[self.by_id[a.employee_id].unit_id])
            if org.id in finals_of:
                finals_of[org.id].append(a.employee_id)
            else:  # the Sekretaris Daerah: no unit above to rule on
                plan.final = _predikat_code(*plan.pair)  # type: ignore[misc]
        rules = self._org_rules(finals_of)
        objecting = self._objectors(annual, finals_of)
        for unit_id, employees in finals_of.items():
            org, follows = rules[unit_id]
            counts = _quota(rng, org, follows, len(employees))
            finals = [code for code in PREDIKAT_CODES for _ in range(counts[code])]
            rng.shuffle(finals)
            given = dict(zip(employees, finals))
            for employee_id in employees:
                if employee_id in objecting:
                    self._fit_objection(employee_id, objecting[employee_id], given, employees, objecting)
            for employee_id, code in given.items():
                plan = annual[employee_id]
                plan.final = code
                plan.objection = objecting.get(employee_id, "")
                if plan.objection == "diterima" and code not in ACCEPTED_FROM:
                    plan.objection = "ditolak"  # nothing better than it was could have been asked for
                original = ACCEPTED_FROM[code] if plan.objection == "diterima" else code
                plan.pair = _weighted_pair(rng, PREDIKAT_RATINGS[original])
        return annual

    def _org_rules(self, finals_of: dict[int, list[int]]) -> dict[int, tuple[str, bool]]:
        """The predikat organisasi of every perangkat daerah and kecamatan and whether its annual predikat
        will follow the rule for it; written now. Some units follow, some do not."""
        rng = self.rng
        orgs = [u.id for u in self.organisations]
        value = {u: "istimewa" if rng.random() < ISTIMEWA_SHARE else "baik" for u in orgs}
        follows = {u: rng.random() >= BREAKS[value[u]] for u in orgs}
        weak = rng.sample(orgs[1:], max(0, min(len(orgs) - 1, 1 if len(orgs) < 20 else 2)))
        for i, u in enumerate(weak):  # a unit rated Butuh Perbaikan whose people are mostly Baik, and one not
            value[u], follows[u] = "butuh_perbaikan", i == 1
        judged = [u for u in orgs if finals_of[u]]
        if len(judged) >= 2:
            if all(follows[u] for u in judged):
                follows[max(judged, key=lambda u: (value[u] == "baik", len(finals_of[u]), -u))] = False
            if not any(follows[u] for u in judged):
                follows[max(judged, key=lambda u: (value[u] != "butuh_perbaikan", len(finals_of[u]), -u))] = True
        for u in orgs:
            score = round(rng.uniform(*SAKIP_SCORE[value[u]]), 2)
            grade = next(g for least, g in SAKIP_GRADES if score >= least)
            note = rng.choice(self.data.org_notes[value[u]]).format(
                tahun=self.year, nilai=f"{score:.2f}".replace(".", ","), huruf=grade)
            self.rows.add("org", u, self.year, value[u], note)
        return {u: (value[u], follows[u]) for u in orgs}

    def _objectors(self, annual: dict[int, _Annual], finals_of: dict[int, list[int]]) -> dict[int, str]:
        """A few employees with a final annual predikat and an atasan pejabat penilai object to it."""
        atasan = {a.employee_id: a.atasan_id for a in self.approved}
        candidates = [e for employees in finals_of.values() for e in employees if atasan[e] is not None]
        count = min(len(candidates), 3 + len(self.by_id) // 3000)
        chosen = sorted(self.rng.sample(candidates, count))
        return {e: OBJECTION_STATUSES[i % len(OBJECTION_STATUSES)] for i, e in enumerate(chosen)}

    @staticmethod
    def _fit_objection(employee_id: int, status: str, given: dict[int, str], unit: list[int],
                       objecting: dict[int, str]) -> None:
        """Swap predikat with a colleague of the unit (the unit's counts stay) so that the objection makes
        sense: an accepted one ends Baik (it was Butuh Perbaikan); the others object to Butuh Perbaikan or
        Kurang where the unit has any, else to Baik."""
        for code in ("baik",) if status == "diterima" else ("butuh_perbaikan", "kurang", "baik"):
            if given[employee_id] == code:
                return
            other = next((e for e in unit if e not in objecting and given[e] == code), None)
            if other is not None:
                given[employee_id], given[other] = given[other], given[employee_id]
                return

    # ------------------------------------------------------------------------------------------ write
    def write_feedback(self) -> None:
        """Survei kepuasan masyarakat and pengaduan handled in time, per perangkat daerah/kecamatan and period."""
        rng, data = self.rng, self.data
        for span in self.periodic:
            period_id = self.period_ids[(span.cadence, span.number)]
            for u in self.organisations:
                recorded = self.dates.moments(rng, [span.end + dt.timedelta(days=rng.randint(5, 20))])[0]
                score = round(rng.uniform(70.0, 95.0), 2)
                self.rows.add("feedback", period_id, u.id, "survei", score, rng.randint(40, 600),
                              rng.choice(data.survey).replace("{periode}", span.label), recorded)
                if rng.random() < 0.8:
                    self.rows.add("feedback", period_id, u.id, "pengaduan", round(rng.uniform(60.0, 100.0), 1),
                                  rng.randint(1, 40), rng.choice(data.complaints).replace("{periode}", span.label),
                                  recorded)

    def write(self, annual: dict[int, _Annual], report: Callable[[int], None]) -> None:
        rng = self.rng
        last = len(self.periodic) - 1
        for index, a in enumerate(self.approved):
            plan = annual[a.employee_id]
            for i, span in enumerate(self.periodic):
                state = _weighted(rng, LAST_PERIOD_STATE if i == last else EARLIER_PERIOD_STATE)
                if state == "kosong":
                    continue
                if plan.pair is not None and rng.random() < SAME_AS_ANNUAL:
                    pair = plan.pair
                else:
                    pair = _weighted_pair(rng, RATING_MIX)
                final = _predikat_code(*pair) if state == "final" else None
                self._evaluation(a, span, state, pair, final, "")
            if plan.state != "kosong":
                self._evaluation(a, self.annual_span, plan.state, plan.pair, plan.final, plan.objection)
            if self.rows.pending("indicator") >= _FLUSH_EVALUATIONS:
                self.rows.flush()
            done = index + 1
            if done % PROGRESS_EVERY == 0 or done == len(self.approved):
                report(done)
        self.rows.flush()

    def _evaluation(self, a: _Approved, span: PeriodSpan, state: str, pair: tuple[str, str] | None,
                    final: str | None, objection: str) -> None:
        rng, data, rows = self.rng, self.data, self.rows
        annual = span.cadence == ANNUAL
        which = 0 if annual else 1  # index into the (annual, periodic) shares
        hasil, perilaku = pair if pair is not None and state != "isian" else (None, None)
        if state == "sebagian":
            hasil, perilaku = (hasil, None) if rng.random() < 0.6 else (None, perilaku)
        is_final = state == "final"
        # what happened when: realisasi entered around the end of the period, the penilai's work after it
        due = self.dates.due(span)
        days = {"start": due - dt.timedelta(days=rng.randint(0, 12))}
        days["end"] = due + dt.timedelta(days=rng.randint(3, 25)) if is_final else \
            days["start"] + dt.timedelta(days=rng.randint(0, 20))
        unlocked = annual and is_final and not objection and rng.random() < UNLOCKED_SHARE
        if unlocked:
            days["buka"] = days["end"] + dt.timedelta(days=rng.randint(2, 10))
            days["final"] = days["buka"] + dt.timedelta(days=rng.randint(0, 3))
        if objection:
            days["keberatan"] = days["end"] + dt.timedelta(days=rng.randint(1, self.objection_days))
            if objection != "diajukan":
                days["putusan"] = days["keberatan"] + dt.timedelta(days=rng.randint(3, 12))
        at = dict(zip(days, self.dates.moments(rng, list(days.values()))))
        finalised = at.get("final", at["end"]) if is_final else None
        original = _predikat_code(hasil, perilaku) if is_final else None  # type: ignore[arg-type]

        self_assessment = catatan = ""
        if rng.random() < SELF_ASSESSMENT_SHARE[which]:
            mood = "kurang" if hasil == BAWAH else "baik"
            self_assessment = rng.choice(data.self_assessment[mood]).replace("{periode}", span.label)
        if is_final and rng.random() < CATATAN_SHARE[which]:
            catatan = rng.choice(data.catatan[final])  # type: ignore[index]
        saves = rng.randint(2, 8) + 2 * unlocked + len(days) - 2
        evaluation_id = rows.add(
            "evaluation", self.period_ids[(span.cadence, span.number)], a.skp_id, a.employee_id,
            self.by_id[a.employee_id].unit_id, "final" if is_final else "draf", hasil, perilaku, original, final,
            self_assessment, catatan, finalised, finalised[:10] if finalised else None, saves, at["start"],
            max(at.values()),
        )
        if is_final:
            penilai = self._label(a.penilai_id)
            note = f"Predikat {Predikat[original.upper()].label}"  # type: ignore[union-attr]
            rows.add("history", evaluation_id, at["end"], "final", penilai, note)
            if unlocked:
                who = self._label(a.atasan_id if rng.random() < 0.5 else None)
                rows.add("history", evaluation_id, at["buka"], "buka", who, rng.choice(data.unlock))
                rows.add("history", evaluation_id, at["final"], "final", penilai, note)
        if objection:
            self._objection(evaluation_id, a, original, final, objection, at)  # type: ignore[arg-type]
        self._indicators(evaluation_id, a, span, state, hasil or SESUAI)
        if state != "isian" and rng.random() < BEHAVIOUR_SHARE[which]:
            self._behaviours(evaluation_id, perilaku or SESUAI)
        if annual and rng.random() < PEER_SHARE:
            self._peers(evaluation_id, a, at["start"])

    def _objection(self, evaluation_id: int, a: _Approved, original: str, final: str, status: str,
                   at: dict[str, str]) -> None:
        """The keberatan and, unless it still waits, the atasan pejabat penilai's decision (as decide_objection
        writes it)."""
        rng, data, rows = self.rng, self.data, self.rows
        reason = rng.choice(data.objections)
        employee = self._label(None if rng.random() < OPERATOR_OBJECTION else a.employee_id)
        rows.add("history", evaluation_id, at["keberatan"], "keberatan", employee, reason)
        decided = at.get("putusan")
        atasan = self._label(a.atasan_id)
        if status == "diterima":
            decision = rng.choice(data.accepted)
            note = f"Diterima; predikat menjadi {Predikat[final.upper()].label}. {decision}"
        elif status == "ditolak":
            decision = rng.choice(data.rejected)
            note = f"Ditolak. {decision}"
        else:
            decision = note = ""
        hearing = rng.choice(data.hearings) if decided else ""
        rows.add("objection", evaluation_id, at["keberatan"][:10], reason, status, hearing, original,
                 final if status == "diterima" else None, decided[:10] if decided else None,
                 atasan if decided else "", decision)
        if decided:
            rows.add("history", evaluation_id, decided, "putusan", atasan, note)

    def _indicators(self, evaluation_id: int, a: _Approved, span: PeriodSpan, state: str, level: str) -> None:
        """Realisasi with a bukti dukung note per IKI (all of them, or the first few of a plan being filled
        in), and the penilai's umpan balik on some."""
        rng, data = self.rng, self.data
        if not a.iki or rng.random() >= WITH_REALISASI[state]:
            return
        count = len(a.iki) if state == "final" or rng.random() < 0.7 else rng.randint(1, len(a.iki))
        feedback = FEEDBACK_SHARE[state]
        low, high = PACE[level]
        texts, notes = data.realisasi[level], data.feedback[level]
        for iki_id, aspect, target, unit in a.iki[:count]:
            if target is None:
                value, text = None, rng.choice(texts)
            else:
                value, text = _realisasi(target, aspect, unit, rng.uniform(low, high)), ""
            bukti = rng.choice(data.bukti.get(unit) or data.bukti["umum"]).replace("{periode}", span.label)
            umpan_balik = rng.choice(notes) if rng.random() < feedback else ""
            self.rows.add("indicator", evaluation_id, iki_id, value, text, bukti, umpan_balik)

    def _behaviours(self, evaluation_id: int, perilaku: str) -> None:
        """The penilai's note (and sometimes the employee's own) on one to three core values."""
        rng, data = self.rng, self.data
        codes = skp_rules.CORE_VALUE_CODES
        for i in sorted(rng.sample(range(len(codes)), rng.randint(1, 3))):
            code = codes[i]
            kind = "perlu" if perilaku == BAWAH and rng.random() < 0.7 else "baik"
            own = rng.choice(data.self_notes[code]) if rng.random() < 0.4 else ""
            self.rows.add("behaviour", evaluation_id, code, own, rng.choice(data.penilai_notes[code][kind]))

    def _peers(self, evaluation_id: int, a: _Approved, when: str) -> None:
        """One or two colleagues with the same penilai give their view on every core value."""
        rng, data = self.rng, self.data
        colleagues = [e for e in self.team.get(a.penilai_id, ()) if e != a.employee_id]
        if a.penilai_id is None or not colleagues:
            return
        for peer in sorted(rng.sample(colleagues, min(len(colleagues), rng.randint(1, 2)))):
            for code in skp_rules.CORE_VALUE_CODES:
                rating = _weighted(rng, PEER_RATINGS)
                note = rng.choice(data.peer[rating]) if rng.random() < 0.3 else ""
                self.rows.add("peer", evaluation_id, peer, code, rating, note, when)


PEER_RATINGS = ((SESUAI, 78.0), (ATAS, 18.0), (BAWAH, 4.0))


def _weighted_pair(rng: random.Random, pairs: Sequence[tuple[tuple[str, str], float]]) -> tuple[str, str]:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def _predikat_code(hasil: str, perilaku: str) -> str:
    """The matrix of :mod:`asn_desktop.domain.predikat`, on the stored codes."""
    return _PREDIKAT_OF[(hasil, perilaku)]


_PREDIKAT_OF = {
    (h.name.lower(), p.name.lower()): predikat_matrix(h, p).name.lower() for h in Rating for p in Rating
}


def _realisasi(target: float, aspect: str, unit: str, pace: float) -> float:
    """A realisasi near the target: ``pace`` times it (for waktu and biaya, where less is better, 2 - pace
    times it); a share or a score at most 100; counts whole, money in thousands."""
    value = target * (2.0 - pace) if aspect in ("waktu", "biaya") else target * pace
    if unit in RATE_UNITS:
        return min(100.0, round(value, 1))
    if value >= 1_000_000:
        return float(round(value, -3))
    return float(max(1, round(value))) if aspect == "waktu" else float(round(value))


def _write_evaluations(rng: random.Random, plan: _Plan, people: list[_Written], year: int, today: dt.date,
                       report: Callable[[int], None]) -> None:
    """The evaluation periods of the year and, for every employee with an approved SKP, the evaluations of
    the periods that have ended and the annual one, with the unit's predikat organisasi, public feedback
    and a few keberatan. ``report(done)`` counts the employees evaluated, up to ``len(people)``."""
    builder = _EvaluationBuilder(rng, plan, people, year, today)
    annual = builder.plan_annual()
    builder.write_feedback()
    total = len(builder.approved)
    builder.write(annual, lambda done: report(done * len(people) // total))
    report(len(people))


# ================================================================================================ pengembangan
# How keen each active employee is on training this year — nothing at all, a little (a module or two), nearly
# the 20 JP, the 20 JP or more — and the JP range they aim at. What they end with is often less: a course not
# passed, days missed, an event that counts in the next year or has not happened yet.
TRAINING_APPETITE = (("nol", 16.0), ("sedikit", 25.0), ("kurang", 20.0), ("cukup", 39.0))
JP_GOAL = {"nol": (0, 0), "sedikit": (2, 11), "kurang": (12, 19), "cukup": (20, 44)}
COURSE_CHANCE = 0.8  # of those aiming at 16 JP or more: a course of the province or the BKPSDM
COURSE_FORMS = frozenset({"pelatihan", "bimtek", "kursus", "penataran"})
MEETING_FORMS = frozenset({"seminar", "workshop", "sosialisasi"})
COACHING_SHARE = 0.35  # heads with a team of three or more who coach it once in the year
COACHING_TEAM_SHARE = 0.85  # of the team (those who train at all) taking part
COACHING_JP = (2, 4)
EVENT_MONTHS = ((1, 3.0), (2, 8.0), (3, 10.0), (4, 8.0), (5, 9.0), (6, 8.0), (7, 10.0), (8, 9.0), (9, 10.0),
                (10, 11.0), (11, 9.0), (12, 5.0))
LAST_START, LAST_END = (12, 12), (12, 22)  # the events of the year start by 12 and end by 22 December
JP_PER_DAY = 8  # a day of klasikal training
E_LEARNING_DAYS = (21, 42)  # how long a module stays open
# how a participation ended, by the kind of event: passed; attended with part of the JP (sebagian); attended,
# the certificate still awaited (menunggu); not passed
OUTCOMES = {
    "course": (("lulus", 86.0), ("sebagian", 6.0), ("menunggu", 3.0), ("tidak_lulus", 5.0)),
    "meeting": (("hadir", 93.0), ("sebagian", 7.0)),
    "online": (("lulus", 86.0), ("tidak_lulus", 14.0)),
    "coaching": (("hadir", 92.0), ("sebagian", 8.0)),
}
CERTIFIED_MEETINGS = frozenset({"seminar", "workshop"})  # a sosialisasi or coaching gives no certificate
DEVELOPMENT_AS_OF = (2, 14)  # a past year's training is shown as of this day of the next year
NEED_REVIEWED = (0.9, 0.45)  # needs the operator reviewed: proposed by an earlier run, by the last one
NEED_REJECTED = 0.08
NEED_PLANNED = (0.65, 0.4)  # approved needs planned into a follow-up course: earlier runs, the last one
FOLLOW_UP_LAST, FOLLOW_UP_NEXT = (11, 15), (3, 2)  # a follow-up course due after 15 November waits for March
MANUAL_NEEDS_PER = 400  # one need recorded by hand per this many active employees
PROGRAMME_RESPONSES = 0.85  # participants of a coaching programme who gave feedback
PROGRAMME_COMMENTS = 0.65  # of them, with a comment
PROGRAMME_MOOD = (("puas", 75.0), ("kurang", 25.0))
PROGRAMME_SCORES = {"puas": ((3, 5.0), (4, 45.0), (5, 50.0)), "kurang": ((2, 20.0), (3, 40.0), (4, 30.0), (5, 10.0))}
# "Waktu dan tempat memadai": what people most often find wanting (scored a point lower by some)
TIME_QUESTION = next((i for i, q in enumerate(DEFAULT_QUESTIONS) if q.lower().startswith("waktu")), None)

EVENT_FIELDS = (
    TrainingEvent.id, TrainingEvent.title, TrainingEvent.kind, TrainingEvent.method, TrainingEvent.form,
    TrainingEvent.organiser, TrainingEvent.location, TrainingEvent.start_date, TrainingEvent.end_date, TrainingEvent.jp,
    TrainingEvent.competency, TrainingEvent.notes, TrainingEvent.lock_version, TrainingEvent.created_at,
    TrainingEvent.updated_at,
)
NEED_FIELDS = (TrainingNeed.id, TrainingNeed.employee, TrainingNeed.year, TrainingNeed.evaluation, TrainingNeed.source,
               TrainingNeed.competency, TrainingNeed.kind, TrainingNeed.status, TrainingNeed.note,
               TrainingNeed.created_at, TrainingNeed.updated_at)
PARTICIPATION_FIELDS = (
    TrainingParticipation.id, TrainingParticipation.event, TrainingParticipation.employee, TrainingParticipation.status,
    TrainingParticipation.jp_credited, TrainingParticipation.certificate_number, TrainingParticipation.certificate_date,
    TrainingParticipation.notes, TrainingParticipation.need, TrainingParticipation.updated_at,
)
PROGRAMME_FIELDS = (CoachingProgram.id, CoachingProgram.title, CoachingProgram.kind, CoachingProgram.year,
                    CoachingProgram.unit, CoachingProgram.description, CoachingProgram.created_at,
                    CoachingProgram.updated_at)
SESSION_FIELDS = (CoachingSession.id, CoachingSession.program, CoachingSession.date, CoachingSession.topic,
                  CoachingSession.facilitator, CoachingSession.minutes)
QUESTION_FIELDS = (CoachingQuestion.id, CoachingQuestion.program, CoachingQuestion.position, CoachingQuestion.text)
PROGRAMME_PARTICIPANT_FIELDS = (CoachingParticipant.id, CoachingParticipant.program, CoachingParticipant.employee,
                                CoachingParticipant.comment, CoachingParticipant.feedback_at)
SCORE_FIELDS = (CoachingFeedback.id, CoachingFeedback.participant, CoachingFeedback.question, CoachingFeedback.score)
DEVELOPMENT_TABLES = (
    ("event", TrainingEvent, EVENT_FIELDS), ("need", TrainingNeed, NEED_FIELDS),
    ("participation", TrainingParticipation, PARTICIPATION_FIELDS), ("programme", CoachingProgram, PROGRAMME_FIELDS),
    ("session", CoachingSession, SESSION_FIELDS), ("question", CoachingQuestion, QUESTION_FIELDS),
    ("participant", CoachingParticipant, PROGRAMME_PARTICIPANT_FIELDS), ("score", CoachingFeedback, SCORE_FIELDS),
)


@dataclass(frozen=True)
class _Organiser:
    name: str
    number: str  # of a certificate: {tahun} the year the event ended, {nomor} a serial
    places: tuple[str, ...]


@dataclass(frozen=True)
class _Offer:
    """A training event of the catalogue, run in one or more batches (angkatan, gelombang) in the year."""

    title: str
    kind: str
    form: str
    organiser: str  # key of the organisers
    jp: float
    competency: str
    group: str  # who it is for: key of the groups
    size: tuple[int, int]  # participants of one batch
    weight: float  # how often the people it is for choose it
    notes: str = ""

    @property
    def category(self) -> str:
        """course (klasikal pelatihan), meeting (seminar, workshop, sosialisasi), online (e-learning) or coaching."""
        if self.form in COURSE_FORMS:
            return "course"
        if self.form in MEETING_FORMS:
            return "meeting"
        return "online" if self.form == "e_learning" else "coaching"


@dataclass(frozen=True)
class _DevelopmentData:
    """resources/demo/pengembangan.json, checked."""

    organisers: dict[str, _Organiser]
    groups: dict[str, frozenset[str]]  # family key, "@level" of a head, or "*"
    offers: tuple[_Offer, ...]
    coaching_forms: tuple[tuple[str, float], ...]
    coaching_titles: dict[str, str]  # form -> title with {topik}
    coaching_topics: tuple[tuple[str, str], ...]  # (topic, kind)
    coaching_note: str
    follow_up: dict[str, _Offer]  # side of the evaluation (hasil, perilaku) -> the course that answers its needs
    rejections: tuple[str, ...]
    manual_needs: tuple[tuple[str, str, str], ...]  # (competency, kind, note)
    notes: dict[str, Any]  # notes on a participation
    programmes: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def _development_data() -> _DevelopmentData:
    from .coaching import KINDS as PROGRAMME_KINDS

    raw = json.loads(paths.resource("demo", "pengembangan.json").read_text(encoding="utf-8"))
    organisers = {k: _Organiser(v["nama"], v["nomor"], tuple(v["lokasi"])) for k, v in raw["penyelenggara"].items()}
    groups = {k: frozenset(v) for k, v in raw["sasaran"].items()}
    unknown = sorted({m for g in groups.values() for m in g
                      if m != "*" and m not in FAMILIES and not (m.startswith("@") and m[1:] in HEAD_LEVELS)})
    if unknown:
        raise RuntimeError(f"pengembangan.json: 'sasaran' names unknown families or levels: {', '.join(unknown)}")

    def offer(r: dict[str, Any], where: str, for_group: bool = True) -> _Offer:
        problems = []
        if r["jenis"] not in development_rules.KINDS:
            problems.append(f"jenis '{r['jenis']}'")
        if r["bentuk"] not in development_rules.FORMS:
            problems.append(f"bentuk '{r['bentuk']}'")
        if r["penyelenggara"] not in organisers:
            problems.append(f"penyelenggara '{r['penyelenggara']}'")
        if for_group and r.get("sasaran") not in groups:
            problems.append(f"sasaran '{r.get('sasaran')}'")
        low, high = r.get("peserta", (1, 1))
        if not 0 < float(r["jp"]) <= 1000 or not 1 <= low <= high:
            problems.append("jp atau peserta")
        if problems:
            raise RuntimeError(f"pengembangan.json: {where}: {', '.join(problems)} tidak dikenal atau salah")
        return _Offer(r["judul"], r["jenis"], r["bentuk"], r["penyelenggara"], float(r["jp"]), r["kompetensi"],
                      r.get("sasaran", ""), (int(low), int(high)), float(r.get("bobot", 1)), r.get("catatan", ""))

    coaching = raw["coaching"]
    forms = tuple((form, float(w)) for form, w in coaching["bentuk"])
    topics = tuple((topic, kind) for topic, kind in coaching["topik"])
    if any(development_rules.FORMS.get(f, ("",))[0] != "nonklasikal" or f not in coaching["judul"] for f, _ in forms) \
            or any(kind not in development_rules.KINDS for _, kind in topics):
        raise RuntimeError("pengembangan.json: 'coaching' needs nonklasikal forms with a title and known kinds")
    programmes = tuple(raw["program"])
    for prog in programmes:
        if prog["jenis"] not in PROGRAMME_KINDS or not 2 <= len(prog["sesi"]) <= 4 \
                or any(g not in groups for g in prog.get("sasaran", ())):
            raise RuntimeError(f"pengembangan.json: program '{prog['judul']}': jenis, sesi (2–4) or sasaran wrong")
    return _DevelopmentData(
        organisers=organisers, groups=groups,
        offers=tuple(offer(r, f"kegiatan {i} ({r['judul']})") for i, r in enumerate(raw["kegiatan"], 1)),
        coaching_forms=forms, coaching_titles=dict(coaching["judul"]), coaching_topics=topics,
        coaching_note=coaching["catatan"],
        follow_up={side: offer(raw["tindak_lanjut"][side], f"tindak_lanjut {side}", False) for side in ("hasil", "perilaku")},
        rejections=tuple(raw["alasan_tolak"]),
        manual_needs=tuple((c, k, n) for c, k, n in raw["kebutuhan_manual"]),
        notes=dict(raw["keterangan_peserta"]), programmes=programmes,
    )


def _need_proposal(side: str, position: str) -> tuple[str, str]:
    """(kind, competency) of a need proposed for a rating Di Bawah Ekspektasi: the texts
    :func:`asn_desktop.services.development.generate_needs` writes."""
    if side == "hasil":
        return "teknis", f"Kompetensi teknis jabatan {position}".strip()
    return "sosial_kultural", "Perilaku kerja sesuai nilai dasar BerAKHLAK"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _development_as_of(year: int, today: dt.date) -> dt.date:
    """The last day the demo's training records reach: yesterday, or for a past year the middle of February
    of the next one (the year's training done, the needs from its annual evaluations being planned)."""
    return min(today - dt.timedelta(days=1), dt.date(year + 1, *DEVELOPMENT_AS_OF))


@dataclass
class _NewEvent:
    """A training event to write: one batch of an offer, a supervisor's coaching, or a follow-up of needs."""

    title: str
    kind: str
    form: str
    category: str
    organiser_key: str  # "" for the office's own coaching (no certificate)
    organiser: str
    location: str
    jp: float
    competency: str
    start: dt.date
    end: dt.date
    notes: str = ""
    members: list[int] = field(default_factory=list)  # employee ids
    needs: dict[int, _NewNeed] = field(default_factory=dict)  # employee -> the need planned into this event
    planned_at: dict[int, str] = field(default_factory=dict)  # employee -> when the need was planned
    created_at: str = ""


@dataclass
class _NewNeed:
    employee_id: int
    side: str  # hasil, perilaku or manual:1
    evaluation_id: int | None
    kind: str
    competency: str
    created_at: str
    run: int  # which run of the proposal made it (-1: recorded by hand)
    status: str = "usulan"
    note: str = ""
    updated_at: str = ""
    id: int = 0


class _DevelopmentBuilder:
    """A year of pengembangan kompetensi for the office, consistent with :mod:`asn_desktop.services.development`
    (JP counts in the year an event ended, only hadir/lulus earn it) and :mod:`asn_desktop.services.coaching`."""

    def __init__(self, rng: random.Random, plan: _Plan, people: list[_Written], year: int, today: dt.date):
        self.rng, self.year, self.data = rng, year, _development_data()
        self.as_of = _development_as_of(year, today)
        self.regency = plan.regency
        self.people = people
        self.active = [p for p in people if p.active]
        self.by_id = {p.id: p for p in people}
        self.units = {u.id: u for u in plan.units}
        self.unit_of_code = {u.code: u for u in plan.units}
        self.events: list[_NewEvent] = []
        self.needs: list[_NewNeed] = []
        self.rows = _Rows(DEVELOPMENT_TABLES)
        self._eligible: dict[str, tuple[list[_Offer], list[_Offer]]] = {}
        self._serials: dict[tuple[str, int], int] = {}

    # ------------------------------------------------------------------------------------------ dates
    def _weekday(self, d: dt.date) -> dt.date:
        """A Saturday or Sunday moves to the Monday after."""
        return d + dt.timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)

    def _moment(self, d: dt.date) -> str:
        """A time in office hours on a working day near ``d``, never after the last day of the records."""
        d = min(self._weekday(d), self.as_of)
        d -= dt.timedelta(days=max(0, d.weekday() - 4))  # the records' last day is a weekend: the Friday before
        minutes = DAY_START_MINUTES + self.rng.randrange(DAY_MINUTES)
        return dt.datetime.combine(d, dt.time(minutes // 60, minutes % 60, self.rng.randrange(60))).isoformat()

    def _start(self) -> dt.date:
        rng, year = self.rng, self.year
        month = _weighted_int(rng, EVENT_MONTHS)
        d = dt.date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))
        return self._weekday(min(d, dt.date(year, *LAST_START)))

    def _end(self, category: str, start: dt.date, jp: float) -> dt.date:
        rng, last = self.rng, dt.date(self.year, *LAST_END)
        if category == "course":  # consecutive working days
            end, days = start, math.ceil(jp / JP_PER_DAY)
            while days > 1:
                end += dt.timedelta(days=1)
                days -= end.weekday() < 5
            return end
        if category == "meeting":
            return start
        span = rng.randint(*E_LEARNING_DAYS) if category == "online" else rng.randint(7, 28)
        end = max(start, min(start + dt.timedelta(days=span), last))
        return end - dt.timedelta(days=max(0, end.weekday() - 4))

    def _event(self, offer: _Offer, title: str, start: dt.date, members: list[int]) -> _NewEvent:
        organiser = self.data.organisers[offer.organiser]
        return _NewEvent(title, offer.kind, offer.form, offer.category, offer.organiser,
                         organiser.name.format(kabupaten=self.regency),
                         self.rng.choice(organiser.places).format(kabupaten=self.regency), offer.jp, offer.competency,
                         start, self._end(offer.category, start, offer.jp), offer.notes, members)

    # ------------------------------------------------------------------------------------------ who takes what
    def _offers_for(self, p: _Written) -> tuple[list[_Offer], list[_Offer]]:
        """(courses, the rest) of the catalogue that are for the employee's position."""
        key = _position_key(p)
        found = self._eligible.get(key)
        if found is None:
            groups = self.data.groups
            mine = [o for o in self.data.offers if key in groups[o.group] or "*" in groups[o.group]]
            found = ([o for o in mine if o.category == "course"], [o for o in mine if o.category != "course"])
            self._eligible[key] = found
        return found

    def assign(self, report: Callable[[int], None]) -> None:
        """Who takes part in what: supervisors coach their teams, then everybody picks from the catalogue up to
        the JP they aim at; the offers are then run in batches across the year."""
        rng = self.rng
        appetite = {p.id: _weighted(rng, TRAINING_APPETITE) for p in self.active}
        coached = self._coaching(appetite)
        taking: dict[_Offer, list[int]] = {}
        for index, p in enumerate(self.people):
            level = appetite.get(p.id, "nol")
            if level != "nol":
                goal = rng.randint(*JP_GOAL[level])
                total = coached.get(p.id, 0.0)
                courses, others = self._offers_for(p)
                chosen: list[_Offer] = []
                if goal >= 16 and courses and rng.random() < COURSE_CHANCE:
                    chosen.append(_pick(rng, courses))
                    total += chosen[-1].jp
                pool = list(others)
                while total < goal and pool:
                    chosen.append(pool.pop(_pick_index(rng, pool)))
                    total += chosen[-1].jp
                for o in chosen:
                    taking.setdefault(o, []).append(p.id)
            done = index + 1
            if done % PROGRESS_EVERY == 0 or done == len(self.people):
                report(done)
        online: list[list[_NewEvent]] = []
        for offer in self.data.offers:  # the catalogue's order: the same batches for the same seed
            members = taking.get(offer)
            if members:
                batches = self._batches(offer, members)
                if offer.category == "online":
                    online.append(batches)
        self._across_the_years(online)

    def _coaching(self, appetite: dict[int, str]) -> dict[int, float]:
        """Some heads coach (or mentor) their team once: a few JP for those who take part."""
        rng, data = self.rng, self.data
        team: dict[int, list[int]] = {}
        for p in self.active:
            if p.supervisor_id is not None:
                team.setdefault(p.supervisor_id, []).append(p.id)
        earned: dict[int, float] = {}
        for head in self.active:
            staff = team.get(head.id, [])
            if len(staff) < 3 or rng.random() >= COACHING_SHARE:
                continue
            members = [e for e in staff if appetite[e] != "nol" and rng.random() < COACHING_TEAM_SHARE]
            if not members:
                continue
            form = _weighted(rng, data.coaching_forms)
            topic, kind = rng.choice(data.coaching_topics)
            unit = self.units[head.unit_id].name
            jp = float(rng.randint(*COACHING_JP))
            start = self._start()
            self.events.append(_NewEvent(
                f"{data.coaching_titles[form].format(topik=topic)} ({unit})", kind, form, "coaching", "", unit, unit,
                jp, topic[0].upper() + topic[1:], start, self._end("coaching", start, jp),
                data.coaching_note.format(atasan=head.name, jabatan=head.position_title), members))
            for e in members:
                earned[e] = earned.get(e, 0.0) + jp
        return earned

    def _batches(self, offer: _Offer, members: list[int]) -> list[_NewEvent]:
        """The offer's participants in batches of its size, at dates spread over the year (numbered in order)."""
        rng = self.rng
        low, high = offer.size
        n = len(members)
        k = max(1, math.ceil(n / high), round(n / ((low + high) / 2)))
        rng.shuffle(members)
        starts = sorted(self._start() for _ in range(k))
        out = []
        for i, start in enumerate(starts):
            label = (f" Gelombang {i + 1}" if offer.category == "online" else f" Angkatan {_roman(i + 1)}") if k > 1 else ""
            out.append(self._event(offer, offer.title + label, start, sorted(members[i * n // k:(i + 1) * n // k])))
        self.events += out
        return out

    def _across_the_years(self, modules: list[list[_NewEvent]]) -> None:
        """The first batch of one e-learning module opened in December of the year before and closed in January
        (its JP count in this year); the last batch of another closes in January of the next year (they count
        there)."""
        rng, year = self.rng, self.year
        if not modules:
            return
        first = rng.choice(modules)
        ev = first[0]
        ev.start = self._weekday(dt.date(year - 1, 12, rng.randint(1, 12)))
        ev.end = dt.date(year, 1, rng.randint(9, 24))
        others = [m for m in modules if m is not first] or ([first] if len(first) > 1 else [])
        if others:
            ev = rng.choice(others)[-1]
            ev.start = self._weekday(dt.date(year, 12, rng.randint(1, 10)))
            ev.end = dt.date(year + 1, 1, rng.randint(9, 24))

    # ------------------------------------------------------------------------------------------ training needs
    def propose_needs(self) -> None:
        """The needs :func:`asn_desktop.services.development.generate_needs` proposes when the operator runs it
        after each period's evaluations are final (each run adds what is new), reviewed by the operator: some
        approved, a few rejected with a reason, some planned into a follow-up course (done if it has ended),
        the newest ones still waiting; and a few needs recorded by hand."""
        finals: dict[int, list[tuple[tuple[bool, int], str, int, str, str, str]]] = {}
        latest: dict[tuple[bool, int], str] = {}
        for eid, employee_id, annual, number, hasil, perilaku, at, position in Evaluation._meta.database.execute_sql(
                """SELECT e.id, e.employee_id, p.cadence = ?, p.number, e.rating_hasil, e.rating_perilaku, e.finalised_at,
                          s.employee_position
                   FROM evaluation e JOIN evaluation_period p ON p.id = e.period_id JOIN skp s ON s.id = e.skp_id
                   WHERE p.year = ? AND e.status = 'final' ORDER BY e.id""", (ANNUAL, self.year)):
            rank = (bool(annual), number)
            latest[rank] = max(latest.get(rank, at), at)
            finals.setdefault(employee_id, []).append((rank, at, eid, hasil, perilaku, position))
        runs = sorted({self._after(at) for at in latest.values()})
        candidates = sorted(e for e, fs in finals.items() if any(BAWAH in (f[3], f[4]) for f in fs))
        made: set[tuple[int, str]] = set()
        for r, run_at in enumerate(runs):
            for employee_id in candidates:
                seen = [f for f in finals[employee_id] if f[1] <= run_at]
                if not seen:
                    continue
                rank, _at, eid, hasil, perilaku, position = max(seen)
                for side, rating in (("hasil", hasil), ("perilaku", perilaku)):
                    if rating == BAWAH and (employee_id, side) not in made:
                        made.add((employee_id, side))
                        self.needs.append(_NewNeed(employee_id, side, eid, *_need_proposal(side, position), run_at, r))
        follow_ups: dict[tuple[int, str], _NewEvent] = {}
        for need in self.needs:
            self._review(need, need.run == len(runs) - 1, follow_ups)
        self._schedule_follow_ups(follow_ups)
        self._manual_needs()
        for i, need in enumerate(self.needs, 1):
            need.id = i
            need.updated_at = need.updated_at or need.created_at

    def _after(self, finalised_at: str) -> str:
        """When the operator ran the proposal after the last evaluation of a period was made final: the next
        working day, or a few minutes later if that is past the records' last day."""
        moment = dt.datetime.fromisoformat(finalised_at)
        day = self._weekday(moment.date() + dt.timedelta(days=1))
        if day <= self.as_of:
            minutes = DAY_START_MINUTES + self.rng.randrange(180)
            return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)).isoformat()
        return (moment + dt.timedelta(minutes=10)).isoformat()

    def _review(self, need: _NewNeed, last: bool, follow_ups: dict[tuple[int, str], _NewEvent]) -> None:
        rng = self.rng
        which = 1 if last else 0
        reviewed = dt.date.fromisoformat(need.created_at[:10]) + dt.timedelta(days=rng.randint(1, 10))
        if rng.random() >= NEED_REVIEWED[which] or self._weekday(reviewed) > self.as_of:
            return
        need.updated_at = self._moment(reviewed)
        if rng.random() < NEED_REJECTED:
            need.status, need.note = "ditolak", rng.choice(self.data.rejections)
            return
        need.status = "disetujui"
        planned = self._weekday(reviewed + dt.timedelta(days=rng.randint(0, 3)))
        if rng.random() >= NEED_PLANNED[which] or planned > self.as_of:
            return
        need.status, need.updated_at = "direncanakan", max(need.updated_at, self._moment(planned))
        ev = follow_ups.get((need.run, need.side))
        if ev is None:
            offer = self.data.follow_up[need.side]
            ev = follow_ups[(need.run, need.side)] = self._event(offer, offer.title, planned, [])
        ev.members.append(need.employee_id)
        ev.needs[need.employee_id] = need
        ev.planned_at[need.employee_id] = need.updated_at

    def _schedule_follow_ups(self, follow_ups: dict[tuple[int, str], _NewEvent]) -> None:
        """A follow-up course two to five weeks after the last need planned into it (from mid-November: in March
        of the next year); the needs are done when it has ended, still planned when not."""
        rng = self.rng
        batches: dict[str, list[_NewEvent]] = {}
        for (_run, side), ev in sorted(follow_ups.items()):
            batches.setdefault(side, []).append(ev)
            last_planned = max(dt.date.fromisoformat(at[:10]) for at in ev.planned_at.values())
            ev.start = self._weekday(last_planned + dt.timedelta(days=rng.randint(14, 35)))
            if ev.start > dt.date(self.year, *FOLLOW_UP_LAST):  # the year's calendar is full: early next year
                ev.start = self._weekday(dt.date(self.year + 1, *FOLLOW_UP_NEXT) + dt.timedelta(days=rng.randint(0, 18)))
            ev.end = self._end(ev.category, ev.start, ev.jp)
            ev.created_at = min(ev.planned_at.values())
            ev.members.sort()
            if ev.end < self.as_of:  # attended and passed: the need is done when the attendance was recorded
                for e in ev.members:
                    need = ev.needs[e]
                    need.status, need.updated_at = "selesai", self._moment(ev.end + dt.timedelta(days=rng.randint(1, 7)))
            self.events.append(ev)
        for evs in batches.values():  # numbered by date (a course moved to March may follow a later one)
            if len(evs) > 1:
                for i, ev in enumerate(sorted(evs, key=lambda e: e.start), 1):
                    ev.title = f"{ev.title} Angkatan {_roman(i)}"

    def _manual_needs(self) -> None:
        rng = self.rng
        first = dt.date(self.year, 1, 2)
        count = min(len(self.active), len(self.active) // MANUAL_NEEDS_PER)
        if self.as_of < first or not count:
            return
        span = (min(self.as_of, dt.date(self.year, 12, 31)) - first).days
        for e in sorted(rng.sample([p.id for p in self.active], count)):
            competency, kind, note = rng.choice(self.data.manual_needs)
            at = self._moment(first + dt.timedelta(days=rng.randint(0, span)))
            self.needs.append(_NewNeed(e, "manual:1", None, kind, competency, at, -1, "disetujui", note, at))

    # ------------------------------------------------------------------------------------------ write
    def write(self) -> None:
        """The needs, then the events with their participants: planned while the event has not ended, else
        how it went, with certificates numbered per organiser and year."""
        rows = self.rows
        for need in self.needs:
            need.id = rows.add("need", need.employee_id, self.year, need.evaluation_id, need.side, need.competency,
                               need.kind, need.status, need.note, need.created_at, need.updated_at)
        self.events.sort(key=lambda e: (e.start, e.end, e.title))
        for ev in self.events:
            created = ev.created_at or self._moment(ev.start - dt.timedelta(days=self.rng.randint(14, 45)))
            done = ev.end < self.as_of
            taking = [(e, *self._participation(ev, e, done, created)) for e in ev.members]
            updated = max([created] + [t[-1] for t in taking])
            event_id = rows.add("event", ev.title, ev.kind, development_rules.FORMS[ev.form][0], ev.form, ev.organiser,
                                ev.location, ev.start.isoformat(), ev.end.isoformat(), ev.jp, ev.competency, ev.notes, 0,
                                created, updated)
            for e, status, jp, number, day, note, at in taking:
                need = ev.needs.get(e)
                rows.add("participation", event_id, e, status, jp, number, day, note, need.id if need else None, at)
            if rows.pending("participation") >= _FLUSH_EVALUATIONS:
                rows.flush()

    def _participation(self, ev: _NewEvent, employee_id: int, done: bool,
                       created: str) -> tuple[str, float | None, str, str | None, str, str]:
        """(status, JP credited, certificate number and date, notes, when recorded) of one participant."""
        rng, notes = self.rng, self.data.notes
        need = ev.needs.get(employee_id)
        if not done:
            return "direncanakan", None, "", None, "", ev.planned_at.get(employee_id, created)
        if need is not None:  # the course a need was planned into: passed (the need is done)
            outcome, at = "lulus", need.updated_at
        else:
            outcome = _weighted(rng, OUTCOMES[ev.category])
            at = self._moment(ev.end + dt.timedelta(days=rng.randint(1, 7)))
        jp, note = None, ""
        if outcome == "sebagian":
            jp, note = self._partial(ev)
        elif outcome == "menunggu":
            note = rng.choice(notes["menunggu_sertifikat"])
        elif outcome == "tidak_lulus":
            note = rng.choice(notes["tidak_lulus_daring" if ev.category == "online" else "tidak_lulus"])
        certified = outcome == "lulus" or (outcome == "hadir" and ev.form in CERTIFIED_MEETINGS)
        status = outcome if outcome in development_rules.PARTICIPATION_STATUSES else "hadir"
        return (status, jp, self._certificate(ev) if certified else "", ev.end.isoformat() if certified else None,
                note, at)

    def _partial(self, ev: _NewEvent) -> tuple[float, str]:
        """JP credited for part of an event (less than its JP) and the note that says why."""
        rng, notes = self.rng, self.data.notes
        days = math.ceil(ev.jp / JP_PER_DAY) if ev.category == "course" else 1
        if days > 1:
            attended = rng.randint(1, days - 1)
            return round(ev.jp * attended / days, 1), notes["hari"].format(hadir=attended, hari=days)
        return (ev.jp - 1 if ev.category == "coaching" else ev.jp / 2), rng.choice(notes["sebagian"])

    def _certificate(self, ev: _NewEvent) -> str:
        key = (ev.organiser_key, ev.end.year)
        serial = self._serials.get(key) or self.rng.randint(1, 150)
        self._serials[key] = serial + 1
        return self.data.organisers[ev.organiser_key].number.format(tahun=ev.end.year, nomor=serial)

    # ------------------------------------------------------------------------------------------ programmes
    def programmes(self) -> None:
        """The office's coaching programmes of the year with their sessions, the default questions, participants
        and, once the last session is over, the feedback of most of them."""
        rng, data, rows = self.rng, self.data, self.rows
        kecamatan = next((u for u in self.units.values() if u.kind == "kecamatan"), None)
        values = dict(kabupaten=self.regency, camat=self._head(kecamatan, "Camat"),
                      kepala_bkpsdm=self._head(self.unit_of_code.get("BKPSDM"), "Kepala BKPSDM"))
        for prog in data.programmes:
            pool = self._audience(prog)
            low, high = prog["peserta"]
            if len(pool) < low:
                pool = [p.id for p in self.active]
            members = sorted(rng.sample(pool, min(len(pool), rng.randint(low, high))))
            if not members:
                continue
            unit = self.unit_of_code.get(prog["unit"]) if prog.get("unit") else None
            month = rng.randint(*prog["bulan"])
            first = self._weekday(dt.date(self.year, month, rng.randint(1, 20)))
            days = [first + dt.timedelta(days=7 * i) for i in range(len(prog["sesi"]))]
            created = self._moment(first - dt.timedelta(days=rng.randint(14, 30)))
            answers = [self._feedback(prog, days[-1]) for _ in members]
            updated = max([created] + [a[1] for a in answers if a[1]])
            program_id = rows.add("programme", prog["judul"], prog["jenis"], self.year, unit.id if unit else None,
                                  prog["keterangan"], created, updated)
            for day, (topic, facilitator, minutes) in zip(days, prog["sesi"]):
                rows.add("session", program_id, day.isoformat(), topic, facilitator.format_map(values), minutes)
            questions = [rows.add("question", program_id, i, text) for i, text in enumerate(DEFAULT_QUESTIONS, 1)]
            for employee_id, (comment, at, scores) in zip(members, answers):
                participant_id = rows.add("participant", program_id, employee_id, comment, at)
                for question_id, score in zip(questions, scores):
                    rows.add("score", participant_id, question_id, score)

    def _feedback(self, prog: dict[str, Any], last_session: dt.date) -> tuple[str, str | None, list[int]]:
        """(comment, when given, scores) of one participant: nothing while the programme runs or when not given."""
        rng = self.rng
        if last_session >= self.as_of or rng.random() >= PROGRAMME_RESPONSES:
            return "", None, []
        mood = _weighted(rng, PROGRAMME_MOOD)
        scores = [_weighted_int(rng, PROGRAMME_SCORES[mood]) for _ in DEFAULT_QUESTIONS]
        if TIME_QUESTION is not None and rng.random() < 0.3:
            scores[TIME_QUESTION] = max(1, scores[TIME_QUESTION] - 1)
        comment = ""
        if rng.random() < PROGRAMME_COMMENTS:
            tone = "kurang" if mood == "kurang" or rng.random() < 0.2 else "baik"
            comment = rng.choice(prog["komentar"][tone])
        return comment, self._moment(last_session + dt.timedelta(days=rng.randint(0, 7))), scores

    def _audience(self, prog: dict[str, Any]) -> list[int]:
        """Who a programme is for: the staff of the kecamatan (and their kelurahan), or some groups."""
        if prog.get("organisasi"):
            return [p.id for p in self.active
                    if _SkpBuilder._organisation(self.units[p.unit_id]).kind == prog["organisasi"]]
        groups = [self.data.groups[g] for g in prog.get("sasaran", ())]
        return [p.id for p in self.active if any(_position_key(p) in g or "*" in g for g in groups)]

    def _head(self, unit: _Unit | None, fallback: str) -> str:
        head = self.by_id.get(unit.id) if unit is not None else None  # a unit's head has the unit's id
        return f"{head.name} ({head.position_title})" if head is not None and head.active else fallback


def _position_key(p: _Written) -> str:
    """What the catalogue's groups name: the staff family, or ``@level`` for the head of a unit."""
    return p.slot.family if p.slot.family is not None else f"@{p.slot.unit.spec.level}"


def _pick_index(rng: random.Random, offers: Sequence[_Offer]) -> int:
    return rng.choices(range(len(offers)), weights=[o.weight for o in offers])[0]


def _pick(rng: random.Random, offers: Sequence[_Offer]) -> _Offer:
    return offers[_pick_index(rng, offers)]


def _write_development(rng: random.Random, plan: _Plan, people: list[_Written], year: int, today: dt.date,
                       report: Callable[[int], None]) -> None:
    """A year of training for the office (after the evaluations: the needs come from them) and two coaching
    programmes. ``report(done)`` counts the employees whose training is planned, up to ``len(people)``."""
    builder = _DevelopmentBuilder(rng, plan, people, year, today)
    builder.assign(report)
    builder.propose_needs()
    builder.write()
    builder.programmes()
    builder.rows.flush()
    report(len(people))


# ================================================================================================ past years
# What the office copied into the app from the two years before it: each one's annual predikat (from e-Kinerja)
# and last year's courses with their JP, so that promotion (two years of predikat, last year's JP), reward
# candidates (Sangat Baik two years running) and the first TPP months have a history to look at.
PAST_PREDIKAT = (("sangat_baik", 14.0), ("baik", 72.0), ("butuh_perbaikan", 10.0), ("kurang", 3.5),
                 ("sangat_kurang", 0.5))
PAST_SAME = 0.55  # chance a year's predikat is the same as the year after it
PAST_SOURCE = "e-Kinerja BKN (disalin saat mulai memakai aplikasi)"
PAST_COURSES = (  # last year's courses: title, form, kind, JP, share of the active staff who passed one
    ("Pelatihan Teknis Pelayanan Publik", "pelatihan", "teknis", 40, 0.25),
    ("Bimbingan Teknis Penyusunan SKP dan Evaluasi Kinerja", "bimtek", "teknis", 24, 0.20),
    ("Pelatihan Manajemen Arsip Digital", "pelatihan", "teknis", 32, 0.10),
    ("Pelatihan Penatausahaan Keuangan Daerah", "pelatihan", "teknis", 24, 0.08),
)
PAST_BATCH = 36  # participants of one angkatan of a course
PAST_NOTE = "Disalin dari rekap pelatihan tahun lalu"
PAST_ORGANISER = "BKPSDM"


def _write_past_years(rng: random.Random, people: list[_Written], year: int, today: dt.date, regency: str) -> None:
    """The two years before ``year`` as the office copied them in: a predikat for each year an active
    employee already served in (appointed before it began), and last year's courses, in angkatan of at most
    ``PAST_BATCH``, passed by about three in five of the staff, each with its certificate."""
    started = dict(PositionHistory.select(PositionHistory.employee, fn.MIN(PositionHistory.start_date))
                   .group_by(PositionHistory.employee).tuples())
    copied = _development_as_of(year, today).replace(month=1, day=1) + dt.timedelta(days=rng.randint(6, 20))
    at = dt.datetime.combine(copied - dt.timedelta(days=max(0, copied.weekday() - 4)), dt.time(9, 30)).isoformat()
    codes, weights = zip(*PAST_PREDIKAT, strict=True)
    predikat_rows: list[tuple] = []
    active = [p for p in people if p.active]
    for p in active:
        first = started.get(p.id)
        later: str | None = None
        for y in (year - 1, year - 2):
            if first is None or str(first) >= f"{y}-01-01":
                break
            code = later if later and rng.random() < PAST_SAME else rng.choices(codes, weights)[0]
            predikat_rows.append((p.id, y, code, PAST_SOURCE, at))
            later = code
    last = year - 1
    takers: list[list[int]] = [[] for _ in PAST_COURSES]
    for p in active:
        first = started.get(p.id)
        if first is None or str(first) >= f"{last}-01-01":
            continue
        u = rng.random()
        for i, (*_course, share) in enumerate(PAST_COURSES):
            if u < share:
                takers[i].append(p.id)
                break
            u -= share
    next_id = (TrainingEvent.select(fn.MAX(TrainingEvent.id)).scalar() or 0) + 1
    events, rows = [], []
    serial = rng.randint(100, 400)
    for i, ((title, form, kind, jp, _share), who) in enumerate(zip(PAST_COURSES, takers, strict=True)):
        batches = [who[k:k + PAST_BATCH] for k in range(0, len(who), PAST_BATCH)]
        for b, batch in enumerate(batches, 1):
            start = dt.date(last, 2, 3) + dt.timedelta(days=9 * i + (b - 1) * 280 // len(batches))
            start += dt.timedelta(days=(7 - start.weekday()) % 7 if start.weekday() >= 5 else 0)
            end = start + dt.timedelta(days=max(1, jp // JP_PER_DAY) - 1)
            name = f"{title} Angkatan {_roman(b)}" if len(batches) > 1 else title
            events.append((next_id, name, kind, development_rules.FORMS[form][0], form, PAST_ORGANISER,
                           f"Aula BKPSDM Kabupaten {regency}", start, end, float(jp), "", PAST_NOTE, 0, at, at))
            for e in batch:
                serial += 1
                rows.append((next_id, e, "lulus", None, f"800/{serial}/BKPSDM/{last}", end, "", None, at))
            next_id += 1
    _insert_all(((TrainingEvent, EVENT_FIELDS, events),
                 (TrainingParticipation, PARTICIPATION_FIELDS[1:], rows),
                 (PastPredikat, (PastPredikat.employee, PastPredikat.year, PastPredikat.predikat, PastPredikat.source,
                                 PastPredikat.recorded_at), predikat_rows)))


# ================================================================================================ consequences
# tindak lanjut (issue 6): rewards, sanctions, attendance, TPP runs, vacancies, potensi
TEMUAN_SHARE = 0.03  # of the active staff: the tail with more absences and late arrivals
SATYALANCANA_PROPOSED = 0.35  # of those who reach 10/20/30 years of service in a year: proposed and decorated
SATYALANCANA_YEARS = (10, 20, 30)
TELADAN_MIN_STAFF = 5  # a perangkat daerah/kecamatan with fewer active employees names no pegawai teladan
INNOVATION_DAY = (10, 14)  # the regency's innovation competition is decided in mid-October
KORPRI_DAY = (11, 29)  # Hari KORPRI: pegawai teladan are announced
MERDEKA_DAY = (8, 17)  # Satyalancana Karya Satya are conferred on Independence Day
RINGAN_PER = 1500  # one ringan sanction per this many employees (at least two)
POTENSI_SHARE = 0.6  # of the heads (pengawas and up) assessed for the 9-box
POTENSI_LEVELS = ((1, 20), (2, 50), (3, 30))
# a normal month: (late arrivals, weight); minutes mostly under half an hour
LATE_COUNTS = ((0, 78), (1, 12), (2, 6), (3, 3), (5, 1))
TEMUAN_LATE_COUNTS = ((0, 25), (2, 25), (4, 25), (7, 15), (10, 10))
TEMUAN_ABSENT = ((0, 45), (1, 25), (2, 15), (3, 10), (5, 5))
ABSENT_SHARE = 0.01  # a normal employee's months with a day absent without a valid reason
TPP_ACTOR = "Operator kepegawaian"

CONSEQUENCE_TABLES = (
    ("reward", Reward, (Reward.id, Reward.employee, Reward.kind, Reward.title, Reward.given_on, Reward.decree_number,
                        Reward.issuer, Reward.description, Reward.amount, Reward.created_at)),
    ("sanction", Sanction, (Sanction.id, Sanction.employee, Sanction.level, Sanction.kind, Sanction.decree_number,
                            Sanction.decree_date, Sanction.start_date, Sanction.months, Sanction.end_date,
                            Sanction.reason, Sanction.cancelled_on, Sanction.cancel_reason, Sanction.created_at)),
    ("vacancy", Vacancy, (Vacancy.id, Vacancy.title, Vacancy.unit, Vacancy.jenjang, Vacancy.golongan_min,
                          Vacancy.golongan_max, Vacancy.status, Vacancy.note, Vacancy.created_at)),
    ("potential", PotentialAssessment, (PotentialAssessment.id, PotentialAssessment.employee, PotentialAssessment.year,
                                        PotentialAssessment.level, PotentialAssessment.assessor,
                                        PotentialAssessment.note, PotentialAssessment.created_at)),
)
ATTENDANCE_FIELDS = (AttendanceMonth.employee, AttendanceMonth.year, AttendanceMonth.month, AttendanceMonth.absent_days,
                     AttendanceMonth.late_minutes, AttendanceMonth.updated_at)
TPP_LINE_FIELDS = (TppLine.run, TppLine.employee, TppLine.position_class, TppLine.predikat, TppLine.ceiling,
                   TppLine.performance, TppLine.discipline_base, TppLine.discipline_deduction, TppLine.discipline,
                   TppLine.gross, TppLine.sanction_cut, TppLine.net, TppLine.explanation)


@lru_cache(maxsize=1)
def _consequence_data() -> dict[str, Any]:
    return json.loads(paths.resource("demo", "tindak_lanjut.json").read_text(encoding="utf-8"))


def _appointed(p: _Written) -> dt.date:
    """TMT CPNS (PNS) or the first of January of the year of appointment (PPPK), from the NIP."""
    month = int(p.nip[12:14]) if "/" in p.golongan else 1
    return dt.date(int(p.nip[8:12]), month, 1)


def _pension_day(p: _Written) -> dt.date:
    """The first day of the month after the 58th birthday (batas usia pensiun)."""
    born = dt.date(int(p.nip[0:4]), int(p.nip[4:6]), 1)
    return rules_consequences.add_months(born.replace(year=born.year + PENSION_AGE), 1)


class _ConsequenceBuilder:
    """Tindak lanjut of the office as :mod:`asn_desktop.services.consequences`, :mod:`~asn_desktop.services.tpp`
    and :mod:`~asn_desktop.services.promotion` would store it: rewards of the year and the year before, a handful
    of sanctions, attendance for the months of the year up to the one before the records' last day, the TPP of
    that month computed and locked (and of the month before it, a draft), two vacancies and potensi of heads.
    Every timestamp comes from the records' own calendar (as in the development step), none from the clock."""

    def __init__(self, rng: random.Random, plan: _Plan, people: list[_Written], year: int, today: dt.date):
        self.rng, self.year, self.plan = rng, year, plan
        self.as_of = _development_as_of(year, today)
        self.data = _consequence_data()
        self.active = [p for p in people if p.active]
        self.by_id = {p.id: p for p in people}
        self.rows = _Rows(CONSEQUENCE_TABLES)
        if self.as_of.year > year:
            self.run_month: int | None = 12
        else:
            self.run_month = self.as_of.month - 1 or None  # January: no month of the year has ended
        self.anchor = dt.date(year, self.run_month, 1) if self.run_month else self.as_of.replace(day=1)
        self.values = {"kabupaten": plan.regency}
        self.temuan: set[int] = set()  # the attendance tail (and everyone sanctioned)
        self.sanctioned: set[int] = set()
        self._serial = rng.randint(20, 90)

    # ------------------------------------------------------------------------------------------ dates
    def _moment(self, d: dt.date) -> str:
        """A time in office hours on the working day ``d`` (or the Monday after), never after the records' end."""
        d = min(d + dt.timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0), self.as_of)
        d -= dt.timedelta(days=max(0, d.weekday() - 4))
        minutes = DAY_START_MINUTES + self.rng.randrange(DAY_MINUTES)
        return dt.datetime.combine(d, dt.time(minutes // 60, minutes % 60, self.rng.randrange(60))).isoformat()

    @staticmethod
    def _working_day_before(d: dt.date) -> dt.date:
        return d - dt.timedelta(days=max(0, d.weekday() - 4))

    def _number(self, template: str, year: int) -> str:
        self._serial += self.rng.randint(1, 40)
        return template.format(nomor=self._serial, tahun=year)

    # ------------------------------------------------------------------------------------------ sanctions
    def sanctions(self) -> None:
        """Mostly ringan reprimands; pemotongan tunjangan kinerja of 6, 9 and 12 months (two running in the TPP
        month, one over), one cancelled on appeal; one penurunan jabatan. All on staff, never on a head."""
        rng, data = self.rng, self.data["sanksi"]
        staff = sorted(p.id for p in self.active if p.slot.family is not None)
        tail = rng.sample(staff, min(len(staff), max(1, round(len(staff) * TEMUAN_SHARE))))
        self.temuan = set(tail)
        ringan = max(2, len(self.active) // RINGAN_PER)
        plan: list[tuple[str, int | None, int, bool]] = []  # (kind, months, months before the anchor, cancelled)
        kinds = ("teguran_lisan", "teguran_tertulis", "pernyataan_tidak_puas")
        plan += [("pemotongan_tukin", 6, 2, False), ("pemotongan_tukin", 9, 4, False),
                 ("pemotongan_tukin", 12, 14, False), ("pemotongan_tukin", 6, 3, True),
                 ("penurunan_jabatan", 12, 7, False)]
        for i in range(ringan):
            plan.append((kinds[i] if i < 3 else _weighted(rng, tuple(zip(kinds, (5, 3, 2)))),
                         None, rng.randint(0, 11), False))
        who = tail[:len(plan)]
        for (kind, months, back, cancelled), employee_id in zip(plan, who):
            start = rules_consequences.add_months(self.anchor, -back)  # a sanction with a duration: from the 1st
            if not months:  # a reprimand takes effect the day it is handed over
                start = self._working_day_before(min(start + dt.timedelta(days=rng.randint(0, 20)), self.as_of))
            decree = self._working_day_before(start - dt.timedelta(days=rng.randint(2, 9)))
            reasons = data["alasan"][kind]
            reason = reasons[str(months)] if isinstance(reasons, dict) else rng.choice(reasons)
            end = rules_consequences.sanction_end(kind, start, months)
            cancelled_on, why = None, ""
            if cancelled:
                cancelled_on = min(self.as_of, self._working_day_before(start + dt.timedelta(days=rng.randint(30, 45))))
                why = rng.choice(data["banding"])
            level = rules_consequences.SANCTION_KINDS[kind].level
            self.rows.add("sanction", employee_id, level, kind, self._number(data["nomor"], decree.year),
                          decree.isoformat(), start.isoformat(), months, end.isoformat() if end else None, reason,
                          cancelled_on.isoformat() if cancelled_on else None, why,
                          self._moment(decree + dt.timedelta(days=rng.randint(0, 3))))
            self.sanctioned.add(employee_id)

    # ------------------------------------------------------------------------------------------ rewards
    def rewards(self) -> None:
        """Pegawai teladan of the year before per perangkat daerah/kecamatan (with uang pembinaan), the innovation
        competition of both years (with prize money), Satyalancana Karya Satya for 10, 20 and 30 years."""
        self._teladan(self.year - 1)
        for y in (self.year - 1, self.year):
            self._innovation(y)
        for y in (self.year - 1, self.year):
            self._satyalancana(y)

    def _eligible(self, p: _Written, on: dt.date) -> bool:
        return p.id not in self.temuan and _appointed(p) < on

    def _reward(self, p: _Written, kind: str, title: str, given: dt.date, decree: str, issuer: str,
                description: str, amount: int | None = None, recorded: dt.date | None = None) -> None:
        at = self._moment(recorded or given + dt.timedelta(days=self.rng.randint(1, 10)))
        self.rows.add("reward", p.id, kind, title, given.isoformat(), decree, issuer, description, amount, at)

    def _teladan(self, y: int) -> None:
        rng, data = self.rng, self.data["teladan"]
        day = self._working_day_before(dt.date(y, *KORPRI_DAY))
        if day > self.as_of:
            return
        by_org: dict[int, list[_Written]] = {}
        for p in self.active:
            org = _SkpBuilder._organisation(p.slot.unit)
            if org.parent is not None and p.id != org.id and self._eligible(p, dt.date(y, 1, 1)):
                by_org.setdefault(org.id, []).append(p)
        orgs = {u.id: u for u in self.plan.units}
        decree = self._number(data["nomor"], y)
        issuer = data["penerbit"].format_map(self.values)
        for org_id in sorted(by_org):
            pool = by_org[org_id]
            if len(pool) < TELADAN_MIN_STAFF:
                continue
            p = rng.choice(pool)
            values = {**self.values, "organisasi": orgs[org_id].name, "tahun": y}
            self._reward(p, "pegawai_teladan", data["judul"].format_map(values), day, decree, issuer,
                         rng.choice(data["keterangan"]))
            self._reward(p, "insentif", data["uang"]["judul"].format_map(values), day, decree, issuer, "",
                         data["uang"]["jumlah"])

    def _innovation(self, y: int) -> None:
        rng, data = self.rng, self.data["inovasi"]
        day = self._working_day_before(dt.date(y, *INNOVATION_DAY))
        pool = [p for p in self.active if self._eligible(p, dt.date(y, 1, 1))]
        if day > self.as_of or not pool:
            return
        winners = rng.sample(pool, min(len(pool), 3 if len(self.active) >= 30 else 1))
        works = rng.sample(data["karya"], len(winners))
        decree = self._number(data["nomor"], y)
        issuer = data["penerbit"].format_map(self.values)
        for place, (p, work) in enumerate(zip(winners, works)):
            title = data["judul"][place].format_map({**self.values, "tahun": y})
            self._reward(p, "inovasi", title, day, decree, issuer, work)
            self._reward(p, "insentif", f"Hadiah {title}", day, decree, issuer, work, data["hadiah"][place])

    def _satyalancana(self, y: int) -> None:
        rng, data = self.rng, self.data["satyalancana"]
        day, since = dt.date(y, *MERDEKA_DAY), dt.date(y - 1, *MERDEKA_DAY)
        if day > self.as_of:
            return
        decree = data["nomor"].format(nomor=rng.randint(40, 120), tahun=y)
        for p in self.active:
            if "/" not in p.golongan or p.id in self.temuan:
                continue  # PNS only, none with a sanction or the attendance tail
            tmt = _appointed(p)
            for masa in SATYALANCANA_YEARS:
                reached = tmt.replace(year=tmt.year + masa)
                if since < reached <= day and rng.random() < SATYALANCANA_PROPOSED:
                    self._reward(p, "satyalancana", data["judul"].format(masa=masa), day, decree, data["penerbit"],
                                 data["keterangan"].format(masa=masa, tmt=f"{tmt:%d/%m/%Y}"),
                                 recorded=day + dt.timedelta(days=rng.randint(20, 60)))

    # ------------------------------------------------------------------------------------------ attendance
    def attendance(self, report: Callable[[int], None]) -> dict[int, dict[int, rules_consequences.Attendance]]:
        """Each active employee's months of the year up to the TPP month: mostly no absence and few late
        arrivals, the tail (and the sanctioned) more. Imported once a month, early in the next one."""
        rng = self.rng
        out: dict[int, dict[int, rules_consequences.Attendance]] = {}
        if not self.run_month:
            return out
        late_n = [n for n, _ in LATE_COUNTS]
        late_cum = list(itertools.accumulate(w for _, w in LATE_COUNTS))
        empty = rules_consequences.Attendance()
        for month in range(1, self.run_month + 1):
            imported = self._moment(dt.date(self.year + month // 12, month % 12 + 1, 2))
            rows: list[tuple] = []
            kept = out.setdefault(month, {})
            for p in self.active:
                if p.id in self.temuan:
                    absent = _weighted_int(rng, TEMUAN_ABSENT)
                    lates = _weighted_int(rng, TEMUAN_LATE_COUNTS)
                    minutes = tuple(sorted(rng.choice((rng.randint(1, 30), rng.randint(31, 60), rng.randint(61, 150)))
                                           for _ in range(lates)))
                else:
                    u = rng.random()
                    absent = 1 if u < ABSENT_SHARE else 0
                    lates = rng.choices(late_n, cum_weights=late_cum)[0] if u > 0.5 else 0
                    minutes = tuple(sorted(rng.randint(1, 30) if rng.random() < 0.9 else rng.randint(31, 75)
                                           for _ in range(lates))) if lates else ()
                if absent or minutes:
                    kept[p.id] = rules_consequences.Attendance(absent, minutes)
                    rows.append((p.id, self.year, month, absent, json.dumps(list(minutes)), imported))
                else:
                    kept[p.id] = empty
                    rows.append((p.id, self.year, month, 0, "[]", imported))
            _insert_all(((AttendanceMonth, ATTENDANCE_FIELDS, rows),))
            report(len(self.active) * month // (2 * self.run_month))
        return out

    # ------------------------------------------------------------------------------------------ TPP
    def tpp_runs(self, present: dict[int, dict[int, rules_consequences.Attendance]]) -> None:
        """The TPP month computed and locked, the month before it a draft computed twice: the lines as
        :func:`asn_desktop.services.tpp.compute_run` makes them (same reads, same arithmetic), stamped from the
        records' calendar."""
        if not self.run_month:
            return
        r, pagu = tpp_service.office_rules(), tpp_service.ceilings()
        snapshot = json.dumps({"rules": tpp_service._rules_to_json(r), "ceilings": pagu}, ensure_ascii=False)
        people = sorted(self.active, key=lambda p: p.id)
        position = {e: (j, k) for e, j, k in Employee.select(Employee.id, Employee.jenjang, Employee.position_kind)
                    .tuples()}
        months = [m for m in (self.run_month, self.run_month - 1) if m >= 1]
        for month in months:
            locked = month == self.run_month
            after = dt.date(self.year + month // 12, month % 12 + 1, 1)
            computed = self._moment(after + dt.timedelta(days=self.rng.randint(3, 6)))
            locked_at = self._moment(dt.date.fromisoformat(computed[:10]) + dt.timedelta(days=self.rng.randint(1, 3)))
            if locked_at <= computed:  # the records end on the day it was computed: locked an hour later
                locked_at = (dt.datetime.fromisoformat(computed) + dt.timedelta(hours=1)).isoformat()
            first = dt.date(self.year, month, 1)
            predikat = tpp_service._latest_predikat(first)
            sanctioned = consequence_service.running_sanctions(self.year, month)
            run_id = TppRun.insert(year=self.year, month=month, unit=None, status="terkunci" if locked else "draf",
                                   rules=snapshot, computed_at=computed, locked_at=locked_at if locked else None,
                                   locked_by=TPP_ACTOR if locked else "", lock_version=0 if locked else 1).execute()
            attendance = present.get(month, {})
            empty = rules_consequences.Attendance()
            rows = []
            for p in people:
                cls = tpp_service.position_class(*position[p.id])
                pred = predikat.get(p.id)
                line = rules_consequences.compute_tpp(pagu[cls], pred, attendance.get(p.id, empty), r,
                                                      tuple(s.kind for s in sanctioned.get(p.id, ())))
                rows.append((run_id, p.id, cls, pred.name.lower() if pred else None, int(line.ceiling),
                             int(line.performance), int(line.discipline_base), int(line.discipline_deduction),
                             int(line.discipline), int(line.gross), int(line.sanction_cut), int(line.net),
                             "\n".join(line.explanation)))
            _insert_all(((TppLine, TPP_LINE_FIELDS, rows),))

    # ------------------------------------------------------------------------------------------ promotion
    def vacancies(self) -> None:
        """Two open vacancies: the posts of the oldest pengawas and the oldest administrator, who reach the
        pension age soon; candidates from the golongan below."""
        rng, data = self.rng, self.data["formasi"]
        ranges = {"pengawas": ("Pengawas", "III/b", "III/d"), "administrator": ("Administrator", "III/d", "IV/b")}
        for level, (jenjang, low, high) in ranges.items():
            heads = [p for p in self.active if p.slot.family is None and p.slot.unit.spec.level == level
                     and "/" in p.golongan and _pension_day(p) > self.as_of]
            if not heads:
                continue
            head = min(heads, key=lambda p: (_pension_day(p), p.id))  # the next to retire
            note = data[level].format(jabatan=head.position_title, nama=head.name,
                                      pensiun=f"{_pension_day(head):%d/%m/%Y}")
            self.rows.add("vacancy", head.position_title, head.unit_id, jenjang, low, high, "terbuka", note,
                          self._moment(self.as_of - dt.timedelta(days=rng.randint(5, 20))))

    def potential(self) -> None:
        rng, data = self.rng, self.data["potensi"]
        assessor = data["penilai"].format_map(self.values)
        for p in self.active:
            if p.slot.family is None and p.slot.unit.spec.level in ("pengawas", "administrator", "jpt") \
                    and rng.random() < POTENSI_SHARE:
                level = _weighted_int(rng, POTENSI_LEVELS)
                self.rows.add("potential", p.id, self.year, level, assessor, rng.choice(data["catatan"][str(level)]),
                              self._moment(self.as_of - dt.timedelta(days=rng.randint(10, 60))))


def _write_consequences(rng: random.Random, plan: _Plan, people: list[_Written], year: int, today: dt.date,
                        report: Callable[[int], None]) -> None:
    """Rewards, sanctions, attendance, the TPP runs, vacancies and potensi (after the training: the TPP reads the
    final evaluations). ``report(done)`` counts up to ``len(people)``: half for the attendance, half for the rest."""
    builder = _ConsequenceBuilder(rng, plan, people, year, today)
    builder.sanctions()
    builder.rewards()
    builder.vacancies()
    builder.potential()
    builder.rows.flush()  # the sanctions before the TPP reads the running ones
    present = builder.attendance(report)
    report(len(people) // 2)
    builder.tpp_runs(present)
    report(len(people))
