"""CSRF (issue 7): a page on another site cannot make the browser write to the hub.

A second origin is served from this test (Python's http.server on another loopback port, opened
as `localhost` so that it is another *site* than the hub's `127.0.0.1`, and a `data:` page, whose
Origin is `null`). Its pages post to `/api/docs` the classic ways: an auto-submitting
`enctype=text/plain` form whose body is valid JSON (the `{"title":"…","x":"` + `"}` trick) and a
`fetch` with `mode: "no-cors"`. None of them may create a doc. Then the rule itself, with
`urllib`: a write with a foreign `Origin` (or `Sec-Fetch-Site: cross-site`) gets 403 `csrf`, the
same write without one succeeds in local mode."""

import html
import http.server
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from helpers import BASE_URL, shot, wait

STAMP = str(int(time.time() * 1000))


def form_page(title):
    """A form that posts `{"title":"<title>","x":"="}` as text/plain the moment it loads."""
    name = html.escape(json.dumps({"title": title, "x": ""})[:-2], quote=True)
    return (f'<form method="post" action="{BASE_URL}/api/docs" enctype="text/plain">'
            f'<input type="hidden" name="{name}" value="&quot;}}"></form>'
            "<script>document.forms[0].submit()</script>")


def fetch_page(title):
    body = json.dumps(json.dumps({"title": title}))
    return ("<title>sending</title><script>"
            f"fetch({json.dumps(BASE_URL + '/api/docs')}, {{method: 'POST', mode: 'no-cors', credentials: 'include',"
            f" headers: {{'Content-Type': 'text/plain'}}, body: {body}}})"
            ".then(() => { document.title = 'sent'; }, (e) => { document.title = 'failed: ' + e; });"
            "</script>")


@pytest.fixture(scope="module")
def evil_site():
    """Serves `/form` and `/fetch` from another loopback port; yields its base URL (as localhost)."""
    pages = {"/form": form_page(f"csrf-form-{STAMP}"), "/fetch": fetch_page(f"csrf-fetch-{STAMP}")}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            page = pages.get(self.path)
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((page or "no such page").encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def post(path, body, headers=None, method="POST"):
    request = urllib.request.Request(BASE_URL + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def csrf_docs():
    query = urllib.parse.urlencode({"q": f"csrf-", "archived": "all", "limit": 500})
    with urllib.request.urlopen(f"{BASE_URL}/api/docs?{query}", timeout=15) as response:
        return [d["title"] for d in json.load(response)["docs"] if d["title"].startswith("csrf-")]


def test_cross_site_pages_cannot_create_docs(driver, evil_site):
    # The auto-submitting form: the browser follows it to the hub's answer, the refusal.
    driver.get(evil_site + "/form")
    wait(driver, lambda b: b.current_url.startswith(BASE_URL), 15, "the form was not submitted")
    answer = driver.find_element("tag name", "body").text
    assert '"code":"csrf"' in answer.replace(" ", ""), answer
    shot(driver, "75-csrf-form-refused")

    # fetch without CORS: the response is opaque to the page, so look at the hub afterwards.
    driver.get(evil_site + "/fetch")
    wait(driver, lambda b: b.title != "sending", 15, "the fetch did not settle")
    assert driver.title == "sent", driver.title

    # A data: page (Origin: null) posting the same form.
    driver.get("data:text/html;charset=utf-8," + urllib.parse.quote(form_page(f"csrf-data-{STAMP}")))
    wait(driver, lambda b: b.current_url.startswith(BASE_URL), 15, "the data: form was not submitted")
    assert '"code":"csrf"' in driver.find_element("tag name", "body").text.replace(" ", "")

    assert csrf_docs() == [], "a cross-site post created a doc"


def test_a_write_with_a_foreign_origin_gets_403_csrf():
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": BASE_URL.replace("127.0.0.1", "localhost")}):
        status, answer = post("/api/docs", {"title": f"csrf-urllib-{STAMP}"}, headers)
        assert status == 403, (headers, status, answer)
        assert answer["error"]["code"] == "csrf" and answer["error"]["message"], answer
    assert csrf_docs() == []

    # The same write from no browser (no Origin) or from the hub's own page goes through.
    status, doc = post("/api/docs", {"title": f"same-site write {STAMP}"})
    assert status == 201, doc
    status, own = post("/api/docs", {"title": f"same-origin write {STAMP}"}, {"Origin": BASE_URL, "Sec-Fetch-Site": "same-origin"})
    assert status == 201, own

    # Other writes too: a cross-site rename or delete changes nothing.
    status, answer = post(f"/api/docs/{doc['id']}", {"title": f"csrf-renamed-{STAMP}"}, {"Origin": "http://evil.example"}, "PATCH")
    assert status == 403 and answer["error"]["code"] == "csrf", answer
    status, answer = post(f"/api/docs/{doc['id']}", {}, {"Origin": "http://evil.example"}, "DELETE")
    assert status == 403 and answer["error"]["code"] == "csrf", answer
    with urllib.request.urlopen(f"{BASE_URL}/api/docs/{doc['id']}", timeout=15) as response:
        assert json.load(response)["title"] == f"same-site write {STAMP}"
    for created in (doc, own):
        assert post(f"/api/docs/{created['id']}", {}, method="DELETE")[0] == 204
