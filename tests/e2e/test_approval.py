"""Four eyes on erase: OULU10_GDPR_ERASE_APPROVAL=required, request approve, and erase's check.

Two clerks are two accounts that invoke sudo (SUDO_USER, SUDO_UID, as sudo sets them), so the
tests need neither root nor sudo: the account that answers for a command is the sudo invoker
when there is one, else the operating-system account that ran it.
"""
import os
import subprocess

from support import BIN, EXAMPLES, FIXED_NOW, RegisterTest, Result, snapshot, validate

AINO = "010185-912T"
REQUIRED = {"OULU10_GDPR_ERASE_APPROVAL": "required"}


def through_sudo(invoker, uid):
    return {"SUDO_USER": invoker, "SUDO_UID": str(uid), **REQUIRED}


ANNA = through_sudo("anna", 1000)
VILLE = through_sudo("ville", 1001)


class ApprovalTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        self.erasure = self.open_request("erasure", "--hetu", AINO)

    def run_cli(self, *args, stdin=None, env=None, db=True):
        """As support's, but without the sudo variables of whoever runs the tests: each test
        says which account acts."""
        full_env = {k: v for k, v in os.environ.items()
                    if not k.startswith("OULU10_GDPR_") and not k.startswith("SUDO_")}
        full_env["OULU10_GDPR_NOW"] = FIXED_NOW
        full_env.update(env or {})
        argv = [BIN] + (["--db", str(self.db)] if db else []) + [str(a) for a in args]
        return Result(subprocess.run(argv, input=stdin, capture_output=True, text=True,
                                     env=full_env, cwd=self.dir, timeout=300))

    def customers(self):
        return self.query("SELECT count(*) FROM customer WHERE hetu = ?", AINO)[0][0]

    def approve(self, request_id, env=ANNA, *options):
        document = self.ok("--json", *options, "request", "approve", request_id, env=env).json()
        validate(document, "request.schema.json")
        return document

    def erase(self, *extra, env=VILLE):
        return self.run_cli("--json", "erase", "--hetu", AINO, *extra, env=env)


class EraseRefusedTest(ApprovalTest):
    def test_erase_without_a_request_is_refused_unchanged(self):
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, env=VILLE,
                                    message="erase needs --request ID of an erasure request "
                                            "that another account approved")
        self.assertEqual(self.customers(), 1)

    def test_erase_under_a_request_not_approved_is_refused_unchanged(self):
        result = self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request",
                                             self.erasure, env=VILLE,
                                             message=f"--request {self.erasure}: not approved")
        self.assertIn("(OULU10_GDPR_ERASE_APPROVAL=required)", result.stderr)
        # As JSON too: the error document, nothing on stdout.
        before = snapshot(self.db)
        result = self.erase("--request", self.erasure)
        self.assertEqual(result.code, 2)
        self.assertEqual(result.error_json()["error"]["kind"], "invalid_input")
        self.assertEqual(snapshot(self.db), before)

    def test_approval_and_erase_by_the_same_account_are_refused_unchanged(self):
        self.approve(self.erasure, ANNA)
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", self.erasure,
                                    env=ANNA, message="account anna approved it and may not "
                                                      "also erase under it")
        # The --actor is what a clerk types: another name does not make another account.
        self.assert_fails_unchanged(2, "--actor", "Ville Virkailija", "erase", "--hetu", AINO,
                                    "--request", self.erasure, env=ANNA,
                                    message="account anna approved it")
        self.assertEqual(self.customers(), 1)

    def test_without_sudo_the_account_itself_counts(self):
        self.approve(self.erasure, REQUIRED)  # the account that runs the tests, not via sudo
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", self.erasure,
                                    env=REQUIRED, message="approved it and may not also erase")
        # Nor does a sudo invoker that is the same account.
        own = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", self.erasure,
                                    env=through_sudo(own.strip(), os.getuid()),
                                    message="approved it and may not also erase")

    def test_other_requests_do_not_count(self):
        access = self.open_request("access", "--hetu", AINO)
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", access, env=VILLE,
                                    message="answered by inspect, not by erase")
        other = self.open_request("erasure", "--hetu", "131052-308T")
        self.approve(other, ANNA)
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", other, env=VILLE,
                                    message="opened for another subject")

    def test_a_bad_value_of_the_variable_is_refused_unchanged(self):
        for value in ("yes", "Required", "1", "on"):
            with self.subTest(value=value):
                env = {**VILLE, "OULU10_GDPR_ERASE_APPROVAL": value}
                self.assert_fails_unchanged(2, "erase", "--hetu", AINO, env=env,
                                            message="OULU10_GDPR_ERASE_APPROVAL: must be "
                                                    "required, off or empty")
                self.assert_fails_unchanged(2, "request", "approve", self.erasure, env=env,
                                            message="OULU10_GDPR_ERASE_APPROVAL")


