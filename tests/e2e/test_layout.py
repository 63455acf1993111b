"""The library's layering, as lib/README.md describes it, checked on the sources.

Each folder of lib/ may include only the folders below it. The storage engine (SQLite) is one
implementation behind the store's interfaces: only lib/store/sqlite/ and the one file that
chooses the engine (lib/store/open.cpp) may include a SQLite header or name `sqlite::`, so that
another engine can be added without touching the domain. A break of these rules fails here,
naming the file and the line.
"""
import os
import re
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ["OULU10_SOURCE_DIR"])
LIB = SOURCE_DIR / "lib"

# Folder -> the folders its files may include (besides itself and the public headers in
# include/oulu10gdpr). Bottom layers first.
ALLOWED = {
    "core": set(),
    "model": {"core"},
    "identity": {"core", "model"},
    "policy": {"core", "model"},
    "store": {"core", "model"},
    "store/sqlite": {"core", "model", "store"},
    "journal": {"core", "model", "store"},
    "session": {"core", "model", "policy", "store"},
    "audit": {"core", "model", "policy", "store", "session"},
    "retention": {"core", "model", "policy", "store", "session", "audit"},
    "requests": {"core", "model", "identity", "policy", "store", "session", "audit"},
    "processors": {"core", "model", "identity", "policy", "store", "session", "audit", "requests"},
    "intake": {"core", "model", "identity", "policy", "store"},
    "demo": {"core", "model", "identity", "policy", "store"},
    "rights": {"core", "model", "identity", "policy", "store", "journal", "session", "audit",
               "retention", "requests", "processors"},
    "recovery": {"core", "model", "identity", "policy", "store", "journal", "session", "audit",
                 "retention", "requests", "processors", "rights"},
    "api": {"core", "model", "identity", "policy", "store", "journal", "session", "audit",
            "retention", "requests", "processors", "rights"},
}
# Where the engine is chosen: the one file outside store/sqlite that may include it.
ENGINE_CHOICE = LIB / "store" / "open.cpp"

# The commands that may open a register the rights journal says was restored: they read no
# personal data (audit), copy the register as it is (backup), or bring it up to date (restore).
# Every other command and API call opens it through journal::open_register, which refuses.
UNGUARDED_OPENERS = {"cmd/audit.cpp", "cmd/backup.cpp", "lib/api/api.cpp:audit_trail_verifies"}
STORE_OPEN = re.compile(r"\bstore::open\s*\(")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SQLITE_NAME = re.compile(r"\bsqlite3?::|\bsqlite3_\w+\s*\(")


def folder_of(path):
    parts = path.relative_to(LIB).parts
    if parts[:2] == ("store", "sqlite"):
        return "store/sqlite"
    return parts[0]


def sources(root):
    return sorted(p for p in root.rglob("*") if p.suffix in (".cpp", ".hpp"))


def included_folder(target):
    parts = target.split("/")
    if parts[:2] == ["store", "sqlite"]:
        return "store/sqlite"
    return parts[0] if len(parts) > 1 else None


def code_lines(path):
    """(number, line) of the file without // comments, so that prose may name SQLite."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        yield number, line.split("//", 1)[0]


class Layout(unittest.TestCase):
    def test_every_library_folder_has_a_rule(self):
        folders = {folder_of(p) for p in sources(LIB)}
        self.assertEqual(folders - set(ALLOWED), set(), "add the new folder to lib/README.md "
                         "and to ALLOWED here")

    def test_folders_include_only_the_layers_below_them(self):
        wrong = []
        for path in sources(LIB):
            here = folder_of(path)
            may = ALLOWED[here] | {here, "oulu10gdpr"}
            if path == ENGINE_CHOICE:
                may = may | {"store/sqlite"}
            for number, line in code_lines(path):
                match = INCLUDE.match(line)
                if not match or match.group(1) != '"':
                    continue
                target = included_folder(match.group(2))
                if target is not None and target not in may:
                    wrong.append(f"{path.relative_to(SOURCE_DIR)}:{number}: {here} includes "
                                 f"{match.group(2)}")
        self.assertEqual(wrong, [])

    def test_only_the_engine_names_sqlite(self):
        wrong = []
        engine = LIB / "store" / "sqlite"
        outside = [p for p in sources(LIB) if engine not in p.parents and p != ENGINE_CHOICE]
        outside += sources(SOURCE_DIR / "cmd")
        for path in outside:
            for number, line in code_lines(path):
                match = INCLUDE.match(line)
                if match and "sqlite" in match.group(2).lower():
                    wrong.append(f"{path.relative_to(SOURCE_DIR)}:{number}: includes "
                                 f"{match.group(2)}")
                elif SQLITE_NAME.search(line):
                    wrong.append(f"{path.relative_to(SOURCE_DIR)}:{number}: names SQLite")
        self.assertEqual(wrong, [])

    def test_commands_open_the_register_through_the_journal_check(self):
        wrong = []
        for path in sources(SOURCE_DIR / "cmd") + sources(LIB / "api"):
            name = str(path.relative_to(SOURCE_DIR))
            function = ""
            for number, line in code_lines(path):
                defined = re.match(r"^\w[\w:<>, ]*\s(\w+)\(", line)
                if defined:
                    function = defined.group(1)
                if STORE_OPEN.search(line) and name not in UNGUARDED_OPENERS and \
                        f"{name}:{function}" not in UNGUARDED_OPENERS:
                    wrong.append(f"{name}:{number}: opens the register without journal::open_register")
        self.assertEqual(wrong, [])

    def test_the_checks_see_a_breach(self):
        """The patterns above must match what they are meant to catch."""
        self.assertEqual(INCLUDE.match('#include "store/sqlite/connection.hpp"').group(2),
                         "store/sqlite/connection.hpp")
        self.assertEqual(included_folder("store/sqlite/connection.hpp"), "store/sqlite")
        self.assertTrue(SQLITE_NAME.search("sqlite::Transaction t(db);"))
        self.assertTrue(SQLITE_NAME.search("sqlite3_exec(db, sql)"))
        self.assertFalse(SQLITE_NAME.search("a store (SQLite today)"))
        self.assertTrue(STORE_OPEN.search("const auto store = store::open(settings);"))
        self.assertFalse(STORE_OPEN.search("journal::open_register(settings)"))


if __name__ == "__main__":
    unittest.main()
