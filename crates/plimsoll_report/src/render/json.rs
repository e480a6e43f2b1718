//! `json`: one array of findings for all files.
//!
//! Hadolint flavour (byte-exact, compact, no trailing newline, aeson's sorted keys and string
//! escapes):
//! `[{"code":"DL3006","column":1,"file":"Dockerfile","level":"warning","line":1,"message":"..."}]`.
//! Parse errors keep their real line and column, their message is the plain error text, and
//! stdin is `/dev/stdin`.
//!
//! Plimsoll flavour adds the exact end (`end_line`, `end_column`, exclusive), the rule's `url` and
//! the `fix` (title, applicability, and every edit with its byte range and line/column span), all
//! pretty-printed with a final newline. Image findings have `null` positions. Keys stay sorted,
//! so hadolint consumers find their six fields where they expect them.

use std::borrow::Cow;
use std::io::{self, Write};

use plimsoll_text::{Applicability, Diagnostic, Severity};
use rayon::prelude::*;
use serde::Serialize;

use super::Context;
use crate::escape::aeson_json;
use crate::location::{File, Span, is_parse_error};

#[derive(Serialize)]
struct HadolintFinding<'a> {
    code: &'a str,
    column: u32,
    file: &'a str,
    level: Severity,
    line: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'a str,
    column: Option<u32>,
    end_column: Option<u32>,
    end_line: Option<u32>,
    file: &'a str,
    fix: Option<FixJson<'a>>,
    level: Severity,
    line: Option<u32>,
    message: &'a str,
    url: Option<Cow<'static, str>>,
}

#[derive(Serialize)]
struct FixJson<'a> {
    applicability: Applicability,
    edits: Vec<EditJson<'a>>,
    title: &'a str,
}

/// One replacement: `start`/`end` are byte offsets (end exclusive), the line/column fields the
/// same range in characters.
#[derive(Serialize)]
struct EditJson<'a> {
    column: Option<u32>,
    content: &'a str,
    end: u32,
    end_column: Option<u32>,
    end_line: Option<u32>,
    line: Option<u32>,
    start: u32,
}

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    if context.is_hadolint() {
        let findings: Vec<HadolintFinding<'_>> = context
            .diagnostics()
            .map(|(file, diagnostic)| {
                let position = file.hadolint_position(diagnostic);
                HadolintFinding {
                    code: diagnostic.code,
                    column: position.column,
                    file: if is_parse_error(diagnostic) {
                        file.parse_error_name()
                    } else {
                        file.path
                    },
                    level: diagnostic.severity,
                    line: position.line,
                    message: &diagnostic.message,
                }
            })
            .collect();
        return out.write_all(&aeson_json(&findings));
    }

    let diagnostics: Vec<(&File<'_>, &Diagnostic)> = context.diagnostics().collect();
    write_pretty_array(&diagnostics, out, |(file, diagnostic)| {
        finding(context, file, diagnostic)
    })?;
    out.write_all(b"\n")
}

/// What `serde_json::to_writer_pretty` writes for the array of `item(x)` for each of `items`,
/// with the elements built and serialized in parallel: on thousands of files the report was a
/// seventh of the work, all on one core.
fn write_pretty_array<I: Sync, T: Serialize>(
    items: &[I],
    out: &mut dyn Write,
    item: impl Fn(&I) -> T + Sync,
) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    let pieces: Vec<Vec<u8>> = items
        .par_iter()
        .map(|element| {
            let mut pretty = Vec::with_capacity(512);
            serde_json::to_writer_pretty(&mut pretty, &item(element))?;
            // One level deeper: pretty JSON has no raw newline inside strings, so every line
            // break starts a line to indent.
            let mut piece = Vec::with_capacity(pretty.len() + 64);
            for (index, line) in pretty.split(|&byte| byte == b'\n').enumerate() {
                piece.extend_from_slice(if index == 0 { b"  " } else { b"\n  " });
                piece.extend_from_slice(line);
            }
            Ok(piece)
        })
        .collect::<Result<_, serde_json::Error>>()?;
    out.write_all(b"[\n")?;
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(piece)?;
    }
    out.write_all(b"\n]")
}

fn finding<'a>(
    context: &Context<'_>,
    file: &'a File<'a>,
    diagnostic: &'a Diagnostic,
) -> Finding<'a> {
    let span = file.span(diagnostic);
    let fix = diagnostic.fix.as_ref().map(|fix| FixJson {
        applicability: fix.applicability,
        title: &fix.title,
        edits: fix
            .edits
            .iter()
            .map(|edit| {
                let span = file.source.as_ref().map(|source| source.span(edit.range));
                EditJson {
                    content: &edit.content,
                    start: edit.range.start,
                    end: edit.range.end,
                    line: span.map(|span| span.start.line),
                    column: span.map(|span| span.start.column),
                    end_line: span.map(|span| span.end.line),
                    end_column: span.map(|span| span.end.column),
                }
            })
            .collect(),
    });
    Finding {
        code: diagnostic.code,
        line: span.map(|span: Span| span.start.line),
        column: span.map(|span| span.start.column),
        end_line: span.map(|span| span.end.line),
        end_column: span.map(|span| span.end.column),
        file: file.path,
        fix,
        level: diagnostic.severity,
        message: &diagnostic.message,
        url: context.url(diagnostic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_array_is_serde_pretty_output() {
        let many: Vec<serde_json::Value> = (0..300)
            .map(|i| {
                serde_json::json!({
                    "code": format!("DL{i}"),
                    "message": "line one\nline \"two\"\t{ [ ] }",
                    "fix": if i % 2 == 0 {
                        serde_json::json!({"edits": [{"start": i, "content": "a\nb"}], "empty": []})
                    } else {
                        serde_json::Value::Null
                    },
                })
            })
            .collect();
        for items in [&many[..0], &many[..1], &many[..]] {
            let mut ours = Vec::new();
            write_pretty_array(items, &mut ours, Clone::clone).unwrap();
            let expected = serde_json::to_vec_pretty(items).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
