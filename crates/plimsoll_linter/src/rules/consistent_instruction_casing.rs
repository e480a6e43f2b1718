use plimsoll_syntax::dockerfile::{go_to_lower, go_to_upper};
use plimsoll_text::{Edit, Fix};

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that instruction keywords use one casing throughout the file: the majority's.
    ///
    /// Keywords that are all lower case or all upper case are counted; the majority is lower
    /// case only when strictly more keywords are lower case (a tie means upper case). Every
    /// keyword that differs from the majority is reported, mixed-case ones (`From`) included.
    /// Like BuildKit, `ARG`s before the first `FROM` and ONBUILD triggers are neither counted nor
    /// checked.
    ///
    /// ## Why is this bad?
    /// Mixed casing makes a Dockerfile harder to read and to search.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run apk add curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add curl
    /// ```
    ///
    /// ## Fix
    /// Safe: the keyword takes the majority's casing.
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/>.
    pub struct ConsistentInstructionCasing {
        code: "ConsistentInstructionCasing",
        name: "consistent-instruction-casing",
        origin: BuildKit,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for ConsistentInstructionCasing {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        if !build.stage_checks_ran() {
            return;
        }
        let model = checker.model;
        let keywords: Vec<_> = model
            .stages()
            .iter()
            .flat_map(|stage| model.stage_nodes(stage.id))
            .map(|node| (node.id, &node.instruction.keyword))
            .collect();
        let (mut lower, mut upper) = (0, 0);
        for (_, keyword) in &keywords {
            let text = keyword.as_str();
            if go_to_lower(text) == text {
                lower += 1;
            } else if go_to_upper(text) == text {
                upper += 1;
            }
        }
        let majority_lower = lower > upper;
        for (node, keyword) in keywords {
            let text = keyword.as_str();
            let (wanted, casing) = if majority_lower {
                (go_to_lower(text), "lowercase")
            } else {
                (go_to_upper(text), "uppercase")
            };
            if wanted == text {
                continue;
            }
            let message = format!(
                "Command '{text}' should match the case of the command majority ({casing})"
            );
            let fix = Fix::safe(
                format!("Write the keyword in {casing}"),
                vec![Edit::replacement(wanted.into_owned(), keyword.range)],
            );
            report_node(checker, node, keyword.range, message).fix = Some(fix);
        }
    }
}
