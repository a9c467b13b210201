//! The Assistants quickstart: create an assistant, a thread and a message; stream a run and print
//! its text as it arrives; start a second run and poll it to the end; list the thread's messages.
//!
//! Configuration comes from the environment: `OPENAI_API_KEY` (required), `OPENAI_BASE_URL` (to
//! point it at a mock such as Prism) and `QUICKSTART_POLL_TIMEOUT_SECS`, which bounds the polling
//! step (default 120 s).
//!
//!     cargo run -p openai-beta-examples --bin assistants_quickstart

// The Assistants API is deprecated upstream (in favour of the Responses API) but still served;
// the SDK marks its methods `#[deprecated]`, and this example uses them on purpose.
#![allow(deprecated)]

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use futures_util::StreamExt;
use openai_beta::{
    AssistantCreateParams, Client, CodeInterpreterTool, CreateMessageRequest, Error, ListOrder, Message,
    MessageContent, MessageCreateParams, MessageListParams, MessageRole, PollOptions, RunCreateParams, RunStatus,
    ThreadCreateParams,
};

/// How long the polling step waits when `QUICKSTART_POLL_TIMEOUT_SECS` is unset: enough for a
/// code-interpreter run on the real API.
const DEFAULT_POLL_TIMEOUT: Duration = Duration::from_secs(120);

/// The listing stops after this many messages. This thread holds a handful; the cap keeps a
/// server that answers `has_more: true` forever (as a schema-driven mock does) from making the
/// listing endless.
const MAX_LISTED_MESSAGES: usize = 10;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `Display`, not the `Debug` dump that returning the error from `main` would print:
            // it has the server's message and the request id.
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Error> {
    let poll_timeout = poll_timeout()?;
    let client = Client::from_env()?;
    println!("using {}", client.base_url());

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
    println!("[1/6] created assistant {}", assistant.id);

    let threads = client.beta().threads();
    let thread = threads.create(ThreadCreateParams::new()).await?;
    println!("[2/6] created thread {}", thread.id);

    let message = threads
        .messages()
        .create(&thread.id, MessageCreateParams::new(MessageRole::User, "Solve 3x + 11 = 14 for x."))
        .await?;
    println!("[3/6] added user message {}", message.id);

    // A streamed run, keeping only the text of the assistant's answer. A failure of the stream
    // (an `error` event, a body that ends before `[DONE]`, an event that does not decode) ends
    // the example: going on would start a second run while this one may still be active.
    print!("[4/6] streamed answer: ");
    let mut text = threads.runs().create_stream(&thread.id, RunCreateParams::new(&assistant.id)).await?.text_deltas();
    while let Some(piece) = text.next().await {
        print!("{}", piece?);
        // Deltas are pieces of a line; flush so each shows up as it arrives.
        std::io::stdout().flush().ok();
    }
    println!();
    println!("      stream complete ([DONE] received)");

    // The same without streaming, with one more question sent along with the run: create it and
    // poll until it stops (completed, failed, requires_action, ...), up to an overall deadline.
    let params = RunCreateParams::new(&assistant.id)
        .additional_messages(vec![CreateMessageRequest::new(MessageRole::User, "Now solve 2x - 4 = 10.")]);
    let options = PollOptions::new().overall_timeout(poll_timeout);
    match threads.runs().create_and_poll(&thread.id, params, options).await {
        Ok(run) => {
            println!("[5/6] polled run {} to status {}", run.id, run.status);
            if run.status != RunStatus::Completed {
                if let Some(error) = &run.last_error {
                    println!("      last error: {}", error.message);
                }
            }
        }
        // Not a success, but not a broken request either: the run may still finish later. It is
        // reported as what happened and the example goes on to show the thread. (The helper does
        // not return the run on a timeout, so it cannot be cancelled from here.)
        Err(Error::PollTimeout { waited, last_status }) => println!(
            "[5/6] polled run did NOT finish: gave up after {:.1} s with the run still `{last_status}`",
            waited.as_secs_f64()
        ),
        Err(err) => return Err(err),
    }

    // Every message across pages, oldest first: the stream fetches each page when the previous
    // one is used up.
    println!("[6/6] messages on the thread:");
    let mut messages = threads
        .messages()
        .list(&thread.id, MessageListParams::new().order(ListOrder::Asc))
        .into_stream()
        .take(MAX_LISTED_MESSAGES);
    let mut listed = 0;
    while let Some(message) = messages.next().await {
        let message = message?;
        listed += 1;
        println!("      - {} ({}): {}", message.id, message.role, one_line(&message));
    }
    if listed == MAX_LISTED_MESSAGES {
        println!("      (stopped after {MAX_LISTED_MESSAGES} messages)");
    }
    Ok(())
}

/// `QUICKSTART_POLL_TIMEOUT_SECS`, or the default when it is unset or empty (as the SDK treats
/// the `OPENAI_*` variables). A value that is not a number is an error rather than quietly
/// replaced by the default.
fn poll_timeout() -> Result<Duration, Error> {
    match std::env::var("QUICKSTART_POLL_TIMEOUT_SECS").ok().filter(|secs| !secs.trim().is_empty()) {
        None => Ok(DEFAULT_POLL_TIMEOUT),
        Some(secs) => secs.trim().parse().map(Duration::from_secs).map_err(|_| {
            Error::Config(format!("QUICKSTART_POLL_TIMEOUT_SECS must be a whole number of seconds, not `{secs}`"))
        }),
    }
}

/// A message's text blocks on one line; other blocks (images, refusals) by their type.
fn one_line(message: &Message) -> String {
    let parts: Vec<String> = message
        .content
        .iter()
        .map(|block| match block {
            MessageContent::Text(block) => block.text.value.clone(),
            other => format!("[{}]", other.tag().unwrap_or("unknown block")),
        })
        .collect();
    parts.join(" ")
}
