#!/usr/bin/env python3
"""Benchmarks of oulu10-gdpr against the plain sqlite3 shell doing the same work.

Times whole processes, as a clerk or a script sees them, and reports medians over repeated
runs, never a single run. Not part of the test suite: timings depend on the machine.

    bench/bench.py --bin build/oulu10-gdpr --db /var/tmp/bench.db --customers 1000000 all
    bench/bench.py --bin build/oulu10-gdpr --db /tmp/small.db --customers 2000 --quick all
    bench/bench.py --bin build/oulu10-gdpr --db /var/tmp/bench.db --repeat 3 purge
    bench/bench.py --bin build/oulu10-gdpr --db /var/tmp/bench.db --repeat 5 backup
"""
import argparse
import datetime
import hashlib
import hmac
import json
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


# What inspect does besides the reads: the consultations of the subject, found through the
# audit trail's index under the keys of their henkilötunnus and customer ids (the shell is given
# the keys, computed here), and one entry appended, committed, in the same transaction. The
# entry goes to a table of its own, so the register's trail stays a valid chain.
BASELINE_AUDIT_SQL = """
SELECT a.* FROM audit_subject s JOIN audit a ON a.seq = s.seq WHERE s.subject_key IN ({keys});
CREATE TABLE IF NOT EXISTS bench_baseline_entry (at INTEGER, command TEXT, subject_ref TEXT,
                                                 details TEXT, hash TEXT);
INSERT INTO bench_baseline_entry VALUES (unixepoch(), 'inspect', '{first_key}',
  '{{"categories":{{"calls":1,"cases":1,"chats":1,"consents":1,"customers":1,"sms_surveys":1}}}}',
  hex(randomblob(32)));
"""


def subject_keys(db, hetu):
    """The audit trail's keys of a henkilötunnus and its customer ids (audit::subject_key)."""
    connection = sqlite3.connect(db)
    try:
        secret = bytes(connection.execute("SELECT key FROM register_key").fetchone()[0])
        ids = [r[0] for r in connection.execute("SELECT source_id FROM customer WHERE hetu = ?",
                                                (hetu,))]
    finally:
        connection.close()
    return [hmac.new(secret, identifier.encode(), hashlib.sha256).hexdigest()[:24]
            for identifier in [f"hetu:{hetu}"] + [f"customer:{i}" for i in ids]]


def bench_inspect(args):
    hetus = sample_hetus(args.db, args.runs)
    ours, baseline = [], []
    for hetu in hetus:
        ours.append(wall([args.bin, "--db", args.db, "--json", "inspect", "--redact", "--hetu",
                          hetu]))
        keys = subject_keys(args.db, hetu)
        script = ("BEGIN IMMEDIATE;\n" + BASELINE_SUBJECT_SQL.format(hetus=f"'{hetu}'") +
                  BASELINE_AUDIT_SQL.format(keys=",".join(f"'{k}'" for k in keys),
                                            first_key=keys[0]) + "COMMIT;\n")
        baseline.append(run_sqlite(args.db, script))
    report("inspect --json by henkilötunnus, consultations and audit entry (whole process)",
           ours, baseline)


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


# The purge's deletions as plain SQL, for the sqlite3 shell: the same rules as the policy's
# (calls and chats 1 year, cases and customers 5 years), with the purge's holds. {call} and
# {five} are the cutoffs: as_of is never 28 or 29 February here, so one cutoff per period is
# exact.
BASELINE_PURGE_SQL = """PRAGMA foreign_keys = ON;
PRAGMA secure_delete = ON;
CREATE TEMP TABLE complaint_call AS SELECT l.call_id AS id FROM case_record k
  INDEXED BY open_complaint JOIN case_link l ON l.case_id = k.id
  WHERE k.kind = 'complaint' AND k.closed_at IS NULL AND l.call_id IS NOT NULL;
CREATE TEMP TABLE complaint_chat AS SELECT l.chat_id AS id FROM case_record k
  INDEXED BY open_complaint JOIN case_link l ON l.case_id = k.id
  WHERE k.kind = 'complaint' AND k.closed_at IS NULL AND l.chat_id IS NOT NULL;
DELETE FROM sms_survey WHERE call_id IN (SELECT id FROM call WHERE started_at <= {call}
  AND id NOT IN (SELECT id FROM complaint_call));
DELETE FROM call WHERE started_at <= {call} AND id NOT IN (SELECT id FROM complaint_call);
DELETE FROM chat WHERE started_at <= {call} AND id NOT IN (SELECT id FROM complaint_chat);
DELETE FROM case_record WHERE closed_at <= {five} AND (customer_id IS NULL
  OR customer_id IN (SELECT id FROM customer WHERE relationship_ended <= {five}));
CREATE TEMP TABLE gone AS SELECT id FROM customer c WHERE relationship_ended <= {five}
  AND NOT EXISTS (SELECT 1 FROM call WHERE customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM chat WHERE customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM case_record WHERE customer_id = c.id);
DELETE FROM consent WHERE customer_id IN (SELECT id FROM gone);
DELETE FROM customer WHERE id IN (SELECT id FROM gone);
DELETE FROM consent WHERE customer_id IS NULL AND given_at <= {call} AND (phone IS NULL
  OR NOT EXISTS (SELECT 1 FROM call k WHERE k.phone = consent.phone AND k.customer_id IS NULL));
"""

