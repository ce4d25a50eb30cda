# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a module of this collection runs, from its arguments to its result. Private to the esmkit.aws collection.

Each module's ``main()`` gives its argument spec and what it does; this is the rest: the ``AnsibleModule`` (with
check mode and the connection options' exclusions), the boto3 check, the warning for an old SDK, and the end
(:func:`.finish.finish`).
"""

from __future__ import annotations

from typing import Any, Callable

from ansible.module_utils.ansible_release import __version__ as ansible_version
from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from . import sdk
from .aws import Api
from .connection import BOTO3_IMPORT_ERROR, CONNECTION_MUTUALLY_EXCLUSIVE, HAS_BOTO3, client
from .finish import finish


def lambda_api(params: dict[str, Any], **timeouts: Any) -> Api:
    """The AWS calls, on a Lambda client made from the task's connection options (``timeouts``: Api's
    ``wait_timeout`` and ``role_propagation_timeout``)."""
    return Api(client(params, "lambda", ansible_version), **timeouts)


def run_module(
    argument_spec: dict[str, Any],
    produce: Callable[[AnsibleModule, str], dict[str, Any]],
    mutually_exclusive: list[list[str]] | None = None,
) -> None:
    """Run a module: ``produce(module, botocore_version)`` returns the result or raises an ``EsmError``."""
    module = AnsibleModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        mutually_exclusive=(mutually_exclusive or []) + CONNECTION_MUTUALLY_EXCLUSIVE,
    )
    if not HAS_BOTO3:
        module.fail_json(msg=missing_required_lib("boto3 and botocore"), exception=str(BOTO3_IMPORT_ERROR))
    boto3_version, botocore_version = sdk.installed()
    for warning in sdk.warnings(boto3_version, botocore_version):
        module.warn(warning)
    finish(module, lambda: produce(module, botocore_version))
