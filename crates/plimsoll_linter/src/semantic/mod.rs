//! The stage-aware view of one Dockerfile that every rule reads: instructions in order (ONBUILD
//! triggers alongside), the stage each belongs to, stage aliases and `FROM <stage>` inheritance,
//! and the parsed shell of every RUN.

mod invocation;
mod scripts;
mod stage;

use plimsoll_syntax::dockerfile::{Dockerfile, Instruction, InstructionKind};
use plimsoll_syntax::shell::{Command, Script};

pub use invocation::{Invocation, argument_insertion, exec_form_joined, hadolint_parses};
pub use scripts::ShellTexts;
pub use stage::{Stage, StageBase, StageId};

/// Index of a node in [`SemanticModel::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) usize);

impl NodeId {
    #[must_use]
    pub fn index(self) -> usize {
        self.0
    }
}

/// One instruction as rules see it.
#[derive(Debug)]
pub struct Node<'a> {
    pub id: NodeId,
    /// The instruction as written (for `ONBUILD RUN x`, the ONBUILD).
    pub instruction: &'a Instruction<'a>,
    /// The stage the instruction is in; `None` before the first FROM.
    pub stage: Option<StageId>,
    /// The shell scripts of a RUN: the command line and, for `RUN <<EOF`, the heredoc bodies;
    /// for the exec form, its one command and, for `["sh", "-c", "<script>"]`, the script.
    /// Empty for other instructions.
    pub scripts: Vec<Script<'a>>,
    /// For ONBUILD with a trigger: the trigger as its own node (kind of the trigger, scripts of
    /// a triggered RUN), which rules that apply to triggers check too.
    pub trigger: Option<Box<Node<'a>>>,
    /// True for a trigger node.
    pub is_trigger: bool,
}

impl<'a> Node<'a> {
    /// The instruction's kind (the trigger's for a trigger node).
    #[must_use]
    pub fn kind(&self) -> InstructionKind {
        self.instruction.kind
    }

    #[must_use]
    pub fn is(&self, kind: InstructionKind) -> bool {
        self.instruction.kind == kind
    }

    /// Every simple command of every script, in source order.
    pub fn commands(&self) -> impl Iterator<Item = &Command<'a>> {
        self.scripts.iter().flat_map(|script| script.commands())
    }

    /// True when some command is `name` (basename-aware).
    #[must_use]
    pub fn runs(&self, name: &str) -> bool {
        self.commands().any(|command| command.is(name))
    }

    /// The `--mount` flag values of a RUN.
    pub fn mounts(&self) -> impl Iterator<Item = &str> {
        self.instruction
            .flags
            .iter()
            .filter(|flag| flag.name().eq_ignore_ascii_case("mount"))
            .filter_map(|flag| flag.value())
    }
}

/// The semantic model of one Dockerfile.
#[derive(Debug)]
pub struct SemanticModel<'a> {
    dockerfile: &'a Dockerfile<'a>,
    nodes: Vec<Node<'a>>,
    stages: Vec<Stage<'a>>,
}

impl<'a> SemanticModel<'a> {
    /// Builds the model; `shell_texts` must come from the same `dockerfile`
    /// ([`ShellTexts::collect`]) and outlive the model, since scripts borrow from it.
    #[must_use]
    pub fn new(dockerfile: &'a Dockerfile<'a>, shell_texts: &'a ShellTexts) -> Self {
        let mut nodes = Vec::new();
        let mut stages: Vec<Stage<'a>> = Vec::new();
        for instruction in dockerfile.instructions() {
            let id = NodeId(nodes.len());
            if instruction.kind == InstructionKind::From {
                let stage = Stage::new(StageId(stages.len()), id, instruction, &stages);
                if let Some(last) = stages.last_mut() {
                    last.end = id;
                }
                stages.push(stage);
            }
            let stage = stages.last().map(|stage| stage.id);
            let trigger = instruction.trigger().map(|trigger| {
                Box::new(Node {
                    id,
                    instruction: trigger,
                    stage,
                    scripts: shell_texts.scripts_for(dockerfile.source(), trigger),
                    trigger: None,
                    is_trigger: true,
                })
            });
            nodes.push(Node {
                id,
                instruction,
                stage,
                scripts: shell_texts.scripts_for(dockerfile.source(), instruction),
                trigger,
                is_trigger: false,
            });
        }
        if let Some(last) = stages.last_mut() {
            last.end = NodeId(nodes.len());
        }
        stage::link_usages(&mut stages, &nodes);
        Self {
            dockerfile,
            nodes,
            stages,
        }
    }

