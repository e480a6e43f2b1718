use plimsoll_text::{Edit, Fix, TextRange};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::StageBase;

declare_rule! {
    /// ## What it does
    /// Checks whether the final stage is built on a full `python` image (`python:3.12`,
    /// `python:3.12-bookworm`) where the `-slim` variant would do.
    ///
    /// ## Why is this bad?
    /// The full images carry compilers, headers and hundreds of Debian packages: about 1 GB
    /// against about 150 MB for `-slim`. Every extra package is download time, disk and attack
    /// surface, and a web app rarely needs them at run time. If a dependency must be compiled,
    /// compile it in a builder stage and copy the result into a slim (or distroless) final
    /// stage.
    ///
    /// Only the final stage is checked: builder stages are where the full image belongs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Fix
    /// Inserts `-slim` into the tag (`3.12-bookworm` becomes `3.12-slim-bookworm`). Unsafe: a
    /// package the app uses at run time may be missing from the slim image.
    pub struct FullPythonBaseImage {
        code: "PL004",
        name: "full-python-base-image",
        origin: Plimsoll,
        severity: Info,
        fix: Always,
    }
}

impl Rule for FullPythonBaseImage {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let model = checker.model;
        let Some(stage) = model.last_stage() else {
            return;
        };
        if stage.base != StageBase::Image {
            return;
        }
        let Some(image) = stage.image else { return };
        let text = image.as_str();
        let name_end = text.find([':', '@']).unwrap_or(text.len());
        let name = &text[..name_end];
        if !matches!(
            name,
            "python" | "library/python" | "docker.io/library/python"
        ) {
            return;
        }
        let Some(tag) = text[name_end..].strip_prefix(':') else {
            return;
        };
        let tag = tag.split('@').next().unwrap_or(tag);
        let version_end = tag.find('-').unwrap_or(tag.len());
        let (version, variant) = tag.split_at(version_end);
        let is_version = !version.is_empty()
            && version
                .bytes()
                .all(|byte| byte.is_ascii_digit() || byte == b'.')
            && version.as_bytes()[0].is_ascii_digit();
        let variant = variant.trim_start_matches('-');
        let full_variant =
            variant.is_empty() || matches!(variant, "bookworm" | "bullseye" | "trixie" | "buster");
        if !is_version || !full_variant || image.range.len() as usize != text.len() {
            return;
        }
        let tag_start = image.range.start + u32::try_from(name_end + 1).unwrap_or(0);
        let insert_at = tag_start + u32::try_from(version_end).unwrap_or(0);
        let node = model.node(stage.from);
        let tag_range =
            TextRange::new(tag_start, tag_start + u32::try_from(tag.len()).unwrap_or(0));
        checker.report_with_fix(
            node,
            tag_range,
            format!("`{text}` is the full Python image (about 1 GB); the `-slim` variant is enough for most apps"),
            Fix::unsafe_edits("Use the -slim variant", vec![Edit::insertion("-slim", insert_at)]),
        );
    }
}
