use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::image_ref::ImageRef;
use crate::semantic::Stage;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every image the Dockerfile builds has a `HEALTHCHECK`, in its stage or in
    /// a stage it is built `FROM`. Off by default: select it with its code.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Swarm only know whether the process runs, not
    /// whether it answers: a hung web server stays "up". (Kubernetes ignores `HEALTHCHECK`
    /// and uses its own probes, which is why the rule is off by default.)
    ///
    /// `HEALTHCHECK NONE` counts: it states that the image has no health check on purpose.
    /// Stages that a later stage builds on or copies from are build steps, not images.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
    /// CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint checks every stage, builders included, and links stages by exact name (an
    /// unnamed stage is named after its base image without tag, so two `FROM debian:…`
    /// stages count as one); a health check in a later stage also clears the stages it is
    /// built from. plimsoll checks the stages that become images (no later stage builds on
    /// them or copies from them), and a stage has a health check when it or a stage it is
    /// built `FROM` (BuildKit's stage names) declares one, as Docker inherits it. The
    /// hadolint drop-in keeps hadolint's behaviour.
    pub struct HealthcheckMissing {
        code: "DL3057",
        name: "healthcheck-missing",
        origin: Hadolint,
        severity: Info,
        enabled_by_default: false,
        fix: None,
    }
}

const MESSAGE: &str = "`HEALTHCHECK` instruction missing.";

impl Rule for HealthcheckMissing {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let missing: Vec<usize> = match checker.settings.mode {
            Mode::Plimsoll => images_without_healthcheck(checker),
            Mode::Hadolint => stages_without_healthcheck_like_hadolint(checker),
        };
        for index in missing {
            let node = checker.model.node(checker.model.stages()[index].from);
            checker.report(node, node.instruction.keyword.range, MESSAGE);
        }
    }
}

fn declares_healthcheck(checker: &Checker<'_, '_>, stage: &Stage<'_>) -> bool {
    checker
        .model
        .stage_nodes(stage.id)
        .iter()
        .any(|node| node.kind() == InstructionKind::Healthcheck)
}

fn images_without_healthcheck(checker: &Checker<'_, '_>) -> Vec<usize> {
    let model = checker.model;
    model
        .stages()
        .iter()
        .filter(|stage| !stage.is_used_later())
        .filter(|stage| {
            !model
                .stage_and_ancestors(stage.id)
                .any(|ancestor| declares_healthcheck(checker, ancestor))
        })
        .map(|stage| stage.id.index())
        .collect()
}

/// One stage as hadolint 2.15.1 tracks it (observed behaviour).
struct Tracked {
    /// The stage name, or for an unnamed stage its image's name (no registry, tag, digest).
    name: String,
    /// The name of the image it is built `FROM`, read the same way.
    base: String,
    has_healthcheck: bool,
}

/// In file order: a stage has a health check from the start when an earlier stage named like
/// its base has one; a `HEALTHCHECK` marks the current stage, and through the base names the
/// earlier stages it is built from, recursively. At the end the unmarked stages are reported.
fn stages_without_healthcheck_like_hadolint(checker: &Checker<'_, '_>) -> Vec<usize> {
    let model = checker.model;
    let mut tracked: Vec<Tracked> = Vec::new();
    for stage in model.stages() {
        let image_name = |image: &str| ImageRef::parse(image, Mode::Hadolint).name.to_owned();
        let base = stage.image_str().map(image_name).unwrap_or_default();
        let name = stage
            .alias_str()
            .map_or_else(|| base.clone(), str::to_owned);
        let inherited = tracked
            .iter()
            .any(|earlier| earlier.name == base && earlier.has_healthcheck);
        tracked.push(Tracked {
            name,
            base,
            has_healthcheck: inherited,
        });
        if declares_healthcheck(checker, stage) {
            mark(&mut tracked, stage.id.index());
        }
    }
    tracked
        .iter()
        .enumerate()
        .filter(|(_, stage)| !stage.has_healthcheck)
        .map(|(index, _)| index)
        .collect()
}

/// Marks stage `index` and, through base names, the earlier stages it is built from.
fn mark(tracked: &mut [Tracked], index: usize) {
    let mut visited = vec![false; tracked.len()];
    let mut pending = vec![index];
    while let Some(current) = pending.pop() {
        if std::mem::replace(&mut visited[current], true) {
            continue;
        }
        tracked[current].has_healthcheck = true;
        // Only earlier stages: every stage is visited at most once.
        for earlier in 0..current {
            if tracked[earlier].name == tracked[current].base {
                pending.push(earlier);
            }
        }
    }
}
