# ansible-test units and integration, in the staged copy the Makefile's `stage` target makes.
#
#   make units        ansible-test units (--venv: its own pytest, plus tests/unit/requirements.txt)
#   make integration  ansible-test integration against a local endpoint this target starts and stops,
#                     with tests/integration/cloud-config-aws.ini written for it (tests/integration/README.md)
#
# Both are steps of `make test`; `make unit` (plain pytest on the installed copy) stays for quick runs.

ANSIBLE_TEST_PYTHON ?= 3.11
UNITS_ARGS ?=
# e.g. INTEGRATION_ARGS=esm_sqs to run one target.
INTEGRATION_ARGS ?=
# --local: the targets run with .venv's Python, which has the pinned ansible-core and boto3 already. --venv
# works too (it installs tests/integration/requirements.txt into a fresh venv under the staged copy's
# tests/output, that is on every run, as restaging wipes it: minutes on a busy machine, for nothing new).
INTEGRATION_ENV ?= --local --python $(ANSIBLE_TEST_PYTHON)
# Seconds to wait for the local endpoint to print its URL (moto's imports are slow on a busy machine).
LOCAL_AWS_START_TIMEOUT ?= 180

# A developer's own AWS settings must not reach the targets: only the integration config counts.
AWS_ENV_UNSET := $(foreach v,AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY \
  AWS_ACCESS_KEY AWS_SECRET_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_REGION AWS_DEFAULT_REGION \
  AWS_ENDPOINT_URL AWS_URL AWS_CA_BUNDLE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE,-u $(v))

.PHONY: units integration

units: stage
	$(call banner,ansible-test units)
	cd "$(STAGE_DIR)"
	start=$$SECONDS
	PATH="$(BIN):$$PATH" "$(BIN)/ansible-test" units --venv --python $(ANSIBLE_TEST_PYTHON) --color no $(UNITS_ARGS)
	echo "units: passed in $$((SECONDS - start))s"

integration: stage
	$(call banner,ansible-test integration)
	start=$$SECONDS
	url_file="$(STAGE_ROOT)/local_aws.url"
	PYTHONPATH="$(CURDIR)" "$(BIN)/python" -m tests.support.local_aws --port 0 > "$$url_file" &
	pid=$$!
	trap 'kill $$pid 2>/dev/null || true; wait $$pid 2>/dev/null || true' EXIT
	for _ in $$(seq $$(( $(LOCAL_AWS_START_TIMEOUT) * 5 ))); do
	  if [ -s "$$url_file" ]; then break; fi
	  if ! kill -0 $$pid 2>/dev/null; then echo "error: the local endpoint exited before it started" >&2; exit 1; fi
	  sleep 0.2
	done
	url=$$(head -n 1 "$$url_file")
	if [ -z "$$url" ]; then echo "error: the local endpoint did not start in $(LOCAL_AWS_START_TIMEOUT)s" >&2; exit 1; fi
	echo "local endpoint: $$url"
	PYTHONPATH="$(CURDIR)" "$(BIN)/python" -m tests.support.integration_config "$$url" \
	  > "$(STAGE_DIR)/tests/integration/cloud-config-aws.ini"
	cd "$(STAGE_DIR)"
	env $(AWS_ENV_UNSET) PATH="$(BIN):$$PATH" "$(BIN)/ansible-test" integration \
	  $(INTEGRATION_ENV) --color no $(INTEGRATION_ARGS)
	echo "integration: passed in $$((SECONDS - start))s"
EXTRA_TEST_STEPS += units integration
