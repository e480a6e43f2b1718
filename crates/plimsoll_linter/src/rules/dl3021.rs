use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_text::{Edit, Fix};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::words::{quoted_groups, strip_quotes};
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that a `COPY` with several sources copies into a directory: its destination
    /// must end with `/`.
    ///
    /// ## Why is this bad?
    /// With more than one source the destination can only be a directory. Without the
    /// trailing `/` the classic builder refuses the instruction, and readers (and BuildKit,
    /// for a destination that does not exist yet) cannot tell a directory from a file.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix
    /// Safe: a `/` is added to the destination (inside its quotes).
    ///
    /// ## Differences from hadolint
    /// hadolint counts words split at blanks, so `COPY "my file" /app` counts as two sources,
    /// and it reports `.` as a destination, which BuildKit treats as a directory. plimsoll
    /// counts sources as BuildKit does, accepts `.` and a Windows `\` at the end. The hadolint
    /// drop-in keeps hadolint's behaviour.
    pub struct CopyMultipleSourcesToFile {
        code: "DL3021",
        name: "copy-multiple-sources-to-file",
        origin: Hadolint,
        severity: Error,
        fix: Always,
    }
}

impl Rule for CopyMultipleSourcesToFile {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Copy || node.is_trigger {
            return;
        }
        let mode = checker.settings.mode;
        let (words, argument_count) = match &node.instruction.args {
            Args::Json(words) => (words, words.len()),
            Args::List(words) => match mode {
                Mode::Hadolint => (words, words.len()),
                Mode::Plimsoll => (words, quoted_groups(words).len()),
            },
            _ => return,
        };
        let Some(destination) = words.last() else {
            return;
        };
        if argument_count < 3 {
            return;
        }
        let path = strip_quotes(destination.as_str());
        let is_directory = match mode {
            Mode::Hadolint => path.ends_with('/'),
            Mode::Plimsoll => path.ends_with('/') || path.ends_with('\\') || path == ".",
        };
        if is_directory {
            return;
        }
        let written = destination.range.slice(checker.source());
        let insert_at = if written.len() > 1 && written.ends_with(['"', '\'']) {
            destination.range.end - 1
        } else {
            destination.range.end
        };
        checker
            .report(
                node,
                destination.range,
                "COPY with more than 2 arguments requires the last argument to end with /",
            )
            .fix = Some(Fix::safe(
            "Add a trailing `/` to the destination",
            vec![Edit::insertion("/", insert_at)],
        ));
    }
}
