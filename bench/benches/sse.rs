//! SSE: events/s decoding a 10,000-event run stream, ours vs async-openai.
//!
//! Our SSE decoder is not public, so "from memory" serves the pre-built stream from an
//! in-process loopback server in one write (the loopback copy is the only extra cost); the same
//! for async-openai, plus async-openai's parser run over the bytes with no HTTP at all, to show
//! what the loopback adds. "Chunked" writes one HTTP chunk per event, as a live server flushes.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};

use openai_beta_bench::contenders;
use openai_beta_bench::fixtures::run_stream;
use openai_beta_bench::server::{Reply, Server};

const EVENTS: usize = 10_000;

fn sse(c: &mut Criterion) {
    let events = run_stream(EVENTS);
    let whole: Vec<u8> = events.concat();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");

    for (group_name, reply) in
        [("sse-memory", Reply::sse_whole(whole.clone())), ("sse-loopback-chunked", Reply::sse_chunked(events.clone()))]
    {
        let server = Server::start(reply).expect("a loopback server");
        let ours = contenders::ours(&server.base_url()).expect("our client");
        let peer = contenders::async_openai(&server.base_url());

        let mut group = c.benchmark_group(group_name);
        group.throughput(Throughput::Elements(EVENTS as u64));
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        // Each contender must yield every event but the final `done`. Checked on the benchmark's
        // first call, not up front: a run filtered to one benchmark (the callgrind profile of
        // `cargo xtask bench`) then executes nothing of the others.
        let checked = |count: usize, checked: &mut bool| {
            if !std::mem::replace(checked, true) {
                assert_eq!(count, EVENTS - 1);
            }
            count
        };
        let mut ours_checked = false;
        group.bench_function(BenchmarkId::from_parameter("ours"), |b| {
            b.iter(|| {
                checked(runtime.block_on(contenders::stream_ours(&ours)).expect("ours streams"), &mut ours_checked)
            })
        });
        let mut peer_checked = false;
        group.bench_function(BenchmarkId::from_parameter("async-openai"), |b| {
            b.iter(|| {
                let count = runtime.block_on(contenders::stream_async_openai(&peer)).expect("async-openai streams");
                checked(count, &mut peer_checked)
            })
        });
        if group_name == "sse-memory" {
            let mut parser_checked = false;
            group.bench_function(BenchmarkId::from_parameter("async-openai-no-http"), |b| {
                b.iter(|| {
                    let count = runtime.block_on(contenders::stream_async_openai_in_memory(&whole)).expect("decodes");
                    checked(count, &mut parser_checked)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, sse);
criterion_main!(benches);
