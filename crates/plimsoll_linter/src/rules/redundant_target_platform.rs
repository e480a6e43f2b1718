use plimsoll_text::{Edit, Fix, TextRange};

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why is this bad?
    /// Stages are built for the target platform by default; the flag says nothing and suggests
    /// the author wanted something else (often `$BUILDPLATFORM`, for a stage that
    /// cross-compiles).
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
    /// Safe: the flag is removed.
    ///
    /// ## See also
    /// hadolint's `DL3065` finds the same problem. Keep one with `ignore = ["DL3065"]` or
    /// `ignore = ["RedundantTargetPlatform"]`.
    /// <https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/>.
    pub struct RedundantTargetPlatform {
        code: "RedundantTargetPlatform",
        name: "buildkit-redundant-target-platform",
        origin: BuildKit,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for RedundantTargetPlatform {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        let model = checker.model;
        for from in build.froms() {
            let Some(platform) = &from.platform else {
                continue;
            };
            let redundant = platform.unmatched.is_empty()
                && platform.matched == ["TARGETPLATFORM"]
                && platform.value == build.target_platform();
            if !redundant {
                continue;
            }
            let instruction = model.node(from.node).instruction;
            let Some(flag) = instruction
                .flags
                .iter()
                .find(|flag| flag.name().eq_ignore_ascii_case("platform"))
            else {
                continue;
            };
            // The flag and the blanks after it.
            let after = model.source()[flag.range.end as usize..]
                .bytes()
                .take_while(|byte| matches!(byte, b' ' | b'\t'))
                .count();
            let removal = TextRange::new(flag.range.start, flag.range.end + after as u32);
            let message = format!(
                "Setting platform to predefined {} in FROM is redundant as this is the default behavior",
                platform.raw
            );
            report_node(checker, from.node, flag.range, message).fix = Some(Fix::safe(
                "Remove `--platform`",
                vec![Edit::deletion(removal)],
            ));
        }
    }
}
