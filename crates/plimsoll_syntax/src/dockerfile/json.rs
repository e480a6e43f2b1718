//! The exec form: `json.Unmarshal(rest, &[]any{})` with Go's `encoding/json` semantics.
//!
//! Differences from serde_json that matter here: a lone surrogate escape decodes to U+FFFD
//! instead of failing; a number too large for `float64` makes `Unmarshal` fail (so the line falls
//! back to shell form) even though the syntax is valid; nesting deeper than 10000 is a syntax
//! error. Only the top-level array's direct elements are decoded; everything else is validated.

use super::go;

/// What `parseJSON` concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Not a JSON array (or `Unmarshal` failed): BuildKit silently falls back.
    NotJson,
    /// A valid array with a non-string element: BuildKit's hard error.
    NonString,
    /// All elements are strings.
    Strings(Vec<JsonString>),
}

/// A decoded string element and the byte range of its literal (quotes included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonString {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) value: String,
}

const MAX_DEPTH: usize = 10_000;

/// Parses `text` (BuildKit's `rest`, before left-trimming).
pub(crate) fn parse_array(text: &[u8]) -> JsonArray {
    let skip = go::leading_space_len(text);
    if text.get(skip) != Some(&b'[') {
        return JsonArray::NotJson;
    }
    let mut decoder = Decoder {
        text,
        pos: skip,
        overflow: false,
    };
    match decoder.top_level() {
        Some(elements) if !decoder.overflow => {
            let mut strings = Vec::with_capacity(elements.len());
            for element in elements {
                match element {
                    Some(string) => strings.push(string),
                    None => return JsonArray::NonString,
                }
            }
            JsonArray::Strings(strings)
        }
        _ => JsonArray::NotJson,
    }
}

struct Decoder<'a> {
    text: &'a [u8],
    pos: usize,
    /// A number did not fit in a float64: `Unmarshal` reports an error after decoding.
    overflow: bool,
}

