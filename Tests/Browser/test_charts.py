"""Chart cells over the demo data: one chart per type drawn from a query cell's stored result,
each checked against what the server aggregates (GET …/chart-data, and for some the same
aggregation run as SQL on the engine): labels, series, values, legend, painted pixels. Then
the panel, messages for bad settings, re-running the query, PNG download and the dark theme.
Screenshots: 60-chart-<type>.png and friends."""

import base64
import datetime
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select

from helpers import (
    ARTIFACTS,
    BASE_URL,
    SHOTS,
    all_css,
    css,
    query_cells,
    run_with_shift_enter,
    type_query,
    wait,
    wait_status,
)

SQL = "SELECT created_at, kind, device, country, duration_ms, user_id, pin_id FROM events WHERE id <= 20000"
CREATED_AT, KIND, DEVICE, COUNTRY, DURATION, USER, PIN = range(7)

# Per type: the saved settings (column names) and the chart-data query the test builds itself
# from the column indices above, to compare with what the chart drew.
CHARTS = {
    "line": ({"x": "created_at", "bucket": "day", "series": "kind", "values": [{"column": None, "aggregation": "count"}]},
             f"x={CREATED_AT}&value=*:count&series={KIND}&bucket=day&sort=x&order=asc&limit=1000"),
    "area": ({"x": "created_at", "bucket": "day", "series": "device", "values": [{"column": None, "aggregation": "count"}]},
             f"x={CREATED_AT}&value=*:count&series={DEVICE}&bucket=day&sort=x&order=asc&limit=1000"),
    "bar": ({"x": "kind", "series": "device", "values": [{"column": "duration_ms", "aggregation": "sum"}], "legend": "bottom"},
            f"x={KIND}&value={DURATION}:sum&series={DEVICE}&sort=x&order=asc&limit=1000"),
    "bar-stacked": ({"x": "kind", "series": "device", "stacked": True, "values": [{"column": "duration_ms", "aggregation": "avg"}], "dataLabels": True},
                    f"x={KIND}&value={DURATION}:avg&series={DEVICE}&sort=x&order=asc&limit=1000"),
    "hbar": ({"x": "country", "values": [{"column": "duration_ms", "aggregation": "median"}], "sort": "value", "order": "desc", "top": 6},
             f"x={COUNTRY}&value={DURATION}:median&sort=value&order=desc&top=6&limit=1000"),
    "pie": ({"x": "device", "values": [{"column": None, "aggregation": "count"}], "legend": "right", "dataLabels": True},
            f"x={DEVICE}&value=*:count&sort=x&order=asc&limit=1000"),
    "doughnut": ({"x": "kind", "values": [{"column": "duration_ms", "aggregation": "sum"}], "yFormat": "si"},
                 f"x={KIND}&value={DURATION}:sum&sort=x&order=asc&limit=1000"),
    "scatter": ({"x": "user_id", "values": [{"column": "duration_ms", "aggregation": "none"}], "limit": 400},
                f"x={USER}&value={DURATION}:none&sort=x&order=asc&limit=400"),
    "bubble": ({"x": "user_id", "values": [{"column": "duration_ms", "aggregation": "none"}], "size": "pin_id", "limit": 120},
               f"x={USER}&value={DURATION}:none&size={PIN}&sort=x&order=asc&limit=120"),
    "histogram": ({"x": "duration_ms", "bins": 15}, f"x={DURATION}&value=*:count&bins=15"),
    "table": ({"x": "kind", "series": "device", "values": [{"column": None, "aggregation": "count"}]},
              f"x={KIND}&value=*:count&series={DEVICE}&sort=x&order=asc&limit=1000"),
    "combo": ({"x": "created_at", "bucket": "day", "values": [
        {"column": None, "aggregation": "count", "kind": "bar", "axis": "y"},
        {"column": "duration_ms", "aggregation": "avg", "kind": "line", "axis": "y2"}]},
        f"x={CREATED_AT}&value=*:count&value={DURATION}:avg&bucket=day&sort=x&order=asc&limit=1000"),
}
CHART_TYPE = {"bar-stacked": "bar"}

setup = {}  # the doc the module's tests share, made once by `chart_doc`


def http(method, path, body=None):
    request = urllib.request.Request(BASE_URL + path, method=method)
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def run_and_wait(driver, cell_id, sql):
    status, started = http("POST", "/api/executions", {"engine": "demo", "query": sql, "cellId": cell_id})
    assert status == 201, started
    return wait(driver, lambda _: (lambda e: e if e["status"] in ("done", "failed", "cancelled") else False)(
        http("GET", f"/api/executions/{started['id']}")[1]), 120, "the run did not end")


