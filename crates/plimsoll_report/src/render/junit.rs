//! `junit`: JUnit XML, one `<testsuite>` per file and one `<testcase>` per finding.
//!
//! Hadolint flavour (byte-exact with 2.15.1 apart from the clock, one line, no final newline):
//! `<testsuites id="YYYYMMDD_HHMMSS" name="Hadolint run at YYYY-MM-DD HH:MM:SS" time="0.001">`
//! (UTC), then per file `<testsuite errors="E" failures="F" id="hadolint" name="Hadolint 2.15.1"
//! time="0.001">` where F counts all findings and E the parse errors (self-closing for a clean
//! file). A finding is
//! `<testcase id="hadolint.rule.CODE" time="0.001"><failure id="CODE" message="M" type="SEV">`
//! followed by `File: P`, `Line: L`, `Category: Hadolint - Dockerfile Static Analysis`,
//! `SEV: M` lines; a parse error is `<testcase id="hadolint.error" name="DL1000" time="0.001">
//! <failure message="parse error at line L, column C" type="error">` with `Parse Error in P`,
//! `Line:`, `Column:` and `Parse Error: ` + Megaparsec's error text. Attributes escape `&`, `<`,
//! `"`; text escapes `&`, `<`, `>` (hadolint's choices). `--file-path-in-report` replaces P.
//!
//! Plimsoll flavour: indented, conventional JUnit (`tests`/`failures`/`errors` counts, an ISO
//! 8601 `timestamp` per suite, `classname` = file, `name` = code, `file` and `line` attributes);
//! rule findings are `<failure>`s, parse errors `<error>`s, and a clean file has one passing
//! test case so that CI dashboards count it.

use std::io::{self, Write};

use super::Context;
use crate::escape::{hadolint_xml_attribute, hadolint_xml_text, xml_attribute, xml_text};
use crate::location::is_parse_error;
use crate::time::UtcDateTime;

const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let now = UtcDateTime::from_system_time(context.options.now);
    if context.is_hadolint() {
        render_hadolint(context, now, out)
    } else {
        render_plimsoll(context, now, out)
    }
}

fn render_hadolint(context: &Context<'_>, now: UtcDateTime, out: &mut dyn Write) -> io::Result<()> {
    let UtcDateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
    } = now;
    write!(
        out,
        r#"{XML_DECLARATION}<testsuites id="{year:04}{month:02}{day:02}_{hour:02}{minute:02}{second:02}" name="Hadolint run at {year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}" time="0.001">"#
    )?;
    for file in context.files {
        let errors = file
            .diagnostics
            .iter()
            .filter(|d| is_parse_error(d))
            .count();
        let failures = file.diagnostics.len();
        write!(
            out,
            r#"<testsuite errors="{errors}" failures="{failures}" id="hadolint" name="Hadolint 2.15.1" time="0.001""#
        )?;
        if file.diagnostics.is_empty() {
            write!(out, "/>")?;
            continue;
        }
        write!(out, ">")?;
        let path = hadolint_xml_text(context.report_path(file));
        for diagnostic in file.diagnostics {
            let position = file.hadolint_position(diagnostic);
            if is_parse_error(diagnostic) {
                write!(
                    out,
                    "<testcase id=\"hadolint.error\" name=\"{code}\" time=\"0.001\"><failure message=\"parse error at line {line}, column {column}\" type=\"error\">Parse Error in {path}\nLine: {line}\nColumn: {column}\nParse Error: {bundle}\n</failure></testcase>",
                    code = hadolint_xml_attribute(diagnostic.code),
                    line = position.line,
                    column = position.column,
                    bundle = hadolint_xml_text(&file.parse_error_bundle(diagnostic)),
                )?;
            } else {
                let code = hadolint_xml_attribute(diagnostic.code);
                let severity = diagnostic.severity;
                write!(
                    out,
                    "<testcase id=\"hadolint.rule.{code}\" time=\"0.001\"><failure id=\"{code}\" message=\"{message}\" type=\"{severity}\">File: {path}\nLine: {line}\nCategory: Hadolint - Dockerfile Static Analysis\n{severity}: {text}\n</failure></testcase>",
                    message = hadolint_xml_attribute(&diagnostic.message),
                    line = position.line,
                    text = hadolint_xml_text(&diagnostic.message),
                )?;
            }
        }
        write!(out, "</testsuite>")?;
    }
    write!(out, "</testsuites>")
}

fn render_plimsoll(context: &Context<'_>, now: UtcDateTime, out: &mut dyn Write) -> io::Result<()> {
    let UtcDateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
    } = now;
    let timestamp = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    let errors_in = |file: &crate::location::File<'_>| {
        file.diagnostics
            .iter()
            .filter(|d| is_parse_error(d))
            .count()
    };
    let total_errors: usize = context.files.iter().map(errors_in).sum();
    let total_findings: usize = context
        .files
        .iter()
        .map(|file| file.diagnostics.len())
        .sum();
    let clean_files = context
        .files
        .iter()
        .filter(|file| file.diagnostics.is_empty())
        .count();
    writeln!(out, "{XML_DECLARATION}")?;
    writeln!(
        out,
        r#"<testsuites name="plimsoll" tests="{}" failures="{}" errors="{total_errors}">"#,
        total_findings + clean_files,
        total_findings - total_errors,
    )?;
    for file in context.files {
        let path = context.report_path(file);
        let name = xml_attribute(path);
        let errors = errors_in(file);
        let findings = file.diagnostics.len();
        writeln!(
            out,
            r#"  <testsuite name="{name}" tests="{}" failures="{}" errors="{errors}" timestamp="{timestamp}">"#,
            findings.max(1),
            findings - errors,
        )?;
        if findings == 0 {
            writeln!(out, r#"    <testcase name="plimsoll" classname="{name}"/>"#)?;
        }
        for diagnostic in file.diagnostics {
            let span = file.span(diagnostic);
            write!(
                out,
                r#"    <testcase name="{}" classname="{name}" file="{name}""#,
                xml_attribute(diagnostic.code)
            )?;
            if let Some(span) = span {
                write!(out, r#" line="{}""#, span.start.line)?;
            }
            writeln!(out, ">")?;
            let element = if is_parse_error(diagnostic) {
                "error"
            } else {
                "failure"
            };
            let location = match span {
                Some(span) => format!("{path}:{}:{}", span.start.line, span.start.column),
                None => path.to_string(),
            };
            writeln!(
                out,
                r#"      <{element} message="{}" type="{}">{}: {} {}</{element}>"#,
                xml_attribute(&diagnostic.message),
                diagnostic.severity,
                xml_text(&location),
                xml_text(diagnostic.code),
                xml_text(&diagnostic.message),
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
