//! From byte ranges to the positions each flavour prints.
//!
//! All line/column arithmetic lives here so that the two conventions stay in one place:
//! plimsoll's exact character positions, and hadolint's "instruction line, column 1" (with
//! Megaparsec's tab-expanded positions for parse errors).

use plimsoll_text::{Diagnostic, LineIndex, TextRange};

use crate::{FileReport, PARSE_ERROR_CODE};

const BOM: &str = "\u{feff}";
/// Megaparsec's default tab width, which hadolint's parse-error columns use.
const TAB_WIDTH: u32 = 8;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: u32,
    pub column: u32,
}

/// Exact start and exclusive end of a range, as editors, SARIF and GitHub expect them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: Position,
    pub end: Position,
}

/// A source text with its line index.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    index: LineIndex,
    /// A UTF-8 byte order mark is invisible in editors and hadolint strips it, so it never
    /// counts as a column.
    has_bom: bool,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            index: LineIndex::new(text),
            has_bom: text.starts_with(BOM),
        }
    }

    /// `offset` moved into the text and onto a character boundary, so that a diagnostic with a
    /// stale or foreign range still renders.
    pub(crate) fn clamp(&self, offset: u32) -> u32 {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        u32::try_from(offset).expect("offset came from a u32")
    }

    pub(crate) fn clamp_range(&self, range: TextRange) -> TextRange {
        let start = self.clamp(range.start);
        TextRange::new(start, self.clamp(range.end).max(start))
    }

    /// 0-based line of a clamped offset.
    fn line_index_of(&self, offset: u32) -> usize {
        self.index.line_of(offset)
    }

    /// Byte offset where 1-based `line` starts.
    pub(crate) fn line_start(&self, line: u32) -> u32 {
        self.index.line_start(line as usize - 1)
    }

    /// Byte offset where 1-based `line`'s content ends (before `\n` or `\r\n`).
    pub(crate) fn line_end(&self, line: u32) -> u32 {
        self.index
            .line_content_range(line as usize - 1, self.text)
            .end
    }

    /// The text of 1-based `line` without its line ending (and without a BOM on line 1).
    pub(crate) fn line_text(&self, line: u32) -> &'a str {
        let range = self.index.line_content_range(line as usize - 1, self.text);
        let text = range.slice(self.text);
        if line == 1 && self.has_bom {
            &text[BOM.len()..]
        } else {
            text
        }
    }

    /// The part of the line before `offset` that counts for columns (no BOM).
    fn line_prefix(&self, offset: u32) -> (u32, &'a str) {
        let offset = self.clamp(offset);
        let line = self.line_index_of(offset);
        let mut start = self.index.line_start(line) as usize;
        if line == 0 && self.has_bom {
            start = (BOM.len()).min(offset as usize);
        }
        let line = u32::try_from(line + 1).expect("line fits in u32");
        (line, &self.text[start..offset as usize])
    }

    /// Exact 1-based line and character column of `offset`.
    pub(crate) fn position(&self, offset: u32) -> Position {
        let (line, prefix) = self.line_prefix(offset);
        let column = u32::try_from(prefix.chars().count() + 1).expect("column fits in u32");
        Position { line, column }
    }

    pub(crate) fn span(&self, range: TextRange) -> Span {
        let range = self.clamp_range(range);
        Span {
            start: self.position(range.start),
            end: self.position(range.end),
        }
    }

    /// 1-based line of `offset`.
    pub(crate) fn line_of(&self, offset: u32) -> u32 {
        u32::try_from(self.line_index_of(self.clamp(offset)) + 1).expect("line fits in u32")
    }

    /// Line and column as Megaparsec (hadolint's parser) counts them: tabs advance to the next
    /// multiple of 8 plus one.
    pub(crate) fn megaparsec_position(&self, offset: u32) -> Position {
        let (line, prefix) = self.line_prefix(offset);
        let column = prefix.chars().fold(1, advance_column);
        Position { line, column }
    }

    /// Megaparsec's `errorBundlePretty` text for a parse error, which hadolint prints as the
    /// message in `checkstyle`, `codeclimate`, `gitlab_codeclimate`, `codacy` and `junit`:
    ///
    /// ```text
    /// Dockerfile:2:5:
    ///   |
    /// 2 | FROMM x
    ///   |     ^
    /// missing whitespace
    /// ```
    /// (with a final newline). The caret run is as long as the diagnostic's range in characters
    /// (at least one), cut at one past the end of the line.
    pub(crate) fn megaparsec_bundle(&self, name: &str, diagnostic: &Diagnostic) -> String {
        let range = self.clamp_range(diagnostic.range);
        let position = self.megaparsec_position(range.start);
        let shown = expand_tabs(self.line_text(position.line));
        let shown_width = u32::try_from(shown.chars().count()).expect("line fits in u32");
        let error_length = u32::try_from(range.slice(self.text).chars().count())
            .expect("range fits in u32")
            .max(1);
        let before = position.column - 1;
        let carets = if before + error_length > shown_width {
            (shown_width + 1).saturating_sub(before).max(1)
        } else {
            error_length
        };
        let number = position.line.to_string();
        let gutter = " ".repeat(number.len());
        let shown = if shown.is_empty() {
            "<empty line>"
        } else {
            shown.as_str()
        };
        format!(
            "{name}:{line}:{column}:\n{gutter} |\n{number} | {shown}\n{gutter} | {pad}{carets}\n{message}\n",
            line = position.line,
            column = position.column,
            pad = " ".repeat(before as usize),
            carets = "^".repeat(carets as usize),
            message = diagnostic.message,
        )
    }
}

