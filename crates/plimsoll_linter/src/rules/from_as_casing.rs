use plimsoll_syntax::dockerfile::{Args, InstructionKind, Word, go_to_lower, go_to_upper};
use plimsoll_text::{Edit, Fix};

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks that the `AS` of `FROM image AS name` has the same case as the `FROM` keyword.
    ///
    /// A `FROM` keyword in mixed case (`From`) is left to `ConsistentInstructionCasing`.
    ///
    /// ## Why is this bad?
    /// Mixing `FROM` with `as` (or `from` with `AS`) reads as a typo and makes the file harder
    /// to scan.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12 as builder
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12 AS builder
    /// ```
    ///
    /// ## Fix
    /// Safe: `AS` takes the case of `FROM`.
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/from-as-casing/>.
    pub struct FromAsCasing {
        code: "FromAsCasing",
        name: "from-as-casing",
        origin: BuildKit,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for FromAsCasing {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let Some(words) = from_as_words(checker, node) else {
            return;
        };
        let from = node.instruction.keyword.as_str();
        let as_word = &words[1];
        let wanted = if go_to_lower(from) == from {
            go_to_lower(as_word.as_str())
        } else if go_to_upper(from) == from {
            go_to_upper(as_word.as_str())
        } else {
            return;
        };
        if wanted == as_word.as_str() {
            return;
        }
        let message = format!(
            "'{}' and '{from}' keywords' casing do not match",
            as_word.as_str()
        );
        let fix = (as_word.range.slice(checker.source()) == as_word.as_str()).then(|| {
            Fix::safe(
                "Match the case of `FROM`",
                vec![Edit::replacement(wanted.into_owned(), as_word.range)],
            )
        });
        report_node(checker, node.id, as_word.range, message).fix = fix;
    }
}

/// The words of a `FROM` with three or more (`image AS name`) that BuildKit's parser reads,
/// outside ONBUILD triggers (FromAsCasing, StageNameCasing).
pub(crate) fn from_as_words<'a>(
    checker: &Checker<'_, 'a>,
    node: &Node<'a>,
) -> Option<&'a [Word<'a>]> {
    let build = checker.build()?;
    if node.kind() != InstructionKind::From || node.is_trigger || !build.read_by_layer2(node.id) {
        return None;
    }
    match &node.instruction.args {
        Args::List(words) if words.len() >= 3 => Some(words),
        _ => None,
    }
}
