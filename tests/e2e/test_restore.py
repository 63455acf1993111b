"""The rights journal and restore --replay (issue 14): a register restored from a copy older than
its rights journal is refused by every command that reads or changes personal data until
`restore --replay` has re-applied the erasures, restrictions (and their lifting), objections and
consent withdrawals it lacks; the journal holds no personal data; a torn, missing, deleted,
shortened, damaged or foreign journal behaves as documented."""
import json
import os
import re
import shutil
import sqlite3
import stat
from pathlib import Path

from support import EXAMPLES, FIXED_NOW, RegisterTest, is_audit_trail, snapshot, validate

# When the changes are replayed: a week after they were made (FIXED_NOW), so that a replay that
# used its own time instead of the original one is seen.
REPLAY_NOW = "2026-12-05T08:30:00Z"
FIXED_NOW_UNIX = 1795867200
# A purge may look ahead only in a dry run: one that deletes runs in the far future instead.
FAR_FUTURE = {"OULU10_GDPR_NOW": "2100-01-01T00:00:00Z"}

AINO = "010185-912T"
AINO_PHONE = "+358400001234"

# A person whose every detail is a string found nowhere else in the register: the byte scans
# look for each of them, as UTF-8, in every file of the register and in the journal.
HETU = "280277-8233"
PERSON = {
    "hetu": HETU,
    "customer_id": "cust-Quintessa-4471",
    "name": "Quintessa Marjoribanks-Restorable",
    "address": "Palautuskuja 77 Ö, 90777 Oulu",
    "phone": "+358457718293",
    "email": "quintessa.restorable.77@example.net",
    "chat": "Periwinkle-gazebo-4417 is my password hint",
    "agent_chat": "Agent-reply-Tangerine-3390",
    "notes": "Obsidian-call-notes-9023",
    "case": "Saffron-case-text-6612",
    "call_id": "call-Quintessa-5502",
    "recording": "quintessa-recording-5502.wav",
}
PHONE_AS_TYPED = "045 771 8293"
# What the processors' tasks keep of an erased person: the source ids of the records.
TASK_SOURCE_IDS = ("customer_id", "call_id")
RECORDING = f"rec/{PERSON['recording']}"
PERSON_RECORDS = {"customers": 1, "cases": 1, "chats": 1, "calls": 1, "sms_surveys": 1,
                  "consents": 1}

# Every command that reads or changes personal data, as a clerk would run it.
GUARDED = [
    ("inspect", "--hetu", HETU),
    ("export", "--hetu", HETU),
    ("export", "--hetu", HETU, "-o", "export.json"),
    ("rectify", "--hetu", HETU, "--set", "name=Someone Else"),
    ("erase", "--hetu", HETU),
    ("erase", "--hetu", HETU, "--dry-run"),
    ("restrict", "--hetu", HETU, "--ground", "accuracy"),
    ("restrict", "--hetu", HETU, "--lift"),
    ("object", "--hetu", HETU, "--purpose", "sms-survey"),
    ("withdraw-consent", "--hetu", HETU),
    ("import", "person.ndjson"),
    ("purge",),
    ("purge", "--dry-run"),
    ("request", "open", "--kind", "access", "--received", "2026-11-20", "--hetu", HETU),
    ("request", "list"),
    ("request", "show", "REQ-2026-0001"),
    ("survey-eligible", "--since", "2026-01-01"),
    ("demo", "--customers", "10"),
]

# The members of a journal line (see journal/line.hpp).
LINE_KEYS = {"at", "change", "entry", "identifiers", "journal", "mac", "records", "register",
             "seq"}
OPTIONAL_LINE_KEYS = {"subject", "request", "purpose", "ground", "persons"}
HEX64 = re.compile(r"[0-9a-f]{64}")


