//! What the package-manager rules (DL3008–DL3062: apt, apk, pip, npm, gem, yarn, go) share:
//! reading a command's words the way hadolint 2.15.1 does, the cache mounts of a RUN, which
//! stages hadolint reports "cleanup missing" findings for, and flag-inserting fixes.
//!
//! Commands come from [`Node::invocations`] (names compared whole in hadolint mode, by basename
//! in plimsoll mode). On top of that, hadolint reads a command's words in ways the drop-in must
//! reproduce (observed on the binary, see `docs/hadolint-differences.md`):
//!
//! * a flag word is any word starting with `-` except `-` and `--`, which count as arguments;
//!   `--` does not end the options;
//! * flag names ignore the number of dashes (`--y` is `-y`) and `-abc` is `a`, `b`, `c`;
//! * the word after a flag word listed as taking a value is that flag's value, unless the flag
//!   word has an `=` (`-t buster` drops `buster`, `-t=buster x` keeps `x`); short flags match
//!   anywhere in a cluster (`-yt buster`, `-ty buster`).
//!
//! plimsoll mode reads the words with the shell model's [`Argv`](plimsoll_syntax::shell::Argv)
//! instead, which knows about `--` and clusters the way `getopt` does.

use plimsoll_syntax::shell::Word;

use crate::semantic::{Invocation, Node, SemanticModel, Stage};
use crate::settings::Mode;

/// hadolint's notion of a flag word: it starts with `-` and is neither `-` nor `--`.
pub(crate) fn is_hadolint_flag(word: &Word<'_>) -> bool {
    let value = word.value();
    value.starts_with('-') && value != "-" && value != "--"
}

/// The flag names hadolint reads in a flag word: `--name[=…]` gives `name`, `-abc[=…]` gives
/// `a`, `b` and `c`.
fn hadolint_flag_names<'w>(word: &'w Word<'_>) -> impl Iterator<Item = &'w str> + 'w {
    let value = word.value();
    let flag = is_hadolint_flag(word);
    let before_equals = value.split('=').next().unwrap_or_default();
    let (long, short) = match before_equals.strip_prefix("--") {
        _ if !flag => (None, ""),
        Some(name) => (Some(name), ""),
        None => (None, &before_equals[1..]),
    };
    long.into_iter().chain(
        short
            .char_indices()
            .map(move |(at, ch)| &short[at..at + ch.len_utf8()]),
    )
}

