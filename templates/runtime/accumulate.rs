//! Folding an Assistants event stream into the final run, messages and run steps.
//!
//! Snapshots are kept as JSON and merged with the rules of the official SDKs'
//! `accumulate_delta`, then decoded into the generated types on request. Working on JSON keeps
//! the merge independent of the (large, evolving) generated delta types.
//!
//! Its functions are `#[inline]`, like the generated code: compiled in the programs that use the
//! run helpers, not in every build of the crate (see the generator's `emit/inline.rs`).

use std::pin::Pin;
use std::task::{Context, Poll};

use super::decode::Decode;
use futures_core::Stream;
use futures_util::StreamExt;
use serde_json::{Map, Number, Value};

use super::error::{Error, StreamError};
use super::stream::EventStream;
use crate::{AssistantStreamEvent, Message, Run, RunStep};

/// Builds the final state of a run from its stream events, like the official SDKs'
/// `get_final_run()`, `get_final_messages()` and `get_final_run_steps()`.
///
/// * `thread.run.*` events replace the run snapshot;
/// * `thread.message.created` starts a message snapshot, `thread.message.delta` merges into it
///   (content blocks by their `index`), other `thread.message.*` events replace it;
/// * the same for run steps (`thread.run.step.*`), whose deltas merge into the whole step.
///
/// Merging concatenates strings, adds numbers, merges objects recursively, overwrites `index`
/// and `type`, extends lists of primitives and merges lists of objects by each entry's `index`.
///
/// ```no_run
/// # async fn demo(events: openai_beta::EventStream<openai_beta::AssistantStreamEvent>) -> Result<(), openai_beta::Error> {
/// let acc = events.accumulate().await?;
/// if let Some(run) = acc.final_run()? {
///     println!("run {} finished", run.id);
/// }
/// for message in acc.final_messages()? { /* ... */ }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default)]
pub struct RunAccumulator {
    run: Option<Value>,
    /// In order of creation.
    messages: Vec<Value>,
    /// In order of creation.
    steps: Vec<Value>,
}

#[inline]
fn accumulate_error(message: String) -> Error {
    Error::Stream(StreamError::Accumulate(message))
}

impl RunAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds one event in. Events that carry no run, message or step are ignored.
    ///
    /// Fails on a delta for a message or step that was never created, and on deltas whose
    /// lists cannot be merged.
    ///
    /// The run helpers fold in the event's JSON as it came instead (see [`Self::consume`]); this
    /// encodes the typed event, and is inlined where called so that a program that does not call
    /// it does not compile an encoder of every event type.
    #[inline]
    pub fn push(&mut self, event: &AssistantStreamEvent) -> Result<(), Error> {
        // Through text, by the serializer the crate already has for these types and its own
        // reader, rather than a second serializer of each type for `serde_json::Value`.
        let text =
            serde_json::to_string(event).map_err(|e| accumulate_error(format!("cannot serialize the event: {e}")))?;
        let value =
            super::decode::document(&text).map_err(|e| accumulate_error(format!("cannot read the event: {e}")))?;
        self.push_value(value)
    }

    /// Folds in an event given as `{"event": <name>, "data": <data>}`.
    #[inline]
    pub fn push_value(&mut self, event: Value) -> Result<(), Error> {
        let Value::Object(mut event) = event else { return Ok(()) };
        let (Some(Value::String(name)), Some(data)) = (event.remove("event"), event.remove("data")) else {
            return Ok(());
        };
        self.push_named(&name, data)
    }

    /// Folds in an event by its name and the JSON text of its data, as the stream received them.
    #[inline]
    pub(crate) fn push_raw(&mut self, name: &str, data: &str) -> Result<(), Error> {
        let data =
            super::decode::document(data).map_err(|e| accumulate_error(format!("cannot read the event: {e}")))?;
        self.push_named(name, data)
    }

    #[inline]
    fn push_named(&mut self, name: &str, data: Value) -> Result<(), Error> {
        match name {
            "thread.run.step.created" => upsert(&mut self.steps, data),
            "thread.run.step.delta" => {
                let step = snapshot(&mut self.steps, &data, "run step")?;
                if let (Value::Object(step), Some(Value::Object(delta))) = (step, data.get("delta")) {
                    accumulate_delta(step, delta)?;
                }
            }
            n if n.starts_with("thread.run.step.") => upsert(&mut self.steps, data),
            n if n.starts_with("thread.run.") => self.run = Some(data),
            "thread.message.created" => upsert(&mut self.messages, data),
            "thread.message.delta" => {
                let message = snapshot(&mut self.messages, &data, "message")?;
                if let Some(Value::Array(blocks)) = data.pointer("/delta/content") {
                    merge_content(message, blocks)?;
                }
            }
            n if n.starts_with("thread.message.") => upsert(&mut self.messages, data),
            _ => {}
        }
        Ok(())
    }

    /// Consumes a whole stream. On error the accumulator keeps what it folded so far.
    #[inline]
    pub async fn consume(&mut self, mut events: EventStream<AssistantStreamEvent>) -> Result<(), Error> {
        events.keep_raw();
        while let Some(event) = events.next().await {
            event?;
            self.push_kept(&mut events)?;
        }
        Ok(())
    }

    /// Folds in the event `events` last yielded (kept with `EventStream::keep_raw`).
    #[inline]
    pub(crate) fn push_kept(&mut self, events: &mut EventStream<AssistantStreamEvent>) -> Result<(), Error> {
        match events.take_raw() {
            Some((name, data)) => self.push_raw(&name, &data),
            None => Ok(()),
        }
    }

    /// The latest run snapshot as JSON.
    pub fn run_snapshot(&self) -> Option<&Value> {
        self.run.as_ref()
    }

    /// The message snapshots as JSON, in order of creation.
    pub fn message_snapshots(&self) -> &[Value] {
        &self.messages
    }

    /// The run step snapshots as JSON, in order of creation.
    pub fn run_step_snapshots(&self) -> &[Value] {
        &self.steps
    }

    /// The run from the last run event.
    #[inline]
    pub fn final_run(&self) -> Result<Option<Run>, Error> {
        self.run.as_ref().map(decode).transpose()
    }

    /// Every message of the stream, in order of creation.
    #[inline]
    pub fn final_messages(&self) -> Result<Vec<Message>, Error> {
        self.messages.iter().map(decode).collect()
    }

    /// Every run step of the stream, in order of creation.
    #[inline]
    pub fn final_run_steps(&self) -> Result<Vec<RunStep>, Error> {
        self.steps.iter().map(decode).collect()
    }
}

