"""The option table: every option and key is one the Lambda API knows, with rules that fit together, and what is
derived from the table (argument spec, create-only keys, what a create needs, defaults, botocore minimums, the
reading of State) says what the table says.

The API facts are read from botocore's own Lambda service model, so a misspelt member or a create-only option that
UpdateEventSourceMapping can send fails here.
"""

from __future__ import annotations

import botocore
import botocore.session
import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import options, sdk
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import (
    ARN_SERVICES,
    CONTROL_MINIMUMS,
    CONTROL_OPTIONS,
    CREATE_ONLY_KEYS,
    FIELDS,
    FIELDS_BY_NAME,
    KIND_NAMES,
    REQUIRED_ON_CREATE,
    ListOf,
    Struct,
    busy,
    create_defaults,
    live,
    mapping_argument_spec,
    read,
    state_of,
    table_members,
)
from tests.support.builders import KINDS

MODEL = botocore.session.get_session().get_service_model("lambda")
CREATE = MODEL.operation_model("CreateEventSourceMapping").input_shape
UPDATE = MODEL.operation_model("UpdateEventSourceMapping").input_shape
MAPPING = MODEL.operation_model("GetEventSourceMapping").output_shape


def _api_shape(path: tuple[str, ...]):
    """The botocore shape of the member at ``path`` (option names) in CreateEventSourceMapping's input."""
    shape, node = CREATE, None
    for name in path:
        node = FIELDS_BY_NAME[name] if node is None else next(m for m in _members(node) if m.name == name)
        if shape.type_name == "list":
            shape = shape.member
        if shape.type_name == "map":
            # A map with named keys (the brokers of a self-managed Kafka source): the key is one of its enum.
            assert node.api in shape.key.enum
            shape = shape.value
        else:
            shape = shape.members[node.api]
    return shape


def _members(member):
    inner = member.shape.element if isinstance(member.shape, ListOf) else member.shape
    return inner.members if isinstance(inner, Struct) else ()


def _needs(path):
    """The oldest botocore that knows the member at ``path`` (its own minimum or a parent's), None: any."""
    minimums = [options.BOTOCORE_MINIMUMS.get(".".join(path[:n])) for n in range(1, len(path) + 1)]
    return max((m for m in minimums if m), key=sdk.version_tuple, default=None)


INSTALLED = sdk.version_tuple(botocore.__version__)
ALL_PATHS = [path for path, _member in table_members()]
# The unit tests also run on the oldest supported botocore, whose model lacks the newer options.
KNOWN_PATHS = [p for p in ALL_PATHS if _needs(p) is None or sdk.version_tuple(_needs(p)) <= INSTALLED]
KNOWN_FIELDS = [f for f in FIELDS if (f.name,) in KNOWN_PATHS]


@pytest.mark.parametrize("path", KNOWN_PATHS, ids=[".".join(p) for p in KNOWN_PATHS])
def test_every_option_and_key_is_a_member_of_the_api(path):
    assert _api_shape(path) is not None


def test_the_members_this_botocore_lacks_are_those_the_table_says_need_a_newer_one():
    for path in ALL_PATHS:
        if path in KNOWN_PATHS:
            continue
        with pytest.raises((KeyError, AssertionError)):
            _api_shape(path)


def test_option_names_and_api_members_are_each_used_once():
    assert len({f.name for f in FIELDS}) == len(FIELDS)
    assert len({f.api for f in FIELDS}) == len(FIELDS)
    assert set(FIELDS_BY_NAME) == {f.name for f in FIELDS}


def test_every_option_is_reported_by_get():
    """What the modules compare must be what AWS reports back (``enabled`` is read from State)."""
    reported = set(MAPPING.members)
    assert {f.api for f in KNOWN_FIELDS if f.name != "enabled"} <= reported
    assert "State" in reported


@pytest.mark.parametrize("field", [f for f in KNOWN_FIELDS if f.create_only], ids=lambda f: f.name)
def test_a_create_only_option_cannot_be_sent_in_an_update(field):
    assert field.api in CREATE.members
    assert field.api not in UPDATE.members


