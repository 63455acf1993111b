"""inspect (art. 15) and export (art. 20) on a register with two people who share a number."""
import json
import os
import stat

from support import RegisterTest, snapshot, validate, validator

AINO = "010185-912T"
BERTIL = "131052-9705"
EINO = "150565-9504"
SHARED_PHONE = "040 000 1234"
SHARED_E164 = "+358400001234"


def records():
    return [
        {"type": "customer", "id": "c-aino", "hetu": AINO, "name": "Aino Esimerkki",
         "phone": SHARED_PHONE, "email": "Aino.Esimerkki@Example.COM", "address": "Kansankatu 1",
         "relationship_started": "2020-02-03"},
        {"type": "customer", "id": "c-bertil", "hetu": BERTIL, "name": "Bertil Toinen",
         "phone": "050 111 2222", "relationship_started": "2018-01-01",
         "relationship_ended": "2023-06-30"},
        {"type": "call", "id": "k-aino", "customer": "c-aino", "phone": SHARED_PHONE,
         "started_at": "2026-03-02T09:15:00+02:00", "duration_s": 312,
         "notes": "Asiakas kysyi pysäköinnistä.", "recording": "2026/k-aino.ogg"},
        {"type": "sms_survey", "id": "s-aino", "call": "k-aino", "phone": SHARED_PHONE,
         "sent_at": "2026-03-02T10:15:00+02:00", "answer": "5"},
        {"type": "chat", "id": "h-aino", "customer": "c-aino", "started_at": "2026-05-11T10:00:00Z",
         "messages": [{"from": "customer", "at": "2026-05-11T10:00:10Z", "text": "Hei, kysyisin"},
                      {"from": "agent", "at": "2026-05-11T10:01:00Z", "text": "Agentin vastaus"},
                      {"from": "system", "text": "Chat päättyi"}],
         "metadata": {"channel": "web"}},
        {"type": "case", "id": "t-aino", "customer": "c-aino", "kind": "complaint",
         "opened_at": "2026-05-12", "text": "Reklamaatio chatista", "statutory": True,
         "related": ["chat:h-aino"]},
        {"type": "consent", "id": "a-aino", "customer": "c-aino", "method": "oral",
         "purpose": "sms-survey", "given_at": "2026-03-02"},
        # Someone else called from Aino's number: not Aino's data unless the clerk asks.
        {"type": "call", "id": "k-stranger", "phone": "+358 40 0001234",
         "started_at": "2026-04-01T08:00:00Z", "notes": "Tuntematon soittaja"},
        {"type": "call", "id": "k-bertil", "customer": "c-bertil", "phone": "050 111 2222",
         "started_at": "2025-12-01T08:00:00Z"},
        {"type": "case", "id": "t-bertil", "customer": "c-bertil", "kind": "task",
         "opened_at": "2023-01-01", "closed_at": "2023-02-01"},
        # Feedback about the stranger's call, entered without a customer.
        {"type": "case", "id": "t-stranger", "kind": "feedback", "opened_at": "2026-04-02",
         "closed_at": "2026-04-03", "related": ["call:k-stranger"]},
        # Eino shares Aino's number (a family phone) but is another person.
        {"type": "customer", "id": "c-eino", "hetu": EINO, "name": "Eino Esimerkki",
         "phone": SHARED_PHONE, "relationship_started": "2021-01-01"},
        {"type": "call", "id": "k-eino", "customer": "c-eino", "phone": SHARED_PHONE,
         "started_at": "2026-02-01T08:00:00Z"},
    ]


def ids(document, category):
    return sorted(r["id"] for r in document["records"][category])


