"""The command line: ``asn-desktop`` (GUI) and its sub-commands. See README and DESIGN.md.

Exit codes: 0 done; 1 the input was refused (a readable report says why; nothing was written); 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

PAGES = ("beranda", "pegawai", "skp", "penilaian", "pelatihan", "penghargaan", "laporan")
SUBCOMMANDS = ("demo", "check", "import", "export")


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="asn-desktop",
        description="ASN Desktop — pengelolaan kinerja ASN. Tanpa perintah: membuka aplikasi.",
        epilog="Perintah lain: 'asn-desktop demo --help', 'asn-desktop check --help'.",
    )
    p.add_argument("--db", metavar="PATH", help="berkas basis data (bawaan: folder data pengguna, atau $ASN_DESKTOP_DB)")
    p.add_argument("--screenshot", metavar="FILE.png", help="buka, gambar halaman, simpan PNG, lalu keluar")
    p.add_argument("--page", choices=PAGES, default="beranda", help="halaman untuk --screenshot (bawaan: beranda)")
    p.add_argument("-v", "--verbose", action="store_true", help="catat langkah-langkah ke stderr")
    return p


def _sub_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="asn-desktop")
    sub = p.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="buat kantor contoh (kabupaten sintetis) pada basis data kosong")
    demo.add_argument("--db", metavar="PATH", required=True)
    demo.add_argument("--employees", type=int, default=600, metavar="N", help="jumlah pegawai (bawaan 600)")
    demo.add_argument("--year", type=int, default=None, metavar="Y", help="tahun penilaian (bawaan: tahun ini)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="benih acak; benih sama = data sama")
    demo.add_argument("-v", "--verbose", action="store_true")
    check = sub.add_parser("check", help="periksa integritas dan aturan data; keluar 1 bila ada galat")
    check.add_argument("--db", metavar="PATH", required=True)
    check.add_argument("-v", "--verbose", action="store_true")
    imp = sub.add_parser("import", help="impor pegawai dari buku kerja Excel (kolom ditebak dari judulnya)")
    imp.add_argument("kind", choices=("pegawai", "paket"), help="pegawai, atau paket kiriman kantor lain (konsolidasi)")
    imp.add_argument("--db", metavar="PATH", required=True)
    imp.add_argument("files", nargs="+", metavar="FILE.xlsx")
    imp.add_argument("--sheet", metavar="NAMA", help="lembar yang dibaca (bawaan: lembar pertama yang terlihat)")
    imp.add_argument("--valid-only", action="store_true",
                     help="impor baris yang benar saja; yang ditolak ditulis ke --refused (bawaan: semua atau tidak sama sekali)")
    imp.add_argument("--refused", metavar="OUT.xlsx", help="buku kerja untuk baris yang ditolak (dengan --valid-only)")
    imp.add_argument("--override", metavar="ALASAN",
                     help="paket: terima juga berkas yang isinya berubah sejak diekspor, dengan alasan yang dicatat")
    imp.add_argument("--create-units", action="store_true",
                     help="buat unit yang belum ada bila dapat ditempatkan (dinas/badan, kecamatan)")
    imp.add_argument("-v", "--verbose", action="store_true")
    exp = sub.add_parser("export", help="ekspor ke buku kerja Excel")
    exp.add_argument("kind", choices=("rekap", "pelatihan", "paket", "skp", "evaluasi"),
                     help="rekap per unit, daftar pelatihan, paket untuk dikirim ke atas, formulir SKP, atau dokumen "
                          "evaluasi kinerja")
    exp.add_argument("--db", metavar="PATH", required=True)
    exp.add_argument("--year", type=int, required=True, metavar="Y")
    exp.add_argument("--unit", metavar="KODE", help="kode unit (bawaan: seluruh kantor)")
    exp.add_argument("--nip", metavar="NIP", help="skp, evaluasi: hanya pegawai ini")
    exp.add_argument("--periode", metavar="LABEL",
                     help="evaluasi: periode, mis. \"Triwulan I\" (bawaan: tahunan)")
    exp.add_argument("--out", metavar="FILE.xlsx", required=True)
    exp.add_argument("--received", action="store_true",
                     help="paket: kirim ke atas paket-paket yang diterima (konsolidasi), bukan data kantor ini")
    exp.add_argument("-v", "--verbose", action="store_true")
    return p


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )


def _number(value: float, decimals: int = 0) -> str:
    """Indonesian style: 10.000 and 1,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _refuse(message: str) -> int:
    print(f"Ditolak: {message}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        args = _sub_parser().parse_args(args_list)
        _logging(args.verbose)
        if args.command == "demo":
            return _demo(args)
        if args.command == "import":
            return _import(args)
        if args.command == "export":
            return _export(args)
        return _check(args)
    args = _gui_parser().parse_args(args_list)
    _logging(args.verbose)
    from asn_desktop.gui.app import run  # the GUI is imported only when it is started

    return run(db=args.db, screenshot=args.screenshot, page=args.page)


def _open(path: str) -> int | None:
    from asn_desktop.services import database

    try:
        database.open_database(Path(path))
    except database.StoreError as err:
        return _refuse(str(err))
    return None


def _open_existing(path: str) -> int | None:
    """Open a database that must already exist (check, import, export): an exit code when refused."""
    if not Path(path).exists():
        return _refuse(f"berkas {path} tidak ada.")
    return _open(path)


def _demo(args: argparse.Namespace) -> int:
    from asn_desktop.services import database, demo

    if args.employees < 1 or args.employees > 100_000:
        print("asn-desktop demo: --employees harus antara 1 dan 100000", file=sys.stderr)
        return 2
    try:  # looked at read-only first: a refused demo neither upgrades nor backs up the file
        occupied = database.file_holds_people(args.db)
    except database.StoreError as err:
        return _refuse(str(err))
    if occupied:
        return _refuse(f"{args.db} sudah berisi data; kantor contoh hanya dibuat pada basis data kosong.")
    failed = _open(args.db)
    if failed is not None:
        return failed
    if not database.is_empty():
        return _refuse(f"{args.db} sudah berisi data; kantor contoh hanya dibuat pada basis data kosong.")
    result = demo.build_demo(employees=args.employees, year=args.year, seed=args.seed)
    print(
        f"Kantor contoh dibuat di {args.db}: {_number(result.units)} unit, {_number(result.employees)} pegawai "
        f"(benih {args.seed}, {_number(result.seconds, 1)} detik)."
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from asn_desktop.services import checks

    failed = _open_existing(args.db)
    if failed is not None:
        return failed
    report = checks.run_checks()
    print(report.text())
    return 0 if report.ok else 1


def _import(args: argparse.Namespace) -> int:
    """Import pegawai from each file in turn: a file with any problem is refused whole (every problem listed by
    file, sheet, row and column) unless ``--valid-only``; nothing of a refused file is written."""
    from asn_desktop.services import employee_import as imp
    from asn_desktop.services.common import DomainError, ValidationError

    if args.kind == "paket":
        return _import_paket(args)
    if args.valid_only and len(args.files) > 1 and args.refused:
        print("asn-desktop import: --refused hanya untuk satu berkas", file=sys.stderr)
        return 2
    failed = _open_existing(args.db)
    if failed is not None:
        return failed
    labels = {f.key: f.label for f in imp.FIELDS}
    code = 0
    for path in args.files:
        name = Path(path).name
        try:
            p = imp.preview(path, None, args.sheet)
            create = p.new_units if args.create_units else ()
            if create:
                p = imp.preview(path, p.mapping, args.sheet, create)
            if p.refused and not args.valid_only:
                print(f"Ditolak: {name} — {_number(len(p.refused))} dari {_number(len(p.rows))} baris bermasalah; "
                      "tidak ada yang diimpor:", file=sys.stderr)
                columns = {k: i for k, i in p.mapping.items()}
                for r in p.refused:
                    for k, why in r.problems.items():
                        col = columns.get(k)
                        where = f", kolom {p.table.headers[col]!r}" if col is not None else ""
                        print(f"  {name}, lembar {p.table.sheet}, baris {r.row}{where}: {labels.get(k, '')}: {why}",
                              file=sys.stderr)
                code = 1
                continue
            result = imp.import_employees(path, p.mapping, args.sheet, create, True, args.refused)
        except ValidationError as err:
            code = _refuse(f"{name}: " + " ".join(err.errors.values()))
            continue
        except DomainError as err:
            code = _refuse(err.message if err.message.startswith(name) else f"{name}: {err.message}")
            continue
        text = f"{name}: {_number(result.imported)} pegawai diimpor"
        if result.units_created:
            text += f"; unit baru: {', '.join(result.units_created)}"
        if result.refused:
            text += f"; {_number(result.refused)} baris ditolak" + (f" (lihat {result.refused_file})"
                                                                       if result.refused_file else "")
        print(text + ".")
    return code


def _export(args: argparse.Namespace) -> int:
    from asn_desktop.services import reports
    from asn_desktop.services.common import DomainError

    if not 2000 <= args.year <= 2100:
        print("asn-desktop export: --year harus 2000–2100", file=sys.stderr)
        return 2
    if args.nip and args.kind not in ("skp", "evaluasi"):
        print("asn-desktop export: --nip hanya untuk skp dan evaluasi", file=sys.stderr)
        return 2
    if args.periode and args.kind != "evaluasi":
        print("asn-desktop export: --periode hanya untuk evaluasi", file=sys.stderr)
        return 2
    failed = _open_existing(args.db)
    if failed is not None:
        return failed
    try:
        unit = reports.unit_by_code(args.unit) if args.unit else None
        if args.kind == "rekap":
            n = reports.export_rekap(args.year, args.out, unit)
            print(f"Rekap {args.year}: {_number(n)} unit ditulis ke {args.out}.")
        elif args.kind == "paket":
            from asn_desktop.services import paket

            if args.received:
                from asn_desktop.services import consolidation

                counts = consolidation.export_received(args.year, args.out)
            else:
                counts = paket.export_paket(args.year, args.out, unit)
            print(f"Paket {args.year}: " + ", ".join(f"{k} {_number(v)}" for k, v in counts.items())
                  + f" baris ditulis ke {args.out}.")
        elif args.kind in ("skp", "evaluasi"):
            from asn_desktop.services import forms

            who = forms.employee_by_nip(args.nip) if args.nip else None
            if args.kind == "skp":
                n = forms.export_skp(args.year, args.out, unit, who)
                print(f"Formulir SKP {args.year}: {_number(n)} pegawai ditulis ke {args.out}.")
            else:
                period = forms.period_by_label(args.year, args.periode) if args.periode else None
                n, missing = forms.export_evaluasi(args.year, args.out, period, unit, who)
                print(f"Dokumen evaluasi {args.year}: {_number(n)} pegawai ditulis ke {args.out}"
                      + (f"; {_number(missing)} pegawai dengan SKP disetujui belum punya evaluasi." if missing else "."))
        else:
            a, b = reports.export_training(args.year, args.out, unit)
            print(f"Daftar pelatihan {args.year}: {_number(a)} keikutsertaan dan JP {_number(b)} pegawai ditulis ke "
                  f"{args.out}.")
    except DomainError as err:
        return _refuse(err.message)
    return 0


def _import_paket(args: argparse.Namespace) -> int:
    """Konsolidasi: every package on its own; exit 1 when any was refused (nothing of it written)."""
    from asn_desktop.services import consolidation

    failed = _open_existing(args.db)
    if failed is not None:
        return failed
    code = 0
    for r in consolidation.import_pakets(args.files, args.override or ""):
        if r.outcome == "ditolak":
            code = 1
            print(f"Ditolak: {r.message}", file=sys.stderr)
            for p in r.problems:
                print(f"  {p}", file=sys.stderr)
            continue
        print(r.message)
        for c in r.conflicts[:20]:
            print(f"  {c}")
        if len(r.conflicts) > 20:
            print(f"  … dan {_number(len(r.conflicts) - 20)} NIP lainnya")
    return code
