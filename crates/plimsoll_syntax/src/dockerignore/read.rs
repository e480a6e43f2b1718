//! Reading an ignore file: `moby/patternmatcher/ignorefile.ReadAll`, plus where each pattern is.

use plimsoll_text::TextRange;

use crate::gocompat::clean;

/// The longest line Go's `bufio.Scanner` accepts (its 64 KiB buffer includes the newline).
const MAX_LINE: usize = 64 * 1024;

/// One pattern of an ignore file, as `ignorefile.ReadAll` returns it, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnorePattern {
    /// The normalised pattern: trimmed, `filepath.Clean`ed, one leading `/` removed, and `!`
    /// in front for an exception (`!/a/` → `!a`).
    pub text: String,
    /// 1-based line number in the ignore file.
    pub line: u32,
    /// Byte range of the pattern as written (whitespace trimmed, `!` included).
    pub range: TextRange,
}

impl IgnorePattern {
    /// Whether this is an exception (`!pattern`), which re-includes paths.
    #[must_use]
    pub fn is_exception(&self) -> bool {
        self.text.starts_with('!')
    }
}

/// Why an ignore file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// A line of 64 KiB or more (Go's `bufio.Scanner` limit).
    #[error("bufio.Scanner: token too long")]
    LineTooLong {
        /// 1-based number of the offending line.
        line: u32,
    },
    /// The file does not fit in the `u32` offsets plimsoll uses for positions (4 GiB).
    #[error("ignore file is larger than 4 GiB")]
    TooLarge,
}

/// Reads the patterns of an ignore file exactly like `ignorefile.ReadAll`:
///
/// * lines end at `\n`; one `\r` before it is dropped; a UTF-8 BOM is removed from line 1;
/// * a line whose **first character** is `#` is a comment (` # x` is the pattern `# x`);
/// * lines are trimmed (Unicode whitespace) and blank ones skipped;
/// * a leading `!` marks an exception and is trimmed off, the rest is `filepath.Clean`ed, one
///   leading `/` is removed unless the pattern is just `/`, and the `!` is put back.
///
/// An empty result means "no patterns". Pattern errors (`!` alone, `[`) are found later, by
/// [`PatternMatcher::new`](super::PatternMatcher::new).
pub fn read_patterns(content: &str) -> Result<Vec<IgnorePattern>, ReadError> {
    if u32::try_from(content.len()).is_err() {
        return Err(ReadError::TooLarge);
    }
    let mut patterns = Vec::new();
    let mut line_start = 0;
    let mut line_number: u32 = 0;
    while line_start < content.len() {
        line_number += 1;
        let (line_end, next_start) = match content[line_start..].find('\n') {
            Some(i) => (line_start + i, line_start + i + 1),
            None => (content.len(), content.len()),
        };
        // The buffer must hold the line and its newline; at the end of the input, the line
        // alone must be shorter than the buffer.
        if next_start - line_start > MAX_LINE
            || (next_start == line_end && line_end - line_start >= MAX_LINE)
        {
            return Err(ReadError::LineTooLong { line: line_number });
        }
        let mut start = line_start;
        let mut end = line_end;
        if content[start..end].ends_with('\r') {
            end -= 1;
        }
        if line_number == 1 && content[start..end].starts_with('\u{feff}') {
            start += '\u{feff}'.len_utf8();
        }
        line_start = next_start;

        let raw = &content[start..end];
        if raw.starts_with('#') {
            continue;
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let trimmed_start = start + (raw.len() - raw.trim_start().len());
        let range = TextRange::from_usize(trimmed_start..trimmed_start + trimmed.len());

        let (exception, body) = match trimmed.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, trimmed),
        };
        let mut text = String::with_capacity(body.len() + 1);
        if exception {
            text.push('!');
        }
        if !body.is_empty() {
            let cleaned = clean(body);
            let cleaned = match cleaned.strip_prefix('/') {
                Some(rest) if cleaned.len() > 1 => rest,
                _ => cleaned.as_str(),
            };
            text.push_str(cleaned);
        }
        patterns.push(IgnorePattern {
            text,
            line: line_number,
            range,
        });
    }
    Ok(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(content: &str) -> Vec<String> {
        read_patterns(content)
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn normalises_like_read_all() {
        assert_eq!(
            texts("/a\n./b\nc/\nd/../e\n../f\n/\n.\n!/g/\n!  h  \n!\n"),
            ["a", "b", "c", "e", "../f", "/", ".", "!g", "!h", "!"]
        );
    }

    #[test]
    fn comments_only_in_column_zero() {
        assert_eq!(texts("#c\n # d\n\\#e\n\t#f"), ["# d", "\\#e", "#f"]);
    }

    #[test]
    fn line_endings_bom_and_blank_lines() {
        assert_eq!(
            texts("\u{feff}a\r\nb\r\r\n\n   \n\u{feff}c"),
            ["a", "b", "\u{feff}c"]
        );
        assert_eq!(texts("\u{feff}#x\ny"), ["y"]);
        assert!(texts("").is_empty());
        assert!(texts("# only\n\n").is_empty());
    }

    #[test]
    fn keeps_lines_and_ranges() {
        let content = "# head\n\n  !/dist/  \nnode_modules\r\n";
        let patterns = read_patterns(content).unwrap();
        assert_eq!(patterns.len(), 2);
        assert_eq!(patterns[0].text, "!dist");
        assert_eq!(patterns[0].line, 3);
        assert_eq!(patterns[0].range.slice(content), "!/dist/");
        assert!(patterns[0].is_exception());
        assert_eq!(patterns[1].line, 4);
        assert_eq!(patterns[1].range.slice(content), "node_modules");
        assert!(!patterns[1].is_exception());
    }

    #[test]
    fn unicode_whitespace_is_trimmed() {
        let content = "\u{a0}a\u{3000}\n";
        let patterns = read_patterns(content).unwrap();
        assert_eq!(patterns[0].text, "a");
        assert_eq!(patterns[0].range.slice(content), "a");
    }

    #[test]
    fn overlong_lines_fail_like_bufio() {
        let ok = "x".repeat(MAX_LINE - 1) + "\n";
        assert_eq!(read_patterns(&ok).unwrap().len(), 1);
        let long = "a\n".to_owned() + &"x".repeat(MAX_LINE) + "\n";
        assert_eq!(
            read_patterns(&long),
            Err(ReadError::LineTooLong { line: 2 })
        );
        assert_eq!(
            read_patterns(&"x".repeat(MAX_LINE)),
            Err(ReadError::LineTooLong { line: 1 })
        );
    }
}
