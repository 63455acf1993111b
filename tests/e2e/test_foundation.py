"""init, import, demo, notice, and the error conventions every subcommand shares."""
import json
import os
import sqlite3
import stat
import unittest

import subprocess

import jsonschema

from support import BIN, EXAMPLES, RegisterTest, snapshot, validate, load_schema


def sample_lines():
    return [json.loads(line) for line in (EXAMPLES / "sample.ndjson").read_text().splitlines()]


class InitTest(RegisterTest):
    def test_creates_a_private_register_and_reports_it(self):
        result = self.ok("--json", "init")
        document = result.json()
        validate(document, "init.schema.json")
        self.assertTrue(document["created"])
        self.assertEqual(document["from_version"], 0)
        self.assertEqual(stat.S_IMODE(os.stat(self.db).st_mode), 0o600)
        self.ok("import", EXAMPLES / "sample.ndjson")
        for suffix in ("-wal", "-shm"):
            side_file = self.dir / ("register.db" + suffix)
            if side_file.exists():
                self.assertEqual(stat.S_IMODE(os.stat(side_file).st_mode), 0o600)
        self.assertEqual(self.query("PRAGMA journal_mode")[0][0], "wal")

    def test_second_init_changes_nothing(self):
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        before = snapshot(self.db)
        document = self.ok("--json", "init").json()
        self.assertFalse(document["created"])
        self.assertEqual(document["from_version"], document["schema_version"])
        self.assertEqual(snapshot(self.db), before)

    def test_migrates_an_older_register_which_other_commands_refuse(self):
        connection = sqlite3.connect(self.db)
        connection.execute("PRAGMA application_id = 1330983216")  # "OU10", schema version 0
        connection.close()
        self.assert_fails_unchanged(4, "import", EXAMPLES / "sample.ndjson", message="init")
        document = self.ok("--json", "init").json()
        self.assertEqual(document["from_version"], 0)
        self.assertGreaterEqual(document["schema_version"], 1)
        self.ok("import", EXAMPLES / "sample.ndjson")

    def test_makes_an_existing_empty_file_private(self):
        self.db.touch(mode=0o644)
        os.chmod(self.db, 0o644)
        self.assertFalse(self.ok("--json", "init").json()["created"])
        self.assertEqual(stat.S_IMODE(os.stat(self.db).st_mode), 0o600)

    def test_refuses_a_newer_register(self):
        self.init()
        connection = sqlite3.connect(self.db)
        connection.execute("PRAGMA user_version = 99")
        connection.close()
        self.assert_fails_unchanged(4, "init", message="newer")
        self.assert_fails_unchanged(4, "import", EXAMPLES / "sample.ndjson", message="newer")

    def test_refuses_another_applications_database(self):
        connection = sqlite3.connect(self.db)
        connection.execute("CREATE TABLE invoices (id INTEGER)")
        connection.close()
        self.assert_fails_unchanged(4, "init", message="not an oulu10-gdpr register")

    def test_refuses_a_file_that_is_not_sqlite(self):
        self.db.write_bytes(b"this is a text file, not a register\n" * 100)
        before = self.db.read_bytes()
        result = self.run_cli("init")
        self.assertEqual(result.code, 4)
        self.assertIn("not an SQLite database", result.stderr)
        self.assertEqual(self.db.read_bytes(), before)

    def test_missing_register_is_exit_4_and_not_created(self):
        self.assert_fails_unchanged(4, "import", EXAMPLES / "sample.ndjson",
                                    message="oulu10-gdpr init")
        self.assertFalse(self.db.exists())


class ImportTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()

    def test_sample_lines_follow_the_import_schema(self):
        for line in sample_lines():
            validate(line, "import.schema.json")

    def test_imports_every_type_and_normalises_identifiers(self):
        result = self.ok("--json", "import", EXAMPLES / "sample.ndjson")
        report = result.json()
        validate(report, "import-report.schema.json")
        self.assertEqual(report["records"], 7)
        self.assertEqual(report["by_type"]["call"], {"inserted": 2, "updated": 0, "skipped_erased": 0})
        self.assertEqual(self.query("SELECT hetu, phone, email_key FROM customer"),
                         [("010185-912T", "+358400001234", "aino.esimerkki@example.com")])
        # The unlinked call typed as 0400001234 is the same number in E.164.
        self.assertEqual(self.query("SELECT DISTINCT phone FROM call"), [("+358400001234",)])
        self.assertEqual(self.query("SELECT count(*) FROM chat_message")[0][0], 2)
        self.assertEqual(self.query("SELECT count(*) FROM case_link WHERE chat_id IS NOT NULL")[0][0], 1)

    def test_reimport_updates_in_place(self):
        self.ok("import", EXAMPLES / "sample.ndjson")
        before_ids = self.query("SELECT id, source_id FROM customer")
        lines = sample_lines()
        lines[0]["name"] = "Aino Oikaistu"
        lines[0]["relationship_ended"] = "2026-06-30"
        report = self.ok("--json", "import", self.write_lines("again.ndjson", lines)).json()
        self.assertEqual(report["by_type"]["customer"], {"inserted": 0, "updated": 1, "skipped_erased": 0})
        self.assertEqual(report["by_type"]["call"], {"inserted": 0, "updated": 2, "skipped_erased": 0})
        self.assertEqual(self.query("SELECT id, source_id FROM customer"), before_ids)
        self.assertEqual(self.query("SELECT name, relationship_ended FROM customer"),
                         [("Aino Oikaistu", 1782777600)])
        self.assertEqual(self.query("SELECT count(*) FROM chat_message")[0][0], 2)

    def test_absent_optional_field_is_cleared_on_reimport(self):
        self.ok("import", EXAMPLES / "sample.ndjson")
        line = sample_lines()[0]
        del line["email"]
        self.ok("import", self.write_lines("one.ndjson", [line]))
        self.assertEqual(self.query("SELECT email, email_key FROM customer"), [(None, None)])

    def test_a_line_may_link_to_a_record_later_in_the_file(self):
        lines = sample_lines()
        reordered = lines[::-1]  # every link now points forward
        self.ok("import", self.write_lines("reversed.ndjson", reordered))
        self.assertEqual(self.query("SELECT count(*) FROM sms_survey")[0][0], 1)
        self.assertEqual(self.query(
            "SELECT count(*) FROM case_record WHERE customer_id IS NOT NULL")[0][0], 1)

    def test_reads_standard_input(self):
        text = (EXAMPLES / "sample.ndjson").read_text()
        report = self.ok("--json", "import", "-", stdin=text).json()
        self.assertEqual(report["source"], "-")
        self.assertEqual(report["records"], 7)

    def test_blank_lines_are_skipped(self):
        text = "\n" + (EXAMPLES / "sample.ndjson").read_text() + "\n  \n"
        self.assertEqual(self.ok("--json", "import", "-", stdin=text).json()["records"], 7)

    def test_each_kind_of_bad_line_rejects_the_whole_file(self):
        customer = {"type": "customer", "id": "c-1", "hetu": "131052-308T"}
        call = {"type": "call", "id": "k-1", "phone": "040 123 4567",
                "started_at": "2026-01-01T10:00:00+02:00"}
        cases = {
            "not JSON": ("{\"type\": \"customer\",", "not valid JSON"),
            "not an object": ("[1, 2]", "must be an object"),
            "unknown type": ({"type": "invoice", "id": "x"}, "type: must be one of"),
            "missing id": ({"type": "customer"}, "id: is required"),
            "empty id": ({"type": "customer", "id": ""}, "id: must be 1 to 256"),
            "id with control character": ({"type": "customer", "id": "a\u0007b"}, "control"),
            "wrong check character": (dict(customer, hetu="131052-308U"), "hetu: wrong check character"),
            "impossible date": (dict(customer, hetu="310422-123V"), "hetu: no such date"),
            "individual number 001": (dict(customer, hetu="150565-001H"), "hetu: individual number"),
            "bad phone": (dict(customer, phone="12"), "phone: "),
            "phone with letters": (dict(call, phone="040 KOTI"), "phone: "),
            "bad e-mail": (dict(customer, email="aino@"), "email: "),
            "time without offset": (dict(call, started_at="2026-01-01T10:00:00"), "started_at: a time needs an offset"),
            "no such calendar date": (dict(call, started_at="2026-02-30"), "started_at: no such calendar date"),
            "unknown field": (dict(customer, hetuu="x"), "hetuu: is not a field"),
            "missing required field": ({"type": "call", "id": "k-2", "phone": "0401234567"}, "started_at: is required"),
            "wrong type": (dict(call, duration_s="long"), "duration_s: must be a whole number"),
            "negative duration": (dict(call, duration_s=-1), "duration_s"),
            "end before start": ({"type": "case", "id": "t", "kind": "task", "opened_at": "2026-02-01",
                                  "closed_at": "2026-01-01"}, "closed_at: must not be before opened_at"),
            "unknown case kind": ({"type": "case", "id": "t", "kind": "lawsuit", "opened_at": "2026-02-01"}, "kind: must be one of"),
            "bad related": ({"type": "case", "id": "t", "kind": "task", "opened_at": "2026-02-01",
                             "related": ["invoice:1"]}, "related[0]"),
            "bad message sender": ({"type": "chat", "id": "h", "started_at": "2026-02-01",
                                    "messages": [{"from": "bot", "text": "x"}]}, "messages[0].from"),
            "unknown consent purpose": ({"type": "consent", "id": "a", "customer": "c-1", "method": "oral",
                                         "purpose": "marketing", "given_at": "2026-01-01"}, "purpose: must be a purpose of the policy"),
            "consent for nobody": ({"type": "consent", "id": "a", "method": "oral",
                                    "purpose": "sms-survey", "given_at": "2026-01-01"}, "needs a customer or a phone"),
            "NUL in text": (dict(customer, name="Ai\u0000no"), "NUL"),
            "link to nothing": ({"type": "sms_survey", "id": "s", "call": "nowhere", "sent_at": "2026-01-01"},
                                "links to call \"nowhere\""),
        }
        self.ok("import", EXAMPLES / "sample.ndjson")
        for name, (bad, message) in cases.items():
            with self.subTest(name):
                bad_text = bad if isinstance(bad, str) else json.dumps(bad)
                path = self.dir / "bad.ndjson"
                # A good line first: it must not be written either.
                path.write_text(json.dumps(customer) + "\n" + json.dumps(call) + "\n" + bad_text + "\n")
                result = self.assert_fails_unchanged(2, "import", path, message="line 3: ")
                self.assertIn(message, result.stderr)
                self.assertNotIn("131052", result.stderr, "an error message echoed personal data")

    def test_bad_lines_are_also_refused_by_the_schema(self):
        """The schema and the importer agree on shape; the importer checks more (documented)."""
        validator = jsonschema.Draft202012Validator(load_schema("import.schema.json"))
        shape_errors = [
            {"type": "invoice", "id": "x"},
            {"type": "customer"},
            {"type": "customer", "id": ""},
            {"type": "customer", "id": "c", "hetuu": "x"},
            {"type": "customer", "id": "c", "hetu": "13105-308T"},
            {"type": "call", "id": "k", "phone": "0401234567"},
            {"type": "call", "id": "k", "phone": "040 KOTI", "started_at": "2026-01-01"},
            {"type": "call", "id": "k", "phone": "0401234567", "started_at": "2026-01-01T10:00"},
            {"type": "call", "id": "k", "phone": "0401234567", "started_at": "2026-01-01", "duration_s": -1},
            {"type": "case", "id": "t", "kind": "lawsuit", "opened_at": "2026-02-01"},
            {"type": "chat", "id": "h", "started_at": "2026-02-01", "messages": [{"from": "bot", "text": "x"}]},
            {"type": "consent", "id": "a", "method": "oral", "purpose": "sms-survey", "given_at": "2026-01-01"},
        ]
        for line in shape_errors:
            with self.subTest(line=line):
                self.assertFalse(validator.is_valid(line))
                path = self.write_lines("bad.ndjson", [line])
                self.assert_fails_unchanged(2, "import", path, message="line 1: ")


class DemoTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()

    def test_fills_every_category_with_fake_people_only(self):
        report = self.ok("--json", "demo", "--customers", "200", "--seed", "5").json()
        validate(report, "demo-report.schema.json")
        self.assertEqual(report["records"]["customer"], 200)
        for category in ("case", "chat", "call", "sms_survey", "consent"):
            self.assertGreater(report["records"][category], 0, category)
        hetus = [row[0] for row in self.query("SELECT hetu FROM customer")]
        self.assertEqual(len(hetus), 200)
        self.assertTrue(all(900 <= int(h[7:10]) <= 999 for h in hetus), "a non-temporary code")
        domains = {row[0] for row in self.query(
            "SELECT substr(email, instr(email, '@') + 1) FROM customer WHERE email IS NOT NULL")}
        self.assertLessEqual(domains, {"example.com", "example.net", "example.org"})
        counts = {table: self.query(f"SELECT count(*) FROM {table}")[0][0]
                  for table in ("case_record", "chat", "call", "sms_survey", "consent")}
        self.assertEqual(counts["case_record"], report["records"]["case"])
        self.assertEqual(counts["call"], report["records"]["call"])

    def test_records_span_seven_years_so_purges_have_work(self):
        self.ok("demo", "--customers", "300")
        oldest, newest = self.query("SELECT min(started_at), max(started_at) FROM call")[0]
        now = 1795867200  # FIXED_NOW
        self.assertLess(oldest, now - 5 * 365 * 86400)
        self.assertLessEqual(newest, now)
        self.assertGreaterEqual(oldest, now - 7 * 366 * 86400)
        ended = self.query("SELECT count(*) FROM customer WHERE relationship_ended IS NOT NULL")[0][0]
        self.assertGreater(ended, 0)

    def test_same_seed_same_data(self):
        self.ok("demo", "--customers", "50", "--seed", "9")
        first = snapshot(self.db, without_secret=True)
        other = self.dir / "other.db"
        self.ok("init", db=False, env={"OULU10_GDPR_DB": str(other)})
        self.ok("demo", "--customers", "50", "--seed", "9", db=False,
                env={"OULU10_GDPR_DB": str(other)})
        self.assertEqual(snapshot(other, without_secret=True), first)

    def test_bad_count_or_seed_is_a_usage_error(self):
        for seed in ("-1", "18446744073709551616", "seven"):
            with self.subTest(seed=seed):
                self.assert_fails_unchanged(2, "demo", "--customers", "1", "--seed", seed)
        self.assert_fails_unchanged(2, "demo", "--customers", "0")
        self.assert_fails_unchanged(2, "demo", "--customers", "many")
        self.assert_fails_unchanged(2, "demo")


