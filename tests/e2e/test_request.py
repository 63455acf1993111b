"""request: the registry office's casework, its legal deadlines, and --request links."""
import json
import os
import subprocess

from support import EXAMPLES, RegisterTest, snapshot, validate

AINO = "010185-912T"
OTHER = "131052-308T"
# FIXED_NOW is 2026-11-28T12:00:00Z: a Saturday, 28 November in Finland too.


class RequestTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    def open(self, *args):
        document = self.ok("--json", "request", "open", *args).json()
        validate(document, "request.schema.json")
        return document["request"]

    def listed(self, *filters):
        document = self.ok("--json", "request", "list", *filters).json()
        validate(document, "request-list.schema.json")
        self.assertEqual(document["today"], "2026-11-28")
        return [(r["id"], r["days_left"]) for r in document["requests"]]

    def show(self, request_id):
        document = self.ok("--json", "request", "show", request_id).json()
        validate(document, "request-show.schema.json")
        return document

    def audit_rows(self):
        return self.query("SELECT command, request_id, details, outcome FROM audit ORDER BY seq")


class OpenTest(RequestTest):
    def test_open_gives_the_id_and_the_deadline(self):
        request = self.open("--kind", "erasure", "--received", "2026-11-02", "--ref",
                            "OUKA/1234/2026", "--channel", "letter", "--hetu", AINO,
                            "--identity-verified-by", "passport at the service point")
        self.assertEqual(request["id"], "REQ-2026-0001")
        self.assertEqual((request["received"], request["due"], request["days_left"]),
                         ("2026-11-02", "2026-12-02", 4))
        self.assertEqual(request["answered_by"], "erase")
        self.assertEqual(request["identifiers"], [f"hetu:{AINO}"])
        self.assertEqual(request["extendable_until"], "2026-12-02")
        self.assertEqual([d["due"] for d in request["deadlines"]], ["2026-12-02"])
        self.assertEqual(request["status"], "open")
        text = self.ok("request", "open", "--kind", "access", "--received", "2026-11-27").stdout
        self.assertIn("opened REQ-2026-0002: access request received 2026-11-27, due 2026-12-28",
                      text)
        self.assertIn("--request REQ-2026-0002", text)
        entry = self.audit_rows()[-1]
        self.assertEqual((entry[0], entry[1], entry[3]), ("request open", "REQ-2026-0002",
                                                          "opened"))

    def test_deadlines_follow_1182_71_and_the_finnish_calendar(self):
        cases = {
            "2026-08-31": "2026-09-30",  # no 31 September: the month's last day
            "2026-11-24": "2026-12-28",  # Christmas Eve, Christmas, Boxing Day, Sunday
            "2026-10-07": "2026-11-09",  # a Saturday
            "2026-10-31": "2026-11-30",  # a Monday: no move
        }
        for received, due in cases.items():
            with self.subTest(received=received):
                self.assertEqual(self.open("--kind", "access", "--received", received)["due"], due)

    def test_ids_count_on_within_the_year(self):
        for _ in range(3):
            self.open("--kind", "access", "--received", "2026-11-20")
        self.assertEqual([r[0] for r in self.listed()],
                         ["REQ-2026-0001", "REQ-2026-0002", "REQ-2026-0003"])

    def test_bad_input_is_refused_and_nothing_is_written(self):
        cases = {
            "no kind": (["--received", "2026-11-02"], "--kind"),
            "unknown kind": (["--kind", "deletion", "--received", "2026-11-02"], "--kind"),
            "no date": (["--kind", "access"], "--received"),
            "no such date": (["--kind", "access", "--received", "2026-02-29"], "--received"),
            "not a date": (["--kind", "access", "--received", "2.11.2026"], "--received"),
            "a time": (["--kind", "access", "--received", "2026-11-02T10:00:00Z"], "--received"),
            "future": (["--kind", "access", "--received", "2026-11-29"], "after today"),
            "before the GDPR": (["--kind", "access", "--received", "2016-11-02"],
                                "before the GDPR applied"),
            "hetu as ref": (["--kind", "access", "--received", "2026-11-02", "--ref", AINO],
                            "--ref: that is a henkilötunnus"),
            "channel": (["--kind", "access", "--received", "2026-11-02", "--channel", "fax"],
                        "--channel"),
            "ref": (["--kind", "access", "--received", "2026-11-02", "--ref", "OUKA 1"], "--ref"),
            "escape": (["--kind", "access", "--received", "2026-11-02",
                        "--identity-verified-by", "\x1b[2Jpassport"], "control character"),
            "empty method": (["--kind", "access", "--received", "2026-11-02",
                              "--identity-verified-by", "  "], "--identity-verified-by"),
            "hetu": (["--kind", "access", "--received", "2026-11-02", "--hetu", "010185-912X"],
                     "--hetu"),
        }
        for name, (args, message) in cases.items():
            with self.subTest(name):
                self.assert_fails_unchanged(2, "request", "open", *args, message=message)

    def test_invalid_utf8_is_refused(self):
        before = snapshot(self.db)
        argv = [os.environ["OULU10_GDPR_BIN"].encode(), b"--db", str(self.db).encode(),
                b"request", b"open", b"--kind", b"access", b"--received", b"2026-11-02",
                b"--identity-verified-by", b"pass\xffport"]
        completed = subprocess.run(argv, capture_output=True,
                                   env={"OULU10_GDPR_NOW": "2026-11-28T12:00:00Z"})
        self.assertEqual(completed.returncode, 2)
        self.assertIn(b"not valid UTF-8", completed.stderr)
        self.assertEqual(snapshot(self.db), before)


