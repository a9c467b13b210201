//! Compile-time checks of the public API's auto traits, so handles and futures work across
//! tasks (`tokio::spawn`) and errors work with `?` into boxed errors.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

use openai_beta::{
    ApiRequest, AssistantStreamEvent, Client, CursorPage, Error, EventStream, PageRequest, PageStream, RawResponse,
    Run, RunAccumulator, StreamRequest,
};

fn send<T: Send>() {}
fn sync<T: Sync>() {}
fn unpin<T: Unpin>() {}
fn send_future<F: std::future::IntoFuture>(_: F)
where
    F::IntoFuture: Send,
{
}

#[test]
fn handles_are_send_and_sync() {
    send::<Client>();
    sync::<Client>();
    send::<Error>();
    sync::<Error>();
    send::<ApiRequest<Run>>();
    send::<PageRequest<CursorPage<Run>>>();
    send::<StreamRequest<AssistantStreamEvent>>();
    send::<EventStream<AssistantStreamEvent>>();
    send::<PageStream<CursorPage<Run>>>();
    send::<RawResponse<Run>>();
    send::<RunAccumulator>();
    unpin::<EventStream<AssistantStreamEvent>>();
    unpin::<PageStream<CursorPage<Run>>>();
    let _: Box<dyn std::error::Error + Send + Sync + 'static> = Box::new(Error::Config("x".into()));
}

#[test]
fn futures_are_send() {
    let client = Client::builder().api_key("sk-x").build().unwrap();
    let runs = client.beta().threads().runs();
    send_future(runs.retrieve("t", "r"));
    send_future(runs.list("t", openai_beta::RunListParams::new()));
    send_future(runs.create_stream("t", openai_beta::RunCreateParams::new("a")));
    fn is_send<T: Send>(_: &T) {}
    is_send(&runs.retrieve("t", "r").send_raw());
    is_send(&runs.poll("t", "r", openai_beta::PollOptions::new()));
}
