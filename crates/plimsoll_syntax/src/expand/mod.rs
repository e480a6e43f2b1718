//! BuildKit's variable expansion (`frontend/dockerfile/shell/lex.go`), reproduced exactly.
//!
//! A [`Lexer`] removes quotes and escapes and substitutes `$name` / `${…}` the way BuildKit does
//! when it dispatches ENV, ARG defaults, COPY/ADD, WORKDIR, USER, LABEL, EXPOSE, … and when the
//! parser looks for heredoc markers. It is not a POSIX shell:
//!
//! * `'…'` is literal. Inside `"…"` the escape token escapes only `"`, `$` and itself; before
//!   anything else it stays. Unquoted, the escape token makes the next character literal.
//! * `$name` takes Unicode letters, digits and `_`; a leading digit takes only digits (`$1x` is
//!   `$1` then `x`); `@ * # ? - $ ! 0` are one-character names; a `$` before anything else is
//!   kept.
//! * `${v}`, `${v-w}`, `${v:-w}`, `${v+w}`, `${v:+w}`, `${v?m}`, `${v:?m}`, `${v#p}`, `${v##p}`,
//!   `${v%p}`, `${v%%p}`, `${v/p/r}`, `${v//p/r}`; `w`, `m`, `p` and `r` are expanded
//!   recursively. Anything else is an error with BuildKit's text ([`ExpandErrorKind`]).
//!
//! Every variable looked up is recorded once, in order of first use, as matched (set) or
//! unmatched (unset): the `UndefinedVar` and `UndefinedArgInFrom` checks are built on that.
//!
//! One BuildKit quirk is kept on purpose: in [`Lexer::process_words`], a `${…}` with an
//! operator (`${v:-w}`, `${v#p}`, …) shares the word buffer with the word around it and clears
//! it, so the text of the current word *before* it is lost (`a${x:-b}c` gives the word `bc`).
//! [`Lexer::process_word`] is not affected.
//!
//! ```
//! use plimsoll_syntax::expand::{Lexer, EmptyEnv};
//! let lexer = Lexer::new('\\');
//! let env = [("PWD", "/home")];
//! let out = lexer.process_word("he${XXX:-$PWD}xx", &env).unwrap();
//! assert_eq!(out.value, "he/homexx");
//! assert_eq!(out.matched, ["PWD"]);
//! assert_eq!(out.unmatched, ["XXX"]);
//! let err = lexer.process_word("${U:?must set}", &EmptyEnv).unwrap_err();
//! assert_eq!(err.to_string(), r#"failed to process "${U:?must set}": U: must set"#);
//! ```

mod env;
mod error;
mod pattern;

pub use env::{EmptyEnv, Env};
pub use error::{ExpandError, ExpandErrorKind};

use crate::gocompat::text_scanner::Scanner;
use crate::gocompat::{is_digit, is_letter, is_space};

/// The result of [`Lexer::process_word`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded word (quotes and escapes processed unless the lexer keeps them).
    pub value: String,
    /// Variables that were set, in order of first use, each once.
    pub matched: Vec<String>,
    /// Variables that were unset, in order of first use, each once.
    pub unmatched: Vec<String>,
}

/// The result of [`Lexer::process_words`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordsExpansion {
    /// The words after expansion and splitting on unquoted whitespace (including whitespace
    /// that came out of a variable's value).
    pub words: Vec<String>,
    /// Variables that were set, in order of first use, each once.
    pub matched: Vec<String>,
    /// Variables that were unset, in order of first use, each once.
    pub unmatched: Vec<String>,
}

/// BuildKit's shell-word lexer (`shell.Lex`), configured with the builder methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    escape: char,
    raw_quotes: bool,
    raw_escapes: bool,
    skip_unset_env: bool,
    skip_process_quotes: bool,
}

impl Lexer {
    /// A lexer with the given escape token: `\` by default, or `` ` `` after `# escape=``.
    #[must_use]
    pub fn new(escape: char) -> Self {
        Self {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
            skip_process_quotes: false,
        }
    }

    /// Keep quote characters in the output (`RawQuotes`).
    #[must_use]
    pub fn raw_quotes(mut self, on: bool) -> Self {
        self.raw_quotes = on;
        self
    }

