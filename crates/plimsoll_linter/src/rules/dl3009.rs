use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_syntax::shell::{OperatorKind, ParseStatus, ScopeId, Word};
use plimsoll_text::{Edit, Fix};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::dl3008::APT_GET_OPTIONS_WITH_VALUES;
use crate::rules::package_commands::{
    cache_mount_targets, cleanup_stage_is_reported, has_cache_mount_covering, removes_path,
};
use crate::semantic::{Invocation, Node, SemanticModel, StageId};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that a `RUN` with `apt-get update` also deletes the package lists it downloads
    /// (`/var/lib/apt/lists`).
    ///
    /// ## Why is this bad?
    /// `apt-get update` stores tens of megabytes of package indexes. Left in the layer, they
    /// make the image bigger and go stale: they only help a later `apt-get install`, which
    /// should run its own `update` anyway. Deleting them in a later `RUN` does not help, as
    /// the layer that added them stays in the image.
    ///
    /// Only stages that end up in an image are checked: the last stage and stages other
    /// stages are built `FROM`. A cache or tmpfs mount on `/var/lib/apt/lists` (or
    /// `/var/lib/apt`) keeps the lists out of the layer and satisfies the rule, as does
    /// `apt-get distclean` (apt 2.7 and later).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// For a shell-form `RUN` that is a plain `&&` chain, appends
    /// `&& rm -rf /var/lib/apt/lists/*`. Safe when nothing later in the stage, in stages built
    /// on it or in its `ONBUILD` triggers runs apt; unsafe otherwise, since an
    /// `apt-get install` there without its own `update` would then fail.
    ///
    /// ## Differences from hadolint
    /// hadolint accepts any `rm` with `-rf` or `/var/lib/apt/lists/*` among its words
    /// (`rm -rf /tmp/build` passes), before or after the update. plimsoll wants an `rm` of
    /// `/var/lib/apt/lists` (or its contents, or a parent) after the last update, and does not
    /// take `apt-get clean`, which empties `/var/cache/apt`, for it. It recognises
    /// `apt-get update` by basename and sub-command (not `apt-get install update`), reads the
    /// stage graph to decide which stages matter (hadolint compares FROM lines as text: an
    /// alias matches `FROM alias:tag` and is case-sensitive), and accepts a single cache mount
    /// on `/var/lib/apt` (hadolint also wants one on `/var/cache/apt`).
    pub struct AptListsNotDeleted {
        code: "DL3009",
        name: "apt-lists-not-deleted",
        origin: Hadolint,
        severity: Info,
        fix: Sometimes,
    }
}

const MESSAGE: &str = "Delete the apt lists (/var/lib/apt/lists) after installing something";
const APT_LISTS: &str = "/var/lib/apt/lists";
const APT_FRONT_ENDS: &[&str] = &["apt-get", "apt", "aptitude"];

impl Rule for AptListsNotDeleted {
    fn applies_to_onbuild(&self) -> bool {
        true
    }

    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let mode = checker.settings.mode;
        let invocations: Vec<_> = node.invocations(mode).collect();
        let Some(update) = invocations
            .iter()
            .filter_map(|invocation| update_word(invocation))
            .next_back()
        else {
            return;
        };
        let cleaned = match mode {
            Mode::Hadolint => {
                invocations.iter().any(|invocation| {
                    invocation.is("rm")
                        && (invocation.has_arg("-rf") || invocation.has_arg("/var/lib/apt/lists/*"))
                }) || hadolint_cache_mounts(node)
            }
            Mode::Plimsoll => {
                invocations
                    .iter()
                    .filter(|invocation| invocation.command.range().start > update.range().end)
                    .any(deletes_apt_lists)
                    || has_cache_mount_covering(node, APT_LISTS)
            }
        };
        if cleaned || !cleanup_stage_is_reported(checker.model, node, mode) {
            return;
        }
        let fix = append_cleanup(checker.model, node);
        checker.report(node, update.range(), MESSAGE).fix = fix;
    }
}

