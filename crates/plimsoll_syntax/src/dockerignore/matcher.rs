//! `moby/patternmatcher`: deciding whether a path is excluded from the build context.

use std::borrow::Cow;

use crate::gocompat::regexp::Regex;
use crate::gocompat::text_scanner::Scanner;
use crate::gocompat::{clean, match_pattern};

/// Why [`PatternMatcher::new`] rejected a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PatternErrorKind {
    /// A `!` with nothing after it.
    #[error("illegal exclusion pattern: \"!\"")]
    IllegalExclusion,
    /// `filepath.Match` rejects the pattern (an unclosed `[`, a trailing `\`, …).
    #[error("syntax error in pattern")]
    Syntax,
}

/// A rejected pattern: `index` is its position in the list given to [`PatternMatcher::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct PatternError {
    /// Position of the pattern in the input list.
    pub index: usize,
    /// What is wrong with it.
    pub kind: PatternErrorKind,
}

/// Why matching failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    /// A pattern passed `filepath.Match`'s check but its regular expression does not compile
    /// (e.g. `[z-a]`); Go reports `filepath.ErrBadPattern` when such a pattern is evaluated.
    #[error("syntax error in pattern")]
    BadPattern {
        /// Position of the pattern in the input list.
        index: usize,
    },
    /// A [`MatchInfo`] from another matcher was passed in.
    #[error("wrong number of values in parentMatched")]
    WrongMatchInfo,
}

/// How a pattern is tested (patternmatcher's `matchType`).
#[derive(Debug, Clone)]
enum MatchKind {
    /// The path equals the pattern.
    Exact,
    /// `dir/**`: the path starts with `dir/`.
    Prefix,
    /// `**…`: the path ends with the rest, or `**/x` and the path is `x`.
    Suffix,
    Regex(Regex),
    /// The regular expression did not compile; evaluating the pattern is an error.
    Invalid,
}

/// One compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    cleaned: String,
    exclusion: bool,
    index: usize,
    kind: MatchKind,
}

impl Pattern {
    /// The pattern after trimming, `filepath.Clean` and removing `!`.
    #[must_use]
    pub fn cleaned(&self) -> &str {
        &self.cleaned
    }

    /// Whether this is an exception (`!pattern`).
    #[must_use]
    pub fn is_exclusion(&self) -> bool {
        self.exclusion
    }

    /// Position of the pattern in the list given to [`PatternMatcher::new`].
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// Whether `path` itself matches (no parent directories); Go's `Pattern.match`.
    pub fn matches(&self, path: &str) -> Result<bool, MatchError> {
        Ok(match &self.kind {
            MatchKind::Exact => path == self.cleaned,
            // Go slices bytes here; so do we (a leading BOM makes `[2..]` split a character).
            MatchKind::Prefix => {
                let pattern = self.cleaned.as_bytes();
                path.as_bytes().starts_with(&pattern[..pattern.len() - 2])
            }
            MatchKind::Suffix => {
                let suffix = &self.cleaned.as_bytes()[2..];
                path.as_bytes().ends_with(suffix)
                    || suffix
                        .strip_prefix(b"/")
                        .is_some_and(|s| path.as_bytes() == s)
            }
            MatchKind::Regex(regex) => regex.is_match(path),
            MatchKind::Invalid => return Err(MatchError::BadPattern { index: self.index }),
        })
    }

