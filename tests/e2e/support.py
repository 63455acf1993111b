"""Shared helpers for the end-to-end tests: run the real binary on real register files."""
import json
import os
import sqlite3
import subprocess
import tempfile
import unittest
from pathlib import Path

import jsonschema

BIN = os.environ["OULU10_GDPR_BIN"]
SOURCE_DIR = Path(os.environ["OULU10_SOURCE_DIR"])
SCHEMAS = SOURCE_DIR / "schemas"
EXAMPLES = SOURCE_DIR / "examples"
FIXED_NOW = "2026-11-28T12:00:00Z"


def load_schema(name):
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validator(schema_name):
    """A validator that resolves references between our schemas from the files, not the web."""
    store = {}
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        store[schema["$id"]] = schema
    schema = load_schema(schema_name)
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver,
                                           format_checker=jsonschema.FormatChecker())


def validate(document, schema_name):
    validator(schema_name).validate(document)


class Result:
    def __init__(self, completed):
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    def json(self):
        return json.loads(self.stdout)

    def error_json(self):
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {self.stderr!r}"
        return json.loads(lines[0])


def snapshot(db, without_secret=False):
    """The register's logical content: what "unchanged" means for a SQLite file. Two registers
    never share their random secret key; without_secret leaves it out, to compare content.
    Sorted: a copy (VACUUM INTO) lists the same schema in another order than the migrations
    made it."""
    connection = sqlite3.connect(db)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        dump = sorted(connection.iterdump())
        if without_secret:
            dump = [line for line in dump if "register_key" not in line]
        return version, dump
    finally:
        connection.close()


def is_audit_trail(dump_line):
    """Whether a line of a snapshot is the audit trail's: its entries or their index."""
    return dump_line.startswith(('INSERT INTO "audit"', 'INSERT INTO "audit_subject"',
                                 'INSERT INTO "audit_index"'))


class RegisterTest(unittest.TestCase):
    """Each test gets a fresh directory and a fresh register in it."""

    maxDiff = None

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="oulu10-e2e-")
        self.dir = Path(self._tmp.name)
        self.db = self.dir / "register.db"

    def tearDown(self):
        self._tmp.cleanup()

    def run_cli(self, *args, stdin=None, env=None, db=True):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR_")}
        full_env["OULU10_GDPR_NOW"] = FIXED_NOW
        full_env.update(env or {})
        argv = [BIN] + (["--db", str(self.db)] if db else []) + [str(a) for a in args]
        completed = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                                   env=full_env, cwd=self.dir, timeout=300)
        return Result(completed)

    def ok(self, *args, **kwargs):
        result = self.run_cli(*args, **kwargs)
        self.assertEqual(result.code, 0, f"{args}: {result.stderr}")
        return result

    def init(self):
        return self.ok("init")

    def open_request(self, kind, *selectors, received="2026-11-20"):
        """Opens a request of `kind` for the subject `selectors` name; returns its id."""
        document = self.ok("--json", "request", "open", "--kind", kind, "--received", received,
                           *selectors).json()
        return document["request"]["id"]

    def write_lines(self, name, records):
        path = self.dir / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                        encoding="utf-8")
        return path

    def query(self, sql, *params):
        connection = sqlite3.connect(self.db)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def assert_fails_unchanged(self, expected_code, *args, message=None, **kwargs):
        """Runs a command that must fail: the code, one error line, and the register as it was."""
        before = snapshot(self.db) if self.db.exists() else None
        result = self.run_cli(*args, **kwargs)
        self.assertEqual(result.code, expected_code, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("oulu10-gdpr: error: "), lines[0])
        if message is not None:
            self.assertIn(message, lines[0])
        self.assertEqual(result.stdout, "")
        if before is not None:
            self.assertEqual(snapshot(self.db), before, "the register changed")
        return result
