"""Schedules (issue 9) in the browser: the doc menu's Schedule panel makes a weekly schedule (the
cronstrue words and the next run in the chosen zone shown before and after saving), keeps it
across a reload, shows the server's refusal of a bad cron next to the cron field, runs the doc
now (the history shows the run done, with links to each execution, and the export's path), a
failing run links its cell, pause and resume; the Schedules page lists it. The doc's title and
a cell's title carry markup, which must show as text (the page's CSP is bypassed so an
escaping bug would run)."""

import time

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from helpers import BASE_URL, all_css, api_call, css, shot, wait

RUN = format(int(time.time() * 1000) % 0xFFFFFF, "x")
TITLE = f"Weekly pins {RUN} <script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">"
CELL_TITLE = "<b onmouseover=\"window.__xss=3\">Kinds</b>"
seen_engine = {}


def panel(driver):
    return css(driver, "[data-testid=schedule-panel]")


def open_panel(driver, doc_id):
    """Opens the doc and its Schedule panel through the doc menu."""
    if f"/docs/{doc_id}" not in driver.current_url:
        driver.get(f"{BASE_URL}/docs/{doc_id}")
    wait(driver, lambda b: all_css(b, "[data-testid=doc-menu]"), 15, "the doc shows its menu")
    if not all_css(driver, "[data-testid=schedule-panel]"):
        css(driver, "[data-testid=doc-menu]").click()
        css(driver, "[data-testid=doc-schedule]").click()
    wait(driver, lambda b: all_css(b, "[data-testid=schedule-save]") or all_css(b, "[data-testid=schedule-read-only]"), 15,
         "the Schedule panel shows its form")
    return panel(driver)


def text_of(driver, testid):
    return css(driver, f"[data-testid={testid}]").text


def runs(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=schedule-run-row]')].map(r => ({id: Number(r.dataset.runId), status: r.dataset.status}))")


@pytest.fixture(scope="module")
def doc(driver):
    driver.get(BASE_URL + "/")
    wait(driver, lambda b: all_css(b, "[data-testid=rail-schedules]"), 15, "the rail shows Schedules")
    status, answer = api_call(driver, "GET", "/api/schedules")
    if status == 404:
        pytest.skip("the schedule routes are not in this build yet")
    driver.execute_cdp_cmd("Page.enable", {})
    # The CSP would block an injected script and hide an escaping bug; this checks the escaping.
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    status, engines = api_call(driver, "GET", "/api/engines")
    assert status == 200 and engines["engines"], engines
    seen_engine["id"] = engines["engines"][0]["id"]
    status, created = api_call(driver, "POST", "/api/docs", {"title": TITLE})
    assert status == 201, created
    status, first = api_call(driver, "POST", f"/api/docs/{created['id']}/cells",
                             {"kind": "query", "title": CELL_TITLE, "engineId": seen_engine["id"],
                              "content": f"SELECT kind, count(*) AS n{RUN} FROM events GROUP BY kind;"})
    assert status == 201, first
    status, second = api_call(driver, "POST", f"/api/docs/{created['id']}/cells", {"kind": "query", "engineId": seen_engine["id"], "content": "SELECT 1 AS one;"})
    assert status == 201, second
    return {"id": created["id"], "cells": [first["id"], second["id"]]}


