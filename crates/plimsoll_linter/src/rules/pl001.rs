use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::StageBase;

declare_rule! {
    /// ## What it does
    /// Checks that the final stage switches to a non-root `USER`, itself or through the stage
    /// it is built on.
    ///
    /// ## Why is this bad?
    /// Without a `USER`, the container runs as root: a compromised web app can then change
    /// anything in the container and, with a container escape, far more. The seeds' rule of
    /// thumb: create an unprivileged user and switch to it before `CMD`/`ENTRYPOINT`.
    ///
    /// Base images that already run as non-root are recognised by their tag (`:nonroot`,
    /// distroless `-nonroot`, `chainguard`); any other base image is assumed to run as root,
    /// since its configuration cannot be read statically.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN useradd --create-home --uid 10001 app
    /// COPY . /app
    /// USER 10001
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// ## See also
    /// hadolint's DL3002 flags an explicit `USER root` at the end of a stage; this rule also
    /// catches the final image that never sets a user. `plimsoll image` checks the built
    /// image's configured user.
    pub struct FinalStageRunsAsRoot {
        code: "PL001",
        name: "final-stage-runs-as-root",
        origin: Plimsoll,
        severity: Warning,
        fix: None,
    }
}

impl Rule for FinalStageRunsAsRoot {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let model = checker.model;
        let Some(last) = model.last_stage() else {
            return;
        };
        for stage in model.stage_and_ancestors(last.id) {
            // The nearest USER decides, searching this stage and then the ones it is FROM.
            let user = model.stage_nodes(stage.id).iter().rev().find_map(|node| {
                if node.kind() != InstructionKind::User {
                    return None;
                }
                match &node.instruction.args {
                    Args::Text(word) => Some(word.as_str().to_owned()),
                    _ => None,
                }
            });
            if let Some(user) = user {
                if is_root_user(&user) {
                    let node = model
                        .stage_nodes(stage.id)
                        .iter()
                        .rev()
                        .find(|node| node.kind() == InstructionKind::User)
                        .expect("found above");
                    if stage.id == last.id {
                        let range = node.instruction.range;
                        checker.report(node, range, "The final image runs as root: switch to an unprivileged `USER` after the last step that needs root");
                    }
                    // A root USER in an ancestor stage is reported at the final FROM below.
                    else {
                        report_missing(checker, last.id);
                    }
                }
                return;
            }
            if stage.base == StageBase::Image && stage.image_str().is_some_and(runs_as_non_root) {
                return;
            }
        }
        report_missing(checker, last.id);
    }
}

fn report_missing(checker: &mut Checker<'_, '_>, stage: crate::semantic::StageId) {
    let model = checker.model;
    let stage = model.stage(stage);
    let node = model.node(stage.from);
    let range = stage
        .image
        .map_or(node.instruction.range, |word| word.range);
    checker.report(
        node,
        range,
        "The final image runs as root: no `USER` switches to an unprivileged user",
    );
}

fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

/// Images published to run as non-root.
fn runs_as_non_root(image: &str) -> bool {
    let lower = image.to_ascii_lowercase();
    lower.contains(":nonroot") || lower.contains("-nonroot") || lower.contains("chainguard/")
}
