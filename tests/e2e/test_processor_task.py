"""processor-task (issue 15): erase, rectify and restrict (and its lifting) instruct the processors
that hold the records, one task per processor, in the change's own transaction; the clerk lists,
shows and exports them without personal data beyond the source systems' ids, records each
processor's confirmation once (one at a time or from the processor's returned file, all or
nothing), cannot close a request as completed while a task is open, and purge deletes confirmed
tasks when the retention of requests has ended; inspect lists the tasks about the subject, and
restore --replay makes them again under the same ids."""
import csv
import io
import json
import os
import re
import shutil
import stat
from pathlib import Path

from support import FIXED_NOW, SOURCE_DIR, RegisterTest, snapshot, validate

RECIPIENTS = ["Monetra Oulu Oy", "Sysart Oy", "Telia Finland Oy"]
MONETRA, SYSART, TELIA = RECIPIENTS
CATEGORIES = ["customers", "cases", "chats", "calls", "sms_surveys", "consents"]
CSV_HEADER = ["task", "processor", "action", "fields", "request", "created_at"] + CATEGORIES
TASK_ID = re.compile(r"^PT-[0-9a-f]{12}$")

# A person whose every detail is a string found nowhere else: the scans of exports, lists and
# the audit trail look for each of them.
HETU = "280277-8233"
CUSTOMER = "cust-7310"
PERSON = {
    "hetu": HETU,
    "name": "Ottilia Vanhatalo-Processorika",
    "address": "Tehtäväkuja 12 B 7, 90730 Oulu",
    "phone": "+358407731905",
    "email": "ottilia.processorika@example.org",
    "notes": "Heliotrope-call-notes-5521",
    "chat": "Marigold-chat-text-8832",
    "agent": "Verbena-agent-text-1290",
    "case": "Juniper-case-text-4471",
    "statutory": "Hawthorn-statutory-text-6603",
    "new_name": "Ottilia Uusinimi-Rectified",
}
PHONE_AS_TYPED = "040 773 1905"
CALL, SURVEY, CHAT, CASE, STATUTORY, CONSENT = (
    "call-7311", "survey-7312", "chat-7313", "case-7314", "case-7315", "consent-7316")
# Someone else who called from the person's number without being a customer.
NEIGHBOUR_CALL = "call-7320"
NEIGHBOUR_NOTES = "Lavender-neighbour-notes-3301"
# A caller known only by a number of their own.
STRANGER_PHONE = "0449871234"
STRANGER_CALL = "call-7330"

# What an erasure of the person erases when the statutory case is kept (with the customer it
# needs): every other record, by category.
ERASED = {"cases": [CASE], "chats": [CHAT], "calls": [CALL], "sms_surveys": [SURVEY],
          "consents": [CONSENT]}
EVERY_RECORD = {"customers": [CUSTOMER], "cases": sorted([CASE, STATUTORY]), "chats": [CHAT],
                "calls": [CALL], "sms_surveys": [SURVEY], "consents": [CONSENT]}


def person_lines(statutory=True):
    p = PERSON
    lines = [
        {"type": "customer", "id": CUSTOMER, "hetu": HETU, "name": p["name"],
         "address": p["address"], "phone": PHONE_AS_TYPED, "email": p["email"],
         "service": "pysäköinti", "relationship_started": "2020-01-01"},
        {"type": "call", "id": CALL, "customer": CUSTOMER, "phone": PHONE_AS_TYPED,
         "started_at": "2026-10-02T10:00:00Z", "notes": p["notes"]},
        {"type": "sms_survey", "id": SURVEY, "call": CALL, "phone": PHONE_AS_TYPED,
         "sent_at": "2026-10-02T11:00:00Z", "answer": "4"},
        {"type": "chat", "id": CHAT, "customer": CUSTOMER, "started_at": "2026-10-01T10:00:00Z",
         "messages": [{"from": "customer", "text": p["chat"]},
                      {"from": "agent", "text": p["agent"]}]},
        {"type": "case", "id": CASE, "customer": CUSTOMER, "kind": "support_request",
         "opened_at": "2026-10-03", "closed_at": "2026-10-04", "text": p["case"]},
        {"type": "consent", "id": CONSENT, "customer": CUSTOMER, "phone": PHONE_AS_TYPED,
         "method": "oral", "purpose": "sms-survey", "given_at": "2026-10-02T10:00:00Z"},
        {"type": "call", "id": NEIGHBOUR_CALL, "phone": PHONE_AS_TYPED,
         "started_at": "2026-10-05T10:00:00Z", "notes": NEIGHBOUR_NOTES},
        {"type": "call", "id": STRANGER_CALL, "phone": STRANGER_PHONE,
         "started_at": "2026-10-06T10:00:00Z", "notes": "Stranger-notes-7710"},
    ]
    if statutory:
        lines.append({"type": "case", "id": STATUTORY, "customer": CUSTOMER, "kind": "task",
                      "opened_at": "2026-01-01", "closed_at": "2026-01-02",
                      "text": p["statutory"], "statutory": True})
    return lines


def sorted_records(records):
    return {category: sorted(ids) for category, ids in records.items()}


class ProcessorTaskTest(RegisterTest):
    statutory = True

    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", self.write_lines("person.ndjson", person_lines(self.statutory)))

    # Running the changes.

    def erase(self, *args, env=None, code=None):
        """Erases the person (exit 5 while the statutory case is kept); the validated report."""
        result = self.run_cli("--json", "erase", "--hetu", HETU, *args, env=env)
        expected = code if code is not None else (5 if self.statutory else 0)
        self.assertEqual(result.code, expected, result.stderr)
        report = result.json()
        validate(report, "erase.schema.json")
        return report

    def rectify(self, *args, env=None):
        report = self.ok("--json", "rectify", "--hetu", HETU, *args, env=env).json()
        validate(report, "rectify.schema.json")
        return report

    def restrict(self, *args, env=None):
        report = self.ok("--json", "restrict", "--hetu", HETU, *args, env=env).json()
        validate(report, "restrict.schema.json")
        return report

    # Reading the tasks.

    def tasks(self, *filters, env=None):
        document = self.ok("--json", "processor-task", "list", *filters, env=env).json()
        validate(document, "processor-task-list.schema.json")
        return document["tasks"]

    def show(self, task_id, env=None):
        document = self.ok("--json", "processor-task", "show", task_id, env=env).json()
        validate(document, "processor-task.schema.json")
        return document

    def task_count(self):
        return self.query("SELECT count(*) FROM processor_task")[0][0]

    def confirmed_ids(self):
        return {row[0] for row in
                self.query("SELECT id FROM processor_task WHERE confirmed_at IS NOT NULL")}

    def export(self, processor, *args, name="tasks.out", env=None):
        path = self.dir / name
        report = self.ok("--json", "processor-task", "export", "--processor", processor, *args,
                         "-o", path, env=env).json()
        validate(report, "processor-task-export.schema.json")
        return report, path

    def confirm(self, *args, env=None):
        report = self.ok("--json", "processor-task", "confirm", *args, env=env).json()
        validate(report, "processor-task-confirm.schema.json")
        return report

    def audit_entries(self):
        document = self.ok("--json", "audit").json()
        validate(document, "audit.schema.json")
        return document["entries"]

    def assert_no_personal_data(self, text, where):
        for name, value in PERSON.items():
            self.assertNotIn(value, text, f"{name} is in {where}")
        for value in (PHONE_AS_TYPED, PHONE_AS_TYPED.replace(" ", ""), NEIGHBOUR_NOTES):
            self.assertNotIn(value, text, where)

    def by_processor(self, refs):
        """{processor: id} of a report's processor_tasks, checking each id's shape."""
        out = {}
        for ref in refs:
            self.assertRegex(ref["id"], TASK_ID)
            self.assertNotIn(ref["processor"], out)
            out[ref["processor"]] = ref["id"]
        return out

    def narrowed_policy(self):
        """The shipped policy with Monetra left to every category (no list), Sysart narrowed to
        cases and chats, and Telia to calls."""
        document = json.loads((SOURCE_DIR / "lib/policy/notice-2021-05-27.json")
                              .read_text(encoding="utf-8"))
        for recipient in document["recipients"]:
            if recipient["name"] == MONETRA:
                del recipient["categories"]
            elif recipient["name"] == SYSART:
                recipient["categories"] = ["cases", "chats"]
            else:
                recipient["categories"] = ["calls"]
        path = self.dir / "narrowed-policy.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return path


