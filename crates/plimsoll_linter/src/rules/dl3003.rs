use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `cd` in `RUN` commands.
    ///
    /// ## Why is this bad?
    /// `WORKDIR` sets the directory for every following instruction and documents it in the
    /// Dockerfile; a `cd` lasts only for its own `RUN` and hides where later commands run.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /usr/src/app && make
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /usr/src/app
    /// RUN make
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint matches the name `cd` exactly; plimsoll mode also flags a path such as
    /// `/usr/bin/cd` (by basename).
    pub struct CdInRun {
        code: "DL3003",
        name: "cd-in-run",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CdInRun {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if invocation.is("cd") {
                checker.report(
                    node,
                    invocation.name.range(),
                    "Use WORKDIR to switch to a directory",
                );
            }
        }
    }
}
