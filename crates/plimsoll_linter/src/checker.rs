//! Runs the enabled rules over one file's semantic model and collects their findings.

use plimsoll_text::{Diagnostic, Fix, Severity, TextRange};

use crate::registry::Rule;
use crate::rule_meta::RuleMeta;
use crate::semantic::{Node, SemanticModel};
use crate::settings::LinterSettings;

/// What a rule gets: the model, the settings, and a way to report.
pub struct Checker<'m, 'a> {
    pub model: &'m SemanticModel<'a>,
    pub settings: &'m LinterSettings,
    diagnostics: Vec<Diagnostic>,
    rule: Option<(&'static RuleMeta, Severity)>,
}

impl<'m, 'a> Checker<'m, 'a> {
    #[must_use]
    pub fn new(model: &'m SemanticModel<'a>, settings: &'m LinterSettings) -> Self {
        Self {
            model,
            settings,
            diagnostics: Vec::new(),
            rule: None,
        }
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
        self.report_at(range, Some(instruction), message)
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
        let (meta, severity) = self.rule.expect("report called outside a rule check");
        let mut diagnostic = Diagnostic::new(meta.code, severity, message, range);
        diagnostic.instruction = instruction;
        diagnostic.url = meta.url();
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Runs `rules` (each with its effective severity) over the whole file.
    pub(crate) fn run(mut self, rules: &[(&'static dyn Rule, Severity)]) -> Vec<Diagnostic> {
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
        self.diagnostics
    }
}
