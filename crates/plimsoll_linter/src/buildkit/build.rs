//! BuildKit's conversion of a Dockerfile (`dockerfile2llb.toDispatchState`) replayed without
//! building: what the build checks see and how far BuildKit gets before an error stops it.
//!
//! The phases, in BuildKit's order (a check runs only in a phase BuildKit reaches):
//!
//! 1. `instructions.Parse` (layer 2), instruction by instruction; it stops at the first error,
//!    and the instruction that fails still gets the checks BuildKit runs before parsing it.
//! 2. Stage-level checks (stage names, instruction casing), when layer 2 passed.
//! 3. Base names expanded with the meta `ARG` defaults only.
//! 4. Per stage: the base name and `--platform` expanded with the global args; an empty base,
//!    a bad platform or an expansion error stops the build here.
//! 5. Stage references (`COPY --from`, `RUN --mount=from=`), circular dependencies and image
//!    names are resolved; ONBUILD triggers of base stages are parsed.
//! 6. Every stage is dispatched in order (BuildKit's `AllStages`, what `--check` uses): the
//!    triggers of a `FROM <stage>` first (reported at that `FROM`), then the stage's
//!    instructions, expanding their words in the stage's environment.
//!
//! The base image's environment is unknown statically: an image is assumed to define `PATH`
//! and the names in [`LinterSettings::base_image_env`](crate::LinterSettings), nothing else.

use plimsoll_syntax::dockerfile::instructions::{self, Command, TypedInstruction};
use plimsoll_syntax::dockerfile::{Args, Instruction, Word};
use plimsoll_syntax::expand::{ExpandError, Lexer};
use plimsoll_syntax::scope::{BuildOptions, BuildScope, NON_ENV_ARGS, ScopeError, StageBase};
use plimsoll_text::TextRange;

use super::platform;
use super::ports::check_port;
use super::reference::is_valid_normalized_name;
use super::signal::parse_signal;
use crate::semantic::{NodeId, SemanticModel};

/// What BuildKit's conversion does with one file, as facts for the build checks.
#[derive(Debug, Default)]
pub struct Build<'a> {
    /// Layer 2 per instruction it read, in order; `None` for the instruction it failed on.
    layer2: Vec<Option<TypedInstruction<'a>>>,
    /// Whether the stage-level checks ran (layer 2 passed, at least one stage).
    stage_checks: bool,
    invalid_default_bases: Vec<NodeId>,
    froms: Vec<FromStep>,
    steps: Vec<Step<'a>>,
    target_platform: String,
    error: Option<String>,
}

/// One `FROM` as the stage loop expands it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromStep {
    pub node: NodeId,
    /// The stage name, lower-cased (BuildKit's `Stage.Name`).
    pub stage_name: Option<String>,
    /// Variables in the base name that are neither meta args nor predefined args.
    pub base_undefined: Vec<String>,
    /// `--platform`, when given and the base name expanded.
    pub platform: Option<PlatformStep>,
    /// The names an undefined variable could have meant (meta args, then global args).
    pub candidates: Vec<String>,
}

/// A `FROM --platform=` value after expansion with the global args.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformStep {
    /// The flag value as BuildKit has it, unexpanded.
    pub raw: String,
    /// The flag value as written.
    pub token: TextRange,
    /// The expansion (empty on an expansion error).
    pub value: String,
    pub matched: Vec<String>,
    pub unmatched: Vec<String>,
    /// The unmatched names that are neither meta args nor predefined args.
    pub undefined: Vec<String>,
}

/// Where BuildKit reports an instruction's checks: the instruction itself, or for an ONBUILD
/// trigger run in a child stage, that stage's `FROM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The instruction (the ONBUILD instruction for a trigger).
    pub node: NodeId,
    /// The child stage's `FROM` when this is a trigger run there.
    pub reported_at: Option<NodeId>,
}

impl Location {
    /// The node whose lines BuildKit reports.
    #[must_use]
    pub fn reported_node(&self) -> NodeId {
        self.reported_at.unwrap_or(self.node)
    }
}

/// What a word is in its instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordRole {
    /// An ENV or LABEL key.
    Key,
    /// An ENV or LABEL value.
    Value,
    /// A flag value (`--chown`, `--chmod`, `--checksum`).
    Flag,
    /// A COPY or ADD source.
    Source,
    /// A COPY or ADD destination.
    Dest,
    /// A heredoc body of COPY or ADD that is expanded.
    Heredoc,
    /// A `RUN --mount` field value.
    Mount,
    /// An ARG default.
    ArgDefault,
    /// The argument of WORKDIR, USER or STOPSIGNAL, or one VOLUME.
    Argument,
}

