//! Decode throughput: the same JSON bytes decoded by our types, async-openai's types and a strict
//! serde derive (`openai_beta_bench::strict`), per fixture. Bytes/s is criterion's throughput;
//! items/s follows from the fixture's item count (`cargo xtask bench` reports both).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use openai_beta_bench::decoders::contenders;
use openai_beta_bench::fixtures::{decode_fixtures, Fixture};

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
