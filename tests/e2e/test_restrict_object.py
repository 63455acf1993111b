"""restrict (art. 18), object (art. 21), withdraw-consent (art. 7(3)) and survey-eligible."""
import json

from support import EXAMPLES, RegisterTest, is_audit_trail, snapshot, validate

AINO = "010185-912T"
AINO_PHONE = "+358400001234"
RECIPIENTS = ["Monetra Oulu Oy", "Sysart Oy", "Telia Finland Oy"]


class RightsTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        self.ok("import", self.write_lines("others.ndjson", [
            {"type": "customer", "id": "c-50", "hetu": "131052-308T", "phone": "0505550000"},
            {"type": "call", "id": "k-50", "customer": "c-50", "phone": "0505550000",
             "started_at": "2026-11-20T09:00:00Z"},
            {"type": "call", "id": "k-51", "phone": "0449990000",
             "started_at": "2026-11-21T09:00:00Z"},
            {"type": "call", "id": "k-52", "phone": "0449990000",
             "started_at": "2026-11-22T09:00:00Z"},
            {"type": "call", "id": "k-old", "phone": "0441110000",
             "started_at": "2025-01-01T09:00:00Z"},
        ]))

    def eligible(self, since="2026-01-01"):
        document = self.ok("--json", "survey-eligible", "--since", since).json()
        validate(document, "survey-eligible.schema.json")
        return {n["phone"]: n["call"] for n in document["numbers"]}

    def records(self):
        return [line for line in snapshot(self.db)[1]
                if not is_audit_trail(line)]


