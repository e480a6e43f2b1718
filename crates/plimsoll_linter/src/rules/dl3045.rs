use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::stage_names::stage_and_ancestors;
use crate::rules::words::strip_quotes;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY` to a relative destination in a stage that has not set a `WORKDIR`
    /// (neither itself nor a stage it is built `FROM`).
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory of the base image,
    /// which you do not control and which may change with a new tag (or be `/`). Set the
    /// directory with `WORKDIR` first, or copy to an absolute path.
    ///
    /// A base image from a registry may set a `WORKDIR` of its own: that cannot be seen from
    /// the Dockerfile, so such stages are reported too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY requirements.txt .
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint follows `FROM <stage>` only when the name matches case-sensitively; plimsoll
    /// matches stage names as BuildKit does. The hadolint drop-in keeps hadolint's behaviour.
    pub struct CopyRelativeWithoutWorkdir {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CopyRelativeWithoutWorkdir {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Copy || node.is_trigger {
            return;
        }
        let (Args::List(words) | Args::Json(words)) = &node.instruction.args else {
            return;
        };
        let Some(destination) = words.last() else {
            return;
        };
        if is_absolute(strip_quotes(destination.as_str())) {
            return;
        }
        let Some(stage) = node.stage else { return };
        let model = checker.model;
        let workdir_earlier = model
            .earlier_in_stage(node.id)
            .any(|earlier| earlier.kind() == InstructionKind::Workdir);
        let workdir_inherited =
            stage_and_ancestors(checker, stage)
                .into_iter()
                .skip(1)
                .any(|ancestor| {
                    model
                        .stage_nodes(ancestor)
                        .iter()
                        .any(|earlier| earlier.kind() == InstructionKind::Workdir)
                });
        if workdir_earlier || workdir_inherited {
            return;
        }
        checker.report(
            node,
            destination.range,
            "`COPY` to a relative destination without `WORKDIR` set.",
        );
    }
}

fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('$')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}
