#!/usr/bin/env python3
"""Crash safety of scheduled runs: a run killed mid-attempt ends once, after one retry.

Starts `querybook serve` on a temp data dir with one small SQLite engine, makes a doc whose
query cells are a quick one and then a slow one (a recursive CTE that counts for seconds),
schedules it (retries 2) and asks for a run now. While the slow cell runs, the server is
killed with SIGKILL; it is restarted on the same data dir. The interrupted attempt counts:
the run must end `done` (or `failed`) exactly once — never seen final and then changing —
after exactly one more attempt (attempt 2), and the doc must have that one run only. The
first attempt's cell run must have ended too (not left `running`). Repeated `--kills` times,
each with a new doc.

Python 3 standard library only. Exit status 0 when every run ended once with one retry.
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

SLOW = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {count}) "
        "SELECT count(*) AS n FROM c")


def make_engine(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO t VALUES (?, ?)", ((i, f"name-{i}") for i in range(1, 101)))
    db.commit()
    db.close()


def call(port, method, path, body=None, expect=(200,)):
    status, answer = request(port, method, path, body)
    if status not in expect:
        raise Failure(f"{method} {path} answered {status} {answer}")
    return answer


def runs(port, doc):
    return call(port, "GET", f"/api/docs/{doc}/schedule/runs?limit=10")


def make_doc(port, title, count):
    doc = call(port, "POST", "/api/docs", {"title": title, "public": True}, expect=(201,))
    doc_id = doc["id"]
    engine = doc["cells"][0]["engineId"]
    call(port, "POST", f"/api/docs/{doc_id}/cells",
         {"kind": "query", "content": "SELECT count(*) AS rows FROM t", "engineId": engine}, expect=(201,))
    slow = call(port, "POST", f"/api/docs/{doc_id}/cells",
                {"kind": "query", "content": SLOW.format(count=count), "engineId": engine}, expect=(201,))
    call(port, "PUT", f"/api/docs/{doc_id}/schedule",
         {"cron": "0 0 1 1 *", "timezone": "UTC", "retries": 2, "retryDelaySeconds": 10})
    return doc_id, slow["id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.environ.get("QUERYBOOK_BIN", ".build/debug/querybook"))
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--count", type=int, default=10_000_000, help="rows the slow cell counts")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", random.randrange(1_000_000))))
    parser.add_argument("--log", default=os.path.join(os.environ.get("ARTIFACTS", "artifacts"), "crash-schedules.log"))
    args = parser.parse_args()
    chooser = random.Random(args.seed)
    print(f"== schedule crash test: {args.kills} SIGKILLs mid-run, seed {args.seed} (CRASH_SEED to repeat)")
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    failures, outcomes = [], []
    with tempfile.TemporaryDirectory(prefix="querybook-schedules-crash-") as data_dir, open(args.log, "ab") as log:
        engine = os.path.join(data_dir, "small.sqlite")
        make_engine(engine)
        # Short leases: the killed attempt is taken over two seconds after the restart.
        env = dict(os.environ, QUERYBOOK_JOB_LEASE="2")
        server = Server(os.path.abspath(args.binary), data_dir, free_port(chooser), log,
                        extra_args=["--sqlite", engine], env=env)
        server.start()
        try:
            for kill in range(args.kills):
                doc, slow_cell = make_doc(server.port, f"Crash schedule {kill + 1}", args.count)
                run = call(server.port, "POST", f"/api/docs/{doc}/schedule/run", expect=(202,))["run"]
                deadline = time.monotonic() + 60
                while True:  # until the slow cell's query is running
                    current = runs(server.port, doc)["runs"][0]
                    slow = [c for c in current["cells"] if c["cellId"] == slow_cell]
                    if slow and slow[0]["status"] == "running":
                        break
                    if current["status"] in ("done", "failed"):
                        raise Failure(f"run {run['id']} ended ({current['status']}) before the kill: raise --count")
                    if time.monotonic() > deadline:
                        raise Failure(f"run {run['id']} did not reach its slow cell within 60 s: {current}")
                    time.sleep(0.05)
                first_execution = slow[0]["executionId"]
                time.sleep(chooser.uniform(0.1, 0.8))
                server.kill()
                server.start()
                finals, deadline = [], time.monotonic() + 240
                while True:
                    try:
                        listed = runs(server.port, doc)
                    except ConnectionLost:
                        time.sleep(0.1)
                        continue
                    current = listed["runs"][0]
                    if current["status"] in ("done", "failed"):
                        finals.append((current["status"], current["attempt"], current["finishedAt"]))
                        if len(finals) >= 20:  # seen final for a while: it must not move any more
                            break
                    elif finals:
                        failures.append(f"run {run['id']}: was {finals[-1][0]}, then {current['status']}")
                        break
                    if time.monotonic() > deadline:
                        raise Failure(f"run {run['id']} did not end within 240 s of the restart: {current}")
                    time.sleep(0.05)
                if len(set(finals)) != 1:
                    failures.append(f"run {run['id']}: its end changed: {sorted(set(finals))}")
                status, attempt, _ = finals[-1]
                if listed["total"] != 1:
                    failures.append(f"doc {doc}: {listed['total']} runs, not 1")
                if attempt != 2:
                    failures.append(f"run {run['id']}: ended {status} after {attempt} attempts, not 2 (one retry)")
                old = call(server.port, "GET", f"/api/executions/{first_execution}")
                if old["status"] not in ("done", "failed", "cancelled"):
                    failures.append(f"run {run['id']}: the killed attempt's query is still {old['status']}")
                outcomes.append(status)
                print(f"   kill {kill + 1}: run {run['id']} ended {status} after {attempt} attempts "
                      f"(killed attempt's query: {old['status']})")
        finally:
            server.stop()
        # Straight from the store: one run per doc, none left open.
        db = sqlite3.connect(os.path.join(data_dir, "hub.sqlite"))
        open_runs = db.execute("SELECT count(*) FROM scheduleRun WHERE status NOT IN ('done', 'failed')").fetchone()[0]
        total = db.execute("SELECT count(*) FROM scheduleRun").fetchone()[0]
        db.close()
        if open_runs or total != args.kills:
            failures.append(f"the store holds {total} runs ({open_runs} open), not {args.kills} ended ones")
    return report(failures, args.seed, f"{len(outcomes)} runs killed mid-attempt, each ended once after one retry ({', '.join(outcomes)})")


if __name__ == "__main__":
    run_main(main)
