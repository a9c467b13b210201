//! Lenient, lossless decoding of realistic response payloads.
//!
//! Known shapes: the typed fields a user relies on are checked, and serialising the decoded
//! value gives back exactly the JSON that came in. Drift (new enum values, new union tags, new
//! fields, missing or `null` required fields, payloads that do not fit their variant) must decode
//! without an error and keep the data.
#![allow(deprecated)]

use openai_beta::{
    Annotation, AnnotationDelta, AssistantResponseFormatOption, AssistantStreamEvent, AssistantTool,
    AssistantToolChoiceOption, AssistantToolChoiceOptionMode, ChatKitAttachmentType, ChatKitClientToolCallStatus,
    ChatKitResponseOutputTextAnnotation, ChatKitTaskType, ChatKitThreadItem, ChatKitThreadItemList,
    ChatKitThreadUserMessageItemContent, ChatKitWorkflowStateVariable, ChatSession, ChatSessionStatus,
    CodeInterpreterToolCallCodeInterpreterOutput, CodeInterpreterToolCallDeltaCodeInterpreterOutput,
    ConversationCursorPage, FileSearchRanker, ImageFileDetail, Message, MessageAttachmentTool, MessageContent,
    MessageContentDelta, MessageRole, MessageStatus, Nullable, Run, RunStatus, RunStep, RunStepDeltaDetails,
    RunStepDetails, RunStepStatus, RunStepType, ToolCall, ToolCallDelta, TruncationStrategyType,
};
use serde_json::{json, Value};

mod common;

use common::diff;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Decodes a JSON value the way a response body is decoded: from its text. The target type is
/// inferred (`let run: Run = decode!(&json);`).
macro_rules! decode {
    ($json:expr) => {{
        let text = ($json).to_string();
        // As the client decodes responses: fast pass, then the lenient retry.
        openai_beta::de::from_str(&text).unwrap_or_else(|e| panic!("decoding failed: {e}\npayload: {text}"))
    }};
}

/// Serialising the decoded value must give back the original JSON exactly; a failure lists the
/// JSON paths that differ.
macro_rules! assert_round_trips {
    ($decoded:expr, $original:expr) => {{
        let reserialised = serde_json::to_value($decoded).expect("serialising failed");
        let original: &Value = $original;
        let mut differences = Vec::new();
        diff("", &reserialised, Some(original), &mut differences);
        assert!(differences.is_empty(), "re-serialised JSON differs from the input:\n{}", differences.join("\n"));
    }};
}

/// Removes `key` from a JSON object (to simulate a server that leaves a field out).
fn without(mut json: Value, key: &str) -> Value {
    json.as_object_mut().expect("an object").remove(key);
    json
}

