use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for more than one `ENTRYPOINT` in a stage.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` takes effect; the others are dead code that a reader may
    /// take for what the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/docker-entrypoint.sh"]
    /// ENTRYPOINT ["/usr/bin/app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/usr/bin/app"]
    /// ```
    ///
    /// ## See also
    /// DL4003 (`CMD`) and DL3012 (`HEALTHCHECK`); BuildKit's `MultipleInstructionsDisallowed`
    /// finds the same problem.
    pub struct MultipleEntrypoint {
        code: "DL4004",
        name: "multiple-entrypoint",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for MultipleEntrypoint {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Entrypoint || node.is_trigger {
            return;
        }
        if checker
            .model
            .earlier_in_stage(node.id)
            .any(|earlier| earlier.kind() == InstructionKind::Entrypoint)
        {
            checker.report(
                node,
                node.instruction.keyword.range,
                "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect",
            );
        }
    }
}
