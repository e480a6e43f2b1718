use plimsoll_syntax::shell::Word;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::package_commands::hadolint_arguments;
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every package `apt-get install` installs has a pinned version.
    ///
    /// ## Why is this bad?
    /// Without a version, the build installs whatever the archive holds that day: two builds of
    /// the same Dockerfile can differ, and an upstream update can break the image without any
    /// change on your side.
    ///
    /// A package counts as pinned with `=version` (`curl=8.5.*`), with a target release
    /// (`curl/bookworm-backports`), or as a local `.deb` file. The value of `-t`/
    /// `--target-release` is not a package. Variables are not expanded, so `$PACKAGES` is
    /// reported: pin inside the variable and silence the line with a pragma.
    ///
    /// Pinned versions disappear from Debian and Ubuntu archives over time; many projects prefer
    /// rebuilding regularly and turn this rule off.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
    /// ```
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `apt-get` by its basename (`/usr/bin/apt-get`), reads `install`
    /// only as the sub-command (`apt-get source install` installs nothing), treats `--` as the
    /// end of the options and knows which `apt-get` options take a value (`-o`, `-c`, `-a`).
    /// It reports every unpinned package; hadolint reports the instruction once.
    pub struct AptGetInstallUnpinned {
        code: "DL3008",
        name: "apt-get-install-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str = "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`";

/// `apt-get` options that take the next word as their value.
pub(crate) const APT_GET_OPTIONS_WITH_VALUES: &[&str] = &[
    "o",
    "option",
    "c",
    "config-file",
    "t",
    "target-release",
    "default-release",
    "a",
    "host-architecture",
    "P",
    "build-profiles",
    "solver",
];

impl Rule for AptGetInstallUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            for package in installed_packages(&invocation, mode) {
                if !is_pinned(package.value()) {
                    checker.report(node, package.range(), MESSAGE);
                }
            }
        }
    }
}

/// The package words of an `apt-get install` command (none for other commands).
fn installed_packages<'n, 'a>(invocation: &Invocation<'n, 'a>, mode: Mode) -> Vec<&'n Word<'a>> {
    if !invocation.is("apt-get") {
        return Vec::new();
    }
    match mode {
        Mode::Hadolint => {
            if !invocation.has_arg("install") {
                return Vec::new();
            }
            hadolint_arguments(invocation.args, &["t", "target-release"])
                .into_iter()
                .filter(|word| word.value() != "install")
                .collect()
        }
        Mode::Plimsoll => {
            let arguments = invocation.args_without_flags(APT_GET_OPTIONS_WITH_VALUES);
            match arguments.split_first() {
                Some((subcommand, packages)) if subcommand.is("install") => packages.to_vec(),
                _ => Vec::new(),
            }
        }
    }
}

fn is_pinned(package: &str) -> bool {
    package.contains('=') || package.contains('/') || package.ends_with(".deb")
}
