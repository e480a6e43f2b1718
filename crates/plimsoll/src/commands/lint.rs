//! `plimsoll lint`: find Dockerfiles, lint them in parallel, fix what can be fixed, report.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plimsoll_linter::config::{ConfigError, LintConfigs, LintOverrides};
use plimsoll_linter::{LintContext, LinterSettings, rule_by_code};
use plimsoll_report::{FileReport, Flavor, OutputFormat, RenderOptions, RuleInfo};
use plimsoll_text::{Applicability, Diagnostic, Severity};
use rayon::prelude::*;

use crate::ExitStatus;
use crate::args::LintArgs;
use crate::discovery::{Input, discover};

/// One linted input.
pub struct LintedFile {
    /// The name reports print: the path as found, or `-`.
    pub name: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Read from standard input.
    pub from_stdin: bool,
}

/// An input that could not be read (or written back).
pub struct InputError {
    pub name: String,
    pub message: String,
    /// What went wrong, for the drop-in's GHC-style message.
    pub kind: std::io::ErrorKind,
}

/// What `--fix` does to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    Off,
    Apply(Applicability),
}

pub fn run(args: &LintArgs) -> Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the current directory")?;
    let configs = LintConfigs::new(
        cwd.clone(),
        LintOverrides {
            config_file: args.config.clone(),
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            failure_threshold: args.failure_threshold,
            format: args.format.clone(),
            no_fail: args.exit_zero.then_some(true),
            no_color: args.no_color.then_some(true),
        },
    );
    let mut messages = ConfigMessages::default();
    // Output options are one per run: the configuration governing the current directory's.
    let root = match configs.for_directory(&cwd) {
        Ok(root) => root,
        Err(error) => {
            messages.error(&error);
            return Ok(ExitStatus::Error);
        }
    };
    messages.warnings(&root.options.warnings);
    let options = &root.options;

    let format = match options.formats.last() {
        Some(name) => name
            .parse::<OutputFormat>()
            .map_err(|error| anyhow::anyhow!("{error}"))?,
        None if std::io::stdout().is_terminal() => OutputFormat::Full,
        None => OutputFormat::Concise,
    };
    let fix_mode = if args.fix {
        FixMode::Apply(if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        })
    } else {
        FixMode::Off
    };

    let (inputs, discovery_errors) = discover(&args.paths);
    let mut had_error = false;
    for error in &discovery_errors {
        had_error = true;
        eprintln_error(&format!("{}: {}", error.path.display(), error.message));
    }
    let stdin_name = args.stdin_filename.as_deref();
    // Each Dockerfile's settings come from the configuration file nearest to it; a broken
    // one is reported once and its Dockerfiles are skipped.
    let mut configured = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let config = match input {
            Input::File(path) => configs.for_file(path),
            Input::Stdin => match stdin_name {
                Some(name) => configs.for_file(Path::new(name)),
                None => configs.for_directory(&cwd),
            },
        };
        match config {
            Ok(config) => {
                messages.warnings(&config.options.warnings);
                configured.push((input, config));
            }
            Err(error) => {
                had_error = true;
                messages.error(&error);
            }
        }
    }
    let results: Vec<Result<(LintedFile, usize), InputError>> = configured
        .par_iter()
        .map(|(input, config)| {
            let context = build_context(input, args.context.as_deref());
            lint_input(input, &config.settings, &context, fix_mode, stdin_name)
        })
        .collect();

    let mut files = Vec::new();
    let mut fixed = 0;
    for result in results {
        match result {
            Ok((file, applied)) => {
                fixed += applied;
                files.push(file);
            }
            Err(error) => {
                had_error = true;
                eprintln_error(&format!("{}: {}", error.name, error.message));
            }
        }
    }

    // `--fix -` prints the fixed text on stdout (for editors and pipes, as ruff does) and the
    // report on stderr.
    let fixed_stdin = fix_mode != FixMode::Off && inputs.contains(&Input::Stdin);
    if fixed_stdin && let Some(file) = files.iter().find(|file| file.from_stdin) {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(file.source.as_bytes())?;
        stdout.flush()?;
    }
    // With `--fix -` the fixed text owns stdout, so the report goes to stderr.
    let (mut report, report_to_terminal): (Box<dyn Write>, bool) = if fixed_stdin {
        let stderr = std::io::stderr();
        let terminal = stderr.is_terminal();
        (Box::new(stderr.lock()), terminal)
    } else {
        let stdout = std::io::stdout();
        let terminal = stdout.is_terminal();
        (Box::new(stdout.lock()), terminal)
    };
    let color = !options.no_color && std::env::var_os("NO_COLOR").is_none() && report_to_terminal;
    render_files(&files, format, Flavor::Plimsoll, color, None, &mut report)?;
    drop(report);

    let findings: usize = files.iter().map(|file| file.diagnostics.len()).sum();
    let human = matches!(
        format,
        OutputFormat::Full | OutputFormat::Concise | OutputFormat::Tty
    );
    if human && (std::io::stderr().is_terminal() || args.show_summary) {
        print_summary(&files, findings, fixed, fix_mode);
    }

    let threshold = options.failure_threshold.unwrap_or(Severity::Style);
    let failed = files
        .iter()
        .flat_map(|file| &file.diagnostics)
        .any(|diagnostic| diagnostic.severity.at_least(threshold));
    Ok(if had_error {
        ExitStatus::Error
    } else if failed && !options.no_fail {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Configuration errors and warnings, each printed once however many Dockerfiles share the
/// file they come from.
#[derive(Default)]
struct ConfigMessages {
    seen: std::collections::HashSet<String>,
}

impl ConfigMessages {
    fn error(&mut self, error: &ConfigError) {
        let text = error.to_string();
        if self.seen.insert(text.clone()) {
            for line in text.lines() {
                eprintln_error(line);
            }
        }
    }

    #[allow(clippy::print_stderr)]
    fn warnings(&mut self, warnings: &[String]) {
        for warning in warnings {
            if self.seen.insert(warning.clone()) {
                eprintln!("plimsoll: warning: {warning}");
            }
        }
    }
}

fn print_summary(files: &[LintedFile], findings: usize, fixed: usize, fix_mode: FixMode) {
    let fixable = files
        .iter()
        .flat_map(|file| &file.diagnostics)
        .filter(|diagnostic| diagnostic.fix.is_some())
        .count();
    let mut stderr = std::io::stderr().lock();
    if fixed > 0 {
        let _ = writeln!(stderr, "Fixed {fixed} problem{}.", plural(fixed));
    }
    if findings == 0 {
        let _ = writeln!(
            stderr,
            "All checks passed ({} file{}).",
            files.len(),
            plural(files.len())
        );
        return;
    }
    let _ = write!(
        stderr,
        "Found {findings} problem{} in {} file{}",
        plural(findings),
        files.len(),
        plural(files.len())
    );
    if fixable > 0 && fix_mode == FixMode::Off {
        let _ = write!(stderr, " ({fixable} fixable with `--fix`)");
    }
    let _ = writeln!(stderr, ".");
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[allow(clippy::print_stderr)]
pub fn eprintln_error(message: &str) {
    eprintln!("plimsoll: error: {message}");
}

/// Reads `input` as text. Bytes that are not UTF-8 are replaced (and the file is never
/// written back then).
pub fn read_input(
    input: &Input,
    stdin_name: Option<&str>,
) -> Result<(String, String, bool), InputError> {
    match input {
        Input::Stdin => {
            let name = stdin_name.unwrap_or("-").to_owned();
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(MAX_INPUT_LEN + 1)
                .read_to_end(&mut bytes)
                .map_err(|error| InputError {
                    name: name.clone(),
                    message: format!("cannot read standard input: {error}"),
                    kind: error.kind(),
                })?;
            check_input_len(&name, bytes.len() as u64)?;
            let (text, lossless) = decode(bytes);
            Ok((name, text, lossless))
        }
        Input::File(path) => {
            let name = display_path(path);
            let io_error = |error: std::io::Error| InputError {
                name: name.clone(),
                message: io_message(&error),
                kind: error.kind(),
            };
            // Discovery already stat'ed the path; the open file's own metadata costs no second
            // path lookup (`fs::read` asks it for the size anyway).
            let mut file = std::fs::File::open(path).map_err(io_error)?;
            let len = file.metadata().map_err(io_error)?.len();
            check_input_len(&name, len)?;
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            file.read_to_end(&mut bytes).map_err(io_error)?;
            let (text, lossless) = decode(bytes);
            Ok((name, text, lossless))
        }
    }
}

fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, true),
        Err(error) => (
            String::from_utf8_lossy(error.as_bytes()).into_owned(),
            false,
        ),
    }
}

