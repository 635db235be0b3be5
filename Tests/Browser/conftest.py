"""The browser fixtures: one Chromium per test module, checked for JavaScript errors at the end,
and a screenshot of any failing test (each test's outcome is made visible to fixtures)."""

import pytest

from helpers import BASE_URL, SHOTS, new_browser, quit_and_check_console, shot


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


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
