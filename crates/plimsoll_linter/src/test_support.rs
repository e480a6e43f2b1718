//! Fixture snapshots for rules: lint a fixture with one rule selected and snapshot what it finds
//! (position, message, the exact text the finding points at) and what `--fix` makes of the file.

use std::fmt::Write as _;
use std::path::PathBuf;

use plimsoll_text::{Applicability, Diagnostic, LineIndex};

use crate::context::LintContext;
use crate::settings::{LinterSettings, Mode};
use crate::{fix_with_context, lint, lint_with_context, rule_by_code};

pub(crate) fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("resources/test/fixtures")
}

/// Settings that run only `code` (at its default severity, also when off by default).
pub(crate) fn settings_for(code: &str, mode: Mode) -> LinterSettings {
    let meta = rule_by_code(code)
        .unwrap_or_else(|| panic!("{code} is not registered"))
        .meta();
    let mut settings = LinterSettings::new(mode);
    settings
        .select(&[code.to_owned()])
        .unwrap_or_else(|error| panic!("{error}"));
    settings
        .set_severity(code, Some(meta.default_severity))
        .unwrap_or_else(|error| panic!("{error}"));
    settings
}

/// Reads the configuration a fixture asks for in `# fixture: key=value` comment lines (the
/// test harness only; the linter sees plain comments):
/// * `trusted-registries=a,b` (DL3026);
/// * `label-schema=name:type,name:type` (DL3049–DL3058; a type-less `name` is `text`);
/// * `strict-labels=true` (DL3050).
pub(crate) fn apply_fixture_settings(source: &str, settings: &mut LinterSettings) {
    for line in source.lines() {
        let Some(setting) = line.trim().strip_prefix("# fixture:") else {
            continue;
        };
        match setting.trim().split_once('=') {
            Some(("trusted-registries", list)) => {
                settings.trusted_registries = list.split(',').map(str::to_owned).collect();
            }
            Some(("label-schema", list)) => {
                settings.label_schema = list
                    .split(',')
                    .map(|spec| {
                        crate::config::parse_label_requirement(spec.trim())
                            .unwrap_or_else(|error| panic!("{line}: {error}"))
                    })
                    .collect();
            }
            Some(("strict-labels", flag)) => {
                settings.strict_labels = flag
                    .parse()
                    .unwrap_or_else(|error| panic!("{line}: {error}"));
            }
            _ => panic!("unknown fixture setting: {line}"),
        }
    }
}

/// Renders findings one per line: `line:col-line:col CODE severity: message` and the text.
pub(crate) fn describe(source: &str, diagnostics: &[Diagnostic]) -> String {
    let lines = LineIndex::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let start = lines.line_column(diagnostic.range.start, source);
        let end = lines.line_column(diagnostic.range.end, source);
        let anchor = lines.line_of(diagnostic.anchor()) + 1;
        let _ = writeln!(
            out,
            "{}:{}-{}:{} (reported at line {anchor}) {} {}: {}",
            start.line,
            start.column,
            end.line,
            end.column,
            diagnostic.code,
            diagnostic.severity,
            diagnostic.message
        );
        let text = diagnostic.range.slice(source);
        let _ = writeln!(out, "    | {}", text.replace('\n', "\n    | "));
        if let Some(fix) = &diagnostic.fix {
            let _ = writeln!(out, "    fix ({:?}): {}", fix.applicability, fix.title);
        }
    }
    out
}

/// Snapshots `<code>.Dockerfile` in plimsoll mode and, when present, `<code>.hadolint.Dockerfile`
/// in hadolint mode. A rule about the build context has a directory instead,
/// `<code>/Dockerfile`, which is linted with that directory as the build context.
pub(crate) fn assert_rule_fixtures(code: &str) {
    let dir = fixtures_dir();
    let in_context = dir.join(code).join("Dockerfile");
    let (plimsoll, context) = if in_context.is_file() {
        let context = LintContext::new(&in_context, dir.join(code));
        (in_context, context)
    } else {
        (
            dir.join(format!("{code}.Dockerfile")),
            LintContext::default(),
        )
    };
    let source = std::fs::read_to_string(&plimsoll)
        .unwrap_or_else(|error| panic!("{}: {error}", plimsoll.display()));
    insta::assert_snapshot!(code, snapshot(code, &source, Mode::Plimsoll, &context));
    let hadolint = dir.join(format!("{code}.hadolint.Dockerfile"));
    if let Ok(source) = std::fs::read_to_string(&hadolint) {
        insta::assert_snapshot!(
            format!("{code}.hadolint"),
            snapshot(code, &source, Mode::Hadolint, &context)
        );
    }
    // Variants for rules about the file as a whole (one final stage per file):
    // `<code>-<case>.Dockerfile`, snapshotted as `<code>-<case>`.
    let mut variants: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let case = name
                .strip_prefix(&format!("{code}-"))?
                .strip_suffix(".Dockerfile")?;
            Some((case.to_owned(), entry.path()))
        })
        .collect();
    variants.sort();
    for (case, path) in variants {
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        insta::assert_snapshot!(
            format!("{code}-{case}"),
            snapshot(code, &source, Mode::Plimsoll, &LintContext::default())
        );
    }
}

