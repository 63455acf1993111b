"""audit: listing the trail, and verify catching changed, removed and reordered entries."""
import os
import pwd
import sqlite3

from support import EXAMPLES, RegisterTest, snapshot, validate

AINO = "010185-912T"


class AuditTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        self.request = self.open_request("access", "--hetu", AINO)
        self.ok("inspect", "--hetu", AINO, "--request", self.request, "--actor", "anna")
        self.ok("export", "--customer", "c-17", "--actor", "ville",
                env={"OULU10_GDPR_NOW": "2026-11-29T08:00:00Z"})
        self.assertEqual(self.run_cli("inspect", "--hetu", "131052-308T").code, 1)

    def entries(self, *filters):
        document = self.ok("--json", "audit", *filters).json()
        validate(document, "audit.schema.json")
        return document["entries"]

    def test_lists_every_entry_oldest_first_without_personal_data(self):
        entries = self.entries()
        self.assertEqual([e["seq"] for e in entries], [1, 2, 3, 4])
        self.assertEqual([e["command"] for e in entries],
                         ["request open", "inspect", "export", "inspect"])
        self.assertEqual(entries[3]["outcome"], "no_match")
        self.assertEqual(entries[1]["details"]["categories"]["calls"], 1)
        text = self.ok("audit").stdout
        self.assertEqual(len(text.splitlines()), 4)
        for personal in (AINO, "Aino", "0001234", "example.com"):
            self.assertNotIn(personal, text)

    def test_filters(self):
        self.assertEqual([e["seq"] for e in self.entries("--request", self.request)], [1, 2])
        self.assertEqual([e["seq"] for e in self.entries("--actor", "ville")], [3])
        self.assertEqual([e["seq"] for e in self.entries("--since", "2026-11-29")], [3])
        self.assertEqual([e["seq"] for e in self.entries("--until", "2026-11-29")], [1, 2, 4])
        self.assertEqual(self.entries("--actor", "nobody"), [])

    def test_every_entry_records_the_os_account_and_the_sudo_invoker(self):
        account = pwd.getpwuid(os.getuid()).pw_name
        self.ok("inspect", "--hetu", AINO, env={"SUDO_USER": "kirjaamo-anna", "SUDO_UID": "1001"})
        # What sudo would not write is left out, not half trusted.
        self.ok("inspect", "--hetu", AINO, env={"SUDO_USER": "two words", "SUDO_UID": "-5"})
        entries = self.entries()
        self.assertEqual([(e["os_user"], e["sudo_user"], e["sudo_uid"]) for e in entries],
                         [(account, None, None)] * 4 + [(account, "kirjaamo-anna", 1001),
                                                        (account, None, None)])
        # --actor finds an entry by the clerk's name, the account or the sudo invoker.
        self.assertEqual([e["seq"] for e in self.entries("--actor", "kirjaamo-anna")], [5])
        self.assertEqual(len(self.entries("--actor", account)), 6)
        self.assertIn(f"os={account}<-kirjaamo-anna", self.ok("audit").stdout.splitlines()[4])
        self.ok("audit", "verify")

    def test_the_identity_is_covered_by_the_hash(self):
        self.ok("inspect", "--hetu", AINO, env={"SUDO_USER": "kirjaamo-anna", "SUDO_UID": "1001"})
        self.tamper("UPDATE audit SET sudo_user = 'someone-else' WHERE seq = 5")
        self.assert_broken_at(5, "changed")

    def test_the_table_refuses_update_and_delete(self):
        before = snapshot(self.db)
        connection = sqlite3.connect(self.db)
        for statement in ("UPDATE audit SET actor = 'mallory' WHERE seq = 2",
                          "DELETE FROM audit WHERE seq = 4", "DELETE FROM audit"):
            with self.subTest(statement=statement):
                with self.assertRaisesRegex(sqlite3.DatabaseError, "append-only"):
                    connection.execute(statement)
        connection.close()
        self.assertEqual(snapshot(self.db), before)
        self.ok("audit", "verify")

    def test_bad_time_is_a_usage_error(self):
        self.assert_fails_unchanged(2, "audit", "--since", "yesterday", message="--since")

    def test_verify_takes_no_filters(self):
        self.assert_fails_unchanged(2, "audit", "--since", "2026-01-01", "verify",
                                    message="verify always checks the whole trail")

    def test_verify_passes_on_a_whole_chain(self):
        document = self.ok("--json", "audit", "verify").json()
        validate(document, "audit-verify.schema.json")
        self.assertEqual(document, {"ok": True, "entries_checked": 4, "broken_at": None,
                                    "problem": None, "anchors": None})

    def tamper(self, sql):
        """As someone who can write the file: the append-only triggers dropped first."""
        connection = sqlite3.connect(self.db)
        connection.execute("DROP TRIGGER IF EXISTS audit_is_append_only_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_is_append_only_delete")
        connection.execute(sql)
        connection.commit()
        connection.close()

    def assert_broken_at(self, seq, problem):
        result = self.run_cli("--json", "audit", "verify")
        self.assertEqual(result.code, 3, result.stderr)
        document = result.json()
        validate(document, "audit-verify.schema.json")
        self.assertFalse(document["ok"])
        self.assertEqual(document["broken_at"], seq)
        self.assertIn(problem, document["problem"])
        error = result.error_json()
        validate(error, "error.schema.json")
        self.assertEqual(error["error"]["kind"], "audit_broken")
        self.assertIn(f"entry {seq}", self.run_cli("audit", "verify").stderr)

    def test_verify_finds_a_changed_entry(self):
        self.tamper("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
        self.assert_broken_at(2, "changed")

    def test_verify_finds_a_changed_count(self):
        self.tamper("UPDATE audit SET details = replace(details, '\"calls\":1', '\"calls\":0') "
                    "WHERE seq = 2")
        self.assert_broken_at(2, "changed")

    def test_verify_finds_a_removed_entry(self):
        self.tamper("DELETE FROM audit WHERE seq = 2")
        self.assert_broken_at(3, "entry 2 is missing")

    def test_verify_finds_reordered_entries(self):
        self.tamper("UPDATE audit SET seq = 100 WHERE seq = 1")
        self.tamper("UPDATE audit SET seq = 1 WHERE seq = 2")
        self.tamper("UPDATE audit SET seq = 2 WHERE seq = 100")
        self.assert_broken_at(1, "does not follow the entry before it")
