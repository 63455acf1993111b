"""Other people's identifiers in the free text of an access reply or an export (issue 17; GDPR
art. 15(4), 20(4)): found (valid henkilötunnus, also split by a line break; phone numbers, not
the subject's own in any format; e-mail addresses), marked for the clerk's review with exit 8,
or redacted; export redacts unless the subject's own portability request allows --no-redact.
Their values never reach stderr or the audit trail."""
import json

from support import RegisterTest, is_audit_trail, snapshot, validate, validator

AINO = "010185-912T"
AINO_PHONE = "040 000 1234"
AINO_EMAIL = "aino@example.com"

SPOUSE_HETU = "131052-308T"  # valid: flagged
LOOKALIKE = "131052-308U"  # wrong check character: not a henkilötunnus, not flagged
SPLIT_HETU = "150565-\n9504"  # valid, wrapped by the agent's editor: flagged as one
OWN_NUMBER = "+358 40 0001234"  # Aino's own number in another format: not flagged
FOREIGN_NUMBER = "+46 70 123 45 67"  # a Swedish mobile number: flagged
CASE_NUMBER = "044 987 6543"
METADATA_NUMBER = "050 123 4567"
SURVEY_NUMBER = "0401112222"
NEIGHBOUR_EMAIL = "matti.meikalainen@example.org"

CALL_NOTES = (f"Puoliso {SPOUSE_HETU} soitti. Väärä {LOOKALIKE} ei kelpaa. Oma numero {OWN_NUMBER}."
              f" Ulkomaa {FOREIGN_NUMBER}. Jaettu {SPLIT_HETU} loppu.")
CHAT_TEXT = f"Naapurin osoite on {NEIGHBOUR_EMAIL}, oma {AINO_EMAIL}"
CASE_TEXT = f"Asiakas antoi naapurin numeron {CASE_NUMBER}."
METADATA_NOTE = f"soita {METADATA_NUMBER}"
SURVEY_ANSWER = f"soittakaa {SURVEY_NUMBER}"

# Each value of someone else, and the pieces of the split one: none may be where it must not.
OTHERS = [SPOUSE_HETU, "150565-", "9504", FOREIGN_NUMBER, "70 123 45 67", CASE_NUMBER,
          METADATA_NUMBER, SURVEY_NUMBER, NEIGHBOUR_EMAIL, "meikalainen"]

RECORDS = [
    {"type": "customer", "id": "c-aino", "hetu": AINO, "name": "Aino Esimerkki",
     "phone": AINO_PHONE, "email": AINO_EMAIL, "relationship_started": "2020-02-03"},
    {"type": "call", "id": "k-1", "customer": "c-aino", "phone": AINO_PHONE,
     "started_at": "2026-11-02T09:15:00Z", "notes": CALL_NOTES},
    {"type": "sms_survey", "id": "s-1", "call": "k-1", "phone": AINO_PHONE,
     "sent_at": "2026-11-02T10:15:00Z", "answer": SURVEY_ANSWER},
    {"type": "chat", "id": "h-1", "customer": "c-aino", "started_at": "2026-11-03T10:00:00Z",
     "messages": [{"from": "customer", "at": "2026-11-03T10:00:10Z", "text": CHAT_TEXT},
                  {"from": "agent", "at": "2026-11-03T10:01:00Z", "text": "Kiitos"}],
     "metadata": {"channel": "web", "agent": {"note": METADATA_NOTE}}},
    {"type": "case", "id": "t-1", "customer": "c-aino", "kind": "task",
     "opened_at": "2026-11-04", "text": CASE_TEXT},
    # Someone with nothing of anyone else in their text.
    {"type": "customer", "id": "c-bertil", "hetu": "280277-8233", "name": "Bertil"},
    {"type": "call", "id": "k-bertil", "customer": "c-bertil", "phone": "050 999 8888",
     "started_at": "2026-11-05T08:00:00Z", "notes": "Soitti numerosta 050 999 8888"},
]