fn advance_column(column: u32, c: char) -> u32 {
    if c == '\t' {
        column + TAB_WIDTH - (column - 1) % TAB_WIDTH
    } else {
        column + 1
    }
}

fn expand_tabs(line: &str) -> String {
    let mut expanded = String::with_capacity(line.len());
    let mut column = 1;
    for c in line.chars() {
        let next = advance_column(column, c);
        if c == '\t' {
            expanded.extend(std::iter::repeat_n(' ', (next - column) as usize));
        } else {
            expanded.push(c);
        }
        column = next;
    }
    expanded
}

pub(crate) fn is_parse_error(diagnostic: &Diagnostic) -> bool {
    diagnostic.code == PARSE_ERROR_CODE
}

/// One [`FileReport`] with its source indexed once for all diagnostics.
pub(crate) struct File<'a> {
    pub path: &'a str,
    pub source: Option<Source<'a>>,
    pub diagnostics: &'a [Diagnostic],
}

impl<'a> File<'a> {
    pub(crate) fn new(report: &FileReport<'a>) -> Self {
        Self {
            path: report.path,
            source: report.source.map(Source::new),
            diagnostics: report.diagnostics,
        }
    }

    /// Exact span, or `None` for a sourceless (image) finding.
    pub(crate) fn span(&self, diagnostic: &Diagnostic) -> Option<Span> {
        self.source
            .as_ref()
            .map(|source| source.span(diagnostic.range))
    }

    /// Where hadolint reports a finding: column 1 of its instruction's first line; a parse
    /// error at its Megaparsec position; line 1 when there is no source.
    pub(crate) fn hadolint_position(&self, diagnostic: &Diagnostic) -> Position {
        match &self.source {
            None => Position { line: 1, column: 1 },
            Some(source) if is_parse_error(diagnostic) => {
                source.megaparsec_position(diagnostic.range.start)
            }
            Some(source) => Position {
                line: source.line_of(diagnostic.anchor()),
                column: 1,
            },
        }
    }