class AccessFixture(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", self.write_lines("people.ndjson", records()))

    def audit_rows(self):
        """The entries of the rights subcommands (not of request open)."""
        return self.query("SELECT command, request_id, subject_ref, details, outcome FROM audit "
                          "WHERE command NOT LIKE 'request %' ORDER BY seq")


class InspectTest(AccessFixture):
    def test_by_hetu_gives_every_linked_record_and_follows_the_schema(self):
        document = self.ok("--json", "inspect", "--hetu", AINO).json()
        validate(document, "inspect.schema.json")
        self.assertEqual(ids(document, "customers"), ["c-aino"])
        self.assertEqual(ids(document, "calls"), ["k-aino"])
        self.assertEqual(ids(document, "sms_surveys"), ["s-aino"])
        self.assertEqual(ids(document, "chats"), ["h-aino"])
        self.assertEqual(ids(document, "cases"), ["t-aino"])
        self.assertEqual(ids(document, "consents"), ["a-aino"])
        self.assertEqual(document["subject"]["hetu"], [AINO])

    def test_someone_elses_call_from_a_shared_number_stays_out(self):
        document = self.ok("--json", "inspect", "--hetu", AINO).json()
        self.assertNotIn("k-stranger", ids(document, "calls"))
        with_phone = self.ok("--json", "inspect", "--hetu", AINO, "--phone", SHARED_PHONE).json()
        self.assertEqual(ids(with_phone, "calls"), ["k-aino", "k-stranger"])

    def test_each_selector_alone(self):
        for selector in (["--hetu", AINO], ["--email", "Aino.Esimerkki@example.com"],
                         ["--customer", "c-aino"]):
            with self.subTest(selector=selector):
                document = self.ok("--json", "inspect", *selector).json()
                self.assertEqual(ids(document, "customers"), ["c-aino"])
        # A number alone names whoever has it: the clerk has checked it is the subject's.
        by_phone = self.ok("--json", "inspect", "--phone", "+358400001234").json()
        self.assertEqual(ids(by_phone, "customers"), ["c-aino", "c-eino"])

    def test_a_shared_number_does_not_pull_in_another_henkilotunnus(self):
        result = self.ok("--json", "inspect", "--hetu", AINO, "--phone", SHARED_PHONE)
        document = result.json()
        self.assertEqual(ids(document, "customers"), ["c-aino"])
        self.assertNotIn("k-eino", ids(document, "calls"))
        self.assertIn("1 customer record(s) matching the given phone or e-mail carry another "
                      "henkilötunnus", result.stderr)
        self.assertNotIn(EINO, result.stderr)
        # Named explicitly by the clerk, the record is included.
        both = self.ok("--json", "inspect", "--hetu", AINO, "--customer", "c-eino").json()
        self.assertEqual(ids(both, "customers"), ["c-aino", "c-eino"])

    def test_a_case_without_customer_about_the_subjects_call_is_included(self):
        self.assertNotIn("t-stranger", ids(self.ok("--json", "inspect", "--hetu", AINO).json(),
                                           "cases"))
        with_phone = self.ok("--json", "inspect", "--hetu", AINO, "--phone", SHARED_PHONE).json()
        self.assertIn("t-stranger", ids(with_phone, "cases"))

    def test_email_domain_is_case_insensitive_but_the_local_part_is_not(self):
        # Stored as "Aino.Esimerkki@Example.COM". RFC 5321 lets a server tell "Aino" and "aino"
        # apart, so only the domain is folded.
        self.ok("inspect", "--email", "  Aino.Esimerkki@EXAMPLE.com ")
        self.assertEqual(self.run_cli("inspect", "--email", "aino.esimerkki@example.com").code, 1)

    def test_selectors_combine_as_a_union(self):
        document = self.ok("--json", "inspect", "--hetu", AINO, "--customer", "c-bertil").json()
        self.assertEqual(ids(document, "customers"), ["c-aino", "c-bertil"])
        self.assertEqual(ids(document, "calls"), ["k-aino", "k-bertil"])

    def test_retention_dates_and_holds(self):
        document = self.ok("--json", "inspect", "--hetu", AINO, "--customer", "c-bertil").json()
        by_id = {r["id"]: r["retention"] for category in document["records"].values()
                 for r in category}
        self.assertEqual(by_id["k-aino"], {"expires": "2027-03-02T07:15:00Z", "held_because": []})
        self.assertEqual(by_id["s-aino"], by_id["k-aino"])
        self.assertEqual(by_id["h-aino"]["held_because"], ["open_complaint"])
        self.assertEqual(by_id["h-aino"]["expires"], "2027-05-11T10:00:00Z")
        self.assertIn("case_open", by_id["t-aino"]["held_because"])
        self.assertIn("relationship_ongoing", by_id["c-aino"]["held_because"])
        # Bertil's relationship ended 2023-06-30: his closed case goes five years after that.
        self.assertEqual(by_id["t-bertil"], {"expires": "2028-06-30T00:00:00Z", "held_because": []})
        self.assertEqual(by_id["c-bertil"]["expires"], "2028-06-30T00:00:00Z")

    def test_a_record_past_its_period_says_so_rather_than_a_past_date(self):
        later = {"OULU10_GDPR_NOW": "2027-04-01T00:00:00Z"}
        english = self.ok("inspect", "--hetu", AINO, "--lang", "en", env=later).stdout
        self.assertIn("its retention period has ended; deleted at the next purge", english)
        self.assertNotIn("deleted on 2 March 2027", english)

    def test_information_required_by_article_15(self):
        info = self.ok("--json", "inspect", "--hetu", AINO).json()["information"]
        self.assertEqual([r["name"] for r in info["recipients"]],
                         ["Monetra Oulu Oy", "Sysart Oy", "Telia Finland Oy"])
        self.assertEqual({c["id"] for c in info["categories"]},
                         {"customers", "cases", "chats", "calls", "sms_surveys", "consents"})
        self.assertFalse(info["automated_decision_making"])
        self.assertFalse(info["transfers_outside_eea"])
        self.assertEqual({r["id"] for r in info["rights"]} >= {"rectification", "erasure",
                                                               "restriction", "objection"}, True)

    def test_finnish_text_by_default_and_english_on_request(self):
        finnish = self.ok("inspect", "--hetu", AINO).stdout
        for expected in ("VASTAUS TARKASTUSPYYNTÖÖN", "Aino Esimerkki", "Monetra Oulu Oy",
                         "tietosuojavaltuutetun", "poistetaan 2.3.2027", "reklamaatio"):
            self.assertIn(expected, finnish)
        english = self.ok("inspect", "--hetu", AINO, "--lang", "en").stdout
        for expected in ("REPLY TO A REQUEST FOR ACCESS", "deleted on 2 March 2027",
                         "tied to an open complaint", "Data Protection Ombudsman"):
            self.assertIn(expected, english)

    def test_the_letter_states_the_retention_rules_beyond_the_notices_words(self):
        """The cases' later closing and the period of consents given with only a number are
        the policy's rules (issue 20): the reply states them as the notice does."""
        finnish = self.ok("inspect", "--hetu", AINO).stdout
        self.assertIn("jos tehtävä suljettiin myöhemmin, 5 vuotta sen sulkemisesta", finnish)
        self.assertIn("pelkän puhelinnumeron kanssa annettu: 1 vuosi antamisesta", finnish)
        english = self.ok("inspect", "--hetu", AINO, "--lang", "en").stdout
        self.assertIn("if the case was closed later, 5 years from its closing", english)
        self.assertIn("one given with only a phone number: 1 year from when it was given",
                      english)

    def test_reading_is_audited_without_personal_data(self):
        request_id = self.open_request("access", "--hetu", AINO)
        self.ok("inspect", "--hetu", AINO, "--request", request_id, "--actor", "kirjaamo.anna")
        rows = self.audit_rows()
        self.assertEqual(len(rows), 1)
        command, request, subject_ref, details, outcome = rows[0]
        self.assertEqual((command, request, outcome), ("inspect", request_id, "read"))
        self.assertEqual(json.loads(details)["categories"]["calls"], 1)
        self.assertEqual(self.query("SELECT actor FROM audit WHERE command = 'inspect'")[0][0],
                         "kirjaamo.anna")
        dump = "\n".join(str(row) for row in self.query("SELECT * FROM audit"))
        for personal in (AINO, "Aino", "0001234", "example"):
            self.assertNotIn(personal, dump)
        # The same subject gets the same pseudonym; another subject another one.
        self.ok("inspect", "--hetu", AINO)
        self.ok("inspect", "--hetu", BERTIL)
        refs = [row[2] for row in self.audit_rows()]
        self.assertEqual(refs[0], refs[1])
        self.assertNotEqual(refs[0], refs[2])

    def test_pseudonyms_link_entries_by_any_shared_identifier(self):
        self.ok("inspect", "--hetu", AINO)
        self.ok("inspect", "--hetu", AINO, "--phone", SHARED_PHONE)
        first, second = [set(row[2].split(",")) for row in self.audit_rows()]
        self.assertEqual(len(first), 1)
        self.assertEqual(len(second), 2)
        self.assertTrue(first <= second)

    def test_request_ids_are_ids_not_free_text(self):
        for request in ("", "KIRJ-1 Aino Virtanen", "x" * 65, "a;b"):
            with self.subTest(request=request):
                self.assert_fails_unchanged(2, "inspect", "--hetu", AINO, "--request", request,
                                            message="--request")
        self.ok("inspect", "--hetu", AINO, "--request", self.open_request("access"))

    def test_nothing_matched_is_exit_1_and_audited(self):
        result = self.run_cli("inspect", "--hetu", "131052-308T")
        self.assertEqual(result.code, 1)
        self.assertIn("nothing in the register matches", result.stderr)
        self.assertEqual(self.audit_rows()[-1][4], "no_match")

    def test_bad_selectors_change_nothing(self):
        for args, message in ((["--hetu", "131052-308U"], "--hetu: wrong check character"),
                              (["--phone", "12"], "--phone"),
                              (["--email", "not-an-address"], "--email"),
                              ([], "name the data subject"),
                              (["--lang", "sv", "--hetu", AINO], "--lang")):
            with self.subTest(args=args):
                self.assert_fails_unchanged(2, "inspect", *args, message=message)

    def test_missing_register(self):
        self.db.unlink()
        self.assert_fails_unchanged(4, "inspect", "--hetu", AINO)


class ExportTest(AccessFixture):
    def test_scope_follows_the_policy(self):
        document = self.ok("export", "--hetu", AINO).json()
        validate(document, "export.schema.json")
        chat = document["data"]["chats"][0]
        self.assertEqual([m["text"] for m in chat["customer_messages"]], ["Hei, kysyisin"])
        self.assertNotIn("agent_messages", chat)
        self.assertNotIn("system_messages", chat)
        self.assertEqual(chat["metadata"], {"channel": "web"})
        call = document["data"]["calls"][0]
        self.assertEqual(call["notes"], "Asiakas kysyi pysäköinnistä.")
        self.assertNotIn("recording", call)
        case = document["data"]["cases"][0]
        self.assertEqual(case["text"], "Reklamaatio chatista")
        self.assertNotIn("statutory", case)
        left_out = {(e["category"], e["field"]) for e in document["left_out"]}
        self.assertIn(("chats", "agent_messages"), left_out)
        self.assertIn(("calls", "recording"), left_out)
        self.assertTrue(all(e["reason"]["fi"] and e["reason"]["en"] for e in document["left_out"]))
        self.assertEqual(document["notice_date"], "2021-05-27")
        self.assertIn("controller", document)

    def test_output_file_is_private_and_complete(self):
        target = self.dir / "aino.json"
        result = self.ok("export", "--hetu", AINO, "-o", target)
        self.assertEqual(result.stdout, "")
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o600)
        validate(json.loads(target.read_text()), "export.schema.json")
        self.assertEqual([p.name for p in self.dir.iterdir() if ".tmp-" in p.name], [])

    def test_output_over_a_link_or_device_is_refused(self):
        fifo = self.dir / "pipe"
        os.mkfifo(fifo)
        link = self.dir / "link.json"
        link.symlink_to(self.dir / "elsewhere.json")
        for target in (fifo, link):
            with self.subTest(target=target.name):
                self.assert_fails_unchanged(2, "export", "--hetu", AINO, "-o", target,
                                            message="is not a regular file")
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        self.assertTrue(link.is_symlink())

    def test_unwritable_output_leaves_nothing(self):
        target = self.dir / "no-such-dir" / "aino.json"
        result = self.run_cli("export", "--hetu", AINO, "-o", target)
        self.assertEqual(result.code, 74)
        self.assertFalse(target.parent.exists())

    def test_batch_reports_bad_and_unmatched_lines_and_goes_on(self):
        batch = self.dir / "subjects.txt"
        batch.write_text(f"hetu:{AINO}\nbogus line\nhetu:131052-308T\n\ncustomer:c-bertil\n"
                         "hetu:131052-308U\n")
        out = self.dir / "out.ndjson"
        result = self.run_cli("export", "--batch", batch, "-o", out)
        self.assertEqual(result.code, 2)
        self.assertIn("line 2: expected hetu:", result.stderr)
        self.assertIn("line 3: nothing in the register matches", result.stderr)
        self.assertIn("line 6: ", result.stderr)
        self.assertNotIn("131052-308U", result.stderr.split("error:")[0].replace("line 6", ""))
        lines = out.read_text().splitlines()
        self.assertEqual(len(lines), 2)
        check = validator("export.schema.json")
        customers = []
        for line in lines:
            document = json.loads(line)
            check.validate(document)
            customers += [c["id"] for c in document["data"]["customers"]]
        self.assertEqual(customers, ["c-aino", "c-bertil"])
        outcomes = [row[4] for row in self.audit_rows()]
        self.assertEqual(outcomes, ["read", "no_match", "read"])

    def test_batch_lines_may_have_crlf_and_blank_lines(self):
        batch = self.dir / "crlf.txt"
        batch.write_bytes(f"hetu:{AINO}\r\n   \r\n customer: c-bertil \r\n".encode())
        result = self.ok("export", "--batch", batch)
        self.assertEqual(len(result.stdout.splitlines()), 2)

    def test_batch_messages_name_the_kind_not_an_option(self):
        batch = self.dir / "bad.txt"
        batch.write_text("hetu:131052-308U\n")
        result = self.run_cli("export", "--batch", batch)
        self.assertIn("line 1: hetu: wrong check character", result.stderr)

    def test_batch_exit_codes(self):
        only_unmatched = self.dir / "unmatched.txt"
        only_unmatched.write_text(f"hetu:{AINO}\nhetu:131052-308T\n")
        self.assertEqual(self.run_cli("export", "--batch", only_unmatched).code, 1)
        good = self.dir / "good.txt"
        good.write_text(f"hetu:{AINO}\nphone:{SHARED_PHONE}\n")
        result = self.ok("export", "--batch", "-", stdin=good.read_text())
        self.assertEqual(len(result.stdout.splitlines()), 2)

    def test_batch_takes_no_selectors(self):
        batch = self.dir / "subjects.txt"
        batch.write_text(f"hetu:{AINO}\n")
        self.assert_fails_unchanged(2, "export", "--batch", batch, "--hetu", AINO,
                                    message="--batch")

    def test_export_is_audited(self):
        request_id = self.open_request("portability", "--customer", "c-aino")
        self.ok("export", "--customer", "c-aino", "--request", request_id)
        self.assertEqual(self.audit_rows()[-1][:2], ("export", request_id))

    def test_nothing_matched(self):
        self.assertEqual(self.run_cli("export", "--hetu", "131052-308T").code, 1)