# Where each is, in category order (cases, chats, calls, surveys) and text order.
MENTIONS = [
    {"category": "case", "record": "t-1", "field": "text", "kind": "phone"},
    {"category": "chat", "record": "h-1", "field": "messages/0/text", "kind": "email"},
    {"category": "chat", "record": "h-1", "field": "metadata/agent/note", "kind": "phone"},
    {"category": "call", "record": "k-1", "field": "notes", "kind": "hetu"},
    {"category": "call", "record": "k-1", "field": "notes", "kind": "phone"},
    {"category": "call", "record": "k-1", "field": "notes", "kind": "hetu"},
    {"category": "sms_survey", "record": "s-1", "field": "answer", "kind": "phone"},
]
COUNTS = {"hetu": 2, "phone": 4, "email": 1}
# The same in the export document, which lists a chat's messages by sender.
EXPORT_MENTIONS = [dict(m, field="customer_messages/0/text") if m["field"] == "messages/0/text"
                   else m for m in MENTIONS]

REMOVED_HETU = "[poistettu / removed: henkilötunnus]"
REMOVED_PHONE = "[poistettu / removed: puhelinnumero / phone number]"
REMOVED_EMAIL = "[poistettu / removed: sähköpostiosoite / e-mail address]"
REDACTED_NOTES = (f"Puoliso {REMOVED_HETU} soitti. Väärä {LOOKALIKE} ei kelpaa. Oma numero "
                  f"{OWN_NUMBER}. Ulkomaa {REMOVED_PHONE}. Jaettu {REMOVED_HETU} loppu.")


def review(value, words):
    return f"»{value}« [TARKISTA / REVIEW: {words}]"


class ThirdPartyTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", self.write_lines("people.ndjson", RECORDS))

    def records_only(self):
        """The register without its audit trail."""
        version, lines = snapshot(self.db)
        return version, [line for line in lines if not is_audit_trail(line)]

    def entries(self, command):
        return [json.loads(details) for (details,) in
                self.query("SELECT details FROM audit WHERE command = ? ORDER BY seq", command)]

    def assert_none_of_the_others_in(self, text, where):
        for value in OTHERS:
            self.assertNotIn(value, text, f"{value!r} in {where}")

    def assert_review_needed_on_stderr(self, result):
        """Exit 8: the note lists where, never what; the one error line is last."""
        self.assertEqual(result.code, 8, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual([line for line in lines if "error" in line], [lines[-1]])
        self.assert_none_of_the_others_in(result.stderr, "stderr")
        self.assertIn("  call k-1 notes: hetu", lines)
        self.assertEqual(lines.count("  call k-1 notes: hetu"), 2)
        self.assertIn("  call k-1 notes: phone", lines)
        self.assertIn("  chat h-1 messages/0/text: email", lines)
        self.assertIn("  chat h-1 metadata/agent/note: phone", lines)
        self.assertIn("  case t-1 text: phone", lines)
        self.assertIn("  sms_survey s-1 answer: phone", lines)
        return lines


class ReviewTest(ThirdPartyTest):
    def test_the_letter_marks_each_mention_and_exits_8(self):
        before = self.records_only()
        result = self.run_cli("inspect", "--hetu", AINO)
        lines = self.assert_review_needed_on_stderr(result)
        self.assertTrue(lines[-1].startswith("oulu10-gdpr: error: review needed: "), lines[-1])
        self.assertIn("7 identifiers of other people", lines[-1])
        self.assertIn("--redact", lines[-1])
        letter = result.stdout
        self.assertTrue(letter.startswith(
            "TARKISTETTAVAA ENNEN LÄHETTÄMISTÄ (virkailijalle; poista tämä kappale "
            "vastauksesta)\n"), letter[:200])
        self.assertIn("Vapaissa teksteissä on 7 muun henkilön", letter)
        for value, words in ((SPOUSE_HETU, "henkilötunnus"),
                             (FOREIGN_NUMBER, "puhelinnumero / phone number"),
                             (CASE_NUMBER, "puhelinnumero / phone number"),
                             (METADATA_NUMBER, "puhelinnumero / phone number"),
                             (SURVEY_NUMBER, "puhelinnumero / phone number"),
                             (NEIGHBOUR_EMAIL, "sähköpostiosoite / e-mail address")):
            with self.subTest(value=value):
                self.assertEqual(letter.count(review(value, words)), 1)
        # The split one is marked whole; its second line continues under the field's value.
        self.assertIn("Jaettu »150565-\n" + " " * 30 + "9504« [TARKISTA / REVIEW: henkilötunnus] "
                      "loppu.", letter)
        self.assertEqual(letter.count("« [TARKISTA / REVIEW: "), 7)
        # Neither the lookalike nor the subject's own number or address is marked.
        self.assertIn(f"Väärä {LOOKALIKE} ei kelpaa", letter)
        self.assertIn(f"Oma numero {OWN_NUMBER}.", letter)
        self.assertIn(f"oma {AINO_EMAIL}", letter)
        # Nothing changed but the trail, which has the read with how many of each kind.
        self.assertEqual(self.records_only(), before)
        self.assertEqual(self.entries("inspect")[-1]["other_people_identifiers"], COUNTS)
        self.assertNotIn("redacted", self.entries("inspect")[-1])
        self.assert_none_of_the_others_in(str(self.query("SELECT * FROM audit")), "the trail")

    def test_english(self):
        result = self.run_cli("inspect", "--hetu", AINO, "--lang", "en")
        self.assert_review_needed_on_stderr(result)
        self.assertTrue(result.stdout.startswith("TO REVIEW BEFORE SENDING (for the clerk; remove "
                                                 "this paragraph from the reply)\n"))
        self.assertIn("The free text holds 7 henkilötunnus, phone numbers or e-mail addresses",
                      result.stdout)
        self.assertIn(review(SPOUSE_HETU, "henkilötunnus"), result.stdout)

    def test_json_keeps_the_values_and_says_where_they_are(self):
        before = self.records_only()
        result = self.run_cli("--json", "inspect", "--hetu", AINO)
        lines = self.assert_review_needed_on_stderr(result)
        error = json.loads(lines[-1])
        validate(error, "error.schema.json")
        self.assertEqual(error["error"]["exit_code"], 8)
        self.assertEqual(error["error"]["kind"], "review_needed")
        document = result.json()
        validate(document, "inspect.schema.json")
        self.assertEqual(document["third_party"], {"redacted": False, "mentions": MENTIONS})
        records = document["records"]
        self.assertEqual(records["calls"][0]["notes"], CALL_NOTES)
        self.assertEqual(records["chats"][0]["messages"][0]["text"], CHAT_TEXT)
        self.assertEqual(records["chats"][0]["metadata"]["agent"]["note"], METADATA_NOTE)
        self.assertEqual(records["cases"][0]["text"], CASE_TEXT)
        self.assertEqual(records["sms_surveys"][0]["answer"], SURVEY_ANSWER)
        self.assertEqual(self.records_only(), before)
        self.assertEqual(len(self.entries("inspect")), 1)

    def test_identifiers_the_clerk_gave_are_the_subjects_own(self):
        # Given with the request, the Swedish number is Aino's own: not another person's.
        result = self.run_cli("--json", "inspect", "--hetu", AINO, "--phone", FOREIGN_NUMBER)
        self.assertEqual(result.code, 8, result.stderr)
        document = result.json()
        self.assertNotIn({"category": "call", "record": "k-1", "field": "notes", "kind": "phone"},
                         document["third_party"]["mentions"])
        self.assertEqual(len(document["third_party"]["mentions"]), len(MENTIONS) - 1)

    def test_a_reply_with_nothing_to_review(self):
        result = self.ok("inspect", "--hetu", "280277-8233")
        self.assertNotIn("TARKISTETTAVAA", result.stdout)
        self.assertNotIn("»", result.stdout)
        self.assertEqual(result.stderr, "")
        document = self.ok("--json", "inspect", "--hetu", "280277-8233").json()
        self.assertEqual(document["third_party"], {"redacted": False, "mentions": []})
        self.assertEqual(self.entries("inspect")[-1]["other_people_identifiers"],
                         {"hetu": 0, "phone": 0, "email": 0})


class RedactTest(ThirdPartyTest):
    def test_the_letter_has_none_of_the_values(self):
        result = self.ok("inspect", "--hetu", AINO, "--redact")
        self.assert_none_of_the_others_in(result.stdout, "the letter")
        self.assert_none_of_the_others_in(result.stderr, "stderr")
        self.assertNotIn("error", result.stderr)
        self.assertNotIn("TARKISTETTAVAA", result.stdout)
        self.assertNotIn("»", result.stdout)
        self.assertIn(REDACTED_NOTES, result.stdout)
        self.assertIn(f"Asiakas antoi naapurin numeron {REMOVED_PHONE}.", result.stdout)
        self.assertIn(f"Naapurin osoite on {REMOVED_EMAIL}, oma {AINO_EMAIL}", result.stdout)
        self.assertIn(f"soittakaa {REMOVED_PHONE}", result.stdout)
        self.assertEqual(self.entries("inspect")[-1]["redacted"], COUNTS)
        self.assertNotIn("other_people_identifiers", self.entries("inspect")[-1])

    def test_json(self):
        before = self.records_only()
        result = self.ok("--json", "inspect", "--hetu", AINO, "--redact", "--lang", "en")
        self.assert_none_of_the_others_in(result.stdout, "the JSON")
        document = result.json()
        validate(document, "inspect.schema.json")
        self.assertEqual(document["third_party"], {"redacted": True, "mentions": MENTIONS})
        records = document["records"]
        self.assertEqual(records["calls"][0]["notes"], REDACTED_NOTES)
        self.assertEqual(records["chats"][0]["metadata"],
                         {"channel": "web", "agent": {"note": f"soita {REMOVED_PHONE}"}})
        self.assertEqual(records["sms_surveys"][0]["answer"], f"soittakaa {REMOVED_PHONE}")
        # Redacted in the reply only: the register keeps what the source systems sent.
        self.assertEqual(self.records_only(), before)
        self.assertEqual(self.run_cli("--json", "inspect", "--hetu", AINO).json()
                         ["records"]["calls"][0]["notes"], CALL_NOTES)


class ExportTest(ThirdPartyTest):
    def export(self, *args):
        result = self.ok("export", "--hetu", AINO, *args)
        document = result.json()
        validate(document, "export.schema.json")
        self.assertEqual(document["schema_version"], 2)
        return result, document

    def test_an_agent_message_is_neither_exported_nor_listed(self):
        """Agents' messages are not in the document (the policy leaves them out), so what they
        mention is neither listed nor counted for it; the access reply lists it."""
        self.write_lines("agent.ndjson", [
            {"type": "chat", "id": "h-2", "customer": "c-aino", "started_at": "2026-11-06T10:00:00Z",
             "messages": [{"from": "agent", "text": "Puolisosi 131052-308T"},
                          {"from": "customer", "text": "Soita 0401112222"}]}])
        self.ok("import", "agent.ndjson")
        _, document = self.export()
        chat = [m for m in document["third_party"]["mentions"] if m["record"] == "h-2"]
        self.assertEqual(chat, [{"category": "chat", "record": "h-2",
                                 "field": "customer_messages/0/text", "kind": "phone"}])
        replied = self.run_cli("--json", "inspect", "--hetu", AINO).json()["third_party"]
        self.assertEqual([(m["field"], m["kind"]) for m in replied["mentions"]
                          if m["record"] == "h-2"],
                         [("messages/0/text", "hetu"), ("messages/1/text", "phone")])

    def test_redacted_by_default(self):
        result, document = self.export()
        self.assert_none_of_the_others_in(result.stdout, "the export")
        self.assert_none_of_the_others_in(result.stderr, "stderr")
        self.assertEqual(document["third_party"], {"redacted": True, "mentions": EXPORT_MENTIONS})
        data = document["data"]
        self.assertEqual(data["calls"][0]["notes"], REDACTED_NOTES)
        self.assertEqual(data["chats"][0]["customer_messages"][0]["text"],
                         f"Naapurin osoite on {REMOVED_EMAIL}, oma {AINO_EMAIL}")
        self.assertEqual(data["chats"][0]["metadata"]["agent"]["note"], f"soita {REMOVED_PHONE}")
        self.assertEqual(data["cases"][0]["text"], f"Asiakas antoi naapurin numeron {REMOVED_PHONE}.")
        self.assertEqual(data["sms_surveys"][0]["answer"], f"soittakaa {REMOVED_PHONE}")
        self.assertEqual(self.entries("export")[-1]["redacted"], COUNTS)

    def test_no_redact_is_refused_but_for_the_subjects_own_portability_request(self):
        access = self.open_request("access", "--hetu", AINO)
        someone_elses = self.open_request("portability", "--hetu", "280277-8233")
        nobodys = self.open_request("portability")
        by_number = self.open_request("portability", "--phone", AINO_PHONE)
        batch = self.dir / "subjects.txt"
        batch.write_text(f"hetu:{AINO}\n")
        target = self.dir / "aino.json"
        refusals = {
            "no request": (["--hetu", AINO], "name it with --request"),
            "with -o": (["--hetu", AINO, "-o", target], "name it with --request"),
            "batch": (["--batch", batch], "not with --batch"),
            "access request": (["--hetu", AINO, "--request", access], "answered by inspect"),
            "another subject's": (["--hetu", AINO, "--request", someone_elses],
                                  "opened for another subject"),
            "no identifiers": (["--hetu", AINO, "--request", nobodys],
                               "not opened with the subject's identifiers"),
            "the number not given": (["--hetu", AINO, "--request", by_number],
                                     "opened for another subject"),
        }
        for name, (args, message) in refusals.items():
            with self.subTest(name):
                result = self.assert_fails_unchanged(2, "export", "--no-redact", *args,
                                                     message=message)
                self.assert_none_of_the_others_in(result.stderr, "stderr")
        self.assertEqual(list(self.dir.glob("aino.json*")), [])
        self.assertEqual(self.entries("export"), [])
        json_refusal = self.run_cli("--json", "export", "--hetu", AINO, "--no-redact")
        self.assertEqual((json_refusal.code, json_refusal.stdout), (2, ""))
        error = json_refusal.error_json()
        validate(error, "error.schema.json")
        self.assertEqual(error["error"]["kind"], "invalid_input")
        # With the number given, the request opened with it is the subject's own.
        self.ok("export", "--hetu", AINO, "--phone", AINO_PHONE, "--request", by_number,
                "--no-redact")

    def test_no_redact_keeps_the_values_for_the_subjects_portability_request(self):
        for selectors in (["--hetu", AINO], ["--customer", "c-aino"]):
            with self.subTest(selectors=selectors):
                request_id = self.open_request("portability", *selectors)
                result, document = self.export("--request", request_id, "--no-redact")
                self.assertEqual(document["third_party"], {"redacted": False,
                                                           "mentions": EXPORT_MENTIONS})
                self.assertEqual(document["data"]["calls"][0]["notes"], CALL_NOTES)
                self.assertIn(SPOUSE_HETU, result.stdout)
                self.assertIn("kept, as --no-redact asked", result.stderr)
                self.assertNotIn("error", result.stderr)
                self.assert_none_of_the_others_in(result.stderr, "stderr")
                entry = self.entries("export")[-1]
                self.assertEqual(entry["not_redacted"], COUNTS)
                self.assertNotIn("redacted", entry)

    def test_a_batch_always_redacts(self):
        batch = self.dir / "subjects.txt"
        batch.write_text(f"hetu:{AINO}\ncustomer:c-bertil\n")
        out = self.dir / "out.ndjson"
        result = self.ok("export", "--batch", batch, "-o", out)
        self.assert_none_of_the_others_in(result.stderr, "stderr")
        text = out.read_text(encoding="utf-8")
        self.assert_none_of_the_others_in(text, "the batch export")
        check = validator("export.schema.json")
        aino, bertil = [json.loads(line) for line in text.splitlines()]
        for document in (aino, bertil):
            check.validate(document)
        self.assertEqual(aino["third_party"], {"redacted": True, "mentions": EXPORT_MENTIONS})
        self.assertEqual(aino["data"]["calls"][0]["notes"], REDACTED_NOTES)
        self.assertEqual(bertil["third_party"], {"redacted": True, "mentions": []})
        self.assertEqual(bertil["data"]["calls"][0]["notes"], "Soitti numerosta 050 999 8888")
        self.assertEqual([entry["redacted"] for entry in self.entries("export")],
                         [COUNTS, {"hetu": 0, "phone": 0, "email": 0}])
