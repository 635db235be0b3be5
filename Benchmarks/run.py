#!/usr/bin/env python3
"""`make bench`: the speed targets, each measured with a baseline in the same run.

- A 200-cell doc opens (`GET /api/docs/{id}`) in at most 20 ms at p99; baseline
  `GET /api/health` on the same connection.
- One edit reaches 500 SSE subscribers of its doc in at most 50 ms at p99; baseline the same
  edits reaching one subscriber.

Runs against the binary in QUERYBOOK_BIN (default .build/release/querybook) on a temp data dir,
writes Benchmarks/results/latest.json and latest.md, prints the table, and exits 1 when a
target is missed. Python 3 standard library only."""
import argparse
import json
import os
import sys
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import doc_open  # noqa: E402
import fanout  # noqa: E402
import chart_bench  # noqa: E402
import results_bench  # noqa: E402
import search_bench  # noqa: E402
from hub import Hub, machine  # noqa: E402

TARGETS = {"doc_open": 20.0, "fanout": 50.0, "page": 10.0, "cancel": 100.0, "search": 10.0}
REINDEX_TARGET_S = 60.0
# Throughput targets: hub rows/s over the baseline's, at least; memory at most, in MB.
RATIO_TARGETS = {"p1_store": 0.8, "p2_export": 5.0}
MEMORY_TARGET_MB = 200.0


def row(name, figures, baseline, target):
    ratio = figures["p99_ms"] / baseline["p99_ms"] if baseline["p99_ms"] else float("inf")
    verdict = "info" if target is None else ("PASS" if figures["p99_ms"] <= target else "FAIL")
    return {"name": name, "p50_ms": figures["p50_ms"], "p99_ms": figures["p99_ms"], "max_ms": figures["max_ms"],
            "count": figures["count"], "baseline_p99_ms": baseline["p99_ms"], "ratio_p99": round(ratio, 2),
            "target_p99_ms": target, "verdict": verdict}


