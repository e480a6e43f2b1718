//! Errors with BuildKit's exact text and line numbers plus the real byte range.

use std::fmt;

use plimsoll_text::TextRange;

/// Which BuildKit layer rejected the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorLayer {
    /// `parser.Parse` (directives, JSON, ENV/LABEL syntax, heredocs, empty file, line length).
    Parse,
    /// `instructions.Parse` (flags, argument counts, unknown instructions, stages).
    Instructions,
}

/// A Dockerfile error as BuildKit reports it, with the bytes it is really about.
///
/// `message` is BuildKit's full error text (for layer 2 including the
/// `dockerfile parse error on line N: ` prefix, except for `no build stage in current context`,
/// which BuildKit reports without it). `lines` are the line numbers of BuildKit's
/// `LocationError` ranges, quirks included: directive errors report the 0-based index of the
/// directive line and `file with no instructions` the number of lines read. `range` is the
/// real offending text, for code frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The layer that failed.
    pub layer: ErrorLayer,
    /// BuildKit's error text.
    pub message: String,
    /// BuildKit's reported lines (one per line of the location).
    pub lines: Vec<u32>,
    /// The offending source text.
    pub range: TextRange,
}

impl ParseError {
    /// An error located at BuildKit lines `start..=end` (`end` below `start` means `start`).
    pub(crate) fn new(
        layer: ErrorLayer,
        message: impl Into<String>,
        start: u32,
        end: u32,
        range: TextRange,
    ) -> Self {
        let end = end.max(start);
        Self {
            layer,
            message: message.into(),
            lines: (start..=end).collect(),
            range,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}
