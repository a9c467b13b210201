//! The inputs every contender decodes: realistic response bodies (shapes and key order from the
//! API reference, as in `sdk-tests/tests/decoding.rs`) and a synthetic run stream. Each is built
//! once, as bytes, before any clock starts; every contender gets the same bytes.
//!
//! The payloads are JSON text, not `serde_json::json!`: without serde_json's `preserve_order`
//! feature (which the bench must not turn on, as it would change every contender's maps) a
//! `json!` object serialises with sorted keys, which would put `type` and `event` after the
//! other fields. The API sends discriminators early, and decoders that read the tag first (ours,
//! serde's adjacently tagged enums) depend on it, so the order matters for the figures.

/// A decode input: its name in the results, the bytes, and how many API objects they hold
/// (for items/s).
pub struct Fixture {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub items: u64,
}

/// Every decode fixture, in the order of the results table.
pub fn decode_fixtures() -> Vec<Fixture> {
    let mut out = vec![
        Fixture { name: "messages_list_100", bytes: list((0..100).map(message).collect()).into_bytes(), items: 100 },
        Fixture { name: "run_steps_list_100", bytes: list((0..100).map(run_step).collect()).into_bytes(), items: 100 },
        Fixture { name: "run", bytes: run(7, "requires_action").into_bytes(), items: 1 },
    ];
    for (name, event) in stream_event_kinds() {
        out.push(Fixture { name, bytes: event.into_bytes(), items: 1 });
    }
    out
}

/// One `{"event": .., "data": ..}` envelope of each common kind of `AssistantStreamEvent`: the
/// object the event unions describe, and what both SDKs decode from an SSE event.
pub fn stream_event_kinds() -> Vec<(&'static str, String)> {
    vec![
        ("event_run_created", envelope("thread.run.created", &run(1, "queued"))),
        ("event_run_step_created", envelope("thread.run.step.created", &run_step(1))),
        ("event_run_step_delta", envelope("thread.run.step.delta", &run_step_delta(0))),
        ("event_message_created", envelope("thread.message.created", &message(1))),
        ("event_message_delta", envelope("thread.message.delta", &message_delta(3, true))),
        ("event_run_completed", envelope("thread.run.completed", &run(1, "completed"))),
    ]
}

fn envelope(event: &str, data: &str) -> String {
    format!(r#"{{"event":"{event}","data":{data}}}"#)
}

/// Fills `$NAME` placeholders and drops the template's layout whitespace (SSE `data:` must be
/// one line, and the API's compact output is what streams carry).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (name, value) in values {
        text = text.replace(name, value);
    }
    minify(&text)
}

/// Removes whitespace outside JSON strings.
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// A cursor page, as every list operation returns it.
pub fn list(data: Vec<String>) -> String {
    let id = |item: Option<&String>| {
        let item = item.map(String::as_str).unwrap_or_default();
        item.split('"').nth(3).unwrap_or_default().to_owned()
    };
    format!(
        r#"{{"object":"list","data":[{}],"first_id":"{}","last_id":"{}","has_more":true}}"#,
        data.join(","),
        id(data.first()),
        id(data.last())
    )
}

const TEXT_CONTENT: &str = r#"
{
  "type": "text",
  "text": {
    "value": "Q$Q revenue was $4.$IM【4:0†report.pdf】. Chart: sandbox:/mnt/data/revenue.png",
    "annotations": [
      {
        "type": "file_citation",
        "text": "【4:0†report.pdf】",
        "start_index": 20,
        "end_index": 36,
        "file_citation": {"file_id": "file-report"}
      },
      {
        "type": "file_path",
        "text": "sandbox:/mnt/data/revenue.png",
        "start_index": 45,
        "end_index": 74,
        "file_path": {"file_id": "file-chart"}
      }
    ]
  }
}"#;

const IMAGE_CONTENT: &str = r#"{"type": "image_file", "image_file": {"file_id": "file-chart", "detail": "high"}}"#;

