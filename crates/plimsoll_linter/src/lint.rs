//! Linting one file: parse, build the model, run the rules, apply pragmas; and `--fix`.

use std::borrow::Cow;

use plimsoll_syntax::dockerfile::{self, DirectiveKind, Dockerfile, ErrorLayer, ParseError};
use plimsoll_syntax::dockerignore::DockerIgnore;
use plimsoll_text::{Applicability, Diagnostic, LineIndex, Severity, TextRange, apply_fixes};

use crate::buildkit::{Build, CheckOptions};
use crate::checker::{Checker, Reported};
use crate::context::{ContextError, LintContext};
use crate::hadolint_compat;
use crate::registry::all_rules;
use crate::rule_meta::Origin;
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
/// when BuildKit rejects it (an empty file, nested JSON, a line over 64 KiB), on the recovered
/// tree.
///
/// Without a build context, the checks that need one (BuildKit's `CopyIgnoredFile`) do not run:
/// see [`lint_with_context`].
#[must_use]
pub fn lint(source: &str, settings: &LinterSettings) -> Vec<Diagnostic> {
    lint_file(source, settings, None)
}

/// Like [`lint`], for a Dockerfile built from a known context: the build context's
/// `.dockerignore` (or `<Dockerfile>.dockerignore`) is read for BuildKit's `CopyIgnoredFile`.
///
/// # Errors
/// When the ignore file cannot be read or is invalid (BuildKit fails the build on it).
pub fn lint_with_context(
    source: &str,
    settings: &LinterSettings,
    context: &LintContext,
) -> Result<Vec<Diagnostic>, ContextError> {
    let dockerignore = context.dockerignore()?;
    Ok(lint_file(source, settings, dockerignore.as_ref()))
}

fn lint_file(
    source: &str,
    settings: &LinterSettings,
    dockerignore: Option<&DockerIgnore>,
) -> Vec<Diagnostic> {
    let parsed = if settings.mode == Mode::Hadolint {
        // hadolint has no line length limit.
        dockerfile::parse_without_line_limit(source)
    } else {
        dockerfile::parse(source)
    };
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
    let checks = BuildKitChecks::new(&parsed, settings);
    if let Some(error) = &checks.error {
        diagnostics.push(error.clone());
    }
    let settings = checks.settings.as_ref();
    let texts = ShellTexts::collect(&parsed);
    let model = SemanticModel::new(&parsed, &texts);
    let rules = settings.enabled_rules();
    let build = rules
        .iter()
        .any(|(rule, _)| rule.meta().origin == Origin::BuildKit)
        .then(|| Build::new(&model, &settings.base_image_env));
    let reported = Checker::new(&model, settings)
        .with_build(build.as_ref(), dockerignore)
        .run(&rules);
    diagnostics.extend(checks.apply(reported, &model));

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

/// BuildKit's check options for one file: the `# check=` directive and comments, and the
/// settings adjusted for the experimental checks the file asks for.
struct BuildKitChecks<'s> {
    settings: Cow<'s, LinterSettings>,
    /// The directive's options; `None` when it is malformed (BuildKit runs no check).
    global: Option<CheckOptions>,
    /// A malformed directive, reported as a `DL1000` (BuildKit fails the build on it).
    error: Option<Diagnostic>,
    original: &'s LinterSettings,
}

impl<'s> BuildKitChecks<'s> {
    fn new(dockerfile: &Dockerfile<'_>, settings: &'s LinterSettings) -> Self {
        let mut checks = Self {
            settings: Cow::Borrowed(settings),
            global: None,
            error: None,
            original: settings,
        };
        if settings.mode != Mode::Plimsoll {
            return checks;
        }
        let source = dockerfile.source();
        let global = match CheckOptions::from_directive(source) {
            Ok(global) => global,
            Err(error) => {
                let range = dockerfile::parse_directive(source, DirectiveKind::Check)
                    .map_or(TextRange::new(0, 0), |directive| directive.range);
                checks.error = Some(Diagnostic::new(
                    PARSE_ERROR_CODE,
                    Severity::Error,
                    error.to_string(),
                    range,
                ));
                return checks;
            }
        };
        let local: Vec<CheckOptions> = dockerfile
            .instructions()
            .filter_map(|instruction| CheckOptions::from_comments(&instruction.comments))
            .collect();
        for rule in all_rules() {
            let meta = rule.meta();
            if meta.origin != Origin::BuildKit || meta.enabled_by_default {
                continue;
            }
            let requested = global.requests_experimental(meta.code)
                || local
                    .iter()
                    .any(|options| options.requests_experimental(meta.code));
            if requested && settings.severity_of(meta.code).is_none() {
                checks.settings.to_mut().enable_requested(meta.code);
            }
        }
        checks.global = Some(global);
        checks
    }

    /// Keeps the findings BuildKit's options let through; `error=true` makes BuildKit's
    /// findings errors.
    fn apply(&self, reported: Vec<Reported>, model: &SemanticModel<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::with_capacity(reported.len());
        for Reported {
            mut diagnostic,
            owner,
            rule,
        } in reported
        {
            if rule.origin != Origin::BuildKit {
                out.push(diagnostic);
                continue;
            }
            let Some(global) = &self.global else {
                continue;
            };
            let local = owner.and_then(|node| {
                CheckOptions::from_comments(&model.node(node).instruction.comments)
            });
            let options = global.merged(local.as_ref());
            let experimental = !rule.enabled_by_default;
            let configured = experimental && self.original.severity_of(rule.code).is_some();
            if !configured && !options.runs(rule.code, experimental) {
                continue;
            }
            if global.error {
                diagnostic.severity = Severity::Error;
            }
            out.push(diagnostic);
        }
        out
    }
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
    fix_file(source, settings, None, threshold)
}

/// Like [`fix`], for a Dockerfile built from a known context (see [`lint_with_context`]).
///
/// # Errors
/// When the ignore file cannot be read or is invalid.
pub fn fix_with_context(
    source: &str,
    settings: &LinterSettings,
    context: &LintContext,
    threshold: Applicability,
) -> Result<FixResult, ContextError> {
    let dockerignore = context.dockerignore()?;
    Ok(fix_file(source, settings, dockerignore.as_ref(), threshold))
}

fn fix_file(
    source: &str,
    settings: &LinterSettings,
    dockerignore: Option<&DockerIgnore>,
    threshold: Applicability,
) -> FixResult {
    let lint = |text: &str, settings: &LinterSettings| lint_file(text, settings, dockerignore);
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
        // A line over BuildKit's 64 KiB limit: hadolint 2.15.1 lints it and what follows
        // (`-:2 DL3004`, `-:3 DL3004`, `-:3 DL3059` for this file).
        let long = format!(
            "FROM debian:12\nRUN sudo {}\nRUN sudo y\n",
            "x".repeat(70_000)
        );
        assert_eq!(codes(&long, Mode::Plimsoll), [PARSE_ERROR_CODE]);
        let drop_in = codes(&long, Mode::Hadolint);
        let sudo = drop_in.iter().filter(|code| **code == "DL3004").count();
        assert_eq!(sudo, 2, "{drop_in:?}");
        assert!(!drop_in.contains(&PARSE_ERROR_CODE), "{drop_in:?}");
    }
}
