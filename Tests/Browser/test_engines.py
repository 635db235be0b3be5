"""A query on a real ClickHouse from a doc: the engine is configured through the admin API,
picked in the cell, and its own report (the query id ClickHouse runs it under) shows in the
run's engine log. Needs the servers Tests/Servers/with-servers.sh starts (`make
browser-test` runs through it); fails, never skips, without them."""

import os
from urllib.parse import urlparse

from selenium.webdriver.support.ui import Select

from helpers import (
    BASE_URL,
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


def clickhouse_engine(name):
    url = os.environ.get("QUERYBOOK_TEST_CLICKHOUSE")
    assert url, "QUERYBOOK_TEST_CLICKHOUSE is not set: run through `bash Tests/Servers/with-servers.sh bash Tests/Browser/run.sh`"
    parsed = urlparse(url)
    return {
        "name": name, "kind": "clickhouse", "secret": os.environ["QUERYBOOK_TEST_CLICKHOUSE_PASSWORD"],
        "settings": {"host": parsed.hostname, "port": parsed.port, "user": os.environ["QUERYBOOK_TEST_CLICKHOUSE_USER"]},
    }


def test_a_clickhouse_query_shows_its_rows_and_the_engine_log(driver):
    driver.get(BASE_URL + "/")
    status, engine = api_call(driver, "POST", "/api/engines", clickhouse_engine("ch-live"))
    assert status == 201, engine
    status, doc = api_call(driver, "POST", "/api/docs", {"title": "ClickHouse"})
    assert status == 201, doc
    driver.get(f"{BASE_URL}/docs/{doc['id']}")
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15)
    Select(css(cell, "[data-testid=engine-picker]")).select_by_visible_text("ch-live")
    type_query(driver, cell, "SELECT number AS n, toString(number * 3) AS s FROM numbers(5) ORDER BY n DESC;")
    run_with_shift_enter(driver)
    wait_status(driver, cell, "Done", 60)
    expected = [["4", "12"], ["3", "9"], ["2", "6"], ["1", "3"], ["0", "0"]]
    wait(driver, lambda b: table_rows(cell) == expected, 15, "the rows show once their page arrives")
    log = css(cell, "[data-testid=run-log]")
    assert log.is_displayed() and "Engine log (1)" in log.text
    css(log, "summary").click()
    lines = [e.text for e in log.find_elements("css selector", "[data-testid=run-log-line]")]
    assert len(lines) == 1 and "ClickHouse query id querybook-" in lines[0], lines
    shot(driver, "30-clickhouse-engine-log")

    # Reloaded, the log is read back with the run.
    driver.refresh()
    cell = wait(driver, lambda b: (query_cells(b) or [False])[0], 15)
    wait(driver, lambda b: css(cell, "[data-testid=run-log]").is_displayed(), 15, "the kept log shows after a reload")
