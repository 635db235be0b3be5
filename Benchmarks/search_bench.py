"""Search at scale: 100k docs (200k cells) and 50k tables (500k columns) in the index.

- `GET /api/search` as a non-admin user (so every result passes the permission rule), for a
  table of queries people type: exact table names, prefixes while typing, one and two common
  words, rare words, with and without a type filter. Target p99 ≤ 10 ms; baseline
  `GET /api/health` on the same connection, interleaved.
- Rebuilding the whole index (`POST /api/admin/search/reindex`). Target ≤ 60 s; baseline the
  sqlite3 CLI filling a plain FTS5 table with the same docs', cells' and tables' text.

The data is written straight into the hub's SQLite file while it runs (as a second writer in
WAL mode), so the index triggers fill the index as the store's own writes would. Searches are
then measured in the steady state: the bench first merges the index's segments with the same
statement the hub's background merge (`SearchMaintenance`, every 30 s) runs, and reports how
long that took, so the measurement does not race the hub merging a bulk load."""
import hashlib
import http.client
import json
import random
import shutil
import sqlite3
import subprocess
import time
import urllib.parse

from hub import percentiles

DOCS = 100_000
TABLES = 50_000
COLUMNS_PER_TABLE = 10
USERS = 50

WORDS = """revenue retention churn active users weekly daily monthly signups campaign ads spend clicks impressions
conversion funnel cohort pins boards saves searches sessions country device android ios web partner advertiser
budget bid auction creative video image shopping catalog product merchant order checkout cart refund payment
invoice billing subscription trial growth experiment treatment control holdout metric dashboard report summary
forecast anomaly latency error crash release feature flag rollout region market language locale timezone hourly
snapshot event log raw clean agg fact dim staging prod backfill pipeline job schedule quality audit privacy gdpr
consent email push notification onboarding engagement follow unfollow comment share like board_section topic
interest taxonomy ranking model score embedding candidate feed home related trending notification_sent""".split()


# The most frequent words of the corpus, as in real text and SQL: nobody searches for them, but
# every entry has some. Measured apart, as the worst case.
STOP = """the a of to and in for by on with per from is as at this that all each select where group order
count sum avg join left limit desc case when then else end not null""".split()


def vocabulary_for(rng):
    """Stop words first, the domain words spread over the next ranks, invented words for the rest
    (20,000 in all), so word frequencies follow Zipf's law as in real text."""
    invented = pseudo_words(20_000 - len(STOP) - len(WORDS), rng)
    body = []
    domain = list(WORDS)
    for index in range(len(invented) + len(domain)):
        if domain and index % 6 == 0:
            body.append(domain.pop(0))
        else:
            body.append(invented.pop())
    return STOP + body


def pseudo_words(count, rng):
    syllables = ["ka", "lo", "mi", "ren", "tor", "vex", "zu", "pal", "qui", "dra", "nel", "sor", "bix", "fen", "gul"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def zipf_picker(vocabulary, rng, s=1.0):
    weights = [1 / (rank + 1) ** s for rank in range(len(vocabulary))]
    total = sum(weights)
    cumulative, acc = [], 0.0
    for w in weights:
        acc += w / total
        cumulative.append(acc)
    import bisect

    def pick(n):
        return [vocabulary[min(bisect.bisect(cumulative, rng.random()), len(vocabulary) - 1)] for _ in range(n)]
    return pick


def stamp(seconds_ago):
    return time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime(time.time() - seconds_ago))


