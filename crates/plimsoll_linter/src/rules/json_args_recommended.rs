use plimsoll_syntax::dockerfile::instructions::Command;
use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_text::{Edit, Fix};

use crate::buildkit::report;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3025::exec_form;

declare_rule! {
    /// ## What it does
    /// Checks for `CMD` and `ENTRYPOINT` in shell form (`CMD node server.js`) when no `SHELL`
    /// is set for the stage (in the stage, a stage it is built on, or the base image).
    ///
    /// An empty `CMD` is in shell form too. `RUN` is not checked.
    ///
    /// ## Why is this bad?
    /// The shell form runs the command as `/bin/sh -c "…"`: the shell is PID 1 and does not
    /// forward signals, so `docker stop` waits for the timeout and then kills the process
    /// without a clean shutdown.
    ///
    /// The base image's `SHELL` cannot be seen statically; images are assumed to set none.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD gunicorn app:app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// ## Fix
    /// Offered only when the command is plain words (no quotes, variables, globs, operators,
    /// redirections or shell builtins; a leading `exec` is dropped). Safe for `CMD`; unsafe
    /// for `ENTRYPOINT`, because an exec-form entrypoint receives `CMD` as arguments where the
    /// shell form ignored it.
    ///
    /// ## See also
    /// hadolint's `DL3025` finds the same problem (without the `SHELL` exception). Keep one
    /// with `ignore = ["DL3025"]` or `ignore = ["JSONArgsRecommended"]`.
    /// <https://docs.docker.com/go/dockerfile/rule/json-args-recommended/>.
    pub struct JsonArgsRecommended {
        code: "JSONArgsRecommended",
        name: "json-args-recommended",
        origin: BuildKit,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for JsonArgsRecommended {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        for step in build.steps() {
            let (Command::Cmd(line) | Command::Entrypoint(line)) = &step.typed.command else {
                continue;
            };
            if !line.prepend_shell || step.shell_set || !step.expanded() {
                continue;
            }
            let command = match &step.instruction.args {
                Args::Text(text) => Some(text),
                _ => None,
            };
            let token = command.map_or(step.instruction.keyword.range, |text| text.range);
            let fix = command
                .filter(|_| step.location.reported_at.is_none())
                .and_then(|text| exec_form(checker.source(), text).map(|array| (text, array)))
                .map(|(text, array)| {
                    let edits = vec![Edit::replacement(array, text.range)];
                    let title = "Use the exec form";
                    if step.instruction.kind == InstructionKind::Entrypoint {
                        Fix::unsafe_edits(title, edits)
                    } else {
                        Fix::safe(title, edits)
                    }
                });
            let message = format!(
                "JSON arguments recommended for {} to prevent unintended behavior related to OS signals",
                step.keyword()
            );
            report(checker, step.location, token, message).fix = fix;
        }
    }
}
