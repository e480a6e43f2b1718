use plimsoll_syntax::dockerfile::go_to_lower;
use plimsoll_text::{Edit, Fix};

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::from_as_casing::from_as_words;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks that stage names (`FROM image AS name`) are lower case.
    ///
    /// ## Why is this bad?
    /// BuildKit lower-cases stage names: `AS Build` defines the stage `build`. `COPY --from=`
    /// matches case-insensitively, but `FROM Build` does not (it looks for an image called
    /// `Build`, which is not a valid image name), so a mixed-case name invites mistakes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS Builder
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS builder
    /// ```
    ///
    /// ## Fix
    /// Safe: the name is lower-cased (references to it keep working, BuildKit already
    /// lower-cases it).
    ///
    /// ## See also
    /// BuildKit's documentation of this check:
    /// <https://docs.docker.com/go/dockerfile/rule/stage-name-casing/>.
    pub struct StageNameCasing {
        code: "StageNameCasing",
        name: "stage-name-casing",
        origin: BuildKit,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for StageNameCasing {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        // BuildKit looks at the third argument whatever the second is.
        let Some([_, _, name]) = from_as_words(checker, node) else {
            return;
        };
        let lower = go_to_lower(name.as_str());
        if lower == name.as_str() {
            return;
        }
        let message = format!("Stage name '{}' should be lowercase", name.as_str());
        let fix = (name.range.slice(checker.source()) == name.as_str()).then(|| {
            Fix::safe(
                "Lower-case the stage name",
                vec![Edit::replacement(lower.into_owned(), name.range)],
            )
        });
        report_node(checker, node.id, name.range, message).fix = fix;
    }
}