RECORD_TABLES = ("customer", "case_record", "chat", "chat_message", "call", "sms_survey",
                 "consent", "case_link")


def counts(db):
    connection = sqlite3.connect(db)
    try:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in RECORD_TABLES}
    finally:
        connection.close()


def fresh_copy(source, target):
    for suffix in ("", "-wal", "-shm", ".purge-lock"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    subprocess.run(["cp", source, target], check=True)
    os.sync()  # else the first fsync of the timed run writes the copy out
    run_sqlite(str(target), "SELECT count(*) FROM call;")  # into the page cache, as for both


def bench_purge(args):
    """purge on a copy of the register against the same deletions in the sqlite3 shell on
    another copy; the shell's VACUUM is timed apart, since purge ends with one (and a
    truncating checkpoint) to leave no deleted content in the file."""
    as_of = datetime.datetime.fromisoformat(NOW.replace("Z", "+00:00"))
    assert (as_of.month, as_of.day) not in ((2, 28), (2, 29))
    script = BASELINE_PURGE_SQL.format(
        call=int(as_of.replace(year=as_of.year - 1).timestamp()),
        five=int(as_of.replace(year=as_of.year - 5).timestamp()))
    work = Path(args.work or Path(args.db).parent)
    ours_copy, shell_copy = work / "bench-purge-ours.db", work / "bench-purge-shell.db"
    ours, deleting, locks, shell, vacuum = [], [], [], [], []
    for run in range(args.repeat):
        fresh_copy(args.db, ours_copy)
        start = time.perf_counter()
        done = subprocess.run([args.bin, "--db", str(ours_copy), "--json", "purge"],
                              capture_output=True, text=True, env=environment(), check=True)
        ours.append(time.perf_counter() - start)
        report_json = json.loads(done.stdout)
        deleting.append(report_json["seconds"]["deleting"])
        locks.append(report_json["longest_lock_ms"])
        fresh_copy(args.db, shell_copy)
        shell.append(run_sqlite(str(shell_copy), script))
        vacuum.append(run_sqlite(str(shell_copy), "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"))
        if counts(ours_copy) != counts(shell_copy):
            raise SystemExit(f"run {run}: purge and the plain SQL left different registers: "
                             f"{counts(ours_copy)} != {counts(shell_copy)}")
        print(f"  run {run + 1}: purge {ours[-1]:.1f} s (batches {deleting[-1]:.1f} s, longest "
              f"lock {locks[-1]:.1f} ms); shell DELETEs {shell[-1]:.1f} s + VACUUM "
              f"{vacuum[-1]:.1f} s", flush=True)
    for path in (ours_copy, shell_copy):
        fresh_copy_cleanup(path)
    med = statistics.median
    print("| benchmark | oulu10-gdpr median | sqlite3 shell median | ratio | runs |")
    print("|---|---|---|---|---|")
    print(f"| purge, whole (batches + files + VACUUM + checkpoint) vs DELETEs + VACUUM + "
          f"checkpoint | {med(ours):.1f} s | {med(shell) + med(vacuum):.1f} s | "
          f"{med(ours) / (med(shell) + med(vacuum)):.2f}x | {len(ours)} |")
    print(f"| purge, whole vs DELETEs only | {med(ours):.1f} s | {med(shell):.1f} s | "
          f"{med(ours) / med(shell):.2f}x | {len(ours)} |")
    print(f"| purge batches only vs DELETEs only | {med(deleting):.1f} s | {med(shell):.1f} s | "
          f"{med(deleting) / med(shell):.2f}x | {len(ours)} |")
    print(f"|   longest write lock of a batch: median {med(locks):.1f} ms, max {max(locks):.1f} ms"
          f" | | | |")


def remove_copy(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def bench_backup(args):
    """backup against the sqlite3 shell's .backup of the same register, in pairs (A B A B), so
    that a load that comes and goes on the machine falls on both; and against the shell doing
    backup's own work, VACUUM INTO and the integrity check of the copy. Before each run the
    earlier copies are deleted and the disk synced, so that no run pays for another's writes."""
    work = Path(args.work or Path(args.db).parent)
    ours_copy, shell_copy = work / "bench-backup-ours.db", work / "bench-backup-shell.db"
    same_copy = work / "bench-backup-same.db"
    ours, copying, checking, shell, same = [], [], [], [], []

    def clean():
        for path in (ours_copy, shell_copy, same_copy):
            remove_copy(path)
        os.sync()

    for run in range(args.repeat):
        clean()
        start = time.perf_counter()
        done = subprocess.run([args.bin, "--db", args.db, "--json", "backup", str(ours_copy)],
                              capture_output=True, text=True, env=environment(), check=True)
        ours.append(time.perf_counter() - start)
        seconds = json.loads(done.stdout)["seconds"]
        copying.append(seconds["copying"])
        checking.append(seconds["checking"])
        shell.append(run_sqlite(args.db, f".backup '{shell_copy}'\n"))
        if counts(ours_copy) != counts(shell_copy):
            raise SystemExit(f"run {run}: backup and .backup copied different records: "
                             f"{counts(ours_copy)} != {counts(shell_copy)}")
        clean()
        start = time.perf_counter()
        run_sqlite(args.db, f"VACUUM INTO '{same_copy}';\n")
        run_sqlite(str(same_copy), "PRAGMA integrity_check;")
        same.append(time.perf_counter() - start)
        print(f"  run {run + 1}: backup {ours[-1]:.2f} s (copying {copying[-1]:.2f} s, checking "
              f"{checking[-1]:.2f} s); .backup {shell[-1]:.2f} s; shell VACUUM INTO + "
              f"integrity_check {same[-1]:.2f} s", flush=True)
    clean()
    med = statistics.median
    print("| benchmark | oulu10-gdpr median | sqlite3 shell median | ratio | runs |")
    print("|---|---|---|---|---|")
    print(f"| backup, whole (VACUUM INTO + integrity check + syncs + audit entry) vs .backup | "
          f"{med(ours):.2f} s | {med(shell):.2f} s | {med(ours) / med(shell):.2f}x | "
          f"{len(ours)} |")
    print(f"| backup, copying only (VACUUM INTO) vs .backup | {med(copying):.2f} s | "
          f"{med(shell):.2f} s | {med(copying) / med(shell):.2f}x | {len(ours)} |")
    print(f"| backup, whole vs the shell's VACUUM INTO + integrity_check | {med(ours):.2f} s | "
          f"{med(same):.2f} s | {med(ours) / med(same):.2f}x | {len(ours)} |")
    print(f"|   checking the copy: median {med(checking):.2f} s | | | |")


def fresh_copy_cleanup(path):
    for suffix in ("", "-wal", "-shm", ".purge-lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


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
    parser.add_argument("--work",
                        help="where purge and backup put their copies (default: beside --db)")
    parser.add_argument("which", choices=["inspect", "export", "purge", "backup", "all"])
    args = parser.parse_args()
    if args.quick:
        args.runs, args.batch_subjects, args.repeat = 5, 200, 2
    ensure_register(args)
    # Bring the register into the page cache first, as on a machine that serves clerks all day.
    run_sqlite(args.db, "SELECT count(*) FROM customer; SELECT count(*) FROM call;")
    print(f"register: {args.db}, {Path(args.db).stat().st_size >> 20} MiB")
    if args.which == "purge":
        bench_purge(args)
        return 0
    if args.which == "backup":
        bench_backup(args)
        return 0
    print("| benchmark | oulu10-gdpr median | sqlite3 shell median | ratio | runs |")
    print("|---|---|---|---|---|")
    if args.which in ("inspect", "all"):
        bench_inspect(args)
    if args.which in ("export", "all"):
        bench_export_batch(args)
    if args.which == "all":
        bench_purge(args)
        bench_backup(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
