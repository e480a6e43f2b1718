use plimsoll_syntax::dockerfile::{Flag, InstructionKind};
use plimsoll_text::TextRange;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::image_ref::ImageRef;
use crate::rules::stage_names::stage_named;
use crate::semantic::{Node, StageBase};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that images come from a trusted registry: `FROM` images, `COPY --from=<image>`
    /// and `RUN --mount=type=cache|bind,from=<image>`. Does nothing until trusted registries
    /// are configured.
    ///
    /// ## Why is this bad?
    /// An organisation that mirrors or vets its base images wants every build to use them;
    /// an image pulled from elsewhere bypasses that review.
    ///
    /// Images without a registry (`python:3.12`) come from Docker Hub and are trusted when
    /// `docker.io` or `hub.docker.com` is. Stages (`FROM builder`) and `scratch` are always
    /// accepted.
    ///
    /// ## Example
    /// With `trusted-registries: [registry.example.com]`:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM registry.example.com/python:3.12-slim
    /// ```
    ///
    /// ## Options
    /// `trusted-registries` (hadolint's `trustedRegistries`, `--trusted-registry`): registry
    /// names; `*` trusts all, `*.example.com` a suffix, `registry.*` a prefix.
    ///
    /// ## Differences from hadolint
    /// hadolint reads a registry only from a first path component containing a `.`, so
    /// `localhost:5000/app` passes as a Docker Hub image; plimsoll reads references as Docker
    /// does (a `:` or `localhost` also makes a registry). plimsoll also accepts stage indexes
    /// (`COPY --from=0`) and compares stage names case-insensitively. The hadolint drop-in
    /// keeps hadolint's behaviour.
    pub struct UntrustedRegistry {
        code: "DL3026",
        name: "untrusted-registry",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

const MESSAGE: &str = "Use only an allowed registry in the FROM image";

impl Rule for UntrustedRegistry {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if checker.settings.trusted_registries.is_empty() || node.is_trigger {
            return;
        }
        match node.kind() {
            InstructionKind::From => check_from(checker, node),
            InstructionKind::Copy => {
                for flag in &node.instruction.flags {
                    if flag.name() != "from" {
                        continue;
                    }
                    let Some(value) = flag.value() else { continue };
                    if !is_stage(checker, node, value) && !is_trusted(checker, value) {
                        let range = flag.value_range.unwrap_or(flag.range);
                        checker.report(node, range, MESSAGE);
                    }
                }
            }
            InstructionKind::Run => {
                for flag in &node.instruction.flags {
                    if flag.name() != "mount" {
                        continue;
                    }
                    let Some((image, range)) = mount_image(checker.source(), flag) else {
                        continue;
                    };
                    if !is_stage(checker, node, image) && !is_trusted(checker, image) {
                        checker.report(node, range, MESSAGE);
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_from(checker: &mut Checker<'_, '_>, node: &Node<'_>) {
    let Some(stage) = node.stage.map(|stage| checker.model.stage(stage)) else {
        return;
    };
    let Some(image) = stage.image else { return };
    let text = image.as_str();
    let scratch = match checker.settings.mode {
        Mode::Hadolint => text == "scratch",
        Mode::Plimsoll => stage.base == StageBase::Scratch,
    };
    if scratch || stage_named(checker, text, node.id).is_some() || is_trusted(checker, text) {
        return;
    }
    checker.report(node, image.range, MESSAGE);
}

/// A stage defined above `node` (or its own stage), by name or, in plimsoll mode, by index.
fn is_stage(checker: &Checker<'_, '_>, node: &Node<'_>, name: &str) -> bool {
    if checker.settings.mode == Mode::Plimsoll
        && let Ok(index) = name.parse::<usize>()
    {
        return node.stage.is_some_and(|stage| index <= stage.index());
    }
    stage_named(checker, name, node.id).is_some()
}

fn is_trusted(checker: &Checker<'_, '_>, image: &str) -> bool {
    let trusted = &checker.settings.trusted_registries;
    let matches = |registry: &str| {
        trusted
            .iter()
            .any(|pattern| pattern_matches(pattern, registry))
    };
    match ImageRef::parse(image, checker.settings.mode).registry {
        Some(registry) => matches(registry),
        None => matches("docker.io") || matches("hub.docker.com"),
    }
}

fn pattern_matches(pattern: &str, registry: &str) -> bool {
    if pattern == "*" {
        true
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        registry.ends_with(suffix)
    } else if let Some(prefix) = pattern.strip_suffix('*') {
        registry.starts_with(prefix)
    } else {
        pattern == registry
    }
}

/// The `from=` image of a cache or bind mount (bind is the default type) and its range.
fn mount_image<'f>(source: &str, flag: &'f Flag<'_>) -> Option<(&'f str, TextRange)> {
    let value = flag.value()?;
    let fields: Vec<&str> = value.split(',').map(str::trim).collect();
    let mount_type = fields
        .iter()
        .find_map(|field| field.strip_prefix("type="))
        .unwrap_or("bind");
    if mount_type != "cache" && mount_type != "bind" {
        return None;
    }
    let image = fields
        .iter()
        .find_map(|field| field.strip_prefix("from="))?;
    let written = flag.range.slice(source);
    let range = match written.find(&format!("from={image}")) {
        Some(at) => {
            let start = flag.range.start as usize + at + "from=".len();
            TextRange::from_usize(start..start + image.len())
        }
        None => flag.range,
    };
    Some((image, range))
}