impl Decoder<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// The top-level array: `Some(element)` for strings, `None` for other values.
    fn top_level(&mut self) -> Option<Vec<Option<JsonString>>> {
        self.pos += 1; // '['
        let mut elements = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                if self.peek() == Some(b'"') {
                    let start = self.pos;
                    let value = self.string(true)?;
                    elements.push(Some(JsonString {
                        start,
                        end: self.pos,
                        value,
                    }));
                } else {
                    self.value(1)?;
                    elements.push(None);
                }
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.skip_ws();
        (self.pos == self.text.len()).then_some(elements)
    }

    /// Validates one value of any kind, without recursion (`depth` = open containers).
    fn value(&mut self, depth: usize) -> Option<()> {
        let mut stack: Vec<u8> = Vec::new();
        'value: loop {
            self.skip_ws();
            match self.peek()? {
                b'"' => {
                    self.string(false)?;
                }
                b'-' | b'0'..=b'9' => self.number()?,
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                open @ (b'[' | b'{') => {
                    self.pos += 1;
                    if depth + stack.len() + 1 > MAX_DEPTH {
                        return None;
                    }
                    self.skip_ws();
                    let close = if open == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                    } else {
                        stack.push(open);
                        if open == b'{' {
                            self.object_key()?;
                        }
                        continue 'value;
                    }
                }
                _ => return None,
            }
            // After a complete value: close containers or move to the next element.
            loop {
                let Some(&open) = stack.last() else {
                    return Some(());
                };
                self.skip_ws();
                match (open, self.peek()?) {
                    (_, b',') => {
                        self.pos += 1;
                        if open == b'{' {
                            self.object_key()?;
                        }
                        continue 'value;
                    }
                    (b'[', b']') | (b'{', b'}') => {
                        self.pos += 1;
                        stack.pop();
                    }
                    _ => return None,
                }
            }
        }
    }

    fn object_key(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return None;
        }
        self.string(false)?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return None;
        }
        self.pos += 1;
        Some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    fn number(&mut self) -> Option<()> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return None;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return None;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        let literal = std::str::from_utf8(&self.text[start..self.pos]).ok()?;
        if literal.parse::<f64>().map_or(true, f64::is_infinite) {
            self.overflow = true;
        }
        Some(())
    }

    /// A string literal starting at `"`; decodes it when `decode` is set.
    fn string(&mut self, decode: bool) -> Option<String> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let byte = self.peek()?;
            match byte {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek()? {
                        simple @ (b'"' | b'\\' | b'/') => {
                            self.pos += 1;
                            out.push(char::from(simple));
                        }
                        b'b' => self.escape(&mut out, '\u{8}'),
                        b'f' => self.escape(&mut out, '\u{C}'),
                        b'n' => self.escape(&mut out, '\n'),
                        b'r' => self.escape(&mut out, '\r'),
                        b't' => self.escape(&mut out, '\t'),
                        b'u' => {
                            let first = self.hex4(self.pos + 1)?;
                            self.pos += 5;
                            let ch = if (0xD800..0xE000).contains(&first) {
                                // Go: a valid pair is consumed together, anything else is U+FFFD.
                                let second = self.unicode_escape_at(self.pos);
                                match second {
                                    Some(low)
                                        if (0xD800..0xDC00).contains(&first)
                                            && (0xDC00..0xE000).contains(&low) =>
                                    {
                                        self.pos += 6;
                                        char::from_u32(
                                            0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00),
                                        )
                                        .unwrap_or('\u{FFFD}')
                                    }
                                    _ => '\u{FFFD}',
                                }
                            } else {
                                char::from_u32(first).unwrap_or('\u{FFFD}')
                            };
                            out.push(ch);
                        }
                        _ => return None,
                    }
                }
                0x00..=0x1F => return None,
                _ => {
                    let (ch, width) = go::decode_rune(&self.text[self.pos..]);
                    if decode {
                        out.push(ch.unwrap_or('\u{FFFD}'));
                    }
                    self.pos += width.max(1);
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String, ch: char) {
        self.pos += 1;
        out.push(ch);
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        if !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(text, 16).ok()
    }

    /// Go's `getu4`: a `\uXXXX` at `at`, if there is one.
    fn unicode_escape_at(&self, at: usize) -> Option<u32> {
        if self.text.get(at..at + 2)? != b"\\u" {
            return None;
        }
        self.hex4(at + 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        match parse_array(text.as_bytes()) {
            JsonArray::Strings(strings) => strings.into_iter().map(|s| s.value).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn go_decoding_rules() {
        assert_eq!(strings(r#"["A\/b\"c\\d"]"#), vec!["A/b\"c\\d"]);
        assert_eq!(strings(r#"["\u00e9\t"]"#), vec!["é\t"]);
        assert_eq!(strings(r#"["\ud800x"]"#), vec!["\u{fffd}x"]);
        assert_eq!(strings(r#"["\ud83d\ude00"]"#), vec!["😀"]);
        assert_eq!(strings(r#"["\udc00\ud800"]"#), vec!["\u{fffd}\u{fffd}"]);
        assert_eq!(strings(r#"["\u0000"]"#), vec!["\0"]);
        assert_eq!(strings(" \u{a0}[ ]  "), Vec::<String>::new());
        assert_eq!(strings(r#"[ "a" ,"b" ]  "#), vec!["a", "b"]);
    }

    #[test]
    fn fallbacks_and_errors() {
        for text in [
            "['a']",
            r#"["a",]"#,
            "[\"a\tb\"]",
            r#"["a"] trailing"#,
            r#"["a"] ["b"]"#,
            r#"{"a":1}"#,
            r#"["a""#,
            r#"["a", 1e999]"#,
            r#"["\x"]"#,
            "x",
        ] {
            assert_eq!(parse_array(text.as_bytes()), JsonArray::NotJson, "{text}");
        }
        for text in [r#"["a", 1]"#, r#"[["a"]]"#, "[null]", r#"[{"a":[1,{}]}]"#] {
            assert_eq!(parse_array(text.as_bytes()), JsonArray::NonString, "{text}");
        }
        let deep = "[".repeat(10_001) + &"]".repeat(10_001);
        assert_eq!(parse_array(deep.as_bytes()), JsonArray::NotJson);
        let ok = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse_array(ok.as_bytes()), JsonArray::NonString);
    }

    #[test]
    fn literal_ranges() {
        let JsonArray::Strings(found) = parse_array(br#"  ["a", "b\"c"]"#) else {
            panic!()
        };
        assert_eq!((found[0].start, found[0].end), (3, 6));
        assert_eq!((found[1].start, found[1].end), (8, 14));
    }
}
