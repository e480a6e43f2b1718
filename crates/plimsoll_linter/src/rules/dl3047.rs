use plimsoll_text::Fix;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::{Node, argument_insertion};

declare_rule! {
    /// ## What it does
    /// Checks for `wget` without an option that tames its progress output (`--progress`,
    /// `-q`/`--quiet`, `-nv`/`--no-verbose`, or a log file with `-o`/`--output-file` or
    /// `-a`/`--append-output`).
    ///
    /// ## Why is this bad?
    /// Without a terminal, `wget` prints a line of dots for every few kilobytes: build logs of
    /// a large download grow by megabytes and hide what matters.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget https://example.com/archive.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN wget -nv https://example.com/archive.tar.gz
    /// ```
    ///
    /// ## Fix
    /// Safe: adds `-nv` after `wget`, which GNU wget reads as `--no-verbose` (errors are still
    /// printed) and BusyBox wget accepts. `--progress=dot:giga`, which the message suggests, is
    /// not used: BusyBox wget, the `wget` of Alpine images, rejects it.
    ///
    /// ## Differences from hadolint
    /// hadolint matches command names exactly; plimsoll mode also reads a path such as
    /// `/usr/bin/wget` (by basename).
    pub struct WgetWithoutProgress {
        code: "DL3047",
        name: "wget-without-progress",
        origin: Hadolint,
        severity: Info,
        fix: Always,
    }
}

impl Rule for WgetWithoutProgress {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        for invocation in node.invocations(checker.settings.mode) {
            if !invocation.is("wget")
                || invocation.has_any_flag(&[
                    "progress",
                    "q",
                    "quiet",
                    "o",
                    "output-file",
                    "a",
                    "append-output",
                    "no-verbose",
                ])
                || invocation.has_arg("-nv")
            {
                continue;
            }
            let fix = Fix::safe(
                "Add `-nv` (`--no-verbose`)",
                vec![argument_insertion(node, invocation.name, "-nv")],
            );
            checker.report_with_fix(
                node,
                invocation.name.range(),
                "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).",
                fix,
            );
        }
    }
}
