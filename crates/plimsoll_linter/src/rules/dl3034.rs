use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::runs_subcommand;
use crate::semantic::{Node, argument_insertion};

declare_rule! {
    /// ## What it does
    /// Checks for `zypper` commands that may ask questions (`install`/`in`, `remove`/`rm`,
    /// `source-install`/`si`, `patch`) without a non-interactive switch (`-n`,
    /// `--non-interactive`, `-y`, `--no-confirm`).
    ///
    /// ## Why is this bad?
    /// A build has no one to answer zypper's prompts: the command waits for input that never
    /// comes, then aborts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install nginx=1.21.5
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper --non-interactive install nginx=1.21.5
    /// ```
    ///
    /// ## Fix
    /// Safe: adds the global option `--non-interactive` right after `zypper` (global options
    /// go before the command; after `install`, `-n` would mean `--name`).
    ///
    /// ## Differences from hadolint
    /// hadolint takes the sub-command from anywhere among zypper's arguments
    /// (`zypper search install` "installs"); plimsoll mode reads the sub-command.
    pub struct ZypperWithoutNonInteractive {
        code: "DL3034",
        name: "zypper-without-non-interactive",
        origin: Hadolint,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for ZypperWithoutNonInteractive {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if !invocation.is("zypper")
                || invocation.has_any_flag(&["n", "non-interactive", "no-confirm", "y"])
                || !runs_subcommand(
                    &invocation,
                    &[
                        "install",
                        "in",
                        "remove",
                        "rm",
                        "source-install",
                        "si",
                        "patch",
                    ],
                )
            {
                continue;
            }
            let fix = Fix::safe(
                "Add `--non-interactive`",
                vec![argument_insertion(
                    node,
                    invocation.name,
                    "--non-interactive",
                )],
            );
            checker.report_with_fix(
                node,
                invocation.name.range(),
                "Non-interactive switch missing from `zypper` command: `zypper install -y`",
                fix,
            );
        }
    }
}
