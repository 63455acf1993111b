"""The man pages against mandoc and against the binary they document.

Every page in man/ must lint clean, every subcommand the binary lists must have its own page,
and every long option the binary's --help shows must appear in the page that documents it: a
new option without documentation fails here, not in a clerk's hands.

A subcommand's page is man/oulu10-gdpr-NAME.1, in section 1 (user commands), except for the
administrator's commands in ADMIN_COMMANDS, whose page is in section 8 (system administration):
man/oulu10-gdpr-NAME.8. Each page is in its one section only, says so in its .Dt line, and
oulu10-gdpr.1 refers to it with that section.

mandoc -Tlint reports an .Xr to a page it cannot find. It looks in the system manual path and
then for NAME.SECTION in the current directory, so lint runs inside man/, where the pages'
references to each other resolve. An .Xr to a system page (sqlite3(1), crontab(5)) makes
Debian's mandoc, which has no mandoc.db, print "outdated mandoc.db lacks ..." even when the
page exists, so the pages refer only to each other.
"""
import os
import pathlib
import re
import shutil
import subprocess
import unittest

BIN = os.environ["OULU10_GDPR_BIN"]
SOURCE_DIR = pathlib.Path(os.environ["OULU10_SOURCE_DIR"])
MAN_DIR = SOURCE_DIR / "man"
COMMAND_PAGE = MAN_DIR / "oulu10-gdpr.1"

# An option or subcommand line of CLI11's help starts two spaces in; wrapped descriptions
# start much further in and are not read.
ENTRY_LINE = re.compile(r"^ {1,4}(\S.*)$")
LONG_OPTION = re.compile(r"(?:^|,)(--[A-Za-z0-9][A-Za-z0-9_-]*)")
OVERSTRIKE = re.compile(r".\x08")
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-"})

# Subcommands run by the system's administrator, from cron or a timer, not by clerks.
ADMIN_COMMANDS = {"purge"}


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)