def chart_data(run, query, statement=0):
    status, data = http("GET", f"/api/executions/{run}/chart-data?statement={statement}&{query}")
    assert status == 200, data
    return data


def add_chart(doc_id, after, title, settings):
    status, cell = http("POST", f"/api/docs/{doc_id}/cells", {"kind": "chart", "after": after, "title": title, "content": json.dumps(settings)})
    assert status == 201, cell
    return cell["id"]


def chart_cell(driver, cell_id):
    return css(driver, f"[data-testid=cell][data-cell-id='{cell_id}']")


DRAWN = """
const cell = document.querySelector(`[data-testid=cell][data-cell-id="${arguments[0]}"]`);
const canvas = cell && cell.querySelector('[data-testid=chart-canvas]');
const chart = canvas && Chart.getChart(canvas);
if (!chart || cell.querySelector('[data-testid=chart-stage]').hidden || !canvas.width) return null;
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let painted = 0;
for (let i = 0; i < pixels.length; i += 4) {
  if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2]) painted++;
}
return {
  painted, total: pixels.length / 4, type: chart.config.type,
  labels: chart.data.labels && chart.data.labels.length ? chart.data.labels : null,
  indexAxis: chart.options.indexAxis, stacked: Boolean(chart.options.scales.y && chart.options.scales.y.stacked),
  datasets: chart.data.datasets.map((d) => ({label: d.label, data: d.data, type: d.type || null, axis: d.yAxisID || null, hidden: Boolean(d.hidden)})),
  legend: chart.legend && chart.legend.options.display ? chart.legend.legendItems.map((i) => i.text) : [],
  scales: Object.fromEntries(Object.entries(chart.scales).map(([k, s]) => [k, s.type])),
};
"""


def drawn(driver, cell_id, timeout=60):
    return wait(driver, lambda b: b.execute_script(DRAWN, cell_id), timeout, f"chart {cell_id} was never drawn")


def message_of(driver, cell_id):
    return driver.execute_script(
        "const c = document.querySelector(`[data-testid=cell][data-cell-id=\"${arguments[0]}\"]`);"
        "const m = c.querySelector('[data-testid=chart-message]'); return m.hidden ? '' : m.textContent", cell_id)


def no_chart(driver, cell_id):
    return driver.execute_script(
        "const c = document.querySelector(`[data-testid=cell][data-cell-id=\"${arguments[0]}\"]`);"
        "return !Chart.getChart(c.querySelector('[data-testid=chart-canvas]')) && c.querySelector('[data-testid=chart-stage]').hidden", cell_id)


def label_text(value):
    """A label as the chart shows it (chartShape.labelText) for the demo's text labels."""
    return "(null)" if value is None else str(value)


def epoch_ms(label):
    return int(datetime.datetime.fromisoformat(label).replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)


