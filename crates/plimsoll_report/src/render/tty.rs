//! `tty`: hadolint's default human format, one line per finding.
//!
//! Hadolint flavour (byte-exact with 2.15.1):
//! ```text
//! Dockerfile:2 DL3008 warning: Pin versions in apt get install. ...
//! Broken.Dockerfile:2:1 unexpected 'F' expecting '#', '\', ADD, ... or end of input
//! ```
//! A parse error prints `name:line:column`, then its message with every line break turned into a
//! space, including the one Megaparsec ends the text with (hence a trailing space); stdin is
//! named `/dev/stdin` there. With colour the severity is styled: error bold bright red, warning
//! bold bright yellow, info bright green, style bright cyan (hadolint's exact escape sequences).
//!
//! Plimsoll flavour: `path:line:column CODE severity: message` at the exact start of the range,
//! messages folded onto one line; image findings print `image CODE severity: message`.

use std::io::{self, Write};

use plimsoll_text::Severity;

use super::Context;
use crate::escape::one_line;
use crate::location::is_parse_error;

const RESET: &str = "\x1b[0m";

/// hadolint's severity styles (ANSI bold + bright colours).
fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1m\x1b[91m",
        Severity::Warning => "\x1b[1m\x1b[93m",
        Severity::Info => "\x1b[92m",
        Severity::Style => "\x1b[96m",
    }
}

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let color = context.options.color;
    for (file, diagnostic) in context.diagnostics() {
        let severity = diagnostic.severity;
        let (style, reset) = if color {
            (severity_style(severity), RESET)
        } else {
            ("", "")
        };
        if context.is_hadolint() {
            let position = file.hadolint_position(diagnostic);
            if is_parse_error(diagnostic) {
                writeln!(
                    out,
                    "{}:{}:{} {} ",
                    file.parse_error_name(),
                    position.line,
                    position.column,
                    one_line(&diagnostic.message)
                )?;
            } else {
                writeln!(
                    out,
                    "{}:{} {} {style}{severity}{reset}: {}",
                    file.path, position.line, diagnostic.code, diagnostic.message
                )?;
            }
        } else {
            match file.span(diagnostic) {
                Some(span) => write!(
                    out,
                    "{}:{}:{}",
                    file.path, span.start.line, span.start.column
                )?,
                None => write!(out, "{}", file.path)?,
            }
            writeln!(
                out,
                " {} {style}{severity}{reset}: {}",
                diagnostic.code,
                one_line(&diagnostic.message)
            )?;
        }
    }
    Ok(())
}
