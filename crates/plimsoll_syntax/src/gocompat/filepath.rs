//! Go's `path/filepath` on Unix (separator `/`): `Clean`, `Dir` and `Match`.
//!
//! `.dockerignore` patterns are normalised with `filepath.Clean` and validated with
//! `filepath.Match(pattern, ".")`, so both must behave byte for byte like Go's.

/// The error `filepath.Match` reports for a malformed pattern (`filepath.ErrBadPattern`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPattern;

impl std::fmt::Display for BadPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("syntax error in pattern")
    }
}

impl std::error::Error for BadPattern {}

/// Go `filepath.Clean` (Unix): the shortest lexically equivalent path.
///
/// ```
/// use plimsoll_syntax::gocompat::clean;
/// assert_eq!(clean("./a//b/../c/"), "a/c");
/// assert_eq!(clean("/../a"), "/a");
/// assert_eq!(clean("../a"), "../a");
/// assert_eq!(clean(""), ".");
/// ```
#[must_use]
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let bytes = path.as_bytes();
    let rooted = bytes[0] == b'/';
    let n = bytes.len();
    // Output buffer; only ASCII bytes are ever removed, so it stays valid UTF-8.
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let (mut r, mut dotdot) = (0, 0);
    if rooted {
        out.push(b'/');
        r = 1;
        dotdot = 1;
    }
    while r < n {
        // An empty element or a `.` element: skip it.
        if bytes[r] == b'/' || (bytes[r] == b'.' && (r + 1 == n || bytes[r + 1] == b'/')) {
            r += 1;
        } else if bytes[r] == b'.'
            && bytes.get(r + 1) == Some(&b'.')
            && (r + 2 == n || bytes[r + 2] == b'/')
        {
            r += 2;
            if out.len() > dotdot {
                out.pop();
                while out.len() > dotdot && out[out.len() - 1] != b'/' {
                    out.pop();
                }
                // Go's lazybuf keeps the separator before the removed element; drop it too.
                if out.len() > dotdot && out[out.len() - 1] == b'/' {
                    out.pop();
                }
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if (rooted && out.len() != 1) || (!rooted && !out.is_empty()) {
                out.push(b'/');
            }
            while r < n && bytes[r] != b'/' {
                out.push(bytes[r]);
                r += 1;
            }
        }
    }
    if out.is_empty() {
        out.push(b'.');
    }
    String::from_utf8(out).expect("only ASCII separators and dots were removed")
}

/// Go `filepath.Dir` (Unix): everything before the last `/`, cleaned.
///
/// ```
/// use plimsoll_syntax::gocompat::dir;
/// assert_eq!(dir("a/b/c"), "a/b");
/// assert_eq!(dir("a"), ".");
/// assert_eq!(dir("a/"), "a");
/// assert_eq!(dir("/a"), "/");
/// ```
#[must_use]
pub fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => clean(&path[..=i]),
        None => ".".to_owned(),
    }
}

/// Go `filepath.Match` (Unix): whether `name` matches the shell pattern, or [`BadPattern`].
///
/// `match_pattern(p, ".")` is the syntax check `patternmatcher.New` performs. Like Go's
/// `filepath.Match` (unlike `path.Match`), it gives up at the first chunk that cannot match, so
/// a syntax error after that chunk goes unnoticed: `x*[` is an error, `[a]*[` is not.
pub fn match_pattern(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let mut pattern = pattern.as_bytes();
    let mut name = name.as_bytes();
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest of the name unless it holds a separator.
            return Ok(!name.contains(&b'/'));
        }
        let (t, ok, err) = match_chunk(chunk, name);
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if err {
            return Err(BadPattern);
        }
        if star {
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                let (t, ok, err) = match_chunk(chunk, &name[i + 1..]);
                if ok {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                if err {
                    return Err(BadPattern);
                }
                i += 1;
            }
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Splits off leading stars and the next chunk up to an unbracketed `*`.
fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while let [b'*', rest @ ..] = pattern {
        pattern = rest;
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            // The error for a trailing backslash is reported by `match_chunk`.
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &pattern[..i], &pattern[i..])
}