/// Positions are 32-bit byte offsets (as in ruff), so a Dockerfile is at most 4 GiB.
const MAX_INPUT_LEN: u64 = u32::MAX as u64;

fn check_input_len(name: &str, len: u64) -> Result<(), InputError> {
    if len > MAX_INPUT_LEN {
        return Err(InputError {
            name: name.to_owned(),
            message: "larger than 4 GiB, too large to be a Dockerfile".to_owned(),
            kind: std::io::ErrorKind::FileTooLarge,
        });
    }
    Ok(())
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// Paths print as given, without a leading `./` from walking `.`.
fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// The build context of a Dockerfile: `--context DIR` when given, else the Dockerfile's own
/// directory (where `docker build .` next to it would look for `.dockerignore`). Standard input
/// has a context only through `--context`.
fn build_context(input: &Input, context: Option<&Path>) -> LintContext {
    match input {
        Input::File(path) => {
            let directory = path
                .parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            LintContext::new(path.clone(), context.unwrap_or(directory))
        }
        Input::Stdin => LintContext {
            dockerfile_path: None,
            context_dir: context.map(Path::to_path_buf),
        },
    }
}

fn lint_input(
    input: &Input,
    settings: &LinterSettings,
    context: &LintContext,
    fix_mode: FixMode,
    stdin_name: Option<&str>,
) -> Result<(LintedFile, usize), InputError> {
    let (name, source, lossless) = read_input(input, stdin_name)?;
    let from_stdin = *input == Input::Stdin;
    // A broken `.dockerignore` fails `docker build`: the file is reported as an error.
    let context_error = |error: plimsoll_linter::ContextError| InputError {
        name: name.clone(),
        message: format!("build context: {error}"),
        kind: std::io::ErrorKind::InvalidData,
    };
    let lint = |source: &str| {
        plimsoll_linter::lint_with_context(source, settings, context).map_err(context_error)
    };
    let FixMode::Apply(threshold) = fix_mode else {
        let diagnostics = lint(&source)?;
        return Ok((
            LintedFile {
                name,
                source,
                diagnostics,
                from_stdin,
            },
            0,
        ));
    };
    if !lossless {
        let diagnostics = lint(&source)?;
        eprintln_error(&format!("{name}: not valid UTF-8, not fixed"));
        return Ok((
            LintedFile {
                name,
                source,
                diagnostics,
                from_stdin,
            },
            0,
        ));
    }
    let result = plimsoll_linter::fix_with_context(&source, settings, context, threshold)
        .map_err(context_error)?;
    if result.applied > 0 {
        match input {
            Input::File(path) => {
                write_atomically(path, &result.source).map_err(|error| InputError {
                    name: name.clone(),
                    message: format!("cannot write the fixed file: {error}"),
                    kind: error.kind(),
                })?
            }
            // Printed by `run` once every file is done.
            Input::Stdin => {}
        }
    }
    Ok((
        LintedFile {
            name,
            source: result.source,
            diagnostics: result.remaining,
            from_stdin,
        },
        result.applied,
    ))
}

/// Writes `text` next to `path` and renames it over `path`, so a crash never leaves a
/// half-written Dockerfile; the original permissions are kept.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary: PathBuf = path.with_file_name(format!(".{file_name}.plimsoll-fix"));
    let permissions = std::fs::metadata(path)?.permissions();
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&temporary, permissions)?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Renders `files` in `format`.
pub fn render_files(
    files: &[LintedFile],
    format: OutputFormat,
    flavor: Flavor,
    color: bool,
    file_path_in_report: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let reports: Vec<FileReport<'_>> = files
        .iter()
        .map(|file| FileReport {
            path: &file.name,
            source: Some(&file.source),
            diagnostics: &file.diagnostics,
        })
        .collect();
    let mut options = RenderOptions::new(flavor);
    options.color = color;
    options.rules = &rule_info;
    options.file_path_in_report = file_path_in_report;
    // Renderers write many small pieces; stdout is line-buffered, so unbuffered it costs one
    // syscall per line (20 MB of JSON on the corpus was most of `plimsoll lint`'s time).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    plimsoll_report::render(format, &reports, &options, &mut out).context("writing the report")?;
    out.flush().context("writing the report")?;
    Ok(())
}

/// Registry metadata in the report crate's shape.
pub fn rule_info(code: &str) -> Option<RuleInfo> {
    let meta = rule_by_code(code)?.meta();
    Some(RuleInfo {
        code: meta.code.into(),
        name: meta.name.into(),
        summary: meta.summary().into(),
        url: meta.url().map(Into::into),
        default_severity: meta.default_severity,
    })
}
