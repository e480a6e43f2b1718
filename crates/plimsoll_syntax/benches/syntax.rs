//! `cargo bench -p plimsoll_syntax`: the hot paths the linter calls per instruction or per
//! COPY source: `.dockerignore` matching and variable expansion.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use plimsoll_syntax::dockerignore::DockerIgnore;
use plimsoll_syntax::expand::Lexer;

const IGNORE: &str = "\
# typical project ignore file
.git
**/.DS_Store
node_modules
**/node_modules
*.md
!README*.md
dist/**
build
coverage/
*.log
**/*.tmp
tmp?/
.env*
!.env.example
docs/[a-z]*.txt
**/__pycache__
target/**
";

fn paths() -> Vec<String> {
    let dirs = [
        "src",
        "src/app",
        "node_modules/x",
        "docs",
        "web/static/js",
        "tmp1",
        "a/b/c/d",
    ];
    let files = [
        "main.rs",
        "README.md",
        "notes.md",
        "x.log",
        "y.tmp",
        ".env.local",
        "index.js",
    ];
    dirs.iter()
        .flat_map(|d| files.iter().map(move |f| format!("{d}/{f}")))
        .collect()
}

fn dockerignore(c: &mut Criterion) {
    let ignore = DockerIgnore::parse(IGNORE).expect("valid ignore file");
    let paths = paths();
    c.bench_function("dockerignore/parse", |b| {
        b.iter(|| DockerIgnore::parse(black_box(IGNORE)));
    });
    c.bench_function("dockerignore/is_excluded x49", |b| {
        b.iter(|| {
            paths
                .iter()
                .filter(|p| ignore.is_excluded(black_box(p)).unwrap_or(false))
                .count()
        });
    });
}

fn expand(c: &mut Criterion) {
    let lexer = Lexer::new('\\');
    let env = [
        ("VERSION", "1.2.3"),
        ("TARGETOS", "linux"),
        ("TARGETARCH", "amd64"),
        ("HOME", "/root"),
    ];
    let word =
        "app-${VERSION#v}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    c.bench_function("expand/process_word", |b| {
        b.iter(|| lexer.process_word(black_box(word), &env));
    });
    c.bench_function("expand/process_words heredoc line", |b| {
        let lexer = lexer
            .raw_quotes(true)
            .raw_escapes(true)
            .skip_unset_env(true);
        b.iter(|| {
            lexer.process_words(
                black_box("RUN --mount=type=cache,target=/root cat <<EOF >$HOME/x"),
                &env,
            )
        });
    });
}

criterion_group!(benches, dockerignore, expand);
criterion_main!(benches);
