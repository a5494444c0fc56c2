# Quick start: `make crawl` (real crawl into ./archive) and `make test` (whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SPIDER ?= opsintels
PORT   ?= 8808

.PHONY: crawl demo test install install-test upload verify clean bench bench-quick bench-long

$(BIN)/scrapy: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/scrapy
	$(BIN)/pip install --quiet -e '.[test,dataset]'
	touch $@

install: $(BIN)/scrapy
install-test: $(VENV)/.test-installed

## crawl: the main job, `scrapy crawl opsintels` into ARCHIVE_URI (default ./archive)
crawl: install
	$(BIN)/scrapy crawl $(SPIDER)

## demo: serve the bundled OpsIntels test site on loopback and crawl it into ./archive
demo: install
	$(BIN)/python -m tests.site.demo --spider $(SPIDER) --port $(PORT)

## upload: store what earlier crawls left in the spool (each crawl's manifest last)
upload: install
	$(BIN)/scrapy upload

## verify: check a dataset against its manifests (URI=s3://bucket/prefix/…, default ARCHIVE_URI)
verify: install
	$(BIN)/scrapy verify $(URI)

## test: the whole suite (installs test extras, starts what the tests need)
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: whole pipeline vs bare Scrapy vs wget, N = 1,000 and 10,000 (table + bench/out/*.json)
bench: install-test
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## bench-quick: the same at N = 300, under two minutes
bench-quick: install-test
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)

## bench-long: adds N = 50,000
bench-long: install-test
	$(BIN)/python -m bench.run --long $(BENCH_ARGS)

clean:
	rm -rf $(VENV) spool .pytest_cache
