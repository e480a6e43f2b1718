//! The hadolint drop-in fails to parse exactly the corpus files hadolint 2.15.1 fails to parse,
//! at the same line and column, with the same message (`shared/corpus/hadolint-2.15.1.json`,
//! code `DL1000`), and reports nothing else for them.

use std::collections::BTreeMap;

use plimsoll_linter::{LinterSettings, Mode, PARSE_ERROR_CODE, lint};

#[path = "support/megaparsec.rs"]
mod megaparsec;

use megaparsec::megaparsec_position;

/// (line, column, message) as hadolint prints them (see [`megaparsec_position`]).
type Position = (u64, u64, String);

#[test]
fn parse_failures_match_hadolint_on_the_corpus() {
    let Some(corpus) =
        plimsoll_testing::shared_path("parse_failures_match_hadolint_on_the_corpus", "corpus")
    else {
        return;
    };
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("hadolint-2.15.1.json")).expect("reference"),
    )
    .expect("reference JSON");
    let mut expected: BTreeMap<String, Position> = BTreeMap::new();
    for finding in reference.as_array().expect("an array") {
        if finding["code"] == PARSE_ERROR_CODE {
            expected.insert(
                finding["file"].as_str().expect("file").to_owned(),
                (
                    finding["line"].as_u64().expect("line"),
                    finding["column"].as_u64().expect("column"),
                    finding["message"].as_str().expect("message").to_owned(),
                ),
            );
        }
    }
    assert_eq!(expected.len(), 74, "the reference lists 74 parse failures");

    let settings = LinterSettings::new(Mode::Hadolint);
    let files = plimsoll_testing::corpus_files(&corpus.join("files"));
    let mut actual: BTreeMap<String, Position> = BTreeMap::new();
    let mut mixed = Vec::new();
    for (path, source) in &files {
        let diagnostics = lint(source, &settings);
        let name = path
            .strip_prefix(&corpus)
            .expect("under the corpus")
            .to_string_lossy()
            .into_owned();
        let failures: Vec<_> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == PARSE_ERROR_CODE)
            .collect();
        if let Some(failure) = failures.first() {
            if diagnostics.len() != 1 {
                mixed.push(name.clone());
            }
            let (line, column) = megaparsec_position(source, failure.range.start as usize);
            actual.insert(name, (line as u64, column as u64, failure.message.clone()));
        }
    }
    assert!(files.len() > 4000, "only {} corpus files", files.len());
    assert!(
        mixed.is_empty(),
        "DL1000 comes with other findings: {mixed:?}"
    );

    let mut differences = Vec::new();
    for (file, position) in &expected {
        match actual.get(file) {
            None => differences.push(format!("missed: {file} {position:?}")),
            Some(found) if found != position => {
                differences.push(format!("{file}: hadolint {position:?}, plimsoll {found:?}"));
            }
            Some(_) => {}
        }
    }
    for (file, position) in &actual {
        if !expected.contains_key(file) {
            differences.push(format!("false DL1000: {file} {position:?}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences from hadolint:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
