"""Drives the web UI in Debian's Chromium the way a user does, against a running server.

The server's base URL comes from QUERYBOOK_URL (the Makefile starts `querybook serve` on a
temp data dir and a free port). Screenshots go to $QUERYBOOK_ARTIFACTS/screenshots
(default artifacts/screenshots). Every wait is bounded; nothing sleeps.
"""

import json
import os
import pathlib
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("QUERYBOOK_URL", "").rstrip("/")
ARTIFACTS = pathlib.Path(os.environ.get("QUERYBOOK_ARTIFACTS", "artifacts"))
SHOTS = ARTIFACTS / "screenshots"

GROUP_BY = "SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY n DESC;"
FAILING = "SELECT 1 AS ok;\n\nSELECT * FROM no_such_table;"
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;"

# What earlier tests learned, for later ones (pytest runs a module's tests in order).
seen = {}


def css(context, selector):
    return context.find_element(By.CSS_SELECTOR, selector)


def all_css(context, selector):
    return context.find_elements(By.CSS_SELECTOR, selector)


def new_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def quit_and_check_console(browser, log_name):
    logs = browser.get_log("browser")
    (ARTIFACTS / log_name).write_text("\n".join(json.dumps(entry) for entry in logs))
    browser.quit()
    # Uncaught exceptions in our scripts are bugs even when the page looked right.
    errors = [e for e in logs if e.get("level") == "SEVERE" and e.get("source") == "javascript"]
    assert not errors, f"JavaScript errors in the console: {errors}"


@pytest.fixture(scope="module")
def driver():
    if not BASE_URL:
        pytest.fail("QUERYBOOK_URL is not set: start `querybook serve` and point QUERYBOOK_URL at it")
    browser = new_browser()
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield browser
    quit_and_check_console(browser, "browser-console.log")


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, driver):
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shot(driver, f"FAILED-{request.node.name}")


def wait(browser, condition, timeout=30, message=""):
    def safe(b):
        try:
            return condition(b)
        except StaleElementReferenceException:
            return False
    return WebDriverWait(browser, timeout, poll_frequency=0.1).until(safe, message)


def shot(browser, name):
    browser.save_screenshot(str(SHOTS / f"{name}.png"))


def query_cells(browser):
    return all_css(browser, "[data-testid=cell][data-kind=query]")


def editor_value(browser, cell):
    return browser.execute_script("return arguments[0].querySelector('.CodeMirror').CodeMirror.getValue()", cell)


def type_query(browser, cell, sql):
    """Types into the cell's CodeMirror like a user: click into it, select all, type."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    css(cell, ".CodeMirror-lines").click()
    select_all = Keys.COMMAND if browser.capabilities.get("platformName") == "mac" else Keys.CONTROL
    ActionChains(browser).key_down(select_all).send_keys("a").key_up(select_all).send_keys(Keys.DELETE).perform()
    ActionChains(browser).send_keys(sql).perform()
    wait(browser, lambda b: editor_value(b, cell) == sql, 10, "the editor did not receive the typed text")


def run_with_shift_enter(browser):
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()


def status_text(cell):
    return css(cell, "[data-testid=status-text]").text


def wait_status(browser, cell, prefix, timeout=120):
    """Waits until the cell's status strip starts with `prefix`; fails early on another final state."""
    def reached(_):
        text = status_text(cell)
        if text.startswith(prefix):
            return text
        for final in ("Done", "Failed", "Cancelled", "Could not"):
            if final != prefix and text.startswith(final):
                raise AssertionError(f"expected status {prefix!r}, got {text!r}")
        return False
    return wait(browser, reached, timeout, f"status never reached {prefix!r}")


def header_names(cell):
    return [e.text for e in all_css(cell, "[data-testid=result-table] [data-testid=column-name]")]


def table_rows(cell):
    """The visible rows as lists of cell texts, without the row-number gutter."""
    return [[td.text for td in all_css(tr, "td:not(.rownum)")] for tr in all_css(cell, "[data-testid=result-row]")]


def count_in(text):
    match = re.search(r"([\d,]+) rows?\b", text)
    assert match, f"no row count in {text!r}"
    return int(match.group(1).replace(",", ""))


def open_doc(browser):
    if browser.current_url != seen["doc_url"]:
        browser.get(seen["doc_url"])
    wait(browser, lambda b: query_cells(b), 15, "the doc page shows no query cell")


def add_query_cell(browser):
    before = len(query_cells(browser))
    css(browser, "[data-testid=add-cell-end] [data-testid=insert-query]").click()
    wait(browser, lambda b: len(query_cells(b)) == before + 1, 15, "no new query cell appeared")
    return query_cells(browser)[-1]


def test_home_offers_a_new_doc(driver):
    driver.get(BASE_URL + "/")
    button = wait(driver, lambda b: css(b, "[data-testid=new-doc]"), 15)
    body = wait(driver, lambda b: all_css(b, "[data-testid=empty-state], [data-testid=doc-list]"), 15)[0]
    if body.get_attribute("data-testid") == "empty-state":
        assert "No docs yet" in body.text
        assert "demo" in body.text and "events" in body.text
    shot(driver, "01-home")
    button.click()
    wait(driver, lambda b: re.search(r"/docs/\d+$", b.current_url), 15, "New DataDoc did not open a doc")
    seen["doc_url"] = driver.current_url
    wait(driver, lambda b: len(query_cells(b)) == 1, 15, "a new doc should start with one query cell")
    title = css(driver, "[data-testid=doc-title]")
    title.click()
    title.send_keys(Keys.CONTROL, "a")
    title.send_keys("Browser test doc", Keys.ENTER)
    wait(driver, lambda b: b.title.startswith("Browser test doc"), 15, "the saved title names the tab")
    assert css(driver, "[data-testid=save-indicator]").text == "Saved"