class NoticeTest(RegisterTest):
    def test_finnish_text_by_default(self):
        text = self.ok("notice", db=False).stdout
        for expected in ("Monetra Oulu Oy", "Sysart Oy", "Telia Finland Oy", "kirjaamo@ouka.fi",
                         "ei koske lakisääteisiä tehtäviä", "tietosuojavaltuutet"):
            self.assertIn(expected, text)

    def test_english_text(self):
        text = self.ok("notice", "--lang", "en", db=False).stdout
        self.assertIn("Data Protection Ombudsman", text)
        self.assertIn("Telia Finland Oy", text)

    def test_json_is_the_policy_document(self):
        document = self.ok("--json", "notice", db=False).json()
        validate(document, "policy.schema.json")
        self.assertEqual(document["notice_date"], "2021-05-27")

    def test_replacement_policy_file(self):
        document = self.ok("--json", "notice", db=False).json()
        document["policy_version"] = "2027-01-01.1"
        path = self.dir / "policy.json"
        path.write_text(json.dumps(document, ensure_ascii=False))
        replaced = self.ok("--json", "--policy", path, "notice", db=False).json()
        self.assertEqual(replaced["policy_version"], "2027-01-01.1")

    def test_bad_policy_file_is_refused(self):
        path = self.dir / "policy.json"
        path.write_text("{\"notice_date\": 5}")
        result = self.run_cli("--policy", path, "notice", db=False)
        self.assertEqual(result.code, 2)
        self.assertIn("policy.json", result.stderr)
        missing = self.run_cli("--policy", self.dir / "nope.json", "notice", db=False)
        self.assertEqual(missing.code, 2)
        self.assertIn("nope.json", missing.stderr)

    def test_unknown_language_is_a_usage_error(self):
        self.assertEqual(self.run_cli("notice", "--lang", "sv", db=False).code, 2)


class ConventionsTest(RegisterTest):
    def test_version_names_the_notice_date(self):
        result = self.ok("--version", db=False)
        self.assertIn("oulu10-gdpr", result.stdout)
        self.assertIn("2021-05-27", result.stdout)

    def test_usage_error_is_one_line_exit_2(self):
        result = self.run_cli("import", db=False)
        self.assertEqual(result.code, 2)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertTrue(result.stderr.startswith("oulu10-gdpr: error: "))
        self.assertEqual(self.run_cli(db=False).code, 2)
        self.assertEqual(self.run_cli("frobnicate", db=False).code, 2)

    def test_json_errors_follow_the_error_schema(self):
        result = self.run_cli("--json", "import", self.dir / "missing.ndjson")
        self.assertEqual(result.code, 4)
        error = result.error_json()
        validate(error, "error.schema.json")
        self.assertEqual(error["error"]["exit_code"], 4)
        self.assertEqual(error["error"]["kind"], "register_unusable")
        self.assertEqual(result.stdout, "")

    def test_bad_clock_is_refused(self):
        self.init()
        self.assert_fails_unchanged(2, "demo", "--customers", "1",
                                    env={"OULU10_GDPR_NOW": "yesterday"},
                                    message="OULU10_GDPR_NOW")

    def test_locked_register_is_exit_75_and_unchanged(self):
        self.init()
        holder = sqlite3.connect(self.db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            result = self.run_cli("import", EXAMPLES / "sample.ndjson",
                                  env={"OULU10_GDPR_BUSY_TIMEOUT_MS": "200"})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        self.assertEqual(result.code, 75, result.stderr)
        self.assertIn("locked", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM customer")[0][0], 0)

    def test_output_that_cannot_be_written_is_exit_74(self):
        with open("/dev/full", "w") as full:
            completed = subprocess.run([BIN, "notice"], stdout=full, stderr=subprocess.PIPE,
                                       text=True, check=False)
        self.assertEqual(completed.returncode, 74)
        self.assertIn("cannot write the output", completed.stderr)

    def test_db_from_environment(self):
        other = self.dir / "env.db"
        self.ok("init", db=False, env={"OULU10_GDPR_DB": str(other)})
        self.assertTrue(other.exists())


if __name__ == "__main__":
    unittest.main()
