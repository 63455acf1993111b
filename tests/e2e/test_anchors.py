"""Anchors: every committed audited write sends the trail's new head to the system log and to the
anchor file, and audit verify --anchors finds entries cut off the end and a chain rewritten with
correct hashes, which the chain alone cannot show."""
import hashlib
import hmac
import json
import os
import re
import sqlite3
import stat

from support import EXAMPLES, RegisterTest, validate

AINO = "010185-912T"
OTHER = "131052-308T"
FAR_FUTURE = {"OULU10_GDPR_NOW": "2100-01-01T00:00:00Z"}
ANCHOR = re.compile(r"oulu10-gdpr anchor v1 register=([0-9a-f]{24}) seq=([1-9][0-9]*) "
                    r"hash=([0-9a-f]{64})")
LOG_AUTHPRIV = 10 << 3
LOG_NOTICE = 5
LOG_PID = 1


def entry_hash(row):
    """lib/audit/trail.cpp entry_hash: SHA-256 of the canonical JSON array of the entry."""
    fields = [row["prev_hash"], row["seq"], row["at"], row["actor"], row["command"],
              row["request_id"], row["subject_ref"], row["details"], row["outcome"]]
    if row["os_user"] is not None:
        fields += [row["os_user"], row["sudo_user"], row["sudo_uid"]]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class AnchorTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.anchors = self.dir / "anchors" / "oulu10.anchors"
        self.anchors.parent.mkdir()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    # Helpers.

    def anchored(self, *args, code=0, **kwargs):
        env = {"OULU10_GDPR_ANCHOR": str(self.anchors), **kwargs.pop("env", {})}
        result = self.run_cli(*args, env=env, **kwargs)
        self.assertEqual(result.code, code, f"{args}: {result.stderr}")
        return result

    def anchor_lines(self, path=None):
        path = path or self.anchors
        return path.read_text().splitlines() if path.exists() else []

    def register_id(self, db=None):
        key = self.query_db(db or self.db, "SELECT key FROM register_key")[0][0]
        return hmac.new(key, b"oulu10-gdpr rights journal", hashlib.sha256).hexdigest()[:24]

    def query_db(self, db, sql):
        connection = sqlite3.connect(db)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def head(self):
        entries = self.ok("--json", "audit").json()["entries"]
        return entries[-1]["seq"], entries[-1]["hash"]

    def assert_anchors_head(self, line):
        match = ANCHOR.fullmatch(line)
        self.assertIsNotNone(match, line)
        seq, hash_ = self.head()
        self.assertEqual(match.groups(), (self.register_id(), str(seq), hash_))

    def verify(self, *args, code=0, stdin=None):
        result = self.run_cli("--json", "audit", "verify", *args, stdin=stdin)
        self.assertEqual(result.code, code, result.stderr)
        document = result.json()
        validate(document, "audit-verify.schema.json")
        return document

    def tamper(self, *statements):
        """As someone who can write the file: the append-only triggers dropped first."""
        connection = sqlite3.connect(self.db)
        connection.execute("DROP TRIGGER IF EXISTS audit_is_append_only_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_is_append_only_delete")
        for statement, params in statements:
            connection.execute(statement, params)
        connection.commit()
        connection.close()

    def some_anchored_work(self):
        request = self.open_request_anchored("access", "--hetu", AINO)
        self.anchored("inspect", "--hetu", AINO, "--request", request)
        self.anchored("export", "--customer", "c-17")
        self.anchored("inspect", "--hetu", OTHER, code=1)
        return request

    def open_request_anchored(self, kind, *selectors):
        result = self.anchored("--json", "request", "open", "--kind", kind, "--received",
                               "2026-11-20", *selectors)
        return result.json()["request"]["id"]

    # What is anchored, by whom.

    def test_each_audited_command_anchors_its_new_head(self):
        erasure = None

        def step(*args, code=0, **kwargs):
            before = self.anchor_lines()
            result = self.anchored(*args, code=code, **kwargs)
            after = self.anchor_lines()
            self.assertEqual(after[:len(before)], before, f"{args}: an anchor was rewritten")
            self.assertEqual(len(after), len(before) + 1, f"{args}: {after[len(before):]}")
            self.assert_anchors_head(after[-1])
            return result

        def no_anchor(*args, **kwargs):
            before = self.anchor_lines()
            self.anchored(*args, **kwargs)
            self.assertEqual(self.anchor_lines(), before, f"{args} anchored")

        step("--json", "request", "open", "--kind", "erasure", "--received", "2026-11-20",
             "--hetu", AINO)
        erasure = "REQ-2026-0001"
        step("request", "show", erasure)
        step("inspect", "--hetu", AINO)
        step("inspect", "--hetu", "111111-111C", code=1)  # a read that found no one
        step("export", "--hetu", AINO, "-o", self.dir / "aino.json")
        batch = self.dir / "batch.txt"
        batch.write_text(f"hetu:{AINO}\ncustomer:c-17\n")
        step("export", "--batch", batch, "-o", self.dir / "batch-out.ndjson")
        step("rectify", "--hetu", AINO, "--set", "name=Aino Korjattu", "--dry-run")
        step("rectify", "--hetu", AINO, "--set", "name=Aino Korjattu")
        step("restrict", "--hetu", AINO, "--ground", "accuracy")
        step("restrict", "--hetu", AINO, "--lift")
        step("object", "--phone", "0400001234", "--purpose", "sms-survey")
        step("withdraw-consent", "--hetu", AINO)
        step("survey-eligible", "--since", "2026-01-01")
        step("erase", "--hetu", AINO, "--request", erasure)
        tasks = [t["id"] for t in self.ok("--json", "processor-task", "list").json()["tasks"]]
        self.assertTrue(tasks)
        step("processor-task", "show", tasks[0])
        step("processor-task", "export", "--processor", "Sysart Oy", "-o", self.dir / "s.ndjson")
        step("processor-task", "confirm", tasks[0], "--ref", "mail 1")
        step("purge", "--dry-run")
        step("purge", env=FAR_FUTURE)
        step("backup", self.dir / "backup.db")
        # Commands that write no audit entry send no anchor.
        no_anchor("request", "list")
        no_anchor("processor-task", "list")
        no_anchor("audit")
        no_anchor("audit", "verify")
        no_anchor("notice")
        no_anchor("import", EXAMPLES / "sample.ndjson")
        self.assertEqual(stat.S_IMODE(os.stat(self.anchors).st_mode), 0o600)
        document = self.verify("--anchors", self.anchors)
        self.assertTrue(document["ok"])
        anchors = document["anchors"]
        self.assertEqual(anchors["anchors"], len(self.anchor_lines()))
        self.assertEqual(anchors["newest_covered"], self.head()[0])
        self.assertEqual(anchors["newest_anchored"], self.head()[0])
        # Nothing personal in any anchor.
        text = self.anchors.read_text()
        for personal in (AINO, "Aino", "0400001234", "c-17", "example.com", "Korjattu"):
            self.assertNotIn(personal, text)

    def test_restore_replay_anchors_what_it_appends(self):
        self.anchored("backup", self.dir / "copy.db")
        self.anchored("erase", "--hetu", AINO)
        before = len(self.anchor_lines())
        self.anchored("--json", "restore", self.dir / "copy.db", "--replay")
        lines = self.anchor_lines()
        self.assertEqual(len(lines), before + 1)
        self.assert_anchors_head(lines[-1])
        # The copy lacked the backup's own entry and the erasure's; the replay's entry took the
        # backup's number: what was anchored of the lost entries no longer matches, as it should.
        document = self.verify("--anchors", self.anchors, code=3)
        self.assertGreaterEqual(document["anchors"]["differs"] + document["anchors"]["missing"], 1)

    def test_the_option_names_the_anchor_file_over_the_environment(self):
        other = self.dir / "by-option.anchors"
        self.anchored("--anchor", other, "inspect", "--hetu", AINO)
        self.assertEqual(self.anchor_lines(), [])
        self.assertEqual(len(self.anchor_lines(other)), 1)
        self.assert_anchors_head(self.anchor_lines(other)[0])
        self.assert_fails_unchanged(2, "--anchor", "", "inspect", "--hetu", AINO,
                                    message="--anchor")

    def test_without_an_anchor_file_none_is_written(self):
        self.ok("inspect", "--hetu", AINO)
        self.assertEqual(list(self.dir.glob("**/*anchor*")), [self.anchors.parent])

    def test_a_purge_anchors_once_its_batches_are_durable(self):
        self.anchored("purge", "--batch-size", "1", env=FAR_FUTURE)
        entries = self.ok("--json", "audit").json()["entries"]
        purges = [e for e in entries if e["command"] == "purge"]
        self.assertGreater(len(purges), 3, "the purge ran in several batches")
        lines = self.anchor_lines()
        self.assertEqual(len(lines), 1, lines)  # its last, synced entry covers every batch
        self.assert_anchors_head(lines[0])

    # What verify --anchors finds.

    def test_entries_cut_off_the_end_are_found_only_with_the_anchors(self):
        self.some_anchored_work()
        seq, _ = self.head()
        self.tamper((f"DELETE FROM audit WHERE seq >= ?", (seq - 1,)))
        self.assertTrue(self.verify()["ok"])  # the chain alone cannot see it
        self.assertIsNone(self.verify()["anchors"])
        document = self.verify("--anchors", self.anchors, code=3)
        anchors = document["anchors"]
        self.assertFalse(document["ok"])
        self.assertIsNone(document["broken_at"])
        self.assertEqual((anchors["missing"], anchors["differs"]), (2, 0))
        self.assertEqual([m["seq"] for m in anchors["mismatches"]], [seq - 1, seq])
        self.assertEqual({m["problem"] for m in anchors["mismatches"]}, {"missing"})
        self.assertIsNone(anchors["mismatches"][0]["hash"])
        self.assertEqual(anchors["newest_anchored"], seq)
        self.assertEqual(anchors["newest_covered"], seq - 2)
        result = self.run_cli("audit", "verify", "--anchors", self.anchors)
        self.assertEqual(result.code, 3)
        self.assertIn("anchors do NOT match", result.stdout)
        self.assertIn(f"entry {seq}: anchored", result.stdout)
        self.assertIn("missing from the register", result.stdout)
        self.assertIn(f"the first at entry {seq - 1}", result.stderr)
        error = self.run_cli("--json", "audit", "verify", "--anchors", self.anchors).error_json()
        validate(error, "error.schema.json")
        self.assertEqual(error["error"]["kind"], "audit_broken")

    def test_a_chain_rewritten_with_correct_hashes_is_found_only_with_the_anchors(self):
        self.some_anchored_work()
        connection = sqlite3.connect(self.db)
        connection.row_factory = sqlite3.Row
        rows = [dict(r) for r in connection.execute("SELECT * FROM audit ORDER BY seq")]
        connection.close()
        self.assertIsNotNone(rows[0]["os_user"])
        prev = "0" * 64
        statements = []
        for row in rows:
            if row["seq"] == 2:
                row["actor"] = "mallory"
            row["prev_hash"] = prev
            row["hash"] = entry_hash(row)
            prev = row["hash"]
            statements.append(("UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                               (row["actor"], row["prev_hash"], row["hash"], row["seq"])))
        self.tamper(*statements)
        self.assertTrue(self.verify()["ok"], "the rewrite is a correct chain")
        document = self.verify("--anchors", self.anchors, code=3)
        anchors = document["anchors"]
        self.assertEqual(anchors["missing"], 0)
        # Entry 1 is as it was; every later one got a new hash with the rewrite of entry 2.
        self.assertEqual(anchors["differs"], anchors["anchors"] - 1)
        self.assertEqual(anchors["newest_covered"], 1)
        mismatch = anchors["mismatches"][0]
        self.assertEqual(mismatch["problem"], "differs")
        self.assertEqual(mismatch["hash"], rows[mismatch["seq"] - 1]["hash"])
        self.assertNotEqual(mismatch["anchored_hash"], mismatch["hash"])
        self.assertIn("rewritten", self.run_cli("audit", "verify", "--anchors",
                                                self.anchors).stdout)

    def test_a_changed_entry_is_found_with_and_without_anchors(self):
        self.some_anchored_work()
        self.tamper(("UPDATE audit SET actor = 'mallory' WHERE seq = 2", ()))
        self.assertEqual(self.verify(code=3)["broken_at"], 2)
        document = self.verify("--anchors", self.anchors, code=3)
        self.assertEqual(document["broken_at"], 2)
        self.assertTrue(document["anchors"]["ok"])  # the stored hashes were left as anchored

    def test_log_lines_other_registers_and_damage(self):
        self.some_anchored_work()
        ours = self.anchor_lines()
        # A second register anchoring into the same file: its anchors are counted, not checked.
        other_db = self.dir / "other.db"
        self.ok("init", db=False, env={"OULU10_GDPR_DB": str(other_db)})
        self.run_cli("--db", other_db, "inspect", "--hetu", AINO, db=False,
                     env={"OULU10_GDPR_ANCHOR": str(self.anchors)})
        self.assertEqual(len(self.anchor_lines()), len(ours) + 1)
        self.assertNotEqual(self.register_id(other_db), self.register_id())
        # As a syslog file, journalctl -o short and -o cat print them, among other lines.
        log = self.dir / "auth.log"
        lines = ["Dec  4 21:06:45 kirjaamo sshd[812]: Accepted publickey for anna"]
        for number, line in enumerate(ours):
            prefix = ("", f"Dec  4 21:0{number}:45 kirjaamo oulu10-gdpr-anchor[{100 + number}]: ",
                      f"2026-12-04T21:06:45.123456+02:00 kirjaamo oulu10-gdpr-anchor[9]: ")
            lines.append(prefix[number % 3] + line + ("\r" if number == 1 else ""))
        lines += ["", "garbage \x01 not an anchor",
                  "oulu10-gdpr anchor v1 register=xyz seq=1 hash=00",  # damaged
                  "oulu10-gdpr anchor v2 register=0 seq=1",  # an unknown version: damaged
                  self.anchor_lines()[-1]]  # the other register's
        log.write_text("\n".join(lines))  # the last line without its line feed
        document = self.verify("--anchors", log)
        anchors = document["anchors"]
        self.assertEqual(anchors["lines"], len(lines))
        self.assertEqual(anchors["anchors"], len(ours))
        self.assertEqual(anchors["other_register"], 1)
        self.assertEqual(anchors["damaged"], 2)
        self.assertEqual(anchors["newest_covered"], self.head()[0])
        self.assertEqual(anchors["source"], str(log))
        text = self.run_cli("audit", "verify", "--anchors", log).stdout
        self.assertIn("1 of another register ignored", text)
        self.assertIn("2 damaged line(s) ignored", text)
        # From standard input, as journalctl pipes them.
        piped = self.verify("--anchors", "-", stdin="\n".join(ours) + "\n")
        self.assertEqual(piped["anchors"]["source"], "standard input")
        self.assertEqual(piped["anchors"]["anchors"], len(ours))

    def test_an_anchor_file_that_cannot_be_read_is_a_usage_error(self):
        self.assert_fails_unchanged(2, "audit", "verify", "--anchors", self.dir / "missing",
                                    message="--anchors")

    # When the anchor file or the system log fails.

    def test_an_unwritable_anchor_file_fails_after_the_commit_and_the_next_command_anchors(self):
        self.some_anchored_work()
        before = self.anchor_lines()
        self.anchors.unlink()
        self.anchors.mkdir()  # a directory: cannot be opened for writing, even by root
        result = self.anchored("inspect", "--hetu", AINO, code=74)
        self.assertIn("VASTAUS", result.stdout)  # the reply was shown: the read was done
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        missed, _ = self.head()
        self.assertRegex(lines[0], rf"^oulu10-gdpr: error: done, but entry {missed} of the audit "
                                   r"trail was not anchored: cannot open the anchor file .*: Is a "
                                   r"directory")
        entries = self.ok("--json", "audit").json()["entries"]
        self.assertEqual(entries[-1]["command"], "inspect")  # committed
        # A change is committed too, and JSON says io_failure.
        result = self.anchored("--json", "request", "open", "--kind", "access", "--received",
                               "2026-11-20", code=74)
        self.assertEqual(result.json()["request"]["id"], "REQ-2026-0002")
        error = result.error_json()
        validate(error, "error.schema.json")
        self.assertEqual(error["error"]["kind"], "io_failure")
        # A command that fails on its own keeps its exit code and says both in one line.
        result = self.anchored("inspect", "--hetu", OTHER, code=1)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        self.assertIn("nothing in the register matches", result.stderr)
        self.assertIn("; also, entry", result.stderr)
        # The file works again: the next command anchors its head, which covers those missed.
        self.anchors.rmdir()
        self.anchors.write_text("\n".join(before) + "\n")
        self.anchored("inspect", "--hetu", AINO)
        lines = self.anchor_lines()
        self.assertEqual(lines[:-1], before)
        self.assert_anchors_head(lines[-1])
        self.assertGreater(self.head()[0], missed)
        self.assertEqual(self.verify("--anchors", self.anchors)["anchors"]["newest_covered"],
                         self.head()[0])

    def test_a_full_disk_under_the_anchor_file_fails_after_the_commit(self):
        self.anchored("inspect", "--hetu", AINO)
        env = {"LD_PRELOAD": os.environ["OULU10_FULL_DISK_SHIM"],
               "OULU10_FULL_DISK_MATCH": "oulu10.anchors", "OULU10_FULL_DISK_AFTER": "0",
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
        before = self.anchor_lines()
        result = self.anchored("request", "open", "--kind", "access", "--received", "2026-11-20",
                               code=74, env=env)
        self.assertIn("opened REQ-2026-0001", result.stdout)
        self.assertIn("cannot write the anchor file", result.stderr)
        self.assertEqual(self.anchor_lines(), before)
        self.anchored("request", "show", "REQ-2026-0001")
        self.assert_anchors_head(self.anchor_lines()[-1])

    def syslog_env(self, capture, fail=False):
        env = {"LD_PRELOAD": os.environ["OULU10_SYSLOG_SHIM"],
               "OULU10_SYSLOG_CAPTURE": str(capture),
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
        if fail:
            env["OULU10_SYSLOG_CAPTURE_FAIL"] = "1"
        return env

    def test_the_system_log_gets_each_anchor_under_its_tag_and_facility(self):
        capture = self.dir / "syslog.txt"
        # Without an anchor file as with one.
        self.ok("inspect", "--hetu", AINO, env=self.syslog_env(capture))
        self.anchored("erase", "--hetu", AINO, env=self.syslog_env(capture))
        calls = [line.split("\t") for line in capture.read_text().splitlines()]
        self.assertEqual(len(calls), 6, calls)
        for number in (0, 3):
            self.assertEqual(calls[number], ["openlog", "oulu10-gdpr-anchor", str(LOG_PID),
                                             str(LOG_AUTHPRIV)])
            self.assertEqual(calls[number + 1][:2], ["syslog", str(LOG_AUTHPRIV | LOG_NOTICE)])
            self.assertEqual(calls[number + 2], ["closelog"])
        messages = [calls[1][2], calls[4][2]]
        for message in messages:
            self.assertIsNotNone(ANCHOR.fullmatch(message), message)
        self.assertEqual(messages[1], self.anchor_lines()[-1])  # the same line as in the file
        self.assert_anchors_head(messages[1])
        self.assertEqual(int(ANCHOR.fullmatch(messages[0]).group(2)) + 1,
                         int(ANCHOR.fullmatch(messages[1]).group(2)))
        # verify reads the messages as a log holds them.
        log = "".join(f"Dec  4 21:06:45 kirjaamo oulu10-gdpr-anchor[7]: {m}\n" for m in messages)
        self.assertEqual(self.verify("--anchors", "-", stdin=log)["anchors"]["anchors"], 2)

    def test_a_failing_system_log_fails_nothing(self):
        capture = self.dir / "syslog.txt"
        env = self.syslog_env(capture, fail=True)
        self.anchored("inspect", "--hetu", AINO, env=env)
        self.anchored("request", "open", "--kind", "access", "--received", "2026-11-20", env=env)
        self.assertFalse(capture.exists())
        self.assertEqual(len(self.anchor_lines()), 2)
        self.assert_anchors_head(self.anchor_lines()[-1])
