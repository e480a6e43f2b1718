//! The `plimsoll` command line: argument parsing, dispatch and exit codes.
//!
//! Only this crate knows about the terminal, files and processes; the library crates take text
//! and return data.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod commands;
mod discovery;

use args::{Cli, Command};

// Linting thousands of files and indexing image layers allocate many small, short-lived
// objects on several threads; mimalloc takes a fifth or more off the CPU time glibc's malloc
// spends there (measured in the README's benchmarks).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes shared by every subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing to report.
    Success,
    /// Findings (or a failed gate).
    Failure,
    /// Usage, configuration or I/O error.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    let mut argv = std::env::args_os();
    let program = argv.next().unwrap_or_default();
    // Installed (or symlinked) as `hadolint`, plimsoll is the drop-in.
    let invoked_as_hadolint = std::path::Path::new(&program)
        .file_stem()
        .is_some_and(|stem| stem == "hadolint");
    let result = if invoked_as_hadolint {
        commands::hadolint::run(argv.collect())
    } else {
        let cli = Cli::parse();
        match cli.command {
            Command::Lint(args) => commands::lint::run(&args),
            Command::Hadolint(args) => commands::hadolint::run(args.args),
            Command::Rule(args) => commands::rule::run_rule(&args),
            Command::Rules(args) => commands::rule::run_rules(&args),
            Command::Debug(args) => commands::debug::run(&args),
            Command::Image(args) => commands::image::run(&args),
            Command::Init(args) => commands::init::run(&args),
        }
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("plimsoll: error: {error:#}");
            }
            ExitStatus::Error.into()
        }
    }
}
