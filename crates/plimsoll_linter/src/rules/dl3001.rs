use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for `RUN` commands that make no sense while building an image: interactive or
    /// system-administration tools such as `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`,
    /// `top`, `kill`, `mount` and `ifconfig`.
    ///
    /// ## Why is this bad?
    /// A build step has no terminal, no init system and no long-running processes: an editor
    /// waits forever, `service x start` starts something that dies with the step, `ps` and
    /// `top` show nothing useful. Such commands are usually copied from a shell session.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN service nginx start
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint leaves `ifconfig` out of its list although its message names it, and matches
    /// names exactly (`/usr/bin/vim` passes). plimsoll mode also flags `ifconfig` and matches
    /// by basename; the hadolint drop-in keeps hadolint's behaviour.
    pub struct NonsensicalCommand {
        code: "DL3001",
        name: "nonsensical-command",
        origin: Hadolint,
        severity: Info,
        fix: None,
    }
}

const HADOLINT_PROGRAMS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

impl Rule for NonsensicalCommand {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            let flagged = invocation.is_any(HADOLINT_PROGRAMS)
                || (mode == Mode::Plimsoll && invocation.is("ifconfig"));
            if flagged {
                checker.report(
                    node,
                    invocation.name.range(),
                    "For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`",
                );
            }
        }
    }
}
