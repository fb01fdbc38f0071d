# Pakistan and the multilateral order: a reproducible briefing built by notebooks.
# `make help` lists the targets and parameters.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-builtin-rules

PYTHON3 ?= python3
# What .venv is built on: PYTHON3 when given (make PYTHON3=...), else the fastest Python
# 3.11 on the machine by how it was built (src/helpers/interpreter.py says why).
VENV_PYTHON = $(if $(filter command line environment,$(origin PYTHON3)),$(PYTHON3),$$($(SYSPY) -m helpers.interpreter))
# A recipe line: creates .venv on that Python unless it exists (for env and lock).
MAKE_VENV = test -x $(PY) || { base="$(VENV_PYTHON)"; echo "    .venv on $$base"; "$$base" -m venv $(VENV); }
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
ENV_STAMP := $(VENV)/.installed
BYTECODE_STAMP := $(VENV)/.compiled
HELPERS_BYTECODE := build/.helpers-compiled
SYSTEM_STAMP := $(VENV)/.system-packages
# Standard-library helpers that run before (or without) the environment.
SYSPY := PYTHONPATH=src $(PYTHON3)

## Parameters (checked against src/helpers/params.py before any work)
# A variable given on the command line that nothing here reads would be ignored without a
# word, and a typo (FOCU=un, focus=un) would build the default briefing: it stops make.
# The run parameters are those of src/helpers/params.py (a test keeps the two lists equal).
RUN_PARAMETERS := FOCUS PERIOD_START PERIOD_END TITLE
OTHER_VARIABLES := FILE ID BENCH_ARGS EXECUTOR PYTHON3 SOURCE_DATE_EPOCH BRIEFING_ROOT RUN_STEP PYTEST_ADDOPTS
NOTHING :=
ESCAPED_SPACE := \$(NOTHING) $(NOTHING)
# Each NAME=value, a space in a value escaped as make writes it, cut at its first '='.
GIVEN_VARIABLES := $(foreach w,$(subst $(ESCAPED_SPACE),_,$(MAKEOVERRIDES)),$(firstword $(subst =, ,$(subst :=,=,$(w)))))
# Checked where a person types the command: a make that runs this one (MAKELEVEL above 0)
# passes its own variables down, which are not ours to judge.
UNKNOWN_VARIABLE := $(if $(filter 0,$(MAKELEVEL)),$(firstword $(filter-out $(RUN_PARAMETERS) $(OTHER_VARIABLES),$(GIVEN_VARIABLES))))
ifneq ($(UNKNOWN_VARIABLE),)
UPPER_CASED := $(shell echo '$(UNKNOWN_VARIABLE)' | tr a-z A-Z)
$(error $(UNKNOWN_VARIABLE) is not a variable this project reads$(if $(filter $(UPPER_CASED),$(RUN_PARAMETERS) $(OTHER_VARIABLES)), (did you mean $(UPPER_CASED)?),). The run parameters are $(RUN_PARAMETERS) (make help says what each takes); FILE and ID are for add-source, BENCH_ARGS for bench, EXECUTOR for where the extraction runs (README))
endif
FOCUS ?= all
# 'FOCUS=' given empty is the default, and a value is read without the spaces around it, as
# params.py reads them: the outputs' names (SUFFIX) must be the ones the runner gives
override FOCUS := $(or $(strip $(FOCUS)),all)
PERIOD_START ?=
PERIOD_END ?=
override PERIOD_START := $(strip $(PERIOD_START))
override PERIOD_END := $(strip $(PERIOD_END))
TITLE ?=
export FOCUS PERIOD_START PERIOD_END TITLE