/// True when any word is a flag named one of `names` (dashes do not matter).
pub(crate) fn hadolint_has_flag(words: &[Word<'_>], names: &[&str]) -> bool {
    words
        .iter()
        .flat_map(|word| hadolint_flag_names(word))
        .any(|name| names.contains(&name))
}

/// How often flag `name` occurs (`-qq` counts twice).
pub(crate) fn hadolint_flag_count(words: &[Word<'_>], name: &str) -> usize {
    words
        .iter()
        .flat_map(|word| hadolint_flag_names(word))
        .filter(|flag| *flag == name)
        .count()
}

/// hadolint's non-flag arguments: flag words are dropped, and so is the word after a flag word
/// (without `=`) naming one of `flags_with_values`.
pub(crate) fn hadolint_arguments<'w, 'src>(
    words: &'w [Word<'src>],
    flags_with_values: &[&str],
) -> Vec<&'w Word<'src>> {
    let mut arguments = Vec::new();
    let mut skip_next = false;
    for word in words {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if is_hadolint_flag(word) {
            skip_next = !word.value().contains('=')
                && hadolint_flag_names(word).any(|name| flags_with_values.contains(&name));
        } else {
            arguments.push(word);
        }
    }
    arguments
}

/// A `RUN --mount` of type `cache` or `tmpfs`, by its target.
///
/// Both keep what is written under the target out of the image layer.
pub(crate) fn cache_mount_targets<'n>(node: &'n Node<'_>) -> Vec<&'n str> {
    node.mounts()
        .filter_map(|mount| {
            let mut kind = "bind";
            let mut target = None;
            for field in mount.split(',') {
                let (key, value) = field.split_once('=').unwrap_or((field, ""));
                match key.trim().to_ascii_lowercase().as_str() {
                    "type" => kind = value,
                    "target" | "dst" | "destination" => target = Some(value),
                    _ => {}
                }
            }
            matches!(kind, "cache" | "tmpfs")
                .then_some(target)
                .flatten()
        })
        .collect()
}

/// True when a cache or tmpfs mount of the RUN has a target containing `fragment` (hadolint's
/// test: `/root/.cache/pip` contains `.cache/pip`).
pub(crate) fn has_cache_mount_containing(node: &Node<'_>, fragment: &str) -> bool {
    cache_mount_targets(node)
        .iter()
        .any(|target| target.contains(fragment))
}

/// A cache or tmpfs mount of the RUN covers `directory`: its target (quotes and trailing `/`
/// ignored) is `directory` or a parent of it (`/`, an unlikely mount point, excepted).
pub(crate) fn has_cache_mount_covering(node: &Node<'_>, directory: &str) -> bool {
    cache_mount_targets(node).iter().any(|target| {
        let target = target.trim_matches(|ch| ch == '"' || ch == '\'');
        let target = target.trim_end_matches('/');
        !target.is_empty() && is_within(directory, target)
    })
}

/// True for an `rm` of `directory`, its contents (`directory/*`) or a parent.
pub(crate) fn removes_path(invocation: &Invocation<'_, '_>, directory: &str) -> bool {
    invocation.is("rm")
        && invocation.args_without_flags(&[]).iter().any(|word| {
            let path = word.value().trim_end_matches('*').trim_end_matches('/');
            !path.is_empty() && is_within(directory, path)
        })
}

/// True when `path` is `directory` or lies below it (`/var/cache/apk` is within `/var`, not
/// within `/var/cache/ap`).
pub(crate) fn is_within(path: &str, directory: &str) -> bool {
    path.strip_prefix(directory)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether a "cleanup missing" finding (DL3009, DL3060) in `node`'s stage is reported.
///
/// Only what ends up in an image matters: the last stage, and stages other stages build on.
/// hadolint decides both by text: a stage is "the last one" when its FROM line reads exactly
/// like the last FROM (platform, image and alias), and "built on" when its alias, compared
/// case-sensitively, is the image name (tag, digest and a registry with a `.` removed) of any
/// FROM in the file, before or after it. plimsoll mode uses the stage graph.
pub(crate) fn cleanup_stage_is_reported(
    model: &SemanticModel<'_>,
    node: &Node<'_>,
    mode: Mode,
) -> bool {
    let Some(stage_id) = node.stage else {
        return false;
    };
    let stage = model.stage(stage_id);
    let Some(last) = model.last_stage() else {
        return false;
    };
    match mode {
        Mode::Plimsoll => stage.id == last.id || !stage.used_as_base.is_empty(),
        Mode::Hadolint => {
            from_line_key(stage) == from_line_key(last)
                || stage.alias_str().is_some_and(|alias| {
                    model
                        .stages()
                        .iter()
                        .filter_map(Stage::image_str)
                        .any(|image| hadolint_image_name(image) == alias)
                })
        }
    }
}

/// What hadolint compares to tell two FROM lines apart: flags, image and alias as written.
fn from_line_key<'s>(stage: &'s Stage<'_>) -> (Vec<&'s str>, Option<&'s str>, Option<&'s str>) {
    let flags = stage
        .instruction
        .flags
        .iter()
        .map(|flag| flag.text.as_ref())
        .collect();
    (flags, stage.image_str(), stage.alias_str())
}

/// The image name as hadolint's parser splits a FROM image: without `@digest`, without a
/// registry (a first path component containing `.`) and without `:tag`.
pub(crate) fn hadolint_image_name(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    let image = match image.split_once('/') {
        Some((registry, rest)) if registry.contains('.') => rest,
        _ => image,
    };
    let last_slash = image.rfind('/').map_or(0, |at| at + 1);
    match image[last_slash..].find(':') {
        Some(colon) => &image[..last_slash + colon],
        None => image,
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_syntax::shell::parse_script;

    use super::*;

    fn values<'w>(words: &[&'w Word<'_>]) -> Vec<&'w str> {
        words.iter().map(|word| word.value()).collect()
    }

    #[test]
    fn hadolint_flags_ignore_dashes_and_split_clusters() {
        let script = parse_script("apt-get install --y -qt=2 -- - x", 0);
        let words = script.commands()[0].args();
        assert!(hadolint_has_flag(words, &["y"]));
        assert!(hadolint_has_flag(words, &["t"]));
        assert_eq!(hadolint_flag_count(words, "q"), 1);
        assert!(!hadolint_has_flag(words, &["-"]));
        assert_eq!(
            values(&hadolint_arguments(words, &[])),
            ["install", "--", "-", "x"]
        );
    }

    #[test]
    fn hadolint_flag_values_are_the_next_word_unless_inline() {
        let script = parse_script(
            "apt-get install -yt buster a -t=sid b --target-release c d --t e f",
            0,
        );
        let words = script.commands()[0].args();
        assert_eq!(
            values(&hadolint_arguments(words, &["t", "target-release"])),
            ["install", "a", "b", "d", "f"]
        );
    }

    #[test]
    fn image_names_as_hadolint_splits_them() {
        assert_eq!(hadolint_image_name("debian:12"), "debian");
        assert_eq!(
            hadolint_image_name("docker.io/library/debian:12@sha256:ab"),
            "library/debian"
        );
        assert_eq!(
            hadolint_image_name("localhost:5000/app"),
            "localhost:5000/app"
        );
        assert_eq!(hadolint_image_name("builder"), "builder");
        assert_eq!(hadolint_image_name("c@sha256:abcd"), "c");
    }
}
