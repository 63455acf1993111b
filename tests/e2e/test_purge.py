"""purge: exactly the expired records go, on both sides of every boundary; holds; dry run;
a second run; kill -9 and re-run; concurrent clerks; one purge at a time."""
import fcntl
import os
import shutil
import signal
import subprocess
import time

from support import BIN, FIXED_NOW, RegisterTest, snapshot, validate

AS_OF = "2026-11-28T12:00:00Z"
ONE_YEAR_BEFORE = "2025-11-28T12:00:00Z"
FIVE_YEARS_BEFORE = "2021-11-28T12:00:00Z"
SECOND_LATER = {"2025-11-28T12:00:00Z": "2025-11-28T12:00:01Z",
                "2021-11-28T12:00:00Z": "2021-11-28T12:00:01Z"}


def call(source_id, started_at, **more):
    return {"type": "call", "id": source_id, "phone": more.pop("phone", "0401000000"),
            "started_at": started_at, **more}


def records(db):
    """Every record table, without the audit trail and the purge's own bookkeeping."""
    keep = ('"customer"', '"case_record"', '"chat"', '"chat_message"', '"call"',
            '"sms_survey"', '"consent"', '"case_link"')
    return [line for line in snapshot(db)[1]
            if line.startswith("INSERT INTO") and line.split()[2] in keep]


class BoundaryTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()

    def remaining(self, table):
        return sorted(r[0] for r in self.query(f"SELECT source_id FROM {table}"))

    def purge(self, *args):
        result = self.ok("--json", "purge", "--as-of", AS_OF, *args)
        report = result.json()
        validate(report, "purge.schema.json")
        return report

    def test_each_category_goes_exactly_at_the_end_of_its_period(self):
        later = SECOND_LATER[ONE_YEAR_BEFORE]
        five_later = SECOND_LATER[FIVE_YEARS_BEFORE]
        (self.dir / "recordings").mkdir()
        for name in ("k-at.ogg", "k-after.ogg"):
            (self.dir / "recordings" / name).write_bytes(b"audio")
        self.ok("import", self.write_lines("boundaries.ndjson", [
            call("k-at", ONE_YEAR_BEFORE, recording="k-at.ogg"),
            call("k-after", later, recording="k-after.ogg"),
            {"type": "sms_survey", "id": "s-at", "call": "k-at", "sent_at": ONE_YEAR_BEFORE},
            {"type": "sms_survey", "id": "s-after", "call": "k-after", "sent_at": later},
            {"type": "chat", "id": "h-at", "started_at": ONE_YEAR_BEFORE,
             "messages": [{"from": "customer", "text": "hei"}]},
            {"type": "chat", "id": "h-after", "started_at": later},
            # Customers: 5 years after the relationship ended, once nothing of theirs is held.
            {"type": "customer", "id": "c-at", "relationship_ended": FIVE_YEARS_BEFORE},
            {"type": "customer", "id": "c-after", "relationship_ended": five_later},
            {"type": "customer", "id": "c-ongoing", "relationship_started": "2010-01-01"},
            {"type": "consent", "id": "a-at", "customer": "c-at", "method": "oral",
             "purpose": "sms-survey", "given_at": "2015-01-01"},
            # A case closed after the relationship ended counts from its closing.
            {"type": "customer", "id": "c-late-case", "relationship_ended": FIVE_YEARS_BEFORE},
            {"type": "case", "id": "t-late", "customer": "c-late-case", "kind": "task",
             "opened_at": "2021-12-01", "closed_at": "2022-01-01"},
            {"type": "customer", "id": "c-old-case", "relationship_ended": "2021-06-01"},
            {"type": "case", "id": "t-old", "customer": "c-old-case", "kind": "task",
             "opened_at": "2021-04-01", "closed_at": "2021-05-01"},
            {"type": "customer", "id": "c-open-case", "relationship_ended": "2019-01-01"},
            {"type": "case", "id": "t-open", "customer": "c-open-case", "kind": "task",
             "opened_at": "2018-12-01"},
            # Cases with no customer: 5 years after closing.
            {"type": "case", "id": "t-alone-at", "kind": "feedback", "opened_at": "2021-11-01",
             "closed_at": FIVE_YEARS_BEFORE},
            {"type": "case", "id": "t-alone-after", "kind": "feedback",
             "opened_at": "2021-11-01", "closed_at": five_later},
            # A consent with a number and no customer goes with the calls from that number.
            {"type": "consent", "id": "a-alone", "phone": "0402000000", "method": "oral",
             "purpose": "sms-survey", "given_at": ONE_YEAR_BEFORE},
            {"type": "consent", "id": "a-with-call", "phone": "0403000000", "method": "oral",
             "purpose": "sms-survey", "given_at": "2025-01-01"},
            call("k-recent", "2026-06-01T00:00:00Z", phone="0403000000"),
        ]))
        report = self.purge()
        self.assertEqual(report["deleted"], {"calls": 1, "sms_surveys": 1, "chats": 1,
                                             "customers": 2, "consents": 2, "cases": 2})
        self.assertEqual(self.remaining("call"), ["k-after", "k-recent"])
        self.assertEqual(self.remaining("sms_survey"), ["s-after"])
        self.assertEqual(self.remaining("chat"), ["h-after"])
        self.assertEqual(self.query("SELECT count(*) FROM chat_message"), [(0,)])
        self.assertEqual(self.remaining("customer"),
                         ["c-after", "c-late-case", "c-ongoing", "c-open-case"])
        self.assertEqual(self.remaining("case_record"), ["t-alone-after", "t-late", "t-open"])
        self.assertEqual(self.remaining("consent"), ["a-with-call"])
        # Held past their period: two customers whose cases remain, a consent with a call.
        self.assertEqual(report["held"]["customers"], 2)
        self.assertEqual(report["held"]["consents"], 1)
        self.assertEqual(report["next_expiry"], "2026-11-28T12:00:01Z")
        self.assertFalse((self.dir / "recordings" / "k-at.ogg").exists())
        self.assertTrue((self.dir / "recordings" / "k-after.ogg").exists())
        self.assertTrue(report["scrubbed"])

    def test_a_year_from_29_february_ends_on_28_february(self):
        self.ok("import", self.write_lines("leap.ndjson", [
            call("k-feb28", "2024-02-28T10:00:00Z"),
            call("k-feb29", "2024-02-29T10:00:00Z"),
            call("k-feb29-later", "2024-02-29T10:00:01Z"),
            call("k-mar1", "2024-03-01T00:00:00Z"),
        ]))
        self.ok("purge", "--as-of", "2025-02-28T09:59:59Z")
        self.assertEqual(len(self.remaining("call")), 4)
        self.ok("purge", "--as-of", "2025-02-28T10:00:00Z")
        self.assertEqual(self.remaining("call"), ["k-feb29-later", "k-mar1"])
        self.ok("purge", "--as-of", "2025-02-28T23:59:59Z")
        self.assertEqual(self.remaining("call"), ["k-mar1"])

    def test_restricted_records_and_open_complaints_are_held(self):
        self.ok("import", self.write_lines("held.ndjson", [
            {"type": "customer", "id": "c-r", "hetu": "131052-308T",
             "relationship_ended": "2015-01-01"},
            call("k-restricted", "2020-01-01T00:00:00Z", customer="c-r"),
            call("k-complained", "2020-01-01T00:00:00Z", phone="0405000000"),
            {"type": "case", "id": "t-complaint", "kind": "complaint", "opened_at": "2020-02-01",
             "related": ["call:k-complained"]},
            call("k-plain", "2020-01-01T00:00:00Z", phone="0406000000"),
        ]))
        self.ok("restrict", "--hetu", "131052-308T", "--ground", "legal-claims")
        report = self.purge()
        self.assertEqual(self.remaining("call"), ["k-complained", "k-restricted"])
        self.assertEqual(self.remaining("customer"), ["c-r"])
        self.assertEqual(report["held"]["calls"], 2)
        self.ok("restrict", "--hetu", "131052-308T", "--lift")
        self.purge()
        self.assertEqual(self.remaining("call"), ["k-complained"])
        self.assertEqual(self.remaining("customer"), [])

    def test_five_years_from_29_february_end_on_28_february(self):
        self.ok("import", self.write_lines("leap5.ndjson", [
            {"type": "customer", "id": "c-leap", "relationship_ended": "2020-02-29T08:00:00Z"},
            {"type": "customer", "id": "c-mar1", "relationship_ended": "2020-03-01T00:00:00Z"},
        ]))
        self.ok("purge", "--as-of", "2025-02-28T07:59:59Z")
        self.assertEqual(self.remaining("customer"), ["c-leap", "c-mar1"])
        self.ok("purge", "--as-of", "2025-02-28T08:00:00Z")
        self.assertEqual(self.remaining("customer"), ["c-mar1"])

    def test_restricted_chats_surveys_and_consents_and_complained_chats_are_held(self):
        old = "2020-01-01T00:00:00Z"
        self.ok("import", self.write_lines("held2.ndjson", [
            {"type": "customer", "id": "c-1", "hetu": "131052-308T",
             "relationship_ended": "2015-01-01"},
            {"type": "chat", "id": "h-restricted", "customer": "c-1", "started_at": old},
            {"type": "chat", "id": "h-complained", "started_at": old, "phone": "0407000000"},
            {"type": "case", "id": "t-complaint", "kind": "complaint", "opened_at": "2020-02-01",
             "related": ["chat:h-complained"]},
            call("k-surveyed", old, phone="0408000000"),
            {"type": "sms_survey", "id": "s-restricted", "call": "k-surveyed", "sent_at": old},
            {"type": "consent", "id": "a-restricted", "phone": "0409000000", "method": "oral",
             "purpose": "sms-survey", "given_at": old},
        ]))
        self.ok("restrict", "--hetu", "131052-308T", "--ground", "accuracy")
        self.ok("restrict", "--phone", "0408000000", "--ground", "accuracy")
        self.ok("restrict", "--phone", "0409000000", "--ground", "accuracy")
        self.purge()
        self.assertEqual(self.remaining("chat"), ["h-complained", "h-restricted"])
        self.assertEqual(self.remaining("call"), ["k-surveyed"])
        self.assertEqual(self.remaining("sms_survey"), ["s-restricted"])
        self.assertEqual(self.remaining("consent"), ["a-restricted"])
        self.assertEqual(self.remaining("customer"), ["c-1"])

    def test_a_purge_ahead_of_the_clock_is_refused_unless_a_dry_run(self):
        self.ok("demo", "--customers", "50")
        self.assert_fails_unchanged(2, "purge", "--as-of", "2036-11-28T12:00:00Z",
                                    message="--as-of: later than now")
        dry = self.ok("--json", "purge", "--dry-run", "--as-of", "2036-11-28T12:00:00Z").json()
        self.assertGreater(dry["deleted"]["customers"], 0)

    def test_dry_run_counts_what_the_run_deletes_and_a_second_run_deletes_nothing(self):
        self.ok("demo", "--customers", "400")
        before = records(self.db)
        dry = self.purge("--dry-run")
        self.assertEqual(records(self.db), before)
        self.assertFalse(dry["scrubbed"])
        real = self.purge("--batch-size", "37")
        self.assertGreater(sum(real["deleted"].values()), 100)
        self.assertEqual((dry["deleted"], dry["held"], dry["next_expiry"]),
                         (real["deleted"], real["held"], real["next_expiry"]))
        after = records(self.db)
        again = self.purge()
        self.assertEqual(sum(again["deleted"].values()), 0)
        self.assertEqual(records(self.db), after)
        outcomes = [r[0] for r in self.query("SELECT outcome FROM audit WHERE command = 'purge'")]
        # Each run ends with its summary: the dry run, the run (after its batches), the rerun.
        self.assertEqual(outcomes[0], "dry_run")
        self.assertEqual(outcomes[-2:], ["completed", "nothing_expired"])
        self.assertEqual(set(outcomes[1:-2]), {"purged"})
        self.ok("audit", "verify")

    def test_quiet_prints_nothing_and_text_is_for_a_log(self):
        self.ok("demo", "--customers", "50")
        self.assertEqual(self.ok("purge", "--quiet").stdout, "")
        text = self.ok("purge").stdout
        self.assertIn("purge as of 2026-11-28T12:00:00Z: deleted 0 record(s)", text)
        self.assertIn("next expiry:", text)

    def test_bad_input_changes_nothing(self):
        self.ok("demo", "--customers", "50")
        for args, message in ((["--batch-size", "0"], "--batch-size"),
                              (["--batch-size", "x"], "--batch-size"),
                              (["--as-of", "tomorrow"], "--as-of:")):
            with self.subTest(args):
                self.assert_fails_unchanged(2, "purge", *args, message=message)

    def test_a_second_purge_at_the_same_time_is_refused(self):
        self.ok("demo", "--customers", "50")
        with open(f"{self.db}.purge-lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            result = self.assert_fails_unchanged(75, "purge",
                                                 message="another purge is running")
            self.assertIn("register_busy", self.run_cli("--json", "purge").stderr)
        del result


