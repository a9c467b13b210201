//! Runs the examples as a user would, against the Prism mock of `spec/openapi.yaml` (started by
//! `scripts/with-prism.sh`, which exports `PRISM_URL`), and checks that every step ran.

use std::process::Command;

fn run(binary: &str, extra_env: &[(&str, &str)]) -> String {
    let url = std::env::var("PRISM_URL")
        .expect("PRISM_URL is not set: run these tests through scripts/with-prism.sh (scripts/test.sh does)");
    let output = Command::new(binary)
        .env("OPENAI_BASE_URL", url)
        .env("OPENAI_API_KEY", "sk-example")
        .envs(extra_env.iter().copied())
        .output()
        .expect("the example starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{binary} failed: {}\nstdout:\n{stdout}\nstderr:\n{stderr}", output.status);
    stdout
}

#[test]
fn assistants_quickstart_runs_every_step() {
    let out = run(env!("CARGO_BIN_EXE_assistants_quickstart"), &[("QUICKSTART_POLL_TIMEOUT_SECS", "2")]);
    for step in ["created assistant ", "created thread ", "added message ", "messages on the thread"] {
        assert!(out.contains(step), "missing `{step}` in:\n{out}");
    }
    // The spec's example event stream, which Prism serves, carries this text in two deltas.
    assert!(out.contains("streamed answer: Hello from the mock."), "{out}");
    // Prism answers every retrieve with the schema's first status (`queued`), so polling stops
    // at the deadline; against the real API the run completes.
    assert!(out.contains("polled run "), "{out}");
}

#[test]
fn chatkit_session_runs_every_step() {
    let out = run(env!("CARGO_BIN_EXE_chatkit_session"), &[]);
    for step in ["created session ", "ChatKit thread(s) for user_123", "cancelled session "] {
        assert!(out.contains(step), "missing `{step}` in:\n{out}");
    }
    assert!(!out.contains("pa$$word"), "the client secret Prism sends must not be printed:\n{out}");
}
