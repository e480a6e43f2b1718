//! Configuration end to end: `plimsoll lint` finding `plimsoll.toml` / `.hadolint.yaml` per
//! Dockerfile, `--config`, errors and warnings; `plimsoll hadolint` reading configuration as
//! hadolint 2.15.1 does (search order, `-c`, `HADOLINT_*`, `-V`), compared with the real binary
//! when it is installed.

use std::path::Path;
use std::process::Command;

mod common;
use common::{run, write};

/// plimsoll with an empty environment and `home` as its home directory, so no configuration
/// of the machine running the tests leaks in.
fn plimsoll(cwd: &Path, home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
    command.current_dir(cwd).env_clear().env("HOME", home);
    command
}

const BAD: &str = "FROM debian:12\nMAINTAINER Jane <j@example.com>\nWORKDIR app\n";

struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("work")).unwrap();
        Self { dir }
    }

    fn home(&self) -> std::path::PathBuf {
        self.dir.path().join("home")
    }

    fn work(&self) -> std::path::PathBuf {
        self.dir.path().join("work")
    }

    fn lint(&self, args: &[&str]) -> (String, String, i32) {
        run(plimsoll(&self.work(), &self.home())
            .args(["lint", "--select", "DL3000,DL4000"])
            .args(args))
    }

    fn hadolint(&self, args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
        let mut command = plimsoll(&self.work(), &self.home());
        command.arg("hadolint").args(args);
        for (name, value) in env {
            command.env(name, value);
        }
        run(&mut command)
    }
}

#[test]
fn lint_uses_the_nearest_configuration_of_each_dockerfile() {
    let tree = Tree::new();
    let work = tree.work();
    write(&work, "Dockerfile", BAD);
    write(&work, "svc/api/Dockerfile", BAD);
    write(&work, "svc/web/Dockerfile", BAD);
    write(
        &work,
        "plimsoll.toml",
        "[lint]\nignore = [\"DL4000\"]\nformat = \"concise\"\n",
    );
    write(&work, "svc/.hadolint.yaml", "ignored: [DL3000]\n");
    // In one directory plimsoll.toml wins over .hadolint.yaml.
    write(&work, "svc/web/plimsoll.toml", "[lint]\n");
    write(
        &work,
        "svc/web/.hadolint.yaml",
        "ignored: [DL3000, DL4000]\n",
    );
    let (stdout, stderr, code) = tree.lint(&[]);
    assert_eq!(
        stdout,
        "Dockerfile:3:9: DL3000 Use absolute WORKDIR\n\
svc/api/Dockerfile:2:1: DL4000 MAINTAINER is deprecated\n\
svc/web/Dockerfile:2:1: DL4000 MAINTAINER is deprecated\n\
svc/web/Dockerfile:3:9: DL3000 Use absolute WORKDIR\n",
        "{stderr}"
    );
    assert_eq!(code, 1);

    // --config replaces the search for every Dockerfile.
    let (stdout, _, _) = tree.lint(&["--config", "svc/.hadolint.yaml", "--format", "concise"]);
    assert_eq!(
        stdout,
        "Dockerfile:2:1: DL4000 MAINTAINER is deprecated\n\
svc/api/Dockerfile:2:1: DL4000 MAINTAINER is deprecated\n\
svc/web/Dockerfile:2:1: DL4000 MAINTAINER is deprecated\n"
    );
}

#[test]
fn lint_output_options_come_from_the_current_directory() {
    let tree = Tree::new();
    let work = tree.work();
    write(&work, "Dockerfile", BAD);
    write(
        &work,
        "plimsoll.toml",
        "[lint]\nformat = \"json\"\nfailure-threshold = \"error\"\n[lint.severity]\nDL4000 = \"warning\"\nDL3000 = \"info\"\n",
    );
    let (stdout, _, code) = tree.lint(&[]);
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(findings[0]["level"], "warning");
    assert_eq!(code, 0, "nothing reaches the error threshold");
    // The command line beats the file.
    let (stdout, _, code) = tree.lint(&["--format", "concise", "-t", "warning"]);
    assert!(stdout.starts_with("Dockerfile:2:1: DL4000"), "{stdout}");
    assert_eq!(code, 1);
    write(&work, "plimsoll.toml", "[lint]\nno-fail = true\n");
    assert_eq!(tree.lint(&[]).2, 0);
}