/// One word BuildKit expands during dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedWord {
    pub role: WordRole,
    /// The token in the source the word was read from.
    pub token: TextRange,
    /// The expansion; `None` when it failed (and stopped the build).
    pub value: Option<String>,
    /// Variables BuildKit's `UndefinedVar` reports for this word.
    pub undefined: Vec<String>,
    /// The environment's names at that point (for suggestions; empty when nothing is
    /// undefined).
    pub env_keys: Vec<String>,
}

/// One EXPOSE port that got as far as BuildKit's port checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    /// The port word after expansion.
    pub raw: String,
    /// The EXPOSE word it came from.
    pub token: TextRange,
    pub ip: String,
    pub host_port: String,
    pub proto: String,
}

/// A COPY/ADD source BuildKit compares against `.dockerignore`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextSource {
    /// The source after expansion.
    pub path: String,
    /// The source word.
    pub token: TextRange,
}

/// One dispatched instruction.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub location: Location,
    /// The instruction dispatched (the trigger for an ONBUILD trigger).
    pub instruction: &'a Instruction<'a>,
    pub typed: TypedInstruction<'a>,
    /// Every word expanded, in BuildKit's order, up to a failing one.
    pub words: Vec<ExpandedWord>,
    /// The image config had a SHELL before this instruction.
    pub shell_set: bool,
    /// A WORKDIR was set in this stage or a stage it is built on before this instruction.
    pub workdir_set: bool,
    /// For CMD, ENTRYPOINT and HEALTHCHECK: the previous one in this stage.
    pub previous: Option<Location>,
    /// EXPOSE: the ports checked.
    pub ports: Vec<Port>,
    /// COPY (from the build context) and ADD: the local sources checked.
    pub context_sources: Vec<ContextSource>,
}

impl Step<'_> {
    /// Whether every word expanded (an expansion error stops the instruction before its own
    /// checks).
    #[must_use]
    pub fn expanded(&self) -> bool {
        self.words.iter().all(|word| word.value.is_some())
    }

    /// The keyword as written (BuildKit's `Command.Name()`).
    #[must_use]
    pub fn keyword(&self) -> &str {
        self.instruction.keyword.as_str()
    }
}

impl<'a> Build<'a> {
    /// Replays BuildKit's conversion of the file behind `model` (which BuildKit's parser
    /// accepted). `base_image_env` is what external base images are assumed to define besides
    /// `PATH` (`NAME` or `NAME=value`).
    #[must_use]
    pub fn new(model: &SemanticModel<'a>, base_image_env: &[String]) -> Self {
        let mut build = Build {
            target_platform: "linux/amd64".to_owned(),
            ..Build::default()
        };
        if let Err(error) = Converter::new(model, base_image_env, &mut build).run() {
            build.error = Some(error);
        }
        build
    }

    /// Whether layer 2 read `node` (its pre-parse checks ran), even if it failed on it.
    #[must_use]
    pub fn read_by_layer2(&self, node: NodeId) -> bool {
        node.index() < self.layer2.len()
    }

    /// `node` as layer 2 typed it, when it parsed.
    #[must_use]
    pub fn typed(&self, node: NodeId) -> Option<&TypedInstruction<'a>> {
        self.layer2.get(node.index()).and_then(Option::as_ref)
    }

    /// Whether the stage-level checks (names, casing) ran.
    #[must_use]
    pub fn stage_checks_ran(&self) -> bool {
        self.stage_checks
    }

    /// The `FROM`s whose base name is not a valid image name with the meta args' defaults.
    #[must_use]
    pub fn invalid_default_bases(&self) -> &[NodeId] {
        &self.invalid_default_bases
    }

    /// The `FROM`s the stage loop expanded, in order.
    #[must_use]
    pub fn froms(&self) -> &[FromStep] {
        &self.froms
    }

    /// The dispatched instructions, in dispatch order.
    #[must_use]
    pub fn steps(&self) -> &[Step<'a>] {
        &self.steps
    }

    /// `TARGETPLATFORM`'s value.
    #[must_use]
    pub fn target_platform(&self) -> &str {
        &self.target_platform
    }

    /// The error BuildKit stops with, if any.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

/// `COPY --from` / `RUN --mount=from=` targets.
enum Reference {
    Stage(usize),
    Image(String),
}

struct Converter<'m, 'a, 'b> {
    model: &'m SemanticModel<'a>,
    scope: BuildScope,
    build: &'b mut Build<'a>,
    /// Each dispatched stage's state at its end (what `FROM <stage>` inherits).
    stage_finals: Vec<StageState>,
}

