"""The consultations of a subject's data in the access reply (issue 17; GDPR art. 15(1) as the
Court of Justice read it in C-579/21): every audit entry about the subject, when (in Finnish
time in the letter, in UTC in the JSON), what and why (the request it answered, else the right
it served), never by whom; another person's entries never reach the reply through a number the
two share."""
import re

from support import FIXED_NOW, RegisterTest, validate

AINO = "010185-912T"
EINO = "150565-9504"
SHARED_PHONE = "040 000 1234"
NEW_PHONE = "050 777 8899"

# Aino and Eino share a family phone; each has a call from it.
RECORDS = [
    {"type": "customer", "id": "c-aino", "hetu": AINO, "name": "Aino Esimerkki",
     "phone": SHARED_PHONE, "address": "Kansankatu 1", "relationship_started": "2020-02-03"},
    {"type": "call", "id": "k-aino", "customer": "c-aino", "phone": SHARED_PHONE,
     "started_at": "2026-03-02T09:15:00Z", "notes": "Kysyi pysäköinnistä."},
    {"type": "customer", "id": "c-eino", "hetu": EINO, "name": "Eino Esimerkki",
     "phone": SHARED_PHONE, "relationship_started": "2021-01-01"},
    {"type": "call", "id": "k-eino", "customer": "c-eino", "phone": SHARED_PHONE,
     "started_at": "2026-02-01T08:00:00Z"},
]

FI_HEADING = "TIETOJESI KÄSITTELYKERRAT"
EN_HEADING = "WHEN YOUR DATA WAS CONSULTED"
FI_NOTE = ("Luettelossa eivät ole säilytysajan päättyneitä tietoja poistavat yölliset ajot eivätkä "
           "tekstiviestikyselyn numeroluettelot, jotka eivät koske ketään yksittäistä henkilöä. "
           "Tietoja käsitelleiden työntekijöiden nimiä ei kerrota.")
EN_NOTE = ("The list leaves out the nightly runs that delete data whose retention period has "
           "ended and the lists of numbers for the text-message survey: they concern no one "
           "person. The names of the employees who consulted the data are not given.")
FI_RIGHT_OF_ACCESS = "oikeutesi: tarkastaa itseäsi koskevat tiedot [tietosuoja-asetus, artikla 15]"
EN_RIGHT_OF_ACCESS = "your right: to access the data about you [GDPR Art. 15]"


def at(instant):
    return {"OULU10_GDPR_NOW": instant}


def section(letter, heading):
    """The lines of one section of the letter: from under its heading to the blank line."""
    lines = letter.splitlines()
    start = lines.index(heading) + 1
    end = lines.index("", start)
    return lines[start:end]


class ConsultationsTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", self.write_lines("people.ndjson", RECORDS))

    def reply(self, *selectors, env=None):
        """The access reply as JSON, validated; its consultations."""
        document = self.ok("--json", "inspect", *selectors, env=env).json()
        validate(document, "inspect.schema.json")
        self.assertEqual(document["schema_version"], 4)
        return document["consultations"]

    def commands(self, *selectors, env=None):
        return [c["command"] for c in self.reply(*selectors, env=env)]

    def letter_lines(self, *selectors, lang="fi", env=None):
        letter = self.ok("inspect", *selectors, "--lang", lang, env=env).stdout
        return section(letter, FI_HEADING if lang == "fi" else EN_HEADING)


