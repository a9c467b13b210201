//! ChatKit: create a session for a user (its client secret is what a browser widget uses), list
//! that user's ChatKit threads, then cancel the session.
//!
//! Configuration comes from the environment: `OPENAI_API_KEY` (required), `OPENAI_BASE_URL` (to
//! point it at a mock such as Prism) and `CHATKIT_WORKFLOW_ID`, the Agent Builder workflow the
//! session runs (the real API rejects the placeholder used when it is unset).
//!
//!     cargo run -p openai-beta-examples --bin chatkit_session

use std::process::ExitCode;

use openai_beta::{ChatKitSessionCreateParams, ChatKitThreadListParams, ChatSessionWorkflowParam, Client, Error};

const USER: &str = "user_123";

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
    let client = Client::from_env()?;
    println!("using {}", client.base_url());
    // Empty counts as unset, as the SDK does for the `OPENAI_*` variables.
    let workflow = std::env::var("CHATKIT_WORKFLOW_ID")
        .ok()
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| "wf_example".into());
    let chatkit = client.beta().chatkit();

    let session = chatkit
        .sessions()
        .create(ChatKitSessionCreateParams::new(ChatSessionWorkflowParam::new(workflow), USER))
        .await?;
    println!(
        "[1/3] created session {} for {} (status {}, expires at {} Unix time)",
        session.id, session.user, session.status, session.expires_at
    );
    // `client_secret` is a credential: hand it to the front end, never log it. `ChatSession`'s
    // `Debug` prints `[redacted]` in its place, so `{session:?}` is safe to log.
    println!("      client secret received ({} characters, not shown)", session.client_secret.len());

    // The first page only: enough to show the user's recent threads. `into_stream()` on the
    // request (or `next_page()` on the page) walks the rest.
    let threads = chatkit.threads().list(ChatKitThreadListParams::new().user(USER).limit(10)).await?;
    println!("[2/3] {} ChatKit thread(s) for {USER} on the first page:", threads.data.len());
    for thread in &threads.data {
        let status = thread.status.tag().unwrap_or("unknown");
        println!("      - {} [{status}] {}", thread.id, thread.title.as_deref().unwrap_or("(untitled)"));
    }
    if threads.has_next_page() {
        println!("      (more on later pages)");
    }

    let cancelled = chatkit.sessions().cancel(&session.id).await?;
    println!("[3/3] cancelled session {} (status now {})", cancelled.id, cancelled.status);
    Ok(())
}
