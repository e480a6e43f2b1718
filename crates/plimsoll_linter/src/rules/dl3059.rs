use plimsoll_syntax::dockerfile::InstructionKind;
use plimsoll_syntax::shell::{ScopeKind, Script, parse_script};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::{Node, exec_form_joined, hadolint_parses};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for consecutive `RUN` instructions (only comments between them) with the same
    /// flags, each running very few commands.
    ///
    /// ## Why is this bad?
    /// Every `RUN` makes a layer. Short steps that belong together are faster to build and
    /// smaller to ship as one `RUN`, especially when a later step deletes what an earlier one
    /// created.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint counts every command twice and `time` as a command of its own, so a `RUN` with
    /// two commands (`a && b`) already counts as "consolidated" and exempts its neighbours.
    /// plimsoll mode counts commands once and applies hadolint's threshold to the real
    /// number: `RUN`s of one or two commands are flagged, three or more are left alone.
    pub struct ConsecutiveRun {
        code: "DL3059",
        name: "consecutive-run",
        origin: Hadolint,
        severity: Info,
        fix: None,
    }
}

impl Rule for ConsecutiveRun {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.is_trigger || !node.is(InstructionKind::Run) {
            return;
        }
        let Some(index) = node.id.index().checked_sub(1) else {
            return;
        };
        let previous = &checker.model.nodes()[index];
        if !previous.is(InstructionKind::Run) || !same_flags(previous, node) {
            return;
        }
        let mode = checker.settings.mode;
        // hadolint's limit, `> 2` on its doubled count, lets single commands through.
        let limit = match mode {
            Mode::Hadolint => 1,
            Mode::Plimsoll => 2,
        };
        if command_count(previous, mode) <= limit && command_count(node, mode) <= limit {
            checker.report(
                node,
                node.instruction.keyword.range,
                "Multiple consecutive `RUN` instructions. Consider consolidation.",
            );
        }
    }
}

fn same_flags(a: &Node<'_>, b: &Node<'_>) -> bool {
    let (a, b) = (&a.instruction.flags, &b.instruction.flags);
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.text == b.text)
}

/// The commands a RUN runs: in hadolint mode as hadolint counts them (halved): from the joined
/// strings of the exec form, with `time` as a command, without `[` and commands whose name is
/// an expansion.
fn command_count(node: &Node<'_>, mode: Mode) -> usize {
    match mode {
        Mode::Plimsoll => node
            .commands()
            .filter(|command| command.name().is_some())
            .count(),
        Mode::Hadolint => {
            if let Some(joined) = exec_form_joined(node) {
                let script = parse_script(&joined, 0);
                return if hadolint_parses(&script) {
                    hadolint_count(&script)
                } else {
                    0
                };
            }
            node.scripts_in(mode).map(hadolint_count).sum()
        }
    }
}

fn hadolint_count(script: &Script<'_>) -> usize {
    // hadolint keeps only commands with a literal name, and `[ … ]` is a condition to it.
    let named = script
        .commands()
        .iter()
        .filter(|command| command.name_str().is_some_and(|name| name != "["))
        .count();
    let timed = script
        .scopes()
        .iter()
        .filter(|scope| scope.kind() == ScopeKind::Time)
        .count();
    named + timed
}
