use plimsoll_syntax::shell::Word;
use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3018::APK_OPTIONS_WITH_VALUES;
use crate::rules::package_commands::{
    hadolint_has_flag, has_cache_mount_containing, has_cache_mount_covering, removes_path,
};
use crate::semantic::{Invocation, Node, argument_insertion};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `apk add` runs with `--no-cache`.
    ///
    /// ## Why is this bad?
    /// Without it, apk keeps the repository indexes it downloaded in `/var/cache/apk`, and
    /// they stay in the image layer. `--no-cache` fetches fresh indexes and keeps nothing, so
    /// neither `apk update` before nor `rm -rf /var/cache/apk/*` after is needed.
    ///
    /// A cache or tmpfs mount on `/var/cache/apk` keeps the cache out of the layer and
    /// satisfies the rule.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `--no-cache` after `add`.
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `apk` by its basename and `add` only as the sub-command, accepts a
    /// mount on `/etc/apk/cache` (apk's cache link) and an `rm` of `/var/cache/apk` (or its
    /// contents) after the `apk add`, which leave the layer just as clean.
    pub struct ApkAddMissingNoCache {
        code: "DL3019",
        name: "apk-add-missing-no-cache",
        origin: Hadolint,
        severity: Info,
        fix: Always,
    }
}

const MESSAGE: &str = "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages";

impl Rule for ApkAddMissingNoCache {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        let exempt = match mode {
            Mode::Hadolint => has_cache_mount_containing(node, "/var/cache/apk"),
            Mode::Plimsoll => {
                has_cache_mount_covering(node, "/var/cache/apk")
                    || has_cache_mount_covering(node, "/etc/apk/cache")
            }
        };
        if exempt {
            return;
        }
        let invocations: Vec<_> = node.invocations(mode).collect();
        for (index, invocation) in invocations.iter().enumerate() {
            let Some(add) = apk_add_word(invocation) else {
                continue;
            };
            let no_cache = match mode {
                Mode::Hadolint => hadolint_has_flag(invocation.args, &["no-cache"]),
                Mode::Plimsoll => {
                    invocation.has_flag("no-cache")
                        || invocations[index + 1..]
                            .iter()
                            .any(|later| removes_path(later, "/var/cache/apk"))
                }
            };
            if no_cache {
                continue;
            }
            let fix = Fix::safe(
                "Add `--no-cache`",
                vec![argument_insertion(node, add, "--no-cache")],
            );
            checker.report(node, add.range(), MESSAGE).fix = Some(fix);
        }
    }
}

/// The `add` word of `apk add`: hadolint takes any `add` argument, plimsoll the sub-command.
fn apk_add_word<'n, 'a>(invocation: &Invocation<'n, 'a>) -> Option<&'n Word<'a>> {
    if !invocation.is("apk") {
        return None;
    }
    invocation.subcommand_word(&["add"], APK_OPTIONS_WITH_VALUES)
}