type Outcome = Result<(), String>;

impl<'m, 'a, 'b> Converter<'m, 'a, 'b> {
    fn new(
        model: &'m SemanticModel<'a>,
        base_image_env: &[String],
        build: &'b mut Build<'a>,
    ) -> Self {
        let mut options = BuildOptions::default();
        for entry in base_image_env {
            let (name, value) = entry.split_once('=').unwrap_or((entry, ""));
            if !name.is_empty() && name != "PATH" {
                options
                    .base_image_env
                    .push((name.to_owned(), value.to_owned()));
            }
        }
        let scope = BuildScope::new(Lexer::new(model.dockerfile().escape()), options);
        Self {
            model,
            scope,
            build,
            stage_finals: Vec::new(),
        }
    }

    fn run(&mut self) -> Outcome {
        self.parse_instructions()?;
        let stages = self.model.stages();
        if stages.is_empty() {
            return Err("dockerfile contains no stages to build".to_owned());
        }
        self.build.stage_checks = true;
        if let Some(value) = self.scope.global_args().get("TARGETPLATFORM") {
            value.clone_into(&mut self.build.target_platform);
        }

        let meta_args = self.declare_meta_args();
        if meta_args.is_ok() {
            self.check_default_bases();
        }
        meta_args?;
        let bases = self.expand_froms()?;
        let base_stages = self.resolve(&bases)?;
        self.check_triggers(&base_stages)?;
        for (index, base) in base_stages.iter().enumerate() {
            self.dispatch_stage(index, *base, &bases[index])?;
        }
        Ok(())
    }

    fn parse_instructions(&mut self) -> Outcome {
        let mut in_stage = false;
        for instruction in self.model.dockerfile().instructions() {
            match instructions::parse_instruction(instruction) {
                Ok(typed) => {
                    let is_arg = matches!(typed.command, Command::Arg(_));
                    in_stage |= matches!(typed.command, Command::From { .. });
                    self.build.layer2.push(Some(typed));
                    if !in_stage && !is_arg {
                        return Err("no build stage in current context".to_owned());
                    }
                }
                Err(error) => {
                    self.build.layer2.push(None);
                    return Err(error.message);
                }
            }
        }
        Ok(())
    }

