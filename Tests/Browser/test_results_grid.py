"""Browsing a 1,000,000-row stored result in the grid: virtual scrolling to the very last
row, server-side sort and filter, column statistics and copying a selection as TSV — each
checked against what the API answers for the same stored result."""

import re
from urllib.parse import quote

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from helpers import (
    BASE_URL,
    all_css,
    api_call,
    css,
    grid_row,
    grid_scroller,
    query_cells,
    run_with_shift_enter,
    scroll_grid,
    shot,
    shown_text,
    type_query,
    wait,
    wait_status,
)

grid = {}  # what the first test set up, for the others (pytest runs them in order)

ID, KIND, DURATION = 0, 3, 5  # columns of the demo's events table
VIEW_WAIT = 300  # seconds a view of a million rows may take to build (debug builds are slow)


def rows_api(driver, offset=0, limit=5, extra=""):
    status, page = api_call(driver, "GET", f"/api/executions/{grid['run']}/rows?statement=0&offset={offset}&limit={limit}{extra}")
    assert status == 200, page
    return page


def shown(row):
    return [shown_text(v) for v in row]


def visible_rows(cell):
    """The loaded rows as `(position, values)`, in the order they are drawn."""
    out = []
    for tr in all_css(cell, "[data-testid=result-row]"):
        out.append((int(tr.get_attribute("data-row")), [td.text for td in all_css(tr, "td:not(.rownum)")]))
    return out


def first_rows_are(cell, expected):
    rows = visible_rows(cell)
    return len(rows) >= len(expected) and [r for _, r in rows[: len(expected)]] == expected and rows[0][0] == 0


def count_text(cell):
    return css(cell, "[data-testid=row-count]").text


def test_the_grid_holds_few_rows_and_reaches_the_millionth(driver):
    # The first sort or filter of a million rows builds a view on the server: slow in debug builds.
    driver.set_script_timeout(300)
    driver.get(BASE_URL + "/")
    status, doc = api_call(driver, "POST", "/api/docs", {"title": "Grid over a million rows"})
    assert status == 201, doc
    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15)
    type_query(driver, cell, "SELECT * FROM events")
    run_with_shift_enter(driver)
    wait_status(driver, cell, "Done", timeout=240)
    grid["run"] = wait(driver, lambda b: b.execute_script(
        "const a = arguments[0].querySelector('[data-testid=run-link]'); return a && a.getAttribute('href').split('/').pop()", cell), 30)
    first = rows_api(driver, 0, 20)
    total = first["total"]
    assert total == 1_000_000, first["total"]
    wait(driver, lambda b: count_text(cell) == "1,000,000 rows", 30, "the footer counts every row")
    wait(driver, lambda b: first_rows_are(cell, [shown(r) for r in first["rows"][:5]]), 30, "the first rows equal the API's")
    in_dom = len(all_css(cell, "[data-testid=result-table] tbody tr"))
    assert in_dom < 100, f"{in_dom} rows in the DOM for a million-row result"
    types = [e.text for e in all_css(cell, "[data-testid=result-table] .col-type")]
    assert all(types), types
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", cell)
    shot(driver, "40-grid-top")

    scroll_grid(driver, cell, "end")
    last = wait(driver, lambda b: grid_row(cell, total - 1), 30, "the last row shows at the very end")
    assert last[0] == "1000000"
    assert last[1:] == shown(rows_api(driver, total - 1, 1)["rows"][0])
    visible = driver.execute_script(
        "const [s, r] = arguments; const a = s.getBoundingClientRect(), b = r.getBoundingClientRect();"
        "return b.top >= a.top && b.bottom <= a.bottom + 1;",
        grid_scroller(cell), css(cell, f"[data-testid=result-row][data-row='{total - 1}']"))
    assert visible, "the last row is inside the grid's viewport"
    assert len(all_css(cell, "[data-testid=result-table] tbody tr")) < 100
    shot(driver, "41-grid-end")

    scroll_grid(driver, cell, 4_000_000)  # the middle of a scaled scroll space
    wait(driver, lambda b: visible_rows(cell), 30, "rows show in the middle")
    position, values = visible_rows(cell)[0]
    assert 300_000 < position < 500_000, position
    assert values == shown(rows_api(driver, position, 1)["rows"][0])
    grid["cell_index"] = 0


def the_cell(driver):
    return query_cells(driver)[grid["cell_index"]]


def header(cell, index):
    return all_css(cell, "[data-testid=result-column]")[index]