impl EventStream<AssistantStreamEvent> {
    /// Consumes the stream into a [`RunAccumulator`].
    #[inline]
    pub async fn accumulate(self) -> Result<RunAccumulator, Error> {
        let mut acc = RunAccumulator::new();
        acc.consume(self).await?;
        Ok(acc)
    }

    /// Only the text of message deltas: one `String` per `thread.message.delta` event that
    /// carries text.
    #[inline]
    pub fn text_deltas(self) -> TextDeltas {
        TextDeltas { events: self }
    }
}

/// The text pieces of an Assistants stream; see [`EventStream::text_deltas`].
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct TextDeltas {
    events: EventStream<AssistantStreamEvent>,
}

impl Stream for TextDeltas {
    type Item = Result<String, Error>;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let events = &mut self.get_mut().events;
        loop {
            let event = match std::task::ready!(events.poll_next_unpin(cx)) {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                Some(Ok(event)) => event,
            };
            if let Some(text) = event.text_delta() {
                return Poll::Ready(Some(Ok(text)));
            }
        }
    }
}

/// Decodes an accumulated snapshot the way a response body is decoded, with the path of a
/// failure.
fn decode<T: Decode>(value: &Value) -> Result<T, Error> {
    let text = serde_json::to_vec(value).map_err(|e| accumulate_error(format!("a snapshot does not encode: {e}")))?;
    super::error::decode_json(&text, None, None)
}

#[inline]
fn id_of(value: &Value) -> Option<&str> {
    value.get("id").and_then(Value::as_str)
}

/// Inserts a snapshot, or replaces the one with the same ID.
#[inline]
fn upsert(list: &mut Vec<Value>, data: Value) {
    match list.iter_mut().find(|s| id_of(s).is_some() && id_of(s) == id_of(&data)) {
        Some(existing) => *existing = data,
        None => list.push(data),
    }
}

/// The snapshot a delta applies to.
#[inline]
fn snapshot<'a>(list: &'a mut [Value], delta: &Value, what: &str) -> Result<&'a mut Value, Error> {
    let id = id_of(delta).ok_or_else(|| accumulate_error(format!("a {what} delta has no id")))?;
    list.iter_mut()
        .find(|s| id_of(s) == Some(id))
        .ok_or_else(|| accumulate_error(format!("a {what} delta for `{id}` arrived with no previous snapshot")))
}

