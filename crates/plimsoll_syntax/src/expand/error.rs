//! Expansion errors, with BuildKit's exact texts.

use crate::gocompat::quote;

/// Why a word could not be expanded. `Display` gives BuildKit's text for the reason alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandErrorKind {
    /// `'abc` with no closing quote.
    #[error("unexpected end of statement while looking for matching single-quote")]
    UnterminatedSingleQuote,
    /// `"abc` with no closing quote.
    #[error("unexpected end of statement while looking for matching double-quote")]
    UnterminatedDoubleQuote,
    /// The input ended inside `${…}` before `stop` (BuildKit normally reports this as
    /// [`MissingBrace`](Self::MissingBrace) or [`MissingSlash`](Self::MissingSlash)).
    #[error("unexpected end of statement while looking for matching {stop}")]
    UnexpectedEnd {
        /// The character that was being looked for.
        stop: char,
    },
    /// `${` or `${name:-word` without its `}`.
    #[error("syntax error: missing '}}'")]
    MissingBrace,
    /// `${name/pattern` without the `/` that ends the pattern.
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash,
    /// `${}`, `${:…}` or `${{…}`.
    #[error("syntax error: bad substitution")]
    BadSubstitution,
    /// An operator BuildKit does not implement (`${v:=x}`, `${v:3}`, `${#v}`, `${v:#p}`, …);
    /// `modifier` is the text BuildKit shows, e.g. `:=`.
    #[error("unsupported modifier ({modifier}) in substitution")]
    UnsupportedModifier {
        /// The operator as BuildKit prints it (U+FFFD stands for the end of the input).
        modifier: String,
    },
    /// `${name?message}` / `${name:?message}` with `name` unset (or empty).
    #[error("{name}: {message}")]
    Required {
        /// The variable.
        name: String,
        /// The message written in the word, or BuildKit's default.
        message: String,
    },
    /// A `#`, `%` or `/` pattern with a bad escape (only `\*`, `\?`, `\\`, `\}` and `\/` exist).
    #[error("invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'")]
    InvalidPattern {
        /// The pattern as BuildKit shows it (reversed for `%`/`%%`, as BuildKit does).
        pattern: String,
        /// The character after the backslash (U+FFFD for a trailing backslash).
        escaped: char,
    },
}

/// A failed expansion: `failed to process "<word>": <reason>`, exactly as BuildKit prints it.
///
/// The variables looked up before the failure are kept, because BuildKit's `UndefinedVar`
/// check still reports them (`USER ${U:?must set}` gives both the error and the warning).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("failed to process {}: {kind}", quote(.word))]
pub struct ExpandError {
    pub(super) word: String,
    pub(super) kind: ExpandErrorKind,
    pub(super) matched: Vec<String>,
    pub(super) unmatched: Vec<String>,
}

impl ExpandError {
    /// The word that was being expanded.
    #[must_use]
    pub fn word(&self) -> &str {
        &self.word
    }

    /// The reason, without the `failed to process "…"` prefix.
    #[must_use]
    pub fn kind(&self) -> &ExpandErrorKind {
        &self.kind
    }

    /// Variables that were set, in order of first use, up to the failure.
    #[must_use]
    pub fn matched(&self) -> &[String] {
        &self.matched
    }

    /// Variables that were unset, in order of first use, up to the failure.
    #[must_use]
    pub fn unmatched(&self) -> &[String] {
        &self.unmatched
    }
}
