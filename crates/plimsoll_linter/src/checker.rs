//! Runs the enabled rules over one file's semantic model and collects their findings.

use plimsoll_syntax::dockerignore::DockerIgnore;
use plimsoll_text::{Diagnostic, Fix, Severity, TextRange};

use crate::buildkit::Build;
use crate::registry::Rule;
use crate::rule_meta::RuleMeta;
use crate::semantic::{Node, NodeId, SemanticModel};
use crate::settings::LinterSettings;

/// A finding with the instruction whose checks produced it (BuildKit's per-instruction
/// `# check=` comments apply to it) and the rule that reported it.
pub(crate) struct Reported {
    pub diagnostic: Diagnostic,
    pub owner: Option<NodeId>,
    pub rule: &'static RuleMeta,
}

/// What a rule gets: the model, the settings, and a way to report.
pub struct Checker<'m, 'a> {
    pub model: &'m SemanticModel<'a>,
    pub settings: &'m LinterSettings,
    build: Option<&'m Build<'a>>,
    dockerignore: Option<&'m DockerIgnore>,
    reported: Vec<Reported>,
    rule: Option<(&'static RuleMeta, Severity)>,
}

impl<'m, 'a> Checker<'m, 'a> {
    #[must_use]
    pub fn new(model: &'m SemanticModel<'a>, settings: &'m LinterSettings) -> Self {
        Self {
            model,
            settings,
            build: None,
            dockerignore: None,
            reported: Vec::new(),
            rule: None,
        }
    }

    /// Gives the BuildKit checks BuildKit's conversion of the file and the build context's
    /// ignore file.
    #[must_use]
    pub fn with_build(
        mut self,
        build: Option<&'m Build<'a>>,
        dockerignore: Option<&'m DockerIgnore>,
    ) -> Self {
        self.build = build;
        self.dockerignore = dockerignore;
        self
    }

    /// BuildKit's conversion of the file (`None` when no BuildKit check runs).
    #[must_use]
    pub fn build(&self) -> Option<&'m Build<'a>> {
        self.build
    }

    /// The ignore file of the build context, when the context is known and has one.
    #[must_use]
    pub fn dockerignore(&self) -> Option<&'m DockerIgnore> {
        self.dockerignore
    }

    /// The source text of the file.
    #[must_use]
    pub fn source(&self) -> &'a str {
        self.model.source()
    }

    /// Reports a finding of the running rule at `range`, belonging to `node`'s instruction
    /// (for a trigger, its ONBUILD), and returns it for adding a fix.
    pub fn report(
        &mut self,
        node: &Node<'_>,
        range: TextRange,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let instruction = self.model.node(node.id).instruction.range;
        self.report_for(Some(node.id), range, Some(instruction), message)
    }

    /// Reports a finding with a fix.
    pub fn report_with_fix(
        &mut self,
        node: &Node<'_>,
        range: TextRange,
        message: impl Into<String>,
        fix: Fix,
    ) {
        self.report(node, range, message).fix = Some(fix);
    }

    /// Reports a finding that belongs to no instruction (or to `instruction` when given).
    ///
    /// # Panics
    /// When called outside a rule's check (a bug in the engine).
    pub fn report_at(
        &mut self,
        range: TextRange,
        instruction: Option<TextRange>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report_for(None, range, instruction, message)
    }

    /// Reports a finding produced while checking `owner` (whose `# check=` comments apply),
    /// reported at `instruction`'s first line (hadolint-style output), pointing at `range`.
    ///
    /// # Panics
    /// When called outside a rule's check (a bug in the engine).
    pub fn report_for(
        &mut self,
        owner: Option<NodeId>,
        range: TextRange,
        instruction: Option<TextRange>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let (meta, severity) = self.rule.expect("report called outside a rule check");
        let mut diagnostic = Diagnostic::new(meta.code, severity, message, range);
        diagnostic.instruction = instruction;
        diagnostic.url = meta.url();
        self.reported.push(Reported {
            diagnostic,
            owner,
            rule: meta,
        });
        &mut self.reported.last_mut().expect("just pushed").diagnostic
    }

    /// Runs `rules` (each with its effective severity) over the whole file.
    pub(crate) fn run(mut self, rules: &[(&'static dyn Rule, Severity)]) -> Vec<Reported> {
        let model = self.model;
        for node in model.nodes() {
            for &(rule, severity) in rules {
                self.rule = Some((rule.meta(), severity));
                rule.check_instruction(&mut self, node);
                if let Some(trigger) = &node.trigger
                    && rule.applies_to_onbuild()
                {
                    rule.check_instruction(&mut self, trigger);
                }
            }
        }
        for &(rule, severity) in rules {
            self.rule = Some((rule.meta(), severity));
            rule.check_file(&mut self);
        }
        self.reported
    }
}
