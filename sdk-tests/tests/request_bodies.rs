//! Request bodies are exact: what the builders produce is what goes on the wire.
//!
//! Unset optional params are absent, constants (`type`) are filled in by `new(..)`, a nullable
//! field can be sent as JSON `null` distinctly from leaving it out, query-only params never reach
//! the body, and the string-or-object / string-or-array unions serialise to the right JSON kind.
#![allow(deprecated)]

use std::collections::BTreeMap;

use openai_beta::{
    AssistantCreateParams, AssistantResponseFormatOption, AssistantTool, AssistantToolChoice,
    AssistantToolChoiceFunction, AssistantToolChoiceOption, AssistantToolChoiceOptionMode, AssistantToolChoiceType,
    AssistantUpdateParams, ChatKitSessionCreateParams, ChatKitThreadListItemsParams, ChatKitThreadListParams,
    ChatKitWorkflowStateVariable, ChatSessionChatKitConfigurationParam, ChatSessionChatKitConfigurationParamFileUpload,
    ChatSessionExpiresAfterParam, ChatSessionRateLimitsParam, ChatSessionWorkflowParam,
    ChatSessionWorkflowParamTracing, ChunkingStrategy, CodeInterpreterTool, CreateMessageRequest,
    CreateMessageRequestContent, CreateThreadRequest, FileSearchRanker, FileSearchRankingOptions, FileSearchTool,
    FileSearchToolFileSearch, FunctionDefinition, FunctionTool, ImageFile, ImageFileContentBlock, ImageFileDetail,
    ImageUrl, ImageUrlContentBlock, ListOrder, MessageAttachment, MessageAttachmentFileSearchTool,
    MessageAttachmentTool, MessageContentPartParam, MessageCreateParams, MessageListParams, MessageRole,
    MessageUpdateParams, Metadata, ReasoningEffort, ResponseFormat, ResponseFormatJsonObject, ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaJsonSchema, ResponseFormatText, RunCreateParams, RunListParams, RunStepListParams,
    RunStepRetrieveParams, RunSubmitToolOutputsParams, RunUpdateParams, StaticChunkingStrategy,
    StaticChunkingStrategyConfig, TextContentBlockParam, ThreadCreateAndRunParams, ThreadCreateParams,
    ThreadToolResources, ThreadUpdateParams, ToolOutput, ToolResourcesCodeInterpreter, ToolResourcesParam,
    ToolResourcesParamFileSearch, TruncationStrategy, TruncationStrategyType, VectorStoreHelper,
};
use serde_json::json;

/// The JSON body a params value serialises to.
macro_rules! body {
    ($params:expr) => {
        serde_json::to_value(&$params).expect("params serialise")
    };
}