class MakingTest(ProcessorTaskTest):
    def test_erase_instructs_each_processor_with_the_erased_records_only(self):
        report = self.erase()
        self.assertEqual(sorted(k["id"] for k in report["kept"]), sorted([CUSTOMER, STATUTORY]))
        self.assertEqual({c: n for c, n in report["erased"].items() if n},
                         {c: len(ids) for c, ids in ERASED.items()})
        self.assertEqual(report["recipients_to_inform"], RECIPIENTS)
        ids = self.by_processor(report["processor_tasks"])
        self.assertEqual(list(ids), RECIPIENTS)
        self.assertEqual(len(set(ids.values())), 3)
        self.assertEqual(self.task_count(), 3)
        erase_entry = [e for e in self.audit_entries() if e["command"] == "erase"][-1]
        for processor, task_id in ids.items():
            task = self.show(task_id)
            self.assertEqual((task["id"], task["processor"], task["action"], task["fields"]),
                             (task_id, processor, "erase", []))
            self.assertEqual(sorted_records(task["records"]), ERASED)
            self.assertEqual((task["request_id"], task["created_at"], task["age_days"],
                              task["state"], task["confirmed_at"], task["confirmation"]),
                             (None, FIXED_NOW, 0, "open", None, None))
            self.assertEqual(task["audit_entry"], erase_entry["hash"])
            self.assertEqual(task["subject_ref"], erase_entry["subject_ref"])
        text = self.run_cli("erase", "--hetu", HETU)  # nothing more to erase: no new task
        self.assertEqual(text.code, 5, text.stderr)
        self.assertEqual(self.task_count(), 3)

    def test_an_erasure_that_erases_nothing_instructs_no_one(self):
        self.erase()
        again = self.erase()
        self.assertEqual(again["processor_tasks"], [])
        self.assertEqual(again["recipients_to_inform"], [])
        self.assertEqual(self.task_count(), 3)

    def test_kept_records_are_not_instructed_and_a_refused_change_makes_no_task(self):
        access = self.open_request("access", "--hetu", HETU)
        for args in (("erase", "--hetu", HETU, "--request", access),
                     ("rectify", "--hetu", HETU, "--set", "name=Someone Else",
                      "--request", access),
                     ("restrict", "--hetu", HETU, "--ground", "accuracy", "--request", access),
                     ("erase", "--hetu", HETU, "--request", "REQ-2026-0099")):
            with self.subTest(args=args):
                self.assert_fails_unchanged(2, *args, message="--request")
        self.assertEqual(self.task_count(), 0)
        self.restrict("--ground", "legal-claims")
        # Everything is kept while restricted: nothing erased, no processor to instruct.
        report = self.erase()
        self.assertEqual(sum(report["erased"].values()), 0)
        self.assertEqual((report["processor_tasks"], report["recipients_to_inform"]), ([], []))
        self.assertEqual({t["action"] for t in self.tasks()}, {"restrict"})

    def test_dry_runs_make_no_task_but_name_the_processors(self):
        before = self.task_count()
        dry = self.erase("--dry-run")
        self.assertEqual((dry["processor_tasks"], dry["recipients_to_inform"]), ([], RECIPIENTS))
        dry = self.rectify("--set", f"name={PERSON['new_name']}", "--dry-run")
        self.assertEqual((dry["processor_tasks"], dry["recipients_to_inform"]), ([], RECIPIENTS))
        dry = self.restrict("--ground", "accuracy", "--dry-run")
        self.assertEqual((dry["processor_tasks"], dry["recipients_to_inform"]), ([], RECIPIENTS))
        text = self.run_cli("erase", "--hetu", HETU, "--dry-run")
        self.assertEqual(text.code, 5, text.stderr)  # the statutory case would be kept
        self.assertIn("would make a task for each processor", text.stdout)
        self.assertEqual(self.task_count(), before)
        self.restrict("--ground", "accuracy")
        self.assertEqual(self.task_count(), 3)
        dry = self.restrict("--lift", "--dry-run")
        self.assertEqual((dry["processor_tasks"], dry["recipients_to_inform"]), ([], RECIPIENTS))
        self.assertEqual(self.task_count(), 3)
        self.assertEqual(self.tasks(), self.tasks("--open"))
        self.assertEqual({t["action"] for t in self.tasks()}, {"restrict"})

    def test_rectify_instructs_when_a_field_changed_and_names_the_field_not_the_value(self):
        same = self.rectify("--set", f"name={PERSON['name']}")
        self.assertEqual((same["fields_changed"], same["processor_tasks"],
                          same["recipients_to_inform"]), ([], [], []))
        self.assertEqual(self.task_count(), 0)
        report = self.rectify("--set", f"name={PERSON['new_name']}",
                              "--set", f"email={PERSON['email']}")
        self.assertEqual(report["fields_changed"], ["name"])
        self.assertEqual(report["recipients_to_inform"], RECIPIENTS)
        ids = self.by_processor(report["processor_tasks"])
        self.assertEqual(list(ids), RECIPIENTS)
        for task_id in ids.values():
            task = self.show(task_id)
            self.assertEqual((task["action"], task["fields"], task["records"]),
                             ("rectify", ["name"], {"customers": [CUSTOMER]}))
        text = self.ok("rectify", "--hetu", HETU, "--set", f"name={PERSON['new_name']}").stdout
        self.assertIn("nothing differed", text)
        self.assertEqual(self.task_count(), 3)
        for row in self.query("SELECT * FROM processor_task"):
            self.assertNotIn(PERSON["new_name"], json.dumps(row))

    def test_restrict_names_every_record_and_lift_the_records_it_lifted(self):
        request_id = self.open_request("restriction", "--hetu", HETU)
        restricted = self.restrict("--ground", "accuracy", "--request", request_id)
        restrict_ids = self.by_processor(restricted["processor_tasks"])
        self.assertEqual(list(restrict_ids), RECIPIENTS)
        for task_id in restrict_ids.values():
            task = self.show(task_id)
            self.assertEqual((task["action"], task["request_id"]), ("restrict", request_id))
            self.assertEqual(sorted_records(task["records"]), EVERY_RECORD)
            # Not the neighbour's call from the same number: it is not the person's.
            self.assertNotIn(NEIGHBOUR_CALL, json.dumps(task))
        lifted = self.restrict("--lift")
        lift_ids = self.by_processor(lifted["processor_tasks"])
        self.assertEqual(list(lift_ids), RECIPIENTS)
        self.assertFalse(set(lift_ids.values()) & set(restrict_ids.values()))
        for task_id in lift_ids.values():
            task = self.show(task_id)
            self.assertEqual((task["action"], task["request_id"]), ("lift", None))
            self.assertEqual(sorted_records(task["records"]), EVERY_RECORD)
        self.assertEqual(self.task_count(), 6)
        # Nothing left to lift: no match, no task.
        self.assertEqual(self.run_cli("restrict", "--hetu", HETU, "--lift").code, 1)
        self.assertEqual(self.task_count(), 6)

    def test_lift_names_only_the_records_the_restriction_covered(self):
        # Restricted by the henkilötunnus, the neighbour's call from the same number is not
        # covered; lifted with the number too, the lift must not instruct about that call.
        self.restrict("--ground", "accuracy")
        lifted = self.ok("--json", "restrict", "--hetu", HETU, "--phone", PHONE_AS_TYPED,
                         "--lift").json()
        validate(lifted, "restrict.schema.json")
        self.assertEqual(lifted["records"]["calls"], 1)
        for task_id in self.by_processor(lifted["processor_tasks"]).values():
            self.assertEqual(sorted_records(self.show(task_id)["records"]), EVERY_RECORD)

    def test_lift_releases_every_record_its_restriction_covered(self):
        # Restricted with the number too, the neighbour's call is covered; lifted by the
        # henkilötunnus alone, the restriction is lifted whole, so its task names that call too.
        restricted = self.ok("--json", "restrict", "--hetu", HETU, "--phone", PHONE_AS_TYPED,
                             "--ground", "accuracy").json()
        covered = sorted_records(self.show(restricted["processor_tasks"][0]["id"])["records"])
        self.assertIn(NEIGHBOUR_CALL, covered["calls"])
        lifted = self.restrict("--lift")
        self.assertEqual(self.query("SELECT count(*) FROM restricted_record"), [(0,)])
        for task_id in self.by_processor(lifted["processor_tasks"]).values():
            self.assertEqual(sorted_records(self.show(task_id)["records"]), covered)

    def test_a_narrowed_policy_instructs_only_the_processors_of_the_categories_touched(self):
        policy = self.narrowed_policy()
        self.assertIn("Telia Finland Oy", self.ok("--policy", policy, "notice", "--lang",
                                                  "en").stdout)
        # A rectification touches only the customer record: Telia and Sysart process none.
        report = self.ok("--json", "--policy", policy, "rectify", "--hetu", HETU, "--set",
                         f"name={PERSON['new_name']}").json()
        validate(report, "rectify.schema.json")
        self.assertEqual(report["recipients_to_inform"], [MONETRA])
        self.assertEqual(list(self.by_processor(report["processor_tasks"])), [MONETRA])
        dry = self.run_cli("--json", "--policy", policy, "erase", "--hetu", HETU, "--dry-run")
        self.assertEqual(dry.code, 5, dry.stderr)
        self.assertEqual(dry.json()["recipients_to_inform"], RECIPIENTS)
        result = self.run_cli("--json", "--policy", policy, "erase", "--hetu", HETU)
        self.assertEqual(result.code, 5, result.stderr)
        erased = result.json()
        validate(erased, "erase.schema.json")
        ids = self.by_processor(erased["processor_tasks"])
        self.assertEqual(list(ids), RECIPIENTS)
        records = {p: sorted_records(self.show(i)["records"]) for p, i in ids.items()}
        self.assertEqual(records, {MONETRA: ERASED,
                                   SYSART: {"cases": [CASE], "chats": [CHAT]},
                                   TELIA: {"calls": [CALL]}})
        self.assertEqual(self.task_count(), 4)
        # The stranger's erasure concerns only a call: Sysart processes no call.
        erased = self.ok("--json", "--policy", policy, "erase", "--phone", STRANGER_PHONE).json()
        self.assertEqual(erased["recipients_to_inform"], [MONETRA, TELIA])
        self.assertEqual(list(self.by_processor(erased["processor_tasks"])), [MONETRA, TELIA])

    def test_the_text_reports_list_the_tasks(self):
        text = self.ok("restrict", "--hetu", HETU, "--ground", "unlawful").stdout
        self.assertIn("send them with processor-task export", text)
        ids = [t["id"] for t in self.tasks()]
        for task_id in ids:
            self.assertIn(task_id, text)