    /// Keep escape characters in the output (`RawEscapes`).
    #[must_use]
    pub fn raw_escapes(mut self, on: bool) -> Self {
        self.raw_escapes = on;
        self
    }

    /// Leave `$x`, `${x}`, `${x:-w}`, … as written when `x` is unset (`SkipUnsetEnv`).
    #[must_use]
    pub fn skip_unset_env(mut self, on: bool) -> Self {
        self.skip_unset_env = on;
        self
    }

    /// Treat quotes as ordinary characters (`SkipProcessQuotes`, the heredoc-body mode).
    #[must_use]
    pub fn skip_process_quotes(mut self, on: bool) -> Self {
        self.skip_process_quotes = on;
        self
    }

    /// The escape token this lexer uses.
    #[must_use]
    pub fn escape(&self) -> char {
        self.escape
    }

    /// Expands one word (`ProcessWord`); whitespace is kept.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<Expansion, ExpandError> {
        if self.is_plain(word) {
            return Ok(Expansion {
                value: word.to_owned(),
                matched: Vec::new(),
                unmatched: Vec::new(),
            });
        }
        let (value, _, matched, unmatched) = self.process(word, env)?;
        Ok(Expansion {
            value,
            matched,
            unmatched,
        })
    }

    /// Expands and splits into words (`ProcessWords`), e.g. for EXPOSE and heredoc detection.
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<WordsExpansion, ExpandError> {
        if self.is_plain(word) {
            return Ok(WordsExpansion {
                words: word
                    .split(is_space)
                    .filter(|part| !part.is_empty())
                    .map(str::to_owned)
                    .collect(),
                matched: Vec::new(),
                unmatched: Vec::new(),
            });
        }
        let (_, words, matched, unmatched) = self.process(word, env)?;
        Ok(WordsExpansion {
            words,
            matched,
            unmatched,
        })
    }

    /// Whether `word` has nothing to expand, unquote or unescape, so it comes out unchanged
    /// (split on whitespace for [`Self::process_words`]). Most words in Dockerfiles are like
    /// this, and the full lexer was 8 % of linting the corpus.
    fn is_plain(&self, word: &str) -> bool {
        // The scanner drops a leading byte-order mark.
        !word.starts_with('\u{feff}') && !word.contains(['$', '\'', '"', self.escape])
    }

    fn process(&self, word: &str, env: &dyn Env) -> Result<Processed, ExpandError> {
        let mut state = ShellWord {
            lexer: self,
            scanner: Scanner::new(word),
            env,
            raw_escapes: self.raw_escapes,
            words_buffer: String::new(),
            matched: Vec::new(),
            unmatched: Vec::new(),
        };
        match state.process_stop_on(None, self.raw_escapes) {
            Ok((value, words)) => Ok((value, words, state.matched, state.unmatched)),
            Err(kind) => Err(ExpandError {
                word: word.to_owned(),
                kind,
                matched: state.matched,
                unmatched: state.unmatched,
            }),
        }
    }
}

type Processed = (String, Vec<String>, Vec<String>, Vec<String>);

/// One expansion in progress (BuildKit's `shellWord`).
struct ShellWord<'a> {
    lexer: &'a Lexer,
    scanner: Scanner<'a>,
    env: &'a dyn Env,
    /// Current escape mode; `${v#p}`, `${v%p}` and `${v/p/r}` switch it on for their operands.
    raw_escapes: bool,
    /// The word being built. BuildKit shares one buffer between nested levels (see the module
    /// docs), so this lives here rather than in [`Words`].
    words_buffer: String,
    matched: Vec<String>,
    unmatched: Vec<String>,
}

/// Word splitting state of one nesting level (`wordsStruct`).
#[derive(Default)]
struct Words {
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, buf: &mut String, ch: char) {
        if is_space(ch) && self.in_word {
            if !buf.is_empty() {
                self.words.push(std::mem::take(buf));
                self.in_word = false;
            }
        } else if !is_space(ch) {
            self.add_raw_char(buf, ch);
        }
    }

    fn add_raw_char(&mut self, buf: &mut String, ch: char) {
        buf.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, buf: &mut String, s: &str) {
        for ch in s.chars() {
            self.add_char(buf, ch);
        }
    }

    fn add_raw_string(&mut self, buf: &mut String, s: &str) {
        buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self, buf: &mut String) -> Vec<String> {
        if !buf.is_empty() {
            self.words.push(std::mem::take(buf));
        }
        self.words
    }
}

