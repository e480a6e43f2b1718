use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that nothing but `ARG` comes before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// Before `FROM` there is no image to apply an instruction to: BuildKit accepts only `ARG`
    /// there (global build arguments for the `FROM` lines) and refuses to build anything else.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="https://example.com/repo"
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://example.com/repo"
    /// ```
    pub struct InstructionBeforeFrom {
        code: "DL3061",
        name: "instruction-before-from",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for InstructionBeforeFrom {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let model = checker.model;
        for node in model.preamble() {
            if node.kind() != InstructionKind::Arg {
                checker.report(
                    node,
                    node.instruction.keyword.range,
                    "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.",
                );
            }
        }
    }
}
