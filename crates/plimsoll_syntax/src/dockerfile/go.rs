//! The pieces of Go's standard library whose exact behaviour BuildKit's parser inherits.
//!
//! BuildKit works on Go strings (bytes) with `unicode`, `strings`, `strconv` and `time`; the
//! parser must decide whitespace, case, quoting and number syntax exactly as those packages do.

use std::borrow::Cow;

/// Go `unicode.IsSpace`. Go uses the Unicode `White_Space` property above Latin-1 and a fixed
/// Latin-1 list below it; both agree with [`char::is_whitespace`].
pub(crate) fn is_space(ch: char) -> bool {
    ch.is_whitespace()
}

/// Go `unicode.IsSpace(rune(b))` for a single byte, as BuildKit's byte-wise loops call it:
/// the Latin-1 bytes `0x85` and `0xA0` count as space even inside a UTF-8 sequence.
pub(crate) fn is_space_byte(byte: u8) -> bool {
    matches!(
        byte,
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0
    )
}

/// The class `[\t\v\f\r ]` of BuildKit's `reWhitespace` (no `\n`, ASCII only).
pub(crate) fn is_re_whitespace(byte: u8) -> bool {
    matches!(byte, b'\t' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Go `utf8.DecodeRune`: the character at the start of `bytes` and its width; an invalid
/// sequence gives `(None, 1)`, an empty input `(None, 0)`.
pub(crate) fn decode_rune(bytes: &[u8]) -> (Option<char>, usize) {
    let Some(&first) = bytes.first() else {
        return (None, 0);
    };
    if first < 0x80 {
        return (Some(char::from(first)), 1);
    }
    let width = match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (None, 1),
    };
    match bytes.get(..width).map(std::str::from_utf8) {
        Some(Ok(text)) => (text.chars().next(), width),
        _ => (None, 1),
    }
}

/// Go `utf8.DecodeLastRune`.
pub(crate) fn decode_last_rune(bytes: &[u8]) -> (Option<char>, usize) {
    let len = bytes.len();
    if len == 0 {
        return (None, 0);
    }
    let lower = len.saturating_sub(4);
    let mut start = len - 1;
    while start > lower && (bytes[start] & 0xC0) == 0x80 {
        start -= 1;
    }
    let (ch, width) = decode_rune(&bytes[start..]);
    if start + width == len {
        (ch, width)
    } else {
        (None, 1)
    }
}

/// Number of leading bytes Go's `TrimLeftFunc(s, unicode.IsSpace)` removes.
pub(crate) fn leading_space_len(bytes: &[u8]) -> usize {
    let mut pos = 0;
    while pos < bytes.len() {
        match decode_rune(&bytes[pos..]) {
            (Some(ch), width) if is_space(ch) => pos += width,
            _ => break,
        }
    }
    pos
}

/// Number of trailing bytes Go's `TrimRightFunc(s, unicode.IsSpace)` removes.
pub(crate) fn trailing_space_len(bytes: &[u8]) -> usize {
    let mut end = bytes.len();
    while end > 0 {
        match decode_last_rune(&bytes[..end]) {
            (Some(ch), width) if is_space(ch) => end -= width,
            _ => break,
        }
    }
    bytes.len() - end
}

/// Go `strings.TrimSpace` as a byte range of `bytes`.
pub(crate) fn trim_space_range(bytes: &[u8]) -> (usize, usize) {
    let start = leading_space_len(bytes);
    let end = bytes.len() - trailing_space_len(&bytes[start..]);
    (start, end)
}

/// Text of bytes the way Go's `encoding/json` (and so BuildKit's JSON output) shows them: valid
/// UTF-8 as is, every byte of an invalid sequence as U+FFFD.
pub(crate) fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len() + 8);
            let mut pos = 0;
            while pos < bytes.len() {
                match decode_rune(&bytes[pos..]) {
                    (Some(ch), width) => {
                        out.push(ch);
                        pos += width;
                    }
                    (None, _) => {
                        out.push('\u{FFFD}');
                        pos += 1;
                    }
                }
            }
            Cow::Owned(out)
        }
    }
}

/// Go `unicode.ToLower` for one character (simple case mapping). Rust's full mapping differs
/// only for U+0130, which Go lowers to a plain `i`.
pub(crate) fn to_lower_char(ch: char) -> char {
    if ch == '\u{130}' {
        return 'i';
    }
    let mut lower = ch.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => ch,
    }
}

/// Go `strings.ToLower`.
pub(crate) fn to_lower(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|ch| to_lower_char(ch) != ch) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(to_lower_char).collect())
}

/// Go `strings.ToUpper` (simple case mapping): characters whose only uppercase form is a
/// multi-character one (`ß`, `ŉ`, ...) stay as they are, as in Go.
pub(crate) fn to_upper(text: &str) -> Cow<'_, str> {
    fn upper(ch: char) -> char {
        let mut upper = ch.to_uppercase();
        match (upper.next(), upper.next()) {
            (Some(single), None) => single,
            _ => ch,
        }
    }
    if !text.chars().any(|ch| upper(ch) != ch) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(upper).collect())
}