def test_sorting_a_column_asks_the_server(driver):
    cell = the_cell(driver)
    header(cell, ID).click()
    wait(driver, lambda b: css(header(cell, ID), "[data-testid=sort-arrow]").text == "▲", 10)
    # The first sort of a million rows takes the server a moment; the grid says what it does.
    busy = wait(driver, lambda b: css(cell, "[data-testid=grid-busy]").is_displayed() or grid_row(cell, 0) and "done", VIEW_WAIT)
    if busy is True:
        assert css(cell, "[data-testid=grid-busy]").text == "Sorting 1,000,000 rows…"
        assert css(cell, "[data-testid=footer-busy]").text == "Sorting 1,000,000 rows…"
        shot(driver, "42-grid-sorting")
    asc = rows_api(driver, 0, 5, f"&sort={ID}&order=asc")["rows"]
    wait(driver, lambda b: first_rows_are(cell, [shown(r) for r in asc]), VIEW_WAIT, "ascending rows equal the API's")
    assert grid_scroller(cell).get_property("scrollTop") == 0, "a new sort starts at the top"
    header(cell, ID).click()
    wait(driver, lambda b: css(header(cell, ID), "[data-testid=sort-arrow]").text == "▼", 10)
    desc = rows_api(driver, 0, 5, f"&sort={ID}&order=desc")["rows"]
    assert desc[0][ID] == 1_000_000 or desc[0][ID] > asc[0][ID]
    wait(driver, lambda b: first_rows_are(cell, [shown(r) for r in desc]), VIEW_WAIT, "descending rows equal the API's")
    assert "Sorted by id ↓" in css(cell, "[data-testid=sort-chip]").text
    header(cell, DURATION).click()
    by_duration = rows_api(driver, 0, 5, f"&sort={DURATION}&order=asc")["rows"]
    wait(driver, lambda b: first_rows_are(cell, [shown(r) for r in by_duration]), VIEW_WAIT, "rows sorted by duration equal the API's")
    assert css(header(cell, ID), "[data-testid=sort-arrow]").text == ""
    shot(driver, "43-grid-sorted")
    header(cell, DURATION).click()
    header(cell, DURATION).click()  # asc → desc → off
    wait(driver, lambda b: not all_css(cell, "[data-testid=sort-chip]"), 10)
    unsorted = rows_api(driver, 0, 5)["rows"]
    wait(driver, lambda b: first_rows_are(cell, [shown(r) for r in unsorted]), VIEW_WAIT, "back to the stored order")


def add_filter(driver, cell, column, op, value=None):
    css(cell, "[data-testid=add-filter]").click()
    Select(css(cell, "[data-testid=filter-column]")).select_by_index(column)
    Select(css(cell, "[data-testid=filter-op]")).select_by_value(op)
    if value is not None:
        box = css(cell, "[data-testid=filter-value]")
        box.clear()
        box.send_keys(value)
    css(cell, "[data-testid=filter-apply]").click()


def test_filters_count_what_the_server_counts(driver):
    cell = the_cell(driver)
    kind = rows_api(driver, 0, 1)["rows"][0][KIND]
    add_filter(driver, cell, KIND, "eq", kind)
    one = rows_api(driver, 0, 5, "&filter=" + quote(f"{KIND}:eq:{kind}"))
    assert 0 < one["total"] < 1_000_000, one["total"]
    wait(driver, lambda b: count_text(cell) == f"{one['total']:,} of 1,000,000 rows (filtered)", VIEW_WAIT)
    assert [c.text.rstrip("×").strip() for c in all_css(cell, "[data-testid=filter-chip]")] == [f"kind = {kind}"]
    wait(driver, lambda b: first_rows_are(cell, [shown(r) for r in one["rows"]]), 30)

    add_filter(driver, cell, DURATION, "gt", "500")
    both = rows_api(driver, 0, 5, "&filter=" + quote(f"{KIND}:eq:{kind}") + "&filter=" + quote(f"{DURATION}:gt:500"))
    assert both["total"] < one["total"]
    wait(driver, lambda b: count_text(cell) == f"{both['total']:,} of 1,000,000 rows (filtered)", VIEW_WAIT, "two filters AND together")
    assert len(all_css(cell, "[data-testid=filter-chip]")) == 2
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", cell)
    shot(driver, "44-grid-filtered")

    css(all_css(cell, "[data-testid=filter-chip]")[0], "[data-testid=chip-remove]").click()
    only_duration = rows_api(driver, 0, 1, "&filter=" + quote(f"{DURATION}:gt:500"))["total"]
    wait(driver, lambda b: count_text(cell) == f"{only_duration:,} of 1,000,000 rows (filtered)", VIEW_WAIT)
    css(css(cell, "[data-testid=filter-chip]"), "[data-testid=chip-remove]").click()
    wait(driver, lambda b: count_text(cell) == "1,000,000 rows", VIEW_WAIT, "no filter left: every row")


