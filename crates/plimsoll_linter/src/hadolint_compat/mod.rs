//! Where hadolint 2.15.1 cannot parse a Dockerfile, so that the drop-in fails where it fails.
//!
//! plimsoll's parser reads Dockerfiles the way BuildKit does. hadolint uses its own parser
//! (`language-docker`, a Megaparsec grammar) that rejects many files BuildKit builds (a comment
//! right after a heredoc, an unknown `COPY` flag, a `--mount` without `target`, `ENV PATH`
//! without a value...) and accepts some BuildKit rejects (an empty file, nested JSON, a line
//! over 64 KiB). hadolint then reports one `DL1000` finding at the parse error's line and column
//! with Megaparsec's message, and nothing else for that file.
//!
//! [`parse_failure`] re-reads the source with that grammar, as far as it was reconstructed by
//! comparing files with the hadolint binary (hadolint is GPL-3.0: its source was not read), and
//! returns the `DL1000` hadolint would report. What is known of the grammar, and the cases that
//! are left out, is written down in `docs/hadolint-differences.md` ("Files hadolint cannot
//! parse"). The corpus test checks the whole reference corpus: same files, same positions.
//!
//! The reader is a small hand-written parser over the source bytes ([`Parser`]), in the order
//! hadolint reads a file: parser directives, then instruction after instruction, each with its
//! own argument grammar ([`instructions`]); failures carry Megaparsec's texts ([`megaparsec`]).

mod instructions;
mod megaparsec;
#[cfg(test)]
mod tests;

use plimsoll_syntax::dockerfile::Dockerfile;
use plimsoll_text::{Diagnostic, Severity};

use crate::lint::PARSE_ERROR_CODE;
use megaparsec::{Failure, escape_item};

/// The `DL1000` finding hadolint 2.15.1 reports for `dockerfile`, or `None` when hadolint
/// parses it. The finding's range starts where hadolint's line and column point and spans what
/// Megaparsec's caret marks; its message is Megaparsec's text without the final line break.
#[must_use]
pub fn parse_failure(dockerfile: &Dockerfile<'_>) -> Option<Diagnostic> {
    let failure = Parser::new(dockerfile.source()).run().err()?;
    Some(Diagnostic::new(
        PARSE_ERROR_CODE,
        Severity::Error,
        failure.message.clone(),
        failure.range(),
    ))
}

/// The instruction keywords, upper-case, as hadolint lists them in its messages.
const KEYWORDS: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// The longest keyword, the width of the unexpected text where an instruction must start.
const LONGEST_KEYWORD: usize = 11;

type Parsed<T = usize> = Result<T, Failure>;