fn metadata(pairs: &[(&str, &str)]) -> Metadata {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn weather_function() -> FunctionTool {
    FunctionTool::new(FunctionDefinition::new("get_weather"))
}

// ---------------------------------------------------------------------------------------------
// Optional params: absent unless set
// ---------------------------------------------------------------------------------------------

#[test]
fn assistant_create_with_only_the_model_sends_only_the_model() {
    assert_eq!(body!(AssistantCreateParams::new("gpt-4o")), json!({"model": "gpt-4o"}));
}

#[test]
fn assistant_create_sends_exactly_the_fields_that_were_set() {
    let params = AssistantCreateParams::new("gpt-4o")
        .name("Math tutor")
        .instructions("You are a personal math tutor.")
        .temperature(0.2)
        .reasoning_effort(ReasoningEffort::Low)
        .metadata(metadata(&[("team", "edu")]));

    assert_eq!(
        body!(params),
        json!({
            "model": "gpt-4o",
            "name": "Math tutor",
            "instructions": "You are a personal math tutor.",
            "temperature": 0.2,
            "reasoning_effort": "low",
            "metadata": {"team": "edu"}
        })
    );
}

#[test]
fn unknown_enum_value_is_sent_as_given() {
    let params = AssistantCreateParams::new("o9").reasoning_effort(ReasoningEffort::Unknown("extreme".into()));
    assert_eq!(body!(params), json!({"model": "o9", "reasoning_effort": "extreme"}));
}

// ---------------------------------------------------------------------------------------------
// Nested types: `new(..)` fills the constants
// ---------------------------------------------------------------------------------------------

#[test]
fn function_tool_new_fills_its_type() {
    let params = AssistantCreateParams::new("gpt-4o").tools(vec![AssistantTool::from(weather_function())]);
    assert_eq!(
        body!(params),
        json!({"model": "gpt-4o", "tools": [{"type": "function", "function": {"name": "get_weather"}}]})
    );
}

#[test]
fn function_definition_sends_description_parameters_and_strict_when_set() {
    let definition = FunctionDefinition::new("get_weather")
        .description("Get the current weather in a given location")
        .parameters(json!({
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
            "additionalProperties": false
        }))
        .strict(true);
    let params = AssistantCreateParams::new("gpt-4o").tools(vec![AssistantTool::from(FunctionTool::new(definition))]);

    assert_eq!(
        body!(params),
        json!({
            "model": "gpt-4o",
            "tools": [{
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Get the current weather in a given location",
                    "parameters": {
                        "type": "object",
                        "properties": {"location": {"type": "string"}},
                        "required": ["location"],
                        "additionalProperties": false
                    },
                    "strict": true
                }
            }]
        })
    );
}

#[test]
fn code_interpreter_and_file_search_tools_fill_their_types() {
    let file_search = FileSearchTool::new().file_search(
        FileSearchToolFileSearch::new()
            .max_num_results(5)
            .ranking_options(FileSearchRankingOptions::new(0.5).ranker(FileSearchRanker::Auto)),
    );
    let params = AssistantCreateParams::new("gpt-4o")
        .tools(vec![AssistantTool::from(CodeInterpreterTool::new()), AssistantTool::from(file_search)]);

    assert_eq!(
        body!(params),
        json!({
            "model": "gpt-4o",
            "tools": [
                {"type": "code_interpreter"},
                {
                    "type": "file_search",
                    "file_search": {
                        "max_num_results": 5,
                        "ranking_options": {"score_threshold": 0.5, "ranker": "auto"}
                    }
                }
            ]
        })
    );
}

#[test]
fn tool_resources_with_a_static_chunking_strategy_fill_the_chunking_type() {
    let vector_store = VectorStoreHelper::new().file_ids(vec!["file-report".to_string()]).chunking_strategy(
        ChunkingStrategy::Static(StaticChunkingStrategy::new(StaticChunkingStrategyConfig::new(800, 400))),
    );
    let resources = ToolResourcesParam::new()
        .code_interpreter(ToolResourcesCodeInterpreter::new().file_ids(vec!["file-data".to_string()]))
        .file_search(ToolResourcesParamFileSearch::new().vector_stores(vec![vector_store]));
    let params = AssistantCreateParams::new("gpt-4o").tool_resources(resources);

    assert_eq!(
        body!(params),
        json!({
            "model": "gpt-4o",
            "tool_resources": {
                "code_interpreter": {"file_ids": ["file-data"]},
                "file_search": {
                    "vector_stores": [{
                        "file_ids": ["file-report"],
                        "chunking_strategy": {
                            "type": "static",
                            "static": {"chunk_overlap_tokens": 400, "max_chunk_size_tokens": 800}
                        }
                    }]
                }
            }
        })
    );
}

#[test]
fn submit_tool_outputs_sends_each_output_with_its_call_id() {
    let output = ToolOutput::new().tool_call_id("call_weather_1").output("{\"temperature\":22}");
    assert_eq!(
        body!(RunSubmitToolOutputsParams::new(vec![output])),
        json!({"tool_outputs": [{"tool_call_id": "call_weather_1", "output": "{\"temperature\":22}"}]})
    );
}

// ---------------------------------------------------------------------------------------------
// Nullable fields: explicit null vs left out vs a value
// ---------------------------------------------------------------------------------------------

