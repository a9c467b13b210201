//! The program of `ours.rs`, written against async-openai 0.41.3. It is compiled, never run.

// The Assistants API is deprecated upstream; this program is only compiled, to time the build.
#![allow(deprecated)]

use async_openai::error::OpenAIError;
use async_openai::types::assistants::{
    CreateMessageRequestArgs, CreateRunRequestArgs, CreateThreadRequestArgs, MessageRole,
};
use futures_util::StreamExt;

/// Retrieves an assistant, starts a thread with a message, streams a run, lists the messages and
/// the run's steps.
async fn workload() -> Result<usize, OpenAIError> {
    let client = async_openai::Client::new();
    let assistant = client.assistants().retrieve("asst_1").await?;
    let thread = client.threads().create(CreateThreadRequestArgs::default().build()?).await?;
    let message = CreateMessageRequestArgs::default().role(MessageRole::User).content("Hello").build()?;
    client.threads().messages(&thread.id).create(message).await?;
    let run = CreateRunRequestArgs::default().assistant_id(assistant.id).build()?;
    let mut events = client.threads().runs(&thread.id).create_stream(run).await?;
    let mut count = 0;
    while let Some(event) = events.next().await {
        event?;
        count += 1;
    }
    let messages = client.threads().messages(&thread.id).list().await?;
    let steps = client.threads().runs(&thread.id).steps("run_1").list().await?;
    Ok(count + messages.data.len() + steps.data.len())
}

fn main() {
    // Boxed as a trait object, so that its `poll` (and everything it calls) is compiled.
    let future: std::pin::Pin<Box<dyn std::future::Future<Output = Result<usize, OpenAIError>>>> = Box::pin(workload());
    drop(std::hint::black_box(future));
}
