use plimsoll_syntax::shell::Word;
use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3008::APT_GET_OPTIONS_WITH_VALUES;
use crate::rules::package_commands::{hadolint_flag_count, hadolint_has_flag};
use crate::semantic::{Invocation, Node, argument_insertion};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `apt-get install` runs with `-y` (or another way of answering yes).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer apt's "Do you want to continue?": without `-y`,
    /// `apt-get install` aborts as soon as it has to ask, which depends on what the base image
    /// already contains.
    ///
    /// `-y`, `--yes`, `--assume-yes` and quiet level 2 (`-qq`, `-q -q`, `-q=2`), which
    /// implies `-y`, all answer yes.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `-y` after `install`.
    ///
    /// ## Differences from hadolint
    /// plimsoll recognises `apt-get` by its basename (`/usr/bin/apt-get`) and `install` only as
    /// the sub-command; it accepts any quiet level from 2 up (`-qqq`, `--quiet=2`) and
    /// `-o APT::Get::Assume-Yes=true`, as apt does. hadolint wants exactly two `q`s.
    pub struct AptGetMissingYes {
        code: "DL3014",
        name: "apt-get-missing-yes",
        origin: Hadolint,
        severity: Warning,
        fix: Always,
    }
}

const MESSAGE: &str = "Use the `-y` switch to avoid manual input `apt-get -y install <package>`";

impl Rule for AptGetMissingYes {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for install in apt_get_installs_without(node, checker.settings.mode, answers_yes) {
            let fix = Fix::safe("Add `-y`", vec![argument_insertion(node, install, "-y")]);
            checker.report(node, install.range(), MESSAGE).fix = Some(fix);
        }
    }
}

/// The `install` words of the `apt-get install` commands of `node` that `has_option` rejects
/// (DL3014, DL3015): hadolint takes any `install` argument, plimsoll the sub-command.
pub(crate) fn apt_get_installs_without<'n, 'a>(
    node: &'n Node<'a>,
    mode: Mode,
    has_option: impl Fn(&Invocation<'n, 'a>) -> bool,
) -> Vec<&'n Word<'a>> {
    node.invocations(mode)
        .filter(|invocation| invocation.is("apt-get") && !has_option(invocation))
        .filter_map(|invocation| {
            invocation.subcommand_word(&["install"], APT_GET_OPTIONS_WITH_VALUES)
        })
        .collect()
}

/// The apt configuration items set on the command line: `-o Item=value`, `-oItem=value`,
/// `--option Item=value`, `--option=Item=value`.
fn apt_config_items<'n>(args: &'n [Word<'_>]) -> Vec<&'n str> {
    let mut items = Vec::new();
    for (index, word) in args.iter().enumerate() {
        let value = word.value();
        if value == "-o" || value == "--option" {
            if let Some(next) = args.get(index + 1) {
                items.push(next.value());
            }
        } else if let Some(item) = value
            .strip_prefix("--option=")
            .or_else(|| value.strip_prefix("-o").filter(|item| !item.is_empty()))
        {
            items.push(item);
        }
    }
    items
}

/// The value apt's configuration `item` gets on the command line (names compare
/// case-insensitively, as apt's do).
pub(crate) fn apt_config_value<'n>(args: &'n [Word<'_>], item: &str) -> Option<&'n str> {
    apt_config_items(args)
        .into_iter()
        .filter_map(|setting| setting.split_once('='))
        .filter(|(name, _)| name.eq_ignore_ascii_case(item))
        .map(|(_, value)| value)
        .next_back()
}

/// apt's boolean reading of a configuration value.
pub(crate) fn apt_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "yes" | "true" | "with" | "on" | "enable" => Some(true),
        "0" | "no" | "false" | "without" | "off" | "disable" => Some(false),
        _ => None,
    }
}

fn answers_yes(invocation: &Invocation<'_, '_>) -> bool {
    let args = invocation.args;
    match invocation.mode() {
        Mode::Hadolint => {
            hadolint_has_flag(args, &["y", "yes", "assume-yes"])
                || hadolint_flag_count(args, "q") == 2
                || hadolint_flag_count(args, "quiet") == 2
                || invocation.has_arg("-q=2")
        }
        Mode::Plimsoll => {
            invocation.has_any_flag(&["y", "yes", "assume-yes"])
                || quiet_level(invocation) >= 2
                || apt_config_value(args, "APT::Get::Assume-Yes").and_then(apt_bool) == Some(true)
        }
    }
}

/// apt's quiet level: one per `-q`/`--quiet`, or the number given with `=`.
fn quiet_level(invocation: &Invocation<'_, '_>) -> usize {
    let mut level = 0;
    for flag in invocation.argv().flags() {
        if flag.name == "q" || flag.name == "quiet" {
            level = match flag.inline_value.map(str::parse::<usize>) {
                Some(Ok(number)) => number,
                _ => level + 1,
            };
        }
    }
    level
}