class ListShowTest(ProcessorTaskTest):
    def setUp(self):
        super().setUp()
        earlier = {"OULU10_GDPR_NOW": "2026-11-20T09:00:00Z"}
        self.request = self.open_request("erasure", "--hetu", HETU, received="2026-11-20")
        self.rectified = self.by_processor(self.rectify(
            "--set", f"name={PERSON['new_name']}", env=earlier)["processor_tasks"])
        self.erased = self.by_processor(self.erase("--request", self.request)["processor_tasks"])

    def test_the_list_is_oldest_first_with_age_and_counts_and_filters(self):
        tasks = self.tasks()
        self.assertEqual([t["id"] for t in tasks][:3], sorted(self.rectified.values()))
        self.assertEqual({t["id"] for t in tasks[3:]}, set(self.erased.values()))
        for task in tasks[:3]:
            self.assertEqual((task["action"], task["age_days"], task["created_at"],
                              task["request_id"], task["fields"]),
                             ("rectify", 8, "2026-11-20T09:00:00Z", None, ["name"]))
            self.assertEqual(task["records"], {**{c: 0 for c in CATEGORIES}, "customers": 1})
        for task in tasks[3:]:
            self.assertEqual((task["action"], task["age_days"], task["request_id"],
                              task["state"]), ("erase", 0, self.request, "open"))
            self.assertEqual(task["records"], {**{c: len(ERASED.get(c, [])) for c in CATEGORIES}})
        self.assertEqual([t["id"] for t in self.tasks("--processor", SYSART)],
                         [self.rectified[SYSART], self.erased[SYSART]])
        self.assertEqual({t["id"] for t in self.tasks("--request", self.request)},
                         set(self.erased.values()))
        self.assertEqual(self.tasks("--request", "REQ-2026-0099"), [])
        self.ok("processor-task", "confirm", self.erased[TELIA], "--ref", "TEL-1")
        open_ids = [t["id"] for t in self.tasks("--open")]
        self.assertEqual(len(open_ids), 5)
        self.assertNotIn(self.erased[TELIA], open_ids)
        confirmed = [t for t in self.tasks() if t["id"] == self.erased[TELIA]][0]
        self.assertEqual((confirmed["state"], confirmed["confirmed_at"]), ("confirmed", FIXED_NOW))
        self.assertEqual(self.tasks("--open", "--processor", TELIA),
                         [t for t in self.tasks("--open") if t["processor"] == TELIA])

    def test_the_list_shows_no_record_and_writes_nothing(self):
        before = snapshot(self.db)
        for output in (self.ok("--json", "processor-task", "list").stdout,
                       self.ok("processor-task", "list").stdout):
            self.assert_no_personal_data(output, "the list")
            for source_id in (CUSTOMER, CALL, SURVEY, CHAT, CASE, CONSENT):
                self.assertNotIn(source_id, output)
        self.assertEqual(snapshot(self.db), before)
        text = self.ok("processor-task", "list").stdout
        self.assertIn("6 task(s), 6 open", text)

    def test_show_gives_the_records_and_is_audited(self):
        task = self.show(self.erased[MONETRA])
        self.assertEqual(sorted_records(task["records"]), ERASED)
        self.assertEqual(task["request_id"], self.request)
        entry = self.audit_entries()[-1]
        self.assertEqual((entry["command"], entry["request_id"], entry["outcome"]),
                         ("processor-task show", self.request, "read"))
        self.assertEqual(entry["details"]["task"], self.erased[MONETRA])
        text = self.ok("processor-task", "show", self.erased[TELIA]).stdout
        self.assertIn(CALL, text)
        self.assertIn("confirmed: not yet", text)
        self.assert_no_personal_data(text, "show")

    def test_bad_ids_and_filters_are_refused_and_change_nothing(self):
        self.assert_fails_unchanged(1, "processor-task", "show", "PT-000000000000",
                                    message="no processor task PT-000000000000")
        for bad in ("PT-12345", "PT-ABCDEF012345", "pt-abcdef012345", "PT-abcdef0123456",
                    "REQ-2026-0001"):
            with self.subTest(bad):
                self.assert_fails_unchanged(2, "processor-task", "show", bad, message="ID")
        self.assert_fails_unchanged(2, "processor-task", "list", "--processor", "Nobody Oy",
                                    message="--processor Nobody Oy")
        self.assert_fails_unchanged(2, "processor-task", "list", "--request", "REQ 1",
                                    message="--request")
        self.assert_fails_unchanged(2, "processor-task", "list", "--bogus")
        self.assert_fails_unchanged(2, "processor-task")
        error = self.run_cli("--json", "processor-task", "show", "PT-000000000000")
        self.assertEqual(error.code, 1)
        validate(error.error_json(), "error.schema.json")


