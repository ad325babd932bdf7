# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test bench lint

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(BIN)/.installed  ## upgrade the database and run the bot
	$(BIN)/verksam run

test: $(BIN)/.installed  ## lint, the import layers, then the whole test suite
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(BIN)/.installed  ## the benchmarks, figures for the README
	$(BIN)/python -m bench core
	$(BIN)/python -m bench clock
	$(BIN)/python -m bench backup
