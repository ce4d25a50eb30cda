# The built collection: what the tarball holds (license, runtime requirements.txt, execution environment file, no
# development files) and what ansible-builder's introspection finds in the installed copy (tests/packaging).

.PHONY: packaging

packaging: install
	$(call banner,packaging)
	$(TEST_ENV) "$(BIN)/python" -m pytest $(PYTEST_ARGS) tests/packaging

EXTRA_TEST_STEPS += packaging
