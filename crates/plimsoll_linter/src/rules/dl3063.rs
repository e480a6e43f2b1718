use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for stages named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// Both names already mean something: `FROM scratch` is the empty image and `context` is
    /// the build context in `COPY --from` and named contexts. A stage with such a name is
    /// either unreachable or shadows the builtin, depending on where it is used.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint only reports the lower-case spellings; BuildKit lower-cases stage names, so
    /// plimsoll also reports `AS Scratch`. The hadolint drop-in keeps hadolint's behaviour.
    ///
    /// ## See also
    /// BuildKit's `ReservedStageName` finds the same problem.
    pub struct ReservedStageName {
        code: "DL3063",
        name: "reserved-stage-name",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for ReservedStageName {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let mode = checker.settings.mode;
        for stage in checker.model.stages() {
            let Some(alias) = stage.alias else { continue };
            let name = alias.as_str();
            let reserved = match mode {
                Mode::Hadolint => matches!(name, "scratch" | "context"),
                Mode::Plimsoll => {
                    name.eq_ignore_ascii_case("scratch") || name.eq_ignore_ascii_case("context")
                }
            };
            if reserved {
                let node = checker.model.node(stage.from);
                checker.report(
                    node,
                    alias.range,
                    "stage name should not be a reserved word",
                );
            }
        }
    }
}