#[test]
fn update_with_nothing_set_is_an_empty_object() {
    assert_eq!(body!(AssistantUpdateParams::new()), json!({}));
}

#[test]
fn update_can_clear_a_nullable_field_with_null() {
    assert_eq!(body!(AssistantUpdateParams::new().metadata_null()), json!({"metadata": null}));
}

#[test]
fn update_can_set_a_nullable_field_to_a_value() {
    let params = AssistantUpdateParams::new().metadata(metadata(&[("tier", "gold")]));
    assert_eq!(body!(params), json!({"metadata": {"tier": "gold"}}));
}

#[test]
fn the_last_setter_of_a_field_wins() {
    let cleared = AssistantUpdateParams::new().metadata(metadata(&[("tier", "gold")])).metadata_null();
    assert_eq!(body!(cleared), json!({"metadata": null}));

    let set = AssistantUpdateParams::new().metadata_null().metadata(metadata(&[("tier", "gold")]));
    assert_eq!(body!(set), json!({"metadata": {"tier": "gold"}}));
}

#[test]
fn update_can_null_several_fields_and_set_others() {
    let params = AssistantUpdateParams::new()
        .model("gpt-4o-mini")
        .description_null()
        .instructions("Answer in French.")
        .response_format_null()
        .tool_resources_null()
        .temperature_null();

    assert_eq!(
        body!(params),
        json!({
            "model": "gpt-4o-mini",
            "description": null,
            "instructions": "Answer in French.",
            "response_format": null,
            "tool_resources": null,
            "temperature": null
        })
    );
}

#[test]
fn update_tool_resources_can_be_set() {
    let resources = ThreadToolResources::new().code_interpreter(
        ToolResourcesCodeInterpreter::new().file_ids(vec!["file-a".to_string(), "file-b".to_string()]),
    );
    assert_eq!(
        body!(ThreadUpdateParams::new().tool_resources(resources)),
        json!({"tool_resources": {"code_interpreter": {"file_ids": ["file-a", "file-b"]}}})
    );
    assert_eq!(body!(ThreadUpdateParams::new().tool_resources_null()), json!({"tool_resources": null}));
}

#[test]
fn message_run_and_thread_updates_send_null_metadata_distinctly() {
    assert_eq!(body!(MessageUpdateParams::new()), json!({}));
    assert_eq!(body!(MessageUpdateParams::new().metadata_null()), json!({"metadata": null}));
    assert_eq!(body!(RunUpdateParams::new().metadata_null()), json!({"metadata": null}));
    assert_eq!(body!(ThreadUpdateParams::new().metadata_null()), json!({"metadata": null}));
    assert_eq!(
        body!(RunUpdateParams::new().metadata(metadata(&[("user_id", "u_1")]))),
        json!({"metadata": {"user_id": "u_1"}})
    );
}