# What the outputs of a focus and period are named by (params.output_suffix says the same)
SUFFIX := $(if $(filter all,$(FOCUS)),,-$(FOCUS))$(if $(PERIOD_START),-from-$(PERIOD_START))$(if $(PERIOD_END),-to-$(PERIOD_END))
PARAMS_STAMP := build/params$(SUFFIX).json
EXECUTED := build/executed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.py))
HELPER_SOURCES := $(wildcard src/helpers/*.py)
DEPS_MK := build/notebook-deps.mk

.PHONY: foreign-venv help report briefs add-source eval bench browser-deps test lint lab lock clean distclean check-params env run-steps out-of-date

help: ## list targets and parameters
	@echo "Targets:"
	@grep -E '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20
	@echo
	@echo "Parameters (e.g. make report FOCUS=un):"
	@$(SYSPY) -m helpers.params help

report: check-params $(SYSTEM_STAMP) $(ENV_STAMP) $(BYTECODE_STAMP) $(HELPERS_BYTECODE) $(DEPS_MK) ## build the briefing (reports/briefing*.html, .pdf) and its tables
	@steps="$$($(STALE_STEPS))"; if [ -n "$$steps" ]; then $(RUN_STEP) $$steps; fi; \
	$(SYSPY) -m helpers.manifest --focus-suffix='$(SUFFIX)' $${steps:+--ran}; \
	for nb in notebooks/*.ipynb; do if [ -e "$$nb" ]; then \
		echo "Note: the build runs $${nb%.ipynb}.py, not $$nb: edits made in the .ipynb are not in this briefing (README: How the build works)."; \
	fi; done; \
	if [ -n "$(NOTE_OTHER_BRIEFINGS)" ] && [ "$$(ls reports/briefing*.html 2>/dev/null | wc -l)" -gt 1 ]; then \
		$(PY) -m helpers.other_briefings --stale-steps '$(STALE_STEPS)'; fi

# Another focus's or period's briefing left in reports/ from an older build is pointed out
# after a build (it is not rebuilt: each costs a briefing's run); `make briefs` builds every
# focus. helpers/other_briefings.py judges each by the contents of its inputs, and names a
# file whose name is not one we give (a copy, a renamed briefing) as not ours.
NOTE_OTHER_BRIEFINGS ?= yes

briefs: ## build the briefing for every focus
	@for f in $$($(SYSPY) -m helpers.params focuses); do \
		$(MAKE) --no-print-directory report FOCUS=$$f NOTE_OTHER_BRIEFINGS= || exit 1; done

check-params:
	@$(SYSPY) -m helpers.params stamp --out $(PARAMS_STAMP)

env: $(SYSTEM_STAMP) $(ENV_STAMP) $(BYTECODE_STAMP) ## create or refresh .venv from requirements.lock (and the PDF's system libraries)

# A .venv copied along with the project (cp -a) is the original's: its install of
# src/helpers and its scripts point there, so a build in the copy would read and write the
# original's files (an analyst's review). It is set up again for this copy (the system
# packages' check, of the machine, is kept). A symlinked
# .venv is a deliberate share (make bench's copies set PYTHONPATH and BRIEFING_ROOT).
VENV_HELPERS_FROM := $(shell cat $(VENV)/lib/python*/site-packages/__editable__.helpers-*.pth 2>/dev/null)
FOREIGN_VENV := $(and $(VENV_HELPERS_FROM),$(shell test -L $(VENV) || echo dir),$(filter-out $(realpath src),$(or $(realpath $(VENV_HELPERS_FROM)),gone)))
foreign-venv: ;

# The environment: rebuilt when the lock or the package metadata changes.
$(ENV_STAMP): requirements.lock pyproject.toml src/helpers/templates/lab-overrides.json $(if $(FOREIGN_VENV),foreign-venv)
	@$(if $(FOREIGN_VENV),echo "==> $(VENV) was set up for $(VENV_HELPERS_FROM:%/src=%) (copied with the project?): setting up one for this copy"; find $(VENV) -mindepth 1 -maxdepth 1 ! -name $(notdir $(SYSTEM_STAMP)) -exec rm -rf {} +)
	@echo "==> Setting up $(VENV) from requirements.lock"
	@$(MAKE_VENV)
	@if $(PY) -m pip install -q --disable-pip-version-check uv==$(UV_VERSION); then \
		$(UV) pip install -q --python $(PY) -r requirements.lock && \
		$(UV) pip install -q --python $(PY) --no-deps -e . ; \
	else \
		echo "uv unavailable: installing with pip"; \
		$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock && \
		$(PY) -m pip install -q --disable-pip-version-check --no-deps -e . ; \
	fi
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp src/helpers/templates/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

# Bytecode for every installed module, compiled once: uv installs without it, and a kernel
# that finds no .pyc compiles pandas, matplotlib, nbconvert... from source, seconds a step.
# (A file that does not compile is one nothing imports, so it does not stop the build.)
$(BYTECODE_STAMP): $(ENV_STAMP)
	@echo "==> Compiling $(VENV) to bytecode (once)"
	@$(PY) -m compileall -qq -j 0 $(VENV)/lib || true
	@touch $@

# The same for our own modules, again whenever one changes: our machines set
# PYTHONDONTWRITEBYTECODE, so every kernel and worker compiled src/helpers from source
# (85 ms a process that imports them all; Python reads a .pyc it did not write, and
# ignores one older than its source).
$(HELPERS_BYTECODE): $(HELPER_SOURCES) $(ENV_STAMP)
	@mkdir -p $(@D)
	@$(PY) -m compileall -qq src/helpers > /dev/null || true
	@touch $@

