"""Exporting a stored result: every format downloaded over plain HTTP and parsed back with
Python's csv and json and with openpyxl, equal to what the rows API serves; then Export → CSV
clicked in the browser, its progress seen, the file saved and counted."""

import csv
import io
import json
import re
import urllib.error
import urllib.request

import openpyxl

from helpers import (
    ARTIFACTS,
    BASE_URL,
    api_call,
    css,
    query_cells,
    run_with_shift_enter,
    shot,
    type_query,
    wait,
    wait_status,
)

# One row of values that trip writers up, then a few thousand events.
TRICKY = """
SELECT 'say "hi"' AS quote, 'a,b' AS comma, 'line 1' || char(10) || 'line 2' AS newline,
  'cr' || char(13) || char(10) || 'lf' AS crlf, 'tab' || char(9) || 'x' AS tab, 'back\\slash' AS backslash,
  '中文 ✓ 👩‍👩‍👧‍👦' AS unicode, '' AS empty_text, NULL AS null_value, '  padded  ' AS padded,
  replace(hex(zeroblob(15000)), '00', 'xy') AS large, 0.1 AS small_real, 1e20 AS big_real, 1e999 AS inf,
  42 AS int_value, 9007199254740993 AS huge_int, 'kind' AS kind
UNION ALL
SELECT * FROM (SELECT device, country, created_at, kind || char(10), user_id, pin_id, kind, '', NULL,
  ' ' || country, kind, duration_ms / 7.0, id * 1.5, duration_ms, id, id * 1000, kind
  FROM events ORDER BY id LIMIT 3000)
"""


def http(path, body=None):
    request = urllib.request.Request(BASE_URL + path, method="POST" if body is not None else "GET")
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def run_query(sql):
    """Submits `sql` on the demo engine and waits on its events until the run has ended."""
    status, _, body = http("/api/executions", {"engine": "demo", "query": sql})
    assert status == 201, body
    created = json.loads(body)
    request = urllib.request.Request(f"{BASE_URL}/api/events?topics=execution:{created['id']}")
    request.add_header("Last-Event-ID", str(created["eventId"] - 1))
    with urllib.request.urlopen(request, timeout=120) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                snapshot = json.loads(line[6:])
                if snapshot.get("status") in ("done", "failed", "cancelled"):
                    assert snapshot["status"] == "done", snapshot
                    return created["id"]
    raise AssertionError("the event stream ended before the run did")


def stored_rows(run):
    rows, offset, columns = [], 0, None
    while True:
        _, _, body = http(f"/api/executions/{run}/rows?statement=0&offset={offset}&limit=10000")
        page = json.loads(body)
        columns = [c["name"] for c in page["columns"]]
        rows += page["rows"]
        offset += len(page["rows"])
        if offset >= page["total"] or not page["rows"]:
            return columns, rows


def same_number(text_or_number, expected):
    if isinstance(expected, bool) or not isinstance(expected, (int, float)):
        return False
    if isinstance(expected, int) and isinstance(text_or_number, str) and "." not in text_or_number and "e" not in text_or_number:
        return int(text_or_number) == expected
    return float(text_or_number) == float(expected)


def check_text_field(field, expected, where):
    """A CSV or TSV field against the rows API's value (NULL reads as `None` here)."""
    if expected is None:
        assert field is None, where
    elif isinstance(expected, str):
        assert field == expected, where
    else:
        assert same_number(field, expected), (where, field, expected)


def unescape_tsv(field):
    if field == "\\N":
        return None
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 1 < len(field):
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(field[i + 1], field[i + 1]))
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def export(run, fmt):
    status, headers, body = http(f"/api/executions/{run}/export?statement=0&format={fmt}")
    assert status == 200, body[:300]
    assert headers["Content-Disposition"] == f'attachment; filename="run-{run}-statement-0.{fmt}"'
    assert int(headers["X-Result-Rows"]) == 3001
    estimate = int(headers["X-Export-Estimate"])
    assert 0.5 < estimate / len(body) < 2, (fmt, estimate, len(body))
    (ARTIFACTS / "exports").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "exports" / f"tricky.{fmt}").write_bytes(body)
    return body


