"""XSS (issue 7): a corpus of payloads (xss_payloads.txt) placed through the real API wherever a
user's text ends up — doc titles, Markdown text cells, query SQL, query and chart cell titles,
engine error messages, result column names and values, engine names and descriptions, the
caller's display name (`PATCH /api/me`), other users' display names (`POST /api/admin/users`,
skipped until that route is in the build), table descriptions, warnings and column descriptions
(issue 8) — and every page that shows them opened in Chromium: Home, the doc list, each doc, its
History panel and version preview, each run's page, Admin → Engines (and Admin → Users once it
exists), the Tables list and each table page.

Each payload, if it ever ran, names itself: it calls alert/confirm/prompt(N) or sets
`window.__xss = N`. The test overrides the three dialogs before any page script runs
(`Page.addScriptToEvaluateOnNewDocument`) so calls are recorded in `window.__xssHits`, and turns
the page's Content-Security-Policy off (`Page.setBypassCSP`): the CSP forbids inline script, so
with it on an unescaped payload would stay silent and the test would prove only the CSP. What is
tested here is that the UI never turns user text into markup. Each page is also scanned for
markup only an injection makes (inline event handlers, javascript: URLs, frames, inline scripts),
and each payload must be visible as text — shown escaped, not dropped.
"""

import json
import pathlib
import re
import sqlite3
import time
import urllib.error
import urllib.request

import pytest

from helpers import BASE_URL, css, shot, wait

CORPUS = pathlib.Path(__file__).with_name("xss_payloads.txt")
BATCH = 8  # payloads per doc: keeps the page count (and the run) small
RUN = format(int(time.time()) % 0xFFFFF, "x")  # unique engine and user names per run


def load_payloads():
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("# ")]
    return [line.replace("{N}", str(n)) for n, line in enumerate(lines, start=1)]


PAYLOADS = load_payloads()

# Runs in every frame before the page's own scripts; records dialogs in the top window.
TRAP = """
(() => {
  const sink = (() => { try { return window.top.document && window.top; } catch (e) { return window; } })();
  sink.__xssHits = sink.__xssHits || [];
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (...args) => { sink.__xssHits.push(name + '(' + args.map(String).join(',') + ')'); return null; };
  }
})();
"""

# Markup that only an injection puts on a page. The app builds its DOM with createElement and
# addEventListener (dom.js), so it never has inline handlers, inline scripts or frames. (It does
# draw a few SVG icons and has a <form> on the engine editor, so those tags are not listed.)
SCAN = """
const bad = [];
const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background'];
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  for (const a of el.attributes) {
    const name = a.name.toLowerCase();
    const value = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
    if (name.startsWith('on')) bad.push(`<${tag} ${name}=${a.value}>`);
    if (name === 'srcdoc') bad.push(`<${tag} srcdoc>`);
    if (urlAttrs.includes(name) && /^(javascript|vbscript|data:text\\/html)/.test(value)) bad.push(`<${tag} ${name}=${a.value}>`);
  }
  if (tag === 'script' && !(el.src && new URL(el.src).origin === location.origin)) bad.push('<script> ' + el.textContent.slice(0, 80));
  if (['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'math', 'audio', 'video', 'source',
       'marquee', 'xmp', 'template', 'noscript', 'img', 'animate', 'set', 'foreignobject', 'mglyph',
       'mtext', 'isindex'].includes(tag)) bad.push(`<${tag}>`);
  if (['style', 'meta', 'link'].includes(tag) && document.body.contains(el)) bad.push(`<${tag}> in body`);
}
return bad;
"""


