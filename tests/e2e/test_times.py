"""The times the register accepts (issue 20): from 1900-01-01 up to 9000-12-31 in UTC, with an
offset of at most 18 hours; anything else refuses the whole import. No output prints a year
that is not four digits, or a time before the time it describes."""
import re

from support import EXAMPLES, RegisterTest, validate

ISO_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
RANGE_REFUSAL = "must lie between 1900-01-01 and 9000-12-31 in UTC"


def call(started_at, call_id="k-1"):
    return {"type": "call", "id": call_id, "phone": "0401234567", "started_at": started_at}


def values_named(key, document):
    """Every value of a member named `key`, anywhere in the JSON document."""
    if isinstance(document, dict):
        for name, value in document.items():
            if name == key:
                yield value
            yield from values_named(key, value)
    elif isinstance(document, list):
        for item in document:
            yield from values_named(key, item)


class TimesTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    def assert_import_refused(self, record, message):
        path = self.write_lines("bad.ndjson", [record])
        self.assert_fails_unchanged(2, "import", path, message=message)

    def test_times_outside_the_range_are_refused(self):
        for started_at in ["9999-06-01T00:00:00Z", "0000-12-31T10:00:00Z",
                           "0001-01-01T00:00+14:00", "9001-01-01", "1899-12-31T23:59:59Z"]:
            with self.subTest(started_at=started_at):
                self.assert_import_refused(call(started_at),
                                           f"line 1: started_at: {RANGE_REFUSAL}")

    def test_no_end_written_as_9999_12_31_is_refused(self):
        self.assert_import_refused(
            {"type": "customer", "id": "c-9", "relationship_started": "2020-01-01",
             "relationship_ended": "9999-12-31"},
            f"line 1: relationship_ended: {RANGE_REFUSAL}")

    def test_offsets_over_18_hours_are_refused(self):
        for started_at in ["2025-02-28T10:00:00+18:59", "2025-02-28T10:00:00-18:30",
                           "2025-02-28T10:00:00+19:00"]:
            with self.subTest(started_at=started_at):
                self.assert_import_refused(call(started_at),
                                           "line 1: started_at: the offset is out of range")

    def test_offsets_of_18_hours_are_accepted(self):
        self.ok("import", self.write_lines("ok.ndjson", [
            call("2025-02-28T10:00:00+18:00", "k-east"),
            call("2025-02-28T10:00:00-18:00", "k-west")]))
        self.assertEqual(
            self.query("SELECT source_id, started_at FROM call WHERE source_id LIKE 'k-%t' "
                       "ORDER BY source_id"),
            [("k-east", 1740672000), ("k-west", 1740801600)])

    def test_the_latest_time_expires_in_a_four_digit_year_after_it(self):
        latest = "9000-12-31T23:59:59Z"
        self.ok("import", self.write_lines("late.ndjson", [call(latest)]))
        purge = self.ok("--json", "purge", "--dry-run", "--as-of", latest).json()
        validate(purge, "purge.schema.json")
        self.assertRegex(purge["next_expiry"], ISO_TIME)
        self.assertGreater(purge["next_expiry"], latest)
        letter = self.ok("--json", "inspect", "--phone", "0401234567").json()
        validate(letter, "inspect.schema.json")
        expiries = [value for value in values_named("expires", letter) if value]
        self.assertTrue(expiries, letter)
        for expires in expiries:
            self.assertRegex(expires, ISO_TIME)
            self.assertGreater(expires, latest)
        # The letter writes dates the Finnish way, in Finnish time: the call at the last second
        # of 9000 (UTC) was made on 1 January 9001 in Finland, and goes a year later.
        finnish = self.ok("inspect", "--phone", "0401234567").stdout
        self.assertIn("1.1.9001 klo 1.59", finnish)
        self.assertIn("poistetaan 1.1.9002", finnish)
        english = self.ok("inspect", "--phone", "0401234567", "--lang", "en").stdout
        self.assertIn("1 January 9001, 01:59 (Finnish time)", english)
        self.assertIn("deleted on 1 January 9002", english)
        for letter in (finnish, english):
            self.assertNotIn("0000-", letter)
            # Every year the letter writes after a day and a month has four digits.
            for year in re.findall(r"\b[0-9]{1,2}\.[0-9]{1,2}\.([0-9]+)", letter):
                self.assertEqual(len(year), 4, letter)
            for year in re.findall(r"\b[0-9]{1,2} (?:January|February|March|April|May|June|July|"
                                   r"August|September|October|November|December) ([0-9]+)",
                                   letter):
                self.assertEqual(len(year), 4, letter)

    def test_as_of_outside_the_range_is_refused(self):
        self.assert_fails_unchanged(2, "purge", "--dry-run", "--as-of", "9999-12-31",
                                    message=f"--as-of: {RANGE_REFUSAL}")

    def test_a_byte_order_mark_before_the_first_line_is_accepted(self):
        path = self.dir / "bom.ndjson"
        path.write_bytes(b"\xef\xbb\xbf" + self.write_lines("plain.ndjson", [call(
            "2026-11-01T10:00:00Z", "k-bom")]).read_bytes())
        self.ok("import", path)
        self.assertEqual(self.query("SELECT count(*) FROM call WHERE source_id = 'k-bom'"),
                         [(1,)])
