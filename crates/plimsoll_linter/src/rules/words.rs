//! Small helpers on instruction words shared by several rules.

use plimsoll_syntax::dockerfile::Word;
use plimsoll_text::TextRange;

/// The range of bytes `start..end` of `word`'s value, when the value is the source text itself
/// (no continuation joined into it, no JSON escape decoded); otherwise the whole word, which
/// still points at the right token.
#[must_use]
pub(crate) fn sub_range(source: &str, word: &Word<'_>, start: usize, end: usize) -> TextRange {
    let written = word.range.slice(source);
    if written == word.as_str() && start <= end && end <= written.len() {
        let offset = word.range.start as usize;
        TextRange::from_usize(offset + start..offset + end)
    } else {
        word.range
    }
}

/// hadolint's reading of a path or name in COPY/ADD/LABEL/WORKDIR: quote characters removed
/// from both ends, nothing else (no shell unquoting).
#[must_use]
pub(crate) fn strip_quotes(text: &str) -> &str {
    text.trim_matches(|ch| ch == '"' || ch == '\'')
}

/// The value of a word the way a shell (and BuildKit's word lexer) reads it, for words without
/// expansions: quotes removed, backslash escapes applied. `None` when the word has a `$`
/// expansion or unbalanced quotes, i.e. its value cannot be known statically.
#[must_use]
pub(crate) fn literal_value(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => loop {
                match chars.next()? {
                    '\'' => break,
                    inner => out.push(inner),
                }
            },
            '"' => loop {
                match chars.next()? {
                    '"' => break,
                    '$' | '`' => return None,
                    '\\' => {
                        let escaped = chars.next()?;
                        if !matches!(escaped, '"' | '\\' | '$' | '`') {
                            out.push('\\');
                        }
                        out.push(escaped);
                    }
                    inner => out.push(inner),
                }
            },
            '\\' => out.push(chars.next()?),
            '$' | '`' => return None,
            other => out.push(other),
        }
    }
    Some(out)
}

/// The arguments of a shell-like word list (ADD/COPY outside JSON form), as BuildKit's word
/// lexer groups them: words that BuildKit's line parser split inside quotes (`"a b"` gives
/// `"a` and `b"`) are joined again. Each group is a range of indexes into `words`.
#[must_use]
pub(crate) fn quoted_groups(words: &[Word<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut open: Option<char> = None;
    for (index, word) in words.iter().enumerate() {
        let mut escaped = false;
        for ch in word.as_str().chars() {
            match open {
                _ if escaped => escaped = false,
                Some('\'') if ch == '\'' => open = None,
                Some('\'') => {}
                _ if ch == '\\' => escaped = true,
                Some(_) if ch == '"' => open = None,
                None if ch == '"' || ch == '\'' => open = Some(ch),
                _ => {}
            }
        }
        if open.is_none() {
            groups.push(start..index + 1);
            start = index + 1;
        }
    }
    if start < words.len() {
        groups.push(start..words.len());
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_values() {
        assert_eq!(literal_value("a").as_deref(), Some("a"));
        assert_eq!(literal_value("'a b'").as_deref(), Some("a b"));
        assert_eq!(literal_value("\"a\\\"b\"").as_deref(), Some("a\"b"));
        assert_eq!(literal_value("a\\ b").as_deref(), Some("a b"));
        assert_eq!(literal_value("'$x'").as_deref(), Some("$x"));
        assert_eq!(literal_value("$x"), None);
        assert_eq!(literal_value("\"$x\""), None);
        assert_eq!(literal_value("'open"), None);
    }

    #[test]
    fn quoted_words_are_grouped_again() {
        use plimsoll_text::TextRange;
        let words: Vec<Word<'_>> = ["\"a", "b\"", "c", "'d", "e", "f'", "g\\", "h"]
            .iter()
            .map(|text| Word {
                value: (*text).into(),
                range: TextRange::default(),
            })
            .collect();
        assert_eq!(quoted_groups(&words), vec![0..2, 2..3, 3..6, 6..7, 7..8]);
        assert_eq!(quoted_groups(&words[..1]), vec![0..1]);
    }

    #[test]
    fn quotes_are_stripped_from_both_ends_only() {
        assert_eq!(strip_quotes("\"a b\""), "a b");
        assert_eq!(strip_quotes("'x'"), "x");
        assert_eq!(strip_quotes("a\"b"), "a\"b");
        assert_eq!(strip_quotes("x.tar\""), "x.tar");
    }
}
