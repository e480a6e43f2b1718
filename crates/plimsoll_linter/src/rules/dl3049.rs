use std::collections::{HashMap, HashSet};

use plimsoll_syntax::dockerfile::InstructionKind;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::image_ref::ImageRef;
use crate::rules::labels::label_pairs;
use crate::semantic::Stage;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that every image the Dockerfile builds has each label of the configured label
    /// schema, set in its stage or in a stage it is built `FROM`.
    ///
    /// ## Why is this bad?
    /// Labels such as `org.opencontainers.image.source` or `maintainer` are how registries,
    /// scanners and people find out where an image comes from and who owns it. A schema only
    /// helps when every image carries it.
    ///
    /// Stages that a later stage builds on or copies from are build steps, not images: they
    /// are not checked (their labels still count for the stages built on them).
    ///
    /// ## Example
    /// With `"org.opencontainers.image.source" = "url"` in the schema:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// LABEL org.opencontainers.image.source="https://github.com/acme/app"
    /// COPY . /app
    /// ```
    ///
    /// ## Options
    /// `[lint.label-schema]` in `plimsoll.toml` (`label-schema:` in `.hadolint.yaml`,
    /// `--require-label` for the drop-in): the labels and their types. Without a schema the
    /// rule finds nothing.
    ///
    /// ## Differences from hadolint
    /// hadolint checks every stage except those named by a later `COPY --from=<name>`, so a
    /// builder stage that the final stage is built `FROM` is reported too; it compares stage
    /// names case-sensitively, does not see `COPY --from=<index>` or `RUN --mount=from=`, and
    /// lets a `LABEL` count for earlier stages of the same name (so `FROM base` + `LABEL`
    /// labels the `AS base` stage too). plimsoll checks the
    /// stages that become images (no later stage builds on them or copies from them), reads
    /// stage names as BuildKit does, and skips stages whose `LABEL` keys use a variable.
    /// The hadolint drop-in keeps hadolint's behaviour.
    ///
    /// ## See also
    /// DL3050 (labels outside the schema), DL3051–DL3058 (label values).
    pub struct LabelMissing {
        code: "DL3049",
        name: "label-missing",
        origin: Hadolint,
        severity: Info,
        fix: None,
    }
}

fn message(label: &str) -> String {
    format!("Label `{label}` is missing.")
}

impl Rule for LabelMissing {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        if checker.settings.label_schema.is_empty() {
            return;
        }
        match checker.settings.mode {
            Mode::Plimsoll => check_images(checker),
            Mode::Hadolint => check_like_hadolint(checker),
        }
    }
}

/// Every stage no later stage uses, with the labels of its chain of stages.
fn check_images(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in model.stages() {
        if stage.is_used_later() {
            continue;
        }
        let mut labels = HashSet::new();
        let mut unknown_key = false;
        for ancestor in model.stage_and_ancestors(stage.id) {
            for node in model.stage_nodes(ancestor.id) {
                for pair in label_pairs(node, Mode::Plimsoll) {
                    match pair.key {
                        Some(key) => {
                            labels.insert(key);
                        }
                        None => unknown_key = true,
                    }
                }
            }
        }
        if !unknown_key {
            report_missing(checker, stage, &labels);
        }
    }
}

fn report_missing(checker: &mut Checker<'_, '_>, stage: &Stage<'_>, labels: &HashSet<String>) {
    let missing: Vec<String> = checker
        .settings
        .label_schema
        .iter()
        .filter(|(name, _)| !labels.contains(name))
        .map(|(name, _)| name.clone())
        .collect();
    let node = checker.model.node(stage.from);
    for name in missing {
        checker.report(node, node.instruction.keyword.range, message(&name));
    }
}

/// One stage as hadolint tracks it.
struct Record {
    stage: usize,
    /// The stage name, when it has one.
    alias: Option<String>,
    /// The name its labels are filed under: the stage name, or for an unnamed stage its
    /// image's name (no registry, tag or digest).
    key: String,
    labels: HashSet<String>,
    /// Named by a later `COPY --from`.
    copied_from: bool,
}

/// hadolint 2.15.1's rule, as observed (every case below was checked against the binary):
/// * a stage starts with the labels set so far in the stages named like its base image
///   (exact names, all stages of that name together);
/// * a `LABEL` counts for the current stage and for every stage *named* like the current
///   stage's name, so `FROM base` + `LABEL` also labels the earlier `AS base` stage, and two
///   stages with the same name share later labels;
/// * `COPY --from=<name>` exempts the stages named so far.
///
/// At the end, every stage not exempt reports each label it lacks.
fn check_like_hadolint(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut records: Vec<Record> = Vec::new();
    let mut labels_by_name: HashMap<String, HashSet<String>> = HashMap::new();
    for node in model.nodes() {
        match node.kind() {
            InstructionKind::From => {
                let Some(stage) = node.stage else { continue };
                let stage = model.stage(stage);
                let image = stage.image_str().unwrap_or_default();
                let inherited = labels_by_name.get(image).cloned().unwrap_or_default();
                let alias = stage.alias_str().map(str::to_owned);
                if let Some(alias) = &alias {
                    labels_by_name
                        .entry(alias.clone())
                        .or_default()
                        .extend(inherited.iter().cloned());
                }
                let key = alias
                    .clone()
                    .unwrap_or_else(|| ImageRef::parse(image, Mode::Hadolint).name.to_owned());
                records.push(Record {
                    stage: stage.id.index(),
                    alias,
                    key,
                    labels: inherited,
                    copied_from: false,
                });
            }
            InstructionKind::Label => {
                let Some(current) = records.len().checked_sub(1) else {
                    continue;
                };
                let key = records[current].key.clone();
                for pair in label_pairs(node, Mode::Hadolint) {
                    let Some(label) = pair.key else { continue };
                    if let Some(alias) = &records[current].alias {
                        labels_by_name
                            .entry(alias.clone())
                            .or_default()
                            .insert(label.clone());
                    }
                    for (index, record) in records.iter_mut().enumerate() {
                        if index == current || record.alias.as_ref() == Some(&key) {
                            record.labels.insert(label.clone());
                        }
                    }
                }
            }
            InstructionKind::Copy if !node.is_trigger => {
                for flag in &node.instruction.flags {
                    if flag.name() != "from" {
                        continue;
                    }
                    let Some(name) = flag.value() else { continue };
                    for record in &mut records {
                        if record.alias.as_deref() == Some(name) {
                            record.copied_from = true;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for record in records {
        if record.copied_from {
            continue;
        }
        let stage = &model.stages()[record.stage];
        report_missing(checker, stage, &record.labels);
    }
}