def test_create_a_weekly_schedule_and_see_it_kept(driver, doc):
    p = open_panel(driver, doc["id"])
    assert text_of(driver, "schedule-state") == "Not scheduled"
    Select(css(p, "[data-testid=schedule-kind]")).select_by_value("weekly")
    # Mondays and Wednesdays only (a new schedule starts on weekdays).
    for day in ("2", "4", "5"):
        css(p, f"[data-testid=schedule-weekday][data-day='{day}']").click()
    time_input = css(p, "[data-testid=schedule-time]")
    time_input.send_keys(Keys.CONTROL, "a")
    time_input.send_keys("07:30")
    Select(css(p, "[data-testid=schedule-timezone]")).select_by_value("America/New_York")
    wait(driver, lambda b: text_of(b, "schedule-cron-text") == "30 7 * * 1,3", 5, "the form makes its cron")
    words = wait(driver, lambda b: text_of(b, "schedule-description"), 5, "cronstrue describes the rule")
    assert words == "At 07:30, only on Monday and Wednesday (America/New York)", words
    preview = text_of(driver, "schedule-next-run")
    assert preview.startswith("Next run: ") and ("Mon," in preview or "Wed," in preview) and "07:30" in preview, preview
    assert ("EST" in preview or "EDT" in preview or "GMT-" in preview), preview
    # Export the first cell's result as XLSX.
    export = css(p, f"[data-testid=schedule-export][data-cell-id='{doc['cells'][0]}']")
    assert CELL_TITLE in export.text, "the cell's title shows as typed"
    css(export, "[data-testid=schedule-export-check]").click()
    Select(css(export, "[data-testid=schedule-export-format]")).select_by_value("xlsx")
    shot(driver, "90-schedule-new")
    css(p, "[data-testid=schedule-save]").click()
    wait(driver, lambda b: text_of(b, "schedule-state") == "Active", 15, "the schedule is saved and active")
    nxt = css(driver, "[data-testid=schedule-next-run]")
    wait(driver, lambda b: nxt.get_attribute("data-preview") == "false", 5, "the next run is the server's")
    assert nxt.text.startswith("Next run: ") and "07:30" in nxt.text, nxt.text
    status, saved = api_call(driver, "GET", f"/api/docs/{doc['id']}/schedule")
    assert status == 200 and saved["schedule"]["cron"] == "30 7 * * 1,3", saved
    assert saved["schedule"]["timezone"] == "America/New_York"
    assert saved["schedule"]["exports"] == [{"cellId": doc["cells"][0], "format": "xlsx"}]
    shot(driver, "90-schedule-saved")

    # Reloaded, the panel opens from the URL in the weekly form, as saved.
    assert driver.current_url.endswith("#schedule")
    driver.refresh()
    p = open_panel(driver, doc["id"])
    wait(driver, lambda b: text_of(b, "schedule-state") == "Active", 15)
    assert Select(css(p, "[data-testid=schedule-kind]")).first_selected_option.get_attribute("value") == "weekly"
    checked = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=schedule-weekday] input')].filter(i => i.checked).map(i => i.dataset.day)")
    assert sorted(checked) == ["1", "3"], checked
    assert css(p, "[data-testid=schedule-time]").get_attribute("value") == "07:30"
    assert Select(css(p, "[data-testid=schedule-timezone]")).first_selected_option.get_attribute("value") == "America/New_York"
    export = css(p, f"[data-testid=schedule-export][data-cell-id='{doc['cells'][0]}']")
    assert css(export, "[data-testid=schedule-export-check]").is_selected()
    assert css(p, "[data-testid=schedule-save]").get_attribute("disabled") is not None, "nothing to save yet"
    assert driver.execute_script("return window.__xss") is None


def test_a_bad_cron_shows_the_servers_error_next_to_the_field(driver, doc):
    p = open_panel(driver, doc["id"])
    Select(css(p, "[data-testid=schedule-kind]")).select_by_value("cron")
    cron = css(p, "[data-testid=schedule-cron]")
    assert cron.get_attribute("value") == "30 7 * * 1,3", "Custom starts from the rule as it was"
    cron.send_keys(Keys.CONTROL, "a")
    cron.send_keys("0 24 * * *")
    css(p, "[data-testid=schedule-save]").click()
    line = wait(driver, lambda b: text_of(b, "schedule-cron-error"), 15, "the cron's error shows next to it")
    status, answer = api_call(driver, "PUT", f"/api/docs/{doc['id']}/schedule", {"cron": "0 24 * * *", "timezone": "UTC"})
    assert status == 400 and answer["error"]["code"] == "invalid_cron", answer
    assert line == answer["error"]["message"], (line, answer)
    shot(driver, "91-schedule-bad-cron")
    # Nothing was saved: the rule is still the weekly one.
    status, saved = api_call(driver, "GET", f"/api/docs/{doc['id']}/schedule")
    assert saved["schedule"]["cron"] == "30 7 * * 1,3"
    # A typed cron that fits a form opens in that form next time.
    cron.send_keys(Keys.CONTROL, "a")
    cron.send_keys("15 6 1,15,L * *")
    assert text_of(driver, "schedule-cron-error") == "", "editing clears the server's verdict"
    wait(driver, lambda b: "on day 1, 15, and the last day of the month" in text_of(b, "schedule-description"), 5)
    css(p, "[data-testid=schedule-close]").click()
    driver.refresh()
    p = open_panel(driver, doc["id"])
    assert Select(css(p, "[data-testid=schedule-kind]")).first_selected_option.get_attribute("value") == "weekly", "unsaved edits are dropped"


def test_run_now_shows_the_run_done_with_links(driver, doc):
    p = open_panel(driver, doc["id"])
    wait(driver, lambda b: text_of(b, "schedule-state") == "Active", 15)
    css(p, "[data-testid=schedule-run]").click()
    wait(driver, lambda b: runs(b), 15, "the run shows in the history")
    wait(driver, lambda b: runs(b)[0]["status"] == "done", 60, "the run finishes")
    row = css(p, "[data-testid=schedule-run-row]")
    assert css(row, "[data-testid=run-trigger]").text == "Run now"
    links = [a.get_attribute("href") for a in all_css(p, "[data-testid=run-execution]")]
    assert len(links) == 2 and all("/executions/" in link for link in links), links
    exports = wait(driver, lambda b: all_css(b, "[data-testid=run-exports]"), 10, "the export is listed")[0]
    assert exports.text.endswith(".xlsx") and f"doc-{doc['id']}/" in exports.text, exports.text
    assert CELL_TITLE in text_of(driver, "schedule-runs"), "cell titles show as typed"
    shot(driver, "92-schedule-run-done")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    shot(driver, "92-schedule-run-done-dark")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    # An execution link opens that run's page.
    all_css(p, "[data-testid=run-execution]")[0].click()
    wait(driver, lambda b: "/executions/" in b.current_url, 10, "the link opens the execution")