def _updatable(field):
    """Whether the installed botocore knows something of ``field`` that an update may change: the option, or for a
    block, a key that is not create-only (a Kafka config block of the oldest botocore holds only its create-only
    consumer group id, and UpdateEventSourceMapping takes the block from the release that added its first
    updatable key)."""
    if field.create_only:
        return False
    if not isinstance(field.shape, Struct):
        return True
    return any(not m.create_only and (field.name, m.name) in KNOWN_PATHS for m in field.shape.members)


@pytest.mark.parametrize("field", [f for f in KNOWN_FIELDS if _updatable(f)], ids=lambda f: f.name)
def test_an_updatable_option_can_be_sent_in_an_update(field):
    assert field.api in UPDATE.members


def test_create_only_keys_inside_blocks_are_found_by_path():
    for path in CREATE_ONLY_KEYS:
        assert len(path) > 1
        member = dict(table_members())[path]
        assert member.create_only


def test_every_option_names_kinds_that_exist_and_its_rules_keep_to_them():
    for path, member in table_members():
        kinds = member.kinds or FIELDS_BY_NAME[path[0]].kinds
        assert kinds <= set(KIND_NAMES), path
        assert set(member.aws_default) <= kinds, path
        assert member.required_on_create <= kinds, path
        assert set(member.kind_range) <= kinds, path
        for value_kinds in (member.value_kinds or {}).values():
            assert value_kinds <= kinds, path


def test_ranges_and_lengths_are_well_formed():
    for path, member in table_members():
        for low, high in [r for r in (member.range, *member.kind_range.values()) if r is not None]:
            assert low <= high, path
        if member.length is not None:
            low, high = member.length
            assert high is None or low <= high, path


def test_what_a_create_needs_has_a_hint_for_the_message():
    assert REQUIRED_ON_CREATE
    for path, member in REQUIRED_ON_CREATE:
        assert member.hint, path


def test_the_kinds_cover_every_source_and_the_test_builders_name_them_all():
    assert set(ARN_SERVICES.values()) | {"kafka"} == set(KIND_NAMES)
    assert set(KINDS) == set(KIND_NAMES)


def test_the_argument_spec_has_every_option_with_its_shape():
    spec = mapping_argument_spec()
    assert set(spec) == {f.name for f in FIELDS} | {"function_name", "tags"}
    for field in FIELDS:
        assert spec[field.name]["type"] == field.shape.spec_type or spec[field.name]["type"] == "list", field.name
        if isinstance(field.shape, Struct):
            assert set(spec[field.name]["options"]) == {m.name for m in field.shape.members}


def test_run_options_have_defaults_above_their_minimums():
    for name, low in CONTROL_MINIMUMS.items():
        assert CONTROL_OPTIONS[name]["type"] == "int"
        assert CONTROL_OPTIONS[name]["default"] >= low


def test_botocore_minimums_are_versions():
    for path, version in options.BOTOCORE_MINIMUMS.items():
        assert all(part.isdigit() for part in version.split(".")), path


@pytest.mark.parametrize("kind", sorted(KIND_NAMES))
def test_aws_defaults_of_a_create_name_only_options_of_the_kind(kind):
    for name in create_defaults(kind):
        assert kind in FIELDS_BY_NAME[name].kinds, name


@pytest.mark.parametrize(
    "state, enabled, is_busy, is_live",
    [
        ("Enabled", True, False, True),
        ("Disabled", False, False, True),
        ("Creating", True, True, True),
        ("Enabling", True, True, True),
        ("Disabling", False, True, True),
        # While Updating, State does not say whether the mapping is enabled.
        ("Updating", None, True, True),
        # On its way out: neither busy (nothing to wait for before a create) nor live.
        ("Deleting", None, False, False),
    ],
)
def test_what_a_state_says(state, enabled, is_busy, is_live):
    mapping = {"State": state}
    assert read(FIELDS_BY_NAME["enabled"], mapping) is enabled
    assert busy(mapping) is is_busy
    assert live(mapping) is is_live


def test_nothing_held_is_neither_busy_nor_live():
    assert busy(None) is False
    assert live(None) is False


def test_the_stable_state_of_enabled():
    assert state_of(True) == "Enabled"
    assert state_of(False) == "Disabled"
