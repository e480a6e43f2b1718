use plimsoll_syntax::dockerfile::go_quote;

use crate::buildkit::{platform, report_node};
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM --platform=` with a constant value (`linux/amd64`) instead of a
    /// variable, unless the stage name mentions the platform's OS or architecture
    /// (`AS build-arm64`), which marks the pinning as deliberate.
    ///
    /// ## Why is this bad?
    /// A constant platform pins the stage: a multi-platform build (`--platform
    /// linux/amd64,linux/arm64`) still builds it for one platform, and on another host it runs
    /// under emulation.
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
    /// hadolint's `DL3029` finds the same problem (any `--platform` value that does not use
    /// `BUILDPLATFORM` or `TARGETPLATFORM`). Keep one with `ignore = ["DL3029"]` or
    /// `ignore = ["FromPlatformFlagConstDisallowed"]`.
    /// <https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/>.
    pub struct FromPlatformFlagConstDisallowed {
        code: "FromPlatformFlagConstDisallowed",
        name: "from-platform-flag-const-disallowed",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for FromPlatformFlagConstDisallowed {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        for from in build.froms() {
            let Some(step) = &from.platform else {
                continue;
            };
            if !step.matched.is_empty() || !step.unmatched.is_empty() {
                continue;
            }
            let Ok(parsed) = platform::parse(&step.value) else {
                continue;
            };
            let stage = from.stage_name.as_deref().unwrap_or("");
            if stage.contains(&parsed.os) || stage.contains(&parsed.architecture) {
                continue;
            }
            let message = format!(
                "FROM --platform flag should not use constant value {}",
                go_quote(&step.value)
            );
            report_node(checker, from.node, step.token, message);
        }
    }
}