def api(method, path, body=None):
    """Calls the hub's JSON API from Python (local mode: no Origin, no cookie, so no CSRF check)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE_URL + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def created(method, path, body=None):
    status, answer = api(method, path, body)
    assert status in (200, 201), f"{method} {path} → {status} {answer}"
    return answer


def sql_for(payload):
    """Two statements: the payload as a column name and value, then a table named by it, which
    SQLite refuses with "no such table: <payload>" — so the error message echoes it."""
    as_string, as_name = payload.replace("'", "''"), payload.replace('"', '""')
    sql = f"SELECT '{as_string}' AS \"{as_name}\";\nSELECT * FROM \"{as_name}\";"
    # A query is a template (issue 9): payloads with template syntax go in a raw block, which
    # runs as written.
    if any(mark in payload for mark in ("{{", "{%", "{#")):
        return "{% raw %}" + sql + "{% endraw %}"
    return sql


def as_markdown_shows(payload):
    """The payload's text once Markdown made its safe links (http, https, mailto) into anchors,
    whose text alone is visible (markdown.js keeps every other `[x](url)` as typed)."""
    return re.sub(r"\[([^\]]+)\]\((?:https?://|mailto:)[^)\s]+\)", r"\1", payload)


def norm(text):
    """Text without whitespace and the characters Markdown turns into emphasis or code."""
    return re.sub(r"[\s_*`]+", "", text or "")


@pytest.fixture(scope="module")
def armed(driver):
    driver.execute_cdp_cmd("Page.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    # The CSP would block inline script and hide an escaping bug; this test checks the escaping.
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    return driver


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Everything the pages show, created through the API: one doc per payload (its title),
    and one doc per batch of payloads with a text cell, a run query cell and a chart cell each."""
    folder = tmp_path_factory.mktemp("xss")
    titles = {p: created("POST", "/api/docs", {"title": p})["id"] for p in PAYLOADS}
    batches = []
    for start in range(0, len(PAYLOADS), BATCH):
        chunk = PAYLOADS[start:start + BATCH]
        doc = created("POST", "/api/docs", {"title": f"xss batch {start // BATCH + 1}: {chunk[0]}"})
        items = []
        for payload in chunk:
            text = created("POST", f"/api/docs/{doc['id']}/cells", {"kind": "text", "content": payload})
            query = created("POST", f"/api/docs/{doc['id']}/cells",
                            {"kind": "query", "title": payload, "content": sql_for(payload)})
            chart = created("POST", f"/api/docs/{doc['id']}/cells",
                            {"kind": "chart", "title": payload, "content": json.dumps({"source": query["id"], "type": "bar"})})
            run = created("POST", "/api/executions", {"engine": "demo", "query": sql_for(payload), "cellId": query["id"]})
            items.append({"payload": payload, "text": text["id"], "query": query["id"], "chart": chart["id"], "run": run["id"]})
        batches.append({"doc": doc["id"], "items": items})
    runs = [item["run"] for batch in batches for item in batch["items"]]
    deadline = time.monotonic() + 60
    pending = set(runs)
    while pending and time.monotonic() < deadline:
        pending = {r for r in pending if api("GET", f"/api/executions/{r}")[1]["status"] not in ("done", "failed", "cancelled")}
    assert not pending, f"runs still going after 60 s: {sorted(pending)}"

    # Engine descriptions and names; each engine's table `t` carries the payloads as table and
    # column descriptions once the metastore read it (test_table_descriptions).
    db = folder / "xss.sqlite"
    sqlite3.connect(db).executescript("CREATE TABLE t (x TEXT);").close()
    engines = [created("POST", "/api/engines", {
        "name": f"xss{n}-{RUN} {p}"[:100], "kind": "sqlite", "description": p,
        "settings": {"path": str(db)}})["id"] for n, p in enumerate(PAYLOADS, start=1)]
    yield {"titles": titles, "batches": batches, "engines": engines}
    # Out of the pickers of any later test (the admin page still lists them).
    for engine in engines:
        api("PATCH", f"/api/engines/{engine}", {"disabled": True})


def assert_clean(driver, where):
    """No payload ran on this page and none left markup behind."""
    hits = driver.execute_script("return [window.__xssHits || [], window.__xss === undefined ? null : window.__xss]")
    assert hits == [[], None], f"{where}: script ran: dialogs {hits[0]}, window.__xss = {hits[1]}"
    injected = driver.execute_script(SCAN)
    assert not injected, f"{where}: injected markup: {injected[:10]}"


def visible_text(driver):
    return driver.execute_script("return document.body.innerText")


def test_the_trap_catches_a_payload_that_runs(armed):
    """The positive control: markup really injected into the page fires and is found."""
    armed.get(BASE_URL + "/docs")
    wait(armed, lambda b: b.execute_script("return document.querySelector('[data-testid=doc-list], .empty-state') !== null"), 15)
    armed.execute_script("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(0)>')")
    wait(armed, lambda b: b.execute_script("return window.__xssHits") == ["alert(0)"], 10,
         "an injected onerror handler did not run: the CSP bypass or the trap is not working")
    assert "<img onerror=alert(0)>" in armed.execute_script(SCAN)
    armed.refresh()
    assert armed.execute_script("return window.__xssHits") == []


def test_doc_titles_on_home_and_the_doc_list(armed, planted):
    assert len(PAYLOADS) >= 50 and len(set(PAYLOADS)) == len(PAYLOADS)
    for path, least in (("/docs", len(PAYLOADS)), ("/", 10)):
        armed.get(BASE_URL + path)
        wait(armed, lambda b: len(b.execute_script("return document.querySelectorAll('[data-testid=doc-name]')")) >= least, 20,
             f"{path} lists the docs")
        names = armed.execute_script("return [...document.querySelectorAll('[data-testid=doc-name]')].map(e => e.textContent)")
        shown = [p for p in PAYLOADS if p in names]
        assert len(shown) >= least, f"{path}: only {len(shown)} payload titles shown as typed"
        assert_clean(armed, path)
        shot(armed, f"75-xss-{'docs' if path == '/docs' else 'home'}")


