use plimsoll_syntax::shell::{Argv, Word};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::package_commands::{hadolint_arguments, hadolint_has_flag};
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every package `pip install` installs has a version.
    ///
    /// ## Why is this bad?
    /// Without one, the build installs whatever PyPI holds that day: two builds of the same
    /// Dockerfile can differ, and a new release can break the image without any change on your
    /// side.
    ///
    /// A package counts as pinned with a version specifier (`==`, `~=`, `!=`, `<`, `>`,
    /// quoted as the shell needs), as a wheel or sdist file (`.whl`, `.tar.gz`), as a path or
    /// URL, or as a VCS URL with a revision (`git+https://…/repo@v1.2`). Installing from a
    /// requirements file (`-r`) or with constraints (`-c`) passes, since the versions live
    /// there. `python -m pip` and `pip3` are checked too.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// or, better, pin everything (dependencies included) in a requirements file:
    /// ```dockerfile
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `pip` by basename (`/opt/venv/bin/pip`) but not `pipx`, reads
    /// `install` only as the sub-command (after pip's own options), finds `python -m pip`
    /// behind interpreter options (`python3 -u -m pip`), treats local paths and archives as
    /// pinned (`..`, `dist/app.zip`), checks the other packages of a command that also
    /// installs `.`, and wants a VCS revision after the repository path (not the `git@` of an
    /// SSH URL).
    pub struct PipInstallUnpinned {
        code: "DL3013",
        name: "pip-install-unpinned",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str = "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`";

/// `pip install` options whose value hadolint does not take for a package.
const HADOLINT_PIP_OPTIONS_WITH_VALUES: &[&str] = &[
    "abi",
    "b",
    "build",
    "e",
    "editable",
    "extra-index-url",
    "f",
    "find-links",
    "i",
    "implementation",
    "index-url",
    "no-binary",
    "only-binary",
    "platform",
    "prefix",
    "progress-bar",
    "proxy",
    "python",
    "python-version",
    "root",
    "root-user-action",
    "src",
    "t",
    "target",
    "trusted-host",
    "upgrade-strategy",
];

/// pip's options (general and `install`'s) that take the next word as their value.
pub(crate) const PIP_OPTIONS_WITH_VALUES: &[&str] = &[
    "abi",
    "b",
    "build",
    "c",
    "cache-dir",
    "cert",
    "client-cert",
    "C",
    "config-settings",
    "constraint",
    "e",
    "editable",
    "exists-action",
    "extra-index-url",
    "f",
    "find-links",
    "global-option",
    "group",
    "i",
    "implementation",
    "index-url",
    "keyring-provider",
    "log",
    "log-file",
    "no-binary",
    "only-binary",
    "platform",
    "prefix",
    "progress-bar",
    "proxy",
    "python",
    "python-version",
    "r",
    "report",
    "requirement",
    "resume-retries",
    "retries",
    "root",
    "root-user-action",
    "src",
    "t",
    "target",
    "timeout",
    "trusted-host",
    "upgrade-strategy",
    "use-deprecated",
    "use-feature",
];

impl Rule for PipInstallUnpinned {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            let Some(install) = pip_install(&invocation, mode) else {
                continue;
            };
            for package in unpinned_packages(&install, mode) {
                checker.report(node, package.range(), MESSAGE);
            }
        }
    }
}

/// A `pip install` (also `pip3`, `python -m pip`): its `install` word and the words after it.
pub(crate) struct PipInstall<'n, 'a> {
    pub(crate) install: &'n Word<'a>,
    /// Every argument of pip itself (options before `install` included).
    pub(crate) pip_args: &'n [Word<'a>],
    /// The words after `install`.
    pub(crate) rest: &'n [Word<'a>],
}

