use plimsoll_syntax::shell::Word;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::package_commands::hadolint_arguments;
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every package `apk add` installs has a version constraint.
    ///
    /// ## Why is this bad?
    /// Without one, the build installs whatever the Alpine repository holds that day: two
    /// builds of the same Dockerfile can differ, and an upstream update can break the image
    /// without any change on your side.
    ///
    /// A package counts as pinned with `=`, `~` (`curl~8.5`, any 8.5.x), `<` or `>`
    /// (quoted: `"curl<9"`), or as a local `.apk` file. The values of `-t`/`--virtual` and
    /// `-X`/`--repository` are not packages.
    ///
    /// Alpine removes old package versions from its repositories, so an exact `=` pin breaks
    /// the build sooner or later; `~` keeps the minor version and takes the fixes.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apk add --no-cache curl~8.5
    /// ```
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `apk` by its basename (`/sbin/apk`) and `add` only as the
    /// sub-command, treats `--` as the end of the options, and does not take a `!name`
    /// constraint (which keeps a package out) for an unpinned package.
    pub struct ApkAddUnpinned {
        code: "DL3018",
        name: "apk-add-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str =
    "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`";

/// `apk` options (global and `add`'s) that take the next word as their value.
pub(crate) const APK_OPTIONS_WITH_VALUES: &[&str] = &[
    "t",
    "virtual",
    "X",
    "repository",
    "p",
    "root",
    "arch",
    "cache-dir",
    "cache-max-age",
    "keys-dir",
    "repositories-file",
    "timeout",
    "progress-fd",
];

impl Rule for ApkAddUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            for package in added_packages(&invocation, mode) {
                if !is_pinned(package.value(), mode) {
                    checker.report(node, package.range(), MESSAGE);
                }
            }
        }
    }
}

fn added_packages<'n, 'a>(invocation: &Invocation<'n, 'a>, mode: Mode) -> Vec<&'n Word<'a>> {
    if !invocation.is("apk") {
        return Vec::new();
    }
    match mode {
        Mode::Hadolint => {
            if !invocation.has_arg("add") {
                return Vec::new();
            }
            hadolint_arguments(invocation.args, &["t", "virtual", "repository", "X"])
                .into_iter()
                .filter(|word| word.value() != "add")
                .collect()
        }
        Mode::Plimsoll => {
            let arguments = invocation.args_without_flags(APK_OPTIONS_WITH_VALUES);
            match arguments.split_first() {
                Some((subcommand, packages)) if subcommand.is("add") => packages.to_vec(),
                _ => Vec::new(),
            }
        }
    }
}

fn is_pinned(package: &str, mode: Mode) -> bool {
    package.contains(['=', '~', '<', '>'])
        || package.ends_with(".apk")
        || (mode == Mode::Plimsoll && package.starts_with('!'))
}
