//! What the yum, dnf/microdnf and zypper rules (DL3030–DL3041) share: which commands install,
//! whether a cache cleanup follows, and hadolint's version tests for package words.
//!
//! hadolint recognises a sub-command by *any* argument (`yum search install` "installs") and a
//! cleanup by any of a few words (`rm -rf /tmp` cleans the yum cache); the drop-in keeps that.
//! plimsoll mode reads the sub-command (the first argument that is no option and no option's
//! value) and wants a cleanup of the cache itself.

use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_syntax::shell::Word;

use super::package_commands::{cache_mount_targets, is_within};
use crate::checker::Checker;
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

/// Options of yum, dnf and zypper that take the next word as their value, so that the
/// sub-command after them is found (plimsoll mode only; hadolint drops no values).
pub(crate) const OPTIONS_WITH_VALUES: &[&str] = &[
    "c",
    "config",
    "d",
    "debuglevel",
    "e",
    "errorlevel",
    "R",
    "randomwait",
    "installroot",
    "enablerepo",
    "disablerepo",
    "repo",
    "repofrom",
    "x",
    "exclude",
    "releasever",
    "setopt",
    "color",
    "rpmverbosity",
    "downloaddir",
    "destdir",
    "forcearch",
    "root",
    "r",
    "from",
    "t",
    "type",
];

/// True when `invocation` runs one of `subcommands`: any argument in hadolint mode, the
/// sub-command in plimsoll mode.
pub(crate) fn runs_subcommand(invocation: &Invocation<'_, '_>, subcommands: &[&str]) -> bool {
    subcommand_word(invocation, subcommands).is_some()
}

/// The word [`runs_subcommand`] matched.
pub(crate) fn subcommand_word<'n, 'a>(
    invocation: &Invocation<'n, 'a>,
    subcommands: &[&str],
) -> Option<&'n Word<'a>> {
    invocation.subcommand_word(subcommands, OPTIONS_WITH_VALUES)
}

/// The package words of an installing command. hadolint: every argument that is no flag,
/// except the words `skipped` (the sub-commands); plimsoll: the positional arguments after the
/// `leading` sub-command words (`install`, or `module install`).
pub(crate) fn package_words<'n, 'a>(
    invocation: &Invocation<'n, 'a>,
    skipped: &[&str],
    leading: usize,
) -> Vec<&'n Word<'a>> {
    match invocation.mode() {
        Mode::Hadolint => invocation
            .args_without_flags(&[])
            .into_iter()
            .filter(|word| !skipped.contains(&word.value()))
            .collect(),
        Mode::Plimsoll => invocation
            .args_without_flags(OPTIONS_WITH_VALUES)
            .into_iter()
            .skip(leading)
            .collect(),
    }
}

/// How a "clean the cache after installing" rule recognises its commands.
pub(crate) struct CleanupRule {
    /// The package manager (`yum`, `dnf`, `microdnf`, `zypper`).
    pub manager: &'static str,
    /// Sub-commands that fill the cache.
    pub installs: &'static [&'static str],
    /// hadolint: a later command of the manager with any of these arguments cleans up.
    pub hadolint_clean_args: &'static [&'static str],
    /// hadolint: a later `rm` with any of these arguments cleans up.
    pub hadolint_rm_args: &'static [&'static str],
    /// plimsoll: sub-commands that clean the cache.
    pub clean_subcommands: &'static [&'static str],
    /// plimsoll: an `rm` of one of these directories (or below) cleans up.
    pub cache_directories: &'static [&'static str],
    /// A cache or tmpfs mount whose target contains one of these keeps the cache out of the
    /// layer (hadolint's test); empty when hadolint knows no such mount.
    pub hadolint_mount_fragments: &'static [&'static str],
}

