//! A streamed run with its snapshot kept current and its tool calls answered in the same loop:
//! the Rust counterpart of the official SDKs' `runs.stream(...)` with an event handler,
//! `until_done()` and `get_final_run()`.
//!
//! The functions that reach the generated types (decoding events, runs and messages) are
//! `#[inline]`, like the generated code itself: compiled in the programs that call them, not in
//! every build of the crate (see the generator's `emit/inline.rs`).

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use futures_util::StreamExt;
use tokio::time::Instant;

use super::accumulate::RunAccumulator;
use super::body_timer::Deadline;
use super::client::Client;
use super::error::Error;
use super::options::instant_after;
use super::request::BoxFuture;
use super::stream::EventStream;
use crate::{
    AssistantStreamEvent, Message, RequiredActionFunctionToolCall, Run, RunCreateParams, RunSubmitToolOutputsParams,
    Runs, ToolOutput,
};

type Events = EventStream<AssistantStreamEvent>;

/// Answers the function calls of a `requires_action` event with one output per call.
type ToolHandler =
    Box<dyn FnMut(Vec<RequiredActionFunctionToolCall>) -> BoxFuture<Result<Vec<ToolOutput>, Error>> + Send>;

/// A run's events as a [`Stream`], with the run, its messages and its text kept current as they
/// arrive, and, with [`RunStream::on_tool_calls`], function calls answered and their outputs
/// submitted (`submit_tool_outputs_stream`) without leaving the loop.
///
/// Iterate it to see every event (text deltas with [`AssistantStreamEvent::text_delta`]), or
/// call [`RunStream::until_done`] and read the final state.
///
/// ```no_run
/// # async fn demo(client: openai_beta::Client) -> Result<(), openai_beta::Error> {
/// # #![allow(deprecated)]
/// use openai_beta::prelude::*;
/// use openai_beta::ToolOutput;
///
/// let mut run = client
///     .beta()
///     .threads()
///     .runs()
///     .stream("thread_abc", RunCreateParams::new("asst_abc"))
///     .await?
///     .on_tool_calls(|calls| async move {
///         Ok(calls.iter().map(|call| ToolOutput::new().tool_call_id(&call.id).output("22C")).collect())
///     });
/// while let Some(event) = run.next().await {
///     if let Some(text) = event?.text_delta() {
///         print!("{text}");
///     }
/// }
/// println!("\nfinal status: {:?}", run.final_run()?.map(|r| r.status));
/// # Ok(()) }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct RunStream {
    client: Client,
    events: Option<Events>,
    /// Tool outputs being computed and submitted; yields the stream that continues the run.
    continuing: Option<BoxFuture<Result<Events, Error>>>,
    on_tool_calls: Option<ToolHandler>,
    snapshot: RunAccumulator,
    text: String,
    deadline: Option<Deadline>,
    finished: bool,
}

impl RunStream {
    /// Follows `events`, a run's stream from any `*_stream` method (`create_stream`,
    /// `create_and_run_stream`, `submit_tool_outputs_stream`).
    #[inline]
    pub fn new(client: &Client, mut events: EventStream<AssistantStreamEvent>) -> Self {
        events.keep_raw();
        RunStream {
            client: client.clone(),
            events: Some(events),
            continuing: None,
            on_tool_calls: None,
            snapshot: RunAccumulator::new(),
            text: String::new(),
            deadline: None,
            finished: false,
        }
    }

