//! Parses every shell text of the shared corpus (shell-form RUN/CMD/ENTRYPOINT/HEALTHCHECK and
//! heredoc scripts, as `tests/support/shell_texts.rs` extracts them with the Dockerfile parser)
//! into the shell model.
//!
//! `cargo bench -p plimsoll_syntax --bench shell`

#[path = "../tests/support/shell_texts.rs"]
mod shell_texts;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plimsoll_syntax::shell::parse_script;

fn corpus_run_texts(c: &mut Criterion) {
    let Some(dir) = plimsoll_testing::shared_path("shell bench", "corpus/files") else {
        return;
    };
    let runs: Vec<(String, u32)> = shell_texts::corpus_files(&dir)
        .iter()
        .flat_map(|(_, dockerfile)| shell_texts::shell_texts(dockerfile))
        .map(|text| (text.text, text.base))
        .collect();
    let bytes: usize = runs.iter().map(|(source, _)| source.len()).sum();
    eprintln!("{} shell texts, {bytes} bytes", runs.len());

    let mut group = c.benchmark_group("shell");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_corpus_shell_texts", |b| {
        b.iter(|| {
            let mut commands = 0;
            for (source, base) in &runs {
                commands += parse_script(source, *base).commands().len();
            }
            black_box(commands)
        });
    });
    group.bench_function("shuck_parse_only", |b| {
        b.iter(|| {
            let mut n = 0;
            for (source, _) in &runs {
                n += shuck_parser::parser::Parser::new(source)
                    .parse()
                    .file
                    .body
                    .len();
            }
            black_box(n)
        });
    });
    group.finish();
}

criterion_group!(benches, corpus_run_texts);
criterion_main!(benches);
