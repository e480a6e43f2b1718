//! `codeclimate` (Code Climate engine issues) and `gitlab_codeclimate` (GitLab Code Quality).
//!
//! Hadolint flavour (byte-exact):
//! - `codeclimate`: each issue as compact JSON followed by a NUL byte, no array, no newline:
//!   `{"categories":["Bug Risk"],"check_name":"DL3006","description":"...","location":{"lines":
//!   {"begin":1,"end":1},"path":"Dockerfile"},"severity":"major","type":"issue"}\0`.
//! - `gitlab_codeclimate`: a compact JSON array of the same issues, each with a `fingerprint`
//!   that is the hex SHA-1 of that issue's own `codeclimate` JSON (so it changes with the line).
//! - Severities: error `blocker`, warning `major`, info `info`, style `minor`.
//! - A parse error's description is Megaparsec's multi-line error text and its location is
//!   `{"path":..,"positions":{"begin":{"column":c,"line":l},"end":{..same..}}}`; its path is the
//!   parser's name for the file (`/dev/stdin` for stdin) and ignores `--file-path-in-report`,
//!   while rule findings honour it.
//!
//! Plimsoll flavour: exact `positions` (begin and exclusive end, 1-based columns), severities on
//! Code Climate's scale in order (error `critical`, warning `major`, info `minor`, style `info`),
//! and a `fingerprint` in both formats that does not depend on line numbers: the SHA-1 of the
//! rule code, path, message, the flagged source text and its occurrence count, so GitLab keeps
//! tracking a finding when lines above it move. `gitlab_codeclimate` is pretty-printed. Image
//! findings are located at `lines` 1–1 (a location is mandatory).

use std::borrow::Cow;
use std::io::{self, Write};

use plimsoll_text::{Diagnostic, Severity};
use serde::Serialize;

use super::{Context, stable_fingerprints};
use crate::escape::aeson_json;
use crate::location::{File, is_parse_error};
use crate::sha1::sha1_hex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Variant {
    /// NUL-terminated issues (Code Climate engine specification).
    Engine,
    /// A JSON array with fingerprints (GitLab Code Quality).
    Gitlab,
}

/// Keys in alphabetical order: aeson writes objects sorted, and the fingerprint hashes that text.
#[derive(Serialize)]
struct Issue<'a> {
    categories: [&'static str; 1],
    check_name: &'a str,
    description: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fingerprint: Option<String>,
    location: Location<'a>,
    severity: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Location<'a> {
    Lines { lines: Lines, path: &'a str },
    Positions { path: &'a str, positions: Positions },
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

#[derive(Serialize)]
struct Positions {
    begin: LineColumn,
    end: LineColumn,
}

#[derive(Serialize)]
struct LineColumn {
    column: u32,
    line: u32,
}

pub(super) fn render(
    context: &Context<'_>,
    out: &mut dyn Write,
    variant: Variant,
) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = if context.is_hadolint() {
        context
            .diagnostics()
            .map(|(file, diagnostic)| hadolint_issue(context, file, diagnostic, variant))
            .collect()
    } else {
        context
            .files
            .iter()
            .flat_map(|file| plimsoll_issues(context, file))
            .collect()
    };

    match (variant, context.is_hadolint()) {
        (Variant::Engine, _) => {
            for issue in &issues {
                let json = if context.is_hadolint() {
                    aeson_json(issue)
                } else {
                    serde_json::to_vec(issue)?
                };
                out.write_all(&json)?;
                out.write_all(b"\0")?;
            }
            Ok(())
        }
        (Variant::Gitlab, true) => {
            out.write_all(b"[")?;
            for (i, issue) in issues.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(&aeson_json(issue))?;
            }
            out.write_all(b"]")
        }
        (Variant::Gitlab, false) => {
            serde_json::to_writer_pretty(&mut *out, &issues)?;
            out.write_all(b"\n")
        }
    }
}

fn hadolint_issue<'a>(
    context: &'a Context<'_>,
    file: &'a File<'a>,
    diagnostic: &'a Diagnostic,
    variant: Variant,
) -> Issue<'a> {
    let position = file.hadolint_position(diagnostic);
    let (description, location) = if is_parse_error(diagnostic) {
        let at = || LineColumn {
            column: position.column,
            line: position.line,
        };
        (
            Cow::Owned(file.parse_error_bundle(diagnostic)),
            Location::Positions {
                path: file.parse_error_name(),
                positions: Positions {
                    begin: at(),
                    end: at(),
                },
            },
        )
    } else {
        (
            Cow::Borrowed(diagnostic.message.as_str()),
            Location::Lines {
                lines: Lines {
                    begin: position.line,
                    end: position.line,
                },
                path: context.report_path(file),
            },
        )
    };
    let mut issue = Issue {
        categories: ["Bug Risk"],
        check_name: diagnostic.code,
        description,
        fingerprint: None,
        location,
        severity: match diagnostic.severity {
            Severity::Error => "blocker",
            Severity::Warning => "major",
            Severity::Info => "info",
            Severity::Style => "minor",
        },
        kind: "issue",
    };
    if variant == Variant::Gitlab {
        issue.fingerprint = Some(sha1_hex(&aeson_json(&issue)));
    }
    issue
}

fn plimsoll_issues<'a>(context: &'a Context<'_>, file: &'a File<'a>) -> Vec<Issue<'a>> {
    let path = context.report_path(file);
    let fingerprints = stable_fingerprints(file, path);
    file.diagnostics
        .iter()
        .zip(fingerprints)
        .map(|(diagnostic, fingerprint)| {
            let location = match file.span(diagnostic) {
                Some(span) => Location::Positions {
                    path,
                    positions: Positions {
                        begin: LineColumn {
                            column: span.start.column,
                            line: span.start.line,
                        },
                        end: LineColumn {
                            column: span.end.column,
                            line: span.end.line,
                        },
                    },
                },
                None => Location::Lines {
                    lines: Lines { begin: 1, end: 1 },
                    path,
                },
            };
            Issue {
                categories: ["Bug Risk"],
                check_name: diagnostic.code,
                description: Cow::Borrowed(diagnostic.message.as_str()),
                fingerprint: Some(fingerprint),
                location,
                severity: match diagnostic.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "minor",
                    Severity::Style => "info",
                },
                kind: "issue",
            }
        })
        .collect()
}