class ListTest(RequestTest):
    def setUp(self):
        super().setUp()
        self.overdue = self.open("--kind", "access", "--received", "2026-10-20")["id"]  # 20.11.
        self.soon = self.open("--kind", "erasure", "--received", "2026-11-02",
                              "--hetu", AINO)["id"]                                   # 2.12.
        self.later = self.open("--kind", "access", "--received", "2026-11-27")["id"]  # 28.12.
        self.closed = self.open("--kind", "rectification", "--received", "2026-11-01")["id"]
        self.ok("request", "close", self.closed, "--outcome", "completed")

    def test_soonest_deadline_first_with_days_left(self):
        self.assertEqual(self.listed("--open"),
                         [(self.overdue, -8), (self.soon, 4), (self.later, 30)])
        self.assertIn((self.closed, None), self.listed())

    def test_filters(self):
        self.assertEqual(self.listed("--overdue"), [(self.overdue, -8)])
        self.assertEqual(self.listed("--due-within", "4"), [(self.overdue, -8), (self.soon, 4)])
        self.assertEqual(self.listed("--due-within", "3"), [(self.overdue, -8)])
        self.assertEqual(self.listed("--kind", "erasure"), [(self.soon, 4)])
        self.assertEqual(self.listed("--kind", "objection"), [])

    def test_the_list_shows_no_verification_method_or_reasons(self):
        request_id = self.open("--kind", "access", "--received", "2026-11-20", "--hetu", AINO,
                               "--identity-verified-by", "Matti's passport")["id"]
        self.ok("request", "extend", request_id, "--reason", "Matti asked twice")
        self.ok("request", "close", request_id, "--outcome", "refused", "--reason",
                "Matti: manifestly unfounded")
        for output in (self.ok("--json", "request", "list").stdout,
                       self.ok("request", "list").stdout):
            self.assertNotIn("Matti", output)
            self.assertNotIn(AINO, output)
        self.assertIn("Matti", self.ok("request", "show", request_id).stdout)

    def test_text_table_marks_overdue_and_shows_no_identifiers(self):
        text = self.ok("request", "list").stdout
        lines = text.splitlines()
        self.assertEqual(lines[0], "today 2026-11-28 (Finland): 4 request(s), 1 overdue")
        self.assertTrue(lines[2].startswith(self.overdue), text)
        self.assertIn("OVERDUE", lines[2])
        self.assertNotIn(AINO, text)
        self.assertNotIn(AINO, self.ok("--json", "request", "list").stdout)

    def test_list_writes_nothing(self):
        before = snapshot(self.db)
        self.listed()
        self.assertEqual(snapshot(self.db), before)

    def test_bad_filters(self):
        self.assert_fails_unchanged(2, "request", "list", "--due-within", "-1",
                                    message="--due-within")
        self.assert_fails_unchanged(2, "request", "list", "--due-within", "soon",
                                    message="--due-within")
        self.assert_fails_unchanged(2, "request", "list", "--kind", "delete", message="--kind")


