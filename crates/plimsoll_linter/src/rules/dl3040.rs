use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::CleanupRule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `RUN` instructions where `dnf` or `microdnf` installs or upgrades packages
    /// without cleaning its cache afterwards in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// dnf keeps repository metadata and packages under `/var/cache/dnf` (dnf5:
    /// `/var/cache/libdnf5`); left there, they stay in the layer and make the image larger
    /// for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.57
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.57 && dnf clean all
    /// ```
    ///
    /// The cleanup must be run by the same program (`microdnf clean all` after
    /// `microdnf install`). A `RUN --mount=type=cache` (or `tmpfs`) on the cache keeps it out of
    /// the layer too.
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any later `dnf` command with the argument `clean` *or* `all`, and any
    /// `rm` with the argument `-rf` *or* `/var/cache/libdnf5*` (so `rm -rf /tmp` counts),
    /// knows only mounts on `libdnf5` caches, and takes `install` anywhere among dnf's
    /// arguments. plimsoll mode wants `dnf clean`, or an `rm -r` of `/var/cache/dnf`,
    /// `/var/cache/libdnf5` or `/var/cache/yum`, accepts mounts on those, and reads the
    /// sub-command.
    pub struct DnfCleanMissing {
        code: "DL3040",
        name: "dnf-clean-missing",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const fn dnf_rule(manager: &'static str) -> CleanupRule {
    CleanupRule {
        manager,
        installs: &[
            "install",
            "in",
            "upgrade",
            "up",
            "upgrade-minimal",
            "up-min",
            "reinstall",
            "rei",
        ],
        hadolint_clean_args: &["clean", "all"],
        hadolint_rm_args: &["-rf", "/var/cache/libdnf5*"],
        clean_subcommands: &["clean"],
        cache_directories: &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"],
        hadolint_mount_fragments: &["/var/cache/libdnf5", ".cache/libdnf5"],
    }
}

const MANAGERS: [CleanupRule; 2] = [dnf_rule("dnf"), dnf_rule("microdnf")];

impl Rule for DnfCleanMissing {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if !node.is(InstructionKind::Run) {
            return;
        }
        for manager in &MANAGERS {
            if let Some(word) = manager.missing_cleanup(checker, node) {
                checker.report(
                    node,
                    word.range(),
                    "`dnf clean all` missing after dnf command.",
                );
            }
        }
    }
}
