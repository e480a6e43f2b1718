//! Escaping for the text formats renderers embed messages and paths in.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// Replaces every character `replacement` maps to `Some`, borrowing when nothing needs escaping
/// (the common case).
fn replace_chars(text: &str, replacement: impl Fn(char) -> Option<&'static str>) -> Cow<'_, str> {
    let Some(first) = text.find(|c| replacement(c).is_some()) else {
        return Cow::Borrowed(text);
    };
    let mut escaped = String::with_capacity(text.len() + 16);
    escaped.push_str(&text[..first]);
    for c in text[first..].chars() {
        match replacement(c) {
            Some(with) => escaped.push_str(with),
            None => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// XML attribute value as hadolint writes it: only `&`, `<` and `"` are escaped; `>`, `'`,
/// newlines and control characters are written raw (verified against 2.15.1).
pub(crate) fn hadolint_xml_attribute(text: &str) -> Cow<'_, str> {
    replace_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '"' => Some("&quot;"),
        _ => None,
    })
}

/// XML character data as hadolint's junit writer escapes it: `&`, `<` and `>`.
pub(crate) fn hadolint_xml_text(text: &str) -> Cow<'_, str> {
    replace_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    })
}

/// Characters XML 1.0 cannot carry at all, not even as references; they become U+FFFD.
fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// A well-formed XML attribute value. Line breaks and tabs become character references so that
/// attribute-value normalisation keeps them.
pub(crate) fn xml_attribute(text: &str) -> Cow<'_, str> {
    replace_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        '\n' => Some("&#10;"),
        '\r' => Some("&#13;"),
        '\t' => Some("&#9;"),
        c if is_forbidden_in_xml(c) => Some("\u{fffd}"),
        _ => None,
    })
}

/// Well-formed XML character data.
pub(crate) fn xml_text(text: &str) -> Cow<'_, str> {
    replace_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '\r' => Some("&#13;"),
        c if is_forbidden_in_xml(c) => Some("\u{fffd}"),
        _ => None,
    })
}

/// Message data of a GitHub Actions workflow command (`::error ...::DATA`).
pub(crate) fn github_data(text: &str) -> Cow<'_, str> {
    replace_chars(text, |c| match c {
        '%' => Some("%25"),
        '\r' => Some("%0D"),
        '\n' => Some("%0A"),
        _ => None,
    })
}

/// A property value of a GitHub Actions workflow command (`file=VALUE,line=...`).
pub(crate) fn github_property(text: &str) -> Cow<'_, str> {
    replace_chars(text, |c| match c {
        '%' => Some("%25"),
        '\r' => Some("%0D"),
        '\n' => Some("%0A"),
        ':' => Some("%3A"),
        ',' => Some("%2C"),
        _ => None,
    })
}

/// Folds a possibly multi-line message onto one line (line breaks become spaces), for formats
/// with one finding per line.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", " ").replace(['\n', '\r'], " "))
}

/// A relative path as a URI reference (RFC 3986): everything but unreserved characters and `/`
/// is percent-encoded, so spaces, `#`, `?` and the `:` of an image reference cannot be misread.
pub(crate) fn uri_reference(path: &str) -> Cow<'_, str> {
    let keep = |byte: u8| byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte);
    if path.bytes().all(keep) {
        return Cow::Borrowed(path);
    }
    let mut encoded = String::with_capacity(path.len() + 8);
    for byte in path.bytes() {
        if keep(byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    Cow::Owned(encoded)
}

/// Compact JSON exactly as Haskell's aeson writes strings: control characters other than `\n`,
/// `\r` and `\t` as lowercase `\u00XX` (serde_json would write `\b` and `\f`), `/` and
/// non-ASCII raw.
#[derive(Debug, Default)]
pub(crate) struct AesonFormatter;

impl Formatter for AesonFormatter {
    fn write_char_escape<W>(&mut self, writer: &mut W, char_escape: CharEscape) -> io::Result<()>
    where
        W: ?Sized + Write,
    {
        match char_escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(writer, other),
        }
    }
}

/// Serialises `value` the way aeson encodes it (struct fields must be declared in aeson's
/// alphabetical key order).
pub(crate) fn aeson_json(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(256);
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, AesonFormatter);
    value
        .serialize(&mut serializer)
        .expect("serialising plain data into memory cannot fail");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aeson_string_escapes() {
        let text = "a\u{1}\u{8}\u{c}\r\n\t\"\\/\u{7f}é\u{2028}😀";
        let json = String::from_utf8(aeson_json(&text)).unwrap();
        // Byte sequence observed from hadolint 2.15.1 for the same label name.
        assert_eq!(
            json,
            "\"a\\u0001\\u0008\\u000c\\r\\n\\t\\\"\\\\/\u{7f}é\u{2028}😀\""
        );
    }

    #[test]
    fn xml_flavours() {
        let text = "a\"&<>'\n\u{1}";
        assert_eq!(hadolint_xml_attribute(text), "a&quot;&amp;&lt;>'\n\u{1}");
        assert_eq!(hadolint_xml_text(text), "a\"&amp;&lt;&gt;'\n\u{1}");
        assert_eq!(
            xml_attribute(text),
            "a&quot;&amp;&lt;&gt;&apos;&#10;\u{fffd}"
        );
        assert_eq!(xml_text(text), "a\"&amp;&lt;&gt;'\n\u{fffd}");
        assert!(matches!(xml_attribute("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn github_escapes() {
        assert_eq!(
            github_data("50% of\r\nlines: a,b"),
            "50%25 of%0D%0Alines: a,b"
        );
        assert_eq!(github_property("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A");
    }

    #[test]
    fn one_line_and_uris() {
        assert_eq!(one_line("a\nb\r\nc\rd"), "a b c d");
        assert_eq!(uri_reference("dir/Docker file"), "dir/Docker%20file");
        assert_eq!(uri_reference("alpine:3.19"), "alpine%3A3.19");
        assert_eq!(uri_reference("é"), "%C3%A9");
        assert_eq!(uri_reference("a/b-c_d.e~"), "a/b-c_d.e~");
    }
}