def test_a_failing_run_links_its_cell(driver, doc):
    status, failing = api_call(driver, "POST", "/api/docs", {"title": f"Failing schedule {RUN}"})
    assert status == 201, failing
    status, good = api_call(driver, "POST", f"/api/docs/{failing['id']}/cells", {"kind": "query", "engineId": seen_engine["id"], "content": "SELECT 1;"})
    status, bad = api_call(driver, "POST", f"/api/docs/{failing['id']}/cells", {"kind": "query", "title": "Broken", "engineId": seen_engine["id"], "content": "SELECT * FROM no_such_table;"})
    assert status == 201, bad
    p = open_panel(driver, failing["id"])
    Select(css(p, "[data-testid=schedule-kind]")).select_by_value("daily")
    retries = css(p, "[data-testid=schedule-retries]")
    retries.send_keys(Keys.CONTROL, "a")
    retries.send_keys("0")
    # Email on failure, on a hub without a mail server: the field says it will not be sent.
    Select(css(p, "[data-testid=schedule-notifyOn]")).select_by_value("failure")
    css(p, "[data-testid=schedule-emails]").send_keys("ana@example.com")
    assert "no mail server" in css(p, "[data-testid=schedule-email-off]").text
    css(p, "[data-testid=schedule-save]").click()
    wait(driver, lambda b: text_of(b, "schedule-state") == "Active", 15)
    css(p, "[data-testid=schedule-run]").click()
    wait(driver, lambda b: runs(b) and runs(b)[0]["status"] == "failed", 60, "the run fails")
    link = css(p, "[data-testid=run-failed-cell]")
    assert link.get_attribute("href").endswith(f"#cell-{bad['id']}") and link.text == "Broken", link.text
    assert "no_such_table" in text_of(driver, "run-error")
    # The email that could not go out is in the history, with why.
    notified = wait(driver, lambda b: all_css(b, "[data-testid=run-notifications]") and text_of(b, "run-notifications"), 15,
                    "the run lists its notifications")
    assert "ana@example.com" in notified and "Email is not set up on this hub" in notified, notified
    shot(driver, "93-schedule-run-failed")
    link.click()
    wait(driver, lambda b: b.current_url.endswith(f"#cell-{bad['id']}"), 5, "the link names the cell")


def test_pause_and_resume(driver, doc):
    p = open_panel(driver, doc["id"])
    wait(driver, lambda b: text_of(b, "schedule-state") == "Active", 15)
    css(p, "[data-testid=schedule-pause]").click()
    wait(driver, lambda b: text_of(b, "schedule-state") == "Paused", 15, "the schedule pauses")
    assert text_of(driver, "schedule-next-run").startswith("Paused")
    assert css(p, "[data-testid=schedule-pause]").text == "Resume"
    shot(driver, "94-schedule-paused")
    css(p, "[data-testid=schedule-pause]").click()
    wait(driver, lambda b: text_of(b, "schedule-state") == "Active", 15, "the schedule resumes")
    assert text_of(driver, "schedule-next-run").startswith("Next run: ")


def test_the_schedules_page_lists_it(driver, doc):
    css(driver, "[data-testid=rail-schedules]").click()
    wait(driver, lambda b: b.current_url.endswith("/schedules"), 10)
    row = wait(driver, lambda b: [r for r in all_css(b, "[data-testid=schedule-row]") if r.get_attribute("data-doc-id") == str(doc["id"])],
               15, "the doc's schedule is listed")[0]
    assert css(row, "[data-testid=schedule-doc-link]").text == TITLE, "the title shows as typed"
    assert css(row, "[data-testid=schedule-row-status]").text == "Active"
    assert "Monday and Wednesday" in css(row, "[data-testid=schedule-row-description]").text
    assert "07:30" in css(row, "[data-testid=schedule-row-next]").text
    assert css(row, "[data-testid=schedule-row-last]").text.startswith("Done")
    assert driver.execute_script("return window.__xss") is None
    shot(driver, "95-schedules-page")
    css(row, "[data-testid=schedule-doc-link]").click()
    wait(driver, lambda b: all_css(b, "[data-testid=schedule-panel]"), 15, "the link opens the doc's Schedule panel")
    assert f"/docs/{doc['id']}" in driver.current_url


def test_delete(driver, doc):
    p = open_panel(driver, doc["id"])
    wait(driver, lambda b: text_of(b, "schedule-state") == "Active", 15)
    delete = css(p, "[data-testid=schedule-delete]")
    delete.click()
    delete.click()  # it asks once more
    wait(driver, lambda b: text_of(b, "schedule-state") == "Not scheduled", 15, "the schedule is gone")
    status, answer = api_call(driver, "GET", f"/api/docs/{doc['id']}/schedule")
    assert status == 200 and answer["schedule"] is None, answer