const MESSAGE: &str = r#"
{
  "id": "msg_$I",
  "object": "thread.message",
  "created_at": $T,
  "assistant_id": "asst_abc123",
  "thread_id": "thread_abc123",
  "run_id": "run_abc123",
  "status": "completed",
  "completed_at": $T,
  "incomplete_at": null,
  "incomplete_details": null,
  "role": "assistant",
  "content": [$CONTENT],
  "attachments": [{"file_id": "file-report", "tools": [{"type": "file_search"}]}],
  "metadata": {"topic": "finance"}
}"#;

/// An assistant message citing a file and linking a generated file; every fourth one also
/// shows an image.
pub fn message(index: usize) -> String {
    let quarter = (index % 4 + 1).to_string();
    let mut content = TEXT_CONTENT.replace("$Q", &quarter);
    if index.is_multiple_of(4) {
        content = format!("{content},{IMAGE_CONTENT}");
    }
    fill(MESSAGE, &[("$CONTENT", &content), ("$I", &format!("{index:06}")), ("$T", &(1699017614 + index).to_string())])
}

const MESSAGE_CREATION_DETAILS: &str = r#"{"type": "message_creation", "message_creation": {"message_id": "msg_$I"}}"#;

const CODE_INTERPRETER_DETAILS: &str = r#"
{
  "type": "tool_calls",
  "tool_calls": [{
    "id": "call_ci_$I",
    "type": "code_interpreter",
    "code_interpreter": {
      "input": "import statistics\nprint(statistics.mean([3, 4, 5.6]))",
      "outputs": [
        {"type": "logs", "logs": "4.2\n"},
        {"type": "image", "image": {"file_id": "file-plot"}}
      ]
    }
  }]
}"#;

const FILE_SEARCH_DETAILS: &str = r#"
{
  "type": "tool_calls",
  "tool_calls": [{
    "id": "call_fs_$I",
    "type": "file_search",
    "file_search": {
      "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.5},
      "results": [{
        "file_id": "file-report",
        "file_name": "report.pdf",
        "score": 0.87,
        "content": [{"type": "text", "text": "Q3 revenue was $4.2M."}]
      }]
    }
  }]
}"#;

const FUNCTION_DETAILS: &str = r#"
{
  "type": "tool_calls",
  "tool_calls": [{
    "id": "call_fn_$I",
    "type": "function",
    "function": {
      "name": "get_weather",
      "arguments": "{\"location\":\"Paris\"}",
      "output": "{\"temperature\":22,\"unit\":\"celsius\"}"
    }
  }]
}"#;

const RUN_STEP: &str = r#"
{
  "id": "step_$I",
  "object": "thread.run.step",
  "created_at": $T,
  "run_id": "run_abc123",
  "assistant_id": "asst_abc123",
  "thread_id": "thread_abc123",
  "type": "$TYPE",
  "status": "completed",
  "cancelled_at": null,
  "completed_at": $T,
  "expires_at": null,
  "failed_at": null,
  "last_error": null,
  "step_details": $DETAILS,
  "metadata": {},
  "usage": {"prompt_tokens": 123, "completion_tokens": 45, "total_tokens": 168}
}"#;

/// A completed run step; `index` cycles through a message creation and the three tool-call
/// kinds (code interpreter, file search, function).
pub fn run_step(index: usize) -> String {
    let (step_type, details) = match index % 4 {
        0 => ("message_creation", MESSAGE_CREATION_DETAILS),
        1 => ("tool_calls", CODE_INTERPRETER_DETAILS),
        2 => ("tool_calls", FILE_SEARCH_DETAILS),
        _ => ("tool_calls", FUNCTION_DETAILS),
    };
    fill(
        RUN_STEP,
        &[
            ("$DETAILS", details),
            ("$TYPE", step_type),
            ("$I", &format!("{index:06}")),
            ("$T", &(1699063291 + index).to_string()),
        ],
    )
}

