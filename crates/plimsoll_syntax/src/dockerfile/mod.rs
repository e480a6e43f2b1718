//! plimsoll's Dockerfile parser: BuildKit-exact, lossless and span-exact.
//!
//! # What it guarantees
//!
//! * **BuildKit's reading.** [`parse`] reproduces BuildKit's `parser.Parse` (layer 1): parser
//!   directives, line continuations with `\` or `` ` ``, comment and empty lines inside
//!   continuations, every heredoc form, exec vs shell form with Go's JSON decoder, the flag
//!   scanner's byte-wise quirks, and BuildKit's error texts and line numbers
//!   ([`Dockerfile::error`]). [`instructions::parse`] reproduces `instructions.Parse` (layer 2:
//!   flags, argument counts, stages). Both are checked against BuildKit's own output in
//!   `shared/conformance/`.
//! * **Lossless.** Every byte belongs to exactly one [`Item`]; [`Dockerfile::to_source`]
//!   rebuilds the input byte for byte from the tree's pieces ([`Dockerfile::pieces`]).
//! * **Exact spans.** Every token (keyword, flag name and value, argument, ENV/LABEL/ARG key,
//!   `=` and value, JSON string, heredoc marker and body, ONBUILD trigger) has the
//!   [`TextRange`](plimsoll_text::TextRange) of the bytes it was read from.
//! * **Never panics**, on any input. A file BuildKit rejects still gives a full tree (parsing
//!   recovers), with the error BuildKit would report.
//!
//! # How to use the parser
//!
//! ```
//! use plimsoll_syntax::dockerfile::{self, Args, InstructionKind};
//!
//! let source = "FROM alpine AS base\nRUN apk add \\\n    curl\nENV A=1 B=\"two words\"\n";
//! let dockerfile = dockerfile::parse(source);
//! assert!(dockerfile.error().is_none());
//! assert_eq!(dockerfile.to_source(), source);
//!
//! let run = dockerfile.instructions().nth(1).unwrap();
//! assert_eq!(run.kind, InstructionKind::Run);
//! assert_eq!(run.original, "RUN apk add     curl");
//! assert_eq!((run.start_line, run.end_line), (2, 3));
//! let Args::Text(command) = &run.args else { panic!() };
//! assert_eq!(command.value, "apk add     curl");
//! // The range covers the source bytes, continuation included.
//! assert_eq!(command.range.slice(source), "apk add \\\n    curl");
//!
//! // The text a shell parser should see, offsets unchanged.
//! let shell = run.shell_source().unwrap();
//! assert_eq!(shell.text, "apk add \\\n    curl");
//! assert_eq!(shell.base_offset, command.range.start);
//!
//! let env = dockerfile.instructions().nth(2).unwrap();
//! let Args::KeyValues(pairs) = &env.args else { panic!() };
//! assert_eq!(pairs[1].key.value, "B");
//! assert_eq!(pairs[1].value.range.slice(source), "\"two words\"");
//!
//! // BuildKit's views, for diffing against BuildKit itself.
//! assert_eq!(dockerfile.dump(), "(from \"alpine\" \"AS\" \"base\")\n(run \"apk add     curl\")\n(env \"A\" \"1\" \"=\" \"B\" \"\\\"two words\\\"\" \"=\")\n");
//! // Layer 2: typed instructions with validated flags.
//! let stages = dockerfile::instructions::parse(&dockerfile).unwrap();
//! assert_eq!(stages.stages.len(), 1);
//! ```
//!
//! # Known deviations from BuildKit
//!
//! * The input must be UTF-8 (`&str`). BuildKit reads bytes; the CLI rejects non-UTF-8 files
//!   with the byte position.
//! * Where BuildKit's byte-wise flag scanner splits a multi-byte character (a UTF-8 sequence
//!   whose middle byte is 0x85 or 0xA0 inside a flag), or HEALTHCHECK's byte-wise type split
//!   does, the invalid bytes become U+FFFD in values: the JSON view matches BuildKit (Go's JSON
//!   does the same), `Dump` shows `�` where Go shows `\x..`, and ranges are widened to
//!   character boundaries.
//! * `strconv.Quote`'s printable test uses [`crate::gocompat`]'s Unicode 16 tables: characters
//!   assigned after Go's Unicode version may print differently.
//! * `N<< EOF` (a file descriptor, `<<` and a space) is read like `<< EOF` (a heredoc);
//!   BuildKit's source for this case was not available, only its behaviour on `<<  EOF`.

mod buildkit;
mod error;
mod go;
mod heredoc;
pub mod instructions;
mod joined;
mod json;
mod node;
mod parser;
mod print;
mod shell_source;
mod tree;

pub use error::{ErrorLayer, ParseError};
pub use parser::DetectedDirective;
pub use print::{Piece, PieceKind};
pub use shell_source::ShellSource;
pub use tree::{
    Args, BlankLine, CommentLine, Directive, DirectiveKind, Dockerfile, Flag, FromParts, Heredoc,
    Instruction, InstructionKind, Item, KeyValue, LineKind, NameValue, PhysicalLine, Warning, Word,
};

/// Parses a Dockerfile (BuildKit's `parser.Parse`, plus the lossless tree).
///
/// Never fails and never panics: BuildKit's verdict is in [`Dockerfile::error`].
#[must_use]
pub fn parse(source: &str) -> Dockerfile<'_> {
    parser::parse(source, true)
}

/// [`parse`] without BuildKit's 64 KiB line limit: a longer line is read like any other
/// instead of ending the scan with an error. For readers that have no such limit (hadolint).
///
/// ```
/// use plimsoll_syntax::dockerfile;
/// let source = format!("FROM a\nRUN echo {}\nUSER b\n", "x".repeat(70_000));
/// assert!(dockerfile::parse(&source).error().is_some());
/// let parsed = dockerfile::parse_without_line_limit(&source);
/// assert!(parsed.error().is_none());
/// assert_eq!(parsed.instructions().count(), 3);
/// ```
#[must_use]
pub fn parse_without_line_limit(source: &str) -> Dockerfile<'_> {
    parser::parse(source, false)
}

/// The value of parser directive `kind` as BuildKit's `parser.ParseDirective` reads it for the
/// `# check=` options (and `DetectSyntax` for `# syntax=`): unlike [`parse`], a `#!` first line is
/// skipped and lines are not left-trimmed. BuildKit uses [`DetectedDirective::first_word`].
///
/// ```
/// use plimsoll_syntax::dockerfile::{parse_directive, DirectiveKind};
/// let source = "#!/usr/bin/env docker\n# check=skip=FromAsCasing, JSONArgsRecommended\nFROM a\n";
/// let check = parse_directive(source, DirectiveKind::Check).unwrap();
/// assert_eq!(check.first_word, "skip=FromAsCasing,");
/// assert_eq!(check.line, 2);
/// ```
#[must_use]
pub fn parse_directive(source: &str, kind: DirectiveKind) -> Option<DetectedDirective<'_>> {
    parser::detect_directive(source, kind)
}

/// Go's `strings.ToLower` (simple case mapping), as BuildKit lower-cases keywords.
#[must_use]
pub fn go_to_lower(text: &str) -> std::borrow::Cow<'_, str> {
    go::to_lower(text)
}

/// Go's `strings.ToUpper` (simple case mapping).
#[must_use]
pub fn go_to_upper(text: &str) -> std::borrow::Cow<'_, str> {
    go::to_upper(text)
}

/// Go's `strconv.Quote`, as BuildKit quotes values in `Dump` and error messages.
#[must_use]
pub fn go_quote(text: &str) -> String {
    go::quote(text)
}
