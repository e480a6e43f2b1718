use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::{package_words, runs_subcommand};
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for packages installed with `zypper install` (`zypper in`) without a version
    /// constraint (`nginx=1.21.5`, `nginx>=1.21`, `nginx<2`) that are not `.rpm` files.
    ///
    /// ## Why is this bad?
    /// Without a version the image gets whatever the repository offers on the day of the
    /// build: rebuilding the same Dockerfile can give a different, possibly broken image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper -n install nginx && zypper clean
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper -n install nginx=1.21.5 && zypper clean
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint takes `install`/`in` anywhere among zypper's arguments and counts every other
    /// word that is no option as a package, also option values written apart
    /// (`-t pattern`, `--from repo`); plimsoll mode reads the sub-command and skips the values
    /// of zypper's options.
    pub struct ZypperPackageUnpinned {
        code: "DL3037",
        name: "zypper-package-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for ZypperPackageUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if !invocation.is("zypper") || !runs_subcommand(&invocation, &["install", "in"]) {
                continue;
            }
            for package in package_words(&invocation, &["install", "in"], 1) {
                let value = package.value();
                if !value.contains(['=', '>', '<']) && !value.ends_with(".rpm") {
                    checker.report(
                        node,
                        package.range(),
                        "Specify version with `zypper install -y <package>=<version>`.",
                    );
                }
            }
        }
    }
}