def table(rows):
    lines = ["| measure | n | p50 ms | p99 ms | max ms | baseline p99 ms | p99 / baseline | target p99 | result |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        target = f"≤ {r['target_p99_ms']:g} ms" if r["target_p99_ms"] else "—"
        lines.append(f"| {r['name']} | {r['count']} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} | "
                     f"{r['baseline_p99_ms']:.2f} | {r['ratio_p99']:.1f}× | {target} | {r['verdict']} |")
    return "\n".join(lines)


def throughput_rows(results):
    rows = []
    for key, label, baseline in [("p1_store", "P1 store `SELECT *` of 1M × 8 until complete on disk",
                                  "`sqlite3 -csv` piped to `gzip -1`"),
                                 ("p2_export", "P2 CSV export over HTTP of that result", "Datasette `?_stream=on`")]:
        figures = results[key]
        base = figures["baseline"]
        ratio = figures.get("ratio")
        verdict = "FAIL" if ratio is None or ratio < RATIO_TARGETS[key] else "PASS"
        rows.append({"name": label, "rows_per_s": figures["rows_per_s"], "seconds": figures["seconds"],
                     "baseline": baseline, "baseline_rows_per_s": base.get("rows_per_s"),
                     "baseline_error": base.get("error"), "ratio": ratio, "target": RATIO_TARGETS[key],
                     "verdict": verdict})
    return rows


def throughput_table(rows, memory):
    lines = ["| measure | hub rows/s | hub s | baseline | baseline rows/s | hub / baseline | target | result |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        base = f"{r['baseline_rows_per_s']:,}" if r["baseline_rows_per_s"] else r["baseline_error"]
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—"
        lines.append(f"| {r['name']} | {r['rows_per_s']:,} | {r['seconds']:.2f} | {r['baseline']} | {base} | "
                     f"{ratio} | ≥ {r['target']:g}× | {r['verdict']} |")
    verdict = "PASS" if memory["peak_rss_mb"] <= MEMORY_TARGET_MB else "FAIL"
    lines.append("")
    lines.append(f"Memory: storing {memory['rows']:,} rows took {memory['store_seconds']} s and exporting them as "
                 f"CSV ({memory['export_bytes']:,} B) {memory['export_seconds']} s; the server's resident set was "
                 f"{memory['rss_before_mb']} MB before and peaked meanwhile at {memory['peak_rss_mb']} MB (VmHWM since start {memory['vm_hwm_mb']} MB), "
                 f"target ≤ {MEMORY_TARGET_MB:g} MB: {verdict}.")
    return "\n".join(lines), verdict


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Querybook speed targets")
    parser.add_argument("--binary", default=os.environ.get("QUERYBOOK_BIN", ".build/release/querybook"))
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--out", default=os.path.join(here, "results"))
    parser.add_argument("--only", choices=["docs", "results", "charts", "search"], help="run one group of benchmarks")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    binary = os.path.abspath(args.binary)
    started = time.monotonic()
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "binary": binary,
              "machine": machine()}
    log = os.path.join(args.out, "server.log")
    open(log, "wb").close()

    # Each benchmark on a fresh hub, so one's data and subscribers do not weigh on the other.
    rows, missed = [], []
    if args.only in (None, "docs"):
        with Hub(binary, log) as hub:
            report["doc_open"] = doc_open.measure(hub, samples=args.samples)
        with Hub(binary, log) as hub:
            report["fanout"] = fanout.measure(hub, subscribers=args.subscribers, edits=args.edits)
        opened, fan = report["doc_open"], report["fanout"]
        rows += [
            row(f"open a {opened['doc']['cells']}-cell doc (GET /api/docs/{{id}}, {opened['doc']['json_bytes']:,} B)",
                opened["doc_open"], opened["baseline_health"], TARGETS["doc_open"]),
            row(f"edit → each of {fan['subscribers']} SSE subscribers", fan["delivery"],
                fan["baseline_one_subscriber"], TARGETS["fanout"]),
            row(f"edit → last of {fan['subscribers']} subscribers (per edit)", fan["all_delivered"],
                fan["baseline_one_subscriber"], None),
        ]
    extra = ""
    if args.only in (None, "results"):
        with Hub(binary, log, demo_rows=1_000_000) as hub, open(log, "ab") as side_log:
            report["results"] = results = results_bench.measure(hub, side_log)
            report["charts"] = chart_bench.measure(hub, results["big_run"])
        rows += [
            row(f"P4 random 100-row page of a {results['p4_page']['rows']:,}-row result", results["p4_page"]["page"],
                results["p4_page"]["baseline_health"], TARGETS["page"]),
            row("cancel a query that never ends → `cancelled`", results["cancel"]["latency"],
                results["cancel"]["baseline_health"], TARGETS["cancel"]),
        ]
        report["throughput"] = throughput_rows(results)
        extra, memory_verdict = throughput_table(report["throughput"], results["memory"])
        missed += [r["name"] for r in report["throughput"] if r["verdict"] == "FAIL"]
        if memory_verdict == "FAIL":
            missed.append("server memory while storing and exporting 10M rows")
        extra += "\n\nViews of the 1M-row result (built on the first request, then cached): " + "; ".join(
            f"{name} built in {v['build_s']} s, a later page {v['cached_page_ms']} ms"
            for name, v in results["views"].items()) + "."
        extra = "\n" + extra + "\n"
    if args.only in (None, "search"):
        with Hub(binary, log) as hub:
            report["search"] = found = search_bench.measure(hub)
        rows.append(row(
            f"search {found['docs']:,} docs + {found['tables']:,} tables ({found['entries']:,} index entries), "
            f"{found['queries']} queries as a non-admin", found["search"], found["health"], TARGETS["search"]))
        reindex = found["reindex"]
        verdict = "PASS" if reindex["seconds"] <= REINDEX_TARGET_S else "FAIL"
        if verdict == "FAIL":
            missed.append("rebuilding the search index")
        if found["exact_name_first_misses"]:
            missed.append(f"exact table name not first for {found['exact_name_first_misses']} of 40 queries")
        extra += (f"\nSearch index rebuilt ({reindex['entries']:,} entries) in {reindex['seconds']} s (target ≤ "
                  f"{REINDEX_TARGET_S:g} s: {verdict}); the sqlite3 CLI filling a plain FTS5 table with the same text: "
                  f"{reindex['baseline_seconds']} s ({reindex['ratio']}×). Seeding the data through the index "
                  f"triggers took {found['seed_seconds']} s; merging its segments afterwards (what the hub's "
                  f"background merge does within a minute; searches are measured after it) {found['merge_seconds']} s. Exact table names ranked first for "
                  f"{40 - found['exact_name_first_misses']} of 40.\n"
                  f"\nThe worst case, apart from the table: words in most entries (`the`, `select`, `from`…, "
                  f"entries holding each: {found['entries_with_word']}): p50 {found['stop_words']['p50_ms']} ms, "
                  f"p99 {found['stop_words']['p99_ms']} ms over {found['stop_words']['count']} searches.\n")
    if args.only == "charts":
        with Hub(binary, log, demo_rows=1_000_000) as hub:
            report["charts"] = chart_bench.measure(hub)
    if "charts" in report:
        extra += "\n" + chart_bench.table(report["charts"]) + "\n"
        missed += [c["name"] for c in report["charts"]["charts"] if c["verdict"] == "FAIL"]
        if report["charts"]["browser"].get("verdict") == "FAIL":
            missed.append("browser draw of a chart over 10M rows")
    report["rows"] = rows
    report["seconds"] = round(time.monotonic() - started, 1)
    with open(os.path.join(args.out, "latest.json"), "w") as out:
        json.dump(report, out, indent=2)
    text = (f"Measured {report['when']} on {report['machine']['cores']} cores ({report['machine']['cpu']}), "
            f"load {report['machine']['load_1min_at_start']} at start, in {report['seconds']} s.\n\n"
            f"Baselines: `GET /api/health` round trip (doc open, paging, cancel); the same edits to one "
            f"subscriber (fan-out).\n\n" + table(rows) + "\n" + extra)
    with open(os.path.join(args.out, "latest.md"), "w") as out:
        out.write(text)
    print(text)
    missed = [r["name"] for r in rows if r["verdict"] == "FAIL"] + missed
    if missed:
        print("FAIL: target missed: " + "; ".join(missed))
        return 1
    print("PASS: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
