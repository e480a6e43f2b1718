use plimsoll_syntax::suggest::suggest;

use crate::buildkit::{report_node, variable_reference};
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that variables in `FROM` (the image and `--platform`) are declared: as an `ARG`
    /// before the first `FROM` (with or without a default) or as one of BuildKit's predefined
    /// platform args (`TARGETPLATFORM`, `BUILDARCH`, …).
    ///
    /// ## Why is this bad?
    /// `FROM` only sees the global scope. An `ARG` declared inside a stage, a typo, or a
    /// variable meant to be passed with `--build-arg` but never declared expands to an empty
    /// string, and the build pulls an image nobody asked for (or fails).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:${PYTHON_VERSION}-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG PYTHON_VERSION=3.12
    /// FROM python:${PYTHON_VERSION}-slim
    /// ```
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/>.
    pub struct UndefinedArgInFrom {
        code: "UndefinedArgInFrom",
        name: "undefined-arg-in-from",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for UndefinedArgInFrom {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        let model = checker.model;
        let escape = model.dockerfile().escape();
        for from in build.froms() {
            let instruction = model.node(from.node).instruction;
            let image = instruction
                .from_parts()
                .map_or(instruction.keyword.range, |parts| parts.image.range);
            let platform = from.platform.iter().flat_map(|platform| {
                platform
                    .undefined
                    .iter()
                    .map(move |name| (name, platform.token))
            });
            let names: Vec<_> = from
                .base_undefined
                .iter()
                .map(|name| (name, image))
                .chain(platform)
                .collect();
            for (name, token) in names {
                let mut message = format!("FROM argument '{name}' is not declared");
                if let Some(hint) = suggest(name, from.candidates.iter().map(String::as_str), true)
                {
                    message.push_str(&format!(" (did you mean {hint}?)"));
                }
                let token = variable_reference(model.source(), token, name, escape);
                report_node(checker, from.node, token, message);
            }
        }
    }
}
