//! Compares the hadolint drop-in mode with hadolint 2.15.1 on the shared corpus.
//!
//! ```text
//! cargo run -p plimsoll_linter --example hadolint_corpus -- [--show N] [CODE ...]
//! ```
//!
//! Lints every file under `../shared/corpus/files` with `Mode::Hadolint` defaults and compares
//! the findings, as (file, line, code) with multiplicity, against `hadolint-2.15.1.json`,
//! counting as `scripts/compare-hadolint.sh --reference` does (parse errors, `DL1000`, are a
//! rule like the others). Prints one row per rule (hadolint's count, the drop-in's, both,
//! precision, recall, F1) for the codes given, or for every code either side reports, then the
//! overall figures over every rule and up to `N` false positives and negatives per code shown
//! (`--show 0` by default). `tests/hadolint_corpus.rs` holds the same numbers to a bar.
//!
//! `--files F...` instead prints `file:line code` for every finding in the given files, for
//! comparing one file with `hadolint -f json`.

use std::collections::BTreeSet;
use std::process::ExitCode;

use plimsoll_linter::{LinterSettings, Mode};

#[path = "../tests/support/hadolint_scores.rs"]
mod hadolint_scores;

use hadolint_scores::{Comparison, hadolint_lines, lint_corpus, read_reference};

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let mut show = 0;
    let mut codes: BTreeSet<String> = BTreeSet::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--files" {
            print_findings(args);
            return ExitCode::SUCCESS;
        }
        if arg == "--show" {
            show = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
        } else {
            codes.insert(arg);
        }
    }
    let Some(corpus) = plimsoll_testing::shared_path("hadolint_corpus", "corpus") else {
        return ExitCode::SUCCESS;
    };
    let reference = match read_reference(&corpus) {
        Ok(reference) => reference,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let (linted, ours) = lint_corpus(&corpus);
    let comparison = Comparison::new(&reference, &ours);
    let shown = |code: &str| codes.is_empty() || codes.contains(code);

    println!("{linted} files linted");
    print!("{}", comparison.table(shown));
    if show > 0 {
        for code in comparison.rules.keys().filter(|code| shown(code)) {
            print!("{}", comparison.examples(code, show));
        }
    }
    ExitCode::SUCCESS
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn print_findings(paths: impl Iterator<Item = String>) {
    let settings = LinterSettings::new(Mode::Hadolint);
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("warning: cannot read {path}");
            continue;
        };
        let source = String::from_utf8_lossy(&bytes);
        for (line, code) in hadolint_lines(&source, &settings) {
            println!("{path}:{line} {code}");
        }
    }
}
