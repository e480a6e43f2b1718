//! Configuration: files, environment and command-line values in, [`LinterSettings`] and
//! output [`Options`] out. Text in, data out: this module prints nothing and exits nothing.
//!
//! Two front doors:
//!
//! * [`load_for_hadolint`]: the drop-in. hadolint 2.15.1's sources and precedence (spec §4):
//!   defaults ← `HADOLINT_*` environment ← the first `.hadolint.yaml`/`.yml` of hadolint's
//!   search (or `-c FILE`) ← command line. Scalars: the later source wins. Lists (ignored
//!   codes, overrides, registries, formats) are concatenated. Overrides are applied style,
//!   info, warning, error, so error wins. A file hadolint cannot decode is reported (in
//!   hadolint's words) and dropped, as hadolint does.
//! * [`LintConfigs`] (`plimsoll lint`): for each Dockerfile, the nearest `plimsoll.toml` or
//!   `.hadolint.yaml`/`.yml` walking up from its directory (in one directory `plimsoll.toml`
//!   wins), then the command line. No `HADOLINT_*` variables. Unknown keys and bad values
//!   are errors with `file:line:column`.
//! * [`load_for_image`] (`plimsoll image`): the `[image]` table of the nearest `plimsoll.toml`
//!   walking up from the current directory; the command line goes on top.

mod discovery;
mod environment;
mod hadolint;
mod plimsoll_toml;
mod resolve;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use plimsoll_text::Severity;

pub use discovery::{
    HADOLINT_FILE_NAMES, LintConfig, LintConfigs, PLIMSOLL_FILE_NAME, SearchDirs,
    find_hadolint_config, find_image_config, find_lint_config, load_for_image, load_for_lint,
};
pub use environment::{HADOLINT_VARIABLES, hadolint_env};
pub use hadolint::{
    FailureThreshold, HADOLINT_FORMATS, HadolintConfig, Overrides, hadolint_decode_error_message,
    haskell_show, parse_label_requirement,
};
pub use plimsoll_toml::{ImageSection, ImageValueParsers, LintSection, Located, PLIMSOLL_FORMATS};
pub use resolve::{HadolintLoad, HadolintLoadError, LintOverrides, load_for_hadolint};

/// The run-level options configuration can set besides the rules: how to report and when to
/// fail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Output format names (from [`PLIMSOLL_FORMATS`], or [`HADOLINT_FORMATS`] in the drop-in),
    /// in order; empty means the command's default.
    pub formats: Vec<String>,
    /// The least severe finding that fails the run; `None` leaves it to the command (hadolint
    /// fails from `info`, `plimsoll lint` on any finding).
    pub failure_threshold: Option<Severity>,
    /// Exit 0 whatever is found.
    pub no_fail: bool,
    /// No ANSI colours.
    pub no_color: bool,
    /// hadolint's `--verbose`.
    pub verbose: bool,
    /// The configuration file these options came from, if any.
    pub config_file: Option<PathBuf>,
    /// Things worth telling the user that do not stop the run (e.g. a code in the
    /// configuration that no plimsoll rule has).
    pub warnings: Vec<String>,
}

/// One problem in a configuration source, with its 1-based position when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl ConfigProblem {
    pub(crate) fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    pub(crate) fn unplaced(message: impl Into<String>) -> Self {
        Self {
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{line}:{column}: {}", self.message),
            (Some(line), None) => write!(f, "{line}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// A configuration that cannot be used: a file that cannot be read or is invalid, or a
/// command-line value that is invalid (`file` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    /// At least one.
    pub problems: Vec<ConfigProblem>,
    /// Set when the file could not be read.
    pub read_error: Option<std::io::ErrorKind>,
}

impl ConfigError {
    pub(crate) fn invalid(file: Option<&Path>, problems: Vec<ConfigProblem>) -> Self {
        Self {
            file: file.map(Path::to_path_buf),
            problems,
            read_error: None,
        }
    }

    pub(crate) fn unreadable(file: &Path, error: &std::io::Error) -> Self {
        Self {
            file: Some(file.to_path_buf()),
            problems: vec![ConfigProblem::unplaced(os_message(error))],
            read_error: Some(error.kind()),
        }
    }

    /// What hadolint 2.15.1 prints (first line, without GHC's backtrace) when `-c FILE`
    /// cannot be read, e.g. `hadolint: x.yaml: withBinaryFile: does not exist (No such file
    /// or directory)`. For other errors, the [`Display`](fmt::Display) text.
    #[must_use]
    pub fn hadolint_message(&self) -> String {
        let (Some(kind), Some(file)) = (self.read_error, &self.file) else {
            return self.to_string();
        };
        let what = match kind {
            std::io::ErrorKind::NotFound => "does not exist",
            std::io::ErrorKind::PermissionDenied => "permission denied",
            std::io::ErrorKind::IsADirectory => "inappropriate type",
            _ => "failed",
        };
        let detail = self
            .problems
            .first()
            .map_or_else(String::new, |problem| problem.message.clone());
        format!(
            "hadolint: {}: withBinaryFile: {what} ({detail})",
            file.display()
        )
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            match &self.file {
                Some(file) if problem.line.is_some() => write!(f, "{}:{problem}", file.display())?,
                Some(file) => write!(f, "{}: {problem}", file.display())?,
                None => write!(f, "{problem}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// An I/O error's text without Rust's ` (os error N)` suffix, as C's `strerror` says it.
fn os_message(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(index) => text[..index].to_owned(),
        None => text,
    }
}

/// True for codes shaped like hadolint's (`DL3008`) or ShellCheck's (`SC2086`): valid in a
/// configuration even when plimsoll has no such rule (yet), which is then a warning.
pub(crate) fn is_hadolint_shaped(code: &str) -> bool {
    let digits = code.strip_prefix("DL").or_else(|| code.strip_prefix("SC"));
    digits
        .is_some_and(|digits| digits.len() == 4 && digits.bytes().all(|byte| byte.is_ascii_digit()))
}

#[cfg(test)]
mod tests;
