"""The scripts in examples/ run as documented against the real binary, so they cannot rot."""
import json
import os
import subprocess

from support import BIN, EXAMPLES, FIXED_NOW, RegisterTest, validate


class ExampleScriptTest(RegisterTest):
    def run_script(self, name, *args):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OULU10_GDPR")}
        env.update({"OULU10_GDPR": BIN, "OULU10_GDPR_NOW": FIXED_NOW, "TMPDIR": str(self.dir)})
        return subprocess.run([str(EXAMPLES / name), *map(str, args)], capture_output=True,
                              text=True, env=env, cwd=self.dir, timeout=120)

    def test_kirjaamo_walkthrough(self):
        self.init()
        self.ok("import", EXAMPLES / "sample.ndjson")
        result = self.run_script("kirjaamo-walkthrough.sh", self.db)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.query("SELECT kind, outcome FROM request ORDER BY id"),
                         [("access", "completed"), ("portability", "completed"),
                          ("erasure", "completed")])
        linked = self.query("SELECT command, outcome FROM audit WHERE request_id = 'REQ-2026-0003'"
                            " AND command NOT LIKE 'request %' ORDER BY seq")
        self.assertEqual(linked, [("erase", "dry_run"), ("erase", "erased")])
        self.assertEqual(self.query("SELECT count(*) FROM customer WHERE hetu = '010185-912T'"),
                         [(0,)])
        self.assertIn("audit trail verifies", result.stdout)
        self.assertIn("reply: ", result.stderr)

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
        files = sorted(out.iterdir())
        self.assertEqual([f.name for f in files], ["export-00001.json", "export-00002.json"])
        for path in files:
            validate(json.loads(path.read_text(encoding="utf-8")), "export.schema.json")
            self.assertEqual(path.stat().st_mode & 0o077, 0, path)
        self.assertEqual(out.stat().st_mode & 0o077, 0)
