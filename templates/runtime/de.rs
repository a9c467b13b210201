//! serde helpers used by the generated types (and usable in your own).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::{decode, Nullable};

/// Decodes JSON the way the client decodes responses: a fast single pass first and, only if that
/// fails, a lenient pass in which a union variant whose payload does not fit its type is kept as
/// raw JSON instead of failing the whole document. On failure the error is the fast pass's, which
/// has the more precise position.
///
/// `serde_json::from_slice` works on the generated types too, but without the lenient retry.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    from_str(utf8(bytes)?)
}

/// [`from_slice`] for text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_str(text).or_else(|first| decode::lenient(|| serde_json::from_str(text)).map_err(|_| first))
}

/// The text of a JSON document, checked once.
///
/// Every decoder in the crate reads text (`serde_json`'s `StrRead`), never bytes: a byte reader
/// checks each string's UTF-8 as it goes, which costs more than checking the whole document in
/// one pass, and reading one kind of input keeps one compiled copy of each decoder.
pub(crate) fn utf8(bytes: &[u8]) -> serde_json::Result<&str> {
    std::str::from_utf8(bytes)
        .map_err(|error| serde::de::Error::custom(format_args!("invalid UTF-8 at byte {}", error.valid_up_to())))
}

/// [`from_slice`] for an already parsed JSON value.
pub fn from_value<T: DeserializeOwned>(value: &serde_json::Value) -> serde_json::Result<T> {
    T::deserialize(value).or_else(|first| decode::lenient(|| T::deserialize(value)).map_err(|_| first))
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
