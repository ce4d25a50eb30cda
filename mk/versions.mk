# The older rows of the tested version matrix (a step of `make test`).
#
# .venv is the newest row: ansible-core 2.19 with the newest pinned boto3/botocore; the main steps test it fully.
# Each older row is a small venv .venv-core<row> holding only ansible-core and boto3/botocore, with exact pins
# (transitive ones included) in tests/versions/core-<row>.txt:
#   2.17  ansible-core 2.17 with the OLDEST supported boto3/botocore (1.35.23, plugins/module_utils/_esm/sdk.py)
#   2.18  ansible-core 2.18 with the newest pinned boto3/botocore (1.44.18)
# Each row runs what can differ between ansible-core releases (the version-independent lints run once, on .venv):
#   - ansible-test sanity of that ansible-core, its tests that depend on it (ROW_SANITY_TESTS): the Makefile's
#     `sanity` with the row's bin/ and its own staging directory (build/ansible-test-<row>);
#   - a smoke subset of the module tests plus tests/versions. pytest and the local endpoint stay in .venv (moto
#     needs a newer botocore than the oldest row has); only the module processes run on the row's Python
#     (ESMKIT_MODULE_PYTHON, tests/support/runner.py).
# The oldest row also runs tests/versions/test_old_sdk.py: the per-option botocore table against that botocore's
# own model, and each newer option failing before any request.

VERSION_ROWS := 2.17 2.18
OLDEST_ROW   := 2.17
row_venv = $(CURDIR)/.venv-core$(1)

# The module tests every row runs: tags in the four steps (check, apply, check, apply), the info module on every
# kind of source, each SQS option changed and cleared, timestamps at the precision each botocore sends and the
# values AWS leaves out (test_sent_values.py), and the newest API (test_newest_api.py).
SMOKE_TESTS ?= tests/module/test_tags.py tests/module/test_info.py \
               tests/module/test_updates.py::test_sqs_option_change_and_clear \
               tests/module/test_source_rules.py tests/module/test_sent_values.py tests/module/test_newest_api.py
SMOKE_ARGS  ?= -n 2 --dist loadfile
# The oldest SDK cannot send these (they need a newer botocore; test_old_sdk.py checks that they fail): Kafka
# error handling with provisioned pollers needs 1.41.2; the consumption mode and the OAuth and IAM access types
# (test_newest_api.py) need 1.43.110 and 1.43.123.
OLDEST_DESELECT := $(foreach o,metrics_config provisioned_poller_config,\
                     --deselect "tests/module/test_updates.py::test_sqs_option_change_and_clear[$(o)]") \
                   $(foreach t,test_kafka_error_handling_needs_pollers_to_create test_kafka_destination_is_not_the_source_topic \
                     test_kafka_error_handling_on_update_and_clearing_the_pollers,\
                     --deselect "tests/module/test_source_rules.py::$(t)") \
                   --deselect tests/module/test_newest_api.py

# The sanity tests whose answer depends on the ansible-core release: Python compilation, the imports of the plugins
# under that release's module_utils, the modules' documentation and argument specs against its schema, and the
# rendering of that documentation by its ansible-doc.
ROW_SANITY_TESTS ?= --test compile --test import --test validate-modules --test ansible-doc

ROW_STAMPS := $(foreach r,$(VERSION_ROWS),$(call row_venv,$(r))/.requirements.stamp)
ROW_SANITY := $(addprefix sanity-core,$(VERSION_ROWS))
ROW_SMOKE  := $(addprefix smoke-core,$(VERSION_ROWS))

.PHONY: versions versions-venvs $(ROW_SANITY) $(ROW_SMOKE) distclean-versions

versions: $(foreach r,$(VERSION_ROWS),sanity-core$(r) smoke-core$(r))

versions-venvs: $(ROW_STAMPS)

$(ROW_STAMPS): $(CURDIR)/.venv-core%/.requirements.stamp: tests/versions/core-%.txt
	$(call banner,venv ansible-core $*)
	venv="$(call row_venv,$*)"
	if [ ! -x "$$venv/bin/python" ]; then "$(PYTHON)" -m venv "$$venv"; fi
	"$$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$<"
	touch "$@"

# PATH keeps .venv/bin after the row's bin/ for shellcheck.
$(ROW_SANITY): sanity-core%: venv $(CURDIR)/.venv-core%/.requirements.stamp
	PATH="$(BIN):$$PATH" $(MAKE) sanity BIN="$(call row_venv,$*)/bin" STAGE_ROOT="$(BUILD)/ansible-test-$*" \
	  SANITY_ARGS="$(ROW_SANITY_TESTS)"

$(ROW_SMOKE): smoke-core%: install $(CURDIR)/.venv-core%/.requirements.stamp
	$(call banner,smoke: module tests on ansible-core $*)
	$(TEST_ENV) ESMKIT_ROW="$*" ESMKIT_MODULE_PYTHON="$(call row_venv,$*)/bin/python" \
	  "$(BIN)/python" -m pytest $(PYTEST_ARGS) $(SMOKE_ARGS) tests/versions/test_row.py \
	  $(if $(filter $*,$(OLDEST_ROW)),tests/versions/test_old_sdk.py $(OLDEST_DESELECT)) $(SMOKE_TESTS)

distclean: distclean-versions
distclean-versions:
	rm -rf $(foreach r,$(VERSION_ROWS),"$(call row_venv,$(r))")

# In `make test`, each row is one stage (its sanity, then its smoke run: they share the row's venv).
EXTRA_TEST_STEPS += $(foreach r,$(VERSION_ROWS),sanity-core$(r)+smoke-core$(r))