/// A reader of one Dockerfile's bytes with hadolint's notions of blanks, line ends and
/// continuation lines. Positions are byte offsets; helpers take a position and return one.
pub(crate) struct Parser<'a> {
    source: &'a str,
    bytes: &'a [u8],
    /// The escape character from `# escape=` (`\` by default).
    escape: u8,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str) -> Self {
        Self {
            source,
            bytes: source.as_bytes(),
            escape: b'\\',
        }
    }

    fn run(mut self) -> Parsed<()> {
        let start = if self.source.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let mut pos = self.directives(start)?;
        // Before any comment or instruction hadolint expects "whitespaces"; afterwards "at
        // least one space" and the escape character (a lone continuation line).
        let mut seen_content = pos > start;
        // Right after a lone continuation line hadolint also expects "spaces".
        let mut after_continuation = false;
        loop {
            let blanks = self.skip_blanks(pos);
            if blanks != pos {
                after_continuation = false;
            }
            pos = blanks;
            if pos >= self.bytes.len() {
                return Ok(());
            }
            if let Some(len) = self.eol_len(pos) {
                pos += len;
                continue;
            }
            if self.bytes[pos] == b'#' {
                pos = self.line_end(pos);
                seen_content = true;
                continue;
            }
            if seen_content && let Some(next) = self.continuation(pos) {
                pos = next;
                after_continuation = true;
                continue;
            }
            match self.keyword(pos) {
                Some(keyword) => pos = self.instruction(keyword, pos)?,
                None => {
                    let mut failure = self.not_an_instruction(pos, seen_content);
                    if after_continuation {
                        failure = self.not_an_instruction_after_continuation(pos);
                    }
                    return Err(failure);
                }
            }
            after_continuation = false;
            seen_content = true;
        }
    }

    /// The parser directives at the top (`# name=value` lines): hadolint honours
    /// `# escape=` (lower-case key) and requires the line to end after its character.
    fn directives(&mut self, start: usize) -> Parsed {
        let mut pos = start;
        while let Some((key, value)) = self.directive_at(pos) {
            if key == "escape"
                && let Some(&escape) = self.bytes.get(value)
                && (escape == b'\\' || escape == b'`')
            {
                self.escape = escape;
                let mut rest = value + 1;
                if self.bytes.get(rest) == Some(&b'\\') {
                    rest += 1;
                }
                rest = self.skip_blanks(rest);
                if !self.at_end(rest) {
                    return Err(Failure::unexpected(
                        self.source,
                        rest,
                        1,
                        &["a new line followed by the next instruction"],
                    ));
                }
            }
            pos = self.after_line(pos);
        }
        Ok(pos)
    }

    /// `# key = value`: the key and where the value starts.
    fn directive_at(&self, pos: usize) -> Option<(&'a str, usize)> {
        if self.bytes.get(pos) != Some(&b'#') {
            return None;
        }
        let key_start = self.skip_blanks(pos + 1);
        let mut key_end = key_start;
        while key_end < self.bytes.len() && self.bytes[key_end].is_ascii_alphabetic() {
            key_end += 1;
        }
        let eq = self.skip_blanks(key_end);
        if key_end == key_start || self.bytes.get(eq) != Some(&b'=') {
            return None;
        }
        Some((&self.source[key_start..key_end], self.skip_blanks(eq + 1)))
    }

    /// The instruction keyword at `pos` (matched case-insensitively as a prefix, as hadolint
    /// does: `RUNX` is `RUN` followed by a missing blank).
    fn keyword(&self, pos: usize) -> Option<&'static str> {
        KEYWORDS.into_iter().find(|keyword| {
            self.bytes
                .get(pos..pos + keyword.len())
                .is_some_and(|text| text.eq_ignore_ascii_case(keyword.as_bytes()))
        })
    }

    fn not_an_instruction(&self, pos: usize, seen_content: bool) -> Failure {
        let mut expected: Vec<&str> = KEYWORDS.to_vec();
        expected.extend(["'#'", "a pragma", "end of input"]);
        if seen_content {
            // An escape character that starts no continuation is not offered again, nor (at
            // the start of a line) the blanks before it.
            let at_line_start = pos == 0 || self.bytes[pos - 1] == b'\n';
            if self.bytes[pos] != self.escape {
                expected.push(escape_item(self.escape));
                expected.push("at least one space");
            } else if !at_line_start {
                expected.push("at least one space");
            }
        } else {
            expected.push("whitespaces");
        }
        Failure::unexpected(self.source, pos, 1, &expected)
    }

    fn not_an_instruction_after_continuation(&self, pos: usize) -> Failure {
        let mut expected: Vec<&str> = KEYWORDS.to_vec();
        expected.extend([
            "'#'",
            escape_item(self.escape),
            "a pragma",
            "at least one space",
            "end of input",
            "spaces",
        ]);
        Failure::unexpected(self.source, pos, 1, &expected)
    }

    // Byte-level helpers.

    fn is_blank(&self, pos: usize) -> bool {
        matches!(self.bytes.get(pos), Some(b' ' | b'\t'))
    }

    fn skip_blanks(&self, mut pos: usize) -> usize {
        while self.is_blank(pos) {
            pos += 1;
        }
        pos
    }

    /// The length of the line break at `pos` (`\n` or `\r\n`), if there is one.
    fn eol_len(&self, pos: usize) -> Option<usize> {
        match self.bytes.get(pos..) {
            Some([b'\n', ..]) => Some(1),
            Some([b'\r', b'\n', ..]) => Some(2),
            _ => None,
        }
    }

    /// True at a line break or the end of the input.
    fn at_end(&self, pos: usize) -> bool {
        pos >= self.bytes.len() || self.eol_len(pos).is_some()
    }

    /// Where the line containing `pos` ends (its line break, or the end of the input).
    fn line_end(&self, mut pos: usize) -> usize {
        while !self.at_end(pos) {
            pos += 1;
        }
        pos
    }

    /// The start of the next line after the one containing `pos`.
    fn after_line(&self, pos: usize) -> usize {
        let end = self.line_end(pos);
        end + self.eol_len(end).unwrap_or(0)
    }

    fn char_len(&self, pos: usize) -> usize {
        self.source[pos..].chars().next().map_or(1, char::len_utf8)
    }

    /// A line continuation at `pos`: the escape character, blanks, a line break, then any
    /// empty lines and comment lines (hadolint skips both). Returns where the text goes on.
    /// A line holding only blanks is not skipped: it ends the instruction.
    fn continuation(&self, pos: usize) -> Option<usize> {
        if self.bytes.get(pos) != Some(&self.escape) {
            return None;
        }
        let blanks = self.skip_blanks(pos + 1);
        let mut next = blanks + self.eol_len(blanks)?;
        loop {
            if let Some(len) = self.eol_len(next) {
                next += len;
                continue;
            }
            let text = self.skip_blanks(next);
            if self.bytes.get(text) == Some(&b'#') {
                next = self.after_line(text);
                continue;
            }
            return Some(next);
        }
    }

    /// Blanks and line continuations between words.
    fn skip_space(&self, mut pos: usize) -> usize {
        loop {
            pos = self.skip_blanks(pos);
            match self.continuation(pos) {
                Some(next) => pos = next,
                None => return pos,
            }
        }
    }

    /// True when a blank follows at `pos`, possibly after line continuations (what hadolint
    /// calls "whitespace" after a keyword or a flag: `RUN\` + newline + ` x` has it,
    /// `RUN\` + newline + `x` does not).
    fn at_space(&self, mut pos: usize) -> bool {
        while let Some(next) = self.continuation(pos) {
            pos = next;
        }
        self.is_blank(pos)
    }

    /// True when `pos` starts a line reached through a continuation (only empty and comment
    /// lines in between): hadolint then also expects comment lines and more blanks.
    fn right_after_continuation(&self, pos: usize) -> bool {
        if pos == 0 || self.bytes[pos - 1] != b'\n' {
            return false;
        }
        let mut line_end = pos - 1;
        loop {
            let content_end = if line_end > 0 && self.bytes[line_end - 1] == b'\r' {
                line_end - 1
            } else {
                line_end
            };
            let start = self.bytes[..line_end]
                .iter()
                .rposition(|&byte| byte == b'\n')
                .map_or(0, |at| at + 1);
            let text = &self.bytes[start..content_end];
            let trimmed = text.iter().position(|&byte| byte != b' ' && byte != b'\t');
            match trimmed {
                None if text.is_empty() && start > 0 => line_end = start - 1,
                Some(first) if text[first] == b'#' && start > 0 => line_end = start - 1,
                _ => {
                    let mut end = text.len();
                    while end > 0 && matches!(text[end - 1], b' ' | b'\t') {
                        end -= 1;
                    }
                    return end > 0 && text[end - 1] == self.escape;
                }
            }
        }
    }

    /// How many escape characters start at `pos`.
    fn escape_run(&self, pos: usize) -> usize {
        self.bytes[pos..]
            .iter()
            .take_while(|&&byte| byte == self.escape)
            .count()
    }

    /// The end of a word starting at `pos`: up to a blank or a line break. A line continuation
    /// inside a word (no blank before the escape) glues the next line's text to it; two escape
    /// characters before a line break are no continuation.
    fn word_end(&self, mut pos: usize) -> usize {
        while !self.at_end(pos) && !self.is_blank(pos) {
            if self.bytes[pos] == self.escape {
                let run = self.escape_run(pos);
                if run == 1
                    && let Some(next) = self.continuation(pos)
                {
                    pos = self.skip_blanks(next);
                    continue;
                }
                pos += run;
                continue;
            }
            pos += self.char_len(pos);
        }
        pos
    }

    /// Reads the rest of an instruction line by line, to its final line break. A line ending
    /// in two or more escape characters ends hadolint's text with `unexpected newline` there
    /// (it neither takes the pair as an escaped escape nor as a continuation).
    fn rest_of_instruction(&self, mut pos: usize, expected: &[&str]) -> Parsed {
        loop {
            if self.at_end(pos) {
                return Ok(pos);
            }
            if self.bytes[pos] == self.escape {
                let run = self.escape_run(pos);
                if run >= 2 && self.eol_len(pos + run).is_some() {
                    return Err(Failure::unexpected(self.source, pos + run, 1, expected));
                }
                if run == 1
                    && let Some(next) = self.continuation(pos)
                {
                    pos = next;
                    continue;
                }
                pos += run;
                continue;
            }
            pos += self.char_len(pos);
        }
    }
}
