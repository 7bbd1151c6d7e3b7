# The two commands a new user needs: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-services lint typecheck bench-intake bench-scoring bench-review bench-adversarial bench-readers drill drill-hostile data train clean wordpress-plugin

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.train-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[train]'
	touch $@ $(VENV)/.run-installed

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed $(VENV)/.train-installed

## Start the API on $(HOST):$(PORT) with the embedded Redis and the committed model.
run: $(VENV)/.run-installed
	$(VENV)/bin/moderation serve --host $(HOST) --port $(PORT)

## Run the whole test suite: lint, types, every test (needs a Redis server on 127.0.0.1:6379, as on CI), then
## the Redis-facing tests again on a Redis Cluster. This is what CI runs.
## Both passes run on PYTEST_WORKERS pytest-xdist processes (0: one process), each given whole files (module
## fixtures such as a WordPress site are set up once), the slow and browser files first (tests/conftest.py).
PYTEST_WORKERS ?= 2
XDIST := -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: test-services lint typecheck
	$(PY) -m pytest $(XDIST) --durations=15
	$(MAKE) --no-print-directory test-cluster

## The tests that read and write Redis (marked `redis`; tests/unit/test_redis_markers.py fails when a Redis-facing
## file lacks the mark), again against a three-master Redis Cluster (scripts/redis-cluster.sh starts one on free
## ports, or reuses it): every script and transaction must stay in one slot. `make test` ends with it; the cluster
## is stopped afterwards, pass or fail.
test-cluster: $(VENV)/.test-installed
	url=$$(bash scripts/redis-cluster.sh) && status=0 && \
	  MODERATION_TEST_REDIS_URL=$$url $(PY) -m pytest $(XDIST) -q -m "redis and not slow" || status=$$?; \
	  bash scripts/redis-cluster.sh stop; exit $$status

## The Debian packages the tests drive (redis-server, chromium, WordPress, PHP, MariaDB, nginx, Go), installed when
## missing (needs root and apt-get; the script says what to install by hand elsewhere), then Redis on 127.0.0.1:6379.
test-services:
	bash scripts/test-services.sh

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check moderation training tests benchmarks
	$(VENV)/bin/ruff format --check moderation training tests benchmarks

typecheck: $(VENV)/.test-installed
	$(VENV)/bin/mypy

## Benchmarks: scripts that measure and print; not tests.
bench-intake: $(VENV)/.test-installed
	$(PY) benchmarks/bench_intake.py

bench-scoring: $(VENV)/.test-installed
	$(PY) benchmarks/bench_scoring.py

bench-review: $(VENV)/.test-installed
	$(PY) benchmarks/bench_review.py

bench-adversarial: $(VENV)/.test-installed
	$(PY) benchmarks/bench_adversarial.py

bench-readers: $(VENV)/.test-installed
	$(PY) benchmarks/bench_readers.py

## Fault drill: comments with Idempotency-Keys while a private Redis is killed (-9) and restarted; prints
## accepted / 503 / 5xx / lost / duplicated, and the cost of appendfsync always vs everysec.
drill: $(VENV)/.test-installed
	$(PY) benchmarks/drill.py --fsync-cost

## Hostile drill of issue 22 against `moderation serve` and the Redis on 127.0.0.1:6379 (a private namespace):
## masked-word CPU, slow sockets, huge headers and bodies, hostile bodies, disconnects, flood identity, word
## lists, NUL labels, bans; one line per attack with what the drill of 7472057 saw.
drill-hostile: $(VENV)/.test-installed
	$(PY) benchmarks/drill_hostile.py

## Retraining (docs/models.md): get the public data sets into $(DATA), then train a new version into model/.
DATA ?= ../shared/data
data: $(VENV)/.run-installed
	$(PY) -m training data fetch --to $(DATA)

train: $(VENV)/.train-installed
	$(PY) -m training train --data $(DATA) --out model/

## The WordPress plugin as an installable zip (Plugins > Add New > Upload), French catalogue compiled first.
WP_PLUGIN := integrations/wordpress/moderation
WP_MO     := $(WP_PLUGIN)/languages/moderation-fr_FR.mo

$(WP_MO): $(WP_PLUGIN)/languages/moderation-fr_FR.po
	msgfmt --check -o $@ $<

wordpress-plugin: $(WP_MO)
	mkdir -p dist
	rm -f dist/moderation-wordpress.zip
	cd integrations/wordpress && $(PYTHON) -m zipfile -c ../../dist/moderation-wordpress.zip moderation
	@echo "dist/moderation-wordpress.zip"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist
