"""What the browser tests share: the server's URL, a Chromium per module, bounded waits,
screenshots, and the few gestures every page needs (typing into CodeMirror, calling the API).

The server's base URL comes from QUERYBOOK_URL (Tests/Browser/run.sh starts `querybook
serve` on a temp data dir and a free port). Screenshots go to $QUERYBOOK_ARTIFACTS/screenshots
(default artifacts/screenshots). Every wait is bounded; nothing sleeps.
"""

import json
import os
import pathlib
import re

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
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


def grid_scroller(cell):
    return css(cell, "[data-testid=table-scroll]")


def scroll_grid(browser, cell, top):
    """Scrolls the cell's result grid to `top` px ("end" for the very bottom)."""
    browser.execute_script(
        "const s = arguments[0]; s.scrollTop = arguments[1] === 'end' ? s.scrollHeight : arguments[1];"
        "s.dispatchEvent(new Event('scroll'));",
        grid_scroller(cell), top)


def scroll_grid_to_row(browser, cell, index, total):
    """Scrolls the grid so row `index` (0-based) is at the top, with the grid's own mapping for
    scroll spaces scaled down below the browsers' height cap (virtualScroll.js)."""
    browser.execute_script(
        "const [s, index, total] = arguments; const row = 25, max = 10000000;"
        "const vp = s.clientHeight - s.querySelector('thead').offsetHeight;"
        "const full = total * row, space = Math.min(full, max);"
        "s.scrollTop = full > max ? index * row * (space - vp) / (full - vp) : index * row;"
        "s.dispatchEvent(new Event('scroll'));",
        grid_scroller(cell), index, total)


def grid_row(cell, index):
    """The loaded grid row at 0-based result position `index` as `[row number, values…]`, or None."""
    rows = all_css(cell, f"[data-testid=result-row][data-row='{index}']")
    return [td.text for td in all_css(rows[0], "td")] if rows else None


def shown_text(value):
    """A JSON value as the grid shows it (JavaScript's String() for the values the demo has)."""
    if value is None:
        return "NULL"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def put_cursor(browser, cell, key):
    """Clicks into the cell's editor and moves the caret with Ctrl-Home / Ctrl-End."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    css(cell, ".CodeMirror-lines").click()
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


def api_call(browser, method, path, body=None):
    """Calls the JSON API from the page (same origin) and returns `[status, json]`."""
    return browser.execute_async_script(
        "const [method, path, body, done] = arguments;"
        "fetch(path, {method, headers: {'Content-Type': 'application/json'}, body: body === null ? undefined : JSON.stringify(body)})"
        ".then(async (r) => done([r.status, r.status === 204 ? null : await r.json()]), (e) => done([0, String(e)]));",
        method, path, body)
