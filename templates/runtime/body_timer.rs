//! The clocks of a response body read as it arrives (server-sent events, binary streams): the
//! idle timeout, restarted by every chunk, and the total deadline of the whole call, which a
//! server dripping one byte at a time cannot push back.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

use super::error::Error;
use super::options::instant_after;

/// A moment by which something must be over, with the limit it came from (for the error):
/// the total deadline of a call's body here, and of a whole `RunStream`.
pub(crate) struct Deadline {
    at: Instant,
    limit: Duration,
    timer: Option<Pin<Box<Sleep>>>,
}

impl Deadline {
    /// Due `at`, which is `limit` after the call started.
    pub(crate) fn at(at: Instant, limit: Duration) -> Self {
        Deadline { at, limit, timer: None }
    }

    /// The timeout error once the deadline has passed, by the clock alone.
    pub(crate) fn passed(&self) -> Option<Error> {
        (Instant::now() >= self.at).then_some(Error::Timeout { after: Some(self.limit) })
    }

    /// [`Deadline::passed`], with a timer armed so that the task wakes when it comes. The clock
    /// is read first: a timer fires only when the runtime gets to it, and a busy stream would
    /// otherwise run past a deadline that has already gone by.
    pub(crate) fn poll_passed(&mut self, cx: &mut Context<'_>) -> Option<Error> {
        if let Some(err) = self.passed() {
            return Some(err);
        }
        let at = self.at;
        let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(at)));
        timer.as_mut().poll(cx).is_ready().then_some(Error::Timeout { after: Some(self.limit) })
    }

    /// Disarms the timer.
    pub(crate) fn stop(&mut self) {
        self.timer = None;
    }
}

/// Both timers of one body; each is armed only when its limit is set.
pub(crate) struct BodyTimer {
    idle_limit: Option<Duration>,
    idle: Option<Pin<Box<Sleep>>>,
    deadline: Option<Deadline>,
}

impl BodyTimer {
    pub(crate) fn new(idle_limit: Option<Duration>, deadline: Option<(Instant, Duration)>) -> Self {
        BodyTimer { idle_limit, idle: None, deadline: deadline.map(|(at, limit)| Deadline::at(at, limit)) }
    }

    /// The idle limit, for errors of the body itself.
    pub(crate) fn idle_limit(&self) -> Option<Duration> {
        self.idle_limit
    }

    /// A chunk arrived: the idle timer starts again. Fails once the total deadline has passed,
    /// however busy the body is.
    pub(crate) fn on_chunk(&mut self) -> Result<(), Error> {
        if let Some(err) = self.deadline.as_ref().and_then(Deadline::passed) {
            return Err(err);
        }
        if let (Some(idle), Some(limit)) = (self.idle.as_mut(), self.idle_limit) {
            idle.as_mut().reset(instant_after(Instant::now(), limit));
        }
        Ok(())
    }

    /// The body has nothing new: arms the timers (so the task wakes when one fires) and says
    /// which has fired, if any.
    pub(crate) fn poll_expired(&mut self, cx: &mut Context<'_>) -> Option<Error> {
        if let Some(err) = self.deadline.as_mut().and_then(|deadline| deadline.poll_passed(cx)) {
            return Some(err);
        }
        let limit = self.idle_limit?;
        let idle = self.idle.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match idle.as_mut().poll(cx) {
            Poll::Ready(()) => Some(Error::Timeout { after: Some(limit) }),
            Poll::Pending => None,
        }
    }

    /// Stops both timers.
    pub(crate) fn stop(&mut self) {
        self.idle = None;
        if let Some(deadline) = &mut self.deadline {
            deadline.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `timeout(Duration::MAX)` means "no limit": restarting the idle timer after a chunk must
    /// not overflow the clock (it used to panic: "overflow when adding duration to instant").
    #[tokio::test(start_paused = true)]
    async fn the_largest_limits_do_not_overflow() {
        let mut timer =
            BodyTimer::new(Some(Duration::MAX), Some((instant_after(Instant::now(), Duration::MAX), Duration::MAX)));
        let waker = futures_util::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(timer.poll_expired(&mut cx).is_none());
        assert!(timer.on_chunk().is_ok());
        tokio::time::advance(Duration::from_secs(86_400)).await;
        assert!(timer.poll_expired(&mut cx).is_none());
    }
}
