use crate::TextRange;

/// Maps byte offsets to 1-based line and column numbers.
///
/// Lines end at `\n` only, as BuildKit splits them; a `\r` before it belongs to the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line; always starts with 0.
    line_starts: Vec<u32>,
    len: u32,
}

/// A 1-based line and column. `column` counts Unicode scalar values, as editors and
/// hadolint/ruff-style reporters do; `byte_column` counts bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
    pub byte_column: u32,
}

impl LineIndex {
    /// # Panics
    /// When the text is 4 GiB or larger.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        // `match_indices` of a char searches with memchr: indexing every corpus file twice
        // (linter and report) byte by byte was 2 % of linting it.
        for (offset, _) in text.match_indices('\n') {
            line_starts.push(u32::try_from(offset + 1).expect("text under 4 GiB"));
        }
        Self {
            line_starts,
            len: u32::try_from(text.len()).expect("text under 4 GiB"),
        }
    }

    /// Number of lines; a trailing newline does not start a new line of its own.
    #[must_use]
    pub fn line_count(&self) -> usize {
        let count = self.line_starts.len();
        if count > 1 && self.line_starts[count - 1] == self.len {
            count - 1
        } else {
            count
        }
    }

    /// 0-based line containing `offset` (an offset at the end of text belongs to the last line).
    #[must_use]
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based `line`, including its line ending.
    #[must_use]
    pub fn line_range(&self, line: usize) -> TextRange {
        let start = self.line_starts[line];
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        TextRange::new(start, end)
    }

    /// Byte range of 0-based `line` without its `\n` / `\r\n` ending.
    #[must_use]
    pub fn line_content_range(&self, line: usize, text: &str) -> TextRange {
        let range = self.line_range(line);
        let bytes = &text.as_bytes()[range.as_usize()];
        let mut end = bytes.len();
        if end > 0 && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > 0 && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        TextRange::new(
            range.start,
            range.start + u32::try_from(end).expect("line fits"),
        )
    }

    /// 1-based line and column of `offset`.
    ///
    /// An offset inside a multi-byte character is attributed to that character.
    #[must_use]
    pub fn line_column(&self, offset: u32, text: &str) -> LineColumn {
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let offset = (offset as usize).min(text.len());
        let prefix = &text.as_bytes()[start..offset];
        // Count characters by their first bytes so offsets inside a character still work.
        let chars = prefix.iter().filter(|byte| (**byte & 0xC0) != 0x80).count();
        LineColumn {
            line: u32::try_from(line + 1).expect("line fits"),
            column: u32::try_from(chars + 1).expect("column fits"),
            byte_column: u32::try_from(offset - start + 1).expect("column fits"),
        }
    }

    /// Byte offset of the start of 0-based `line`.
    #[must_use]
    pub fn line_start(&self, line: usize) -> u32 {
        self.line_starts[line]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "FROM a\r\nRUN é x\nCMD y";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let run = text.find("RUN").unwrap() as u32;
        assert_eq!(
            index.line_column(run, text),
            LineColumn {
                line: 2,
                column: 1,
                byte_column: 1
            }
        );
        let x = text.find('x').unwrap() as u32;
        assert_eq!(
            index.line_column(x, text),
            LineColumn {
                line: 2,
                column: 7,
                byte_column: 8
            }
        );
        assert_eq!(index.line_content_range(0, text).slice(text), "FROM a");
        assert_eq!(index.line_of(text.len() as u32), 2);
    }

    #[test]
    fn trailing_newline_is_not_a_line() {
        let index = LineIndex::new("a\nb\n");
        assert_eq!(index.line_count(), 2);
        assert_eq!(LineIndex::new("").line_count(), 1);
    }
}