/// The `update` word of `apt-get update` (also `apt`, `aptitude`): hadolint takes any
/// `update` argument, plimsoll the sub-command.
fn update_word<'n, 'a>(invocation: &Invocation<'n, 'a>) -> Option<&'n Word<'a>> {
    if !invocation.is_any(APT_FRONT_ENDS) {
        return None;
    }
    invocation.subcommand_word(&["update"], APT_GET_OPTIONS_WITH_VALUES)
}

/// hadolint's mount exemption: a cache/tmpfs target containing `/var/lib/apt/lists`, or
/// targets containing `/var/lib/apt` and `/var/cache/apt`.
fn hadolint_cache_mounts(node: &Node<'_>) -> bool {
    let targets = cache_mount_targets(node);
    let contains = |fragment: &str| targets.iter().any(|target| target.contains(fragment));
    contains(APT_LISTS) || (contains("/var/lib/apt") && contains("/var/cache/apt"))
}

/// `rm` of the lists, their contents or a parent directory; or `apt-get distclean`.
fn deletes_apt_lists(invocation: &Invocation<'_, '_>) -> bool {
    if invocation.is_any(&["apt-get", "apt"]) {
        return invocation
            .subcommand(APT_GET_OPTIONS_WITH_VALUES)
            .is_some_and(|word| word.is("distclean") || word.is("dist-clean"));
    }
    removes_path(invocation, APT_LISTS)
}

/// `&& rm -rf /var/lib/apt/lists/*` at the end of a shell-form RUN that is a plain `&&`
/// chain; `None` for anything else (heredocs, `;`, `||`, pipes, exec form).
fn append_cleanup(model: &SemanticModel<'_>, node: &Node<'_>) -> Option<Fix> {
    if !matches!(node.instruction.args, Args::Text(_))
        || !node.instruction.heredocs.is_empty()
        || node.scripts.len() != 1
    {
        return None;
    }
    let script = &node.scripts[0];
    if script.status() != ParseStatus::Clean {
        return None;
    }
    let chain: Vec<_> = script.pipelines_in(ScopeId::ROOT).collect();
    let plain_and_chain = chain.iter().all(|pipeline| {
        !pipeline.is_piped()
            && !pipeline.is_negated()
            && pipeline
                .before()
                .is_none_or(|operator| operator.kind == OperatorKind::And)
            && pipeline
                .after()
                .is_none_or(|operator| operator.kind == OperatorKind::And)
    });
    let last = chain.last()?;
    if !plain_and_chain {
        return None;
    }
    let edit = Edit::insertion(" && rm -rf /var/lib/apt/lists/*", last.range().end);
    let title = "Append `&& rm -rf /var/lib/apt/lists/*`";
    Some(if apt_runs_later(model, node) {
        Fix::unsafe_edits(title, vec![edit])
    } else {
        Fix::safe(title, vec![edit])
    })
}

/// True when apt runs after `node` in its stage, in stages built on it, or in an ONBUILD
/// trigger (there, the lists may still be needed).
fn apt_runs_later(model: &SemanticModel<'_>, node: &Node<'_>) -> bool {
    let Some(stage) = node.stage else {
        return false;
    };
    let runs_apt = |candidate: &Node<'_>| {
        std::iter::once(candidate)
            .chain(candidate.trigger.as_deref())
            .filter(|node| node.is(InstructionKind::Run))
            .flat_map(|node| node.invocations(Mode::Plimsoll))
            .any(|invocation| invocation.is_any(APT_FRONT_ENDS))
    };
    let later_in_stage = model
        .stage_nodes(stage)
        .iter()
        .filter(|candidate| candidate.id > node.id)
        .any(runs_apt);
    later_in_stage
        || descendants(model, stage).any(|child| model.stage_nodes(child).iter().any(runs_apt))
}

/// The stages built on `stage`, directly or through others.
fn descendants<'m>(
    model: &'m SemanticModel<'_>,
    stage: StageId,
) -> impl Iterator<Item = StageId> + 'm {
    let mut pending = model.stage(stage).used_as_base.clone();
    std::iter::from_fn(move || {
        let next = pending.pop()?;
        pending.extend(model.stage(next).used_as_base.iter().copied());
        Some(next)
    })
}
