"""Doc variables in the browser: set them in the Variables panel, preview a templated cell's
rendered SQL, run it and see the rendered value in the result; a cycle and a template error
are shown where they happen."""

import uuid

from selenium.webdriver.support.ui import Select

from helpers import BASE_URL, all_css, api_call, css, query_cells, run_with_shift_enter, shot, table_rows, type_query, wait, wait_status

TEMPLATED = "SELECT {{ start_date | sql_string }} AS since, {{ who | sql_string }} AS who, count(*) AS n FROM events WHERE kind IN {{ kinds | sql_list }}"


def open_variables(driver):
    css(driver, "[data-testid=doc-menu]").click()
    css(driver, "[data-testid=doc-variables]").click()
    return wait(driver, lambda b: css(b, "[data-testid=variables-panel]"), 10, "the Variables panel opens")


def add_variable(driver, panel, name, kind, value):
    css(panel, "[data-testid=variables-add]").click()
    row = all_css(panel, "[data-testid=variable-row]")[-1]
    css(row, "[data-testid=variable-name]").send_keys(name)
    Select(css(row, "[data-testid=variable-type]")).select_by_value(kind)
    css(row, "[data-testid=variable-value]").send_keys(value)


def panel_status(driver):
    return css(driver, "[data-testid=variables-status]").text


def test_variables_preview_run_and_cycle(driver):
    driver.get(BASE_URL + "/docs")
    status, doc = api_call(driver, "POST", "/api/docs", {"title": f"Variables {uuid.uuid4().hex[:6]}"})
    assert status == 201, doc
    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15, "the new doc shows its query cell")

    panel = open_variables(driver)
    wait(driver, lambda b: css(b, "[data-testid=variables-empty]").is_displayed(), 10, "an empty doc says how to begin")
    shot(driver, "variables-empty")
    add_variable(driver, panel, "start_date", "date", "{{ ds_add(end_date, -7) }}")
    add_variable(driver, panel, "end_date", "date", "2026-02-27")
    add_variable(driver, panel, "kinds", "list", "click, save")
    add_variable(driver, panel, "who", "string", "x'; DROP TABLE events; --")
    css(panel, "[data-testid=variables-save]").click()
    wait(driver, lambda b: panel_status(b) == "Saved 4 variables.", 10, "the variables are saved")
    shot(driver, "variables-saved")
    status, saved = api_call(driver, "GET", f"/api/docs/{doc['id']}/variables")
    assert [v["name"] for v in saved["variables"]] == ["start_date", "end_date", "kinds", "who"], saved
    assert saved["variables"][2]["value"] == ["click", "save"], saved
    css(panel, "[data-testid=variables-close]").click()

    type_query(driver, cell, TEMPLATED)
    css(cell, "[data-testid=render-button]").click()
    rendered = wait(driver, lambda b: css(cell, "[data-testid=rendered-sql-text]").text, 15, "the rendered SQL is shown")
    assert rendered == (
        "SELECT '2026-02-20' AS since, 'x''; DROP TABLE events; --' AS who, count(*) AS n FROM events WHERE kind IN ('click', 'save')"
    ), rendered
    shot(driver, "variables-rendered-sql")

    css(cell, "[data-testid=run-button]").click()
    wait_status(driver, cell, "Done")
    rows = wait(driver, lambda b: table_rows(cell), 15, "the result shows a row")
    assert rows[0][0] == "2026-02-20", rows
    assert rows[0][1] == "x'; DROP TABLE events; --", rows
    assert int(rows[0][2].replace(",", "")) > 0, rows
    shot(driver, "variables-run")

    # Another tab changes a variable: the open preview follows.
    status, _ = api_call(driver, "PUT", f"/api/docs/{doc['id']}/variables", {"variables": saved["variables"][:1] + [
        {"name": "end_date", "type": "date", "value": "2027-01-03"}] + saved["variables"][2:]})
    assert status == 200
    wait(driver, lambda b: "'2026-12-27'" in css(cell, "[data-testid=rendered-sql-text]").text, 15, "the preview shows the new value")
    api_call(driver, "PUT", f"/api/docs/{doc['id']}/variables", {"variables": saved["variables"]})
    wait(driver, lambda b: "'2026-02-20'" in css(cell, "[data-testid=rendered-sql-text]").text, 15, "and back")

    # A template error: the preview says what and where, and Run refuses it the same way.
    type_query(driver, cell, "SELECT {{ who | sql_strin }}")
    error = wait(driver, lambda b: css(cell, "[data-testid=rendered-sql-error]").text, 15, "the preview shows the error")
    assert error == "Line 1: unknown filter 'sql_strin'.", error
    assert "Line 1, column 17" in css(cell, "[data-testid=rendered-sql]").text
    css(cell, ".CodeMirror-lines").click()
    run_with_shift_enter(driver)
    wait(driver, lambda b: "unknown filter 'sql_strin'" in css(cell, "[data-testid=status-text]").text, 15, "the run is refused")
    shot(driver, "variables-template-error")

    # A cycle is refused whole, named, and its rows marked; nothing is saved.
    panel = open_variables(driver)
    wait(driver, lambda b: len(all_css(panel, "[data-testid=variable-row]")) == 4, 10, "the saved variables are listed")
    add_variable(driver, panel, "a", "string", "{{ b }}")
    add_variable(driver, panel, "b", "string", "{{ a }}")
    css(panel, "[data-testid=variables-save]").click()
    wait(driver, lambda b: "cycle" in panel_status(b), 10, "the cycle is reported")
    assert panel_status(driver) == "Variables refer to each other in a cycle: a → b → a.", panel_status(driver)
    assert len(all_css(panel, ".variables-row.is-error")) == 2
    shot(driver, "variables-cycle")
    status, kept = api_call(driver, "GET", f"/api/docs/{doc['id']}/variables")
    assert len(kept["variables"]) == 4, kept
