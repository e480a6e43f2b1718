use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::CleanupRule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `RUN` instructions that run `yum install` without cleaning yum's cache
    /// afterwards in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// yum keeps downloaded metadata and packages under `/var/cache/yum`; left there, they
    /// stay in the layer and make the image larger for nothing. Removing them in a later
    /// `RUN` does not shrink the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// A cleanup is `yum clean …` or `rm -r` of `/var/cache/yum` after the first install; a
    /// `RUN --mount=type=cache` (or `tmpfs`) on the cache keeps it out of the layer too.
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any later `yum` command with the argument `clean` *or* `all`, and any
    /// `rm` with the argument `-rf` *or* `/var/cache/yum/*` (so `rm -rf /tmp` counts), knows
    /// no cache mount, and takes `install` anywhere among yum's arguments. plimsoll mode wants
    /// `yum clean`, or an `rm -r` of the cache, and reads the sub-command.
    pub struct YumCleanMissing {
        code: "DL3032",
        name: "yum-clean-missing",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const YUM: CleanupRule = CleanupRule {
    manager: "yum",
    installs: &["install"],
    hadolint_clean_args: &["clean", "all"],
    hadolint_rm_args: &["-rf", "/var/cache/yum/*"],
    clean_subcommands: &["clean"],
    cache_directories: &["/var/cache/yum"],
    hadolint_mount_fragments: &[],
};

impl Rule for YumCleanMissing {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if !node.is(InstructionKind::Run) {
            return;
        }
        if let Some(manager) = YUM.missing_cleanup(checker, node) {
            checker.report(
                node,
                manager.range(),
                "`yum clean all` missing after yum command.",
            );
        }
    }
}