/// Go `strings.EqualFold(text, "as")`: Unicode simple folding, so the long s `ſ` (U+017F)
/// matches `s`.
pub(crate) fn equal_fold_as(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some('a' | 'A'), Some('s' | 'S' | '\u{17F}'), None)
    )
}

/// Go `unicode.IsPrint` (= `strconv.IsPrint`), from the shared Go-compatible tables.
pub(crate) fn is_print(ch: char) -> bool {
    crate::gocompat::is_print(ch)
}

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Go `strconv.Quote`.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        push_escaped_rune(&mut out, ch);
    }
    out.push('"');
    out
}

fn push_escaped_rune(out: &mut String, ch: char) {
    if ch == '"' || ch == '\\' {
        out.push('\\');
        out.push(ch);
        return;
    }
    if is_print(ch) {
        out.push(ch);
        return;
    }
    let code = u32::from(ch);
    match ch {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{C}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{B}' => out.push_str("\\v"),
        _ if code < 0x20 || code == 0x7F => {
            out.push_str("\\x");
            out.push(char::from(LOWER_HEX[(code >> 4) as usize & 0xF]));
            out.push(char::from(LOWER_HEX[code as usize & 0xF]));
        }
        _ if code < 0x10000 => {
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(char::from(LOWER_HEX[(code >> shift) as usize & 0xF]));
            }
        }
        _ => {
            out.push_str("\\U");
            for shift in [28, 24, 20, 16, 12, 8, 4, 0] {
                out.push(char::from(LOWER_HEX[(code >> shift) as usize & 0xF]));
            }
        }
    }
}

/// Go `fmt.Sprintf("%q", []string{...})`: `["a" "b"]`.
pub(crate) fn quote_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("[");
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(&quote(item));
    }
    out.push(']');
    out
}

/// The private `quote` of Go's `time` package: every byte of a non-ASCII or control character
/// as `\xNN`.
fn time_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        if (ch as u32) >= 0x80 || ch < ' ' {
            let mut buffer = [0u8; 4];
            for byte in ch.encode_utf8(&mut buffer).bytes() {
                out.push_str("\\x");
                out.push(char::from(LOWER_HEX[usize::from(byte >> 4)]));
                out.push(char::from(LOWER_HEX[usize::from(byte & 0xF)]));
            }
        } else {
            if ch == '"' || ch == '\\' {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out.push('"');
    out
}

/// Go `time.ParseDuration`: nanoseconds, or the exact error text.
pub(crate) fn parse_duration(text: &str) -> Result<i64, String> {
    const LIMIT: u64 = 1 << 63;
    let invalid = || format!("time: invalid duration {}", time_quote(text));
    let mut rest = text.as_bytes();
    let mut negative = false;
    if let Some(&sign @ (b'-' | b'+')) = rest.first() {
        negative = sign == b'-';
        rest = &rest[1..];
    }
    if rest == b"0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        if !(rest[0] == b'.' || rest[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Leading integer.
        let before = rest.len();
        let mut value: u64 = 0;
        let mut digits = 0;
        while digits < rest.len() && rest[digits].is_ascii_digit() {
            if value > LIMIT / 10 {
                return Err(invalid());
            }
            value = value * 10 + u64::from(rest[digits] - b'0');
            if value > LIMIT {
                return Err(invalid());
            }
            digits += 1;
        }
        rest = &rest[digits..];
        let had_integer = before != rest.len();
        // Fraction.
        let mut fraction: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut had_fraction = false;
        if rest.first() == Some(&b'.') {
            rest = &rest[1..];
            let before = rest.len();
            let mut overflow = false;
            let mut index = 0;
            while index < rest.len() && rest[index].is_ascii_digit() {
                if !overflow {
                    if fraction > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let next = fraction * 10 + u64::from(rest[index] - b'0');
                        if next > LIMIT {
                            overflow = true;
                        } else {
                            fraction = next;
                            scale *= 10.0;
                        }
                    }
                }
                index += 1;
            }
            rest = &rest[index..];
            had_fraction = before != rest.len();
        }
        if !had_integer && !had_fraction {
            return Err(invalid());
        }
        // Unit.
        let unit_len = rest
            .iter()
            .position(|byte| *byte == b'.' || byte.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_len == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                time_quote(text)
            ));
        }
        let unit_bytes = &rest[..unit_len];
        rest = &rest[unit_len..];
        let unit: u64 = match unit_bytes {
            b"ns" => 1,
            b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                let unit_text = String::from_utf8_lossy(unit_bytes);
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(&unit_text),
                    time_quote(text)
                ));
            }
        };
        if value > LIMIT / unit {
            return Err(invalid());
        }
        value *= unit;
        if fraction > 0 {
            #[allow(
                clippy::cast_precision_loss,
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss
            )]
            let extra = (fraction as f64 * (unit as f64 / scale)) as u64;
            value += extra;
            if value > LIMIT {
                return Err(invalid());
            }
        }
        total += value;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if negative {
        #[allow(clippy::cast_possible_wrap)]
        return Ok((total as i64).wrapping_neg());
    }
    if total > LIMIT - 1 {
        return Err(invalid());
    }
    #[allow(clippy::cast_possible_wrap)]
    Ok(total as i64)
}

