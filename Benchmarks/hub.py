"""Shared pieces of the benchmarks: a `querybook serve` on a temp data dir, HTTP calls and
percentiles. Python 3 standard library only."""
import http.client
import json
import os
import select
import signal
import subprocess
import tempfile
import time


class Hub:
    """`querybook serve` on a temp data dir and a free port, with a small demo engine.

    Use as a context manager; the server is stopped with SIGTERM and the data dir removed."""

    def __init__(self, binary, log_path, demo_rows=2000):
        self.binary, self.log_path, self.demo_rows = binary, log_path, demo_rows
        self.port = None

    def __enter__(self):
        self.data_dir = tempfile.TemporaryDirectory(prefix="querybook-bench-")
        self.log = open(self.log_path, "ab")
        env = dict(os.environ, QUERYBOOK_DEMO_ROWS=str(self.demo_rows), QUERYBOOK_HEARTBEAT="600")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir.name, "--port", "0", "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL, env=env)
        line, deadline = b"", time.monotonic() + 120
        # The URL is printed in one write once the server listens: wait for it, bounded.
        while b"\n" not in line:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(0, left))
            if not ready:
                raise RuntimeError("querybook did not listen within 120 s")
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError(f"querybook exited ({self.process.wait()}); see {self.log_path}")
            line += chunk
        self.port = int(line.split(b"http://", 1)[1].split(b"/", 1)[0].rsplit(b":", 1)[1].split()[0])
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        status, _ = self.call("GET", "/api/health")
        assert status == 200
        return self

    def __exit__(self, *exc):
        self.connection.close()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.log.close()
        self.data_dir.cleanup()

    def call(self, method, path, body=None, expect=None):
        """One request on the kept-alive connection; returns (status, parsed JSON or None)."""
        payload = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        self.connection.request(method, path, body=payload, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if expect is not None and response.status != expect:
            raise RuntimeError(f"{method} {path} answered {response.status}: {data[:300]!r}")
        return response.status, (json.loads(data) if data else None)

    def timed_get(self, path):
        """Seconds for one GET, from sending to the last byte of the body."""
        start = time.perf_counter()
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return elapsed


def percentiles(samples):
    """p50, p99 and max of `samples` (seconds) in milliseconds, with the count."""
    ordered = sorted(samples)

    def at(fraction):
        return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] * 1000

    return {"count": len(ordered), "p50_ms": round(at(0.50), 3), "p99_ms": round(at(0.99), 3),
            "max_ms": round(ordered[-1] * 1000, 3)}


def machine():
    """What the figures were measured on."""
    cores = os.cpu_count()
    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cores": cores, "cpu": model, "load_1min_at_start": round(load, 2) if load is not None else None}
