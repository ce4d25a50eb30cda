# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one core under both flows: read, plan and write one mapping. Private to the esmkit.aws collection.

The main module's flow (``runner``: one task, one mapping) and the set module's flow (``mapping_set``: all
mappings of one function) each find the mappings their tasks name, in their own way (one Get or List, or one
List for the whole set), and then stand on this module for everything else, so each rule lives once:

- ``Read``: a frozen read of one mapping: the API answer, its option-shape form (computed once), its kind, and
  when the plan needs them, its tags and the function's ARN;
- ``read_of`` and ``needs_settle``: completing a listed mapping AWS shows without its filters, and the one rule
  for waiting out a busy mapping; ``with_extras``: what else the plan needs read (tags, the function's ARN);
- ``plan_for``: the rules against what is held (only a live mapping is held: one going away is not) and the plan;
- ``preflight_replacement``: what a replacement checks before it deletes anything;
- ``Writer``: the calls of one plan (create, update, delete, replace with restore, tags), ``changed`` and the
  last answer from the calls actually made, a create that meets another writer's mapping re-entering
  read -> plan -> write once, and a failure after a write saying what was written.

Neither flow imports the other. Names say the shape of a value: ``mapping`` is AWS's answer (API shape),
``options`` the same in the module's option shape, ``listing`` a List answer, ``read`` a ``Read``, ``tags`` a
mapping's tags.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, NamedTuple

from .aws import Api, Conflict
from .errors import EsmError, sentence
from .identity import find, function_arn_like, function_matches, kind_of_mapping
from .options import TRANSITIONAL_STATES, busy, live
from .plan import Plan, create_only_changes, plan_absent, plan_present
from .translate import diff_names, normalise
from .validate import Desired, check_against_current

# Output-only members that change without any write (docs/aws-behaviour.md §2): in the result, never in the diff.
NOT_IN_DIFF = ("last_modified", "last_processing_result", "state_transition_reason")


def diff_view(mapping: dict[str, Any]) -> dict[str, Any]:
    """A mapping (result shape) as the diff shows it: without the members that change on their own."""
    return {key: value for key, value in mapping.items() if key not in NOT_IN_DIFF}


# ------------------------------------------------------------------ the read


@dataclasses.dataclass(frozen=True)
class Read:
    """One read of the mapping a task names, never changed (a fuller read is a ``dataclasses.replace``).

    ``mapping`` is AWS's answer (API shape) or None; ``options`` the same mapping in the module's option shape,
    normalised once (``{}`` when nothing is held); ``tags`` its tags when the plan needs them (None: not read);
    ``function_arn`` the function's ARN when a create in check mode must predict it.
    """

    mapping: dict[str, Any] | None
    kind: str | None
    options: dict[str, Any]
    tags: dict[str, str] | None = None
    function_arn: str | None = None

    @classmethod
    def of(cls, mapping: dict[str, Any] | None, kind: str | None) -> Read:
        return cls(mapping, kind, normalise(mapping))

    @property
    def live(self) -> bool:
        """Held and not on its way out: what the rules and the plan compare against."""
        return live(self.mapping)

    @property
    def uuid(self) -> str:
        """The UUID of the mapping read (only asked of a read that holds one)."""
        return (self.mapping or {})["UUID"]

    @property
    def live_options(self) -> dict[str, Any] | None:
        """The live mapping in option shape, for the rules: None when nothing is held, or it is being deleted."""
        return self.options if self.live else None


def read_of(api: Api, desired: Desired, mapping: dict[str, Any] | None) -> Read:
    """The read of a found mapping: a listed one whose filters List hides (KMS-encrypted, docs/aws-behaviour.md
    §6, §13) is read again with Get, so the plan and the result see its filters."""
    if mapping is not None and live(mapping):
        mapping = api.complete(mapping)
    return Read.of(mapping, desired.kind or (kind_of_mapping(mapping) if mapping else None))


def _differs(desired: Desired, read: Read) -> bool:
    """Whether the task asks for any change to the mapping read (tags aside)."""
    if desired.state == "absent":
        return True
    if diff_names(desired.values, read.options) or create_only_changes(desired, read.options):
        return True
    mapping = read.mapping or {}
    return desired.function is not None and not function_matches(desired.function, mapping.get("FunctionArn", ""))


def needs_settle(desired: Desired, read: Read, check_mode: bool) -> bool:
    """The one rule for waiting out a busy mapping (Creating, Updating, Enabling, Disabling) before planning.

    While Updating, the enabled state is unknown, so a task that sets ``enabled`` waits, in check mode too. A
    busy mapping must not be changed from a half-applied read (AWS would refuse it with ResourceInUseException
    anyway, docs/aws-behaviour.md §5), and with ``wait`` a change an earlier run left unsettled is waited for.
    Otherwise there is no need to.
    """
    if not busy(read.mapping):
        return False
    if desired.values.get("enabled") is not None and read.options.get("enabled") is None:
        return True
    return not check_mode and (desired.wait or _differs(desired, read))


def predicted_function_arn(api: Api, desired: Desired, warnings: list[str]) -> str | None:
    """The ARN a create in check mode predicts; only a check-mode create needs it before AWS reports it."""
    if desired.function is None:
        return None
    if desired.function.account and desired.function.region:
        return function_arn_like(desired.function, "")
    arn = api.function_arn(desired.function_name or "")
    if arn is None:
        # A play may create the function in an earlier task, which check mode did not run.
        warnings.append(
            f"Function {desired.function_name!r} does not exist (yet): check mode predicts the create, and the "
            "real run fails unless an earlier task creates the function."
        )
        return None
    return function_arn_like(desired.function, arn)


def with_extras(
    api: Api,
    desired: Desired,
    read: Read,
    check_mode: bool,
    warnings: list[str],
    function_arn: str | None = None,
) -> Read:
    """The read with everything its plan needs besides the mapping: the tags when the task sets them or a
    replacement keeps them, and for a create in check mode the function's ARN (``function_arn`` when the flow
    already knows it)."""
    if desired.state != "present":
        return read
    if read.live:
        replacing = desired.allow_replacement and create_only_changes(desired, read.options)
        if desired.tags is not None or replacing:
            # A replacement keeps the old mapping's tags (and restores them if it must), so it reads them too.
            return dataclasses.replace(read, tags=api.list_tags((read.mapping or {})["EventSourceMappingArn"]))
        return read
    if check_mode:
        return dataclasses.replace(read, function_arn=function_arn or predicted_function_arn(api, desired, warnings))
    return read


def read_one(
    api: Api,
    desired: Desired,
    check_mode: bool,
    warnings: list[str],
    uuid: str | None = None,
    check: Callable[[Read], None] | None = None,
) -> Read:
    """Read what the plan of one task needs: the mapping (one Get by ``uuid`` when AWS already said which it is,
    else the task's own lookup), settled if it must be, with its extras. ``check`` sees the first read, before
    any wait."""
    mapping = api.get(uuid) if uuid else find(api, desired)
    read = read_of(api, desired, mapping)
    if check is not None:
        check(read)
    if needs_settle(desired, read, check_mode):
        read = Read.of(api.wait_settled(read.uuid), read.kind)
    return with_extras(api, desired, read, check_mode, warnings)


# ------------------------------------------------------------------ the plan


def plan_for(desired: Desired, read: Read) -> Plan:
    """Check the task against what is held (a live mapping only: one being deleted is going away, and the task
    will create), in check mode too, then plan once."""
    if desired.state == "absent":
        return plan_absent(read.mapping, read.tags, options=read.options)
    kind = read.kind or ""
    check_against_current(desired, kind, read.live_options)
    return plan_present(desired, kind, read.mapping, read.tags, function_arn=read.function_arn, options=read.options)


def preflight_replacement(api: Api, read: Read, plan: Plan) -> None:
    """Before a replacement deletes anything: the new identity must be free, and the new function (with its
    alias or version) must exist. One List and one GetFunction (which the request quota does not count)."""
    replacement = plan.replacement
    if replacement is None:
        # Only a "replace" plan is preflighted, and it always carries the new mapping's task.
        return
    uuid = read.uuid
    other = find(api, replacement)
    if other is not None and other["UUID"] != uuid and live(other):
        raise EsmError(
            f"Cannot replace event source mapping {uuid}: event source mapping {other['UUID']} already exists for "
            "that function and source. Delete or change it first, or address it by its uuid. Nothing was changed."
        )
    function_name = replacement.function_name or ""
    if api.function_arn(function_name) is None:
        raise EsmError(
            f"Cannot replace event source mapping {uuid}: function {function_name!r} does not exist (GetFunction "
            "found no such function, alias or version). Nothing was changed.",
            code="ResourceNotFoundException",
        )


# ------------------------------------------------------------------ the writes


class Outcome(NamedTuple):
    """What the writes of one plan did: the mapping before and after (result shape), and the mapping AWS last
    answered with (API shape, None once deleted) with the tags it then holds, for a flow that waits later."""

    before: dict[str, Any]
    after: dict[str, Any]
    mapping: dict[str, Any] | None
    tags: dict[str, str] | None


class Writer:
    """Makes the calls of plans; ``changed``, ``last`` and ``written`` come from the calls made, never the plan.

    ``written`` lists ``(action, uuid)`` for every write AWS accepted: ``created``, ``updated`` (options or tags)
    or ``deleted``. ``warnings`` collects what the writes have to say.
    """

    def __init__(self, api: Api, warnings: list[str] | None = None) -> None:
        self.api = api
        self.changed = False
        # The mapping as last read or written (API shape), for a failure after a write.
        self.last: dict[str, Any] | None = None
        self.written: list[tuple[str, str]] = []
        self.warnings = warnings if warnings is not None else []

    def _wrote(self, action: str, uuid: str) -> None:
        self.changed = True
        if (action, uuid) not in self.written:
            self.written.append((action, uuid))

    def failed(self, exc: EsmError) -> EsmError:
        """``exc`` saying what was written before it: ``changed`` and the mapping last written."""
        if self.changed:
            exc.changed = True
            if exc.mapping is None and self.last is not None:
                exc.mapping = normalise(self.last)
        return exc

    def apply(self, desired: Desired, read: Read, plan: Plan) -> Outcome:
        """Make the calls of ``plan``. A create that meets a mapping another writer made first (docs/aws-behaviour.md
        §6), or that a lost answer hid, converges on that mapping by reading and planning once more."""
        try:
            return self._adopting(desired, read, plan)
        except EsmError as exc:
            self.failed(exc)
            raise

    def _adopting(self, desired: Desired, read: Read, plan: Plan) -> Outcome:
        try:
            return Outcome(plan.before, *self._apply(desired, read, plan))
        except Conflict as conflict:
            if conflict.retried:
                # An earlier attempt of this very Create may have made it: report it as made by this run.
                self.changed = True
                if conflict.uuid:
                    self._wrote("created", conflict.uuid)
            # A replacement's new mapping is found by its own identity (the task's uuid names the deleted one).
            identity = plan.replacement if plan.action == "replace" and plan.replacement else desired
            again = read_one(self.api, identity, False, self.warnings, conflict.uuid)
            if not again.live:
                raise
            # Never a second replacement: a mapping another writer made is updated, or the run fails.
            plan_again = plan_for(identity, again)
            if plan_again.action in ("create", "replace"):
                raise
            if plan_again.changed:
                after, mapping, tags = self._apply(identity, again, plan_again)
            else:
                after, mapping, tags = plan_again.before, again.mapping, plan_again.tags_after
            if plan.action == "replace":
                self.warnings.append(
                    f"Event source mapping {read.uuid} was deleted to be replaced, and mapping {again.uuid} was created for the new "
                    "source by another writer meanwhile; this run adopted it."
                )
            return Outcome(plan.before if self.changed else plan_again.before, after, mapping, tags)

    def _apply(
        self, desired: Desired, read: Read, plan: Plan
    ) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, str] | None]:
        """The calls of one plan: (the final mapping in result shape, in API shape, its tags)."""
        if plan.action == "delete":
            self.delete(read.mapping or {}, desired.wait)
            return {}, None, None
        if plan.action == "replace":
            final = self._replace(desired, read, plan)
        elif plan.action == "create":
            if read.mapping is not None:
                # The old mapping is still Deleting; creating now would collide with it (docs/aws-behaviour.md §5, §6).
                self.api.wait_settled(read.uuid, gone=True)
            final = self._settle_created(desired, self.api.create(plan.create_params))
        else:
            final = self._update(desired, plan, read.mapping or {})
        after = normalise(final, plan.tags_after)
        _verify(desired, final, after)
        return after, final, plan.tags_after

    def delete(self, mapping: dict[str, Any], wait: bool) -> None:
        """Delete a held mapping; with ``wait``, until it is gone."""
        response = self.api.delete(mapping["UUID"])
        if response is None:
            # Already gone (docs/aws-behaviour.md §10: a Delete that meets ResourceNotFound): nothing was written.
            return
        self._wrote("deleted", mapping["UUID"])
        self.last = response or dict(mapping, State="Deleting")
        if wait:
            self.api.wait_settled(mapping["UUID"], gone=True)

    def _settle_created(self, desired: Desired, created: dict[str, Any]) -> dict[str, Any]:
        self._wrote("created", created["UUID"])
        self.last = created
        final = created
        if desired.wait:
            final = self._settled(created["UUID"])
        return final

    def _settled(self, uuid: str) -> dict[str, Any]:
        final = self.api.wait_settled(uuid)
        if final is None:
            # wait_settled without ``gone`` raises rather than answer None; this keeps the type exact.
            raise EsmError(f"Event source mapping {uuid} disappeared while waiting for it to settle.")
        self.last = final
        return final

    def _update(self, desired: Desired, plan: Plan, current: dict[str, Any]) -> dict[str, Any]:
        uuid = current["UUID"]
        self.last = current
        final = current
        if plan.update_params:
            final = self.api.update(uuid, plan.update_params)
            self._wrote("updated", uuid)
            self.last = final
        if plan.tags_to_set:
            self.api.tag(current["EventSourceMappingArn"], plan.tags_to_set)
            self._wrote("updated", uuid)
        if plan.tags_to_unset:
            self.api.untag(current["EventSourceMappingArn"], plan.tags_to_unset)
            self._wrote("updated", uuid)
        if plan.update_params and desired.wait:
            final = self._settled(uuid)
        return final

    def _replace(self, desired: Desired, read: Read, plan: Plan) -> dict[str, Any]:
        """Delete first, then create (docs/aws-behaviour.md §6: the other order collides with the old mapping);
        never lose it: a create AWS refuses after the delete is answered by re-creating the old mapping from
        what was read."""
        self.delete(read.mapping or {}, wait=True)
        try:
            created = self.api.create(plan.create_params)
        except Conflict:
            raise
        except EsmError as refused:
            # Only a refused Create restores: once the new mapping exists, a later failure must not make a second.
            raise self._restore(desired, read, plan, refused) from refused
        return self._settle_created(desired, created)

    def _restore(self, desired: Desired, read: Read, plan: Plan, refused: EsmError) -> EsmError:
        """Re-create the deleted mapping after AWS refused its replacement; return the failure to raise."""
        old_uuid = read.uuid
        restored = None
        restore_error = None
        try:
            restored = self.api.create(plan.restore_params)
            self._wrote("created", restored["UUID"])
            self.last = restored
            if desired.wait:
                restored = self._settled(restored["UUID"])
        except EsmError as exc:
            restore_error = exc
        replacement = {
            "old_uuid": old_uuid,
            "new_uuid": restored["UUID"] if restored else None,
            "restored": restored is not None,
            "old_configuration": plan.old_configuration,
        }
        if restored is not None:
            outcome = (
                "The old mapping was re-created from its configuration and tags as {} (a stream mapping starts "
                "again from its starting_position).".format(restored["UUID"])
            )
        else:
            outcome = (
                f"Re-creating the old mapping failed too ({restore_error.msg if restore_error else ''}); its "
                "configuration is in replacement.old_configuration, to be applied again."
            )
        return EsmError(
            f"Event source mapping {old_uuid} was deleted to be replaced, and AWS refused the new mapping: {sentence(refused.msg)} {outcome}",
            code=refused.code,
            message=refused.message,
            changed=True,
            # Never the deleted mapping: the restored one, or nothing.
            mapping=normalise(restored, read.tags) if restored is not None else {},
            extra={"replacement": replacement},
        )


