use plimsoll_syntax::dockerfile::InstructionKind;

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl4000::maintainer_to_label;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` is deprecated. The image author belongs in the OCI label
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
    /// Safe: the instruction is replaced by that `LABEL`.
    ///
    /// ## See also
    /// hadolint's `DL4000` finds the same problem. Keep one of the two with
    /// `ignore = ["DL4000"]` or `ignore = ["MaintainerDeprecated"]`.
    /// <https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/>.
    pub struct MaintainerDeprecated {
        code: "MaintainerDeprecated",
        name: "buildkit-maintainer-deprecated",
        origin: BuildKit,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for MaintainerDeprecated {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let Some(build) = checker.build() else { return };
        if node.kind() != InstructionKind::Maintainer
            || node.is_trigger
            || !build.read_by_layer2(node.id)
        {
            return;
        }
        let instruction = node.instruction;
        let message = "Maintainer instruction is deprecated in favor of using label";
        report_node(checker, node.id, instruction.keyword.range, message).fix =
            maintainer_to_label(instruction);
    }
}
