//! `sonarqube`: SonarQube's generic issue import format `{"issues":[...]}`.
//!
//! Hadolint flavour (byte-exact, compact, no final newline): engine `Hadolint`; each finding's
//! `textRange` is `{"endColumn":1,"endLine":L,"startColumn":0,"startLine":L}`; severity error
//! `CRITICAL` (type `BUG`), warning `MAJOR`, info `MINOR`, style `INFO` (type `CODE_SMELL`); a
//! parse error is `BLOCKER`/`BUG` with start and end column both at its column and its plain
//! message. `--file-path-in-report` replaces every `filePath`.
//!
//! Plimsoll flavour: engine `plimsoll`, the same severities, the exact range in Sonar's convention (1-based lines,
//! 0-based columns, exclusive end), pretty-printed. Sonar rejects empty ranges, so a zero-width
//! finding gets only its `startLine`, and an image finding no `textRange` at all.

use std::io::{self, Write};

use plimsoll_text::Severity;
use serde::Serialize;

use super::Context;
use crate::escape::aeson_json;
use crate::location::is_parse_error;

#[derive(Serialize)]
struct Report<'a> {
    issues: Vec<Issue<'a>>,
}

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "engineId")]
    engine_id: &'static str,
    #[serde(rename = "primaryLocation")]
    primary_location: PrimaryLocation<'a>,
    #[serde(rename = "ruleId")]
    rule_id: &'a str,
    severity: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct PrimaryLocation<'a> {
    #[serde(rename = "filePath")]
    file_path: &'a str,
    message: &'a str,
    #[serde(rename = "textRange", skip_serializing_if = "Option::is_none")]
    text_range: Option<TextRange>,
}

#[derive(Serialize)]
struct TextRange {
    #[serde(rename = "endColumn", skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(rename = "endLine", skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(rename = "startColumn", skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(rename = "startLine")]
    start_line: u32,
}

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let hadolint = context.is_hadolint();
    let issues = context
        .diagnostics()
        .map(|(file, diagnostic)| {
            let parse_error = is_parse_error(diagnostic);
            let (severity, kind) = match diagnostic.severity {
                _ if parse_error => ("BLOCKER", "BUG"),
                Severity::Error => ("CRITICAL", "BUG"),
                Severity::Warning => ("MAJOR", "CODE_SMELL"),
                Severity::Info => ("MINOR", "CODE_SMELL"),
                Severity::Style => ("INFO", "CODE_SMELL"),
            };
            let text_range = if hadolint {
                let position = file.hadolint_position(diagnostic);
                let (start_column, end_column) = if parse_error {
                    (position.column, position.column)
                } else {
                    (0, 1)
                };
                Some(TextRange {
                    end_column: Some(end_column),
                    end_line: Some(position.line),
                    start_column: Some(start_column),
                    start_line: position.line,
                })
            } else {
                file.span(diagnostic).map(|span| {
                    if span.start == span.end {
                        TextRange {
                            end_column: None,
                            end_line: None,
                            start_column: None,
                            start_line: span.start.line,
                        }
                    } else {
                        TextRange {
                            end_column: Some(span.end.column - 1),
                            end_line: Some(span.end.line),
                            start_column: Some(span.start.column - 1),
                            start_line: span.start.line,
                        }
                    }
                })
            };
            Issue {
                engine_id: if hadolint { "Hadolint" } else { "plimsoll" },
                primary_location: PrimaryLocation {
                    file_path: context.report_path(file),
                    message: &diagnostic.message,
                    text_range,
                },
                rule_id: diagnostic.code,
                severity,
                kind,
            }
        })
        .collect();
    let report = Report { issues };
    if hadolint {
        out.write_all(&aeson_json(&report))
    } else {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        out.write_all(b"\n")
    }
}
