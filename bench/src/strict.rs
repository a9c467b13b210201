//! A strict, plain `#[derive(Deserialize)]` of the shapes the benchmarks decode: the floor that
//! any typed decoder pays for them, to put the SDKs' figures in proportion.
//!
//! Strict: closed enums, no unknown-field map, no lenient retry. Floor: nothing is buffered.
//! serde's internally tagged enums (`#[serde(tag = "type")]`) buffer the whole object before
//! picking a variant, so the unions here are written as one struct holding the tag and every
//! variant's payload as an `Option` (the API puts each payload under a key named after the tag),
//! and the two string-or-object unions use a small visitor instead of `#[serde(untagged)]`,
//! which buffers too. Fields the API may omit or send as `null` are `Option`.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A cursor page.
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    pub object: String,
    pub data: Vec<T>,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
    pub has_more: bool,
}

/// `metadata`: up to 16 string pairs.
pub type Metadata = HashMap<String, String>;

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
pub struct Message {
    pub id: String,
    pub object: String,
    pub created_at: i64,
    pub assistant_id: Option<String>,
    pub thread_id: String,
    pub run_id: Option<String>,
    pub status: MessageStatus,
    pub completed_at: Option<i64>,
    pub incomplete_at: Option<i64>,
    pub incomplete_details: Option<IncompleteDetails>,
    pub role: Role,
    pub content: Vec<MessageContent>,
    pub attachments: Option<Vec<Attachment>>,
    pub metadata: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    InProgress,
    Incomplete,
    Completed,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Assistant,
}

#[derive(Debug, Deserialize)]
pub struct IncompleteDetails {
    pub reason: String,
}

