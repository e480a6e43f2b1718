use plimsoll_syntax::shell::Word;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::package_commands::is_hadolint_flag;
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `go install`, `go get` and `go run` name module packages with a version.
    ///
    /// ## Why is this bad?
    /// Without a version (or with `@latest`), the build fetches whatever the module's newest
    /// release is that day: two builds of the same Dockerfile can differ, and a new release
    /// can break the image.
    ///
    /// A package counts as pinned with `@version` (`golang.org/x/tools/gopls@v0.16.2`); local
    /// packages (`.`, `./cmd/app`, `/src/app`) need none.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN go install github.com/go-delve/delve/cmd/dlv@latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint takes every word that is no flag for a package: flag values (`-tags netgo`)
    /// and, for `go run`, the first word after `go` that is not `run`. plimsoll recognises `go`
    /// by basename, reads the sub-command, skips the values of go's build flags, takes `.go`
    /// files for local code, and reads `@upgrade` and `@patch` as unpinned (they move like
    /// `@latest`) and `go get pkg@none` (which removes a dependency) as pinned.
    pub struct GoInstallUnpinned {
        code: "DL3062",
        name: "go-install-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str =
    "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`";

/// go's flags (global and build flags) that take the next word as their value when written
/// without `=`.
const GO_FLAGS_WITH_VALUES: &[&str] = &[
    "C",
    "p",
    "ldflags",
    "gcflags",
    "asmflags",
    "gccgoflags",
    "tags",
    "mod",
    "modfile",
    "o",
    "overlay",
    "pgo",
    "pkgdir",
    "toolexec",
    "exec",
    "buildmode",
    "buildvcs",
    "compiler",
    "installsuffix",
    "coverpkg",
    "covermode",
];

impl Rule for GoInstallUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            if !invocation.is("go") {
                continue;
            }
            let unpinned = match mode {
                Mode::Hadolint => hadolint_unpinned(&invocation),
                Mode::Plimsoll => unpinned(&invocation),
            };
            for package in unpinned {
                checker.report(node, package.range(), MESSAGE);
            }
        }
    }
}

/// hadolint: with an `install` or `get` word, every word that is no flag except
/// `install`/`get`/`tool`; with a `run` word, the first word that is no flag nor `run`.
fn hadolint_unpinned<'n, 'a>(invocation: &Invocation<'n, 'a>) -> Vec<&'n Word<'a>> {
    let arguments: Vec<&'n Word<'a>> = invocation
        .args
        .iter()
        .filter(|word| !is_hadolint_flag(word))
        .collect();
    let hadolint_pinned = |word: &Word<'_>| {
        let value = word.value();
        value.starts_with('.')
            || value.starts_with('/')
            || (value.contains('@') && !value.ends_with("@latest") && !value.ends_with("@none"))
    };
    let mut unpinned: Vec<&'n Word<'a>> = Vec::new();
    if invocation.has_any_arg(&["install", "get"]) {
        unpinned.extend(
            arguments
                .iter()
                .copied()
                .filter(|word| !matches!(word.value(), "install" | "get" | "tool"))
                .filter(|word| !hadolint_pinned(word)),
        );
    }
    if invocation.has_arg("run")
        && let Some(&first) = arguments.iter().find(|word| word.value() != "run")
        && !hadolint_pinned(first)
    {
        unpinned.push(first);
    }
    unpinned
}

fn unpinned<'n, 'a>(invocation: &Invocation<'n, 'a>) -> Vec<&'n Word<'a>> {
    let arguments = go_arguments(invocation.args);
    let Some((subcommand, rest)) = arguments.split_first() else {
        return Vec::new();
    };
    let packages: Vec<&Word<'_>> = match subcommand.value() {
        "install" | "get" => rest.to_vec(),
        // `go run pkg args…`: the arguments after the package go to the program.
        "run" => rest.first().copied().into_iter().collect(),
        _ => Vec::new(),
    };
    packages
        .into_iter()
        .filter(|package| !is_pinned(package.value()))
        .collect()
}

/// go's positional arguments: go flags are single-word (`-tags`, `--tags`, `-tags=x`), so
/// they are read whole rather than as clusters of letters.
fn go_arguments<'n, 'a>(words: &'n [Word<'a>]) -> Vec<&'n Word<'a>> {
    let mut arguments = Vec::new();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let value = word.value();
        if value == "--" {
            arguments.extend(words.by_ref());
            break;
        }
        if let Some(flag) = value.strip_prefix('-').filter(|flag| !flag.is_empty()) {
            let name = flag.trim_start_matches('-');
            if !name.contains('=') && GO_FLAGS_WITH_VALUES.contains(&name) {
                words.next();
            }
        } else {
            arguments.push(word);
        }
    }
    arguments
}

fn is_pinned(package: &str) -> bool {
    if package.starts_with('.') || package.starts_with('/') || package.ends_with(".go") {
        return true;
    }
    package.rsplit_once('@').is_some_and(|(_, version)| {
        !version.is_empty() && !matches!(version, "latest" | "upgrade" | "patch")
    })
}