class LinkTest(RequestTest):
    def test_rights_work_is_linked_and_shown(self):
        access = self.open("--kind", "access", "--received", "2026-11-20", "--hetu", AINO)["id"]
        self.ok("inspect", "--hetu", AINO, "--request", access, "--actor", "kirjaamo.anna")
        portability = self.open("--kind", "portability", "--received", "2026-11-20",
                                "--phone", "040 000 1234")["id"]
        self.ok("export", "--phone", "0400001234", "--request", portability)
        shown = self.show(access)
        self.assertEqual([(a["command"], a["outcome"]) for a in shown["actions"]],
                         [("request open", "opened"), ("inspect", "read")])
        self.assertEqual(shown["actions"][1]["actor"], "kirjaamo.anna")
        self.assertEqual(shown["request"]["identifiers"], [f"hetu:{AINO}"])
        # The show itself is an access to the identifiers, so it is audited too.
        self.assertEqual(self.audit_rows()[-1][:2], ("request show", access))
        self.ok("audit", "verify")

    def test_every_rights_subcommand_checks_the_kind(self):
        commands = {
            "access": ["inspect", "--hetu", AINO],
            "portability": ["export", "--hetu", AINO],
            "rectification": ["rectify", "--hetu", AINO, "--set", "name=Aino Uusi", "--dry-run"],
            "erasure": ["erase", "--hetu", AINO, "--dry-run"],
            "restriction": ["restrict", "--hetu", AINO, "--ground", "accuracy", "--dry-run"],
            "objection": ["object", "--hetu", AINO, "--purpose", "sms-survey", "--dry-run"],
            "consent-withdrawal": ["withdraw-consent", "--hetu", AINO, "--dry-run"],
        }
        ids = {kind: self.open("--kind", kind, "--received", "2026-11-20", "--hetu", AINO)["id"]
               for kind in commands}
        for kind, command in commands.items():
            with self.subTest(kind):
                self.ok(*command, "--request", ids[kind])
                wrong = "access" if kind != "access" else "erasure"
                self.assert_fails_unchanged(2, *command, "--request", ids[wrong],
                                            message=f"is answered by {'inspect' if wrong == 'access' else 'erase'}, not by {command[0]}")
        linked = {row[1] for row in self.audit_rows() if not row[0].startswith("request")}
        self.assertEqual(linked, set(ids.values()))

    def test_refusals_leave_the_register_unchanged(self):
        erasure = self.open("--kind", "erasure", "--received", "2026-11-20", "--hetu", AINO)["id"]
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", "REQ-2026-0099",
                                    message="no such request")
        self.assert_fails_unchanged(2, "erase", "--hetu", OTHER, "--request", erasure,
                                    message="opened for another subject")
        self.assert_fails_unchanged(2, "inspect", "--hetu", AINO, "--request", erasure,
                                    message="kind erasure is answered by erase, not by inspect")
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", "REQ 1",
                                    message="--request")
        self.ok("request", "close", erasure, "--outcome", "refused", "--reason", "statutory task")
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--request", erasure,
                                    message="closed on 2026-11-28 (refused)")
        self.assert_fails_unchanged(2, "export", "--batch", "-", "--request", erasure,
                                    stdin=f"hetu:{AINO}\n", message="--batch")

    def test_the_subject_may_be_named_by_an_identifier_of_its_records(self):
        # Opened with the henkilötunnus; the clerk corrects the customer record by its id.
        rectification = self.open("--kind", "rectification", "--received", "2026-11-20",
                                  "--hetu", AINO)["id"]
        self.ok("rectify", "--customer", "c-17", "--set", "name=Aino Uusi", "--request",
                rectification)
        self.assert_fails_unchanged(2, "rectify", "--customer", "c-999", "--set", "name=X",
                                    "--request", rectification, message="another subject")

    def test_dry_runs_are_not_counted_as_the_work_done(self):
        erasure = self.open("--kind", "erasure", "--received", "2026-11-20", "--hetu", AINO)["id"]
        self.ok("erase", "--hetu", AINO, "--dry-run", "--request", erasure)
        text = self.ok("request", "close", erasure, "--outcome", "completed").stdout
        self.assertIn("no rights subcommand did its work under this request", text)

    def test_a_request_without_identifiers_links_any_subject(self):
        access = self.open("--kind", "access", "--received", "2026-11-20")["id"]
        self.ok("inspect", "--hetu", AINO, "--request", access)


