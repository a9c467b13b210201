//! Runs the examples as a user would, against the Prism mock of `spec/openapi.yaml` (started by
//! `scripts/with-prism.sh`, which exports `PRISM_URL`), and checks what each step printed.
//!
//! Prism answers from the spec: the streamed run replays the spec's example event stream, every
//! run it returns is `queued` (the first status of the enum), and every list page is the same
//! example page, which says `has_more`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Far above a normal run (a few seconds); it exists so that a hung example fails the test
/// instead of hanging the suite.
const EXAMPLE_DEADLINE: Duration = Duration::from_secs(60);

/// Runs `binary` against Prism with `extra_env`, requires it to succeed, and returns its stdout.
fn run(binary: &str, extra_env: &[(&str, &str)]) -> String {
    let url = std::env::var("PRISM_URL")
        .expect("PRISM_URL is not set: run these tests through scripts/with-prism.sh (scripts/test.sh does)");
    let mut child = Command::new(binary)
        .env("OPENAI_BASE_URL", url)
        .env("OPENAI_API_KEY", "sk-example")
        // The developer's own settings must not leak into the run.
        .env_remove("OPENAI_ORG_ID")
        .env_remove("OPENAI_PROJECT_ID")
        .envs(extra_env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));

    // Read both pipes on their own threads, so a child that fills one cannot block while this
    // thread waits on it.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).map(|_| text)
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr is piped")));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the example") {
            break Some(status);
        }
        if started.elapsed() > EXAMPLE_DEADLINE {
            // Our own child, by handle; its pipes then close and the readers finish.
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        thread::sleep(Duration::from_millis(50));
    };
    let stdout = stdout.join().expect("stdout reader").expect("stdout is UTF-8");
    let stderr = stderr.join().expect("stderr reader").expect("stderr is UTF-8");
    match status {
        Some(status) => {
            assert!(status.success(), "{binary} failed ({status})\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }
        None => panic!("{binary} did not finish within {EXAMPLE_DEADLINE:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"),
    }
    println!("{binary} took {:.1} s:\n{stdout}", started.elapsed().as_secs_f64());
    stdout
}

fn assert_contains(out: &str, expected: &str) {
    assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
}

#[test]
fn assistants_quickstart_runs_every_step() {
    let out = run(env!("CARGO_BIN_EXE_assistants_quickstart"), &[("QUICKSTART_POLL_TIMEOUT_SECS", "2")]);
    for step in ["[1/6] created assistant ", "[2/6] created thread ", "[3/6] added user message "] {
        assert_contains(&out, step);
    }
    // The spec's example event stream, which Prism replays, carries this text in two deltas and
    // ends with `[DONE]`.
    assert_contains(&out, "[4/6] streamed answer: Hello from the mock.\n");
    assert_contains(&out, "stream complete ([DONE] received)");
    // Every run Prism returns is `queued`, so polling reaches its deadline; the example says so
    // instead of claiming the run finished.
    assert_contains(&out, "[5/6] polled run did NOT finish: gave up after ");
    assert_contains(&out, "with the run still `queued`");
    // The listing walks pages through the stream. Prism builds the page from the schema of
    // `ListMessagesResponse` (upstream has no example): one message, and the listing ends on its
    // own (no more pages, or the same cursor again) well before the example's own cap.
    assert_contains(&out, "[6/6] messages on the thread:");
    let listed = out.lines().filter(|line| line.starts_with("      - ")).count();
    assert_eq!(listed, 1, "expected the one message of Prism's page in:\n{out}");
    assert!(!out.contains("(stopped after"), "the cap must not be what ends the listing:\n{out}");
}

#[test]
fn chatkit_session_runs_every_step() {
    let out = run(env!("CARGO_BIN_EXE_chatkit_session"), &[]);
    for step in ["[1/3] created session ", "client secret received", "[2/3] ", "[3/3] cancelled session "] {
        assert_contains(&out, step);
    }
    assert_contains(&out, "ChatKit thread(s) for user_123 on the first page");
    // `pa$$word` is the `format: password` example Prism puts in `client_secret`.
    assert!(!out.contains("pa$$word"), "the client secret must not be printed:\n{out}");
}

#[test]
fn function_calling_streams_the_run_to_its_end() {
    let out = run(env!("CARGO_BIN_EXE_function_calling"), &[]);
    // Prism replays the spec's example stream: its text in two deltas, then the completed run.
    // (The example stream asks for no tool, so the handler is not called here; the SDK's tests
    // cover a `requires_action` round trip.)
    assert_contains(&out, "Hello from the mock.\n");
    assert_contains(&out, "run ended: Some(");
}
