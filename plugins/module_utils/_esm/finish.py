# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a module of this collection ends. Private to the esmkit.aws collection.

The one place where the collection's failure becomes ``fail_json`` and a result becomes ``exit_json``, with
the warnings of the run passed to Ansible and the diff left out unless diff mode asked for it.
"""

from __future__ import annotations

from typing import Any, Callable

from .errors import EsmError


def finish(module: Any, produce: Callable[[], dict[str, Any]]) -> None:
    try:
        result = produce()
    except EsmError as exc:
        failure = exc.result()
        for warning in failure.pop("warnings", []):
            module.warn(warning)
        module.fail_json(**failure)
    for warning in result.pop("warnings", []):
        module.warn(warning)
    if not _diff_mode(module):
        result.pop("diff", None)
    module.exit_json(**result)


def _diff_mode(module: Any) -> bool:
    """Whether Ansible runs the task in diff mode. AnsibleModule keeps that in its instance attribute ``_diff``,
    which has no public name (modules of ansible-core read it as ``module._diff``)."""
    return bool(vars(module).get("_diff"))
