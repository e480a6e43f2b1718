use plimsoll_syntax::dockerfile::LineKind;
use plimsoll_text::{Edit, Fix, TextRange};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for empty lines inside an instruction continued with `\`.
    ///
    /// ## Why is this bad?
    /// BuildKit skips such lines today and warns that they will become errors in a future
    /// release. They also hide where an instruction ends: a reader may take the empty line as
    /// the end of the `RUN`.
    ///
    /// Like BuildKit, the finding is reported on the last line of the instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && \
    ///
    ///     apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && \
    ///     apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Safe: the empty lines are removed (BuildKit ignores them).
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/>.
    pub struct NoEmptyContinuation {
        code: "NoEmptyContinuation",
        name: "no-empty-continuation",
        origin: BuildKit,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for NoEmptyContinuation {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        if checker.build().is_none() {
            return;
        }
        let dockerfile = checker.model.dockerfile();
        for warning in dockerfile.warnings() {
            let Some(instruction) = dockerfile
                .instructions()
                .find(|instruction| instruction.range == warning.instruction)
            else {
                continue;
            };
            // BuildKit reports the instruction's last line (before any heredoc body).
            let index = warning.line.saturating_sub(instruction.start_line) as usize;
            let Some(line) = instruction.lines.get(index) else {
                continue;
            };
            let range = match line.kind {
                LineKind::Code => line.content,
                LineKind::Comment | LineKind::Empty => {
                    TextRange::new(line.range.start, line.range.start)
                }
            };
            let edits = warning
                .empty_lines
                .iter()
                .map(|empty| Edit::deletion(*empty))
                .collect();
            // Only the file's `# check=` directive applies: BuildKit runs this check before
            // it reads any instruction.
            checker
                .report_at(range, None, "Empty continuation line")
                .fix = Some(Fix::safe("Remove the empty continuation lines", edits));
        }
    }
}
