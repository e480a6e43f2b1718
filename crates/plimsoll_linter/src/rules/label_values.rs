//! Value checks for the label schema's types (DL3052–DL3056, DL3058), each in two readings:
//! hadolint 2.15.1's (established by running the binary on hundreds of values; the test at the
//! bottom re-checks them whenever the binary is installed) and, where hadolint's is plainly
//! off, the standard's.

use super::spdx::{EXCEPTION_IDS, HADOLINT_UNKNOWN, LICENSE_IDS};

/// `git rev-parse` output: exactly 7 or 40 lower-case hexadecimal digits (both modes).
#[must_use]
pub(crate) fn is_git_hash(value: &str) -> bool {
    matches!(value.len(), 7 | 40)
        && value
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

// ---------------------------------------------------------------------------------------------
// Semantic versions

/// hadolint's semantic version: `N.N.N`, numbers with any leading zeros, then an optional
/// `-` and an optional `+` part, each a possibly empty run of `[0-9A-Za-z-]` identifiers
/// separated by single dots, a trailing dot allowed (`1.0.0-`, `1.0.0-a.` pass; `1.0`,
/// `v1.0.0`, `1.0.0-a..b` do not).
#[must_use]
pub(crate) fn is_hadolint_semver(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut pos = 0;
    for index in 0..3 {
        let start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos == start {
            return false;
        }
        if index < 2 {
            if bytes.get(pos) != Some(&b'.') {
                return false;
            }
            pos += 1;
        }
    }
    for marker in [b'-', b'+'] {
        if bytes.get(pos) == Some(&marker) {
            pos = lenient_identifiers(bytes, pos + 1);
        }
    }
    pos == bytes.len()
}

/// `(I(.I)*.?)?` with `I = [0-9A-Za-z-]+`; returns where it stops.
fn lenient_identifiers(bytes: &[u8], mut pos: usize) -> usize {
    let is_ident = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'-';
    loop {
        let start = pos;
        while pos < bytes.len() && is_ident(bytes[pos]) {
            pos += 1;
        }
        if pos == start {
            return start;
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
        } else {
            return pos;
        }
    }
}

/// Semantic Versioning 2.0.0 exactly (semver.org's grammar): no leading zeros in numbers or
/// numeric pre-release identifiers, no empty identifiers.
#[must_use]
pub(crate) fn is_semver(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numeric = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|byte| byte.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
    };
    let identifier = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|number| numeric(number))
        && pre.is_none_or(|pre| {
            pre.split('.').all(|part| {
                identifier(part)
                    && (!part.bytes().all(|byte| byte.is_ascii_digit()) || numeric(part))
            })
        })
        && build.is_none_or(|build| build.split('.').all(identifier))
}

// ---------------------------------------------------------------------------------------------
// RFC 3339 date-times

