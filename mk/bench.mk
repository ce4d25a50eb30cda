# `make bench` (issue 11): performance figures under Lambda's request quota, written to docs/performance.md.
# Not part of `make test` (it takes minutes); tests/module/test_request_budget.py keeps figure 1 in `make test`.

.PHONY: bench

bench: install
	$(call banner,bench)
	$(TEST_ENV) "$(BIN)/python" scripts/bench.py
