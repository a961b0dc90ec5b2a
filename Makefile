# Two commands: `make demo` runs opsbook on the example workspace, `make test` runs the
# whole suite (`make test-fast` skips the tests marked slow: servers, browsers, CalDAV).
# Both set everything up on a fresh machine first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OPSBOOK := $(BIN)/opsbook
# One fixed instant for every command of the demo, so that it shows the same on any day
# and nothing it reads (review dates, the lock's horizon) goes stale under it.
DEMO_AT := 2026-12-08T10:00:00+00:00
# The demo plans into a copy of the example workspace: the committed lock is never
# rewritten, so `git status` stays clean after `make demo`.
DEMO_COPY := build/demo-workspace

.PHONY: demo test test-fast lint typecheck unit system-deps snapshots bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages the browser tests need; installed only when missing (CI runs as root).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "installing chromium (Debian package) for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# Everything the demo writes goes under build/ and site/ (both git-ignored).
demo: $(STAMP)
	$(OPSBOOK) validate
	$(OPSBOOK) lint --at $(DEMO_AT)
	$(OPSBOOK) summary
	$(BIN)/python -m opsbook.checks.demo_warehouse build/demo.duckdb --at $(DEMO_AT)
	@# One problem is planted in the demo warehouse (a stale engagement mart behind a green
	@# DAG): exit 1 is the check catching it; 0 (missed) or 2 (error) fails the demo.
	$(OPSBOOK) check --at $(DEMO_AT); test $$? -eq 1 && echo "the planted stale mart was caught (exit 1, as expected)"
	rm -rf $(DEMO_COPY) && mkdir -p $(DEMO_COPY)
	cp -R opsbook.yaml runbooks rotation schemas $(DEMO_COPY)/
	$(OPSBOOK) plan --root $(DEMO_COPY) --at $(DEMO_AT)
	@echo "planned into $(DEMO_COPY)/rotation/; the committed lock is unchanged"
	$(OPSBOOK) fairness data-eng-oncall --at $(DEMO_AT)
	$(OPSBOOK) who --at $(DEMO_AT) --tz Europe/London
	$(OPSBOOK) schedule data-eng-oncall --at $(DEMO_AT) --tz Europe/London
	$(OPSBOOK) escalate profit-aggregate --investor-impact --at $(DEMO_AT) --tz Europe/London
	$(OPSBOOK) ical --out build/calendars --base-url https://ops.example.com/calendars/ --at $(DEMO_AT)
	$(OPSBOOK) site build --site-dir site --at $(DEMO_AT)
	@echo "The site is in site/: open site/index.html in a browser, or for search and live"
	@echo "reload run '$(OPSBOOK) site serve' and open http://127.0.0.1:8000/"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

test: $(STAMP) system-deps lint typecheck unit

# The inner loop: the suite without the tests marked slow (pytest -m "not slow").
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

# Regenerate every snapshot file (schedules, calendars, pages) after a reviewed change.
snapshots: $(STAMP)
	OPSBOOK_UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q -n 2

# Issue 9's figures: every command as a whole process at organisation scale (200
# members, 20 rotations, 1,000 runbooks, 3 years) beside its peer, in one run of under
# 10 minutes. BENCH_ARGS=--write puts the table into BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site build dist .mypy_cache .ruff_cache .pytest_cache
