//! Decodes a server-sent event as the `{"event": <name>, "data": <data>}` object the event
//! unions describe, without building that object: the name is handed over as a string and the
//! data is parsed straight from the event's text into the typed value.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

/// Decodes `E` from an event's name and its `data` text, as fast as it goes: no path tracking,
/// no lenient retry. Fails on trailing characters after the data, as `serde_json::from_str` does.
///
/// The data is read as text (`StrRead`), as response bodies are (see `de::utf8`): the payload
/// types are then decoded through the same `serde_json` types in both places, so the crate holds
/// one compiled copy of each decoder instead of one per reader.
pub(crate) fn decode_event<E: DeserializeOwned>(name: &str, data: &str) -> Option<E> {
    let mut json = serde_json::Deserializer::from_str(data);
    let event = E::deserialize(Envelope { name, data: &mut json }).ok()?;
    json.end().ok()?;
    Some(event)
}

/// [`decode_event`] in the lenient mode (see `decode::lenient`).
pub(crate) fn decode_event_lenient<E: DeserializeOwned>(name: &str, data: &str) -> Option<E> {
    super::decode::lenient(|| decode_event(name, data))
}

/// Why an event does not decode: the path (`data.delta.content[0]`, relative to the envelope)
/// and the error. Only called once both passes above have failed.
pub(crate) fn decode_event_error<E: DeserializeOwned>(name: &str, data: &str) -> (String, serde_json::Error) {
    let mut json = serde_json::Deserializer::from_str(data);
    let error = match E::deserialize(Envelope { name, data: &mut json }).and_then(|_: E| json.end()) {
        Ok(()) => return (".".to_owned(), serde::de::Error::custom("the event decodes on a second attempt")),
        Err(error) => error,
    };
    let path = super::json_path::error_path(data.as_bytes(), &error);
    let path = if path == "." { "data".to_owned() } else { format!("data.{path}") };
    (path, error)
}

struct Envelope<'a, 'de> {
    name: &'a str,
    data: &'a mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
}

impl<'de> de::Deserializer<'de> for Envelope<'_, 'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(EnvelopeFields { envelope: self, next: 0 })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The two entries of the envelope, `event` then `data`.
struct EnvelopeFields<'a, 'de> {
    envelope: Envelope<'a, 'de>,
    next: u8,
}

impl<'de> MapAccess<'de> for EnvelopeFields<'_, 'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let key = match self.next {
            0 => "event",
            1 => "data",
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        self.next += 1;
        match self.next {
            1 => seed.deserialize(self.envelope.name.into_deserializer()),
            _ => seed.deserialize(&mut *self.envelope.data),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{decode_event, decode_event_error, decode_event_lenient};
    use serde_json::{json, Value};

    #[test]
    fn presents_name_and_data_as_one_object() {
        let value: Value = decode_event("thread.run.created", r#"{"id": "run_1"}"#).unwrap();
        assert_eq!(value, json!({"event": "thread.run.created", "data": {"id": "run_1"}}));
    }

    #[test]
    fn trailing_characters_and_bad_json_are_errors() {
        assert!(decode_event::<Value>("x", r#"{"id": 1} {"#).is_none());
        let (path, _) = decode_event_error::<Value>("x", r#"{"id": "#);
        assert_eq!(path, "data.id");
        assert!(decode_event_lenient::<Value>("x", "nope").is_none());
    }
}
