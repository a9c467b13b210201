//! Decoding JSON into the generated types (and serde helpers usable in your own).
//!
//! The generated types decode through [`Decode`], one plain function per type over the crate's
//! JSON [`Reader`]; they implement `serde::Deserialize` too, through it, for other formats and
//! for `serde_json::from_str`, which works but reads each document twice. The functions here are
//! the direct way.

use serde::{Deserialize, Deserializer};

pub use super::decode::{Decode, Json, ReadError, Reader};
use super::Nullable;

/// Decodes JSON the way the client decodes responses: unknown fields, enum values and union
/// variants are kept, and a union variant whose payload does not fit its type is kept as raw
/// JSON instead of failing the whole document. The error names the line and column.
pub fn from_slice<T: Decode>(bytes: &[u8]) -> serde_json::Result<T> {
    from_str(utf8(bytes)?)
}

/// [`from_slice`] for text.
pub fn from_str<T: Decode>(text: &str) -> serde_json::Result<T> {
    super::decode::document(text).map_err(|error| json_error(text.as_bytes(), &error))
}

/// [`from_slice`] for an already parsed JSON value.
pub fn from_value<T: Decode>(value: &serde_json::Value) -> serde_json::Result<T> {
    from_str(&value.to_string())
}

/// The text of a JSON document, checked once: every decoder in the crate reads text, whose
/// strings can then be borrowed without checking each one again.
pub(crate) fn utf8(bytes: &[u8]) -> serde_json::Result<&str> {
    std::str::from_utf8(bytes)
        .map_err(|error| serde::de::Error::custom(format_args!("invalid UTF-8 at byte {}", error.valid_up_to())))
}

/// The 1-based line and column (in bytes) of byte `offset` of `text`.
pub(crate) fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |newline| newline + 1);
    (line, before.len() - line_start + 1)
}

/// A reader error as a `serde_json::Error`, its position given as line and column of `text`.
pub(crate) fn json_error(text: &[u8], error: &ReadError) -> serde_json::Error {
    let (line, column) = line_column(text, error.offset());
    serde::de::Error::custom(format_args!("{} at line {line} column {column}", error.message()))
}

/// Deserializes a field whose JSON `null` (or absence, with `#[serde(default)]`) means
/// `T::default()`.
///
/// The live API sometimes sends `null` for fields the spec calls required; the generated types
/// use `#[serde(default, deserialize_with = "...::null_as_default")]` so such responses still
/// decode instead of failing.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Deserializes an `Option<Nullable<T>>` field so that JSON `null` becomes `Some(Nullable::Null)`
/// (plain serde would collapse it to `None`). Use with `#[serde(default, deserialize_with =
/// "...")]` so that an absent field stays `None`.
pub fn nullable_field<'de, D, T>(deserializer: D) -> Result<Option<Nullable<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Nullable::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Resp {
        #[serde(default, deserialize_with = "super::null_as_default")]
        tools: Vec<String>,
        #[serde(default, deserialize_with = "super::null_as_default")]
        name: String,
    }

    #[test]
    fn null_and_absent_become_default() {
        let r: Resp = serde_json::from_str(r#"{"tools": null}"#).unwrap();
        assert!(r.tools.is_empty());
        assert_eq!(r.name, "");
        let r: Resp = serde_json::from_str(r#"{"tools": ["a"], "name": "n"}"#).unwrap();
        assert_eq!(r.tools, vec!["a"]);
        assert_eq!(r.name, "n");
    }
}
