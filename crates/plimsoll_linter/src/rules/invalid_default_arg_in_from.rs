use plimsoll_syntax::dockerfile::instructions::Command;

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that every `FROM` image is a valid image name when the `ARG`s before the first
    /// `FROM` take their defaults (no `--build-arg`): not empty, no trailing `:` from an empty
    /// tag, no upper-case repository.
    ///
    /// ## Why is this bad?
    /// A build that works only when the right `--build-arg` is passed breaks for everyone who
    /// runs a plain `docker build`, and for tools that read the Dockerfile without build args.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=stable
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/>.
    pub struct InvalidDefaultArgInFrom {
        code: "InvalidDefaultArgInFrom",
        name: "invalid-default-arg-in-from",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for InvalidDefaultArgInFrom {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        let model = checker.model;
        for &node in build.invalid_default_bases() {
            let Some(Command::From { base_name, .. }) = build.typed(node).map(|t| &t.command)
            else {
                continue;
            };
            let instruction = model.node(node).instruction;
            let token = instruction
                .from_parts()
                .map_or(instruction.keyword.range, |parts| parts.image.range);
            let message = format!(
                "Default value for ARG {base_name} results in empty or invalid base image name"
            );
            report_node(checker, node, token, message);
        }
    }
}
