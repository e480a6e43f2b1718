//! Shell words: exact source text, quote-removed value, and a flat list of parts.

use std::borrow::Cow;

use plimsoll_text::TextRange;

use super::one_or_many::OneOrMany;

/// One shell word (a command name, an argument, an assignment value, a redirect target).
///
/// `range` always covers the word's bytes in the Dockerfile (`range.slice(dockerfile) == text`),
/// quotes and `\`-newline continuations included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'src> {
    pub(crate) range: TextRange,
    pub(crate) text: &'src str,
    pub(crate) value: Cow<'src, str>,
    pub(crate) static_prefix_len: u32,
    pub(crate) quoted: bool,
    pub(crate) expansion: bool,
    pub(crate) parts: OneOrMany<WordPart>,
}

/// A top-level piece of a word; double-quoted content stays one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordPart {
    pub kind: WordPartKind,
    pub range: TextRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordPartKind {
    /// Unquoted text, possibly with backslash escapes.
    Literal,
    /// `'…'` or `$'…'`.
    SingleQuoted,
    /// `"…"` or `$"…"` (may contain expansions; see [`Word::has_expansion`]).
    DoubleQuoted,
    /// `$NAME`, `${…}` in all its forms.
    Parameter,
    /// `$(…)` or `` `…` ``.
    CommandSubstitution,
    /// `$((…))` or `$[…]`.
    ArithmeticExpansion,
    /// `<(…)` or `>(…)`.
    ProcessSubstitution,
    /// Anything else shuck knows about (zsh glob qualifiers …).
    Other,
}

impl<'src> Word<'src> {
    /// The word's bytes in the Dockerfile.
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.range
    }

    /// The raw source text, exactly as written (quotes, escapes and continuations included).
    #[must_use]
    pub fn text(&self) -> &'src str {
        self.text
    }

    /// The value after quote removal, with every expansion kept verbatim as its source text.
    ///
    /// `"a b"` → `a b`, `--opt="$X"` → `--opt=$X`, `a\ b` → `a b`. This is what hadolint's rules
    /// compare against: variables are never expanded, so `$PKGS` stays `$PKGS`.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The value after quote removal when the word contains no expansion at all, else `None`.
    ///
    /// Globs and braces are not expansions here: `/var/lib/apt/lists/*` is a literal.
    #[must_use]
    pub fn literal(&self) -> Option<&str> {
        (!self.expansion).then_some(&*self.value)
    }

    /// True when the word is exactly `literal` after quote removal (and has no expansion).
    #[must_use]
    pub fn is(&self, literal: &str) -> bool {
        self.literal() == Some(literal)
    }

    /// The part of [`Word::value`] before the first expansion (the whole value when static).
    #[must_use]
    pub fn static_prefix(&self) -> &str {
        self.value
            .get(..self.static_prefix_len as usize)
            .unwrap_or_default()
    }

    /// True when any part is single- or double-quoted (backslash escapes do not count).
    #[must_use]
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// True when the word contains a parameter, command, arithmetic or process substitution.
    #[must_use]
    pub fn has_expansion(&self) -> bool {
        self.expansion
    }

    /// The word's top-level parts in source order.
    #[must_use]
    pub fn parts(&self) -> &[WordPart] {
        self.parts.as_slice()
    }
}

/// Appends the value of unquoted literal source text: `\x` → `x`, `\`+newline → nothing.
/// A trailing lone backslash stays, as a shell keeps it.
pub(crate) fn push_unquoted_literal(raw: &str, out: &mut String) {
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('\n') => {}
            Some(escaped) => out.push(escaped),
            None => out.push('\\'),
        }
    }
}

/// Appends the value of literal text inside double quotes: a backslash only escapes
/// `$`, `` ` ``, `"`, `\` and newline (which it removes); elsewhere it stays.
pub(crate) fn push_double_quoted_literal(raw: &str, out: &mut String) {
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.peek() {
            Some('\n') => {
                chars.next();
            }
            Some(&escaped @ ('$' | '`' | '"' | '\\')) => {
                chars.next();
                out.push(escaped);
            }
            _ => out.push('\\'),
        }
    }
}

/// Basename of a command path: `/usr/bin/apt-get` → `apt-get`.
///
/// A byte search: rules ask for it hundreds of thousands of times on a corpus, and
/// `rsplit('/')` cost 7 % of linting it.
#[must_use]
pub fn basename(name: &str) -> &str {
    match name.bytes().rposition(|byte| byte == b'/') {
        Some(slash) => &name[slash + 1..],
        None => name,
    }
}

/// A value that borrows from the source when decoding changed nothing.
pub(crate) fn borrow_if_same<'src>(decoded: String, raw: &'src str) -> Cow<'src, str> {
    if decoded == raw {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(decoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unquoted(raw: &str) -> String {
        let mut out = String::new();
        push_unquoted_literal(raw, &mut out);
        out
    }

    fn double_quoted(raw: &str) -> String {
        let mut out = String::new();
        push_double_quoted_literal(raw, &mut out);
        out
    }

    #[test]
    fn unquoted_backslash_removal() {
        assert_eq!(unquoted(r"a\ b"), "a b");
        assert_eq!(unquoted(r#"\"x\$y"#), "\"x$y");
        assert_eq!(unquoted("foo\\\nbar"), "foobar");
        assert_eq!(unquoted(r"\\"), r"\");
        assert_eq!(unquoted(r"end\"), r"end\");
        assert_eq!(unquoted(r"\é"), "é");
    }

    #[test]
    fn double_quoted_backslash_removal() {
        assert_eq!(double_quoted(r#"a\"b"#), "a\"b");
        assert_eq!(double_quoted(r"a\\b"), r"a\b");
        assert_eq!(double_quoted(r"x\y"), r"x\y");
        assert_eq!(double_quoted(r"\$HOME \`"), "$HOME `");
        assert_eq!(double_quoted("a\\\nb"), "ab");
        assert_eq!(double_quoted(r"end\"), r"end\");
    }

    #[test]
    fn basename_strips_directories() {
        assert_eq!(basename("/usr/bin/apt-get"), "apt-get");
        assert_eq!(basename("apt-get"), "apt-get");
        assert_eq!(basename("./run.sh"), "run.sh");
        assert_eq!(basename("dir/"), "");
    }
}
