# ansible-test units and integration, in the staged copy the Makefile's `stage` target makes.
#
#   make units        ansible-test units (--venv: its own pytest, plus tests/unit/requirements.txt)

ANSIBLE_TEST_PYTHON ?= 3.11
UNITS_ARGS ?=

.PHONY: units

units: stage
	$(call banner,ansible-test units)
	cd "$(STAGE_DIR)"
	start=$$SECONDS
	PATH="$(BIN):$$PATH" "$(BIN)/ansible-test" units --venv --python $(ANSIBLE_TEST_PYTHON) --color no $(UNITS_ARGS)
	echo "units: passed in $$((SECONDS - start))s"