/// The `MessageContent` union: the tag and each variant's payload.
#[derive(Debug, Deserialize)]
pub struct MessageContent {
    pub r#type: MessageContentType,
    pub text: Option<Text>,
    pub image_file: Option<ImageFile>,
    pub image_url: Option<ImageUrl>,
    pub refusal: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageContentType {
    Text,
    ImageFile,
    ImageUrl,
    Refusal,
}

#[derive(Debug, Deserialize)]
pub struct Text {
    pub value: String,
    pub annotations: Vec<Annotation>,
}

/// The `Annotation` union.
#[derive(Debug, Deserialize)]
pub struct Annotation {
    pub r#type: AnnotationType,
    pub text: String,
    pub start_index: i64,
    pub end_index: i64,
    pub file_citation: Option<FileRef>,
    pub file_path: Option<FileRef>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationType {
    FileCitation,
    FilePath,
}

#[derive(Debug, Deserialize)]
pub struct FileRef {
    pub file_id: String,
}

#[derive(Debug, Deserialize)]
pub struct ImageFile {
    pub file_id: String,
    pub detail: Option<ImageDetail>,
}

#[derive(Debug, Deserialize)]
pub struct ImageUrl {
    pub url: String,
    pub detail: Option<ImageDetail>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageDetail {
    Auto,
    Low,
    High,
}

#[derive(Debug, Deserialize)]
pub struct Attachment {
    pub file_id: Option<String>,
    pub tools: Option<Vec<AttachmentTool>>,
}

#[derive(Debug, Deserialize)]
pub struct AttachmentTool {
    pub r#type: AttachmentToolType,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentToolType {
    CodeInterpreter,
    FileSearch,
}

// ---------------------------------------------------------------------------------------------
// Run steps
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
pub struct RunStep {
    pub id: String,
    pub object: String,
    pub created_at: i64,
    pub run_id: String,
    pub assistant_id: String,
    pub thread_id: String,
    pub r#type: RunStepType,
    pub status: RunStepStatus,
    pub cancelled_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub expired_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<LastError>,
    pub step_details: StepDetails,
    pub metadata: Option<Metadata>,
    pub usage: Option<Usage>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStepType {
    MessageCreation,
    ToolCalls,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStepStatus {
    InProgress,
    Cancelled,
    Failed,
    Completed,
    Expired,
}

#[derive(Debug, Deserialize)]
pub struct LastError {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Deserialize)]
pub struct Usage {
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
}

/// The `step_details` union.
#[derive(Debug, Deserialize)]
pub struct StepDetails {
    pub r#type: RunStepType,
    pub message_creation: Option<MessageCreation>,
    pub tool_calls: Option<Vec<ToolCall>>,
}

#[derive(Debug, Deserialize)]
pub struct MessageCreation {
    pub message_id: String,
}

/// The `ToolCall` union.
#[derive(Debug, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub r#type: ToolCallType,
    pub code_interpreter: Option<CodeInterpreterCall>,
    pub file_search: Option<FileSearchCall>,
    pub function: Option<FunctionCall>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolCallType {
    CodeInterpreter,
    FileSearch,
    Function,
}

#[derive(Debug, Deserialize)]
pub struct CodeInterpreterCall {
    pub input: String,
    pub outputs: Vec<CodeInterpreterOutput>,
}

/// The code interpreter output union (`logs` or `image`).
#[derive(Debug, Deserialize)]
pub struct CodeInterpreterOutput {
    pub r#type: CodeInterpreterOutputType,
    pub logs: Option<String>,
    pub image: Option<FileRef>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeInterpreterOutputType {
    Logs,
    Image,
}

#[derive(Debug, Deserialize)]
pub struct FileSearchCall {
    pub ranking_options: Option<RankingOptions>,
    pub results: Option<Vec<FileSearchResult>>,
}

#[derive(Debug, Deserialize)]
pub struct RankingOptions {
    pub ranker: String,
    pub score_threshold: f64,
}

#[derive(Debug, Deserialize)]
pub struct FileSearchResult {
    pub file_id: String,
    pub file_name: String,
    pub score: f64,
    pub content: Option<Vec<FileSearchResultContent>>,
}

#[derive(Debug, Deserialize)]
pub struct FileSearchResultContent {
    pub r#type: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct FunctionCall {
    pub name: String,
    pub arguments: String,
    pub output: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Runs and assistants
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
pub struct Run {
    pub id: String,
    pub object: String,
    pub created_at: i64,
    pub assistant_id: String,
    pub thread_id: String,
    pub status: RunStatus,
    pub started_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub required_action: Option<RequiredAction>,
    pub last_error: Option<LastError>,
    pub model: String,
    pub instructions: String,
    pub tools: Vec<Tool>,
    pub metadata: Option<Metadata>,
    pub usage: Option<Usage>,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub max_prompt_tokens: Option<i64>,
    pub max_completion_tokens: Option<i64>,
    pub truncation_strategy: Option<TruncationStrategy>,
    pub incomplete_details: Option<IncompleteDetails>,
    pub response_format: Option<StringOr<ResponseFormat>>,
    pub tool_choice: Option<StringOr<ToolChoice>>,
    pub parallel_tool_calls: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Queued,
    InProgress,
    RequiresAction,
    Cancelling,
    Cancelled,
    Failed,
    Completed,
    Incomplete,
    Expired,
}

#[derive(Debug, Deserialize)]
pub struct RequiredAction {
    pub r#type: String,
    pub submit_tool_outputs: SubmitToolOutputs,
}

#[derive(Debug, Deserialize)]
pub struct SubmitToolOutputs {
    pub tool_calls: Vec<RunToolCall>,
}

#[derive(Debug, Deserialize)]
pub struct RunToolCall {
    pub id: String,
    pub r#type: String,
    pub function: FunctionCallRequest,
}

#[derive(Debug, Deserialize)]
pub struct FunctionCallRequest {
    pub name: String,
    pub arguments: String,
}

/// The `AssistantTool` union.
#[derive(Debug, Deserialize)]
pub struct Tool {
    pub r#type: ToolType,
    pub function: Option<FunctionDefinition>,
    pub file_search: Option<FileSearchToolOptions>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolType {
    CodeInterpreter,
    FileSearch,
    Function,
}

#[derive(Debug, Deserialize)]
pub struct FunctionDefinition {
    pub name: String,
    pub description: Option<String>,
    /// A JSON Schema: free-form for every SDK.
    pub parameters: Option<Map<String, Value>>,
    pub strict: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct FileSearchToolOptions {
    pub max_num_results: Option<i64>,
    pub ranking_options: Option<RankingOptions>,
}

#[derive(Debug, Deserialize)]
pub struct TruncationStrategy {
    pub r#type: TruncationType,
    pub last_messages: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TruncationType {
    Auto,
    LastMessages,
}

#[derive(Debug, Deserialize)]
pub struct ResponseFormat {
    pub r#type: String,
    pub json_schema: Option<Map<String, Value>>,
}

#[derive(Debug, Deserialize)]
pub struct ToolChoice {
    pub r#type: ToolType,
    pub function: Option<FunctionName>,
}

#[derive(Debug, Deserialize)]
pub struct FunctionName {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Assistant {
    pub id: String,
    pub object: String,
    pub created_at: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub model: String,
    pub instructions: Option<String>,
    pub tools: Vec<Tool>,
    pub tool_resources: Option<ToolResources>,
    pub metadata: Option<Metadata>,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub response_format: Option<StringOr<ResponseFormat>>,
}

#[derive(Debug, Deserialize)]
pub struct ToolResources {
    pub code_interpreter: Option<FileIds>,
    pub file_search: Option<VectorStoreIds>,
}

#[derive(Debug, Deserialize)]
pub struct FileIds {
    pub file_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct VectorStoreIds {
    pub vector_store_ids: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Stream events and deltas
// ---------------------------------------------------------------------------------------------

/// The `AssistantStreamEvent` union. serde's adjacently tagged form decodes `data` straight
/// into the variant when `event` comes first, as it does in the envelope: no buffering.
// Unboxed on purpose: the floor a strict decoder pays, without an allocation per event.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Deserialize)]
#[serde(tag = "event", content = "data")]
pub enum AssistantStreamEvent {
    #[serde(
        rename = "thread.run.created",
        alias = "thread.run.queued",
        alias = "thread.run.in_progress",
        alias = "thread.run.requires_action",
        alias = "thread.run.completed",
        alias = "thread.run.incomplete",
        alias = "thread.run.failed",
        alias = "thread.run.cancelling",
        alias = "thread.run.cancelled",
        alias = "thread.run.expired"
    )]
    Run(Run),
    #[serde(
        rename = "thread.run.step.created",
        alias = "thread.run.step.in_progress",
        alias = "thread.run.step.completed",
        alias = "thread.run.step.failed",
        alias = "thread.run.step.cancelled",
        alias = "thread.run.step.expired"
    )]
    RunStep(RunStep),
    #[serde(rename = "thread.run.step.delta")]
    RunStepDelta(RunStepDeltaEvent),
    #[serde(
        rename = "thread.message.created",
        alias = "thread.message.in_progress",
        alias = "thread.message.completed",
        alias = "thread.message.incomplete"
    )]
    Message(Message),
    #[serde(rename = "thread.message.delta")]
    MessageDelta(MessageDeltaEvent),
}

#[derive(Debug, Deserialize)]
pub struct MessageDeltaEvent {
    pub id: String,
    pub object: String,
    pub delta: MessageDelta,
}

#[derive(Debug, Deserialize)]
pub struct MessageDelta {
    pub role: Option<Role>,
    pub content: Option<Vec<MessageContentDelta>>,
}

/// The `MessageContentDelta` union.
#[derive(Debug, Deserialize)]
pub struct MessageContentDelta {
    pub index: i64,
    pub r#type: MessageContentType,
    pub text: Option<TextDelta>,
    pub image_file: Option<ImageFile>,
    pub image_url: Option<ImageUrl>,
    pub refusal: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TextDelta {
    pub value: Option<String>,
    pub annotations: Option<Vec<AnnotationDelta>>,
}

/// The `AnnotationDelta` union.
#[derive(Debug, Deserialize)]
pub struct AnnotationDelta {
    pub index: i64,
    pub r#type: AnnotationType,
    pub text: Option<String>,
    pub start_index: Option<i64>,
    pub end_index: Option<i64>,
    pub file_citation: Option<FileCitationDelta>,
    pub file_path: Option<FileRef>,
}

#[derive(Debug, Deserialize)]
pub struct FileCitationDelta {
    pub file_id: Option<String>,
    pub quote: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RunStepDeltaEvent {
    pub id: String,
    pub object: String,
    pub delta: RunStepDelta,
}

#[derive(Debug, Deserialize)]
pub struct RunStepDelta {
    pub step_details: Option<StepDetailsDelta>,
}

/// The `step_details` delta union.
#[derive(Debug, Deserialize)]
pub struct StepDetailsDelta {
    pub r#type: RunStepType,
    pub message_creation: Option<MessageCreation>,
    pub tool_calls: Option<Vec<ToolCallDelta>>,
}

/// The `ToolCallDelta` union.
#[derive(Debug, Deserialize)]
pub struct ToolCallDelta {
    pub index: i64,
    pub id: Option<String>,
    pub r#type: ToolCallType,
    pub code_interpreter: Option<CodeInterpreterDelta>,
    pub file_search: Option<Map<String, Value>>,
    pub function: Option<FunctionDelta>,
}

#[derive(Debug, Deserialize)]
pub struct CodeInterpreterDelta {
    pub input: Option<String>,
    pub outputs: Option<Vec<CodeInterpreterOutputDelta>>,
}

#[derive(Debug, Deserialize)]
pub struct CodeInterpreterOutputDelta {
    pub index: i64,
    pub r#type: CodeInterpreterOutputType,
    pub logs: Option<String>,
    pub image: Option<FileRef>,
}

#[derive(Debug, Deserialize)]
pub struct FunctionDelta {
    pub name: Option<String>,
    pub arguments: Option<String>,
    pub output: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// String-or-object unions
// ---------------------------------------------------------------------------------------------

/// `"auto"` or an object: decided by the JSON kind in one pass.
#[derive(Debug)]
pub enum StringOr<T> {
    String(String),
    Object(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StringOr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringOrVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for StringOrVisitor<T> {
            type Value = StringOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an object")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(StringOr::String(value.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(StringOr::Object)
            }
        }
        deserializer.deserialize_any(StringOrVisitor(PhantomData))
    }
}
