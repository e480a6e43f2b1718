use plimsoll_syntax::shell::Word;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::package_commands::hadolint_arguments;
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every package `npm install` installs by name has a version.
    ///
    /// ## Why is this bad?
    /// `npm install <name>` takes the latest release that day: two builds of the same
    /// Dockerfile can differ, and a new release can break the image. A plain `npm install` (or
    /// `npm ci`) installs what `package-lock.json` pins and passes.
    ///
    /// A package counts as pinned with `@version` (`express@4.19.2`, `@scope/pkg@1.2.0`), as a
    /// git URL with a `#ref`, as a tarball (`.tgz`, `.tar`, `.tar.gz`) or as a local path
    /// (`./`, `../`, `/`, `~/`).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm install -g pnpm
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN npm install -g pnpm@9.12.0
    /// ```
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `npm` by basename and its `i` and `add` aliases of `install`, skips
    /// the values of npm's options (`--prefix /app`, `-w web`), treats `--` as the end of the
    /// options, takes `.`, `..`, `file:` and `link:` specs for local paths, and wants a `#ref`
    /// on GitHub shorthands (`user/repo`, `github:user/repo`) as on git URLs.
    pub struct NpmInstallUnpinned {
        code: "DL3016",
        name: "npm-install-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str =
    "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`";

/// npm options that take the next word as their value.
const NPM_OPTIONS_WITH_VALUES: &[&str] = &[
    "loglevel",
    "registry",
    "prefix",
    "C",
    "cache",
    "userconfig",
    "globalconfig",
    "tag",
    "w",
    "workspace",
    "omit",
    "include",
    "install-strategy",
    "location",
    "before",
    "fetch-retries",
    "fetch-timeout",
];

const GIT_PREFIXES: &[&str] = &["git://", "git+ssh://", "git+http://", "git+https://"];

impl Rule for NpmInstallUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            for package in installed_packages(&invocation, mode) {
                let pinned = match mode {
                    Mode::Hadolint => hadolint_pinned(package.value()),
                    Mode::Plimsoll => is_pinned(package.value()),
                };
                if !pinned {
                    checker.report(node, package.range(), MESSAGE);
                }
            }
        }
    }
}

/// The package words of `npm install` (hadolint: `install` must be the first word that is no
/// flag nor the value of `--loglevel`/`--registry`).
fn installed_packages<'n, 'a>(invocation: &Invocation<'n, 'a>, mode: Mode) -> Vec<&'n Word<'a>> {
    if !invocation.is("npm") {
        return Vec::new();
    }
    let arguments = match mode {
        Mode::Hadolint => hadolint_arguments(invocation.args, &["loglevel", "registry"]),
        Mode::Plimsoll => invocation.args_without_flags(NPM_OPTIONS_WITH_VALUES),
    };
    let installs = |word: &Word<'_>| match mode {
        Mode::Hadolint => word.value() == "install",
        Mode::Plimsoll => word.is("install") || word.is("i") || word.is("add"),
    };
    match arguments.split_first() {
        Some((subcommand, packages)) if installs(subcommand) => packages.to_vec(),
        _ => Vec::new(),
    }
}

fn is_local_or_tarball(package: &str) -> bool {
    ["/", "./", "../", "~/"]
        .iter()
        .any(|prefix| package.starts_with(prefix))
        || [".tar", ".tar.gz", ".tgz"]
            .iter()
            .any(|suffix| package.ends_with(suffix))
}

fn hadolint_pinned(package: &str) -> bool {
    if is_local_or_tarball(package) {
        return true;
    }
    if GIT_PREFIXES
        .iter()
        .any(|prefix| package.starts_with(prefix))
    {
        return package.contains('#');
    }
    names_a_version(package)
}

fn is_pinned(package: &str) -> bool {
    if is_local_or_tarball(package)
        || matches!(package, "." | "..")
        || package.starts_with("file:")
        || package.starts_with("link:")
    {
        return true;
    }
    let git_like = GIT_PREFIXES
        .iter()
        .chain(&["github:", "gitlab:", "bitbucket:", "gist:"])
        .any(|prefix| package.starts_with(prefix))
        || is_github_shorthand(package);
    if git_like {
        return package.contains('#');
    }
    names_a_version(package)
}

/// `name@version` or `@scope/name@version`.
fn names_a_version(package: &str) -> bool {
    match package.strip_prefix('@') {
        Some(scoped) => scoped
            .split_once('/')
            .is_some_and(|(_, name)| name.contains('@')),
        None => package.contains('@'),
    }
}

/// `user/repo` (npm's GitHub shorthand), as opposed to `@scope/name` and URLs.
fn is_github_shorthand(package: &str) -> bool {
    !package.starts_with('@')
        && !package.contains(':')
        && package
            .split_once('/')
            .is_some_and(|(user, repo)| !user.is_empty() && !repo.is_empty() && !repo.contains('/'))
}