/// Reads `invocation` as a `pip install`.
///
/// hadolint: a program named `pip…` (not `pipenv`) with an `install` word anywhere, or a
/// `python…` with the words `-m pip install` in a row. plimsoll: `pip`, `pip3`, `pip3.12` by
/// basename, or `python… [options] -m pip`, with `install` as pip's sub-command.
pub(crate) fn pip_install<'n, 'a>(
    invocation: &Invocation<'n, 'a>,
    mode: Mode,
) -> Option<PipInstall<'n, 'a>> {
    let program = invocation.program()?;
    let args = invocation.args;
    match mode {
        Mode::Hadolint => {
            let index = if program.starts_with("pip") && program != "pipenv" {
                args.iter().position(|word| word.value() == "install")?
            } else if program.starts_with("python") {
                args.windows(3).position(|words| {
                    words[0].value() == "-m"
                        && words[1].value() == "pip"
                        && words[2].value() == "install"
                })? + 2
            } else {
                return None;
            };
            Some(PipInstall {
                install: &args[index],
                pip_args: args,
                rest: &args[index + 1..],
            })
        }
        Mode::Plimsoll => {
            let pip_args = if is_pip_program(program) {
                args
            } else if program.starts_with("python") {
                python_module_args(args, "pip")?
            } else {
                return None;
            };
            let install = Argv::new(pip_args)
                .subcommand(PIP_OPTIONS_WITH_VALUES)
                .filter(|word| word.is("install"))?;
            let index = Argv::new(pip_args).index_of(install)?;
            Some(PipInstall {
                install,
                pip_args,
                rest: &pip_args[index + 1..],
            })
        }
    }
}

/// `pip`, `pip3`, `pip3.12` (not `pipx`, `pipenv`, `pip-compile`).
fn is_pip_program(program: &str) -> bool {
    program
        .strip_prefix("pip")
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// For `python… [options] -m <module> args…` (also `-m<module>`), the words after the module.
fn python_module_args<'n, 'a>(args: &'n [Word<'a>], module: &str) -> Option<&'n [Word<'a>]> {
    let mut index = 0;
    while let Some(word) = args.get(index) {
        let value = word.literal()?;
        if value == "-m" {
            return args.get(index + 1)?.is(module).then(|| &args[index + 2..]);
        }
        if let Some(attached) = value.strip_prefix("-m") {
            return (attached == module).then(|| &args[index + 1..]);
        }
        if !value.starts_with('-') || value == "-" || value == "--" {
            return None;
        }
        // `-c`, `-W arg`, `-X opt`: the interpreter runs code or takes an option value.
        if value == "-c" {
            return None;
        }
        index += if matches!(value, "-W" | "-X" | "--check-hash-based-pycs") {
            2
        } else {
            1
        };
    }
    None
}

fn unpinned_packages<'n, 'a>(install: &PipInstall<'n, 'a>, mode: Mode) -> Vec<&'n Word<'a>> {
    match mode {
        Mode::Hadolint => {
            let args = install.pip_args;
            // `-r` must start its word (`-Ur` does not count) and `--requirement` take the
            // next word (`--requirement=file` does not count); `-c` counts anywhere.
            let from_files = args
                .iter()
                .any(|word| word.value().starts_with("-r") || word.value() == "--requirement")
                || hadolint_has_flag(args, &["c", "constraint"])
                || args.iter().any(|word| word.value() == ".");
            if from_files {
                return Vec::new();
            }
            hadolint_arguments(install.rest, HADOLINT_PIP_OPTIONS_WITH_VALUES)
                .into_iter()
                .filter(|word| !hadolint_pinned(word.value()))
                .collect()
        }
        Mode::Plimsoll => {
            let argv = Argv::new(install.pip_args);
            if argv.has_any_flag(&["r", "requirement", "c", "constraint"]) {
                return Vec::new();
            }
            Argv::new(install.rest)
                .args_without_flags(PIP_OPTIONS_WITH_VALUES)
                .into_iter()
                .filter(|word| !is_pinned(word.value()))
                .collect()
        }
    }
}

const VERSION_OPERATORS: &[&str] = &["==", "~=", "!=", "<", ">"];

fn hadolint_pinned(package: &str) -> bool {
    let vcs = ["git", "svn", "hg+", "bzr+"]
        .iter()
        .any(|prefix| package.starts_with(prefix));
    VERSION_OPERATORS
        .iter()
        .any(|operator| package.contains(operator))
        || package.ends_with(".whl")
        || package.ends_with(".tar.gz")
        || (vcs && package.contains('@'))
        || (!vcs && package.contains('/'))
}

fn is_pinned(package: &str) -> bool {
    if let Some(url) = ["git+", "hg+", "svn+", "bzr+", "git://"]
        .iter()
        .find_map(|prefix| package.strip_prefix(prefix))
    {
        // The revision follows the repository path: `git+ssh://git@host/repo@v1`.
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path = after_scheme.split_once('/').map_or("", |(_, path)| path);
        return path.contains('@');
    }
    VERSION_OPERATORS
        .iter()
        .any(|operator| package.contains(operator))
        || [".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip"]
            .iter()
            .any(|suffix| package.ends_with(suffix))
        || package.starts_with('.')
        || package.contains('/')
}
