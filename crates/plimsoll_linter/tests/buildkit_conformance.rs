//! BuildKit's own build-check results (`../shared/conformance/expected/*.json`, field `lint`)
//! reproduced by plimsoll's BuildKit rules: every warning (rule, message, line) and nothing
//! else, for every input plimsoll can read (UTF-8).
//!
//! The data was produced with a stub base image whose environment is only `PATH`, no
//! `.dockerignore` and no build args: plimsoll's defaults.

use std::collections::BTreeMap;
use std::path::Path;

use plimsoll_linter::rule_meta::Origin;
use plimsoll_linter::{LinterSettings, Mode, lint, rule_by_code};
use plimsoll_text::LineIndex;
use serde_json::Value;

/// (rule, message, line) with how many times it occurs.
type Findings = BTreeMap<(String, String, u64), usize>;

fn expected(lint: &Value) -> Findings {
    let mut out = Findings::new();
    for warning in lint["warnings"].as_array().into_iter().flatten() {
        let key = (
            warning["rule"].as_str().unwrap().to_owned(),
            warning["detail"].as_str().unwrap().to_owned(),
            warning["line"].as_u64().unwrap(),
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

fn actual(source: &str, settings: &LinterSettings) -> Result<Findings, String> {
    let lines = LineIndex::new(source);
    let mut out = Findings::new();
    for diagnostic in lint(source, settings) {
        let Some(rule) = rule_by_code(diagnostic.code) else {
            continue;
        };
        if rule.meta().origin != Origin::BuildKit {
            continue;
        }
        let reported = lines.line_of(diagnostic.anchor()) + 1;
        let at = lines.line_of(diagnostic.range.start) + 1;
        if reported != at {
            return Err(format!(
                "{} `{}`: span starts on line {at}, reported on line {reported}",
                diagnostic.code, diagnostic.message
            ));
        }
        let key = (
            diagnostic.code.to_owned(),
            diagnostic.message,
            reported as u64,
        );
        *out.entry(key).or_default() += 1;
    }
    Ok(out)
}

#[test]
fn buildkit_checks_match_buildkit() {
    let Some(dir) = plimsoll_testing::shared_path("buildkit_checks_match_buildkit", "conformance")
    else {
        return;
    };
    let mut settings = LinterSettings::new(Mode::Plimsoll);
    settings.select(&["buildkit".to_owned()]).unwrap();

    let mut paths: Vec<_> = std::fs::read_dir(dir.join("expected"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let (mut files, mut warnings, mut not_utf8) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for path in paths {
        let expected_json: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let input = dir.join(expected_json["file"].as_str().unwrap());
        let want = expected(&expected_json["lint"]);
        let Ok(source) = String::from_utf8(std::fs::read(&input).unwrap()) else {
            not_utf8.push((name(&input), want.values().sum::<usize>()));
            continue;
        };
        files += 1;
        warnings += want.values().sum::<usize>();
        match actual(&source, &settings) {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!(
                "{}:\n  expected {want:?}\n  got      {got:?}",
                name(&input)
            )),
            Err(error) => failures.push(format!("{}: {error}", name(&input))),
        }
    }
    println!(
        "BuildKit checks: {files} files, {warnings} expected warnings, {} files differ; {} not UTF-8 (skipped): {not_utf8:?}",
        failures.len(),
        not_utf8.len()
    );
    assert!(files > 100, "only {files} files compared");
    assert!(
        not_utf8.iter().all(|(_, count)| *count == 0),
        "a non-UTF-8 input has BuildKit warnings plimsoll cannot check: {not_utf8:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn name(path: &Path) -> String {
    path.to_string_lossy()
        .rsplit("conformance/")
        .next()
        .unwrap_or("")
        .to_owned()
}
