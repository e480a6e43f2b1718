use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::label_values::{is_hadolint_spdx, is_spdx_expression};
use crate::rules::labels::check_typed_labels;
use crate::semantic::Node;
use crate::settings::{LabelType, Mode};

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `spdx` hold an SPDX license: an identifier
    /// of the SPDX License List such as `Apache-2.0`, or an expression such as
    /// `MIT OR Apache-2.0`.
    ///
    /// ## Why is this bad?
    /// `org.opencontainers.image.licenses` is meant for license scanners and compliance
    /// tooling, which only understand SPDX: `Apache 2`, `BSD` or `GPL` are guesses to them.
    ///
    /// ## Example
    /// With `"org.opencontainers.image.licenses" = "spdx"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.licenses="Apache-2.0"
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`).
    ///
    /// ## Differences from hadolint
    /// hadolint accepts a single identifier, spelled exactly, from an older list without the
    /// deprecated ones (`GPL-2.0` fails, `GPL-2.0-only` passes), and no expression. The OCI
    /// annotation holds an SPDX *expression*, so plimsoll accepts expressions (`AND`, `OR`,
    /// `WITH` an exception, parentheses, `+`, `LicenseRef-…`) over the SPDX License List
    /// 3.25.0, identifiers compared without regard to case as the SPDX specification says.
    /// plimsoll also reads values as BuildKit does, leaves values with a variable alone and
    /// leaves empty values to DL3051.
    pub struct LabelNotSpdx {
        code: "DL3054",
        name: "label-not-spdx",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LabelNotSpdx {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let valid = match checker.settings.mode {
            Mode::Plimsoll => is_spdx_expression,
            Mode::Hadolint => is_hadolint_spdx,
        };
        check_typed_labels(checker, node, LabelType::Spdx, valid, |label| {
            format!("Label `{label}` is not a valid SPDX identifier.")
        });
    }
}
