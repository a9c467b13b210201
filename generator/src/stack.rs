//! Every stage that recurses over the document runs on a thread with a large stack.
//!
//! Schemas nest (objects of arrays of unions...), and each level costs a few frames in lowering
//! and several kilobytes in syn's parser and prettyplease, more in debug builds: a default
//! 2 MiB stack overflowed at some 70 levels of arrays, killing the process. A thread's stack is
//! reserved address space whose pages are committed only when touched, so a large one costs
//! nothing until it is needed; lowering's nesting limit (`ir::MAX_NESTING`) keeps the need
//! bounded, and serde_yaml stops at 128 levels of YAML before anything else runs.

use crate::error::{Error, ErrorKind, Location, Result};

/// Enough for `ir::MAX_NESTING` levels in every stage, with a wide margin.
pub const STACK_SIZE: usize = 256 << 20;

/// Runs `work` on a thread with [`STACK_SIZE`] of stack and returns its result; a panic in it
/// is resumed on the caller's thread, as if it had run there.
pub fn on_big_stack<R: Send>(what: &str, work: impl FnOnce() -> Result<R> + Send) -> Result<R> {
    std::thread::scope(|scope| match spawn(scope, work) {
        Ok(worker) => worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(err) => Err(no_thread(what, err)),
    })
}

/// Starts a scoped thread with [`STACK_SIZE`] of stack.
pub fn spawn<'scope, R: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> R + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, R>> {
    std::thread::Builder::new().stack_size(STACK_SIZE).spawn_scoped(scope, work)
}

/// The error when the OS refuses a thread (address space exhausted, thread limit).
pub fn no_thread(what: &str, err: std::io::Error) -> Error {
    Error::new(
        Location { file: what.into(), line: None, column: None, pointer: String::new() },
        ErrorKind::Io(format!("cannot start a thread for {what}: {err}")),
    )
}
