//! `github`: GitHub Actions workflow commands, which GitHub turns into annotations.
//!
//! `::warning title=plimsoll (DL3008),file=Dockerfile,line=3,col=5,endLine=3,endColumn=9::message`
//! (errors `error`, warnings `warning`, info and style `notice`; exclusive end column). Property
//! values escape `%`, `\r`, `\n`, `:` and `,`; the message escapes `%`, `\r` and `\n`, as
//! GitHub's toolkit does. Hadolint flavour (hadolint has no such format) gives only the line of
//! the instruction (parse errors: line and column); image findings carry only `file`.

use std::io::{self, Write};

use plimsoll_text::Severity;

use super::Context;
use crate::escape::{github_data, github_property};
use crate::location::is_parse_error;

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    for (file, diagnostic) in context.diagnostics() {
        let level = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        write!(
            out,
            "::{level} title={},file={}",
            github_property(&format!("plimsoll ({})", diagnostic.code)),
            github_property(file.path)
        )?;
        if file.source.is_some() {
            if context.is_hadolint() {
                let position = file.hadolint_position(diagnostic);
                write!(out, ",line={}", position.line)?;
                if is_parse_error(diagnostic) {
                    write!(out, ",col={}", position.column)?;
                }
            } else if let Some(span) = file.span(diagnostic) {
                write!(
                    out,
                    ",line={},col={},endLine={},endColumn={}",
                    span.start.line, span.start.column, span.end.line, span.end.column
                )?;
            }
        }
        writeln!(out, "::{}", github_data(&diagnostic.message))?;
    }
    Ok(())
}
