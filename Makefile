# Two commands a newcomer needs: `make run` and `make test`. Everything is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: run test dev bench dashboard clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Debian's Chromium for the dashboard's browser test (root and Debian's registry, as in CI).
$(VENV)/.chromium: | $(STAMP)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian) for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	  || echo "warning: could not install chromium: the browser test will be skipped"; }
	touch $@

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml

## run: set up .venv and build warehouse/meetings.duckdb from raw/
run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(PY) -m assets load --raw raw --warehouse warehouse/meetings.duckdb --record-runs

## test: the whole test suite
test: $(STAMP) $(VENV)/.chromium
	$(PY) -m pytest

## dev: the Dagster UI on http://127.0.0.1:3000 with the same assets, schedule and sensor
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## bench: pages/s, ratios to bare pdfplumber, peak memory at 1x and 4x corpus size
bench: $(STAMP)
	$(PY) tests/bench.py

## dashboard: build the static dashboard from the published warehouse
dashboard: $(STAMP)
	$(PY) -m pipeline.dashboard --warehouse warehouse/meetings.duckdb --out warehouse/dashboard.html

clean:
	rm -rf warehouse/*.duckdb* warehouse/.parsed warehouse/.validation warehouse/.runs .dagster_home