    /// Answers each `requires_action` with `handler`: it gets the run's function calls and
    /// returns one [`ToolOutput`] per call (with the call's `tool_call_id`); the outputs are
    /// submitted and the run's events continue in this stream. An error from the handler ends
    /// the stream with that error.
    pub fn on_tool_calls<F, Fut>(mut self, mut handler: F) -> Self
    where
        F: FnMut(Vec<RequiredActionFunctionToolCall>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Vec<ToolOutput>, Error>> + Send + 'static,
    {
        self.on_tool_calls = Some(Box::new(move |calls| Box::pin(handler(calls))));
        self
    }

    /// Ends the stream with [`Error::Timeout`] once `limit` has passed from now, however many
    /// tool-call rounds the run takes.
    pub fn deadline(mut self, limit: Duration) -> Self {
        self.deadline = Some(Deadline::at(instant_after(Instant::now(), limit), limit));
        self
    }

    /// Reads the rest of the run (answering tool calls, if a handler is set); the first error
    /// ends it.
    #[inline]
    pub async fn until_done(&mut self) -> Result<(), Error> {
        while let Some(event) = self.next().await {
            event?;
        }
        Ok(())
    }

    /// The run, messages and run steps as far as the stream has gone.
    pub fn snapshot(&self) -> &RunAccumulator {
        &self.snapshot
    }

    /// The text of every message delta so far, in order.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The run as of the last run event.
    #[inline]
    pub fn final_run(&self) -> Result<Option<Run>, Error> {
        self.snapshot.final_run()
    }

    /// Every message of the run, in order of creation.
    #[inline]
    pub fn final_messages(&self) -> Result<Vec<Message>, Error> {
        self.snapshot.final_messages()
    }

    /// The text of every message delta of the run; the same as [`RunStream::text`] once the
    /// stream has ended.
    pub fn final_text(&self) -> &str {
        &self.text
    }

    /// Starts answering a `requires_action` event: the handler's outputs, submitted.
    #[inline]
    fn continue_after(&mut self, run: &Run) -> Option<BoxFuture<Result<Events, Error>>> {
        let handler = self.on_tool_calls.as_mut()?;
        let calls = run.required_action.as_ref()?.submit_tool_outputs.tool_calls.clone();
        let outputs = handler(calls);
        let (client, thread_id, run_id) = (self.client.clone(), run.thread_id.clone(), run.id.clone());
        Some(Box::pin(async move {
            let outputs = outputs.await?;
            let params = RunSubmitToolOutputsParams::new(outputs);
            #[allow(deprecated)]
            let request = Runs::new(&client).submit_tool_outputs_stream(&thread_id, &run_id, params);
            request.into_future().await
        }))
    }

    fn finish(&mut self) {
        self.finished = true;
        self.events = None;
        self.continuing = None;
        if let Some(deadline) = &mut self.deadline {
            deadline.stop();
        }
    }
}

impl Unpin for RunStream {}

impl Stream for RunStream {
    type Item = Result<AssistantStreamEvent, Error>;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        if let Some(err) = this.deadline.as_mut().and_then(|deadline| deadline.poll_passed(cx)) {
            this.finish();
            return Poll::Ready(Some(Err(err)));
        }
        if let Some(continuing) = this.continuing.as_mut() {
            match std::task::ready!(continuing.as_mut().poll(cx)) {
                Ok(mut events) => {
                    events.keep_raw();
                    this.continuing = None;
                    this.events = Some(events);
                }
                Err(err) => {
                    this.finish();
                    return Poll::Ready(Some(Err(err)));
                }
            }
        }
        let Some(events) = this.events.as_mut() else {
            this.finish();
            return Poll::Ready(None);
        };
        let event = match std::task::ready!(events.poll_next_unpin(cx)) {
            None => {
                this.finish();
                return Poll::Ready(None);
            }
            Some(Err(err)) => return Poll::Ready(Some(Err(err))),
            Some(Ok(event)) => event,
        };
        if let Err(err) = this.snapshot.push_kept(events) {
            return Poll::Ready(Some(Err(err)));
        }
        if let Some(text) = event.text_delta() {
            this.text.push_str(&text);
        }
        if let AssistantStreamEvent::ThreadRunRequiresAction(action) = &event {
            if let Some(continuing) = this.continue_after(&action.data) {
                // The server ends this stream after `requires_action`; the run goes on in the
                // stream the submission opens.
                this.events = None;
                this.continuing = Some(continuing);
            }
        }
        Poll::Ready(Some(Ok(event)))
    }
}

impl std::fmt::Debug for RunStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunStream")
            .field("snapshot", &self.snapshot)
            .field("handles_tool_calls", &self.on_tool_calls.is_some())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

// The Assistants operations are deprecated by the API; the helper says so in its docs instead
// of adding a second warning at every call site.
#[allow(deprecated)]
impl<'a> Runs<'a> {
    /// Creates a run and follows it as a [`RunStream`]: its events, its snapshot, and (with
    /// [`RunStream::on_tool_calls`]) its tool calls answered in the same loop.
    #[inline]
    pub async fn stream(&self, thread_id: &str, params: RunCreateParams) -> Result<RunStream, Error> {
        let events = self.create_stream(thread_id, params).await?;
        Ok(RunStream::new(self.client, events))
    }
}