/// Go `strconv.ParseInt(text, 10, 32)`, with the exact error text.
pub(crate) fn parse_int32(text: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.ParseInt: parsing {}: invalid syntax", quote(text));
    let range = || {
        format!(
            "strconv.ParseInt: parsing {}: value out of range",
            quote(text)
        )
    };
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(syntax());
    }
    let mut value: u64 = 0;
    let mut overflow = false;
    for digit in digits {
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(digit - b'0')))
        {
            Some(v) => v,
            None => {
                overflow = true;
                u64::MAX
            }
        };
    }
    let limit: u64 = if negative { 1 << 31 } else { (1 << 31) - 1 };
    if overflow || value > limit {
        return Err(range());
    }
    #[allow(clippy::cast_possible_wrap)]
    let value = value as i64;
    Ok(if negative { -value } else { value })
}

/// Go's `Duration.String` for the whole-millisecond values BuildKit prints (`1ms`).
pub(crate) fn format_millis(millis: u64) -> String {
    format!("{millis}ms")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_follows_strconv() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("é\t\n\u{1}\u{7f}"), "\"é\\t\\n\\x01\\x7f\"");
        assert_eq!(quote("\u{a0}x"), "\"\\u00a0x\"");
        assert_eq!(quote("\u{2028}"), "\"\\u2028\"");
        assert_eq!(quote("\u{200b}"), "\"\\u200b\"");
        assert_eq!(quote("\u{e000}"), "\"\\ue000\"");
        assert_eq!(quote("\u{f0000}"), "\"\\U000f0000\"");
        assert_eq!(quote("한국어 ✓ \u{301}"), "\"한국어 ✓ \u{301}\"");
        assert_eq!(quote("\u{fffd}"), "\"\u{fffd}\"");
        assert_eq!(quote_list(["--a=1", "--b"]), r#"["--a=1" "--b"]"#);
    }

    #[test]
    fn case_mapping_is_go_simple_mapping() {
        assert_eq!(to_lower("ENTRYPO\u{130}NT"), "entrypoint");
        assert_eq!(to_lower("WOR\u{212a}DIR"), "workdir");
        assert_eq!(to_upper("straße"), "STRAßE");
        assert!(equal_fold_as("a\u{17f}"));
        assert!(equal_fold_as("As"));
        assert!(!equal_fold_as("ass"));
    }

    #[test]
    fn durations_match_go() {
        assert_eq!(parse_duration("1ms"), Ok(1_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("-1s"), Ok(-1_000_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("1µs"), Ok(1_000));
        assert_eq!(
            parse_duration("x"),
            Err("time: invalid duration \"x\"".to_string())
        );
        assert_eq!(
            parse_duration("10"),
            Err("time: missing unit in duration \"10\"".to_string())
        );
        assert_eq!(
            parse_duration("1x"),
            Err("time: unknown unit \"x\" in duration \"1x\"".to_string())
        );
        assert_eq!(
            parse_duration("1é"),
            Err("time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"".to_string())
        );
        assert!(parse_duration("9999999999h").is_err());
        assert_eq!(
            parse_duration(""),
            Err("time: invalid duration \"\"".to_string())
        );
    }

    #[test]
    fn parse_int_matches_go() {
        assert_eq!(parse_int32("-3"), Ok(-3));
        assert_eq!(parse_int32("+7"), Ok(7));
        assert_eq!(
            parse_int32("x"),
            Err("strconv.ParseInt: parsing \"x\": invalid syntax".to_string())
        );
        assert_eq!(
            parse_int32("2147483648"),
            Err("strconv.ParseInt: parsing \"2147483648\": value out of range".to_string())
        );
        assert_eq!(parse_int32("-2147483648"), Ok(-2_147_483_648));
    }

    #[test]
    fn decoding_and_trimming() {
        assert_eq!(decode_rune(b"\xc3\xa9x"), (Some('é'), 2));
        assert_eq!(decode_rune(b"\xa0x"), (None, 1));
        assert_eq!(decode_last_rune("aé".as_bytes()), (Some('é'), 2));
        assert_eq!(trim_space_range(" \u{a0}x y\t".as_bytes()), (3, 6));
        assert_eq!(lossy(b"\xa0\xa0# x"), "\u{fffd}\u{fffd}# x");
    }
}
