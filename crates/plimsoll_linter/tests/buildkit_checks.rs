//! The BuildKit checks as a family: `# check=` options, experimental checks, the build context,
//! the base-image environment policy, and how they sit with plimsoll's configuration.

use plimsoll_linter::{LintContext, LinterSettings, Mode, lint, lint_with_context};
use plimsoll_text::{Diagnostic, LineIndex, Severity};

fn buildkit() -> LinterSettings {
    let mut settings = LinterSettings::new(Mode::Plimsoll);
    settings.select(&["buildkit".to_owned()]).unwrap();
    settings
}

/// `line code` for each finding.
fn findings(source: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let lines = LineIndex::new(source);
    diagnostics
        .iter()
        .map(|d| format!("{} {}", lines.line_of(d.range.start) + 1, d.code))
        .collect()
}

fn check(source: &str) -> Vec<String> {
    findings(source, &lint(source, &buildkit()))
}

#[test]
fn check_directive_skips_rules_and_all() {
    let source = "# check=skip=FromAsCasing\nFROM a as b\nCMD x\n";
    assert_eq!(check(source), ["3 JSONArgsRecommended"]);
    let source = "# check=skip=all\nFROM a as b\nCMD x\n";
    assert!(check(source).is_empty());
    // Not a directive after a blank line, but still the comment of the FROM: only that
    // instruction's checks are skipped.
    let source = "\n# check=skip=all\nFROM a as b\nCMD x\n";
    assert_eq!(check(source), ["4 JSONArgsRecommended"]);
}

#[test]
fn instruction_comments_apply_to_that_instruction_only() {
    let source = "FROM a\n# check=skip=JSONArgsRecommended // ok here\nCMD x\nENTRYPOINT y\n";
    assert_eq!(check(source), ["4 JSONArgsRecommended"]);
    // The later CMD's comment decides for MultipleInstructionsDisallowed, reported at the
    // earlier one.
    let source = "FROM a\nCMD [\"x\"]\n# check=skip=MultipleInstructionsDisallowed\nCMD [\"y\"]\n";
    assert!(check(source).is_empty());
    let source = "FROM a\n# check=skip=MultipleInstructionsDisallowed\nCMD [\"x\"]\nCMD [\"y\"]\n";
    assert_eq!(check(source), ["3 MultipleInstructionsDisallowed"]);
}

#[test]
fn error_true_makes_findings_errors() {
    let source = "# check=error=true\nFROM a as b\n";
    let diagnostics = lint(source, &buildkit());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    let diagnostics = lint("FROM a as b\n", &buildkit());
    assert_eq!(diagnostics[0].severity, Severity::Warning);
}

#[test]
fn malformed_check_directive_is_a_build_error() {
    let source = "# check=bogus\nFROM a as b\n";
    let diagnostics = lint(source, &buildkit());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, "DL1000");
    assert_eq!(
        diagnostics[0].message,
        "failed to parse check options: invalid check option \"bogus\""
    );
    assert_eq!(diagnostics[0].range.slice(source), "bogus");
}

#[test]
fn experimental_checks_run_when_the_file_asks() {
    let source = "# bad\nARG x\nFROM a\n";
    assert!(check(source).is_empty());
    let directive = format!("# check=experimental=InvalidDefinitionDescription\n{source}");
    assert_eq!(check(&directive), ["3 InvalidDefinitionDescription"]);
    let all = format!("# check=skip=all;experimental=all\n{source}");
    assert_eq!(check(&all), ["3 InvalidDefinitionDescription"]);
    // A comment enables it for its instruction (and is itself the comment checked).
    let local = "FROM a\n# bad\nARG y\n# check=experimental=InvalidDefinitionDescription\nARG z\n";
    assert_eq!(check(local), ["5 InvalidDefinitionDescription"]);
    // Selecting it in the configuration runs it everywhere.
    let mut settings = buildkit();
    settings
        .extend_select(&["InvalidDefinitionDescription".to_owned()])
        .unwrap();
    assert_eq!(
        findings(local, &lint(local, &settings)),
        [
            "3 InvalidDefinitionDescription",
            "5 InvalidDefinitionDescription"
        ]
    );
    // Ignored in the configuration, or BuildKit checks not selected: the file cannot turn it on.
    let mut ignored = buildkit();
    ignored
        .ignore(&["InvalidDefinitionDescription".to_owned()])
        .unwrap();
    assert!(lint(&directive, &ignored).is_empty());
    let mut hadolint_rules = LinterSettings::new(Mode::Plimsoll);
    hadolint_rules.select(&["DL3000".to_owned()]).unwrap();
    assert!(lint(&directive, &hadolint_rules).is_empty());
}

#[test]
fn pragmas_and_prefix_selection_work_for_buildkit_codes() {
    let source =
        "FROM a\n# plimsoll ignore=UndefinedVar the image sets it\nCOPY $SRC /\nMAINTAINER me\n";
    let mut settings = LinterSettings::new(Mode::Plimsoll);
    settings
        .select(&["DL4000".to_owned(), "buildkit".to_owned()])
        .unwrap();
    assert_eq!(
        findings(source, &lint(source, &settings)),
        ["4 DL4000", "4 MaintainerDeprecated"]
    );
    settings.ignore(&["DL4000".to_owned()]).unwrap();
    assert_eq!(
        findings(source, &lint(source, &settings)),
        ["4 MaintainerDeprecated"]
    );
}

