# Two commands do all the set-up: `make html` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPHINXOPTS ?=
PYTEST_ARGS ?=
# The tests run on every core, a module's tests on one worker (its module fixtures are
# built once). TEST_WORKERS=0 runs them all in this process.
TEST_WORKERS ?= auto
XDIST = -n $(TEST_WORKERS) --dist loadscope

.PHONY: html email test test-fast serve bench lint clean messages theme-css

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,serve,cjk,bench]"
	touch $(STAMP)

# axe-core (accessibility checks in the browser tests) and the Nu Html Checker
# (vnu-jar: the search page's HTML, run with Java) come from npm.
$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --silent
	touch $(NODE_STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build -b dirhtml -W --keep-going -d _build/doctrees . _build/html $(SPHINXOPTS)

# The email edition: NNNN.html, NNNN.txt and NNNN.eml per published issue.
email: $(STAMP)
	$(BIN)/sphinx-build -b newsletter-email -W --keep-going -d _build/doctrees . _build/email $(SPHINXOPTS)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# Every test but those marked slow (the real corpora, the benchmark's peers, the fuzz
# and timing tests that build again and again): the quick check while editing.
test-fast: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(XDIST) -m "not slow" $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/newsletter serve -- --watch src $(SPHINXOPTS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

clean:
	rm -rf _build

# The kit's message catalog: extract the msgids into the .pot and merge them into each
# language's .po (translate the new entries by hand; .mo files are compiled at build time).
LOCALE := src/sphinx_newsletter/locale
messages: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output --omit-header -F $(LOCALE)/babel.cfg \
	  -k _ -k N_ -k nl_ -k ngettext:1,2 -k nl_ngettext:1,2 -k nl_plural_forms:1,2 -o $(LOCALE)/sphinx_newsletter.pot src/sphinx_newsletter
	for lang in zh_CN zh_TW ja ko; do \
	  $(BIN)/pybabel update --no-fuzzy-matching -D sphinx_newsletter -l $$lang \
	    -i $(LOCALE)/sphinx_newsletter.pot -d $(LOCALE); \
	done

# The kit's base stylesheet: the rules of Sphinx's basic.css and PyData's stylesheet
# that the kit's pages use (PurgeCSS from npm). Run it after upgrading either theme.
theme-css: $(STAMP) $(NODE_STAMP)
	$(BIN)/python tools/theme_css.py
