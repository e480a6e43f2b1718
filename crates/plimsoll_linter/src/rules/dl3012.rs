use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for more than one `HEALTHCHECK` in a stage (`HEALTHCHECK NONE` included).
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` takes effect; the others are dead code that a reader may
    /// take for the real check.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1
    /// ```
    ///
    /// ## See also
    /// DL4003 (`CMD`) and DL4004 (`ENTRYPOINT`); BuildKit's `MultipleInstructionsDisallowed`
    /// finds the same problem.
    pub struct MultipleHealthchecks {
        code: "DL3012",
        name: "multiple-healthchecks",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for MultipleHealthchecks {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Healthcheck || node.is_trigger {
            return;
        }
        if checker
            .model
            .earlier_in_stage(node.id)
            .any(|earlier| earlier.kind() == InstructionKind::Healthcheck)
        {
            checker.report(
                node,
                node.instruction.keyword.range,
                "Multiple `HEALTHCHECK` instructions",
            );
        }
    }
}
