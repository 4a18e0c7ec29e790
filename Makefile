# The two set-up commands on a fresh machine are `make serve` and `make test`.
PY := .venv/bin/python
PIP := .venv/bin/pip
STAMP := .venv/.installed

.PHONY: setup index serve test robust lint bench eval eval-retrieval clean

setup: $(STAMP)

# Re-install when the dependency list changes. The constraints file keeps pip on the CPU torch build.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Ingestion is incremental and a no-op when nothing changed, so running it every time is cheap.
index: setup
	$(PY) -m service ingest

serve: index
	$(PY) -m service serve

# The whole suite, the robustness tests included (fuzzing, load, kills, limits), and the compose file
# checked against the compose specification (no Docker engine is needed for that).
test: index
	$(PY) -m ruff check service tests
	.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	$(PY) -m pytest -q

# Only the robustness suite.
robust: index
	$(PY) -m pytest -q -m robust -s

lint: setup
	$(PY) -m ruff check service tests
	$(PY) -m ruff format --check service tests

bench: index
	$(PY) -m service bench --out evals/runs/bench

eval-retrieval: index
	$(PY) -m service eval-retrieval --out evals/runs/retrieval

clean:
	rm -rf data evals/runs .pytest_cache
