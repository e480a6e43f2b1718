//! `checkstyle`: Checkstyle 4.3 XML, one `<file>` per input file (clean files included).
//!
//! Hadolint flavour (byte-exact, one line, no trailing newline):
//! `<?xml version="1.0" encoding="UTF-8"?><checkstyle version="4.3"><file name="Dockerfile"><error
//! column="1" line="1" message="..." severity="warning" source="DL3006"/></file></checkstyle>`.
//! A clean file is `<file name="X"/>`. A parse error has no `source` attribute and its message is
//! Megaparsec's multi-line error text. Attribute values escape only `&`, `<` and `"`, as hadolint
//! does. `--file-path-in-report` replaces every file name.
//!
//! Plimsoll flavour: the same elements, indented one per line, with exact line and column, fully
//! escaped attributes, and `source` on every error (parse errors included). An image finding
//! has `line="1"` (Checkstyle requires a line) and no column.

use std::io::{self, Write};

use super::Context;
use crate::escape::{hadolint_xml_attribute, xml_attribute};
use crate::location::is_parse_error;

const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    if context.is_hadolint() {
        render_hadolint(context, out)
    } else {
        render_plimsoll(context, out)
    }
}

fn render_hadolint(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    write!(out, r#"{XML_DECLARATION}<checkstyle version="4.3">"#)?;
    for file in context.files {
        let name = hadolint_xml_attribute(context.report_path(file));
        if file.diagnostics.is_empty() {
            write!(out, r#"<file name="{name}"/>"#)?;
            continue;
        }
        write!(out, r#"<file name="{name}">"#)?;
        for diagnostic in file.diagnostics {
            let position = file.hadolint_position(diagnostic);
            if is_parse_error(diagnostic) {
                write!(
                    out,
                    r#"<error column="{}" line="{}" message="{}" severity="{}"/>"#,
                    position.column,
                    position.line,
                    hadolint_xml_attribute(&file.parse_error_bundle(diagnostic)),
                    diagnostic.severity,
                )?;
            } else {
                write!(
                    out,
                    r#"<error column="{}" line="{}" message="{}" severity="{}" source="{}"/>"#,
                    position.column,
                    position.line,
                    hadolint_xml_attribute(&diagnostic.message),
                    diagnostic.severity,
                    hadolint_xml_attribute(diagnostic.code),
                )?;
            }
        }
        write!(out, "</file>")?;
    }
    write!(out, "</checkstyle>")
}

fn render_plimsoll(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{XML_DECLARATION}")?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for file in context.files {
        let name = xml_attribute(context.report_path(file));
        if file.diagnostics.is_empty() {
            writeln!(out, r#"  <file name="{name}"/>"#)?;
            continue;
        }
        writeln!(out, r#"  <file name="{name}">"#)?;
        for diagnostic in file.diagnostics {
            match file.span(diagnostic) {
                Some(span) => write!(
                    out,
                    r#"    <error line="{}" column="{}""#,
                    span.start.line, span.start.column
                )?,
                None => write!(out, r#"    <error line="1""#)?,
            }
            writeln!(
                out,
                r#" severity="{}" message="{}" source="{}"/>"#,
                diagnostic.severity,
                xml_attribute(&diagnostic.message),
                xml_attribute(diagnostic.code),
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
