"""Admin → Engines in the browser: a SQLite file added through the form (checked before it
saves), its connection tested, a query run on it from a doc, then disabled and gone from the
query cell's engine picker."""

import sqlite3

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from helpers import (
    BASE_URL,
    all_css,
    api_call,
    css,
    query_cells,
    run_with_shift_enter,
    shot,
    table_rows,
    type_query,
    wait,
    wait_status,
)

NAME = "fruit stand"


def make_sqlite_file(folder):
    path = folder / "fruit.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE fruit (name TEXT, qty INTEGER);"
        "INSERT INTO fruit VALUES ('pêche', 3), ('apple', 7), ('<b>kiwi</b>', 1);")
    db.commit()
    db.close()
    junk = folder / "notes.txt"
    junk.write_text("not a database, just words " * 200)
    return str(path), str(junk)


def engine_row(browser, name):
    for row in all_css(browser, "[data-testid=engine-row]"):
        if row.get_attribute("data-name") == name:
            return row
    return False


def fill(browser, key, text):
    """Replaces the field's text as a user does (select all, delete, type), so input events fire."""
    field = css(browser, f"[data-testid=engine-{key}]")
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    if text:
        field.send_keys(text)


def test_add_test_use_and_disable_a_sqlite_engine(driver, tmp_path):
    path, junk = make_sqlite_file(tmp_path)
    driver.get(BASE_URL + "/")
    # The rail is drawn once /api/session has answered (Admin only for admins).
    wait(driver, lambda b: css(b, "[data-testid=rail-admin]"), 15).click()
    wait(driver, lambda b: engine_row(b, "demo"), 15, "the engines table lists the demo engine")
    assert driver.current_url.endswith("/admin/engines")
    demo = engine_row(driver, "demo")
    assert css(demo, "[data-testid=engine-status]").text == "Enabled"
    assert css(demo, "[data-testid=engine-target]").text.endswith("demo.sqlite")

    css(driver, "[data-testid=add-engine]").click()
    form = wait(driver, lambda b: css(b, "[data-testid=engine-form]"), 10)
    # Checked before saving: nothing is sent while the name and path are missing.
    css(form, "[data-testid=engine-save]").click()
    assert css(form, "[data-testid=engine-name-error]").text == "Give the engine a name."
    assert "required" in css(form, "[data-testid=engine-path-error]").text
    # The form changes with the kind: a server kind asks for host, port, user and a password.
    Select(css(form, "[data-testid=engine-kind]")).select_by_value("postgres")
    wait(driver, lambda b: css(b, "[data-testid=engine-host]"), 5)
    assert css(driver, "[data-testid=engine-secret]").get_attribute("type") == "password"
    fill(driver, "port", "99999")
    css(driver, "[data-testid=engine-save]").click()
    assert css(driver, "[data-testid=engine-port-error]").text == "A port from 1 to 65535."
    Select(css(driver, "[data-testid=engine-kind]")).select_by_value("sqlite")

    fill(driver, "name", NAME)
    fill(driver, "path", junk)
    css(driver, "[data-testid=engine-test]").click()
    result = css(driver, "[data-testid=engine-test-result]")
    wait(driver, lambda b: result.text.startswith("✗"), 15, "testing a non-SQLite file fails")
    assert "not a database" in result.text, result.text
    fill(driver, "path", path)
    css(driver, "[data-testid=engine-test]").click()
    wait(driver, lambda b: result.text.startswith("✓ Connected in"), 15, "testing the SQLite file succeeds")
    shot(driver, "admin-engine-form")
    css(driver, "[data-testid=engine-save]").click()
    row = wait(driver, lambda b: engine_row(b, NAME), 15, "the new engine is listed")
    assert css(row, "[data-testid=engine-target]").text == path
    assert css(row, "[data-testid=engine-limits]").text == "server defaults"
    css(row, "[data-testid=test-engine]").click()
    wait(driver, lambda b: css(engine_row(b, NAME), "[data-testid=row-test-result]").text.startswith("✓ Connected"), 15)
    shot(driver, "admin-engines")

    status, doc = api_call(driver, "POST", "/api/docs", {"title": "Fruit"})
    assert status == 201, doc
    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15)
    picker = Select(css(cell, "[data-testid=engine-picker]"))
    assert NAME in [o.text for o in picker.options]
    picker.select_by_visible_text(NAME)
    type_query(driver, cell, "SELECT name, qty FROM fruit ORDER BY qty DESC;")
    run_with_shift_enter(driver)
    wait_status(driver, cell, "Done", 60)
    expected = [["apple", "7"], ["pêche", "3"], ["<b>kiwi</b>", "1"]]
    wait(driver, lambda b: table_rows(cell) == expected, 15, "the rows show once their page arrives")
    shot(driver, "admin-engine-query")

    driver.get(BASE_URL + "/admin/engines")
    row = wait(driver, lambda b: engine_row(b, NAME), 15)
    css(row, "[data-testid=disable-engine]").click()
    wait(driver, lambda b: css(engine_row(b, NAME), "[data-testid=engine-status]").text == "Disabled", 15)
    shot(driver, "admin-engine-disabled")

    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15)
    enabled = [o.text for o in Select(css(cell, "[data-testid=engine-picker]")).options if o.is_enabled()]
    assert NAME not in enabled and "demo" in enabled
    status, refused = api_call(driver, "POST", "/api/executions", {"engine": NAME, "query": "SELECT 1"})
    assert status == 422 and "disabled" in refused["error"]["message"]
    status, listed = api_call(driver, "GET", "/api/engines")
    assert NAME not in [e["name"] for e in listed["engines"]]


