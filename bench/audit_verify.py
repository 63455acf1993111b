#!/usr/bin/env python3
"""`audit verify` on a long trail, against the plain sqlite3 shell reading the same rows.

Opt-in, like bench.py: not part of the test suite, since timings depend on the machine.

    bench/audit_verify.py --bin build/oulu10-gdpr --db /var/tmp/bench-audit.db \\
        --from /var/tmp/bench-1m.db --entries 1000000 --repeat 5

The register is made once and kept for the next run: copied from --from (an older schema is
migrated with `init`), else generated with `demo --customers N`. Its trail is then grown to
--entries with `export --batch` of the register's own subjects, which writes one real audit
entry per subject through the tool itself, so every hash in the chain is one the tool made.

Each run times whole processes, wall and CPU (user + system, from wait4), and reports medians:
`audit verify` (reads every entry and recomputes its SHA-256 over the canonical JSON), the
sqlite3 shell doing `SELECT * FROM audit ORDER BY seq` into /dev/null (the reading alone, with
no hashing: the floor), and `audit --json` into /dev/null (the tool's own reading and JSON
writing, without hashing).
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import environment, ensure_register  # noqa: E402  (the shared register maker)

CHUNK = 100_000  # subjects per export --batch


def scalar(db, sql):
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def prepare(args):
    if not Path(args.db).exists() and args.source:
        print(f"copying {args.source} to {args.db} ...", flush=True)
        shutil.copyfile(args.source, args.db)
        os.chmod(args.db, 0o600)
    ensure_register(args)
    subprocess.run([args.bin, "--db", args.db, "init"], check=True, env=environment(),
                   stdout=subprocess.DEVNULL)


def grow_trail(args):
    """export --batch of the register's subjects, CHUNK at a time, until the trail is long
    enough; each subject read writes one entry."""
    have = scalar(args.db, "SELECT count(*) FROM audit")
    if have >= args.entries:
        return
    customers = scalar(args.db, "SELECT count(*) FROM customer WHERE hetu IS NOT NULL")
    print(f"growing the trail from {have:,} to {args.entries:,} entries ...", flush=True)
    start = time.perf_counter()
    offset = have % customers
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "subjects.txt"
        while have < args.entries:
            count = min(CHUNK, args.entries - have, customers - offset)
            connection = sqlite3.connect(args.db)
            try:
                hetus = connection.execute(
                    "SELECT hetu FROM customer WHERE hetu IS NOT NULL ORDER BY id "
                    "LIMIT ? OFFSET ?", (count, offset)).fetchall()
            finally:
                connection.close()
            batch.write_text("".join(f"hetu:{h}\n" for (h,) in hetus))
            subprocess.run([args.bin, "--db", args.db, "export", "--batch", str(batch)],
                           check=True, env=environment(), stdout=subprocess.DEVNULL)
            offset = (offset + count) % customers
            have = scalar(args.db, "SELECT count(*) FROM audit")
            print(f"  {have:,} entries ({time.perf_counter() - start:.0f} s)", flush=True)


def measured(argv, stdout):
    """Wall and CPU seconds of one process (its own rusage, from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL,
                               env=environment())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{argv} exited {process.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime


def bench(args):
    entries = scalar(args.db, "SELECT count(*) FROM audit")
    runs = {"verify": [], "shell": [], "list": []}
    with tempfile.TemporaryFile("w+") as out:
        for run in range(args.repeat):
            out.seek(0)
            out.truncate()
            runs["verify"].append(measured([args.bin, "--db", args.db, "audit", "verify"], out))
            out.seek(0)
            text = out.read()
            if f"verifies: {entries} entries" not in text:
                raise SystemExit(f"audit verify said: {text!r}")
            runs["shell"].append(measured(["sqlite3", args.db,
                                           "SELECT * FROM audit ORDER BY seq"],
                                          subprocess.DEVNULL))
            runs["list"].append(measured([args.bin, "--db", args.db, "--json", "audit"],
                                         subprocess.DEVNULL))
            print(f"  run {run + 1}: verify {runs['verify'][-1][0]:.2f} s wall "
                  f"({runs['verify'][-1][1]:.2f} s CPU); shell {runs['shell'][-1][0]:.2f} s; "
                  f"audit --json {runs['list'][-1][0]:.2f} s", flush=True)

    def med(name, index):
        return statistics.median(r[index] for r in runs[name])

    shell_wall, shell_cpu = med("shell", 0), med("shell", 1)
    print(f"register: {args.db}, {Path(args.db).stat().st_size >> 20} MiB, "
          f"{scalar(args.db, 'SELECT count(*) FROM customer'):,} customers, {entries:,} audit "
          f"entries")
    print("| benchmark | wall median | CPU median | wall vs shell | CPU vs shell | runs |")
    print("|---|---|---|---|---|---|")
    for name, label in (("verify", "audit verify"),
                        ("list", "audit --json > /dev/null"),
                        ("shell", "sqlite3: SELECT * FROM audit ORDER BY seq > /dev/null")):
        wall, cpu = med(name, 0), med(name, 1)
        print(f"| {label} | {wall:.2f} s | {cpu:.2f} s | {wall / shell_wall:.2f}x | "
              f"{cpu / shell_cpu:.2f}x | {len(runs[name])} |")
    print(f"|   audit verify: {entries / med('verify', 0):,.0f} entries/s, "
          f"{med('verify', 0) / entries * 1e6:.2f} µs an entry | | | | | |")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--from", dest="source",
                        help="a register to copy when --db does not exist (e.g. bench.py's)")
    parser.add_argument("--customers", type=int, default=1_000_000,
                        help="customers of a register generated with demo")
    parser.add_argument("--entries", type=int, default=1_000_000,
                        help="audit entries to grow the trail to")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    prepare(args)
    grow_trail(args)
    # The trail's writes out to the disk, and the register into the page cache, as on a machine
    # that serves clerks all day: one untimed run of each first.
    os.sync()
    measured(["sqlite3", args.db, "SELECT * FROM audit ORDER BY seq"], subprocess.DEVNULL)
    measured([args.bin, "--db", args.db, "audit", "verify"], subprocess.DEVNULL)
    bench(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