def person_lines():
    p = PERSON
    return [
        {"type": "customer", "id": p["customer_id"], "hetu": p["hetu"], "name": p["name"],
         "address": p["address"], "phone": PHONE_AS_TYPED, "email": p["email"],
         "service": "pysäköinti", "relationship_started": "2020-01-01"},
        {"type": "chat", "id": "chat-Quintessa-7710", "customer": p["customer_id"],
         "started_at": "2026-10-01T10:00:00Z",
         "messages": [{"from": "customer", "text": p["chat"]},
                      {"from": "agent", "text": p["agent_chat"]}]},
        {"type": "call", "id": p["call_id"], "customer": p["customer_id"],
         "phone": PHONE_AS_TYPED, "started_at": "2026-10-02T10:00:00Z", "notes": p["notes"],
         "recording": RECORDING},
        {"type": "sms_survey", "id": "survey-Quintessa-8823", "call": p["call_id"],
         "phone": PHONE_AS_TYPED, "sent_at": "2026-10-02T11:00:00Z", "answer": "4"},
        {"type": "case", "id": "case-Quintessa-9934", "customer": p["customer_id"],
         "kind": "support_request", "opened_at": "2026-10-03", "closed_at": "2026-10-04",
         "text": p["case"]},
        {"type": "consent", "id": "consent-Quintessa-1045", "customer": p["customer_id"],
         "phone": PHONE_AS_TYPED, "method": "oral", "purpose": "sms-survey",
         "given_at": "2026-10-02T10:00:00Z"},
    ]


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class JournalTest(RegisterTest):
    """A small register with demo data, the sample and the distinctive person."""

    def setUp(self):
        super().setUp()
        self.journal = Path(f"{self.db}.rights-journal")
        self.recording = self.dir / "recordings" / RECORDING
        self.backup = self.dir / "backup" / "register.db"
        self.init()
        self.ok("demo", "--customers", "200")
        self.ok("import", EXAMPLES / "sample.ndjson")
        self.recording.parent.mkdir(parents=True)
        self.recording.write_bytes(b"RIFF the call of " + PERSON["name"].encode())
        self.person_file = self.write_lines("person.ndjson", person_lines())
        self.ok("import", self.person_file)

    # The administrator's side: a plain copy of the stopped register, and a plain copy back.

    def take_backup(self, path=None):
        path = path or self.backup
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in ("-wal", "-shm"):
            self.assertFalse(Path(f"{self.db}{leftover}").exists(), "the tool left " + leftover)
        shutil.copy(self.db, path)
        if self.recording.exists():
            shutil.copy(self.recording, path.parent / PERSON["recording"])
        return path

    def put_back(self, path=None, remove_leftovers=True):
        path = path or self.backup
        if remove_leftovers:
            for leftover in ("-wal", "-shm"):
                Path(f"{self.db}{leftover}").unlink(missing_ok=True)
        shutil.copy(path, self.db)
        saved = path.parent / PERSON["recording"]
        if saved.exists():
            shutil.copy(saved, self.recording)

    # What the tests look at.

    def register_bytes(self):
        return b"".join(path.read_bytes() for path in sorted(self.dir.glob("register.db*"))
                        if path.is_file() and path != self.journal)

    def register_file_bytes(self):
        return self.db.read_bytes()

    def assert_only_the_processors_tasks_left(self):
        """The access reply of the erased person holds no record, only the erasure's tasks for
        the processors, under the ids the erasure gave them."""
        reply = self.ok("--json", "inspect", "--hetu", HETU).json()
        validate(reply, "inspect.schema.json")
        self.assertEqual({name: len(records) for name, records in reply["records"].items()},
                         dict.fromkeys(PERSON_RECORDS, 0))
        tasks = reply["processor_tasks"]
        self.assertEqual(sorted(t["processor"] for t in tasks),
                         ["Monetra Oulu Oy", "Sysart Oy", "Telia Finland Oy"])
        self.assertEqual({t["action"] for t in tasks}, {"erase"})
        self.assertEqual({t["records"]["customers"][0] for t in tasks}, {PERSON["customer_id"]})

    def assert_erased_from_register(self, where):
        """The person's data is in no file of the register, but for the source ids of the erased
        records in the processors' tasks (processor-task), which name what each processor must
        erase until the tasks' retention ends; no other table holds them."""
        data = self.register_bytes()
        for name, value in PERSON.items():
            if name not in TASK_SOURCE_IDS:
                self.assertNotIn(value.encode(), data, f"{name} is still in {where}")
        self.assertNotIn(PHONE_AS_TYPED.encode(), data, where)
        self.assertNotIn(PHONE_AS_TYPED.replace(" ", "").encode(), data, where)
        for name in TASK_SOURCE_IDS:
            holding = [line for line in snapshot(self.db)[1] if PERSON[name] in line]
            self.assertEqual([line for line in holding
                              if not line.startswith('INSERT INTO "processor_task"')], [],
                             f"{name} outside the processor tasks in {where}")

    def assert_no_person_data(self, data, where):
        for name, value in PERSON.items():
            self.assertNotIn(value.encode(), data, f"{name} is still in {where}")
        self.assertNotIn(PHONE_AS_TYPED.encode(), data, where)
        self.assertNotIn(PHONE_AS_TYPED.replace(" ", "").encode(), data, where)

    def journal_texts(self):
        data = self.journal.read_bytes()
        self.assertTrue(data.endswith(b"\n"), data[-80:])
        return data.decode("utf-8").splitlines()

    def journal_objects(self):
        return [json.loads(text) for text in self.journal_texts()]

    def records(self):
        """Everything but the audit trail."""
        return [line for line in snapshot(self.db)[1]
                if not is_audit_trail(line)]

    def person_counts(self, db=None):
        """The person's records, by table."""
        ids = [line["id"] for line in person_lines()]
        marks = ",".join("?" * len(ids))
        connection = sqlite3.connect(db or self.db)
        try:
            return {table: connection.execute(
                        f"SELECT count(*) FROM {table} WHERE source_id IN ({marks})",
                        ids).fetchone()[0]
                    for table in ("customer", "chat", "call", "sms_survey", "case_record",
                                  "consent")}
        finally:
            connection.close()

    def eligible(self):
        document = self.ok("--json", "survey-eligible", "--since", "2026-01-01").json()
        validate(document, "survey-eligible.schema.json")
        return {n["phone"] for n in document["numbers"]}

    def restore_entries(self):
        return [(json.loads(details), outcome) for details, outcome in self.query(
            "SELECT details, outcome FROM audit WHERE command = 'restore' ORDER BY seq")]

    def replay(self, *args, dry_run=False, now=REPLAY_NOW):
        extra = ("--dry-run",) if dry_run else ()
        result = self.run_cli("--json", "restore", *args, "--replay", *extra,
                              env={"OULU10_GDPR_NOW": now})
        self.assertEqual(result.code, 0, result.stderr)
        report = result.json()
        validate(report, "restore.schema.json")
        self.assertEqual(report["dry_run"], dry_run)
        return report

    def assert_refused(self, code, *args, message=None, **kwargs):
        """Fails with `code`, one line and nothing on stdout; not a byte of the register or of
        the journal changes, and no output file appears."""
        before = self.register_file_bytes()
        journal = self.journal.read_bytes() if self.journal.exists() else None
        result = self.assert_fails_unchanged(code, *args, message=message, **kwargs)
        self.assertEqual(self.register_file_bytes(), before, f"{args}: the file changed")
        self.assertEqual(self.journal.read_bytes() if self.journal.exists() else None, journal,
                         f"{args}: the journal changed")
        self.assertFalse((self.dir / "export.json").exists())
        return result

    def assert_every_guarded_command_refuses(self, code=6, message="oulu10-gdpr restore --replay",
                                             **kwargs):
        for args in GUARDED:
            with self.subTest(command=args):
                self.assert_refused(code, *args, message=message, **kwargs)