    fn typed(&self, node: NodeId) -> &TypedInstruction<'a> {
        self.build.layer2[node.index()]
            .as_ref()
            .expect("layer 2 passed for every instruction")
    }

    fn declare_meta_args(&mut self) -> Outcome {
        for node in self.model.preamble() {
            let Command::Arg(pairs) = &self.typed(node.id).command else {
                continue;
            };
            for pair in pairs.clone() {
                self.scope
                    .declare_arg(pair.key, pair.value)
                    .map_err(|error| error.to_string())?;
            }
        }
        Ok(())
    }

    /// `validateBaseImagesWithDefaultArgs`: no build args are given, so the global args are
    /// the defaults.
    fn check_default_bases(&mut self) {
        for stage in self.model.stages() {
            let Command::From { base_name, .. } = self.typed(stage.from).command else {
                continue;
            };
            let Ok(expansion) = self.scope.expand_in_from(base_name) else {
                return;
            };
            if !is_valid_normalized_name(&expansion.value) {
                self.build.invalid_default_bases.push(stage.from);
            }
        }
    }

    /// The stage loop: base names and platforms. Returns the expanded base names.
    fn expand_froms(&mut self) -> Result<Vec<String>, String> {
        let candidates: Vec<String> = self
            .scope
            .from_arg_candidates()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut bases = Vec::new();
        for stage in self.model.stages() {
            let typed = self.typed(stage.from);
            let Command::From {
                base_name,
                stage_name,
                platform,
            } = &typed.command
            else {
                continue;
            };
            let platform_token = typed
                .flags
                .get("platform")
                .and_then(|flag| flag.value_range);
            let (base_name, stage_name, platform) = (*base_name, stage_name.clone(), *platform);
            let expansion = self.scope.expand_in_from(base_name);
            let mut step = FromStep {
                node: stage.from,
                stage_name,
                base_undefined: self.scope.undefined_args_in_from(&unmatched_of(&expansion)),
                platform: None,
                candidates: candidates.clone(),
            };
            let expansion = match expansion {
                Ok(expansion) => expansion,
                Err(error) => {
                    self.build.froms.push(step);
                    return Err(error.to_string());
                }
            };
            if expansion.value.is_empty() {
                self.build.froms.push(step);
                return Err(format!("base name ({base_name}) should not be blank"));
            }
            let mut platform_error = None;
            if let Some(raw) = platform {
                let result = self.scope.expand_in_from(raw);
                let unmatched = unmatched_of(&result);
                let (value, matched) = match &result {
                    Ok(expansion) => (expansion.value.clone(), expansion.matched.clone()),
                    Err(error) => (String::new(), error.matched().to_vec()),
                };
                platform_error = match &result {
                    Err(error) => Some(format!(
                        "failed to process arguments for platform {value}: {error}"
                    )),
                    Ok(_) if value.is_empty() => {
                        Some(format!("empty platform value from expression {raw}"))
                    }
                    Ok(_) => platform::parse(&value)
                        .err()
                        .map(|error| format!("failed to parse platform {raw}: {error}")),
                };
                step.platform = Some(PlatformStep {
                    raw: raw.to_owned(),
                    token: platform_token.unwrap_or(stage.instruction.keyword.range),
                    value,
                    matched,
                    undefined: self.scope.undefined_args_in_from(&unmatched),
                    unmatched,
                });
            }
            self.build.froms.push(step);
            if let Some(error) = platform_error {
                return Err(error);
            }
            bases.push(expansion.value);
        }
        Ok(bases)
    }

    /// Stage references, circular dependencies and image names. Returns each stage's base
    /// stage.
    fn resolve(&self, bases: &[String]) -> Result<Vec<Option<usize>>, String> {
        let stages = self.model.stages();
        let names: Vec<Option<&str>> = stages
            .iter()
            .map(|stage| match &self.typed(stage.from).command {
                Command::From { stage_name, .. } => stage_name.as_deref(),
                _ => None,
            })
            .collect();
        // A base is the latest earlier stage of that (lower-cased) name, matched exactly.
        let base_stages: Vec<Option<usize>> = bases
            .iter()
            .enumerate()
            .map(|(index, base)| names[..index].iter().rposition(|name| *name == Some(base)))
            .collect();
        let by_name = |name: &str| {
            let lower = name.to_lowercase();
            names
                .iter()
                .rposition(|stage| *stage == Some(lower.as_str()))
        };

        let mut images: Vec<String> = Vec::new();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); stages.len()];
        for (index, stage) in stages.iter().enumerate() {
            for node in &self.model.stage_nodes(stage.id)[1..] {
                for reference in self.references(self.typed(node.id), &by_name, images.len())? {
                    match reference {
                        Reference::Stage(target) => edges[index].push(target),
                        Reference::Image(image) => images.push(image),
                    }
                }
            }
        }
        if let Some(stage) = first_cycle(&edges) {
            let name = names[stage].map_or_else(|| format!("stage-{stage}"), str::to_owned);
            return Err(format!("circular dependency detected on stage: {name}"));
        }
        for (index, base) in bases.iter().enumerate() {
            if base_stages[index].is_none() && base != "scratch" && !is_valid_normalized_name(base)
            {
                return Err(format!(
                    "failed to parse stage name {}: invalid reference format",
                    go_quote(base)
                ));
            }
        }
        for image in &images {
            if image != "scratch" && !is_valid_normalized_name(image) {
                return Err(format!(
                    "failed to parse stage name {}: invalid reference format",
                    go_quote(image)
                ));
            }
        }
        Ok(base_stages)
    }

    /// What `COPY --from` and `RUN --mount=from=` of one instruction refer to.
    fn references(
        &self,
        typed: &TypedInstruction<'a>,
        by_name: &dyn Fn(&str) -> Option<usize>,
        images_so_far: usize,
    ) -> Result<Vec<Reference>, String> {
        let stage_count = self.model.stages().len();
        let mut out = Vec::new();
        match &typed.command {
            Command::Copy { .. } => {
                if let Some(from) = typed.flags.string("from").filter(|from| !from.is_empty()) {
                    if let Some(index) = go_atoi(from) {
                        let total = (stage_count + images_so_far) as i64;
                        if index < 0 || index >= total {
                            return Err(format!("invalid stage index {index}"));
                        }
                        if let Ok(index) = usize::try_from(index)
                            && index < stage_count
                        {
                            out.push(Reference::Stage(index));
                        }
                    } else if let Some(index) = by_name(from) {
                        out.push(Reference::Stage(index));
                    } else {
                        out.push(Reference::Image(from.to_owned()));
                    }
                }
            }
            Command::Run { mounts, .. } => {
                for mount in mounts {
                    let Some(from) = mount_from(mount) else {
                        continue;
                    };
                    match by_name(&from) {
                        Some(index) => out.push(Reference::Stage(index)),
                        None => out.push(Reference::Image(from)),
                    }
                }
            }
            _ => {}
        }
        Ok(out)
    }

    /// The ONBUILD triggers a `FROM <stage>` runs must parse.
    fn check_triggers(&self, base_stages: &[Option<usize>]) -> Outcome {
        for base in base_stages.iter().flatten() {
            for (_, trigger) in self.triggers_of(*base) {
                instructions::parse_instruction(trigger).map_err(|error| error.message)?;
            }
        }
        Ok(())
    }

    /// The ONBUILD triggers of a stage, with their ONBUILD nodes.
    fn triggers_of(&self, stage: usize) -> Vec<(NodeId, &'a Instruction<'a>)> {
        let id = self.model.stages()[stage].id;
        self.model
            .stage_nodes(id)
            .iter()
            .filter_map(|node| node.instruction.trigger().map(|trigger| (node.id, trigger)))
            .collect()
    }

    fn dispatch_stage(&mut self, index: usize, base: Option<usize>, base_name: &str) -> Outcome {
        let scope_base = match base {
            Some(stage) => StageBase::Stage(stage),
            None if base_name == "scratch" => StageBase::Scratch,
            None => StageBase::Image { env: None },
        };
        self.scope
            .enter_stage(scope_base)
            .map_err(|error| error.to_string())?;
        let mut state = match base {
            Some(stage) => self.stage_finals[stage].clone(),
            None => StageState::default(),
        };
        state.cmd = None;
        state.entrypoint = None;
        state.healthcheck = None;
        let stage = &self.model.stages()[index];
        if let Some(base) = base {
            for (node, trigger) in self.triggers_of(base) {
                let typed = instructions::parse_instruction(trigger).map_err(|e| e.message)?;
                let location = Location {
                    node,
                    reported_at: Some(stage.from),
                };
                self.dispatch(location, trigger, typed, index, &mut state)?;
            }
        }
        for node in &self.model.stage_nodes(stage.id)[1..] {
            let typed = self.typed(node.id).clone();
            let location = Location {
                node: node.id,
                reported_at: None,
            };
            self.dispatch(location, node.instruction, typed, index, &mut state)?;
        }
        self.stage_finals.push(state);
        Ok(())
    }
}