class WithTasksTest(ProcessorTaskTest):
    """A rectification, then an erasure under a request: two tasks for every processor."""

    def setUp(self):
        super().setUp()
        self.request = self.open_request("erasure", "--hetu", HETU)
        self.rectified = self.by_processor(self.rectify(
            "--set", f"name={PERSON['new_name']}",
            env={"OULU10_GDPR_NOW": "2026-11-27T09:00:00Z"})["processor_tasks"])
        self.erased = self.by_processor(self.erase("--request", self.request)["processor_tasks"])


class ExportTest(WithTasksTest):

    def test_ndjson_lines_follow_the_schema_and_hold_only_source_ids(self):
        report, path = self.export(SYSART, name="sysart.ndjson")
        self.assertEqual((report["processor"], report["format"], report["tasks"],
                          report["file"]), (SYSART, "ndjson", 2, str(path)))
        self.assertEqual(report["records"], {"customers": 1, "cases": 1, "chats": 1, "calls": 1,
                                             "sms_surveys": 1, "consents": 1})
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        data = path.read_text(encoding="utf-8")
        self.assertTrue(data.endswith("\n"))
        self.assert_no_personal_data(data, "the export")
        lines = [json.loads(line) for line in data.splitlines()]
        for line in lines:
            validate(line, "processor-task-instruction.schema.json")
        self.assertEqual([line["task"] for line in lines],
                         [self.rectified[SYSART], self.erased[SYSART]])
        self.assertEqual(lines[0]["action"], "rectify")
        self.assertEqual((lines[0]["fields"], lines[0]["records"], lines[0]["request"],
                          lines[0]["created_at"]),
                         (["name"], {"customers": [CUSTOMER]}, None, "2026-11-27T09:00:00Z"))
        self.assertEqual((lines[1]["action"], lines[1]["request"], lines[1]["processor"]),
                         ("erase", self.request, SYSART))
        self.assertEqual(sorted_records(lines[1]["records"]), ERASED)
        self.assertEqual(lines[1]["register"], "Keskitetty asiakasneuvonta – Oulu 10 palvelut")
        # One audit entry per task exported, in the same run.
        entries = [e for e in self.audit_entries() if e["command"] == "processor-task export"]
        self.assertEqual([e["details"]["task"] for e in entries],
                         [self.rectified[SYSART], self.erased[SYSART]])
        self.assertEqual({(e["details"]["format"], e["details"]["processor"], e["outcome"])
                          for e in entries}, {("ndjson", SYSART, "exported")})
        self.assertEqual([e["request_id"] for e in entries], [None, self.request])

    def test_open_leaves_out_what_was_confirmed(self):
        self.ok("processor-task", "confirm", self.rectified[TELIA], "--ref", "TEL-7")
        report, path = self.export(TELIA, "--open")
        self.assertEqual(report["tasks"], 1)
        self.assertEqual([json.loads(l)["task"] for l in path.read_text().splitlines()],
                         [self.erased[TELIA]])
        report, path = self.export(TELIA)
        self.assertEqual(report["tasks"], 2)

    def test_csv_is_rfc_4180_one_row_per_task(self):
        report, path = self.export(MONETRA, "--format", "csv", name="monetra.csv")
        self.assertEqual((report["format"], report["tasks"]), ("csv", 2))
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        raw = path.read_bytes()
        self.assertTrue(raw.endswith(b"\r\n"))
        self.assertEqual(raw.count(b"\n"), raw.count(b"\r\n"))
        self.assertEqual(raw.count(b"\r\n"), 3)
        text = raw.decode("utf-8")
        self.assert_no_personal_data(text, "the CSV export")
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        self.assertEqual(rows[0], CSV_HEADER)
        rows = [dict(zip(CSV_HEADER, row)) for row in rows[1:]]
        for row in rows:
            self.assertEqual(len(row), len(CSV_HEADER))
        self.assertEqual([r["task"] for r in rows],
                         [self.rectified[MONETRA], self.erased[MONETRA]])
        self.assertEqual(rows[0], {"task": self.rectified[MONETRA], "processor": MONETRA,
                                   "action": "rectify", "fields": "name", "request": "",
                                   "created_at": "2026-11-27T09:00:00Z", "customers": CUSTOMER,
                                   "cases": "", "chats": "", "calls": "", "sms_surveys": "",
                                   "consents": ""})
        self.assertEqual(rows[1], {"task": self.erased[MONETRA], "processor": MONETRA,
                                   "action": "erase", "fields": "", "request": self.request,
                                   "created_at": FIXED_NOW, "customers": "", "cases": CASE,
                                   "chats": CHAT, "calls": CALL, "sms_surveys": SURVEY,
                                   "consents": CONSENT})
        entries = [e for e in self.audit_entries() if e["command"] == "processor-task export"]
        self.assertEqual([(e["details"]["task"], e["details"]["format"]) for e in entries],
                         [(self.rectified[MONETRA], "csv"), (self.erased[MONETRA], "csv")])

    def test_a_csv_cell_holds_every_id_of_its_category(self):
        self.ok("import", self.write_lines("more.ndjson", [
            {"type": "call", "id": "call-7340", "customer": CUSTOMER, "phone": PHONE_AS_TYPED,
             "started_at": "2026-11-01T10:00:00Z"},
            {"type": "call", "id": "call-7341", "customer": CUSTOMER, "phone": PHONE_AS_TYPED,
             "started_at": "2026-11-02T10:00:00Z"}]))
        ids = self.by_processor(self.erase()["processor_tasks"])
        _, path = self.export(TELIA, "--open", "--format", "csv")
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        row = [r for r in rows if r["task"] == ids[TELIA]][0]
        self.assertEqual(sorted(row["calls"].split("\n")), ["call-7340", "call-7341"])

    def test_a_csv_cell_reads_back_as_the_task_s_ids_when_an_id_holds_a_space(self):
        # A source system's id may hold any character but a control character (import schema):
        # "TEL 2026/5501" is one call, and the processor must read it back as one.
        self.ok("import", self.write_lines("spaced.ndjson", [
            {"type": "customer", "id": "asiakas 88", "hetu": "131052-308T", "name": "Eero"},
            {"type": "call", "id": "TEL 2026/5501", "customer": "asiakas 88",
             "phone": "0401112222", "started_at": "2026-11-01T10:00:00Z"},
            {"type": "call", "id": "TEL-5502", "customer": "asiakas 88",
             "phone": "0401112222", "started_at": "2026-11-02T10:00:00Z"}]))
        report = self.ok("--json", "erase", "--hetu", "131052-308T").json()
        telia = self.by_processor(report["processor_tasks"])[TELIA]
        records = self.show(telia)["records"]
        self.assertEqual(sorted(records["calls"]), ["TEL 2026/5501", "TEL-5502"])
        _, path = self.export(TELIA, "--open", "--format", "csv")
        with open(path, newline="", encoding="utf-8") as handle:
            row = [r for r in csv.DictReader(handle) if r["task"] == telia][0]
        self.assertEqual(sorted(row["calls"].split("\n")), sorted(records["calls"]))
        self.assertEqual(row["customers"].split("\n"), records["customers"])

    def test_an_unknown_processor_or_format_is_refused_and_writes_nothing(self):
        out = self.dir / "nobody.ndjson"
        self.assert_fails_unchanged(2, "processor-task", "export", "--processor", "Nobody Oy",
                                    "-o", out, message="not a processor of the policy")
        self.assertFalse(out.exists())
        self.assert_fails_unchanged(2, "processor-task", "export", "--processor", SYSART,
                                    "--format", "xlsx", "-o", out)
        self.assert_fails_unchanged(2, "processor-task", "export", "--processor", SYSART)
        self.assertFalse(out.exists())
        self.assertEqual([p.name for p in self.dir.iterdir() if "nobody" in p.name], [])

    def test_a_processor_with_no_open_task_gets_an_empty_file(self):
        self.ok("processor-task", "confirm", self.erased[TELIA], "--ref", "TEL-1")
        self.ok("processor-task", "confirm", self.rectified[TELIA], "--ref", "TEL-2")
        report, _ = self.export(TELIA, "--open", name="none.ndjson")
        self.assertEqual(report["tasks"], 0)
        self.assertEqual(report["records"], {c: 0 for c in CATEGORIES})
        self.assertEqual((self.dir / "none.ndjson").read_bytes(), b"")


