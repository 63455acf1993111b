"""A register file that is truncated, corrupted, or not SQLite at all: every command says so in
one line, exits 4, and writes nothing to it."""
import hashlib
import sqlite3

from support import EXAMPLES, RegisterTest

COMMANDS = [
    ["inspect", "--hetu", "010185-912T"],
    ["export", "--hetu", "010185-912T"],
    ["erase", "--hetu", "010185-912T"],
    ["rectify", "--customer", "c-17", "--set", "name=X"],
    ["import", str(EXAMPLES / "sample.ndjson")],
    ["purge"],
    ["purge", "--dry-run"],
    ["request", "open", "--kind", "access", "--received", "2026-11-20"],
    ["request", "list"],
    ["survey-eligible", "--since", "2026-01-01"],
    ["audit", "verify"],
    ["init"],
]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class DamagedRegisterTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("demo", "--customers", "200", "--seed", "3")
        self.ok("import", EXAMPLES / "sample.ndjson")

    def assert_refused_untouched(self, expected):
        for command in COMMANDS:
            with self.subTest(command=" ".join(command[:2])):
                before = digest(self.db)
                result = self.run_cli(*command)
                self.assertEqual(result.code, 4, result.stderr)
                lines = result.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                self.assertIn(expected, lines[0])
                self.assertEqual(result.stdout, "")
                self.assertEqual(digest(self.db), before, "the file was written")

    def test_truncated(self):
        data = self.db.read_bytes()
        self.db.write_bytes(data[: len(data) // 2])
        self.assert_refused_untouched("is corrupt")

    def test_pages_overwritten(self):
        # The header of every page after the first: which pages a command reads depends on the
        # schema's layout, and a damaged page must be refused whichever it is.
        data = bytearray(self.db.read_bytes())
        for offset in range(4096, len(data), 4096):
            data[offset:offset + 32] = b"\xde\xad\xbe\xef" * 8
        self.db.write_bytes(bytes(data))
        self.assert_refused_untouched("is corrupt")

    def test_header_overwritten(self):
        data = bytearray(self.db.read_bytes())
        data[0:16] = b"not a database!!"
        self.db.write_bytes(bytes(data))
        self.assert_refused_untouched("not an SQLite database")

    def test_not_sqlite_at_all(self):
        self.db.write_text("customer;hetu\nAino;010185-912T\n", encoding="utf-8")
        self.assert_refused_untouched("not an SQLite database")

    def test_another_sqlite_database(self):
        self.db.unlink()
        connection = sqlite3.connect(self.db)
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
        connection.close()
        self.assert_refused_untouched("is not an oulu10-gdpr register")
