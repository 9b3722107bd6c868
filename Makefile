# Freeze the Lines? - the two commands a newcomer needs are `make book` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
RAW ?= data/raw
STAMP := $(VENV)/.installed-stamp
NPM_STAMP := node_modules/.installed-stamp
# The kernel the notebooks run in must be this environment's.
export PATH := $(abspath $(VENV))/bin:$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: book test setup data notebooks serve bench clean

## make book: set up (if needed) and build the HTML into _build/html from clean
book: setup
	rm -rf _build
	$(JB) build --all -W --keep-going .
	@echo "Built: $(abspath _build/html/index.html)"

## make test: set up (if needed), build the book (warnings are errors), run every test
test: book
	$(PY) -m pytest -q

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip check
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## make data: rebuild data/ from the raw archives in data/raw (checked against data/raw/SHA256SUMS; RAW=path to override)
data: setup
	$(PY) -m freezelines.pipeline --raw $(RAW) --out data

## make notebooks: re-execute every notebook in place (after a data change)
notebooks: setup
	$(PY) tools/run_notebooks.py

## make bench: the built book served with gzip: page weights, Lighthouse (mobile) and explorer steps against fixed budgets
bench: setup
	test -f _build/html/index.html || $(MAKE) book
	$(PY) tools/bench.py

## make serve: serve the built book on http://127.0.0.1:8000
serve:
	$(PY) -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build
