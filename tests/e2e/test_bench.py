"""The benchmark script in its quick form, so that it cannot rot: it generates a small register,
runs every benchmark beside its sqlite3 baseline and prints the table. Its timings are not
checked: they depend on the machine (see bench/bench.py and the README for the real run)."""
import subprocess
import sys

from support import BIN, SOURCE_DIR, RegisterTest


class BenchTest(RegisterTest):
    def test_quick_run_prints_every_benchmark(self):
        result = subprocess.run(
            [sys.executable, str(SOURCE_DIR / "bench" / "bench.py"), "--bin", BIN, "--db",
             str(self.dir / "bench.db"), "--customers", "300", "--quick", "all"],
            capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
        for benchmark in ("inspect --json", "export --batch", "purge, whole", "purge batches only",
                          "backup, whole", "backup, copying only"):
            self.assertTrue(any(benchmark in row for row in rows), result.stdout)
        for row in rows:
            if "x |" in row:  # a ratio column
                self.assertRegex(row, r"\| \d+\.\d\dx \|")