    /// Whether `path` or one of the parent directories of `path` (given as `parent`, already
    /// `filepath.Dir`ed) matches.
    fn matches_or_parent(&self, path: &str, parent: &str) -> Result<bool, MatchError> {
        if self.matches(path)? {
            return Ok(true);
        }
        if parent == "." {
            return Ok(false);
        }
        // Every prefix of `parent` that ends before a `/`, then `parent` itself; Go ignores
        // errors here (a pattern that fails already failed on `path` above).
        let prefixes = parent
            .match_indices('/')
            .map(|(i, _)| &parent[..i])
            .chain(std::iter::once(parent));
        for prefix in prefixes {
            if self.matches(prefix).unwrap_or(false) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// What a directory walk remembers about a parent directory (patternmatcher's `MatchInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchInfo {
    parent_matched: Vec<bool>,
}

/// A compiled list of ignore patterns (patternmatcher's `PatternMatcher`).
#[derive(Debug, Clone, Default)]
pub struct PatternMatcher {
    patterns: Vec<Pattern>,
    exclusions: bool,
}

impl PatternMatcher {
    /// Compiles patterns like `patternmatcher.New`: each is trimmed (blank ones skipped) and
    /// `filepath.Clean`ed, a leading `!` makes an exception, and `filepath.Match(p, ".")` must
    /// accept it. Patterns from [`read_patterns`](super::read_patterns) are already normalised.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, PatternError> {
        let mut matcher = Self {
            patterns: Vec::with_capacity(patterns.len()),
            exclusions: false,
        };
        for (index, pattern) in patterns.iter().enumerate() {
            let trimmed = pattern.as_ref().trim();
            if trimmed.is_empty() {
                continue;
            }
            let mut cleaned = clean(trimmed);
            let mut exclusion = false;
            if cleaned.starts_with('!') {
                if cleaned.len() == 1 {
                    return Err(PatternError {
                        index,
                        kind: PatternErrorKind::IllegalExclusion,
                    });
                }
                exclusion = true;
                cleaned.remove(0);
                matcher.exclusions = true;
            }
            if match_pattern(&cleaned, ".").is_err() {
                return Err(PatternError {
                    index,
                    kind: PatternErrorKind::Syntax,
                });
            }
            let kind = compile(&cleaned);
            matcher.patterns.push(Pattern {
                cleaned,
                exclusion,
                index,
                kind,
            });
        }
        Ok(matcher)
    }

    /// The compiled patterns, in order (blank input patterns are not included).
    #[must_use]
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether any pattern is an exception (`Exclusions()`).
    #[must_use]
    pub fn has_exclusions(&self) -> bool {
        self.exclusions
    }

    /// `MatchesOrParentMatches`: whether `file` (a `/`-separated path relative to the context)
    /// is excluded. Patterns are applied in order and the last one that matches the path or
    /// any of its parent directories wins; an include pattern is only tried while the path is
    /// not excluded, an exception only while it is.
    pub fn matches_or_parent_matches(&self, file: &str) -> Result<bool, MatchError> {
        Ok(self.deciding_pattern(file)?.is_some())
    }

    /// Like [`matches_or_parent_matches`](Self::matches_or_parent_matches), but returns the
    /// pattern that excluded `file` (the last include pattern that hit), or `None` when the
    /// path is kept.
    pub fn deciding_pattern(&self, file: &str) -> Result<Option<&Pattern>, MatchError> {
        let parent = parent_dir(file);
        let mut decided: Option<&Pattern> = None;
        for pattern in &self.patterns {
            // Skip an include while already excluded, and an exception while not excluded.
            if pattern.exclusion != decided.is_some() {
                continue;
            }
            if pattern.matches_or_parent(file, &parent)? {
                decided = if pattern.exclusion {
                    None
                } else {
                    Some(pattern)
                };
            }
        }
        Ok(decided)
    }

    /// `MatchesUsingParentResults`: the decision for `file` during a directory walk, given
    /// the [`MatchInfo`] returned for its parent directory (use `MatchInfo::default()` for a
    /// top-level entry, or when the parent is unknown: then parents are checked as in
    /// [`matches_or_parent_matches`](Self::matches_or_parent_matches)).
    pub fn matches_using_parent_results(
        &self,
        file: &str,
        parent_info: &MatchInfo,
    ) -> Result<(bool, MatchInfo), MatchError> {
        let parent_matched = &parent_info.parent_matched;
        if !parent_matched.is_empty() && parent_matched.len() != self.patterns.len() {
            return Err(MatchError::WrongMatchInfo);
        }
        let mut matched = false;
        let mut info = MatchInfo {
            parent_matched: vec![false; self.patterns.len()],
        };
        let mut parent: Option<Cow<'_, str>> = None;
        for (i, pattern) in self.patterns.iter().enumerate() {
            // A pattern that matched the parent matches the child too.
            let mut hit = parent_matched.get(i).copied().unwrap_or(false);
            if !hit {
                if pattern.exclusion != matched {
                    continue;
                }
                hit = if parent_matched.is_empty() {
                    let parent = parent.get_or_insert_with(|| parent_dir(file));
                    pattern.matches_or_parent(file, parent)?
                } else {
                    pattern.matches(file)?
                };
            }
            info.parent_matched[i] = hit;
            if hit {
                matched = !pattern.exclusion;
            }
        }
        Ok((matched, info))
    }
}

/// Go `filepath.Dir`, borrowing when `file` is already clean (the usual case).
fn parent_dir(file: &str) -> Cow<'_, str> {
    let Some(slash) = file.rfind('/') else {
        return Cow::Borrowed(".");
    };
    if slash == 0 {
        return Cow::Borrowed("/");
    }
    let candidate = &file[..slash];
    if is_clean(candidate) {
        Cow::Borrowed(candidate)
    } else {
        Cow::Owned(clean(&file[..=slash]))
    }
}

/// Whether `filepath.Clean(path)` would return `path` unchanged (for a non-empty path that
/// does not end in `/`).
fn is_clean(path: &str) -> bool {
    let relative = path.strip_prefix('/').unwrap_or(path);
    !relative.is_empty()
        && relative
            .split('/')
            .all(|element| !element.is_empty() && element != "." && element != "..")
}