class WhatIsListedTest(ConsultationsTest):
    def test_reads_changes_and_request_lookups_are_listed_with_their_times_and_requests(self):
        request_id = self.open_request("access", "--hetu", AINO, received="2026-11-02")
        self.ok("inspect", "--hetu", AINO, "--request", request_id,
                env=at("2026-11-03T08:00:00Z"))
        self.ok("export", "--hetu", AINO, env=at("2026-11-04T09:00:00Z"))
        self.ok("rectify", "--hetu", AINO, "--set", "address=Isokatu 1, 90100 Oulu",
                env=at("2026-11-05T10:00:00Z"))
        self.ok("request", "show", request_id, env=at("2026-11-06T11:00:00Z"))
        self.assertEqual(self.reply("--hetu", AINO), [
            {"at": FIXED_NOW, "command": "request open", "outcome": "opened",
             "request_id": request_id},
            {"at": "2026-11-03T08:00:00Z", "command": "inspect", "outcome": "read",
             "request_id": request_id},
            {"at": "2026-11-04T09:00:00Z", "command": "export", "outcome": "read",
             "request_id": None},
            {"at": "2026-11-05T10:00:00Z", "command": "rectify", "outcome": "rectified",
             "request_id": None},
            {"at": "2026-11-06T11:00:00Z", "command": "request show", "outcome": "read",
             "request_id": request_id},
            # The reply's own entry, last.
            {"at": FIXED_NOW, "command": "inspect", "outcome": "read", "request_id": None},
        ])

    def test_the_letter_says_what_was_done_and_why(self):
        self.ok("request", "open", "--kind", "access", "--received", "2026-11-02", "--hetu", AINO,
                env=at("2026-11-02T07:00:00Z"))
        request_id = "REQ-2026-0001"
        self.ok("inspect", "--hetu", AINO, "--request", request_id,
                env=at("2026-11-03T08:00:00Z"))
        self.ok("rectify", "--hetu", AINO, "--set", "address=Isokatu 1, 90100 Oulu",
                env=at("2026-11-05T10:00:00Z"))
        self.ok("request", "show", request_id, env=at("2026-11-06T11:00:00Z"))
        self.assertEqual(self.letter_lines("--hetu", AINO), [
            "  - 2.11.2026 klo 9.00: kirjaamo kirjasi pyyntösi",
            f"    Peruste: pyyntö {request_id}",
            "  - 3.11.2026 klo 10.00: tiedoistasi koottiin vastaus tarkastuspyyntöön",
            f"    Peruste: pyyntö {request_id}",
            "  - 5.11.2026 klo 12.00: tietojasi oikaistiin",
            "    Peruste: oikeutesi: pyytää tietojesi oikaisemista [tietosuoja-asetus, artikla 16]",
            "  - 6.11.2026 klo 13.00: kirjaamo tarkasteli pyyntöäsi",
            f"    Peruste: pyyntö {request_id}",
            "  - 28.11.2026 klo 14.00: tiedoistasi koottiin vastaus tarkastuspyyntöön",
            f"    Peruste: {FI_RIGHT_OF_ACCESS}",
            f"  {FI_NOTE}",
        ])

    def test_english(self):
        self.ok("request", "open", "--kind", "portability", "--received", "2026-11-02",
                "--hetu", AINO, env=at("2026-11-02T07:00:00Z"))
        request_id = "REQ-2026-0001"
        self.ok("export", "--hetu", AINO, "--request", request_id, env=at("2026-11-04T09:00:00Z"))
        self.assertEqual(self.letter_lines("--hetu", AINO, lang="en"), [
            "  - 2 November 2026, 09:00 (Finnish time): the registry office recorded your "
            "request",
            f"    Why: request {request_id}",
            "  - 4 November 2026, 11:00 (Finnish time): your data was exported for transfer to "
            "another controller",
            f"    Why: request {request_id}",
            "  - 28 November 2026, 14:00 (Finnish time): your data was compiled into a reply to a "
            "request for access",
            f"    Why: {EN_RIGHT_OF_ACCESS}",
            f"  {EN_NOTE}",
        ])

    def test_a_reply_that_is_the_first_reading_lists_itself(self):
        self.assertEqual(self.reply("--hetu", AINO), [
            {"at": FIXED_NOW, "command": "inspect", "outcome": "read", "request_id": None}])
        self.assertEqual(self.letter_lines("--customer", "c-eino"), [
            "  - 28.11.2026 klo 14.00: tiedoistasi koottiin vastaus tarkastuspyyntöön",
            f"    Peruste: {FI_RIGHT_OF_ACCESS}",
            f"  {FI_NOTE}",
        ])

    def test_a_read_that_found_nothing_is_listed_as_such(self):
        result = self.run_cli("inspect", "--customer", "c-later", env=at("2026-11-01T10:00:00Z"))
        self.assertEqual(result.code, 1, result.stderr)
        # The customer id turns up later on a record of Aino's: her reply finds the entry by it.
        self.ok("import", self.write_lines("later.ndjson", [
            {"type": "customer", "id": "c-later", "hetu": AINO, "name": "Aino E."}]))
        self.assertEqual(self.reply("--hetu", AINO)[0],
                         {"at": "2026-11-01T10:00:00Z", "command": "inspect",
                          "outcome": "no_match", "request_id": None})
        self.assertIn("  - 1.11.2026 klo 12.00: tiedoistasi koottiin vastaus tarkastuspyyntöön "
                      "(tietoja ei löytynyt)", self.letter_lines("--hetu", AINO))
        self.assertIn("  - 1 November 2026, 12:00 (Finnish time): your data was compiled into a "
                      "reply to a request for access (nothing was found)",
                      self.letter_lines("--hetu", AINO, lang="en"))

    def test_the_purge_is_left_out(self):
        self.ok("inspect", "--hetu", AINO)
        # A year after the call: the purge deletes Aino's call, but concerns no one person.
        later = at("2027-03-03T00:00:00Z")
        self.assertEqual(self.ok("--json", "purge", env=later).json()["deleted"]["calls"], 2)
        self.assertIn("purge", [row[0] for row in self.query("SELECT command FROM audit")])
        self.assertEqual(self.commands("--hetu", AINO, env=later), ["inspect", "inspect"])


