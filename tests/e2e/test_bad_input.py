"""Bad input, on purpose: SQL metacharacters, quotes, NUL bytes, very long fields, invalid UTF-8,
control characters and terminal escape sequences in every text field and identifier. Each is
stored as given or refused cleanly; none is executed; none reaches a terminal raw."""
import json
import re

from support import BIN, EXAMPLES, RegisterTest, snapshot

HOSTILE = [
    "Robert'); DROP TABLE customer;--",
    '" OR 1=1 --',
    "%_\\' UNION SELECT key FROM register_key --",
    "\x1b[2J\x1b]0;owned\x07 cleared screen",
    "bell\x07 and backspace\x08 and del\x7f",
    "csi\u009b31m c1",
    "line one\nline two\r\n\ttabbed",
    "ääkköset €, 漢字, 🙂",
]
# What must never be written raw to a terminal: C0 controls other than line feed and tab, DEL,
# and C1 controls (U+0080-U+009F).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]")


class BadInputTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    def hostile_records(self):
        records = []
        for i, text in enumerate(HOSTILE):
            records += [
                {"type": "customer", "id": f"c-h{i}", "hetu": None, "name": text, "address": text,
                 "service": text, "phone": f"04{i}1234567"},
                {"type": "case", "id": f"t-h{i}", "customer": f"c-h{i}", "kind": "feedback",
                 "service": text, "opened_at": "2026-11-01", "text": text},
                {"type": "chat", "id": f"h-h{i}", "customer": f"c-h{i}",
                 "started_at": "2026-11-01T10:00:00Z",
                 "messages": [{"from": "customer", "text": text}], "metadata": {"note": text}},
                {"type": "call", "id": f"k-h{i}", "customer": f"c-h{i}", "phone": f"04{i}1234567",
                 "started_at": "2026-11-01T10:00:00Z", "notes": text},
                {"type": "sms_survey", "id": f"s-h{i}", "call": f"k-h{i}",
                 "sent_at": "2026-11-01T11:00:00Z", "answer": text},
            ]
        for record in records:
            if record["type"] == "customer":
                del record["hetu"]
        return records

    def assert_terminal_safe(self, text, what):
        found = RAW_CONTROL.search(text)
        if found:
            around = text[max(0, found.start() - 60):found.end() + 20]
            self.fail(f"{what}: raw {found.group()!r} in ...{around!r}...")

    def test_hostile_text_is_stored_as_given_and_shown_safely(self):
        self.ok("import", self.write_lines("hostile.ndjson", self.hostile_records()))
        tables = self.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        for i, text in enumerate(HOSTILE):
            with self.subTest(text=text):
                # Stored exactly, not executed: the export gives back the very string.
                document = self.ok("--json", "export", "--customer", f"c-h{i}").json()
                self.assertEqual(document["data"]["customers"][0]["name"], text)
                self.assertEqual(document["data"]["cases"][0]["text"], text)
                self.assertEqual(document["data"]["calls"][0]["notes"], text)
                letter = self.ok("inspect", "--customer", f"c-h{i}").stdout
                self.assert_terminal_safe(letter, "inspect")
                # A line break inside a field continues under it; it cannot start a new field.
                for line in letter.splitlines():
                    self.assertFalse(line.startswith("line two"), letter)
        self.assertEqual(self.query("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                    "ORDER BY name"), tables)
        self.assertEqual(self.query("SELECT count(*) FROM customer WHERE source_id LIKE 'c-h%'"),
                         [(len(HOSTILE),)])
        self.assert_terminal_safe(self.ok("audit").stdout, "audit")

    def test_json_output_holds_no_raw_control_character(self):
        self.ok("import", self.write_lines("hostile.ndjson", self.hostile_records()))
        for i in range(len(HOSTILE)):
            for args in (["export", "--customer", f"c-h{i}"],
                         ["--json", "inspect", "--customer", f"c-h{i}"]):
                with self.subTest(args=args):
                    output = self.ok(*args).stdout
                    self.assert_terminal_safe(output, " ".join(args))
                    json.loads(output)
        batch = self.dir / "subjects.txt"
        batch.write_text("".join(f"customer:c-h{i}\n" for i in range(len(HOSTILE))))
        self.assert_terminal_safe(self.ok("export", "--batch", batch).stdout, "export --batch")

    def test_an_error_stays_one_line(self):
        for name in ("no\noulu10-gdpr: error: forged second line", "tab\there", "esc\x1b[2J"):
            with self.subTest(name=name):
                for json_flag in ([], ["--json"]):
                    result = self.run_cli(*json_flag, "import", name)
                    self.assertEqual(result.code, 2)
                    self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
                    self.assert_terminal_safe(result.stderr, "error")

    def test_escapes_are_shown_visibly(self):
        self.ok("import", self.write_lines("hostile.ndjson", self.hostile_records()))
        letter = self.ok("inspect", "--customer", "c-h3").stdout
        self.assertIn("\\x1b[2J\\x1b]0;owned\\x07 cleared screen", letter)
        self.assertIn("csi\\u009b31m c1", self.ok("inspect", "--customer", "c-h5").stdout)

    def test_hostile_identifiers_on_the_command_line(self):
        for text in HOSTILE + ["x" * 100000]:
            for option in ("--hetu", "--phone", "--email", "--customer"):
                with self.subTest(option=option, text=text[:40]):
                    before = snapshot(self.db)
                    result = self.run_cli("inspect", option, text)
                    self.assertIn(result.code, (1, 2), result.stderr)
                    lines = result.stderr.strip().splitlines()
                    self.assertEqual(len(lines), 1, result.stderr)
                    self.assert_terminal_safe(result.stderr, "error")
                    self.assertLess(len(result.stderr), 1000)
                    if result.code == 2:  # refused: nothing written, not even an audit entry
                        self.assertEqual(snapshot(self.db), before)

    def test_hostile_ids_and_free_text_of_requests(self):
        for text in HOSTILE:
            with self.subTest(text=text):
                self.assert_fails_unchanged(2, "request", "open", "--kind", "access",
                                            "--received", "2026-11-20", "--ref", text)
                result = self.run_cli("request", "show", text)
                self.assertEqual(result.code, 2)
                self.assert_terminal_safe(result.stderr, "error")
                result = self.run_cli("request", "open", "--kind", "access", "--received",
                                      "2026-11-20", "--identity-verified-by", text)
                if result.code == 0:  # printable text is kept as typed
                    self.assertEqual(RAW_CONTROL.search(text.replace("\n", "")), None)
                else:
                    self.assertIn("--identity-verified-by", result.stderr)

    def test_nul_bytes_long_fields_and_invalid_utf8_in_an_import(self):
        cases = {
            "NUL escape": json.dumps({"type": "customer", "id": "c-n", "name": "a\u0000b"}) + "\n",
            "raw NUL": '{"type": "customer", "id": "c-n", "name": "a\x00b"}\n',
            "control in id": json.dumps({"type": "customer", "id": "c-\u001b[2J"}) + "\n",
            "id too long": json.dumps({"type": "customer", "id": "c" * 300}) + "\n",
            # Found by fuzz/fuzz_import_line: once an internal failure (exit 70).
            "number overflow": '{"type": "customer", "id": "c-n", "name": 1e555}\n',
        }
        for name, line in cases.items():
            with self.subTest(name):
                path = self.dir / "bad.ndjson"
                path.write_text(line, encoding="utf-8")
                result = self.assert_fails_unchanged(2, "import", path)
                self.assert_terminal_safe(result.stderr, "error")
        path = self.dir / "latin1.ndjson"
        path.write_bytes(b'{"type": "customer", "id": "c-l", "name": "\xe4\xe4"}\n')
        self.assert_fails_unchanged(2, "import", path, message="line 1")
        # A megabyte of text in one field is stored, and comes back whole.
        long_text = "pitkä " * 200000
        self.ok("import", self.write_lines("long.ndjson", [
            {"type": "customer", "id": "c-long", "name": "Pitkä"},
            {"type": "case", "id": "t-long", "customer": "c-long", "kind": "feedback",
             "opened_at": "2026-11-01", "text": long_text}]))
        document = self.ok("--json", "export", "--customer", "c-long").json()
        self.assertEqual(document["data"]["cases"][0]["text"], long_text)