#[test]
fn run_create_can_send_null_for_nullable_run_settings() {
    let params =
        RunCreateParams::new("asst_abc123").model_null().tools_null().tool_choice_null().max_prompt_tokens_null();
    assert_eq!(
        body!(params),
        json!({
            "assistant_id": "asst_abc123",
            "model": null,
            "tools": null,
            "tool_choice": null,
            "max_prompt_tokens": null
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Query-only params never reach the body
// ---------------------------------------------------------------------------------------------

#[test]
fn run_create_include_is_a_query_param_not_a_body_field() {
    let params = RunCreateParams::new("asst_abc123")
        .include(vec!["step_details.tool_calls[*].file_search.results[*].content".to_string()])
        .additional_instructions("Be brief.");
    assert_eq!(body!(params), json!({"assistant_id": "asst_abc123", "additional_instructions": "Be brief."}));
}

#[test]
fn list_and_retrieve_params_have_an_empty_body() {
    let include = || vec!["step_details.tool_calls[*].file_search.results[*].content".to_string()];
    assert_eq!(
        body!(MessageListParams::new().limit(10).order(ListOrder::Asc).after("msg_1").run_id("run_1")),
        json!({})
    );
    assert_eq!(body!(RunListParams::new().limit(5).before("run_9")), json!({}));
    assert_eq!(body!(RunStepListParams::new().include(include()).order(ListOrder::Desc)), json!({}));
    assert_eq!(body!(RunStepRetrieveParams::new().include(include())), json!({}));
    assert_eq!(body!(ChatKitThreadListParams::new().user("user_123").limit(20)), json!({}));
    assert_eq!(body!(ChatKitThreadListItemsParams::new().after("cthi_1")), json!({}));
}

// ---------------------------------------------------------------------------------------------
// Untagged unions
// ---------------------------------------------------------------------------------------------

#[test]
fn message_content_as_text_is_a_plain_string() {
    let params = MessageCreateParams::new(
        MessageRole::User,
        CreateMessageRequestContent::String("What is 3x + 11 = 14?".into()),
    );
    assert_eq!(body!(params), json!({"content": "What is 3x + 11 = 14?", "role": "user"}));
}

#[test]
fn message_content_as_parts_is_an_array_of_typed_parts() {
    let parts = vec![
        MessageContentPartParam::from(TextContentBlockParam::new("What is in these images?")),
        MessageContentPartParam::from(ImageFileContentBlock::new(
            ImageFile::new("file-photo").detail(ImageFileDetail::Low),
        )),
        MessageContentPartParam::from(ImageUrlContentBlock::new(
            ImageUrl::new("https://example.com/cat.png").detail(ImageFileDetail::High),
        )),
    ];
    let params = MessageCreateParams::new("user", CreateMessageRequestContent::Array(parts));

    assert_eq!(
        body!(params),
        json!({
            "content": [
                {"type": "text", "text": "What is in these images?"},
                {"type": "image_file", "image_file": {"file_id": "file-photo", "detail": "low"}},
                {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}}
            ],
            "role": "user"
        })
    );
}

#[test]
fn message_attachments_fill_their_tool_types_and_can_be_null() {
    let attachment = MessageAttachment::new().file_id("file-report").tools(vec![
        MessageAttachmentTool::from(MessageAttachmentFileSearchTool::new()),
        MessageAttachmentTool::from(CodeInterpreterTool::new()),
    ]);
    let content = || CreateMessageRequestContent::String("See attached.".into());

    assert_eq!(
        body!(MessageCreateParams::new(MessageRole::User, content()).attachments(vec![attachment])),
        json!({
            "content": "See attached.",
            "role": "user",
            "attachments": [{"file_id": "file-report", "tools": [{"type": "file_search"}, {"type": "code_interpreter"}]}]
        })
    );
    assert_eq!(
        body!(MessageCreateParams::new(MessageRole::User, content()).attachments_null()),
        json!({"content": "See attached.", "role": "user", "attachments": null})
    );
}

#[test]
fn response_format_auto_is_the_string_auto() {
    let params = AssistantCreateParams::new("gpt-4o").response_format(AssistantResponseFormatOption::Auto);
    assert_eq!(body!(params), json!({"model": "gpt-4o", "response_format": "auto"}));
}

#[test]
fn response_format_json_object_is_an_object_with_its_type() {
    let format = AssistantResponseFormatOption::ResponseFormat(ResponseFormat::from(ResponseFormatJsonObject::new()));
    let params = AssistantCreateParams::new("gpt-4o").response_format(format);
    assert_eq!(body!(params), json!({"model": "gpt-4o", "response_format": {"type": "json_object"}}));
}

#[test]
fn response_format_text_is_an_object_with_its_type() {
    let format = AssistantResponseFormatOption::ResponseFormat(ResponseFormat::from(ResponseFormatText::new()));
    let params = RunCreateParams::new("asst_abc123").response_format(format);
    assert_eq!(body!(params), json!({"assistant_id": "asst_abc123", "response_format": {"type": "text"}}));
}

#[test]
fn response_format_json_schema_carries_the_schema() {
    let schema = ResponseFormatJsonSchemaJsonSchema::new("math_answer")
        .schema(json!({
            "type": "object",
            "properties": {"answer": {"type": "number"}},
            "required": ["answer"]
        }))
        .strict(true);
    let format =
        AssistantResponseFormatOption::ResponseFormat(ResponseFormat::from(ResponseFormatJsonSchema::new(schema)));
    let params = AssistantUpdateParams::new().response_format(format);

    assert_eq!(
        body!(params),
        json!({
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": "math_answer",
                    "schema": {"type": "object", "properties": {"answer": {"type": "number"}}, "required": ["answer"]},
                    "strict": true
                }
            }
        })
    );
}

#[test]
fn tool_choice_mode_is_a_plain_string() {
    let params = RunCreateParams::new("asst_abc123")
        .tool_choice(AssistantToolChoiceOption::Mode(AssistantToolChoiceOptionMode::Required));
    assert_eq!(body!(params), json!({"assistant_id": "asst_abc123", "tool_choice": "required"}));
}

#[test]
fn tool_choice_for_a_named_function_is_an_object() {
    let choice = AssistantToolChoice::new(AssistantToolChoiceType::Function)
        .function(AssistantToolChoiceFunction::new("get_weather"));
    let params =
        RunCreateParams::new("asst_abc123").tool_choice(AssistantToolChoiceOption::AssistantToolChoice(choice));
    assert_eq!(
        body!(params),
        json!({"assistant_id": "asst_abc123", "tool_choice": {"type": "function", "function": {"name": "get_weather"}}})
    );
}

#[test]
fn tool_choice_for_a_built_in_tool_is_an_object_with_only_its_type() {
    let choice = AssistantToolChoice::new(AssistantToolChoiceType::FileSearch);
    let params = ThreadCreateAndRunParams::new("asst_abc123")
        .tool_choice(AssistantToolChoiceOption::AssistantToolChoice(choice));
    assert_eq!(body!(params), json!({"assistant_id": "asst_abc123", "tool_choice": {"type": "file_search"}}));
}

// ---------------------------------------------------------------------------------------------
// Whole requests
// ---------------------------------------------------------------------------------------------

#[test]
fn run_create_with_additional_messages_and_run_settings() {
    let question =
        CreateMessageRequest::new(MessageRole::User, CreateMessageRequestContent::String("And in Berlin?".into()))
            .metadata(metadata(&[("source", "web")]));
    let params = RunCreateParams::new("asst_abc123")
        .model("gpt-4o")
        .instructions("Answer briefly.")
        .additional_messages(vec![question])
        .tools(vec![AssistantTool::from(weather_function())])
        .parallel_tool_calls(false)
        .max_completion_tokens(512)
        .top_p(0.9)
        .truncation_strategy(TruncationStrategy::new(TruncationStrategyType::LastMessages).last_messages(10));

    assert_eq!(
        body!(params),
        json!({
            "assistant_id": "asst_abc123",
            "model": "gpt-4o",
            "instructions": "Answer briefly.",
            "additional_messages": [{"content": "And in Berlin?", "role": "user", "metadata": {"source": "web"}}],
            "tools": [{"type": "function", "function": {"name": "get_weather"}}],
            "parallel_tool_calls": false,
            "max_completion_tokens": 512,
            "top_p": 0.9,
            "truncation_strategy": {"type": "last_messages", "last_messages": 10}
        })
    );
}

#[test]
fn thread_create_with_messages_and_tool_resources() {
    let message =
        CreateMessageRequest::new("user", CreateMessageRequestContent::String("Summarise the report.".into()));
    let resources = ToolResourcesParam::new()
        .file_search(ToolResourcesParamFileSearch::new().vector_store_ids(vec!["vs_abc123".to_string()]));
    let params = ThreadCreateParams::new().messages(vec![message]).tool_resources(resources);

    assert_eq!(
        body!(params),
        json!({
            "messages": [{"content": "Summarise the report.", "role": "user"}],
            "tool_resources": {"file_search": {"vector_store_ids": ["vs_abc123"]}}
        })
    );
    assert_eq!(body!(ThreadCreateParams::new()), json!({}));
}

#[test]
fn thread_create_and_run_nests_the_thread() {
    let thread = CreateThreadRequest::new()
        .messages(vec![CreateMessageRequest::new(
            MessageRole::User,
            CreateMessageRequestContent::String("Explain deep learning to a 5 year old.".into()),
        )])
        .metadata(metadata(&[("channel", "app")]));
    let params = ThreadCreateAndRunParams::new("asst_abc123")
        .thread(thread)
        .tool_resources(ThreadToolResources::new())
        .max_prompt_tokens(2000);

    assert_eq!(
        body!(params),
        json!({
            "assistant_id": "asst_abc123",
            "thread": {
                "messages": [{"content": "Explain deep learning to a 5 year old.", "role": "user"}],
                "metadata": {"channel": "app"}
            },
            "tool_resources": {},
            "max_prompt_tokens": 2000
        })
    );
}

#[test]
fn chatkit_session_create_with_only_required_params() {
    let params = ChatKitSessionCreateParams::new(ChatSessionWorkflowParam::new("wf_abc"), "user_123");
    assert_eq!(body!(params), json!({"user": "user_123", "workflow": {"id": "wf_abc"}}));
}

#[test]
fn chatkit_session_create_with_every_option() {
    let workflow = ChatSessionWorkflowParam::new("wf_abc")
        .version("3")
        .state_variables(BTreeMap::from([
            ("plan".to_owned(), ChatKitWorkflowStateVariable::String("pro".into())),
            ("beta_user".to_owned(), ChatKitWorkflowStateVariable::Bool(true)),
            ("discount".to_owned(), ChatKitWorkflowStateVariable::Number(0.15)),
        ]))
        .tracing(ChatSessionWorkflowParamTracing::new().enabled(false));
    let configuration = ChatSessionChatKitConfigurationParam::new()
        .file_upload(ChatSessionChatKitConfigurationParamFileUpload::new().enabled(true).max_files(3));
    let params = ChatKitSessionCreateParams::new(workflow, "user_123")
        .chatkit_configuration(configuration)
        .expires_after(ChatSessionExpiresAfterParam::new(600))
        .rate_limits(ChatSessionRateLimitsParam::new().max_requests_per_1_minute(30));

    assert_eq!(
        body!(params),
        json!({
            "user": "user_123",
            "workflow": {
                "id": "wf_abc",
                "version": "3",
                "state_variables": {"plan": "pro", "beta_user": true, "discount": 0.15},
                "tracing": {"enabled": false}
            },
            "chatkit_configuration": {"file_upload": {"enabled": true, "max_files": 3}},
            "expires_after": {"anchor": "created_at", "seconds": 600},
            "rate_limits": {"max_requests_per_1_minute": 30}
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Nested request models have setters too
// ---------------------------------------------------------------------------------------------

#[test]
fn nested_request_models_are_built_with_setters() {
    let function = FunctionDefinition::new("get_weather")
        .description("Current weather for a city")
        .parameters(json!({"type": "object", "properties": {"city": {"type": "string"}}}))
        .strict(true);
    let params = AssistantCreateParams::new("gpt-4o").tools(vec![FunctionTool::new(function).into()]);
    assert_eq!(
        body!(params),
        json!({"model": "gpt-4o", "tools": [{"type": "function", "function": {
            "name": "get_weather",
            "description": "Current weather for a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            "strict": true
        }}]})
    );
    // Three states on a nested model: left out, `null`, a value.
    let cleared = FunctionDefinition::new("f").strict_null();
    assert_eq!(serde_json::to_value(&cleared).unwrap(), json!({"name": "f", "strict": null}));
    assert_eq!(serde_json::to_value(FunctionDefinition::new("f")).unwrap(), json!({"name": "f"}));
}
