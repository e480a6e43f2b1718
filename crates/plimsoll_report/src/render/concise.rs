//! `concise`: one line per finding, `path:line:column: CODE message`, like ruff's concise output.
//!
//! Plimsoll flavour uses the exact start of the range; Hadolint flavour hadolint's position
//! (instruction line, column 1; parse errors at their real position). Image findings print
//! `image: CODE message` in both flavours. Messages are folded onto one line. With colour the path is bold and the
//! code takes its severity's colour.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};
use plimsoll_text::Severity;

use super::Context;
use crate::escape::one_line;

pub(super) fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::BrightRed,
        Severity::Warning => AnsiColor::BrightYellow,
        Severity::Info => AnsiColor::BrightGreen,
        Severity::Style => AnsiColor::BrightCyan,
    };
    color.on_default().effects(Effects::BOLD)
}

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let color = context.options.color;
    let bold = if color {
        Style::new().bold()
    } else {
        Style::new()
    };
    for (file, diagnostic) in context.diagnostics() {
        let position = match &file.source {
            None => None,
            Some(_) if context.is_hadolint() => Some(file.hadolint_position(diagnostic)),
            Some(_) => file.span(diagnostic).map(|span| span.start),
        };
        let code_style = if color {
            severity_style(diagnostic.severity)
        } else {
            Style::new()
        };
        write!(out, "{bold}{}{bold:#}", file.path)?;
        if let Some(position) = position {
            write!(out, ":{}:{}", position.line, position.column)?;
        }
        writeln!(
            out,
            ": {code_style}{}{code_style:#} {}",
            diagnostic.code,
            one_line(&diagnostic.message)
        )?;
    }
    Ok(())
}
