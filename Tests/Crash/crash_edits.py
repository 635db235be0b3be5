#!/usr/bin/env python3
"""Crash safety of co-editing: no acknowledged edit is ever lost or applied twice.

Starts `querybook serve` on a temp data dir, creates a doc with a few text cells, and runs 50
editor threads against it. Each editor is an honest operational-transformation client with one
edit in flight: it knows its cell's text at some version, inserts a unique token (with
non-ASCII characters, some outside the BMP, so UTF-16 counting matters) at a random place on
that version, and once the server acknowledges it, reads the edit log after its version and
applies every edit in order, reaching the acknowledged version without transforming anything
itself. A few editors also insert cells with a unique title.

Meanwhile the server is killed with SIGKILL at random moments, 20 times, and restarted on the
same data dir and port. Editors see connection errors, keep their edit and resend it with the
same `editId` once the server is back: one the dead server had committed must come back as
that first commit, not be applied again. After each restart the script checks that every
acknowledged token is in its cell exactly once, every acknowledged cell exists once, and the
doc opens (`GET /api/docs/{id}` answers 200 with JSON). At the end every editor replays the
log to the server's final text (convergence).

Python 3 standard library only. Exit status 0 when nothing was lost, 1 otherwise.
"""
import argparse
import http.client
import json
import os
import random
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime

TOKEN = re.compile("\u2039[^\u203a]*\u203a")  # ‹…›
SUFFIXES = ["", "é", "中", "🙂", "𝄞é"]


class ConnectionLost(Exception):
    """The server went away mid-request (killed): the caller keeps what it was doing."""


