use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3033::check_rpm_versions;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for packages installed with `dnf install` or `microdnf install` without a
    /// version (`httpd-2.4.57`). In `dnf module install`, checks that each module names a
    /// stream (`nodejs:18`); `dnf group install` is not checked.
    ///
    /// ## Why is this bad?
    /// Without a version the image gets whatever the repository offers on the day of the
    /// build: rebuilding the same Dockerfile can give a different, possibly broken image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.57 && dnf clean all
    /// ```
    ///
    /// Versions are recognised as in DL3033.
    ///
    /// ## Differences from hadolint
    /// As DL3033: hadolint finds `install`, `module` and `group` anywhere among dnf's
    /// arguments and counts option values written apart as packages; plimsoll mode reads the
    /// sub-command and skips the values of dnf's options.
    pub struct DnfPackageUnpinned {
        code: "DL3041",
        name: "dnf-package-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for DnfPackageUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        check_rpm_versions(
            checker,
            node,
            &["dnf", "microdnf"],
            &["group"],
            "Specify version with `dnf install -y <package>-<version>`.",
        );
    }
}
