//! Lossless response models: for every response type and stream event, decoding JSON and
//! serializing the value again gives the same JSON back (compared by value; key order does not
//! matter), however the JSON drifts from the spec: fields left out, `null` where the spec says
//! otherwise, unknown fields, keys in any order, unknown enum values and union tags.
//!
//! The samples come from the generator (`generated/tests/samples/mod.rs`, one per type and per
//! union arm, built from the spec like the conformance tests' values); the tests here mutate them.

use openai_beta::{
    AssistantToolChoice, FunctionDefinition, Nullable, Run, RunStatus, TruncationStrategy, TruncationStrategyType,
};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
#[path = "../../generated/tests/samples/mod.rs"]
mod samples;

use common::diff;

use samples::{Sample, REQUEST_ONLY, SAMPLES};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Decodes `json` (written with its keys in the order `seed` picks) as the sample's type and
/// serializes it again. `Ok(None)` when the JSON does not decode (a mutation the type cannot take,
/// such as `null` in a map of strings); `Err` lists the differences of a lossy round trip.
fn check(sample: &Sample, json: &Value, seed: u64) -> Result<Option<()>, String> {
    let text = write_shuffled(json, seed);
    let Ok(back) = (sample.round_trip)(&text) else { return Ok(None) };
    let mut differences = Vec::new();
    diff("", &back, Some(json), &mut differences);
    if differences.is_empty() {
        Ok(Some(()))
    } else {
        Err(format!("{}: re-serialised JSON differs from\n{text}\n{}", sample.name, differences.join("\n")))
    }
}

