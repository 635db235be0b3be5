"""The web UI's first screens, queries and co-editing, in Debian's Chromium, the way a user
drives them (see helpers.py for the set-up)."""

import re
from concurrent.futures import ThreadPoolExecutor

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from helpers import (
    BASE_URL,
    ENDLESS,
    FAILING,
    GROUP_BY,
    add_query_cell,
    all_css,
    count_in,
    css,
    editor_value,
    grid_row,
    header_names,
    new_browser,
    open_doc,
    put_cursor,
    query_cells,
    quit_and_check_console,
    run_with_shift_enter,
    scroll_grid,
    scroll_grid_to_row,
    seen,
    shot,
    table_rows,
    type_query,
    wait,
    wait_status,
)


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


def test_the_grid_scrolls_over_the_full_result(driver):
    open_doc(driver)
    cell = add_query_cell(driver)
    type_query(driver, cell, "SELECT * FROM events;")
    run_with_shift_enter(driver)
    wait_status(driver, cell, "Done", timeout=180)
    label = wait(driver, lambda b: css(cell, "[data-testid=row-count]").text, 30)
    match = re.fullmatch(r"([\d,]+) rows", label)
    assert match, label
    total = int(match.group(1).replace(",", ""))
    assert total == seen.get("events_by_kind", total), "the group-by counts add up to the table's rows"
    wait(driver, lambda b: grid_row(cell, 0), 30, "the first rows show")
    first_rows = table_rows(cell)
    assert 0 < len(first_rows) < 100, "only the rows on screen are in the page"
    assert css(cell, "[data-testid=result-row] td.rownum").text == "1"
    scroll_grid_to_row(driver, cell, 100, total)
    wait(driver, lambda b: grid_row(cell, 100), 30, "row 101 shows after scrolling")
    assert not grid_row(cell, 0), "row 1 left the page"
    wait(driver, lambda b: table_rows(cell) != first_rows, 30, "scrolling shows other rows")
    shot(driver, "03-scrolled")
    scroll_grid(driver, cell, "end")
    last = wait(driver, lambda b: grid_row(cell, total - 1), 30, "the last row shows at the end")
    assert last[0] == str(total)


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
