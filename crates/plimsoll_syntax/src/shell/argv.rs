//! hadolint-style flag and argument helpers over a slice of words.
//!
//! Flag parsing is generic, as in hadolint: a word whose value starts with `-` (and is neither
//! `-` nor `--`) is a flag word. `--foo=bar` is the long flag `foo` with the inline value `bar`;
//! `-abc` is the three short flags `a`, `b`, `c`; `-q=2` is the short flag `q` with the inline
//! value `2`. No command-specific knowledge is built in, so a flag's separate value (`-t jessie`)
//! is just the next word unless the caller lists the flag in `flags_with_values`.
//!
//! Names are given without dashes: a one-character name means a short flag (`"y"` → `-y`,
//! `-qy`), a longer name a long flag (`"yes"` → `--yes`, `--yes=…`). After a bare `--` no word
//! is a flag (POSIX end of options).

use plimsoll_text::TextRange;

use super::word::Word;

/// A view of a command's arguments (or a tail of them, e.g. after `python -m pip`).
#[derive(Debug, Clone, Copy)]
pub struct Argv<'a, 'src> {
    words: &'a [Word<'src>],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagKind {
    /// `-x`, possibly clustered (`-xyz`).
    Short,
    /// `--name` or `--name=value`.
    Long,
}

/// One flag occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag<'a> {
    /// The flag name without dashes (`y`, `no-install-recommends`).
    pub name: &'a str,
    pub kind: FlagKind,
    /// Index of the word holding the flag, within the [`Argv`].
    pub word_index: usize,
    /// For short flags, whether this is the last letter of its cluster (only the last letter
    /// can take the next word as its value).
    pub last_in_word: bool,
    /// The `=value` part written in the same word, if any.
    pub inline_value: Option<&'a str>,
}

/// A flag's value: the text after `=`, or the following word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagValue<'a> {
    /// The value after quote removal (expansions verbatim).
    pub value: &'a str,
    /// Its bytes in the Dockerfile.
    pub range: TextRange,
}