class FinnishTimeTest(ConsultationsTest):
    def test_times_around_midnight_are_the_finnish_day_and_hour(self):
        instants = [
            ("2026-01-10T22:30:00Z", "11.1.2026 klo 0.30", "11 January 2026, 00:30"),  # EET
            ("2026-01-10T21:59:00Z", "10.1.2026 klo 23.59", "10 January 2026, 23:59"),
            ("2026-05-11T21:30:00Z", "12.5.2026 klo 0.30", "12 May 2026, 00:30"),  # EEST
            ("2026-05-11T20:59:00Z", "11.5.2026 klo 23.59", "11 May 2026, 23:59"),
            ("2026-12-31T22:05:00Z", "1.1.2027 klo 0.05", "1 January 2027, 00:05"),
        ]
        for instant, _, _ in instants:
            self.ok("export", "--hetu", AINO, env=at(instant))
        now = at("2027-01-02T10:00:00Z")
        self.assertEqual([c["at"] for c in self.reply("--hetu", AINO, env=now)][:len(instants)],
                         [instant for instant, _, _ in instants])
        finnish = self.letter_lines("--hetu", AINO, env=now)
        english = self.letter_lines("--hetu", AINO, lang="en", env=now)
        for index, (instant, fi, en) in enumerate(instants):
            with self.subTest(instant=instant):
                self.assertEqual(finnish[2 * index], f"  - {fi}: tietosi koottiin siirrettäviksi "
                                                     "toiselle rekisterinpitäjälle")
                self.assertEqual(english[2 * index], f"  - {en} (Finnish time): your data was "
                                                     "exported for transfer to another controller")

    def test_times_across_the_summer_time_switches(self):
        # Summer time starts at 01:00 UTC on the last Sunday of March (29 March 2026) and ends at
        # 01:00 UTC on the last Sunday of October (25 October 2026).
        instants = [
            ("2026-03-29T00:59:00Z", "29.3.2026 klo 2.59"),
            ("2026-03-29T01:00:00Z", "29.3.2026 klo 4.00"),
            ("2026-10-25T00:59:00Z", "25.10.2026 klo 3.59"),
            ("2026-10-25T01:00:00Z", "25.10.2026 klo 3.00"),
        ]
        for instant, _ in instants:
            self.ok("inspect", "--hetu", AINO, env=at(instant))
        lines = [line for line in self.letter_lines("--hetu", AINO) if line.startswith("  - ")]
        self.assertEqual([line.split(": ")[0] for line in lines[:len(instants)]],
                         [f"  - {fi}" for _, fi in instants])

    def test_the_letters_date_is_the_day_in_finland(self):
        late = at("2026-05-11T21:30:00Z")
        finnish = self.ok("inspect", "--hetu", AINO, env=late).stdout
        self.assertIn("\nPäivämäärä: 12.5.2026\n", finnish)
        self.assertNotIn("UTC", finnish)
        english = self.ok("inspect", "--hetu", AINO, "--lang", "en", env=late).stdout
        self.assertIn("\nDate: 12 May 2026\n", english)
        self.assertEqual(self.reply("--hetu", AINO, env=late)[-1]["at"], "2026-05-11T21:30:00Z")


