use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3014::{apt_bool, apt_config_value, apt_get_installs_without};
use crate::rules::package_commands::hadolint_has_flag;
use crate::semantic::{Invocation, Node, argument_insertion};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `apt-get install` runs with `--no-install-recommends`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package the requested ones merely recommend:
    /// documentation, optional tools and libraries the image never uses, which make it bigger
    /// and give scanners more to report.
    ///
    /// `-o APT::Install-Recommends=false` works too.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y python3
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends python3
    /// ```
    ///
    /// ## Fix
    /// Unsafe: adds `--no-install-recommends` after `install`. A recommended package may be
    /// one the image needs (`curl` without the recommended `ca-certificates` cannot verify
    /// HTTPS servers): check what the build installs afterwards.
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `apt-get` by its basename (`/usr/bin/apt-get`) and `install` only as
    /// the sub-command, and reads `-o APT::Install-Recommends=…` as apt does (any false value
    /// such as `0` or `no`, also written `-oAPT::…`); hadolint accepts only the exact word
    /// `APT::Install-Recommends=false`.
    pub struct AptGetMissingNoInstallRecommends {
        code: "DL3015",
        name: "apt-get-missing-no-install-recommends",
        origin: Hadolint,
        severity: Info,
        fix: Always,
    }
}

const MESSAGE: &str = "Avoid additional packages by specifying `--no-install-recommends`";

impl Rule for AptGetMissingNoInstallRecommends {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for install in apt_get_installs_without(node, checker.settings.mode, skips_recommends) {
            let fix = Fix::unsafe_edits(
                "Add `--no-install-recommends`",
                vec![argument_insertion(node, install, "--no-install-recommends")],
            );
            checker.report(node, install.range(), MESSAGE).fix = Some(fix);
        }
    }
}

fn skips_recommends(invocation: &Invocation<'_, '_>) -> bool {
    match invocation.mode() {
        Mode::Hadolint => {
            hadolint_has_flag(invocation.args, &["no-install-recommends"])
                || invocation.has_arg("APT::Install-Recommends=false")
        }
        Mode::Plimsoll => {
            invocation.has_flag("no-install-recommends")
                || apt_config_value(invocation.args, "APT::Install-Recommends").and_then(apt_bool)
                    == Some(false)
        }
    }
}