impl CleanupRule {
    /// The manager word of the first installing command of `node` not followed by a cleanup.
    pub(crate) fn missing_cleanup<'n, 'a>(
        &self,
        checker: &Checker<'_, '_>,
        node: &'n Node<'a>,
    ) -> Option<&'n Word<'a>> {
        let mode = checker.settings.mode;
        if self.mount_keeps_cache(node, mode) {
            return None;
        }
        let invocations: Vec<Invocation<'n, 'a>> = node.invocations(mode).collect();
        let first_install = invocations.iter().position(|invocation| {
            invocation.is(self.manager) && runs_subcommand(invocation, self.installs)
        })?;
        let cleaned = match mode {
            // hadolint wants the *first* cleanup after the first install: `rm -rf /tmp/x;
            // yum install …; yum clean all` is reported.
            Mode::Hadolint => invocations
                .iter()
                .position(|invocation| self.cleans(invocation))
                .is_some_and(|first_clean| first_clean > first_install),
            Mode::Plimsoll => invocations[first_install + 1..]
                .iter()
                .any(|invocation| self.cleans(invocation)),
        };
        (!cleaned).then_some(invocations[first_install].name)
    }

    fn cleans(&self, invocation: &Invocation<'_, '_>) -> bool {
        match invocation.mode() {
            Mode::Hadolint => {
                (invocation.is(self.manager) && invocation.has_any_arg(self.hadolint_clean_args))
                    || (invocation.is("rm") && invocation.has_any_arg(self.hadolint_rm_args))
            }
            Mode::Plimsoll => {
                (invocation.is(self.manager) && runs_subcommand(invocation, self.clean_subcommands))
                    || (invocation.is("rm")
                        && invocation.has_any_flag(&["r", "R", "recursive"])
                        && invocation.args_without_flags(&[]).iter().any(|word| {
                            self.cache_directories
                                .iter()
                                .any(|directory| removes(word.value(), directory))
                        }))
            }
        }
    }

    fn mount_keeps_cache(&self, node: &Node<'_>, mode: Mode) -> bool {
        cache_mount_targets(node).iter().any(|target| match mode {
            Mode::Hadolint => self
                .hadolint_mount_fragments
                .iter()
                .any(|fragment| target.contains(fragment)),
            Mode::Plimsoll => self.cache_directories.iter().any(|directory| {
                let target = target.trim_end_matches('/');
                !target.is_empty()
                    && (directory.starts_with(target) || target.starts_with(directory))
            }),
        })
    }
}

/// True when removing `path` (maybe with a trailing `/*` or `*`) removes `directory` or what
/// is in it.
fn removes(path: &str, directory: &str) -> bool {
    let path = path.trim_end_matches('*').trim_end_matches('/');
    !path.is_empty() && (path.starts_with(directory) || is_within(directory, path))
}

/// hadolint's test of a yum/dnf package word outside module mode: `name-version` where the
/// version part is made of `[A-Za-z0-9.~^_:+-]` and some `-`-separated part starts with a
/// digit, or a `name-….rpm` file, or a word using a variable the Dockerfile declares.
pub(crate) fn rpm_package_has_version(package: &Word<'_>, known_variables: &[&str]) -> bool {
    let value = package.value();
    let Some((_, version)) = value.split_once('-') else {
        return false;
    };
    if value.ends_with(".rpm") {
        return true;
    }
    let version_like = version.chars().all(|ch| {
        ch.is_ascii_alphanumeric() || matches!(ch, '.' | '~' | '^' | '_' | ':' | '+' | '-')
    }) && version
        .split('-')
        .any(|part| part.starts_with(|ch: char| ch.is_ascii_digit()));
    version_like
        || parameter_names(package.text())
            .iter()
            .any(|name| known_variables.contains(name))
}

