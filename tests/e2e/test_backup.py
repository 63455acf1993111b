"""backup: a checked, private copy in a new file, never over one; what it is refused; the audit
entry; no erased byte in the copy; and copies taken while other processes write (for
OULU10_BACKUP_LOAD_SECONDS, 8 by default; set it higher for a long run)."""
import json
import os
import sqlite3
import stat
import time

from support import EXAMPLES, RegisterTest, snapshot, validate
from test_erase import ZEBULON, open_idle, zebulon_lines
from test_soak import SCRUB_DEFERRED, Worker, old_call_batches

LOAD_SECONDS = float(os.environ.get("OULU10_BACKUP_LOAD_SECONDS", "8"))
RECORD_TABLES = {"customers": "customer", "cases": "case_record", "chats": "chat",
                 "calls": "call", "sms_surveys": "sms_survey", "consents": "consent"}


def integrity(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()


def counts(path):
    connection = sqlite3.connect(path)
    try:
        return {category: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for category, table in RECORD_TABLES.items()}
    finally:
        connection.close()


class BackupTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    def leftovers(self):
        """Files in the scratch directory besides the register's own and those named."""
        return sorted(p.name for p in self.dir.iterdir()
                      if not p.name.startswith("register.db") and p.name != "recordings")

    def test_the_copy_is_private_whole_and_the_register_as_it_was(self):
        self.ok("demo", "--customers", "300", "--seed", "4")
        before = snapshot(self.db)
        report = self.ok("--json", "backup", self.dir / "copy.db").json()
        validate(report, "backup.schema.json")
        copy = self.dir / "copy.db"
        self.assertEqual(stat.S_IMODE(copy.stat().st_mode), 0o600)
        self.assertEqual(report["destination"], str(copy))
        self.assertEqual(report["bytes"], copy.stat().st_size)
        self.assertEqual(integrity(copy), [("ok",)])
        # Every row, the secret key included: the copy is the register before the backup.
        self.assertEqual(snapshot(copy), before)
        self.assertEqual(report["records"], counts(self.db))
        self.assertEqual(report["schema_version"], before[0])
        # A register as init makes one, in WAL mode, with nothing beside it.
        self.assertEqual(copy.read_bytes()[18:20], b"\x02\x02")
        self.assertEqual(self.leftovers(), ["copy.db"])

    def test_the_text_names_the_copy_and_what_it_holds(self):
        held = ", ".join(f"{n} {category}" for category, n in counts(self.db).items() if n)
        text = self.ok("backup", self.dir / "copy.db").stdout
        self.assertIn(f"copied the register to {self.dir / 'copy.db'}: ", text)
        self.assertIn("integrity check passed", text)
        self.assertIn(f"\nrecords: {held}\n", text)

    def test_an_existing_destination_is_never_replaced(self):
        existing = self.dir / "copy.db"
        existing.write_bytes(b"last night's copy")
        os.chmod(existing, 0o640)
        self.assert_fails_unchanged(2, "backup", existing, message=f"{existing} already exists")
        self.assertEqual(existing.read_bytes(), b"last night's copy")
        self.assertEqual(stat.S_IMODE(existing.stat().st_mode), 0o640)
        self.assertEqual(self.leftovers(), ["copy.db"])

    def test_a_link_or_a_directory_at_the_destination_is_refused(self):
        dangling = self.dir / "link.db"
        dangling.symlink_to(self.dir / "target.db")
        self.assert_fails_unchanged(2, "backup", dangling, message=f"{dangling} already exists")
        self.assertFalse((self.dir / "target.db").exists())
        directory = self.dir / "backups"
        directory.mkdir()
        self.assert_fails_unchanged(2, "backup", directory, message="already exists")
        self.assertEqual(list(directory.iterdir()), [])
        self.assert_fails_unchanged(2, "backup", "", message="the name of the copy is empty")
        self.assertEqual(self.leftovers(), ["backups", "link.db"])

    def test_a_log_left_beside_the_name_is_refused(self):
        # A log of another database once called so would be applied to the copy when opened.
        for suffix in ("-wal", "-journal"):
            with self.subTest(suffix=suffix):
                leftover = self.dir / f"copy.db{suffix}"
                leftover.write_bytes(b"frames of another file")
                self.assert_fails_unchanged(2, "backup", self.dir / "copy.db",
                                            message=f"{leftover} exists, and SQLite would apply")
                self.assertEqual(leftover.read_bytes(), b"frames of another file")
                self.assertEqual(self.leftovers(), [leftover.name])
                leftover.unlink()

    def test_a_missing_directory_is_named(self):
        missing = self.dir / "nowhere" / "copy.db"
        self.assert_fails_unchanged(
            2, "backup", missing,
            message=f"there is no directory {self.dir / 'nowhere'} to write the copy {missing}")
        self.assertEqual(self.leftovers(), [])

    def test_a_directory_that_takes_no_files_is_named(self):
        # /proc takes no new files, not even from root, who may write any directory on a disk.
        self.assert_fails_unchanged(74, "backup", "/proc/oulu10-copy.db",
                                    message="cannot create a file in /proc: ")

    def test_a_full_disk_leaves_no_file(self):
        self.ok("demo", "--customers", "300")
        env = {"LD_PRELOAD": os.environ["OULU10_FULL_DISK_SHIM"],
               "OULU10_FULL_DISK_MATCH": "copy.db", "OULU10_FULL_DISK_AFTER": "100000",
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
        result = self.assert_fails_unchanged(74, "backup", self.dir / "copy.db", env=env,
                                             message="cannot write the copy ")
        self.assertIn("full", result.stderr)
        self.assertEqual(self.leftovers(), [])

    def test_a_copy_that_fails_its_check_is_deleted(self):
        # An index whose entries are no longer those of its table, as damage would leave it.
        # quick_check does not compare them, and VACUUM INTO copies the entries as they are.
        self.ok("demo", "--customers", "50")
        connection = sqlite3.connect(self.db, isolation_level=None)
        try:
            connection.execute("PRAGMA writable_schema = ON")
            connection.execute("UPDATE sqlite_schema SET sql = 'CREATE INDEX call_by_start ON "
                               "call(phone)' WHERE name = 'call_by_start'")
        finally:
            connection.close()
        connection = sqlite3.connect(self.db)
        try:
            self.assertEqual(connection.execute("PRAGMA quick_check").fetchall(), [("ok",)])
        finally:
            connection.close()
        self.assert_fails_unchanged(
            74, "backup", self.dir / "copy.db",
            message="the copy failed its integrity check (row 1 missing from index "
                    "call_by_start); the register itself may be damaged")
        self.assertEqual(self.leftovers(), [])

    def test_the_audit_entry_holds_counts_and_size_and_no_path(self):
        report = self.ok("--json", "backup", self.dir / "copy.db").json()
        entries = self.ok("--json", "audit").json()["entries"]
        entry = entries[-1]
        self.assertEqual((entry["command"], entry["outcome"]), ("backup", "copied"))
        self.assertIsNone(entry["request_id"])
        self.assertIsNone(entry["subject_ref"])
        self.assertEqual(entry["details"], {"bytes": report["bytes"],
                                            "schema_version": report["schema_version"],
                                            "records": report["records"]})
        self.assertNotIn("copy", json.dumps(entry))
        self.assertNotIn(str(self.dir), json.dumps(entry))
        # The copy was taken before its own entry was written.
        copy_entries = self.run_cli("--db", self.dir / "copy.db", "--json", "audit", db=False)
        self.assertEqual(copy_entries.code, 0, copy_entries.stderr)
        self.assertEqual(copy_entries.json()["entries"], entries[:-1])
        self.ok("audit", "verify")

    def test_no_erased_byte_is_in_the_copy(self):
        (self.dir / "recordings" / "rec").mkdir(parents=True)
        self.ok("import", self.write_lines("zebulon.ndjson", zebulon_lines()))
        # A reader keeps the erased pages in the log, as a clerk's open command would: the
        # register's files still hold the person, so the scan below can find them.
        idle = open_idle(self.db)
        reader = sqlite3.connect(self.db, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM customer").fetchone()
            erased = self.run_cli("erase", "--hetu", ZEBULON["hetu"])
            self.assertEqual(erased.code, 75, erased.stderr)  # erased, its scrub deferred
            files = b"".join(p.read_bytes() for p in self.dir.glob("register.db*"))
            for value in ZEBULON.values():
                self.assertIn(value.encode(), files, value)
            self.ok("backup", self.dir / "copy.db")
        finally:
            reader.close()
            idle.close()
        data = (self.dir / "copy.db").read_bytes()
        for value in ZEBULON.values():
            self.assertNotIn(value.encode(), data, value)
        self.assertIn(b"Aino", data)  # the sample's other people are there: the scan can find
        self.assertEqual(self.leftovers(), ["copy.db", "zebulon.ndjson"])

    def test_copies_taken_while_others_write_are_whole_and_consistent(self):
        self.ok("demo", "--customers", "2000", "--seed", "5")
        erasable = [f"c-e{i}" for i in range(2000)]
        rectified = [f"c-r{i}" for i in range(40)]
        self.ok("import", self.write_lines("people.ndjson", [
            {"type": "customer", "id": c, "name": c, "address": "alku"} for c in rectified] + [
            {"type": "customer", "id": c, "name": c, "phone": f"045{i:07d}"}
            for i, c in enumerate(erasable)]))
        batches = old_call_batches(self.dir)
        deadline = time.monotonic() + LOAD_SECONDS
        workers = [
            Worker(self, "purge", lambda n: ["purge"], deadline),
            Worker(self, "import",
                   lambda n: ["import", str(batches[n])] if n < len(batches) else None, deadline),
            Worker(self, "rectify", lambda n: ["rectify", "--customer", rectified[n % 40],
                                               "--set", f"address=Osoite {n}"], deadline),
            Worker(self, "erase",
                   lambda n: ["erase", "--customer", erasable[n]] if n < len(erasable) else None,
                   deadline),
        ]
        for worker in workers:
            worker.start()
        copies = []
        try:
            while time.monotonic() < deadline:
                copy = self.dir / f"copy-{len(copies)}.db"
                result = self.run_cli("--json", "backup", copy)
                self.assertEqual(result.code, 0, result.stderr)
                copies.append((copy, result.json()))
                time.sleep(0.3)
        finally:
            for worker in workers:
                worker.join()
        self.assertGreaterEqual(len(copies), 3)
        erased_per_copy = []
        for number, (copy, report) in enumerate(copies):
            with self.subTest(copy=copy.name):
                self.assertEqual(integrity(copy), [("ok",)])
                verify = self.run_cli("--db", copy, "audit", "verify", db=False)
                self.assertEqual(verify.code, 0, verify.stdout + verify.stderr)
                self.assertEqual(report["records"], counts(copy))
                connection = sqlite3.connect(copy)
                try:
                    left = {r[0] for r in connection.execute(
                        "SELECT source_id FROM customer WHERE source_id LIKE 'c-e%'")}
                    erasures, backups = connection.execute(
                        "SELECT count(*) FILTER (WHERE command = 'erase'), "
                        "count(*) FILTER (WHERE command = 'backup') FROM audit").fetchone()
                finally:
                    connection.close()
                # One snapshot: the customers erased in order, exactly as many as the copy's
                # trail has erasures, and the backups before this one, not this one.
                self.assertEqual(left, set(erasable[erasures:]))
                self.assertEqual(backups, number)
                erased_per_copy.append(erasures)
        self.assertGreater(len(set(erased_per_copy)), 1, "no copy was taken between two writes")
        for worker in workers:
            with self.subTest(worker=worker.name):
                self.assertGreater(len(worker.runs), 0)
                failed = [(args, code, err) for args, code, err in worker.runs if code != 0 and
                          not (code == 75 and any(m in err for m in SCRUB_DEFERRED))]
                self.assertEqual(failed, [])
        self.ok("audit", "verify")
        print(f"\nbackup under load: {len(copies)} copies in {LOAD_SECONDS:.0f} s beside " +
              ", ".join(f"{w.name} {len(w.runs)}" for w in workers))