impl<'a, 'src> Argv<'a, 'src> {
    #[must_use]
    pub fn new(words: &'a [Word<'src>]) -> Self {
        Self { words }
    }

    #[must_use]
    pub fn words(&self) -> &'a [Word<'src>] {
        self.words
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Every flag occurrence in order; clustered short flags yield one item per letter.
    pub fn flags(&self) -> impl Iterator<Item = Flag<'a>> + 'a {
        let words = self.words;
        let end = options_end(words);
        words[..end]
            .iter()
            .enumerate()
            .flat_map(|(index, word)| flags_in_word(word, index))
    }

    /// True when flag `name` occurs (see the module docs for short vs long names).
    #[must_use]
    pub fn has_flag(&self, name: &str) -> bool {
        self.flags().any(|flag| flag_matches(&flag, name))
    }

    /// True when any of `names` occurs, e.g. `&["y", "yes", "assume-yes"]`.
    #[must_use]
    pub fn has_any_flag(&self, names: &[&str]) -> bool {
        self.flags()
            .any(|flag| names.iter().any(|name| flag_matches(&flag, name)))
    }

    /// How often flag `name` occurs (`-qq` counts `q` twice).
    #[must_use]
    pub fn flag_count(&self, name: &str) -> usize {
        self.flags().filter(|flag| flag_matches(flag, name)).count()
    }

    /// Values of every occurrence of flag `name`: `--name=v`, `--name v`, `-n v`, `-xn v`
    /// (last letter of a cluster), `-n=v`. A flag at the very end has no value and is skipped.
    /// The following word is taken even when it looks like a flag, as `getopt` does.
    pub fn flag_values(&self, name: &'a str) -> impl Iterator<Item = FlagValue<'a>> + 'a {
        let words = self.words;
        self.flags()
            .filter(move |flag| flag_matches(flag, name))
            .filter_map(move |flag| flag_value(words, &flag))
    }

    /// The first value of flag `name` (see [`Argv::flag_values`]).
    #[must_use]
    pub fn flag_value(&self, name: &'a str) -> Option<FlagValue<'a>> {
        self.flag_values(name).next()
    }

    /// True when any word's value equals `value`, flags included (hadolint's `cmdHasArgs`).
    #[must_use]
    pub fn has_arg(&self, value: &str) -> bool {
        self.words.iter().any(|word| word.value() == value)
    }

    /// The positional arguments: every word that is not a flag, skipping the separate value
    /// of each flag listed in `flags_with_values` (hadolint's per-rule "drop these flag
    /// values" lists, e.g. `&["t", "target-release"]` for `apt-get`). A bare `--` is dropped
    /// and everything after it is positional.
    #[must_use]
    pub fn args_without_flags(&self, flags_with_values: &[&str]) -> Vec<&'a Word<'src>> {
        let words = self.words;
        let end = options_end(words);
        let mut positional = Vec::new();
        let mut skip_next = false;
        for (index, word) in words.iter().enumerate() {
            if skip_next {
                skip_next = false;
                continue;
            }
            if index >= end {
                if index > end || !is_end_of_options(word) {
                    positional.push(word);
                }
                continue;
            }
            if !is_flag_word(word) {
                positional.push(word);
                continue;
            }
            skip_next = flags_in_word(word, index).any(|flag| {
                takes_next_word(&flag)
                    && flags_with_values
                        .iter()
                        .any(|name| flag_matches(&flag, name))
            });
        }
        positional
    }

    /// The first positional argument (a sub-command like `install`), see
    /// [`Argv::args_without_flags`].
    #[must_use]
    pub fn subcommand(&self, flags_with_values: &[&str]) -> Option<&'a Word<'src>> {
        self.args_without_flags(flags_with_values).first().copied()
    }

    /// The words after index `index` (e.g. everything after a sub-command).
    #[must_use]
    pub fn after(&self, index: usize) -> Argv<'a, 'src> {
        Argv::new(self.words.get(index + 1..).unwrap_or_default())
    }

    /// Index of `word` in this view, when it is one of its words (compared by address).
    #[must_use]
    pub fn index_of(&self, word: &Word<'src>) -> Option<usize> {
        self.words
            .iter()
            .position(|candidate| std::ptr::eq(candidate, word))
    }
}

/// True when `word` is a flag word: its value starts with a written `-` (not one produced by
/// an expansion), and it is neither `-` nor `--`. `-$X` is a flag word without letters.
#[must_use]
pub fn is_flag_word(word: &Word<'_>) -> bool {
    word.static_prefix().starts_with('-') && word.value().len() >= 2 && !is_end_of_options(word)
}

fn is_end_of_options(word: &Word<'_>) -> bool {
    word.literal() == Some("--")
}

/// Index of the first word after which nothing is a flag (the `--`), or `words.len()`.
fn options_end(words: &[Word<'_>]) -> usize {
    words
        .iter()
        .position(is_end_of_options)
        .unwrap_or(words.len())
}

fn flags_in_word<'a>(word: &'a Word<'_>, word_index: usize) -> impl Iterator<Item = Flag<'a>> {
    let mut long = None;
    let mut short: &str = "";
    let mut short_value = None;
    if is_flag_word(word) {
        let value = word.value();
        let static_len = word.static_prefix().len();
        if let Some(body) = value.strip_prefix("--") {
            let (name, inline_value) = match body.split_once('=') {
                Some((name, rest)) if name.len() + 2 < static_len => (name, Some(rest)),
                _ => (&value[2..static_len], None),
            };
            long = Some(Flag {
                name,
                kind: FlagKind::Long,
                word_index,
                last_in_word: true,
                inline_value,
            });
        } else {
            let letters = &value[1..static_len];
            match letters.split_once('=') {
                Some((letters, _)) => {
                    short = letters;
                    short_value = value[1..].split_once('=').map(|(_, rest)| rest);
                }
                None => short = letters,
            }
        }
    }
    let count = short.chars().count();
    let shorts = short
        .char_indices()
        .enumerate()
        .map(move |(position, (offset, ch))| {
            let last_in_word = position + 1 == count;
            Flag {
                name: &short[offset..offset + ch.len_utf8()],
                kind: FlagKind::Short,
                word_index,
                last_in_word,
                inline_value: if last_in_word { short_value } else { None },
            }
        });
    long.into_iter().chain(shorts)
}

fn flag_matches(flag: &Flag<'_>, name: &str) -> bool {
    let wanted_kind = if name.chars().count() == 1 {
        FlagKind::Short
    } else {
        FlagKind::Long
    };
    flag.kind == wanted_kind && flag.name == name
}

fn takes_next_word(flag: &Flag<'_>) -> bool {
    flag.last_in_word && flag.inline_value.is_none()
}

fn flag_value<'a>(words: &'a [Word<'_>], flag: &Flag<'a>) -> Option<FlagValue<'a>> {
    if let Some(value) = flag.inline_value {
        let word = &words[flag.word_index];
        // The value is the tail of the word after the first `=`, in source and in value alike
        // (flag names never contain quotes or escapes in practice).
        let raw_equals = word.text().find('=')?;
        let start = word.range().start + u32::try_from(raw_equals).ok()? + 1;
        return Some(FlagValue {
            value,
            range: TextRange::new(start.min(word.range().end), word.range().end),
        });
    }
    if !flag.last_in_word {
        return None;
    }
    let next = words.get(flag.word_index + 1)?;
    Some(FlagValue {
        value: next.value(),
        range: next.range(),
    })
}

#[cfg(test)]
mod tests {
    use crate::shell::{Script, parse_script};

    /// The arguments of the single command in `text`.
    fn parsed(text: &str) -> Script<'_> {
        let script = parse_script(text, 0);
        assert_eq!(script.commands().len(), 1, "{text}");
        script
    }

    #[test]
    fn short_flags_cluster_and_long_flags_split_at_equals() {
        let script = parsed("tool -abc --long --with=value -q=2 - plain");
        let argv = script.commands()[0].argv();
        let flags: Vec<(&str, FlagKind, Option<&str>)> = argv
            .flags()
            .map(|flag| (flag.name, flag.kind, flag.inline_value))
            .collect();
        assert_eq!(
            flags,
            [
                ("a", FlagKind::Short, None),
                ("b", FlagKind::Short, None),
                ("c", FlagKind::Short, None),
                ("long", FlagKind::Long, None),
                ("with", FlagKind::Long, Some("value")),
                ("q", FlagKind::Short, Some("2")),
            ]
        );
        assert!(argv.has_flag("b") && argv.has_flag("with") && argv.has_flag("q"));
        // One-letter names are short flags only, longer names long flags only.
        assert!(!argv.has_flag("abc") && !argv.has_flag("l"));
        assert!(argv.has_any_flag(&["x", "long"]));
        assert!(!argv.has_any_flag(&["x", "y"]));
        assert_eq!(
            argv.args_without_flags(&[])
                .iter()
                .map(|word| word.value())
                .collect::<Vec<_>>(),
            ["-", "plain"]
        );
    }

    #[test]
    fn flag_count_sees_repeats_inside_clusters() {
        let script = parsed("apt-get -qq -q --quiet --quiet install x");
        let command = &script.commands()[0];
        assert_eq!(command.flag_count("q"), 3);
        assert_eq!(command.flag_count("quiet"), 2);
        assert_eq!(command.flag_count("y"), 0);
    }

    #[test]
    fn double_dash_ends_options() {
        let script = parsed("rm -f -- -weird --also-positional");
        let command = &script.commands()[0];
        assert!(command.has_flag("f"));
        assert!(!command.has_flag("also-positional"));
        let positional: Vec<&str> = command
            .args_without_flags(&[])
            .iter()
            .map(|word| word.value())
            .collect();
        assert_eq!(positional, ["-weird", "--also-positional"]);
    }

    #[test]
    fn flags_with_values_drop_the_following_word() {
        let script = parsed(
            "apt-get install -t jessie-backports --target-release=stable -yt sid --no-foo pkg",
        );
        let command = &script.commands()[0];
        let positional = |with_values: &[&str]| -> Vec<String> {
            command
                .args_without_flags(with_values)
                .iter()
                .map(|word| word.value().to_owned())
                .collect()
        };
        assert_eq!(positional(&["t", "target-release"]), ["install", "pkg"]);
        assert_eq!(
            positional(&[]),
            ["install", "jessie-backports", "sid", "pkg"]
        );
        // A long flag with an inline value never takes the next word.
        let script = parsed("pip install --index-url=https://x pkg");
        let positional: Vec<&str> = script.commands()[0]
            .args_without_flags(&["index-url"])
            .iter()
            .map(|word| word.value())
            .collect();
        assert_eq!(positional, ["install", "pkg"]);
    }

    #[test]
    fn flag_values_in_every_spelling() {
        let script = parsed("useradd -u 100000 --uid=7 -lu 42 --home /h -mu");
        let command = &script.commands()[0];
        let values: Vec<&str> = command
            .argv()
            .flag_values("u")
            .map(|value| value.value)
            .collect();
        // `-mu` at the end has no value; `-lu 42` gives `u` the next word.
        assert_eq!(values, ["100000", "42"]);
        assert_eq!(command.flag_value("uid").unwrap().value, "7");
        let home = command.flag_value("home").unwrap();
        assert_eq!((home.value, home.range), ("/h", TextRange::new(40, 42)));
        assert_eq!(command.flag_value("l"), None);
        let uid = command.flag_value("uid").unwrap();
        assert_eq!(&script.source()[uid.range.as_usize()], "7");
    }

    #[test]
    fn expansions_and_quotes_in_flag_words() {
        let script = parsed(r#"curl "-fsSL" --output="$OUT" -$X "$ARGS" --$NAME"#);
        let command = &script.commands()[0];
        assert!(command.has_flag("f") && command.has_flag("L"));
        assert_eq!(command.flag_value("output").unwrap().value, "$OUT");
        // `-$X` is a flag word with no static letters; `"$ARGS"` is not a flag at all.
        assert!(!command.has_flag("X"));
        let positional: Vec<&str> = command
            .args_without_flags(&[])
            .iter()
            .map(|word| word.value())
            .collect();
        assert_eq!(positional, ["$ARGS"]);
    }

    #[test]
    fn subcommand_and_tails() {
        let script = parsed("npm --loglevel warn install express@4");
        let command = &script.commands()[0];
        assert_eq!(
            command.subcommand(&["loglevel"]).map(|word| word.value()),
            Some("install")
        );
        assert_eq!(
            command.subcommand(&[]).map(|word| word.value()),
            Some("warn")
        );
        let argv = command.argv();
        let install = command.subcommand(&["loglevel"]).unwrap();
        let index = argv.index_of(install).unwrap();
        assert_eq!(argv.after(index).words()[0].value(), "express@4");
        assert!(argv.after(argv.len()).is_empty());
    }

    use super::FlagKind;
    use plimsoll_text::TextRange;
}
