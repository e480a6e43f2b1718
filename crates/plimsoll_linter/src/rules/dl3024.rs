use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::stage_names::same_stage_name;

declare_rule! {
    /// ## What it does
    /// Checks that no two stages have the same name.
    ///
    /// ## Why is this bad?
    /// `COPY --from=name`, `FROM name` and `--target name` can only mean one stage. BuildKit
    /// refuses to build a Dockerfile with duplicate stage names.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM node:22 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build-api
    /// FROM node:22 AS build-web
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint compares names case-sensitively, so `AS build` and `AS Build` pass; BuildKit
    /// lower-cases stage names and rejects them, and so does plimsoll. The hadolint drop-in
    /// keeps hadolint's behaviour.
    ///
    /// ## See also
    /// BuildKit's `DuplicateStageName` finds the same problem.
    pub struct DuplicateStageName {
        code: "DL3024",
        name: "duplicate-stage-name",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateStageName {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let mode = checker.settings.mode;
        let stages = checker.model.stages();
        for (index, stage) in stages.iter().enumerate() {
            let Some(alias) = stage.alias else { continue };
            let duplicate = stages[..index].iter().any(|earlier| {
                earlier
                    .alias_str()
                    .is_some_and(|name| same_stage_name(mode, name, alias.as_str()))
            });
            if duplicate {
                let node = checker.model.node(stage.from);
                checker.report(
                    node,
                    alias.range,
                    "FROM aliases (stage names) must be unique",
                );
            }
        }
    }
}
