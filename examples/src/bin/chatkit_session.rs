//! ChatKit: create a session for a user (its client secret is what a browser widget uses), list
//! that user's ChatKit threads, then cancel the session.
//!
//! Configuration comes from the environment (`OPENAI_API_KEY`, and `OPENAI_BASE_URL` to point it
//! at a mock such as Prism); `CHATKIT_WORKFLOW_ID` names the Agent Builder workflow.
//!
//!     cargo run -p openai-beta-examples --bin chatkit_session

use openai_beta::{ChatKitSessionCreateParams, ChatKitThreadListParams, ChatSessionWorkflowParam, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let workflow = std::env::var("CHATKIT_WORKFLOW_ID").unwrap_or_else(|_| "wf_example".to_string());
    let user = "user_123";

    let session = client
        .beta()
        .chatkit()
        .sessions()
        .create(ChatKitSessionCreateParams::new(user, ChatSessionWorkflowParam::new(workflow)))
        .await?;
    // Hand `session.client_secret` to the front end; never log it. The type's `Debug` prints
    // `[redacted]` in its place, so `{session:?}` is safe.
    println!(
        "created session {} for {} (status {}, expires at {})",
        session.id, session.user, session.status, session.expires_at
    );
    println!("client secret: {} characters, kept out of the logs", session.client_secret.len());

    let threads = client.beta().chatkit().threads().list(ChatKitThreadListParams::new().user(user).limit(10)).await?;
    println!("{} ChatKit thread(s) for {user} on the first page", threads.data.len());
    for thread in &threads.data {
        println!("- {} {}", thread.id, thread.title.as_deref().unwrap_or("(untitled)"));
    }

    let cancelled = client.beta().chatkit().sessions().cancel(&session.id).await?;
    println!("cancelled session {} (status {})", cancelled.id, cancelled.status);
    Ok(())
}
