"""The doc model in the browser: inserting, moving, duplicating, collapsing, deleting with
Undo, cloning, favorites, archiving and the doc lists."""

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import (
    BASE_URL,
    all_css,
    api_call,
    css,
    editor_value,
    query_cells,
    seen,
    shot,
    type_query,
    wait,
)


# --- The doc model: inserting, moving, duplicating, collapsing, deleting with Undo, cloning,
# --- favorites, archiving and the doc lists.

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
    assert css(chart, "[data-testid=chart-panel]").is_displayed(), "a new chart opens its settings"
    assert css(chart, "[data-testid=chart-message]").text.startswith("Pick the query cell")
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
    assert not css(chart, "[data-testid=chart-panel]").is_displayed(), "a chart with a source opens without its settings"
    css(chart, "[data-testid=chart-panel-toggle]").click()
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