impl<'a> Converter<'_, 'a, '_> {
    fn dispatch(
        &mut self,
        location: Location,
        instruction: &'a Instruction<'a>,
        typed: TypedInstruction<'a>,
        stage: usize,
        state: &mut StageState,
    ) -> Outcome {
        let mut step = Step {
            location,
            instruction,
            typed,
            words: Vec::new(),
            shell_set: state.shell_set,
            workdir_set: state.workdir_set,
            previous: None,
            ports: Vec::new(),
            context_sources: Vec::new(),
        };
        let outcome = self.dispatch_step(&mut step, stage, state);
        self.build.steps.push(step);
        outcome
    }

    fn dispatch_step(
        &mut self,
        step: &mut Step<'a>,
        stage: usize,
        state: &mut StageState,
    ) -> Outcome {
        let instruction = step.instruction;
        let words = &mut step.words;
        match &step.typed.command {
            Command::Env(pairs) | Command::Label(pairs) => {
                let tree = key_values(instruction);
                for (index, pair) in pairs.iter().enumerate() {
                    let (key, value) = tree.get(index).copied().unwrap_or_default();
                    self.expand(words, WordRole::Key, pair.key, key)?;
                    self.expand(words, WordRole::Value, pair.value, value)?;
                }
                if matches!(step.typed.command, Command::Env(_)) {
                    let raw: Vec<(&str, &str)> =
                        pairs.iter().map(|pair| (pair.key, pair.value)).collect();
                    self.scope
                        .set_env(&raw)
                        .map_err(|error| error.to_string())?;
                }
            }
            Command::Copy {
                sources,
                inline_files,
                dest,
            }
            | Command::Add {
                sources,
                inline_files,
                dest,
            } => {
                let is_add = matches!(step.typed.command, Command::Add { .. });
                let flags: &[&str] = if is_add {
                    &["chown", "chmod", "checksum"]
                } else {
                    &["chown", "chmod"]
                };
                let mut flag_values = Vec::new();
                for name in flags {
                    let Some(flag) = step.typed.flags.get(name) else {
                        continue;
                    };
                    let token = flag.value_range.unwrap_or(flag.range);
                    let value =
                        self.expand(words, WordRole::Flag, flag.value().unwrap_or(""), token)?;
                    flag_values.push((*name, value));
                }
                let tokens = source_tokens(instruction, sources);
                let mut expanded = Vec::new();
                for (source, token) in sources.iter().zip(&tokens) {
                    expanded.push((
                        self.expand(words, WordRole::Source, source, *token)?,
                        *token,
                    ));
                }
                let dest_token = list_words(instruction)
                    .last()
                    .map_or(instruction.keyword.range, |word| word.range);
                self.expand(words, WordRole::Dest, dest, dest_token)?;
                for file in inline_files.iter().filter(|file| file.expand) {
                    let token = instruction
                        .heredocs
                        .iter()
                        .rev()
                        .find(|heredoc| heredoc.name == file.path)
                        .map_or(instruction.keyword.range, |heredoc| heredoc.body);
                    self.expand_heredoc(words, &file.data, token)?;
                }

                let from = step
                    .typed
                    .flags
                    .string("from")
                    .filter(|from| !from.is_empty());
                if let Some(from) = from
                    && let Some(source_stage) = self.stage_reference(from)
                    && source_stage >= stage
                {
                    return Err(format!(
                        "cannot copy from stage {}, it needs to be defined before current stage",
                        go_quote(from)
                    ));
                }
                for (name, value) in &flag_values {
                    if *name == "chmod"
                        && !value.is_empty()
                        && value.bytes().all(|b| (b'0'..=b'7').contains(&b))
                        && u64::from_str_radix(value, 8).is_ok_and(|mode| mode > 0o7777)
                    {
                        return Err(format!(
                            "invalid chmod parameter: '{value}'. it should be octal string and between 0 and 07777"
                        ));
                    }
                    if *name == "checksum" && !value.is_empty() {
                        if sources.len() != 1 {
                            return Err(
                                "checksum can't be specified for multiple sources".to_owned()
                            );
                        }
                        if expanded
                            .iter()
                            .any(|(source, _)| !is_http_source(source) && !is_git_source(source))
                        {
                            return Err("checksum requires HTTP(S) or Git sources".to_owned());
                        }
                    }
                }
                for (source, token) in expanded {
                    let remote = is_git_source(&source) || is_http_source(&source);
                    if !is_add && is_git_source(&source) {
                        return Err("source can't be a git ref for COPY".to_owned());
                    }
                    if !is_add && is_http_source(&source) {
                        return Err("source can't be a URL for COPY".to_owned());
                    }
                    if !remote && (is_add || from.is_none()) {
                        step.context_sources.push(ContextSource {
                            path: source,
                            token,
                        });
                    }
                }
            }
            Command::Run { .. } => {
                for flag in step.typed.flags.all("mount") {
                    let token = flag.value_range.unwrap_or(flag.range);
                    let fields =
                        instructions::csv_fields(flag.value().unwrap_or("")).unwrap_or_default();
                    for field in fields {
                        if let Some((_, value)) = field.split_once('=') {
                            self.expand(words, WordRole::Mount, value, token)?;
                        }
                    }
                }
            }
            Command::Workdir(path) => {
                self.expand(words, WordRole::Argument, path, text_token(instruction))?;
                state.workdir_set = true;
            }
            Command::User(user) => {
                self.expand(words, WordRole::Argument, user, text_token(instruction))?;
            }
            Command::Stopsignal(signal) => {
                let value =
                    self.expand(words, WordRole::Argument, signal, text_token(instruction))?;
                parse_signal(&value)?;
            }
            Command::Volume(volumes) => {
                let tree = list_words(instruction);
                for (index, volume) in volumes.iter().enumerate() {
                    let token = tree
                        .get(index)
                        .map_or(instruction.keyword.range, |word| word.range);
                    let value = self.expand(words, WordRole::Argument, volume, token)?;
                    if value.is_empty() {
                        return Err("VOLUME specified can not be an empty string".to_owned());
                    }
                }
            }
            Command::Arg(pairs) => {
                let tree = match &instruction.args {
                    Args::Names(names) => names.as_slice(),
                    _ => &[],
                };
                for (index, pair) in pairs.iter().enumerate() {
                    let declared_before = self.declared_args();
                    let env_keys = self.env_keys();
                    let outcome = self.scope.declare_arg(pair.key, pair.value);
                    if pair.value.is_some() {
                        let unmatched = match &outcome {
                            Ok(outcome) => outcome
                                .expansion
                                .as_ref()
                                .map(|expansion| expansion.unmatched.clone())
                                .unwrap_or_default(),
                            Err(ScopeError::Expand(error)) => error.unmatched().to_vec(),
                            Err(_) => Vec::new(),
                        };
                        let undefined: Vec<String> = unmatched
                            .into_iter()
                            .filter(|name| {
                                !declared_before.contains(name)
                                    && !NON_ENV_ARGS.contains(&name.as_str())
                            })
                            .collect();
                        let token = tree.get(index).map_or(instruction.keyword.range, |name| {
                            name.value
                                .as_ref()
                                .map_or(name.word.range, |value| value.range)
                        });
                        words.push(ExpandedWord {
                            role: WordRole::ArgDefault,
                            token,
                            value: outcome
                                .as_ref()
                                .ok()
                                .and_then(|outcome| outcome.value.clone()),
                            env_keys: if undefined.is_empty() {
                                Vec::new()
                            } else {
                                env_keys
                            },
                            undefined,
                        });
                    }
                    outcome.map_err(|error| error.to_string())?;
                }
            }
            Command::Cmd(_) => step.previous = state.cmd.replace(step.location),
            Command::Entrypoint(_) => step.previous = state.entrypoint.replace(step.location),
            Command::Healthcheck(_) => step.previous = state.healthcheck.replace(step.location),
            Command::Expose(ports) => {
                let tree = list_words(instruction);
                let mut used = vec![false; tree.len()];
                for port in ports {
                    let token = match tree
                        .iter()
                        .enumerate()
                        .position(|(index, word)| !used[index] && word.as_str() == *port)
                    {
                        Some(index) => {
                            used[index] = true;
                            tree[index].range
                        }
                        None => instruction.keyword.range,
                    };
                    let env = self.scope.current_stage().map(|stage| stage.env().clone());
                    let expanded = self
                        .scope
                        .lexer()
                        .process_words(port, &env.unwrap_or_default())
                        .map_err(|error| error.to_string())?;
                    for raw in expanded.words {
                        let check = check_port(&raw);
                        if let Some(parts) = &check.parts {
                            step.ports.push(Port {
                                raw: raw.clone(),
                                token,
                                ip: parts.ip.to_owned(),
                                host_port: parts.host_port.to_owned(),
                                proto: parts.proto.to_owned(),
                            });
                        }
                        if let Some(error) = check.error {
                            return Err(error);
                        }
                    }
                }
            }
            Command::Shell(_) => state.shell_set = true,
            Command::From { .. } | Command::Onbuild { .. } | Command::Maintainer(_) => {}
        }
        Ok(())
    }

