use plimsoll_syntax::dockerfile::{Args, Instruction, InstructionKind};
use plimsoll_text::{Edit, Fix};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13. The author belongs in the OCI label
    /// `org.opencontainers.image.authors`, which registries and scanners read.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix
    /// Safe: the instruction is replaced by that `LABEL`, nothing else changes.
    ///
    /// ## See also
    /// BuildKit's `MaintainerDeprecated` check finds the same problem.
    pub struct MaintainerDeprecated {
        code: "DL4000",
        name: "maintainer-deprecated",
        origin: Hadolint,
        severity: Error,
        fix: Always,
    }
}

impl Rule for MaintainerDeprecated {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Maintainer || node.is_trigger {
            return;
        }
        let instruction = node.instruction;
        let diagnostic =
            checker.report(node, instruction.keyword.range, "MAINTAINER is deprecated");
        diagnostic.fix = maintainer_to_label(instruction);
    }
}

/// Replaces `MAINTAINER <author>` with the `org.opencontainers.image.authors` label.
pub(crate) fn maintainer_to_label(instruction: &Instruction<'_>) -> Option<Fix> {
    let Args::Text(author) = &instruction.args else {
        return None;
    };
    let escaped = author.as_str().replace('\\', "\\\\").replace('"', "\\\"");
    let replacement = format!("LABEL org.opencontainers.image.authors=\"{escaped}\"");
    Some(Fix::safe(
        "Replace MAINTAINER with the org.opencontainers.image.authors label",
        vec![Edit::replacement(
            replacement,
            instruction.keyword.range.cover(author.range),
        )],
    ))
}
