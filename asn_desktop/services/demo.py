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

The data that make it Indonesian (names, places, organisation) are in ``resources/demo/``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from asn_desktop import paths
from asn_desktop.domain import golongan as gol
from asn_desktop.domain import nip as nipmod
from asn_desktop.domain import organisation
from asn_desktop.domain.errors import DomainError
from asn_desktop.store import settings as store_settings
from asn_desktop.store.models import Employee, OrgUnit, PositionHistory

from .common import write

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
    only keeps the dates consistent: nobody is born or appointed after it. ``progress(done, total)``
    is called every few hundred employees; when ``cancelled()`` returns True the build stops with
    :class:`DemoCancelled` and, as it is one transaction, nothing is written. Also sets the office
    name and region and marks the first-run choice as made.
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
    progress(0, n)
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
    _write_employees(rng, plan, year, progress, cancelled)
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
def _write_employees(rng: random.Random, plan: _Plan, year: int, progress: Callable[[int, int], None],
                     cancelled: Callable[[], bool]) -> None:
    total = len(plan.slots)
    nips = _Nips()
    employees: list[tuple] = []
    history: list[tuple] = []
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
        done = index + 1
        if len(employees) >= CHUNK or done == total:
            Employee.insert_many(employees, fields=EMPLOYEE_FIELDS).execute()
            for rows in _chunks(history):
                PositionHistory.insert_many(rows, fields=HISTORY_FIELDS).execute()
            employees, history = [], []
        if done % PROGRESS_EVERY == 0 or done == total:
            if cancelled():
                raise DemoCancelled()
            progress(done, total)


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
