# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's exceptions. Private to the esmkit.aws collection.

``finish.finish`` (through ``module.run_module``, which every module's ``main()`` calls) is the only place that
turns them into ``fail_json``.
"""

from __future__ import annotations

from typing import Any


def sentence(text: str) -> str:
    """``text`` ended as a sentence, so that what follows it reads as the next one: AWS's messages often end
    without a full stop ("... Function timeout: 3 seconds")."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


class EsmError(Exception):
    """A failure to report: a message, and the AWS error code and message when AWS gave one.

    ``changed`` and ``mapping`` say what had already been done when the failure came, so a playbook
    (and the next run) knows about a mapping that was created or updated before a later step failed.
    """

    def __init__(
        self,
        msg: str,
        code: str | None = None,
        message: str | None = None,
        changed: bool = False,
        mapping: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.code = code
        self.message = message
        self.changed = changed
        self.mapping = mapping
        # Further keys of the failure result (for example what a failed replacement did).
        self.extra = dict(extra or {})

    def result(self) -> dict[str, Any]:
        result: dict[str, Any] = {"msg": self.msg, "changed": self.changed}
        if self.code or self.message:
            result["error"] = {"code": self.code, "message": self.message}
        if self.mapping is not None:
            result["event_source_mapping"] = self.mapping
        result.update(self.extra)
        return result


class ValidationError(EsmError):
    """A task that cannot be sent to AWS. Raised before any AWS call, naming the option."""

    def __init__(self, option: str, msg: str) -> None:
        super().__init__(msg)
        self.option = option

    def result(self) -> dict[str, Any]:
        result = super().result()
        result["option"] = self.option
        return result
