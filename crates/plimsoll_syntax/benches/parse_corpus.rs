//! Parses every Dockerfile of the shared corpus (~4,000 files, read into memory first).
//!
//! `cargo bench -p plimsoll_syntax --bench parse_corpus`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plimsoll_syntax::dockerfile;

fn corpus() -> Vec<String> {
    plimsoll_testing::shared_path("parse_corpus bench", "corpus/files")
        .map(|dir| plimsoll_testing::corpus_files(&dir))
        .unwrap_or_default()
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

fn parse_corpus(c: &mut Criterion) {
    let files = corpus();
    if files.is_empty() {
        return;
    }
    let bytes: usize = files.iter().map(String::len).sum();
    eprintln!("{} files, {bytes} bytes", files.len());
    let mut group = c.benchmark_group("dockerfile");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_corpus", |b| {
        b.iter(|| {
            let mut instructions = 0;
            for file in &files {
                instructions += dockerfile::parse(file).instructions().count();
            }
            black_box(instructions)
        });
    });
    group.bench_function("parse_and_instructions_corpus", |b| {
        b.iter(|| {
            let mut stages = 0;
            for file in &files {
                let parsed = dockerfile::parse(file);
                if let Ok(build) = dockerfile::instructions::parse(&parsed) {
                    stages += build.stages.len();
                }
            }
            black_box(stages)
        });
    });
    group.finish();
}

criterion_group!(benches, parse_corpus);
criterion_main!(benches);
