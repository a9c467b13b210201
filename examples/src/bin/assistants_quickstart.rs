//! The Assistants quickstart: create an assistant, a thread and a message; stream a run and
//! print its text as it arrives; run again and poll it to the end; list the thread's messages.
//!
//! Configuration comes from the environment (`OPENAI_API_KEY`, and `OPENAI_BASE_URL` to point it
//! at a mock such as Prism). `QUICKSTART_POLL_TIMEOUT_SECS` bounds the polling step (default
//! 120 s): a mock never finishes a run, the real API does.
//!
//!     cargo run -p openai-beta-examples --bin assistants_quickstart

// The Assistants API is deprecated upstream (in favour of the Responses API) but still served;
// the SDK marks its methods `#[deprecated]`, which this example uses on purpose.
#![allow(deprecated)]

use std::io::Write;
use std::time::Duration;

use futures_util::StreamExt;
use openai_beta::{
    AssistantCreateParams, Client, CodeInterpreterTool, Error, MessageContent, MessageCreateParams, MessageListParams,
    MessageRole, PollOptions, RunCreateParams, ThreadCreateParams,
};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;

    let assistant = client
        .beta()
        .assistants()
        .create(
            AssistantCreateParams::new("gpt-4o")
                .name("Math tutor")
                .instructions("You are a personal math tutor. Write and run code to answer math questions.")
                .tools(vec![CodeInterpreterTool::new().into()]),
        )
        .await?;
    println!("created assistant {}", assistant.id);

    let thread = client.beta().threads().create(ThreadCreateParams::new()).await?;
    println!("created thread {}", thread.id);

    let message = client
        .beta()
        .threads()
        .messages()
        .create(&thread.id, MessageCreateParams::new("Solve 3x + 11 = 14 for x.", MessageRole::User))
        .await?;
    println!("added message {}", message.id);

    // A streamed run: only the text of the assistant's answer, as it arrives.
    print!("streamed answer: ");
    let mut text = client
        .beta()
        .threads()
        .runs()
        .create_stream(&thread.id, RunCreateParams::new(&assistant.id))
        .await?
        .text_deltas();
    while let Some(piece) = text.next().await {
        print!("{}", piece?);
        std::io::stdout().flush().ok();
    }
    println!();

    // The same without streaming: start a run and poll it until it stops (completed, failed,
    // requires_action, ...), giving up after an overall deadline.
    let deadline = std::env::var("QUICKSTART_POLL_TIMEOUT_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(120);
    let options = PollOptions::new().overall_timeout(Duration::from_secs(deadline));
    match client.beta().threads().runs().create_and_poll(&thread.id, RunCreateParams::new(&assistant.id), options).await
    {
        Ok(run) => println!("polled run {} to status {}", run.id, run.status),
        Err(Error::PollTimeout { waited, last_status }) => {
            println!("polled run still `{last_status}` after {waited:?}; stopped at the deadline")
        }
        Err(other) => return Err(other),
    }

    // The newest messages first; `into_stream()` would walk every page instead.
    let page =
        client.beta().threads().messages().list(&thread.id, MessageListParams::new().order("desc").limit(10)).await?;
    println!("messages on the thread ({} on the first page):", page.data.len());
    for message in &page.data {
        let text: Vec<&str> = message
            .content
            .iter()
            .filter_map(|block| match block {
                MessageContent::Text(block) => Some(block.text.value.as_str()),
                _ => None,
            })
            .collect();
        println!("- {} ({}): {}", message.id, message.role, text.join(" "));
    }
    Ok(())
}
