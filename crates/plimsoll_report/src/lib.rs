//! Renders lint and image diagnostics in every output format.
//!
//! The caller hands over one [`FileReport`] per linted file (or analysed image) and picks an
//! [`OutputFormat`] and a [`Flavor`]; [`render`] writes the whole report to any
//! [`std::io::Write`]. Nothing here touches the terminal, files or the environment: whether to
//! colour, which clock to use for timestamps and how rule metadata is looked up are all options.
//!
//! Two flavours exist because plimsoll has two audiences:
//! - [`Flavor::Plimsoll`] reports exact positions (line, column, end line, end column, computed
//!   from each diagnostic's byte range) and richer data: rule URLs, fixes, SARIF rule metadata.
//! - [`Flavor::Hadolint`] prints byte for byte what hadolint 2.15.1 prints for the same findings:
//!   every finding sits at column 1 of its instruction's first line, parse errors (`DL1000`) keep
//!   their real line and column, and each format keeps hadolint's quirks (see the per-format
//!   modules under `render/`).
//!
//! ```
//! use plimsoll_report::{FileReport, Flavor, OutputFormat, RenderOptions, render};
//! use plimsoll_text::{Diagnostic, Severity, TextRange};
//!
//! let source = "FROM debian\n";
//! let diagnostics = [Diagnostic::new(
//!     "DL3006",
//!     Severity::Warning,
//!     "Always tag the version of an image explicitly",
//!     TextRange::new(5, 11),
//! )];
//! let files = [FileReport { path: "Dockerfile", source: Some(source), diagnostics: &diagnostics }];
//! let mut out = Vec::new();
//! render(OutputFormat::Tty, &files, &RenderOptions::new(Flavor::Hadolint), &mut out).unwrap();
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     "Dockerfile:1 DL3006 warning: Always tag the version of an image explicitly\n"
//! );
//! ```

use std::borrow::Cow;
use std::io::{self, Write};
use std::time::SystemTime;

use plimsoll_text::{Diagnostic, Severity};

mod escape;
mod format;
mod location;
mod render;
mod sha1;
mod time;

pub use format::{OutputFormat, UnknownFormat};

/// The code hadolint uses for a file it could not parse; renderers treat it specially in the
/// Hadolint flavour (real line and column, Megaparsec-style error text).
///
/// A parse error arrives as an ordinary [`Diagnostic`] with this code and severity `Error`. Its
/// `range` starts where parsing failed and covers the unexpected input (it may extend over the
/// line break; an empty range counts as one character, like Megaparsec's single caret). Its
/// `message` is the error text without a trailing newline, e.g.
/// `"unexpected 'F'\nexpecting '#', '\\', ADD, ..."`.
pub const PARSE_ERROR_CODE: &str = "DL1000";

/// Everything reported about one file or image.
#[derive(Debug, Clone, Copy)]
pub struct FileReport<'a> {
    /// The name to print: a path as the user gave it, `-` for stdin, or an image reference.
    pub path: &'a str,
    /// The text the diagnostics' ranges point into; `None` for image findings, which refer to
    /// paths inside layers rather than to bytes of a file. Sourceless findings are rendered
    /// without code frames or line numbers where a format allows it, at line 1 where a line is
    /// mandatory.
    pub source: Option<&'a str>,
    /// In the order they should be printed (see [`sort_diagnostics`]).
    pub diagnostics: &'a [Diagnostic],
}

/// Which tool's conventions a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Flavor {
    /// Exact positions and plimsoll's richer output.
    #[default]
    Plimsoll,
    /// Byte-for-byte hadolint 2.15.1 output (the `plimsoll hadolint` drop-in).
    Hadolint,
}

/// Metadata about a rule, supplied by the caller's registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: Cow<'static, str>,
    /// A kebab-case name, e.g. `apt-get-install-unpinned`.
    pub name: Cow<'static, str>,
    /// One sentence saying what the rule checks.
    pub summary: Cow<'static, str>,
    /// Documentation page.
    pub url: Option<Cow<'static, str>>,
    pub default_severity: Severity,
}

/// How to render. Build with [`RenderOptions::new`] and adjust the public fields.
pub struct RenderOptions<'a> {
    pub flavor: Flavor,
    /// Emit ANSI colours (the CLI decides from `NO_COLOR`, `--no-color` and whether stdout is a
    /// terminal). Only the human formats (`full`, `concise`, `tty`) ever colour.
    pub color: bool,
    /// Rule metadata for SARIF `rules[]`, help URIs and the JSON `url` field. Unknown codes
    /// (`None`) are rendered with what the diagnostic itself carries.
    pub rules: &'a (dyn Fn(&str) -> Option<RuleInfo> + Sync),
    /// hadolint's `--file-path-in-report`: replaces the file name in `checkstyle`,
    /// `codeclimate`, `gitlab_codeclimate`, `sonarqube` and `junit` output, with hadolint's
    /// exceptions (parse errors keep the real name in the code-climate formats).
    pub file_path_in_report: Option<&'a str>,
    /// The clock for timestamps (`junit`); injectable so that tests are reproducible.
    pub now: SystemTime,
    /// The version printed as plimsoll's in the Plimsoll flavour (`sarif`).
    pub tool_version: &'a str,
    /// A rule's full documentation (Markdown), for SARIF's `fullDescription` and `help` in the
    /// Plimsoll flavour; `None` leaves them out.
    pub rule_help: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

fn no_rule_help(_code: &str) -> Option<String> {
    None
}

fn no_rule_info(_code: &str) -> Option<RuleInfo> {
    None
}

impl RenderOptions<'_> {
    /// Defaults: no colour, no rule metadata, the current time, this crate's version.
    #[must_use]
    pub fn new(flavor: Flavor) -> Self {
        Self {
            flavor,
            color: false,
            rules: &no_rule_info,
            file_path_in_report: None,
            now: SystemTime::now(),
            tool_version: env!("CARGO_PKG_VERSION"),
            rule_help: &no_rule_help,
        }
    }
}

impl std::fmt::Debug for RenderOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderOptions")
            .field("flavor", &self.flavor)
            .field("color", &self.color)
            .field("file_path_in_report", &self.file_path_in_report)
            .field("now", &self.now)
            .field("tool_version", &self.tool_version)
            .finish_non_exhaustive()
    }
}

/// Writes the report for all `files` in `format`.
///
/// # Errors
/// Only when writing to `out` fails. Diagnostics whose ranges fall outside their source are
/// clamped, never a panic.
pub fn render(
    format: OutputFormat,
    files: &[FileReport<'_>],
    options: &RenderOptions<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    render::render(format, files, options, out)
}

/// Sorts one file's diagnostics the way the flavour prints them: hadolint orders by the line a
/// finding is reported at (its instruction's start), plimsoll by exact position, then code.
///
/// The sort is stable, so findings on one line keep the order the linter produced (hadolint's
/// own order there is unstable and cannot be matched).
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic], flavor: Flavor) {
    match flavor {
        Flavor::Hadolint => diagnostics.sort_by_key(Diagnostic::anchor),
        Flavor::Plimsoll => diagnostics.sort_by(|a, b| {
            (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_text::TextRange;

    #[test]
    fn sorting_by_flavour() {
        let late_token = Diagnostic::new("DL3008", Severity::Warning, "b", TextRange::new(30, 34))
            .with_instruction(TextRange::new(10, 40));
        let early = Diagnostic::new("DL3015", Severity::Info, "a", TextRange::new(12, 14))
            .with_instruction(TextRange::new(10, 40));
        let first = Diagnostic::new("DL3006", Severity::Warning, "c", TextRange::new(5, 9));

        let mut hadolint = vec![late_token.clone(), early.clone(), first.clone()];
        sort_diagnostics(&mut hadolint, Flavor::Hadolint);
        let codes: Vec<_> = hadolint.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["DL3006", "DL3008", "DL3015"]);

        let mut plimsoll = vec![late_token, early, first];
        sort_diagnostics(&mut plimsoll, Flavor::Plimsoll);
        let codes: Vec<_> = plimsoll.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["DL3006", "DL3015", "DL3008"]);
    }
}
