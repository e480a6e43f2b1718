use plimsoll_syntax::dockerfile::go_quote;
use plimsoll_syntax::dockerfile::instructions::Command;
use plimsoll_text::TextRange;

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::NodeId;

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
        let mut seen: Vec<&str> = Vec::new();
        for (from, name, token) in named_stages(checker) {
            if seen.contains(&name) {
                let message = format!(
                    "Duplicate stage name {}, stage names should be unique",
                    go_quote(name)
                );
                report_node(checker, from, token, message);
            }
            seen.push(name);
        }
    }
}

/// The stages BuildKit names, once its stage checks ran (DuplicateStageName,
/// ReservedStageName): the stage's `FROM`, the name as BuildKit reads it, and where a finding
/// about it points (the alias word, else the `FROM` keyword).
pub(crate) fn named_stages<'m>(checker: &Checker<'m, '_>) -> Vec<(NodeId, &'m str, TextRange)> {
    let Some(build) = checker.build() else {
        return Vec::new();
    };
    if !build.stage_checks_ran() {
        return Vec::new();
    }
    checker
        .model
        .stages()
        .iter()
        .filter_map(|stage| {
            let Some(Command::From {
                stage_name: Some(name),
                ..
            }) = build.typed(stage.from).map(|typed| &typed.command)
            else {
                return None;
            };
            let token = stage
                .alias
                .map_or(stage.instruction.keyword.range, |word| word.range);
            Some((stage.from, name.as_str(), token))
        })
        .collect()
}
