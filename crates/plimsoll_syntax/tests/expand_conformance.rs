//! BuildKit's own lexer tables (`shell/envVarTest`, `shell/wordsTest`), read from `../shared`.

use plimsoll_syntax::expand::Lexer;

/// The environment `TestShellParser4EnvVars` uses.
const ENV_VAR_TEST_ENV: [(&str, &str); 4] = [
    ("PWD", "/home"),
    ("SHELL", "bash"),
    ("KOREAN", "한국어"),
    ("NULL", ""),
];

#[test]
fn env_var_test() {
    let Some(path) =
        plimsoll_testing::shared_path("env_var_test", "conformance/buildkit-testfiles/envVarTest")
    else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("envVarTest is UTF-8");
    let lexer = Lexer::new('\\');
    let (mut ran, mut failures) = (0, Vec::new());
    for (index, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.trim().split('|').collect();
        assert_eq!(parts.len(), 3, "line {}: {line:?}", index + 1);
        let (platform, input, expected) = (parts[0].trim(), parts[1].trim(), parts[2].trim());
        assert!(
            matches!(platform, "A" | "U" | "W"),
            "line {}: bad platform {platform:?}",
            index + 1
        );
        if platform == "W" {
            continue; // Windows-only: case-insensitive names.
        }
        ran += 1;
        let got = lexer.process_word(input, &ENV_VAR_TEST_ENV);
        let ok = match (&got, expected) {
            (Err(_), "error") => true,
            (Ok(out), expected) => expected != "error" && out.value == expected,
            (Err(_), _) => false,
        };
        if !ok {
            failures.push(format!(
                "line {}: {input:?} expected {expected:?}, got {got:?}",
                index + 1
            ));
        }
    }
    println!("envVarTest: {}/{ran} cases pass", ran - failures.len());
    assert!(ran > 200, "only {ran} cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn words_test() {
    let Some(path) =
        plimsoll_testing::shared_path("words_test", "conformance/buildkit-testfiles/wordsTest")
    else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("wordsTest is UTF-8");
    let lexer = Lexer::new('\\');
    let mut env: Vec<(String, String)> = Vec::new();
    let (mut ran, mut failures) = (0, Vec::new());
    for (index, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            let assignment = assignment.trim_start_matches(' ');
            let (key, value) = assignment.split_once('=').unwrap_or((assignment, ""));
            env.push((key.to_owned(), value.to_owned()));
            continue;
        }
        let parts: Vec<&str> = line.split('|').collect();
        assert_eq!(parts.len(), 2, "line {}: {line:?}", index + 1);
        let input = parts[0].trim();
        let expected: Vec<&str> = parts[1].trim_start_matches(' ').split(',').collect();
        ran += 1;
        let got = match lexer.process_words(input, &env) {
            Ok(out) => out.words,
            Err(_) => vec!["error".to_owned()],
        };
        if got != expected {
            failures.push(format!(
                "line {}: {input:?} expected {expected:?}, got {got:?}",
                index + 1
            ));
        }
    }
    println!("wordsTest: {}/{ran} cases pass", ran - failures.len());
    assert!(ran > 20, "only {ran} cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
