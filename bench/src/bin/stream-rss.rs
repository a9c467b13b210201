//! `stream-rss <megabytes>`: consumes a run stream of about that many megabytes with our client
//! from a loopback server, then prints the process's peak resident set size (VmHWM).
//!
//! Run at two sizes: if the client holds only the current event, the peak is the same. The
//! server produces the stream while sending it, so its own memory does not grow either.

use std::process::ExitCode;
use std::time::Instant;

use openai_beta_bench::contenders;
use openai_beta_bench::fixtures::{message_delta, run, sse_event};
use openai_beta_bench::server::{Body, Reply, Server};

fn main() -> ExitCode {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let Ok(megabytes) = arg.parse::<usize>() else {
        eprintln!("usage: stream-rss <megabytes>");
        return ExitCode::from(2);
    };
    let head = sse_event("thread.run.created", &run(1, "queued"));
    let pattern = sse_event("thread.message.delta", &message_delta(1, false));
    let tail = b"event: done\ndata: [DONE]\n\n".to_vec();
    let count = (megabytes * 1_000_000).saturating_sub(head.len() + tail.len()) / pattern.len();
    let total = head.len() + pattern.len() * count + tail.len();
    let server = match Server::start(Reply {
        content_type: "text/event-stream",
        body: Body::Repeated { head, pattern, count, tail },
    }) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start a runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let before_kb = peak_rss_kb();
    let started = Instant::now();
    let result = runtime.block_on(async {
        let client = contenders::ours(&server.base_url())?;
        contenders::stream_ours(&client).await
    });
    let secs = started.elapsed().as_secs_f64();
    match result {
        Ok(events) => {
            println!(
                "rss bytes={total} events={events} secs={secs:.3} vmhwm_before_kb={} vmhwm_kb={}",
                before_kb.unwrap_or(0),
                peak_rss_kb().unwrap_or(0)
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `VmHWM` from `/proc/self/status`: the peak resident set size so far, in KiB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