def test_group_by_query_runs_and_shows_its_result(driver):
    open_doc(driver)
    cell = query_cells(driver)[0]
    type_query(driver, cell, GROUP_BY)
    run_with_shift_enter(driver)
    status = wait_status(driver, cell, "Done")
    assert re.match(r"Done in [\d.]+ (ms|s) · [\d,]+ rows?$", status), status
    wait(driver, lambda b: table_rows(cell), 30, "the result table shows no rows")
    assert header_names(cell) == ["kind", "n"]
    types = [e.text for e in all_css(cell, "[data-testid=result-table] .col-type")]
    assert all(types), f"every column shows its type, got {types}"
    rows = table_rows(cell)
    assert len(rows) == count_in(status), (rows, status)
    counts = [int(n) for _, n in rows]
    assert counts == sorted(counts, reverse=True), "ORDER BY n DESC is shown in order"
    assert css(cell, "[data-testid=statement-tab]").text == f"Statement 1 · {len(rows)}"
    seen["events_by_kind"] = sum(counts)
    shot(driver, "02-group-by")


def test_paging_walks_the_full_result(driver):
    open_doc(driver)
    cell = add_query_cell(driver)
    type_query(driver, cell, "SELECT * FROM events;")
    run_with_shift_enter(driver)
    wait_status(driver, cell, "Done", timeout=180)
    label = wait(driver, lambda b: css(cell, "[data-testid=pager-label]").text, 30)
    match = re.fullmatch(r"rows 1–100 of ([\d,]+)", label)
    assert match, label
    total = int(match.group(1).replace(",", ""))
    assert total == seen.get("events_by_kind", total), "the group-by counts add up to the table's rows"
    assert len(table_rows(cell)) == 100
    first_page = table_rows(cell)
    css(cell, "[data-testid=page-next]").click()
    wait(driver, lambda b: css(cell, "[data-testid=pager-label]").text.startswith("rows 101–200 of"), 30)
    wait(driver, lambda b: table_rows(cell) != first_page, 30, "the next page shows other rows")
    assert css(cell, "[data-testid=result-row] td.rownum").text == "101"
    shot(driver, "03-paging")
    css(cell, "[data-testid=page-last]").click()
    wait(driver, lambda b: re.fullmatch(rf"rows [\d,]+–{total:,} of {total:,}", css(cell, "[data-testid=pager-label]").text), 30)
    assert css(cell, "[data-testid=page-next]").get_attribute("disabled") is not None


def test_failing_query_shows_the_error_and_its_line(driver):
    open_doc(driver)
    cell = add_query_cell(driver)
    type_query(driver, cell, FAILING)
    css(cell, "[data-testid=run-button]").click()
    status = wait_status(driver, cell, "Failed")
    assert "no such table" in status and "(line 3)" in status, status
    box = wait(driver, lambda b: css(cell, "[data-testid=error-box]"), 15)
    assert "no such table: no_such_table" in box.text
    assert "line 3" in box.text.lower()
    tabs = [t.text for t in all_css(cell, "[data-testid=statement-tab]")]
    assert tabs == ["Statement 1 · 1", "Statement 2 · failed"], tabs
    lines = all_css(cell, ".CodeMirror-code > div")
    assert all_css(lines[2], ".cm-error-line"), "the failing line is marked in the editor"
    assert not all_css(lines[0], ".cm-error-line")
    shot(driver, "04-error")


def test_cancel_stops_a_running_query(driver):
    open_doc(driver)
    cell = add_query_cell(driver)
    type_query(driver, cell, ENDLESS)
    run_with_shift_enter(driver)
    running = wait_status(driver, cell, "Running", timeout=30)
    assert re.match(r"Running · [\d.]+ (ms|s) · ", running), running
    cancel = css(cell, "[data-testid=cancel-button]")
    assert cancel.is_displayed()
    shot(driver, "05-running")
    cancel.click()
    wait_status(driver, cell, "Cancelled", timeout=30)
    assert css(cell, "[data-testid=run-button]").is_displayed()


