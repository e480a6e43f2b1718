use plimsoll_syntax::dockerfile::go_quote;
use plimsoll_syntax::dockerfile::instructions::Command;

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that no two stages have the same name. Names compare case-insensitively (BuildKit
    /// lower-cases them); the later stage is reported.
    ///
    /// ## Why is this bad?
    /// `FROM <name>` and `COPY --from=<name>` silently pick one of the stages, depending on where
    /// they are; renaming or moving a stage then changes what gets built.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm ci
    /// FROM node:22 AS build
    /// RUN npm run build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS deps
    /// RUN npm ci
    /// FROM deps AS build
    /// RUN npm run build
    /// ```
    ///
    /// ## See also
    /// hadolint's `DL3024` finds the same problem (keep one with `ignore = ["DL3024"]` or
    /// `ignore = ["DuplicateStageName"]`).
    /// <https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/>.
    pub struct DuplicateStageName {
        code: "DuplicateStageName",
        name: "buildkit-duplicate-stage-name",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for DuplicateStageName {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        if !build.stage_checks_ran() {
            return;
        }
        let mut seen: Vec<&str> = Vec::new();
        for stage in checker.model.stages() {
            let Some(Command::From {
                stage_name: Some(name),
                ..
            }) = build.typed(stage.from).map(|typed| &typed.command)
            else {
                continue;
            };
            if seen.contains(&name.as_str()) {
                let token = stage
                    .alias
                    .map_or(stage.instruction.keyword.range, |word| word.range);
                let message = format!(
                    "Duplicate stage name {}, stage names should be unique",
                    go_quote(name)
                );
                report_node(checker, stage.from, token, message);
            }
            seen.push(name);
        }
    }
}