fn snapshot(code: &str, source: &str, mode: Mode, context: &LintContext) -> String {
    let mut settings = settings_for(code, mode);
    apply_fixture_settings(source, &mut settings);
    let diagnostics =
        lint_with_context(source, &settings, context).unwrap_or_else(|error| panic!("{error}"));
    // DL1000 is BuildKit's verdict on the file (fixtures of rules about instructions BuildKit
    // rejects, such as DL3043, cannot avoid it): it stays in the snapshot.
    assert!(
        diagnostics
            .iter()
            .all(|diagnostic| diagnostic.code == code || diagnostic.code == crate::PARSE_ERROR_CODE),
        "only {code} was selected"
    );
    let mut out = describe(source, &diagnostics);
    if diagnostics
        .iter()
        .any(|diagnostic| diagnostic.fix.is_some())
    {
        let fixed = fix_with_context(source, &settings, context, Applicability::Unsafe)
            .unwrap_or_else(|error| panic!("{error}"));
        let _ = writeln!(
            out,
            "--- after --fix --unsafe-fixes ({} applied) ---",
            fixed.applied
        );
        out.push_str(&fixed.source);
    }
    out
}

/// The 1-based lines where `code` is reported in `source` by the hadolint drop-in with its
/// default settings.
pub(crate) fn hadolint_mode_lines(source: &str, code: &str) -> Vec<u32> {
    let lines = plimsoll_text::LineIndex::new(source);
    let mut found: Vec<u32> = lint(source, &LinterSettings::new(Mode::Hadolint))
        .iter()
        .filter(|diagnostic| diagnostic.code == code)
        .map(|diagnostic| u32::try_from(lines.line_of(diagnostic.anchor()) + 1).unwrap_or(0))
        .collect();
    found.sort_unstable();
    found
}

/// Runs hadolint once over the fixtures of the hadolint rules among `codes` and compares, per
/// fixture, the lines it reports for the fixture's rule with [`hadolint_mode_lines`]. Fixtures
/// hadolint cannot parse are skipped.
pub(crate) fn assert_fixtures_match_hadolint(codes: &[&str]) {
    let Some(hadolint) = plimsoll_testing::hadolint_binary("hadolint_mode_matches_hadolint") else {
        return;
    };
    let dir = fixtures_dir();
    let mut fixtures = Vec::new();
    for &code in codes {
        let hadolint_rule = rule_by_code(code)
            .is_some_and(|rule| rule.meta().origin == crate::rule_meta::Origin::Hadolint);
        if !hadolint_rule {
            continue;
        }
        for name in [
            format!("{code}.Dockerfile"),
            format!("{code}.hadolint.Dockerfile"),
        ] {
            if dir.join(&name).is_file() {
                fixtures.push((code, name));
            }
        }
    }
    let output = std::process::Command::new(hadolint)
        .current_dir(&dir)
        .args(["--no-fail", "-f", "json"])
        .args(fixtures.iter().map(|(_, name)| name))
        .output()
        .expect("hadolint runs");
    let reported: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("hadolint prints a JSON array");
    let mut mismatches = Vec::new();
    for (code, name) in &fixtures {
        let of_file = |finding: &&serde_json::Value| finding["file"] == name.as_str();
        if reported
            .iter()
            .filter(of_file)
            .any(|finding| finding["code"] == "DL1000")
        {
            // hadolint's parser rejects what BuildKit accepts here (a heredoc followed
            // directly by an instruction, newer flags …): nothing to compare.
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{name}: hadolint cannot parse it, not compared");
            }
            continue;
        }
        let mut expected: Vec<u32> = reported
            .iter()
            .filter(of_file)
            .filter(|finding| finding["code"] == *code)
            .filter_map(|finding| finding["line"].as_u64())
            .filter_map(|line| u32::try_from(line).ok())
            .collect();
        expected.sort_unstable();
        let source = std::fs::read_to_string(dir.join(name)).expect("fixture reads");
        let found = hadolint_mode_lines(&source, code);
        if found != expected {
            mismatches.push(format!("{name}: hadolint {expected:?}, drop-in {found:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "the drop-in differs from hadolint 2.15.1 on these fixtures:\n{}",
        mismatches.join("\n")
    );
}
