# The two commands a newcomer needs: `make demo` and `make test`.
# Each creates its own virtual environment in .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test lint bench bench-render bench-batch clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/termsheet demo --out output

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check reporting tests benchmarks
	$(BIN)/ruff format --check reporting tests benchmarks

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_diff.py
	$(BIN)/python benchmarks/bench_data_out.py

bench-render: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_render.py

bench-batch: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_batch.py --deals 200

clean:
	rm -rf $(VENV) output/*/ output/index.html output/.termsheet-manifest.json build dist *.egg-info
