# rasd: two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DB ?= data/rasd.db
export RASD_DB ?= $(DB)

.PHONY: run test venv bench eval lint clean examples train-ner

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# the machine's pip 23 crashes resolving trafilatura's lxml extras: upgrade first
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

run: venv
	$(BIN)/rasd ingest examples/
	$(BIN)/rasd ls --limit 30

test: venv
	$(BIN)/ruff check rasd tests scripts
	$(BIN)/python -m pytest -q

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
