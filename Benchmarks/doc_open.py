"""Opening a 200-cell doc through the API: `GET /api/docs/{id}` round trips, against
`GET /api/health` round trips on the same connection in the same run as the baseline."""
import http.client
import json

from hub import percentiles

CELLS = 200
RUNS = 40  # query cells that have a finished run, so `latestExecutionId` is looked up for real


def seed(hub):
    """A doc of 200 cells as people write them: mostly queries, some Markdown, some with runs."""
    _, doc = hub.call("POST", "/api/docs", {"title": "Quarterly metrics (200 cells)"}, expect=201)
    first = doc["cells"][0]["id"]
    hub.call("PATCH", f"/api/cells/{first}", {"content": query(0), "title": "Cell 0"}, expect=200)
    query_cells = [first]
    for index in range(1, CELLS):
        if index % 4 == 3:
            body = {"kind": "text", "content": markdown(index)}
        else:
            body = {"kind": "query", "content": query(index), "title": f"Cell {index}"}
        _, cell = hub.call("POST", f"/api/docs/{doc['id']}/cells", body, expect=201)
        if body["kind"] == "query":
            query_cells.append(cell["id"])
    for cell_id in query_cells[:RUNS]:
        _, run = hub.call("POST", "/api/executions",
                          {"engine": "demo", "query": "SELECT kind, count(*) FROM events GROUP BY kind", "cellId": cell_id},
                          expect=201)
        wait_finished(hub.port, run["id"], run["eventId"])
    return doc["id"]


def query(index):
    return (f"-- cell {index}: weekly active users by plan\n"
            "SELECT date(ts, 'weekday 0') AS week, kind, count(DISTINCT user_id) AS users\n"
            f"FROM events\nWHERE ts >= date('now', '-{index % 12 + 1} months')\n"
            "GROUP BY week, kind\nORDER BY week DESC, users DESC\nLIMIT 500;")


def markdown(index):
    return (f"## Section {index}\n\nWhat changed this week, and why it matters — "
            "**retention** is up, _churn_ is flat. " * 6 + "\n\n- one\n- two\n- three\n")


def wait_finished(port, execution_id, event_id):
    """Follows the run's event stream until it has ended (bounded by the socket timeout)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", f"/api/events?topics=execution:{execution_id}",
                       headers={"Last-Event-ID": str(event_id - 1)})
    response = connection.getresponse()
    try:
        for line in response:
            if line.startswith(b"data: "):
                data = json.loads(line[6:])
                if data.get("id") == execution_id and data.get("status") in ("done", "failed", "cancelled"):
                    if data["status"] != "done":
                        raise RuntimeError(f"run {execution_id} ended {data['status']}: {data.get('error')}")
                    return
    finally:
        connection.close()
    raise RuntimeError(f"the event stream of run {execution_id} ended before the run did")


def measure(hub, samples=1000, warmup=100):
    doc_id = seed(hub)
    doc_path, health_path = f"/api/docs/{doc_id}", "/api/health"
    _, doc = hub.call("GET", doc_path, expect=200)
    assert len(doc["cells"]) == CELLS, len(doc["cells"])
    with_runs = sum(1 for cell in doc["cells"] if cell["latestExecutionId"] is not None)
    assert with_runs == RUNS, with_runs
    size = len(json.dumps(doc).encode())
    for _ in range(warmup):
        hub.timed_get(health_path)
        hub.timed_get(doc_path)
    health, opened = [], []
    # Interleaved, so both see the same machine load.
    for _ in range(samples):
        health.append(hub.timed_get(health_path))
        opened.append(hub.timed_get(doc_path))
    return {"doc": {"cells": CELLS, "cells_with_runs": with_runs, "json_bytes": size},
            "doc_open": percentiles(opened), "baseline_health": percentiles(health)}
