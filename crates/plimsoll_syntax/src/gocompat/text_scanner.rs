//! Go's `text/scanner` as BuildKit and patternmatcher use it: only `Peek` and `Next`.

/// Reads characters one at a time. Like Go's `text/scanner`, a byte-order mark at the very
/// start of the input is skipped.
#[derive(Debug, Clone)]
pub(crate) struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Self { src, pos }
    }

    /// The next character without consuming it; `None` at the end.
    pub(crate) fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }
}

impl Iterator for Scanner<'_> {
    type Item = char;

    /// Consumes and returns the next character; `None` at the end.
    fn next(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_only_a_leading_bom() {
        let mut s = Scanner::new("\u{feff}a\u{feff}");
        assert_eq!(s.next(), Some('a'));
        assert_eq!(s.next(), Some('\u{feff}'));
        assert_eq!(s.peek(), None);
        assert_eq!(s.next(), None);
    }
}
