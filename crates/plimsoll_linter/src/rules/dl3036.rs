use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::CleanupRule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `RUN` instructions that run `zypper install` without `zypper clean`
    /// afterwards in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata and packages under `/var/cache/zypp`; left there, they
    /// stay in the layer and make the image larger for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper -n install nginx=1.21.5
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper -n install nginx=1.21.5 && zypper clean --all
    /// ```
    ///
    /// A `RUN --mount=type=cache` (or `tmpfs`) on `/var/cache/zypp` keeps the cache out of the
    /// layer too.
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any later `zypper` command with the argument `clean` or `cc` (so
    /// `zypper search clean` counts) and takes `install`/`in` anywhere among zypper's
    /// arguments. plimsoll mode reads the sub-commands, and also accepts an `rm -r` of
    /// `/var/cache/zypp`.
    pub struct ZypperCleanMissing {
        code: "DL3036",
        name: "zypper-clean-missing",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const ZYPPER: CleanupRule = CleanupRule {
    manager: "zypper",
    installs: &["install", "in"],
    hadolint_clean_args: &["clean", "cc"],
    hadolint_rm_args: &[],
    clean_subcommands: &["clean", "cc"],
    cache_directories: &["/var/cache/zypp"],
    hadolint_mount_fragments: &["/var/cache/zypp"],
};

impl Rule for ZypperCleanMissing {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if !node.is(InstructionKind::Run) {
            return;
        }
        if let Some(manager) = ZYPPER.missing_cleanup(checker, node) {
            checker.report(
                node,
                manager.range(),
                "`zypper clean` missing after zypper use.",
            );
        }
    }
}