const REQUIRED_ACTION: &str = r#"
{
  "type": "submit_tool_outputs",
  "submit_tool_outputs": {
    "tool_calls": [
      {
        "id": "call_weather_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": "{\"location\":\"Paris\",\"unit\":\"celsius\"}"}
      },
      {
        "id": "call_time_2",
        "type": "function",
        "function": {"name": "get_time", "arguments": "{\"timezone\":\"Europe/Paris\"}"}
      }
    ]
  }
}"#;

const RUN: &str = r#"
{
  "id": "run_$I",
  "object": "thread.run",
  "created_at": 1699063290,
  "assistant_id": "asst_abc123",
  "thread_id": "thread_abc123",
  "status": "$STATUS",
  "started_at": 1699063291,
  "expires_at": 1699063890,
  "cancelled_at": null,
  "failed_at": null,
  "completed_at": null,
  "required_action": $REQUIRED_ACTION,
  "last_error": null,
  "model": "gpt-4o",
  "instructions": "You are a weather bot. Use the provided functions to answer questions.",
  "tools": [
    {
      "type": "function",
      "function": {
        "name": "get_weather",
        "description": "Get the current weather in a given location",
        "parameters": {
          "type": "object",
          "properties": {
            "location": {"type": "string"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
          },
          "required": ["location"]
        }
      }
    },
    {"type": "code_interpreter"}
  ],
  "metadata": {"session": "web-42"},
  "usage": $USAGE,
  "temperature": 1.0,
  "top_p": 1.0,
  "max_prompt_tokens": 1000,
  "max_completion_tokens": 1000,
  "truncation_strategy": {"type": "last_messages", "last_messages": 10},
  "incomplete_details": null,
  "response_format": "auto",
  "tool_choice": "auto",
  "parallel_tool_calls": true
}"#;

/// A run; `requires_action` carries two function calls to answer, `completed` carries usage.
pub fn run(index: usize, status: &str) -> String {
    let required_action = if status == "requires_action" { REQUIRED_ACTION } else { "null" };
    let usage = if status == "completed" {
        r#"{"prompt_tokens": 812, "completion_tokens": 96, "total_tokens": 908}"#
    } else {
        "null"
    };
    fill(
        RUN,
        &[
            ("$REQUIRED_ACTION", required_action),
            ("$USAGE", usage),
            ("$STATUS", status),
            ("$I", &format!("{index:06}")),
        ],
    )
}

const MESSAGE_DELTA: &str = r#"
{
  "id": "msg_abc123",
  "object": "thread.message.delta",
  "delta": {"content": [{"index": 0, "type": "text", "text": $TEXT}]}
}"#;

const ANNOTATED_TEXT_DELTA: &str = r#"
{
  "value": " Paris is sunny【4:0†source】",
  "annotations": [{
    "index": 0,
    "type": "file_citation",
    "text": "【4:0†source】",
    "start_index": 15,
    "end_index": 27,
    "file_citation": {"file_id": "file-weather", "quote": "sunny in Paris"}
  }]
}"#;

/// A text delta; with `annotated`, it also carries a file citation (as a few deltas do).
pub fn message_delta(index: usize, annotated: bool) -> String {
    let word = [" The", " weather", " in", " Paris", " is", " sunny", " today", "."][index % 8];
    let text = if annotated { ANNOTATED_TEXT_DELTA.to_owned() } else { format!(r#"{{"value": "{word}"}}"#) };
    fill(MESSAGE_DELTA, &[("$TEXT", &text)])
}

const RUN_STEP_DELTA: &str = r#"
{
  "id": "step_$I",
  "object": "thread.run.step.delta",
  "delta": {
    "step_details": {
      "type": "tool_calls",
      "tool_calls": [
        {
          "index": 0,
          "id": "call_ci",
          "type": "code_interpreter",
          "code_interpreter": {
            "input": "print(2 + 2)",
            "outputs": [{"index": 0, "type": "logs", "logs": "4\n"}]
          }
        },
        {
          "index": 1,
          "id": "call_fn",
          "type": "function",
          "function": {"name": "get_weather", "arguments": "{\"loc"}
        }
      ]
    }
  }
}"#;

/// A tool-call delta of a code interpreter call and a function call.
pub fn run_step_delta(index: usize) -> String {
    fill(RUN_STEP_DELTA, &[("$I", &format!("{index:06}"))])
}

const ASSISTANT: &str = r#"
{
  "id": "asst_1",
  "object": "assistant",
  "created_at": 1698984975,
  "name": "Math Tutor",
  "description": null,
  "model": "gpt-4o",
  "instructions": "You are a personal math tutor. When asked a question, write and run Python code to answer the question.",
  "tools": [{"type": "code_interpreter"}],
  "tool_resources": {"code_interpreter": {"file_ids": ["file-abc123"]}},
  "metadata": {},
  "top_p": 1.0,
  "temperature": 1.0,
  "response_format": "auto"
}"#;

/// An assistant, as `assistants.retrieve` returns it.
pub fn assistant() -> String {
    fill(ASSISTANT, &[])
}

/// One SSE event on the wire.
pub fn sse_event(name: &str, data: &str) -> Vec<u8> {
    format!("event: {name}\ndata: {data}\n\n").into_bytes()
}

/// A recorded-looking run stream of exactly `events` SSE events (the last one `done`): the run's
/// lifecycle, then message steps in which text deltas dominate, every tenth step a tool call
/// streamed as step deltas. Returned one event per element, so a server can write them one by
/// one or all at once.
pub fn run_stream(events: usize) -> Vec<Vec<u8>> {
    assert!(events >= 8, "a run stream has at least its lifecycle events");
    let mut out = vec![
        sse_event("thread.run.created", &run(1, "queued")),
        sse_event("thread.run.queued", &run(1, "queued")),
        sse_event("thread.run.in_progress", &run(1, "in_progress")),
    ];
    // Room for the closing `thread.run.completed` and `done`.
    let body_end = events - 2;
    let mut step = 0;
    while out.len() < body_end {
        let room = body_end - out.len();
        if step % 10 == 9 && room >= 3 {
            out.push(sse_event("thread.run.step.created", &run_step(step * 4 + 1)));
            let deltas = (room - 2).min(20);
            for index in 0..deltas {
                out.push(sse_event("thread.run.step.delta", &run_step_delta(index)));
            }
            out.push(sse_event("thread.run.step.completed", &run_step(step * 4 + 1)));
        } else if room >= 4 {
            out.push(sse_event("thread.run.step.created", &run_step(step * 4)));
            out.push(sse_event("thread.message.created", &message(step)));
            let deltas = (room - 4).min(200);
            for index in 0..deltas {
                out.push(sse_event("thread.message.delta", &message_delta(index, index % 50 == 49)));
            }
            out.push(sse_event("thread.message.completed", &message(step)));
            out.push(sse_event("thread.run.step.completed", &run_step(step * 4)));
        } else {
            out.push(sse_event("thread.message.delta", &message_delta(out.len(), false)));
        }
        step += 1;
    }
    out.push(sse_event("thread.run.completed", &run(1, "completed")));
    out.push(b"event: done\ndata: [DONE]\n\n".to_vec());
    debug_assert_eq!(out.len(), events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_json_with_the_discriminator_where_the_api_puts_it() {
        for fixture in decode_fixtures() {
            let _: serde_json::Value = serde_json::from_slice(&fixture.bytes).expect(fixture.name);
        }
        assert!(message(0).contains(r#"{"type":"text","text":{"value":"Q1 revenue"#));
        assert!(stream_event_kinds()[0].1.starts_with(r#"{"event":"thread.run.created","data":{"id":"run_"#));
    }

    #[test]
    fn minify_keeps_whitespace_inside_strings() {
        assert_eq!(minify(r#"{ "a b": "say \" hi" , "c": [1, 2] }"#), r#"{"a b":"say \" hi","c":[1,2]}"#);
    }

    #[test]
    fn the_run_stream_has_exactly_the_events_asked_for() {
        for events in [8, 9, 10, 11, 100, 1000, 10_000] {
            assert_eq!(run_stream(events).len(), events);
        }
    }
}
