#!/usr/bin/env python3
"""Crash safety of stored results: a result cut by a crash mid-write is never served.

Starts `querybook serve` on a temp data dir with one SQLite engine of 400,000 rows × 8 mixed
columns, runs `SELECT * FROM t` and kills the server with SIGKILL while the result is being
written (at a random moment after the statement started), several times. After each kill the
result folder holds only a `.partial` file, never a finished one; the server is restarted on
the same data dir, and from its first answer on the script polls the run: any page of rows
it is served must belong to the complete result (total = 400,000 and the rows equal the
table's), and the run must end `done` with every row, after the hub re-runs it, or `failed`.
A run that died in all its attempts is reported `failed` and serves no rows (409).

Python 3 standard library only. Exit status 0 when no partial result was ever served.
"""
import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_edits import ConnectionLost, Failure, Server, free_port, report, request, run_main  # noqa: E402

ROWS = 400_000


def make_engine(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, x REAL, name TEXT, note TEXT, "
               "flag BOOLEAN, at DATETIME, b BLOB)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
        (i, i * 7 % 1000, i / 3, f"name-{i}", None if i % 5 == 0 else "é,\"q\"\n" * (i % 3),
         i % 2, f"2026-01-{1 + i % 28:02d} 10:00:00", bytes([i % 256, 7])) for i in range(1, ROWS + 1)))
    db.commit()
    db.close()


def statement(port, run_id):
    status, snapshot = request(port, "GET", f"/api/executions/{run_id}")
    if status != 200:
        raise Failure(f"GET /api/executions/{run_id} answered {status}")
    return snapshot


def check_served(port, run_id, failures):
    """Reads a page of the run's rows if it is served; it must be from the whole result."""
    status, page = request(port, "GET", f"/api/executions/{run_id}/rows?statement=0&offset={ROWS - 2}&limit=5")
    if status == 200:
        if page["total"] != ROWS or [row[0] for row in page["rows"]] != [ROWS - 1, ROWS]:
            failures.append(f"run {run_id}: served a partial result (total {page['total']})")
        return True
    if status != 409:
        failures.append(f"run {run_id}: rows answered {status} {page}")
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.environ.get("QUERYBOOK_BIN", ".build/debug/querybook"))
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", random.randrange(1_000_000))))
    parser.add_argument("--log", default=os.path.join(os.environ.get("ARTIFACTS", "artifacts"), "crash-results.log"))
    args = parser.parse_args()
    chooser = random.Random(args.seed)
    print(f"== result crash test: {args.kills} SIGKILLs mid-write, seed {args.seed} (CRASH_SEED to repeat)")
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    failures, outcomes, cut = [], [], 0
    with tempfile.TemporaryDirectory(prefix="querybook-results-crash-") as data_dir, open(args.log, "ab") as log:
        engine = os.path.join(data_dir, "wide.sqlite")
        make_engine(engine)
        env = dict(os.environ, QUERYBOOK_JOB_LEASE="1")
        server = Server(os.path.abspath(args.binary), data_dir, free_port(chooser), log,
                        extra_args=["--sqlite", engine], env=env)
        server.start()
        try:
            for kill in range(args.kills):
                status, created = request(server.port, "POST", "/api/executions",
                                          {"engine": "wide", "query": "SELECT * FROM t"})
                if status != 201:
                    raise Failure(f"POST /api/executions answered {status} {created}")
                run_id = created["id"]
                while statement(server.port, run_id)["statements"][0]["status"] == "queued":
                    time.sleep(0.02)
                time.sleep(chooser.uniform(0.05, 0.6))
                server.kill()
                folder = os.path.join(data_dir, "results", str(run_id))
                files = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
                if "0.qbr" in files:
                    outcomes.append("finished before the kill")
                else:
                    cut += 1
                    if not any(name.endswith(".partial") for name in files):
                        failures.append(f"run {run_id}: killed while running but no partial file ({files})")
                server.start()
                deadline = time.monotonic() + 120
                while True:
                    try:
                        snapshot = statement(server.port, run_id)
                        check_served(server.port, run_id, failures)
                    except ConnectionLost:
                        snapshot = {"status": "unknown"}
                    if snapshot["status"] in ("done", "failed", "cancelled"):
                        break
                    if time.monotonic() > deadline:
                        raise Failure(f"run {run_id} did not end within 120 s of the restart")
                    time.sleep(0.05)
                served = check_served(server.port, run_id, failures)
                if snapshot["status"] == "done":
                    count = snapshot["statements"][0]["rowCount"]
                    if count != ROWS or not served:
                        failures.append(f"run {run_id}: done with {count} rows, served {served}")
                    outcomes.append("re-run to completion")
                elif served:
                    failures.append(f"run {run_id}: {snapshot['status']} but its rows are served")
                else:
                    outcomes.append(snapshot["status"])
                print(f"   kill {kill + 1}: run {run_id} {outcomes[-1]}")
        finally:
            server.stop()
    if cut == 0:
        failures.append("no kill landed while a result was being written: it tested nothing")
    return report(failures, args.seed, f"{cut} results cut mid-write; none served before it was whole")


if __name__ == "__main__":
    run_main(main)