class Failure(Exception):
    """The server answered something an honest client must never see."""


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def apply_operation(text, operation):
    """Applies an ot.js operation, counted in UTF-16 units, as a browser would."""
    units = text.encode("utf-16-le")
    out, index = [], 0
    for part in operation:
        if isinstance(part, str):
            out.append(part.encode("utf-16-le"))
        elif part > 0:
            out.append(units[index:index + 2 * part])
            index += 2 * part
        else:
            index += -2 * part
    if index != len(units):
        raise Failure(f"operation covers {index // 2} units, text has {len(units) // 2}")
    return b"".join(out).decode("utf-16-le")  # strict: a split surrogate pair raises


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Server:
    """`querybook serve` on a fixed data dir and port, started and SIGKILLed at will."""

    def __init__(self, binary, data_dir, port, log, extra_args=(), env=None):
        self.binary, self.data_dir, self.port, self.log = binary, data_dir, port, log
        self.extra_args, self.env = list(extra_args), env
        self.process = None
        self.started_at = 0.0

    def start(self, timeout=60):
        self.started_at = time.time()
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--port", str(self.port), "--no-demo",
             "--log-level", "warning", *self.extra_args],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL, env=self.env)
        deadline = time.monotonic() + timeout
        line = b""
        # The server prints its URL in one write once it listens: wait for that line.
        while b"\n" not in line:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"querybook did not listen within {timeout} s")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    raise Failure(f"querybook exited ({self.process.wait()}) before it listened; see the server log")
                line += chunk
        if f":{self.port}".encode() not in line:
            raise Failure(f"querybook printed {line!r}, not port {self.port}")
        status, body = request(self.port, "GET", "/api/health")
        if status != 200:
            raise Failure(f"/api/health answered {status} {body!r}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process.stdout.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process.stdout.close()


def request(port, method, path, body=None, connection=None, timeout=10):
    """One HTTP request; returns (status, parsed JSON or None). Connection errors raise ConnectionLost."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise ConnectionLost(str(error)) from error
    finally:
        if own:
            connection.close()
    try:
        return response.status, json.loads(data) if data else None
    except ValueError as error:
        raise Failure(f"{method} {path} answered {response.status} with invalid JSON: {data[:200]!r}") from error


class Run:
    """What the editors share with the main thread."""

    def __init__(self, port, doc_id, seed):
        self.port, self.doc_id, self.seed = port, doc_id, seed
        self.lock = threading.Lock()
        self.serving = threading.Event()  # set while the server is up
        self.stop = threading.Event()
        self.deadline = float("inf")
        self.acked = []  # (cellId, token) of every acknowledged text edit
        self.acked_cells = {}  # title -> cell id of every acknowledged new cell
        self.sent_tokens = {}  # token -> cellId, every token ever sent
        self.sent_titles = set()
        self.failures = []
        self.counts = {"edits acked": 0, "cells acked": 0, "resends": 0,
                       "resends answered by a pre-kill commit": 0, "cells recovered after a kill": 0,
                       "connection errors": 0, "restarts on a new port (old one taken)": 0}
        self.server_started_at = 0.0

    def count(self, key, by=1):
        with self.lock:
            self.counts[key] += by

    def fail(self, message):
        with self.lock:
            self.failures.append(message)


class Editor(threading.Thread):
    """One co-editor: one edit in flight, resent with the same id after a connection error."""

    def __init__(self, number, run, cell_id, text, version, structural):
        super().__init__(name=f"editor-{number}", daemon=True)
        self.number, self.shared, self.cell_id = number, run, cell_id
        self.text, self.version = text, version
        self.structural = structural
        self.random = random.Random(run.seed * 1000 + number)
        self.client_id = f"crash-e{number:02d}"
        self.made = 0
        self.in_flight = None
        self.needs_sync = False
        self.connection = None

    def call(self, method, path, body=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.shared.port, timeout=10)
        try:
            return request(self.shared.port, method, path, body, connection=self.connection)
        except ConnectionLost:
            self.connection = None
            raise

    def run(self):
        try:
            while time.monotonic() < self.shared.deadline:
                if self.in_flight is None and not self.needs_sync:
                    if self.shared.stop.is_set():
                        return
                    self.in_flight = self.next_change()
                try:
                    if self.in_flight is not None:
                        self.send()
                    if self.needs_sync:
                        self.sync()
                except ConnectionLost:
                    self.shared.count("connection errors")
                    # Wait for the restart (an event, bounded), then resend the same change.
                    self.shared.serving.wait(timeout=30)
            if self.in_flight is not None:
                self.shared.fail(f"{self.client_id}: edit {self.in_flight['editId']} never acknowledged before the deadline")
        except Failure as error:
            self.shared.fail(f"{self.client_id}: {error}")
        except Exception as error:  # a bug in this script: report it instead of hanging
            self.shared.fail(f"{self.client_id}: {type(error).__name__}: {error}")

    def next_change(self):
        self.made += 1
        if self.structural and self.random.random() < 0.25:
            title = f"\u2039cell-e{self.number:02d}-{self.made:04d}\u203a"
            with self.shared.lock:
                self.shared.sent_titles.add(title)
            return {"kind": "cell", "title": title, "attempts": 0}
        token = f"\u2039e{self.number:02d}-{self.made:04d}{self.random.choice(SUFFIXES)}\u203a"
        # A random place in the text, never inside another token (Python indexes code points,
        # so never inside a surrogate pair either).
        at = self.random.randint(0, len(self.text))
        for match in TOKEN.finditer(self.text):
            if match.start() < at < match.end():
                at = match.start()
                break
        offset, total = utf16_len(self.text[:at]), utf16_len(self.text)
        operation = [part for part in (offset, token, total - offset) if part != 0]
        with self.shared.lock:
            self.shared.sent_tokens[token] = self.cell_id
        return {"kind": "edit", "token": token, "attempts": 0, "body": {
            "baseVersion": self.version, "operation": operation, "clientId": self.client_id,
            "editId": str(self.made)}}

    def send(self):
        change = self.in_flight
        change["attempts"] += 1
        if change["attempts"] > 1:
            self.shared.count("resends")
        if change["kind"] == "cell":
            self.send_cell(change)
            return
        status, body = self.call("POST", f"/api/cells/{self.cell_id}/edits", change["body"])
        if status != 200:
            self.in_flight = None
            raise Failure(f"edit {change['body']['editId']} answered {status}: {body}")
        if body.get("editId") != change["body"]["editId"] or body.get("clientId") != self.client_id:
            raise Failure(f"edit {change['body']['editId']} was answered with another edit: {body}")
        if change["attempts"] > 1 and parse_time(body["createdAt"]) < self.shared.server_started_at:
            self.shared.count("resends answered by a pre-kill commit")
        with self.shared.lock:
            self.shared.acked.append((self.cell_id, change["token"]))
            self.shared.counts["edits acked"] += 1
        self.in_flight = None
        self.needs_sync = True

    def send_cell(self, change):
        title = change["title"]
        if change["attempts"] > 1:
            # Creating a cell has no idempotency key: a client that lost the answer looks for
            # its unique title before trying again, so it never makes the cell twice.
            status, doc = self.call("GET", f"/api/docs/{self.shared.doc_id}")
            if status != 200:
                raise Failure(f"GET doc answered {status}: {doc}")
            found = [cell["id"] for cell in doc["cells"] if cell["title"] == title]
            if found:
                self.shared.count("cells recovered after a kill")
                self.ack_cell(title, found[0])
                return
        status, cell = self.call("POST", f"/api/docs/{self.shared.doc_id}/cells",
                                 {"kind": "text", "title": title, "content": ""})
        if status != 201:
            self.in_flight = None
            raise Failure(f"new cell answered {status}: {cell}")
        self.ack_cell(title, cell["id"])

    def ack_cell(self, title, cell_id):
        with self.shared.lock:
            self.shared.acked_cells[title] = cell_id
            self.shared.counts["cells acked"] += 1
        self.in_flight = None

    def sync(self):
        """Reads the log after the known version and applies it, in order."""
        while True:
            status, log = self.call("GET", f"/api/cells/{self.cell_id}/edits?after={self.version}")
            if status != 200:
                raise Failure(f"GET edits after {self.version} answered {status}: {log}")
            for edit in log["edits"]:
                if edit["version"] != self.version + 1:
                    raise Failure(f"log jumps from version {self.version} to {edit['version']}")
                self.text = apply_operation(self.text, edit["operation"])
                self.version = edit["version"]
            if self.version >= log["version"]:
                break
        self.needs_sync = False


def free_port(chooser):
    """A free port below the kernel's ephemeral range, so no outgoing connection of another
    process takes it while the server is down between a kill and its restart."""
    for _ in range(100):
        port = chooser.randrange(20000, 32000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise Failure("no free port between 20000 and 32000")


def restart(server, run, chooser):
    """Starts the server again on its port; should another process have taken the port
    meanwhile, on a new one (editors read the port from `run` on every reconnect)."""
    for attempt in range(3):
        try:
            server.start()
            break
        except Failure:
            if attempt == 2 or server.process.poll() is None:
                raise
            server.process.stdout.close()
            server.port = run.port = free_port(chooser)
            run.count("restarts on a new port (old one taken)")
    run.server_started_at = server.started_at


def verify(run, when):
    """Every acknowledged token is in its cell exactly once; every acknowledged cell exists once."""
    with run.lock:
        acked = list(run.acked)
        acked_cells = dict(run.acked_cells)
        sent_tokens = dict(run.sent_tokens)
        sent_titles = set(run.sent_titles)
    status, doc = request(run.port, "GET", f"/api/docs/{run.doc_id}")
    if status != 200 or not isinstance(doc, dict) or "cells" not in doc:
        run.fail(f"{when}: GET /api/docs/{run.doc_id} answered {status}: {str(doc)[:200]}")
        return None
    contents = {cell["id"]: cell["content"] for cell in doc["cells"]}
    lost = [f"{token} (cell {cell})" for cell, token in acked if contents.get(cell, "").count(token) == 0]
    twice = [f"{token} ×{contents.get(cell, '').count(token)}" for token, cell in sent_tokens.items()
             if contents.get(cell, "").count(token) > 1]
    titles = [cell["title"] for cell in doc["cells"]]
    missing_cells = [title for title in acked_cells if titles.count(title) == 0]
    double_cells = [title for title in sent_titles if titles.count(title) > 1]
    for label, items in (("lost acknowledged edits", lost), ("edits applied twice", twice),
                         ("lost acknowledged cells", missing_cells), ("cells created twice", double_cells)):
        if items:
            run.fail(f"{when}: {len(items)} {label}: {', '.join(items[:20])}")
    page = http.client.HTTPConnection("127.0.0.1", run.port, timeout=10)
    page.request("GET", f"/docs/{run.doc_id}")
    page_status = page.getresponse().status
    page.close()
    if page_status != 200:
        run.fail(f"{when}: the doc page /docs/{run.doc_id} answered {page_status}")
    return doc, len(acked), len(acked_cells)


def report(failures, seed, passed):
    """Prints PASS with `passed`, or FAIL with the first 20 failures; the exit status."""
    if failures:
        print(f"FAIL (seed {seed}):")
        for failure in failures[:20]:
            print(f"   {failure}")
        return 1
    print(f"PASS: {passed}")
    return 0


def run_main(main):
    """Exits with `main()`'s status; a Failure or a lost connection is a FAIL line."""
    try:
        sys.exit(main())
    except (Failure, ConnectionLost) as error:
        print(f"FAIL: {type(error).__name__}: {error}")
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.environ.get("QUERYBOOK_BIN", ".build/debug/querybook"))
    parser.add_argument("--editors", type=int, default=50)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--cells", type=int, default=5)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", random.randrange(1_000_000))))
    parser.add_argument("--log", default=os.path.join(os.environ.get("ARTIFACTS", "artifacts"), "crash-server.log"))
    args = parser.parse_args()
    chooser = random.Random(args.seed)
    print(f"== crash test: {args.editors} editors, {args.kills} SIGKILLs, seed {args.seed} (CRASH_SEED to repeat)")
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="querybook-crash-") as data_dir, open(args.log, "ab") as log:
        port = free_port(chooser)
        server = Server(os.path.abspath(args.binary), data_dir, port, log)
        server.start()
        try:
            status, doc = request(port, "POST", "/api/docs", {"title": "Crash test"})
            assert status == 201, (status, doc)
            cells = []
            for index in range(args.cells):
                status, cell = request(port, "POST", f"/api/docs/{doc['id']}/cells",
                                       {"kind": "text", "content": f"Notes {index}: café 🙂\n"})
                assert status == 201, (status, cell)
                cells.append(cell)
            run = Run(port, doc["id"], args.seed)
            run.server_started_at = server.started_at
            run.serving.set()
            editors = [Editor(n, run, cells[n % len(cells)]["id"], cells[n % len(cells)]["content"],
                              cells[n % len(cells)]["version"], structural=(n % 10 == 0))
                       for n in range(args.editors)]
            run.deadline = time.monotonic() + 170
            for editor in editors:
                editor.start()

            acked_at_kills = []
            for kill in range(1, args.kills + 1):
                time.sleep(chooser.uniform(0.3, 2.0))  # a random moment to crash, not a wait for an event
                run.serving.clear()
                server.kill()
                restart(server, run, chooser)
                run.serving.set()
                checked = verify(run, f"after kill {kill}")
                if checked:
                    acked_at_kills.append(checked[1])
                if run.failures:
                    break

            run.stop.set()
            for editor in editors:
                editor.join(timeout=max(1, run.deadline - time.monotonic()))
            for editor in editors:
                if editor.is_alive():
                    run.fail(f"{editor.client_id} did not finish")
                else:
                    editor.sync()
            final = verify(run, "at the end")
            if final:
                contents = {cell["id"]: (cell["content"], cell["version"]) for cell in final[0]["cells"]}
                diverged = [e.client_id for e in editors if (e.text, e.version) != contents.get(e.cell_id)]
                if diverged:
                    run.fail(f"replaying the log did not give the server's text for {', '.join(diverged)}")
        finally:
            server.stop()

    elapsed = time.monotonic() - started
    counts = ", ".join(f"{value} {key}" for key, value in run.counts.items())
    checked = (f"{acked_at_kills[0]} acknowledged edits checked after the first restart, "
               f"{acked_at_kills[-1]} after the last" if acked_at_kills else "no restart checked")
    print(f"   {len(acked_at_kills)} kills; {counts}; {checked}; {elapsed:.0f} s")
    if run.counts["edits acked"] == 0 or run.counts["resends"] == 0:
        run.fail("the run acknowledged no edit or resent none: it tested nothing")
    if run.failures:
        print(f"FAIL: {len(run.failures)} problems (seed {args.seed}); server log: {args.log}")
        for failure in run.failures[:30]:
            print(f"   {failure}")
        return 1
    print(f"PASS: 0 lost, 0 applied twice, the doc opened after all {args.kills} restarts")
    return 0


if __name__ == "__main__":
    run_main(main)
