//! `plimsoll lint`, `plimsoll hadolint`, `plimsoll rule(s)` end to end: discovery, formats,
//! exit codes, `--fix` writing files, the drop-in under the name `hadolint`.

use std::process::Command;

mod common;
use common::{run, run_with_stdin, write};

fn plimsoll() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
    command.env_remove("NO_COLOR");
    command
}

const BAD: &str = "FROM debian:12\nMAINTAINER Jane <j@example.com>\nWORKDIR app\n";
const CLEAN: &str =
    "FROM debian:12\nLABEL org.opencontainers.image.title=\"demo\"\nWORKDIR /app\nUSER 10001\n";

#[test]
fn lint_searches_directories_and_exits_1_on_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "svc/Dockerfile", BAD);
    write(dir.path(), "svc/api.Dockerfile", CLEAN);
    write(dir.path(), "README.md", BAD);
    let (stdout, _, code) = run(plimsoll().current_dir(dir.path()).args([
        "lint",
        "--format",
        "concise",
        "--select",
        "DL3000,DL4000",
    ]));
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "svc/Dockerfile:2:1: DL4000 MAINTAINER is deprecated\nsvc/Dockerfile:3:9: DL3000 Use absolute WORKDIR\n"
    );
}

#[test]
fn lint_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", CLEAN);
    write(dir.path(), "bad.Dockerfile", BAD);
    let clean = dir.path().join("Dockerfile");
    let bad = dir.path().join("bad.Dockerfile");
    assert_eq!(run(plimsoll().arg("lint").arg(&clean)).2, 0);
    assert_eq!(run(plimsoll().arg("lint").arg(&bad)).2, 1);
    assert_eq!(run(plimsoll().args(["lint", "--exit-zero"]).arg(&bad)).2, 0);
    assert_eq!(
        run(plimsoll()
            .args(["lint", "--select", "DL3000,DL4000", "--ignore", "DL"])
            .arg(&bad))
        .2,
        0
    );
    assert_eq!(
        run(plimsoll().args(["lint", "--select", "DL3000"]).arg(&bad)).2,
        1
    );
    // A missing file is an error (2), reported with its name; the other files are still linted.
    let (stdout, stderr, code) = run(plimsoll()
        .args(["lint", "-f", "concise"])
        .arg(&bad)
        .arg(dir.path().join("missing/Dockerfile")));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("missing/Dockerfile: No such file or directory"),
        "{stderr}"
    );
    assert!(stdout.contains("DL4000"));
    // An unknown selector is a usage error.
    let (_, stderr, code) = run(plimsoll().args(["lint", "--select", "XX9"]).arg(&clean));
    assert_eq!(code, 2);
    assert!(stderr.contains("`XX9` selects no rule"), "{stderr}");
}

#[test]
fn lint_reads_stdin_and_shows_code_frames_for_parse_errors() {
    let (stdout, _, code) = run_with_stdin(
        plimsoll().args(["lint", "-f", "full", "--stdin-filename", "Dockerfile", "-"]),
        b"FROM alpine:3\nENV\n",
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("error[DL1000]"), "{stdout}");
    assert!(stdout.contains("--> Dockerfile:2:1"), "{stdout}");
    assert!(stdout.contains("2 | ENV"), "{stdout}");
}

#[test]
fn fix_rewrites_only_what_it_fixes_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", BAD);
    let path = dir.path().join("Dockerfile");
    let (stdout, _, code) = run(plimsoll()
        .args([
            "lint",
            "--fix",
            "-f",
            "concise",
            "--select",
            "DL3000,DL4000",
        ])
        .arg(&path));
    assert_eq!(code, 1, "DL3000 has no fix and remains");
    assert!(
        stdout.contains("DL3000") && !stdout.contains("DL4000"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "FROM debian:12\nLABEL org.opencontainers.image.authors=\"Jane <j@example.com>\"\nWORKDIR app\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn hadolint_drop_in_prints_hadolint_tty_and_exits_like_hadolint() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", BAD);
    let (stdout, _, code) =
        run(plimsoll()
            .current_dir(dir.path())
            .args(["hadolint", "--no-color", "Dockerfile"]));
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "Dockerfile:2 DL4000 error: MAINTAINER is deprecated\nDockerfile:3 DL3000 error: Use absolute WORKDIR\n"
    );
    // Severity overrides, the failure threshold and --no-fail.
    let (stdout, _, code) = run(plimsoll().current_dir(dir.path()).args([
        "hadolint",
        "--no-color",
        "--style",
        "DL4000",
        "--ignore",
        "DL3000",
        "Dockerfile",
    ]));
    assert_eq!(
        stdout,
        "Dockerfile:2 DL4000 style: MAINTAINER is deprecated\n"
    );
    assert_eq!(code, 0, "style is below the default threshold (info)");
    let (_, _, code) = run(plimsoll().current_dir(dir.path()).args([
        "hadolint",
        "-t",
        "none",
        "--style",
        "DL4000",
        "Dockerfile",
    ]));
    assert_eq!(code, 1, "`-t none` fails on anything, as in hadolint");
    assert_eq!(
        run(plimsoll()
            .current_dir(dir.path())
            .args(["hadolint", "--no-fail", "Dockerfile"]))
        .2,
        0
    );
    // No file: hadolint's message and exit 1; usage errors exit 1 too.
    let (stdout, _, code) = run(plimsoll().arg("hadolint"));
    assert_eq!(
        (stdout.as_str(), code),
        ("Please provide a Dockerfile\n", 1)
    );
    assert_eq!(run(plimsoll().args(["hadolint", "-f", "xml", "x"])).2, 1);
}

