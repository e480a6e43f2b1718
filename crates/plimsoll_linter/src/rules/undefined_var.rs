use plimsoll_syntax::suggest::suggest;

use crate::buildkit::{report, variable_reference};
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that variables BuildKit expands are defined where they are used: in `ENV`,
    /// `LABEL`, `ARG` defaults, `COPY`/`ADD` (sources, destination, `--chown`, `--chmod`,
    /// `--checksum`, heredoc bodies that expand), `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL` and
    /// `RUN --mount` options.
    ///
    /// A variable is defined when an earlier `ENV` or `ARG` of the stage (or of a stage it is
    /// built on) sets it, or when it is declared with `ARG` even without a value. The text of
    /// `RUN`, `CMD` and `ENTRYPOINT` is not checked: the shell expands it. `\$x` and `'$x'` are
    /// not expansions.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to an empty string: `COPY $SRC /app` copies the whole
    /// context, `WORKDIR $HOME/app` becomes `/app`.
    ///
    /// ## Base image environment
    /// BuildKit also counts the variables the base image's config defines. A static linter
    /// cannot see them, so the policy is: an external base image defines only `PATH` (which
    /// BuildKit always sets), `FROM scratch` only `PATH`, and `FROM <stage>` everything that
    /// stage defined. Variables your base images are known to set can be listed in the
    /// `base-image-env` setting.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// ENV PATH=$VIRTUAL_ENV/bin:$PATH
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// ENV VIRTUAL_ENV=/opt/venv
    /// ENV PATH=$VIRTUAL_ENV/bin:$PATH
    /// ```
    ///
    /// ## Options
    /// `base-image-env` (`LinterSettings::base_image_env`): names (or `NAME=value`) external
    /// base images are assumed to define besides `PATH`.
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/undefined-var/>.
    pub struct UndefinedVar {
        code: "UndefinedVar",
        name: "undefined-var",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for UndefinedVar {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        let model = checker.model;
        let escape = model.dockerfile().escape();
        for step in build.steps() {
            for word in &step.words {
                for name in &word.undefined {
                    let mut message = format!("Usage of undefined variable '${name}'");
                    if let Some(hint) =
                        suggest(name, word.env_keys.iter().map(String::as_str), true)
                    {
                        message.push_str(&format!(" (did you mean ${hint}?)"));
                    }
                    let token = variable_reference(model.source(), word.token, name, escape);
                    report(checker, step.location, token, message);
                }
            }
        }
    }
}