class ConfirmTest(WithTasksTest):

    def test_a_task_is_confirmed_once(self):
        report = self.confirm(self.erased[SYSART], "--ref", "SYS-2026-118",
                              "--actor", "kirjaamo.anna",
                              env={"OULU10_GDPR_NOW": "2026-12-01T08:00:00Z"})
        self.assertEqual(report, {"ref": "SYS-2026-118", "from": None, "confirmed": [
            {"id": self.erased[SYSART], "processor": SYSART, "action": "erase",
             "request_id": self.request}]})
        task = self.show(self.erased[SYSART])
        self.assertEqual((task["state"], task["confirmed_at"], task["confirmation"]),
                         ("confirmed", "2026-12-01T08:00:00Z",
                          {"at": "2026-12-01T08:00:00Z", "by": "kirjaamo.anna",
                           "ref": "SYS-2026-118"}))
        entry = [e for e in self.audit_entries() if e["command"] == "processor-task confirm"]
        self.assertEqual(len(entry), 1)
        self.assertEqual((entry[0]["details"]["task"], entry[0]["request_id"],
                          entry[0]["actor"], entry[0]["outcome"]),
                         (self.erased[SYSART], self.request, "kirjaamo.anna", "confirmed"))
        self.assert_fails_unchanged(2, "processor-task", "confirm", self.erased[SYSART],
                                    "--ref", "SYS-again", message="already confirmed")
        self.assertEqual(self.show(self.erased[SYSART])["confirmation"]["ref"], "SYS-2026-118")

    def test_bad_confirmations_are_refused_and_change_nothing(self):
        task = self.erased[MONETRA]
        self.assert_fails_unchanged(1, "processor-task", "confirm", "PT-000000000000", "--ref",
                                    "x", message="no processor task")
        self.assert_fails_unchanged(2, "processor-task", "confirm", "PT-0000", "--ref", "x",
                                    message="PT- and 12 hex digits")
        for ref in ("", "   ", "MON\x1b[2J", "MON\n2", "x" * 501):
            with self.subTest(ref=ref):
                self.assert_fails_unchanged(2, "processor-task", "confirm", task, "--ref", ref,
                                            message="--ref")
        self.assert_fails_unchanged(2, "processor-task", "confirm", task)  # no --ref
        file = self.dir / "done.txt"
        file.write_text(task + "\n")
        self.assert_fails_unchanged(2, "processor-task", "confirm", task, "--processor", MONETRA,
                                    "--from", file, "--ref", "x")
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--from", file, "--ref", "x",
                                    message="--processor")
        self.assert_fails_unchanged(2, "processor-task", "confirm", task, "--processor", MONETRA,
                                    "--ref", "x", message="--processor")
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--ref", "x")
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor", "Nobody Oy",
                                    "--from", file, "--ref", "x", message="Nobody Oy")
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor", MONETRA,
                                    "--from", self.dir / "missing.txt", "--ref", "x",
                                    message="missing.txt")
        self.assertEqual(self.confirmed_ids(), set())

    def test_a_returned_file_with_any_bad_line_confirms_nothing_and_names_the_lines(self):
        self.ok("processor-task", "confirm", self.rectified[MONETRA], "--ref", "MON-1")
        file = self.dir / "monetra-done.txt"
        file.write_text("\n".join([
            self.erased[MONETRA],        # 1: fine on its own
            "PT-0123456789ab",           # 2: no such task
            self.erased[SYSART],         # 3: Sysart's
            "",                          # 4: blank, skipped
            self.erased[MONETRA],        # 5: repeats line 1
            "PT-XYZ",                    # 6: not a task id
            self.rectified[MONETRA],     # 7: confirmed already
        ]) + "\n")
        before = snapshot(self.db)
        result = self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor",
                                             MONETRA, "--from", file, "--ref", "MON-2",
                                             message="nothing confirmed")
        error = result.stderr
        for line, what in ((2, "no processor task PT-0123456789ab"),
                           (3, f"is a task of {SYSART}"),
                           (5, "repeats line 1"),
                           (6, "not a task id"),
                           (7, "already confirmed")):
            self.assertRegex(error, rf"line {line}: [^;]*{re.escape(what)}")
        self.assertNotRegex(error, r"line [14]:")
        self.assertEqual(snapshot(self.db), before)
        self.assertEqual(self.confirmed_ids(), {self.rectified[MONETRA]})
        json_error = self.run_cli("--json", "processor-task", "confirm", "--processor", MONETRA,
                                  "--from", file, "--ref", "MON-2")
        self.assertEqual(json_error.code, 2)
        validate(json_error.error_json(), "error.schema.json")
        self.assertEqual(snapshot(self.db), before)

    def test_a_repeated_id_alone_refuses_the_whole_file(self):
        file = self.dir / "twice.txt"
        file.write_text(f"{self.erased[TELIA]}\n{self.rectified[TELIA]}\n{self.erased[TELIA]}\n")
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor", TELIA,
                                    "--from", file, "--ref", "TEL-1",
                                    message="line 3: " + self.erased[TELIA] + " repeats line 1")
        self.assertEqual(self.confirmed_ids(), set())

    def test_more_bad_lines_than_the_error_names_are_counted(self):
        file = self.dir / "many.txt"
        file.write_text("".join(f"PT-00000000000{i}\n" for i in range(8)))
        result = self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor",
                                             TELIA, "--from", file, "--ref", "TEL-1",
                                             message="and 3 more")
        self.assertIn("line 5:", result.stderr)
        self.assertNotIn("line 6:", result.stderr)

    def test_a_file_that_names_no_task_is_refused(self):
        file = self.dir / "empty.csv"
        file.write_text("task,processor\r\n\r\n")
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor", TELIA,
                                    "--from", file, "--ref", "TEL-1", message="names no task")
        bad_json = self.dir / "bad.ndjson"
        bad_json.write_text('{"task": 17}\n{"id": "' + self.erased[TELIA] + '"}\n{"task": \n')
        result = self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor",
                                             TELIA, "--from", bad_json, "--ref", "TEL-1")
        for line in (1, 2, 3):
            self.assertIn(f"line {line}:", result.stderr)
        unterminated = self.dir / "quote.csv"
        unterminated.write_text(f'"{self.erased[TELIA]},Telia\n')
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor", TELIA,
                                    "--from", unterminated, "--ref", "TEL-1",
                                    message="line 1: a quoted field is not closed")
        self.assertEqual(self.confirmed_ids(), set())

    def test_the_exported_csv_returned_confirms_every_task_it_lists(self):
        _, path = self.export(SYSART, "--format", "csv", "--open", name="sysart.csv")
        report = self.confirm("--processor", SYSART, "--from", path, "--ref", "e-mail 3.12.")
        self.assertEqual(report["from"], str(path))
        self.assertEqual(report["ref"], "e-mail 3.12.")
        self.assertEqual([t["id"] for t in report["confirmed"]],
                         [self.rectified[SYSART], self.erased[SYSART]])
        self.assertEqual(self.confirmed_ids(), {self.rectified[SYSART], self.erased[SYSART]})
        entries = [e for e in self.audit_entries() if e["command"] == "processor-task confirm"]
        self.assertEqual(sorted(e["details"]["task"] for e in entries),
                         sorted([self.rectified[SYSART], self.erased[SYSART]]))
        # Returned again: every line is now already confirmed.
        self.assert_fails_unchanged(2, "processor-task", "confirm", "--processor", SYSART,
                                    "--from", path, "--ref", "again",
                                    message="line 2: ")

    def test_the_exported_ndjson_returned_confirms_every_task_it_lists(self):
        _, path = self.export(TELIA, name="telia.ndjson")
        # As a processor might return it: with its own notes added to each object.
        lines = [json.loads(line) for line in path.read_text().splitlines()]
        returned = self.dir / "telia-done.ndjson"
        returned.write_text("".join(json.dumps({**line, "done": True}) + "\r\n"
                                    for line in lines))
        for line in lines:
            validate({**line, "done": True}, "processor-task-confirmation.schema.json")
        report = self.confirm("--processor", TELIA, "--from", returned, "--ref", "TEL-99")
        self.assertEqual([t["id"] for t in report["confirmed"]],
                         [self.rectified[TELIA], self.erased[TELIA]])
        self.assertEqual(self.confirmed_ids(), {self.rectified[TELIA], self.erased[TELIA]})

    def test_lines_as_other_tools_end_them_and_empty_rows_are_read(self):
        _, path = self.export(TELIA, name="telia.ndjson")
        returned = self.dir / "telia-cr.ndjson"
        # Lines ended by CR alone, and a row of empty cells as a spreadsheet saves a blank line.
        returned.write_text("\r".join(path.read_text().splitlines()) + "\r,,,\r")
        report = self.confirm("--processor", TELIA, "--from", returned, "--ref", "TEL-100")
        self.assertEqual(len(report["confirmed"]), 2)

    def test_a_plain_list_of_ids_and_a_quoted_csv_are_read(self):
        plain = self.dir / "plain.txt"
        plain.write_text(f"\n{self.erased[MONETRA]}\r\n   \n")
        self.assertEqual(len(self.confirm("--processor", MONETRA, "--from", plain, "--ref",
                                          "MON-1")["confirmed"]), 1)
        quoted = self.dir / "quoted.csv"
        quoted.write_text(f'task,note\n"{self.rectified[MONETRA]}","done, ""all"""\n')
        self.assertEqual([t["id"] for t in self.confirm("--processor", MONETRA, "--from",
                                                        quoted, "--ref", "MON-2")["confirmed"]],
                         [self.rectified[MONETRA]])
        text = self.ok("processor-task", "confirm", self.erased[SYSART], "--ref", "S-1").stdout
        self.assertIn("confirmed 1 task(s), ref S-1", text)
        self.assertIn(self.erased[SYSART], text)


