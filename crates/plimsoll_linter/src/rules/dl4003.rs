use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for more than one `CMD` in a stage.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` takes effect; the others are dead code that a reader may take for
    /// the command the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "manage.py", "migrate"]
    /// CMD ["gunicorn", "app.wsgi"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app.wsgi"]
    /// ```
    ///
    /// ## See also
    /// DL4004 (`ENTRYPOINT`) and DL3012 (`HEALTHCHECK`); BuildKit's
    /// `MultipleInstructionsDisallowed` finds the same problem.
    pub struct MultipleCmd {
        code: "DL4003",
        name: "multiple-cmd",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for MultipleCmd {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Cmd || node.is_trigger {
            return;
        }
        if checker
            .model
            .earlier_in_stage(node.id)
            .any(|earlier| earlier.kind() == InstructionKind::Cmd)
        {
            checker.report(
                node,
                node.instruction.keyword.range,
                "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect",
            );
        }
    }
}