/// A small deterministic generator, for key orders.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// JSON text of `value` with the keys of every object in an order picked by `seed` (`0`: as
/// stored). A tag after the other fields takes the decoder's buffering path.
fn write_shuffled(value: &Value, seed: u64) -> String {
    fn write(value: &Value, state: &mut u64, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                if *state != 0 {
                    for index in (1..entries.len()).rev() {
                        entries.swap(index, (next(state) % (index as u64 + 1)) as usize);
                    }
                }
                out.push('{');
                for (position, (key, value)) in entries.into_iter().enumerate() {
                    if position > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(value, state, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (position, item) in items.iter().enumerate() {
                    if position > 0 {
                        out.push(',');
                    }
                    write(item, state, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut seed.clone(), &mut out);
    out
}

/// One step into a JSON value.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// The paths of every object (`objects`) and every string (`strings`) in `value`.
fn paths(value: &Value, at: &mut Vec<Step>, objects: &mut Vec<Vec<Step>>, strings: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            objects.push(at.clone());
            for (key, value) in map {
                at.push(Step::Key(key.clone()));
                paths(value, at, objects, strings);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(Step::Index(index));
                paths(item, at, objects, strings);
                at.pop();
            }
        }
        Value::String(_) => strings.push(at.clone()),
        _ => {}
    }
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// One drift of the server's JSON from the spec.
#[derive(Clone, Debug)]
enum Mutation {
    /// A field of an object left out.
    Drop { object: usize, key: usize },
    /// A field of an object sent as `null`.
    Null { object: usize, key: usize },
    /// A field the types do not know.
    Add { object: usize, name: u16, value: u8 },
    /// A string replaced by one no enum, constant or tag has.
    Unknown { string: usize, name: u16 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(object, key)| Mutation::Drop { object, key }),
        (any::<usize>(), any::<usize>()).prop_map(|(object, key)| Mutation::Null { object, key }),
        (any::<usize>(), any::<u16>(), any::<u8>()).prop_map(|(object, name, value)| Mutation::Add {
            object,
            name,
            value
        }),
        (any::<usize>(), any::<u16>()).prop_map(|(string, name)| Mutation::Unknown { string, name }),
    ]
}

fn apply(json: &mut Value, mutation: &Mutation) {
    let (mut objects, mut strings) = (Vec::new(), Vec::new());
    paths(json, &mut Vec::new(), &mut objects, &mut strings);
    let object_at = |index: usize| objects.get(index % objects.len().max(1)).cloned();
    match *mutation {
        Mutation::Drop { object, key } | Mutation::Null { object, key } => {
            let Some(path) = object_at(object) else { return };
            let Value::Object(map) = at_mut(json, &path) else { return };
            let Some(name) = map.keys().nth(key % map.len().max(1)).cloned() else { return };
            if matches!(mutation, Mutation::Drop { .. }) {
                map.remove(&name);
            } else {
                map.insert(name, Value::Null);
            }
        }
        Mutation::Add { object, name, value } => {
            let Some(path) = object_at(object) else { return };
            let Value::Object(map) = at_mut(json, &path) else { return };
            let value = match value % 4 {
                0 => json!(format!("new-{value}")),
                1 => json!(value),
                2 => json!({"nested": [value, null]}),
                _ => Value::Null,
            };
            map.insert(format!("zz_added_{name}"), value);
        }
        Mutation::Unknown { string, name } => {
            let Some(path) = strings.get(string % strings.len().max(1)).cloned() else { return };
            *at_mut(json, &path) = json!(format!("zz_unknown_{name}"));
        }
    }
}

fn sample_json(sample: &Sample) -> Value {
    serde_json::from_str(sample.json).unwrap_or_else(|e| panic!("{}: sample is not JSON: {e}", sample.name))
}

// ---------------------------------------------------------------------------------------------
// Every response type, from the generated samples
// ---------------------------------------------------------------------------------------------

/// A type that is in neither list (the generator classified it as neither response nor
/// request side) fails here, so a response type cannot go untested.
#[test]
fn every_model_type_has_a_sample_or_is_request_only() {
    let types = include_str!("../../generated/src/types.rs");
    let mut names = Vec::new();
    for line in types.lines() {
        for prefix in ["pub struct ", "pub enum "] {
            if let Some(rest) = line.strip_prefix(prefix) {
                names.push(rest.split([' ', '{', '(', '<']).next().unwrap_or_default());
            }
        }
    }
    assert!(names.len() > 100, "types.rs lists its types ({} found)", names.len());
    let sampled = |name: &str| SAMPLES.iter().any(|s| s.name.split('/').next() == Some(name));
    for name in &names {
        assert!(
            sampled(name) != REQUEST_ONLY.contains(name),
            "`{name}` must be exactly one of: sampled as a response type, listed as request-only"
        );
    }
    for name in ["Run", "RunStep", "Message", "AssistantStreamEvent", "ChatSession", "ChatKitThreadItem"] {
        assert!(sampled(name), "`{name}` has a sample");
    }
}

#[test]
fn every_sample_round_trips_in_any_key_order() {
    for sample in SAMPLES {
        let json = sample_json(sample);
        for seed in [0, 1, 2, 0x9e37_79b9_7f4a_7c15] {
            match check(sample, &json, seed) {
                Ok(Some(())) => {}
                Ok(None) => panic!("{}: the sample does not decode: {}", sample.name, sample.json),
                Err(message) => panic!("{message}"),
            }
        }
    }
}

/// Every field of every object in every sample, one at a time: left out, sent as `null`, and an
/// unknown field beside it.
#[test]
fn every_field_left_out_or_null_round_trips() {
    let (mut decoded, mut refused) = (0usize, 0usize);
    for sample in SAMPLES {
        let json = sample_json(sample);
        let (mut objects, mut strings) = (Vec::new(), Vec::new());
        paths(&json, &mut Vec::new(), &mut objects, &mut strings);
        for (object, path) in objects.iter().enumerate() {
            let Value::Object(map) = at_mut(&mut json.clone(), path).clone() else { unreachable!() };
            let mut mutations = vec![Mutation::Add { object, name: 1, value: 0 }];
            for key in 0..map.len() {
                mutations.push(Mutation::Drop { object, key });
                mutations.push(Mutation::Null { object, key });
            }
            for mutation in &mutations {
                let mut mutated = json.clone();
                apply(&mut mutated, mutation);
                match check(sample, &mutated, 7) {
                    Ok(Some(())) => decoded += 1,
                    Ok(None) => refused += 1,
                    Err(message) => panic!("{mutation:?}: {message}"),
                }
            }
        }
    }
    // Only `null` where the type has no room for it at all (an item of a map of strings) is
    // refused; everything else decodes.
    assert!(decoded > 1000 && refused * 20 < decoded, "{decoded} decoded, {refused} refused");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, max_global_rejects: 20_000, ..ProptestConfig::default() })]

    /// Random drift: a sample of a random type, up to eight mutations, keys in a random order.
    #[test]
    fn mutated_samples_round_trip(
        index in 0..SAMPLES.len(),
        mutations in proptest::collection::vec(mutation(), 0..8),
        seed in 1..u64::MAX,
    ) {
        let sample = &SAMPLES[index];
        let mut json = sample_json(sample);
        for mutation in &mutations {
            apply(&mut json, mutation);
        }
        match check(sample, &json, seed) {
            Ok(Some(())) => {}
            Ok(None) => prop_assume!(false, "does not decode"),
            Err(message) => prop_assert!(false, "{:?}\n{}", mutations, message),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Targeted cases
// ---------------------------------------------------------------------------------------------

fn run() -> Value {
    json!({
        "id": "run_abc123",
        "object": "thread.run",
        "created_at": 1699063290,
        "thread_id": "thread_abc123",
        "assistant_id": "asst_abc123",
        "status": "completed",
        "required_action": null,
        "last_error": null,
        "expires_at": null,
        "started_at": 1699063291,
        "cancelled_at": null,
        "failed_at": null,
        "completed_at": 1699063300,
        "incomplete_details": null,
        "model": "gpt-4o",
        "instructions": "Be brief.",
        "tools": [],
        "metadata": {},
        "usage": null,
        "temperature": 1.0,
        "top_p": 1.0,
        "max_prompt_tokens": null,
        "max_completion_tokens": null,
        "truncation_strategy": {"type": "auto", "last_messages": null},
        "tool_choice": "auto",
        "parallel_tool_calls": true,
        "response_format": "auto"
    })
}

fn decode_run(json: &Value) -> Run {
    openai_beta::de::from_str(&json.to_string()).expect("a run decodes")
}

fn with(mut json: Value, key: &str, value: Value) -> Value {
    json[key] = value;
    json
}

fn without(mut json: Value, key: &str) -> Value {
    json.as_object_mut().expect("an object").remove(key);
    json
}

#[test]
fn instructions_null_on_a_run_round_trips_as_null() {
    // The live API sends `"instructions": null` on runs; the spec says a string.
    let json = with(run(), "instructions", Value::Null);
    let run = decode_run(&json);
    assert_eq!(run.instructions, "", "the field stays a plain String, with its default");
    assert!(run.is_null("instructions"));
    assert!(!run.is_absent("instructions"));
    assert!(!run.is_null("model") && !run.is_null("no_such_field"));
    assert_eq!(serde_json::to_value(&run).unwrap()["instructions"], Value::Null);
    assert_eq!(serde_json::to_value(&run).unwrap(), json);
}

#[test]
fn an_absent_required_field_round_trips_as_absent() {
    let json = without(without(without(run(), "instructions"), "tools"), "status");
    let run = decode_run(&json);
    assert_eq!((run.instructions.as_str(), run.tools.len()), ("", 0));
    assert_eq!(run.status, RunStatus::default());
    for field in ["instructions", "tools", "status"] {
        assert!(run.is_absent(field), "{field} is absent");
        assert!(!run.is_null(field), "{field} is not null");
    }
    assert!(!run.is_absent("id"));
    let back = serde_json::to_value(&run).unwrap();
    assert!(back.get("instructions").is_none() && back.get("tools").is_none() && back.get("status").is_none());
    assert_eq!(back, json);
}

#[test]
fn a_required_nullable_field_left_out_stays_out_and_an_optional_null_stays_null() {
    // `usage` is required and nullable (`Option`, always written): left out, it is marked absent;
    // `null` is `None` and needs no mark.
    let json = with(without(run(), "usage"), "last_error", Value::Null);
    let run = decode_run(&json);
    assert!(run.usage.is_none() && run.is_absent("usage"));
    assert!(run.last_error.is_none() && !run.is_absent("last_error") && !run.is_null("last_error"));
    assert_eq!(serde_json::to_value(&run).unwrap(), json);

    // `function` of a tool choice is optional and not nullable (`Option`, left out when `None`):
    // `null` is marked and written back.
    let json = json!({"type": "function", "function": null});
    let choice: AssistantToolChoice = openai_beta::de::from_str(&json.to_string()).unwrap();
    assert!(choice.function.is_none() && choice.is_null("function") && !choice.is_absent("function"));
    assert_eq!(serde_json::to_value(&choice).unwrap(), json);
    let left_out: AssistantToolChoice = openai_beta::de::from_str(r#"{"type": "function"}"#).unwrap();
    assert!(!left_out.is_null("function") && !left_out.is_absent("function"), "optional: `None` says it");
    assert_eq!(serde_json::to_value(&left_out).unwrap(), json!({"type": "function"}));
}

#[test]
fn a_field_set_after_decoding_it_absent_or_null_is_written_as_set() {
    let mut absent = decode_run(&without(without(run(), "instructions"), "usage"));
    absent.instructions = "x".into();
    let back = serde_json::to_value(&absent).unwrap();
    assert_eq!(back["instructions"], json!("x"));
    assert!(absent.is_absent("instructions"), "the marks say how the field arrived, not what it holds");

    let mut null = decode_run(&with(with(run(), "instructions", Value::Null), "status", Value::Null));
    null.instructions = "y".into();
    null.status = RunStatus::Cancelled;
    let back = serde_json::to_value(&null).unwrap();
    assert_eq!((&back["instructions"], &back["status"]), (&json!("y"), &json!("cancelled")));

    // A required constant: its placeholder is the constant, so it stays out until changed.
    let mut constant = decode_run(&without(run(), "object"));
    assert_eq!(constant.object, "thread.run");
    assert!(serde_json::to_value(&constant).unwrap().get("object").is_none());
    constant.object = "thread.run.v2".into();
    assert_eq!(serde_json::to_value(&constant).unwrap()["object"], json!("thread.run.v2"));
}

#[test]
fn a_model_built_in_code_serializes_as_before() {
    // Every required field is written (with its default), optional ones only when set.
    let run = Run::default();
    assert!(!run.is_absent("instructions") && !run.is_null("instructions"));
    let back = serde_json::to_value(&run).unwrap();
    assert_eq!(back["object"], json!("thread.run"));
    assert_eq!(back["instructions"], json!(""));
    assert_eq!(back["usage"], Value::Null, "required nullable: always written");
    assert!(back.get("temperature").is_none(), "optional: left out when None");
    assert_eq!(back.as_object().unwrap().len(), Run::FIELDS.len() - 2, "all but the two optional fields");

    assert_eq!(serde_json::to_value(FunctionDefinition::new("f")).unwrap(), json!({"name": "f"}));
    let strategy = TruncationStrategy::new(TruncationStrategyType::LastMessages).last_messages_null();
    assert_eq!(serde_json::to_value(&strategy).unwrap(), json!({"type": "last_messages", "last_messages": null}));
    let mut strategy = strategy;
    strategy.last_messages = Some(Nullable::Value(3));
    strategy.extra.insert("new".into(), json!(1));
    assert_eq!(
        serde_json::to_value(&strategy).unwrap(),
        json!({"type": "last_messages", "last_messages": 3, "new": 1})
    );
}

#[test]
fn equality_and_clone_ignore_how_a_value_arrived() {
    let full = decode_run(&run());
    let mut missing = decode_run(&without(run(), "instructions"));
    assert_ne!(full, missing);
    missing.instructions = "Be brief.".into();
    assert_eq!(full, missing, "equal fields, equal values");
    let copy = missing.clone();
    assert!(copy.is_absent("instructions"), "a clone keeps the marks");
    assert_eq!(Run::default(), Run::default());
    assert!(format!("{:?}", Run::default()).ends_with("extra: {}, presence: {} }"));
    let debug = format!("{copy:?}");
    assert!(debug.ends_with("presence: {absent: [15], null: []} }"), "{debug}");
}

/// The marks of types with more than 64 fields (none in this spec; the whole upstream document's
/// widest has 60) live in further words: every index keeps its own two bits.
#[test]
fn presence_marks_past_64_fields_are_kept() {
    use openai_beta::presence::{FieldMarks, Marks, Presence};
    let mut marks = Marks::<3>::default();
    let mut lent = FieldMarks::new(marks.as_mut());
    for index in [0, 63, 64, 100, 129] {
        lent.at(index).seen();
    }
    lent.at(100).null();
    lent.at(129).null();
    assert!(marks.finish(&[u64::MAX, u64::MAX, 0b11]), "fields are marked");
    let mut presence = Presence::<3>::default();
    presence.set(marks);
    let fields: Vec<String> = (0..130).map(|i| format!("f{i}")).collect();
    let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
    for index in 0..130 {
        let seen = [0, 63, 64, 100, 129].contains(&index);
        assert_eq!(presence.is_absent(&fields, fields[index]), !seen, "f{index} absent");
        assert_eq!(presence.is_null(&fields, fields[index]), [100, 129].contains(&index), "f{index} null");
    }
    let mut all_seen = Marks::<3>::default();
    let mut lent = FieldMarks::new(all_seen.as_mut());
    (0..130).for_each(|index| lent.at(index).seen());
    assert!(!all_seen.finish(&[u64::MAX, u64::MAX, 0b11]), "nothing to keep when every field came with a value");
    let mut optional_left_out = Marks::<1>::default();
    FieldMarks::new(optional_left_out.as_mut()).at(0).seen();
    assert!(!optional_left_out.finish(&[0b1]), "fields not in the required mask are never absent");
    // Bits past the declared fields are never marked absent.
    assert_eq!(presence.marks(130) & 1, 0);
}

#[test]
fn a_required_object_or_union_keeps_how_it_arrived_until_changed() {
    // A required object that came absent holds its default and stays out; once a field of it is
    // set, it is written.
    let mut call: openai_beta::RequiredActionFunctionToolCall =
        openai_beta::de::from_str(r#"{"id": "call_1", "type": "function"}"#).unwrap();
    assert!(call.is_absent("function"));
    assert!(serde_json::to_value(&call).unwrap().get("function").is_none());
    call.function.name = "get_weather".into();
    assert_eq!(serde_json::to_value(&call).unwrap()["function"]["name"], json!("get_weather"));

    // A required object that came `null` is written `null` until changed.
    let call: openai_beta::RequiredActionFunctionToolCall =
        openai_beta::de::from_str(r#"{"id": "call_1", "type": "function", "function": null}"#).unwrap();
    assert!(call.is_null("function"));
    assert_eq!(serde_json::to_value(&call).unwrap()["function"], Value::Null);

    // A required union that came `null` holds its default (its unknown `null`), written `null`
    // again; set to a variant, it is written as that variant.
    let mut step: openai_beta::RunStep =
        openai_beta::de::from_str(r#"{"id": "step_1", "step_details": null}"#).unwrap();
    assert!(step.is_null("step_details"));
    assert_eq!(serde_json::to_value(&step).unwrap()["step_details"], Value::Null);
    step.step_details =
        serde_json::from_value(json!({"type": "message_creation", "message_creation": {"message_id": "msg_1"}}))
            .unwrap();
    assert_eq!(serde_json::to_value(&step).unwrap()["step_details"]["type"], json!("message_creation"));
}