#[test]
fn hadolint_mode_never_runs_buildkit_checks() {
    let source = "from a as b\nMAINTAINER me\nCMD x\n";
    let diagnostics = lint(source, &LinterSettings::new(Mode::Hadolint));
    assert!(
        diagnostics
            .iter()
            .all(|d| d.code.starts_with("DL") || d.code.starts_with("SC")),
        "{diagnostics:?}"
    );
}

#[test]
fn base_image_env_is_configurable() {
    let source = "FROM python:3.12\nENV PATH=$VIRTUAL_ENV/bin:$PATH\nWORKDIR $HOME\n";
    // `$HOME` is empty: the WORKDIR is the empty, relative path.
    assert_eq!(
        check(source),
        ["2 UndefinedVar", "3 UndefinedVar", "3 WorkdirRelativePath"]
    );
    let mut settings = buildkit();
    settings.base_image_env = vec!["VIRTUAL_ENV".to_owned(), "HOME=/root".to_owned()];
    assert!(lint(source, &settings).is_empty());
    // Not for `FROM scratch`, whose environment is known.
    let scratch = "FROM scratch\nWORKDIR /$HOME\n";
    assert_eq!(
        findings(scratch, &lint(scratch, &settings)),
        ["2 UndefinedVar"]
    );
}

#[test]
fn checks_stop_where_buildkit_stops() {
    // Layer 2 fails on line 3 (reported as DL1000): the checks BuildKit ran on lines 1 and 2
    // stand, nothing after.
    let source = "FROM scratch AS Bad\nMAINTAINER me\nBADCMD\nCMD x\n";
    assert_eq!(
        check(source),
        ["1 StageNameCasing", "2 MaintainerDeprecated", "3 DL1000"]
    );
    // An expansion error stops the dispatch.
    let source = "FROM a\nCOPY $A /\nUSER ${B:?required}\nCOPY $C /\n";
    assert_eq!(check(source), ["2 UndefinedVar", "3 UndefinedVar"]);
    // COPY --from a later stage fails the build at that COPY.
    let source = "FROM a AS one\nCOPY --from=two $X /\nCOPY $Y /\nFROM a AS two\n";
    assert_eq!(check(source), ["2 UndefinedVar"]);
}

#[test]
fn copy_ignored_file_reads_the_build_context() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path();
    let source = "FROM a\nCOPY secret.txt app.py /app/\n";
    std::fs::write(context.join("Dockerfile"), source).unwrap();
    let run = |context_for: &LintContext| {
        let diagnostics = lint_with_context(source, &buildkit(), context_for).unwrap();
        findings(source, &diagnostics)
    };
    let with_context = LintContext::new(context.join("Dockerfile"), context);
    assert!(run(&with_context).is_empty());
    std::fs::write(context.join(".dockerignore"), "secret.txt\n").unwrap();
    assert_eq!(run(&with_context), ["2 CopyIgnoredFile"]);
    assert!(run(&LintContext::default()).is_empty());
    // `<Dockerfile>.dockerignore` wins over `.dockerignore`.
    std::fs::write(context.join("Dockerfile.dockerignore"), "app.py\n").unwrap();
    let diagnostics = lint_with_context(source, &buildkit(), &with_context).unwrap();
    assert_eq!(
        diagnostics[0].message,
        "Attempting to Copy file \"app.py\" that is excluded by .dockerignore"
    );
    // An exception anywhere turns the check off.
    std::fs::write(context.join("Dockerfile.dockerignore"), "*\n!keep\n").unwrap();
    assert!(run(&with_context).is_empty());
    // An invalid ignore file is an error naming the file and line.
    std::fs::write(context.join("Dockerfile.dockerignore"), "ok\n[\n").unwrap();
    let error = lint_with_context(source, &buildkit(), &with_context).unwrap_err();
    assert_eq!(error.line, Some(2));
    assert!(
        error
            .to_string()
            .ends_with("Dockerfile.dockerignore:2: syntax error in pattern")
    );
}

#[test]
fn copy_of_the_whole_context_needs_an_ignore_everything_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let source = "FROM a\nCOPY . /app/\n";
    let context = LintContext::new(dir.path().join("Dockerfile"), dir.path());
    std::fs::write(dir.path().join(".dockerignore"), ".*\n").unwrap();
    assert!(
        lint_with_context(source, &buildkit(), &context)
            .unwrap()
            .is_empty()
    );
    std::fs::write(dir.path().join(".dockerignore"), "**\n").unwrap();
    let diagnostics = lint_with_context(source, &buildkit(), &context).unwrap();
    assert_eq!(
        diagnostics[0].message,
        "Attempting to Copy file \".\" that is excluded by .dockerignore"
    );
}
