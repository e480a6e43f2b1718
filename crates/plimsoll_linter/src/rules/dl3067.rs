use plimsoll_syntax::dockerfile::{Args, InstructionKind, Word};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::words::strip_quotes;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY --from=… / /`, which copies another stage's whole filesystem.
    ///
    /// ## Why is this bad?
    /// Copying `/` brings everything along: the package manager's caches, compilers, shells,
    /// `/etc` of another distribution. The point of a multi-stage build, a small final image
    /// with only what runs, is lost. Copy the directories the application needs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12 AS build
    /// RUN pip install --prefix=/install .
    /// FROM python:3.12-slim
    /// COPY --from=build / /
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12 AS build
    /// RUN pip install --prefix=/install .
    /// FROM python:3.12-slim
    /// COPY --from=build /install /usr/local
    /// ```
    pub struct CopyEntireFilesystem {
        code: "DL3067",
        name: "copy-entire-filesystem",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CopyEntireFilesystem {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Copy || node.is_trigger {
            return;
        }
        if !node
            .instruction
            .flags
            .iter()
            .any(|flag| flag.name() == "from" && flag.value().is_some())
        {
            return;
        }
        let (Args::List(words) | Args::Json(words)) = &node.instruction.args else {
            return;
        };
        let Some((destination, sources)) = words.split_last() else {
            return;
        };
        let is_root = |word: &Word<'_>| strip_quotes(word.as_str()) == "/";
        if !is_root(destination) {
            return;
        }
        if let Some(root) = sources.iter().find(|source| is_root(source)) {
            checker.report(
                node,
                root.range,
                "Do not copy an entire filesystem from another stage",
            );
        }
    }
}
