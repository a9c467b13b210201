//! Accessors on the Assistants stream events, so that one match arm catches "any event that
//! carries a run" instead of one arm per event name, and on run statuses.

use crate::{AssistantStreamEvent, Message, MessageContentDelta, Run, RunStatus, RunStep, Thread};

impl RunStatus {
    /// Whether the run will not change without an action from the caller: `requires_action`,
    /// `cancelled`, `completed`, `failed`, `expired` or `incomplete`. Unknown statuses are not
    /// terminal (the polling helpers keep polling them).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            RunStatus::RequiresAction
                | RunStatus::Cancelled
                | RunStatus::Completed
                | RunStatus::Failed
                | RunStatus::Expired
                | RunStatus::Incomplete
        )
    }
}

impl AssistantStreamEvent {
    /// The run of any `thread.run.*` event (not the run step events).
    ///
    /// ```no_run
    /// # async fn demo(mut events: openai_beta::EventStream<openai_beta::AssistantStreamEvent>) -> Result<(), openai_beta::Error> {
    /// use futures_util::StreamExt;
    /// while let Some(event) = events.next().await {
    ///     let event = event?;
    ///     if let Some(text) = event.text_delta() {
    ///         print!("{text}");
    ///     }
    ///     if let Some(run) = event.run() {
    ///         println!("\nrun {} is {:?}", run.id, run.status);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn run(&self) -> Option<&Run> {
        use AssistantStreamEvent as E;
        match self {
            E::ThreadRunCreated(e) => Some(&e.data),
            E::ThreadRunQueued(e) => Some(&e.data),
            E::ThreadRunInProgress(e) => Some(&e.data),
            E::ThreadRunRequiresAction(e) => Some(&e.data),
            E::ThreadRunCompleted(e) => Some(&e.data),
            E::ThreadRunIncomplete(e) => Some(&e.data),
            E::ThreadRunFailed(e) => Some(&e.data),
            E::ThreadRunCancelling(e) => Some(&e.data),
            E::ThreadRunCancelled(e) => Some(&e.data),
            E::ThreadRunExpired(e) => Some(&e.data),
            _ => None,
        }
    }

    /// The run step of any `thread.run.step.*` event but the delta.
    pub fn run_step(&self) -> Option<&RunStep> {
        use AssistantStreamEvent as E;
        match self {
            E::ThreadRunStepCreated(e) => Some(&e.data),
            E::ThreadRunStepInProgress(e) => Some(&e.data),
            E::ThreadRunStepCompleted(e) => Some(&e.data),
            E::ThreadRunStepFailed(e) => Some(&e.data),
            E::ThreadRunStepCancelled(e) => Some(&e.data),
            E::ThreadRunStepExpired(e) => Some(&e.data),
            _ => None,
        }
    }

    /// The message of any `thread.message.*` event but the delta.
    pub fn message(&self) -> Option<&Message> {
        use AssistantStreamEvent as E;
        match self {
            E::ThreadMessageCreated(e) => Some(&e.data),
            E::ThreadMessageInProgress(e) => Some(&e.data),
            E::ThreadMessageCompleted(e) => Some(&e.data),
            E::ThreadMessageIncomplete(e) => Some(&e.data),
            _ => None,
        }
    }

    /// The thread of a `thread.created` event.
    pub fn thread(&self) -> Option<&Thread> {
        match self {
            AssistantStreamEvent::ThreadCreated(e) => Some(&e.data),
            _ => None,
        }
    }

    /// The text a `thread.message.delta` event adds: its text blocks' values, in order; `None`
    /// for other events and for deltas without text.
    pub fn text_delta(&self) -> Option<String> {
        let AssistantStreamEvent::ThreadMessageDelta(delta) = self else { return None };
        let text: String = delta
            .data
            .delta
            .content
            .iter()
            .flatten()
            .filter_map(|block| match block {
                MessageContentDelta::Text(block) => block.text.as_ref()?.value.as_deref(),
                _ => None,
            })
            .collect();
        (!text.is_empty()).then_some(text)
    }

    /// Whether the stream has nothing more to say about the run: a run event with a terminal
    /// status ([`RunStatus::is_terminal`], `requires_action` included), `done` or `error`.
    pub fn is_terminal(&self) -> bool {
        matches!(self, AssistantStreamEvent::Done(_) | AssistantStreamEvent::Error(_))
            || self.run().is_some_and(|run| run.status.is_terminal())
    }
}