def help_sections(*args):
    """The sections of `oulu10-gdpr ARGS --help`: {"Options": [entry, ...], ...}."""
    result = run([BIN, *args, "--help"])
    if result.returncode != 0:
        raise AssertionError(f"{BIN} {' '.join(args)} --help exited {result.returncode}: "
                             f"{result.stderr}")
    sections = {}
    current = None
    for line in result.stdout.splitlines():
        heading = re.fullmatch(r"(\w[\w ]*):", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif current is not None and ENTRY_LINE.match(line):
            current.append(ENTRY_LINE.match(line).group(1))
    return sections


def long_options(*args):
    """The long options `oulu10-gdpr ARGS --help` shows, e.g. ["--help", "--customers"]."""
    options = []
    for entry in help_sections(*args).get("Options", []):
        if not entry.startswith("-"):
            continue
        names = re.split(r"\s{2,}", entry, maxsplit=1)[0]
        options += LONG_OPTION.findall(names.split(" ", 1)[0])
    return options


def subcommands():
    return [re.split(r"\s+", entry, maxsplit=1)[0]
            for entry in help_sections().get("Subcommands", [])]


def pages():
    """Every page in man/, in any section, so that a page in a wrong one is checked too."""
    return sorted(MAN_DIR.glob("*.[1-9]"))


def section_of(subcommand):
    return "8" if subcommand in ADMIN_COMMANDS else "1"


def page_of(subcommand):
    """The page that must document SUBCOMMAND, whether or not it exists."""
    return MAN_DIR / f"oulu10-gdpr-{subcommand}.{section_of(subcommand)}"


class ManPageTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.mandoc = shutil.which("mandoc")
        if self.mandoc is None:
            self.fail("install mandoc (apt-get install mandoc): the man pages cannot be checked")

    def rendered(self, page):
        """The page as a reader sees it, like `mandoc -Tutf8 PAGE | col -b`."""
        result = run([self.mandoc, "-Tutf8", page.name], cwd=MAN_DIR)
        self.assertEqual(result.returncode, 0, result.stderr)
        return OVERSTRIKE.sub("", result.stdout).translate(HYPHENS)

    def assert_documents(self, page, option):
        """OPTION appears in PAGE, rendered or as `Fl -option` in the source."""
        shown = re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", self.rendered(page))
        source = re.search(rf"\bFl\s+{re.escape(option[1:])}(?![\w-])",
                           page.read_text(encoding="utf-8"))
        self.assertTrue(shown or source, f"{page.name} does not document {option}")

    def test_there_are_pages(self):
        self.assertTrue(COMMAND_PAGE.exists(), f"{COMMAND_PAGE} is missing")
        self.assertGreater(len(pages()), 1, f"no subcommand pages in {MAN_DIR}")

    def test_every_page_lints_clean(self):
        for page in pages():
            with self.subTest(page=page.name):
                result = run([self.mandoc, "-Tlint", page.name], cwd=MAN_DIR)
                self.assertEqual(result.stdout + result.stderr, "",
                                 f"mandoc -Tlint {page.name} (in {MAN_DIR})")
                self.assertEqual(result.returncode, 0)

    def test_the_help_is_understood(self):
        # If CLI11 changed its help layout, the tests below would check nothing.
        self.assertIn("init", subcommands())
        self.assertIn("--db", long_options())
        self.assertIn("--help", long_options("init"))

    def test_the_admin_commands_exist(self):
        # Otherwise a renamed subcommand would quietly lose its section 8.
        self.assertLessEqual(ADMIN_COMMANDS, set(subcommands()))

    def test_every_subcommand_has_a_page(self):
        for subcommand in subcommands():
            with self.subTest(subcommand=subcommand):
                page = page_of(subcommand)
                self.assertTrue(page.exists(), f"man/{page.name} is missing")

    def test_every_page_is_in_its_section_only(self):
        for page in pages():
            with self.subTest(page=page.name):
                match = re.fullmatch(r"oulu10-gdpr(?:-([\w-]+))?\.(\d)", page.name)
                self.assertIsNotNone(match, f"{page.name} is not named oulu10-gdpr[-NAME].N")
                subcommand, section = match.groups()
                self.assertEqual(section, "1" if subcommand is None else section_of(subcommand),
                                 f"{page.name} is in the wrong section")
                title = page.stem.upper()
                dt = re.search(rf"(?m)^\.Dt {re.escape(title)} {section}$",
                               page.read_text(encoding="utf-8"))
                self.assertIsNotNone(dt, f"{page.name} lacks '.Dt {title} {section}'")

    def test_every_option_of_a_subcommand_is_in_its_page(self):
        for subcommand in subcommands():
            page = page_of(subcommand)
            if not page.exists():
                continue  # test_every_subcommand_has_a_page fails for it
            options = long_options(subcommand)
            self.assertTrue(options, f"{subcommand} --help shows no long options")
            for option in options:
                with self.subTest(subcommand=subcommand, option=option):
                    self.assert_documents(page, option)

    def test_every_global_option_is_in_the_command_page(self):
        options = long_options()
        self.assertTrue(options, "--help shows no long options")
        for option in options:
            with self.subTest(option=option):
                self.assert_documents(COMMAND_PAGE, option)

    def test_the_command_page_lists_exactly_the_subcommands_that_exist(self):
        # In its list of subcommands and in SEE ALSO, each with its page's section.
        source = COMMAND_PAGE.read_text(encoding="utf-8")
        listed = set(re.findall(r"^\.Xr oulu10-gdpr-([\w-]+) (\d)\b", source, re.MULTILINE))
        self.assertEqual(listed, {(s, section_of(s)) for s in subcommands()})

    def test_no_page_documents_a_subcommand_that_does_not_exist(self):
        existing = set(subcommands())
        for page in pages():
            match = re.fullmatch(r"oulu10-gdpr-([\w-]+)\.\d", page.name)
            if match:
                with self.subTest(page=page.name):
                    self.assertIn(match.group(1), existing)


if __name__ == "__main__":
    unittest.main()
