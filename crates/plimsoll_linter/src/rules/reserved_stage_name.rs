use plimsoll_syntax::dockerfile::go_quote;

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::duplicate_stage_name::named_stages;

declare_rule! {
    /// ## What it does
    /// Checks for stages named `scratch` or `context` (in any case).
    ///
    /// ## Why is this bad?
    /// Both names already mean something to BuildKit: `scratch` is the empty image and
    /// `context` the build context. `FROM scratch` after a stage called `scratch` does not do
    /// what it says.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    ///
    /// ## See also
    /// hadolint's `DL3063` finds the same problem. Keep one of the two with
    /// `ignore = ["DL3063"]` or `ignore = ["ReservedStageName"]`.
    /// <https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/>.
    pub struct ReservedStageName {
        code: "ReservedStageName",
        name: "buildkit-reserved-stage-name",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for ReservedStageName {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        for (from, name, token) in named_stages(checker) {
            if matches!(name, "scratch" | "context") {
                let message = format!(
                    "Stage name should not use the same name as reserved stage {}",
                    go_quote(name)
                );
                report_node(checker, from, token, message);
            }
        }
    }
}
