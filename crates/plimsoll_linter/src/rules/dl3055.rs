use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::label_values::is_git_hash;
use crate::rules::labels::check_typed_labels;
use crate::semantic::Node;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Checks that labels the label schema types as `hash` hold a git commit hash: 7 or 40
    /// lower-case hexadecimal digits (`git rev-parse --short HEAD` or `git rev-parse HEAD`).
    ///
    /// ## Why is this bad?
    /// `org.opencontainers.image.revision` ties an image to the exact source it was built
    /// from; a branch name, a tag or a truncated hash of another length does not.
    ///
    /// ## Example
    /// With `"org.opencontainers.image.revision" = "hash"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.revision="main"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.revision="1f3a9c2"
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`).
    ///
    /// ## Differences from hadolint
    /// plimsoll reads values as BuildKit does (quotes removed, also in the legacy
    /// `LABEL key value` form), leaves values with a variable (usually a build argument:
    /// `LABEL org.opencontainers.image.revision=$GIT_SHA`) alone and leaves empty values to
    /// DL3051; hadolint reports them.
    pub struct LabelNotGitHash {
        code: "DL3055",
        name: "label-not-git-hash",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LabelNotGitHash {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        check_typed_labels(checker, node, LabelType::Hash, is_git_hash, |label| {
            format!("Label `{label}` is not a valid git hash.")
        });
    }
}
