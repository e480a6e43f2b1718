//! The hadolint 2.15.1 drop-in: `plimsoll hadolint ARGS` or the binary invoked as `hadolint`.
//!
//! Flags, configuration, output and exit codes are hadolint's (see `../shared/spec/hadolint.md`
//! §1 and §4): exit 0 or 1 only; no directory search; `.hadolint.yaml` found as hadolint finds
//! it, `HADOLINT_*` variables; `-f`/`-o` pairs; `tty` coloured unless `--no-color`/`NO_COLOR`.

use std::ffi::OsString;
use std::io::Write;

use anyhow::Result;
use clap::Parser;
use plimsoll_linter::config::{
    FailureThreshold, HADOLINT_FORMATS, HadolintConfig, Overrides, SearchDirs, load_for_hadolint,
    parse_label_requirement,
};
use plimsoll_report::{Flavor, OutputFormat};
use plimsoll_text::Severity;
use rayon::prelude::*;

use super::lint::{LintedFile, read_input, render_files};
use crate::ExitStatus;
use crate::args::HadolintArgs;
use crate::discovery::Input;

/// Runs hadolint's command line; `args` excludes the program name.
pub fn run(args: Vec<OsString>) -> Result<ExitStatus> {
    let args = strip_rts_options(args);
    let parsed =
        match HadolintArgs::try_parse_from(std::iter::once(OsString::from("hadolint")).chain(args))
        {
            Ok(parsed) => parsed,
            Err(error) => {
                let _ = error.print();
                // hadolint (optparse) exits 0 for --help and 1 for every usage error.
                return Ok(if error.use_stderr() {
                    ExitStatus::Failure
                } else {
                    ExitStatus::Success
                });
            }
        };
    run_parsed(&parsed)
}

