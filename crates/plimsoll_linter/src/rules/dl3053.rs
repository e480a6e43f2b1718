use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::label_values::{is_hadolint_rfc3339, is_rfc3339};
use crate::rules::labels::check_typed_labels;
use crate::semantic::Node;
use crate::settings::{LabelType, Mode};

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `rfc3339` hold an RFC 3339 date and time,
    /// such as `2024-05-01T12:30:00Z`.
    ///
    /// ## Why is this bad?
    /// `org.opencontainers.image.created` is read by machines; a date without a time or zone,
    /// or a local format, cannot be compared or sorted reliably.
    ///
    /// ## Example
    /// With `"org.opencontainers.image.created" = "rfc3339"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.created="2024-05-01 12:30"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.created="2024-05-01T12:30:00Z"
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`).
    ///
    /// ## Differences from hadolint
    /// hadolint's date parser is lenient: it accepts years of any length (`20-01-01T…`),
    /// offsets such as `+99:99` or `+0100`, an empty fraction (`00:00:00.Z`) and surrounding
    /// white space. plimsoll follows RFC 3339 (`date-time`): four-digit year, offset hours up
    /// to 23 and minutes up to 59 with a colon. Both accept `t`/`z` in lower case, leap
    /// seconds, and check that the date exists. plimsoll also reads values as BuildKit does,
    /// leaves values with a variable alone and leaves empty values to DL3051.
    pub struct LabelNotRfc3339 {
        code: "DL3053",
        name: "label-not-rfc3339",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LabelNotRfc3339 {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let valid = match checker.settings.mode {
            Mode::Plimsoll => is_rfc3339,
            Mode::Hadolint => is_hadolint_rfc3339,
        };
        check_typed_labels(checker, node, LabelType::Rfc3339, valid, |label| {
            format!("Label `{label}` is not a valid time format - must conform to RFC3339.")
        });
    }
}
