"""audit verify's progress line: drawn on a terminal, every 100000 entries, and nowhere else."""
import os
import pty
import subprocess
import tty

from support import BIN, EXAMPLES, FIXED_NOW, RegisterTest

AINO = "010185-912T"


class ProgressLineTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")

    def grow_trail(self, entries):
        """One audit entry per line of a batch export, written by the tool itself."""
        batch = self.dir / "batch.txt"
        batch.write_text(f"hetu:{AINO}\n" * entries)
        self.ok("export", "--batch", batch, "-o", self.dir / "out.ndjson")

    def verify_on_terminal(self, *options):
        """audit verify with standard error on a terminal: (exit code, stdout, what the
        terminal shows)."""
        controller, terminal = pty.openpty()
        tty.setraw(terminal)  # as written: no carriage returns added to line feeds
        env = {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR_")}
        env["OULU10_GDPR_NOW"] = FIXED_NOW
        process = subprocess.Popen([BIN, "--db", str(self.db), *options, "audit", "verify"],
                                   stdout=subprocess.PIPE, stderr=terminal, env=env, text=True)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            shown += chunk
        with process.stdout:
            stdout = process.stdout.read()
        code = process.wait(timeout=300)
        os.close(controller)
        return code, stdout, shown.decode()

    def test_a_long_trail_shows_its_progress_on_a_terminal_only(self):
        self.grow_trail(200_000)
        entries = self.query("SELECT count(*) FROM audit")[0][0]
        code, stdout, shown = self.verify_on_terminal()
        self.assertEqual(code, 0)
        self.assertEqual(stdout, f"audit trail verifies: {entries} entries, chain whole\n")
        self.assertEqual(shown.split("\r"),
                         ["", f"audit verify: 100000 of {entries} entries checked",
                          f"audit verify: 200000 of {entries} entries checked\n"])
        # Not with --json, and not when standard error is not a terminal.
        code, stdout, shown = self.verify_on_terminal("--json")
        self.assertEqual((code, shown), (0, ""))
        piped = self.ok("audit", "verify")
        self.assertEqual(piped.stderr, "")

    def test_a_short_trail_draws_no_line(self):
        code, stdout, shown = self.verify_on_terminal()
        self.assertEqual((code, shown), (0, ""))
        self.assertIn("chain whole", stdout)
