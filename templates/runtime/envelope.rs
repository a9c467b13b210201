//! Decodes a server-sent event as the `{"event": <name>, "data": <data>}` object the event
//! unions describe.

use super::decode::{self, Decode, ReadError};

/// An event's name and data as the JSON object the event unions decode from. The data is copied
/// once (a memory copy, small beside parsing it); the union then finds its tag first.
pub(crate) fn envelope(name: &str, data: &str) -> String {
    let mut text = String::with_capacity(name.len() + data.len() + 20);
    text.push_str(r#"{"event":"#);
    text.push_str(&serde_json::Value::from(name).to_string());
    text.push_str(r#","data":"#);
    text.push_str(data);
    text.push('}');
    text
}

/// Decodes `E` from an event's name and its `data` text. On failure, the path of the value at
/// fault (`data.delta.content[0]`, relative to the envelope) and the error, its offset within
/// `data`.
pub(crate) fn decode_event<E: Decode>(name: &str, data: &str) -> Result<E, (String, ReadError)> {
    let text = envelope(name, data);
    decode::document(&text).map_err(|error| {
        let path = super::json_path::path_at(text.as_bytes(), error.offset());
        let data_start = text.len() - data.len() - 1;
        let offset = error.offset().saturating_sub(data_start).min(data.len());
        (path, ReadError::new(offset, error.message()))
    })
}

#[cfg(test)]
mod tests {
    use super::decode_event;
    use serde_json::{json, Value};

    #[test]
    fn presents_name_and_data_as_one_object() {
        let value: Value = decode_event("thread.run.created", r#"{"id": "run_1"}"#).unwrap();
        assert_eq!(value, json!({"event": "thread.run.created", "data": {"id": "run_1"}}));
        let value: Value = decode_event("quote\"d", "1").unwrap();
        assert_eq!(value, json!({"event": "quote\"d", "data": 1}));
    }

    #[test]
    fn trailing_characters_and_bad_json_are_errors() {
        assert!(decode_event::<Value>("x", r#"{"id": 1} {"#).is_err());
        let (path, error) = decode_event::<Value>("x", r#"{"id": "#).unwrap_err();
        assert_eq!((path.as_str(), error.offset()), ("data.id", 7));
        let (path, _) = decode_event::<Value>("x", "nope").unwrap_err();
        assert_eq!(path, "data");
    }
}