/// hadolint's RFC 3339 reading (Haskell `time`'s parser): surrounding white space is ignored;
/// the year is any number of digits, optionally negative; `T`/`Z` in either case; an
/// optional fraction `.` with any number of digits; a `Z` or a `±HH[:]MM` offset with any two
/// digits each. Dates must exist (leap years included); seconds go up to 60.
#[must_use]
pub(crate) fn is_hadolint_rfc3339(value: &str) -> bool {
    let value = value.trim_matches(is_haskell_space);
    let bytes = value.as_bytes();
    let mut pos = 0;
    if bytes.first() == Some(&b'-') {
        pos = 1;
    }
    let year_start = pos;
    while pos < bytes.len() && bytes[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos == year_start {
        return false;
    }
    let year = &value[year_start..pos];
    let mut fields = DateTimeCursor { bytes, pos };
    let Some((month, day, hour, minute, second)) = fields.date_and_time() else {
        return false;
    };
    let pos = fields.fraction(true);
    let zone_ok = match bytes.get(pos) {
        Some(b'Z' | b'z') => pos + 1 == bytes.len(),
        Some(b'+' | b'-') => {
            let rest = &bytes[pos + 1..];
            let digits = |slice: &[u8]| slice.iter().all(u8::is_ascii_digit);
            (rest.len() == 4 && digits(rest))
                || (rest.len() == 5 && rest[2] == b':' && digits(&rest[..2]) && digits(&rest[3..]))
        }
        _ => false,
    };
    zone_ok && valid_date(year, month, day) && hour <= 23 && minute <= 59 && second <= 60
}

/// RFC 3339's `date-time`: a four-digit year, `T` (or `t`), an optional fraction of at least
/// one digit, and `Z` (or `z`) or `±HH:MM` with HH up to 23 and MM up to 59.
#[must_use]
pub(crate) fn is_rfc3339(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() < 4 || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut fields = DateTimeCursor { bytes, pos: 4 };
    let Some((month, day, hour, minute, second)) = fields.date_and_time() else {
        return false;
    };
    let pos = fields.fraction(false);
    let zone_ok = match bytes.get(pos) {
        Some(b'Z' | b'z') => pos + 1 == bytes.len(),
        Some(b'+' | b'-') => {
            let mut offset = DateTimeCursor {
                bytes,
                pos: pos + 1,
            };
            match (
                offset.two_digits(),
                offset.literal(b':'),
                offset.two_digits(),
            ) {
                (Some(hours), true, Some(minutes)) => {
                    offset.pos == bytes.len() && hours <= 23 && minutes <= 59
                }
                _ => false,
            }
        }
        _ => false,
    };
    zone_ok && valid_date(&value[..4], month, day) && hour <= 23 && minute <= 59 && second <= 60
}

struct DateTimeCursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl DateTimeCursor<'_> {
    fn two_digits(&mut self) -> Option<u32> {
        let pair = self.bytes.get(self.pos..self.pos + 2)?;
        if !pair.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += 2;
        Some(u32::from(pair[0] - b'0') * 10 + u32::from(pair[1] - b'0'))
    }

    fn literal(&mut self, expected: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&expected) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `-MM-DDTHH:MM:SS` after the year.
    fn date_and_time(&mut self) -> Option<(u32, u32, u32, u32, u32)> {
        if !self.literal(b'-') {
            return None;
        }
        let month = self.two_digits()?;
        if !self.literal(b'-') {
            return None;
        }
        let day = self.two_digits()?;
        if !(self.literal(b'T') || self.literal(b't')) {
            return None;
        }
        let hour = self.two_digits()?;
        if !self.literal(b':') {
            return None;
        }
        let minute = self.two_digits()?;
        if !self.literal(b':') {
            return None;
        }
        let second = self.two_digits()?;
        Some((month, day, hour, minute, second))
    }

    /// Skips `.digits`; `empty_ok` accepts a dot without digits. Returns the position after.
    fn fraction(&mut self, empty_ok: bool) -> usize {
        if self.bytes.get(self.pos) == Some(&b'.') {
            let start = self.pos + 1;
            let mut end = start;
            while end < self.bytes.len() && self.bytes[end].is_ascii_digit() {
                end += 1;
            }
            if end > start || empty_ok {
                self.pos = end;
            }
        }
        self.pos
    }
}