#[test]
fn lint_reports_configuration_errors_with_positions_and_exits_2() {
    let tree = Tree::new();
    let work = tree.work();
    write(&work, "a/Dockerfile", BAD);
    write(&work, "a/b/Dockerfile", BAD);
    write(&work, "c/Dockerfile", BAD);
    write(
        &work,
        "a/.hadolint.yaml",
        "ignored: [DL3000]\nignord: [DL4000]\n",
    );
    write(&work, "c/plimsoll.toml", "[lint]\nignore = [\"SC2086\"]\n");
    let (stdout, stderr, code) = tree.lint(&["--format", "concise"]);
    assert_eq!(code, 2);
    let config = work.join("a/.hadolint.yaml").display().to_string();
    // Reported once for both Dockerfiles it governs; they are skipped, the others linted.
    assert_eq!(
        stderr.matches("unknown key `ignord`").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "plimsoll: error: {config}:2:1: unknown key `ignord`; did you mean `ignored`?"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("plimsoll: warning: ")
            && stderr.contains("`SC2086` is not a rule plimsoll has; ignored"),
        "{stderr}"
    );
    assert!(!stdout.contains("a/"), "{stdout}");
    assert!(stdout.contains("c/Dockerfile:2:1: DL4000"), "{stdout}");

    let (_, stderr, code) = tree.lint(&["--config", "missing.toml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("missing.toml: No such file or directory"),
        "{stderr}"
    );
}

#[test]
fn hadolint_reads_configuration_like_hadolint() {
    let tree = Tree::new();
    let work = tree.work();
    write(&work, "Dockerfile", BAD);
    // The home directory's file is used when the current directory has none.
    write(
        &tree.home(),
        ".hadolint.yaml",
        "ignored: [DL4000]\nno-color: true\n",
    );
    let (stdout, _, code) = tree.hadolint(&["Dockerfile"], &[]);
    assert_eq!(stdout, "Dockerfile:3 DL3000 error: Use absolute WORKDIR\n");
    assert_eq!(code, 1);
    // Environment, file and command line combine; --error wins over the file's style.
    write(
        &work,
        ".hadolint.yaml",
        "override:\n  style: [DL3000]\nfailure-threshold: warning\n",
    );
    let (stdout, _, code) = tree.hadolint(
        &["--no-color", "Dockerfile"],
        &[("HADOLINT_IGNORE", "DL4000")],
    );
    assert_eq!(stdout, "Dockerfile:3 DL3000 style: Use absolute WORKDIR\n");
    assert_eq!(code, 0, "style is below the file's threshold");
    let (stdout, _, _) = tree.hadolint(
        &[
            "--no-color",
            "--error",
            "DL3000",
            "-c",
            "../home/.hadolint.yaml",
            "Dockerfile",
        ],
        &[],
    );
    assert_eq!(stdout, "Dockerfile:3 DL3000 error: Use absolute WORKDIR\n");
    // NO_COLOR is a configuration source.
    let (stdout, _, _) = tree.hadolint(&["Dockerfile"], &[("NO_COLOR", "")]);
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
}

#[test]
fn hadolint_drops_a_bad_file_and_dies_on_a_missing_one() {
    let tree = Tree::new();
    let work = tree.work();
    write(&work, "Dockerfile", BAD);
    write(&work, ".hadolint.yaml", "ignored: DL4000\n");
    let (stdout, stderr, code) = tree.hadolint(&["--no-color", "Dockerfile"], &[]);
    assert!(
        stderr.starts_with(&format!(
            "\"Error parsing your config file in  '{}':\\nIt should contain",
            work.join(".hadolint.yaml").display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("expected !!seq instead of !!str\\n\"\n"),
        "{stderr}"
    );
    assert!(
        stdout.contains("DL4000"),
        "the whole file is ignored: {stdout}"
    );
    assert_eq!(code, 1);

    let (stdout, stderr, code) = tree.hadolint(&["-c", "nope.yaml", "Dockerfile"], &[]);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "hadolint: nope.yaml: withBinaryFile: does not exist (No such file or directory)\n"
    );
    assert_eq!(code, 1);
}

/// `-V` prints the same stderr as hadolint 2.15.1 for a discovered file, a `-c` file with an
/// error, and no file.
#[test]
fn hadolint_verbose_matches_the_binary() {
    let Some(hadolint) = plimsoll_testing::hadolint_binary("hadolint_verbose_matches_the_binary")
    else {
        return;
    };
    let tree = Tree::new();
    let work = tree.work();
    write(&work, "Dockerfile", BAD);
    write(&work, "bad.yml", "formats: [json]\nno-fail: yes\n");
    let cases: [(&[&str], Option<&str>); 3] = [
        (&["-V", "Dockerfile"], None),
        (
            &["-V", "--no-fail", "--require-label", "a:url", "Dockerfile"],
            Some("label-schema:\n  b: email\ntrustedRegistries: [x.io]\nformat: gnu\n"),
        ),
        (&["-V", "-c", "bad.yml", "-f", "sarif", "Dockerfile"], None),
    ];
    for (args, yaml) in cases {
        match yaml {
            Some(yaml) => write(&work, ".hadolint.yaml", yaml),
            None => {
                let _ = std::fs::remove_file(work.join(".hadolint.yaml"));
            }
        }
        let env = [("HADOLINT_IGNORE", "DL3000,SC2086"), ("NO_COLOR", "1")];
        let mut reference = Command::new(&hadolint);
        reference
            .current_dir(&work)
            .env_clear()
            .env("HOME", tree.home())
            .args(args);
        for (name, value) in env {
            reference.env(name, value);
        }
        let (expected_out, expected_err, expected_code) = run(&mut reference);
        let (stdout, stderr, code) = tree.hadolint(args, &env);
        assert_eq!(stderr, expected_err, "stderr for {args:?}");
        assert_eq!(code, expected_code, "exit code for {args:?}");
        // The tty/gnu lines match for the rules plimsoll has (hadolint's order of findings on
        // one line is not stable: compare them sorted).
        if !args.contains(&"sarif") {
            let sorted = |text: &str| {
                let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
                lines.sort();
                lines
            };
            let implemented: Vec<String> = sorted(&expected_out)
                .into_iter()
                .filter(|line| {
                    line.split_whitespace()
                        .find(|word| word.starts_with("DL") || word.starts_with("SC"))
                        .is_some_and(|code| plimsoll_linter::rule_by_code(code).is_some())
                })
                .collect();
            let stdout = sorted(&stdout);
            assert_eq!(stdout, implemented, "stdout for {args:?}");
        }
    }
}
