//! Megaparsec's error texts, which hadolint prints for files it cannot parse.
//!
//! Megaparsec (BSD-2-Clause) reports a failure as an optional *unexpected* item and a set of
//! *expected* items: `unexpected 'x'\nexpecting '#', ADD, or end of input`. Items render as a
//! quoted character (`'x'`, or a name such as `newline`, `space`, `tab`), a quoted string
//! (`"foo,ta"`, with `<newline>` for line breaks), a label (`at least one space`) or
//! `end of input`. The expected items come out sorted by their rendered text and joined with
//! commas and a final `or`. The unexpected text is as long as the longest literal the parser
//! tried at that point, cut at the end of the input.
//!
//! A failure's caret run in Megaparsec's error bundle is the length of the unexpected text
//! (one character for labels, `end of input` and custom messages), so [`Failure::range`] spans
//! exactly the unexpected characters.

use plimsoll_text::TextRange;

/// A hadolint parse failure: where Megaparsec stopped, how many bytes it points at, and its
/// message without the final newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub offset: usize,
    pub len: usize,
    pub message: String,
}

impl Failure {
    /// A failure with a fixed message (Megaparsec's `fail` and labels without an unexpected
    /// item), pointing at one character.
    pub(crate) fn custom(source: &str, offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset,
            len: char_len_at(source, offset),
            message: message.into(),
        }
    }

    /// `unexpected <input at offset>` followed by the expected items. The unexpected text is
    /// `width` characters long (at least one), as Megaparsec takes as many characters as the
    /// longest literal it tried.
    pub(crate) fn unexpected(source: &str, offset: usize, width: usize, expected: &[&str]) -> Self {
        let (shown, len) = unexpected_chunk(source, offset, width.max(1));
        let mut message = format!("unexpected {shown}");
        if !expected.is_empty() {
            message.push_str("\nexpecting ");
            message.push_str(&expecting(expected));
        }
        Self {
            offset,
            len,
            message,
        }
    }

    pub(crate) fn range(&self) -> TextRange {
        TextRange::from_usize(self.offset..self.offset + self.len)
    }
}

/// Bytes of the character at `offset` (a CRLF counts as one line break), 0 at the end.
fn char_len_at(source: &str, offset: usize) -> usize {
    let rest = source.get(offset..).unwrap_or("");
    if rest.starts_with("\r\n") {
        return 2;
    }
    rest.chars().next().map_or(0, char::len_utf8)
}

/// The rendered unexpected item for up to `width` characters at `offset`, and its byte length.
/// hadolint reads CRLF line endings as LF, so `\r\n` is one `<newline>`.
fn unexpected_chunk(source: &str, offset: usize, width: usize) -> (String, usize) {
    let rest = source.get(offset..).unwrap_or("");
    if rest.is_empty() {
        return ("end of input".to_owned(), 0);
    }
    let mut chars = Vec::new();
    let mut len = 0;
    let mut iter = rest.char_indices().peekable();
    while chars.len() < width {
        let Some((index, c)) = iter.next() else {
            break;
        };
        if c == '\r' && rest[index + 1..].starts_with('\n') {
            iter.next();
            chars.push('\n');
            len = index + 2;
        } else {
            chars.push(c);
            len = index + c.len_utf8();
        }
    }
    let shown = if let [single] = chars.as_slice() {
        char_pretty(*single)
    } else {
        let mut text = String::from("\"");
        for c in chars {
            match char_name(c) {
                Some(name) => {
                    text.push('<');
                    text.push_str(name);
                    text.push('>');
                }
                None => text.push(c),
            }
        }
        text.push('"');
        text
    };
    (shown, len)
}

/// One character as Megaparsec shows it: `space`, a name for control characters, or `'c'`.
pub(crate) fn char_pretty(c: char) -> String {
    if c == ' ' {
        return "space".to_owned();
    }
    char_name(c).map_or_else(|| format!("'{c}'"), str::to_owned)
}

fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "null",
        '\u{1}' => "start of heading",
        '\u{2}' => "start of text",
        '\u{3}' => "end of text",
        '\u{4}' => "end of transmission",
        '\u{5}' => "enquiry",
        '\u{6}' => "acknowledge",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\t' => "tab",
        '\n' => "newline",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\r' => "carriage return",
        '\u{e}' => "shift out",
        '\u{f}' => "shift in",
        '\u{10}' => "data link escape",
        '\u{11}' => "device control one",
        '\u{12}' => "device control two",
        '\u{13}' => "device control three",
        '\u{14}' => "device control four",
        '\u{15}' => "negative acknowledge",
        '\u{16}' => "synchronous idle",
        '\u{17}' => "end of transmission block",
        '\u{18}' => "cancel",
        '\u{19}' => "end of medium",
        '\u{1a}' => "substitute",
        '\u{1b}' => "escape",
        '\u{1c}' => "file separator",
        '\u{1d}' => "group separator",
        '\u{1e}' => "record separator",
        '\u{1f}' => "unit separator",
        '\u{7f}' => "delete",
        '\u{a0}' => "non-breaking space",
        _ => return None,
    })
}

/// Expected items sorted by their text, without duplicates, joined the way Megaparsec does:
/// `a`, `a or b`, `a, b, or c`.
fn expecting(items: &[&str]) -> String {
    let mut items = items.to_vec();
    items.sort_unstable();
    items.dedup();
    match items.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [one, two] => format!("{one} or {two}"),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

/// The escape character as an expected item (`'\'` or `` '`' ``).
pub(crate) fn escape_item(escape: u8) -> &'static str {
    if escape == b'`' { "'`'" } else { "'\\'" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_items_sort_by_their_text() {
        assert_eq!(
            expecting(&["at least one space", "'\\'", "CMD", "\"NONE\"", "--timeout"]),
            "\"NONE\", '\\', --timeout, CMD, or at least one space"
        );
        assert_eq!(expecting(&["b", "a"]), "a or b");
    }

    #[test]
    fn unexpected_text_is_cut_at_the_width_and_the_end() {
        let source = "HEALTHCHECK x\n";
        let failure = Failure::unexpected(source, 12, 4, &["CMD"]);
        assert_eq!(failure.message, "unexpected \"x<newline>\"\nexpecting CMD");
        assert_eq!(failure.len, 2);
        let failure = Failure::unexpected("ab\r\ncd", 1, 3, &[]);
        assert_eq!(failure.message, "unexpected \"b<newline>c\"");
        assert_eq!(failure.len, 4);
        assert_eq!(
            Failure::unexpected("a", 1, 3, &[]).message,
            "unexpected end of input"
        );
        assert_eq!(
            Failure::unexpected("a\tb", 1, 1, &[]).message,
            "unexpected tab"
        );
        assert_eq!(
            Failure::unexpected("a b", 1, 1, &[]).message,
            "unexpected space"
        );
        assert_eq!(
            Failure::unexpected("aéb", 1, 1, &[]).message,
            "unexpected 'é'"
        );
    }
}
