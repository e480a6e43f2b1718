//! `codacy`: Codacy's tool-result objects `{"filename","line","message","patternId"}`.
//!
//! Hadolint flavour (byte-exact): the objects are concatenated with no separator and no final
//! newline; a parse error's message is Megaparsec's multi-line error text and its filename the
//! parser's (`/dev/stdin` for stdin). `--file-path-in-report` does not apply.
//!
//! Plimsoll flavour: one object per line (JSON Lines, which Codacy reads), the exact start line,
//! the plain message; image findings at line 1 (Codacy requires a line).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::Context;
use crate::escape::aeson_json;
use crate::location::is_parse_error;

#[derive(Serialize)]
struct Result<'a> {
    filename: &'a str,
    line: u32,
    message: Cow<'a, str>,
    #[serde(rename = "patternId")]
    pattern_id: &'a str,
}

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    for (file, diagnostic) in context.diagnostics() {
        if context.is_hadolint() {
            let parse_error = is_parse_error(diagnostic);
            let result = Result {
                filename: if parse_error {
                    file.parse_error_name()
                } else {
                    file.path
                },
                line: file.hadolint_position(diagnostic).line,
                message: if parse_error {
                    Cow::Owned(file.parse_error_bundle(diagnostic))
                } else {
                    Cow::Borrowed(&diagnostic.message)
                },
                pattern_id: diagnostic.code,
            };
            out.write_all(&aeson_json(&result))?;
        } else {
            let result = Result {
                filename: file.path,
                line: file.span(diagnostic).map_or(1, |span| span.start.line),
                message: Cow::Borrowed(&diagnostic.message),
                pattern_id: diagnostic.code,
            };
            serde_json::to_writer(&mut *out, &result)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
