use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::{Invocation, Node};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for stages that download with both `curl` and `wget`. Once both have been used
    /// in a stage, every `RUN` of that stage using either is flagged (the first one is not).
    ///
    /// ## Why is this bad?
    /// Two tools doing the same job mean two packages to install, update and scan, and two
    /// sets of flags to get right (`curl -f` vs `wget`'s default failure on HTTP errors).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSLO https://example.com/a.tar.gz
    /// RUN wget -nv https://example.com/b.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN curl -fsSLO https://example.com/a.tar.gz
    /// RUN curl -fsSLO https://example.com/b.tar.gz
    /// ```
    ///
    /// `ONBUILD RUN` triggers are checked among themselves.
    ///
    /// ## Differences from hadolint
    /// hadolint checks all `ONBUILD RUN` triggers of the file together, across stages;
    /// plimsoll mode checks the triggers of each stage on their own, since each stage's
    /// triggers run in a different build.
    pub struct CurlAndWget {
        code: "DL4001",
        name: "curl-and-wget",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

#[derive(Default)]
struct Seen {
    curl: bool,
    wget: bool,
}

impl Rule for CurlAndWget {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let mode = checker.settings.mode;
        let model = checker.model;
        let mut runs = Seen::default();
        let mut triggers = Seen::default();
        let mut stage = None;
        for node in model.nodes() {
            if node.stage != stage {
                stage = node.stage;
                runs = Seen::default();
                if mode == Mode::Plimsoll {
                    triggers = Seen::default();
                }
            }
            if node.is(InstructionKind::Run) {
                check_run(checker, node, &mut runs);
            }
            if let Some(trigger) = &node.trigger
                && trigger.is(InstructionKind::Run)
            {
                check_run(checker, trigger, &mut triggers);
            }
        }
    }
}

fn check_run(checker: &mut Checker<'_, '_>, node: &Node<'_>, seen: &mut Seen) {
    let downloads: Vec<Invocation<'_, '_>> = node
        .invocations(checker.settings.mode)
        .filter(|invocation| invocation.is_any(&["curl", "wget"]))
        .collect();
    for invocation in &downloads {
        if invocation.is("curl") {
            seen.curl = true;
        } else {
            seen.wget = true;
        }
    }
    if !(seen.curl && seen.wget) {
        return;
    }
    for invocation in downloads {
        checker.report(
            node,
            invocation.name.range(),
            "Either use Wget or Curl but not both",
        );
    }
}