def seed(db_path, rng):
    """Writes users (one API token each), docs with a text and a query cell, and tables."""
    vocabulary = vocabulary_for(rng)
    pick = zipf_picker(vocabulary, rng)
    db = sqlite3.connect(db_path, timeout=60)
    db.execute("PRAGMA journal_mode=WAL")
    tokens = {}
    with db:
        for index in range(USERS):
            name = f"bench{index}"
            db.execute("INSERT INTO user (username, displayName, createdAt, passwordHash, isAdmin) VALUES (?, ?, ?, ?, ?)",
                       (name, f"Bench {' '.join(pick(2)).title()}", stamp(0), "$2b$04$bench", 1 if index == 0 else 0))
            user_id = db.execute("SELECT id FROM user WHERE username = ?", (name,)).fetchone()[0]
            token = "qb_" + hashlib.sha256(f"bench-token-{index}".encode()).hexdigest()
            db.execute("INSERT INTO apiToken (userID, name, tokenHash, prefix, createdAt) VALUES (?, 'bench', ?, ?, ?)",
                       (user_id, hashlib.sha256(token.encode()).hexdigest(), token[:10], stamp(0)))
            tokens[name] = (user_id, token)
    user_ids = [uid for uid, _ in tokens.values()]
    schemas = [f"{w}_{k}" for w, k in zip(WORDS[:50], range(50))]
    table_names = []
    started = time.perf_counter()
    with db:
        # Columns first (this connection does not enforce foreign keys), so that each table's
        # insert trigger indexes its columns at once.
        next_table = (db.execute("SELECT coalesce(max(id), 0) FROM metaTable").fetchone()[0] or 0) + 1
        columns, tables = [], []
        for offset in range(TABLES):
            table_id = next_table + offset
            name = "_".join(pick(2)) + rng.choice(["", "_daily", "_hourly", "_snapshot", "_agg", "_raw"]) + f"_{offset}"
            table_names.append(name)
            for position in range(COLUMNS_PER_TABLE):
                columns.append((table_id, position, f"{pick(1)[0]}_{position}", rng.choice(["INT", "TEXT", "DATE", "DOUBLE"]),
                                " ".join(pick(4))))
            tables.append((table_id, 1, schemas[offset % len(schemas)], name, " ".join(pick(rng.randint(8, 20))),
                           rng.randint(0, 500), stamp(rng.randint(0, 10**7)), stamp(0), stamp(0)))
        db.executemany("INSERT INTO metaColumn (tableID, position, name, type, description) VALUES (?, ?, ?, ?, ?)", columns)
        db.executemany(
            "INSERT INTO metaTable (id, engineID, schemaName, name, description, queryCount, syncedAt, createdAt, updatedAt)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tables)
    with db:
        next_doc = (db.execute("SELECT coalesce(max(id), 0) FROM doc").fetchone()[0] or 0) + 1
        docs, cells = [], []
        for offset in range(DOCS):
            doc_id = next_doc + offset
            owner = rng.choice(user_ids)
            public = 0 if rng.random() < 0.2 else 1
            when = stamp(rng.randint(0, 10**7))
            docs.append((doc_id, " ".join(pick(rng.randint(3, 6))).capitalize(), owner, when, when, public))
            table = rng.choice(table_names)
            cells.append((doc_id, "text", "a0", "", " ".join(pick(rng.randint(20, 40))), owner, when, when))
            cells.append((doc_id, "query", "a1", " ".join(pick(3)).capitalize(),
                          f"SELECT {pick(1)[0]}_1, count(*) AS n\nFROM {schemas[0]}.{table}\nWHERE {pick(1)[0]}_2 > 0\n"
                          "GROUP BY 1 ORDER BY n DESC", owner, when, when))
        db.executemany("INSERT INTO doc (id, title, ownerID, archived, createdAt, updatedAt, environmentID, public)"
                       " VALUES (?, ?, ?, 0, ?, ?, 1, ?)", docs)
        db.executemany("INSERT INTO cell (docID, kind, position, title, content, ownerID, createdAt, updatedAt)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", cells)
    seeded = time.perf_counter() - started
    entries = db.execute("SELECT count(*) FROM searchIndex").fetchone()[0]
    db.close()
    return tokens, table_names, vocabulary, seeded, entries


def queries(rng, table_names, vocabulary):
    """What people type, with the type filter they chose ("" for all): table names, words of the
    domain (the most common of them is in about a fifth of all entries), words being typed, and
    rare words."""
    common, rare = WORDS[:60], vocabulary[-2000:]
    table = []
    for _ in range(40):
        table.append((rng.choice(table_names), ""))
    for _ in range(40):
        word = rng.choice(common + rng.sample(rare, 20))
        table.append((word[: rng.randint(2, min(5, len(word)))], ""))
    for _ in range(40):
        table.append((" ".join(rng.sample(common, 2)), rng.choice(["", "doc", "table"])))
    for _ in range(40):
        table.append((rng.choice(common), rng.choice(["", "doc", "query", "table"])))
    for _ in range(40):
        table.append((rng.choice(rare), ""))
    return table


def stop_queries():
    """The worst case, measured apart: words in most entries."""
    return [(word, "") for word in ["the", "select", "from", "count", "where", "sum", "group", "order", "the count",
                                     "select from"]]


class Client:
    def __init__(self, port, token):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path):
        start = time.perf_counter()
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
        return elapsed, body

    def post(self, path):
        self.connection.request("POST", path, body=b"", headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"POST {path} answered {response.status}: {body[:300]!r}")
        return json.loads(body)