class InterruptedPurgeTest(RegisterTest):
    def env(self):
        return {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR_")} | {
            "OULU10_GDPR_NOW": FIXED_NOW}

    def test_killed_at_any_point_and_run_again_it_ends_as_one_whole_run(self):
        self.init()
        self.ok("demo", "--customers", "1500")
        whole = self.dir / "whole.db"
        shutil.copy(self.db, whole)
        subprocess.run([BIN, "--db", str(whole), "purge", "--quiet"], check=True,
                       env=self.env(), timeout=300)
        for delay in (0.05, 0.15, 0.3):
            with self.subTest(delay=delay):
                victim = self.dir / f"victim-{delay}.db"
                shutil.copy(self.db, victim)
                process = subprocess.Popen([BIN, "--db", str(victim), "purge", "--quiet",
                                            "--batch-size", "10"], env=self.env())
                time.sleep(delay)
                process.send_signal(signal.SIGKILL)
                process.wait()
                subprocess.run([BIN, "--db", str(victim), "purge", "--quiet"], check=True,
                               env=self.env(), timeout=300)
                self.assertEqual(records(victim), records(whole))
                verify = subprocess.run([BIN, "--db", str(victim), "audit", "verify"],
                                        env=self.env(), capture_output=True)
                self.assertEqual(verify.returncode, 0, verify.stdout)


    def test_killed_while_deleting_recording_files_the_next_run_finishes(self):
        self.init()
        self.ok("demo", "--customers", "300")
        recordings = self.dir / "recordings"
        recordings.mkdir()
        expired = [r[0] for r in self.query(
            "SELECT recording FROM call WHERE recording IS NOT NULL "
            "AND started_at < strftime('%s', '2025-01-01')")]
        self.assertGreater(len(expired), 5)
        for name in expired:
            (recordings / name).write_bytes(b"audio")
        env = {"LD_PRELOAD": os.environ["OULU10_CRASH_SHIM"], "OULU10_CRASH_ON_UNLINK": ".ogg",
               "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
        crashed = self.run_cli("purge", env=env)
        self.assertEqual(crashed.code, -9, crashed.stderr)
        pending = {r[0] for r in self.query("SELECT path FROM pending_file_deletion")}
        self.assertTrue(set(expired) <= pending)
        self.assertTrue(all((recordings / name).exists() for name in expired))
        report = self.ok("--json", "purge").json()
        self.assertEqual(sum(report["deleted"].values()), 0)
        self.assertEqual(report["recording_files"]["deleted"], len(pending))
        self.assertEqual(self.query("SELECT count(*) FROM pending_file_deletion"), [(0,)])
        self.assertFalse(any((recordings / name).exists() for name in expired))
        self.assertTrue(report["scrubbed"])


class ConcurrentClerksTest(RegisterTest):
    def test_clerks_work_while_purge_runs_and_none_meets_a_lock_error(self):
        self.init()
        self.ok("demo", "--customers", "1500")
        env = {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR_")} | {
            "OULU10_GDPR_NOW": FIXED_NOW, "OULU10_GDPR_BUSY_TIMEOUT_MS": "5000"}
        base = [BIN, "--db", str(self.db)]
        purge = subprocess.Popen(base + ["purge", "--quiet", "--batch-size", "50"], env=env)
        codes = []
        customer = 0
        while purge.poll() is None or customer < 10:
            customer += 1
            for args in (["rectify", "--customer", f"d1-c{customer}", "--set", "service=x"],
                         ["inspect", "--customer", f"d1-c{customer}"]):
                done = subprocess.run(base + args, env=env, capture_output=True, text=True)
                codes.append((done.returncode, done.stderr.strip()))
        self.assertEqual(purge.wait(), 0)
        self.assertTrue(all(code in (0, 1) for code, _ in codes), codes)
        self.assertGreater(len(codes), 10)
