//! An Assistants program written against ours, for the "crate and a program" compile figure: the
//! same calls as `peer.rs` makes with async-openai. It is compiled, never run.

// The Assistants API is deprecated upstream; this program is only compiled, to time the build.
#![allow(deprecated)]

use openai_beta::prelude::*;
use openai_beta::{MessageCreateParams, MessageListParams, MessageRole, RunStepListParams, ThreadCreateParams};

/// Retrieves an assistant, starts a thread with a message, streams a run, lists the messages and
/// the run's steps.
async fn workload() -> Result<usize, Error> {
    let client = Client::from_env()?;
    let beta = client.beta();
    let assistant = beta.assistants().retrieve("asst_1").await?;
    let thread = beta.threads().create(ThreadCreateParams::new()).await?;
    beta.threads().messages().create(&thread.id, MessageCreateParams::new(MessageRole::User, "Hello")).await?;
    let mut events = beta.threads().runs().create_stream(&thread.id, RunCreateParams::new(&*assistant.id)).await?;
    let mut count = 0;
    while let Some(event) = events.next().await {
        event?;
        count += 1;
    }
    let messages = beta.threads().messages().list(&thread.id, MessageListParams::new()).await?;
    let steps = beta.threads().runs().steps().list(&thread.id, "run_1", RunStepListParams::new()).await?;
    Ok(count + messages.data.len() + steps.data.len())
}

fn main() {
    // Boxed as a trait object, so that its `poll` (and everything it calls) is compiled.
    let future: std::pin::Pin<Box<dyn std::future::Future<Output = Result<usize, Error>>>> = Box::pin(workload());
    drop(std::hint::black_box(future));
}
