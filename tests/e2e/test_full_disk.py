"""A full disk during import, erase and purge: one clear line, exit 74 (documented: the disk is
full or failed), and the register as it was, or, for purge, whose batches are transactions of
their own, as whole batches left it. The disk fills through a preloaded library
(full_disk.cpp), since a small tmpfs cannot be mounted everywhere the tests run."""
import json
import os
import shutil
import sqlite3
from pathlib import Path

from support import EXAMPLES, RegisterTest, snapshot


class FullDiskTest(RegisterTest):
    def setUp(self):
        super().setUp()
        self.init()
        self.ok("demo", "--customers", "2000", "--seed", "9")
        self.ok("import", EXAMPLES / "sample.ndjson")

    def full_after(self, limit):
        return {"LD_PRELOAD": os.environ["OULU10_FULL_DISK_SHIM"],
                "OULU10_FULL_DISK_MATCH": "register.db", "OULU10_FULL_DISK_AFTER": str(limit),
                "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}

    def assert_disk_full(self, result):
        self.assertEqual(result.code, 74, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("the disk is full or failed", lines[0])

    def assert_sound(self):
        connection = sqlite3.connect(self.db)
        try:
            self.assertEqual(connection.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
        finally:
            connection.close()
        self.ok("audit", "verify")

    def test_import(self):
        lines = self.write_lines("many.ndjson", [
            {"type": "customer", "id": f"c-n{i}", "name": f"Uusi {i}"} for i in range(20000)])
        for limit in (0, 200_000):
            with self.subTest(limit=limit):
                before = snapshot(self.db)
                self.assert_disk_full(self.run_cli("import", lines, env=self.full_after(limit)))
                self.assertEqual(snapshot(self.db), before)
                self.assert_sound()
        self.ok("import", lines)  # with room again, the same file goes in

    def test_erase(self):
        # The disk fills before anything is written, inside the transaction, or after the
        # commit while the file is being rebuilt: never a half-erased person, and the message
        # says the disk (not a busy register) when the erasure is committed but not scrubbed.
        template = self.dir / "template.db"
        shutil.copy(self.db, template)
        outcomes = set()
        for limit in (0, 20_000, 200_000, 1_000_000, 3_000_000, 6_000_000):
            with self.subTest(limit=limit):
                # Each round starts from the template as a register of its own: its rights
                # journal goes too, or the template would be a restored copy of the last round.
                for suffix in ("-wal", "-shm", ".rights-journal"):
                    Path(str(self.db) + suffix).unlink(missing_ok=True)
                shutil.copy(template, self.db)
                before = snapshot(self.db)
                result = self.run_cli("erase", "--hetu", "010185-912T", env=self.full_after(limit))
                self.assertIn(result.code, (0, 74), result.stderr)
                present = self.query("SELECT count(*) FROM customer WHERE hetu = '010185-912T'")
                if present == [(1,)]:
                    self.assertEqual(result.code, 74)
                    self.assertEqual(snapshot(self.db), before)
                    outcomes.add("unchanged")
                else:
                    self.assertEqual(self.query("SELECT count(*) FROM audit WHERE command = "
                                                "'erase' AND outcome = 'erased'"), [(1,)])
                    if result.code == 74:
                        self.assertIn("erased from the register, but the disk is full",
                                      result.stderr)
                    outcomes.add("erased" if result.code == 0 else "erased, scrub left")
                self.assert_sound()
                # With room again, the next erase finishes what was left.
                self.assertIn(self.run_cli("erase", "--hetu", "010185-912T").code, (0, 1))
                self.assertEqual(self.query("SELECT count(*) FROM pending_scrub"), [(0,)])
                files = b"".join(p.read_bytes() for p in self.dir.glob("register.db*"))
                self.assertNotIn(b"Aino Esimerkki", files)
        self.assertIn("unchanged", outcomes)
        self.assertIn("erased, scrub left", outcomes)

    def test_purge(self):
        before = snapshot(self.db)
        self.assert_disk_full(self.run_cli("purge", env=self.full_after(0)))
        self.assertEqual(snapshot(self.db), before)
        # Room for some batches only: those are whole, each with its audit entry.
        calls = self.query("SELECT count(*) FROM call")[0][0]
        self.assert_disk_full(self.run_cli("purge", "--batch-size", "20",
                                           env=self.full_after(400_000)))
        self.assert_sound()
        audited = sum(json.loads(d)["deleted"]["calls"] for (d,) in self.query(
            "SELECT details FROM audit WHERE command = 'purge' AND outcome = 'purged'"))
        self.assertGreater(audited, 0, "no batch committed before the disk was full")
        self.assertEqual(calls - self.query("SELECT count(*) FROM call")[0][0], audited)
        self.ok("purge")
        self.assert_sound()
