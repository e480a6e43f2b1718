//! Helpers shared by the CLI test files.

#![allow(dead_code)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `command`, returning stdout, stderr and the exit code.
pub fn run(command: &mut Command) -> (String, String, i32) {
    strings(command.output().expect("plimsoll runs"))
}

/// Like [`run`], with `input` on standard input.
pub fn run_with_stdin(command: &mut Command, input: &[u8]) -> (String, String, i32) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("plimsoll runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    strings(child.wait_with_output().unwrap())
}

fn strings(output: Output) -> (String, String, i32) {
    let Output {
        status,
        stdout,
        stderr,
    } = output;
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
