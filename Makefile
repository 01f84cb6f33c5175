# Every target sets up what it needs, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Node tools from the committed package-lock.json: axe-core for the browser tests,
# plus Lighthouse (a devDependency) for the benchmarks. `npm ci` empties node_modules first.
NODE_TEST := node_modules/.installed-test
NODE_BENCH := node_modules/.installed-bench
NPM_CI := npm ci --no-audit --no-fund --loglevel=error
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check bench clean cards

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The site generator for `make site` and `make serve`: mkdocs (Material, the default) or zensical.
ENGINE ?= mkdocs

site: $(STAMP)  ## Build the whole site into site/ (ENGINE=zensical for Zensical)
	$(BIN)/lumbar build --strict --engine $(ENGINE)

check: $(STAMP)  ## Validate all content and print every error
	$(BIN)/lumbar check

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000 (ENGINE=zensical for Zensical)
	$(BIN)/lumbar serve --engine $(ENGINE)

PAPER ?= a4
cards: $(STAMP)  ## Exercise cards (PDF, PNG, 4 to a sheet) into build/cards/; PAPER=letter for US Letter
	$(BIN)/python scripts/build_cards.py --out build/cards --paper $(PAPER)

$(NODE_TEST): package.json package-lock.json
	$(NPM_CI) --omit=dev
	touch $@

$(NODE_BENCH): package.json package-lock.json
	$(NPM_CI)
	touch $@ $(NODE_TEST)

# Style (ruff), types (mypy, with the pydantic plugin) and the import contracts (import-linter)
# on src/, then the browser's handout rulebook against the shared vectors (node --test), then
# pytest.
# Four workers (two a core on the 2-core machine: while one waits on Chromium, a subprocess or
# the shared build's lock, another runs; measured faster than two or six), whole test files to a
# worker so a module's fixtures are built once (the browser files whose tests share only
# session fixtures go out test by test), handed out longest first (tests/conftest.py
# orders them; --no-loadscope-reorder stops xdist putting the files with most tests first);
# the real site is built once and shared (tests/conftest.py).
test: $(STAMP) $(NODE_TEST)  ## Run the whole test suite (browser tests included)
	$(BIN)/ruff check src
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo --no-cache
	PYTHON=$(BIN)/python node --test tests/rulebook/
	$(BIN)/python -m pytest -n 4 --dist loadfile --no-loadscope-reorder

bench: $(STAMP) $(NODE_BENCH)  ## Measure build cost, scale, page weight and Lighthouse; writes BENCHMARKS.md
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site $(VENV) .pytest_cache node_modules .bench