CELL_TEXTS = """
const out = {};
for (const cell of document.querySelectorAll('[data-testid=cell]')) {
  const q = (s) => cell.querySelector(s);
  out[cell.dataset.cellId] = {
    preview: q('[data-testid=text-preview]') ? q('[data-testid=text-preview]').textContent : null,
    title: q('[data-testid=cell-title]') ? q('[data-testid=cell-title]').value : null,
    code: [...cell.querySelectorAll('.CodeMirror-line')].map((l) => l.textContent).join(' '),
    error: q('[data-testid=error-message]') ? q('[data-testid=error-message]').textContent : null,
    status: q('[data-testid=status-text]') ? q('[data-testid=status-text]').textContent : null,
  };
}
return out;
"""


def test_doc_pages_and_their_history(armed, planted):
    """Every batch doc: its title, each text cell rendered, each query cell's title, SQL and
    error, each chart cell's title; then the History panel's preview of the current version."""
    for number, batch in enumerate(planted["batches"], start=1):
        armed.get(f"{BASE_URL}/docs/{batch['doc']}")
        expected = 1 + 3 * len(batch["items"])

        def ready(b):
            cells = b.execute_script(CELL_TEXTS)
            done = [c for c in cells.values() if c["error"]]
            return len(cells) == expected and len(done) == len(batch["items"]) and cells
        cells = wait(armed, ready, 30, f"doc {batch['doc']} shows its cells and their failed runs")
        title = css(armed, "[data-testid=doc-title]").get_attribute("value")
        assert title == f"xss batch {number}: {batch['items'][0]['payload']}"
        for item in batch["items"]:
            p = item["payload"]
            text, query, chart = cells[str(item["text"])], cells[str(item["query"])], cells[str(item["chart"])]
            assert norm(as_markdown_shows(p)) in norm(text["preview"]), f"text cell shows {text['preview']!r}, not {p!r}"
            assert query["title"] == p and chart["title"] == p
            assert f"no such table: {p}" in query["error"], query["error"]
            assert norm(query["code"]) == norm(sql_for(p)), query["code"]
        assert_clean(armed, f"doc {batch['doc']}")
        if number == 1:
            shot(armed, "75-xss-doc")

        css(armed, "[data-testid=history-button]").click()
        entry = wait(armed, lambda b: b.find_elements("css selector", "[data-testid=history-entry]"), 15, "the history lists a version")
        entry[0].click()
        wait(armed, lambda b: b.find_elements("css selector", "[data-testid=history-preview-title]"), 15, "the preview opens")
        preview = norm(css(armed, "[data-testid=history-preview]").text)
        assert norm(title) in preview
        missing = [i["payload"] for i in batch["items"] if norm(i["payload"]) not in preview]
        assert not missing, f"history preview of doc {batch['doc']} lacks {missing}"
        assert_clean(armed, f"history of doc {batch['doc']}")
        if number == 1:
            shot(armed, "75-xss-history")


def test_execution_pages(armed, planted):
    """Each run's own page: the query text, the result (the payload as column name and value)
    and the engine's error message that echoes it. The first loads in full; the others are
    reached through the app's own router (pushState), as a click on a run link does, which
    keeps the run short (a full load each took ~0.9 s)."""
    items = [item for batch in planted["batches"] for item in batch["items"]]
    armed.get(f"{BASE_URL}/executions/{items[0]['run']}")
    for item in items:
        armed.execute_script(
            "history.pushState(null, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate'))",
            f"/executions/{item['run']}")
        p = item["payload"]
        wait(armed, lambda b: f"no such table: {p}" in visible_text(b), 20, f"execution {item['run']} shows its error")
        statement = "SELECT * FROM \"%s\"" % p.replace('"', '""')
        assert statement in visible_text(armed), f"execution {item['run']}: the failed statement is not shown"
        assert_clean(armed, f"execution {item['run']}")
        if item is items[0]:
            shot(armed, "75-xss-execution")


def test_admin_engines(armed, planted):
    armed.get(BASE_URL + "/admin/engines")
    wait(armed, lambda b: len(b.find_elements("css selector", "[data-testid=engine-row]")) >= len(PAYLOADS), 20)
    text = visible_text(armed)
    missing = [p for p in PAYLOADS if p not in text]
    assert not missing, f"engine descriptions not shown as typed: {missing}"
    assert_clean(armed, "admin engines")
    shot(armed, "75-xss-admin-engines")


def test_table_descriptions(armed, planted):
    """Issue 8: each payload engine's table `t` (the metastore reads it when the engine is
    added) gets the payload as its description, warnings and column description; the Tables
    list and every table page show them as typed."""
    status, _ = api("GET", "/api/tables?limit=1")
    if status == 404:
        pytest.skip("table descriptions untested: GET /api/tables (issue 8) is not in this build yet")
    for engine in planted["engines"]:
        api("POST", f"/api/admin/engines/{engine}/sync")  # 409 when already queued: fine
    tables, deadline = {}, time.monotonic() + 120
    while len(tables) < len(planted["engines"]) and time.monotonic() < deadline:
        for engine in planted["engines"]:
            if engine not in tables:
                status, answer = api("GET", f"/api/tables?engineId={engine}&limit=5")
                if status == 200 and answer["tables"]:
                    tables[engine] = answer["tables"][0]["id"]
    assert len(tables) == len(planted["engines"]), "the payload engines' tables were not synced within 120 s"
    items = []
    for n, (engine, table) in enumerate(tables.items()):
        p = PAYLOADS[n]
        body = created("PATCH", f"/api/tables/{table}", {"description": p, "warnings": p})
        column = body["columns"][0]["id"]
        created("PATCH", f"/api/tables/{table}/columns/{column}", {"description": p})
        items.append((table, p))

    armed.get(BASE_URL + "/tables?q=t")
    wait(armed, lambda b: len(b.find_elements("css selector", "[data-testid=table-row]")) >= 10, 20, "the Tables list shows them")
    assert_clean(armed, "tables list")
    shot(armed, "75-xss-tables")
    for table, p in items:
        armed.execute_script(
            "history.pushState(null, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate'))", f"/tables/{table}")
        texts = "return ['table-description-text', 'table-warnings-text', 'column-description-text']" \
            ".map((t) => { const e = document.querySelector(`[data-testid=${t}]`); return e ? e.textContent : null; })"
        shown = wait(armed, lambda b: (lambda t: all(t) and t)(b.execute_script(texts)), 20, f"table {table} shows its texts")
        for text in shown:
            assert norm(as_markdown_shows(p)) in norm(text), f"table {table} shows {text!r}, not {p!r}"
        assert_clean(armed, f"table {table}")
        if table == items[0][0]:
            shot(armed, "75-xss-table-page")


def test_user_display_names(armed, planted):
    status, _ = api("GET", "/api/admin/users")
    if status == 404:
        pytest.skip("user display names untested: POST /api/admin/users (issue 7) is not in this build yet")
    for n, p in enumerate(PAYLOADS, start=1):
        # No password: a first account with one would turn accounts mode on for the whole hub.
        status, user = api("POST", "/api/admin/users", {"username": f"xss{n}-{RUN}", "displayName": p, "isAdmin": False})
        assert status == 201, user
    armed.get(BASE_URL + "/admin/users")
    page = wait(armed, lambda b: ("users" if PAYLOADS[0] in visible_text(b)
                                  else "missing" if "No page at /admin/users" in visible_text(b) else False),
                20, "the Admin → Users page shows the users")
    assert_clean(armed, "admin users")
    if page == "missing":
        pytest.skip("user display names created but not shown: the Admin → Users page is not in this build yet")
    missing = [p for p in PAYLOADS if p not in visible_text(armed)]
    assert not missing, f"display names not shown as typed: {missing}"
    assert_clean(armed, "admin users")
    shot(armed, "75-xss-admin-users")


def test_own_display_name_in_the_history(armed, planted):
    """The caller's display name (`PATCH /api/me`, on main already) as the History panel shows
    it beside each version, one payload at a time (names are at most 100 characters)."""
    before = created("GET", "/api/session")["user"]["displayName"]
    doc = planted["batches"][0]["doc"]
    armed.get(f"{BASE_URL}/docs/{doc}")
    wait(armed, lambda b: b.find_elements("css selector", "[data-testid=history-button]"), 15)
    try:
        for p in PAYLOADS:
            name = p[:100].strip()
            created("PATCH", "/api/me", {"displayName": name})
            if armed.find_elements("css selector", "[data-testid=history-close]"):
                css(armed, "[data-testid=history-close]").click()
            css(armed, "[data-testid=history-button]").click()
            wait(armed, lambda b: any(name in e.text for e in b.find_elements("css selector", "[data-testid=history-entry]")),
                 15, f"the history shows the author as {name!r}")
            assert_clean(armed, f"history with the author named {name!r}")
        shot(armed, "75-xss-author-name")
    finally:
        created("PATCH", "/api/me", {"displayName": before})
