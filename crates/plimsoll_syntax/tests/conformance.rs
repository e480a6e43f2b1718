//! BuildKit conformance: every `shared/conformance/expected/*.json` (layer 1 tree, escape,
//! warnings, dump, parse errors with locations, layer-2 error), the 33 upstream `testfiles`
//! dumps and the upstream `testfile-line` line numbers.

use std::fs;
use std::path::Path;

use plimsoll_syntax::dockerfile;
use serde_json::Value;

fn read_utf8(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn expected_json_cases() {
    let Some(conformance) = plimsoll_testing::shared_path("expected_json_cases", "conformance")
    else {
        return;
    };
    let mut entries: Vec<_> = fs::read_dir(conformance.join("expected"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 150, "expected files missing");

    let mut failures = Vec::new();
    for path in &entries {
        let expected: Value = serde_json::from_str(&read_utf8(path)).unwrap();
        let file = expected["file"].as_str().unwrap();
        let source = read_utf8(&conformance.join(file));
        let parsed = dockerfile::parse(&source);
        let parse = parsed.buildkit_parse_json();
        if parse != expected["parse"] {
            failures.push(format!(
                "{file}: parse differs\n  expected: {}\n  actual:   {}",
                expected["parse"], parse
            ));
        }
        let dump = parsed.dump();
        if dump != expected["dump"].as_str().unwrap() {
            failures.push(format!(
                "{file}: dump differs\n  expected: {:?}\n  actual:   {dump:?}",
                expected["dump"].as_str().unwrap()
            ));
        }
        assert_eq!(parsed.to_source(), source, "{file}: print-back");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}

#[test]
fn upstream_testfiles_dumps() {
    let Some(dir) = plimsoll_testing::shared_path(
        "upstream_testfiles_dumps",
        "conformance/buildkit-testfiles/testfiles",
    ) else {
        return;
    };
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 33);
    let mut failures = Vec::new();
    for case in &cases {
        let source = read_utf8(&case.join("Dockerfile"));
        let result = read_utf8(&case.join("result"));
        let parsed = dockerfile::parse(&source);
        if parsed.dump() != result {
            failures.push(format!(
                "{}:\n  expected {result:?}\n  actual   {:?}",
                case.display(),
                parsed.dump()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let Some(negative) = plimsoll_testing::shared_path(
        "upstream_testfiles_dumps",
        "conformance/buildkit-testfiles/testfiles-negative",
    ) else {
        return;
    };
    for case in fs::read_dir(negative).unwrap() {
        let path = case.unwrap().path().join("Dockerfile");
        let source = read_utf8(&path);
        assert!(
            dockerfile::parse(&source).error().is_some(),
            "{} must fail",
            path.display()
        );
    }
}

#[test]
fn upstream_line_numbers() {
    let Some(path) = plimsoll_testing::shared_path(
        "upstream_line_numbers",
        "conformance/buildkit-testfiles/testfile-line/Dockerfile",
    ) else {
        return;
    };
    let source = read_utf8(&path);
    let parsed = dockerfile::parse(&source);
    assert!(parsed.error().is_none());
    let lines: Vec<(u32, u32)> = parsed
        .instructions()
        .map(|instruction| (instruction.start_line, instruction.end_line))
        .collect();
    assert_eq!(lines, vec![(5, 5), (11, 12), (17, 31)]);
}

#[test]
fn sanity_known_case() {
    let parsed = dockerfile::parse("FROM a\nRUN <<-EOF\n\tx\n\tEOF\n");
    let json = parsed.buildkit_parse_json();
    assert_eq!(json["nodes"][1]["heredocs"][0]["Content"], "\tx\n");
    assert_eq!(json["nodes"][1]["end"], 4);
}
