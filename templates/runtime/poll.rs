//! Polling helpers for runs: wait until a run reaches a terminal status.
//!
//! Its functions are `#[inline]`, like the generated code: compiled in the programs that use the
//! run helpers, not in every build of the crate (see the generator's `emit/inline.rs`).

use std::time::Duration;

use reqwest::header::HeaderMap;
use tokio::time::Instant;

use super::error::Error;
use super::options::{instant_after, RequestOptions};
use crate::{Run, RunCreateParams, RunStatus, RunSubmitToolOutputsParams, Runs, ThreadCreateAndRunParams, Threads};

/// Used between polls when neither the caller nor the server (`openai-poll-after-ms`) says
/// otherwise.
const DEFAULT_INTERVAL: Duration = Duration::from_millis(1000);
/// A server-suggested interval is clamped to this, so a bad header cannot stall the loop.
const MAX_SERVER_INTERVAL: Duration = Duration::from_secs(60);
/// No interval, the caller's or the server's, is shorter: `openai-poll-after-ms: 0` would
/// otherwise turn polling into a hot loop of requests.
const MIN_INTERVAL: Duration = Duration::from_millis(100);
/// How long the helpers poll when the caller sets no overall timeout. Runs expire after 10
/// minutes in the API, so this only ends the wait for a run the server lost track of.
const DEFAULT_OVERALL_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// Options for the polling helpers (`Runs::poll`, `Runs::create_and_poll`, ...).
///
/// ```
/// use std::time::Duration;
/// let opts = openai_beta::PollOptions::new()
///     .interval(Duration::from_millis(500))
///     .overall_timeout(Duration::from_secs(120));
/// ```
#[derive(Clone, Debug, Default)]
pub struct PollOptions {
    interval: Option<Duration>,
    overall_timeout: Option<Duration>,
    request_options: RequestOptions,
}

impl PollOptions {
    /// Defaults: the server's `openai-poll-after-ms` hint (at least 100 ms, at most 60 s) or 1 s
    /// between polls, and an overall timeout of 15 minutes (runs expire after 10).
    pub fn new() -> Self {
        Self::default()
    }

    /// Waits this long between polls (at least 100 ms), ignoring the server's hint.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// Gives up with [`Error::PollTimeout`] once this much time has passed since the helper
    /// started (including the create call of `*_and_poll`); a request in flight at that moment
    /// is abandoned. Without this, the helpers stop after 15 minutes, checked between polls;
    /// `Duration::MAX` waits for as long as it takes.
    pub fn overall_timeout(mut self, timeout: Duration) -> Self {
        self.overall_timeout = Some(timeout);
        self
    }

    /// Options applied to every request the helper sends (the create call and each poll).
    pub fn request_options(mut self, options: RequestOptions) -> Self {
        self.request_options = options;
        self
    }
}

/// The wire string of a status, for [`Error::PollTimeout`].
#[inline]
fn status_text(status: &RunStatus) -> String {
    status.as_str().to_owned()
}

/// The server's suggested interval.
#[inline]
fn poll_after(headers: &HeaderMap) -> Option<Duration> {
    let ms = headers.get("openai-poll-after-ms")?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_millis(ms).min(MAX_SERVER_INTERVAL))
}

// The Assistants operations are deprecated by the API; the helpers built on them say so in their
// docs instead of adding a second warning at every call site.
#[allow(deprecated)]
impl<'a> Runs<'a> {
    /// Retrieves the run until its status is terminal (`requires_action`, `cancelled`,
    /// `completed`, `failed`, `expired` or `incomplete`) and returns it. Unknown statuses keep
    /// polling.
    #[inline]
    pub async fn poll(&self, thread_id: &str, run_id: &str, options: PollOptions) -> Result<Run, Error> {
        self.poll_since(thread_id, run_id, &options, Instant::now()).await
    }

    /// Creates a run and polls it to a terminal status.
    #[inline]
    pub async fn create_and_poll(
        &self,
        thread_id: &str,
        params: RunCreateParams,
        options: PollOptions,
    ) -> Result<Run, Error> {
        let started = Instant::now();
        let request = self.create(thread_id, params).with_options(options.request_options.clone());
        let run = within_deadline(Deadline::of(&options, started), started, String::new(), request).await?;
        if run.status.is_terminal() {
            return Ok(run);
        }
        self.poll_since(thread_id, &run.id, &options, started).await
    }

    /// Submits tool outputs and polls the run to a terminal status.
    #[inline]
    pub async fn submit_tool_outputs_and_poll(
        &self,
        thread_id: &str,
        run_id: &str,
        params: RunSubmitToolOutputsParams,
        options: PollOptions,
    ) -> Result<Run, Error> {
        let started = Instant::now();
        let request = self.submit_tool_outputs(thread_id, run_id, params).with_options(options.request_options.clone());
        let run = within_deadline(Deadline::of(&options, started), started, String::new(), request).await?;
        if run.status.is_terminal() {
            return Ok(run);
        }
        self.poll_since(thread_id, run_id, &options, started).await
    }

