# Two entry points (see README.md):
#   make run   - set up, build the index if needed, serve the chat on http://127.0.0.1:8000
#   make test  - set up, then lint, type-check and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.hkqa-installed
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run install index serve test lint typecheck pytest bench eval clean

run: index serve

# torch first, pinned to the local CPU wheel: any other torch request pulls a CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

index: install
	$(BIN)/hkqa ingest

serve: install
	$(BIN)/hkqa serve

test: install
	bash scripts/install_chromium.sh
	$(MAKE) --no-print-directory lint typecheck pytest

lint: install
	$(BIN)/ruff check src tests eval

typecheck: install
	$(BIN)/mypy

# pytest exits 5 when it collected no tests: that is a broken suite, never a pass.
pytest: install
	$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

bench: install
	$(BIN)/python -m hkqa.bench

eval: install
	$(BIN)/hkqa eval --mode all

clean:
	rm -rf index .pytest_cache .ruff_cache .mypy_cache
