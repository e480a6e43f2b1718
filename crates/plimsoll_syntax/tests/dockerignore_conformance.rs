//! `.dockerignore` cases evaluated by the real `ignorefile.ReadAll` + `patternmatcher` (v0.6.1),
//! and patternmatcher's own `TestMatches` table, read from `../shared`.

use plimsoll_syntax::dockerignore::{MatchInfo, PatternMatcher, read_patterns};
use serde_json::Value;

fn jsonl(test: &str, sub: &str) -> Option<Vec<Value>> {
    let path = plimsoll_testing::shared_path(test, sub)?;
    let text = std::fs::read_to_string(&path).expect("readable JSONL");
    Some(
        text.lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str(line).expect("valid JSON line"))
            .collect(),
    )
}

/// The walk BuildKit's context transfer does: each prefix in turn, passing the parent's info.
fn walk(matcher: &PatternMatcher, path: &str) -> bool {
    let ends = path
        .match_indices('/')
        .map(|(i, _)| i)
        .chain(std::iter::once(path.len()));
    let mut info = MatchInfo::default();
    let mut excluded = None;
    for end in ends {
        let (result, next) = matcher
            .matches_using_parent_results(&path[..end], &info)
            .expect("walk succeeds");
        excluded = Some(result);
        info = next;
    }
    excluded.expect("a path has at least one element")
}

#[test]
fn dockerignore_cases() {
    let Some(cases) = jsonl("dockerignore_cases", "conformance/dockerignore-cases.jsonl") else {
        return;
    };
    let (mut checks, mut failures) = (0, Vec::new());
    for case in &cases {
        let ignore = case["ignore"].as_str().expect("ignore text");
        let expected_patterns: Vec<&str> = case["patterns"]
            .as_array()
            .map(|a| a.iter().map(|p| p.as_str().expect("string")).collect())
            .unwrap_or_default();
        let patterns = read_patterns(ignore).expect("ReadAll succeeds in every case");
        let texts: Vec<&str> = patterns.iter().map(|p| p.text.as_str()).collect();
        checks += 1;
        if texts != expected_patterns {
            failures.push(format!(
                "{ignore:?}: patterns {texts:?}, expected {expected_patterns:?}"
            ));
            continue;
        }
        let matcher = PatternMatcher::new(&texts);
        if let Some(error) = case["error"].as_str() {
            checks += 1;
            match matcher {
                Err(err) if err.to_string() == error => {}
                other => failures.push(format!(
                    "{ignore:?}: expected error {error:?}, got {other:?}"
                )),
            }
            continue;
        }
        let matcher = match matcher {
            Ok(matcher) => matcher,
            Err(err) => {
                failures.push(format!("{ignore:?}: unexpected error {err}"));
                continue;
            }
        };
        checks += 1;
        if Some(matcher.has_exclusions()) != case["hasExclusions"].as_bool() {
            failures.push(format!("{ignore:?}: hasExclusions differs"));
        }
        let results = case["results"].as_object().expect("results");
        for (path, expected) in results {
            let got = matcher
                .matches_or_parent_matches(path)
                .expect("no match error");
            checks += 1;
            if Some(got) != expected["matchesOrParent"].as_bool() {
                failures.push(format!("{ignore:?} on {path:?}: matchesOrParent {got}"));
            }
            let got = walk(&matcher, path);
            checks += 1;
            if Some(got) != expected["walk"].as_bool() {
                failures.push(format!("{ignore:?} on {path:?}: walk {got}"));
            }
        }
    }
    println!(
        "dockerignore-cases: {} cases, {}/{checks} checks pass",
        cases.len(),
        checks - failures.len()
    );
    assert_eq!(cases.len(), 45);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn patternmatcher_test_matches() {
    let Some(rows) = jsonl(
        "patternmatcher_test_matches",
        "conformance/patternmatcher-TestMatches.jsonl",
    ) else {
        return;
    };
    let mut failures = Vec::new();
    for row in &rows {
        let patterns: Vec<&str> = row["patterns"]
            .as_array()
            .expect("patterns")
            .iter()
            .map(|p| p.as_str().expect("string"))
            .collect();
        let path = row["path"].as_str().expect("path");
        let expected = row["excluded"].as_bool().expect("excluded");
        let matcher = PatternMatcher::new(&patterns).expect("upstream patterns compile");
        // Like the upstream test, a match error counts as "not excluded".
        let got = matcher.matches_or_parent_matches(path).unwrap_or(false);
        if got != expected {
            failures.push(format!(
                "{patterns:?} on {path:?}: got {got}, expected {expected}"
            ));
        }
    }
    println!(
        "patternmatcher TestMatches: {}/{} rows pass",
        rows.len() - failures.len(),
        rows.len()
    );
    assert_eq!(rows.len(), 72);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
