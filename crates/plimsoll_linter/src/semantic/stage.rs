//! Build stages: where each starts and ends, its base, its alias, and who uses it.

use plimsoll_syntax::dockerfile::{Instruction, InstructionKind, Word};

use super::{Node, NodeId};

/// Index of a stage in [`super::SemanticModel::stages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StageId(pub(crate) usize);

impl StageId {
    #[must_use]
    pub fn index(self) -> usize {
        self.0
    }
}

/// What a stage is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageBase {
    /// An earlier stage, named by its alias.
    Stage(StageId),
    /// `FROM scratch`.
    Scratch,
    /// An image from a registry (or a variable that names one).
    Image,
    /// FROM without an image word (a parse error BuildKit reports elsewhere).
    Missing,
}

/// One build stage: its FROM and the instructions up to the next FROM.
#[derive(Debug)]
pub struct Stage<'a> {
    pub id: StageId,
    /// The FROM node.
    pub from: NodeId,
    /// One past the last node of the stage.
    pub end: NodeId,
    pub instruction: &'a Instruction<'a>,
    /// The image word as written (unexpanded).
    pub image: Option<&'a Word<'a>>,
    /// The stage name word (`AS name`).
    pub alias: Option<&'a Word<'a>>,
    pub base: StageBase,
    /// Stages that are `FROM` this one.
    pub used_as_base: Vec<StageId>,
    /// Nodes that name this stage in `COPY --from` or `RUN --mount=from=`.
    pub used_by_copy: Vec<NodeId>,
}

impl<'a> Stage<'a> {
    pub(super) fn new(
        id: StageId,
        from: NodeId,
        instruction: &'a Instruction<'a>,
        earlier: &[Stage<'a>],
    ) -> Self {
        let (image, alias) = match instruction.from_parts() {
            Some(parts) => (Some(parts.image), parts.alias.map(|(_, name)| name)),
            None => (first_word(instruction), None),
        };
        let base = match image {
            None => StageBase::Missing,
            Some(word) if word.as_str().eq_ignore_ascii_case("scratch") => StageBase::Scratch,
            Some(word) => earlier
                .iter()
                .rev()
                .find(|stage| {
                    stage
                        .alias_str()
                        .is_some_and(|alias| alias.eq_ignore_ascii_case(word.as_str()))
                })
                .map_or(StageBase::Image, |stage| StageBase::Stage(stage.id)),
        };
        Self {
            id,
            from,
            end: from,
            instruction,
            image,
            alias,
            base,
            used_as_base: Vec::new(),
            used_by_copy: Vec::new(),
        }
    }

    #[must_use]
    pub fn alias_str(&self) -> Option<&str> {
        self.alias.map(Word::as_str)
    }

    #[must_use]
    pub fn image_str(&self) -> Option<&str> {
        self.image.map(Word::as_str)
    }

    /// Whether a later stage builds on this one or copies from it.
    #[must_use]
    pub fn is_used_later(&self) -> bool {
        !self.used_as_base.is_empty() || !self.used_by_copy.is_empty()
    }
}

fn first_word<'a>(instruction: &'a Instruction<'a>) -> Option<&'a Word<'a>> {
    match &instruction.args {
        plimsoll_syntax::dockerfile::Args::List(words) => words.first(),
        _ => None,
    }
}

/// Fills `used_as_base` and `used_by_copy`.
pub(super) fn link_usages(stages: &mut [Stage<'_>], nodes: &[Node<'_>]) {
    for index in 0..stages.len() {
        if let StageBase::Stage(parent) = stages[index].base {
            let child = stages[index].id;
            stages[parent.0].used_as_base.push(child);
        }
    }
    for node in nodes {
        let instruction = node
            .trigger
            .as_ref()
            .map_or(node.instruction, |trigger| trigger.instruction);
        let references = referenced_stages(instruction);
        for reference in references {
            let target = stages
                .iter()
                .take_while(|stage| stage.from < node.id)
                .filter(|stage| {
                    stage
                        .alias_str()
                        .is_some_and(|alias| alias.eq_ignore_ascii_case(&reference))
                        || reference.parse::<usize>().ok() == Some(stage.id.0)
                })
                .last()
                .map(|stage| stage.id);
            if let Some(target) = target {
                stages[target.0].used_by_copy.push(node.id);
            }
        }
    }
}

/// Names in `COPY --from=X` / `ADD --from` and `RUN --mount=...,from=X`.
fn referenced_stages(instruction: &Instruction<'_>) -> Vec<String> {
    let mut out = Vec::new();
    match instruction.kind {
        InstructionKind::Copy | InstructionKind::Add => {
            for flag in &instruction.flags {
                if flag.name().eq_ignore_ascii_case("from")
                    && let Some(value) = flag.value()
                {
                    out.push(value.to_owned());
                }
            }
        }
        InstructionKind::Run => {
            for flag in &instruction.flags {
                if !flag.name().eq_ignore_ascii_case("mount") {
                    continue;
                }
                let Some(value) = flag.value() else { continue };
                for field in value.split(',') {
                    if let Some(from) = field.trim().strip_prefix("from=") {
                        out.push(from.to_owned());
                    }
                }
            }
        }
        _ => {}
    }
    out
}
