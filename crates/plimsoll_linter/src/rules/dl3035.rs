use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::subcommand_word;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `zypper dist-upgrade` (`zypper dup`).
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside an image build moves the whole system to whatever the
    /// repositories hold that day, possibly a new release: the base image's tag no longer says
    /// what the image contains. Pick a newer base image instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper -n dist-upgrade
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint takes `dist-upgrade`/`dup` anywhere among zypper's arguments; plimsoll mode
    /// reads the sub-command.
    pub struct ZypperDistUpgrade {
        code: "DL3035",
        name: "zypper-dist-upgrade",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for ZypperDistUpgrade {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if !invocation.is("zypper") {
                continue;
            }
            if let Some(word) = subcommand_word(&invocation, &["dist-upgrade", "dup"]) {
                checker.report(node, word.range(), "Do not use `zypper dist-upgrade`.");
            }
        }
    }
}
