//! Decoding helpers the generated model types call; they make decoding lenient without losing
//! data.

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

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

/// An object key, borrowed from the input when the deserializer can lend it, so that matching
/// a known field allocates nothing.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied (escaped keys, or inputs that cannot lend).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(text) => text,
            Key::Owned(text) => text,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(value))
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Keeps a field the model does not know, as it came.
pub fn keep_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    let key = match key {
        Key::Borrowed(text) => text.to_string(),
        Key::Owned(text) => text,
    };
    extra.insert(key, value);
    Ok(())
}

/// A required field: `null` (which the live API sometimes sends) becomes the default.
pub fn required<'de, A: MapAccess<'de>, T: serde::Deserialize<'de> + Default>(map: &mut A) -> Result<T, A::Error> {
    Ok(map.next_value::<Option<T>>()?.unwrap_or_default())
}

/// An optional field, or a required one that may be `null`: `null` becomes `None`.
pub fn optional<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
    map.next_value::<Option<T>>()
}

/// An optional nullable field: present `null` stays distinct from absence.
pub fn nullable<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
) -> Result<Option<crate::Nullable<T>>, A::Error> {
    map.next_value::<crate::Nullable<T>>().map(Some)
}

/// What a generated object type tells [`object`]: how to decode each field it knows, and where
/// the ones it does not know go.
pub trait Fields: Default {
    /// For error messages: "a `Run` object".
    const EXPECTING: &'static str;

    /// Decodes the value of `key` into its field; `false` when the type has no such field.
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;

    /// The map that keeps unknown fields.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// Decodes an object in one pass over its keys: known fields in place, unknown ones kept in
/// `extra`. serde's derive with `#[serde(flatten)]` would first buffer every field into an
/// intermediate tree, which roughly doubles the cost of decoding.
pub fn object<'de, D: Deserializer<'de>, T: Fields>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: Fields> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if !value.decode_field(key.as_str(), &mut map)? {
                    keep_unknown(&mut map, key, value.extra_mut())?;
                }
            }
            Ok(value)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}
