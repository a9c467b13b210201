//! Each contender's decoder for each decode fixture, as plain functions, so that the criterion
//! bench and the `decode-calls` binary (run under callgrind) time exactly the same code.

use serde::de::DeserializeOwned;

use crate::strict;

/// One contender's decoder for one fixture, as a plain function so every contender is timed
/// through the same code path.
pub type Decode = fn(&[u8]) -> Result<(), String>;

/// Ours decodes as the client decodes a response body: `de::from_slice`, the crate's own reader
/// and each type's `Decode`.
fn ours<T: openai_beta::de::Decode>(bytes: &[u8]) -> Result<(), String> {
    openai_beta::de::from_slice::<T>(bytes).map(|value| drop(std::hint::black_box(value))).map_err(|e| e.to_string())
}

/// async-openai and the strict derive decode with plain `serde_json::from_slice`, as async-openai
/// does for response bodies.
fn serde<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(bytes).map(|value| drop(std::hint::black_box(value))).map_err(|e| e.to_string())
}

/// The contenders for `fixture` (a name from [`crate::fixtures::decode_fixtures`]): ours, async-openai,
/// the strict derive.
pub fn contenders(fixture: &str) -> [(&'static str, Decode); 3] {
    use async_openai::types::assistants as peer;
    match fixture {
        "messages_list_100" => [
            ("ours", ours::<openai_beta::CursorPage<openai_beta::Message>>),
            ("async-openai", serde::<peer::ListMessagesResponse>),
            ("strict-serde", serde::<strict::Page<strict::Message>>),
        ],
        "run_steps_list_100" => [
            ("ours", ours::<openai_beta::CursorPage<openai_beta::RunStep>>),
            ("async-openai", serde::<peer::ListRunStepsResponse>),
            ("strict-serde", serde::<strict::Page<strict::RunStep>>),
        ],
        "run" => [
            ("ours", ours::<openai_beta::Run>),
            ("async-openai", serde::<peer::RunObject>),
            ("strict-serde", serde::<strict::Run>),
        ],
        // Every event fixture is a `{"event", "data"}` envelope; each contender's event union
        // decodes it whole.
        _ => [
            ("ours", ours::<openai_beta::AssistantStreamEvent>),
            ("async-openai", serde::<peer::AssistantStreamEvent>),
            ("strict-serde", serde::<strict::AssistantStreamEvent>),
        ],
    }
}
