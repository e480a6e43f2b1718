//! Helpers shared by the CLI test files.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `command`, returning stdout, stderr and the exit code.
pub fn run(command: &mut Command) -> (String, String, i32) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("plimsoll runs");
    (
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
        status.code().expect("exit code"),
    )
}

/// Writes `text` to `dir/name`, creating folders.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
