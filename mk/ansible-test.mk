# ansible-test units and integration, in the staged copy the Makefile's `stage` target makes.
#
#   make units        ansible-test units (--venv: its own pytest, plus tests/unit/requirements.txt) on the lowest and
#                     the highest supported target Python with the oldest and the newest supported boto3/botocore:
#                     units-oldest (Python 3.9, requirements.txt's minimum) and units-newest (Python 3.13,
#                     requirements-dev.txt's pin)
#   make integration  ansible-test integration against a local endpoint this target starts and stops,
#                     with tests/integration/cloud-config-aws.ini written for it (tests/integration/README.md);
#                     the targets create and remove what they map (targets/setup_esm_resources)
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

.PHONY: units units-oldest units-newest integration

# The supported target Pythons (tests/config.yml) and boto3/botocore range (requirements.txt): each row pins boto3
# and botocore through tests/unit/constraints.txt in the staged copy, which ansible-test units reads. boto3 and
# botocore releases from 1.38.x on need Python 3.10 or newer, so the newest SDK cannot run on the lowest Python.
UNITS_PYTHON_oldest := 3.9
UNITS_SDK_oldest    := $(shell sed -n 's/^botocore>=//p' requirements.txt)
UNITS_PYTHON_newest := 3.13
UNITS_SDK_newest    := $(shell sed -n 's/^botocore==//p' requirements-dev.txt)

units: units-oldest units-newest

# The interpreter comes from PATH or, where PATH has only pyenv's shims (which answer for the active versions only),
# from pyenv's versions directory; ansible-test finds python<version> on PATH.
units-oldest units-newest: units-%: stage
	$(call banner,ansible-test units: Python $(UNITS_PYTHON_$*) with boto3/botocore $(UNITS_SDK_$*))
	cd "$(STAGE_DIR)"
	start=$$SECONDS
	version=$(UNITS_PYTHON_$*)
	interpreter=$$(python$$version -c 'import sys; print(sys.executable)' 2>/dev/null \
	  || ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/$$version.*/bin/python$$version 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$$interpreter" ]; then echo "error: no python$$version found (PATH or pyenv)" >&2; exit 1; fi
	printf 'boto3==%s\nbotocore==%s\n' "$(UNITS_SDK_$*)" "$(UNITS_SDK_$*)" > tests/unit/constraints.txt
	PATH="$(BIN):$$(dirname "$$interpreter"):$$PATH" "$(BIN)/ansible-test" units --venv --python $$version --color no \
	  $(UNITS_ARGS)
	echo "units ($*): passed in $$((SECONDS - start))s"

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
	# --allow-unsupported: the targets that need an MSK cluster, an MQ broker or a DocumentDB cluster are
	# `unsupported` on a real account unless its config names one; the local endpoint takes well-formed ARNs.
	env $(AWS_ENV_UNSET) PATH="$(BIN):$$PATH" "$(BIN)/ansible-test" integration \
	  $(INTEGRATION_ENV) --allow-unsupported --color no $(INTEGRATION_ARGS)
	echo "integration: passed in $$((SECONDS - start))s"
EXTRA_TEST_STEPS += units integration
