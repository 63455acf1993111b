"""What a user meets first: --version, --help with an example for every subcommand, and the
bash completion, which must offer exactly the subcommands and options --help shows."""
import re
import subprocess
import unittest

from support import BIN, SOURCE_DIR
from test_man_pages import help_sections, long_options, subcommands

COMPLETION = SOURCE_DIR / "completion" / "oulu10-gdpr.bash"


def command_paths():
    """Every subcommand, and the subcommands of those that have them: ("request", "open")."""
    paths = []
    for command in subcommands():
        paths.append((command,))
        for entry in help_sections(command).get("Subcommands", []):
            paths.append((command, entry.split()[0]))
    return paths


def complete(*words):
    """What the completion offers after `oulu10-gdpr WORDS...`; the last word is the one being
    completed."""
    script = (f"source {COMPLETION}\n"
              "COMP_WORDS=(oulu10-gdpr \"$@\"); COMP_CWORD=$#\n"
              "_oulu10_gdpr\n"
              "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    result = subprocess.run(["bash", "-c", script, "complete", *words], capture_output=True,
                            text=True, check=True)
    return set(result.stdout.split())


class HelpTest(unittest.TestCase):
    def test_version_names_the_version_and_the_notice(self):
        result = subprocess.run([BIN, "--version"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout.strip(),
                         r"^oulu10-gdpr \d+\.\d+\.\d+ \(policy: notice of 2021-05-27\)$")

    def test_every_help_has_an_example(self):
        for path in [()] + command_paths():
            with self.subTest(command=" ".join(path)):
                result = subprocess.run([BIN, *path, "--help"], capture_output=True, text=True)
                self.assertEqual(result.returncode, 0, result.stderr)
                # "Example: oulu10-gdpr …", "Examples:" with the lines below, or
                # "Example (crontab): … oulu10-gdpr …".
                example = re.search(r"(?m)^Examples?\b[^\n]*:(?:[^\n]*| *\n +)oulu10-gdpr ",
                                    result.stdout)
                self.assertIsNotNone(example, result.stdout)


class CompletionTest(unittest.TestCase):
    def test_subcommands(self):
        self.assertEqual(complete(""), set(subcommands()))
        self.assertEqual(complete("re"), {c for c in subcommands() if c.startswith("re")})
        self.assertEqual(complete("request", ""), {p[1] for p in command_paths()
                                                   if p[0] == "request" and len(p) == 2})

    def test_options_are_exactly_those_of_help(self):
        self.assertEqual(complete("--"), set(long_options()))
        for path in command_paths():
            with self.subTest(command=" ".join(path)):
                self.assertEqual(complete(*path, "--"), set(long_options(*path)))

    def test_option_values_are_not_taken_for_subcommands(self):
        self.assertEqual(complete("--db", "inspect", "inspect", "--la"), {"--lang"})
        self.assertEqual(complete("--actor", "anna", "request", "close", "REQ-2026-0001",
                                  "--outcome", ""),
                         {"completed", "refused", "partially-completed"})
        self.assertEqual(complete("request", "open", "--kind", "con"), {"consent-withdrawal"})
        self.assertEqual(complete("restrict", "--ground", "le"), {"legal-claims"})
        # --option=value reaches bash as three words: --option, =, value.
        self.assertEqual(complete("--db", "=", "register.db", "inspect", "--la"), {"--lang"})
        self.assertEqual(complete("request", "close", "--outcome", "=", "re"), {"refused"})
        self.assertEqual(complete("object", "--purpose", "="),
                         {"sms-survey", "quality-monitoring"})


if __name__ == "__main__":
    unittest.main()
