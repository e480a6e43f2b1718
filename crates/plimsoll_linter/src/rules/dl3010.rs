use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_syntax::shell::basename;
use plimsoll_text::TextRange;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::{Invocation, Node, StageId};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for a local archive that is copied with `COPY` and then extracted by a later
    /// `RUN` of the same stage (`tar -x`, `gunzip`, `unxz`, `zcat` …).
    ///
    /// ## Why is this bad?
    /// `ADD` extracts a local tar archive (also compressed) into the image directly; `COPY`
    /// followed by extraction stores the archive in one layer and its contents in another,
    /// unless the archive is deleted in the same `RUN`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// The archive is known by its base name (`/tmp/app.tar.gz` matches `app.tar.gz`), taken
    /// from the destination when that names an archive, else from each archive source.
    ///
    /// ## Differences from hadolint
    /// hadolint reports only what it finds in the last stage: findings of earlier stages are
    /// lost when a new stage starts. plimsoll mode reports every stage.
    pub struct CopyThenExtract {
        code: "DL3010",
        name: "copy-then-extract",
        origin: Hadolint,
        severity: Info,
        fix: None,
    }
}

const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

const EXTRACTORS: &[&str] = &[
    "unzip",
    "gunzip",
    "bunzip2",
    "unlzma",
    "unxz",
    "zgz",
    "uncompress",
    "zcat",
    "gzcat",
];

impl Rule for CopyThenExtract {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let model = checker.model;
        let stages: Vec<StageId> = match checker.settings.mode {
            Mode::Hadolint => model
                .last_stage()
                .map(|stage| stage.id)
                .into_iter()
                .collect(),
            Mode::Plimsoll => model.stages().iter().map(|stage| stage.id).collect(),
        };
        for stage in stages {
            let nodes = model.stage_nodes(stage);
            for (index, node) in nodes.iter().enumerate() {
                let archives = copied_archives(node);
                let extracted = archives.iter().find(|(name, _)| {
                    nodes[index + 1..]
                        .iter()
                        .any(|later| extracts(checker.settings.mode, later, name))
                });
                if let Some((_, range)) = extracted {
                    checker.report(
                        node,
                        *range,
                        "Use `ADD` for extracting archives into an image",
                    );
                }
            }
        }
    }
}

/// The archive base names a local `COPY` puts into the image, with the word naming each.
fn copied_archives<'a>(node: &Node<'a>) -> Vec<(&'a str, TextRange)> {
    let instruction = node.instruction;
    if instruction.kind != InstructionKind::Copy
        || instruction
            .flags
            .iter()
            .any(|flag| flag.name().eq_ignore_ascii_case("from"))
    {
        return Vec::new();
    }
    let (Args::List(words) | Args::Json(words)) = &instruction.args else {
        return Vec::new();
    };
    let Some((destination, sources)) = words.split_last() else {
        return Vec::new();
    };
    let destination_name = basename(destination.as_str());
    if is_archive(destination_name) {
        return vec![(destination_name, destination.range)];
    }
    sources
        .iter()
        .map(|source| (basename(source.as_str()), source.range))
        .filter(|(name, _)| is_archive(name))
        .collect()
}

fn extracts(mode: Mode, node: &Node<'_>, archive: &str) -> bool {
    node.is(InstructionKind::Run)
        && node.invocations(mode).any(|invocation| {
            is_extraction(&invocation)
                && invocation
                    .args
                    .iter()
                    .any(|word| basename(word.value()) == archive)
        })
}

fn is_extraction(invocation: &Invocation<'_, '_>) -> bool {
    (invocation.is("tar") && invocation.has_any_flag(&["x", "extract", "get"]))
        || invocation.is_any(EXTRACTORS)
}

fn is_archive(name: &str) -> bool {
    ARCHIVE_EXTENSIONS
        .iter()
        .any(|extension| name.ends_with(extension))
}
