"""google.protobuf.Struct to plain Python values and back.

Struct carries JSON: objects, lists, strings, booleans, null, and numbers as
doubles. Conversion is explicit rather than through json_format, so that a
non-finite number or an over-deep value is one clear error.
"""

from collections.abc import Mapping
from typing import Any

from google.protobuf import struct_pb2

MAX_NESTING = 64
"""Conversion refuses values nested deeper than this, before any store bound."""


class StructConversionError(ValueError):
    """A value cannot travel as google.protobuf.Struct."""


def struct_to_dict(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A Struct as a dict; numbers come out as float."""
    return {key: _from_value(value, 0) for key, value in struct.fields.items()}


def dict_to_struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    """A mapping of JSON values as a Struct; StructConversionError otherwise."""
    struct = struct_pb2.Struct()
    _fill_struct(struct, values, 0)
    return struct


def _from_value(value: struct_pb2.Value, depth: int) -> Any:
    if depth > MAX_NESTING:
        raise StructConversionError(f"nested deeper than {MAX_NESTING} levels")
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "struct_value":
        return {
            key: _from_value(item, depth + 1)
            for key, item in value.struct_value.fields.items()
        }
    if kind == "list_value":
        return [_from_value(item, depth + 1) for item in value.list_value.values]
    # null_value, and a Value with nothing set, which JSON can only call null.
    return None


def _fill_struct(
    struct: struct_pb2.Struct, values: Mapping[Any, Any], depth: int
) -> None:
    for key, item in values.items():
        if not isinstance(key, str):
            raise StructConversionError(
                f"object keys must be strings, not {type(key).__name__}"
            )
        _fill_value(struct.fields[key], item, depth)


def _fill_value(target: struct_pb2.Value, item: Any, depth: int) -> None:
    if depth > MAX_NESTING:
        raise StructConversionError(f"nested deeper than {MAX_NESTING} levels")
    if item is None:
        target.null_value = struct_pb2.NULL_VALUE
    elif isinstance(item, bool):
        target.bool_value = item
    elif isinstance(item, int | float):
        try:
            target.number_value = float(item)
        except OverflowError:
            raise StructConversionError(f"{item} is too large for a number") from None
    elif isinstance(item, str):
        target.string_value = item
    elif isinstance(item, Mapping):
        # Marked set first, so that an empty object stays an object.
        target.struct_value.SetInParent()
        _fill_struct(target.struct_value, item, depth + 1)
    elif isinstance(item, list | tuple):
        target.list_value.SetInParent()
        values = target.list_value.values
        for element in item:
            _fill_value(values.add(), element, depth + 1)
    else:
        raise StructConversionError(f"{type(item).__name__} is not a JSON value")