# The machine's Debian packages the PDF is made with (Pango, the DejaVu fonts, HarfBuzz's
# font subsetter), installed with apt-get as root when missing; checked once per .venv
# (src/helpers/system_packages.py says why; `rm .venv/.system-packages` checks again).
$(SYSTEM_STAMP):
	@mkdir -p $(@D)
	@$(SYSPY) -m helpers.system_packages --install pdf
	@touch $@

lock: ## regenerate requirements.lock from environment.yml (needs the package index)
	@test -x $(UV) || { $(MAKE_VENV); $(PY) -m pip install -q uv==$(UV_VERSION); }
	@mkdir -p build
	@$(SYSPY) -m helpers.envspec environment.yml > build/requirements.in
	$(UV) pip compile build/requirements.in --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" -q -o requirements.lock

# Which files each notebook reads (its helpers, its parameters' inputs, the step before),
# worked out from the notebooks themselves; written again when one of them changes, and
# when the steps are not those it was written for (a step removed, or renamed: a rename
# keeps the file's time). The list of those steps is kept beside it and read by make.
DEPS_STEPS := $(DEPS_MK:.mk=.steps)
$(DEPS_MK): $(NOTEBOOKS) $(HELPER_SOURCES)
	@mkdir -p $(@D)
	@$(SYSPY) -m helpers.notebook_deps > $@.tmp && mv $@.tmp $@
	@echo '$(NOTEBOOKS)' > $(DEPS_STEPS)
ifneq ($(strip $(file <$(DEPS_STEPS))),$(strip $(NOTEBOOKS)))
$(DEPS_MK): out-of-date
endif


# One executed notebook per step; the runner executes it with papermill and keeps the
# executed copy only when every cell succeeded.
RUN_STEP := $(PY) -m helpers.pipeline run --skip-unchanged
$(EXECUTED)/%.ipynb: $(ENV_STAMP)
	@$(RUN_STEP) $(STEP_OF_$*)

# Never up to date: a target that depends on it is made again. The rules make a step
# depend on it when a file the step wrote last time has been deleted; the rules
# themselves, when the steps are not those they were written for.
out-of-date: ;

# `make report` runs every out-of-date step in one runner process, so papermill, jupytext
# and nbformat load once. Which steps are out of date is make's own answer: a dry run of
# run-steps with an empty RUN_STEP prints the name of each step it would run. (Not a
# direct $(MAKE): `make -n report` then only prints, and runs nothing.)
STALE_STEPS = MAKEFLAGS= $(MAKE) -s --no-print-directory -n -f Makefile -f $(DEPS_MK) run-steps RUN_STEP=

add-source: $(ENV_STAMP) ## copy FILE into data/sources/ and register it (make add-source FILE=path [ID=slug])
	@$(PY) -m helpers.add_source '$(FILE)' $(if $(ID),--id '$(ID)')

eval: report ## precision and recall of the tables against tests/expectations/
	@$(PY) -m helpers.evaluate

# Benchmarks run in a temporary copy of the project, never in this tree (see benchmarks/bench.py).
bench: env ## time clean/no-op/partial builds and the extraction at x1, x100, x1000 (reports/bench/)
	@$(PY) benchmarks/bench.py $(BENCH_ARGS)

# The browser test drives Debian's Chromium (never a downloaded browser) and axe-core from npm.
CHROMIUM := /usr/bin/chromium
AXE := tests/browser/node_modules/axe-core/axe.min.js

browser-deps: $(CHROMIUM) $(AXE) ## install what the browser test needs (Debian's chromium, axe-core)

$(AXE): tests/browser/package-lock.json
	@cd tests/browser && npm ci --silent --no-audit --no-fund
	@touch $@

$(CHROMIUM):
	@$(SYSPY) -m helpers.system_packages --install browser-test

test: $(SYSTEM_STAMP) $(ENV_STAMP) browser-deps ## run the test suite
	@$(PY) -m pytest -q

lint: $(ENV_STAMP) ## lint src/, notebooks/ and tests/ with ruff
	@$(VENV)/bin/ruff check src notebooks tests

# Rooted at the project, so data/, reports/ and src/helpers/ are in Lab's file browser too;
# it opens on notebooks/.
lab: $(ENV_STAMP) ## open JupyterLab on notebooks/ (the .py notebooks open as notebooks)
	@$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) \
		--ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

clean: ## remove what the build made (keeps .venv, and make bench's results in reports/bench/)
	rm -rf build data/interim
	find reports -mindepth 1 -not -name README.md -not -path 'reports/bench' -not -path 'reports/bench/*' -delete 2>/dev/null || true

distclean: clean ## remove .venv as well
	rm -rf $(VENV)
