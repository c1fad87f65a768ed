# Two commands: `make run` serves everything locally, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
EMULATOR_PORT ?= 5000
PORT ?= 8000

.PHONY: run test clean

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

run: $(INSTALLED)
	EMULATOR_PORT=$(EMULATOR_PORT) PORT=$(PORT) $(BIN)/python -m devtools.local

test: $(INSTALLED)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache build out
