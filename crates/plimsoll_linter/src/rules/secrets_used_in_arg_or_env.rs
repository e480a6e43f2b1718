use plimsoll_syntax::dockerfile::instructions::Command;
use plimsoll_syntax::dockerfile::{Args, go_quote};
use plimsoll_text::TextRange;

use crate::buildkit::{WordRole, report};
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for `ARG` and `ENV` names that look like secrets: a `_`-separated part of the name
    /// is `apikey`, `auth`, `credential(s)`, `key`, `password`, `pword`, `passwd`, `secret` or
    /// `token` (any case), and no part is `public`, `file` or `version`. So `API_KEY`,
    /// `GITHUB_TOKEN` and `auth` are reported; `PUBLIC_KEY`, `KEY_FILE`, `AUTHOR` are not.
    ///
    /// `ENV` names are checked after variable expansion; `ARG`s before the first `FROM` are not
    /// checked.
    ///
    /// ## Why is this bad?
    /// Build args and environment variables end up in the image's history and config, where
    /// anyone who can pull the image can read them.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    ///     echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// ## See also
    /// hadolint's `DL3064` finds the same problem with another list of names. Keep one with
    /// `ignore = ["DL3064"]` or `ignore = ["SecretsUsedInArgOrEnv"]`.
    /// <https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/>.
    pub struct SecretsUsedInArgOrEnv {
        code: "SecretsUsedInArgOrEnv",
        name: "secrets-used-in-arg-or-env",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

const SECRET_PARTS: [&str; 10] = [
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
const ALLOWED_PARTS: [&str; 3] = ["public", "file", "version"];

fn looks_secret(name: &str) -> bool {
    let has = |parts: &[&str]| {
        name.split('_')
            .any(|part| parts.iter().any(|word| part.eq_ignore_ascii_case(word)))
    };
    has(&SECRET_PARTS) && !has(&ALLOWED_PARTS)
}

impl Rule for SecretsUsedInArgOrEnv {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        for step in build.steps() {
            let mut found: Vec<(&'static str, String, TextRange)> = Vec::new();
            match &step.typed.command {
                Command::Env(_) if step.expanded() => {
                    for word in step.words.iter().filter(|word| word.role == WordRole::Key) {
                        if let Some(key) = &word.value {
                            found.push(("ENV", key.clone(), word.token));
                        }
                    }
                }
                Command::Arg(pairs) => {
                    let tree = match &step.instruction.args {
                        Args::Names(names) => names.as_slice(),
                        _ => &[],
                    };
                    // BuildKit checks each name, then expands its default; a failing default
                    // stops the instruction.
                    let mut defaults = step.words.iter();
                    for (index, pair) in pairs.iter().enumerate() {
                        let token = tree
                            .get(index)
                            .map_or(step.instruction.keyword.range, |name| name.key.range);
                        found.push(("ARG", pair.key.to_owned(), token));
                        if pair.value.is_some()
                            && defaults.next().is_some_and(|word| word.value.is_none())
                        {
                            break;
                        }
                    }
                }
                _ => {}
            }
            for (instruction, key, token) in found {
                if looks_secret(&key) {
                    let message = format!(
                        "Do not use ARG or ENV instructions for sensitive data ({instruction} {})",
                        go_quote(&key)
                    );
                    report(checker, step.location, token, message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn secret_names_like_buildkit() {
        for name in [
            "API_KEY",
            "MY_PASSWD",
            "auth",
            "GITHUB_TOKEN",
            "SUPER_Secret",
            "git_key",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in [
            "PUBLIC_KEY",
            "KEY_FILE",
            "PASSWORD_VERSION",
            "mytoken",
            "AUTHOR",
            "SECRETS",
            "sunflower",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