def _verify(desired: Desired, final: dict[str, Any], normalised: dict[str, Any]) -> None:
    """Fail loudly if AWS accepted a change but does not hold it (nothing is silently ignored); ``normalised`` is
    ``final``, AWS's last answer, in option shape."""
    uuid = final["UUID"]
    wrong = [
        name
        for name in diff_names(desired.values, normalised)
        if name != "enabled" or final.get("State") not in TRANSITIONAL_STATES
    ]
    if not wrong:
        return
    wanted_hosts = [
        e["uri"] for e in desired.values.get("source_access_configuration") or [] if e["type"] == "VIRTUAL_HOST"
    ]
    held_hosts = [e["uri"] for e in normalised.get("source_access_configuration") or [] if e["type"] == "VIRTUAL_HOST"]
    if wanted_hosts and not held_hosts:
        # docs/aws-behaviour.md §13: whether AWS keeps the virtual host across an update that cannot carry it is not verified.
        raise EsmError(
            "AWS accepted the update of event source mapping {} but no longer holds its VIRTUAL_HOST entry {}: the "
            "virtual host cannot be sent in an update. To recover, run the task again with allow_replacement: true, "
            "which re-creates the mapping with the virtual host.".format(uuid, ", ".join(wanted_hosts)),
            changed=True,
            mapping=normalised,
        )
    raise EsmError(
        "AWS accepted the change to event source mapping {} but reports other values for: {}.".format(
            uuid, ", ".join(wrong)
        ),
        changed=True,
        mapping=normalised,
    )


ApiFactory = Callable[[Desired], Api]

__all__: list[str] = [
    "NOT_IN_DIFF",
    "Outcome",
    "Read",
    "Writer",
    "diff_view",
    "needs_settle",
    "plan_for",
    "predicted_function_arn",
    "preflight_replacement",
    "read_of",
    "read_one",
    "with_extras",
]
