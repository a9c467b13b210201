//! YAML text -> `serde_json::Value`, the one tree every later stage (overlay, normalize, the
//! typed model) works on.
//!
//! Deserializing straight into `serde_json::Value` fails on documents OpenAI really publishes:
//! `minimum: -9223372036854776000` is outside i64 and serde_json's value has no i128 number, and
//! YAML allows non-string keys (`200:`) that JSON objects do not. This visitor turns such integers
//! into floats (the value is only ever shown in docs), keys into their text, and applies YAML
//! merge keys (`<<: *base`), which serde_yaml keeps as an ordinary key. Anchors and aliases,
//! including an anchor defined twice (an alias refers to the latest), are serde_yaml's job.
//!
//! Every alias is expanded into a copy, so a few lines of nested aliases ("billion laughs") can
//! stand for billions of values. serde_yaml bounds the number of alias jumps, not what they
//! expand to (an alias of a list of a thousand aliases is one jump), so the visitor counts the
//! values it makes and gives up past a budget proportional to the text.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;

/// Values a document may hold per byte of its text: without aliases there is at most about one
/// per byte, so this leaves anchors room to be reused as documents use them, far below what
/// exhausts memory, and it runs out before serde_yaml's own (unlocated) limit on alias jumps.
const VALUES_PER_BYTE: usize = 16;

/// Values any document may hold, however short.
const BASE_ALLOWANCE: usize = 10_000;

/// Parses a YAML document into JSON values.
pub fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    let budget = Budget { left: Cell::new(BASE_ALLOWANCE.saturating_add(text.len().saturating_mul(VALUES_PER_BYTE))) };
    JsonValue(&budget).deserialize(serde_yaml::Deserializer::from_str(text))
}

/// How many more values the document may produce.
struct Budget {
    left: Cell<usize>,
}

impl Budget {
    fn take<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "YAML aliases expand to more values than the document could reasonably hold (an alias bomb?): \
                 expected anchors reused a moderate number of times",
            )),
        }
    }
}

#[derive(Clone, Copy)]
struct JsonValue<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for JsonValue<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor(self.0))
    }
}

/// A mapping key: YAML allows any scalar, JSON only text.
struct KeyText<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for KeyText<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        Ok(match deserializer.deserialize_any(ValueVisitor(self.0))? {
            Value::String(text) => text,
            Value::Null => "null".to_string(),
            other => other.to_string(),
        })
    }
}

/// Makes one JSON value per YAML node, each paid for from the budget.
struct ValueVisitor<'b>(&'b Budget);

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.take()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.take()?;
        Ok(Value::from(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.take()?;
        Ok(Value::from(v))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        self.0.take()?;
        Ok(i64::try_from(v).map(Value::from).unwrap_or_else(|_| float(v as f64)))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        self.0.take()?;
        Ok(u64::try_from(v).map(Value::from).unwrap_or_else(|_| float(v as f64)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.take()?;
        Ok(float(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.take()?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.0.take()?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.0.take()?;
        Ok(Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.0.take()?;
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        JsonValue(self.0).deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.take()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(JsonValue(self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.take()?;
        let mut object = Map::new();
        let mut merged: Vec<Map<String, Value>> = Vec::new();
        while let Some(key) = map.next_key_seed(KeyText(self.0))? {
            let value = map.next_value_seed(JsonValue(self.0))?;
            if key == "<<" {
                match value {
                    Value::Object(base) => merged.push(base),
                    Value::Array(bases) => merged.extend(bases.into_iter().filter_map(|b| {
                        if let Value::Object(b) = b {
                            Some(b)
                        } else {
                            None
                        }
                    })),
                    other => {
                        object.insert(key, other);
                    }
                }
                continue;
            }
            object.insert(key, value);
        }
        // Keys written in the mapping itself win over merged ones; earlier bases win over later.
        for base in merged {
            for (key, value) in base {
                object.entry(key).or_insert(value);
            }
        }
        Ok(Value::Object(object))
    }
}

/// A float as a JSON number; NaN and infinities (`.nan`, `.inf`) have none and become null.
fn float(v: f64) -> Value {
    Number::from_f64(v).map(Value::Number).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn integers_beyond_i64_become_floats() {
        assert_eq!(parse("minimum: -9223372036854776000").unwrap(), json!({"minimum": -9.223372036854776e18}));
        assert_eq!(parse("maximum: 18446744073709551616").unwrap(), json!({"maximum": 1.8446744073709552e19}));
        assert_eq!(parse("a: 9223372036854775807").unwrap(), json!({"a": 9223372036854775807_i64}));
    }

    #[test]
    fn non_string_keys_become_text() {
        assert_eq!(parse("200: {a: 1}\ntrue: 2\n1.5: 3").unwrap(), json!({"200": {"a": 1}, "true": 2, "1.5": 3}));
    }

    #[test]
    fn an_alias_refers_to_the_latest_anchor_of_its_name() {
        let doc = parse("a: &x 1\nb: *x\nc: &x {k: 2}\nd: *x").unwrap();
        assert_eq!(doc, json!({"a": 1, "b": 1, "c": {"k": 2}, "d": {"k": 2}}));
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        // The classic: nine levels of ten aliases each, 10^9 strings.
        let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..=9 {
            let aliases = vec![format!("*a{}", level - 1); 10].join(", ");
            laughs.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        // Few alias jumps, each expanding to a thousand values: serde_yaml's jump limit allows it.
        let wide = format!(
            "a: &a [{}]\nb: &b [{}]\nc: [{}]\n",
            vec!["x"; 1000].join(", "),
            vec!["*a"; 1000].join(", "),
            vec!["*b"; 1000].join(", ")
        );
        for bomb in [laughs, wide] {
            let started = std::time::Instant::now();
            let error = parse(&bomb).expect_err("refused");
            assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
            assert!(error.location().is_some(), "located: {error}");
        }
    }

    #[test]
    fn merge_keys_fill_in_without_overriding() {
        let doc = parse("base: &b {type: object, description: base}\nuse: {<<: *b, description: own}").unwrap();
        assert_eq!(doc["use"], json!({"type": "object", "description": "own"}));
        let doc = parse("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b]}").unwrap();
        assert_eq!(doc["c"], json!({"x": 1, "y": 2}));
    }
}