class RequestCloseTest(ProcessorTaskTest):
    def setUp(self):
        super().setUp()
        self.request = self.open_request("erasure", "--hetu", HETU)
        self.erased = self.by_processor(self.erase("--request", self.request)["processor_tasks"])

    def request_list_item(self):
        document = self.ok("--json", "request", "list").json()
        validate(document, "request-list.schema.json")
        return [r for r in document["requests"] if r["id"] == self.request][0]

    def request_show(self):
        document = self.ok("--json", "request", "show", self.request).json()
        validate(document, "request-show.schema.json")
        return document

    def test_completed_is_refused_while_a_task_is_open(self):
        self.assertEqual(self.request_list_item()["open_processor_tasks"], 3)
        shown = self.request_show()
        self.assertEqual(shown["request"]["open_processor_tasks"], 3)
        self.assertEqual([(t["id"], t["processor"], t["action"], t["state"],
                           t["confirmed_at"], t["confirmation_ref"])
                          for t in shown["processor_tasks"]],
                         sorted([(i, p, "erase", "open", None, None)
                                 for p, i in self.erased.items()]))
        result = self.assert_fails_unchanged(2, "request", "close", self.request, "--outcome",
                                             "completed", message="not completed")
        for task_id in self.erased.values():
            self.assertIn(task_id, result.stderr)
        self.confirm(self.erased[MONETRA], "--ref", "MON-1")
        self.confirm(self.erased[SYSART], "--ref", "SYS-1",
                     env={"OULU10_GDPR_NOW": "2026-11-29T10:00:00Z"})
        self.assertEqual(self.request_list_item()["open_processor_tasks"], 1)
        shown = {t["id"]: t for t in self.request_show()["processor_tasks"]}
        self.assertEqual((shown[self.erased[SYSART]]["state"],
                          shown[self.erased[SYSART]]["confirmed_at"],
                          shown[self.erased[SYSART]]["confirmation_ref"]),
                         ("confirmed", "2026-11-29T10:00:00Z", "SYS-1"))
        result = self.assert_fails_unchanged(
            2, "request", "close", self.request, "--outcome", "completed",
            message=self.erased[TELIA], env={"OULU10_GDPR_NOW": "2026-11-29T11:00:00Z"})
        self.assertNotIn(self.erased[MONETRA], result.stderr)
        self.confirm(self.erased[TELIA], "--ref", "TEL-1",
                     env={"OULU10_GDPR_NOW": "2026-11-29T11:00:00Z"})
        closed = self.ok("--json", "request", "close", self.request, "--outcome", "completed",
                         env={"OULU10_GDPR_NOW": "2026-11-29T12:00:00Z"}).json()
        validate(closed, "request-close.schema.json")
        self.assertEqual(self.request_list_item()["open_processor_tasks"], 0)
        self.assertEqual(self.request_show()["request"]["status"], "completed")

    def test_partially_completed_with_the_reasons_is_allowed_with_open_tasks(self):
        self.assert_fails_unchanged(2, "request", "close", self.request, "--outcome",
                                    "partially-completed")  # reasons are needed
        closed = self.ok("--json", "request", "close", self.request, "--outcome",
                         "partially-completed", "--reason", "Telia has not answered").json()
        validate(closed, "request-close.schema.json")
        self.assertEqual(len(self.tasks("--open", "--request", self.request)), 3)
        # The tasks can still be confirmed after the request was closed.
        self.confirm(self.erased[TELIA], "--ref", "TEL-late")
        self.assertEqual(self.request_list_item()["open_processor_tasks"], 2)

    def test_a_request_without_tasks_closes_completed(self):
        other = self.open_request("access", "--hetu", HETU)
        self.ok("request", "close", other, "--outcome", "completed")
        self.assertEqual(self.tasks("--request", other), [])


