# Collection documentation: the guide in docs/docsite (antsibull-docs extra docs) and the plugin docs.
#
#   make docs-lint  antsibull-docs lint-collection-docs: extra docs, links.yml, plugin docs and their references
#                   (a step of `make test`)
#   make docs       the HTML site with antsibull-docs and Sphinx, offline, failing on any warning:
#                   build/docsite/build/html/index.html
#
# Both read the installed collection (make install), as ansible-doc does.

DOCSITE := $(BUILD)/docsite

.PHONY: docs docs-lint

EXTRA_TEST_STEPS += docs-lint

# --skip-rstcheck leaves out rstcheck of the RST generated from the plugin docs (the guide's own RST is still
# checked): it copies the collection to a mkdtemp() directory whose random name can end in "_", which rstcheck
# then reads as a link ("Unknown target name: antsibull-docs-xxxxxxx"), failing about one run in 37.
# Plugin docs are still checked against the schema and for markup; `make docs` builds their RST with sphinx -W.
docs-lint: install
	$(call banner,docs-lint)
	$(TEST_ENV) "$(BIN)/antsibull-docs" lint-collection-docs --plugin-docs --skip-rstcheck --check-extra-docs-refs \
	  --validate-collection-refs self --disallow-unknown-collection-refs "$(CURDIR)"

docs: install
	$(call banner,docs)
	rm -rf "$(DOCSITE)"
	mkdir -p "$(DOCSITE)"
	# --fail-on-error: a plugin whose documentation does not parse fails the build instead of becoming an error page.
	$(TEST_ENV) "$(BIN)/antsibull-docs" sphinx-init --use-current --squash-hierarchy --fail-on-error \
	  --no-add-antsibull-docs-version --project esmkit.aws --title "esmkit.aws collection" \
	  --html-short-title esmkit.aws --copyright "Contributors to the esmkit.aws collection" \
	  --dest-dir "$(DOCSITE)" esmkit.aws
	cat docs/docsite/sphinx_offline.py >> "$(DOCSITE)/conf.py"
	# build.sh: antsibull-docs collection (RST, --fail-on-error), then sphinx-build -W --keep-going.
	$(TEST_ENV) bash "$(DOCSITE)/build.sh"
	echo "docs: $(DOCSITE)/build/html/index.html"