    #[must_use]
    pub fn dockerfile(&self) -> &'a Dockerfile<'a> {
        self.dockerfile
    }

    #[must_use]
    pub fn source(&self) -> &'a str {
        self.dockerfile.source()
    }

    /// Every instruction in source order (ONBUILD triggers are inside their ONBUILD node).
    #[must_use]
    pub fn nodes(&self) -> &[Node<'a>] {
        &self.nodes
    }

    #[must_use]
    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id.0]
    }

    #[must_use]
    pub fn stages(&self) -> &[Stage<'a>] {
        &self.stages
    }

    #[must_use]
    pub fn stage(&self, id: StageId) -> &Stage<'a> {
        &self.stages[id.0]
    }

    /// The nodes of one stage, its FROM first.
    #[must_use]
    pub fn stage_nodes(&self, id: StageId) -> &[Node<'a>] {
        let stage = self.stage(id);
        &self.nodes[stage.from.0..stage.end.0]
    }

    /// The instructions before the first FROM (global ARGs, or misplaced instructions).
    #[must_use]
    pub fn preamble(&self) -> &[Node<'a>] {
        let end = self
            .stages
            .first()
            .map_or(self.nodes.len(), |stage| stage.from.0);
        &self.nodes[..end]
    }

    /// `id`, then the stage it is `FROM`, and so on up the chain of earlier stages.
    pub fn stage_and_ancestors(&self, id: StageId) -> impl Iterator<Item = &Stage<'a>> {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let stage = self.stage(next?);
            next = match stage.base {
                StageBase::Stage(parent) => Some(parent),
                _ => None,
            };
            Some(stage)
        })
    }

    /// The nodes before `id` in its stage (FROM included), nearest first.
    pub fn earlier_in_stage(&self, id: NodeId) -> impl Iterator<Item = &Node<'a>> {
        let start = self
            .node(id)
            .stage
            .map_or(0, |stage| self.stage(stage).from.0);
        self.nodes[start..id.0].iter().rev()
    }

    /// The nodes before `id` in its stage and then in the stages it derives from (each
    /// ancestor's whole stage), nearest first.
    pub fn earlier_in_stage_and_ancestors(&self, id: NodeId) -> impl Iterator<Item = &Node<'a>> {
        let stage = self.node(id).stage;
        let ancestors = stage
            .into_iter()
            .flat_map(move |stage| self.stage_and_ancestors(stage).skip(1))
            .flat_map(move |stage| self.stage_nodes(stage.id).iter().rev());
        self.earlier_in_stage(id).chain(ancestors)
    }

    /// The stage named `alias` defined before `before` (stage names compare case-insensitively,
    /// as BuildKit lower-cases them).
    #[must_use]
    pub fn stage_by_alias(&self, alias: &str, before: NodeId) -> Option<&Stage<'a>> {
        self.stages
            .iter()
            .take_while(|stage| stage.from < before)
            .filter(|stage| {
                stage
                    .alias_str()
                    .is_some_and(|name| name.eq_ignore_ascii_case(alias))
            })
            .last()
    }

    /// The last stage (the build target by default).
    #[must_use]
    pub fn last_stage(&self) -> Option<&Stage<'a>> {
        self.stages.last()
    }
}

#[cfg(test)]
mod tests;