def test_column_statistics_equal_the_apis(driver):
    cell = the_cell(driver)
    status, stats = api_call(driver, "GET", f"/api/executions/{grid['run']}/stats?statement=0")
    assert status == 200, stats
    expected = next(c for c in stats["columns"] if c["index"] == DURATION)
    css(header(cell, DURATION), "[data-testid=column-stats-button]").click()
    popover = wait(driver, lambda b: css(cell, "[data-testid=stats-popover]"), 10)
    wait(driver, lambda b: all_css(popover, "[data-testid=stat-count]"), 120, "the statistics arrive")
    number = lambda testid: int(re.match(r"[\d,]+", css(popover, f"[data-testid={testid}]").text).group(0).replace(",", ""))
    assert number("stat-count") == expected["count"]
    assert number("stat-nulls") == expected["nulls"]
    assert number("stat-distinct") == expected["distinct"]
    assert css(popover, "[data-testid=stat-min]").text == shown_text(expected["min"])
    assert css(popover, "[data-testid=stat-max]").text == shown_text(expected["max"])
    bars = all_css(popover, "[data-testid=histogram-bar]")
    assert [int(b.get_attribute("data-count")) for b in bars] == [b["count"] for b in expected["histogram"]["bins"]]
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", cell)
    shot(driver, "45-grid-stats")
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait(driver, lambda b: not all_css(cell, "[data-testid=stats-popover]"), 10, "Esc closes the statistics")


def capture_clipboard(driver):
    driver.execute_script(
        "window.__copied = [];"
        "Object.defineProperty(navigator, 'clipboard', {configurable: true, value: {writeText: (t) => { window.__copied.push(t); return Promise.resolve(); }}});")


def copied(driver):
    return driver.execute_script("return window.__copied")


def cell_at(cell, row, col):
    return css(cell, f"[data-testid=result-row][data-row='{row}'] td[data-col='{col}']")


def test_a_selection_copies_as_tsv(driver):
    cell = the_cell(driver)
    capture_clipboard(driver)
    scroll_grid(driver, cell, 0)
    wait(driver, lambda b: grid_row(cell, 3), 30)
    cell_at(cell, 1, 1).click()
    ActionChains(driver).key_down(Keys.SHIFT).click(cell_at(cell, 3, 3)).key_up(Keys.SHIFT).perform()
    assert css(cell, "[data-testid=selection-info]").text == "3 × 3 cells selected"
    assert len(all_css(cell, "td.selected")) == 9
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("c").key_up(Keys.CONTROL).perform()
    wait(driver, lambda b: copied(b), 10, "Ctrl-C copies")
    rows = rows_api(driver, 1, 3)["rows"]
    assert copied(driver)[0] == "\n".join("\t".join("" if v is None else shown_text(v) for v in r[1:4]) for r in rows)
    shot(driver, "46-grid-selection")

    rownum = lambda r: css(cell, f"[data-testid=result-row][data-row='{r}'] td.rownum")
    rownum(0).click()
    ActionChains(driver).key_down(Keys.SHIFT).click(rownum(1)).key_up(Keys.SHIFT).perform()
    assert css(cell, "[data-testid=selection-info]").text == "2 rows selected"
    css(cell, "[data-testid=copy-button]").click()
    wait(driver, lambda b: len(copied(b)) == 2, 10, "the Copy button copies")
    page = rows_api(driver, 0, 2)
    header_line = "\t".join(c["name"] for c in page["columns"])
    body = ["\t".join(shown_text(v) for v in r) for r in page["rows"]]
    assert copied(driver)[1] == "\n".join([header_line, *body])

    # From row 1 to the last row: capped at 10,000 rows, and it says so.
    scroll_grid(driver, cell, "end")
    wait(driver, lambda b: grid_row(cell, 999_999), 30)
    ActionChains(driver).key_down(Keys.SHIFT).click(rownum(999_999)).key_up(Keys.SHIFT).perform()
    info = css(cell, "[data-testid=selection-info]").text
    assert info.startswith("10,000 rows selected") and "10,000" in info, info


def test_dark_theme_grid(driver):
    cell = the_cell(driver)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        scroll_grid(driver, cell, 0)
        wait(driver, lambda b: grid_row(cell, 0), 30)
        cell_at(cell, 2, 2).click()
        css(header(cell, DURATION), "[data-testid=column-stats-button]").click()
        wait(driver, lambda b: all_css(cell, "[data-testid=stats-popover] [data-testid=stat-count]"), VIEW_WAIT)
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", cell)
        shot(driver, "47-grid-dark")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
