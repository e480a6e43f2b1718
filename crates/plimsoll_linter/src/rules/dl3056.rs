use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::label_values::{is_hadolint_semver, is_semver};
use crate::rules::labels::check_typed_labels;
use crate::semantic::Node;
use crate::settings::{LabelType, Mode};

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `semver` hold a semantic version
    /// (`MAJOR.MINOR.PATCH`, optionally `-prerelease` and `+build`), such as `1.4.2` or
    /// `2.0.0-rc.1`.
    ///
    /// ## Why is this bad?
    /// `org.opencontainers.image.version` is compared and sorted by tools; `1.4`, `v1.4.2` or
    /// `latest` do not sort as versions.
    ///
    /// ## Example
    /// With `"org.opencontainers.image.version" = "semver"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.version="v1.4"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.version="1.4.0"
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`).
    ///
    /// ## Differences from hadolint
    /// hadolint's version parser accepts leading zeros (`01.0.0`), empty pre-release and
    /// build parts (`1.0.0-`, `1.0.0+`) and a trailing dot in them (`1.0.0-rc.`). plimsoll
    /// follows Semantic Versioning 2.0.0, which rejects all of these. plimsoll also reads
    /// values as BuildKit does, leaves values with a variable (`$VERSION`) alone and leaves
    /// empty values to DL3051.
    pub struct LabelNotSemver {
        code: "DL3056",
        name: "label-not-semver",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LabelNotSemver {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let valid = match checker.settings.mode {
            Mode::Plimsoll => is_semver,
            Mode::Hadolint => is_hadolint_semver,
        };
        check_typed_labels(checker, node, LabelType::Semver, valid, |label| {
            format!("Label `{label}` does not conform to semantic versioning.")
        });
    }
}
