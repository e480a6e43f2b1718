use plimsoll_syntax::dockerfile::{Args, InstructionKind, Word};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for `ARG` and `ENV` names that look like secrets: names containing `password`,
    /// `secret`, `token`, `private`, `api_key`, `client_key` or `username` (in any case), and
    /// well-known credential variables such as `AWS_ACCESS_KEY_ID`.
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image configuration and `ARG` values in its build
    /// history: anyone who can pull the image can read them. Pass secrets with
    /// `RUN --mount=type=secret`, which leaves nothing in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reads only the first name of an `ARG` with several (`ARG VERSION API_TOKEN`
    /// passes) and reports an instruction once; plimsoll checks every name and reports each.
    /// The hadolint drop-in keeps hadolint's behaviour.
    ///
    /// ## See also
    /// BuildKit's `SecretsUsedInArgOrEnv` finds the same problem.
    pub struct SecretInArgOrEnv {
        code: "DL3064",
        name: "secret-in-arg-or-env",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

/// Credential variables whose names contain none of [`SENSITIVE_PARTS`].
const KNOWN_NAMES: [&str; 1] = ["AWS_ACCESS_KEY_ID"];

/// Parts of a name (lower-cased) that mark it as sensitive.
const SENSITIVE_PARTS: [&str; 7] = [
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
];

impl Rule for SecretInArgOrEnv {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        let names: Vec<&Word<'_>> = match (&node.kind(), &node.instruction.args) {
            (InstructionKind::Env, Args::KeyValues(pairs)) => {
                pairs.iter().map(|pair| &pair.key).collect()
            }
            (InstructionKind::Arg, Args::Names(names)) => {
                let take = match mode {
                    Mode::Hadolint => 1,
                    Mode::Plimsoll => names.len(),
                };
                names.iter().take(take).map(|name| &name.key).collect()
            }
            _ => return,
        };
        for name in names {
            if is_sensitive(name.as_str()) {
                checker.report(
                    node,
                    name.range,
                    "Potentially sensitive data should not be used in the `ARG` or `ENV` commands",
                );
                if mode == Mode::Hadolint {
                    return;
                }
            }
        }
    }
}

fn is_sensitive(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let lower = name.to_ascii_lowercase();
    KNOWN_NAMES.contains(&upper.as_str()) || SENSITIVE_PARTS.iter().any(|part| lower.contains(part))
}
