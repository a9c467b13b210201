//! The same operations done by each contender, so that benches and helper binaries time exactly
//! the same calls: building a client against a loopback base URL, `assistants.retrieve`, and
//! consuming a run stream to the end.
// OpenAI deprecated the Assistants API and both SDKs mark it so; it is what is benchmarked.
#![allow(deprecated)]

use async_openai::config::OpenAIConfig;
use async_openai::types::assistants::CreateRunRequestArgs;
use futures_util::StreamExt;
use openai_beta::RunCreateParams;

/// What can go wrong in a contender's call; a benchmark stops on it (the input is known good).
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("openai-beta: {0}")]
    Ours(#[from] openai_beta::Error),
    #[error("async-openai: {0}")]
    AsyncOpenAi(#[from] async_openai::error::OpenAIError),
    #[error("reqwest: {0}")]
    Reqwest(#[from] reqwest::Error),
    #[error("serde_json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Our client, without retries (every contender makes exactly one attempt).
pub fn ours(base_url: &str) -> Result<openai_beta::Client, CallError> {
    Ok(openai_beta::Client::builder().api_key("sk-bench").base_url(base_url).max_retries(0).build()?)
}

/// Our client without its default 600 s per-attempt timeout, which async-openai and plain
/// reqwest do not have: the timer it arms on every request is a visible part of the overhead.
pub fn ours_no_timeout(base_url: &str) -> Result<openai_beta::Client, CallError> {
    Ok(openai_beta::Client::builder().api_key("sk-bench").base_url(base_url).max_retries(0).no_timeout().build()?)
}

/// async-openai's client with its defaults (it retries only on 429, which never comes here).
pub fn async_openai(base_url: &str) -> async_openai::Client<OpenAIConfig> {
    async_openai::Client::with_config(OpenAIConfig::new().with_api_base(base_url).with_api_key("sk-bench"))
}

/// A plain reqwest client: the baseline with no SDK.
pub fn plain() -> Result<reqwest::Client, CallError> {
    Ok(reqwest::Client::builder().build()?)
}

pub async fn retrieve_ours(client: &openai_beta::Client) -> Result<openai_beta::Assistant, CallError> {
    Ok(client.beta().assistants().retrieve("asst_1").await?)
}

pub async fn retrieve_async_openai(
    client: &async_openai::Client<OpenAIConfig>,
) -> Result<async_openai::types::assistants::AssistantObject, CallError> {
    Ok(client.assistants().retrieve("asst_1").await?)
}

/// What a user without an SDK writes: the same headers, one GET, a strict typed decode.
pub async fn retrieve_plain(client: &reqwest::Client, base_url: &str) -> Result<crate::strict::Assistant, CallError> {
    let response = client
        .get(format!("{base_url}/assistants/asst_1"))
        .bearer_auth("sk-bench")
        .header("OpenAI-Beta", "assistants=v2")
        .send()
        .await?
        .error_for_status()?;
    let body = response.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

/// Starts a run stream with our client and decodes every event; returns how many.
pub async fn stream_ours(client: &openai_beta::Client) -> Result<usize, CallError> {
    let mut events = client.beta().threads().runs().create_stream("thread_1", RunCreateParams::new("asst_1")).await?;
    let mut count = 0;
    while let Some(event) = events.next().await {
        std::hint::black_box(event?);
        count += 1;
    }
    Ok(count)
}

/// The same with async-openai.
pub async fn stream_async_openai(client: &async_openai::Client<OpenAIConfig>) -> Result<usize, CallError> {
    let request = CreateRunRequestArgs::default().assistant_id("asst_1").build()?;
    let mut events = client.threads().runs("thread_1").create_stream(request).await?;
    let mut count = 0;
    while let Some(event) = events.next().await {
        std::hint::black_box(event?);
        count += 1;
    }
    Ok(count)
}

/// async-openai's own decoding pipeline without HTTP: its SSE parser (`eventsource-stream`) over
/// the bytes in memory, then its `TryFrom<Event>` per event, as its client does after the
/// response arrives. (Ours has no public SSE decoder; its figure always includes the loopback.)
pub async fn stream_async_openai_in_memory(body: &[u8]) -> Result<usize, CallError> {
    use async_openai::types::assistants::AssistantStreamEvent;
    use eventsource_stream::Eventsource;

    let mut events = futures_util::stream::iter([Ok::<_, std::io::Error>(body)]).eventsource();
    let mut count = 0;
    while let Some(event) = events.next().await {
        let Ok(event) = event else { continue };
        if event.data == "[DONE]" {
            break;
        }
        std::hint::black_box(AssistantStreamEvent::try_from(event)?);
        count += 1;
    }
    Ok(count)
}