def test_editing_a_server_engine_shows_the_password_only_as_set(driver):
    secret = "browser-Secret-42"
    status, created = api_call(driver, "POST", "/api/engines", {
        "name": "warehouse", "kind": "postgres", "secret": secret, "rowCap": 5000, "concurrency": 2,
        "settings": {"host": "127.0.0.1", "port": 1, "database": "sales", "user": "analyst"}})
    assert status == 201 and created["secret"] == "set", created
    driver.get(BASE_URL + "/admin/engines")
    row = wait(driver, lambda b: engine_row(b, "warehouse"), 15)
    assert css(row, "[data-testid=engine-target]").text == "analyst@127.0.0.1:1/sales"
    assert css(row, "[data-testid=engine-limits]").text == "5,000 rows · 2 at once"
    css(row, "[data-testid=edit-engine]").click()
    form = wait(driver, lambda b: css(b, "[data-testid=engine-form]"), 10)
    password = css(form, "[data-testid=engine-secret]")
    assert password.get_attribute("value") == ""
    assert password.get_attribute("placeholder") == "set — leave empty to keep"
    assert "Password: set — leave empty to keep" in form.text
    assert secret not in driver.page_source
    css(form, "[data-testid=engine-test]").click()
    result = css(form, "[data-testid=engine-test-result]")
    wait(driver, lambda b: result.text.startswith("✗"), 15)
    assert "PostgreSQL" in result.text
    fill(driver, "rowCap", "")
    css(form, "[data-testid=engine-save]").click()
    wait(driver, lambda b: engine_row(b, "warehouse") and css(engine_row(b, "warehouse"), "[data-testid=engine-limits]").text == "2 at once", 15)
    status, listed = api_call(driver, "GET", "/api/engines")
    warehouse = next(e for e in listed["engines"] if e["name"] == "warehouse")
    assert warehouse["secret"] == "set" and warehouse["rowCap"] is None
    css(engine_row(driver, "warehouse"), "[data-testid=edit-engine]").click()
    wait(driver, lambda b: css(b, "[data-testid=engine-form]"), 10)
    shot(driver, "admin-engine-edit-postgres")
    css(driver, "[data-testid=engine-cancel]").click()
