#!/usr/bin/env python3
"""Benchmarks of oulu10-gdpr against the plain sqlite3 shell doing the same work.

Times whole processes, as a clerk or a script sees them, and reports medians over repeated
runs, never a single run. Not part of the test suite: timings depend on the machine.

    bench/bench.py --bin build/oulu10-gdpr --db /var/tmp/bench.db --customers 1000000 all
    bench/bench.py --bin build/oulu10-gdpr --db /tmp/small.db --customers 2000 --quick all
"""
import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-28T12:00:00Z"


def environment():
    env = dict(os.environ)
    env["OULU10_GDPR_NOW"] = NOW
    return env


def timed(argv, stdin=None, stdout=subprocess.DEVNULL):
    """Wall time of one process, and its peak RSS in KiB (from GNU time, which adds its own
    fork and exec: use wall() where the peak is not wanted)."""
    with tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + argv, stdin=stdin,
                       stdout=stdout, stderr=subprocess.DEVNULL, env=environment(), check=False)
        elapsed = time.perf_counter() - start
        return elapsed, int(rss.read().strip().splitlines()[-1])


def wall(argv):
    """Wall time of one process, started the same way as the sqlite3 baselines."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment(),
                   check=False)
    return time.perf_counter() - start


def ensure_register(args):
    if Path(args.db).exists():
        return
    print(f"generating {args.customers} customers into {args.db} ...", flush=True)
    start = time.perf_counter()
    subprocess.run([args.bin, "--db", args.db, "init"], check=True, env=environment(),
                   stdout=subprocess.DEVNULL)
    subprocess.run([args.bin, "--db", args.db, "demo", "--customers", str(args.customers)],
                   check=True, env=environment(), stdout=subprocess.DEVNULL)
    print(f"  took {time.perf_counter() - start:.1f} s, {Path(args.db).stat().st_size >> 20} MiB")


def sample_hetus(db, count, seed=7):
    connection = sqlite3.connect(db)
    try:
        top = connection.execute("SELECT max(id) FROM customer").fetchone()[0]
        rng = random.Random(seed)
        rows = []
        while len(rows) < count:
            ids = [rng.randint(1, top) for _ in range(min(count - len(rows), 500))]
            marks = ",".join("?" * len(ids))
            rows += [r[0] for r in connection.execute(
                f"SELECT hetu FROM customer WHERE id IN ({marks}) AND hetu IS NOT NULL", ids)]
        return rows[:count]
    finally:
        connection.close()


# The queries inspect runs for one henkilötunnus, as a person would type them into sqlite3.
BASELINE_SUBJECT_SQL = """
.mode json
CREATE TEMP TABLE subject AS SELECT id FROM customer WHERE hetu IN ({hetus});
SELECT * FROM customer WHERE id IN (SELECT id FROM subject);
SELECT * FROM case_record WHERE customer_id IN (SELECT id FROM subject);
SELECT * FROM case_link WHERE case_id IN
  (SELECT id FROM case_record WHERE customer_id IN (SELECT id FROM subject));
SELECT * FROM chat WHERE customer_id IN (SELECT id FROM subject);
SELECT * FROM chat_message WHERE chat_id IN
  (SELECT id FROM chat WHERE customer_id IN (SELECT id FROM subject));
SELECT * FROM call WHERE customer_id IN (SELECT id FROM subject);
SELECT * FROM sms_survey WHERE call_id IN
  (SELECT id FROM call WHERE customer_id IN (SELECT id FROM subject));
SELECT * FROM consent WHERE customer_id IN (SELECT id FROM subject);
"""


def report(name, ours, baseline, unit="ms", scale=1000.0):
    m_ours, m_base = statistics.median(ours) * scale, statistics.median(baseline) * scale
    p95 = sorted(ours)[int(0.95 * (len(ours) - 1))] * scale
    print(f"| {name} | {m_ours:.1f} {unit} (p95 {p95:.1f}) | {m_base:.1f} {unit} | "
          f"{m_ours / m_base:.2f}x | {len(ours)} |")


def bench_inspect(args):
    hetus = sample_hetus(args.db, args.runs)
    ours, baseline = [], []
    for hetu in hetus:
        ours.append(wall([args.bin, "--db", args.db, "--json", "inspect", "--hetu", hetu]))
        script = BASELINE_SUBJECT_SQL.format(hetus=f"'{hetu}'")
        baseline.append(run_sqlite(args.db, script))
    report("inspect --json by henkilötunnus (whole process)", ours, baseline)


def run_sqlite(db, script):
    start = time.perf_counter()
    subprocess.run(["sqlite3", db], input=script, text=True, stdout=subprocess.DEVNULL,
                   env=environment(), check=True)
    return time.perf_counter() - start


def bench_export_batch(args):
    count = args.batch_subjects
    hetus = sample_hetus(args.db, count, seed=11)
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "subjects.txt"
        batch.write_text("".join(f"hetu:{h}\n" for h in hetus))
        plain = Path(tmp) / "hetus.csv"
        plain.write_text("".join(f"{h}\n" for h in hetus))
        script = (f".mode json\nCREATE TEMP TABLE wanted(hetu TEXT);\n"
                  f".import --csv {plain} wanted\n"
                  + BASELINE_SUBJECT_SQL.replace(".mode json\n", "").format(
                      hetus="SELECT hetu FROM wanted"))
        ours, rss, baseline = [], [], []
        for _ in range(args.repeat):
            with open(batch) as stdin:
                elapsed, peak = timed([args.bin, "--db", args.db, "export", "--batch", "-"],
                                      stdin=stdin)
            ours.append(elapsed)
            rss.append(peak)
            baseline.append(run_sqlite(args.db, script))
    report(f"export --batch {count} subjects (whole process)", ours, baseline, unit="s", scale=1)
    rate = count / statistics.median(ours)
    print(f"|   rate {rate:,.0f} subjects/s; peak RSS median {statistics.median(rss) / 1024:.1f} MiB "
          f"(max {max(rss) / 1024:.1f}) | | | |")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200, help="inspect runs")
    parser.add_argument("--batch-subjects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each bulk benchmark")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("which", choices=["inspect", "export", "all"])
    args = parser.parse_args()
    if args.quick:
        args.runs, args.batch_subjects, args.repeat = 5, 200, 2
    ensure_register(args)
    # Bring the register into the page cache first, as on a machine that serves clerks all day.
    run_sqlite(args.db, "SELECT count(*) FROM customer; SELECT count(*) FROM call;")
    print(f"register: {args.db}, {Path(args.db).stat().st_size >> 20} MiB")
    print("| benchmark | oulu10-gdpr median | sqlite3 shell median | ratio | runs |")
    print("|---|---|---|---|---|")
    if args.which in ("inspect", "all"):
        bench_inspect(args)
    if args.which in ("export", "all"):
        bench_export_batch(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
