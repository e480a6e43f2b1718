use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::labels::{label_pairs, schema_type};
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// With strict labels on, checks that every `LABEL` key is in the label schema.
    ///
    /// ## Why is this bad?
    /// Teams that agree on a fixed set of labels want typos (`org.opencontainers.image.sorce`)
    /// and ad-hoc labels caught before they spread to every image.
    ///
    /// ## Example
    /// With `maintainer = "email"` as the whole schema and strict labels on:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL maintainer="ops@example.com" team=payments
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL maintainer="ops@example.com"
    /// ```
    ///
    /// ## Options
    /// `strict-labels` and `[lint.label-schema]` in `plimsoll.toml` (`strict-labels:` and
    /// `label-schema:` in `.hadolint.yaml`, `--strict-labels` for the drop-in). With strict
    /// labels and no schema, every label is superfluous.
    ///
    /// ## Differences from hadolint
    /// hadolint reports a `LABEL` instruction once; plimsoll points at each superfluous key
    /// and leaves keys spelled with a variable alone. `ONBUILD LABEL` is not checked by
    /// either.
    ///
    /// ## See also
    /// DL3049 (labels of the schema that are missing).
    pub struct LabelNotInSchema {
        code: "DL3050",
        name: "label-not-in-schema",
        origin: Hadolint,
        severity: Info,
        fix: None,
    }
}

impl Rule for LabelNotInSchema {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if !checker.settings.strict_labels {
            return;
        }
        for pair in label_pairs(node, checker.settings.mode) {
            let Some(key) = &pair.key else { continue };
            if schema_type(checker.settings, key).is_none() {
                checker.report(node, pair.key_range, "Superfluous label(s) present.");
            }
        }
    }
}