class PurgeTest(ProcessorTaskTest):
    statutory = False

    def purge(self, now):
        report = self.ok("--json", "purge", env={"OULU10_GDPR_NOW": now}).json()
        validate(report, "purge.schema.json")
        return report

    def ids(self):
        return {row[0] for row in self.query("SELECT id FROM processor_task")}

    def test_a_confirmed_task_goes_five_years_after_the_later_of_confirmation_and_closing(self):
        # Closed first, confirmed later: counted from the confirmation.
        early = self.open_request("erasure", "--hetu", HETU)
        early_tasks = self.by_processor(self.erase("--request", early)["processor_tasks"])
        self.ok("request", "close", early, "--outcome", "partially-completed", "--reason",
                "waiting for the processors")                       # 2026-11-28T12:00:00Z
        for task_id in early_tasks.values():
            self.confirm(task_id, "--ref", "late", env={"OULU10_GDPR_NOW": "2026-12-10T09:00:00Z"})
        # Confirmed first, closed later: counted from the closing.
        late = self.open_request("restriction", "--phone", STRANGER_PHONE)
        late_tasks = self.by_processor(self.ok(
            "--json", "restrict", "--phone", STRANGER_PHONE, "--ground", "accuracy",
            "--request", late).json()["processor_tasks"])
        for task_id in late_tasks.values():
            self.confirm(task_id, "--ref", "early")                 # 2026-11-28T12:00:00Z
        self.ok("request", "close", late, "--outcome", "completed",
                env={"OULU10_GDPR_NOW": "2027-01-15T10:00:00Z"})
        early_ids, late_ids = set(early_tasks.values()), set(late_tasks.values())
        self.assertEqual(self.ids(), early_ids | late_ids)

        report = self.purge("2031-11-28T11:59:59Z")
        self.assertEqual((report["processor_tasks_deleted"], report["requests_deleted"]), (0, 0))
        # The early request goes at the end of its five years; its tasks, confirmed later, stay.
        report = self.purge("2031-11-28T12:00:00Z")
        self.assertEqual((report["processor_tasks_deleted"], report["requests_deleted"]), (0, 1))
        self.assertEqual(self.ids(), early_ids | late_ids)
        report = self.purge("2031-12-10T08:59:59Z")
        self.assertEqual(report["processor_tasks_deleted"], 0)
        report = self.purge("2031-12-10T09:00:00Z")
        self.assertEqual(report["processor_tasks_deleted"], 3)
        self.assertEqual(self.ids(), late_ids)
        report = self.purge("2032-01-15T09:59:59Z")
        self.assertEqual((report["processor_tasks_deleted"], report["requests_deleted"]), (0, 0))
        report = self.purge("2032-01-15T10:00:00Z")
        self.assertEqual((report["processor_tasks_deleted"], report["requests_deleted"]), (3, 1))
        self.assertEqual(self.ids(), set())
        # Nothing is left to find them by either.
        self.assertEqual(self.query("SELECT count(*) FROM processor_task_subject"), [(0,)])
        purges = [e for e in self.audit_entries() if e["command"] == "purge"
                  and e["outcome"] == "purged" and e["details"]["processor_tasks"] > 0]
        self.assertEqual([e["details"]["processor_tasks"] for e in purges], [3, 3])
        self.ok("audit", "verify")

    def test_a_task_without_a_request_goes_five_years_after_its_confirmation(self):
        ids = self.by_processor(self.erase()["processor_tasks"])
        stranger = self.by_processor(self.ok("--json", "erase", "--phone", STRANGER_PHONE)
                                     .json()["processor_tasks"])
        self.confirm(stranger[TELIA], "--ref", "TEL-1")  # at FIXED_NOW
        self.confirm(ids[MONETRA], "--ref", "MON-1",
                     env={"OULU10_GDPR_NOW": "2027-03-01T08:00:00Z"})
        # purge --as-of at the boundary, under a later clock.
        later = {"OULU10_GDPR_NOW": "2031-12-01T00:00:00Z"}
        report = self.ok("--json", "purge", "--as-of", "2031-11-28T11:59:59Z", env=later).json()
        validate(report, "purge.schema.json")
        self.assertEqual(report["processor_tasks_deleted"], 0)
        report = self.ok("--json", "purge", "--as-of", "2031-11-28T12:00:00Z", env=later).json()
        self.assertEqual(report["processor_tasks_deleted"], 1)
        self.assertEqual(self.ids(), set(ids.values()) | {stranger[MONETRA], stranger[SYSART]})
        # A dry run looking ahead counts, and deletes nothing.
        dry = self.ok("--json", "purge", "--dry-run", "--as-of", "2032-03-01T08:00:00Z",
                      env=later).json()
        validate(dry, "purge.schema.json")
        self.assertEqual(dry["processor_tasks_deleted"], 1)
        self.assertIn(ids[MONETRA], self.ids())
        self.assertEqual(self.purge("2032-03-01T07:59:59Z")["processor_tasks_deleted"], 0)
        self.assertEqual(self.purge("2032-03-01T08:00:00Z")["processor_tasks_deleted"], 1)
        self.assertEqual(self.ids(), {ids[SYSART], ids[TELIA], stranger[MONETRA],
                                      stranger[SYSART]})

    def test_unconfirmed_tasks_and_tasks_of_open_requests_are_never_purged(self):
        request = self.open_request("erasure", "--hetu", HETU)
        ids = self.by_processor(self.erase("--request", request)["processor_tasks"])
        self.confirm(ids[SYSART], "--ref", "SYS-1")  # its request stays open
        report = self.purge("2100-01-01T00:00:00Z")
        self.assertEqual(report["processor_tasks_deleted"], 0)
        self.assertEqual(self.ids(), set(ids.values()))
        self.ok("request", "close", request, "--outcome", "partially-completed", "--reason",
                "two processors have not answered", env={"OULU10_GDPR_NOW": "2100-01-01T00:00:00Z"})
        self.assertEqual(self.purge("2105-01-01T00:00:00Z")["processor_tasks_deleted"], 1)
        self.assertEqual(self.ids(), {ids[MONETRA], ids[TELIA]})
        self.assertEqual(self.purge("2199-01-01T00:00:00Z")["processor_tasks_deleted"], 0)


class InspectTest(ProcessorTaskTest):
    statutory = False

    def inspect(self, *selectors, code=0):
        result = self.run_cli("--json", "inspect", *selectors)
        self.assertEqual(result.code, code, result.stderr)
        if code != 0:
            return None
        document = result.json()
        validate(document, "inspect.schema.json")
        self.assertEqual(document["schema_version"], 4)
        return document

    def test_the_access_reply_lists_the_tasks_also_after_the_erasure(self):
        request = self.open_request("erasure", "--hetu", HETU)
        rectified = self.by_processor(self.rectify(
            "--set", f"name={PERSON['new_name']}")["processor_tasks"])
        self.assertEqual({t["id"] for t in self.inspect("--hetu", HETU)["processor_tasks"]},
                         set(rectified.values()))
        erased = self.by_processor(self.erase("--request", request)["processor_tasks"])
        self.confirm(erased[TELIA], "--ref", "TEL-1")
        for selectors in (("--hetu", HETU), ("--customer", CUSTOMER)):
            with self.subTest(selectors=selectors):
                document = self.inspect(*selectors)
                tasks = {t["id"]: t for t in document["processor_tasks"]}
                self.assertEqual(set(tasks), set(rectified.values()) | set(erased.values()))
                self.assertEqual(sorted_records(tasks[erased[SYSART]]["records"]),
                                 {"customers": [CUSTOMER], "cases": [CASE], "chats": [CHAT],
                                  "calls": [CALL], "sms_surveys": [SURVEY],
                                  "consents": [CONSENT]})
                self.assertEqual((tasks[erased[SYSART]]["request_id"],
                                  tasks[erased[TELIA]]["confirmed_at"],
                                  tasks[erased[SYSART]]["confirmed_at"],
                                  tasks[rectified[MONETRA]]["fields"]),
                                 (request, FIXED_NOW, None, ["name"]))
        entry = self.audit_entries()[-1]
        self.assertEqual((entry["command"], entry["details"]["processor_tasks"]), ("inspect", 6))
        letter = self.ok("inspect", "--hetu", HETU, "--lang", "en").stdout
        self.assertIn(SYSART, letter)
        self.assertIn(erased[SYSART], letter)

    def test_an_erasure_by_the_number_shows_its_tasks_through_its_request(self):
        # Filed under the henkilötunnus the records had, the tasks of an erasure made by the
        # number alone are found again through the request the reply lists.
        request = self.open_request("erasure", "--phone", PHONE_AS_TYPED)
        erased = self.by_processor(self.ok("--json", "erase", "--phone", PHONE_AS_TYPED,
                                           "--request", request).json()["processor_tasks"])
        self.assertEqual(len(erased), 3)
        document = self.inspect("--phone", PHONE_AS_TYPED)
        self.assertEqual([r["id"] for r in document["requests"]], [request])
        self.assertEqual({t["id"] for t in document["processor_tasks"]}, set(erased.values()))

    def test_someone_sharing_only_the_number_does_not_see_the_customer_s_tasks(self):
        erased = self.by_processor(self.erase()["processor_tasks"])
        self.assertEqual(len(erased), 3)
        # The neighbour's unlinked call from the erased customer's number is still there.
        document = self.inspect("--phone", PHONE_AS_TYPED)
        self.assertEqual([c["id"] for c in document["records"]["calls"]], [NEIGHBOUR_CALL])
        self.assertEqual(document["processor_tasks"], [])

    def test_the_tasks_of_a_subject_known_by_a_number_are_found_by_the_number(self):
        erased = self.by_processor(self.ok("--json", "erase", "--phone", STRANGER_PHONE).json()
                                   ["processor_tasks"])
        document = self.inspect("--phone", STRANGER_PHONE)
        self.assertEqual({t["id"] for t in document["processor_tasks"]}, set(erased.values()))
        for task in document["processor_tasks"]:
            self.assertEqual(task["records"], {"calls": [STRANGER_CALL]})
        # The person's own reply does not hold the stranger's tasks.
        self.assertEqual(self.inspect("--hetu", HETU)["processor_tasks"], [])


