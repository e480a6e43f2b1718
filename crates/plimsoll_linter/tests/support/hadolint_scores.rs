//! Scores the hadolint drop-in (`lint` in `Mode::Hadolint`, default settings) against hadolint
//! 2.15.1's stored output on the shared corpus (`../shared/corpus/hadolint-2.15.1.json`).
//!
//! Shared by `tests/hadolint_corpus.rs` (the regression bar) and `examples/hadolint_corpus.rs`
//! (the table and the examples to look at), included by `#[path]` in both.
//!
//! Counted the way `scripts/compare_findings.py` counts what `scripts/compare-hadolint.sh`
//! produces, so the overall numbers agree with the script's: findings are (file, line, code)
//! with multiplicity, every `DL` code either side reports is a rule (parse errors, `DL1000`,
//! included), and the line is the one hadolint prints (the instruction's first line; a parse
//! error's own line).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use plimsoll_linter::{LinterSettings, Mode, PARSE_ERROR_CODE, lint};
use plimsoll_text::LineIndex;

/// The stored reference, in the corpus folder.
pub const REFERENCE: &str = "hadolint-2.15.1.json";

/// Only hadolint's own rules are compared: ShellCheck's `SC` codes are not reimplemented.
const PREFIX: &str = "DL";

/// (file relative to the corpus folder, 1-based line, code) → how many times it is reported.
pub type Findings = BTreeMap<(String, u32, String), usize>;

/// The drop-in's `DL` findings in `source` as hadolint places them: (1-based line, code).
pub fn hadolint_lines(source: &str, settings: &LinterSettings) -> Vec<(u32, &'static str)> {
    let lines = LineIndex::new(source);
    lint(source, settings)
        .into_iter()
        .filter(|diagnostic| diagnostic.code.starts_with(PREFIX))
        .map(|diagnostic| {
            // A parse error sits where the parser stopped, not on an instruction.
            let offset = if diagnostic.code == PARSE_ERROR_CODE {
                diagnostic.range.start
            } else {
                diagnostic.anchor()
            };
            let line = u32::try_from(lines.line_of(offset) + 1).expect("line fits in u32");
            (line, diagnostic.code)
        })
        .collect()
}

/// hadolint's `-f json` array, keeping the `DL` codes.
pub fn read_reference(corpus: &Path) -> Result<Findings, String> {
    let path = corpus.join(REFERENCE);
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut findings = Findings::new();
    for entry in &entries {
        let field = |name: &str| {
            entry
                .get(name)
                .ok_or_else(|| format!("{}: a finding without `{name}`: {entry}", path.display()))
        };
        let (Some(file), Some(line), Some(code)) = (
            field("file")?.as_str(),
            field("line")?
                .as_u64()
                .and_then(|line| u32::try_from(line).ok()),
            field("code")?.as_str(),
        ) else {
            return Err(format!("{}: a malformed finding: {entry}", path.display()));
        };
        if code.starts_with(PREFIX) {
            *findings
                .entry((file.to_owned(), line, code.to_owned()))
                .or_default() += 1;
        }
    }
    Ok(findings)
}

/// Lints every file under `corpus/files` (invalid UTF-8 replaced, as `plimsoll hadolint` reads
/// it); returns how many files were linted and their findings.
pub fn lint_corpus(corpus: &Path) -> (usize, Findings) {
    let settings = LinterSettings::new(Mode::Hadolint);
    let files = plimsoll_testing::corpus_files(&corpus.join("files"));
    let mut findings = Findings::new();
    for (path, source) in &files {
        let name = path
            .strip_prefix(corpus)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        for (line, code) in hadolint_lines(source, &settings) {
            *findings
                .entry((name.clone(), line, code.to_owned()))
                .or_default() += 1;
        }
    }
    (files.len(), findings)
}

/// (file, line, how many) differences of one kind.
pub type Differences = Vec<(String, u32, usize)>;

/// One rule's (or all rules') agreement with the reference.
#[derive(Debug, Default, Clone)]
pub struct Score {
    /// Findings both report.
    pub both: usize,
    /// Reported by the drop-in only.
    pub false_positives: Differences,
    /// Reported by hadolint only.
    pub false_negatives: Differences,
}

fn total(differences: &Differences) -> usize {
    differences.iter().map(|(_, _, count)| count).sum()
}