/// Sets `key` in a JSON object (to simulate a server that changed or added a field).
fn with(mut json: Value, key: &str, value: Value) -> Value {
    json.as_object_mut().expect("an object").insert(key.to_owned(), value);
    json
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// A run waiting for the outputs of two function calls.
fn run_requires_action() -> Value {
    json!({
        "id": "run_abc123",
        "object": "thread.run",
        "created_at": 1699063290,
        "assistant_id": "asst_abc123",
        "thread_id": "thread_abc123",
        "status": "requires_action",
        "started_at": 1699063291,
        "expires_at": 1699063890,
        "cancelled_at": null,
        "failed_at": null,
        "completed_at": null,
        "required_action": {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {
                "tool_calls": [
                    {
                        "id": "call_weather_1",
                        "type": "function",
                        "function": {
                            "name": "get_weather",
                            "arguments": "{\"location\":\"Paris\",\"unit\":\"celsius\"}"
                        }
                    },
                    {
                        "id": "call_time_2",
                        "type": "function",
                        "function": {"name": "get_time", "arguments": "{\"timezone\":\"Europe/Paris\"}"}
                    }
                ]
            }
        },
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
        "usage": null,
        "temperature": 1.0,
        "top_p": 1.0,
        "max_prompt_tokens": 1000,
        "max_completion_tokens": 1000,
        "truncation_strategy": {"type": "last_messages", "last_messages": 10},
        "incomplete_details": null,
        "response_format": "auto",
        "tool_choice": "auto",
        "parallel_tool_calls": true
    })
}

/// An assistant message citing a file, linking a generated file, and showing an image.
fn message_with_annotations_and_image() -> Value {
    json!({
        "id": "msg_abc123",
        "object": "thread.message",
        "created_at": 1699017614,
        "assistant_id": "asst_abc123",
        "thread_id": "thread_abc123",
        "run_id": "run_abc123",
        "status": "completed",
        "completed_at": 1699017620,
        "incomplete_at": null,
        "incomplete_details": null,
        "role": "assistant",
        "content": [
            {
                "type": "text",
                "text": {
                    "value": "Q3 revenue was $4.2M【4:0†report.pdf】. Chart: sandbox:/mnt/data/revenue.png",
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
            },
            {"type": "image_file", "image_file": {"file_id": "file-chart", "detail": "high"}}
        ],
        "attachments": [{"file_id": "file-report", "tools": [{"type": "file_search"}]}],
        "metadata": {"topic": "finance"}
    })
}

/// A completed run step with the given `type` and `step_details`.
fn run_step(step_type: &str, step_details: Value) -> Value {
    json!({
        "id": "step_abc123",
        "object": "thread.run.step",
        "created_at": 1699063291,
        "run_id": "run_abc123",
        "assistant_id": "asst_abc123",
        "thread_id": "thread_abc123",
        "type": step_type,
        "status": "completed",
        "cancelled_at": null,
        "completed_at": 1699063295,
        "expired_at": null,
        "failed_at": null,
        "last_error": null,
        "step_details": step_details,
        "metadata": {},
        "usage": {"prompt_tokens": 123, "completion_tokens": 45, "total_tokens": 168}
    })
}

fn tool_calls_step(tool_calls: Value) -> Value {
    run_step("tool_calls", json!({"type": "tool_calls", "tool_calls": tool_calls}))
}

fn function_tool_call() -> Value {
    json!({
        "id": "call_fn",
        "type": "function",
        "function": {
            "name": "get_weather",
            "arguments": "{\"location\":\"Paris\"}",
            "output": "{\"temperature\":22,\"unit\":\"celsius\"}"
        }
    })
}

/// One ChatKit thread item of each of the six kinds, in a list page.
fn chatkit_item_page() -> Value {
    json!({
        "object": "list",
        "data": [
            {
                "id": "cthi_user_1",
                "object": "chatkit.thread_item",
                "type": "chatkit.user_message",
                "thread_id": "cthr_abc",
                "created_at": 1730000000,
                "content": [
                    {"type": "input_text", "text": "Summarise the attached report"},
                    {"type": "quoted_text", "text": "Revenue grew 12%"}
                ],
                "attachments": [{
                    "id": "cfile_1",
                    "type": "file",
                    "name": "report.pdf",
                    "mime_type": "application/pdf",
                    "preview_url": null
                }],
                "inference_options": {"model": "gpt-4.1", "tool_choice": {"id": "search_docs"}}
            },
            {
                "id": "cthi_assistant_2",
                "object": "chatkit.thread_item",
                "type": "chatkit.assistant_message",
                "thread_id": "cthr_abc",
                "created_at": 1730000005,
                "content": [{
                    "type": "output_text",
                    "text": "Revenue grew 12% year over year.",
                    "annotations": [
                        {"type": "file", "source": {"type": "file", "filename": "report.pdf"}},
                        {"type": "url", "source": {"type": "url", "url": "https://example.com/q3"}}
                    ]
                }]
            },
            {
                "id": "cthi_widget_3",
                "object": "chatkit.thread_item",
                "type": "chatkit.widget",
                "thread_id": "cthr_abc",
                "created_at": 1730000006,
                "widget": "{\"type\":\"Card\",\"children\":[{\"type\":\"Text\",\"value\":\"12%\"}]}"
            },
            {
                "id": "cthi_tool_4",
                "object": "chatkit.thread_item",
                "type": "chatkit.client_tool_call",
                "thread_id": "cthr_abc",
                "created_at": 1730000007,
                "call_id": "call_loc_1",
                "name": "get_location",
                "arguments": "{\"precision\":\"city\"}",
                "output": null,
                "status": "in_progress"
            },
            {
                "id": "cthi_task_5",
                "object": "chatkit.thread_item",
                "type": "chatkit.task",
                "thread_id": "cthr_abc",
                "created_at": 1730000008,
                "task_type": "thought",
                "heading": "Reading the report",
                "summary": null
            },
            {
                "id": "cthi_group_6",
                "object": "chatkit.thread_item",
                "type": "chatkit.task_group",
                "thread_id": "cthr_abc",
                "created_at": 1730000009,
                "tasks": [
                    {"type": "custom", "heading": "Search", "summary": "Searched 3 files"},
                    {"type": "thought", "heading": null, "summary": null}
                ]
            }
        ],
        "first_id": "cthi_user_1",
        "last_id": "cthi_group_6",
        "has_more": false
    })
}

const CLIENT_SECRET: &str = "ek_live_0123456789abcdefSECRET";

fn chat_session() -> Value {
    json!({
        "id": "cksess_123",
        "object": "chatkit.session",
        "user": "user_123",
        "status": "active",
        "client_secret": CLIENT_SECRET,
        "expires_at": 1730000600,
        "max_requests_per_1_minute": 10,
        "rate_limits": {"max_requests_per_1_minute": 10},
        "workflow": {
            "id": "wf_abc",
            "version": "3",
            "state_variables": {"plan": "pro", "beta_user": true, "discount": 0.15},
            "tracing": {"enabled": true}
        },
        "chatkit_configuration": {
            "automatic_thread_titling": {"enabled": true},
            "file_upload": {"enabled": false, "max_file_size": 512, "max_files": 10},
            "history": {"enabled": true, "recent_threads": null}
        }
    })
}

fn message_delta_event() -> Value {
    json!({
        "event": "thread.message.delta",
        "data": {
            "id": "msg_abc123",
            "object": "thread.message.delta",
            "delta": {
                "content": [{
                    "index": 0,
                    "type": "text",
                    "text": {
                        "value": " Paris is sunny【4:0†source】",
                        "annotations": [{
                            "index": 0,
                            "type": "file_citation",
                            "text": "【4:0†source】",
                            "start_index": 15,
                            "end_index": 27,
                            "file_citation": {"file_id": "file-weather", "quote": "sunny in Paris"}
                        }]
                    }
                }]
            }
        }
    })
}

fn run_step_delta_event() -> Value {
    json!({
        "event": "thread.run.step.delta",
        "data": {
            "id": "step_abc123",
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
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Known shapes
// ---------------------------------------------------------------------------------------------

#[test]
fn run_requiring_action_exposes_the_function_calls_to_answer() {
    let json = run_requires_action();
    let run: Run = decode!(&json);

    assert_eq!(run.id, "run_abc123");
    assert_eq!(run.status, RunStatus::RequiresAction);
    let required = run.required_action.as_ref().expect("required_action is set");
    assert_eq!(required.r#type, "submit_tool_outputs");
    let calls = &required.submit_tool_outputs.tool_calls;
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].id, "call_weather_1");
    assert_eq!(calls[0].function.name, "get_weather");
    let arguments: Value = serde_json::from_str(&calls[0].function.arguments).unwrap();
    assert_eq!(arguments, json!({"location": "Paris", "unit": "celsius"}));
    assert_eq!(calls[1].id, "call_time_2");
    assert_eq!(calls[1].function.name, "get_time");

    match &run.tools[..] {
        [AssistantTool::Function(function), AssistantTool::CodeInterpreter(_)] => {
            assert_eq!(function.function.name, "get_weather");
            let parameters = function.function.parameters.as_ref().expect("parameters");
            assert_eq!(parameters["required"], json!(["location"]));
        }
        other => panic!("unexpected tools: {other:?}"),
    }
    assert_eq!(run.response_format, Some(AssistantResponseFormatOption::Auto));
    assert_eq!(run.tool_choice, Some(AssistantToolChoiceOption::Mode(AssistantToolChoiceOptionMode::Auto)));
    let truncation = run.truncation_strategy.as_ref().expect("truncation_strategy");
    assert_eq!(truncation.r#type, TruncationStrategyType::LastMessages);
    assert_eq!(truncation.last_messages, Some(Nullable::Value(10)));
    assert_eq!(run.completed_at, None);
    assert_eq!(run.usage, None);
    assert_eq!(run.metadata.as_ref().unwrap()["session"], "web-42");
    assert!(run.extra.is_empty(), "no unknown fields expected: {:?}", run.extra);
}

#[test]
fn run_requiring_action_round_trips() {
    let json = run_requires_action();
    let run: Run = decode!(&json);
    assert_round_trips!(&run, &json);
}

#[test]
fn message_text_content_exposes_citation_and_file_path_annotations() {
    let json = message_with_annotations_and_image();
    let message: Message = decode!(&json);

    assert_eq!(message.role, MessageRole::Assistant);
    assert_eq!(message.status, MessageStatus::Completed);
    assert_eq!(message.run_id.as_deref(), Some("run_abc123"));
    let MessageContent::Text(text) = &message.content[0] else {
        panic!("expected a text block, got {:?}", message.content[0]);
    };
    assert!(text.text.value.starts_with("Q3 revenue was $4.2M"));
    match &text.text.annotations[..] {
        [Annotation::FileCitation(citation), Annotation::FilePath(path)] => {
            assert_eq!(citation.file_citation.file_id, "file-report");
            assert_eq!(citation.text, "【4:0†report.pdf】");
            assert_eq!((citation.start_index, citation.end_index), (20, 36));
            assert_eq!(path.file_path.file_id, "file-chart");
            assert_eq!(path.text, "sandbox:/mnt/data/revenue.png");
            assert_eq!((path.start_index, path.end_index), (45, 74));
        }
        other => panic!("unexpected annotations: {other:?}"),
    }
}

#[test]
fn message_image_file_block_and_attachments_decode() {
    let json = message_with_annotations_and_image();
    let message: Message = decode!(&json);

    let MessageContent::ImageFile(image) = &message.content[1] else {
        panic!("expected an image_file block, got {:?}", message.content[1]);
    };
    assert_eq!(image.image_file.file_id, "file-chart");
    assert_eq!(image.image_file.detail, Some(ImageFileDetail::High));
    let attachments = message.attachments.as_ref().expect("attachments");
    assert_eq!(attachments[0].file_id.as_deref(), Some("file-report"));
    assert!(matches!(attachments[0].tools.as_deref(), Some([MessageAttachmentTool::FileSearch(_)])));
}

#[test]
fn message_with_annotations_and_image_round_trips() {
    let json = message_with_annotations_and_image();
    let message: Message = decode!(&json);
    assert_round_trips!(&message, &json);
}

#[test]
fn run_step_message_creation_decodes_and_round_trips() {
    let json = run_step(
        "message_creation",
        json!({"type": "message_creation", "message_creation": {"message_id": "msg_abc123"}}),
    );
    let step: RunStep = decode!(&json);

    assert_eq!(step.r#type, RunStepType::MessageCreation);
    assert_eq!(step.status, RunStepStatus::Completed);
    let RunStepDetails::MessageCreation(details) = &step.step_details else {
        panic!("expected message_creation details, got {:?}", step.step_details);
    };
    assert_eq!(details.message_creation.message_id, "msg_abc123");
    assert_eq!(step.usage.as_ref().map(|u| u.total_tokens), Some(168));
    assert_round_trips!(&step, &json);
}

#[test]
fn run_step_code_interpreter_call_exposes_logs_and_image_outputs() {
    let json = tool_calls_step(json!([{
        "id": "call_ci",
        "type": "code_interpreter",
        "code_interpreter": {
            "input": "import statistics\nprint(statistics.mean([3, 4, 5.6]))",
            "outputs": [
                {"type": "logs", "logs": "4.2\n"},
                {"type": "image", "image": {"file_id": "file-plot"}}
            ]
        }
    }]));
    let step: RunStep = decode!(&json);

    assert_eq!(step.r#type, RunStepType::ToolCalls);
    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    let [ToolCall::CodeInterpreter(call)] = &details.tool_calls[..] else {
        panic!("expected one code interpreter call, got {:?}", details.tool_calls);
    };
    assert_eq!(call.id, "call_ci");
    assert!(call.code_interpreter.input.starts_with("import statistics"));
    match &call.code_interpreter.outputs[..] {
        [CodeInterpreterToolCallCodeInterpreterOutput::Logs(logs), CodeInterpreterToolCallCodeInterpreterOutput::Image(image)] =>
        {
            assert_eq!(logs.logs, "4.2\n");
            assert_eq!(image.image.file_id, "file-plot");
        }
        other => panic!("unexpected outputs: {other:?}"),
    }
    assert_round_trips!(&step, &json);
}

#[test]
fn run_step_file_search_call_exposes_ranking_options_and_results_with_content() {
    let json = tool_calls_step(json!([{
        "id": "call_fs",
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
    }]));
    let step: RunStep = decode!(&json);

    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    let [ToolCall::FileSearch(call)] = &details.tool_calls[..] else {
        panic!("expected one file search call, got {:?}", details.tool_calls);
    };
    assert_eq!(call.id, "call_fs");
    let ranking = call.file_search.ranking_options.as_ref().expect("ranking_options");
    assert_eq!(ranking.ranker, FileSearchRanker::Default20240821);
    assert_eq!(ranking.score_threshold, 0.5);
    let results = call.file_search.results.as_ref().expect("results");
    assert_eq!(results[0].file_id, "file-report");
    assert_eq!(results[0].file_name, "report.pdf");
    assert_eq!(results[0].score, 0.87);
    let content = results[0].content.as_ref().expect("content");
    assert_eq!(content[0].r#type.as_deref(), Some("text"));
    assert_eq!(content[0].text.as_deref(), Some("Q3 revenue was $4.2M."));
    assert_round_trips!(&step, &json);
}

#[test]
fn run_step_function_call_exposes_its_output() {
    let json = tool_calls_step(json!([function_tool_call()]));
    let step: RunStep = decode!(&json);

    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    let [ToolCall::Function(call)] = &details.tool_calls[..] else {
        panic!("expected one function call, got {:?}", details.tool_calls);
    };
    assert_eq!(call.id, "call_fn");
    assert_eq!(call.function.name, "get_weather");
    assert_eq!(call.function.arguments, "{\"location\":\"Paris\"}");
    assert_eq!(call.function.output.as_deref(), Some("{\"temperature\":22,\"unit\":\"celsius\"}"));
    assert_round_trips!(&step, &json);
}

#[test]
fn chatkit_item_page_decodes_every_item_type_in_order_and_round_trips() {
    let json = chatkit_item_page();
    let page: ChatKitThreadItemList = decode!(&json);

    let tags: Vec<_> = page.data.iter().map(ChatKitThreadItem::tag).collect();
    assert_eq!(
        tags,
        [
            Some("chatkit.user_message"),
            Some("chatkit.assistant_message"),
            Some("chatkit.widget"),
            Some("chatkit.client_tool_call"),
            Some("chatkit.task"),
            Some("chatkit.task_group"),
        ]
    );
    assert!(!page.data.iter().any(|item| matches!(item, ChatKitThreadItem::Unknown(_))));
    assert_eq!(page.first_id.as_deref(), Some("cthi_user_1"));
    assert_eq!(page.last_id.as_deref(), Some("cthi_group_6"));
    assert!(!page.has_more);
    assert_round_trips!(&page, &json);
}

#[test]
fn chatkit_item_page_decodes_the_same_through_the_list_items_page_type() {
    // `threads().list_items(..)` returns a `ConversationCursorPage<ChatKitThreadItem>`.
    let json = chatkit_item_page();
    let page: ConversationCursorPage<ChatKitThreadItem> = decode!(&json);
    let list: ChatKitThreadItemList = decode!(&json);

    assert_eq!(page.data, list.data);
    assert_eq!(page.first_id.as_deref(), Some("cthi_user_1"));
    assert_eq!(page.last_id.as_deref(), Some("cthi_group_6"));
    assert!(!page.has_more);
    assert_eq!(serde_json::to_value(&page.data).unwrap(), json["data"]);
}

#[test]
fn chatkit_user_message_item_exposes_content_attachments_and_inference_options() {
    let page: ChatKitThreadItemList = decode!(&chatkit_item_page());
    let ChatKitThreadItem::ChatkitUserMessage(item) = &page.data[0] else {
        panic!("expected a user message, got {:?}", page.data[0]);
    };
    assert_eq!(item.id, "cthi_user_1");
    assert_eq!(item.thread_id, "cthr_abc");
    match &item.content[..] {
        [ChatKitThreadUserMessageItemContent::InputText(input), ChatKitThreadUserMessageItemContent::QuotedText(quote)] =>
        {
            assert_eq!(input.text, "Summarise the attached report");
            assert_eq!(quote.text, "Revenue grew 12%");
        }
        other => panic!("unexpected content: {other:?}"),
    }
    assert_eq!(item.attachments[0].r#type, ChatKitAttachmentType::File);
    assert_eq!(item.attachments[0].mime_type, "application/pdf");
    assert_eq!(item.attachments[0].preview_url, None);
    let options = item.inference_options.as_ref().expect("inference_options");
    assert_eq!(options.model.as_deref(), Some("gpt-4.1"));
    assert_eq!(options.tool_choice.as_ref().map(|t| t.id.as_str()), Some("search_docs"));
}

#[test]
fn chatkit_assistant_message_item_exposes_text_and_annotations() {
    let page: ChatKitThreadItemList = decode!(&chatkit_item_page());
    let ChatKitThreadItem::ChatkitAssistantMessage(item) = &page.data[1] else {
        panic!("expected an assistant message, got {:?}", page.data[1]);
    };
    assert_eq!(item.content[0].text, "Revenue grew 12% year over year.");
    match &item.content[0].annotations[..] {
        [ChatKitResponseOutputTextAnnotation::File(file), ChatKitResponseOutputTextAnnotation::Url(url)] => {
            assert_eq!(file.source.filename, "report.pdf");
            assert_eq!(url.source.url, "https://example.com/q3");
        }
        other => panic!("unexpected annotations: {other:?}"),
    }
}

#[test]
fn chatkit_widget_item_keeps_the_serialised_widget() {
    let page: ChatKitThreadItemList = decode!(&chatkit_item_page());
    let ChatKitThreadItem::ChatkitWidget(item) = &page.data[2] else {
        panic!("expected a widget, got {:?}", page.data[2]);
    };
    assert_eq!(item.id, "cthi_widget_3");
    let widget: Value = serde_json::from_str(&item.widget).unwrap();
    assert_eq!(widget["type"], "Card");
}

#[test]
fn chatkit_client_tool_call_item_exposes_call_and_pending_output() {
    let page: ChatKitThreadItemList = decode!(&chatkit_item_page());
    let ChatKitThreadItem::ChatkitClientToolCall(item) = &page.data[3] else {
        panic!("expected a client tool call, got {:?}", page.data[3]);
    };
    assert_eq!(item.call_id, "call_loc_1");
    assert_eq!(item.name, "get_location");
    assert_eq!(item.arguments, "{\"precision\":\"city\"}");
    assert_eq!(item.output, None);
    assert_eq!(item.status, ChatKitClientToolCallStatus::InProgress);
}

#[test]
fn chatkit_task_and_task_group_items_expose_their_tasks() {
    let page: ChatKitThreadItemList = decode!(&chatkit_item_page());
    let ChatKitThreadItem::ChatkitTask(task) = &page.data[4] else {
        panic!("expected a task, got {:?}", page.data[4]);
    };
    assert_eq!(task.task_type, ChatKitTaskType::Thought);
    assert_eq!(task.heading.as_deref(), Some("Reading the report"));
    assert_eq!(task.summary, None);

    let ChatKitThreadItem::ChatkitTaskGroup(group) = &page.data[5] else {
        panic!("expected a task group, got {:?}", page.data[5]);
    };
    assert_eq!(group.tasks.len(), 2);
    assert_eq!(group.tasks[0].r#type, ChatKitTaskType::Custom);
    assert_eq!(group.tasks[0].summary.as_deref(), Some("Searched 3 files"));
    assert_eq!(group.tasks[1].r#type, ChatKitTaskType::Thought);
    assert_eq!(group.tasks[1].heading, None);
}

#[test]
fn chat_session_exposes_workflow_configuration_and_limits() {
    let json = chat_session();
    let session: ChatSession = decode!(&json);

    assert_eq!(session.id, "cksess_123");
    assert_eq!(session.status, ChatSessionStatus::Active);
    assert_eq!(session.client_secret, CLIENT_SECRET);
    assert_eq!(session.expires_at, 1730000600);
    assert_eq!(session.rate_limits.max_requests_per_1_minute, 10);
    assert_eq!(session.workflow.id, "wf_abc");
    assert_eq!(session.workflow.version.as_deref(), Some("3"));
    assert!(session.workflow.tracing.enabled);
    let variables = session.workflow.state_variables.as_ref().expect("state_variables");
    assert_eq!(variables["plan"], ChatKitWorkflowStateVariable::String("pro".into()));
    assert_eq!(variables["beta_user"], ChatKitWorkflowStateVariable::Bool(true));
    assert_eq!(variables["discount"], ChatKitWorkflowStateVariable::Number(0.15));
    let configuration = &session.chatkit_configuration;
    assert!(configuration.automatic_thread_titling.enabled);
    assert!(!configuration.file_upload.enabled);
    assert_eq!(configuration.file_upload.max_files, Some(10));
    assert!(configuration.history.enabled);
    assert_eq!(configuration.history.recent_threads, None);
}

#[test]
fn chat_session_round_trips() {
    let json = chat_session();
    let session: ChatSession = decode!(&json);
    assert_round_trips!(&session, &json);
}

#[test]
fn chat_session_debug_does_not_show_the_client_secret() {
    let session: ChatSession = decode!(&chat_session());
    let shown = format!("{session:?}");
    assert!(!shown.contains(CLIENT_SECRET), "client_secret leaked into Debug output: {shown}");
    assert!(shown.contains("cksess_123"), "the other fields are still shown: {shown}");
}

#[test]
fn message_delta_event_exposes_text_delta_and_annotation_delta() {
    let json = message_delta_event();
    let event: AssistantStreamEvent = decode!(&json);

    assert_eq!(event.tag(), Some("thread.message.delta"));
    let AssistantStreamEvent::ThreadMessageDelta(event) = &event else {
        panic!("expected thread.message.delta, got {event:?}");
    };
    assert_eq!(event.data.id, "msg_abc123");
    let content = event.data.delta.content.as_ref().expect("content");
    let [MessageContentDelta::Text(block)] = &content[..] else {
        panic!("expected one text delta, got {content:?}");
    };
    assert_eq!(block.index, 0);
    let text = block.text.as_ref().expect("text");
    assert_eq!(text.value.as_deref(), Some(" Paris is sunny【4:0†source】"));
    let annotations = text.annotations.as_ref().expect("annotations");
    let [AnnotationDelta::FileCitation(citation)] = &annotations[..] else {
        panic!("expected one file citation delta, got {annotations:?}");
    };
    assert_eq!(citation.index, 0);
    assert_eq!(citation.start_index, Some(15));
    let file_citation = citation.file_citation.as_ref().expect("file_citation");
    assert_eq!(file_citation.file_id.as_deref(), Some("file-weather"));
    assert_eq!(file_citation.quote.as_deref(), Some("sunny in Paris"));
}

#[test]
fn message_delta_event_round_trips() {
    let json = message_delta_event();
    let event: AssistantStreamEvent = decode!(&json);
    assert_round_trips!(&event, &json);
}

#[test]
fn run_step_delta_event_exposes_tool_call_deltas() {
    let json = run_step_delta_event();
    let event: AssistantStreamEvent = decode!(&json);

    let AssistantStreamEvent::ThreadRunStepDelta(event) = &event else {
        panic!("expected thread.run.step.delta, got {event:?}");
    };
    assert_eq!(event.data.id, "step_abc123");
    let Some(RunStepDeltaDetails::ToolCalls(details)) = &event.data.delta.step_details else {
        panic!("expected tool_calls step details, got {:?}", event.data.delta.step_details);
    };
    let tool_calls = details.tool_calls.as_ref().expect("tool_calls");
    match &tool_calls[..] {
        [ToolCallDelta::CodeInterpreter(code), ToolCallDelta::Function(function)] => {
            assert_eq!(code.index, 0);
            assert_eq!(code.id.as_deref(), Some("call_ci"));
            let interpreter = code.code_interpreter.as_ref().expect("code_interpreter");
            assert_eq!(interpreter.input.as_deref(), Some("print(2 + 2)"));
            let outputs = interpreter.outputs.as_ref().expect("outputs");
            let [CodeInterpreterToolCallDeltaCodeInterpreterOutput::Logs(logs)] = &outputs[..] else {
                panic!("expected one logs output, got {outputs:?}");
            };
            assert_eq!(logs.logs.as_deref(), Some("4\n"));

            assert_eq!(function.index, 1);
            let delta = function.function.as_ref().expect("function");
            assert_eq!(delta.name.as_deref(), Some("get_weather"));
            assert_eq!(delta.arguments.as_deref(), Some("{\"loc"));
        }
        other => panic!("unexpected tool call deltas: {other:?}"),
    }
}

#[test]
fn run_step_delta_event_round_trips() {
    let json = run_step_delta_event();
    let event: AssistantStreamEvent = decode!(&json);
    assert_round_trips!(&event, &json);
}

// ---------------------------------------------------------------------------------------------
// Drift: the server sends something this version of the crate does not know
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_run_status_is_kept_and_re_serialised() {
    let json = with(run_requires_action(), "status", json!("paused"));
    let run: Run = decode!(&json);

    assert_eq!(run.status, RunStatus::Unknown("paused".to_owned()));
    assert_eq!(run.status.as_str(), "paused");
    assert_eq!(serde_json::to_value(&run.status).unwrap(), json!("paused"));
    assert_round_trips!(&run, &json);
}

#[test]
fn unknown_enum_value_in_a_nested_object_is_kept() {
    let json = tool_calls_step(json!([{
        "id": "call_fs",
        "type": "file_search",
        "file_search": {"ranking_options": {"ranker": "semantic_2026_01_01", "score_threshold": 0.25}}
    }]));
    let step: RunStep = decode!(&json);

    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    let [ToolCall::FileSearch(call)] = &details.tool_calls[..] else {
        panic!("expected one file search call, got {:?}", details.tool_calls);
    };
    let ranking = call.file_search.ranking_options.as_ref().expect("ranking_options");
    assert_eq!(ranking.ranker, FileSearchRanker::Unknown("semantic_2026_01_01".to_owned()));
    assert_round_trips!(&step, &json);
}

#[test]
fn unknown_tool_call_type_is_kept_as_raw_json_next_to_known_calls() {
    let web_browser = json!({
        "id": "call_web",
        "type": "web_browser",
        "web_browser": {"url": "https://example.com", "action": "open", "status": "done"}
    });
    let json = tool_calls_step(json!([web_browser.clone(), function_tool_call()]));
    let step: RunStep = decode!(&json);

    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    match &details.tool_calls[..] {
        [ToolCall::Unknown(raw), ToolCall::Function(function)] => {
            assert_eq!(raw, &web_browser);
            assert_eq!(function.id, "call_fn");
        }
        other => panic!("unexpected tool calls: {other:?}"),
    }
    assert_eq!(details.tool_calls[0].tag(), Some("web_browser"));
    assert_round_trips!(&step, &json);
}

#[test]
fn unknown_chatkit_item_type_is_kept_as_raw_json_in_the_page() {
    let handoff = json!({
        "id": "cthi_handoff_7",
        "object": "chatkit.thread_item",
        "type": "chatkit.handoff",
        "thread_id": "cthr_abc",
        "created_at": 1730000010,
        "target": "human_agent"
    });
    let mut json = chatkit_item_page();
    json["data"].as_array_mut().unwrap().push(handoff.clone());
    let page: ChatKitThreadItemList = decode!(&json);

    assert_eq!(page.data.len(), 7);
    assert_eq!(page.data[6], ChatKitThreadItem::Unknown(handoff));
    assert!(matches!(page.data[0], ChatKitThreadItem::ChatkitUserMessage(_)));
    assert_round_trips!(&page, &json);
}

#[test]
fn unknown_stream_event_name_is_kept_as_raw_json() {
    let json = json!({
        "event": "thread.run.step.paused",
        "data": {"id": "step_abc123", "object": "thread.run.step", "status": "paused"}
    });
    let event: AssistantStreamEvent = decode!(&json);

    assert_eq!(event, AssistantStreamEvent::Unknown(json.clone()));
    assert_eq!(event.tag(), Some("thread.run.step.paused"));
    assert_round_trips!(&event, &json);
}

#[test]
fn unknown_string_for_a_string_or_object_union_is_kept() {
    let json = with(run_requires_action(), "response_format", json!("xml"));
    let json = with(json, "tool_choice", json!("any"));
    let run: Run = decode!(&json);

    assert_eq!(run.response_format, Some(AssistantResponseFormatOption::Unknown(json!("xml"))));
    assert_eq!(
        run.tool_choice,
        Some(AssistantToolChoiceOption::Mode(AssistantToolChoiceOptionMode::Unknown("any".to_owned())))
    );
    assert_round_trips!(&run, &json);
}

#[test]
fn extra_field_is_kept_in_extra_and_re_serialised() {
    let added = json!({"key": "weather-bot", "retention": "24h"});
    let json = with(run_requires_action(), "prompt_cache", added.clone());
    let run: Run = decode!(&json);

    assert_eq!(run.extra.get("prompt_cache"), Some(&added));
    assert_eq!(run.extra.len(), 1);
    assert_eq!(run.status, RunStatus::RequiresAction);
    assert_round_trips!(&run, &json);
}

#[test]
fn extra_field_inside_a_union_variant_keeps_the_known_variant() {
    let call = with(function_tool_call(), "server_label", json!("weather-mcp"));
    let json = tool_calls_step(json!([call]));
    let step: RunStep = decode!(&json);

    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    let [ToolCall::Function(function)] = &details.tool_calls[..] else {
        panic!("expected the function variant, got {:?}", details.tool_calls);
    };
    assert_eq!(function.extra.get("server_label"), Some(&json!("weather-mcp")));
    assert_round_trips!(&step, &json);
}

#[test]
fn missing_required_fields_take_default_values_and_stay_absent_when_re_serialised() {
    let json = without(without(without(run_requires_action(), "instructions"), "tools"), "parallel_tool_calls");
    let run: Run = decode!(&json);

    assert_eq!(run.instructions, "");
    assert!(run.tools.is_empty());
    assert!(!run.parallel_tool_calls);
    assert_eq!(run.id, "run_abc123");
    assert_eq!(run.status, RunStatus::RequiresAction);
    assert!(run.is_absent("instructions") && run.is_absent("tools") && run.is_absent("parallel_tool_calls"));
    assert!(!run.is_absent("id"));
    // Not written back as `""`, `[]` and `false`: left out, as they came.
    assert_round_trips!(&run, &json);
}

#[test]
fn missing_required_field_inside_a_union_variant_keeps_the_known_variant() {
    let call = without(function_tool_call(), "id");
    let step: RunStep = decode!(&tool_calls_step(json!([call])));

    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    let [ToolCall::Function(function)] = &details.tool_calls[..] else {
        panic!("expected the function variant, got {:?}", details.tool_calls);
    };
    assert_eq!(function.id, "");
    assert!(function.is_absent("id"));
    assert_eq!(function.function.name, "get_weather");
    assert_round_trips!(&step, &tool_calls_step(json!([call])));
}

#[test]
fn null_for_a_required_string_becomes_an_empty_string_re_serialised_as_null() {
    let json = with(run_requires_action(), "id", Value::Null);
    let run: Run = decode!(&json);

    assert_eq!(run.id, "");
    assert!(run.is_null("id"));
    assert_eq!(run.assistant_id, "asst_abc123");
    assert_round_trips!(&run, &json);
}

#[test]
fn null_for_a_required_array_becomes_an_empty_vec_re_serialised_as_null() {
    let json = with(run_requires_action(), "tools", Value::Null);
    let run: Run = decode!(&json);

    assert!(run.tools.is_empty());
    assert!(run.is_null("tools"));
    assert_eq!(run.status, RunStatus::RequiresAction);
    assert_round_trips!(&run, &json);
}

#[test]
fn null_for_a_required_enum_and_object_takes_their_defaults_re_serialised_as_null() {
    let json = with(with(run_step("message_creation", Value::Null), "status", Value::Null), "type", Value::Null);
    let step: RunStep = decode!(&json);

    assert_eq!(step.status, RunStepStatus::Unknown(String::new()));
    assert_eq!(step.r#type, RunStepType::Unknown(String::new()));
    assert_eq!(step.step_details, RunStepDetails::Unknown(Value::Null));
    assert_eq!(step.id, "step_abc123");
    assert!(step.is_null("status") && step.is_null("type") && step.is_null("step_details"));
    assert_round_trips!(&step, &json);
}

#[test]
fn tool_call_whose_payload_does_not_fit_its_type_is_kept_as_raw_json() {
    let misshapen = json!({"id": "call_fn", "type": "function", "function": "get_weather"});
    let json = tool_calls_step(json!([misshapen.clone(), function_tool_call()]));
    let step: RunStep = decode!(&json);

    let RunStepDetails::ToolCalls(details) = &step.step_details else {
        panic!("expected tool_calls details, got {:?}", step.step_details);
    };
    match &details.tool_calls[..] {
        [ToolCall::Unknown(raw), ToolCall::Function(_)] => assert_eq!(raw, &misshapen),
        other => panic!("unexpected tool calls: {other:?}"),
    }
    assert_round_trips!(&step, &json);
}

#[test]
fn content_block_whose_payload_does_not_fit_its_type_is_kept_as_raw_json() {
    let misshapen = json!({"type": "text", "text": "a plain string instead of {value, annotations}"});
    let mut json = message_with_annotations_and_image();
    json["content"].as_array_mut().unwrap().push(misshapen.clone());
    let message: Message = decode!(&json);

    assert_eq!(message.content.len(), 3);
    assert_eq!(message.content[2], MessageContent::Unknown(misshapen));
    assert!(matches!(message.content[0], MessageContent::Text(_)));
    assert_round_trips!(&message, &json);
}

#[test]
fn a_tag_after_other_fields_decodes_as_a_tag_that_comes_first() {
    // The API writes each tag first, which decodes in one pass; other writers (a proxy, a store
    // with sorted keys) may not. Same object, tags first and tags last, at two depths.
    let first = r#"{"event": "thread.run.step.delta", "data": {"id": "step_1", "object": "thread.run.step.delta",
        "delta": {"step_details": {"type": "tool_calls", "tool_calls": [
            {"type": "function", "index": 0, "id": "call_1", "function": {"name": "f", "arguments": "{}"}}]}}}}"#;
    let last = r#"{"data": {"id": "step_1", "object": "thread.run.step.delta",
        "delta": {"step_details": {"tool_calls": [
            {"index": 0, "id": "call_1", "function": {"name": "f", "arguments": "{}"}, "type": "function"}],
            "type": "tool_calls"}}}, "event": "thread.run.step.delta"}"#;
    let from_first: AssistantStreamEvent = openai_beta::de::from_str(first).unwrap();
    let from_last: AssistantStreamEvent = openai_beta::de::from_str(last).unwrap();
    assert!(matches!(from_first, AssistantStreamEvent::ThreadRunStepDelta(_)), "{from_first:?}");
    assert_eq!(from_last, from_first);
    assert_round_trips!(&from_last, &serde_json::from_str::<Value>(last).unwrap());
}

#[test]
fn stream_event_whose_data_does_not_fit_its_type_is_kept_as_raw_json() {
    let json = json!({
        "event": "thread.message.delta",
        "data": {"id": "msg_abc123", "object": "thread.message.delta", "delta": "oops"}
    });
    let event: AssistantStreamEvent = decode!(&json);

    assert_eq!(event, AssistantStreamEvent::Unknown(json.clone()));
    assert_eq!(event.tag(), Some("thread.message.delta"));
    assert_round_trips!(&event, &json);
}

#[test]
fn integer_valued_number_field_is_re_serialised_as_the_same_number() {
    // The seeds' example runs carry `"temperature": 0, "top_p": 0`; the live API writes `1.0`.
    let json = with(with(run_requires_action(), "temperature", json!(0)), "top_p", json!(1));
    let run: Run = decode!(&json);
    assert_eq!((run.temperature, run.top_p), (Some(Nullable::Value(0.0)), Some(Nullable::Value(1.0))));
    assert_round_trips!(&run, &json);
    // Not a comparison that lets any number through: a different value is a difference.
    let mut differences = Vec::new();
    diff("", &json!({"top_p": 1}), Some(&json!({"top_p": 1.5})), &mut differences);
    diff("", &json!({"created_at": 1}), Some(&json!({"created_at": 2})), &mut differences);
    assert_eq!(differences, ["/top_p: got 1, expected 1.5", "/created_at: got 1, expected 2"]);
}

#[test]
fn optional_nullable_truncation_last_messages_sent_as_null_is_re_serialised_as_null() {
    // The live API sends `"last_messages": null` for the default truncation strategy.
    let json = with(run_requires_action(), "truncation_strategy", json!({"type": "auto", "last_messages": null}));
    let run: Run = decode!(&json);
    assert_eq!(run.truncation_strategy.as_ref().unwrap().last_messages, Some(Nullable::Null));
    assert_round_trips!(&run, &json);
}

#[test]
fn optional_nullable_function_delta_output_sent_as_null_is_re_serialised_as_null() {
    // Function tool call deltas carry `"output": null` until the outputs are submitted.
    let json = json!({
        "event": "thread.run.step.delta",
        "data": {
            "id": "step_abc123",
            "object": "thread.run.step.delta",
            "delta": {"step_details": {"type": "tool_calls", "tool_calls": [{
                "index": 0,
                "id": "call_fn",
                "type": "function",
                "function": {"name": "get_weather", "arguments": "", "output": null}
            }]}}
        }
    });
    let event: AssistantStreamEvent = decode!(&json);
    assert!(matches!(event, AssistantStreamEvent::ThreadRunStepDelta(_)));
    assert_round_trips!(&event, &json);
}

#[test]
fn a_tag_that_is_not_text_keeps_the_object_as_raw_json() {
    let odd = json!({"id": "call_1", "type": 7, "function": {"name": "f", "arguments": "{}"}});
    let call: ToolCall = decode!(&odd);
    assert_eq!(call, ToolCall::Unknown(odd));
}

#[test]
fn a_required_constant_left_out_is_put_back_and_re_serialised_absent() {
    let json = json!({"id": "msg_1", "role": "user", "content": []});
    let message: Message = decode!(&json);
    assert_eq!(message.object, "thread.message");
    assert!(message.is_absent("object"));
    assert_eq!(message.id, "msg_1");
    assert_round_trips!(&message, &json);
}

/// The count behind the conformance suite's "fully typed" check: known input counts nothing,
/// each kind of drift counts (an unknown field, enum value and union tag).
#[test]
fn unknown_values_are_counted_and_known_ones_are_not() {
    openai_beta::decode::take_unknown_count();
    let _: Run = decode!(&run_requires_action());
    assert_eq!(openai_beta::decode::take_unknown_count(), 0, "the seeds' run is fully known");

    let drifted = with(with(run_requires_action(), "status", json!("paused")), "brand_new_field", json!(1));
    let _: Run = decode!(&drifted);
    assert_eq!(openai_beta::decode::take_unknown_count(), 2, "an unknown enum value and an unknown field");

    let _: ToolCall = decode!(&json!({"id": "call_1", "type": "computer_use", "computer_use": {}}));
    assert!(openai_beta::decode::take_unknown_count() >= 1, "an unknown union tag");
    assert_eq!(openai_beta::decode::take_unknown_count(), 0, "taking the count resets it");
}

// ---------------------------------------------------------------------------------------------
// Object arms that no tag tells apart (`EasyInputMessage | EvalItem` in the whole document): the
// generated union asks `decode::best_fit` which arm an object belongs to.
// ---------------------------------------------------------------------------------------------

mod best_fit {
    use openai_beta::decode::{best_fit, ObjectShape};
    use serde_json::{json, Value};

    const SYSTEM: ObjectShape = ObjectShape {
        required: &["role", "content"],
        known: &["type", "role", "content"],
        constants: &[("role", "system")],
    };
    const USER: ObjectShape = ObjectShape {
        required: &["role", "content"],
        known: &["type", "role", "content"],
        constants: &[("role", "user")],
    };
    const REFERENCE: ObjectShape =
        ObjectShape { required: &["id"], known: &["type", "id"], constants: &[("type", "ref")] };
    const SHAPES: &[ObjectShape] = &[SYSTEM, USER, REFERENCE];

    fn pick(value: Value) -> Option<usize> {
        assert!(value.is_object());
        let text = value.to_string();
        best_fit(&openai_beta::de::Reader::new(&text).keys().unwrap(), SHAPES)
    }

    #[test]
    fn constants_pick_between_arms_with_the_same_keys() {
        assert_eq!(pick(json!({"role": "user", "content": "hi"})), Some(1));
        assert_eq!(pick(json!({"role": "system", "content": "be brief"})), Some(0));
    }

    #[test]
    fn required_keys_then_known_keys_decide() {
        assert_eq!(pick(json!({"type": "ref", "id": "item_1"})), Some(2));
        // A required key missing (drift) only demotes an arm: its confirmed constant still picks
        // it over an arm that merely knows the key.
        assert_eq!(pick(json!({"type": "ref"})), Some(2));
        // `type: x` contradicts the reference; the message arms know both keys, the first wins.
        assert_eq!(pick(json!({"type": "x", "content": "y"})), Some(0));
        // An unknown role contradicts both message arms; `content` alone is not a reference.
        assert_eq!(pick(json!({"role": "tool", "content": "x"})), None);
    }

    #[test]
    fn an_object_no_arm_knows_is_left_unmatched() {
        assert_eq!(pick(json!({"something": "else"})), None);
        assert_eq!(best_fit(&[], &[]), None);
    }
}

/// A free-form object the server sends as something else (drift) decodes and encodes back
/// unchanged, and is counted as unknown.
#[test]
fn a_free_form_object_keeps_a_non_object_value() {
    let json = json!({"name": "f", "parameters": ["not", "an", "object"]});
    let function: openai_beta::FunctionDefinition = decode!(&json);
    assert_eq!(function.parameters.as_ref().map(|p| p.as_value()), Some(&json!(["not", "an", "object"])));
    assert_eq!(serde_json::to_value(&function).unwrap(), json);
}

/// Names an earlier release used still compile, as deprecated aliases of the new ones.
#[test]
#[allow(deprecated)]
fn former_names_are_aliases_of_the_new_ones() {
    let details: openai_beta::RunStepStepDetails = RunStepDetails::default();
    let same: RunStepDetails = details;
    assert_eq!(same, RunStepDetails::default());
    let _: Option<openai_beta::RunStepDeltaStepDetails> = None::<RunStepDeltaDetails>;
}
