"""Numbered schema migrations.

Each migration is a list of SQL statements run in one transaction; ``PRAGMA user_version`` holds the
number of the last one applied. Migrations are frozen history: never edit one that has shipped, add a
new one. The peewee models in :mod:`models` describe the schema *after* the last migration.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "unit organisasi, pegawai, pengaturan",
        [
            """CREATE TABLE org_unit (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                parent_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT,
                active INTEGER NOT NULL DEFAULT 1,
                CHECK (length(trim(name)) > 0),
                CHECK (length(trim(code)) > 0)
            )""",
            "CREATE INDEX org_unit_parent ON org_unit(parent_id)",
            """CREATE TABLE employee (
                id INTEGER PRIMARY KEY,
                nip TEXT NOT NULL UNIQUE CHECK (length(nip) = 18 AND nip NOT GLOB '*[^0-9]*'),
                front_title TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                back_title TEXT NOT NULL DEFAULT '',
                gender TEXT NOT NULL CHECK (gender IN ('L', 'P')),
                birth_date DATE NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('PNS', 'PPPK')),
                golongan TEXT NOT NULL,
                education TEXT NOT NULL DEFAULT '',
                position_title TEXT NOT NULL,
                position_kind TEXT NOT NULL CHECK (position_kind IN ('struktural', 'fungsional', 'pelaksana')),
                jenjang TEXT NOT NULL DEFAULT '',
                unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
                supervisor_id INTEGER REFERENCES employee(id) ON DELETE SET NULL,
                active INTEGER NOT NULL DEFAULT 1,
                inactive_reason TEXT NOT NULL DEFAULT '',
                inactive_date DATE,
                CHECK (supervisor_id IS NULL OR supervisor_id <> id)
            )""",
            "CREATE INDEX employee_unit ON employee(unit_id)",
            "CREATE INDEX employee_supervisor ON employee(supervisor_id)",
            """CREATE TABLE setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
        ],
    ),
    (
        2,
        "riwayat jabatan dan catatan perubahan",
        [
            """CREATE TABLE position_history (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
                position_title TEXT NOT NULL,
                position_kind TEXT NOT NULL,
                jenjang TEXT NOT NULL DEFAULT '',
                unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
                start_date DATE NOT NULL,
                end_date DATE,
                note TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX position_history_employee ON position_history(employee_id)",
            # every employee of a version-1 file gets the position they hold as their first history entry
            """INSERT INTO position_history (employee_id, position_title, position_kind, jenjang, unit_id,
                                             start_date, note)
               SELECT id, position_title, position_kind, jenjang, unit_id, date('now'),
                      'Jabatan saat pembaruan basis data'
               FROM employee""",
            """CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id INTEGER,
                detail TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX employee_name ON employee(name)",
        ],
    ),
    (
        3,
        "SKP: rencana hasil kerja, indikator, perilaku, lampiran, rencana aksi, riwayat status",
        [
            # one row per version of an employee's SKP for a year; the people and positions are kept
            # as they were when the plan was made
            """CREATE TABLE skp (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
                version INTEGER NOT NULL CHECK (version >= 1),
                status TEXT NOT NULL CHECK (status IN ('draf', 'diajukan', 'dikembalikan', 'disetujui')),
                current INTEGER NOT NULL DEFAULT 1,
                approach TEXT NOT NULL DEFAULT 'kuantitatif' CHECK (approach IN ('kuantitatif', 'kualitatif')),
                employee_position TEXT NOT NULL DEFAULT '',
                employee_unit TEXT NOT NULL DEFAULT '',
                employee_golongan TEXT NOT NULL DEFAULT '',
                penilai_id INTEGER REFERENCES employee(id) ON DELETE SET NULL,
                penilai_name TEXT NOT NULL DEFAULT '',
                penilai_nip TEXT NOT NULL DEFAULT '',
                penilai_position TEXT NOT NULL DEFAULT '',
                atasan_id INTEGER REFERENCES employee(id) ON DELETE SET NULL,
                atasan_name TEXT NOT NULL DEFAULT '',
                atasan_nip TEXT NOT NULL DEFAULT '',
                atasan_position TEXT NOT NULL DEFAULT '',
                dukungan_sumber_daya TEXT NOT NULL DEFAULT '',
                skema_pertanggungjawaban TEXT NOT NULL DEFAULT '',
                konsekuensi TEXT NOT NULL DEFAULT '',
                revision_reason TEXT NOT NULL DEFAULT '',
                lock_version INTEGER NOT NULL DEFAULT 0,  -- +1 on every change: two windows do not overwrite
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (employee_id, year, version)
            )""",
            "CREATE UNIQUE INDEX skp_one_current ON skp(employee_id, year) WHERE current = 1",
            "CREATE INDEX skp_year_status ON skp(year, status)",
            "CREATE INDEX skp_penilai ON skp(penilai_id, year)",
            """CREATE TABLE skp_rhk (
                id INTEGER PRIMARY KEY,
                skp_id INTEGER NOT NULL REFERENCES skp(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('utama', 'tambahan')),
                text TEXT NOT NULL,
                parent_rhk_id INTEGER REFERENCES skp_rhk(id) ON DELETE SET NULL,
                origin_rhk_id INTEGER REFERENCES skp_rhk(id) ON DELETE SET NULL
            )""",
            "CREATE INDEX skp_rhk_skp ON skp_rhk(skp_id, position)",
            "CREATE INDEX skp_rhk_parent ON skp_rhk(parent_rhk_id)",
            """CREATE TABLE skp_iki (
                id INTEGER PRIMARY KEY,
                rhk_id INTEGER NOT NULL REFERENCES skp_rhk(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                aspect TEXT NOT NULL CHECK (aspect IN ('kuantitas', 'kualitas', 'waktu', 'biaya')),
                text TEXT NOT NULL,
                target_value REAL CHECK (target_value IS NULL OR target_value > 0),
                target_unit TEXT NOT NULL DEFAULT '',
                target_text TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX skp_iki_rhk ON skp_iki(rhk_id, position)",
            """CREATE TABLE skp_action (
                id INTEGER PRIMARY KEY,
                rhk_id INTEGER NOT NULL REFERENCES skp_rhk(id) ON DELETE CASCADE,
                period INTEGER NOT NULL CHECK (period >= 1),
                text TEXT NOT NULL,
                UNIQUE (rhk_id, period)
            )""",
            """CREATE TABLE skp_expectation (
                id INTEGER PRIMARY KEY,
                skp_id INTEGER NOT NULL REFERENCES skp(id) ON DELETE CASCADE,
                core_value TEXT NOT NULL,
                text TEXT NOT NULL DEFAULT '',
                UNIQUE (skp_id, core_value)
            )""",
            """CREATE TABLE skp_status_history (
                id INTEGER PRIMARY KEY,
                skp_id INTEGER NOT NULL REFERENCES skp(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX skp_status_history_skp ON skp_status_history(skp_id)",
        ],
    ),
    (
        4,
        "penilaian: periode, evaluasi, realisasi, perilaku, masukan rekan dan masyarakat, predikat organisasi, keberatan",
        [
            """CREATE TABLE evaluation_period (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                cadence TEXT NOT NULL CHECK (cadence IN ('bulanan', 'triwulan', 'semester', 'tahunan')),
                number INTEGER NOT NULL CHECK (number >= 1),
                label TEXT NOT NULL,
                start_date DATE NOT NULL,
                end_date DATE NOT NULL,
                CHECK (start_date <= end_date),
                UNIQUE (year, cadence, number)
            )""",
            """CREATE TABLE evaluation (
                id INTEGER PRIMARY KEY,
                period_id INTEGER NOT NULL REFERENCES evaluation_period(id) ON DELETE RESTRICT,
                skp_id INTEGER NOT NULL REFERENCES skp(id) ON DELETE RESTRICT,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                unit_id INTEGER REFERENCES org_unit(id) ON DELETE SET NULL,  -- the unit when evaluated
                status TEXT NOT NULL DEFAULT 'draf' CHECK (status IN ('draf', 'final')),
                rating_hasil TEXT CHECK (rating_hasil IS NULL OR rating_hasil IN ('di_bawah', 'sesuai', 'di_atas')),
                rating_perilaku TEXT CHECK (rating_perilaku IS NULL OR rating_perilaku IN ('di_bawah', 'sesuai', 'di_atas')),
                predikat TEXT CHECK (predikat IS NULL OR predikat IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')),  -- as computed at finalisation
                final_predikat TEXT CHECK (final_predikat IS NULL OR final_predikat IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')),  -- after keberatan
                self_assessment TEXT NOT NULL DEFAULT '',
                catatan TEXT NOT NULL DEFAULT '',  -- catatan/rekomendasi pejabat penilai
                finalised_at TEXT,
                received_on DATE,  -- the employee received the result: the keberatan window starts
                lock_version INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (status = 'draf' OR (rating_hasil IS NOT NULL AND rating_perilaku IS NOT NULL
                                           AND predikat IS NOT NULL AND final_predikat IS NOT NULL)),
                UNIQUE (employee_id, period_id)
            )""",
            "CREATE INDEX evaluation_skp ON evaluation(skp_id)",
            "CREATE INDEX evaluation_period_unit ON evaluation(period_id, unit_id)",
            """CREATE TABLE evaluation_history (
                id INTEGER PRIMARY KEY,
                evaluation_id INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX evaluation_history_evaluation ON evaluation_history(evaluation_id)",
            """CREATE TABLE evaluation_indicator (
                id INTEGER PRIMARY KEY,
                evaluation_id INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                iki_id INTEGER NOT NULL REFERENCES skp_iki(id) ON DELETE CASCADE,
                realisasi_value REAL CHECK (realisasi_value IS NULL OR (realisasi_value >= 0 AND realisasi_value < 1e12)),
                realisasi_text TEXT NOT NULL DEFAULT '',
                bukti TEXT NOT NULL DEFAULT '',
                umpan_balik TEXT NOT NULL DEFAULT '',
                UNIQUE (evaluation_id, iki_id)
            )""",
            """CREATE TABLE evaluation_attachment (
                id INTEGER PRIMARY KEY,
                evaluation_id INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                iki_id INTEGER REFERENCES skp_iki(id) ON DELETE SET NULL,
                filename TEXT NOT NULL,
                media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
                size INTEGER NOT NULL CHECK (size > 0),
                sha256 TEXT NOT NULL,
                data BLOB NOT NULL,
                added_at TEXT NOT NULL
            )""",
            "CREATE INDEX evaluation_attachment_evaluation ON evaluation_attachment(evaluation_id)",
            """CREATE TABLE evaluation_behaviour (
                id INTEGER PRIMARY KEY,
                evaluation_id INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                core_value TEXT NOT NULL,
                self_note TEXT NOT NULL DEFAULT '',
                penilai_note TEXT NOT NULL DEFAULT '',
                UNIQUE (evaluation_id, core_value)
            )""",
            """CREATE TABLE peer_assessment (
                id INTEGER PRIMARY KEY,
                evaluation_id INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
                peer_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                core_value TEXT NOT NULL,
                rating TEXT CHECK (rating IS NULL OR rating IN ('di_bawah', 'sesuai', 'di_atas')),
                note TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                UNIQUE (evaluation_id, peer_id, core_value)
            )""",
            """CREATE TABLE public_feedback (
                id INTEGER PRIMARY KEY,
                period_id INTEGER NOT NULL REFERENCES evaluation_period(id) ON DELETE RESTRICT,
                unit_id INTEGER REFERENCES org_unit(id) ON DELETE CASCADE,
                employee_id INTEGER REFERENCES employee(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('survei', 'pengaduan')),
                score REAL NOT NULL CHECK (score >= 0 AND score <= 100),  -- indeks kepuasan, or % handled in time
                responses INTEGER NOT NULL DEFAULT 0 CHECK (responses >= 0),
                note TEXT NOT NULL DEFAULT '',
                recorded_at TEXT NOT NULL,
                CHECK ((unit_id IS NULL) <> (employee_id IS NULL))
            )""",
            "CREATE INDEX public_feedback_period ON public_feedback(period_id)",
            """CREATE TABLE org_predikat (
                id INTEGER PRIMARY KEY,
                unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                predikat TEXT NOT NULL CHECK (predikat IN ('istimewa', 'baik', 'butuh_perbaikan', 'kurang',
                                                            'sangat_kurang')),
                note TEXT NOT NULL DEFAULT '',
                UNIQUE (unit_id, year)
            )""",
            """CREATE TABLE objection (
                id INTEGER PRIMARY KEY,
                evaluation_id INTEGER NOT NULL UNIQUE REFERENCES evaluation(id) ON DELETE CASCADE,
                filed_on DATE NOT NULL,
                reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                status TEXT NOT NULL DEFAULT 'diajukan' CHECK (status IN ('diajukan', 'diterima', 'ditolak')),
                hearing_notes TEXT NOT NULL DEFAULT '',
                original_predikat TEXT NOT NULL CHECK (original_predikat IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')),
                new_predikat TEXT CHECK (new_predikat IS NULL OR new_predikat IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')),
                decided_on DATE,
                decided_by TEXT NOT NULL DEFAULT '',
                decision_reason TEXT NOT NULL DEFAULT '',
                CHECK (status <> 'diterima' OR new_predikat IS NOT NULL)
            )""",
        ],
    ),
    (
        5,
        "pengembangan kompetensi: kegiatan pelatihan, keikutsertaan dan JP, kebutuhan pelatihan, program pembinaan",
        [
            """CREATE TABLE training_event (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                kind TEXT NOT NULL CHECK (kind IN ('teknis', 'fungsional', 'manajerial', 'sosial_kultural', 'kepemimpinan')),
                method TEXT NOT NULL CHECK (method IN ('klasikal', 'nonklasikal')),
                form TEXT NOT NULL,  -- pelatihan, seminar, workshop, e_learning, coaching, mentoring, magang, ...
                organiser TEXT NOT NULL DEFAULT '',
                location TEXT NOT NULL DEFAULT '',
                start_date DATE NOT NULL,
                end_date DATE NOT NULL,
                jp REAL NOT NULL CHECK (jp > 0 AND jp <= 1000),  -- jam pelajaran (45 minutes) for taking part in full
                competency TEXT NOT NULL DEFAULT '',  -- what it develops
                notes TEXT NOT NULL DEFAULT '',
                lock_version INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (start_date <= end_date)
            )""",
            "CREATE INDEX training_event_end ON training_event(end_date)",
            """CREATE TABLE training_need (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                evaluation_id INTEGER REFERENCES evaluation(id) ON DELETE SET NULL,
                source TEXT NOT NULL,  -- hasil, perilaku (a rating Di Bawah Ekspektasi), or manual:<n>
                competency TEXT NOT NULL CHECK (length(trim(competency)) > 0),
                kind TEXT NOT NULL DEFAULT 'teknis' CHECK (kind IN ('teknis', 'fungsional', 'manajerial', 'sosial_kultural', 'kepemimpinan')),
                status TEXT NOT NULL DEFAULT 'usulan'
                    CHECK (status IN ('usulan', 'disetujui', 'direncanakan', 'selesai', 'ditolak')),
                note TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (employee_id, year, source)
            )""",
            "CREATE INDEX training_need_year ON training_need(year, status)",
            """CREATE TABLE training_participation (
                id INTEGER PRIMARY KEY,
                event_id INTEGER NOT NULL REFERENCES training_event(id) ON DELETE CASCADE,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                status TEXT NOT NULL DEFAULT 'direncanakan'
                    CHECK (status IN ('direncanakan', 'hadir', 'lulus', 'tidak_lulus')),
                jp_credited REAL CHECK (jp_credited IS NULL OR jp_credited >= 0),  -- NULL: the event's JP in full
                certificate_number TEXT NOT NULL DEFAULT '',
                certificate_date DATE,
                notes TEXT NOT NULL DEFAULT '',
                need_id INTEGER REFERENCES training_need(id) ON DELETE SET NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (event_id, employee_id)
            )""",
            "CREATE INDEX training_participation_employee ON training_participation(employee_id, status)",
            """CREATE TABLE coaching_program (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                kind TEXT NOT NULL CHECK (kind IN ('pelatihan', 'lokakarya', 'simulasi', 'lainnya')),
                year INTEGER NOT NULL,
                unit_id INTEGER REFERENCES org_unit(id) ON DELETE SET NULL,
                description TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE coaching_session (
                id INTEGER PRIMARY KEY,
                program_id INTEGER NOT NULL REFERENCES coaching_program(id) ON DELETE CASCADE,
                date DATE NOT NULL,
                topic TEXT NOT NULL CHECK (length(trim(topic)) > 0),
                facilitator TEXT NOT NULL DEFAULT '',
                minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0)
            )""",
            "CREATE INDEX coaching_session_program ON coaching_session(program_id, date)",
            """CREATE TABLE coaching_question (
                id INTEGER PRIMARY KEY,
                program_id INTEGER NOT NULL REFERENCES coaching_program(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                text TEXT NOT NULL CHECK (length(trim(text)) > 0)
            )""",
            "CREATE INDEX coaching_question_program ON coaching_question(program_id, position)",
            """CREATE TABLE coaching_participant (
                id INTEGER PRIMARY KEY,
                program_id INTEGER NOT NULL REFERENCES coaching_program(id) ON DELETE CASCADE,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                comment TEXT NOT NULL DEFAULT '',  -- the participant's own words: what to improve
                feedback_at TEXT,
                UNIQUE (program_id, employee_id)
            )""",
            """CREATE TABLE coaching_feedback (
                id INTEGER PRIMARY KEY,
                participant_id INTEGER NOT NULL REFERENCES coaching_participant(id) ON DELETE CASCADE,
                question_id INTEGER NOT NULL REFERENCES coaching_question(id) ON DELETE CASCADE,
                score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                UNIQUE (participant_id, question_id)
            )""",
        ],
    ),
    (
        6,
        "tindak lanjut: penghargaan, hukuman disiplin, TPP (pagu, kehadiran, perhitungan bulanan), formasi dan potensi",
        [
            """CREATE TABLE reward (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                kind TEXT NOT NULL CHECK (kind IN ('pegawai_teladan', 'inovasi', 'satyalancana', 'insentif', 'lainnya')),
                title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                given_on DATE NOT NULL,
                decree_number TEXT NOT NULL DEFAULT '',
                issuer TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                amount INTEGER CHECK (amount IS NULL OR amount > 0),  -- whole rupiah, for a financial incentive
                created_at TEXT NOT NULL,
                CHECK (kind <> 'insentif' OR amount IS NOT NULL)
            )""",
            "CREATE INDEX reward_employee ON reward(employee_id, given_on)",
            """CREATE TABLE sanction (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                level TEXT NOT NULL CHECK (level IN ('ringan', 'sedang', 'berat')),
                kind TEXT NOT NULL,  -- asn_desktop.domain.consequences.SANCTION_KINDS (PP 94/2021)
                decree_number TEXT NOT NULL CHECK (length(trim(decree_number)) > 0),
                decree_date DATE NOT NULL,
                start_date DATE NOT NULL,
                months INTEGER CHECK (months IS NULL OR months > 0),
                end_date DATE,  -- last day it runs; NULL: takes effect once
                reason TEXT NOT NULL DEFAULT '',
                cancelled_on DATE,  -- annulled (on appeal, say): kept in the record, no longer counted
                cancel_reason TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                CHECK (end_date IS NULL OR end_date >= start_date),
                CHECK (cancelled_on IS NULL OR length(trim(cancel_reason)) > 0)
            )""",
            "CREATE INDEX sanction_employee ON sanction(employee_id, start_date)",
            """CREATE TABLE tpp_ceiling (
                id INTEGER PRIMARY KEY,
                class TEXT NOT NULL UNIQUE,  -- position class: the jenjang (JPT Pratama, Administrator, Ahli Muda, ...)
                amount INTEGER NOT NULL CHECK (amount >= 0)  -- whole rupiah a month
            )""",
            """CREATE TABLE attendance_month (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
                absent_days INTEGER NOT NULL DEFAULT 0 CHECK (absent_days BETWEEN 0 AND 31),
                late_minutes TEXT NOT NULL DEFAULT '[]',  -- JSON list of each late arrival in minutes (tiers: a setting)
                updated_at TEXT NOT NULL,
                UNIQUE (employee_id, year, month)
            )""",
            """CREATE TABLE tpp_run (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
                unit_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT,  -- NULL: the whole office
                status TEXT NOT NULL DEFAULT 'draf' CHECK (status IN ('draf', 'terkunci')),
                rules TEXT NOT NULL,  -- JSON: the rules and ceilings as they were used
                computed_at TEXT NOT NULL,
                locked_at TEXT,
                locked_by TEXT NOT NULL DEFAULT '',
                lock_version INTEGER NOT NULL DEFAULT 0,
                CHECK (status = 'draf' OR locked_at IS NOT NULL)
            )""",
            "CREATE UNIQUE INDEX tpp_run_month ON tpp_run(year, month, coalesce(unit_id, 0))",
            """CREATE TABLE tpp_line (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES tpp_run(id) ON DELETE CASCADE,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE RESTRICT,
                class TEXT NOT NULL,
                predikat TEXT,
                ceiling INTEGER NOT NULL CHECK (ceiling >= 0),
                performance INTEGER NOT NULL,
                discipline_base INTEGER NOT NULL,
                discipline_deduction INTEGER NOT NULL,
                discipline INTEGER NOT NULL,
                gross INTEGER NOT NULL,
                sanction_cut INTEGER NOT NULL,
                net INTEGER NOT NULL CHECK (net >= 0),
                explanation TEXT NOT NULL,
                CHECK (gross = performance + discipline AND net = gross - sanction_cut),
                UNIQUE (run_id, employee_id)
            )""",
            "CREATE INDEX tpp_line_employee ON tpp_line(employee_id)",
            """CREATE TABLE vacancy (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                unit_id INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
                jenjang TEXT NOT NULL DEFAULT '',
                golongan_min TEXT NOT NULL,
                golongan_max TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'terbuka' CHECK (status IN ('terbuka', 'terisi', 'ditutup')),
                note TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE potential_assessment (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
                year INTEGER NOT NULL,
                level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),  -- potensi rendah, menengah, tinggi (9-box)
                assessor TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                UNIQUE (employee_id, year)
            )""",
        ],
    ),
    (
        7,
        "riwayat predikat tahunan dari sebelum aplikasi dipakai (untuk promosi, penghargaan, dan TPP)",
        [
            """CREATE TABLE past_predikat (
                id INTEGER PRIMARY KEY,
                employee_id INTEGER NOT NULL REFERENCES employee(id) ON DELETE CASCADE,
                year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
                predikat TEXT NOT NULL
                    CHECK (predikat IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')),
                source TEXT NOT NULL CHECK (length(trim(source)) > 0),  -- the document it was copied from
                recorded_at TEXT NOT NULL,
                UNIQUE (employee_id, year)
            )""",
        ],
    ),
    (
        8,
        "konsolidasi: paket kiriman kantor lain (satu per kantor, unit, dan tahun) dengan ringkasan per pegawai",
        [
            """CREATE TABLE paket_submission (
                id INTEGER PRIMARY KEY,
                office TEXT NOT NULL CHECK (length(trim(office)) > 0),
                region TEXT NOT NULL DEFAULT '',
                unit_code TEXT NOT NULL DEFAULT '',  -- '' for the whole office
                unit_name TEXT NOT NULL DEFAULT '',
                year INTEGER NOT NULL,
                format_version INTEGER NOT NULL,
                app TEXT NOT NULL DEFAULT '',
                created TEXT NOT NULL DEFAULT '',  -- when the sending office wrote it
                file_name TEXT NOT NULL,
                digest TEXT NOT NULL,  -- SHA-256 over the sheets' SHA-256 as read: the same file twice is the same
                changed_sheets TEXT NOT NULL DEFAULT '',  -- sheets accepted although changed after export
                override_reason TEXT NOT NULL DEFAULT '',
                row_counts TEXT NOT NULL DEFAULT '{}',  -- JSON: rows per sheet
                imported_at TEXT NOT NULL,
                CHECK (changed_sheets = '' OR length(trim(override_reason)) > 0),
                UNIQUE (office, unit_code, year)
            )""",
            """CREATE TABLE paket_employee (
                id INTEGER PRIMARY KEY,
                submission_id INTEGER NOT NULL REFERENCES paket_submission(id) ON DELETE CASCADE,
                nip TEXT NOT NULL,
                name TEXT NOT NULL,
                unit_code TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT '',
                golongan TEXT NOT NULL DEFAULT '',
                position_title TEXT NOT NULL DEFAULT '',
                active INTEGER NOT NULL DEFAULT 1,
                annual_predikat TEXT NOT NULL DEFAULT '',  -- the final annual predikat (after keberatan), as written
                jp REAL NOT NULL DEFAULT 0,
                rewards INTEGER NOT NULL DEFAULT 0,
                sanctions INTEGER NOT NULL DEFAULT 0,
                tpp_net INTEGER NOT NULL DEFAULT 0,
                UNIQUE (submission_id, nip)
            )""",
            "CREATE INDEX paket_employee_nip ON paket_employee(nip)",
            """CREATE TABLE paket_row (
                id INTEGER PRIMARY KEY,
                submission_id INTEGER NOT NULL REFERENCES paket_submission(id) ON DELETE CASCADE,
                sheet TEXT NOT NULL,
                position INTEGER NOT NULL,  -- the row's order in its sheet
                cells TEXT NOT NULL,  -- JSON list of the values, dates as yyyy-mm-dd: sent upward again as received
                UNIQUE (submission_id, sheet, position)
            )""",
        ],
    ),
]

LATEST_VERSION = MIGRATIONS[-1][0]


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def apply(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> list[int]:
    """Apply every migration above the file's version up to ``target``, each in its own transaction.

    Returns the numbers applied. Works on a plain :mod:`sqlite3` connection in autocommit mode.
    """
    done: list[int] = []
    for number, _title, statements in MIGRATIONS:
        if number <= user_version(conn) or number > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql in statements:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {number:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        done.append(number)
    return done