    /// Expands one word in the current stage and records it.
    fn expand(
        &self,
        words: &mut Vec<ExpandedWord>,
        role: WordRole,
        text: &str,
        token: TextRange,
    ) -> Result<String, String> {
        let result = self.scope.expand(text);
        self.record(words, role, token, &result);
        result
            .map(|expansion| expansion.value)
            .map_err(|error| error.to_string())
    }

    /// Expands a COPY/ADD heredoc body: backslash escapes, quotes kept.
    fn expand_heredoc(
        &self,
        words: &mut Vec<ExpandedWord>,
        data: &str,
        token: TextRange,
    ) -> Result<String, String> {
        let lexer = Lexer::new('\\').skip_process_quotes(true);
        let env = self
            .scope
            .current_stage()
            .map(|stage| stage.env().clone())
            .unwrap_or_default();
        let result = lexer.process_word(data, &env);
        self.record(words, WordRole::Heredoc, token, &result);
        result
            .map(|expansion| expansion.value)
            .map_err(|error| error.to_string())
    }

    fn record(
        &self,
        words: &mut Vec<ExpandedWord>,
        role: WordRole,
        token: TextRange,
        result: &Result<plimsoll_syntax::expand::Expansion, ExpandError>,
    ) {
        let undefined = self.scope.undefined_vars(&unmatched_of(result));
        words.push(ExpandedWord {
            role,
            token,
            value: result
                .as_ref()
                .ok()
                .map(|expansion| expansion.value.clone()),
            env_keys: if undefined.is_empty() {
                Vec::new()
            } else {
                self.env_keys()
            },
            undefined,
        });
    }

