use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::stage_names::stage_and_ancestors;
use crate::semantic::{Node, StageId};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that the image does not run as `root`: the last `USER` of the final stage (or,
    /// when it has none, of the stages it is built `FROM`) must not be `root` or `0`.
    ///
    /// ## Why is this bad?
    /// A process running as root inside a container is root on the files it can reach, and
    /// one kernel or runtime bug away from root on the host. Switch to `root` for the steps
    /// that need it, then back to an unprivileged user.
    ///
    /// Stages that only build something (copied from, or used as a base) are not checked: what
    /// runs is the final stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// USER 10001
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint checks the last `USER` of every stage, builder stages included (its issue
    /// #1068), and does not see a `root` user inherited from a parent stage. plimsoll checks
    /// what the image runs as: the final stage, following `FROM <stage>`. The hadolint drop-in
    /// keeps hadolint's behaviour.
    ///
    /// ## See also
    /// DL3066 (user names that may not resolve).
    pub struct LastUserRoot {
        code: "DL3002",
        name: "last-user-root",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for LastUserRoot {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let model = checker.model;
        match checker.settings.mode {
            Mode::Hadolint => {
                for stage in model.stages() {
                    if let Some(user) = last_user(checker, stage.id) {
                        report_if_root(checker, user);
                    }
                }
            }
            Mode::Plimsoll => {
                let Some(last) = model.last_stage() else {
                    return;
                };
                let user = stage_and_ancestors(checker, last.id)
                    .into_iter()
                    .find_map(|stage| last_user(checker, stage));
                if let Some(user) = user {
                    report_if_root(checker, user);
                }
            }
        }
    }
}

fn last_user<'m, 'a>(checker: &Checker<'m, 'a>, stage: StageId) -> Option<&'m Node<'a>> {
    checker
        .model
        .stage_nodes(stage)
        .iter()
        .rev()
        .find(|node| node.kind() == InstructionKind::User)
}

fn report_if_root(checker: &mut Checker<'_, '_>, node: &Node<'_>) {
    let Args::Text(user) = &node.instruction.args else {
        return;
    };
    let name = user.as_str().split(':').next().unwrap_or("");
    if matches!(name, "root" | "0") {
        checker.report(node, user.range, "Last USER should not be root");
    }
}