/// Go prints `string(rune)` of the end-of-input marker as U+FFFD.
fn go_rune(ch: Option<char>) -> char {
    ch.unwrap_or('\u{fffd}')
}

impl ShellWord<'_> {
    /// Processes up to `stop` (consumed) or the end of the input when `stop` is `None`.
    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), ExpandErrorKind> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let result = self.process_stop_on_inner(stop);
        self.raw_escapes = saved;
        result
    }

    fn process_stop_on_inner(
        &mut self,
        stop: Option<char>,
    ) -> Result<(String, Vec<String>), ExpandErrorKind> {
        let mut result = String::new();
        self.words_buffer.clear();
        let mut words = Words::default();
        let process_quotes = !self.lexer.skip_process_quotes;

        while let Some(ch) = self.scanner.peek() {
            if stop == Some(ch) {
                self.scanner.next();
                return Ok((result, words.finish(&mut self.words_buffer)));
            }
            if ch == '$' {
                let value = self.process_dollar()?;
                result.push_str(&value);
                words.add_string(&mut self.words_buffer, &value);
            } else if process_quotes && (ch == '\'' || ch == '"') {
                let value = if ch == '\'' {
                    self.process_single_quote()?
                } else {
                    self.process_double_quote()?
                };
                result.push_str(&value);
                words.add_raw_string(&mut self.words_buffer, &value);
            } else {
                self.scanner.next();
                let mut ch = ch;
                if ch == self.lexer.escape {
                    if self.raw_escapes {
                        words.add_raw_char(&mut self.words_buffer, ch);
                        result.push(ch);
                    }
                    // The escape token escapes the next character; at the end it is dropped.
                    let Some(escaped) = self.scanner.next() else {
                        break;
                    };
                    ch = escaped;
                    words.add_raw_char(&mut self.words_buffer, ch);
                } else {
                    words.add_char(&mut self.words_buffer, ch);
                }
                result.push(ch);
            }
        }
        if let Some(stop) = stop {
            return Err(ExpandErrorKind::UnexpectedEnd { stop });
        }
        Ok((result, words.finish(&mut self.words_buffer)))
    }

    fn process_single_quote(&mut self) -> Result<String, ExpandErrorKind> {
        let mut result = String::new();
        let open = self.scanner.next();
        if self.lexer.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.scanner.next() {
                None => return Err(ExpandErrorKind::UnterminatedSingleQuote),
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, ExpandErrorKind> {
        let mut result = String::new();
        let open = self.scanner.next();
        if self.lexer.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.scanner.peek() {
                None => return Err(ExpandErrorKind::UnterminatedDoubleQuote),
                Some('"') => {
                    self.scanner.next();
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(_) => {
                    let Some(mut ch) = self.scanner.next() else {
                        continue;
                    };
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.scanner.peek() {
                            // A trailing escape token is dropped.
                            None => continue,
                            // Only these can be escaped; before anything else it stays.
                            Some(next)
                                if next == '"' || next == '$' || next == self.lexer.escape =>
                            {
                                self.scanner.next();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn process_dollar(&mut self) -> Result<String, ExpandErrorKind> {
        self.scanner.next(); // $
        if self.scanner.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }

        self.scanner.next(); // {
        match self.scanner.peek() {
            None => return Err(ExpandErrorKind::MissingBrace),
            Some('{' | '}' | ':') => return Err(ExpandErrorKind::BadSubstitution),
            Some(_) => {}
        }
        let name = self.process_name();
        let ch = self.scanner.next();
        let mut modifier = String::from(go_rune(ch));

        match ch {
            Some('}') => Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some(':' | '+' | '-' | '?' | '#' | '%') => {
                let null_is_unset = ch == Some(':');
                let op = if null_is_unset {
                    let op = self.scanner.next();
                    modifier.push(go_rune(op));
                    op
                } else {
                    ch
                };
                let is_pattern = matches!(op, Some('#' | '%'));
                if null_is_unset && is_pattern {
                    return Err(ExpandErrorKind::UnsupportedModifier { modifier });
                }
                let word = match self.process_stop_on(Some('}'), is_pattern) {
                    Ok((word, _)) => word,
                    Err(_) if self.scanner.peek().is_none() => {
                        return Err(ExpandErrorKind::MissingBrace);
                    }
                    Err(err) => return Err(err),
                };

                let value = self.lookup(&name);
                if self.lexer.skip_unset_env && value.is_none() {
                    return Ok(format!("${{{name}{modifier}{word}}}"));
                }
                let is_empty_or_unset = value.as_deref().is_none_or(str::is_empty);
                match op {
                    Some('-') => Ok(match value {
                        Some(value) if !(null_is_unset && value.is_empty()) => value,
                        _ => word,
                    }),
                    Some('+') => Ok(match value {
                        Some(value) if !(null_is_unset && value.is_empty()) => word,
                        _ => String::new(),
                    }),
                    Some('?') => match value {
                        None => Err(required(name, word, "is not allowed to be unset")),
                        Some(_) if null_is_unset && is_empty_or_unset => {
                            Err(required(name, word, "is not allowed to be empty"))
                        }
                        Some(value) => Ok(value),
                    },
                    Some(op @ ('%' | '#')) => {
                        let value = value.unwrap_or_default();
                        let (pattern, greedy) = match word.strip_prefix(op) {
                            Some(rest) => (rest, true),
                            None => (word.as_str(), false),
                        };
                        if op == '%' {
                            pattern::trim_suffix(pattern, &value, greedy)
                        } else {
                            pattern::trim_prefix(pattern, &value, greedy)
                        }
                    }
                    _ => Err(ExpandErrorKind::UnsupportedModifier { modifier }),
                }
            }
            Some('/') => {
                let replace_all = self.scanner.peek() == Some('/');
                if replace_all {
                    self.scanner.next();
                }
                let pattern = match self.process_stop_on(Some('/'), true) {
                    Ok((pattern, _)) => pattern,
                    Err(_) if self.scanner.peek().is_none() => {
                        return Err(ExpandErrorKind::MissingSlash);
                    }
                    Err(err) => return Err(err),
                };
                let replacement = match self.process_stop_on(Some('}'), true) {
                    Ok((replacement, _)) => replacement,
                    Err(_) if self.scanner.peek().is_none() => {
                        return Err(ExpandErrorKind::MissingBrace);
                    }
                    Err(err) => return Err(err),
                };
                let value = self.lookup(&name);
                if self.lexer.skip_unset_env && value.is_none() {
                    // BuildKit writes a single `/` back, even for `//`.
                    return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                }
                pattern::replace(
                    &pattern,
                    &value.unwrap_or_default(),
                    &replacement,
                    replace_all,
                )
            }
            _ => Err(ExpandErrorKind::UnsupportedModifier { modifier }),
        }
    }

    /// A variable name: letters, digits and `_`; or only digits; or one special parameter.
    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.scanner.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(digit) = self.scanner.peek().filter(|&c| is_digit(c)) {
                    self.scanner.next();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.scanner.next();
                name.push(ch);
                return name;
            }
            if !is_letter(ch) && !is_digit(ch) && ch != '_' {
                break;
            }
            self.scanner.next();
            name.push(ch);
        }
        name
    }

    /// Looks `name` up and records it as matched or unmatched (once, in order of first use).
    fn lookup(&mut self, name: &str) -> Option<String> {
        match self.env.get(name) {
            Some(value) => {
                if !self.matched.iter().any(|n| n == name) {
                    self.matched.push(name.to_owned());
                }
                Some(value.to_owned())
            }
            None => {
                if !self.unmatched.iter().any(|n| n == name) {
                    self.unmatched.push(name.to_owned());
                }
                None
            }
        }
    }
}

fn required(name: String, word: String, default: &str) -> ExpandErrorKind {
    ExpandErrorKind::Required {
        name,
        message: if word.is_empty() {
            default.to_owned()
        } else {
            word
        },
    }
}

#[cfg(test)]
mod tests;