class EraseReplayTest(JournalTest):
    def test_an_erasure_undone_by_a_restore_is_refused_then_replayed_and_scrubbed(self):
        self.assertEqual(self.person_counts()["customer"], 1)
        before = self.register_bytes()
        for name, value in PERSON.items():
            self.assertIn(value.encode(), before, name)
        self.take_backup()
        result = self.run_cli("--json", "erase", "--hetu", HETU)
        self.assertIn(result.code, (0, 5), result.stderr)
        erased = result.json()
        self.assertEqual(erased["erased"], PERSON_RECORDS)
        self.assertTrue(erased["journaled"])
        self.assertFalse(self.recording.exists())
        self.assertEqual(len(self.journal_texts()), 1)
        journal = self.journal.read_bytes()

        self.put_back()
        self.assertTrue(self.recording.exists())  # the recordings were restored too
        self.assertIn(PERSON["chat"].encode(), self.register_bytes())
        self.assert_every_guarded_command_refuses()
        error = self.run_cli("--json", "inspect", "--hetu", HETU)
        self.assertEqual(error.code, 6)
        self.assertEqual(error.stdout, "")
        self.assertEqual(error.error_json()["error"]["kind"], "register_restored")
        self.assertEqual(error.error_json()["error"]["exit_code"], 6)
        validate(error.error_json(), "error.schema.json")
        # What reads no personal data still works: the audit trail, the notice, help, a backup
        # of the restored register as it is, and init (which only migrates).
        self.ok("audit", "verify")
        self.ok("audit")
        self.ok("notice")
        self.ok("inspect", "--help")
        self.ok("backup", self.dir / "as-restored.db")
        self.ok("init")
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 6)

        snapshot_before = snapshot(self.db)
        dry = self.replay(dry_run=True)
        self.assertEqual(snapshot(self.db), snapshot_before)
        self.assertEqual([(c["line"], c["change"], c["at"]) for c in dry["replayed"]],
                         [(1, "erase", FIXED_NOW)])
        self.assertEqual(dry["erased"], PERSON_RECORDS)
        self.assertEqual(dry["recording_files"]["erased_calls"], 1)
        self.assertFalse(dry["scrubbed"])
        self.assertTrue(self.recording.exists())
        text = self.run_cli("restore", "--replay", "--dry-run")
        self.assertEqual(text.code, 0, text.stderr)
        self.assertIn("would replay 1 change(s)", text.stdout)
        self.assertEqual(snapshot(self.db), snapshot_before)
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 6)

        report = self.replay()
        self.assertEqual(report["copied_from"], None)
        self.assertEqual([(c["line"], c["change"], c["at"], c["records"], c["absent"])
                          for c in report["replayed"]], [(1, "erase", FIXED_NOW, 6, 0)])
        self.assertEqual(report["erased"], PERSON_RECORDS)
        self.assertEqual(report["recording_files"], {"erased_calls": 1, "deleted": 1, "left": 0})
        self.assertTrue(report["scrubbed"])

        # Gone from every file of the register, from the journal and from the recordings.
        self.assert_erased_from_register("the register's files")
        self.assert_no_person_data(self.journal.read_bytes(), "the journal")
        self.assertEqual(self.journal.read_bytes(), journal)
        self.assertFalse(self.recording.exists())
        self.assertEqual(self.query("SELECT count(*) FROM pending_file_deletion"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM pending_scrub"), [(0,)])
        self.assertEqual(set(self.person_counts().values()), {0})
        self.assert_only_the_processors_tasks_left()

        self.ok("audit", "verify")
        entries = self.restore_entries()
        self.assertEqual(len(entries), 1)
        details, outcome = entries[0]
        self.assertEqual(outcome, "replayed")
        self.assertEqual(details["original_entry"], self.journal_objects()[0]["entry"])
        self.assertEqual((details["replayed"], details["journal_line"]), ("erase", 1))
        self.assertEqual(self.query("SELECT at FROM audit WHERE command = 'restore'"),
                         [(1796459400,)])  # REPLAY_NOW: when it was replayed

        # An erased person stays erased: the original records are skipped on import.
        imported = self.ok("--json", "import", self.person_file).json()
        validate(imported, "import-report.schema.json")
        self.assertEqual(imported["skipped_erased"], 6)
        self.assertEqual(set(self.person_counts().values()), {0})
        self.assert_erased_from_register("the register after an import")

    def test_a_plain_copy_over_the_register_needs_no_cleaning_up(self):
        # The tool leaves no log or shared memory behind when it ends, so copying the backup
        # over the register file alone is a whole restore.
        self.take_backup()
        self.ok("erase", "--hetu", HETU)
        self.assertEqual(sorted(p.name for p in self.dir.glob("register.db*")),
                         ["register.db", "register.db.rights-journal"])
        self.put_back(remove_leftovers=False)
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 6)
        self.replay()
        self.assert_erased_from_register("the register's files")
        self.assert_only_the_processors_tasks_left()

    def test_records_imported_after_the_copy_are_counted_absent_and_kept_out(self):
        # Erased: the person, and a call imported after the backup was taken.
        self.take_backup()
        self.ok("import", "-", stdin=json.dumps(
            {"type": "call", "id": "call-after-backup", "customer": PERSON["customer_id"],
             "phone": PHONE_AS_TYPED, "started_at": "2026-11-01T10:00:00Z"}))
        self.assertIn(self.run_cli("erase", "--hetu", HETU).code, (0, 5))
        self.put_back()
        report = self.replay()
        self.assertEqual([(c["records"], c["absent"]) for c in report["replayed"]], [(6, 1)])
        again = self.ok("--json", "import", "-", stdin=json.dumps(
            {"type": "call", "id": "call-after-backup", "phone": PHONE_AS_TYPED,
             "started_at": "2026-11-01T10:00:00Z"})).json()
        self.assertEqual(again["skipped_erased"], 1)
        self.assertEqual(self.query("SELECT count(*) FROM call WHERE source_id = "
                                    "'call-after-backup'"), [(0,)])

    def erase_after_purge_then_replay(self):
        """The purge takes the person's call, chat and survey after the backup; the erasure
        then names only what is left. The copy still has them, and they are the person's."""
        self.take_backup()
        self.ok("purge", env=FAR_FUTURE)
        purged = self.person_counts()
        self.assertEqual((purged["call"], purged["chat"], purged["sms_survey"]), (0, 0, 0))
        self.assertFalse(self.recording.exists())
        self.assertIn(self.run_cli("erase", "--hetu", HETU, env=FAR_FUTURE).code, (0, 5))
        self.assertEqual(set(self.person_counts().values()), {0})
        self.put_back()
        self.assertTrue(self.recording.exists())
        self.assertEqual(set(self.person_counts().values()), {1})
        return self.replay(now=FAR_FUTURE["OULU10_GDPR_NOW"])

    def test_records_the_purge_deleted_since_the_copy_go_with_the_erased_customer(self):
        report = self.erase_after_purge_then_replay()
        self.assertEqual(set(self.person_counts().values()), {0})
        self.assert_erased_from_register("the register's files")
        self.assertFalse(self.recording.exists())
        self.assertEqual(report["recording_files"], {"erased_calls": 1, "deleted": 1, "left": 0})
        self.assertTrue(report["scrubbed"])
        self.ok("audit", "verify")

    def test_records_the_purge_deleted_since_the_copy_are_all_counted(self):
        """Records of an erased customer that the copy has but the purge had deleted before the
        erasure are erased with it, and counted: the surveys of its calls too, which the foreign
        key would otherwise delete unseen."""
        report = self.erase_after_purge_then_replay()
        self.assertEqual(set(self.person_counts().values()), {0})
        self.assertEqual(report["erased"], PERSON_RECORDS)
        self.assertEqual(report["replayed"][0]["records"], 6)


    def test_a_record_the_law_keeps_that_moved_to_another_customer_stays(self):
        """A statutory case the copy links to the erased customer, that an import has since
        moved to another customer, is not the erasure's: the replay unlinks it and keeps it."""
        people = [{"type": "customer", "id": "c-p", "hetu": "131052-308T", "name": "Pee"},
                  {"type": "customer", "id": "c-q", "hetu": "150390-931B", "name": "Kuu"}]
        case = {"type": "case", "id": "t-moving", "customer": "c-p", "kind": "task",
                "opened_at": "2026-01-01", "closed_at": "2026-01-02", "statutory": True}
        self.ok("import", self.write_lines("people.ndjson", people + [case]))
        self.take_backup()
        self.ok("import", self.write_lines("moved.ndjson", [{**case, "customer": "c-q"}]))
        self.assertIn(self.run_cli("erase", "--hetu", "131052-308T").code, (0, 5))
        self.put_back()
        self.replay()
        self.assertEqual(self.query("SELECT customer_id FROM case_record WHERE source_id = "
                                    "'t-moving'"), [(None,)])
        self.assertEqual(self.query("SELECT count(*) FROM customer WHERE source_id = 'c-p'"),
                         [(0,)])


class RightsReplayTest(JournalTest):
    def test_a_restriction_holds_the_records_from_the_purge_again(self):
        self.take_backup()
        self.ok("restrict", "--hetu", HETU, "--ground", "legal-claims")
        self.put_back()
        self.assertEqual(self.run_cli("purge", env=FAR_FUTURE).code, 6)
        # Without the journal, the copy's purge would delete the person: what is at stake.
        control = self.dir / "control" / "register.db"
        control.parent.mkdir()
        shutil.copy(self.backup, control)
        self.ok("--db", control, "--journal", self.dir / "control" / "journal", "purge",
                db=False, env=FAR_FUTURE)
        purged_copy = self.person_counts(control)
        self.assertEqual((purged_copy["call"], purged_copy["chat"], purged_copy["sms_survey"]),
                         (0, 0, 0))

        report = self.replay()
        self.assertEqual([(c["change"], c["at"], c["records"]) for c in report["replayed"]],
                         [("restrict", FIXED_NOW, 6)])
        access = self.ok("--json", "inspect", "--hetu", HETU).json()
        self.assertEqual(access["restrictions"], [{"ground": "legal-claims", "since": FIXED_NOW,
                                                   "request_id": None}])
        held = self.person_counts()
        self.assertEqual(set(held.values()), {1})
        customers = self.query("SELECT count(*) FROM customer")[0][0]
        purged = self.ok("--json", "purge", env=FAR_FUTURE).json()
        validate(purged, "purge.schema.json")
        self.assertGreater(purged["deleted"]["customers"], 0)
        self.assertLess(self.query("SELECT count(*) FROM customer")[0][0], customers)
        self.assertEqual(self.person_counts(), held)
        self.assertNotIn(PERSON["phone"], self.eligible())

    def test_a_lifting_is_replayed_after_its_restriction(self):
        self.take_backup()
        self.ok("restrict", "--hetu", HETU, "--ground", "accuracy")
        self.ok("restrict", "--hetu", HETU, "--lift")
        self.put_back()
        report = self.replay()
        self.assertEqual([(c["line"], c["change"], c["records"]) for c in report["replayed"]],
                         [(1, "restrict", 6), (2, "lift", 6)])
        self.assertEqual(self.query("SELECT count(*) FROM restriction"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM restricted_record"), [(0,)])
        self.assertEqual(self.ok("--json", "inspect", "--hetu", HETU).json()["restrictions"], [])

    def test_a_lifting_alone_lifts_the_restriction_the_copy_has(self):
        self.ok("restrict", "--hetu", HETU, "--ground", "accuracy")
        self.take_backup()
        self.ok("restrict", "--hetu", HETU, "--lift")
        self.put_back()
        self.assertEqual(self.query("SELECT count(*) FROM restriction"), [(1,)])
        report = self.replay()
        self.assertEqual([(c["line"], c["change"]) for c in report["replayed"]], [(2, "lift")])
        self.assertEqual(self.query("SELECT count(*) FROM restriction"), [(0,)])
        self.assertEqual(self.ok("--json", "inspect", "--hetu", HETU).json()["restrictions"], [])

    def test_an_objector_is_left_out_of_the_survey_list_again(self):
        self.assertIn(PERSON["phone"], self.eligible())
        self.take_backup()
        self.ok("object", "--hetu", HETU, "--purpose", "sms-survey")
        self.assertNotIn(PERSON["phone"], self.eligible())
        self.put_back()
        self.assertEqual(self.run_cli("survey-eligible", "--since", "2026-01-01").code, 6)
        report = self.replay()
        self.assertEqual([(c["change"], c["at"]) for c in report["replayed"]],
                         [("object", FIXED_NOW)])
        self.assertGreater(report["replayed"][0]["records"], 0)
        eligible = self.eligible()
        self.assertNotIn(PERSON["phone"], eligible)
        self.assertIn(AINO_PHONE, eligible)  # only the objector
        access = self.ok("--json", "inspect", "--hetu", HETU).json()
        self.assertEqual(access["objections"], [{"purpose": "sms-survey", "since": FIXED_NOW}])

    def test_a_consent_is_withdrawn_again_at_its_original_time(self):
        self.assertIn(PERSON["phone"], self.eligible())
        self.take_backup()
        self.ok("withdraw-consent", "--hetu", HETU)
        self.put_back()
        self.assertEqual(self.query("SELECT withdrawn_at FROM consent WHERE source_id = ?",
                                    "consent-Quintessa-1045"), [(None,)])
        report = self.replay()
        self.assertEqual([(c["change"], c["at"], c["records"]) for c in report["replayed"]],
                         [("withdraw-consent", FIXED_NOW, 1)])
        self.assertEqual(self.query("SELECT withdrawn_at FROM consent WHERE source_id = ?",
                                    "consent-Quintessa-1045"), [(FIXED_NOW_UNIX,)])
        access = self.ok("--json", "inspect", "--hetu", HETU).json()
        self.assertEqual([c["withdrawn_at"] for c in access["records"]["consents"]], [FIXED_NOW])
        self.assertNotIn(PERSON["phone"], self.eligible())

    def test_several_changes_are_replayed_in_order_and_only_once(self):
        self.take_backup()
        changes = [
            ("restrict", "--hetu", HETU, "--ground", "accuracy"),
            ("object", "--hetu", AINO, "--purpose", "sms-survey"),
            ("restrict", "--hetu", HETU, "--lift"),
            ("withdraw-consent", "--hetu", AINO),
            ("restrict", "--hetu", HETU, "--ground", "legal-claims"),
            ("erase", "--hetu", AINO),
        ]
        for number, change in enumerate(changes):
            # Each at its own time: the replay must keep them.
            self.ok(*change, env={"OULU10_GDPR_NOW": f"2026-11-2{number}T10:00:00Z"})
        live = self.records()
        self.put_back()
        self.assertNotEqual(self.records(), live)
        kinds = ["restrict", "object", "lift", "withdraw-consent", "restrict", "erase"]
        expected = [(n + 1, kind, f"2026-11-2{n}T10:00:00Z") for n, kind in enumerate(kinds)]
        dry = self.replay(dry_run=True)
        self.assertEqual([(c["line"], c["change"], c["at"]) for c in dry["replayed"]], expected)
        report = self.replay()
        self.assertEqual([(c["line"], c["change"], c["at"]) for c in report["replayed"]],
                         expected)
        # The register is as the live one was: the same records, restriction, objections,
        # withdrawal, erased keys and journal copy.
        self.assertEqual(self.records(), live)
        access = self.ok("--json", "inspect", "--hetu", HETU).json()
        self.assertEqual([(r["ground"], r["since"]) for r in access["restrictions"]],
                         [("legal-claims", "2026-11-24T10:00:00Z")])
        self.assertEqual([(d["journal_line"], d["replayed"], o)
                          for d, o in self.restore_entries()],
                         [(n, kind, "replayed") for n, kind, _ in expected])
        self.ok("audit", "verify")

        before = snapshot(self.db)
        again = self.replay()
        self.assertEqual(again["replayed"], [])
        self.assertEqual(again["erased"], {k: 0 for k in PERSON_RECORDS})
        self.assertEqual(snapshot(self.db), before)
        text = self.ok("restore", "--replay").stdout
        self.assertIn("nothing to replay", text)
        self.assertEqual(len(self.restore_entries()), len(changes))
        self.ok("inspect", "--hetu", HETU)

    def test_replay_continues_a_journal_written_after_an_earlier_replay(self):
        self.take_backup()
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        self.put_back()
        self.replay()
        self.ok("restrict", "--hetu", HETU, "--ground", "accuracy")
        self.put_back()
        report = self.replay()
        self.assertEqual([(c["line"], c["change"]) for c in report["replayed"]],
                         [(1, "object"), (2, "restrict")])
        self.assertEqual(len(self.journal_texts()), 2)


class RestoreBackupTest(JournalTest):
    def setUp(self):
        super().setUp()
        self.nightly = self.dir / "backups" / "nightly.db"
        self.take_backup(self.nightly)
        os.chmod(self.nightly, 0o644)  # as a careless copy may be
        self.ok("erase", "--hetu", HETU)
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        self.live = self.records()
        self.nightly_bytes = self.nightly.read_bytes()

    def assert_nothing_staged(self):
        self.assertEqual([p.name for p in self.dir.glob("*restoring*")], [])

    def test_puts_the_copy_in_place_and_replays(self):
        self.assertEqual(mode_of(self.db), 0o600)
        report = self.replay(self.nightly)
        self.assertEqual(report["copied_from"], str(self.nightly))
        self.assertEqual([(c["line"], c["change"]) for c in report["replayed"]],
                         [(1, "erase"), (2, "object")])
        self.assertEqual(report["erased"], PERSON_RECORDS)
        self.assertTrue(report["scrubbed"])
        self.assertEqual(self.records(), self.live)
        self.assertEqual(mode_of(self.db), 0o600)
        self.assertEqual(self.nightly.read_bytes(), self.nightly_bytes)
        self.assert_erased_from_register("the register's files")
        self.assert_nothing_staged()
        self.ok("audit", "verify")
        self.assertEqual(len(self.restore_entries()), 2)
        self.assert_only_the_processors_tasks_left()

    def test_puts_the_copy_in_place_of_a_lost_register(self):
        for path in self.dir.glob("register.db*"):
            if path != self.journal:
                path.unlink()
        report = self.replay(self.nightly)
        self.assertEqual(len(report["replayed"]), 2)
        self.assertEqual(self.records(), self.live)
        self.assertEqual(mode_of(self.db), 0o600)

    def test_dry_run_reads_the_copy_where_it_is(self):
        before = snapshot(self.db)
        report = self.replay(self.nightly, dry_run=True)
        self.assertEqual(report["copied_from"], str(self.nightly))
        self.assertEqual([(c["line"], c["change"]) for c in report["replayed"]],
                         [(1, "erase"), (2, "object")])
        self.assertEqual(snapshot(self.db), before)
        self.assertEqual(self.nightly.read_bytes(), self.nightly_bytes)
        self.assertEqual(sorted(p.name for p in self.nightly.parent.iterdir()),
                         ["nightly.db", PERSON["recording"]])

    def test_refused_while_another_process_has_the_register_open(self):
        # Read before the connection opens: closing any descriptor of the file in this process
        # would drop the connection's POSIX locks, and with them what the restore must see.
        before = self.register_file_bytes()
        other = sqlite3.connect(self.db)
        try:
            other.execute("SELECT count(*) FROM audit").fetchone()
            result = self.assert_fails_unchanged(75, "restore", self.nightly, "--replay",
                                                 message="another process has the register")
            self.assertIn(str(self.db), result.stderr)
            self.assert_nothing_staged()
            self.assertEqual(other.execute("SELECT count(*) FROM rights_journal").fetchone(),
                             (2,))
        finally:
            other.close()
        self.assertEqual(self.register_file_bytes(), before)
        self.assertEqual(self.records(), self.live)
        self.replay(self.nightly)
        self.assertEqual(self.records(), self.live)

    def test_a_copy_that_is_not_a_sound_register_replaces_nothing(self):
        text = self.dir / "backups" / "notes.txt"
        text.write_text("not a register\n" * 1000)
        foreign = self.dir / "backups" / "other-app.db"
        connection = sqlite3.connect(foreign)
        connection.execute("CREATE TABLE t (x)")
        connection.execute("INSERT INTO t VALUES (1)")
        connection.commit()
        connection.close()
        truncated = self.dir / "backups" / "truncated.db"
        truncated.write_bytes(self.nightly_bytes[:len(self.nightly_bytes) // 2])
        for copy in (text, foreign, truncated):
            with self.subTest(copy=copy.name):
                self.assert_refused(4, "restore", copy, "--replay",
                                    message="nothing was replaced")
                self.assert_nothing_staged()
        self.assert_refused(2, "restore", self.dir / "backups" / "missing.db", "--replay",
                            message="missing.db")
        self.assert_refused(2, "restore", self.dir / "backups", "--replay")
        self.assertEqual(self.records(), self.live)

    def test_a_copy_of_an_older_schema_is_migrated_then_replayed(self):
        old = self.dir / "backups" / "version4.db"
        shutil.copy(self.nightly, old)
        connection = sqlite3.connect(old)
        for statement in ("DROP TABLE audit_subject",  # what version 8 added
                          "DROP TABLE audit_index",
                          "ALTER TABLE audit DROP COLUMN index_keys",
                          "DROP TRIGGER audit_is_append_only_update",  # what version 7 added
                          "DROP TRIGGER audit_is_append_only_delete",
                          "ALTER TABLE audit DROP COLUMN os_user",
                          "ALTER TABLE audit DROP COLUMN sudo_user",
                          "ALTER TABLE audit DROP COLUMN sudo_uid",
                          "ALTER TABLE request DROP COLUMN approved_sudo_uid",
                          "ALTER TABLE request DROP COLUMN approved_sudo_user",
                          "ALTER TABLE request DROP COLUMN approved_os_user",
                          "ALTER TABLE request DROP COLUMN approved_by",
                          "ALTER TABLE request DROP COLUMN approved_at"):
            connection.execute(statement)
        connection.execute("DROP TABLE processor_task_subject")  # what version 6 added
        connection.execute("DROP TABLE processor_task")
        connection.execute("DROP TABLE rights_journal")  # what version 5 added
        connection.execute("PRAGMA user_version = 4")
        connection.commit()
        connection.close()
        report = self.replay(old)
        self.assertEqual([c["change"] for c in report["replayed"]], ["erase", "object"])
        self.assertEqual(self.query("PRAGMA user_version"), [(8,)])
        self.assertEqual(self.records(), self.live)
        # Copied in place by hand, it is refused until init migrates it, then until replayed.
        self.put_back(old)
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 4)
        self.ok("init")
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 6)
        self.replay()
        self.assertEqual(self.records(), self.live)

    def test_a_copy_in_rollback_journal_mode_is_put_in_place_in_wal_mode(self):
        """A copy made with VACUUM INTO is in rollback-journal mode; put in place, it is a register
        in write-ahead-log mode, as init makes every register (the next restore's check for
        other processes relies on WAL's lasting shared lock)."""
        vacuumed = self.dir / "backups" / "vacuumed.db"
        connection = sqlite3.connect(self.nightly)
        connection.execute("VACUUM INTO ?", (str(vacuumed),))
        connection.close()
        self.replay(vacuumed)
        self.assertEqual(self.records(), self.live)
        self.assertEqual(self.query("PRAGMA journal_mode"), [("wal",)])
        other = sqlite3.connect(self.db)
        try:
            other.execute("SELECT count(*) FROM audit").fetchone()
            self.assertEqual(self.run_cli("restore", vacuumed, "--replay").code, 75)
        finally:
            other.close()

    def test_a_copy_of_another_register_replaces_nothing(self):
        """A copy of another register (a wrong file from the backup directory) is checked against
        the journal before it replaces anything, as a copy that is not a register is."""
        other = self.dir / "elsewhere" / "register.db"
        other.parent.mkdir()
        self.ok("--db", other, "init", db=False)
        self.ok("--db", other, "import", EXAMPLES / "sample.ndjson", db=False)
        self.assert_refused(7, "restore", other, "--replay",
                            message="belongs to another register")
        self.assertEqual(self.records(), self.live)

    def test_a_copy_of_another_register_with_a_longer_journal_replaces_nothing(self):
        """Also when the other register has journaled more than this journal holds, so that
        nothing in the file is beyond the copy: its last line is still another register's."""
        other = self.dir / "elsewhere" / "register.db"
        other.parent.mkdir()
        self.ok("--db", other, "init", db=False)
        self.ok("--db", other, "import", EXAMPLES / "sample.ndjson", db=False)
        for _ in range(4):
            self.ok("--db", other, "object", "--hetu", AINO, "--purpose", "sms-survey", db=False)
        self.assert_refused(7, "restore", other, "--replay",
                            message="belongs to another register")
        self.assertEqual(self.records(), self.live)
        self.assert_nothing_staged()

    def test_a_copy_with_changes_in_its_log_replaces_nothing(self):
        log = Path(str(self.nightly) + "-wal")
        log.write_bytes(b"committed pages of a register in use")
        self.assert_refused(2, "restore", self.nightly, "--replay", message="-wal holds changes")
        self.assertEqual(self.records(), self.live)
        self.assert_nothing_staged()

    def test_replay_is_required(self):
        self.assert_refused(2, "restore", message="--replay")
        self.assert_refused(2, "restore", self.nightly, message="--replay")
        self.assert_refused(2, "restore", "--dry-run", message="--replay")


class TornLineTest(JournalTest):
    def test_a_torn_last_line_is_ignored_then_cut_off_by_the_next_change(self):
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        whole = self.journal.read_bytes()
        torn = whole[: len(whole) // 2]
        self.assertNotIn(b"\n", torn)
        with open(self.journal, "ab") as journal:
            journal.write(torn)
        self.ok("inspect", "--hetu", HETU)
        self.ok("request", "list")
        self.assertEqual(self.journal.read_bytes(), whole + torn)  # a read leaves it be
        self.ok("restrict", "--hetu", HETU, "--ground", "accuracy")
        data = self.journal.read_bytes()
        self.assertTrue(data.startswith(whole))
        self.assertNotIn(torn, data[len(whole):])
        lines = self.journal_objects()
        self.assertEqual([(o["seq"], o["change"]) for o in lines], [(1, "object"), (2, "restrict")])

    def test_a_restored_register_with_a_torn_last_line_replays_the_whole_lines(self):
        self.take_backup()
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        self.ok("erase", "--hetu", HETU)
        with open(self.journal, "ab") as journal:
            journal.write(b'{"at":"2026-11-28T12:00:00Z","change":"erase","entry":"ab')
        self.put_back()
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 6)
        report = self.replay()
        self.assertEqual([(c["line"], c["change"]) for c in report["replayed"]],
                         [(1, "object"), (2, "erase")])
        self.assert_erased_from_register("the register's files")
        self.ok("inspect", "--hetu", AINO)
        self.ok("withdraw-consent", "--hetu", AINO)
        self.assertEqual([o["change"] for o in self.journal_objects()],
                         ["object", "erase", "withdraw-consent"])

    def test_a_journal_of_only_a_torn_line_is_an_empty_journal(self):
        self.journal.write_bytes(b'{"at":"2026-11-28T12:00:00Z","cha')
        self.ok("inspect", "--hetu", HETU)
        self.ok("object", "--hetu", HETU, "--purpose", "sms-survey")
        self.assertEqual([o["seq"] for o in self.journal_objects()], [1])


class ForeignJournalTest(JournalTest):
    def test_another_register_s_journal_is_refused(self):
        other = self.dir / "b" / "register.db"
        other.parent.mkdir()
        self.ok("--db", other, "init", db=False)
        self.ok("--db", other, "import", EXAMPLES / "sample.ndjson", db=False)
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        ours = self.journal.read_bytes()
        connection_before = snapshot(other)
        for args in (("inspect", "--hetu", AINO), ("request", "list"),
                     ("object", "--hetu", AINO, "--purpose", "sms-survey")):
            with self.subTest(args=args):
                result = self.run_cli("--db", other, "--journal", self.journal, *args, db=False)
                self.assertEqual(result.code, 7, result.stderr)
                self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
                self.assertIn("belongs to another register", result.stderr)
                self.assertEqual(result.stdout, "")
                self.assertEqual(snapshot(other), connection_before)
                self.assertEqual(self.journal.read_bytes(), ours)
        restore = self.run_cli("--db", other, "--journal", self.journal, "restore", "--replay",
                               db=False)
        self.assertEqual(restore.code, 7, restore.stderr)
        self.assertEqual(snapshot(other), connection_before)
        error = self.run_cli("--json", "--db", other, "--journal", self.journal, "inspect",
                             "--hetu", AINO, db=False).error_json()
        self.assertEqual(error["error"]["kind"], "journal_unusable")

    def test_init_refuses_a_new_register_beside_a_journal_with_lines(self):
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        fresh = self.dir / "new" / "register.db"
        fresh.parent.mkdir()
        shutil.copy(self.journal, f"{fresh}.rights-journal")
        result = self.run_cli("--db", fresh, "init", db=False)
        self.assertEqual(result.code, 7, result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertEqual(sorted(p.name for p in fresh.parent.iterdir()),
                         ["register.db.rights-journal"])
        # The same through --journal and OULU10_GDPR_JOURNAL.
        other = self.dir / "other" / "register.db"
        other.parent.mkdir()
        for how in ({"args": ("--journal", self.journal)},
                    {"env": {"OULU10_GDPR_JOURNAL": str(self.journal)}}):
            with self.subTest(how=how):
                result = self.run_cli("--db", other, *how.get("args", ()), "init", db=False,
                                      env=how.get("env"))
                self.assertEqual(result.code, 7, result.stderr)
                self.assertEqual(list(other.parent.iterdir()), [])
        # A journal without whole lines holds nothing: a register may be made beside it.
        Path(f"{fresh}.rights-journal").write_bytes(b'{"torn')
        self.ok("--db", fresh, "init", db=False)

    def test_init_of_a_restored_register_only_migrates_it(self):
        self.take_backup()
        self.ok("erase", "--hetu", HETU)
        self.put_back()
        before = snapshot(self.db)
        report = self.ok("--json", "init").json()
        validate(report, "init.schema.json")
        self.assertFalse(report["created"])
        self.assertEqual(snapshot(self.db), before)
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 6)
        self.replay()
        self.assert_only_the_processors_tasks_left()


class MissingJournalTest(JournalTest):
    def test_a_register_without_changes_needs_no_journal_until_its_first(self):
        for args in (("inspect", "--hetu", HETU), ("export", "--hetu", HETU),
                     ("rectify", "--hetu", HETU, "--set", "name=Quintessa Other"),
                     ("import", EXAMPLES / "sample.ndjson"), ("purge", "--dry-run"), ("purge",),
                     ("survey-eligible", "--since", "2026-01-01"), ("request", "list"),
                     ("erase", "--hetu", HETU, "--dry-run"),
                     ("restrict", "--hetu", HETU, "--ground", "accuracy", "--dry-run"),
                     ("restore", "--replay", "--dry-run"), ("audit", "verify")):
            with self.subTest(args=args):
                self.ok(*args)
                self.assertFalse(self.journal.exists())
        result = self.run_cli("--json", "erase", "--hetu", HETU)
        self.assertIn(result.code, (0, 5), result.stderr)
        self.assertTrue(result.json()["journaled"])
        self.assertEqual(mode_of(self.journal), 0o600)
        self.assertEqual([o["change"] for o in self.journal_objects()], ["erase"])

    def test_a_replay_with_nothing_to_replay_creates_no_journal(self):
        """Like every command that writes no line, a replay of nothing creates no journal file (a
        mistyped --journal, or journal storage that is not mounted, gets no stray file)."""
        report = self.replay()
        self.assertEqual(report["replayed"], [])
        self.assertFalse(self.journal.exists())

    def test_a_journal_that_cannot_be_written_is_reported_and_written_by_the_next_command(self):
        place = self.dir / "not-mounted" / "rights.journal"
        self.take_backup()
        result = self.run_cli("--json", "--journal", place, "object", "--hetu", AINO,
                              "--purpose", "sms-survey")
        self.assertEqual(result.code, 74, result.stderr)
        self.assertFalse(result.json()["journaled"])
        self.assertIn("not yet in its rights journal", result.error_json()["error"]["message"])
        self.assertEqual(len(self.query("SELECT seq FROM rights_journal")), 1)  # done
        text = self.run_cli("--journal", place, "erase", "--hetu", HETU)
        self.assertEqual(text.code, 74, text.stderr)
        self.assertIn("NOT DONE", text.stdout)
        self.assertEqual(len(text.stderr.strip().splitlines()), 1)
        self.assertFalse(place.parent.exists())
        place.parent.mkdir()
        self.ok("--journal", place, "request", "list")
        self.assertEqual([json.loads(line)["change"] for line in place.read_text().splitlines()],
                         ["object", "erase"])
        self.assertEqual(mode_of(place), 0o600)
        # Both are then replayed onto the copy.
        self.put_back()
        report = self.run_cli("--json", "--journal", place, "restore", "--replay")
        self.assertEqual(report.code, 0, report.stderr)
        self.assertEqual([c["change"] for c in report.json()["replayed"]], ["object", "erase"])

    def test_a_deleted_journal_is_written_again_from_the_register(self):
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        self.ok("erase", "--hetu", HETU)
        written = self.journal.read_bytes()
        self.assertEqual(len(written.splitlines()), 2)
        self.journal.unlink()
        self.ok("request", "list")
        self.assertEqual(self.journal.read_bytes(), written)
        self.assertEqual(mode_of(self.journal), 0o600)
        self.assertEqual([line for (line,) in self.query(
            "SELECT line FROM rights_journal ORDER BY seq")], self.journal_texts())

    def test_a_line_the_file_lacks_is_written_by_the_next_command(self):
        # As if the last change was killed after its commit, before it wrote its line.
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        self.ok("restrict", "--hetu", HETU, "--ground", "accuracy")
        written = self.journal.read_bytes()
        first = written[: written.index(b"\n") + 1]
        self.journal.write_bytes(first)
        self.ok("survey-eligible", "--since", "2026-01-01")
        self.assertEqual(self.journal.read_bytes(), written)
        # And with a torn piece of it left behind.
        self.journal.write_bytes(written[: len(first) + 30])
        self.ok("inspect", "--hetu", AINO)
        self.assertEqual(self.journal.read_bytes(), written)


class DamagedJournalTest(JournalTest):
    def setUp(self):
        super().setUp()
        self.take_backup()
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        self.ok("erase", "--hetu", HETU)
        self.assertEqual(len(self.journal_texts()), 2)

    def damage(self, number):
        """Changes one hex digit of the mac of line `number`."""
        lines = self.journal.read_bytes().split(b"\n")
        line = lines[number - 1]
        at = line.index(b'"mac":"') + len(b'"mac":"') + 5
        digit = line[at:at + 1]
        lines[number - 1] = line[:at] + (b"0" if digit != b"0" else b"1") + line[at + 1:]
        self.journal.write_bytes(b"\n".join(lines))

    def test_a_damaged_line_before_the_last_stops_the_replay_naming_it(self):
        self.damage(1)
        self.put_back()
        self.assertEqual(self.run_cli("inspect", "--hetu", HETU).code, 6)
        before = snapshot(self.db)
        result = self.assert_refused(7, "restore", "--replay", message="line 1 ")
        self.assertIn("damaged", result.stderr)
        self.assertEqual(snapshot(self.db), before)
        self.assertEqual(self.restore_entries(), [])
        dry = self.run_cli("restore", "--replay", "--dry-run")
        self.assertEqual(dry.code, 7, dry.stderr)

    def test_lines_out_of_order_stop_the_replay(self):
        lines = self.journal_texts()
        self.journal.write_text(lines[1] + "\n" + lines[0] + "\n")
        self.put_back()
        self.assert_refused(7, "restore", "--replay", message="line 1 ")

    def test_a_damaged_last_line_refuses_every_guarded_command(self):
        self.damage(2)
        self.assert_every_guarded_command_refuses(7, message="damaged")
        self.assert_refused(7, "restore", "--replay")
        self.assert_refused(7, "restore", "--replay", "--dry-run")
        self.ok("audit", "verify")

    def test_a_damaged_last_line_is_named_by_its_place(self):
        """A damaged last line is named as the last line, not by a number it does not have."""
        self.damage(2)
        message = self.run_cli("inspect", "--hetu", AINO).stderr
        self.assertIn("damaged", message)
        self.assertNotIn("line 0 ", message)
        self.assertTrue("last line" in message or "line 2 " in message, message)


class PersonalDataTest(JournalTest):
    def test_the_journal_holds_no_personal_data_and_only_documented_members(self):
        request_id = self.open_request("restriction", "--hetu", HETU)
        self.ok("restrict", "--hetu", HETU, "--ground", "accuracy", "--request", request_id)
        self.ok("restrict", "--hetu", HETU, "--lift")
        self.ok("object", "--hetu", HETU, "--purpose", "sms-survey")
        self.ok("object", "--email", PERSON["email"], "--purpose", "quality-monitoring")
        self.ok("withdraw-consent", "--phone", PHONE_AS_TYPED)
        self.assertIn(self.run_cli("erase", "--hetu", HETU).code, (0, 5))
        data = self.journal.read_bytes()
        self.assert_no_person_data(data, "the journal")
        for value in (HETU.replace("-", ""), "Quintessa", "Marjoribanks", "Palautuskuja",
                      "457718293"):
            self.assertNotIn(value.encode(), data, value)
        lines = self.journal_objects()
        self.assertEqual([o["change"] for o in lines],
                         ["restrict", "lift", "object", "object", "withdraw-consent", "erase"])
        for number, line in enumerate(lines, start=1):
            with self.subTest(line=number):
                self.assertIsInstance(line, dict)
                self.assertLessEqual(LINE_KEYS, set(line))
                self.assertLessEqual(set(line), LINE_KEYS | OPTIONAL_LINE_KEYS)
                self.assertEqual((line["journal"], line["seq"]), (1, number))
                self.assertEqual(line["at"], FIXED_NOW)
                for digest in [line["entry"], line["mac"], *line["identifiers"],
                               *(key for keys in line["records"].values() for key in keys)]:
                    self.assertRegex(digest, HEX64)
                # The keys that name one person are among the identifiers, never new data.
                self.assertLessEqual(set(line.get("persons", [])), set(line["identifiers"]))
                self.assertRegex(line["register"], r"^[0-9a-f]{24}$")
                self.assertRegex(line.get("subject", "0" * 24), r"^[0-9a-f]{24}$")
                self.assertLessEqual(set(line["records"]),
                                     {"customer", "case", "chat", "call", "sms_survey",
                                      "consent"})
        self.assertEqual(lines[0]["ground"], "accuracy")
        self.assertEqual(lines[0]["request"], request_id)
        self.assertEqual(lines[2]["purpose"], "sms-survey")
        self.assertEqual(lines[3]["purpose"], "quality-monitoring")
        self.assertEqual(sum(len(keys) for keys in lines[5]["records"].values()), 6)
        # The register's own copy is the same text.
        self.assertEqual([line for (line,) in self.query(
            "SELECT line FROM rights_journal ORDER BY seq")], self.journal_texts())
        self.assertEqual(mode_of(self.journal), 0o600)


class JournalPlaceTest(JournalTest):
    def check_journal_at(self, place, **kwargs):
        self.take_backup()
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey", **kwargs)
        self.assertTrue(place.exists())
        self.assertEqual(mode_of(place), 0o600)
        self.assertFalse(self.journal.exists())
        self.put_back()
        result = self.run_cli("inspect", "--hetu", AINO, **kwargs)
        self.assertEqual(result.code, 6, result.stderr)
        self.assertIn(str(place), result.stderr)
        report = self.run_cli("--json", "restore", "--replay", **kwargs)
        self.assertEqual(report.code, 0, report.stderr)
        self.assertEqual([c["change"] for c in report.json()["replayed"]], ["object"])
        self.ok("inspect", "--hetu", AINO, **kwargs)
        self.assertFalse(self.journal.exists())

    def test_oulu10_gdpr_journal_puts_it_elsewhere(self):
        place = self.dir / "elsewhere" / "rights.journal"
        place.parent.mkdir()
        self.check_journal_at(place, env={"OULU10_GDPR_JOURNAL": str(place)})

    def test_the_journal_option_puts_it_elsewhere_and_wins_over_the_environment(self):
        place = self.dir / "elsewhere" / "rights.journal"
        place.parent.mkdir()
        ignored = self.dir / "elsewhere" / "ignored.journal"
        self.take_backup()
        self.ok("--journal", place, "object", "--hetu", AINO, "--purpose", "sms-survey",
                env={"OULU10_GDPR_JOURNAL": str(ignored)})
        self.assertTrue(place.exists())
        self.assertEqual(mode_of(place), 0o600)
        self.assertFalse(ignored.exists())
        self.assertFalse(self.journal.exists())
        self.put_back()
        self.assertEqual(self.run_cli("--journal", place, "request", "list").code, 6)
        report = self.run_cli("--json", "--journal", place, "restore", "--replay")
        self.assertEqual(report.code, 0, report.stderr)
        self.assertEqual(len(report.json()["replayed"]), 1)
        self.assertFalse(self.journal.exists())
        self.assert_refused(2, "--journal", "", "request", "list", message="--journal")