/// Whether `year-month-day` exists in the proleptic Gregorian calendar; `year` is decimal
/// digits of any length.
fn valid_date(year: &str, month: u32, day: u32) -> bool {
    let remainder = |divisor: u32| {
        year.bytes().fold(0u32, |acc, digit| {
            (acc * 10 + u32::from(digit - b'0')) % divisor
        })
    };
    let leap = remainder(4) == 0 && (remainder(400) == 0 || remainder(100) != 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Haskell's `isSpace`: ASCII white space, no-break space and the other Unicode space
/// separators.
fn is_haskell_space(ch: char) -> bool {
    matches!(
        ch,
        ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

// ---------------------------------------------------------------------------------------------
// URLs

/// An absolute URI with an optional fragment (RFC 3986's `URI` rule), as hadolint's URI parser
/// reads it: ASCII only, a scheme, percent escapes with two hex digits, IPv6 and IPvFuture
/// literals in brackets, numeric ports (both modes; hadolint's two small departures from the
/// RFC, in IP literals, are kept since they never matter for real labels).
#[must_use]
pub(crate) fn is_uri(value: &str) -> bool {
    let bytes = value.as_bytes();
    let Some(colon) = bytes.iter().position(|&byte| byte == b':') else {
        return false;
    };
    let scheme = &bytes[..colon];
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let rest = &bytes[colon + 1..];
    // Query and fragment: everything after the first `?` or `#`.
    let hier_end = rest
        .iter()
        .position(|&byte| byte == b'?' || byte == b'#')
        .unwrap_or(rest.len());
    let (hier, tail) = rest.split_at(hier_end);
    let tail_ok = {
        let (query, fragment) = match tail.iter().position(|&byte| byte == b'#') {
            Some(hash) => (&tail[..hash], Some(&tail[hash + 1..])),
            None => (tail, None),
        };
        let query = query.strip_prefix(b"?").unwrap_or(query);
        chars_ok(query, |byte| is_pchar(byte) || byte == b'/' || byte == b'?')
            && fragment.is_none_or(|fragment| {
                chars_ok(fragment, |byte| {
                    is_pchar(byte) || byte == b'/' || byte == b'?'
                })
            })
    };
    tail_ok && hier_part_ok(hier)
}

fn hier_part_ok(hier: &[u8]) -> bool {
    if let Some(after) = hier.strip_prefix(b"//") {
        let authority_end = after
            .iter()
            .position(|&byte| byte == b'/')
            .unwrap_or(after.len());
        let (authority, path) = after.split_at(authority_end);
        return authority_ok(authority) && path_segments_ok(path);
    }
    // path-absolute / path-rootless / path-empty: segments, the first one non-empty unless the
    // path starts with `/` and has nothing after it.
    if hier.is_empty() {
        return true;
    }
    if hier.starts_with(b"//") {
        return false;
    }
    path_segments_ok(hier)
}

/// `*( "/" segment )` or a rootless path: every segment of pchars.
fn path_segments_ok(path: &[u8]) -> bool {
    chars_ok(path, |byte| is_pchar(byte) || byte == b'/')
}

fn authority_ok(authority: &[u8]) -> bool {
    let (userinfo, host_port) = match authority.iter().rposition(|&byte| byte == b'@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    };
    if let Some(userinfo) = userinfo
        && !chars_ok(userinfo, |byte| {
            is_unreserved(byte) || is_sub_delim(byte) || byte == b':'
        })
    {
        return false;
    }
    let (host, port) = if host_port.first() == Some(&b'[') {
        let Some(close) = host_port.iter().position(|&byte| byte == b']') else {
            return false;
        };
        if !ip_literal_ok(&host_port[1..close]) {
            return false;
        }
        match &host_port[close + 1..] {
            [] => return true,
            [b':', port @ ..] => (&host_port[..0], Some(port)),
            _ => return false,
        }
    } else {
        match host_port.iter().position(|&byte| byte == b':') {
            Some(colon) => (&host_port[..colon], Some(&host_port[colon + 1..])),
            None => (host_port, None),
        }
    };
    chars_ok(host, |byte| is_unreserved(byte) || is_sub_delim(byte))
        && port.is_none_or(|port| port.iter().all(u8::is_ascii_digit))
}

fn ip_literal_ok(literal: &[u8]) -> bool {
    // hadolint's URI parser takes a lower-case `v` only and no `:` after the dot.
    if let Some(future) = literal.strip_prefix(b"v") {
        let Some(dot) = future.iter().position(|&byte| byte == b'.') else {
            return false;
        };
        return dot > 0
            && future[..dot].iter().all(u8::is_ascii_hexdigit)
            && dot + 1 < future.len()
            && future[dot + 1..]
                .iter()
                .all(|&byte| is_unreserved(byte) || is_sub_delim(byte));
    }
    std::str::from_utf8(literal).is_ok_and(is_ipv6)
}

/// RFC 3986's `IPv6address`: eight groups of 1–4 hex digits, the last two possibly an IPv4
/// address (octets of 1–3 digits up to 255, leading zeros accepted as hadolint does), at most
/// one `::` standing for one or more zero groups.
fn is_ipv6(text: &str) -> bool {
    let (head, tail, compressed) = match text.split_once("::") {
        Some((head, tail)) => (head, tail, true),
        None => (text, "", false),
    };
    let groups = |part: &str, ipv4_allowed: bool| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let pieces: Vec<&str> = part.split(':').collect();
        let mut count = 0;
        for (index, piece) in pieces.iter().enumerate() {
            if ipv4_allowed && index == pieces.len() - 1 && piece.contains('.') {
                if !is_ipv4(piece) {
                    return None;
                }
                count += 2;
            } else if (1..=4).contains(&piece.len())
                && piece.bytes().all(|byte| byte.is_ascii_hexdigit())
            {
                count += 1;
            } else {
                return None;
            }
        }
        Some(count)
    };
    if compressed {
        match (groups(head, false), groups(tail, true)) {
            (Some(before), Some(after)) => before + after <= 7,
            _ => false,
        }
    } else {
        groups(head, true) == Some(8)
    }
}

fn is_ipv4(text: &str) -> bool {
    let octets: Vec<&str> = text.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|octet| {
            !octet.is_empty()
                && octet.len() <= 3
                && octet.bytes().all(|byte| byte.is_ascii_digit())
                && octet.parse::<u16>().is_ok_and(|number| number <= 255)
        })
}

/// Every byte passes `allowed`, or is part of a `%` escape with two hex digits.
fn chars_ok(text: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    let mut index = 0;
    while index < text.len() {
        if text[index] == b'%' {
            let escape = text.get(index + 1..index + 3);
            if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            index += 3;
        } else if allowed(text[index]) {
            index += 1;
        } else {
            return false;
        }
    }
    true
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(byte: u8) -> bool {
    matches!(
        byte,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

fn is_pchar(byte: u8) -> bool {
    is_unreserved(byte) || is_sub_delim(byte) || byte == b':' || byte == b'@'
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses

/// An RFC 5322 `addr-spec` as hadolint's e-mail validator reads it: dot-atoms or quoted
/// strings, with comments and folding white space around them; the domain a host name
/// (labels of letters, digits and inner hyphens up to 63 characters, 253 in all, one trailing
/// dot allowed) or a domain literal in brackets. ASCII only (both modes).
#[must_use]
pub(crate) fn is_email(value: &str) -> bool {
    let parser = EmailParser {
        bytes: value.as_bytes(),
    };
    let Some((_, pos)) = parser.dotted_atoms(0) else {
        return false;
    };
    if parser.bytes.get(pos) != Some(&b'@') {
        return false;
    }
    let domain_start = pos + 1;
    if let Some(end) = parser.domain_name(domain_start)
        && end == parser.bytes.len()
    {
        return true;
    }
    parser.domain_literal(domain_start) == Some(parser.bytes.len())
}

/// A backtracking reader for [`is_email`]; every method takes a position and returns where it
/// stops, or `None` when it does not match there.
struct EmailParser<'a> {
    bytes: &'a [u8],
}

impl EmailParser<'_> {
    fn at(&self, pos: usize) -> Option<u8> {
        self.bytes.get(pos).copied()
    }

    fn wsp1(&self, mut pos: usize) -> Option<usize> {
        let start = pos;
        while matches!(self.at(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        (pos > start).then_some(pos)
    }

    fn crlf_wsp1(&self, pos: usize) -> Option<usize> {
        if self.bytes.get(pos..pos + 2) == Some(b"\r\n") {
            self.wsp1(pos + 2)
        } else {
            None
        }
    }

    /// Folding white space.
    fn fws(&self, pos: usize) -> Option<usize> {
        if let Some(after) = self.wsp1(pos) {
            return Some(self.crlf_wsp1(after).unwrap_or(after));
        }
        let mut end = self.crlf_wsp1(pos)?;
        while let Some(next) = self.crlf_wsp1(end) {
            end = next;
        }
        Some(end)
    }

    fn comment(&self, pos: usize) -> Option<usize> {
        if self.at(pos) != Some(b'(') {
            return None;
        }
        let mut pos = pos + 1;
        loop {
            if self.at(pos) == Some(b')') {
                return Some(pos + 1);
            }
            let start = pos;
            while self.at(pos).is_some_and(is_comment_text) {
                pos += 1;
            }
            if pos > start {
                continue;
            }
            if let Some(next) = self
                .quoted_pair(pos)
                .or_else(|| self.comment(pos))
                .or_else(|| self.fws(pos))
            {
                pos = next;
                continue;
            }
            return None;
        }
    }

    /// Comments and folding white space, possibly nothing.
    fn cfws(&self, mut pos: usize) -> usize {
        while let Some(next) = self.comment(pos).or_else(|| self.fws(pos)) {
            pos = next;
        }
        pos
    }

    fn quoted_pair(&self, pos: usize) -> Option<usize> {
        if self.at(pos) != Some(b'\\') {
            return None;
        }
        // Any ASCII character may be quoted.
        self.at(pos + 1)?.is_ascii().then_some(pos + 2)
    }

    fn quoted_string(&self, pos: usize) -> Option<usize> {
        if self.at(pos) != Some(b'"') {
            return None;
        }
        let mut pos = pos + 1;
        loop {
            let after_fws = self.fws(pos).unwrap_or(pos);
            let start = after_fws;
            let mut content_end = after_fws;
            while self.at(content_end).is_some_and(is_quoted_text) {
                content_end += 1;
            }
            if content_end > start {
                pos = content_end;
                continue;
            }
            if let Some(next) = self.quoted_pair(after_fws) {
                pos = next;
                continue;
            }
            pos = after_fws;
            break;
        }
        (self.at(pos) == Some(b'"')).then_some(pos + 1)
    }

    fn atom(&self, mut pos: usize) -> Option<usize> {
        let start = pos;
        while self.at(pos).is_some_and(is_atom_text) {
            pos += 1;
        }
        (pos > start).then_some(pos)
    }

    /// Atoms or quoted strings separated by dots, each with optional comments and folding
    /// white space around it. Returns the text without them, and the end.
    fn dotted_atoms(&self, pos: usize) -> Option<(Vec<u8>, usize)> {
        let mut text = Vec::new();
        let mut pos = pos;
        loop {
            let word_start = self.cfws(pos);
            let word_end = self
                .atom(word_start)
                .or_else(|| self.quoted_string(word_start))?;
            text.extend_from_slice(&self.bytes[word_start..word_end]);
            pos = self.cfws(word_end);
            if self.at(pos) == Some(b'.') {
                // The dot only belongs to the run when a word follows it.
                let next_start = self.cfws(pos + 1);
                if self
                    .atom(next_start)
                    .or_else(|| self.quoted_string(next_start))
                    .is_some()
                {
                    text.push(b'.');
                    pos += 1;
                    continue;
                }
            }
            return Some((text, pos));
        }
    }

    /// A dotted-atom run (plus one optional trailing dot) that is a host name.
    fn domain_name(&self, pos: usize) -> Option<usize> {
        let (mut text, mut end) = self.dotted_atoms(pos)?;
        if self.at(end) == Some(b'.') {
            text.push(b'.');
            end += 1;
        }
        is_host_name(&text).then_some(end)
    }

    fn domain_literal(&self, pos: usize) -> Option<usize> {
        let mut pos = self.cfws(pos);
        if self.at(pos) != Some(b'[') {
            return None;
        }
        pos += 1;
        loop {
            let after_fws = self.fws(pos).unwrap_or(pos);
            let mut end = after_fws;
            while self.at(end).is_some_and(is_domain_text) {
                end += 1;
            }
            if end == after_fws {
                pos = after_fws;
                break;
            }
            pos = end;
        }
        if self.at(pos) != Some(b']') {
            return None;
        }
        Some(self.cfws(pos + 1))
    }
}

fn is_host_name(text: &[u8]) -> bool {
    let text = text.strip_suffix(b".").unwrap_or(text);
    !text.is_empty()
        && text.len() <= 253
        && text.split(|&byte| byte == b'.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label[0].is_ascii_alphanumeric()
                && label[label.len() - 1] != b'-'
                && label
                    .iter()
                    .all(|&byte| byte.is_ascii_alphanumeric() || byte == b'-')
        })
}

fn is_obs_no_ws_ctl(byte: u8) -> bool {
    matches!(byte, 1..=8 | 11 | 12 | 14..=31 | 127)
}

fn is_atom_text(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&byte)
}

fn is_quoted_text(byte: u8) -> bool {
    matches!(byte, 33 | 35..=91 | 93..=126) || is_obs_no_ws_ctl(byte)
}

fn is_comment_text(byte: u8) -> bool {
    matches!(byte, 33..=39 | 42..=91 | 93..=126) || is_obs_no_ws_ctl(byte)
}

fn is_domain_text(byte: u8) -> bool {
    matches!(byte, 33..=90 | 94..=126) || is_obs_no_ws_ctl(byte)
}

// ---------------------------------------------------------------------------------------------
// SPDX

/// hadolint's check: one license identifier of its (older) SPDX list, exactly as written
/// (case-sensitive, no expression); trailing spaces are ignored.
#[must_use]
pub(crate) fn is_hadolint_spdx(value: &str) -> bool {
    let id = value.trim_end_matches(is_haskell_space);
    LICENSE_IDS.binary_search(&id).is_ok() && HADOLINT_UNKNOWN.binary_search(&id).is_err()
}

/// An SPDX license expression (SPDX specification, annex D): license identifiers of the SPDX
/// License List 3.25.0 (compared case-insensitively) optionally followed by `+`,
/// `LicenseRef-…`/`DocumentRef-…:LicenseRef-…`, `WITH` an exception, `AND`, `OR` and
/// parentheses. This is what the OCI `org.opencontainers.image.licenses` label holds.
#[must_use]
pub(crate) fn is_spdx_expression(value: &str) -> bool {
    let tokens = spdx_tokens(value);
    let mut parser = SpdxParser { tokens, pos: 0 };
    parser.or_expression() && parser.pos == parser.tokens.len()
}

fn spdx_tokens(value: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (index, ch) in value.char_indices() {
        if ch == '(' || ch == ')' || ch.is_whitespace() {
            if let Some(begin) = start.take() {
                tokens.push(&value[begin..index]);
            }
            if !ch.is_whitespace() {
                tokens.push(&value[index..=index]);
            }
        } else if start.is_none() {
            start = Some(index);
        }
    }
    if let Some(begin) = start {
        tokens.push(&value[begin..]);
    }
    tokens
}

struct SpdxParser<'a> {
    tokens: Vec<&'a str>,
    pos: usize,
}

impl SpdxParser<'_> {
    fn eat(&mut self, token: &str) -> bool {
        if self.tokens.get(self.pos) == Some(&token) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or_expression(&mut self) -> bool {
        if !self.and_expression() {
            return false;
        }
        while self.eat("OR") {
            if !self.and_expression() {
                return false;
            }
        }
        true
    }

    fn and_expression(&mut self) -> bool {
        if !self.with_expression() {
            return false;
        }
        while self.eat("AND") {
            if !self.with_expression() {
                return false;
            }
        }
        true
    }

    fn with_expression(&mut self) -> bool {
        if self.eat("(") {
            return self.or_expression() && self.eat(")");
        }
        let Some(&simple) = self.tokens.get(self.pos) else {
            return false;
        };
        if !is_simple_license(simple) {
            return false;
        }
        self.pos += 1;
        if self.eat("WITH") {
            let Some(&exception) = self.tokens.get(self.pos) else {
                return false;
            };
            if !EXCEPTION_IDS
                .iter()
                .any(|known| known.eq_ignore_ascii_case(exception))
            {
                return false;
            }
            self.pos += 1;
        }
        true
    }
}

fn is_simple_license(token: &str) -> bool {
    let is_idstring = |text: &str| {
        !text.is_empty()
            && text
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.')
    };
    let reference = match token.split_once(':') {
        Some((document, license)) => document
            .strip_prefix("DocumentRef-")
            .is_some_and(is_idstring)
            .then_some(license),
        None => Some(token),
    };
    if let Some(reference) = reference
        && let Some(id) = reference.strip_prefix("LicenseRef-")
    {
        return is_idstring(id);
    }
    if token.contains(':') {
        return false;
    }
    let id = token.strip_suffix('+').unwrap_or(token);
    LICENSE_IDS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests;
