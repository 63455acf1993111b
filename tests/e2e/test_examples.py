"""The scripts in examples/ run as documented against the real binary, so they cannot rot."""
import datetime
import json
import os
import shlex
import shutil
import sqlite3
import subprocess

from support import BIN, EXAMPLES, FIXED_NOW, RegisterTest, snapshot, validate


def unit_commands(unit, key):
    """The argument vectors of KEY= lines (ExecStart, ExecStartPost) as systemd passes them: its
    quoting, %% read as % and $$ as $."""
    lines = (EXAMPLES / unit).read_text(encoding="utf-8").splitlines()
    return [[arg.replace("%%", "%").replace("$$", "$") for arg in shlex.split(line[len(key) + 1:])]
            for line in lines if line.startswith(key + "=")]


class ExampleScriptTest(RegisterTest):
    def run_script(self, name, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR")}
        env.update({"OULU10_GDPR": BIN, "OULU10_GDPR_NOW": FIXED_NOW, "TMPDIR": str(self.dir)})
        return subprocess.run([str(EXAMPLES / name), *map(str, args)], capture_output=True,
                              text=True, env=env, cwd=self.dir, timeout=120)

    def test_kirjaamo_walkthrough(self):
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        before = snapshot(self.db)
        result = self.run_script("kirjaamo-walkthrough.sh", self.db)
        self.assertEqual(result.returncode, 0, result.stderr)
        # It worked on a copy: three requests answered there, the given register untouched.
        self.assertEqual(snapshot(self.db), before)
        for request in ("REQ-2026-0001", "REQ-2026-0002", "REQ-2026-0003"):
            self.assertIn(f"closed {request} as completed", result.stdout)
        self.assertIn("#9 2026-11-28T12:00:00Z  kirjaamo.anna  erase  erased", result.stdout)
        self.assertIn("audit trail verifies", result.stdout)
        self.assertIn("reply: ", result.stderr)
        self.assertEqual(list(self.dir.glob("tmp*")), [], "the scratch directory was left")

    def test_kirjaamo_walkthrough_on_a_scratch_register(self):
        result = self.run_script("kirjaamo-walkthrough.sh")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(list(self.dir.iterdir()), [], "the scratch directory was not removed")

    def test_bulk_export(self):
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        subjects = self.dir / "subjects.txt"
        subjects.write_text("hetu:010185-912T\ncustomer:no-such\nphone:040 000 1234\n")
        out = self.dir / "exports"
        result = self.run_script("bulk-export.sh", subjects, out, self.db)
        self.assertEqual(result.returncode, 1, result.stderr)  # one line matched nothing
        self.assertIn("line 2: nothing in the register matches", result.stderr)
        files = sorted(p.name for p in out.iterdir())
        self.assertEqual(files, ["export-00001.json", "export-00002.json", "index.tsv"])
        for name in files[:2]:
            text = (out / name).read_text(encoding="utf-8")
            validate(json.loads(text), "export.schema.json")
            self.assertEqual(text.count("\n"), 1, "not the tool's own line")
        index = (out / "index.tsv").read_text(encoding="utf-8").splitlines()
        self.assertEqual([line.split("\t")[0] for line in index], files[:2])
        self.assertIn("customers=1", index[0])
        self.assertNotIn("010185", "".join(index))
        for path in [out, *out.iterdir()]:
            self.assertEqual(path.stat().st_mode & 0o077, 0, path)
        # A second run into the same directory would mix files: refused.
        again = self.run_script("bulk-export.sh", subjects, out, self.db)
        self.assertEqual(again.returncode, 2)
        self.assertIn("not empty", again.stderr)

    def test_bulk_export_usage(self):
        result = self.run_script("bulk-export.sh")
        self.assertEqual(result.returncode, 2)
        self.assertIn("usage:", result.stderr)


class BackupUnitTest(RegisterTest):
    UNITS = [EXAMPLES / "oulu10-gdpr-backup.service", EXAMPLES / "oulu10-gdpr-backup.timer"]

    def in_scratch(self, argv):
        """The command with the installed binary and the backup directory of this test."""
        return [arg.replace("/usr/bin/oulu10-gdpr", BIN)
                .replace("/var/backups/oulu10-gdpr", str(self.dir / "backups")) for arg in argv]

    def run_unit_command(self, argv):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR")}
        env["OULU10_GDPR_DB"] = str(self.db)
        return subprocess.run(self.in_scratch(argv), capture_output=True, text=True, env=env,
                              timeout=120)

    def test_systemd_accepts_the_units(self):
        analyze = shutil.which("systemd-analyze")
        if analyze is None:
            self.skipTest("systemd-analyze is not installed")
        result = subprocess.run([analyze, "verify", "--man=no", *map(str, self.UNITS)],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""))

    def test_the_service_writes_one_dated_copy_a_day_and_rotates_the_old_ones(self):
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        (self.dir / "backups").mkdir()
        old = self.dir / "backups" / "register-2000-01-01.db"
        old.write_bytes(b"an expired copy")
        os.utime(old, (0, 0))
        [start] = unit_commands("oulu10-gdpr-backup.service", "ExecStart")
        [rotate] = unit_commands("oulu10-gdpr-backup.service", "ExecStartPost")
        done = self.run_unit_command(start)
        self.assertEqual(done.returncode, 0, done.stderr)
        today = self.dir / "backups" / f"register-{datetime.date.today().isoformat()}.db"
        connection = sqlite3.connect(today)
        try:
            self.assertEqual(connection.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
        finally:
            connection.close()
        rotated = self.run_unit_command(rotate)
        self.assertEqual(rotated.returncode, 0, rotated.stderr)
        self.assertEqual(sorted(p.name for p in (self.dir / "backups").iterdir()), [today.name])
        again = self.run_unit_command(start)  # a second run the same day replaces nothing
        self.assertEqual(again.returncode, 2, again.stderr)
        self.assertIn("already exists", again.stderr)
