//! Linting one file: parse, build the model, run the rules, apply pragmas; and `--fix`.

use plimsoll_syntax::dockerfile::{self, ErrorLayer, ParseError};
use plimsoll_text::{Applicability, Diagnostic, LineIndex, Severity, apply_fixes};

use crate::checker::Checker;
use crate::semantic::{SemanticModel, ShellTexts};
use crate::settings::{LinterSettings, Mode};
use crate::suppression::Suppressions;

/// The code parse errors are reported under (hadolint's `DL1000`).
pub const PARSE_ERROR_CODE: &str = "DL1000";

/// Lints one Dockerfile's text. Findings come in source order.
///
/// A file BuildKit's line parser rejects gets one `DL1000` finding and nothing else (there is no
/// reliable tree to check). An error of BuildKit's second layer (unknown instruction, bad flag)
/// is reported as `DL1000` in plimsoll mode, and the rules still run.
#[must_use]
pub fn lint(source: &str, settings: &LinterSettings) -> Vec<Diagnostic> {
    let parsed = dockerfile::parse(source);
    if let Some(error) = parsed.error() {
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

/// hadolint reports a rule at most once per instruction (it has only the instruction's line),
/// while rules report every offending token: keep the first finding of each code per
/// instruction.
fn keep_first_per_instruction(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|diagnostic| seen.insert((diagnostic.code, diagnostic.anchor())));
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
        // A fix must never make a file BuildKit rejects: stop before it would.
        if dockerfile::parse(&fixed).error().is_some()
            && dockerfile::parse(&current).error().is_none()
        {
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
}
