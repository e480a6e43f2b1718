use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::image_ref::ImageRef;
use crate::rules::words::sub_range;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks for `FROM` images tagged `latest` without a digest.
    ///
    /// ## Why is this bad?
    /// `latest` moves: the image you tested with is not the one the next build gets, and the
    /// build cannot be reproduced. Name a release tag (and a digest for full reproducibility).
    /// `image:latest@sha256:…` is pinned by its digest and is accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// ```
    ///
    /// ## See also
    /// DL3006 (no tag at all).
    pub struct FromLatestTag {
        code: "DL3007",
        name: "from-latest-tag",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for FromLatestTag {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::From || node.is_trigger {
            return;
        }
        let Some(stage) = node.stage.map(|stage| checker.model.stage(stage)) else {
            return;
        };
        let Some(image) = stage.image else { return };
        let reference = ImageRef::parse(image.as_str(), checker.settings.mode);
        let Some((tag_start, tag)) = reference.tag else {
            return;
        };
        if tag != "latest" || reference.digest.is_some() {
            return;
        }
        let range = sub_range(checker.source(), image, tag_start, tag_start + tag.len());
        checker.report(
            node,
            range,
            "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
        );
    }
}
