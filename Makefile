# The two commands a newcomer needs: `make demo` and `make test`.
# Each creates its own virtual environment in .venv on first use, with the exact
# versions in constraints.txt (the ones the suite last passed with); `make lock` refreshes them.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
LOCK_VENV = .lock-venv

.PHONY: compiled demo test lint lock fonts bench bench-render bench-batch bench-shelf bench-tests clean

# Byte-compiled once, on every core: pip's own compiling (one file at a time) was half the
# install's time, and without it a machine that sets PYTHONDONTWRITEBYTECODE (many CI images
# do) compiled every imported module again in each process: 2.5 s more for each `termsheet`
# a test starts. A few packages ship files that are not meant to compile (templates, Python 2
# examples); nothing imports them, hence `|| true`.
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile -c constraints.txt pip
	$(BIN)/python -m pip install --quiet --no-compile -c constraints.txt -e '.[test]'
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib > /dev/null 2>&1 || true
	touch $@

# The package's own modules, compiled when they changed (a second or less; see above).
compiled: $(BIN)/.installed
	$(BIN)/python -m compileall -q -j 0 reporting > /dev/null

demo: compiled
	$(BIN)/termsheet demo --out output

# One worker per core; a test file's tests stay together (they share its rendered reports),
# and the files go out in the order tests/conftest.py gives them (the costliest first), not
# pytest-xdist's own (the most tests first), which left a long file to run alone at the end.
# PYTHONDONTWRITEBYTECODE emptied: each worker would otherwise rewrite every test module's
# asserts again on every run (5 s of collecting instead of 2); the byte code stays in
# __pycache__ folders, which git ignores.
test: compiled
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

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

# The newest versions pyproject.toml allows, resolved in a scratch environment and written
# to constraints.txt; then run `make test` (it reinstalls .venv from the new file) and commit both.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# Exact versions for \`make demo\` and \`make test\` (pip install -c constraints.txt)."; \
	  echo "# Written by \`make lock\` on Python $$($(LOCK_VENV)/bin/python -c 'import platform; print(platform.python_version())'); do not edit by hand."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable; } > constraints.txt
	rm -rf $(LOCK_VENV)

# The HTML's WOFF2 font subsets, from the bundled TTFs (reporting/fonts/subset.py).
fonts: $(BIN)/.installed
	$(BIN)/python -m reporting.fonts.subset
bench-shelf: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_shelf.py

# The suite's wall time and CPU, and the costliest test files and tests (benchmarks/bench_tests.py).
bench-tests: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_tests.py

clean:
	rm -rf $(VENV) output/*/ output/index.html output/shelf.* output/.termsheet-manifest.json build dist *.egg-info