def baseline_fts(db_path, scratch):
    """Seconds for the sqlite3 CLI to fill a plain FTS5 table with the same text."""
    copy = scratch + "/baseline.sqlite"
    shutil.copy(db_path, copy)
    for suffix in ("-wal", "-shm"):
        try:
            shutil.copy(db_path + suffix, copy + suffix)
        except FileNotFoundError:
            pass
    script = """
        CREATE VIRTUAL TABLE plain USING fts5(title, body, context);
        INSERT INTO plain SELECT title, '', '' FROM doc;
        INSERT INTO plain SELECT c.title, c.content, d.title FROM cell c JOIN doc d ON d.id = c.docID;
        INSERT INTO plain SELECT t.name, t.description || ' ' || coalesce((SELECT group_concat(name || ' ' || description, ' ')
            FROM metaColumn WHERE tableID = t.id), ''), t.schemaName FROM metaTable t;
    """
    start = time.perf_counter()
    subprocess.run(["sqlite3", copy], input=script.encode(), check=True)
    return time.perf_counter() - start


def merge_index(db_path):
    """Merges the index's segments until there is nothing left, as `SearchMaintenance` does.
    FTS5's documented test: fewer than two changes means the step merged nothing."""
    db = sqlite3.connect(db_path, timeout=60)
    started = time.perf_counter()
    for table in ("searchIndex", "searchTitle"):
        while True:
            before = db.total_changes
            with db:
                db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', 500)")
            if db.total_changes - before < 2:
                break
    db.close()
    return time.perf_counter() - started


def measure(hub, rounds=5):
    rng = random.Random(8)
    db_path = hub.data_dir.name + "/hub.sqlite"
    tokens, table_names, vocabulary, seeded, entries = seed(db_path, rng)
    merged = merge_index(db_path)
    time.sleep(1.5)  # accounts mode is noticed within a second
    analyst = Client(hub.port, tokens["bench7"][1])
    admin = Client(hub.port, tokens["bench0"][1])
    table = queries(rng, table_names, vocabulary)
    paths = []
    for text, kind in table:
        query = {"q": text, "limit": "20"}
        if kind:
            query["type"] = kind
        paths.append("/api/search?" + urllib.parse.urlencode(query))
    # Exact table names must come first: the benchmark also checks relevance at this scale.
    misses = 0
    for (text, kind), path in zip(table[:40], paths[:40]):
        _, body = analyst.get(path)
        results = json.loads(body)["results"]
        if not results or results[0].get("name") != text:
            misses += 1
    for path in paths:
        analyst.get(path)
        analyst.get("/api/health")
    health, searched = [], []
    for _ in range(rounds):
        for path in paths:
            health.append(analyst.get("/api/health")[0])
            searched.append(analyst.get(path)[0])
    worst = []
    for text, _ in stop_queries():
        path = "/api/search?" + urllib.parse.urlencode({"q": text, "limit": "20"})
        analyst.get(path)
        worst += [analyst.get(path)[0] for _ in range(rounds)]
    db = sqlite3.connect(db_path)
    coverage = {word: db.execute("SELECT count(*) FROM searchIndex WHERE searchIndex MATCH ?", (f'"{word}"',)).fetchone()[0]
                for word in ["the", "select", WORDS[0], WORDS[30], WORDS[59]]}
    db.close()
    reindex_started = time.perf_counter()
    reindex = admin.post("/api/admin/search/reindex")
    reindex_seconds = time.perf_counter() - reindex_started
    baseline_seconds = baseline_fts(db_path, hub.data_dir.name)
    return {
        "search": percentiles(searched), "health": percentiles(health), "docs": DOCS, "tables": TABLES,
        "stop_words": percentiles(worst), "entries_with_word": coverage,
        "entries": entries, "seed_seconds": round(seeded, 1), "merge_seconds": round(merged, 1), "queries": len(paths),
        "exact_name_first_misses": misses,
        "reindex": {"seconds": round(reindex_seconds, 2), "entries": reindex["entries"],
                    "baseline_seconds": round(baseline_seconds, 2),
                    "ratio": round(reindex_seconds / baseline_seconds, 2) if baseline_seconds else None},
    }