class RestrictTest(RightsTest):
    def test_restricts_every_record_and_inspect_shows_it(self):
        request_id = self.open_request("restriction", "--hetu", AINO)
        report = self.ok("--json", "restrict", "--hetu", AINO, "--ground", "accuracy",
                         "--request", request_id).json()
        validate(report, "restrict.schema.json")
        self.assertEqual(report["records"], {"customers": 1, "cases": 1, "chats": 1, "calls": 1,
                                             "sms_surveys": 1, "consents": 1})
        self.assertEqual(report["recipients_to_inform"], RECIPIENTS)
        access = self.ok("--json", "inspect", "--hetu", AINO).json()
        validate(access, "inspect.schema.json")
        self.assertEqual(access["restrictions"], [{"ground": "accuracy",
                                                   "since": "2026-11-28T12:00:00Z",
                                                   "request_id": request_id}])
        for category, records in access["records"].items():
            for record in records:
                self.assertIn("restricted", record["retention"]["held_because"], category)
        letter = self.ok("inspect", "--hetu", AINO, "--lang", "en").stdout
        self.assertIn("RESTRICTIONS AND OBJECTIONS", letter)
        self.assertIn("you contest the accuracy of the data", letter)
        # Restricted, but still exported in full.
        export = self.ok("--json", "export", "--hetu", AINO).json()
        self.assertEqual(len(export["data"]["calls"]), 1)

    def test_restricted_numbers_are_left_out_of_the_survey_list(self):
        self.assertIn(AINO_PHONE, self.eligible())
        self.ok("restrict", "--hetu", AINO, "--ground", "unlawful")
        self.assertNotIn(AINO_PHONE, self.eligible())

    def test_a_restricted_customer_s_later_records_are_restricted_too(self):
        self.ok("restrict", "--hetu", AINO, "--ground", "accuracy")
        self.ok("import", "-", stdin=json.dumps(
            {"type": "call", "id": "k-later", "customer": "c-17", "phone": "0445556666",
             "started_at": "2026-11-27T09:00:00Z"}))
        calls = self.ok("--json", "inspect", "--hetu", AINO).json()["records"]["calls"]
        later = [c for c in calls if c["id"] == "k-later"][0]
        self.assertIn("restricted", later["retention"]["held_because"])
        self.assertNotIn("+358445556666", self.eligible())
        result = self.run_cli("--json", "erase", "--hetu", AINO)
        self.assertEqual(result.code, 5)
        self.assertIn("k-later", [k["id"] for k in result.json()["kept"]])

    def test_a_shared_number_is_not_enough_to_restrict_another_person(self):
        self.ok("import", "-", stdin=json.dumps(
            {"type": "customer", "id": "c-99", "hetu": "131052-308T", "phone": "0400001234"}))
        self.assert_fails_unchanged(2, "restrict", "--phone", "0400001234", "--ground",
                                    "accuracy", message="may be different people")
        self.assert_fails_unchanged(2, "object", "--phone", "0400001234", "--purpose",
                                    "sms-survey", message="may be different people")
        self.assert_fails_unchanged(2, "withdraw-consent", "--phone", "0400001234",
                                    message="may be different people")

    def test_lifting_reminds_and_ends_the_restriction(self):
        self.ok("restrict", "--hetu", AINO, "--ground", "objection")
        result = self.ok("restrict", "--hetu", AINO, "--lift")
        self.assertIn("must be told before a restriction is lifted", result.stdout)
        self.assertIn("GDPR art. 18(3)", result.stdout)
        self.assertEqual(self.query("SELECT count(*) FROM restriction"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM restricted_record"), [(0,)])
        self.assertEqual(self.ok("--json", "inspect", "--hetu", AINO).json()["restrictions"], [])
        again = self.run_cli("restrict", "--hetu", AINO, "--lift")
        self.assertEqual(again.code, 1)
        self.assertIn("no active restriction", again.stderr)

    def test_dry_run_changes_no_record(self):
        before = self.records()
        dry = self.ok("--json", "restrict", "--hetu", AINO, "--ground", "legal-claims",
                      "--dry-run").json()
        self.assertEqual(self.records(), before)
        real = self.ok("--json", "restrict", "--hetu", AINO, "--ground", "legal-claims").json()
        # The dry run names the processors it would instruct; only the change makes their tasks.
        self.assertEqual(dry["processor_tasks"], [])
        self.assertEqual([t["processor"] for t in real["processor_tasks"]],
                         dry["recipients_to_inform"])
        self.assertEqual({**dry, "dry_run": False, "journaled": True,
                          "processor_tasks": real["processor_tasks"]}, real)
        self.assertFalse(dry["journaled"])
        before = self.records()
        self.ok("restrict", "--hetu", AINO, "--lift", "--dry-run")
        self.assertEqual(self.records(), before)

    def test_bad_input_changes_nothing(self):
        cases = {
            "unknown ground": (["--hetu", AINO, "--ground", "annoyance"],
                               "--ground: expected accuracy, unlawful, legal-claims or objection"),
            "neither ground nor lift": (["--hetu", AINO], "give --ground"),
            "both ground and lift": (["--hetu", AINO, "--ground", "accuracy", "--lift"],
                                     "excludes"),
            "bad subject": (["--phone", "12", "--ground", "accuracy"], "--phone"),
        }
        for name, (args, message) in cases.items():
            with self.subTest(name):
                self.assert_fails_unchanged(2, "restrict", *args, message=message)

    def test_no_records_is_exit_1(self):
        result = self.run_cli("restrict", "--hetu", "290200A900B", "--ground", "accuracy")
        self.assertEqual(result.code, 1, result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM restriction"), [(0,)])


class ObjectTest(RightsTest):
    def test_an_sms_survey_objection_suppresses_every_number_of_the_subject(self):
        report = self.ok("--json", "object", "--hetu", AINO, "--purpose", "sms-survey").json()
        validate(report, "object.schema.json")
        self.assertTrue(report["suppressed_from_sms_survey"])
        self.assertEqual(report["phone_numbers"], 1)
        self.assertEqual(report["new_identifiers"], report["identifiers"])
        document = self.ok("--json", "survey-eligible", "--since", "2026-01-01").json()
        self.assertEqual(document["suppressed"], 1)
        self.assertNotIn(AINO_PHONE, self.eligible())
        self.assertIn("+358449990000", self.eligible())
        access = self.ok("--json", "inspect", "--hetu", AINO).json()
        self.assertEqual(access["objections"], [{"purpose": "sms-survey",
                                                 "since": "2026-11-28T12:00:00Z"}])
        # Objecting again adds nothing.
        again = self.ok("--json", "object", "--hetu", AINO, "--purpose", "sms-survey").json()
        self.assertEqual(again["new_identifiers"], 0)

    def test_the_objection_outlives_erasure_without_keeping_the_number(self):
        self.ok("object", "--phone", "044 999 0000", "--purpose", "sms-survey")
        self.ok("erase", "--phone", "044 999 0000")
        self.ok("import", "-", stdin=json.dumps(
            {"type": "call", "id": "k-new", "phone": "0449990000",
             "started_at": "2026-11-27T09:00:00Z"}))
        self.assertNotIn("+358449990000", self.eligible())
        self.assertEqual(self.query("SELECT count(*) FROM objection WHERE identifier_key "
                                    "LIKE '%449990000%'"), [(0,)])

    def test_an_objection_follows_the_customer_to_a_new_number(self):
        self.ok("object", "--hetu", AINO, "--purpose", "sms-survey")
        self.ok("import", "-", stdin=json.dumps(
            {"type": "call", "id": "k-new-number", "customer": "c-17", "phone": "0507778888",
             "started_at": "2026-11-27T09:00:00Z"}))
        self.assertNotIn("+358507778888", self.eligible())

    def test_a_quality_monitoring_objection_does_not_suppress_surveys(self):
        report = self.ok("--json", "object", "--hetu", AINO, "--purpose",
                         "quality-monitoring").json()
        self.assertFalse(report["suppressed_from_sms_survey"])
        self.assertIn(AINO_PHONE, self.eligible())
        letter = self.ok("inspect", "--hetu", AINO, "--lang", "en").stdout
        self.assertIn("Objected to since 28 November 2026: Developing and monitoring quality.", letter)

    def test_a_person_without_records_may_object(self):
        report = self.ok("--json", "object", "--phone", "0401231231", "--purpose",
                         "sms-survey").json()
        self.assertEqual(report["records"], 0)
        self.ok("import", "-", stdin=json.dumps(
            {"type": "call", "id": "k-later", "phone": "+358401231231",
             "started_at": "2026-11-27T09:00:00Z"}))
        self.assertNotIn("+358401231231", self.eligible())

    def test_dry_run_records_nothing(self):
        before = self.records()
        dry = self.ok("--json", "object", "--hetu", AINO, "--purpose", "sms-survey",
                      "--dry-run").json()
        self.assertEqual(self.records(), before)
        real = self.ok("--json", "object", "--hetu", AINO, "--purpose", "sms-survey").json()
        self.assertEqual({**dry, "dry_run": False, "journaled": True}, real)
        self.assertFalse(dry["journaled"])

    def test_bad_input_changes_nothing(self):
        for purpose in ("customer-service", "marketing", ""):
            with self.subTest(purpose):
                self.assert_fails_unchanged(
                    2, "object", "--hetu", AINO, "--purpose", purpose,
                    message="--purpose: expected one of quality-monitoring, sms-survey")
        self.assert_fails_unchanged(2, "object", "--hetu", AINO, message="--purpose")


class WithdrawConsentTest(RightsTest):
    def test_withdraws_from_now_and_inspect_shows_it(self):
        report = self.ok("--json", "withdraw-consent", "--hetu", AINO).json()
        validate(report, "withdraw-consent.schema.json")
        self.assertEqual((report["consents"], report["withdrawn"]), (1, 1))
        consent = self.ok("--json", "inspect", "--hetu", AINO).json()["records"]["consents"][0]
        self.assertEqual(consent["withdrawn_at"], "2026-11-28T12:00:00Z")
        again = self.ok("--json", "withdraw-consent", "--hetu", AINO).json()
        self.assertEqual((again["withdrawn"], again["already_withdrawn"]), (0, 1))
        self.assertEqual(self.query("SELECT withdrawn_at FROM consent"),
                         [(1795867200,)])

    def test_an_import_does_not_undo_a_withdrawal(self):
        self.ok("withdraw-consent", "--hetu", AINO)
        self.ok("import", EXAMPLES / "sample.ndjson")  # carries the consent, not withdrawn
        self.assertEqual(self.query("SELECT withdrawn_at FROM consent"), [(1795867200,)])

    def test_a_withdrawn_survey_consent_leaves_the_number_out(self):
        self.ok("withdraw-consent", "--hetu", AINO, "--purpose", "sms-survey")
        self.assertNotIn(AINO_PHONE, self.eligible())

    def test_only_the_named_purpose(self):
        result = self.run_cli("withdraw-consent", "--hetu", AINO, "--purpose",
                              "quality-monitoring")
        self.assertEqual(result.code, 1)
        self.assertEqual(self.query("SELECT withdrawn_at FROM consent"), [(None,)])

    def test_dry_run_and_bad_input_change_nothing(self):
        before = self.records()
        self.ok("withdraw-consent", "--hetu", AINO, "--dry-run")
        self.assertEqual(self.records(), before)
        self.assert_fails_unchanged(2, "withdraw-consent", "--hetu", AINO, "--purpose",
                                    "marketing", message="--purpose: expected one of")


class SurveyEligibleTest(RightsTest):
    def test_one_line_per_number_with_its_latest_call(self):
        self.assertEqual(self.eligible(), {AINO_PHONE: "k-10", "+358449990000": "k-52",
                                           "+358505550000": "k-50"})
        self.assertEqual(self.eligible("2026-11-21T09:00:01Z"), {"+358449990000": "k-52"})
        text = self.ok("survey-eligible", "--since", "2026-11-22").stdout
        self.assertEqual(text, "+358449990000\tk-52\t2026-11-22T09:00:00Z\n")
        entry = self.query("SELECT command, subject_ref, details FROM audit "
                           "ORDER BY seq DESC LIMIT 1")[0]
        self.assertEqual(entry[:2], ("survey-eligible", None))
        self.assertNotIn("+358", entry[2])

    def test_bad_input_changes_nothing(self):
        self.assert_fails_unchanged(2, "survey-eligible", message="--since")
        self.assert_fails_unchanged(2, "survey-eligible", "--since", "yesterday",
                                    message="--since:")
