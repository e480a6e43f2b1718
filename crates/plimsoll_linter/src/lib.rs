//! The Dockerfile linter: a stage-aware semantic model, the rule registry, the rules (hadolint's
//! DL rules, BuildKit's build checks, plimsoll's own), pragmas, configuration and fixes.

pub mod buildkit;
pub mod checker;
pub mod config;
pub mod context;
pub mod hadolint_compat;
pub mod lint;
pub mod pragma;
pub mod registry;
pub mod rule_meta;
pub mod rules;
pub mod semantic;
pub mod settings;
pub mod suppression;

pub use checker::Checker;
pub use context::{ContextError, LintContext};
pub use lint::{FixResult, PARSE_ERROR_CODE, fix, fix_with_context, lint, lint_with_context};
pub use registry::{Rule, RuleMetadata, all_rules, rule_by_code};
pub use rule_meta::{FixAvailability, Origin, RuleMeta};
pub use settings::{LabelType, LinterSettings, Mode};

#[cfg(test)]
mod test_support;
