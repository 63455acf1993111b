"""rectify (art. 16): validated changes, dry runs, refusals that change nothing, audit."""
import json

from support import EXAMPLES, RegisterTest, snapshot, validate

AINO = "010185-912T"


class RectifyTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    def customer(self):
        return self.query("SELECT name, address, phone, email, email_key, hetu FROM customer "
                          "WHERE source_id = 'c-17'")[0]

    def test_sets_validated_fields_and_names_the_recipients(self):
        request_id = self.open_request("rectification", "--hetu", AINO)
        result = self.ok("--json", "rectify", "--hetu", AINO, "--set", "address=Isokatu 1",
                         "--set", "phone=+358 50 000 1111", "--set", "email= A@Example.ORG ",
                         "--request", request_id)
        report = result.json()
        validate(report, "rectify.schema.json")
        self.assertEqual(report["fields_changed"], ["address", "phone", "email"])
        self.assertEqual(report["recipients_to_inform"],
                         ["Monetra Oulu Oy", "Sysart Oy", "Telia Finland Oy"])
        name, address, phone, email, email_key, hetu = self.customer()
        self.assertEqual((address, phone, email, email_key),
                         ("Isokatu 1", "+358500001111", "A@Example.ORG", "A@example.org"))
        self.assertEqual((name, hetu), ("Aino Esimerkki", AINO))

    def test_an_empty_value_clears_the_field(self):
        self.ok("rectify", "--customer", "c-17", "--set", "email=")
        self.assertEqual(self.customer()[3:5], (None, None))

    def test_setting_what_is_already_there_changes_nothing_to_report(self):
        report = self.ok("--json", "rectify", "--hetu", AINO, "--set",
                         "name=Aino Esimerkki").json()
        self.assertEqual(report["fields_changed"], [])
        self.assertEqual(report["recipients_to_inform"], [])

    def test_dry_run_changes_nothing_but_reports_the_same(self):
        before = self.customer()
        dry = self.ok("--json", "rectify", "--hetu", AINO, "--set", "name=Aino Uusi",
                      "--dry-run").json()
        self.assertTrue(dry["dry_run"])
        self.assertEqual(self.customer(), before)
        real = self.ok("--json", "rectify", "--hetu", AINO, "--set", "name=Aino Uusi").json()
        self.assertEqual(dry["fields_changed"], real["fields_changed"])
        self.assertEqual(self.customer()[0], "Aino Uusi")

    def test_bad_input_changes_nothing(self):
        cases = {
            "unknown field": (["--set", "shoe_size=42"], "expected FIELD=VALUE"),
            "no equals sign": (["--set", "name"], "expected FIELD=VALUE"),
            "bad hetu": (["--set", "hetu=131052-308U"], "--set hetu: wrong check character"),
            "bad phone": (["--set", "phone=12"], "--set phone"),
            "bad e-mail": (["--set", "email=aino@"], "--set email"),
            "field twice": (["--set", "name=A", "--set", "name=B"], "more than once"),
            "no subject": ([], "name the data subject"),
            "bad request id": (["--set", "name=A", "--request", "a b"], "--request"),
        }
        for name, (args, message) in cases.items():
            with self.subTest(name):
                subject = [] if name == "no subject" else ["--hetu", AINO]
                if name == "no subject":
                    args = ["--set", "name=A"]
                result = self.assert_fails_unchanged(2, "rectify", *subject, *args,
                                                     message=message)
                self.assertNotIn("131052", result.stderr)
        self.assertEqual(self.query("SELECT count(*) FROM audit")[0][0], 0)

    def test_several_customer_records_must_be_told_apart(self):
        self.ok("import", "-", stdin=json.dumps({"type": "customer", "id": "c-18",
                                                 "hetu": AINO, "name": "Aino Kaksoistietue"}))
        self.assert_fails_unchanged(2, "rectify", "--hetu", AINO, "--set", "name=X",
                                    message="name the one to rectify with --customer")
        self.ok("rectify", "--customer", "c-18", "--set", "name=Aino Esimerkki")

    def test_nothing_matched_is_exit_1_and_audited(self):
        result = self.run_cli("rectify", "--hetu", "131052-308T", "--set", "name=X")
        self.assertEqual(result.code, 1)
        self.assertEqual(self.query("SELECT outcome FROM audit")[0][0], "no_match")

    def test_the_audit_entry_names_fields_not_values(self):
        self.ok("rectify", "--hetu", AINO, "--set", "address=Salainen katu 9",
                "--actor", "kirjaamo.anna")
        command, actor, details, outcome = self.query(
            "SELECT command, actor, details, outcome FROM audit")[0]
        self.assertEqual((command, actor, outcome), ("rectify", "kirjaamo.anna", "rectified"))
        self.assertEqual(json.loads(details)["fields"], ["address"])
        self.assertNotIn("Salainen", str(self.query("SELECT * FROM audit")))
        self.assertEqual(self.run_cli("audit", "verify").code, 0)
