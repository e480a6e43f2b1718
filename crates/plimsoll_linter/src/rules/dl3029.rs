use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM --platform=` with a fixed platform.
    ///
    /// ## Why is this bad?
    /// A hard-coded platform (`--platform=linux/amd64`) makes the image the same on every
    /// builder, which breaks multi-platform builds and runs the stage under emulation on other
    /// machines. Use the build arguments BuildKit predefines: `$BUILDPLATFORM` for stages that
    /// only build (cross-compilers), `$TARGETPLATFORM` (the default) for what ships.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.23 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    /// ```
    ///
    /// ## See also
    /// DL3065 (`--platform=$TARGETPLATFORM` is redundant); BuildKit's
    /// `FromPlatformFlagConstDisallowed` finds the same problem.
    pub struct FromPlatformFlag {
        code: "DL3029",
        name: "from-platform-flag",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for FromPlatformFlag {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::From || node.is_trigger {
            return;
        }
        for flag in &node.instruction.flags {
            if flag.name() != "platform" {
                continue;
            }
            let value = flag.value().unwrap_or("");
            if !value.contains("BUILDPLATFORM") && !value.contains("TARGETPLATFORM") {
                checker.report(node, flag.range, "Do not use --platform flag with FROM");
            }
        }
    }
}
