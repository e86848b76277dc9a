# `make run` and `make test` are the contract: each sets everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_DIR := tests/telegram/node
# torch is pinned to the CPU build on this machine's disk; anything else pulls a CUDA build.
PIP := $(BIN)/pip install --disable-pip-version-check -q

.PHONY: run test setup ingest eval bench chat clean pg-setup node-setup nginx-setup cluster cluster-down lint

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

data/index/policy_articles.chunks.json: $(STAMP) $(wildcard corpus/documents/*) retrieval/domain_terms.txt
	$(BIN)/policybot ingest

ingest: $(STAMP)
	$(BIN)/policybot ingest

# SEED_SAMPLE=0 keeps the fictional 示例 agencies out of a real registry.
SEED_SAMPLE ?= 1
run: $(STAMP) data/index/policy_articles.chunks.json
	$(BIN)/policybot db upgrade
	@if [ "$(SEED_SAMPLE)" = "1" ]; then $(BIN)/policybot db seed-sample; fi
	$(BIN)/policybot run

chat: run

node-setup:
	@if [ -d tests/telegram ]; then \
	  test -x "$$(command -v npm)" || (apt-get update -qq && apt-get install -y -qq nodejs npm); \
	  test -d $(NODE_DIR)/node_modules/telegram-test-api || npm ci --prefix $(NODE_DIR) --no-audit --no-fund --silent; \
	fi

# PostgreSQL from apt for the database tests (they skip, saying why, if it cannot be installed).
pg-setup: $(STAMP)
	-$(BIN)/python scripts/pg_test_server.py install

# nginx from apt for the cluster smoke test (it skips, saying why, if nginx cannot be installed).
nginx-setup:
	-@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx >/dev/null)

# The scale path on this machine: PostgreSQL + Chroma server + CLUSTER_WORKERS webhook workers + nginx.
cluster: $(STAMP) pg-setup nginx-setup
	$(BIN)/python scripts/cluster.py up

cluster-down:
	$(BIN)/python scripts/cluster.py down

test: $(STAMP) $(VENV)/.st-installed pg-setup node-setup nginx-setup
	$(BIN)/python -m pytest -q -rs -p no:cacheprovider

eval: $(STAMP) data/index/policy_articles.chunks.json
	$(BIN)/python -m benchmarks.eval_retrieval
	$(BIN)/python -m benchmarks.eval_intents
	$(BIN)/python -m benchmarks.eval_answers
	$(BIN)/python -m benchmarks.eval_conversations
	$(BIN)/python -m benchmarks.eval_region_swaps

bench: $(STAMP) data/index/policy_articles.chunks.json node-setup pg-setup nginx-setup
	$(BIN)/python -m benchmarks.bench_retrieval
	$(BIN)/python -m benchmarks.bench_answers
	$(BIN)/python -m benchmarks.load_telegram
	$(BIN)/python -m benchmarks.load_cluster
	$(BIN)/python -m benchmarks.bench_reminders
	$(BIN)/python -m benchmarks.bench_pathological

lint: $(STAMP)
	$(BIN)/python -m ruff check . || true

clean:
	rm -rf data .pytest_cache