def test_every_format_parses_back_to_the_stored_rows():
    run = run_query(TRICKY)
    columns, rows = stored_rows(run)
    assert len(rows) == 3001
    assert rows[0][columns.index("large")] == "xy" * 15000
    assert rows[0][columns.index("inf")] == "Infinity"

    text = export(run, "csv").decode("utf-8")
    assert "\r\n" in text and ',"",,' in text, "CRLF rows; the empty string quoted, NULL not"
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == columns
    assert len(records) == len(rows) + 1
    for n, (record, row) in enumerate(zip(records[1:], rows)):
        for field, value, name in zip(record, row, columns):
            check_text_field(field if field != "" or value == "" else None, value, (n, name))

    lines = export(run, "tsv").decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == len(rows) + 2
    assert lines[0].split("\t") == columns
    for n, (line, row) in enumerate(zip(lines[1:], rows)):
        fields = line.split("\t")
        assert len(fields) == len(columns), (n, line[:200])
        for field, value, name in zip(fields, row, columns):
            check_text_field(unescape_tsv(field), value, (n, name))

    objects = [json.loads(line) for line in export(run, "jsonl").decode("utf-8").splitlines()]
    assert [list(o.keys()) for o in objects[:1]] == [columns]
    assert [list(o.values()) for o in objects] == rows

    book = openpyxl.load_workbook(io.BytesIO(export(run, "xlsx")), read_only=True)
    assert book.sheetnames == ["Sheet1"]
    sheet = list(book["Sheet1"].iter_rows(values_only=True))
    assert list(sheet[0]) == columns
    assert len(sheet) == len(rows) + 1
    for n, (cells, row) in enumerate(zip(sheet[1:], rows)):
        cells = list(cells) + [None] * (len(columns) - len(cells))
        for cell, value, name in zip(cells, row, columns):
            where = (n, name, cell, value)
            if isinstance(value, int) and abs(value) > 2**53:
                assert cell == str(value), where  # beyond a double's exact range: text
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                assert cell == value, where
            else:
                assert cell == value, where


def test_unknown_format_and_missing_run_are_refused():
    status, _, body = http("/api/executions/1/export?format=parquet")
    assert status == 400
    assert "csv, tsv, jsonl, xlsx" in json.loads(body)["error"]["message"]
    status, _, body = http("/api/executions/999999/export?format=csv")
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found"


def test_export_csv_from_the_results_shows_progress_and_saves_the_file(driver):
    downloads = (ARTIFACTS / "downloads").resolve()
    downloads.mkdir(parents=True, exist_ok=True)
    for old in downloads.glob("run-*"):
        old.unlink()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.get(BASE_URL + "/")
    status, doc = api_call(driver, "POST", "/api/docs", {"title": "Export browser test"})
    assert status == 201, doc
    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    cell = wait(driver, lambda b: query_cells(b), 15)[0]
    type_query(driver, cell, "SELECT * FROM events LIMIT 400000;")
    run_with_shift_enter(driver)
    wait_status(driver, cell, "Done", timeout=180)
    button = wait(driver, lambda b: css(cell, "[data-testid=export-button]"), 30)
    shot(driver, "export-01-button")
    button.click()
    menu = css(cell, "[data-testid=export-menu]")
    assert [e.text.split("\n")[0] for e in menu.find_elements("css selector", ".export-item span:first-child")] == [
        "CSV", "TSV", "JSON lines", "Excel .xlsx"]
    shot(driver, "export-02-menu")
    css(cell, "[data-testid=export-csv]").click()

    # While it downloads: a bar, a percent and megabytes, and a Cancel button.
    panel = css(cell, "[data-testid=export]")
    label = wait(driver, lambda b: panel.get_attribute("data-state") != "idle" and css(cell, "[data-testid=export-progress-label]").text, 30)
    if panel.get_attribute("data-state") == "running":
        assert css(cell, "[data-testid=export-cancel]").is_displayed()
        wait(driver, lambda b: "MB" in css(cell, "[data-testid=export-progress-label]").text or panel.get_attribute("data-state") != "running", 30)
        shot(driver, "export-03-progress")
        label = css(cell, "[data-testid=export-progress-label]").text
    wait(driver, lambda b: panel.get_attribute("data-state") in ("done", "failed"), 180, "the export never finished")
    status_text = css(cell, "[data-testid=export-status]").text
    shot(driver, "export-04-done")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    shot(driver, "export-05-done-dark")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert panel.get_attribute("data-state") == "done", status_text
    assert status_text.startswith("Exported 400,000 rows"), status_text
    assert "%" in label, label

    match = re.search(r"\((run-\d+-statement-0\.csv)\)", status_text)
    assert match, status_text
    saved = downloads / match.group(1)
    wait(driver, lambda b: saved.exists() and saved.stat().st_size == int(panel.get_attribute("data-bytes")), 60,
         "the browser did not save the whole file")
    with saved.open(newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 400_001