/// Matches one chunk at the start of `s`: (rest of `s`, matched, syntax error).
/// After a mismatch the chunk is still walked to the end so that syntax errors are found.
fn match_chunk<'s>(mut chunk: &[u8], mut s: &'s [u8]) -> (&'s [u8], bool, bool) {
    let mut failed = false;
    while !chunk.is_empty() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match chunk[0] {
            b'[' => {
                let mut r = 0u32;
                if !failed {
                    let (ch, n) = decode_rune(s);
                    r = ch;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.first() == Some(&b'^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if chunk.first() == Some(&b']') && nrange > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let Some((lo, rest)) = get_esc(chunk) else {
                        return (b"", false, true);
                    };
                    chunk = rest;
                    let mut hi = lo;
                    if chunk[0] == b'-' {
                        let Some((h, rest)) = get_esc(&chunk[1..]) else {
                            return (b"", false, true);
                        };
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    nrange += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            c => {
                let mut c = c;
                if c == b'\\' {
                    chunk = &chunk[1..];
                    if chunk.is_empty() {
                        return (b"", false, true);
                    }
                    c = chunk[0];
                }
                if !failed {
                    if c != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    if failed {
        (b"", false, false)
    } else {
        (s, true, false)
    }
}

/// One (possibly escaped) character of a bracket expression; `None` is a syntax error.
fn get_esc(chunk: &[u8]) -> Option<(u32, &[u8])> {
    let mut chunk = chunk;
    if chunk.is_empty() || chunk[0] == b'-' || chunk[0] == b']' {
        return None;
    }
    if chunk[0] == b'\\' {
        chunk = &chunk[1..];
        if chunk.is_empty() {
            return None;
        }
    }
    let (r, n) = decode_rune(chunk);
    let rest = &chunk[n..];
    if rest.is_empty() {
        return None;
    }
    Some((r, rest))
}

/// Decodes one UTF-8 character (the input always comes from a `&str`, so it is valid).
fn decode_rune(s: &[u8]) -> (u32, usize) {
    let len = match s[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    let len = len.min(s.len());
    let ch = std::str::from_utf8(&s[..len])
        .ok()
        .and_then(|t| t.chars().next())
        .map_or(0xfffd, u32::from);
    (ch, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go() {
        for (input, want) in [
            ("", "."),
            (".", "."),
            ("/", "/"),
            ("//", "/"),
            ("a/", "a"),
            ("./a", "a"),
            ("a/./b", "a/b"),
            ("a/../b", "b"),
            ("a/b/../../..", ".."),
            ("../../a", "../../a"),
            ("/../../a", "/a"),
            ("a/../../b", "../b"),
            ("abc/def/../ghi", "abc/ghi"),
            ("**/", "**"),
            ("!/a", "!/a"),
            ("...", "..."),
            ("a/...b/..", "a"),
        ] {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn dir_matches_go() {
        for (input, want) in [
            ("", "."),
            ("a", "."),
            ("a/b", "a"),
            ("a/b/", "a/b"),
            ("/", "/"),
            ("/a", "/"),
            ("a//b", "a"),
            ("file/", "file"),
        ] {
            assert_eq!(dir(input), want, "dir({input:?})");
        }
    }

    #[test]
    fn match_reports_syntax_errors_like_filepath_match() {
        assert_eq!(match_pattern("[", "."), Err(BadPattern));
        assert_eq!(match_pattern("a[", "."), Err(BadPattern));
        assert_eq!(match_pattern("a\\", "."), Err(BadPattern));
        // The rest of a chunk is checked after a mismatch, later chunks are not.
        assert_eq!(match_pattern("x[-]", "."), Err(BadPattern));
        assert_eq!(match_pattern("x*[-]", "."), Ok(false));
        assert_eq!(match_pattern("[a]*[", "."), Ok(false));
        assert_eq!(match_pattern("[]a]", "."), Err(BadPattern));
        assert_eq!(match_pattern("[a-]", "."), Err(BadPattern));
        assert_eq!(match_pattern("[z-a]", "."), Ok(false));
        assert_eq!(match_pattern("[!a]", "."), Ok(false));
        assert_eq!(match_pattern("[!a]", "!"), Ok(true));
        assert_eq!(match_pattern("[^.]", "."), Ok(false));
        assert_eq!(match_pattern("*", "."), Ok(true));
        assert_eq!(match_pattern("a*b", "axxb"), Ok(true));
        assert_eq!(match_pattern("a*b", "a/b"), Ok(false));
        assert_eq!(match_pattern("a?c", "abc"), Ok(true));
        assert_eq!(match_pattern("\\*", "*"), Ok(true));
    }
}
