use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::label_values::is_email;
use crate::rules::labels::check_typed_labels;
use crate::semantic::Node;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `email` hold an e-mail address
    /// (RFC 5322 `addr-spec`: `local@domain`), such as `ops@example.com`.
    ///
    /// ## Why is this bad?
    /// A contact label is only useful when it can be written to; `Jane Doe <jane@example.com>`
    /// (a display name), `mailto:` links or lists of addresses are not an address.
    ///
    /// ## Example
    /// With `maintainer = "email"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL maintainer="Payments team <payments@example.com>"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL maintainer="payments@example.com"
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`).
    ///
    /// ## Differences from hadolint
    /// plimsoll reads values as BuildKit does (quotes removed, also in the legacy
    /// `LABEL key value` form), leaves values with a variable alone and leaves empty values to
    /// DL3051; hadolint reports them.
    pub struct LabelNotEmail {
        code: "DL3058",
        name: "label-not-email",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LabelNotEmail {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        check_typed_labels(checker, node, LabelType::Email, is_email, |label| {
            format!("Label `{label}` is not a valid email format - must conform to RFC5322.")
        });
    }
}
