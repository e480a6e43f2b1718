use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::rpm_packages::{
    hadolint_known_variables, package_words, rpm_package_has_version, runs_subcommand,
};
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for packages installed with `yum install` without a version
    /// (`httpd-2.4.6`). In `yum module install`, checks that each module names a stream
    /// (`nodejs:18`).
    ///
    /// ## Why is this bad?
    /// Without a version the image gets whatever the repository offers on the day of the
    /// build: rebuilding the same Dockerfile can give a different, possibly broken image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// A package counts as versioned when the text after its first `-` looks like a version
    /// (letters, digits and `.~^_:+-`, with a `-`-separated part starting with a digit), when
    /// it is a `name-….rpm` file, or when it uses a variable declared by an `ARG` or an `ENV`
    /// of the stage (`httpd-${HTTPD_VERSION}`).
    ///
    /// ## Differences from hadolint
    /// hadolint takes `install` and `module` anywhere among yum's arguments for the
    /// sub-command and counts every other word that is no option as a package, also the value
    /// of an option written apart (`--enablerepo epel`). plimsoll mode reads the sub-command
    /// and skips the values of yum's options.
    pub struct YumPackageUnpinned {
        code: "DL3033",
        name: "yum-package-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for YumPackageUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        check_rpm_versions(
            checker,
            node,
            &["yum"],
            &[],
            "Specify version with `yum install -y <package>-<version>`.",
        );
    }
}

/// DL3033 and DL3041: report each unversioned package of `managers`' install commands, unless
/// a word of `skip_subcommands` (dnf's `group`) is the sub-command.
pub(crate) fn check_rpm_versions(
    checker: &mut Checker<'_, '_>,
    node: &Node<'_>,
    managers: &[&str],
    skip_subcommands: &[&str],
    message: &str,
) {
    let mode = checker.settings.mode;
    let mut known_variables = None;
    for invocation in node.invocations(mode) {
        if !invocation.is_any(managers) || runs_subcommand(&invocation, skip_subcommands) {
            continue;
        }
        let Some(module) = install_kind(&invocation) else {
            continue;
        };
        let unversioned: Vec<_> = if module {
            package_words(&invocation, &["module", "install"], 2)
                .into_iter()
                .filter(|package| !package.value().contains(':'))
                .collect()
        } else {
            let known =
                known_variables.get_or_insert_with(|| hadolint_known_variables(checker, node));
            package_words(&invocation, &["install"], 1)
                .into_iter()
                .filter(|package| !rpm_package_has_version(package, known))
                .collect()
        };
        for package in unversioned {
            checker.report(node, package.range(), message);
        }
    }
}

/// `Some(true)` for `module install`, `Some(false)` for `install`, `None` otherwise.
fn install_kind(invocation: &Invocation<'_, '_>) -> Option<bool> {
    match invocation.mode() {
        Mode::Hadolint => invocation
            .has_arg("install")
            .then(|| invocation.has_arg("module")),
        Mode::Plimsoll => {
            let positional =
                invocation.args_without_flags(crate::rules::rpm_packages::OPTIONS_WITH_VALUES);
            let words: Vec<Option<&str>> = positional
                .iter()
                .take(2)
                .map(|word| word.literal())
                .collect();
            match words.as_slice() {
                [Some("install"), ..] => Some(false),
                [Some("module"), Some("install")] => Some(true),
                _ => None,
            }
        }
    }
}