/// GHC runtime options (`+RTS -N2 -RTS`) are accepted by hadolint and mean nothing here.
fn strip_rts_options(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut in_rts = false;
    for arg in args {
        if arg == "+RTS" {
            in_rts = true;
        } else if arg == "-RTS" {
            in_rts = false;
        } else if !in_rts {
            out.push(arg);
        }
    }
    out
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn run_parsed(args: &HadolintArgs) -> Result<ExitStatus> {
    // Invalid flag values are option-parser errors: hadolint stops before anything else.
    for name in &args.formats {
        if !HADOLINT_FORMATS.contains(&name.as_str()) {
            eprintln!(
                "option -f: Invalid value `{name}'. Acceptable values are: tty, json, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, sarif, junit"
            );
            return Ok(ExitStatus::Failure);
        }
    }
    let failure_threshold = match args.failure_threshold.as_deref() {
        None => None,
        Some(name) => match FailureThreshold::parse(name) {
            Some(threshold) => Some(threshold),
            None => {
                eprintln!(
                    "option -t: Invalid value `{name}'. Acceptable values are: error, warning, info, style, ignore, none"
                );
                return Ok(ExitStatus::Failure);
            }
        },
    };
    let mut label_schema = Vec::new();
    for requirement in &args.require_labels {
        match parse_label_requirement(requirement) {
            Ok(label) => label_schema.push(label),
            Err(message) => {
                eprintln!("option --require-label: {message}");
                return Ok(ExitStatus::Failure);
            }
        }
    }
    let flag = |set: bool| set.then_some(true);
    let cli = HadolintConfig {
        no_fail: flag(args.no_fail),
        no_color: flag(args.no_color),
        verbose: flag(args.verbose),
        formats: args.formats.clone(),
        failure_threshold,
        overrides: Overrides {
            error: args.error.clone(),
            warning: args.warning.clone(),
            info: args.info.clone(),
            style: args.style.clone(),
        },
        ignored: args.ignore.clone(),
        trusted_registries: args.trusted_registries.clone(),
        label_schema,
        strict_labels: flag(args.strict_labels),
        disable_ignore_pragma: flag(args.disable_ignore_pragma),
    };

    // hadolint reads its configuration before anything else, even for --version.
    let env = |name: &str| std::env::var(name).ok();
    let dirs = SearchDirs::from_env(std::env::current_dir()?, env);
    let load = match load_for_hadolint(cli, args.config.as_deref(), env, &dirs) {
        Ok(load) => load,
        Err(failure) => {
            for line in &failure.stderr {
                eprintln!("{line}");
            }
            eprintln!("{}", failure.error.hadolint_message());
            return Ok(ExitStatus::Failure);
        }
    };
    for line in &load.stderr {
        eprintln!("{line}");
    }
    if args.version {
        println!(
            "Haskell Dockerfile Linter 2.15.1 (plimsoll {})",
            env!("CARGO_PKG_VERSION")
        );
        return Ok(ExitStatus::Success);
    }
    if args.dockerfiles.is_empty() {
        println!("Please provide a Dockerfile");
        return Ok(ExitStatus::Failure);
    }
    let formats = load
        .options
        .formats
        .iter()
        .map(|name| name.parse::<OutputFormat>())
        .collect::<Result<Vec<_>, _>>()?;
    let threshold = load.options.failure_threshold.unwrap_or(Severity::Info);
    let settings = load.settings;

    let inputs: Vec<Input> = args
        .dockerfiles
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::File(path.clone())
            }
        })
        .collect();
    let results: Vec<_> = inputs
        .par_iter()
        .map(|input| {
            let (name, source, _) = read_input(input, None)?;
            let diagnostics = plimsoll_linter::lint(&source, &settings);
            Ok::<_, super::lint::InputError>(LintedFile {
                // hadolint prints paths exactly as given.
                name: match input {
                    Input::File(path) => path.to_string_lossy().into_owned(),
                    Input::Stdin => name,
                },
                from_stdin: *input == Input::Stdin,
                source,
                diagnostics,
            })
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(error) => {
                // hadolint dies on the first unreadable file with GHC's exception text: the
                // IOErrorType, then the system's message.
                let kind = match error.kind {
                    std::io::ErrorKind::NotFound => "does not exist",
                    std::io::ErrorKind::PermissionDenied => "permission denied",
                    std::io::ErrorKind::FileTooLarge | std::io::ErrorKind::OutOfMemory => {
                        "resource exhausted"
                    }
                    _ => "failed",
                };
                eprintln!(
                    "hadolint: {}: withBinaryFile: {kind} ({})",
                    error.name, error.message
                );
                return Ok(ExitStatus::Failure);
            }
        }
    }

    // NO_COLOR is one of hadolint's configuration sources.
    let color = !load.options.no_color;
    let mut jobs: Vec<(OutputFormat, Option<&std::path::PathBuf>)> = Vec::new();
    let mut outputs = args.outputs.iter();
    for &format in &formats {
        jobs.push((format, outputs.next()));
    }
    for output in outputs {
        jobs.push((OutputFormat::Tty, Some(output)));
    }
    if jobs.is_empty() {
        jobs.push((OutputFormat::Tty, None));
    }
    for (format, output) in jobs {
        let path_in_report = args.file_path_in_report.as_deref();
        match output {
            Some(path) => {
                let mut buffer = Vec::new();
                render_files(
                    &files,
                    format,
                    Flavor::Hadolint,
                    false,
                    path_in_report,
                    &mut buffer,
                )?;
                std::fs::write(path, buffer)
                    .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
            }
            None => {
                let color = color && format == OutputFormat::Tty;
                let mut stdout = std::io::stdout().lock();
                render_files(
                    &files,
                    format,
                    Flavor::Hadolint,
                    color,
                    path_in_report,
                    &mut stdout,
                )?;
                stdout.flush()?;
            }
        }
    }

    let never_fails = load.options.no_fail
        || formats
            .iter()
            .any(|format| matches!(format, OutputFormat::Codeclimate | OutputFormat::Codacy));
    let failed = files
        .iter()
        .flat_map(|file| &file.diagnostics)
        .any(|diagnostic| {
            diagnostic.code == plimsoll_linter::PARSE_ERROR_CODE
                || diagnostic.severity.at_least(threshold)
        });
    Ok(if failed && !never_fails {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