class AuditTest(ProcessorTaskTest):
    def test_every_step_is_audited_and_the_trail_holds_no_personal_data(self):
        request = self.open_request("erasure", "--hetu", HETU)
        self.rectify("--set", f"name={PERSON['new_name']}")
        self.restrict("--ground", "accuracy")
        self.restrict("--lift")
        erased = self.by_processor(self.erase("--request", request)["processor_tasks"])
        self.show(erased[MONETRA])
        self.tasks()
        _, path = self.export(SYSART, "--format", "csv")
        self.confirm("--processor", SYSART, "--from", path, "--ref", "SYS-1")
        self.confirm(erased[MONETRA], "--ref", "MON-1")
        self.confirm(erased[TELIA], "--ref", "TEL-1")
        self.ok("request", "close", request, "--outcome", "completed")
        self.ok("inspect", "--hetu", HETU)
        entries = self.audit_entries()
        commands = [e["command"] for e in entries]
        self.assertEqual(commands.count("processor-task show"), 1)
        self.assertEqual(commands.count("processor-task export"), 4)  # Sysart's 4 tasks
        self.assertEqual(commands.count("processor-task confirm"), 6)
        self.assertNotIn("processor-task list", commands)
        for entry in entries:
            if entry["command"].startswith("processor-task"):
                self.assertRegex(entry["details"]["task"], TASK_ID)
                self.assertIn(entry["details"]["processor"], RECIPIENTS)
        close = [e for e in entries if e["command"] == "request close"][0]
        self.assertEqual(close["details"]["open_processor_tasks"], 0)
        self.assert_no_personal_data(json.dumps(entries, ensure_ascii=False), "the audit trail")
        self.assert_no_personal_data(self.ok("audit").stdout, "the audit trail as text")
        self.ok("audit", "verify")


class RestoreTest(ProcessorTaskTest):
    statutory = False

    def test_a_replay_makes_the_tasks_again_under_the_same_ids(self):
        journal = Path(f"{self.db}.rights-journal")
        for leftover in ("-wal", "-shm"):
            self.assertFalse(Path(f"{self.db}{leftover}").exists())
        backup = self.dir / "backup.db"
        shutil.copy(self.db, backup)
        request = self.open_request("restriction", "--hetu", HETU)
        restricted = self.restrict("--ground", "accuracy", "--request", request)
        lifted = self.restrict("--lift")
        erased = self.erase()
        made = [self.by_processor(r["processor_tasks"]) for r in (restricted, lifted, erased)]
        self.confirm(made[2][MONETRA], "--ref", "MON-1")
        self.assertEqual(len(journal.read_text().splitlines()), 3)

        for leftover in ("-wal", "-shm"):
            Path(f"{self.db}{leftover}").unlink(missing_ok=True)
        shutil.copy(backup, self.db)
        self.assertEqual(self.task_count(), 0)
        self.assert_fails_unchanged(6, "processor-task", "list")
        replay_now = {"OULU10_GDPR_NOW": "2026-12-05T08:30:00Z"}
        dry = self.ok("--json", "restore", "--replay", "--dry-run", env=replay_now).json()
        validate(dry, "restore.schema.json")
        self.assertEqual([c["processor_tasks"] for c in dry["replayed"]], [[], [], []])
        self.assertEqual(self.task_count(), 0)
        report = self.ok("--json", "restore", "--replay", env=replay_now).json()
        validate(report, "restore.schema.json")
        self.assertEqual([c["change"] for c in report["replayed"]], ["restrict", "lift", "erase"])
        self.assertEqual([self.by_processor(c["processor_tasks"]) for c in report["replayed"]],
                         made)
        for action, ids in zip(("restrict", "lift", "erase"), made):
            for processor, task_id in ids.items():
                # As the change made it, from its time, but open: the copy lacked the confirmation.
                task = self.show(task_id, env=replay_now)
                self.assertEqual((task["processor"], task["action"], task["state"],
                                  task["created_at"], task["confirmation"]),
                                 (processor, action, "open", FIXED_NOW, None))
        self.assertEqual(sorted_records(self.show(made[2][SYSART], env=replay_now)["records"]),
                         {"customers": [CUSTOMER], "cases": [CASE], "chats": [CHAT],
                          "calls": [CALL], "sms_surveys": [SURVEY], "consents": [CONSENT]})
        self.assertEqual(self.show(made[0][TELIA], env=replay_now)["request_id"], request)
        self.assertEqual(self.task_count(), 9)
        # The inspect of the erased person finds them again.
        document = self.ok("--json", "inspect", "--hetu", HETU, env=replay_now).json()
        validate(document, "inspect.schema.json")
        self.assertEqual({t["id"] for t in document["processor_tasks"]},
                         {i for ids in made for i in ids.values()})

    def test_a_replayed_lift_names_only_the_records_the_restriction_covered(self):
        # Restricted by the henkilötunnus, lifted with the number too: the lift's tasks name the
        # person's records, not the neighbour's call from the number, which no restriction
        # covered. A replay of the lift must make the same tasks.
        backup = self.dir / "backup.db"
        shutil.copy(self.db, backup)
        self.restrict("--ground", "accuracy")
        lifted = self.ok("--json", "restrict", "--hetu", HETU, "--phone", PHONE_AS_TYPED,
                         "--lift").json()
        lift_ids = self.by_processor(lifted["processor_tasks"])
        first = {i: sorted_records(self.show(i)["records"]) for i in lift_ids.values()}
        for records in first.values():
            self.assertEqual(records, {**EVERY_RECORD, "cases": [CASE]})
        for leftover in ("-wal", "-shm"):
            Path(f"{self.db}{leftover}").unlink(missing_ok=True)
        shutil.copy(backup, self.db)
        replay_now = {"OULU10_GDPR_NOW": "2026-12-05T08:30:00Z"}
        report = self.ok("--json", "restore", "--replay", env=replay_now).json()
        validate(report, "restore.schema.json")
        self.assertEqual(self.by_processor(report["replayed"][1]["processor_tasks"]), lift_ids)
        again = {i: sorted_records(self.show(i, env=replay_now)["records"])
                 for i in lift_ids.values()}
        self.assertEqual(again, first)
