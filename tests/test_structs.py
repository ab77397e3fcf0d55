"""Struct conversion, both ways."""

from typing import Any

import pytest
from google.protobuf import struct_pb2

from sessionmanager.structs import (
    MAX_NESTING,
    StructConversionError,
    dict_to_struct,
    struct_to_dict,
)


def test_roundtrip_of_every_json_kind() -> None:
    value = {
        "s": "text ☎",
        "n": 1.5,
        "i": 3,
        "t": True,
        "f": False,
        "z": None,
        "o": {"inner": [1, "a", None, {"x": []}]},
        "empty_object": {},
        "empty_list": [],
    }
    back = struct_to_dict(dict_to_struct(value))
    assert back == {**value, "i": 3.0}
    assert isinstance(back["i"], float)
    assert back["empty_object"] == {} and back["empty_list"] == []


def test_an_unset_value_reads_as_null() -> None:
    struct = struct_pb2.Struct()
    struct.fields["nothing"].Clear()
    struct.fields["nothing"].SetInParent()
    assert struct_to_dict(struct) == {"nothing": None}


@pytest.mark.parametrize(
    "value",
    [{"a": {1, 2}}, {"a": b"x"}, {1: "a"}, {"a": 10**400}, {"a": object()}],
)
def test_values_json_cannot_carry(value: dict[Any, Any]) -> None:
    with pytest.raises(StructConversionError):
        dict_to_struct(value)


def test_nesting_limit_both_ways() -> None:
    deep: Any = "leaf"
    for _ in range(MAX_NESTING + 2):
        deep = [deep]
    with pytest.raises(StructConversionError, match="nested deeper"):
        dict_to_struct({"a": deep})

    struct = struct_pb2.Struct()
    value = struct.fields["a"]
    for _ in range(MAX_NESTING + 2):
        value = value.list_value.values.add()
    value.string_value = "leaf"
    with pytest.raises(StructConversionError, match="nested deeper"):
        struct_to_dict(struct)
