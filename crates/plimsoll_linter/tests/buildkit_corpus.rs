//! BuildKit's checks over the shared corpus of real Dockerfiles: no panic, every finding on the
//! line BuildKit reports (its span starts on the reported line), and `--fix` keeps every file
//! valid and fixes what it says it fixes.

use std::collections::BTreeMap;

use plimsoll_linter::rule_meta::Origin;
use plimsoll_linter::{LinterSettings, Mode, fix, lint, rule_by_code};
use plimsoll_text::{Applicability, LineIndex};

#[test]
fn buildkit_checks_over_the_corpus() {
    let Some(dir) =
        plimsoll_testing::shared_path("buildkit_checks_over_the_corpus", "corpus/files")
    else {
        return;
    };
    let mut settings = LinterSettings::new(Mode::Plimsoll);
    settings.select(&["buildkit".to_owned()]).unwrap();
    let files = plimsoll_testing::corpus_files(&dir);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, source) in &files {
        let diagnostics = lint(source, &settings);
        let lines = LineIndex::new(source);
        for diagnostic in &diagnostics {
            if rule_by_code(diagnostic.code).map(|rule| rule.meta().origin)
                != Some(Origin::BuildKit)
            {
                continue;
            }
            *counts.entry(diagnostic.code).or_default() += 1;
            if diagnostic.range.end as usize > source.len()
                || lines.line_of(diagnostic.range.start) != lines.line_of(diagnostic.anchor())
            {
                problems.push(format!(
                    "{}: {} `{}` off its reported line",
                    path.display(),
                    diagnostic.code,
                    diagnostic.message
                ));
            }
        }
        let safe = |diagnostic: &plimsoll_text::Diagnostic| {
            diagnostic
                .fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe)
        };
        if diagnostics.iter().any(safe) {
            let fixed = fix(source, &settings, Applicability::Safe);
            let still_fixable = fixed.remaining.iter().filter(|d| safe(d)).count();
            if fixed.applied == 0 || still_fixable > 0 {
                problems.push(format!(
                    "{}: {} fixes applied, {still_fixable} safely fixable findings left",
                    path.display(),
                    fixed.applied
                ));
            }
        }
    }
    println!(
        "BuildKit checks on {} corpus files: {counts:?}",
        files.len()
    );
    assert!(files.len() > 4000, "only {} corpus files", files.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
