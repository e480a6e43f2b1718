use plimsoll_syntax::dockerfile::instructions::Command;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in a stage. Like BuildKit,
    /// the finding is reported at the earlier instruction, the one that has no effect.
    ///
    /// ## Why is this bad?
    /// Only the last one counts; the earlier one misleads whoever reads the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// CMD ["python", "app.py"]
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## See also
    /// hadolint's `DL4003` (`CMD`), `DL4004` (`ENTRYPOINT`) and `DL3012` (`HEALTHCHECK`) find
    /// the same problem, reported at the later instruction.
    /// <https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/>.
    pub struct MultipleInstructionsDisallowed {
        code: "MultipleInstructionsDisallowed",
        name: "multiple-instructions-disallowed",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for MultipleInstructionsDisallowed {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        let model = checker.model;
        for step in build.steps() {
            let Some(previous) = step.previous else {
                continue;
            };
            if !matches!(
                step.typed.command,
                Command::Cmd(_) | Command::Entrypoint(_) | Command::Healthcheck(_)
            ) {
                continue;
            }
            let at = model.node(previous.reported_node()).instruction;
            let token = match previous.reported_at {
                Some(_) => at.keyword.range,
                None => model.node(previous.node).instruction.keyword.range,
            };
            let message = format!(
                "Multiple {} instructions should not be used in the same stage because only the last one will be used",
                step.keyword()
            );
            // The check runs while BuildKit dispatches the later instruction: its comments
            // apply.
            let owner = step
                .location
                .reported_at
                .is_none()
                .then_some(step.location.node);
            checker.report_for(owner, token, Some(at.range), message);
        }
    }
}
