use plimsoll_syntax::shell::Word;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every gem `gem install` installs has a version.
    ///
    /// ## Why is this bad?
    /// Without one, the build installs the latest release that day: two builds of the same
    /// Dockerfile can differ, and a new release can break the image.
    ///
    /// A gem counts as pinned as `name:version` (`bundler:2.5.18`), with `-v`/`--version`, or
    /// as a local `.gem` file. Arguments after `--` go to the gem's build and are not gems.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN gem install bundler
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN gem install bundler:2.5.18
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint takes the word after every option for the option's value, so
    /// `gem install --no-document rails` passes and `gem install rails --no-document` does
    /// not. plimsoll recognises `gem` by basename, reads `install` (or `i`) as the sub-command,
    /// skips the values of the options that take one (`-i DIR`, `-n DIR`, `--source URL`) and
    /// takes local `.gem` files as pinned.
    pub struct GemInstallUnpinned {
        code: "DL3028",
        name: "gem-install-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str =
    "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`";

/// `gem install` options that take the next word as their value (`-v` pins, see above).
const GEM_OPTIONS_WITH_VALUES: &[&str] = &[
    "v",
    "version",
    "i",
    "install-dir",
    "n",
    "bindir",
    "s",
    "source",
    "p",
    "http-proxy",
    "platform",
    "g",
    "file",
    "P",
    "trust-policy",
    "build-root",
    "B",
    "bulk-threshold",
    "config-file",
];

impl Rule for GemInstallUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            if !invocation.is("gem") {
                continue;
            }
            let unpinned = match mode {
                Mode::Hadolint => hadolint_unpinned(&invocation),
                Mode::Plimsoll => unpinned(&invocation),
            };
            for gem in unpinned {
                checker.report(node, gem.range(), MESSAGE);
            }
        }
    }
}

/// hadolint: `install` or `i` anywhere; no `-v`, `--version`, `--version=…` anywhere; the gems
/// are the words before `--` that are neither `install`/`i`, nor an option, nor the word after
/// an option.
fn hadolint_unpinned<'n, 'a>(invocation: &Invocation<'n, 'a>) -> Vec<&'n Word<'a>> {
    let args = invocation.args;
    let versioned = args.iter().any(|word| {
        let value = word.value();
        value == "-v" || value == "--version" || value.starts_with("--version=")
    });
    if !invocation.has_any_arg(&["install", "i"]) || versioned {
        return Vec::new();
    }
    let mut gems = Vec::new();
    let mut words = args.iter().take_while(|word| word.value() != "--");
    while let Some(word) = words.next() {
        let value = word.value();
        if value.starts_with('-') {
            words.next();
        } else if value != "install" && value != "i" && !value.contains(':') {
            gems.push(word);
        }
    }
    gems
}

fn unpinned<'n, 'a>(invocation: &Invocation<'n, 'a>) -> Vec<&'n Word<'a>> {
    let arguments = invocation.args_without_flags(GEM_OPTIONS_WITH_VALUES);
    let Some((subcommand, gems)) = arguments.split_first() else {
        return Vec::new();
    };
    if !(subcommand.is("install") || subcommand.is("i"))
        || invocation.has_any_flag(&["v", "version"])
    {
        return Vec::new();
    }
    // `gem install x -- --with-opt`: what follows `--` configures the build.
    let end = invocation
        .args
        .iter()
        .position(|word| word.is("--"))
        .map_or(u32::MAX, |index| invocation.args[index].range().start);
    gems.iter()
        .copied()
        .filter(|gem| gem.range().start < end)
        .filter(|gem| !gem.value().contains(':') && !gem.value().ends_with(".gem"))
        .collect()
}
