//! `full`: rustc/ruff-style code frames, plimsoll's default on a terminal.
//!
//! ```text
//! warning[DL3008]: Pin versions in apt get install. ...
//!  --> Dockerfile:3:24
//!   |
//! 3 |     apt-get install -y curl
//!   |                        ^^^^
//!   |
//! help: Pin `curl` to the installed version
//! ```
//! Each finding is a frame over the lines its range covers, with the range underlined, followed
//! by a blank line; a fix adds its title as `help:` and shows the change. Image findings have
//! no frame, only ` --> image`. Positions are always exact (the flavour does not apply).
//! Rendering is annotate-snippets'; colours (and terminal hyperlinks to rule documentation)
//! only with `color`.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet};
use plimsoll_text::{Applicability, Diagnostic, Severity, TextRange};

use super::Context;
use crate::location::{File, Source};

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if context.options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for (file, diagnostic) in context.diagnostics() {
        let url = if context.options.color {
            context.url(diagnostic)
        } else {
            None
        };
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
            Severity::Style => Level::NOTE.with_name("style"),
        };
        let mut title = level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.code);
        if let Some(url) = &url {
            title = title.id_url(url.as_ref());
        }

        let mut report = Vec::with_capacity(2);
        match &file.source {
            Some(source) => {
                let frame = Frame::new(source, diagnostic.range);
                report.push(
                    title.element(
                        Snippet::source(frame.text)
                            .line_start(frame.first_line as usize)
                            .path(file.path)
                            .annotation(
                                AnnotationKind::Primary.span(frame.local(source, diagnostic.range)),
                            ),
                    ),
                );
                if let Some(help) = fix_help(file, source, diagnostic) {
                    report.push(help);
                }
            }
            None => {
                let mut group = title.element(Origin::path(file.path));
                if let Some(fix) = &diagnostic.fix {
                    group = group.element(Level::HELP.message(fix_title(fix)));
                }
                report.push(group);
            }
        }
        writeln!(out, "{}\n", renderer.render(&report))?;
    }
    Ok(())
}

fn fix_title(fix: &plimsoll_text::Fix) -> String {
    match fix.applicability {
        Applicability::Safe | Applicability::DisplayOnly => fix.title.clone(),
        Applicability::Unsafe => format!("{} (unsafe fix)", fix.title),
    }
}

/// The fix's title as `help:`, with its edits shown as a patch over the lines they touch.
fn fix_help<'a>(
    file: &File<'a>,
    source: &Source<'a>,
    diagnostic: &'a Diagnostic,
) -> Option<Group<'a>> {
    let fix = diagnostic.fix.as_ref()?;
    let title = Level::HELP.secondary_title(fix_title(fix));
    let Some(covered) = fix.range() else {
        return Some(Group::with_title(title));
    };
    let frame = Frame::new(source, covered);
    let patches = fix
        .edits
        .iter()
        .map(|edit| Patch::new(frame.local(source, edit.range), edit.content.as_str()));
    Some(
        title.element(
            Snippet::source(frame.text)
                .line_start(frame.first_line as usize)
                .path(file.path)
                .patches(patches),
        ),
    )
}

/// The whole lines a range touches, so annotate-snippets gets a small snippet rather than the
/// whole file for every finding.
struct Frame<'a> {
    text: &'a str,
    /// Byte offset of `text` in the source.
    offset: u32,
    first_line: u32,
}

impl<'a> Frame<'a> {
    fn new(source: &Source<'a>, range: TextRange) -> Self {
        let range = source.clamp_range(range);
        let first_line = source.line_of(range.start);
        // An exclusive end at the start of a line does not touch that line.
        let last_offset = if range.end > range.start {
            range.end - 1
        } else {
            range.end
        };
        let last_line = source.line_of(last_offset).max(first_line);
        let start = source.line_start(first_line);
        let end = source.line_end(last_line);
        Self {
            text: &source.text[start as usize..end as usize],
            offset: start,
            first_line,
        }
    }

    /// `range` relative to the frame, clamped into it and onto character boundaries.
    fn local(&self, source: &Source<'_>, range: TextRange) -> std::ops::Range<usize> {
        let range = source.clamp_range(range);
        let len = self.text.len();
        let start = (range.start.saturating_sub(self.offset) as usize).min(len);
        let end = (range.end.saturating_sub(self.offset) as usize).clamp(start, len);
        start..end
    }
}
