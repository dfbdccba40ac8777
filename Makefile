# Quick start: `make demo` scans the bundled examples; `make test` runs the whole test suite.
# Both create the virtual environment .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench-accuracy bench-speed bench-work bench-equality bench-hostile bench-realworld clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# A scan that finds something exits 1 by design; the demo is about what it prints.
demo: setup
	$(BIN)/deserialguard scan examples/ || [ $$? -eq 1 ]
	$(BIN)/deserialguard scan examples/ --format markdown || [ $$? -eq 1 ]

test: setup
	$(BIN)/python -m pytest -q

bench-accuracy: setup
	$(BIN)/python benchmarks/accuracy.py

# Minutes; builds ../bench-corpus on first use. Options: make bench-speed ARGS="--repeat 1 --skip-slow"
bench-speed: setup
	$(BIN)/python benchmarks/speed.py $(ARGS)

# What a scan parses and analyses, and on whose behalf: counts, not seconds (needs ../bench-corpus or ARGS=PATH)
bench-work: setup
	$(BIN)/python benchmarks/work.py $(ARGS)

# Both modes on real code, every threat model on: the same findings? (ARGS=PATH ...; default ../bench-corpus-half)
bench-equality: setup
	$(BIN)/python benchmarks/equality.py $(or $(ARGS),../bench-corpus-half)

# Long functions (1k-100k lines) and 10,000 small files beside the corpus: time and peak memory (minutes)
bench-hostile: setup
	$(BIN)/python benchmarks/hostile.py $(ARGS)

# Published CWE-502 advisories in pinned real projects, every tool side by side (downloads into ../bench-realworld
# once; minutes). Options: make bench-realworld ARGS="--tools deserialguard --only vllm,bentoml"
bench-realworld: setup
	$(BIN)/python benchmarks/realworld.py $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
