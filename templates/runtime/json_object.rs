//! Free-form JSON objects (a function's parameters, a response format's JSON Schema), built
//! straight from `serde_json::json!`.

use std::cell::Cell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A JSON object of any shape, such as a function's `parameters` schema.
///
/// Made from `serde_json::json!({...})` or a `serde_json::Map`, so setters that take one accept
/// both:
///
/// ```
/// use openai_beta::{FunctionDefinition, JsonObject};
/// let weather = FunctionDefinition::new("get_weather").parameters(serde_json::json!({
///     "type": "object",
///     "properties": {"city": {"type": "string"}},
///     "required": ["city"],
/// }));
/// assert_eq!(weather.parameters.as_ref().and_then(|p| p.get("type")), Some(&"object".into()));
/// ```
///
/// A value that is not an object (`json!("oops")`) is kept as it is; a request that carries one
/// fails when it is sent, with [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming
/// where in the body it is, and nothing is sent. A response that has one decodes and encodes
/// back unchanged.
#[derive(Clone, PartialEq)]
pub struct JsonObject(Value);

impl JsonObject {
    /// An empty object.
    pub fn new() -> Self {
        JsonObject(Value::Object(Map::new()))
    }

    /// The object's members; `None` when the value is not an object.
    pub fn as_map(&self) -> Option<&Map<String, Value>> {
        self.0.as_object()
    }

    /// Whether the value is an object without members.
    pub fn is_empty(&self) -> bool {
        self.0.as_object().is_some_and(Map::is_empty)
    }

    /// The member named `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The value as JSON.
    pub fn as_value(&self) -> &Value {
        &self.0
    }

    /// The value as JSON, by value.
    pub fn into_value(self) -> Value {
        self.0
    }
}

impl Default for JsonObject {
    fn default() -> Self {
        JsonObject::new()
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// `object["key"]`, as on a `serde_json::Value`: `Value::Null` for a missing member.
impl std::ops::Index<&str> for JsonObject {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        &self.0[key]
    }
}

impl From<Map<String, Value>> for JsonObject {
    fn from(map: Map<String, Value>) -> Self {
        JsonObject(Value::Object(map))
    }
}

impl From<Value> for JsonObject {
    fn from(value: Value) -> Self {
        JsonObject(value)
    }
}

thread_local! {
    /// Set while a request body is encoded: a `JsonObject` that is not an object fails then.
    static IN_REQUEST: Cell<bool> = const { Cell::new(false) };
}

impl Serialize for JsonObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.0.is_object() && IN_REQUEST.with(Cell::get) {
            return Err(serde::ser::Error::custom(format!(
                "expected a JSON object, found a JSON {}",
                json_kind(&self.0)
            )));
        }
        self.0.serialize(serializer)
    }
}

/// Any JSON is kept; a value that is not an object is counted as unknown.
impl super::decode::Decode for JsonObject {
    fn decode(reader: &mut super::decode::Reader<'_>) -> Result<Self, super::decode::ReadError> {
        let value = reader.value()?;
        if !value.is_object() {
            super::decode::note_unknown();
        }
        Ok(JsonObject(value))
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::decode::deserialize(deserializer)
    }
}

/// The JSON kind of a value, for messages (`array`, `string`, ...).
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A request body as JSON; an error names where in the body a value cannot be sent (a
/// [`JsonObject`] that is not an object: `tools[0].function.parameters`).
///
/// Generic over every params type, so it is kept thin: the body is encoded straight to bytes,
/// once. When a value refuses to encode, what was written before it ends at the key or index it
/// sits at, so the path is read off that text (`json_path::path_at`), without encoding again.
pub(crate) fn request_body<B: Serialize + ?Sized>(body: &B) -> Result<bytes::Bytes, String> {
    IN_REQUEST.with(|flag| flag.set(true));
    let mut encoded = Vec::with_capacity(128);
    let result = serde_json::to_writer(&mut encoded, body);
    IN_REQUEST.with(|flag| flag.set(false));
    match result {
        Ok(()) => Ok(encoded.into()),
        Err(error) => match super::json_path::path_at(&encoded, encoded.len()) {
            path if path == "." => Err(format!("the request body cannot be sent: {error}")),
            path => Err(format!("the request body cannot be sent: at `{path}`: {error}")),
        },
    }
}
