# Two commands do all the set-up on a fresh machine:
#   make run    embedded mode on examples/ (no server needed)
#   make test   lint, type-check and the whole test suite (needs redis-server; started if absent)
# And for benchmarks or production speed on this machine:
#   make compiled   .venv-compiled: the wheel with the hot pipeline modules compiled by mypyc
#                   (non-editable: rerun it after editing a .py), with the test and bench extras
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
COMPILED ?= .venv-compiled

.PHONY: run test lint install compiled

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# Editable, so always pure Python: EVENTWIRE_PURE=1 also spares the build mypyc's dependencies.
	EVENTWIRE_PURE=1 $(BIN)/python -m pip install --quiet -e ".[test]"
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

compiled:
	test -x $(COMPILED)/bin/python || $(PYTHON) -m venv $(COMPILED)
	$(COMPILED)/bin/python -m pip install --quiet --upgrade pip
	rm -rf $(COMPILED)/wheel
	$(COMPILED)/bin/python -m pip wheel --quiet --no-deps --wheel-dir $(COMPILED)/wheel .
	$(COMPILED)/bin/python -m pip install --quiet --force-reinstall --no-deps $(COMPILED)/wheel/*.whl
	$(COMPILED)/bin/python -m pip install --quiet "$$(echo $(COMPILED)/wheel/*.whl)[test,bench]"
	$(COMPILED)/bin/python -P -c "import eventwire; print(eventwire.build_line())"
