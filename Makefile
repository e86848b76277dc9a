# `make run` and `make test` are the contract: each sets everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_DIR := tests/telegram/node
# torch is pinned to the CPU build on this machine's disk; anything else pulls a CUDA build.
PIP := $(BIN)/pip install --disable-pip-version-check -q

.PHONY: run test setup ingest eval bench chat clean pg-setup node-setup lint

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip setuptools wheel
	$(PIP) -e '.[dev,postgres]'
	touch $(STAMP)

setup: $(STAMP)

# The sentence-transformers path (tests load a real model); torch is imported only there.
$(VENV)/.st-installed: $(STAMP)
	$(PIP) -e '.[st]'
	touch $@

data/index/policy_articles.chunks.json: $(STAMP) $(wildcard corpus/documents/*)
	$(BIN)/policybot ingest

ingest: $(STAMP)
	$(BIN)/policybot ingest

run: $(STAMP) data/index/policy_articles.chunks.json
	$(BIN)/policybot db upgrade 2>/dev/null || true
	$(BIN)/policybot run

chat: run

node-setup:
	@if [ -d tests/telegram ]; then \
	  test -x "$$(command -v npm)" || (apt-get update -qq && apt-get install -y -qq nodejs npm); \
	  test -d $(NODE_DIR)/node_modules/telegram-test-api || npm install --prefix $(NODE_DIR) --no-audit --no-fund --silent telegram-test-api; \
	fi

pg-setup:
	@test -x scripts/pg_test_server.sh && bash scripts/pg_test_server.sh install || true

test: $(STAMP) $(VENV)/.st-installed pg-setup node-setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

eval: $(STAMP) data/index/policy_articles.chunks.json
	$(BIN)/python -m benchmarks.eval_retrieval
	@test -f benchmarks/eval_intents.py && $(BIN)/python -m benchmarks.eval_intents || true
	@test -f benchmarks/eval_answers.py && $(BIN)/python -m benchmarks.eval_answers || true

bench: $(STAMP) data/index/policy_articles.chunks.json node-setup
	$(BIN)/python -m benchmarks.bench_retrieval
	@test -f benchmarks/bench_answers.py && $(BIN)/python -m benchmarks.bench_answers || true
	@test -f benchmarks/load_telegram.py && $(BIN)/python -m benchmarks.load_telegram || true

lint: $(STAMP)
	$(BIN)/python -m ruff check . || true

clean:
	rm -rf data .pytest_cache
