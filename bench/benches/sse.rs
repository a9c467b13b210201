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
        // Both yield every event but the final `done`.
        assert_eq!(runtime.block_on(contenders::stream_ours(&ours)).expect("ours streams"), EVENTS - 1);
        assert_eq!(runtime.block_on(contenders::stream_async_openai(&peer)).expect("async-openai streams"), EVENTS - 1);

        let mut group = c.benchmark_group(group_name);
        group.throughput(Throughput::Elements(EVENTS as u64));
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.bench_function(BenchmarkId::from_parameter("ours"), |b| {
            b.iter(|| runtime.block_on(contenders::stream_ours(&ours)).expect("ours streams"))
        });
        group.bench_function(BenchmarkId::from_parameter("async-openai"), |b| {
            b.iter(|| runtime.block_on(contenders::stream_async_openai(&peer)).expect("async-openai streams"))
        });
        if group_name == "sse-memory" {
            assert_eq!(runtime.block_on(contenders::stream_async_openai_in_memory(&whole)).unwrap(), EVENTS - 1);
            group.bench_function(BenchmarkId::from_parameter("async-openai-no-http"), |b| {
                b.iter(|| runtime.block_on(contenders::stream_async_openai_in_memory(&whole)).expect("decodes"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, sse);
criterion_main!(benches);
