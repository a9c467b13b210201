//! Decoding helpers the generated model types call; they make decoding lenient without losing
//! data.

use serde::de::{DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

/// Decodes a union variant from raw JSON; if the payload does not fit the variant's type, the
/// raw JSON is kept in the union's unknown variant instead of failing the whole response.
pub fn variant<T: DeserializeOwned, U>(value: Value, wrap: impl FnOnce(T) -> U, unknown: impl FnOnce(Value) -> U) -> U {
    match T::deserialize(&value) {
        Ok(decoded) => wrap(decoded),
        Err(_) => unknown(value),
    }
}

/// Decodes an open string enum without an intermediate `String` when the input lends a `&str`.
pub fn open_enum<'de, D, T, F>(deserializer: D, from: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> T,
{
    struct EnumVisitor<F>(F);
    impl<T, F: FnOnce(&str) -> T> Visitor<'_> for EnumVisitor<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }
    deserializer.deserialize_str(EnumVisitor(from))
}

/// The query-string form of a value: strings (and string enums) bare, anything else as JSON.
pub fn query_value<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
