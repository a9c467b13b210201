//! A value that may be JSON `null`, for fields with three states (absent, `null`, a value).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field value that is either JSON `null` or a value.
///
/// Optional nullable fields are generated as `Option<Nullable<T>>`: `None` leaves the field out
/// (the server keeps its current value or default), `Some(Nullable::Null)` sends `null` (clears
/// it), and `Some(Nullable::Value(v))` sends `v`. Decoded responses keep the same distinction,
/// so a value re-serialises to the JSON it came from.
///
/// ```
/// use openai_beta::Nullable;
/// let clear: Nullable<String> = Nullable::Null;
/// assert_eq!(serde_json::to_string(&clear).unwrap(), "null");
/// let set: Nullable<String> = "gpt-4o".to_string().into();
/// assert_eq!(serde_json::to_string(&set).unwrap(), "\"gpt-4o\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// JSON `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// A reference to the value, if any.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// A reference to the value, if not `Null`.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// The value as an `Option` (`Null` becomes `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Params {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::runtime::de::nullable_field"
        )]
        name: Option<Nullable<String>>,
    }

    #[test]
    fn three_states_serialize() {
        let s = |name| serde_json::to_string(&Params { name }).unwrap();
        assert_eq!(s(None), "{}");
        assert_eq!(s(Some(Nullable::Null)), r#"{"name":null}"#);
        assert_eq!(s(Some("x".to_string().into())), r#"{"name":"x"}"#);
    }

    #[test]
    fn three_states_round_trip() {
        let d = |j: &str| serde_json::from_str::<Params>(j).unwrap().name;
        assert_eq!(d("{}"), None);
        assert_eq!(d(r#"{"name":null}"#), Some(Nullable::Null));
        assert_eq!(d(r#"{"name":"x"}"#), Some(Nullable::Value("x".into())));
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(Some(1)), Nullable::Value(1));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Nullable::Value(2).into_option(), Some(2));
        assert!(Nullable::<u8>::Null.is_null());
        assert_eq!(Nullable::Value(3).as_ref(), Nullable::Value(&3));
    }
}
