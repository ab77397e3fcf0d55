//! Conversion between [`prost_types::Struct`] and JSON objects.
//!
//! Session metadata travels as `google.protobuf.Struct`, which carries JSON
//! objects, lists, strings, booleans, null, and numbers as doubles. These
//! functions map it to and from [`serde_json::Map`]:
//!
//! * JSON to Struct is total: every JSON number becomes a double (integers
//!   beyond 2^53 lose precision, as they would in any JSON parser that reads
//!   numbers as doubles).
//! * Struct to JSON turns whole doubles within ±2^53 back into integers, so
//!   that `2` set by a client comes back as `2` and not `2.0`. A NaN or
//!   infinite number has no JSON form and is refused with
//!   [`ConversionError`].

use std::fmt;

use prost_types::value::Kind;
use prost_types::{ListValue, NullValue, Struct, Value};
use serde_json::{Map, Number, Value as Json};

/// The largest integer a double holds exactly; wholes within ±this are
/// turned back into JSON integers.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0; // 2^53

/// A Struct value that JSON cannot represent.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversionError {
    number: f64,
}

impl ConversionError {
    /// The offending number (NaN or an infinity).
    pub fn number(&self) -> f64 {
        self.number
    }
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the number {} has no JSON representation", self.number)
    }
}

impl std::error::Error for ConversionError {}

/// Converts a JSON object to a `google.protobuf.Struct`.
pub fn json_to_struct(object: Map<String, Json>) -> Struct {
    Struct {
        fields: object
            .into_iter()
            .map(|(key, value)| (key, json_to_value(value)))
            .collect(),
    }
}

/// Converts a `google.protobuf.Struct` to a JSON object.
///
/// Whole numbers within ±2^53 come back as JSON integers; a NaN or infinite
/// number fails with [`ConversionError`].
pub fn struct_to_json(value: Struct) -> Result<Map<String, Json>, ConversionError> {
    value
        .fields
        .into_iter()
        .map(|(key, value)| Ok((key, value_to_json(value)?)))
        .collect()
}

fn json_to_value(value: Json) -> Value {
    let kind = match value {
        Json::Null => Kind::NullValue(NullValue::NullValue.into()),
        Json::Bool(flag) => Kind::BoolValue(flag),
        // Without serde_json's arbitrary_precision feature every number has
        // an f64 form; the fallback is never taken.
        Json::Number(number) => Kind::NumberValue(number.as_f64().unwrap_or(f64::NAN)),
        Json::String(text) => Kind::StringValue(text),
        Json::Array(items) => Kind::ListValue(ListValue {
            values: items.into_iter().map(json_to_value).collect(),
        }),
        Json::Object(object) => Kind::StructValue(json_to_struct(object)),
    };
    Value { kind: Some(kind) }
}

fn value_to_json(value: Value) -> Result<Json, ConversionError> {
    Ok(match value.kind {
        // A Value with no kind set can only be null in JSON.
        None | Some(Kind::NullValue(_)) => Json::Null,
        Some(Kind::BoolValue(flag)) => Json::Bool(flag),
        Some(Kind::NumberValue(number)) => Json::Number(number_to_json(number)?),
        Some(Kind::StringValue(text)) => Json::String(text),
        Some(Kind::ListValue(list)) => Json::Array(
            list.values
                .into_iter()
                .map(value_to_json)
                .collect::<Result<_, _>>()?,
        ),
        Some(Kind::StructValue(object)) => Json::Object(struct_to_json(object)?),
    })
}

fn number_to_json(number: f64) -> Result<Number, ConversionError> {
    let is_whole = number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER;
    // -0.0 is whole but has no integer form; it stays a double.
    if is_whole && !(number == 0.0 && number.is_sign_negative()) {
        // In range and whole, so the cast is exact.
        return Ok(Number::from(number as i64));
    }
    Number::from_f64(number).ok_or(ConversionError { number })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Json) -> Map<String, Json> {
        match value {
            Json::Object(object) => object,
            other => panic!("not an object: {other}"),
        }
    }

    fn number(value: f64) -> Value {
        Value {
            kind: Some(Kind::NumberValue(value)),
        }
    }

    #[test]
    fn round_trip_keeps_every_json_kind() {
        let metadata = object(json!({
            "language": "rust",
            "step": 2,
            "ratio": 0.5,
            "negative": -7,
            "done": false,
            "nothing": null,
            "tags": ["a", "b", 3, [true]],
            "nested": {"deeper": {"n": 1}, "empty": {}},
            "empty_list": [],
        }));
        let back = struct_to_json(json_to_struct(metadata.clone())).unwrap();
        assert_eq!(back, metadata);
        assert_eq!(
            serde_json::to_string(&back["step"]).unwrap(),
            "2",
            "whole numbers print as integers"
        );
    }

    #[test]
    fn numbers_travel_as_doubles() {
        let message = json_to_struct(object(json!({"step": 2, "big": u64::MAX})));
        assert_eq!(message.fields["step"], number(2.0));
        assert_eq!(message.fields["big"], number(u64::MAX as f64));
    }

    #[test]
    fn wholes_become_integers_only_within_double_precision() {
        let message = Struct {
            fields: [
                ("whole".to_owned(), number(42.0)),
                ("fraction".to_owned(), number(1.25)),
                ("limit".to_owned(), number(MAX_SAFE_INTEGER)),
                ("beyond".to_owned(), number(1e300)),
                ("minus_zero".to_owned(), number(-0.0)),
            ]
            .into(),
        };
        let back = struct_to_json(message).unwrap();
        assert_eq!(back["whole"].as_i64(), Some(42));
        assert_eq!(back["fraction"].as_f64(), Some(1.25));
        assert_eq!(back["limit"].as_i64(), Some(9_007_199_254_740_992));
        assert!(back["beyond"].is_f64());
        assert!(back["minus_zero"].is_f64());
    }

    #[test]
    fn value_without_kind_is_null() {
        let message = Struct {
            fields: [("unset".to_owned(), Value { kind: None })].into(),
        };
        assert_eq!(struct_to_json(message).unwrap()["unset"], Json::Null);
    }

    #[test]
    fn non_finite_numbers_are_refused() {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let inner = Value {
                kind: Some(Kind::ListValue(ListValue {
                    values: vec![number(bad)],
                })),
            };
            let message = Struct {
                fields: [("list".to_owned(), inner)].into(),
            };
            let error = struct_to_json(message).unwrap_err();
            assert_eq!(error.number().to_bits(), bad.to_bits());
        }
    }
}
