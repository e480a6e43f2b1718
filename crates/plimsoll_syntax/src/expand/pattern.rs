//! The shell patterns of `${v#p}`, `${v%p}` and `${v/p/r}`.
//!
//! BuildKit turns the pattern into a Go regular expression (`*` → `.*` or `.*?`, `?` → `.`,
//! everything else literal) and lets Go's leftmost-first matcher decide; so do we. Note that `.`
//! does not match a newline, so neither do `*` and `?`.

use super::ExpandErrorKind;
use crate::gocompat::regexp::Regex;
use crate::gocompat::text_scanner::Scanner;

/// Builds the matcher for a pattern; the error is the character after a bad backslash.
fn compile(pattern: &str, greedy: bool, anchored: bool) -> Result<Regex, char> {
    let mut scanner = Scanner::new(pattern);
    let mut out = String::with_capacity(pattern.len() + 4);
    if anchored {
        out.push('^');
    }
    let star = if greedy { ".*" } else { ".*?" };
    while let Some(tok) = scanner.next() {
        match tok {
            '*' => out.push_str(star),
            '?' => out.push('.'),
            '\\' => {
                // `\}` and `\/` only protect the delimiters of `${…}`; the backslash goes.
                if matches!(scanner.peek(), Some('}' | '/')) {
                    continue;
                }
                match scanner.next() {
                    Some(escaped @ ('*' | '?' | '\\')) => {
                        out.push('\\');
                        out.push(escaped);
                    }
                    other => return Err(other.unwrap_or('\u{fffd}')),
                }
            }
            '[' | ']' | '{' | '}' | '.' | '+' | '(' | ')' | '|' | '^' | '$' => {
                out.push('\\');
                out.push(tok);
            }
            other => out.push(other),
        }
    }
    // Every metacharacter was escaped above, so Go always compiles this; stay total anyway.
    Regex::new(&out).map_err(|_| '\u{fffd}')
}

fn invalid(pattern: &str, escaped: char) -> ExpandErrorKind {
    ExpandErrorKind::InvalidPattern {
        pattern: pattern.to_owned(),
        escaped,
    }
}

/// `${v#p}` / `${v##p}`: removes the shortest (longest when `greedy`) matching prefix.
pub(super) fn trim_prefix(
    pattern: &str,
    value: &str,
    greedy: bool,
) -> Result<String, ExpandErrorKind> {
    let regex = compile(pattern, greedy, true).map_err(|c| invalid(pattern, c))?;
    Ok(match regex.find_at(value, 0) {
        Some((_, end)) => value[end..].to_owned(),
        None => value.to_owned(),
    })
}

/// `${v%p}` / `${v%%p}`: removes the shortest (longest) matching suffix. Like BuildKit, this
/// reverses the value and the pattern (keeping `\x` pairs together) and trims a prefix, so an
/// error shows the reversed pattern.
pub(super) fn trim_suffix(
    pattern: &str,
    value: &str,
    greedy: bool,
) -> Result<String, ExpandErrorKind> {
    let pattern = reverse_pattern(pattern);
    let value: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&pattern, &value, greedy)?;
    Ok(trimmed.chars().rev().collect())
}

/// `${v/p/r}` / `${v//p/r}`. Replacing all goes through Go's `ReplaceAllString`, so `$0` in the
/// replacement stands for the match there (BuildKit quirk); replacing the first does not.
pub(super) fn replace(
    pattern: &str,
    value: &str,
    replacement: &str,
    all: bool,
) -> Result<String, ExpandErrorKind> {
    let regex = compile(pattern, true, false).map_err(|c| invalid(pattern, c))?;
    if all {
        return Ok(regex.replace_all(value, replacement));
    }
    Ok(match regex.find_at(value, 0) {
        Some((start, end)) => {
            let mut out = String::with_capacity(value.len() + replacement.len());
            out.push_str(&value[..start]);
            out.push_str(replacement);
            out.push_str(&value[end..]);
            out
        }
        None => value.to_owned(),
    })
}

/// Reverses a pattern but keeps each `\x` escape in order (`a\*c` → `c\*a`); a trailing
/// backslash stays a single character.
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = vec!['\0'; chars.len()];
    let last = chars.len().wrapping_sub(1);
    let mut i = 0;
    while i < chars.len() {
        let out_idx = last - i;
        if chars[i] == '\\' && i != last {
            out[out_idx - 1] = '\\';
            out[out_idx] = chars[i + 1];
            i += 2;
        } else {
            out[out_idx] = chars[i];
            i += 1;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_keeps_escapes_together() {
        assert_eq!(reverse_pattern("a\\*c"), "c\\*a");
        assert_eq!(reverse_pattern("\\\\\\ab"), "b\\a\\\\");
        assert_eq!(reverse_pattern("ab\\"), "\\ba");
        assert_eq!(reverse_pattern("👽\\🚀🖖"), "🖖\\🚀👽");
        assert_eq!(reverse_pattern(""), "");
    }

    #[test]
    fn shortest_and_longest() {
        assert_eq!(trim_prefix("*/", "a/b/c", false).unwrap(), "b/c");
        assert_eq!(trim_prefix("*/", "a/b/c", true).unwrap(), "c");
        assert_eq!(trim_suffix("/*", "a/b/c", false).unwrap(), "a/b");
        assert_eq!(trim_suffix("/*", "a/b/c", true).unwrap(), "a");
        assert_eq!(trim_prefix("x", "abc", true).unwrap(), "abc");
    }

    #[test]
    fn wildcards_do_not_cross_newlines() {
        assert_eq!(trim_prefix("*", "ab\ncd", true).unwrap(), "\ncd");
        assert_eq!(trim_prefix("?", "\nab", true).unwrap(), "\nab");
    }

    #[test]
    fn escapes() {
        assert_eq!(trim_prefix("\\*", "**x", true).unwrap(), "*x");
        assert_eq!(trim_prefix("a\\}", "a}b", false).unwrap(), "b");
        assert_eq!(
            trim_prefix("a\\x", "a", false).unwrap_err().to_string(),
            "invalid pattern (a\\x) in substitution: invalid escape '\\x'"
        );
        assert_eq!(
            trim_prefix("a\\", "a", false).unwrap_err().to_string(),
            "invalid pattern (a\\) in substitution: invalid escape '\\\u{fffd}'"
        );
        // The suffix form reports the reversed pattern, as BuildKit does.
        assert_eq!(
            trim_suffix("a\\", "a", false).unwrap_err().to_string(),
            "invalid pattern (\\a) in substitution: invalid escape '\\a'"
        );
    }

    #[test]
    fn replacement() {
        assert_eq!(replace("o", "foo", "0", false).unwrap(), "f0o");
        assert_eq!(replace("o", "foo", "0", true).unwrap(), "f00");
        assert_eq!(replace("", "ab", "-", true).unwrap(), "-a-b-");
        assert_eq!(replace("o", "foo", "<$0>", true).unwrap(), "f<o><o>");
        assert_eq!(replace("o", "foo", "<$0>", false).unwrap(), "f<$0>o");
        assert_eq!(replace("/?/", "/a/foo/b/c", "/", true).unwrap(), "/foo/c");
    }
}
