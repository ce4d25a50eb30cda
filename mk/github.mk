# The GitHub files: workflows (.github/workflows, which call the same make targets as `make test`), issue forms
# and their chooser, validated against the schemas check-jsonschema ships (no network). A step of `make lint`.

.PHONY: github-schemas

lint: github-schemas

github-schemas: venv
	$(call banner,github-schemas)
	workflows=(.github/workflows/*.yml)
	forms=($(filter-out %/config.yml,$(wildcard .github/ISSUE_TEMPLATE/*.yml)))
	if [ ! -e "$${workflows[0]}" ] || [ "$${#forms[@]}" -eq 0 ]; then
	  echo "error: no workflows or issue forms under .github" >&2; exit 1
	fi
	"$(BIN)/check-jsonschema" --builtin-schema vendor.github-workflows "$${workflows[@]}"
	"$(BIN)/check-jsonschema" --builtin-schema vendor.github-issue-forms "$${forms[@]}"
	"$(BIN)/check-jsonschema" --builtin-schema vendor.github-issue-config .github/ISSUE_TEMPLATE/config.yml
