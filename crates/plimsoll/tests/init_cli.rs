//! `plimsoll init`: writes the three files, never replaces files without `--force`, prints
//! with `--dry-run`, and fails with exit 2 and a clear message on bad input.

use std::path::Path;
use std::process::Command;

mod common;
use common::{run, write};

fn plimsoll(args: &[&str], dir: &Path) -> (String, String, i32) {
    run(Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .args(args)
        .current_dir(dir))
}

fn flask_project(dir: &Path) {
    write(dir, "requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n");
    write(
        dir,
        "app.py",
        "from flask import Flask\napp = Flask(__name__)\n",
    );
}

#[test]
fn writes_the_three_files_in_the_current_directory() {
    let temp = tempfile::tempdir().unwrap();
    flask_project(temp.path());
    let (stdout, stderr, code) = plimsoll(&["init"], temp.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("Flask app `app:app`"), "{stderr}");
    for name in ["Dockerfile", "Dockerfile.distroless", ".dockerignore"] {
        assert!(stderr.contains(&format!("wrote ./{name}")), "{stderr}");
        assert!(temp.path().join(name).is_file(), "{name}");
    }
    let dockerfile = std::fs::read_to_string(temp.path().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains(r#"CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]"#));
    // No temporary files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(temp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .contains("plimsoll-init")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The written files lint clean with the plimsoll binary itself.
    let (stdout, stderr, code) = plimsoll(
        &["lint", "Dockerfile", "Dockerfile.distroless"],
        temp.path(),
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let temp = tempfile::tempdir().unwrap();
    flask_project(temp.path());
    write(temp.path(), ".dockerignore", "mine\n");
    let (_, stderr, code) = plimsoll(&["init", "."], temp.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("./.dockerignore already exists"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(
        !temp.path().join("Dockerfile").exists(),
        "nothing is written"
    );
    assert_eq!(
        std::fs::read_to_string(temp.path().join(".dockerignore")).unwrap(),
        "mine\n"
    );

    let (_, stderr, code) = plimsoll(&["init", "--force", "."], temp.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(temp.path().join("Dockerfile").is_file());
    assert_ne!(
        std::fs::read_to_string(temp.path().join(".dockerignore")).unwrap(),
        "mine\n"
    );
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let project = temp.path().join("svc");
    flask_project(&project);
    for flag in ["--dry-run", "--stdout"] {
        let (stdout, stderr, code) = plimsoll(&["init", flag, "svc"], temp.path());
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.starts_with("# ==> Dockerfile <==\n# syntax=docker/dockerfile:1\n"),
            "{stdout}"
        );
        assert!(stdout.contains("# ==> Dockerfile.distroless <==\n"));
        assert!(stdout.contains("# ==> .dockerignore <==\n"));
        assert!(!project.join("Dockerfile").exists());
    }
}

#[test]
fn bad_input_exits_2_naming_what_was_looked_for() {
    let temp = tempfile::tempdir().unwrap();
    let (_, stderr, code) = plimsoll(&["init", "missing"], temp.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("missing: no such directory"), "{stderr}");

    let (_, stderr, code) = plimsoll(&["init"], temp.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("looked for requirements.txt, pyproject.toml, Pipfile"),
        "{stderr}"
    );

    flask_project(&temp.path().join("app"));
    let (_, stderr, code) = plimsoll(&["init"], temp.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("run `plimsoll init ./app`"), "{stderr}");
    std::fs::remove_dir_all(temp.path().join("app")).unwrap();

    write(temp.path(), "requirements.txt", "requests==2.32.3\n");
    let (_, stderr, code) = plimsoll(&["init"], temp.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no web framework found (looked for Flask, FastAPI or Django"),
        "{stderr}"
    );

    write(temp.path(), "requirements.txt", "fastapi==0.115.0\n");
    let (_, stderr, code) = plimsoll(&["init"], temp.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("found FastAPI in the dependencies but not the app"),
        "{stderr}"
    );

    write(temp.path(), "pyproject.toml", "[project\n");
    std::fs::remove_file(temp.path().join("requirements.txt")).unwrap();
    let (_, stderr, code) = plimsoll(&["init"], temp.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("pyproject.toml: invalid TOML"), "{stderr}");
}
