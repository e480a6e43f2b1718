use plimsoll_text::Severity;

use super::{CheckContext, Emitter};
use crate::secrets::{is_real_value, is_secret_name, token_shapes};

image_rule! {
    /// ## What it does
    /// Checks the config's `Env` for secrets: variables whose name says they hold one
    /// (`PASSWORD`, `DB_PASSWORD`, `SECRET_KEY`, `API_KEY`, `GITHUB_TOKEN`,
    /// `AWS_SECRET_ACCESS_KEY`, …; not `…_FILE`, `…_PATH`, `…_URL`, `GPG_KEY`) with a real
    /// value (not empty, not `$VAR`), and variables of any name whose value has the shape of a
    /// token (`AKIA…`, `ghp_…`, `glpat-…`, `xoxb-…`, `sk_live_…`, `npm_…`, `AIza…`, a private
    /// key block). Values are never printed.
    ///
    /// ## Why is this bad?
    /// `ENV` values are part of the image config: `docker inspect` shows them to anyone who
    /// can pull the image, and every container (and its child processes, crash reports and
    /// `/proc/*/environ`) gets them.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV DATABASE_PASSWORD=hunter2
    /// ```
    ///
    /// ## Fix
    /// Pass secrets at run time (`docker run -e`, orchestrator secrets), or point to a file:
    /// `ENV DATABASE_PASSWORD_FILE=/run/secrets/db_password`.
    pub(crate) static SECRET_IN_ENV = {
        code: "PI205",
        name: "secret-in-env",
        summary: "No secret is set in the image's environment",
        severity: Severity::Error,
        check: check,
    };
}

/// Why `NAME=value` is a secret, if it is.
pub(super) fn secret_reason(name: &str, value: &str) -> Option<String> {
    if let Some(kind) = token_shapes(value.as_bytes()).first() {
        return Some(format!("holds {}", kind.describe()));
    }
    (is_secret_name(name) && is_real_value(value)).then(|| "looks like a secret".to_owned())
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    let Some(config) = &context.image.config.config else {
        return;
    };
    for variable in &config.env {
        let (name, value) = variable.split_once('=').unwrap_or((variable, ""));
        if let Some(reason) = secret_reason(name, value) {
            out.image(format!("ENV `{name}` {reason}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn secrets_in_env() {
        let mut spec = ImageSpec::new(vec![Tar::new().file("a", b"a").finish()]);
        spec.config = serde_json::json!({"Env": [
            "PATH=/usr/bin",
            "PASSWORD=hunter2",
            "DB_PASSWORD_FILE=/run/secrets/db",
            "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
            "EMPTY_TOKEN=",
            "RELEASE=ghp_0123456789abcdefghijABCDEFGHIJ012345",
        ]});
        let checked = run(&spec);
        let found = checked.messages("PI205");
        assert_eq!(
            found,
            [
                "ENV `PASSWORD` looks like a secret",
                "ENV `RELEASE` holds a GitHub token"
            ]
        );
    }
}
