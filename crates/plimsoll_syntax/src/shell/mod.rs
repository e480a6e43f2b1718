//! The RUN shell model: plimsoll's own small command/word model over shuck-parser.
//!
//! Rules look inside `RUN` through this module only; nothing outside its `lower` module names a
//! `shuck_ast` type, so the parser underneath can be swapped. Plain scripts (simple commands,
//! quoted words, parameters, redirects, lists) skip shuck: the `simple` module parses them
//! directly into the same model, proven equal to shuck's by differential tests.
//!
//! ```
//! use plimsoll_syntax::shell::parse_script;
//!
//! let script = parse_script("apt-get update && apt-get install -y curl=7.*", 4);
//! let install = &script.commands()[1];
//! assert!(install.is("apt-get") && install.has_subcommand("install", &[]));
//! assert!(install.has_flag("y"));
//! assert_eq!(install.args_without_flags(&[])[1].value(), "curl=7.*");
//! assert_eq!(install.args()[2].range().start, 4 + 37); // Dockerfile offsets
//! ```
//!
//! # Model
//! * [`Script`]: every simple command in source order ([`Script::commands`]), every pipeline
//!   ([`Script::pipelines`], single commands included), the scopes that nest them (subshells,
//!   substitutions, compound commands, function bodies: [`Script::scopes`]), the heredocs written
//!   in the text, and shuck's parse status and diagnostics.
//! * [`Command`]: leading assignments, the name word, argument words, redirects, and its
//!   [`CommandContext`] (scope, pipeline and position in it, the operators before and after it).
//! * [`Word`]: exact range, raw text, value after quote removal (expansions kept verbatim),
//!   [`Word::literal`] when static, quoting and expansion flags, top-level parts.
//! * [`Argv`]: hadolint-style flag helpers over a command's arguments.
//!
//! # Offsets
//! `parse_script(source, base_offset)` expects `source` to have exactly the length of its byte
//! range in the Dockerfile (the Dockerfile parser blanks Docker-only trivia with spaces). Every
//! range is shuck's byte offset plus `base_offset`, so for a word `w`,
//! `w.range().slice(dockerfile) == w.text()` wherever the Dockerfile bytes equal `source`.
//!
//! # Errors
//! Parsing never fails and never panics. Unparseable text gives [`ParseStatus::Recovered`]
//! (shuck skipped a bad token and went on) or [`ParseStatus::Fatal`] (it gave up, e.g. at an
//! unterminated quote or `$(`), with [`ShellDiagnostic`]s located in the Dockerfile. shuck may
//! drop the statements before an error (an unterminated quote loses the whole script, `a && `
//! loses `a`); when nothing survived before the first error, the text before it is parsed again
//! on its own and its commands are kept, followed by what shuck kept after the error. A word
//! cut by the error may then be reported shorter than written.
//!
//! What shuck accepts leniently (a heredoc without its terminator runs to the end, an
//! unterminated `${x` is a parameter, a trailing `\` is a literal backslash) parses clean.
//! Messages are shuck's own (`syntax error: unterminated double quote`, `expected 'fi'`;
//! an unterminated `$((` reports `unterminated command substitution`).
//!
//! # Fixes
//! Ranges are exact, so an insertion point is a word's `range().end` (e.g. add
//! `--no-install-recommends` after the `install` word) and a replacement is a word's `range()`.
//!
//! # Known shuck-parser 0.2.8 behaviour the adapter works around or documents
//! * Statement and compound-command spans run into the next token (`a &&` for `a`, a subshell's
//!   span starts after its `(`): command, pipeline and scope ranges are rebuilt here from word,
//!   redirect, operator and keyword spans, plus a scan for a subshell's or brace group's brackets.
//! * Recovery may drop the statements before an error (see Errors): salvaged by re-parsing.
//! * An escaped backtick inside backticks (`` `echo \`date\`` ``) stays literal, so the inner
//!   command is not seen.
//! * Literal word parts are not consistently unescaped (`a\"b` keeps its backslash, `\$x`
//!   does not), so values are decoded here from the source text instead.

mod argv;
mod command;
mod exec_form;
mod lower;
mod one_or_many;
mod script;
mod simple;
mod word;

#[cfg(test)]
mod simple_tests;
#[cfg(test)]
mod tests;

pub use argv::{Argv, Flag, FlagKind, FlagValue, is_flag_word};
pub use command::{
    Assignment, Command, CommandContext, CommandId, CommandKind, Heredoc, HeredocId, Redirect,
    RedirectKind, RedirectTarget, ShellOptionChange,
};
pub use exec_form::exec_form_script;
pub use script::{
    Operator, OperatorKind, ParseStatus, Pipeline, PipelineElement, PipelineId, Scope, ScopeId,
    ScopeKind, Script, ShellDiagnostic,
};
pub use word::{Word, WordPart, WordPartKind, basename};

/// The grammar to parse with. hadolint extracts commands with a bash parser whatever the
/// `SHELL`, so [`parse_script`] uses [`Dialect::Bash`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// `sh`, `dash`, `ash`: no `[[ ]]`, `(( ))`, `function` ….
    Posix,
    #[default]
    Bash,
    Mksh,
    Zsh,
}

/// Parses shell text at Dockerfile offset `base_offset` with the bash grammar.
#[must_use]
pub fn parse_script(source: &str, base_offset: u32) -> Script<'_> {
    parse_script_with(source, base_offset, Dialect::Bash)
}

/// Parses shell text at Dockerfile offset `base_offset` with the given grammar.
#[must_use]
pub fn parse_script_with(source: &str, base_offset: u32, dialect: Dialect) -> Script<'_> {
    lower::parse(source, base_offset, dialect)
}

/// The two parsers behind [`parse_script`], separately, so tests (here and in the linter's
/// corpus test) can prove the fast path gives exactly what shuck gives. Not for other uses.
#[doc(hidden)]
pub mod differential {
    use super::{Dialect, Script};

    /// The fast path alone: `None` when the text needs shuck.
    #[must_use]
    pub fn fast_path(source: &str, base_offset: u32) -> Option<Script<'_>> {
        super::simple::try_parse(source, base_offset, Dialect::Bash)
    }

    /// shuck alone, as if the fast path did not exist.
    #[must_use]
    pub fn shuck_path(source: &str, base_offset: u32) -> Script<'_> {
        super::lower::parse_with_shuck(source, base_offset, Dialect::Bash)
    }
}
