# Two commands do all the set-up: `make html` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPHINXOPTS ?=
PYTEST_ARGS ?=

.PHONY: html email test serve bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,serve,cjk,bench]"
	touch $(STAMP)

# axe-core (accessibility checks in the browser tests) comes from npm.
$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --silent
	touch $(NODE_STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build -b dirhtml -W --keep-going -d _build/doctrees . _build/html $(SPHINXOPTS)

# The email edition: NNNN.html, NNNN.txt and NNNN.eml per published issue.
email: $(STAMP)
	$(BIN)/sphinx-build -b newsletter-email -W --keep-going -d _build/doctrees . _build/email $(SPHINXOPTS)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/newsletter serve -- --watch src $(SPHINXOPTS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf _build
