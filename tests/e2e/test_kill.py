"""kill -9 of purge, erase, import and restore --replay at random moments. Afterwards the
register passes PRAGMA integrity_check, its audit chain verifies, it holds what some sequence of
whole committed transactions left (no record half-erased, an audit entry for exactly the
deletions made), no recording file is left without its call unless it is scheduled for deletion,
and running the command again reaches the state an uninterrupted run reaches.

A handful of kills per command run in the test suite; OULU10_KILL_RUNS=50 (or more) runs the
long version: OULU10_KILL_RUNS=50 python3 -m unittest test_kill (see README)."""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time

from support import BIN, EXAMPLES, FIXED_NOW, RegisterTest, is_audit_trail

RUNS = int(os.environ.get("OULU10_KILL_RUNS", "4"))
TABLES = ["customer", "case_record", "chat", "chat_message", "call", "sms_survey", "consent"]
CATEGORY_TABLES = {"customers": "customer", "cases": "case_record", "chats": "chat",
                   "calls": "call", "sms_surveys": "sms_survey", "consents": "consent"}
VICTIM = "131052-308T"
AINO = "010185-912T"


def counts(db):
    connection = sqlite3.connect(db)
    try:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        connection.close()


def victim_records():
    """A person with many records and recording files, so that an erasure takes a while."""
    records = [{"type": "customer", "id": "c-victim", "hetu": VICTIM, "name": "Uhri",
                "phone": "0509990000"}]
    for i in range(400):
        records.append({"type": "call", "id": f"k-v{i}", "customer": "c-victim",
                        "phone": "0509990000", "started_at": "2026-10-01T10:00:00Z",
                        "notes": f"puhelu {i}", "recording": f"victim/k-v{i}.wav"})
        records.append({"type": "chat", "id": f"h-v{i}", "customer": "c-victim",
                        "started_at": "2026-10-01T10:00:00Z",
                        "messages": [{"from": "customer", "text": f"viesti {i}"}]})
    return records


class KillFixture(RegisterTest):
    """A demo register with a victim of many records and recording files, and the means to kill
    a command at a random moment of its run and to check the register afterwards."""

    def setUp(self):
        super().setUp()
        self.template = self.dir / "template"
        self.template.mkdir()
        self.db = self.template / "register.db"
        self.init()
        self.ok("demo", "--customers", "3000", "--seed", "11")
        self.ok("import", EXAMPLES / "sample.ndjson")
        self.ok("import", self.write_lines("victim.ndjson", victim_records()))
        for (path,) in self.query("SELECT recording FROM call WHERE recording IS NOT NULL"):
            target = self.template / "recordings" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"RIFF")
        self.random = random.Random(int(os.environ.get("OULU10_KILL_SEED", "20261128")))

    def fresh(self, name):
        """A copy of the template register and its recordings, as self.db."""
        target = self.dir / name
        shutil.copytree(self.template, target)
        self.db = target / "register.db"
        return target

    def kill_at_random(self, args, duration):
        """Starts the command and kills it with SIGKILL at a random moment of its run."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR_")}
        env["OULU10_GDPR_NOW"] = FIXED_NOW
        process = subprocess.Popen([BIN, "--db", str(self.db), *args], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(self.random.uniform(0, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        return process.wait()

    def timed(self, *args):
        started = time.monotonic()
        self.ok(*args)
        return time.monotonic() - started

    def assert_sound(self):
        connection = sqlite3.connect(self.db)
        try:
            self.assertEqual(connection.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            self.assertEqual(connection.execute("PRAGMA foreign_key_check").fetchall(), [])
        finally:
            connection.close()
        self.ok("audit", "verify")
        # A recording file without its call must be on the list of files to delete.
        recordings = self.db.parent / "recordings"
        live = {p for (p,) in self.query("SELECT recording FROM call WHERE recording IS NOT NULL")}
        pending = {p for (p,) in self.query("SELECT path FROM pending_file_deletion")}
        for path in recordings.rglob("*.wav"):
            relative = str(path.relative_to(recordings))
            self.assertTrue(relative in live or relative in pending, relative)

    def deleted_by_audit(self, command):
        total = {table: 0 for table in CATEGORY_TABLES.values()}
        for (details,) in self.query("SELECT details FROM audit WHERE command = ? AND outcome IN "
                                     "('purged', 'erased', 'records_kept')", command):
            document = json.loads(details)
            for category, count in document.get("deleted", document.get("erased", {})).items():
                total[CATEGORY_TABLES[category]] += count
        return total

    def assert_some_killed(self, codes):
        # A run that ended before its kill tests nothing: some must have been killed.
        self.assertIn(-signal.SIGKILL, codes, "no run was killed; the command ran too fast")


class KillTest(KillFixture):

    def test_purge(self):
        reference = self.fresh("reference")
        duration = self.timed("purge", "--batch-size", "20")
        after = counts(self.db)
        before = counts(self.template / "register.db")
        self.assertLess(after["call"], before["call"])
        codes = []
        for run in range(RUNS):
            with self.subTest(run=run):
                self.fresh(f"purge-{run}")
                codes.append(self.kill_at_random(["purge", "--batch-size", "20"], duration))
                self.assert_sound()
                # Every committed batch deleted exactly what its audit entry says.
                now = counts(self.db)
                audited = self.deleted_by_audit("purge")
                for table in CATEGORY_TABLES.values():
                    self.assertEqual(before[table] - now[table], audited[table], table)
                self.ok("purge", "--batch-size", "20")
                self.assert_sound()
                self.assertEqual(counts(self.db), after)
        shutil.rmtree(reference)
        self.assert_some_killed(codes)

    def test_erase(self):
        self.fresh("reference")
        duration = self.timed("erase", "--hetu", VICTIM)
        after = counts(self.db)
        before = counts(self.template / "register.db")
        codes = []
        for run in range(RUNS):
            with self.subTest(run=run):
                self.fresh(f"erase-{run}")
                codes.append(self.kill_at_random(["erase", "--hetu", VICTIM], duration))
                self.assert_sound()
                # All or nothing, and the audit entry with it: every table as before, or as an
                # uninterrupted erasure leaves it and as its audit entry says.
                now = counts(self.db)
                self.assertIn(now, [before, after])
                audited = self.deleted_by_audit("erase")
                for table in CATEGORY_TABLES.values():
                    self.assertEqual(before[table] - now[table], audited[table], table)
                # Run again, it erases or, finding nothing, finishes the clean-up.
                result = self.run_cli("erase", "--hetu", VICTIM)
                self.assertIn(result.code, (0, 1), result.stderr)
                self.assert_sound()
                self.assertEqual(counts(self.db), after)
                self.assertEqual(self.query("SELECT count(*) FROM pending_scrub"), [(0,)])
                self.assertEqual(self.query("SELECT count(*) FROM pending_file_deletion"), [(0,)])
                self.assertEqual(list((self.db.parent / "recordings" / "victim").iterdir()), [])
        self.assert_some_killed(codes)

    def test_import(self):
        self.fresh("reference")
        lines = [{"type": "customer", "id": f"c-new{i}", "name": f"Uusi {i}",
                  "phone": f"044{i:07d}"} for i in range(20000)]
        path = self.write_lines("new.ndjson", lines)
        duration = self.timed("import", path)
        after = counts(self.db)
        before = counts(self.template / "register.db")
        codes = []
        for run in range(RUNS):
            with self.subTest(run=run):
                self.fresh(f"import-{run}")
                codes.append(self.kill_at_random(["import", str(path)], duration))
                self.assert_sound()
                self.assertIn(counts(self.db)["customer"],
                              [before["customer"], after["customer"]])
                self.ok("import", path)
                self.assertEqual(counts(self.db), after)
        self.assert_some_killed(codes)


class RestoreKillTest(KillFixture):
    """restore --replay killed at random moments, run again until it finishes: every journal
    line re-applied exactly once, in order, and the register as an uninterrupted replay leaves
    it, with no recording file of an erased call left behind."""

    def setUp(self):
        super().setUp()
        # The nightly copy: the register and its recordings, before the day's changes.
        backup = self.dir / "backup"
        shutil.copytree(self.template, backup)
        (other,) = self.query("SELECT source_id FROM customer WHERE hetu IS NOT NULL "
                              "ORDER BY id LIMIT 1 OFFSET 7")[0]
        (restricted,) = self.query("SELECT source_id FROM customer WHERE hetu IS NOT NULL "
                                   "ORDER BY id LIMIT 1 OFFSET 11")[0]
        # The long erasure in the middle, so that kills during it leave lines done before it.
        self.changes = [
            ("object", "--hetu", AINO, "--purpose", "sms-survey"),
            ("restrict", "--hetu", AINO, "--ground", "accuracy"),
            ("withdraw-consent", "--hetu", AINO),
            ("erase", "--hetu", VICTIM),
            ("restrict", "--hetu", AINO, "--lift"),
            ("restrict", "--customer", restricted, "--ground", "legal-claims"),
            ("erase", "--customer", other),
        ]
        for change in self.changes:
            result = self.run_cli(*change)
            self.assertIn(result.code, (0, 5), f"{change}: {result.stderr}")
        journal = self.template / "register.db.rights-journal"
        self.lines = len(journal.read_text().splitlines())
        self.assertEqual(self.lines, len(self.changes))
        # Restored: yesterday's register and recordings under today's journal.
        restored = self.dir / "restored"
        shutil.copytree(backup, restored)
        shutil.copy(journal, restored / journal.name)
        shutil.rmtree(backup)
        self.template = restored
        self.db = restored / "register.db"
        self.assertEqual(self.run_cli("inspect", "--hetu", AINO).code, 6)

    def records(self):
        """Everything but the audit trail."""
        connection = sqlite3.connect(self.db)
        try:
            return [line for line in connection.iterdump()
                    if not is_audit_trail(line)]
        finally:
            connection.close()

    def replayed_lines(self):
        return [json.loads(details)["journal_line"] for (details,) in self.query(
            "SELECT details FROM audit WHERE command = 'restore' AND outcome = 'replayed' "
            "ORDER BY seq")]

    def test_restore_replay(self):
        self.fresh("reference")
        duration = self.timed("restore", "--replay")
        reference = self.records()
        self.assertEqual(self.replayed_lines(), list(range(1, self.lines + 1)))
        self.assertEqual(list((self.db.parent / "recordings" / "victim").iterdir()), [])
        codes = []
        for run in range(RUNS):
            with self.subTest(run=run):
                self.fresh(f"restore-{run}")
                for _ in range(3):
                    code = self.kill_at_random(["restore", "--replay"], duration)
                    codes.append(code)
                    self.assert_sound()
                    # Whole lines, in order, each once: a prefix of the journal.
                    done = self.replayed_lines()
                    self.assertEqual(done, list(range(1, len(done) + 1)))
                    if len(done) < self.lines:
                        self.assertEqual(self.run_cli("inspect", "--hetu", AINO).code, 6)
                    if code == 0:
                        break
                self.ok("restore", "--replay")
                self.assert_sound()
                self.assertEqual(self.replayed_lines(), list(range(1, self.lines + 1)))
                self.assertEqual(self.records(), reference)
                self.assertEqual(self.query("SELECT count(*) FROM pending_scrub"), [(0,)])
                self.assertEqual(self.query("SELECT count(*) FROM pending_file_deletion"), [(0,)])
                self.assertEqual(list((self.db.parent / "recordings" / "victim").iterdir()), [])
                # The victim's reply holds no record, only the erasure's processor tasks.
                reply = self.ok("--json", "inspect", "--hetu", VICTIM).json()
                self.assertEqual(sum(map(len, reply["records"].values())), 0)
                self.assertEqual({t["action"] for t in reply["processor_tasks"]}, {"erase"})
        self.assert_some_killed(codes)