class EraseApprovedTest(ApprovalTest):
    def test_an_erase_under_a_request_another_account_approved_works(self):
        approved = self.approve(self.erasure, ANNA, "--actor", "Anna Approver")
        self.assertTrue(approved["approval_required"])
        approval = approved["request"]["approval"]
        self.assertEqual((approval["by"], approval["sudo_user"], approval["sudo_uid"],
                          approval["account"]), ("Anna Approver", "anna", 1000, "anna"))
        result = self.erase("--request", self.erasure)
        self.assertEqual(result.code, 0, result.stderr)
        report = result.json()
        validate(report, "erase.schema.json")
        self.assertEqual(report["approved_by"], "anna")
        self.assertEqual(report["erased"]["customers"], 1)
        self.assertEqual(self.customers(), 0)
        entry = self.query("SELECT command, request_id, details, sudo_user FROM audit "
                           "ORDER BY seq DESC LIMIT 1")[0]
        self.assertEqual(entry[:2], ("erase", self.erasure))
        self.assertIn('"approved_by":"anna"', entry[2])
        self.assertEqual(entry[3], "ville")

    def test_the_text_says_who_approved(self):
        self.approve(self.erasure, ANNA)
        text = self.ok("erase", "--hetu", AINO, "--request", self.erasure, env=VILLE).stdout
        self.assertIn("four eyes: the erasure request was approved by account anna", text)

    def test_a_dry_run_needs_no_approval(self):
        for env in (ANNA, REQUIRED):
            report = self.ok("--json", "erase", "--hetu", AINO, "--dry-run", env=env).json()
            validate(report, "erase.schema.json")
            self.assertIsNone(report["approved_by"])
        self.assertEqual(self.customers(), 1)

    def test_where_approvals_are_not_required_erase_does_not_ask(self):
        for value in ("", "off"):
            with self.subTest(value=value):
                result = self.erase("--dry-run", env={"OULU10_GDPR_ERASE_APPROVAL": value})
                self.assertEqual(result.code, 0, result.stderr)
        self.assertEqual(self.erase(env={}).code, 0)
        self.assertEqual(self.customers(), 0)