def shoot(driver, cell_id, name):
    cell = chart_cell(driver, cell_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    cell.screenshot(str(SHOTS / f"{name}.png"))


@pytest.fixture(scope="module")
def chart_doc(driver):
    """A doc with the events query (run once) and one chart cell per type below it."""
    if setup:
        return setup
    driver.get(BASE_URL + "/")
    status, doc = http("POST", "/api/docs", {"title": "Charts: every type"})
    assert status == 201, doc
    query_id = doc["cells"][0]["id"]
    assert http("PATCH", f"/api/cells/{query_id}", {"title": "Events sample", "content": SQL})[0] == 200
    run = run_and_wait(driver, query_id, SQL)
    assert run["status"] == "done", run
    after, charts = query_id, {}
    for name, (settings, _) in CHARTS.items():
        content = {"source": query_id, "type": CHART_TYPE.get(name, name), **settings}
        after = charts[name] = add_chart(doc["id"], after, f"Events: {name}", content)
    setup.update(doc=doc["id"], query=query_id, run=run["id"], columns=run["statements"][0]["columns"], charts=charts)
    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    wait(driver, lambda b: len(all_css(b, "[data-testid=cell][data-kind=chart]")) == len(CHARTS), 20, "the chart cells show")
    return setup


@pytest.mark.parametrize("name", [n for n in CHARTS if n != "table"])
def test_each_chart_type_draws_what_the_server_aggregated(driver, chart_doc, name):
    cell_id = chart_doc["charts"][name]
    state = drawn(driver, cell_id)
    expected = chart_data(chart_doc["run"], CHARTS[name][1])
    assert state["painted"] > state["total"] * 0.01, f"{name}: the canvas is nearly blank ({state['painted']} px)"
    names = [s["name"] for s in expected["series"]]
    if name in ("pie", "doughnut"):
        assert state["type"] == name
        assert state["labels"] == [label_text(v) for v in expected["labels"]]
        assert state["legend"] == state["labels"], "one legend entry per slice"
        assert [d["data"] for d in state["datasets"]] == [[v or 0 for v in expected["series"][0]["data"]]]
    else:
        assert [d["label"] for d in state["datasets"]] == names
        if state["labels"] is not None:  # a category axis: values aligned with the labels
            if name != "histogram":
                assert state["labels"] == [label_text(v) for v in expected["labels"]]
            assert len(state["labels"]) == len(expected["labels"])
            assert [d["data"] for d in state["datasets"]] == [s["data"] for s in expected["series"]]
        else:  # points: x in milliseconds (time) or as a number
            for drawn_set, series in zip(state["datasets"], expected["series"]):
                points = [(x, y) for x, y in zip(expected["labels"], series["data"]) if not (y is None and name in ("scatter", "bubble"))]
                xs = [epoch_ms(x) if isinstance(x, str) else x for x, _ in points]
                assert [p["x"] for p in drawn_set["data"]] == xs
                assert [p["y"] for p in drawn_set["data"]] == [y for _, y in points]
        if len(names) > 1 or CHARTS[name][0].get("series"):
            assert state["legend"] == names
    checks = {
        "line": lambda: state["scales"]["x"] == "time" and len(names) > 1,
        "area": lambda: state["stacked"] and state["type"] == "line",
        "bar": lambda: not state["stacked"],
        "bar-stacked": lambda: state["stacked"],
        "hbar": lambda: state["indexAxis"] == "y" and expected["other"] and expected["labels"][-1] == "Other",
        "scatter": lambda: state["type"] == "scatter" and state["scales"]["x"] == "linear",
        "bubble": lambda: state["type"] == "bubble" and all("r" in p for p in state["datasets"][0]["data"]),
        "histogram": lambda: len(state["labels"]) == 15 and sum(state["datasets"][0]["data"]) == 20000,
        "combo": lambda: [(d["type"], d["axis"]) for d in state["datasets"]] == [("bar", "y"), ("line", "y2")] and "y2" in state["scales"],
    }
    assert checks.get(name, lambda: True)(), f"{name}: {state['type']} {state['scales']} {state['indexAxis']}"
    shoot(driver, cell_id, f"60-chart-{name}")


def sql_rows(driver, sql):
    run = run_and_wait(driver, None, sql)
    assert run["status"] == "done", run
    status, page = http("GET", f"/api/executions/{run['id']}/rows?statement=0&limit=1000")
    assert status == 200, page
    return page["rows"]


def test_aggregations_equal_the_same_sql_on_the_engine(driver, chart_doc):
    """The pie's counts and the bars' sums, against GROUP BY run by SQLite."""
    pie = drawn(driver, chart_doc["charts"]["pie"])
    counts = dict(sql_rows(driver, "SELECT device, count(*) FROM events WHERE id <= 20000 GROUP BY device"))
    assert dict(zip(pie["labels"], pie["datasets"][0]["data"])) == counts
    bar = drawn(driver, chart_doc["charts"]["bar"])
    sums = {(k, d): s for k, d, s in sql_rows(driver, "SELECT kind, device, sum(duration_ms) FROM events WHERE id <= 20000 GROUP BY 1, 2")}
    for dataset in bar["datasets"]:
        for kind, value in zip(bar["labels"], dataset["data"]):
            assert value == sums.get((kind, dataset["label"])), (kind, dataset["label"])


def test_the_table_type_lists_the_points_as_text(driver, chart_doc):
    cell_id = chart_doc["charts"]["table"]
    expected = chart_data(chart_doc["run"], CHARTS["table"][1])
    cell = chart_cell(driver, cell_id)
    wait(driver, lambda b: len(all_css(cell, "[data-testid=chart-table-row]")) == len(expected["labels"]), 30, "the table rows")
    head = [th.text for th in all_css(cell, ".chart-table thead th")]
    assert head == ["kind"] + [s["name"] for s in expected["series"]]
    rows = [[c.text for c in all_css(tr, "th, td")] for tr in all_css(cell, "[data-testid=chart-table-row]")]
    assert [r[0] for r in rows] == [label_text(v) for v in expected["labels"]]
    for i, series in enumerate(expected["series"]):
        assert [r[i + 1] for r in rows] == [f"{v:,}" if v is not None else "" for v in series["data"]]
    assert no_chart(driver, cell_id)
    shoot(driver, cell_id, "60-chart-table")


def test_bad_settings_show_a_message_and_no_chart(driver, chart_doc):
    missing = add_chart(chart_doc["doc"], chart_doc["charts"]["combo"], "Missing column",
                        {"source": chart_doc["query"], "type": "bar", "x": "kind", "values": [{"column": "amount", "aggregation": "sum"}]})
    text_sum = add_chart(chart_doc["doc"], missing, "Sum of text",
                         {"source": chart_doc["query"], "type": "bar", "x": "device", "values": [{"column": "kind", "aggregation": "sum"}]})
    no_source = add_chart(chart_doc["doc"], text_sum, "No source", {"source": None, "type": "line"})
    wait(driver, lambda b: message_of(b, missing).startswith("Column “amount” is not in the result"), 20, "the missing column is named")
    wait(driver, lambda b: "holds text" in message_of(b, text_sum), 30, "the server's 422 message is shown")
    wait(driver, lambda b: message_of(b, no_source).startswith("Pick the query cell"), 20)
    for cell_id in (missing, text_sum, no_source):
        assert no_chart(driver, cell_id), "no canvas is drawn for a bad chart"
    assert css(chart_cell(driver, missing), "[data-testid=chart-message]").get_attribute("data-tone") == "error"
    assert css(chart_cell(driver, text_sum), "[data-testid=chart-download]").get_attribute("disabled") is not None
    shoot(driver, missing, "61-chart-missing-column")
    shoot(driver, text_sum, "61-chart-text-sum")
    status, sent = http("GET", f"/api/executions/{chart_doc['run']}/chart-data?statement=0&x={DEVICE}&value={KIND}:sum")
    assert status == 422 and sent["error"]["message"] in message_of(driver, text_sum)


def test_png_download_saves_a_png_named_after_the_title(driver, chart_doc):
    downloads = (ARTIFACTS / "downloads").resolve()
    downloads.mkdir(parents=True, exist_ok=True)
    target = downloads / "events-combo.png"
    target.unlink(missing_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    cell_id = chart_doc["charts"]["combo"]
    drawn(driver, cell_id)
    url = driver.execute_script(
        "return Chart.getChart(document.querySelector(`[data-cell-id=\"${arguments[0]}\"] canvas`)).toBase64Image()", cell_id)
    assert url.startswith("data:image/png;base64,")
    css(chart_cell(driver, cell_id), "[data-testid=chart-download]").click()
    wait(driver, lambda _: target.exists() and target.stat().st_size > 1000, 20, "the PNG was not saved")
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # The background is filled: the top-left pixel of the picture is opaque, not transparent.
    opaque = driver.execute_async_script(
        "const [url, done] = arguments; const img = new Image(); img.onload = () => {"
        "const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;"
        "const g = c.getContext('2d'); g.drawImage(img, 0, 0); done(g.getImageData(1, 1, 1, 1).data[3]); }; img.src = url;",
        "data:image/png;base64," + base64.b64encode(data).decode())
    assert opaque == 255


def test_dark_theme_charts(driver, chart_doc):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        for name in ("combo", "pie", "bar-stacked"):
            cell_id = chart_doc["charts"][name]
            wait(driver, lambda b: b.execute_script(
                "const c = Chart.getChart(document.querySelector(`[data-cell-id=\"${arguments[0]}\"] canvas`));"
                "return c && c.options.plugins.qbBackground.color !== '#ffffff'", cell_id), 10, "the chart follows the dark theme")
            shoot(driver, cell_id, f"62-chart-{name}-dark")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def click_legend(driver, cell_id, index):
    """Clicks legend entry `index` of the chart where Chart.js drew it, as a user would."""
    canvas = css(chart_cell(driver, cell_id), "[data-testid=chart-canvas]")
    box = driver.execute_script(
        "const c = Chart.getChart(arguments[0]); const b = c.legend.legendHitBoxes[arguments[1]];"
        "const r = arguments[0].getBoundingClientRect();"
        "return [b.left + b.width / 2 - r.width / 2, b.top + b.height / 2 - r.height / 2];", canvas, index)
    ActionChains(driver).move_to_element_with_offset(canvas, int(box[0]), int(box[1])).click().perform()


def pick(driver, cell, testid, value):
    """Chooses `value` in the panel's select `testid` (the panel redraws after each change)."""
    wait(driver, lambda _: Select(css(cell, f"[data-testid={testid}]")).select_by_value(value) or True, 10, f"{testid} = {value}")


def test_the_panel_configures_a_new_chart_and_saves_it(driver, chart_doc):
    driver.get(f"{BASE_URL}/docs/{chart_doc['doc']}")
    wait(driver, lambda b: all_css(b, "[data-testid=add-cell-end] [data-testid=insert-chart]"), 15)
    before = {c.get_attribute("data-cell-id") for c in all_css(driver, "[data-testid=cell][data-kind=chart]")}
    css(driver, "[data-testid=add-cell-end] [data-testid=insert-chart]").click()
    cell = wait(driver, lambda b: next((c for c in all_css(b, "[data-testid=cell][data-kind=chart]") if c.get_attribute("data-cell-id") not in before), None), 15)
    cell_id = int(cell.get_attribute("data-cell-id"))
    assert css(cell, "[data-testid=chart-panel]").is_displayed(), "a new chart opens its settings"
    assert message_of(driver, cell_id).startswith("Pick the query cell")
    pick(driver, cell, "chart-source", str(chart_doc["query"]))
    # Without columns picked, the chart picks them: x the first text column, the sum of the first number.
    state = drawn(driver, cell_id)
    assert [d["label"] for d in state["datasets"]] == ["sum(duration_ms)"]
    pick(driver, cell, "chart-type", "line")
    pick(driver, cell, "chart-x", "created_at")
    pick(driver, cell, "chart-bucket", "day")
    pick(driver, cell, "chart-series", "device")
    pick(driver, cell, "chart-value-agg-0", "avg")
    wait(driver, lambda b: (lambda s: s and s["type"] == "line" and len(s["datasets"]) == 4)(b.execute_script(DRAWN, cell_id)), 30, "a line per device")
    legend = drawn(driver, cell_id)["legend"]
    expected = chart_data(chart_doc["run"], f"x={CREATED_AT}&value={DURATION}:avg&series={DEVICE}&bucket=day&sort=x&order=asc&limit=1000")
    assert legend == [s["name"] for s in expected["series"]]
    # Hide one series from the panel, another by clicking its legend entry, then show it again.
    css(cell, "[data-testid=chart-series-hidden-0]").click()
    wait(driver, lambda b: b.execute_script(DRAWN, cell_id)["datasets"][0]["hidden"], 10)
    click_legend(driver, cell_id, 1)
    wait(driver, lambda b: b.execute_script(DRAWN, cell_id)["datasets"][1]["hidden"], 10, "a legend click hides the series")
    wait(driver, lambda b: css(cell, "[data-testid=chart-series-hidden-1]").is_selected(), 10, "the panel shows it hidden")
    shoot(driver, cell_id, "63-chart-panel")
    click_legend(driver, cell_id, 1)
    wait(driver, lambda b: not b.execute_script(DRAWN, cell_id)["datasets"][1]["hidden"], 10, "a second click shows it")
    wait(driver, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15)
    saved = json.loads(next(c for c in http("GET", f"/api/docs/{chart_doc['doc']}")[1]["cells"] if c["id"] == cell_id)["content"])
    assert saved["type"] == "line" and saved["x"] == "created_at" and saved["series"] == "device" and saved["bucket"] == "day"
    assert saved["values"][0]["aggregation"] == "avg" and saved["hiddenSeries"] == [expected["series"][0]["name"]]
    # A co-editor's change (here: through the API) redraws the chart in this tab.
    assert http("PATCH", f"/api/cells/{cell_id}", {"content": json.dumps({**saved, "type": "bar", "stacked": True})})[0] == 200
    wait(driver, lambda b: (lambda s: s and s["type"] == "bar" and s["stacked"])(b.execute_script(DRAWN, cell_id)), 15, "the co-editor's change shows")
    assert css(cell, "[data-testid=chart-type]").get_attribute("value") == "bar"
    driver.refresh()
    cell = wait(driver, lambda b: chart_cell(b, cell_id), 15)
    state = drawn(driver, cell_id)
    assert state["type"] == "bar" and state["datasets"][0]["hidden"], "the settings come back after a reload"


def test_rerunning_the_query_redraws_the_chart(driver):
    """In the browser: a query cell, a chart of it; each run (a slow one too) redraws it."""
    driver.get(BASE_URL + "/")
    status, doc = http("POST", "/api/docs", {"title": "Charts: re-run"})
    assert status == 201
    query_id = doc["cells"][0]["id"]
    chart_id = add_chart(doc["id"], query_id, "Kinds", {"source": query_id, "type": "bar", "x": "kind", "values": [{"column": "n", "aggregation": "sum"}]})
    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15)
    wait(driver, lambda b: "has not been run yet" in message_of(b, chart_id), 15, "a chart of a query never run says so")

    def run(sql):
        type_query(driver, cell, sql)
        run_with_shift_enter(driver)

    def chart_of_latest_run(after=None):
        """`(run id, chart state)` once the chart shows the cell's latest run, finished and newer than `after`."""
        runs = http("GET", f"/api/cells/{query_id}/executions?limit=1")[1]["executions"]
        if not runs or runs[0]["status"] != "done" or runs[0]["id"] == after:
            return False
        expected = chart_data(runs[0]["id"], "x=0&value=1:sum&sort=x&order=asc&limit=1000")
        state = driver.execute_script(DRAWN, chart_id)
        return bool(state) and state["datasets"][0]["data"] == expected["series"][0]["data"] and (runs[0]["id"], state)

    run("SELECT kind, count(*) AS n FROM events WHERE id <= 1000 GROUP BY kind")
    first, state = wait(driver, lambda _: chart_of_latest_run(), 60, "the chart draws the first run")
    assert sum(state["datasets"][0]["data"]) == 1000
    run("SELECT kind, count(*) AS n FROM events WHERE id <= 5000 GROUP BY kind")
    second, state = wait(driver, lambda _: chart_of_latest_run(after=first), 60, "the chart follows the re-run")
    assert sum(state["datasets"][0]["data"]) == 5000
    # A slow run: the chart says it waits, then draws.
    run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) "
        "SELECT CASE x % 3 WHEN 0 THEN 'a' WHEN 1 THEN 'b' ELSE 'c' END AS kind, count(*) AS n FROM c GROUP BY 1")
    wait(driver, lambda b: message_of(b, chart_id) == "Waiting for the query…", 30, "the chart waits for the run")
    shoot(driver, chart_id, "64-chart-waiting")
    wait_status(driver, cell, "Done", timeout=120)
    _, state = wait(driver, lambda _: chart_of_latest_run(after=second), 60, "the chart draws the slow run once done")
    assert state["labels"] == ["a", "b", "c"] and sum(state["datasets"][0]["data"]) == 5_000_000
    # A failing run: its error, no chart.
    run("SELECT kind, count(*) AS n FROM evnts GROUP BY kind")
    wait(driver, lambda b: message_of(b, chart_id).startswith("The query failed: no such table: evnts"), 60)
    assert no_chart(driver, chart_id)
    shoot(driver, chart_id, "64-chart-failed-run")
    # Pinned to the first run, the chart shows it, and stays there through later runs.
    chart = chart_cell(driver, chart_id)
    css(chart, "[data-testid=chart-panel-toggle]").click()
    wait(driver, lambda _: len(all_css(chart, f"[data-testid=chart-run] option[value='{first}']")) == 1, 15, "the panel lists the cell's runs")
    options = [o.get_attribute("value") for o in all_css(chart, "[data-testid=chart-run] option")]
    runs = [str(r["id"]) for r in http("GET", f"/api/cells/{query_id}/executions?limit=20")[1]["executions"]]
    assert options == [""] + runs, "Latest run, then the runs newest first"
    pick(driver, chart, "chart-run", str(first))
    wait(driver, lambda b: (lambda s: s and sum(s["datasets"][0]["data"]) == 1000)(b.execute_script(DRAWN, chart_id)), 30, "the pinned run is drawn")
    run("SELECT kind, count(*) AS n FROM events WHERE id <= 3000 GROUP BY kind")
    wait_status(driver, cell, "Done", timeout=60)
    assert sum(drawn(driver, chart_id)["datasets"][0]["data"]) == 1000, "a pinned chart ignores new runs"
    wait(driver, lambda _: css(driver, "[data-testid=save-indicator]").text == "Saved", 15)
    saved = json.loads(next(c for c in http("GET", f"/api/docs/{doc['id']}")[1]["cells"] if c["id"] == chart_id)["content"])
    assert saved["run"] == first
