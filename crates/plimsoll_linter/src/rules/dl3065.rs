use plimsoll_syntax::dockerfile::InstructionKind;
use plimsoll_text::{Edit, Fix};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform unless told otherwise: the flag says nothing
    /// and suggests to a reader that something special happens.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix
    /// Safe: the flag is removed, which is what BuildKit does with it anyway.
    ///
    /// ## See also
    /// DL3029 (other fixed platforms); BuildKit's `RedundantTargetPlatform` finds the same
    /// problem.
    pub struct RedundantTargetPlatform {
        code: "DL3065",
        name: "redundant-target-platform",
        origin: Hadolint,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for RedundantTargetPlatform {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::From || node.is_trigger {
            return;
        }
        let source = checker.source();
        for flag in &node.instruction.flags {
            if flag.name() != "platform"
                || !matches!(flag.value(), Some("$TARGETPLATFORM" | "${TARGETPLATFORM}"))
            {
                continue;
            }
            let value_range = flag.value_range.unwrap_or(flag.range);
            // The flag and the blanks after it, so the line reads as if it was never there.
            let after = &source[flag.range.end as usize..];
            let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
            let removal = plimsoll_text::TextRange::new(
                flag.range.start,
                flag.range.end + u32::try_from(blanks).unwrap_or(0),
            );
            checker.report(
                node,
                value_range,
                "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior",
            )
            .fix = Some(Fix::safe(
                "Remove `--platform=$TARGETPLATFORM`",
                vec![Edit::deletion(removal)],
            ));
        }
    }
}
