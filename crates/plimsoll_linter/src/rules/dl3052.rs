use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::label_values::is_uri;
use crate::rules::labels::check_typed_labels;
use crate::semantic::Node;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `url` hold an absolute URL (RFC 3986: a
    /// scheme such as `https:`, then the rest without spaces or other characters that must be
    /// percent-encoded).
    ///
    /// ## Why is this bad?
    /// Labels such as `org.opencontainers.image.source` and `.url` are followed by tools and
    /// people; `github.com/acme/app` (no scheme) or a URL with a space is not a link anywhere.
    ///
    /// ## Example
    /// With `"org.opencontainers.image.source" = "url"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.source="github.com/acme/app"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`).
    ///
    /// ## Differences from hadolint
    /// plimsoll reads values as BuildKit does (quotes removed, also in the legacy
    /// `LABEL key value` form), leaves values with a variable alone and leaves empty values to
    /// DL3051; hadolint reports `$URL` and empty values too.
    pub struct LabelNotUrl {
        code: "DL3052",
        name: "label-not-url",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LabelNotUrl {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        check_typed_labels(checker, node, LabelType::Url, is_uri, |label| {
            format!("Label `{label}` is not a valid URL.")
        });
    }
}
