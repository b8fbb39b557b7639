# rasd: two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DB ?= data/rasd.db
export RASD_DB ?= $(DB)

.PHONY: run run-ray serve screenshots test test-pg venv bench eval lint clean examples train-ner

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# the machine's pip 23 crashes resolving trafilatura's lxml extras: upgrade first
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

HOST ?= 127.0.0.1
PORT ?= 8000

run: venv
	bash scripts/setup-system.sh fonts
	$(BIN)/rasd ingest examples/
	$(BIN)/rasd ls --limit 30
	@echo ""
	@echo "rasd: the web UI and the API are at http://$(HOST):$(PORT)/  (Ctrl-C stops the server)"
	$(BIN)/rasd serve --host $(HOST) --port $(PORT)

serve: venv
	$(BIN)/rasd serve --host $(HOST) --port $(PORT)

# The same job on the Ray engine (a local Ray, or the cluster at $$RAY_ADDRESS).
run-ray: venv
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[ray]'
	$(BIN)/rasd ingest --engine ray examples/
	$(BIN)/rasd ls --limit 30

test: venv
	bash scripts/setup-system.sh browser
	$(BIN)/ruff check rasd tests scripts
	$(BIN)/python -m pytest -q

# The store (and, as they land, search) tests against a throwaway PostgreSQL cluster that
# the run installs (Debian package) and starts itself on loopback; fails if it cannot.
test-pg: venv
	RASD_REQUIRE_PG=1 $(BIN)/python -m pytest -q tests/test_store_backends.py

screenshots: venv
	$(BIN)/python scripts/screenshots.py

bench: venv
	$(BIN)/python scripts/bench.py --shared $(SHARED)
	$(BIN)/python scripts/bench.py --shared $(SHARED) --stories

eval: venv
	$(BIN)/python scripts/eval.py --shared $(SHARED)

train-ner: venv
	$(BIN)/python scripts/train_ner.py --shared $(SHARED)

lint: venv
	$(BIN)/ruff check rasd tests scripts

examples: venv
	$(BIN)/python scripts/make_example_archives.py

clean:
	rm -rf $(VENV) data/ .pytest_cache
