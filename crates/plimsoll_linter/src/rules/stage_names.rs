//! Stage names as each mode compares them.
//!
//! BuildKit lower-cases stage names, so `FROM builder` and `COPY --from=Builder` name the stage
//! `AS BUILDER`: plimsoll compares them case-insensitively. hadolint compares them exactly
//! (verified against 2.15.1: `FROM build` after `AS Build` is not the stage), and the drop-in
//! does the same.

use crate::checker::Checker;
use crate::semantic::{NodeId, Stage, StageBase, StageId};
use crate::settings::Mode;

/// Whether two stage names are the same name in `mode`.
#[must_use]
pub(crate) fn same_stage_name(mode: Mode, a: &str, b: &str) -> bool {
    match mode {
        Mode::Hadolint => a == b,
        Mode::Plimsoll => a.eq_ignore_ascii_case(b),
    }
}

/// The last stage named `name` whose FROM comes before `before`.
#[must_use]
pub(crate) fn stage_named<'m, 'a>(
    checker: &Checker<'m, 'a>,
    name: &str,
    before: NodeId,
) -> Option<&'m Stage<'a>> {
    let mode = checker.settings.mode;
    checker
        .model
        .stages()
        .iter()
        .take_while(|stage| stage.from < before)
        .filter(|stage| {
            stage
                .alias_str()
                .is_some_and(|alias| same_stage_name(mode, alias, name))
        })
        .last()
}

/// The earlier stage `stage` is built `FROM`, as the mode reads stage names.
#[must_use]
pub(crate) fn parent_stage(checker: &Checker<'_, '_>, stage: &Stage<'_>) -> Option<StageId> {
    match checker.settings.mode {
        Mode::Plimsoll => match stage.base {
            StageBase::Stage(parent) => Some(parent),
            _ => None,
        },
        Mode::Hadolint => {
            let image = stage.image_str()?;
            stage_named(checker, image, stage.from).map(|parent| parent.id)
        }
    }
}

/// `stage`, then its parent, and so on.
pub(crate) fn stage_and_ancestors(checker: &Checker<'_, '_>, stage: StageId) -> Vec<StageId> {
    let mut chain = vec![stage];
    let mut current = stage;
    while let Some(parent) = parent_stage(checker, checker.model.stage(current)) {
        // Parents always come earlier, so the chain ends; the guard is for safety only.
        if parent >= current {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain
}
