//! Parses every Dockerfile of the shared corpus (~4,000 files, read into memory first).
//!
//! `cargo bench -p plimsoll_syntax --bench parse_corpus`

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plimsoll_syntax::dockerfile;

fn corpus() -> Vec<String> {
    let Some(dir) = plimsoll_testing::shared_path("parse_corpus bench", "corpus/files") else {
        return Vec::new();
    };
    let mut stack: Vec<PathBuf> = vec![dir];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                files.push(text);
            }
        }
    }
    files
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
