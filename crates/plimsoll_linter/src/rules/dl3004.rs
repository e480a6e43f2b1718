use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `sudo` in `RUN` commands.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the current `USER`; `sudo` needs a TTY and a password setup,
    /// forwards signals badly and behaves differently from one base image to the next. To run
    /// the container's process as another user, switch with `USER` or use a tool such as
    /// `gosu` or `su-exec` in the entrypoint.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN sudo apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// USER root
    /// RUN apt-get install -y curl
    /// USER app
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint matches the name `sudo` exactly; plimsoll mode also reads a path such as
    /// `/usr/bin/sudo` (by basename).
    pub struct SudoInRun {
        code: "DL3004",
        name: "sudo-in-run",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for SudoInRun {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if invocation.is("sudo") {
                checker.report(
                    node,
                    invocation.name.range(),
                    "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root",
                );
            }
        }
    }
}
