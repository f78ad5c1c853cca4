# Hearth: `make run` sets up and serves the app; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Real open data: ../shared/data when it exists (override HEARTH_DATA_DIR=…).
ifeq ($(origin HEARTH_DATA_DIR), undefined)
ifneq ($(wildcard ../shared/data),)
export HEARTH_DATA_DIR := $(abspath ../shared/data)
endif
endif

UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
PYTEST := $(BIN)/pytest
HOST ?= 127.0.0.1:8000

.PHONY: help install run serve setup assets test lint typecheck test-core test-sqlite test-realdata test-postgres test-browser bench load clean

help:
	@echo "make run    install everything, set up var/hearth.sqlite3, load data, serve on http://$(HOST)"
	@echo "make test   install everything and run every check (lint, types, SQLite, PostgreSQL, browser)"
	@echo "make bench  print the performance figures"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(BIN)/hearth: pyproject.toml uv.lock packages/hearthcore/pyproject.toml | $(UV)
	$(UV) sync --frozen --python 3.11
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/static_build/hearth/hearth.css: node_modules/.package-lock.json frontend/*
	npm run --silent build

install: $(BIN)/hearth assets

assets: web/static_build/hearth/hearth.css

setup: install
	$(BIN)/hearth setup

run: setup
	$(BIN)/hearth serve --production $(HOST)

# The development server (reloads when code changes).
serve:
	$(BIN)/hearth serve $(HOST)

lint: $(BIN)/hearth
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(BIN)/hearth
	$(BIN)/mypy --strict packages/hearthcore/src/hearthcore
	$(BIN)/mypy web/hearth web/config

# The analytics core on its own: proves it imports and works without Django.
test-core: $(BIN)/hearth
	$(BIN)/python scripts/check_core_independent.py
	$(PYTEST) packages/hearthcore -q -p no:cacheprovider --doctest-modules

test-sqlite: install
	$(PYTEST) web -q -m "not browser and not realdata" -p no:cacheprovider

# The real files from HEARTH_DATA_DIR, loaded once into the test database
# (a session of their own: the data stays for the whole session).
test-realdata: install
	$(PYTEST) web -q -m realdata -p no:cacheprovider

test-postgres: install
	scripts/with-postgres.sh bash -c '$(PYTEST) web -q -m "not browser and not realdata" -p no:cacheprovider && $(PYTEST) web -q -m realdata -p no:cacheprovider'

test-browser: install
	scripts/ensure-chromium.sh
	$(PYTEST) web -q -m browser -p no:cacheprovider

test: install lint typecheck test-core test-sqlite test-realdata test-postgres test-browser
	@echo "make test: every check passed"

# Serve as in production and load it with 50 simulated residents (locust,
# loopback only). Needs the data `make run` loads. Not part of `make test`.
load: install
	$(BIN)/python bench/load.py

# bench/pb.py times the participatory budgeting counts on the real Pabulib
# files against pabutools (GPL-3.0, in the `bench` dependency group only:
# Hearth never imports it). With pabutools it takes about ten minutes;
# `make bench PB_BENCH_ARGS=--no-pabutools` times Hearth alone.
PB_BENCH_ARGS ?=
bench: install
	$(UV) sync --frozen --python 3.11 --group bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/nearest.py --geopandas-sample 300000
	$(BIN)/python bench/pb.py $(PB_BENCH_ARGS)
	$(BIN)/python bench/directory.py
	$(BIN)/python bench/addresses.py

clean:
	rm -rf $(VENV) .tools node_modules web/static_build
