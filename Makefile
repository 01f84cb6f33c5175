# Every target sets up what it needs, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## Build the whole site into site/
	$(BIN)/lumbar build --strict

check: $(STAMP)  ## Validate all content and print every error
	$(BIN)/lumbar check

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000
	$(BIN)/lumbar serve

test: $(STAMP)  ## Run the whole test suite
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache
