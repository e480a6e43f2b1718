//! Linting one file: parse, build the model, run the rules, apply pragmas; and `--fix`.

use plimsoll_syntax::dockerfile::{self, ErrorLayer, ParseError};
use plimsoll_text::{Applicability, Diagnostic, LineIndex, Severity, apply_fixes};

use crate::checker::Checker;
use crate::hadolint_compat;
use crate::semantic::{SemanticModel, ShellTexts};
use crate::settings::{LinterSettings, Mode};
use crate::suppression::Suppressions;

/// The code parse errors are reported under (hadolint's `DL1000`).
pub const PARSE_ERROR_CODE: &str = "DL1000";

/// Lints one Dockerfile's text. Findings come in source order.
///
/// In plimsoll mode a file BuildKit's line parser rejects gets one `DL1000` finding and nothing
/// else (there is no reliable tree to check); an error of BuildKit's second layer (unknown
/// instruction, bad flag) is reported as `DL1000` and the rules still run.
///
/// In hadolint mode the verdict is hadolint's own parser's (see [`hadolint_compat`]): a file it
/// cannot parse gets its one `DL1000` and nothing else, and a file it parses is linted even
/// when BuildKit rejects it (an empty file, nested JSON), on the recovered tree.
#[must_use]
pub fn lint(source: &str, settings: &LinterSettings) -> Vec<Diagnostic> {
    let parsed = dockerfile::parse(source);
    if settings.mode == Mode::Hadolint {
        if let Some(failure) = hadolint_compat::parse_failure(&parsed) {
            return vec![failure];
        }
    } else if let Some(error) = parsed.error() {
        return vec![parse_error_diagnostic(error)];
    }
    let mut diagnostics = Vec::new();
    if settings.mode == Mode::Plimsoll
        && let Err(error) = dockerfile::instructions::parse(&parsed)
        && error.layer == ErrorLayer::Instructions
    {
        diagnostics.push(parse_error_diagnostic(&error));
    }
    let texts = ShellTexts::collect(&parsed);
    let model = SemanticModel::new(&parsed, &texts);
    let rules = settings.enabled_rules();
    diagnostics.extend(Checker::new(&model, settings).run(&rules));

    if !settings.disable_ignore_pragma {
        let lines = LineIndex::new(source);
        let suppressions = Suppressions::collect(&parsed, &lines);
        if !suppressions.is_empty() {
            diagnostics.retain(|diagnostic| {
                diagnostic.code == PARSE_ERROR_CODE
                    || !suppressions
                        .is_suppressed(diagnostic.code, lines.line_of(diagnostic.anchor()))
            });
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.anchor(), a.range.start, a.range.end, a.code).cmp(&(
            b.anchor(),
            b.range.start,
            b.range.end,
            b.code,
        ))
    });
    if settings.mode == Mode::Hadolint {
        keep_first_per_instruction(&mut diagnostics);
    }
    diagnostics
}

/// hadolint reports a finding at most once per instruction (its findings are a set of code,
/// line and message), while rules report every offending token: keep the first finding of
/// each code and message per instruction. Different messages stay (DL3049 reports each missing
/// label on the same FROM line).
fn keep_first_per_instruction(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|diagnostic| {
        seen.insert((
            diagnostic.code,
            diagnostic.anchor(),
            diagnostic.message.clone(),
        ))
    });
}

fn parse_error_diagnostic(error: &ParseError) -> Diagnostic {
    Diagnostic::new(
        PARSE_ERROR_CODE,
        Severity::Error,
        error.message.clone(),
        error.range,
    )
}

/// The outcome of [`fix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixResult {
    /// The fixed text (equal to the input when nothing was fixed).
    pub source: String,
    /// How many fixes were applied over all passes.
    pub applied: usize,
    /// What is left to report, on the fixed text.
    pub remaining: Vec<Diagnostic>,
}

/// Applies fixes of at least `threshold` until none is left (at most ten passes, as one fix
/// can make room for another), then lints the result.
#[must_use]
pub fn fix(source: &str, settings: &LinterSettings, threshold: Applicability) -> FixResult {
    let mut current = source.to_owned();
    let mut applied = 0;
    let mut diagnostics = lint(&current, settings);
    for _ in 0..10 {
        let (fixed, count) = apply_fixes(
            &current,
            diagnostics
                .iter()
                .filter_map(|diagnostic| diagnostic.fix.as_ref()),
            threshold,
        );
        if count == 0 {
            break;
        }
        // A fix must never make a file BuildKit (or, in the drop-in, hadolint) rejects: stop
        // before it would.
        if rejects(&fixed, settings.mode) && !rejects(&current, settings.mode) {
            break;
        }
        applied += count;
        current = fixed;
        diagnostics = lint(&current, settings);
    }
    FixResult {
        source: current,
        applied,
        remaining: diagnostics,
    }
}

fn rejects(source: &str, mode: Mode) -> bool {
    let parsed = dockerfile::parse(source);
    parsed.error().is_some()
        || (mode == Mode::Hadolint && hadolint_compat::parse_failure(&parsed).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hadolint_mode_reports_a_rule_once_per_instruction() {
        let source = "FROM debian:12\nRUN sudo a && sudo b\nRUN sudo c\n";
        let count = |mode| {
            lint(source, &LinterSettings::new(mode))
                .iter()
                .filter(|diagnostic| diagnostic.code == "DL3004")
                .count()
        };
        assert_eq!(count(Mode::Plimsoll), 3);
        assert_eq!(count(Mode::Hadolint), 2);
    }

    fn codes(source: &str, mode: Mode) -> Vec<&'static str> {
        lint(source, &LinterSettings::new(mode))
            .iter()
            .map(|diagnostic| diagnostic.code)
            .collect()
    }

    #[test]
    fn a_hadolint_parse_failure_replaces_every_finding_in_the_drop_in() {
        // hadolint 2.15.1: `/dev/stdin:5:1 unexpected 'R' expecting a new line followed by the
        // next instruction`, and nothing else; BuildKit builds this file.
        let source = "FROM debian\nRUN <<EOF\nsudo x\nEOF\nRUN sudo y\n";
        let diagnostics = lint(source, &LinterSettings::new(Mode::Hadolint));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, PARSE_ERROR_CODE);
        assert_eq!(diagnostics[0].range.slice(source), "R");
        assert!(codes(source, Mode::Plimsoll).contains(&"DL3004"));
    }

    #[test]
    fn the_drop_in_lints_files_only_buildkit_rejects() {
        // BuildKit: "when using JSON array syntax, arrays must be comprised of strings only";
        // hadolint 2.15.1 reads the CMD as shell form and lints the file (`-:2 DL3025`,
        // `-:3 DL3004`).
        let source = "FROM debian:12\nCMD [ \"echo\", [ \"nested json\" ] ]\nRUN sudo x\n";
        assert_eq!(codes(source, Mode::Plimsoll), [PARSE_ERROR_CODE]);
        let drop_in = codes(source, Mode::Hadolint);
        assert!(drop_in.contains(&"DL3004"), "{drop_in:?}");
        assert!(!drop_in.contains(&PARSE_ERROR_CODE), "{drop_in:?}");
        // An empty file: BuildKit "file with no instructions", hadolint nothing.
        assert_eq!(codes("", Mode::Hadolint), Vec::<&str>::new());
    }
}