    #[inline]
    async fn poll_since(
        &self,
        thread_id: &str,
        run_id: &str,
        options: &PollOptions,
        started: Instant,
    ) -> Result<Run, Error> {
        let deadline = Deadline::of(options, started);
        let mut request_options = options.request_options.clone().header("X-Stainless-Poll-Helper", "true");
        if let Some(interval) = options.interval {
            request_options =
                request_options.header("X-Stainless-Custom-Poll-Interval", interval.as_millis().to_string());
        }
        let mut last_status = String::new();
        loop {
            let request = self.retrieve(thread_id, run_id).with_options(request_options.clone()).send_raw();
            let raw = within_deadline(deadline, started, last_status, request).await?;
            if raw.body.status.is_terminal() {
                return Ok(raw.body);
            }
            last_status = status_text(&raw.body.status);
            let wait =
                options.interval.or_else(|| poll_after(&raw.headers)).unwrap_or(DEFAULT_INTERVAL).max(MIN_INTERVAL);
            tracing::debug!(status = %last_status, wait_ms = wait.as_millis() as u64, "run not finished; polling again");
            tokio::time::sleep_until(instant_after(Instant::now(), wait).min(deadline.at)).await;
            if Instant::now() >= deadline.at {
                return Err(poll_timeout(started, last_status));
            }
        }
    }
}

#[allow(deprecated)]
impl<'a> Threads<'a> {
    /// Creates a thread and a run on it, and polls the run to a terminal status.
    #[inline]
    pub async fn create_and_run_poll(
        &self,
        params: ThreadCreateAndRunParams,
        options: PollOptions,
    ) -> Result<Run, Error> {
        let started = Instant::now();
        let request = self.create_and_run(params).with_options(options.request_options.clone());
        let run = within_deadline(Deadline::of(&options, started), started, String::new(), request).await?;
        if run.status.is_terminal() {
            return Ok(run);
        }
        self.runs().poll_since(&run.thread_id, &run.id, &options, started).await
    }
}

/// When the helper gives up.
#[derive(Clone, Copy)]
struct Deadline {
    at: Instant,
    /// Set by the caller: a request in flight at that moment is abandoned. The default deadline
    /// is only checked between polls; each request is bounded by its own timeout.
    abandons_requests: bool,
}

impl Deadline {
    #[inline]
    fn of(options: &PollOptions, started: Instant) -> Deadline {
        Deadline {
            at: instant_after(started, options.overall_timeout.unwrap_or(DEFAULT_OVERALL_TIMEOUT)),
            abandons_requests: options.overall_timeout.is_some(),
        }
    }
}

/// Awaits `request`, abandoning it at a deadline the caller set.
async fn within_deadline<T>(
    deadline: Deadline,
    started: Instant,
    last_status: String,
    request: impl std::future::IntoFuture<Output = Result<T, Error>>,
) -> Result<T, Error> {
    if !deadline.abandons_requests {
        return request.await;
    }
    tokio::time::timeout_at(deadline.at, request.into_future())
        .await
        .unwrap_or_else(|_| Err(poll_timeout(started, last_status)))
}

#[inline]
fn poll_timeout(started: Instant, last_status: String) -> Error {
    Error::PollTimeout { waited: started.elapsed(), last_status }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn terminal_statuses() {
        for s in [
            RunStatus::RequiresAction,
            RunStatus::Cancelled,
            RunStatus::Completed,
            RunStatus::Failed,
            RunStatus::Expired,
            RunStatus::Incomplete,
        ] {
            assert!(s.is_terminal(), "{s:?}");
        }
        for s in [RunStatus::Queued, RunStatus::InProgress, RunStatus::Cancelling, RunStatus::Unknown("paused".into())]
        {
            assert!(!s.is_terminal(), "{s:?}");
        }
        assert_eq!(status_text(&RunStatus::InProgress), "in_progress");
    }

    #[test]
    fn poll_after_header() {
        let mut h = HeaderMap::new();
        assert_eq!(poll_after(&h), None);
        h.insert("openai-poll-after-ms", HeaderValue::from_static("250"));
        assert_eq!(poll_after(&h), Some(Duration::from_millis(250)));
        h.insert("openai-poll-after-ms", HeaderValue::from_static("999999999"));
        assert_eq!(poll_after(&h), Some(MAX_SERVER_INTERVAL));
        h.insert("openai-poll-after-ms", HeaderValue::from_static("soon"));
        assert_eq!(poll_after(&h), None);
    }
}