class ExtendTest(RequestTest):
    def test_extends_once_within_the_first_month(self):
        request_id = self.open("--kind", "erasure", "--received", "2026-11-02")["id"]
        document = self.ok("--json", "request", "extend", request_id, "--reason",
                           "numerous requests").json()
        validate(document, "request.schema.json")
        request = document["request"]
        self.assertEqual(request["due"], "2027-02-02")
        self.assertEqual(request["days_left"], 66)
        self.assertIsNone(request["extendable_until"])
        self.assertEqual([(d["event"], d["due"]) for d in request["deadlines"]],
                         [("received", "2026-12-02"), ("extended", "2027-02-02")])
        self.assert_fails_unchanged(2, "request", "extend", request_id, "--reason", "again",
                                    message="already extended, to 2027-02-02")
        history = self.show(request_id)["request"]["deadlines"]
        self.assertEqual([(d["event"], d["due"], d.get("reason")) for d in history],
                         [("received", "2026-12-02", None),
                          ("extended", "2027-02-02", "numerous requests")])

    def test_too_late_after_the_first_month(self):
        request_id = self.open("--kind", "access", "--received", "2026-10-20")["id"]  # due 20.11.
        self.assert_fails_unchanged(2, "request", "extend", request_id, "--reason", "complex",
                                    message="too late to extend")

    def test_on_the_last_day_of_the_first_month_it_still_may(self):
        request_id = self.open("--kind", "access", "--received", "2026-10-28")["id"]
        self.assertEqual(self.show(request_id)["request"]["due"], "2026-11-30")
        self.ok("request", "extend", request_id, "--reason", "complex",
                env={"OULU10_GDPR_NOW": "2026-11-30T21:59:59Z"})  # 23:59:59 in Oulu
        other = self.open("--kind", "access", "--received", "2026-10-28")["id"]
        self.assert_fails_unchanged(2, "request", "extend", other, "--reason", "complex",
                                    env={"OULU10_GDPR_NOW": "2026-11-30T22:00:00Z"},
                                    message="too late")

    def test_refusals(self):
        request_id = self.open("--kind", "access", "--received", "2026-11-20")["id"]
        self.assert_fails_unchanged(2, "request", "extend", request_id, message="--reason")
        self.assert_fails_unchanged(2, "request", "extend", request_id, "--reason", "",
                                    message="--reason")
        self.assert_fails_unchanged(1, "request", "extend", "REQ-2026-0042", "--reason", "x",
                                    message="no request REQ-2026-0042")
        self.ok("request", "close", request_id, "--outcome", "completed")
        self.assert_fails_unchanged(2, "request", "extend", request_id, "--reason", "x",
                                    message="was closed on 2026-11-28")

    def test_reasons_stay_out_of_the_audit_trail(self):
        request_id = self.open("--kind", "access", "--received", "2026-11-20")["id"]
        self.ok("request", "extend", request_id, "--reason", "Matti Meikäläinen asked twice")
        self.ok("request", "close", request_id, "--outcome", "refused", "--reason",
                "Matti Meikäläinen: manifestly unfounded")
        for row in self.audit_rows():
            self.assertNotIn("Matti", row[2])
        self.ok("audit", "verify")


