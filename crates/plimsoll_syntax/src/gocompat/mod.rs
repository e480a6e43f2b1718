//! Small pieces of Go's standard library that BuildKit's behaviour depends on.
//!
//! BuildKit and `moby/patternmatcher` are Go programs, so "exact" means "as Go's `unicode`,
//! `strconv` and `path/filepath` packages decide". Rust's `char` methods use other Unicode
//! properties (`char::is_alphabetic` counts combining marks, `char::is_numeric` counts `²`), so
//! the general-category tables live in [`unicode_tables`] (generated, Unicode 16.0; Go 1.2x ships
//! 15.0–17.0, so only code points assigned in between can differ).

mod filepath;
pub(crate) mod regexp;
pub(crate) mod text_scanner;
mod unicode_tables;

pub use filepath::{clean, dir, match_pattern};

/// Go `unicode.IsSpace`: the Unicode `White_Space` property (same set as [`char::is_whitespace`]).
#[must_use]
pub fn is_space(ch: char) -> bool {
    ch.is_whitespace()
}

/// Go `unicode.IsLetter`: general category L.
#[must_use]
pub fn is_letter(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic();
    }
    in_table(unicode_tables::LETTER, ch)
}

/// Go `unicode.IsDigit`: general category Nd.
#[must_use]
pub fn is_digit(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_digit();
    }
    in_table(unicode_tables::DECIMAL_DIGIT, ch)
}

/// Go `unicode.IsPrint` / `strconv.IsPrint`: categories L, M, N, P, S and the ASCII space.
#[must_use]
pub fn is_print(ch: char) -> bool {
    if ch.is_ascii() {
        return (' '..='~').contains(&ch);
    }
    in_table(unicode_tables::GRAPHIC, ch)
}

fn in_table(table: &[(u32, u32)], ch: char) -> bool {
    let cp = u32::from(ch);
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Go `strconv.Quote`: a double-quoted Go string literal, printable characters kept as they are.
///
/// ```
/// use plimsoll_syntax::gocompat::quote;
/// assert_eq!(quote("a\"b\\c\td"), r#""a\"b\\c\td""#);
/// assert_eq!(quote("é\u{7f}\u{200b}"), r#""é\x7f\u200b""#);
/// ```
#[must_use]
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        push_escaped(&mut out, ch);
    }
    out.push('"');
    out
}

fn push_escaped(out: &mut String, ch: char) {
    use std::fmt::Write as _;
    if ch == '"' || ch == '\\' {
        out.push('\\');
        out.push(ch);
        return;
    }
    if is_print(ch) {
        out.push(ch);
        return;
    }
    match ch {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if c < ' ' || c == '\u{7f}' => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c if u32::from(c) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\U{:08x}", u32::from(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_follow_the_general_category_not_the_alphabetic_property() {
        assert!(is_letter('é'));
        assert!(is_letter('한'));
        // U+093E DEVANAGARI VOWEL SIGN AA is a spacing mark (Mc): alphabetic in Rust, not a letter in Go.
        assert!('\u{93e}'.is_alphabetic());
        assert!(!is_letter('\u{93e}'));
        // U+2160 ROMAN NUMERAL ONE is Nl: alphabetic in Rust, not a letter in Go.
        assert!(!is_letter('\u{2160}'));
        assert!(!is_letter('_'));
    }

    #[test]
    fn digits_are_decimal_digits_only() {
        assert!(is_digit('7'));
        assert!(is_digit('\u{661}')); // ARABIC-INDIC DIGIT ONE
        assert!('²'.is_numeric());
        assert!(!is_digit('²'));
        assert!(!is_digit('\u{2160}'));
    }

    #[test]
    fn quote_escapes_like_strconv() {
        assert_eq!(quote(""), "\"\"");
        assert_eq!(quote("${U:?must set}"), "\"${U:?must set}\"");
        assert_eq!(quote("\u{0}\u{1b}"), "\"\\x00\\x1b\"");
        assert_eq!(
            quote("\u{7}\u{8}\u{c}\n\r\t\u{b}"),
            "\"\\a\\b\\f\\n\\r\\t\\v\""
        );
        // No-break space is not printable in Go (only the ASCII space is).
        assert_eq!(quote("a\u{a0}b c"), "\"a\\u00a0b c\"");
        assert_eq!(quote("한국어 ü"), "\"한국어 ü\"");
        // A combining mark is printable; an unassigned plane-14 tag is not.
        assert_eq!(quote("e\u{301}"), "\"e\u{301}\"");
        assert_eq!(quote("\u{e0001}"), "\"\\U000e0001\"");
    }
}
