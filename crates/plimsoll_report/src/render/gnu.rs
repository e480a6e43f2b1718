//! `gnu`: GNU-style `program:file:line: message` lines.
//!
//! Hadolint flavour (byte-exact): `hadolint:Dockerfile:2: DL3008 warning: message`; a parse
//! error is `hadolint:name:line:column: text ` (line breaks and Megaparsec's final newline
//! become spaces, stdin is `/dev/stdin`).
//!
//! Plimsoll flavour uses the GNU range form `plimsoll:Dockerfile:2.5-2.9: DL3008 warning:
//! message` (exclusive end column); image findings carry no position:
//! `plimsoll:alpine:3.19: CODE severity: message`.

use std::io::{self, Write};

use super::Context;
use crate::escape::one_line;
use crate::location::is_parse_error;

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    for (file, diagnostic) in context.diagnostics() {
        let (code, severity, message) = (diagnostic.code, diagnostic.severity, &diagnostic.message);
        if context.is_hadolint() {
            let position = file.hadolint_position(diagnostic);
            if is_parse_error(diagnostic) {
                writeln!(
                    out,
                    "hadolint:{}:{}:{}: {} ",
                    file.parse_error_name(),
                    position.line,
                    position.column,
                    one_line(message)
                )?;
            } else {
                writeln!(
                    out,
                    "hadolint:{}:{}: {code} {severity}: {message}",
                    file.path, position.line
                )?;
            }
        } else {
            write!(out, "plimsoll:{}", file.path)?;
            if let Some(span) = file.span(diagnostic) {
                write!(
                    out,
                    ":{}.{}-{}.{}",
                    span.start.line, span.start.column, span.end.line, span.end.column
                )?;
            }
            writeln!(out, ": {code} {severity}: {}", one_line(message))?;
        }
    }
    Ok(())
}
