"""erase (art. 17): what goes, what the law keeps, bytes gone from every file, files deleted
after the commit even across a crash, and erased subjects staying erased."""
import fcntl
import os
import sqlite3

from support import EXAMPLES, RegisterTest, is_audit_trail, snapshot, validate

AINO = "010185-912T"
RECIPIENTS = ["Monetra Oulu Oy", "Sysart Oy", "Telia Finland Oy"]

# A person whose every detail is a string found nowhere else in the register.
ZEBULON = {
    "hetu": "131052-308T",
    "name": "Zebulon Quuxington-Erasable",
    "address": "Ylläpitokatu 99 Q, 90999 Oulu",
    "phone": "+358449876543",
    "email": "zebulon.quux.erasable@example.org",
    "chat": "Xylophone-marmalade-7731 is my secret",
    "notes": "Quixotic-call-notes-5521",
    "case": "Vermilion-case-text-8841",
}


def zebulon_lines(recording="rec/kz-1.wav"):
    z = ZEBULON
    return [
        {"type": "customer", "id": "cz-1", "hetu": z["hetu"], "name": z["name"],
         "address": z["address"], "phone": "044 987 6543", "email": z["email"],
         "service": "pysäköinti", "relationship_started": "2020-01-01"},
        {"type": "chat", "id": "hz-1", "customer": "cz-1", "started_at": "2026-10-01T10:00:00Z",
         "messages": [{"from": "customer", "text": z["chat"]}]},
        {"type": "call", "id": "kz-1", "customer": "cz-1", "phone": z["phone"],
         "started_at": "2026-10-02T10:00:00Z", "notes": z["notes"], "recording": recording},
        {"type": "sms_survey", "id": "sz-1", "call": "kz-1", "phone": z["phone"],
         "sent_at": "2026-10-02T11:00:00Z", "answer": "4"},
        {"type": "case", "id": "tz-1", "customer": "cz-1", "kind": "support_request",
         "opened_at": "2026-10-03", "closed_at": "2026-10-04", "text": z["case"]},
        {"type": "consent", "id": "az-1", "customer": "cz-1", "phone": z["phone"],
         "method": "oral", "purpose": "sms-survey", "given_at": "2026-10-02T10:00:00Z"},
    ]


def open_idle(db):
    """A connection that has read once, so SQLite keeps the log for it, and holds no lock."""
    connection = sqlite3.connect(db)
    connection.execute("SELECT count(*) FROM audit").fetchone()
    return connection


class EraseTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    def import_zebulon(self, **kwargs):
        (self.dir / "recordings" / "rec").mkdir(parents=True, exist_ok=True)
        (self.dir / "recordings" / "rec" / "kz-1.wav").write_bytes(b"RIFF audio of the call")
        self.ok("import", self.write_lines("zebulon.ndjson", zebulon_lines(**kwargs)))

    def register_bytes(self):
        return b"".join(path.read_bytes() for path in self.dir.glob("register.db*"))

    def records(self):
        """The records of every category, without the audit trail."""
        return [line for line in snapshot(self.db)[1]
                if not is_audit_trail(line)]

    def test_erases_every_category_and_names_the_recipients(self):
        request_id = self.open_request("erasure", "--hetu", AINO)
        result = self.ok("--json", "erase", "--hetu", AINO, "--request", request_id)
        report = result.json()
        validate(report, "erase.schema.json")
        self.assertEqual(report["erased"], {"customers": 1, "cases": 1, "chats": 1, "calls": 1,
                                            "sms_surveys": 1, "consents": 1})
        self.assertEqual(report["kept"], [])
        self.assertTrue(report["scrubbed"])
        self.assertEqual(report["recipients_to_inform"], RECIPIENTS)
        for table in ("customer", "case_record", "chat", "chat_message", "sms_survey", "consent"):
            self.assertEqual(self.query(f"SELECT count(*) FROM {table}")[0][0], 0, table)
        # The other caller's unlinked call from the same number is not Aino's: it stays.
        self.assertEqual(self.query("SELECT source_id FROM call"), [("k-10",)])
        entry = self.query("SELECT command, request_id, outcome, details FROM audit "
                           "ORDER BY seq DESC LIMIT 1")[0]
        self.assertEqual(entry[:3], ("erase", request_id, "erased"))
        self.assertNotIn("Aino", entry[3])
        self.ok("audit", "verify")

    def test_nothing_erased_is_readable_in_any_file_of_the_register(self):
        self.import_zebulon()
        before = self.register_bytes()
        for value in ZEBULON.values():
            self.assertIn(value.encode(), before, value)
        # A second connection stays open, as a clerk's would: SQLite then keeps the
        # write-ahead log, so only the erase's own checkpoint can have emptied it.
        other = open_idle(self.db)
        try:
            report = self.ok("--json", "erase", "--hetu", ZEBULON["hetu"]).json()
            self.assertTrue(report["scrubbed"])
            after = self.register_bytes()
            for value in ZEBULON.values():
                self.assertNotIn(value.encode(), after, value)
            self.assertTrue(any(p.name.endswith("-wal") for p in self.dir.glob("register.db*")))
        finally:
            other.close()
        self.assertFalse((self.dir / "recordings" / "rec" / "kz-1.wav").exists())

    def test_nothing_erased_is_left_in_pages_that_splits_have_rewritten(self):
        # secure_delete zeroes a deleted cell, not the copies that page splits leave in the
        # unused space of other pages; a register grown around the people finds those.
        self.ok("demo", "--customers", "1500")
        people = []
        for i in range(120):
            tag = f"Zq{i:04d}"
            people += [
                {"type": "customer", "id": f"cz-{i}", "name": f"Name-{tag}-Uniq",
                 "address": f"Addr-{tag}-Street", "email": f"mail-{tag}@example.org",
                 "relationship_started": "2020-01-01"},
                {"type": "chat", "id": f"hz-{i}", "customer": f"cz-{i}",
                 "started_at": "2026-10-01T10:00:00Z",
                 "messages": [{"from": "customer",
                               "text": f"ChatText-{tag}-" + "blah" * (300 if i % 7 == 0 else 5)}]},
                {"type": "call", "id": f"kz-{i}", "customer": f"cz-{i}",
                 "phone": f"+35844{i:07d}", "started_at": "2026-10-02T10:00:00Z",
                 "notes": f"Notes-{tag}-x"},
            ]
        self.ok("import", self.write_lines("people.ndjson", people))
        self.ok("demo", "--customers", "300", "--seed", "9")
        erased = range(0, 120, 6)
        for i in erased:
            self.ok("erase", "--customer", f"cz-{i}")
        data = self.register_bytes()
        for i in erased:
            tag = f"Zq{i:04d}"
            for text in (f"Name-{tag}", f"Addr-{tag}", f"mail-{tag}", f"ChatText-{tag}",
                         f"Notes-{tag}", f"+35844{i:07d}"):
                self.assertNotIn(text.encode(), data, text)
        self.assertIn(b"Name-Zq0001", data)  # the others are still there

    def test_a_recording_outside_the_recordings_directory_is_refused(self):
        for path in ("../register.db", "/etc/passwd", "rec/../../x"):
            with self.subTest(path):
                self.assert_fails_unchanged(
                    2, "import", "-",
                    stdin='{"type": "call", "id": "k-x", "phone": "0401112222", '
                          '"started_at": "2026-01-01", "recording": "%s"}' % path,
                    message="recording: must be a path inside the recordings directory")

    def test_a_reader_delays_emptying_the_log_until_the_next_writing_command(self):
        self.import_zebulon()
        idle = open_idle(self.db)  # keeps the log in place when the reader closes
        reader = sqlite3.connect(self.db, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM customer").fetchone()
            result = self.run_cli("--json", "erase", "--hetu", ZEBULON["hetu"])
            self.assertEqual(result.code, 75, result.stderr)
            self.assertFalse(result.json()["scrubbed"])
            self.assertIn("not yet from every file", result.error_json()["error"]["message"])
            text = self.run_cli("erase", "--customer", "c-17")
            self.assertEqual(text.code, 75)
            self.assertIn("NOT YET DONE", text.stdout)
            self.assertIn(ZEBULON["chat"].encode(), self.register_bytes())
            reader.execute("COMMIT")
            reader.close()
            self.ok("import", "-", stdin="")
            after = self.register_bytes()
            for value in ZEBULON.values():
                self.assertNotIn(value.encode(), after, value)
            self.assertEqual(self.query("SELECT count(*) FROM pending_scrub")[0][0], 0)
        finally:
            idle.close()

    def test_an_erase_during_a_purge_leaves_the_vacuum_to_the_purge(self):
        self.import_zebulon()
        with open(f"{self.db}.purge-lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # as a running purge holds it
            result = self.run_cli("erase", "--hetu", ZEBULON["hetu"])
            self.assertEqual(result.code, 75, result.stderr)
            self.assertIn("a purge is running", result.stdout)
            self.assertIn("the purge now running removes it", result.stderr)
            self.assertEqual(self.query("SELECT vacuumed FROM pending_scrub"), [(0,)])
            # A clerk's command does not take on the VACUUM.
            self.ok("import", "-", stdin="")
            self.assertEqual(self.query("SELECT vacuumed FROM pending_scrub"), [(0,)])
        self.assertTrue(self.ok("--json", "purge").json()["scrubbed"])
        self.assertEqual(self.query("SELECT count(*) FROM pending_scrub"), [(0,)])
        for value in ZEBULON.values():
            self.assertNotIn(value.encode(), self.register_bytes(), value)

    def test_a_crash_between_commit_and_file_deletion_is_finished_by_the_next_run(self):
        self.import_zebulon()
        recording = self.dir / "recordings" / "rec" / "kz-1.wav"
        env = {"LD_PRELOAD": os.environ["OULU10_CRASH_SHIM"],
               "OULU10_CRASH_ON_UNLINK": "kz-1.wav",
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
        crashed = self.run_cli("erase", "--hetu", ZEBULON["hetu"], env=env)
        self.assertEqual(crashed.code, -9, crashed.stderr)
        # Committed: the call is gone and its file is on the pending list, still on disk.
        self.assertEqual(self.query("SELECT count(*) FROM call WHERE source_id = 'kz-1'"),
                         [(0,)])
        self.assertEqual(self.query("SELECT path FROM pending_file_deletion"),
                         [("rec/kz-1.wav",)])
        self.assertTrue(recording.exists())
        self.ok("import", "-", stdin="")
        self.assertFalse(recording.exists())
        self.assertEqual(self.query("SELECT count(*) FROM pending_file_deletion"), [(0,)])

    def test_an_undeletable_recording_file_is_reported_and_retried(self):
        self.import_zebulon()
        recording = self.dir / "recordings" / "rec" / "kz-1.wav"
        recording.unlink()
        recording.mkdir()  # a non-empty directory cannot be unlinked, not even by root
        (recording / "keep").write_text("x")
        result = self.run_cli("erase", "--hetu", ZEBULON["hetu"])
        self.assertEqual(result.code, 74, result.stderr)
        self.assertIn("could not be deleted", result.stdout)
        self.assertIn("recording file(s) could not be deleted", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM pending_file_deletion"), [(1,)])
        (recording / "keep").unlink()
        recording.rmdir()
        self.ok("import", "-", stdin="")
        self.assertEqual(self.query("SELECT count(*) FROM pending_file_deletion"), [(0,)])

    def test_an_erased_subject_stays_erased_when_imported_again(self):
        self.import_zebulon()
        self.ok("erase", "--hetu", ZEBULON["hetu"])
        lines = zebulon_lines() + [
            # New records about the erased customer and call are theirs too.
            {"type": "case", "id": "tz-2", "customer": "cz-1", "kind": "task",
             "opened_at": "2026-11-01"},
            {"type": "sms_survey", "id": "sz-2", "call": "kz-1", "sent_at": "2026-11-01"},
            # A case of someone else that links to the erased call keeps, without the link.
            {"type": "case", "id": "t-other", "kind": "feedback", "opened_at": "2026-11-02",
             "related": ["call:kz-1", "call:k-10"]},
        ]
        report = self.ok("--json", "import", self.write_lines("again.ndjson", lines)).json()
        validate(report, "import-report.schema.json")
        self.assertEqual(report["skipped_erased"], 8)
        self.assertEqual(report["by_type"]["case"], {"inserted": 1, "updated": 0,
                                                     "skipped_erased": 2})
        self.assertEqual(self.query("SELECT count(*) FROM customer WHERE source_id = 'cz-1'"),
                         [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM case_link l JOIN case_record k "
                                    "ON k.id = l.case_id WHERE k.source_id = 't-other'"), [(1,)])
        text = self.ok("import", self.dir / "again.ndjson").stdout
        self.assertIn("skipped 8 records of erased subjects", text)
        for value in ZEBULON.values():
            self.assertNotIn(value.encode(), self.register_bytes(), value)

    def test_dry_run_reports_the_same_and_changes_no_record(self):
        before = self.records()
        dry = self.ok("--json", "erase", "--hetu", AINO, "--dry-run").json()
        self.assertTrue(dry["dry_run"])
        self.assertEqual(self.records(), before)
        self.assertEqual(self.query("SELECT outcome FROM audit"), [("dry_run",)])
        real = self.ok("--json", "erase", "--hetu", AINO).json()
        self.assertEqual(dry["erased"], real["erased"])
        self.assertEqual(dry["kept"], real["kept"])


class ErasureExceptionTest(RegisterTest):
    """What art. 17(3) and art. 18 keep, each listed with its reason, and exit status 5."""

    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", self.write_lines("person.ndjson", [
            {"type": "customer", "id": "c-1", "hetu": "131052-308T", "name": "Eero"},
            {"type": "case", "id": "t-statutory", "customer": "c-1", "kind": "task",
             "opened_at": "2026-01-01", "closed_at": "2026-01-02", "statutory": True},
            {"type": "call", "id": "k-complained", "customer": "c-1", "phone": "0401112222",
             "started_at": "2026-02-01T10:00:00Z"},
            {"type": "call", "id": "k-plain", "customer": "c-1", "phone": "0401112222",
             "started_at": "2026-02-02T10:00:00Z"},
            {"type": "case", "id": "t-complaint", "customer": "c-1", "kind": "complaint",
             "opened_at": "2026-02-03", "related": ["call:k-complained"]},
        ]))

    def test_statutory_cases_and_open_complaints_are_kept_with_their_reasons(self):
        result = self.run_cli("--json", "erase", "--hetu", "131052-308T")
        self.assertEqual(result.code, 5, result.stderr)
        self.assertIn("were kept", result.error_json()["error"]["message"])
        report = result.json()
        validate(report, "erase.schema.json")
        kept = {(k["id"], r["reason"], r["legal_basis"])
                for k in report["kept"] for r in k["reasons"]}
        self.assertEqual(kept, {
            ("t-statutory", "statutory_task", "GDPR art. 17(3)(b)"),
            ("t-complaint", "open_complaint", "GDPR art. 17(3)(e)"),
            ("k-complained", "open_complaint", "GDPR art. 17(3)(e)"),
            ("c-1", "needed_by_kept_record", "GDPR art. 17(3)"),
        })
        self.assertEqual(report["erased"]["calls"], 1)
        self.assertEqual(self.query("SELECT source_id FROM call"), [("k-complained",)])
        self.assertEqual(self.query("SELECT outcome FROM audit ORDER BY seq DESC LIMIT 1"),
                         [("partially_erased",)])
        text = self.run_cli("erase", "--hetu", "131052-308T")
        self.assertEqual(text.code, 5)
        self.assertIn("ei koske lakisääteisiä tehtäviä", text.stdout)

    def test_a_restriction_blocks_erasure_until_lifted(self):
        self.ok("restrict", "--hetu", "131052-308T", "--ground", "legal-claims")
        result = self.run_cli("--json", "erase", "--hetu", "131052-308T")
        self.assertEqual(result.code, 5)
        report = result.json()
        self.assertEqual(report["erased"], {"customers": 0, "cases": 0, "chats": 0, "calls": 0,
                                            "sms_surveys": 0, "consents": 0})
        self.assertEqual(len(report["kept"]), 5)
        for kept in report["kept"]:
            self.assertIn("restricted", [r["reason"] for r in kept["reasons"]], kept)
        self.ok("restrict", "--hetu", "131052-308T", "--lift")
        self.assertEqual(self.run_cli("erase", "--hetu", "131052-308T").code, 5)
        self.assertEqual(self.query("SELECT count(*) FROM call"), [(1,)])

    def test_bad_input_changes_nothing(self):
        cases = {
            "bad hetu": (["--hetu", "131052-308U"], "--hetu: wrong check character"),
            "no subject": ([], "name the data subject"),
            "bad request id": (["--hetu", "131052-308T", "--request", "Eero's"], "--request"),
            "unknown option": (["--hetu", "131052-308T", "--force"], "--force"),
        }
        for name, (args, message) in cases.items():
            with self.subTest(name):
                self.assert_fails_unchanged(2, "erase", *args, message=message)

    def test_records_that_may_be_two_people_are_refused(self):
        self.ok("import", "-", stdin='{"type": "customer", "id": "c-2", "phone": "0401112222"}')
        self.ok("import", "-", stdin='{"type": "customer", "id": "c-3", "phone": "0401112222"}')
        self.assert_fails_unchanged(2, "erase", "--phone", "0401112222",
                                    message="may be different people")
        report = self.ok("--json", "erase", "--customer", "c-2", "--customer", "c-3").json()
        self.assertEqual(report["erased"]["customers"], 2)

    def test_nothing_matching_is_exit_1_and_audited(self):
        result = self.run_cli("erase", "--hetu", "010185-912T")
        self.assertEqual(result.code, 1)
        self.assertEqual(self.query("SELECT outcome FROM audit"), [("no_match",)])
