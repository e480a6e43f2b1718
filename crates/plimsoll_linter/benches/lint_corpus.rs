//! Lints every Dockerfile of the shared corpus (~4,000 files, read into memory first) with all
//! default rules, in plimsoll mode and in the hadolint drop-in mode, on one thread; and one
//! typical file (the example Flask app's Dockerfile).
//!
//! `cargo bench -p plimsoll_linter --bench lint_corpus`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plimsoll_linter::{LinterSettings, Mode, lint};

fn corpus() -> Vec<String> {
    plimsoll_testing::shared_path("lint_corpus bench", "corpus/files")
        .map(|dir| plimsoll_testing::corpus_files(&dir))
        .unwrap_or_default()
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

fn lint_corpus(c: &mut Criterion) {
    let files = corpus();
    if files.is_empty() {
        return;
    }
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.throughput(Throughput::Elements(files.len() as u64));
    for (name, mode) in [
        ("corpus_plimsoll", Mode::Plimsoll),
        ("corpus_hadolint", Mode::Hadolint),
    ] {
        let settings = LinterSettings::new(mode);
        group.bench_function(name, |b| {
            b.iter(|| {
                let findings: usize = files.iter().map(|file| lint(file, &settings).len()).sum();
                black_box(findings)
            });
        });
    }
    group.finish();
}

fn lint_one_file(c: &mut Criterion) {
    let path = plimsoll_testing::workspace_root().join("examples/flask-app/Dockerfile");
    let source = std::fs::read_to_string(path).expect("the example Dockerfile is in the repo");
    let settings = LinterSettings::new(Mode::Plimsoll);
    c.bench_function("lint/example_flask_app", |b| {
        b.iter(|| black_box(lint(black_box(&source), &settings).len()));
    });
}

criterion_group!(benches, lint_corpus, lint_one_file);
criterion_main!(benches);
