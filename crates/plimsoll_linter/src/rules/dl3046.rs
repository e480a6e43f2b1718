use plimsoll_syntax::shell::Word;
use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::{Invocation, Node, argument_insertion};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for `useradd` with a high UID (six digits or more) without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// `useradd` reserves room for every UID below the new one in `/var/log/lastlog` and
    /// `/var/log/faillog`. These are sparse files on disk, but image layers store them in full:
    /// a UID of 100000 adds tens of megabytes, a UID near 2^31 gigabytes.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Fix
    /// Unsafe: adds `-l` after `useradd`, so the user gets no lastlog and faillog entries.
    ///
    /// ## Differences from hadolint
    /// hadolint reads the UID only from `-u <uid>` (not `--uid`, `--uid=`, `-u<uid>`), and
    /// judges its length as written with `$NAME` counted as `${NAME}`, so `-u $UID` is "high".
    /// plimsoll mode reads every form and flags only a literal UID of six digits or more; the
    /// hadolint drop-in keeps hadolint's behaviour.
    pub struct UseraddHighUidWithoutL {
        code: "DL3046",
        name: "useradd-high-uid-without-l",
        origin: Hadolint,
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UseraddHighUidWithoutL {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        for invocation in node.invocations(mode) {
            if !invocation.is("useradd") || invocation.has_any_flag(&["l", "no-log-init"]) {
                continue;
            }
            let high_uid = match mode {
                Mode::Hadolint => hadolint_high_uid(&invocation),
                Mode::Plimsoll => high_uid(&invocation),
            };
            let Some(range) = high_uid else { continue };
            let fix = Fix::unsafe_edits(
                "Add `-l` (`--no-log-init`)",
                vec![argument_insertion(node, invocation.name, "-l")],
            );
            checker.report_with_fix(
                node,
                range,
                "`useradd` without flag `-l` and high UID will result in excessively large Image.",
                fix,
            );
        }
    }
}

/// hadolint: the word after any word holding the short flag `u`, longer than five characters
/// as hadolint renders it.
fn hadolint_high_uid(invocation: &Invocation<'_, '_>) -> Option<plimsoll_text::TextRange> {
    let argv = invocation.argv();
    argv.flags()
        .filter(|flag| flag.name == "u" && flag.kind == plimsoll_syntax::shell::FlagKind::Short)
        .filter_map(|flag| invocation.args.get(flag.word_index + 1))
        .find(|value| hadolint_rendered_len(value) > 5)
        .map(Word::range)
}

/// The length of a word as hadolint prints it: quotes removed, `$NAME` written `${NAME}`.
fn hadolint_rendered_len(word: &Word<'_>) -> usize {
    let value = word.value();
    if !word.has_expansion() {
        return value.chars().count();
    }
    let bytes = value.as_bytes();
    let unbraced = bytes
        .iter()
        .enumerate()
        .filter(|&(index, &byte)| {
            byte == b'$'
                && bytes
                    .get(index + 1)
                    .is_some_and(|next| next.is_ascii_alphabetic() || *next == b'_')
        })
        .count();
    value.chars().count() + 2 * unbraced
}

/// plimsoll: `-u N`, `-uN`, `--uid N`, `--uid=N` with a literal N of six digits or more.
fn high_uid(invocation: &Invocation<'_, '_>) -> Option<plimsoll_text::TextRange> {
    let argv = invocation.argv();
    let mut values: Vec<(String, plimsoll_text::TextRange)> = argv
        .flag_values("u")
        .chain(argv.flag_values("uid"))
        .map(|value| (value.value.to_owned(), value.range))
        .collect();
    for word in invocation.args {
        let Some(text) = word.literal() else { continue };
        if let Some(attached) = text.strip_prefix("-u")
            && !attached.is_empty()
            && attached.bytes().all(|byte| byte.is_ascii_digit())
        {
            values.push((attached.to_owned(), word.range()));
        }
    }
    values
        .into_iter()
        .find(|(value, _)| value.len() > 5 && value.bytes().all(|byte| byte.is_ascii_digit()))
        .map(|(_, range)| range)
}
