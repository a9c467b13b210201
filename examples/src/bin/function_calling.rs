//! Function calling on a streamed run: the assistant may call `get_weather`; the handler answers,
//! the SDK submits the outputs, and the run's text keeps streaming in the same loop.
//!
//! Configuration comes from the environment: `OPENAI_API_KEY` (required) and `OPENAI_BASE_URL`
//! (to point it at a mock such as Prism).
//!
//!     cargo run -p openai-beta-examples --bin function_calling

// The Assistants API is deprecated upstream (in favour of the Responses API) but still served.
#![allow(deprecated)]

use std::process::ExitCode;
use std::time::Duration;

use openai_beta::prelude::*;
use openai_beta::serde_json;
use openai_beta::{FunctionDefinition, FunctionTool, MessageRole, ToolOutput};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Error> {
    let client = Client::from_env()?;
    let get_weather = FunctionDefinition::new("get_weather")
        .description("The weather in a city, now.")
        .parameters(json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}));
    let tools = vec![FunctionTool::new(get_weather).into()];
    let assistant = client.beta().assistants().create(AssistantCreateParams::new("gpt-4o").tools(tools)).await?;
    let thread = client.beta().threads().create(ThreadCreateParams::new()).await?;
    let question = MessageCreateParams::new(MessageRole::User, "What's the weather in Paris?");
    client.beta().threads().messages().create(&thread.id, question).await?;

    let mut run = client
        .beta()
        .threads()
        .runs()
        .stream(&thread.id, RunCreateParams::new(&assistant.id))
        .await?
        .on_tool_calls(|calls| async move {
            Ok(calls
                .iter()
                .map(|call| ToolOutput::new().tool_call_id(&call.id).output(weather(&call.function.arguments)))
                .collect())
        })
        .deadline(Duration::from_secs(120));
    while let Some(event) = run.next().await {
        if let Some(text) = event?.text_delta() {
            print!("{text}");
        }
    }
    println!("\nrun ended: {:?}", run.final_run()?.map(|run| run.status));
    Ok(())
}

/// The answer to one `get_weather` call; its arguments are the JSON the model wrote.
fn weather(arguments: &str) -> String {
    let city = serde_json::from_str::<Value>(arguments).ok().and_then(|args| args["city"].as_str().map(str::to_owned));
    format!("22°C and sunny in {}", city.as_deref().unwrap_or("that city"))
}
