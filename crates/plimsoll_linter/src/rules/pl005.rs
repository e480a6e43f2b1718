use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that the final image carries at least one OCI annotation label
    /// (`org.opencontainers.image.*`), in its own stage or the stages it is built on.
    ///
    /// ## Why is this bad?
    /// Registries, scanners and people read `org.opencontainers.image.source`, `.version`,
    /// `.revision`, `.title` and `.licenses` to know where an image comes from and what is in
    /// it. Without them an image in a registry is an anonymous blob.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app" \
    ///       org.opencontainers.image.title="app"
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## See also
    /// hadolint's label schema rules (DL3049–DL3058) check configured labels in every stage.
    pub struct MissingOciLabels {
        code: "PL005",
        name: "missing-oci-labels",
        origin: Plimsoll,
        severity: Info,
        fix: None,
    }
}

impl Rule for MissingOciLabels {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let model = checker.model;
        let Some(last) = model.last_stage() else {
            return;
        };
        let labelled = model.stage_and_ancestors(last.id).any(|stage| {
            model.stage_nodes(stage.id).iter().any(|node| {
                node.kind() == InstructionKind::Label
                    && matches!(&node.instruction.args, Args::KeyValues(pairs)
                    if pairs.iter().any(|pair| {
                        pair.key
                            .as_str()
                            .trim_matches('"')
                            .starts_with("org.opencontainers.image.")
                    }))
            })
        });
        if labelled {
            return;
        }
        let node = model.node(last.from);
        let range = last.image.map_or(node.instruction.range, |word| word.range);
        checker.report(
            node,
            range,
            "The final image has no `org.opencontainers.image.*` labels (source, version, title...)",
        );
    }
}