#[test]
fn hadolint_output_pairs_formats_with_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", BAD);
    let (stdout, _, _) = run(plimsoll().current_dir(dir.path()).args([
        "hadolint",
        "-f",
        "json",
        "-o",
        "out.json",
        "-f",
        "gnu",
        "Dockerfile",
    ]));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap())
            .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[0]["code"], "DL4000");
    assert!(
        stdout.starts_with("hadolint:Dockerfile:2: DL4000"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn invoked_as_hadolint_is_the_drop_in() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", BAD);
    let link = dir.path().join("hadolint");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_plimsoll"), &link).unwrap();
    let output = Command::new(&link)
        .current_dir(dir.path())
        .args(["--no-color", "Dockerfile"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .starts_with("Dockerfile:2 DL4000 error:")
    );
}

#[test]
fn rule_prints_documentation_and_rules_lists_all() {
    let (stdout, _, code) = run(plimsoll().args(["rule", "DL4000"]));
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("# DL4000 (maintainer-deprecated)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("## What it does\nChecks for the `MAINTAINER` instruction."));
    assert_eq!(run(plimsoll().args(["rule", "DL9999"])).2, 2);
    let (stdout, _, _) = run(plimsoll().args(["rules", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        rows.as_array().unwrap().len(),
        plimsoll_linter::all_rules().len()
    );
}

#[test]
fn build_context_is_the_dockerfile_directory_or_context() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/Dockerfile",
        "FROM alpine:3.20\nCOPY secret.txt /\n",
    );
    write(dir.path(), "app/.dockerignore", "secret.txt\n");
    let lint = |extra: &[&str]| {
        run(plimsoll()
            .current_dir(dir.path())
            .args(["lint", "-f", "concise", "--select", "CopyIgnoredFile"])
            .args(extra)
            .arg("app/Dockerfile"))
    };
    let (stdout, _, code) = lint(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "app/Dockerfile:2:6: CopyIgnoredFile Attempting to Copy file \"secret.txt\" that is excluded by .dockerignore\n"
    );
    // Another context without an ignore file: nothing is excluded.
    assert_eq!(lint(&["--context", "."]), (String::new(), String::new(), 0));
    // A broken ignore file fails the build, so it is an error naming the file and line.
    write(dir.path(), "app/.dockerignore", "[\n");
    let (_, stderr, code) = lint(&[]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".dockerignore:1:"), "{stderr}");
}

#[test]
fn fixing_stdin_prints_the_fixed_text_and_reports_on_stderr() {
    let (stdout, stderr, code) = run_with_stdin(
        plimsoll().args([
            "lint",
            "--fix",
            "--select",
            "DL3000,DL4000",
            "-f",
            "concise",
            "-",
        ]),
        BAD.as_bytes(),
    );
    assert_eq!(
        stdout,
        "FROM debian:12\nLABEL org.opencontainers.image.authors=\"Jane <j@example.com>\"\nWORKDIR app\n"
    );
    assert_eq!(stderr, "-:3:9: DL3000 Use absolute WORKDIR\n");
    assert_eq!(code, 1);
}

/// Offsets are 32-bit: a file over 4 GiB is refused by size, before it is read (the test file is
/// sparse, so it takes no disk space), by `lint` and by the drop-in.
#[test]
fn files_over_4_gib_are_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("Dockerfile");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(u64::from(u32::MAX) + 1)
        .unwrap();
    // The drop-in exits as hadolint does on an unreadable file (1), with GHC's wording.
    for (command, expected_code) in [("lint", 2), ("hadolint", 1)] {
        let (_, stderr, code) = run(plimsoll().arg(command).arg(&huge));
        assert_eq!(code, expected_code, "{command}: {stderr}");
        assert!(stderr.contains("larger than 4 GiB"), "{command}: {stderr}");
    }
}
