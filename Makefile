# Two commands do all the set-up on a fresh machine:
#   make run    embedded mode on examples/ (no server needed)
#   make test   lint, type-check and the whole test suite (needs redis-server; started if absent)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint install

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(BIN)/eventwire

install: $(BIN)/eventwire

run: install
	$(BIN)/eventwire run examples/articles.jsonl

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	.ci/ensure-redis
	.ci/ensure-rabbitmq
	.ci/ensure-nats
	$(BIN)/pytest -n 2 --dist loadgroup
