use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::image_ref::ImageRef;
use crate::rules::stage_names::stage_named;
use crate::semantic::{Node, StageBase};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every `FROM` image names a tag or a digest.
    ///
    /// ## Why is this bad?
    /// Without a tag the image is `latest`, whatever that is on the day of the build: two
    /// builds of the same Dockerfile can start from different images, and an upgrade of the
    /// base image arrives unannounced.
    ///
    /// `scratch`, earlier stages (`FROM builder`) and images given by a variable
    /// (`FROM $BASE_IMAGE`) are not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint compares stage names case-sensitively (`FROM Builder` after `AS builder` is
    /// reported); BuildKit does not, and neither does plimsoll. plimsoll does not report an
    /// image whose name contains a variable anywhere (`FROM team/$IMAGE`), since the variable
    /// may carry the tag. The hadolint drop-in keeps hadolint's behaviour.
    ///
    /// ## See also
    /// DL3007 (the `latest` tag), DL3026 (trusted registries).
    pub struct FromImageWithoutTag {
        code: "DL3006",
        name: "from-image-without-tag",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

impl Rule for FromImageWithoutTag {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::From || node.is_trigger {
            return;
        }
        let Some(stage) = node.stage.map(|stage| checker.model.stage(stage)) else {
            return;
        };
        let Some(image) = stage.image else { return };
        let text = image.as_str();
        let mode = checker.settings.mode;
        let is_scratch = match mode {
            Mode::Hadolint => text == "scratch",
            Mode::Plimsoll => stage.base == StageBase::Scratch,
        };
        if is_scratch {
            return;
        }
        let reference = ImageRef::parse(text, mode);
        if reference.tag.is_some() || reference.digest.is_some() {
            return;
        }
        let variable = match mode {
            Mode::Hadolint => reference.name.starts_with('$'),
            Mode::Plimsoll => text.contains('$'),
        };
        if variable || stage_named(checker, text, node.id).is_some() {
            return;
        }
        checker.report(
            node,
            image.range,
            "Always tag the version of an image explicitly",
        );
    }
}
