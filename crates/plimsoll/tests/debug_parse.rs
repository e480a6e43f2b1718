//! `plimsoll debug parse --format buildkit`: BuildKit's JSON on stdout, exit status, and a clear
//! error for files that are not UTF-8.

use std::process::Command;

fn plimsoll(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .args(args)
        .output()
        .expect("run plimsoll")
}

#[test]
fn prints_buildkit_parse_and_dump() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM a\nRUN [\"x\"]\n").unwrap();
    let output = plimsoll(&[
        "debug",
        "parse",
        "--format",
        "buildkit",
        path.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        "{\n \"dump\": \"(from \\\"a\\\")\\n(run \\\"x\\\")\\n\",\n \"parse\": {\n  \"escape\": \"\\\\\",\n  \"nodes\": [\n   {\n    \"end\": 1,\n    \"next\": [\n     \"a\"\n    ],\n    \"original\": \"FROM a\",\n    \"start\": 1,\n    \"value\": \"FROM\"\n   },\n   {\n    \"attrs\": {\n     \"json\": true\n    },\n    \"end\": 2,\n    \"next\": [\n     \"x\"\n    ],\n    \"original\": \"RUN [\\\"x\\\"]\",\n    \"start\": 2,\n    \"value\": \"RUN\"\n   }\n  ],\n  \"warnings\": []\n }\n}\n"
    );
}

#[test]
fn rejected_files_print_the_error_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM a\nCOPY --chowm=1 a b\n").unwrap();
    let output = plimsoll(&["debug", "parse", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["parse"]["instructions_error"],
        "dockerfile parse error on line 2: unknown flag: --chowm (did you mean chown?)"
    );
}

#[test]
fn non_utf8_input_is_an_error_naming_file_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, b"FROM a\nRUN \xff\n").unwrap();
    let output = plimsoll(&["debug", "parse", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("not valid UTF-8 at byte 11"), "{stderr}");
    assert!(stderr.contains("Dockerfile"), "{stderr}");
    assert!(output.stdout.is_empty());
}