    /// The name hadolint's parser knows the file by: stdin (`-`) is read as `/dev/stdin`.
    /// hadolint prints it for parse errors in most formats.
    pub(crate) fn parse_error_name(&self) -> &'a str {
        if self.path == "-" {
            "/dev/stdin"
        } else {
            self.path
        }
    }

    /// The Megaparsec error text of a parse error; just the message (plus the newline
    /// Megaparsec ends with) when the source is unknown.
    pub(crate) fn parse_error_bundle(&self, diagnostic: &Diagnostic) -> String {
        match &self.source {
            Some(source) => source.megaparsec_bundle(self.parse_error_name(), diagnostic),
            None => format!("{}\n", diagnostic.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_text::Severity;

    fn parse_error<'a>(text: &'a str, at: &str, len: u32) -> (Source<'a>, Diagnostic) {
        let start = u32::try_from(text.find(at).unwrap()).unwrap();
        let diagnostic = Diagnostic::new(
            PARSE_ERROR_CODE,
            Severity::Error,
            "missing whitespace",
            TextRange::new(start, start + len),
        );
        (Source::new(text), diagnostic)
    }

    #[test]
    fn exact_positions_count_characters_and_skip_the_bom() {
        let text = "\u{feff}FROM é x\r\nRUN y\n";
        let source = Source::new(text);
        let x = u32::try_from(text.find('x').unwrap()).unwrap();
        assert_eq!(source.position(x), Position { line: 1, column: 8 });
        let run = u32::try_from(text.find("RUN").unwrap()).unwrap();
        assert_eq!(
            source.span(TextRange::new(run, run + 3)),
            Span {
                start: Position { line: 2, column: 1 },
                end: Position { line: 2, column: 4 }
            }
        );
        // Out of range and mid-character offsets are clamped, not a panic.
        let e_acute = u32::try_from(text.find('é').unwrap()).unwrap();
        assert_eq!(
            source.position(e_acute + 1),
            Position { line: 1, column: 6 }
        );
        assert_eq!(source.position(10_000), Position { line: 3, column: 1 });
        assert_eq!(source.line_text(1), "FROM é x");
        assert_eq!(source.line_text(2), "RUN y");
    }

    // The expected bundles below are hadolint 2.15.1's output for the same files (`-f codacy`).
    #[test]
    fn megaparsec_bundle_with_tab_expansion() {
        let (source, diagnostic) = parse_error("FROM debian:12\n\tFROMM x\n", "M x", 1);
        assert_eq!(
            source.megaparsec_position(diagnostic.range.start),
            Position {
                line: 2,
                column: 13
            }
        );
        assert_eq!(
            source.megaparsec_bundle("b3", &diagnostic),
            "b3:2:13:\n  |\n2 |         FROMM x\n  |             ^\nmissing whitespace\n"
        );
    }

    #[test]
    fn megaparsec_caret_run_is_cut_one_past_the_line() {
        let text = "FROM a\nRUN --mount=type=foo x\nCMD y\n";
        let (source, mut diagnostic) = parse_error(text, "foo x", 6);
        diagnostic.message = "unexpected \"foo x<newline>\"".to_string();
        assert_eq!(
            source.megaparsec_bundle("c8", &diagnostic),
            "c8:2:18:\n  |\n2 | RUN --mount=type=foo x\n  |                  ^^^^^^\nunexpected \"foo x<newline>\"\n"
        );
        // A range longer than the rest of the line is cut the same way.
        let (source, diagnostic) = parse_error(text, "foo x", 7);
        assert!(
            source
                .megaparsec_bundle("c8", &diagnostic)
                .contains("|                  ^^^^^^\n")
        );
    }

    #[test]
    fn megaparsec_bundle_on_an_empty_line_and_wide_gutter() {
        let text = "FROM a\nCOPY --chown=a \\\n";
        let end = u32::try_from(text.len()).unwrap();
        let diagnostic = Diagnostic::new(
            PARSE_ERROR_CODE,
            Severity::Error,
            "expecting a file",
            TextRange::empty(end),
        );
        assert_eq!(
            Source::new(text).megaparsec_bundle("d1", &diagnostic),
            "d1:3:1:\n  |\n3 | <empty line>\n  | ^\nexpecting a file\n"
        );

        let (source, diagnostic) = parse_error("FROM a\n\n\n\n\n\n\n\n\n\nFROMM x\n", "M x", 1);
        assert_eq!(
            source.megaparsec_bundle("b4", &diagnostic),
            "b4:11:5:\n   |\n11 | FROMM x\n   |     ^\nmissing whitespace\n"
        );
    }

    #[test]
    fn megaparsec_position_ignores_the_bom() {
        let (source, diagnostic) = parse_error("\u{feff}FROMM a\n", "M a", 1);
        assert_eq!(
            source.megaparsec_bundle("d3", &diagnostic),
            "d3:1:5:\n  |\n1 | FROMM a\n  |     ^\nmissing whitespace\n"
        );
    }
}
