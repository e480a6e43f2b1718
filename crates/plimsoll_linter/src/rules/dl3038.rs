use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3030::check_assume_yes;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `dnf` or `microdnf` `install` (also `groupinstall`, `localinstall`) without
    /// `-y` (`--assumeyes`).
    ///
    /// ## Why is this bad?
    /// A build has no one to answer dnf's "Is this ok [y/N]": without `-y` the prompt reads
    /// end of input and the install is cancelled.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install httpd-2.4.6 && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.6 && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `-y` after the sub-command.
    ///
    /// ## Differences from hadolint
    /// hadolint takes `install` anywhere among the arguments for the sub-command
    /// (`dnf search install` "installs") and matches `dnf` and `microdnf` exactly; plimsoll mode
    /// reads the sub-command and matches `/usr/bin/dnf` too.
    pub struct DnfWithoutYes {
        code: "DL3038",
        name: "dnf-without-yes",
        origin: Hadolint,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for DnfWithoutYes {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        check_assume_yes(
            checker,
            node,
            &["dnf", "microdnf"],
            "Use the -y switch to avoid manual input `dnf install -y <package>`",
        );
    }
}
