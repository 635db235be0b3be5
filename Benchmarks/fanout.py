"""One edit delivered to the SSE subscribers of a doc: time from just before the edit's POST
is sent to each subscriber's receipt of its `cell.edit` event.

Receipt times are the kernel's receive timestamps of the subscriber sockets (SO_TIMESTAMPNS),
so a busy Python client that reads its 500 sockets one by one does not add its own delay.
Baseline in the same run: the same edits delivered to a single subscriber of another doc,
edits to the two docs interleaved."""
import selectors
import socket
import struct
import time

from hub import percentiles

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux; Python does not name it


class Subscriber:
    def __init__(self, port, doc_id):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock.sendall(f"GET /api/events?topics=doc:{doc_id} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.sock.setblocking(False)
        self.tail = b""
        self.ready = False  # the stream has started: the server holds the subscription
        self.marker = None
        self.received_ns = None

    def read(self):
        """Reads what is there; returns False when the server closed the stream."""
        while True:
            try:
                data, ancillary, _, _ = self.sock.recvmsg(65536, socket.CMSG_SPACE(16))
            except BlockingIOError:
                return True
            if not data:
                return False
            stamp = time.time_ns()
            for level, kind, value in ancillary:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                    seconds, nanoseconds = struct.unpack("qq", value[:16])
                    stamp = seconds * 1_000_000_000 + nanoseconds
            window = self.tail + data
            if not self.ready and b"retry: 1000" in window:
                self.ready = True
            if self.marker is not None and self.received_ns is None and self.marker in window:
                self.received_ns = stamp
            self.tail = window[-128:]


def pump(selector, done, timeout):
    """Reads ready sockets until `done()` or the timeout; raises if a stream ended."""
    deadline = time.monotonic() + timeout
    while not done():
        left = deadline - time.monotonic()
        if left <= 0:
            raise RuntimeError("timed out waiting for subscribers")
        for key, _ in selector.select(left):
            if not key.data.read():
                raise RuntimeError("the server closed an event stream")


def measure(hub, subscribers=500, edits=200):
    _, crowded = hub.call("POST", "/api/docs", {"title": f"Fan-out to {subscribers}"}, expect=201)
    _, lonely = hub.call("POST", "/api/docs", {"title": "Fan-out to 1"}, expect=201)
    targets = {
        "many": {"doc": crowded["id"], "cell": crowded["cells"][0]["id"], "version": 0, "length": 0, "samples": [],
                 "last": [], "subs": [Subscriber(hub.port, crowded["id"]) for _ in range(subscribers)]},
        "one": {"doc": lonely["id"], "cell": lonely["cells"][0]["id"], "version": 0, "length": 0, "samples": [],
                "last": [], "subs": [Subscriber(hub.port, lonely["id"])]},
    }
    selector = selectors.DefaultSelector()
    everyone = [s for target in targets.values() for s in target["subs"]]
    for subscriber in everyone:
        selector.register(subscriber.sock, selectors.EVENT_READ, subscriber)
    pump(selector, lambda: all(s.ready for s in everyone), timeout=60)

    warmup = 10
    for index in range(warmup + edits):
        for name in ("one", "many"):
            target = targets[name]
            marker = f'"editId":"fan-{name}-{index:05d}"'.encode()
            for subscriber in target["subs"]:
                subscriber.marker, subscriber.received_ns = marker, None
            operation = [target["length"], "x"] if target["length"] else ["x"]
            body = {"baseVersion": target["version"], "operation": operation, "clientId": "bench",
                    "editId": f"fan-{name}-{index:05d}"}
            sent_ns = time.time_ns()
            _, answer = hub.call("POST", f"/api/cells/{target['cell']}/edits", body, expect=200)
            target["version"], target["length"] = answer["version"], target["length"] + 1
            pump(selector, lambda: all(s.received_ns is not None for s in target["subs"]), timeout=30)
            if index >= warmup:
                delays = [(s.received_ns - sent_ns) / 1e9 for s in target["subs"]]
                target["samples"].extend(delays)
                target["last"].append(max(delays))
    for subscriber in everyone:
        selector.unregister(subscriber.sock)
        subscriber.sock.close()
    selector.close()
    return {"subscribers": subscribers, "edits": edits,
            "delivery": percentiles(targets["many"]["samples"]),
            "all_delivered": percentiles(targets["many"]["last"]),
            "baseline_one_subscriber": percentiles(targets["one"]["samples"])}
