use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::stage_names::stage_named;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `COPY --from` names a stage defined above it (by name or by index), or an
    /// image with a tag.
    ///
    /// ## Why is this bad?
    /// A name that is not a stage is pulled as an image: a typo in a stage name, or a stage
    /// defined further down, silently copies from `docker.io/library/<name>:latest`, or fails
    /// the build with a confusing registry error.
    ///
    /// A value with a `:` (`--from=nginx:1.27`) is taken to be an image and is accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/base-debian12
    /// COPY --from=biuld /app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/base-debian12
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint compares stage names case-sensitively and reports `--from=$STAGE`; plimsoll
    /// compares them as BuildKit does (case-insensitively) and leaves values with a variable
    /// alone. The hadolint drop-in keeps hadolint's behaviour.
    ///
    /// ## See also
    /// DL3023 (copying from the stage itself).
    pub struct CopyFromUnknownStage {
        code: "DL3022",
        name: "copy-from-unknown-stage",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CopyFromUnknownStage {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Copy || node.is_trigger {
            return;
        }
        let stages_so_far = node.stage.map_or(0, |stage| stage.index() + 1);
        for flag in &node.instruction.flags {
            if flag.name() != "from" {
                continue;
            }
            // Without `=` hadolint reads `--from` as a source path and BuildKit rejects it.
            let Some(value) = flag.value() else { continue };
            if value.contains(':')
                || (checker.settings.mode == Mode::Plimsoll && value.contains('$'))
                || value
                    .parse::<usize>()
                    .is_ok_and(|index| index < stages_so_far)
                || stage_named(checker, value, node.id).is_some()
            {
                continue;
            }
            checker.report(
                node,
                flag.value_range.unwrap_or(flag.range),
                "`COPY --from` should reference a previously defined `FROM` alias",
            );
        }
    }
}
