use plimsoll_syntax::shell::Word;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::package_commands::{
    cache_mount_targets, cleanup_stage_is_reported, has_cache_mount_containing,
};
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that a `RUN` with `yarn install` also runs `yarn cache clean` after it.
    ///
    /// ## Why is this bad?
    /// Yarn keeps a copy of every package it downloads in its global cache
    /// (`/usr/local/share/.cache/yarn` as root); left in the layer, it roughly doubles the size
    /// of `node_modules` in the image. Cleaning in a later `RUN` does not help: the layer that
    /// added the cache stays.
    ///
    /// Only stages that end up in an image are checked: the last stage and stages other
    /// stages are built `FROM`. A cache or tmpfs mount on the yarn cache
    /// (`--mount=type=cache,target=/usr/local/share/.cache/yarn`) keeps it out of the layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint takes any `yarn` command with an `install` word for an install and any with a
    /// `cache` or a `clean` word for the cleanup (`yarn cache dir` passes), accepted when it
    /// comes after the first install, and decides which stages matter by their FROM lines'
    /// text (see DL3009).
    /// plimsoll recognises `yarn` by basename, also counts a bare `yarn` (which installs),
    /// wants `yarn cache clean` (or an `rm` of a yarn cache directory) after the last install,
    /// and reads the stage graph.
    pub struct YarnCacheNotCleaned {
        code: "DL3060",
        name: "yarn-cache-not-cleaned",
        origin: Hadolint,
        severity: Info,
        fix: None,
    }
}

const MESSAGE: &str = "`yarn cache clean` missing after `yarn install` was run.";

/// yarn options that take the next word as their value.
const YARN_OPTIONS_WITH_VALUES: &[&str] = &[
    "cwd",
    "cache-folder",
    "modules-folder",
    "global-folder",
    "mutex",
    "network-timeout",
    "registry",
    "use-yarnrc",
];

impl Rule for YarnCacheNotCleaned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        let invocations: Vec<_> = node.invocations(mode).collect();
        let installs: Vec<(usize, TokenOf)> = invocations
            .iter()
            .enumerate()
            .filter_map(|(index, invocation)| {
                install_token(invocation, mode).map(|token| (index, token))
            })
            .collect();
        let (Some(first), Some(last)) = (installs.first(), installs.last()) else {
            return;
        };
        let cleaned = match mode {
            // From the first install on (that command included), any yarn command with a
            // `cache` or a `clean` word.
            Mode::Hadolint => {
                invocations[first.0..].iter().any(|invocation| {
                    invocation.is("yarn") && invocation.has_any_arg(&["cache", "clean"])
                }) || has_cache_mount_containing(node, ".cache/yarn")
            }
            Mode::Plimsoll => {
                invocations[last.0 + 1..].iter().any(cleans_yarn_cache)
                    || cache_mount_targets(node)
                        .iter()
                        .any(|target| is_yarn_cache_path(target))
            }
        };
        if cleaned || !cleanup_stage_is_reported(checker.model, node, mode) {
            return;
        }
        let invocation = &invocations[last.0];
        let range = match last.1 {
            TokenOf::Word(index) => invocation.args[index].range(),
            TokenOf::Name => invocation.name.range(),
        };
        checker.report(node, range, MESSAGE);
    }
}

/// What a finding points at: the `install` word, or the name of a bare `yarn`.
#[derive(Debug, Clone, Copy)]
enum TokenOf {
    Word(usize),
    Name,
}

fn install_token(invocation: &Invocation<'_, '_>, mode: Mode) -> Option<TokenOf> {
    if !invocation.is("yarn") {
        return None;
    }
    let index_of = |word: &Word<'_>| {
        invocation
            .args
            .iter()
            .position(|candidate| std::ptr::eq(candidate, word))
    };
    match mode {
        Mode::Hadolint => invocation
            .args
            .iter()
            .position(|word| word.value() == "install")
            .map(TokenOf::Word),
        Mode::Plimsoll => match invocation.subcommand(YARN_OPTIONS_WITH_VALUES) {
            None if !invocation.has_any_flag(&["v", "version", "h", "help"]) => Some(TokenOf::Name),
            None => None,
            Some(word) if word.is("install") => index_of(word).map(TokenOf::Word),
            Some(_) => None,
        },
    }
}

fn cleans_yarn_cache(invocation: &Invocation<'_, '_>) -> bool {
    if invocation.is("yarn") {
        let arguments = invocation.args_without_flags(YARN_OPTIONS_WITH_VALUES);
        return matches!(arguments.as_slice(), [cache, clean, ..] if cache.is("cache") && clean.is("clean"));
    }
    invocation.is("rm")
        && invocation
            .args_without_flags(&[])
            .iter()
            .any(|word| is_yarn_cache_path(word.value()))
}

/// A yarn cache directory (`/usr/local/share/.cache/yarn`, `~/.cache/yarn`, `$(yarn cache dir)`)
/// or something in it.
fn is_yarn_cache_path(path: &str) -> bool {
    path.contains(".cache/yarn") || path.contains("yarn cache dir")
}