    fn env_keys(&self) -> Vec<String> {
        self.scope
            .current_stage()
            .map(|stage| stage.env().keys().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    fn declared_args(&self) -> Vec<String> {
        self.scope
            .current_stage()
            .map(|stage| stage.declared_args().to_vec())
            .unwrap_or_default()
    }

    /// The stage a `COPY --from` value names (by index or case-insensitive name).
    fn stage_reference(&self, from: &str) -> Option<usize> {
        let stages = self.model.stages();
        if let Some(index) = go_atoi(from) {
            return usize::try_from(index)
                .ok()
                .filter(|index| *index < stages.len());
        }
        let lower = from.to_lowercase();
        stages.iter().rposition(|stage| {
            matches!(&self.typed(stage.from).command,
                Command::From { stage_name: Some(name), .. } if *name == lower)
        })
    }
}

/// The key and value tokens of ENV/LABEL pairs.
fn key_values(instruction: &Instruction<'_>) -> Vec<(TextRange, TextRange)> {
    match &instruction.args {
        Args::KeyValues(pairs) => pairs
            .iter()
            .map(|pair| (pair.key.range, pair.value.range))
            .collect(),
        _ => Vec::new(),
    }
}

/// The words of a list or exec-form instruction.
fn list_words<'i, 'a>(instruction: &'i Instruction<'a>) -> &'i [Word<'a>] {
    match &instruction.args {
        Args::List(words) | Args::Json(words) => words,
        _ => &[],
    }
}

/// The argument token of WORKDIR, USER, STOPSIGNAL.
fn text_token(instruction: &Instruction<'_>) -> TextRange {
    match &instruction.args {
        Args::Text(word) => word.range,
        _ => instruction.keyword.range,
    }
}

/// The words COPY/ADD sources were read from, in order (heredoc sources are skipped).
fn source_tokens(instruction: &Instruction<'_>, sources: &[&str]) -> Vec<TextRange> {
    let words = list_words(instruction);
    let mut cursor = 0;
    sources
        .iter()
        .map(|source| {
            match words[cursor..]
                .iter()
                .position(|word| word.as_str() == *source)
            {
                Some(offset) => {
                    cursor += offset + 1;
                    words[cursor - 1].range
                }
                None => instruction.keyword.range,
            }
        })
        .collect()
}

/// Per-stage dispatch state BuildKit keeps in its image config and trackers.
#[derive(Debug, Clone, Default)]
struct StageState {
    shell_set: bool,
    workdir_set: bool,
    cmd: Option<Location>,
    entrypoint: Option<Location>,
    healthcheck: Option<Location>,
}

fn unmatched_of(result: &Result<plimsoll_syntax::expand::Expansion, ExpandError>) -> Vec<String> {
    match result {
        Ok(expansion) => expansion.unmatched.clone(),
        Err(error) => error.unmatched().to_vec(),
    }
}

/// The `from=` of a mount value, as layer 2 parsed it (fields are CSV).
fn mount_from(mount: &str) -> Option<String> {
    let fields = instructions::csv_fields(mount).ok()?;
    let mut from = None;
    let mut kind = String::from("bind");
    for field in fields {
        if let Some((key, value)) = field.split_once('=') {
            match key.to_lowercase().as_str() {
                "from" => from = Some(value.to_owned()),
                "type" => kind = value.to_lowercase(),
                _ => {}
            }
        }
    }
    match from {
        Some(from) if !from.is_empty() => Some(from),
        // Bind and cache mounts without `from` read the empty image.
        _ if matches!(kind.as_str(), "bind" | "cache") => Some("scratch".to_owned()),
        _ => None,
    }
}

/// Go `strconv.Atoi`: optional sign, decimal digits.
fn go_atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A stage on a cycle of `COPY --from` / mount dependencies (a stage copying from itself
/// included).
fn first_cycle(edges: &[Vec<usize>]) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(stage: usize, edges: &[Vec<usize>], marks: &mut [Mark]) -> bool {
        marks[stage] = Mark::Open;
        for &next in &edges[stage] {
            let mark = marks[next];
            if mark == Mark::Open || (mark == Mark::New && visit(next, edges, marks)) {
                return true;
            }
        }
        marks[stage] = Mark::Done;
        false
    }
    let mut marks = vec![Mark::New; edges.len()];
    (0..edges.len()).find(|&stage| marks[stage] == Mark::New && visit(stage, edges, &mut marks))
}

fn go_quote(text: &str) -> String {
    plimsoll_syntax::dockerfile::go_quote(text)
}

/// `http://` and `https://` sources that are not git repositories.
#[must_use]
pub fn is_http_source(source: &str) -> bool {
    (source.starts_with("http://") || source.starts_with("https://")) && !is_git_source(source)
}

/// Sources BuildKit reads as remote git repositories (`gitutil.ParseGitRef` without the forms
/// that could also be local paths).
#[must_use]
pub fn is_git_source(source: &str) -> bool {
    if source.starts_with("git://") || source.starts_with("git@") || source.starts_with("ssh://") {
        return true;
    }
    let Some(rest) = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"))
    else {
        return false;
    };
    let path = rest.split_once('#').map_or(rest, |(path, _)| path);
    path.ends_with(".git")
}