class SharedNumberTest(ConsultationsTest):
    def test_another_persons_entries_do_not_come_through_a_shared_number(self):
        self.ok("inspect", "--hetu", AINO, env=at("2026-11-01T10:00:00Z"))
        self.ok("inspect", "--hetu", EINO, env=at("2026-11-02T10:00:00Z"))
        self.ok("export", "--hetu", EINO, env=at("2026-11-03T10:00:00Z"))
        self.ok("erase", "--hetu", EINO, env=at("2026-11-04T10:00:00Z"))
        # Eino's entries are indexed under the number he shares with Aino: only the rule keeps
        # them out of her reply. (A reply brings the index up to the trail's end.)
        self.assertEqual(self.query("SELECT count(*) FROM audit_subject WHERE seq = "
                                    "(SELECT seq FROM audit WHERE command = 'erase')"), [(0,)])
        self.reply("--hetu", EINO)
        shared = self.query(
            "SELECT a.subject_key FROM audit_subject a JOIN audit_subject b "
            "ON a.subject_key = b.subject_key "
            "WHERE a.seq = (SELECT min(seq) FROM audit WHERE command = 'inspect') "
            "AND b.seq = (SELECT seq FROM audit WHERE command = 'erase')")
        self.assertEqual(len(shared), 1, "Aino's read and Eino's erasure share one key")
        for selectors in (["--hetu", AINO], ["--hetu", AINO, "--phone", SHARED_PHONE],
                          ["--phone", SHARED_PHONE], ["--customer", "c-aino"]):
            with self.subTest(selectors=selectors):
                consultations = self.reply(*selectors)
                self.assertEqual([(c["at"], c["command"]) for c in consultations[:2]],
                                 [("2026-11-01T10:00:00Z", "inspect"), (FIXED_NOW, "inspect")])
                self.assertNotIn("erase", [c["command"] for c in consultations])
                self.assertNotIn("export", [c["command"] for c in consultations])
        letter = "\n".join(self.letter_lines("--hetu", AINO, "--phone", SHARED_PHONE))
        for theirs in ("2.11.2026", "3.11.2026", "4.11.2026", "poistettiin", "siirrettäviksi"):
            self.assertNotIn(theirs, letter)
        # Eino's own reply lists them.
        self.assertEqual(self.commands("--hetu", EINO)[:3], ["inspect", "export", "erase"])

    def test_an_entry_made_by_the_number_that_read_the_subjects_records_is_listed(self):
        self.ok("inspect", "--phone", SHARED_PHONE, env=at("2026-11-01T10:00:00Z"))
        for person in (AINO, EINO):
            with self.subTest(person=person):
                self.assertEqual(self.reply("--hetu", person)[0],
                                 {"at": "2026-11-01T10:00:00Z", "command": "inspect",
                                  "outcome": "read", "request_id": None})

    def test_a_request_with_only_a_number_is_listed_when_the_clerk_gives_the_number(self):
        # Whose number it is the register cannot tell; the clerk who gives it vouches for it.
        request_id = self.open_request("access", "--phone", SHARED_PHONE)
        self.assertNotIn("request open", self.commands("--hetu", AINO))
        with_phone = self.reply("--hetu", AINO, "--phone", SHARED_PHONE)
        self.assertEqual((with_phone[0]["command"], with_phone[0]["request_id"]),
                         ("request open", request_id))

    def test_entries_made_before_the_number_was_rectified_are_found_by_the_henkilotunnus(self):
        self.ok("inspect", "--phone", SHARED_PHONE, env=at("2026-11-01T10:00:00Z"))
        self.ok("rectify", "--hetu", AINO, "--set", f"phone={NEW_PHONE}",
                env=at("2026-11-02T10:00:00Z"))
        self.ok("export", "--phone", NEW_PHONE, env=at("2026-11-03T10:00:00Z"))
        expected = [("2026-11-01T10:00:00Z", "inspect"), ("2026-11-02T10:00:00Z", "rectify"),
                    ("2026-11-03T10:00:00Z", "export")]
        for selectors in (["--hetu", AINO], ["--phone", NEW_PHONE], ["--customer", "c-aino"]):
            with self.subTest(selectors=selectors):
                self.assertEqual([(c["at"], c["command"]) for c in self.reply(*selectors)][:3],
                                 expected)
        # Eino still has the old number: the read by it is his too, the rest are not.
        self.assertEqual([(c["at"], c["command"]) for c in self.reply("--hetu", EINO)][:2],
                         [("2026-11-01T10:00:00Z", "inspect"), (FIXED_NOW, "inspect")])


class StaysOutOfTheTrailTest(ConsultationsTest):
    def test_the_index_holds_no_identifier_in_the_clear(self):
        self.ok("inspect", "--hetu", AINO, "--phone", SHARED_PHONE)
        self.ok("rectify", "--hetu", AINO, "--set", f"phone={NEW_PHONE}")
        self.ok("inspect", "--hetu", AINO)
        keys = [row[0] for row in self.query("SELECT subject_key FROM audit_subject")]
        self.assertTrue(keys)
        for key in keys:
            self.assertRegex(key, re.compile(r"^[0-9a-f]{24}$"))
        for (joined,) in self.query("SELECT index_keys FROM audit"):
            self.assertRegex(joined, re.compile(r"^[0-9a-f]{24}(,[0-9a-f]{24})*$"))
