# The two quick-start commands: `make demo` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench clean

demo: $(VENV)/.installed-run
	$(BIN)/framing report

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# The benchmark suite (not part of the tests): Markdown tables on stdout and in reports/bench/.
# The three corpus sizes take about an hour on two cores; `make bench SIZES=1000` is quicker.
SIZES ?= 1000,10000,100000

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	mkdir -p reports/bench
	$(BIN)/python benchmarks/bench_analyze.py --out reports/bench/analyze.md
	$(BIN)/python benchmarks/bench_compare.py --out reports/bench/compare.md
	$(BIN)/python benchmarks/mem_compare.py | tee reports/bench/memory.md
	$(BIN)/python benchmarks/bench_report.py --out reports/bench/report.md
	$(BIN)/python benchmarks/bench_scale.py --sizes $(SIZES) --out reports/bench/scale.md

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "framing needs Python 3.11 or newer; run e.g. make PYTHON=python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed-run

clean:
	rm -rf $(VENV) reports/seeds .pytest_cache .hypothesis
