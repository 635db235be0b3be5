# The two commands: `make serve` and `make test`. Each installs what it needs first, so a
# fresh Debian 12 machine with only the Swift toolchain is enough.

SWIFT      ?= swift
ARGS       ?=
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ARTIFACTS  ?= $(CURDIR)/artifacts
QUERYBOOK_BIN ?= .build/debug/querybook

# Debian packages: building and serving; and what the tests add (browser, CLI, servers).
SERVE_PACKAGES := libsqlite3-dev zlib1g-dev libjs-codemirror libjs-chart.js node-cronstrue esbuild
TEST_PACKAGES  := $(SERVE_PACKAGES) nodejs sqlite3 postgresql chromium chromium-driver python3-pip clickhouse-server clickhouse-client python3-aiosmtpd openssl
PYTHON_PACKAGES := selenium pytest openpyxl
# The benchmarks' baselines: the sqlite3 CLI (with gzip) and Datasette.
BENCH_PACKAGES := $(SERVE_PACKAGES) sqlite3 python3-pip chromium chromium-driver

.PHONY: serve build release test test-deps deps swift-test browser-test crash-test bench bench-deps clean

## serve: install what is missing, build, start the hub on the demo engine (ARGS="--port 8080 …").
serve: release
	.build/release/querybook serve $(ARGS)

release: deps
	$(SWIFT) build -c release --product querybook

build: deps
	$(SWIFT) build --product querybook

## test: install what tests need, then run every test (the browser, the crash test, then Swift).
test: test-deps
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory browser-test
	$(MAKE) --no-print-directory crash-test
	$(MAKE) --no-print-directory swift-test

# Serially: the timing tests (cancel within 100 ms) measure on a quiet machine, not one
# busy with the 1M-row tests next to them.
swift-test:
	bash Tests/Servers/with-servers.sh $(SWIFT) test --skip-build --no-parallel

browser-test:
	ARTIFACTS="$(ARTIFACTS)" bash Tests/Servers/with-servers.sh bash Tests/Browser/run.sh

## crash-test: 50 co-editors while the server is SIGKILLed 20 times; no acknowledged edit may
## be lost or applied twice. Then results cut by SIGKILL mid-write: never served as whole,
## and scheduled runs killed mid-attempt: each ends once, after one retry (CRASH_SEED=n
## repeats a run).
crash-test:
	@[ -x "$(QUERYBOOK_BIN)" ] || $(SWIFT) build --product querybook
	ARTIFACTS="$(ARTIFACTS)" QUERYBOOK_BIN="$(QUERYBOOK_BIN)" python3 Tests/Crash/crash_edits.py
	ARTIFACTS="$(ARTIFACTS)" QUERYBOOK_BIN="$(QUERYBOOK_BIN)" python3 Tests/Crash/crash_results.py
	ARTIFACTS="$(ARTIFACTS)" QUERYBOOK_BIN="$(QUERYBOOK_BIN)" python3 Tests/Crash/crash_schedules.py

## bench: build in release, then measure the speed targets against same-run baselines
## (Docs/performance.md); results go to Benchmarks/results/ (BENCH_ARGS="--only results").
bench: release bench-deps
	QUERYBOOK_BIN=.build/release/querybook python3 Benchmarks/run.py $(BENCH_ARGS)

bench-deps:
	@bash .ci/apt-install $(BENCH_PACKAGES)
	@command -v datasette >/dev/null 2>&1 || python3 -m pip install -q datasette
	@python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium

deps:
	@bash .ci/apt-install $(SERVE_PACKAGES)

test-deps:
	@bash .ci/apt-install $(TEST_PACKAGES)
	@python3 -c 'import selenium, pytest, openpyxl' 2>/dev/null || python3 -m pip install -q $(PYTHON_PACKAGES)

clean:
	rm -rf .build artifacts