def test_text_cell_shows_markdown_and_never_markup(driver):
    open_doc(driver)
    css(driver, "[data-testid=add-cell-end] [data-testid=insert-text]").click()
    cell = wait(driver, lambda b: all_css(b, "[data-testid=cell][data-kind=text]"), 15)[-1]
    wait(driver, lambda b: css(cell, ".CodeMirror").is_displayed(), 10)
    ActionChains(driver).send_keys("# Notes <b>bold?</b>\n\nSee **events**.").perform()
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    preview = wait(driver, lambda b: css(cell, "[data-testid=text-preview]"), 10)
    wait(driver, lambda b: preview.is_displayed(), 10)
    assert css(preview, "h1").text == "Notes <b>bold?</b>"
    assert not all_css(preview, "b"), "typed HTML stays text"
    assert css(preview, "strong").text == "events"
    wait(driver, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    shot(driver, "06-text-cell")


def test_reload_shows_the_saved_query_and_its_last_result(driver):
    open_doc(driver)
    driver.refresh()
    wait(driver, lambda b: query_cells(b), 15)
    assert css(driver, "[data-testid=doc-title]").get_attribute("value") == "Browser test doc"
    cells = query_cells(driver)
    assert [editor_value(driver, c) for c in cells[:2]] == [GROUP_BY, "SELECT * FROM events;"]
    first = cells[0]
    wait_status(driver, first, "Done", timeout=30)
    wait(driver, lambda b: table_rows(first), 30, "the last result shows after a reload")
    assert header_names(first) == ["kind", "n"]
    assert sum(int(n) for _, n in table_rows(first)) == seen["events_by_kind"]
    failed = cells[2]
    wait_status(driver, failed, "Failed", timeout=30)
    assert "line 3" in css(failed, "[data-testid=error-box]").text.lower()
    kinds = [c.get_attribute("data-kind") for c in all_css(driver, "[data-testid=cell]")]
    assert kinds == ["query", "query", "query", "query", "text"], kinds
    shot(driver, "07-reloaded")


def test_run_page_shows_one_run_and_back_returns(driver):
    open_doc(driver)
    first = query_cells(driver)[0]
    link = wait(driver, lambda b: css(first, "[data-testid=run-link]"), 30)
    link.click()
    wait(driver, lambda b: re.search(r"/executions/\d+$", b.current_url), 15)
    page = wait(driver, lambda b: css(b, "[data-testid=execution-page]"), 15)
    assert css(page, "[data-testid=execution-query]").text == GROUP_BY
    wait(driver, lambda b: css(page, "[data-testid=status-text]").text.startswith("Done"), 30)
    wait(driver, lambda b: table_rows(page), 30)
    assert header_names(page) == ["kind", "n"]
    shot(driver, "08-run-page")
    driver.back()
    wait(driver, lambda b: b.current_url == seen["doc_url"], 15)
    wait(driver, lambda b: query_cells(b), 15, "back returns to the doc")


def test_dark_theme_follows_the_system(driver):
    open_doc(driver)
    background = "return getComputedStyle(document.body).backgroundColor"
    light = driver.execute_script(background)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        wait(driver, lambda b: b.execute_script(background) != light, 10, "the page did not switch to dark")
        first = query_cells(driver)[0]
        wait(driver, lambda b: table_rows(first), 30)
        shot(driver, "09-dark")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def put_cursor(browser, cell, key):
    """Clicks into the cell's editor and moves the caret with Ctrl-Home / Ctrl-End."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    css(cell, ".CodeMirror-lines").click()
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


def test_two_windows_co_edit_one_query_without_losing_keystrokes(driver):
    """Two windows type into the same query at the same time; both end with every keystroke."""
    open_doc(driver)
    cell = add_query_cell(driver)
    start = "SELECT 1;"
    type_query(driver, cell, start)
    cell_id = cell.get_attribute("data-cell-id")
    wait(driver, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15)
    other = new_browser()
    try:
        other.get(seen["doc_url"])
        other_cell = wait(other, lambda b: css(b, f"[data-testid=cell][data-cell-id='{cell_id}']"), 15)
        wait(other, lambda b: editor_value(b, other_cell) == start, 15, "the second window shows the saved text")
        put_cursor(driver, cell, Keys.HOME)
        put_cursor(other, other_cell, Keys.END)

        # Presence: each window shows one avatar (the other tab, never itself), and the cell the
        # other tab is in carries its mark.
        def avatars(browser):
            # Read in one script call: presence updates re-render the avatars at any moment, so a
            # found element can be replaced before it is read.
            return browser.execute_script(
                "return [...document.querySelectorAll('[data-testid=presence-avatar]')]"
                ".map(e => [e.textContent.trim(), e.title])")

        for browser in (driver, other):
            wait(browser, lambda b: len(avatars(b)) == 1 and all(text and title for text, title in avatars(b)), 15,
                 f"one presence avatar with initials and a name, saw {avatars(browser)}")
        wait(driver, lambda b: css(b, f"[data-testid=cell][data-cell-id='{cell_id}'] [data-testid=cell-presence]"), 15,
             "the first window marks the cell the second is in")
        wait(other, lambda b: css(b, f"[data-testid=cell][data-cell-id='{cell_id}'] [data-testid=cell-presence]"), 15,
             "the second window marks the cell the first is in")
        # Each window draws the other's caret inside the editor, on the right character: the
        # first window's caret is at the start of the text, the second's at its end.
        def caret_prefix(browser):
            return browser.execute_script(
                "const c = document.querySelector(`[data-testid=cell][data-cell-id='${arguments[0]}'] [data-testid=peer-caret]`);"
                "if (!c) return null;"
                "const line = c.closest('.CodeMirror-line'); const r = document.createRange();"
                "r.setStart(line, 0); r.setEndBefore(c);"
                "return [r.toString().replace(/\u200b/g, ''), c.title];", cell_id)

        wait(driver, lambda b: (caret_prefix(b) or [None])[0] == start, 15,
             f"the first window shows the second's caret at the end, saw {caret_prefix(driver)}")
        wait(other, lambda b: (caret_prefix(b) or [None])[0] == "", 15,
             f"the second window shows the first's caret at the start, saw {caret_prefix(other)}")
        assert caret_prefix(driver)[1], "the caret names its owner"
        shot(driver, "11-presence-cell-window-1")
        shot(other, "11-presence-cell-window-2")
        driver.execute_script("window.scrollTo(0, 0)")
        shot(driver, "11-presence-avatars-window-1")

        rounds, burst = 6, "AAAA"

        def typing(browser, text):
            for _ in range(rounds):
                ActionChains(browser).send_keys(text).perform()

        # Both type at once, in bursts, without waiting for each other or for the server.
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [pool.submit(typing, driver, burst), pool.submit(typing, other, burst.replace("A", "B"))]
            for job in jobs:
                job.result(timeout=120)

        expected = "A" * (rounds * len(burst)) + start + "B" * (rounds * len(burst))
        wait(driver, lambda b: editor_value(b, cell) == expected, 30,
             f"the first window ended with {editor_value(driver, cell)!r}")
        wait(other, lambda b: editor_value(b, other_cell) == expected, 30,
             f"the second window ended with {editor_value(other, other_cell)!r}")
        for browser in (driver, other):
            wait(browser, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 30,
                 "every edit is acknowledged")
        shot(driver, "10-co-edit-window-1")
        shot(other, "10-co-edit-window-2")

        # The typing really overlapped: the edit log interleaves the two windows' edits.
        log = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(`/api/cells/${arguments[0]}/edits?after=0`).then((r) => r.json()).then(done, (e) => done(String(e)));",
            cell_id)
        authors = [edit["clientId"] for edit in log["edits"]]
        switches = sum(1 for a, b in zip(authors, authors[1:]) if a != b)
        assert len(set(authors)) >= 2 and switches >= 2, f"the windows did not type at the same time: {authors}"

        # What the server stored is what both show.
        other.refresh()
        other_cell = wait(other, lambda b: css(b, f"[data-testid=cell][data-cell-id='{cell_id}']"), 15)
        assert editor_value(other, other_cell) == expected

        # A later edit in one window still reaches the other.
        put_cursor(other, other_cell, Keys.END)
        ActionChains(other).send_keys(" -- done").perform()
        wait(driver, lambda b: editor_value(b, cell) == expected + " -- done", 30, "the reloaded window's edit arrives")
        wait(other, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 30)
        # The reloaded window is one tab again: still exactly one avatar on each side.
        for browser in (driver, other):
            wait(browser, lambda b: len(avatars(b)) == 1, 20, "one presence avatar after the reload")
    finally:
        quit_and_check_console(other, "browser-console-2.log")
    driver.refresh()
    cell = wait(driver, lambda b: css(b, f"[data-testid=cell][data-cell-id='{cell_id}']"), 15)
    assert editor_value(driver, cell) == expected + " -- done"


def api_json(browser, method, path, body=None):
    """Calls the JSON API from the page (same origin), returning the parsed answer."""
    return browser.execute_async_script(
        "const [method, path, body, done] = arguments;"
        "fetch(path, {method, headers: {'Content-Type': 'application/json'}, body: body === null ? undefined : JSON.stringify(body)})"
        ".then((r) => r.json()).then(done, (e) => done({error: String(e)}));",
        method, path, body)


def history_entries(browser):
    """The History panel's entries as [number, text] pairs, read in one go (the list re-renders)."""
    return browser.execute_script(
        "return [...document.querySelectorAll('[data-testid=history-entry]')]"
        ".map(e => [Number(e.dataset.number), e.textContent])")


def test_history_restores_an_older_version(driver):
    """Two versions of a query (run.sh sets history-window to 1 s); restoring the older one
    brings its text back in this window and in a second one, and the history shows the restore."""
    driver.get(BASE_URL + "/docs")
    doc = api_json(driver, "POST", "/api/docs", {"title": "<i>History</i> & co"})
    url = f"{BASE_URL}/docs/{doc['id']}"
    driver.get(url)
    cell = wait(driver, lambda b: query_cells(b)[0], 15, "the new doc shows its query cell")
    first, second = "SELECT 'first' AS version;", "SELECT 'second' AS version;"
    type_query(driver, cell, first)
    wait(driver, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15)
    # What is waited for here is time itself: a pause longer than the version window.
    saved_at = time.monotonic()
    wait(driver, lambda b: time.monotonic() - saved_at > 1.5, 10)
    type_query(driver, cell, second)
    wait(driver, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15)

    other = new_browser()
    try:
        other.get(url)
        other_cell = wait(other, lambda b: query_cells(b)[0], 15)
        wait(other, lambda b: editor_value(b, other_cell) == second, 15, "the second window shows the saved text")

        css(driver, "[data-testid=history-button]").click()
        wait(driver, lambda b: len(history_entries(b)) >= 2, 15, "the history lists at least two versions")
        entries = history_entries(driver)
        assert [n for n, _ in entries] == sorted((n for n, _ in entries), reverse=True), entries
        assert "Current" in entries[0][1] and "Local user" in entries[0][1], entries[0][1]
        assert all(re.search(r"\d+ changes?", text) for _, text in entries), entries

        # The newest older version that ends with the first text (typing may span versions).
        chosen = None
        for number, _ in entries[1:]:
            css(driver, f"[data-testid=history-entry][data-number='{number}']").click()
            wait(driver, lambda b: css(b, "[data-testid=history-preview-title]"), 15, "the preview shows the version")
            sql = [e.text for e in all_css(driver, "[data-testid=history-preview-cell] pre")]
            if sql == [first]:
                chosen = number
                break
        assert chosen, f"no version shows {first!r}: {entries}"
        assert css(driver, "[data-testid=history-preview-title]").text == "<i>History</i> & co", "the title is shown as typed"
        shot(driver, "20-history-preview")

        css(driver, "[data-testid=history-restore]").click()
        WebDriverWait(driver, 10).until(expected_conditions.alert_is_present(), "restoring asks first").accept()
        wait(driver, lambda b: editor_value(b, cell) == first, 15, "this window shows the restored text")
        wait(other, lambda b: editor_value(b, other_cell) == first, 15, "the other window converges without a reload")
        wait(driver, lambda b: history_entries(b) and f"Restored from version {chosen}" in history_entries(b)[0][1], 15,
             "the history shows the restore on top")
        top = history_entries(driver)[0][1]
        assert "Current" in top, top
        wait(driver, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15)
        shot(driver, "21-history-restored")

        # The restore is an ordinary change: typing goes on from the restored text in both windows.
        put_cursor(other, other_cell, Keys.END)
        ActionChains(other).send_keys(" -- again").perform()
        wait(driver, lambda b: editor_value(b, cell) == first + " -- again", 15, "edits after the restore still sync")
        wait(other, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15)
    finally:
        quit_and_check_console(other, "browser-console-history.log")
    css(driver, "[data-testid=history-close]").click()
    assert not all_css(driver, "[data-testid=history-panel]")
    assert css(driver, "[data-testid=history-button]").is_displayed()
    shot(driver, "22-history-closed")


# --- The doc model: inserting, moving, duplicating, collapsing, deleting with Undo, cloning,
# --- favorites, archiving and the doc lists.

def api_call(browser, method, path, body=None):
    """Calls the JSON API from the page (same origin) and returns `[status, json]`."""
    return browser.execute_async_script(
        "const [method, path, body, done] = arguments;"
        "fetch(path, {method, headers: {'Content-Type': 'application/json'}, body: body === null ? undefined : JSON.stringify(body)})"
        ".then(async (r) => done([r.status, r.status === 204 ? null : await r.json()]), (e) => done([0, String(e)]));",
        method, path, body)


def new_doc(browser, title):
    """Creates a doc through the API (one empty query cell) and opens it."""
    if not browser.current_url.startswith(BASE_URL):
        browser.get(BASE_URL + "/")
    status, doc = api_call(browser, "POST", "/api/docs", {"title": title})
    assert status == 201, doc
    browser.get(f"{BASE_URL}/docs/{doc['id']}")
    wait(browser, lambda b: len(all_css(b, "[data-testid=cell]")) == 1, 15, "the new doc shows its cell")
    return doc


def cells_now(browser):
    """The cells on screen as `(kind, id)` pairs, read in one script call."""
    return [tuple(x) for x in browser.execute_script(
        "return [...document.querySelectorAll('[data-testid=cell]')].map(c => [c.dataset.kind, Number(c.dataset.cellId)])")]


def wait_saved(browser):
    wait(browser, lambda b: css(b, "[data-testid=save-indicator]").text == "Saved", 15, "the doc never said Saved")


def reload_doc(browser, count):
    browser.refresh()
    wait(browser, lambda b: len(all_css(b, "[data-testid=cell]")) == count, 15, f"{count} cells after the reload")


def cell_by_id(browser, cell_id):
    return css(browser, f"[data-testid=cell][data-cell-id='{cell_id}']")


def click_in_inserter(browser, inserter, kind):
    """The inserters between cells show on hover, as for a user."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", inserter)
    ActionChains(browser).move_to_element(inserter).perform()
    css(inserter, f"[data-testid=insert-{kind}]").click()


def test_insert_text_query_and_chart_above_and_below(driver):
    new_doc(driver, "Doc model: inserts")
    [(_, query_id)] = cells_now(driver)
    click_in_inserter(driver, all_css(driver, "[data-testid=add-cell]")[0], "text")
    wait(driver, lambda b: [k for k, _ in cells_now(b)] == ["text", "query"], 15, "a text cell above the first cell")
    text_cell = all_css(driver, "[data-testid=cell]")[0]
    wait(driver, lambda b: css(text_cell, ".CodeMirror").is_displayed(), 10)
    ActionChains(driver).send_keys("# Intro").perform()
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    click_in_inserter(driver, css(driver, "[data-testid=add-cell-end]"), "chart")
    wait(driver, lambda b: [k for k, _ in cells_now(b)] == ["text", "query", "chart"], 15, "a chart at the end")
    # Below the query: the inserter between it and the chart.
    click_in_inserter(driver, all_css(driver, "[data-testid=add-cell]")[2], "query")
    wait(driver, lambda b: [k for k, _ in cells_now(b)] == ["text", "query", "query", "chart"], 15, "a query below the query")
    chart = all_css(driver, "[data-testid=cell][data-kind=chart]")[0]
    assert "Charts are drawn in a later release" in css(chart, "[data-testid=chart-placeholder]").text
    source = css(chart, "[data-testid=chart-source]")
    options = [o.get_attribute("value") for o in all_css(source, "option")]
    assert str(query_id) in options and len(options) == 3, options  # "Pick…" and both query cells
    source.find_element(By.CSS_SELECTOR, f"option[value='{query_id}']").click()
    css(chart, "[data-testid=chart-type] option[value=line]").click()
    wait_saved(driver)
    order = cells_now(driver)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", chart)
    shot(driver, "20-inserted-cells-and-chart")

    reload_doc(driver, 4)
    assert cells_now(driver) == order, "the order is saved"
    assert css(driver, "[data-testid=cell][data-kind=text] h1").text == "Intro"
    chart = all_css(driver, "[data-testid=cell][data-kind=chart]")[0]
    assert css(chart, "[data-testid=chart-source]").get_attribute("value") == str(query_id)
    assert css(chart, "[data-testid=chart-type]").get_attribute("value") == "line"
    assert "Line chart of Query 1" in css(chart, "[data-testid=cell-summary]").text
    css(chart, "[data-testid=chart-type] option[value=pie]").click()
    wait(driver, lambda b: css(chart, "[data-testid=cell-summary]").text.startswith("Pie chart"), 5, "the summary follows the type")
    css(chart, "[data-testid=chart-type] option[value=line]").click()
    wait_saved(driver)
    seen["model_doc"] = driver.current_url


DRAG = """
const [handle, target, side] = arguments;
const box = target.getBoundingClientRect();
const at = {bubbles: true, cancelable: true, clientX: box.left + 40, clientY: side === 'after' ? box.bottom - 4 : box.top + 4};
const data = new DataTransfer();
handle.dispatchEvent(new DragEvent('dragstart', {...at, dataTransfer: data}));
target.dispatchEvent(new DragEvent('dragenter', {...at, dataTransfer: data}));
target.dispatchEvent(new DragEvent('dragover', {...at, dataTransfer: data}));
const marked = target.classList.contains(side === 'after' ? 'drop-after' : 'drop-before');
target.dispatchEvent(new DragEvent('drop', {...at, dataTransfer: data}));
handle.dispatchEvent(new DragEvent('dragend', {...at, dataTransfer: data}));
return marked;
"""


def drag_cell(browser, cell_id, target_id, side):
    """HTML5 drag and drop as the browser fires it (Selenium's drag does not fire HTML5 DnD):
    dragstart on the handle, dragover and drop on the target at the given side's edge."""
    handle = css(cell_by_id(browser, cell_id), "[data-testid=cell-drag]")
    assert handle.get_attribute("draggable") == "true"
    return browser.execute_script(DRAG, handle, cell_by_id(browser, target_id), side)


def test_move_cells_by_drag_and_drop(driver):
    driver.get(seen["model_doc"])
    wait(driver, lambda b: len(cells_now(b)) == 4, 15)
    (t, text_id), (_, q1), (_, q2), (_, chart_id) = cells_now(driver)
    assert drag_cell(driver, text_id, chart_id, "after"), "the drop side is marked while dragging"
    wait(driver, lambda b: [i for _, i in cells_now(b)] == [q1, q2, chart_id, text_id], 10, "text dropped after the chart")
    assert drag_cell(driver, chart_id, q1, "before")
    wait(driver, lambda b: [i for _, i in cells_now(b)] == [chart_id, q1, q2, text_id], 10, "chart dropped first")
    drag_cell(driver, q2, q2, "before")  # onto itself: nothing moves
    wait_saved(driver)
    reload_doc(driver, 4)
    assert [i for _, i in cells_now(driver)] == [chart_id, q1, q2, text_id], "the dragged order is saved"
    # The buttons still move cells too, and the first cell cannot move up.
    assert css(cell_by_id(driver, chart_id), "[data-testid=cell-move-up]").get_attribute("disabled") is not None
    css(cell_by_id(driver, text_id), "[data-testid=cell-move-up]").click()
    wait(driver, lambda b: [i for _, i in cells_now(b)] == [chart_id, q1, text_id, q2], 10)
    wait_saved(driver)


def test_duplicate_collapse_and_keyboard(driver):
    driver.get(seen["model_doc"])
    wait(driver, lambda b: len(cells_now(b)) == 4, 15)
    ids = [i for _, i in cells_now(driver)]
    query = cell_by_id(driver, ids[1])
    type_query(driver, query, "SELECT country, count(*) AS n\nFROM users GROUP BY country;")
    css(query, "[data-testid=row-limit] option[value='1000']").click()
    wait_saved(driver)
    css(query, "[data-testid=cell-duplicate]").click()
    wait(driver, lambda b: len(cells_now(b)) == 5, 15, "a copy appears")
    copy_kind, copy_id = cells_now(driver)[2]
    assert copy_kind == "query" and copy_id not in ids, "the copy goes right after the original"
    copy = cell_by_id(driver, copy_id)
    assert editor_value(driver, copy) == "SELECT country, count(*) AS n\nFROM users GROUP BY country;"
    assert css(copy, "[data-testid=row-limit]").get_attribute("value") == "1000", "the copy keeps the row limit"

    # Collapse: the header only, with the SQL's first line.
    css(query, "[data-testid=cell-collapse]").click()
    wait(driver, lambda b: not css(query, ".editor-host").is_displayed(), 10, "the editor hides")
    assert css(query, "[data-testid=cell-summary]").text == "SELECT country, count(*) AS n"
    text = cell_by_id(driver, ids[2])
    css(text, "[data-testid=cell-collapse]").click()
    wait(driver, lambda b: css(text, "[data-testid=cell-summary]").text == "Intro", 10)
    assert not css(text, "[data-testid=text-preview]").is_displayed()
    wait_saved(driver)
    driver.execute_script("window.scrollTo(0, 0)")
    shot(driver, "21-collapsed-and-duplicated")
    reload_doc(driver, 5)
    query, text = cell_by_id(driver, ids[1]), cell_by_id(driver, ids[2])
    assert not css(query, ".editor-host").is_displayed(), "still collapsed after a reload"
    assert css(query, "[data-testid=cell-summary]").text == "SELECT country, count(*) AS n"
    assert css(text, "[data-testid=cell-summary]").text == "Intro"
    assert css(query, "[data-testid=cell-collapse]").get_attribute("aria-expanded") == "false"
    assert css(query, "[data-testid=row-limit]").get_attribute("value") == "1000", "the row limit is saved"

    # Keyboard: arrows move between cells, Enter opens a collapsed cell's editor.
    driver.execute_script("arguments[0].focus()", cell_by_id(driver, ids[0]))
    ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()
    wait(driver, lambda b: b.switch_to.active_element.get_attribute("data-cell-id") == str(ids[1]), 5)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait(driver, lambda b: css(query, ".editor-host").is_displayed(), 10, "Enter expands the collapsed cell")
    wait_saved(driver)
    reload_doc(driver, 5)
    assert css(cell_by_id(driver, ids[1]), ".editor-host").is_displayed()


def test_delete_then_undo_restores_the_cell_in_place(driver):
    driver.get(seen["model_doc"])
    wait(driver, lambda b: len(cells_now(b)) == 5, 15)
    before = cells_now(driver)
    kind, victim = before[2]
    sql = editor_value(driver, cell_by_id(driver, victim))
    css(cell_by_id(driver, victim), "[data-testid=cell-delete]").click()
    wait(driver, lambda b: len(cells_now(b)) == 4, 10, "the cell disappears at once, with no question")
    toast = wait(driver, lambda b: css(b, "[data-testid=undo-toast]"), 10)
    assert "Cell deleted" in toast.text
    shot(driver, "22-undo-toast")
    css(toast, "[data-testid=notice-action]").click()
    wait(driver, lambda b: len(cells_now(b)) == 5, 15, "Undo brings the cell back")
    after = cells_now(driver)
    restored_kind, restored = after[2]
    assert restored_kind == kind and [c for c in after if c[1] != restored] == [c for c in before if c[1] != victim]
    assert editor_value(driver, cell_by_id(driver, restored)) == sql
    assert not all_css(driver, "[data-testid=undo-toast]"), "the toast closes"
    wait_saved(driver)
    reload_doc(driver, 5)
    assert cells_now(driver)[2] == (kind, restored)
    assert editor_value(driver, cell_by_id(driver, restored)) == sql

    # The first cell too: it comes back first.
    first_kind, first = cells_now(driver)[0]
    css(cell_by_id(driver, first), "[data-testid=cell-delete]").click()
    wait(driver, lambda b: len(cells_now(b)) == 4, 10)
    css(wait(driver, lambda b: css(b, "[data-testid=undo-toast]"), 10), "[data-testid=notice-action]").click()
    wait(driver, lambda b: len(cells_now(b)) == 5 and cells_now(b)[0][0] == first_kind, 15)
    chart = all_css(driver, "[data-testid=cell]")[0]
    assert css(chart, "[data-testid=chart-type]").get_attribute("value") == "line", "the chart's settings come back"


def test_clone_opens_a_copy_with_the_same_cells(driver):
    driver.get(seen["model_doc"])
    wait(driver, lambda b: len(cells_now(b)) == 5, 15)
    original = driver.current_url
    kinds = [k for k, _ in cells_now(driver)]
    ids = [i for _, i in cells_now(driver)]
    sql = [editor_value(driver, c) for c in query_cells(driver)]
    css(driver, "[data-testid=doc-menu]").click()
    menu = wait(driver, lambda b: css(b, "[data-testid=doc-menu-list]") if css(b, "[data-testid=doc-menu-list]").is_displayed() else None, 5)
    assert [e.text for e in all_css(menu, "[role=menuitem]")][:2] == ["Clone", "Archive"]
    shot(driver, "23-doc-menu")
    css(menu, "[data-testid=doc-clone]").click()
    wait(driver, lambda b: re.search(r"/docs/\d+$", b.current_url) and b.current_url != original, 15, "Clone opens the copy")
    wait(driver, lambda b: len(cells_now(b)) == 5, 15)
    assert css(driver, "[data-testid=doc-title]").get_attribute("value") == "Copy of Doc model: inserts"
    assert [k for k, _ in cells_now(driver)] == kinds
    assert not set(i for _, i in cells_now(driver)) & set(ids), "the copy has cells of its own"
    assert [editor_value(driver, c) for c in query_cells(driver)] == sql
    seen["clone_url"] = driver.current_url


def home_titles(browser, section):
    return [e.text for e in all_css(css(browser, f"[data-testid=home-{section}]"), "[data-testid=doc-name]")]


def test_favorite_and_recent_show_on_home(driver):
    driver.get(seen["model_doc"])
    star = wait(driver, lambda b: css(b, "[data-testid=doc-favorite]"), 15)
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    wait(driver, lambda b: css(b, "[data-testid=doc-favorite]").get_attribute("aria-pressed") == "true", 5)
    wait(driver, lambda b: api_call(b, "GET", "/api/docs?favorite=true")[1]["docs"], 10, "the star is saved")
    css(driver, "[data-testid=rail-home]").click()
    wait(driver, lambda b: all_css(b, "[data-testid=home-favorites]"), 15)
    assert home_titles(driver, "favorites") == ["Doc model: inserts"]
    recent = home_titles(driver, "recent")
    assert recent[:2] == ["Doc model: inserts", "Copy of Doc model: inserts"], recent
    assert "Doc model: inserts" in home_titles(driver, "mine")
    shot(driver, "24-home")
    # Unstarring from Home takes it out of Favorites.
    css(css(driver, "[data-testid=home-favorites]"), "[data-testid=doc-favorite]").click()
    wait(driver, lambda b: all_css(b, "[data-testid=home-favorites] [data-testid=section-empty]"), 10)


def doc_list_titles(browser):
    return browser.execute_script(
        "return [...document.querySelectorAll('[data-testid=doc-list] [data-testid=doc-name]')].map(e => e.textContent)")


def test_archive_shows_a_banner_and_hides_the_doc_from_lists(driver):
    driver.get(seen["clone_url"])
    wait(driver, lambda b: len(cells_now(b)) == 5, 15)
    assert not css(driver, "[data-testid=archived-banner]").is_displayed()
    css(driver, "[data-testid=doc-menu]").click()
    css(driver, "[data-testid=doc-archive]").click()
    banner = wait(driver, lambda b: css(b, "[data-testid=archived-banner]") if css(b, "[data-testid=archived-banner]").is_displayed() else None, 10)
    assert "This doc is archived" in banner.text
    driver.execute_script("window.scrollTo(0, 0)")
    shot(driver, "25-archived-banner")
    driver.get(BASE_URL + "/docs")
    wait(driver, lambda b: all_css(b, "[data-testid=doc-list]"), 15)
    assert "Copy of Doc model: inserts" not in doc_list_titles(driver)
    css(driver, "[data-testid=show-archived]").click()
    wait(driver, lambda b: "Copy of Doc model: inserts" in doc_list_titles(b), 10, "Show archived lists it")
    assert "archived=all" in driver.current_url
    row = [r for r in all_css(driver, "[data-testid=doc-row]") if "Copy of Doc model" in r.text][0]
    assert css(row, "[data-testid=doc-archived-tag]").text == "Archived"
    css(row, "a").click()
    wait(driver, lambda b: css(b, "[data-testid=archived-banner]").is_displayed(), 15, "an archived doc still opens")
    css(driver, "[data-testid=doc-restore]").click()
    wait(driver, lambda b: not css(b, "[data-testid=archived-banner]").is_displayed(), 10)
    driver.get(BASE_URL + "/docs")
    wait(driver, lambda b: "Copy of Doc model: inserts" in doc_list_titles(b), 15, "restored docs are listed again")


def test_docs_page_sorts_and_filters(driver):
    driver.get(BASE_URL + "/docs")
    for title in ["Zeta metrics", "alpha metrics", "Mid metrics", "Unrelated"]:
        assert api_call(driver, "POST", "/api/docs", {"title": title})[0] == 201
    driver.refresh()
    wait(driver, lambda b: "Unrelated" in doc_list_titles(b), 15)
    assert doc_list_titles(driver)[:4] == ["Unrelated", "Mid metrics", "alpha metrics", "Zeta metrics"], "newest change first"
    box = css(driver, "[data-testid=doc-filter]")
    box.send_keys("METRICS")
    wait(driver, lambda b: doc_list_titles(b) == ["Mid metrics", "alpha metrics", "Zeta metrics"], 10, "the filter applies")
    wait(driver, lambda b: "q=METRICS" in b.current_url, 5, "the URL reflects the filter")
    css(driver, "[data-testid=doc-sort] option[value=title]").click()
    wait(driver, lambda b: doc_list_titles(b) == ["alpha metrics", "Mid metrics", "Zeta metrics"], 10, "title A–Z")
    assert "sort=title" in driver.current_url
    shot(driver, "26-docs-filtered")
    driver.refresh()
    wait(driver, lambda b: doc_list_titles(b) == ["alpha metrics", "Mid metrics", "Zeta metrics"], 15, "a reload keeps both")
    assert css(driver, "[data-testid=doc-filter]").get_attribute("value") == "METRICS"
    assert css(driver, "[data-testid=doc-sort]").get_attribute("value") == "title"
    box = css(driver, "[data-testid=doc-filter]")
    box.send_keys("_nothing%")
    empty = wait(driver, lambda b: css(b, "[data-testid=empty-filter]"), 10)
    assert "No doc title contains" in empty.text
