use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::subcommand_word;
use crate::semantic::{Node, argument_insertion};

declare_rule! {
    /// ## What it does
    /// Checks for `yum install` (also `groupinstall`, `localinstall`) without `-y`
    /// (`--assumeyes`).
    ///
    /// ## Why is this bad?
    /// A build has no one to answer yum's "Is this ok [y/N]": without `-y` the prompt reads
    /// end of input and the install is cancelled.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `-y` after the sub-command.
    ///
    /// ## Differences from hadolint
    /// hadolint takes `install` anywhere among the arguments for the sub-command
    /// (`yum search install` "installs") and matches the name `yum` exactly; plimsoll mode
    /// reads the sub-command and matches `/usr/bin/yum` too.
    pub struct YumWithoutYes {
        code: "DL3030",
        name: "yum-without-yes",
        origin: Hadolint,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for YumWithoutYes {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        check_assume_yes(
            checker,
            node,
            &["yum"],
            "Use the -y switch to avoid manual input `yum install -y <package>`",
        );
    }
}

/// DL3030 and DL3038: report each install command of `managers` without `-y`, at the manager's
/// name, with a fix adding `-y` after the sub-command.
pub(crate) fn check_assume_yes(
    checker: &mut Checker<'_, '_>,
    node: &Node<'_>,
    managers: &[&str],
    message: &str,
) {
    for invocation in node.invocations(checker.settings.mode) {
        if !invocation.is_any(managers) || invocation.has_any_flag(&["y", "assumeyes"]) {
            continue;
        }
        let Some(subcommand) =
            subcommand_word(&invocation, &["install", "groupinstall", "localinstall"])
        else {
            continue;
        };
        let fix = Fix::safe("Add `-y`", vec![argument_insertion(node, subcommand, "-y")]);
        checker.report_with_fix(node, invocation.name.range(), message, fix);
    }
}
