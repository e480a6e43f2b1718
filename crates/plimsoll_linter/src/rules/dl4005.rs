use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `ln` commands that replace `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Re-linking `/bin/sh` changes the shell of every script in the image, not only of the
    /// Dockerfile's `RUN` instructions. To run `RUN` with another shell, say so with `SHELL`.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint matches command names exactly; plimsoll mode also reads a path such as
    /// `/bin/ln` (by basename).
    pub struct LnBinSh {
        code: "DL4005",
        name: "ln-bin-sh",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LnBinSh {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if !invocation.is("ln") {
                continue;
            }
            if let Some(target) = invocation
                .args
                .iter()
                .find(|word| word.value() == "/bin/sh")
            {
                checker.report(
                    node,
                    target.range(),
                    "Use SHELL to change the default shell",
                );
            }
        }
    }
}