/// Merges message content deltas into the snapshot's content blocks, by position `index`.
#[inline]
fn merge_content(message: &mut Value, blocks: &[Value]) -> Result<(), Error> {
    let Value::Object(message) = message else {
        return Err(accumulate_error("a message snapshot is not an object".into()));
    };
    if !matches!(message.get("content"), Some(Value::Array(_))) {
        message.insert("content".to_owned(), Value::Array(Vec::new()));
    }
    let Some(Value::Array(content)) = message.get_mut("content") else {
        return Err(accumulate_error("a message snapshot has no content list".into()));
    };
    for block in blocks {
        let index = block
            .get("index")
            .and_then(Value::as_u64)
            .ok_or_else(|| accumulate_error("a message content delta has no index".into()))?;
        match (usize::try_from(index).ok().and_then(|i| content.get_mut(i)), block) {
            (Some(Value::Object(existing)), Value::Object(delta)) => accumulate_delta(existing, delta)?,
            (Some(existing), _) => *existing = block.clone(),
            (None, _) => content.push(block.clone()),
        }
    }
    Ok(())
}

/// The official SDKs' `accumulate_delta`: merges `delta` into `acc` in place.
#[inline]
fn accumulate_delta(acc: &mut Map<String, Value>, delta: &Map<String, Value>) -> Result<(), Error> {
    for (key, new) in delta {
        let Some(old) = acc.get_mut(key).filter(|old| !old.is_null()) else {
            acc.insert(key.clone(), new.clone());
            continue;
        };
        // `index` positions list entries and `type` discriminates unions: never accumulated.
        if key == "index" || key == "type" {
            *old = new.clone();
            continue;
        }
        match (old, new) {
            (Value::String(old), Value::String(new)) => old.push_str(new),
            (Value::Number(old), Value::Number(new)) => {
                if let Some(sum) = add(old, new) {
                    *old = sum;
                }
            }
            (Value::Bool(old), Value::Bool(new)) => *old = *new,
            (Value::Object(old), Value::Object(new)) => accumulate_delta(old, new)?,
            (Value::Array(old), Value::Array(new)) => merge_list(key, old, new)?,
            // Mismatched kinds (including a `null` delta) keep the snapshot, as upstream does.
            _ => {}
        }
    }
    Ok(())
}

#[inline]
fn add(a: &Number, b: &Number) -> Option<Number> {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        if let Some(sum) = a.checked_add(b) {
            return Some(sum.into());
        }
    }
    Number::from_f64(a.as_f64()? + b.as_f64()?)
}

