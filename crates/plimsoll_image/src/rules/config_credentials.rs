use plimsoll_text::Severity;

use super::{CheckContext, Emitter};
use crate::contents::Interest;
use crate::secrets::config_file_credentials;

image_rule! {
    /// ## What it does
    /// Finds tokens and passwords in tool configuration files in every layer, deleted ones
    /// included: `.npmrc`/`npmrc` (`_authToken`, `_auth`, `_password`), `.yarnrc.yml`
    /// (`npmAuthToken`), `.pypirc` (`password`), `.netrc` (`password`), `.git-credentials`
    /// (URLs with a password), `pip.conf` (an `index-url` with a password) and
    /// `.docker/config.json` (registry `auths`). Values written as `${VAR}` references are not
    /// secrets and are not reported.
    ///
    /// ## Why is this bad?
    /// Registry and package-index tokens usually have publish rights. They get into images
    /// when a build copies a configured home directory, or writes the token to install
    /// private packages and deletes it in a later step, which leaves it in the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > ~/.npmrc && npm ci
    /// RUN rm ~/.npmrc
    /// ```
    ///
    /// ## Fix
    /// Mount the file as a build secret for the one step that needs it:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    pub(crate) static CONFIG_CREDENTIALS = {
        code: "PI204",
        name: "config-credentials",
        summary: "No layer contains a tool configuration file with credentials",
        severity: Severity::Error,
        check: check,
    };
}

fn check(context: &CheckContext<'_>, out: &mut Emitter) {
    context.report_versions(out, Interest::ConfigCredentials, |file| {
        let parent = file.path.parent();
        let found =
            config_file_credentials(file.path.file_name(), parent.file_name(), &file.content);
        (!found.is_empty()).then(|| format!("holds credentials: {}", found.join(", ")))
    });
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use crate::rules::test_support::run;

    #[test]
    fn tokens_in_config_files_any_layer() {
        let add = Tar::new()
            .file("root/.npmrc", b"//registry.npmjs.org/:_authToken=npm_abc\n")
            .file(
                "home/app/.npmrc",
                b"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
            )
            .file(
                "root/.docker/config.json",
                br#"{"auths": {"ghcr.io": {"auth": "dXNlcjpwYXNz"}}}"#,
            )
            .finish();
        let overwrite = Tar::new()
            .file("root/.npmrc", b"registry=https://registry.npmjs.org/\n")
            .finish();
        let checked = run(&ImageSpec::new(vec![add, overwrite]));
        let found: Vec<(&str, Option<usize>)> = checked
            .of("PI204")
            .iter()
            .map(|f| (f.message.as_str(), f.removed_in))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "`/root/.docker/config.json` holds credentials: registry auths",
                    None
                ),
                (
                    "`/root/.npmrc` holds credentials: _authToken (overwritten in layer 1, but layer 0 still ships it)",
                    Some(1)
                ),
            ]
        );
    }
}
