use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// These triggers are not allowed: BuildKit fails every build that uses the image as a
    /// base, far from the Dockerfile that caused it.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// Use instead: a `FROM` in the Dockerfile that builds on the image.
    pub struct ForbiddenOnbuildTrigger {
        code: "DL3043",
        name: "forbidden-onbuild-trigger",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for ForbiddenOnbuildTrigger {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Onbuild || node.is_trigger {
            return;
        }
        let Some(trigger) = node.instruction.trigger() else {
            return;
        };
        if matches!(
            trigger.kind,
            InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
        ) {
            checker.report(
                node,
                trigger.keyword.range,
                "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.",
            );
        }
    }
}