#[allow(clippy::cast_precision_loss)]
fn ratio(part: usize, whole: usize) -> f64 {
    // As compare_findings.py: nothing to find, or nothing found, is no error.
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl Score {
    pub fn reference(&self) -> usize {
        self.both + total(&self.false_negatives)
    }

    pub fn candidate(&self) -> usize {
        self.both + total(&self.false_positives)
    }

    pub fn precision(&self) -> f64 {
        ratio(self.both, self.candidate())
    }

    pub fn recall(&self) -> f64 {
        ratio(self.both, self.reference())
    }

    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        }
    }
}

/// Per-rule scores of a candidate against the reference.
pub struct Comparison {
    /// Every code either side reports, in code order.
    pub rules: BTreeMap<String, Score>,
}

impl Comparison {
    pub fn new(reference: &Findings, candidate: &Findings) -> Self {
        let mut rules: BTreeMap<String, Score> = BTreeMap::new();
        for (key, &expected) in reference {
            let found = candidate.get(key).copied().unwrap_or(0);
            let (file, line, code) = key;
            let score = rules.entry(code.clone()).or_default();
            score.both += found.min(expected);
            if expected > found {
                score
                    .false_negatives
                    .push((file.clone(), *line, expected - found));
            }
        }
        for (key, &found) in candidate {
            let expected = reference.get(key).copied().unwrap_or(0);
            let (file, line, code) = key;
            let score = rules.entry(code.clone()).or_default();
            if found > expected {
                score
                    .false_positives
                    .push((file.clone(), *line, found - expected));
            }
        }
        Self { rules }
    }

    /// All rules together.
    pub fn overall(&self) -> Score {
        let mut overall = Score::default();
        for score in self.rules.values() {
            overall.both += score.both;
            overall
                .false_positives
                .extend(score.false_positives.iter().cloned());
            overall
                .false_negatives
                .extend(score.false_negatives.iter().cloned());
        }
        overall
    }

    /// The rule with the lowest F1 (the first in code order on a tie).
    pub fn lowest(&self) -> Option<(&str, f64)> {
        let mut lowest: Option<(&str, f64)> = None;
        for (code, score) in &self.rules {
            let f1 = score.f1();
            if lowest.is_none_or(|(_, low)| f1 < low) {
                lowest = Some((code, f1));
            }
        }
        lowest
    }

    /// compare_findings.py's table for the rules `show` accepts, then its overall and lowest
    /// lines (always over every rule).
    pub fn table(&self, show: impl Fn(&str) -> bool) -> String {
        let mut out = format!(
            "{:<8} {:>9} {:>9} {:>6} {:>9} {:>7} {:>7}\n",
            "rule", "reference", "candidate", "both", "precision", "recall", "F1"
        );
        for (code, score) in self.rules.iter().filter(|(code, _)| show(code)) {
            let _ = writeln!(
                out,
                "{code:<8} {:>9} {:>9} {:>6} {:>9.4} {:>7.4} {:>7.4}",
                score.reference(),
                score.candidate(),
                score.both,
                score.precision(),
                score.recall(),
                score.f1()
            );
        }
        out + &self.summary()
    }

    /// compare_findings.py's overall and lowest-rule lines.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let overall = self.overall();
        let _ = writeln!(
            out,
            "overall: {} reference, {} candidate, {} both; precision {:.4}, recall {:.4}, F1 {:.4}",
            overall.reference(),
            overall.candidate(),
            overall.both,
            overall.precision(),
            overall.recall(),
            overall.f1()
        );
        if let Some((code, f1)) = self.lowest() {
            let _ = writeln!(out, "lowest rule F1: {code} {f1:.4}");
        }
        out
    }

    /// Up to `limit` false positives and up to `limit` false negatives of `code`, one a line.
    pub fn examples(&self, code: &str, limit: usize) -> String {
        let mut out = String::new();
        let Some(score) = self.rules.get(code) else {
            return out;
        };
        for (kind, list) in [
            ("FP", &score.false_positives),
            ("FN", &score.false_negatives),
        ] {
            for (file, line, count) in list.iter().take(limit) {
                let times = if *count > 1 {
                    format!(" (x{count})")
                } else {
                    String::new()
                };
                let _ = writeln!(out, "  {kind} {code} {file}:{line}{times}");
            }
        }
        out
    }
}
