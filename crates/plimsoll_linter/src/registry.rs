//! The rule interface and lookups over the rule table ([`crate::rules::RULES`]).

use crate::checker::Checker;
use crate::rule_meta::RuleMeta;
use crate::semantic::Node;

/// Implemented by [`declare_rule!`](crate::declare_rule).
pub trait RuleMetadata {
    fn meta(&self) -> &'static RuleMeta;
}

/// A lint rule. Rules are stateless: whatever they need across instructions they read from the
/// semantic model ([`Checker::model`]).
pub trait Rule: RuleMetadata + Sync {
    /// Whether the rule also checks ONBUILD triggers (hadolint's `onbuild` rules), with the
    /// trigger as the node.
    fn applies_to_onbuild(&self) -> bool {
        false
    }

    /// Called for every instruction, in order (and for triggers when
    /// [`Rule::applies_to_onbuild`]).
    fn check_instruction(&self, _checker: &mut Checker<'_, '_>, _node: &Node<'_>) {}

    /// Called once per file, after every instruction: for rules about the file as a whole.
    fn check_file(&self, _checker: &mut Checker<'_, '_>) {}
}

/// Every registered rule, in table order.
#[must_use]
pub fn all_rules() -> &'static [&'static dyn Rule] {
    crate::rules::RULES
}

/// The rule with exactly this code.
#[must_use]
pub fn rule_by_code(code: &str) -> Option<&'static dyn Rule> {
    all_rules()
        .iter()
        .copied()
        .find(|rule| rule.meta().code == code)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all_rules() {
            let meta = rule.meta();
            assert!(codes.insert(meta.code), "duplicate code {}", meta.code);
            assert!(names.insert(meta.name), "duplicate name {}", meta.name);
            assert!(
                !meta.summary().is_empty(),
                "{} has no documentation",
                meta.code
            );
            assert!(
                meta.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{} name {} is not kebab-case",
                meta.code,
                meta.name
            );
        }
    }
}
