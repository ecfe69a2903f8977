"""Employees from an office's own spreadsheet or the national system's export: the fields the app knows, the
headers each is known by (Indonesian, English, SIASN/SAPK exports), the guess of which column is which, and
the reading of a cell as people write it (dates as dates or dd/mm/yyyy, L/P or Laki-laki, III/a or 3a). Pure:
what a value means for the office (its units, NIPs already there) is decided by the service."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .sheets import text_of

__all__ = ["Field", "FIELDS", "guess_mapping", "header_key", "cell_text", "parse_date", "parse_gender",
           "parse_status", "parse_position_kind"]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    headers: tuple[str, ...]  # known header texts, as header_key() makes them


def header_key(text: Any) -> str:
    """A header as compared: lower case, letters and digits, single spaces ("TGL. LAHIR" → "tgl lahir")."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text_of(text).lower()).split())


FIELDS: tuple[Field, ...] = (
    Field("nip", "NIP / NI PPPK", True, ("nip", "nip baru", "nip nipppk", "ni pppk", "nipppk", "nomor induk pegawai",
                                         "nip 18 digit", "employee id", "nip pegawai")),
    Field("name", "Nama", True, ("nama", "nama pegawai", "nama lengkap", "name", "full name", "nama tanpa gelar")),
    Field("front_title", "Gelar depan", False, ("gelar depan", "gelar dpn", "front title", "title")),
    Field("back_title", "Gelar belakang", False, ("gelar belakang", "gelar blk", "gelar blkg", "back title")),
    Field("gender", "Jenis kelamin", False, ("jenis kelamin", "jk", "l p", "kelamin", "gender", "sex",
                                             "jenis kelamin nama")),
    Field("birth_date", "Tanggal lahir", False, ("tanggal lahir", "tgl lahir", "tgl lhr", "birth date",
                                                 "date of birth", "tanggal lahir pegawai")),
    Field("status", "Status (PNS/PPPK)", False, ("status", "status pegawai", "status kepegawaian", "jenis pegawai",
                                                 "kedudukan", "status asn", "employee status")),
    Field("golongan", "Golongan", True, ("golongan", "gol", "gol ruang", "golongan ruang", "pangkat golongan",
                                         "gol akhir", "gol akhir nama", "golongan akhir", "grade")),
    Field("education", "Pendidikan", False, ("pendidikan", "pendidikan terakhir", "tingkat pendidikan",
                                             "tingkat pendidikan nama", "education", "jenjang pendidikan")),
    Field("position_title", "Nama jabatan", True, ("jabatan", "nama jabatan", "jabatan nama", "jabatan terakhir",
                                                   "position", "position title", "job title")),
    Field("position_kind", "Jenis jabatan", True, ("jenis jabatan", "jenis jabatan nama", "tipe jabatan",
                                                   "position kind", "position type")),
    Field("jenjang", "Jenjang / kelas", False, ("jenjang", "jenjang jabatan", "kelas jabatan", "eselon", "level")),
    Field("unit", "Unit kerja (kode atau nama)", True, ("unit", "unit kerja", "unor", "unor nama", "satuan kerja",
                                                        "satker", "unit organisasi", "opd", "perangkat daerah",
                                                        "kode unit", "unit code", "department", "work unit")),
    Field("supervisor_nip", "NIP pejabat penilai", False, ("nip atasan", "nip pejabat penilai", "nip penilai",
                                                           "atasan nip", "supervisor nip", "nip atasan langsung")),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}


def guess_mapping(headers: tuple[str, ...] | list[str]) -> dict[str, int]:
    """field key → column index, from the headers: an exact known header first, then a header that starts with
    a known one (e.g. "Tgl Lahir (dd/mm/yyyy)"). Each column serves one field at most."""
    keys = [header_key(h) for h in headers]
    out: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for f in FIELDS:
            if f.key in out:
                continue
            for i, k in enumerate(keys):
                if i in used or not k:
                    continue
                if (k in f.headers) if exact else any(k.startswith(h + " ") for h in f.headers if len(h) > 2):
                    out[f.key] = i
                    used.add(i)
                    break
    return out


def cell_text(value: Any) -> str:
    """A cell as text for a text field (a name, a title): a whole number without ".0", stripped."""
    return " ".join(text_of(value).split())


MONTHS = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4,
          "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8,
          "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11,
          "nov": 11, "nop": 11, "desember": 12, "des": 12, "dec": 12}


def parse_date(value: Any) -> dt.date | None:
    """A date cell, or text dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, "12 Maret 1985"; None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = text_of(value).lower()
    try:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?: 00:00:00)?", text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2}) ([a-z]+)\.? (\d{4})", text)
        if m and m[2] in MONTHS:
            return dt.date(int(m[3]), MONTHS[m[2]], int(m[1]))
    except ValueError:
        return None
    return None


def parse_gender(value: Any) -> str | None:
    t = header_key(value)
    if t in ("l", "lk", "laki laki", "laki", "pria", "m", "male", "1"):
        return "L"
    if t in ("p", "pr", "perempuan", "wanita", "f", "female", "2"):
        return "P"
    return None


def parse_status(value: Any) -> str | None:
    t = header_key(value)
    if t in ("pns", "cpns", "pegawai negeri sipil", "calon pns"):
        return "PNS"
    if t in ("pppk", "p3k", "pegawai pemerintah dengan perjanjian kerja"):
        return "PPPK"
    return None


def parse_position_kind(value: Any) -> str | None:
    t = header_key(value)
    if t in ("struktural", "jabatan struktural", "js", "pimpinan tinggi", "administrator", "pengawas"):
        return "struktural"
    if t in ("fungsional", "jabatan fungsional", "jft", "fungsional tertentu"):
        return "fungsional"
    if t in ("pelaksana", "jabatan pelaksana", "jfu", "fungsional umum"):
        return "pelaksana"
    return None