/// patternmatcher's `Pattern.compile` for a `/` separator: decides the match kind and builds
/// the same regular expression Go would.
fn compile(pattern: &str) -> MatchKind {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }
    let mut regex = String::with_capacity(pattern.len() * 2 + 2);
    regex.push('^');
    let mut detected = Detected::Exact;
    let mut scan = Scanner::new(pattern);
    let mut i = 0;
    while let Some(ch) = scan.next() {
        match ch {
            '*' if scan.peek() == Some('*') => {
                scan.next();
                // `**/` is treated as `**`.
                if scan.peek() == Some('/') {
                    scan.next();
                }
                if scan.peek().is_none() {
                    // A trailing `**` matches everything below, like .gitignore.
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        regex.push_str(".*");
                        detected = Detected::Regex;
                    }
                } else {
                    // Any number of directories, including none.
                    regex.push_str("(.*/)?");
                    detected = Detected::Regex;
                }
                if i == 0 {
                    detected = Detected::Suffix;
                }
            }
            '*' => {
                regex.push_str("[^/]*");
                detected = Detected::Regex;
            }
            '?' => {
                regex.push_str("[^/]");
                detected = Detected::Regex;
            }
            // Regex metacharacters that mean nothing to filepath.Match. Upstream means to
            // escape `.+()|{}$`, but its 8-byte bitmap only holds characters below 64, so `|`,
            // `{` and `}` reach the regex unescaped (`a|b*` is an alternation, `x{2}*` a
            // repetition). Reproduced on purpose.
            '.' | '+' | '(' | ')' | '$' => {
                regex.push('\\');
                regex.push(ch);
            }
            '\\' => match scan.next() {
                Some(escaped) => {
                    regex.push('\\');
                    regex.push(escaped);
                    detected = Detected::Regex;
                }
                None => regex.push('\\'),
            },
            // Bracket expressions go to the regex as they are (so `[^x]` negates, `[!x]` not).
            '[' | ']' => {
                regex.push(ch);
                detected = Detected::Regex;
            }
            _ => regex.push(ch),
        }
        i += 1;
    }
    match detected {
        Detected::Exact => MatchKind::Exact,
        Detected::Prefix => MatchKind::Prefix,
        Detected::Suffix => MatchKind::Suffix,
        Detected::Regex => {
            regex.push('$');
            Regex::new(&regex).map_or(MatchKind::Invalid, MatchKind::Regex)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(patterns: &[&str], path: &str) -> bool {
        PatternMatcher::new(patterns)
            .unwrap()
            .matches_or_parent_matches(path)
            .unwrap()
    }

    #[test]
    fn match_kinds() {
        assert!(matches!(compile("a/b"), MatchKind::Exact));
        assert!(matches!(compile("a.b+c"), MatchKind::Exact));
        assert!(matches!(compile("a/**"), MatchKind::Prefix));
        assert!(matches!(compile("**/a"), MatchKind::Suffix));
        assert!(matches!(compile("**"), MatchKind::Suffix));
        assert!(matches!(compile("**/*.go"), MatchKind::Regex(_)));
        assert!(matches!(compile("a*/**"), MatchKind::Regex(_)));
        assert!(matches!(compile("[z-a]"), MatchKind::Invalid));
    }

    #[test]
    fn directory_patterns_cover_their_contents() {
        assert!(excluded(&["a"], "a/b/c"));
        assert!(excluded(&["a/b"], "a/b/c"));
        assert!(!excluded(&["a/b"], "a"));
        assert!(excluded(&["*"], "x/y"));
        assert!(!excluded(&["a/**"], "a"));
        assert!(excluded(&["a/**"], "a/b"));
    }

    #[test]
    fn double_star() {
        assert!(excluded(&["**/foo"], "foo"));
        assert!(excluded(&["**/foo"], "a/b/foo"));
        assert!(excluded(&["**foo"], "xfoo"));
        assert!(excluded(&["a/**/b"], "a/b"));
        assert!(excluded(&["a/**/b"], "a/x/y/b"));
        assert!(!excluded(&["a/**/b"], "a/xb"));
        assert!(excluded(&["**"], "anything/at/all"));
    }

    #[test]
    fn last_matching_line_wins() {
        let patterns = ["*.md", "!README*.md", "README-secret.md"];
        assert!(excluded(&patterns, "foo.md"));
        assert!(!excluded(&patterns, "README.md"));
        assert!(excluded(&patterns, "README-secret.md"));
        assert!(!excluded(&["a", "!a/b"], "a/b/c"));
        assert!(excluded(&["a", "!a/b"], "a/c"));
    }

    #[test]
    fn brackets_are_regex_classes() {
        assert!(excluded(&["[^a]"], "b"));
        assert!(!excluded(&["[^a]"], "a"));
        // `!` does not negate, unlike filepath.Match.
        assert!(excluded(&["[!a]"], "a"));
        assert!(!excluded(&["[!a]"], "b"));
        assert!(excluded(&["arr[[]0]"], "arr[0]"));
        // `[*]` becomes `[[^/]*]`: a class of `[`, `^`, `/` repeated, then `]`.
        assert!(excluded(&["x[*]"], "x]"));
        assert!(!excluded(&["x[*]"], "x*"));
    }

    #[test]
    fn braces_and_bars_reach_the_regex() {
        // Only when the pattern is a regex at all; `a|b` alone is an exact name.
        assert!(excluded(&["a|b"], "a|b"));
        assert!(excluded(&["a*|b*"], "axyz"));
        assert!(excluded(&["a*|b*"], "b"));
        assert!(excluded(&["x{2}*"], "xx"));
        assert!(!excluded(&["x{2}*"], "x{2}"));
        assert!(excluded(&["*.{js,ts}"], "a.{js,ts}"));
    }

    #[test]
    fn escapes() {
        assert!(excluded(&["a\\*b"], "a*b"));
        assert!(!excluded(&["a\\*b"], "axb"));
        // `\d` reaches Go's regexp as a digit class.
        assert!(excluded(&["file\\d"], "file7"));
    }

    #[test]
    fn errors() {
        let err = PatternMatcher::new(&["a", "!"]).unwrap_err();
        assert_eq!(err.index, 1);
        assert_eq!(err.to_string(), "illegal exclusion pattern: \"!\"");
        let err = PatternMatcher::new(&["["]).unwrap_err();
        assert_eq!(err.to_string(), "syntax error in pattern");
        assert_eq!(
            PatternMatcher::new(&["a\\"]).unwrap_err().kind,
            PatternErrorKind::Syntax
        );
        // Accepted by filepath.Match, rejected by regexp: an error only when evaluated.
        let matcher = PatternMatcher::new(&["x", "[z-a]"]).unwrap();
        assert_eq!(
            matcher.matches_or_parent_matches("y"),
            Err(MatchError::BadPattern { index: 1 })
        );
        assert_eq!(matcher.matches_or_parent_matches("x"), Ok(true));
    }

    #[test]
    fn blank_patterns_are_skipped_but_indexes_kept() {
        let matcher = PatternMatcher::new(&["  ", " !b "]).unwrap();
        assert_eq!(matcher.patterns().len(), 1);
        assert_eq!(matcher.patterns()[0].index(), 1);
        assert_eq!(matcher.patterns()[0].cleaned(), "b");
        assert!(matcher.has_exclusions());
    }

    #[test]
    fn deciding_pattern_names_the_line() {
        let matcher = PatternMatcher::new(&["docs", "*.md", "!README.md"]).unwrap();
        let hit = matcher.deciding_pattern("docs/a.txt").unwrap().unwrap();
        assert_eq!(hit.index(), 0);
        let hit = matcher.deciding_pattern("x.md").unwrap().unwrap();
        assert_eq!(hit.index(), 1);
        assert!(matcher.deciding_pattern("README.md").unwrap().is_none());
        // The exception names a top-level README.md only, so docs/README.md stays excluded.
        let hit = matcher.deciding_pattern("docs/README.md").unwrap().unwrap();
        assert_eq!(hit.index(), 0);
    }

    #[test]
    fn walk_with_parent_results_agrees() {
        let matcher = PatternMatcher::new(&["a", "!a/b", "**/tmp"]).unwrap();
        for path in ["a/b/c", "a/c", "x/tmp/y", "a/tmp", "b"] {
            let mut info = MatchInfo::default();
            let mut last = false;
            let parts: Vec<&str> = path.split('/').collect();
            for n in 1..=parts.len() {
                (last, info) = matcher
                    .matches_using_parent_results(&parts[..n].join("/"), &info)
                    .unwrap();
            }
            assert_eq!(
                last,
                matcher.matches_or_parent_matches(path).unwrap(),
                "{path}"
            );
        }
        let other = PatternMatcher::new(&["a"]).unwrap();
        let (_, info) = matcher
            .matches_using_parent_results("a", &MatchInfo::default())
            .unwrap();
        assert_eq!(
            other.matches_using_parent_results("a/b", &info),
            Err(MatchError::WrongMatchInfo)
        );
    }

    #[test]
    fn parent_dir_borrows_clean_paths() {
        assert!(matches!(parent_dir("a/b/c"), Cow::Borrowed("a/b")));
        assert!(matches!(parent_dir("a"), Cow::Borrowed(".")));
        assert!(matches!(parent_dir("/a"), Cow::Borrowed("/")));
        assert_eq!(parent_dir("a//b/c"), "a/b");
        assert_eq!(parent_dir("./a/b"), "a");
        assert_eq!(parent_dir("file/"), "file");
        assert_eq!(parent_dir("a/../b"), ".");
    }
}