class CloseTest(RequestTest):
    def test_close_reminds_of_the_ombudsman(self):
        request_id = self.open("--kind", "access", "--received", "2026-11-20", "--hetu", AINO)["id"]
        self.ok("inspect", "--hetu", AINO, "--request", request_id)
        document = self.ok("--json", "request", "close", request_id, "--outcome",
                           "completed").json()
        validate(document, "request-close.schema.json")
        self.assertEqual(document["linked_actions"], 1)
        self.assertEqual(document["request"]["status"], "completed")
        self.assertIsNone(document["request"]["days_left"])
        self.assertIn("tietosuojavaltuutetun", document["complaint_right"]["fi"])
        self.assertIn("Data Protection Ombudsman", document["complaint_right"]["en"])
        self.assertEqual(self.audit_rows()[-1][0], "request close")

    def test_text_says_when_nothing_was_linked(self):
        request_id = self.open("--kind", "access", "--received", "2026-10-20")["id"]
        text = self.ok("request", "close", request_id, "--outcome", "refused", "--reason",
                       "manifestly unfounded").stdout
        self.assertIn("8 day(s) after the deadline 2026-11-20", text)
        self.assertIn("no rights subcommand did its work under this request", text)
        self.assertIn("tietosuojavaltuutetun", text)

    def test_refusal_and_partial_answer_need_reasons(self):
        request_id = self.open("--kind", "erasure", "--received", "2026-11-20")["id"]
        for outcome in ("refused", "partially-completed"):
            with self.subTest(outcome):
                self.assert_fails_unchanged(2, "request", "close", request_id, "--outcome",
                                            outcome, message="GDPR art. 12(4)")
        self.assert_fails_unchanged(2, "request", "close", request_id, "--outcome", "done",
                                    message="--outcome")
        self.ok("request", "close", request_id, "--outcome", "partially-completed", "--reason",
                "cases of statutory tasks kept")
        self.assert_fails_unchanged(2, "request", "close", request_id, "--outcome", "completed",
                                    message="already closed")

    def test_unknown_or_malformed_ids(self):
        self.assert_fails_unchanged(1, "request", "show", "REQ-2026-0007", message="no request")
        self.assert_fails_unchanged(2, "request", "show", "REQ 7", message="ID")
        self.assert_fails_unchanged(1, "request", "close", "REQ-2026-0007", "--outcome",
                                    "completed", message="no request")


class RetentionTest(RequestTest):
    def test_purge_removes_closed_requests_after_five_years(self):
        marker = "131052-308T"
        kept = self.open("--kind", "access", "--received", "2026-11-20", "--hetu", AINO)["id"]
        gone = self.open("--kind", "erasure", "--received", "2026-11-20", "--hetu", marker)["id"]
        self.ok("request", "close", gone, "--outcome", "completed")  # 2026-11-28T12:00:00Z
        day_before = {"OULU10_GDPR_NOW": "2031-11-28T11:59:59Z"}
        report = self.ok("--json", "purge", env=day_before).json()
        validate(report, "purge.schema.json")
        self.assertEqual(report["requests_deleted"], 0)
        self.assertEqual(report["next_expiry"], "2031-11-28T12:00:00Z")
        report = self.ok("--json", "purge", env={"OULU10_GDPR_NOW": "2031-11-28T12:00:00Z"}).json()
        self.assertEqual(report["requests_deleted"], 1)
        self.assertEqual(self.query("SELECT id FROM request"), [(kept,)])
        self.ok("audit", "verify")
        # The identifiers the request held are gone from every file of the register.
        for path in self.dir.glob("register.db*"):
            self.assertNotIn(marker.encode(), path.read_bytes(), path.name)


