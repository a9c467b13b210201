//! Request overhead: requests/s of `assistants.retrieve` against a loopback server that answers
//! instantly, ours vs async-openai vs plain reqwest + serde_json. Every client keeps its
//! connection alive, so this is the per-call cost of each stack (building the request, headers,
//! sending, reading, decoding).

use std::future::Future;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use openai_beta_bench::contenders::{self, CallError};
use openai_beta_bench::fixtures::assistant;
use openai_beta_bench::server::{Reply, Server};
use tokio::runtime::Runtime;

fn requests(c: &mut Criterion) {
    let server = Server::start(Reply::json(assistant().into_bytes())).expect("a server");
    let base = server.base_url();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    let ours = contenders::ours(&base).expect("our client");
    let ours_no_timeout = contenders::ours_no_timeout(&base).expect("our client");
    let peer = contenders::async_openai(&base);
    let plain = contenders::plain().expect("a reqwest client");
    // Each must succeed (and open its connection) before the clock starts.
    runtime.block_on(contenders::retrieve_ours(&ours)).expect("ours retrieves");
    runtime.block_on(contenders::retrieve_ours(&ours_no_timeout)).expect("ours retrieves");
    runtime.block_on(contenders::retrieve_async_openai(&peer)).expect("async-openai retrieves");
    runtime.block_on(contenders::retrieve_plain(&plain, &base)).expect("reqwest retrieves");

    let mut group = c.benchmark_group("request-retrieve");
    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::from_parameter("ours"), |b| {
        b.iter_custom(|iters| timed(&runtime, iters, || contenders::retrieve_ours(&ours)))
    });
    group.bench_function(BenchmarkId::from_parameter("ours-no-timeout"), |b| {
        b.iter_custom(|iters| timed(&runtime, iters, || contenders::retrieve_ours(&ours_no_timeout)))
    });
    group.bench_function(BenchmarkId::from_parameter("async-openai"), |b| {
        b.iter_custom(|iters| timed(&runtime, iters, || contenders::retrieve_async_openai(&peer)))
    });
    group.bench_function(BenchmarkId::from_parameter("plain-reqwest"), |b| {
        b.iter_custom(|iters| timed(&runtime, iters, || contenders::retrieve_plain(&plain, &base)))
    });
    group.finish();
}

/// Runs `iters` calls one after another inside one `block_on`, so the runtime's entry cost is not
/// counted per request.
fn timed<F, Fut, T>(runtime: &Runtime, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, CallError>>,
{
    runtime.block_on(async {
        let started = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(call().await.expect("the call succeeds"));
        }
        started.elapsed()
    })
}

criterion_group!(benches, requests);
criterion_main!(benches);