class ApproveTest(ApprovalTest):
    def test_approvals_are_audited_and_shown(self):
        text = self.ok("--actor", "Anna Approver", "request", "approve", self.erasure,
                       env=ANNA).stdout
        self.assertIn(f"approved {self.erasure}: erasure request received", text)
        self.assertIn("approved by Anna Approver as account ", text)
        self.assertIn("<-anna, which may not also erase under it", text)
        entry = self.query("SELECT command, request_id, outcome, details, actor, sudo_user, "
                           "sudo_uid FROM audit ORDER BY seq DESC LIMIT 1")[0]
        self.assertEqual(entry, ("request approve", self.erasure, "approved",
                                 '{"approval_required":true}', "Anna Approver", "anna", 1000))
        shown = self.ok("--json", "request", "show", self.erasure, env=VILLE).json()
        validate(shown, "request-show.schema.json")
        approval = shown["request"]["approval"]
        self.assertEqual((approval["at"], approval["by"], approval["account"]),
                         (FIXED_NOW, "Anna Approver", "anna"))
        self.assertEqual([a["command"] for a in shown["actions"]],
                         ["request open", "request approve"])
        text = self.ok("request", "show", self.erasure, env=VILLE).stdout
        self.assertIn(f"  approved   {FIXED_NOW} by Anna Approver (account ", text)
        self.assertIn("<-anna)", text)
        audit = self.ok("audit", "--actor", "anna", env=VILLE).stdout
        self.assertIn("request approve approved", audit)

    def test_request_show_says_an_erasure_request_awaits_approval(self):
        shown = self.ok("--json", "request", "show", self.erasure).json()
        validate(shown, "request-show.schema.json")
        self.assertIsNone(shown["request"]["approval"])
        self.assertIn(f"approved   not yet (request approve {self.erasure}",
                      self.ok("request", "show", self.erasure).stdout)
        access = self.open_request("access", "--hetu", AINO)
        self.assertNotIn("approved", self.ok("request", "show", access).stdout)

    def test_refusals_leave_the_register_unchanged(self):
        access = self.open_request("access", "--hetu", AINO)
        anyone = self.open_request("erasure")
        closed = self.open_request("erasure", "--hetu", AINO)
        self.ok("request", "close", closed, "--outcome", "refused", "--reason", "statutory task")
        cases = {
            "closed": (closed, 2, f"request {closed} was closed on 2026-11-28 (refused); it "
                                  "cannot be approved"),
            "not erasure": (access, 2, f"request {access} is a request of kind access; only "
                                       "erasure requests are approved"),
            "no identifiers": (anyone, 2, "opened without the subject's identifiers"),
            "unknown": ("REQ-2026-0404", 1, "no request REQ-2026-0404"),
            "not an id": ("Aino Asiakas", 2, "ID: must be"),
        }
        for name, (request_id, code, message) in cases.items():
            with self.subTest(name):
                self.assert_fails_unchanged(code, "request", "approve", request_id, env=ANNA,
                                            message=message)
        self.approve(self.erasure, ANNA)
        self.assert_fails_unchanged(2, "request", "approve", self.erasure, env=VILLE,
                                    message=f"request {self.erasure} was already approved on "
                                            "2026-11-28 by ")
        before = snapshot(self.db)
        result = self.run_cli("--json", "request", "approve", self.erasure, env=VILLE)
        self.assertEqual((result.code, result.stdout), (2, ""))
        self.assertEqual(result.error_json()["error"]["kind"], "invalid_input")
        self.assertEqual(snapshot(self.db), before)

    def test_an_approval_where_none_is_required_is_recorded_and_says_so(self):
        text = self.ok("request", "approve", self.erasure, env={"SUDO_USER": "anna",
                                                                  "SUDO_UID": "1000"}).stdout
        self.assertIn("note: this site does not require approvals", text)
        self.assertNotIn("may not also erase", text)
        shown = self.ok("--json", "request", "show", self.erasure).json()
        self.assertEqual(shown["request"]["approval"]["account"], "anna")
        detail = self.query("SELECT details FROM audit WHERE command = 'request approve'")
        self.assertEqual(detail, [('{"approval_required":false}',)])

    def test_the_approval_is_kept_with_the_request_and_purged_with_it(self):
        self.approve(self.erasure, ANNA)
        self.ok("request", "close", self.erasure, "--outcome", "refused", "--reason", "x",
                env=VILLE)
        later = {"OULU10_GDPR_NOW": "2032-01-01T00:00:00Z"}
        self.ok("purge", env=later)
        self.assertEqual(self.query("SELECT count(*) FROM request"), [(0,)])
        self.assertEqual(
            self.query("SELECT count(*) FROM audit WHERE command = 'request approve'"), [(1,)])
