"""Doc history in the browser: versions listed, one previewed, an older one restored."""

import re
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from helpers import (
    BASE_URL,
    all_css,
    api_call,
    css,
    editor_value,
    new_browser,
    put_cursor,
    query_cells,
    quit_and_check_console,
    shot,
    type_query,
    wait,
)


def history_entries(browser):
    """The History panel's entries as [number, text] pairs, read in one go (the list re-renders)."""
    return browser.execute_script(
        "return [...document.querySelectorAll('[data-testid=history-entry]')]"
        ".map(e => [Number(e.dataset.number), e.textContent])")


def test_history_restores_an_older_version(driver):
    """Two versions of a query (run.sh sets history-window to 1 s); restoring the older one
    brings its text back in this window and in a second one, and the history shows the restore."""
    driver.get(BASE_URL + "/docs")
    status, doc = api_call(driver, "POST", "/api/docs", {"title": "<i>History</i> & co"})
    assert status == 201, doc
    url = f"{BASE_URL}/docs/{doc['id']}"
    driver.get(url)
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15, "the new doc shows its query cell")
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
        other_cell = wait(other, lambda b: (query_cells(b) or [False])[0], 15)
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
