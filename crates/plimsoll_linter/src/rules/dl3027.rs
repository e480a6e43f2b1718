use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `apt` in `RUN` commands.
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front end: its output and options may change from one
    /// release to the next, and it warns that it "does not have a stable CLI interface" when
    /// used in scripts. `apt-get` and `apt-cache` are the stable tools meant for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Differences from hadolint
    /// plimsoll also recognises `apt` by its basename (`/usr/bin/apt`).
    pub struct AptNotAptGet {
        code: "DL3027",
        name: "apt-not-apt-get",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for AptNotAptGet {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if invocation.is("apt") {
                checker.report(
                    node,
                    invocation.name.range(),
                    "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead",
                );
            }
        }
    }
}
