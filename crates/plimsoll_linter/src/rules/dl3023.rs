use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::stage_names::same_stage_name;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY --from` naming the stage it is in.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: BuildKit reports a dependency cycle. The intent was
    /// usually an earlier stage, or a plain `COPY` from the build context.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS web
    /// COPY --from=web /app/dist /srv
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build
    /// FROM nginx:1.27 AS web
    /// COPY --from=build /app/dist /srv
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint compares the name case-sensitively and does not recognise the stage's own
    /// index (`--from=0` in the first stage); plimsoll does both, as BuildKit resolves them to
    /// the same stage. The hadolint drop-in keeps hadolint's behaviour.
    ///
    /// ## See also
    /// DL3022 (stages that do not exist).
    pub struct CopyFromOwnStage {
        code: "DL3023",
        name: "copy-from-own-stage",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for CopyFromOwnStage {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Copy || node.is_trigger {
            return;
        }
        let Some(stage) = node.stage.map(|stage| checker.model.stage(stage)) else {
            return;
        };
        let mode = checker.settings.mode;
        for flag in &node.instruction.flags {
            if flag.name() != "from" {
                continue;
            }
            // Without `=` hadolint reads `--from` as a source path and BuildKit rejects it.
            let Some(value) = flag.value() else { continue };
            let by_name = stage
                .alias_str()
                .is_some_and(|alias| same_stage_name(mode, alias, value));
            let by_index =
                mode == Mode::Plimsoll && value.parse::<usize>().ok() == Some(stage.id.index());
            if by_name || by_index {
                checker.report(
                    node,
                    flag.value_range.unwrap_or(flag.range),
                    "`COPY --from` cannot reference its own `FROM` alias",
                );
            }
        }
    }
}
