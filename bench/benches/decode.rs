//! Decode throughput: the same JSON bytes decoded by our types, async-openai's types and a strict
//! serde derive (`openai_beta_bench::strict`), per fixture. Bytes/s is criterion's throughput;
//! items/s follows from the fixture's item count (`cargo xtask bench` reports both).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::DeserializeOwned;

use openai_beta_bench::fixtures::{decode_fixtures, Fixture};
use openai_beta_bench::strict;

/// One contender's decoder for one fixture, as a plain function so every contender is timed
/// through the same code path.
type Decode = fn(&[u8]) -> Result<(), String>;

/// Ours decodes as the client decodes a response body: `de::from_slice`, whose lenient retry
/// runs only if the fast pass fails (it never does on these inputs).
fn ours<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    openai_beta::de::from_slice::<T>(bytes).map(|value| drop(std::hint::black_box(value))).map_err(|e| e.to_string())
}

/// async-openai and the strict derive decode with plain `serde_json::from_slice`, as async-openai
/// does for response bodies.
fn serde<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(bytes).map(|value| drop(std::hint::black_box(value))).map_err(|e| e.to_string())
}

fn contenders(fixture: &str) -> [(&'static str, Decode); 3] {
    use async_openai::types::assistants as peer;
    match fixture {
        "messages_list_100" => [
            ("ours", ours::<openai_beta::CursorPage<openai_beta::Message>>),
            ("async-openai", serde::<peer::ListMessagesResponse>),
            ("strict-serde", serde::<strict::Page<strict::Message>>),
        ],
        "run_steps_list_100" => [
            ("ours", ours::<openai_beta::CursorPage<openai_beta::RunStep>>),
            ("async-openai", serde::<peer::ListRunStepsResponse>),
            ("strict-serde", serde::<strict::Page<strict::RunStep>>),
        ],
        "run" => [
            ("ours", ours::<openai_beta::Run>),
            ("async-openai", serde::<peer::RunObject>),
            ("strict-serde", serde::<strict::Run>),
        ],
        // Every event fixture is a `{"event", "data"}` envelope; each contender's event union
        // decodes it whole.
        _ => [
            ("ours", ours::<openai_beta::AssistantStreamEvent>),
            ("async-openai", serde::<peer::AssistantStreamEvent>),
            ("strict-serde", serde::<strict::AssistantStreamEvent>),
        ],
    }
}

fn decode(c: &mut Criterion) {
    for Fixture { name, bytes, .. } in decode_fixtures() {
        let mut group = c.benchmark_group(format!("decode-{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        for (contender, decode) in contenders(name) {
            // The same input must decode for every contender, or the figures mean nothing.
            if let Err(err) = decode(&bytes) {
                panic!("{contender} cannot decode the {name} fixture: {err}");
            }
            group.bench_with_input(BenchmarkId::from_parameter(contender), &bytes, |b, bytes| b.iter(|| decode(bytes)));
        }
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
