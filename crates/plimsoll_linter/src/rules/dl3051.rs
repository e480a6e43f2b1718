use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::labels::{label_pairs, schema_type};
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks that labels of the label schema are not set to an empty value.
    ///
    /// ## Why is this bad?
    /// An empty label is there without saying anything: tools that read it (registries,
    /// scanners, `docker inspect`) get nothing, and checks that the label exists are fooled.
    /// It is often a build argument that was never passed.
    ///
    /// ## Example
    /// With `maintainer = "text"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL maintainer=""
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL maintainer="Payments team <payments@example.com>"
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`).
    ///
    /// ## Differences from hadolint
    /// plimsoll reads values as BuildKit does, so the legacy form `LABEL maintainer ""` is
    /// empty too (hadolint reads it as the two characters `""`), and a value with a variable
    /// (`LABEL maintainer=$MAINTAINER`) is not judged.
    ///
    /// ## See also
    /// DL3049 (missing labels), DL3052–DL3058 (values of the wrong form).
    pub struct LabelEmpty {
        code: "DL3051",
        name: "label-empty",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LabelEmpty {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for pair in label_pairs(node, checker.settings.mode) {
            let (Some(key), Some(value)) = (&pair.key, &pair.value) else {
                continue;
            };
            if value.is_empty() && schema_type(checker.settings, key).is_some() {
                checker.report(node, pair.value_range, format!("label `{key}` is empty."));
            }
        }
    }
}