class AccessReplyTest(RequestTest):
    def test_the_access_reply_lists_the_subjects_requests(self):
        erasure = self.open("--kind", "erasure", "--received", "2026-11-02", "--hetu", AINO,
                            "--identity-verified-by", "passport")["id"]
        self.ok("request", "close", erasure, "--outcome", "partially-completed", "--reason",
                "the statutory task case is kept")
        by_phone = self.open("--kind", "access", "--received", "2026-11-20", "--phone",
                             "040 000 1234")["id"]
        self.open("--kind", "access", "--received", "2026-11-20", "--hetu", OTHER)
        document = self.ok("--json", "inspect", "--hetu", AINO, "--phone", "0400001234").json()
        validate(document, "inspect.schema.json")
        self.assertEqual([(r["id"], r["status"]) for r in document["requests"]],
                         [(erasure, "partially-completed"), (by_phone, "open")])
        # A request with only a number is listed when the clerk gives the number, as unlinked
        # calls from it are: the number on Aino's record may be someone else's too.
        self.assertEqual([r["id"] for r in self.ok("--json", "inspect", "--hetu", AINO).json()
                          ["requests"]], [erasure])
        self.assertEqual(document["requests"][0]["closed"]["reason"],
                         "the statutory task case is kept")
        letter = self.ok("inspect", "--hetu", AINO, "--phone", "0400001234", "--lang",
                         "en").stdout
        self.assertIn("YOUR DATA PROTECTION REQUESTS", letter)
        self.assertIn(f"{erasure} erasure request, received 2 November 2026: partially completed",
                      letter)
        self.assertIn("Identity verified by: passport", letter)
        self.assertIn("5 years from when the request was closed", letter)
        finnish = self.ok("inspect", "--hetu", AINO, "--phone", "0400001234").stdout
        self.assertIn("TIETOSUOJAPYYNTÖSI", finnish)
        self.assertIn(f"{by_phone} tarkastuspyyntö, saapunut 20.11.2026: käsittelyssä", finnish)

    def test_another_persons_requests_stay_out(self):
        self.open("--kind", "access", "--received", "2026-11-20", "--hetu", OTHER)
        document = self.ok("--json", "inspect", "--hetu", AINO).json()
        self.assertEqual(document["requests"], [])
        self.assertNotIn("REQUESTS", self.ok("inspect", "--hetu", AINO, "--lang", "en").stdout)

    def test_a_shared_number_does_not_reach_another_persons_request(self):
        # Bertta shares Aino's number; her request holds her hetu and the shared number.
        self.ok("import", self.write_lines("bertta.ndjson", [
            {"type": "customer", "id": "c-bertta", "hetu": OTHER, "phone": "040 000 1234"}]))
        bertta = self.open("--kind", "erasure", "--received", "2026-11-20", "--hetu", OTHER,
                           "--phone", "040 000 1234",
                           "--identity-verified-by", "Bertta's passport")["id"]
        for selectors in (["--hetu", AINO], ["--hetu", AINO, "--phone", "0400001234"]):
            with self.subTest(selectors=selectors):
                document = self.ok("--json", "inspect", *selectors).json()
                self.assertEqual(document["requests"], [])
                self.assertNotIn("Bertta", self.ok("inspect", *selectors).stdout)
        self.assert_fails_unchanged(2, "erase", "--hetu", AINO, "--dry-run", "--request", bertta,
                                    message="opened for another subject")
        self.ok("erase", "--hetu", OTHER, "--dry-run", "--request", bertta)

    def test_an_erased_person_still_gets_their_requests(self):
        erasure = self.open("--kind", "erasure", "--received", "2026-11-20", "--hetu", AINO)["id"]
        erased = self.ok("--json", "erase", "--hetu", AINO, "--request", erasure).json()
        for task in erased["processor_tasks"]:  # every record of Aino's, told each processor
            self.ok("processor-task", "confirm", task["id"], "--ref", "done")
        self.ok("request", "close", erasure, "--outcome", "completed")
        access = self.open("--kind", "access", "--received", "2026-11-27", "--hetu", AINO)["id"]
        document = self.ok("--json", "inspect", "--hetu", AINO, "--request", access).json()
        validate(document, "inspect.schema.json")
        self.assertEqual([r["id"] for r in document["requests"]], [erasure, access])
        self.assertEqual(sum(len(records) for records in document["records"].values()), 0)
        self.assertEqual(sorted(t["id"] for t in document["processor_tasks"]),
                         sorted(t["id"] for t in erased["processor_tasks"]))
        entry = self.audit_rows()[-1]
        self.assertEqual((entry[0], entry[1], entry[3]), ("inspect", access, "read"))
        self.assertEqual(json.loads(entry[2])["requests"], 2)
        self.assertEqual(json.loads(entry[2])["processor_tasks"], 3)