#[inline]
fn merge_list(key: &str, old: &mut Vec<Value>, new: &[Value]) -> Result<(), Error> {
    // Lists of primitives only ever grow.
    if old.iter().all(|v| v.is_string() || v.is_number() || v.is_boolean()) {
        old.extend(new.iter().cloned());
        return Ok(());
    }
    for entry in new {
        let Value::Object(entry_map) = entry else {
            return Err(accumulate_error(format!("`{key}`: expected objects in a list delta, got {entry}")));
        };
        let index = entry_map
            .get("index")
            .and_then(Value::as_u64)
            .ok_or_else(|| accumulate_error(format!("`{key}`: a list delta entry has no index")))?;
        match usize::try_from(index).ok().and_then(|i| old.get_mut(i)) {
            Some(Value::Object(existing)) => accumulate_delta(existing, entry_map)?,
            Some(other) => {
                return Err(accumulate_error(format!("`{key}`: cannot merge an object into {other}")));
            }
            None => old.push(entry.clone()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(acc: Value, delta: Value) -> Value {
        let (Value::Object(mut acc), Value::Object(delta)) = (acc, delta) else { panic!() };
        accumulate_delta(&mut acc, &delta).unwrap();
        Value::Object(acc)
    }

    #[test]
    fn merge_rules() {
        assert_eq!(merged(json!({"a": "x"}), json!({"a": "y"})), json!({"a": "xy"}));
        assert_eq!(merged(json!({"n": 1}), json!({"n": 2})), json!({"n": 3}));
        assert_eq!(merged(json!({"f": 1.5}), json!({"f": 1})), json!({"f": 2.5}));
        assert_eq!(
            merged(json!({"type": "a", "index": 0}), json!({"type": "b", "index": 1})),
            json!({"type": "b", "index": 1})
        );
        assert_eq!(merged(json!({"a": null}), json!({"a": "v"})), json!({"a": "v"}));
        assert_eq!(merged(json!({}), json!({"new": [1]})), json!({"new": [1]}));
        assert_eq!(
            merged(json!({"a": {"b": "x", "c": 1}}), json!({"a": {"b": "y"}})),
            json!({"a": {"b": "xy", "c": 1}})
        );
        assert_eq!(merged(json!({"l": ["a"]}), json!({"l": ["b", "c"]})), json!({"l": ["a", "b", "c"]}));
        assert_eq!(
            merged(json!({"l": []}), json!({"l": [{"index": 0, "x": "a"}]})),
            json!({"l": [{"index": 0, "x": "a"}]})
        );
        assert_eq!(
            merged(
                json!({"l": [{"index": 0, "x": "a"}, {"index": 1, "x": "b"}]}),
                json!({"l": [{"index": 1, "x": "B"}, {"index": 2, "x": "c"}]})
            ),
            json!({"l": [{"index": 0, "x": "a"}, {"index": 1, "x": "bB"}, {"index": 2, "x": "c"}]})
        );
        assert_eq!(merged(json!({"s": "keep"}), json!({"s": null})), json!({"s": "keep"}));
        assert_eq!(merged(json!({"s": "keep"}), json!({"s": {"o": 1}})), json!({"s": "keep"}));
        assert_eq!(merged(json!({"b": false}), json!({"b": true})), json!({"b": true}));
    }

    #[test]
    fn bad_list_deltas_are_errors() {
        let mut acc = json!({"l": [{"index": 0}]}).as_object().unwrap().clone();
        for delta in [json!({"l": [1]}), json!({"l": [{"x": 1}]})] {
            let err = accumulate_delta(&mut acc, delta.as_object().unwrap()).unwrap_err();
            assert!(matches!(err, Error::Stream(StreamError::Accumulate(_))), "{err}");
        }
    }

    fn ev(name: &str, data: Value) -> Value {
        json!({"event": name, "data": data})
    }

    #[test]
    fn folds_messages_steps_and_run() {
        let mut acc = RunAccumulator::new();
        let events = [
            ev("thread.run.created", json!({"id": "run_1", "thread_id": "t", "status": "queued"})),
            ev("thread.run.in_progress", json!({"id": "run_1", "thread_id": "t", "status": "in_progress"})),
            ev(
                "thread.run.step.created",
                json!({"id": "step_1", "step_details": {"type": "tool_calls", "tool_calls": []}}),
            ),
            ev(
                "thread.run.step.delta",
                json!({"id": "step_1", "object": "thread.run.step.delta", "delta": {"step_details": {"type": "tool_calls", "tool_calls": [{"index": 0, "type": "code_interpreter", "id": "call_1", "code_interpreter": {"input": "1+", "outputs": []}}]}}}),
            ),
            ev(
                "thread.run.step.delta",
                json!({"id": "step_1", "delta": {"step_details": {"type": "tool_calls", "tool_calls": [{"index": 0, "type": "code_interpreter", "code_interpreter": {"input": "1"}}]}}}),
            ),
            ev("thread.message.created", json!({"id": "msg_1", "role": "assistant", "content": []})),
            ev(
                "thread.message.delta",
                json!({"id": "msg_1", "delta": {"role": "assistant", "content": [{"index": 0, "type": "text", "text": {"value": "Hel", "annotations": []}}]}}),
            ),
            ev(
                "thread.message.delta",
                json!({"id": "msg_1", "delta": {"content": [{"index": 0, "type": "text", "text": {"value": "lo"}}]}}),
            ),
            ev(
                "thread.message.delta",
                json!({"id": "msg_1", "delta": {"content": [{"index": 1, "type": "image_file", "image_file": {"file_id": "f"}}]}}),
            ),
            ev("thread.run.completed", json!({"id": "run_1", "thread_id": "t", "status": "completed"})),
            ev("thread.future.event", json!({"whatever": true})),
            ev("done", json!("[DONE]")),
        ];
        for e in events {
            acc.push_value(e).unwrap();
        }
        assert_eq!(acc.run_snapshot().unwrap()["status"], "completed");
        let message = &acc.message_snapshots()[0];
        assert_eq!(message["role"], "assistant", "message delta keys other than content are not merged");
        assert_eq!(message["content"][0]["text"]["value"], "Hello");
        assert_eq!(message["content"][1]["image_file"]["file_id"], "f");
        let step = &acc.run_step_snapshots()[0];
        assert_eq!(step["step_details"]["tool_calls"][0]["code_interpreter"]["input"], "1+1");
        assert_eq!(step["step_details"]["tool_calls"][0]["id"], "call_1");
        assert_eq!(step["step_details"]["type"], "tool_calls");

        // A completed event replaces the snapshot.
        acc.push_value(ev(
            "thread.message.completed",
            json!({"id": "msg_1", "role": "assistant", "content": [], "status": "completed"}),
        ))
        .unwrap();
        assert_eq!(acc.message_snapshots().len(), 1);
        assert_eq!(acc.message_snapshots()[0]["status"], "completed");
    }

    #[test]
    fn delta_without_snapshot_is_an_error() {
        let mut acc = RunAccumulator::new();
        for name in ["thread.message.delta", "thread.run.step.delta"] {
            let err = acc.push_value(ev(name, json!({"id": "x", "delta": {}}))).unwrap_err();
            assert!(err.to_string().contains("no previous snapshot"), "{err}");
        }
        let err = acc.push_value(ev("thread.message.delta", json!({"delta": {}}))).unwrap_err();
        assert!(err.to_string().contains("no id"), "{err}");
    }
}