/// The names of the parameters a word expands (`$NAME`, and the whole inside of `${…}`), not
/// counting single-quoted or escaped dollars.
pub(crate) fn parameter_names(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut names = Vec::new();
    let mut index = 0;
    let mut in_double_quotes = false;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'\'' if !in_double_quotes => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'\'' {
                    index += 1;
                }
                index += 1;
            }
            b'"' => {
                in_double_quotes = !in_double_quotes;
                index += 1;
            }
            b'$' if bytes.get(index + 1) == Some(&b'{') => {
                let start = index + 2;
                let end = text[start..]
                    .find('}')
                    .map_or(bytes.len(), |end| start + end);
                names.push(&text[start..end]);
                index = end + 1;
            }
            b'$' => {
                let start = index + 1;
                let end = text[start..]
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .map_or(bytes.len(), |end| start + end);
                if end > start && !bytes[start].is_ascii_digit() {
                    names.push(&text[start..end]);
                }
                index = end.max(start);
            }
            _ => index += 1,
        }
    }
    names
}

/// The variables hadolint lets a yum/dnf package word use at `node`: the first name of every
/// `ARG` before it in the file, and the `ENV` names of its stage and the stages it is `FROM`
/// (aliases compared exactly). A trigger knows none.
pub(crate) fn hadolint_known_variables<'a>(
    checker: &Checker<'_, 'a>,
    node: &Node<'a>,
) -> Vec<&'a str> {
    if node.is_trigger {
        return Vec::new();
    }
    let model = checker.model;
    let mut names = Vec::new();
    for earlier in &model.nodes()[..node.id.index()] {
        if earlier.is(InstructionKind::Arg)
            && let Args::Names(arguments) = &earlier.instruction.args
            && let Some(first) = arguments.first()
        {
            names.push(first.key.as_str());
        }
    }
    let mut stage = node.stage;
    let mut end = node.id.index();
    while let Some(id) = stage {
        let current = model.stage(id);
        for earlier in &model.nodes()[current.from.index()..end] {
            if earlier.is(InstructionKind::Env)
                && let Args::KeyValues(pairs) = &earlier.instruction.args
            {
                names.extend(pairs.iter().map(|pair| pair.key.as_str()));
            }
        }
        // hadolint follows `FROM <alias>` only when the image is written exactly as the alias.
        let image = current.image.map(|word| word.as_str());
        let parent = model.stages()[..id.index()].iter().rev().find(|candidate| {
            candidate
                .alias
                .is_some_and(|alias| Some(alias.as_str()) == image)
        });
        stage = parent.map(|parent| parent.id);
        end = parent.map_or(0, |parent| parent.end.index());
    }
    names
}

#[cfg(test)]
mod tests {
    use plimsoll_syntax::shell::parse_script;

    use super::*;

    fn has_version(word: &str, known: &[&str]) -> bool {
        let text = format!("yum install {word}");
        let script = parse_script(&text, 0);
        rpm_package_has_version(&script.commands()[0].args()[1], known)
    }

    #[test]
    fn hadolint_version_test() {
        for (word, expected) in [
            ("foo", false),
            ("foo-1.0", true),
            ("foo-bar-1.0", true),
            ("foo-1.0-1.el7", true),
            ("foo-bar", false),
            ("gcc-c++", false),
            ("foo-1.0_beta~1^2:3+4", true),
            ("foo-1.0*", false),
            ("foo-_1", false),
            ("foo--1", true),
            ("foo-", false),
            ("foo.rpm", false),
            ("foo-bar.rpm", true),
            ("'foo-1.0'", true),
        ] {
            assert_eq!(has_version(word, &[]), expected, "{word}");
        }
        assert!(has_version("foo-$V", &["V"]));
        assert!(has_version("foo-\"$V\"", &["V"]));
        assert!(has_version("${V}-foo", &["V"]));
        assert!(!has_version("foo-'$V'", &["V"]));
        assert!(!has_version("foo-\\$V", &["V"]));
        assert!(!has_version("foo-$VX", &["V"]));
        assert!(!has_version("foo-${V:-1}", &["V"]));
        assert!(!has_version("${V}", &["V"]));
    }
}
