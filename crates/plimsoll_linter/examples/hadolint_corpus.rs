//! Compares the hadolint drop-in mode with hadolint 2.15.1 on the shared corpus.
//!
//! ```text
//! cargo run -p plimsoll_linter --example hadolint_corpus -- [--show N] [CODE ...]
//! ```
//!
//! Lints every file under `../shared/corpus/files` with `Mode::Hadolint` defaults and compares
//! the findings, as (file, line, code) with multiplicity, against `hadolint-2.15.1.json`. Files
//! the reference could not parse (`DL1000`) are left out: parse errors are measured elsewhere.
//! Prints one row per code (TP, FP, FN, precision, recall, F1) for the codes given, or for every
//! code plimsoll implements, then up to `N` false positives and negatives per code
//! (`--show 0` by default).
//!
//! `--files F...` instead prints `file:line code` for every finding in the given files, for
//! comparing one file with `hadolint -f json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use plimsoll_linter::{LinterSettings, Mode, PARSE_ERROR_CODE, all_rules, lint};
use plimsoll_text::LineIndex;

/// (file relative to the corpus folder, 1-based line, code) → count.
type Findings = BTreeMap<(String, u32, String), usize>;

#[derive(Default)]
struct Score {
    true_positives: usize,
    false_positives: Vec<(String, u32, usize)>,
    false_negatives: Vec<(String, u32, usize)>,
}

impl Score {
    fn counts(&self) -> (usize, usize, usize) {
        let sum = |list: &[(String, u32, usize)]| list.iter().map(|(_, _, n)| n).sum::<usize>();
        (
            self.true_positives,
            sum(&self.false_positives),
            sum(&self.false_negatives),
        )
    }
}

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
    let reference = match read_reference(&corpus.join("hadolint-2.15.1.json")) {
        Ok(reference) => reference,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let unparsed: BTreeSet<&str> = reference
        .keys()
        .filter(|(_, _, code)| code == PARSE_ERROR_CODE)
        .map(|(file, _, _)| file.as_str())
        .collect();
    if codes.is_empty() {
        codes = all_rules()
            .iter()
            .map(|rule| rule.meta().code.to_owned())
            .filter(|code| code.starts_with("DL"))
            .collect();
    }

    let mut files = Vec::new();
    collect_files(&corpus.join("files"), &mut files);
    files.sort();
    let settings = LinterSettings::new(Mode::Hadolint);
    let mut ours = Findings::new();
    let mut linted = 0;
    for path in &files {
        let relative = path
            .strip_prefix(&corpus)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        if unparsed.contains(relative.as_str()) {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("warning: cannot read {}", path.display());
            continue;
        };
        let source = String::from_utf8_lossy(&bytes);
        linted += 1;
        let lines = LineIndex::new(&source);
        for diagnostic in lint(&source, &settings) {
            if !codes.contains(diagnostic.code) {
                continue;
            }
            let line = u32::try_from(lines.line_of(diagnostic.anchor()) + 1).unwrap_or(u32::MAX);
            *ours
                .entry((relative.clone(), line, diagnostic.code.to_owned()))
                .or_default() += 1;
        }
    }

    let mut scores: BTreeMap<&str, Score> = codes
        .iter()
        .map(|code| (code.as_str(), Score::default()))
        .collect();
    for ((file, line, code), &expected) in &reference {
        let Some(score) = scores.get_mut(code.as_str()) else {
            continue;
        };
        if unparsed.contains(file.as_str()) {
            continue;
        }
        let found = ours
            .get(&(file.clone(), *line, code.clone()))
            .copied()
            .unwrap_or(0);
        score.true_positives += found.min(expected);
        if expected > found {
            score
                .false_negatives
                .push((file.clone(), *line, expected - found));
        }
    }
    for ((file, line, code), &found) in &ours {
        let expected = reference
            .get(&(file.clone(), *line, code.clone()))
            .copied()
            .unwrap_or(0);
        if found > expected
            && let Some(score) = scores.get_mut(code.as_str())
        {
            score
                .false_positives
                .push((file.clone(), *line, found - expected));
        }
    }

    println!(
        "{linted} files linted ({} left out: DL1000 in the reference)",
        unparsed.len()
    );
    println!(
        "{:<8} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7}",
        "code", "TP", "FP", "FN", "precision", "recall", "F1"
    );
    for (code, score) in &scores {
        let (tp, fp, fneg) = score.counts();
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fneg);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else if tp + fp + fneg == 0 {
            1.0
        } else {
            0.0
        };
        println!("{code:<8} {tp:>6} {fp:>6} {fneg:>6} {precision:>9.4} {recall:>7.4} {f1:>7.4}");
    }
    if show > 0 {
        for (code, score) in &scores {
            for (kind, list) in [
                ("FP", &score.false_positives),
                ("FN", &score.false_negatives),
            ] {
                for (file, line, count) in list.iter().take(show) {
                    let times = if *count > 1 {
                        format!(" (x{count})")
                    } else {
                        String::new()
                    };
                    println!("{code} {kind} {file}:{line}{times}");
                }
            }
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
        let lines = LineIndex::new(&source);
        for diagnostic in lint(&source, &settings) {
            println!(
                "{path}:{} {}",
                lines.line_of(diagnostic.anchor()) + 1,
                diagnostic.code
            );
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let value = part as f64 / whole as f64;
        value
    }
}

fn read_reference(path: &Path) -> Result<Findings, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut findings = Findings::new();
    for entry in entries {
        let file = entry["file"].as_str().unwrap_or_default().to_owned();
        let line = entry["line"]
            .as_u64()
            .and_then(|line| u32::try_from(line).ok())
            .unwrap_or(0);
        let code = entry["code"].as_str().unwrap_or_default().to_owned();
        *findings.entry((file, line, code)).or_default() += 1;
    }
    Ok(findings)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}
