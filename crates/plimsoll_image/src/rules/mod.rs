//! Image rules: checks on a read image (its config, history, final filesystem and every layer),
//! one file per rule, the rule's doc comment being its documentation.
//!
//! Codes are `PI` ("plimsoll image") and three digits, so they never collide with lint codes
//! (`DL…`, `SC…`, BuildKit check names, `PL…`):
//!
//! | range | family |
//! |---|---|
//! | `PI0xx` | runtime configuration (user, healthcheck) |
//! | `PI1xx` | final filesystem (shells, package managers, permissions) |
//! | `PI2xx` | secrets, in any layer, the config and the build history |
//! | `PI3xx` | caches left in layers |
//!
//! Adding a rule: a file here with an [`image_rule!`] declaration (doc comment: what it checks,
//! why, an example, the fix) and its check function, a line in [`RULES`], tests in the file.

use std::collections::HashMap;

use plimsoll_text::Severity;

use crate::contents::{CollectedFile, Contents, Interest};
use crate::fs::{MergedFs, RemovalReason};
use crate::image::Image;
use crate::path::ImagePath;
use crate::report::Finding;
use crate::visit::BlobId;

/// Declares a rule: the doc comment becomes both the item's rustdoc and [`ImageRule::docs`].
macro_rules! image_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $item:ident = {
            code: $code:literal,
            name: $name:literal,
            summary: $summary:literal,
            severity: $severity:expr,
            check: $check:path $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        $vis static $item: $crate::rules::ImageRule = $crate::rules::ImageRule {
            code: $code,
            name: $name,
            summary: $summary,
            default_severity: $severity,
            docs: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}

mod apk_cache;
mod apt_cache;
mod apt_lists;
mod cloud_credentials;
mod config_credentials;
mod env_file;
mod leftovers;
mod no_healthcheck;
mod package_manager_present;
mod pip_cache;
mod private_key;
mod python_bytecode_in_app;
mod runs_as_root;
mod secret_in_env;
mod secret_in_history;
mod setuid_file;
mod shell_present;
mod unknown_user;
mod world_writable_directory;

/// Every image rule, in code order.
pub static RULES: &[&ImageRule] = &[
    &runs_as_root::RUNS_AS_ROOT,
    &unknown_user::UNKNOWN_USER,
    &no_healthcheck::NO_HEALTHCHECK,
    &shell_present::SHELL_PRESENT,
    &package_manager_present::PACKAGE_MANAGER_PRESENT,
    &setuid_file::SETUID_FILE,
    &world_writable_directory::WORLD_WRITABLE_DIRECTORY,
    &private_key::PRIVATE_KEY,
    &env_file::ENV_FILE,
    &cloud_credentials::CLOUD_CREDENTIALS,
    &config_credentials::CONFIG_CREDENTIALS,
    &secret_in_env::SECRET_IN_ENV,
    &secret_in_history::SECRET_IN_HISTORY,
    &apt_lists::APT_LISTS,
    &apt_cache::APT_CACHE,
    &pip_cache::PIP_CACHE,
    &python_bytecode_in_app::PYTHON_BYTECODE_IN_APP,
    &apk_cache::APK_CACHE,
];

/// One image rule: its metadata, documentation and check.
pub struct ImageRule {
    /// `PI001`.
    pub code: &'static str,
    /// A kebab-case name, accepted wherever a code is (`--ignore runs-as-root`).
    pub name: &'static str,
    /// One sentence: what the rule wants to be true.
    pub summary: &'static str,
    pub default_severity: Severity,
    /// The doc comment, as written (each line keeps rustdoc's leading space).
    pub docs: &'static str,
    check: fn(&CheckContext<'_>, &mut Emitter),
}

impl ImageRule {
    /// The documentation as Markdown.
    #[must_use]
    pub fn documentation(&self) -> String {
        self.docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl std::fmt::Debug for ImageRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageRule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The rule with this code or name (case-insensitive).
#[must_use]
pub fn rule(code_or_name: &str) -> Option<&'static ImageRule> {
    RULES.iter().copied().find(|rule| {
        rule.code.eq_ignore_ascii_case(code_or_name) || rule.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// Which rules run and how severe their findings are.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Rules (codes or names) that do not run.
    pub ignore: Vec<String>,
    /// Severity overrides by rule code or name.
    pub severities: Vec<(String, Severity)>,
}

impl RuleSettings {
    fn matches(rule: &ImageRule, key: &str) -> bool {
        rule.code.eq_ignore_ascii_case(key) || rule.name.eq_ignore_ascii_case(key)
    }

    #[must_use]
    pub fn is_ignored(&self, rule: &ImageRule) -> bool {
        self.ignore.iter().any(|key| Self::matches(rule, key))
    }

    /// The severity findings of `rule` get (the last override wins).
    #[must_use]
    pub fn severity(&self, rule: &ImageRule) -> Severity {
        self.severities
            .iter()
            .rev()
            .find(|(key, _)| Self::matches(rule, key))
            .map_or(rule.default_severity, |(_, severity)| *severity)
    }

    /// The codes or names that name no rule.
    #[must_use]
    pub fn unknown_rules(&self) -> Vec<&str> {
        self.ignore
            .iter()
            .chain(self.severities.iter().map(|(key, _)| key))
            .filter(|key| rule(key).is_none())
            .map(String::as_str)
            .collect()
    }
}

/// Runs every rule not ignored; findings sorted by severity (most severe first), code, layer,
/// path.
#[must_use]
pub fn check(
    image: &Image,
    fs: &MergedFs,
    contents: &Contents,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let context = CheckContext::new(image, fs, contents);
    let mut findings = Vec::new();
    for rule in RULES {
        if settings.is_ignored(rule) {
            continue;
        }
        let mut emitter = Emitter {
            rule,
            severity: settings.severity(rule),
            findings: Vec::new(),
        };
        (rule.check)(&context, &mut emitter);
        findings.extend(emitter.findings);
    }
    findings.sort_by(|a, b| {
        (a.severity, a.code, a.layer, &a.path).cmp(&(b.severity, b.code, b.layer, &b.path))
    });
    findings
}

/// What happened to one version of a file after the layer that wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// The final filesystem shows this version.
    Visible,
    /// A later entry hid it.
    Removed { layer: usize, reason: RemovalReason },
    /// Not visible at the end, but the hiding entry is not known (e.g. reached through a
    /// symlinked directory).
    Hidden,
}

impl Fate {
    #[must_use]
    pub fn removed_in(self) -> Option<usize> {
        match self {
            Self::Removed { layer, .. } => Some(layer),
            _ => None,
        }
    }

    /// `deleted in layer 2`, `overwritten in layer 3`, `hidden by an opaque whiteout in layer
    /// 2`, `no longer visible`; empty when visible.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Self::Visible => String::new(),
            Self::Removed { layer, reason } => match reason {
                RemovalReason::Deleted => format!("deleted in layer {layer}"),
                RemovalReason::Overwritten => format!("overwritten in layer {layer}"),
                RemovalReason::Opaque => {
                    format!("hidden by an opaque whiteout in layer {layer}")
                }
            },
            Self::Hidden => "no longer visible".to_owned(),
        }
    }
}

/// What rules look at.
pub struct CheckContext<'a> {
    pub image: &'a Image,
    pub fs: &'a MergedFs,
    pub contents: &'a Contents,
    removals: HashMap<(&'a ImagePath, usize), (usize, RemovalReason)>,
}

impl<'a> CheckContext<'a> {
    #[must_use]
    pub fn new(image: &'a Image, fs: &'a MergedFs, contents: &'a Contents) -> Self {
        let mut removals = HashMap::new();
        for record in &fs.waste {
            removals
                .entry((&record.path, record.added_in))
                .or_insert((record.removed_in, record.reason));
        }
        Self {
            image,
            fs,
            contents,
            removals,
        }
    }

    /// The runtime config's `User`, trimmed (`None` when unset or empty).
    #[must_use]
    pub fn user(&self) -> Option<&'a str> {
        self.image
            .config
            .config
            .as_ref()
            .and_then(|c| c.user.as_deref())
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    /// What became of the version of `path` written by `layer`.
    #[must_use]
    pub fn fate(&self, path: &ImagePath, layer: usize) -> Fate {
        if self.fs.visible_from_layer(path, layer) {
            return Fate::Visible;
        }
        match self.removals.get(&(path, layer)) {
            Some(&(layer, reason)) => Fate::Removed { layer, reason },
            None => Fate::Hidden,
        }
    }

    /// The layers holding the blob of a collected file.
    #[must_use]
    pub fn layers_of(&self, blob: BlobId) -> Vec<usize> {
        self.image.layers_of_blob(blob)
    }

    /// The content of the version of `path` the final filesystem shows, when collected.
    #[must_use]
    pub fn final_content(&self, path: &str) -> Option<&'a CollectedFile> {
        let entry = self.fs.lookup(path)?;
        let blob = self.image.layers.get(entry.layer)?.blob;
        self.contents.get(blob, &entry.path).or_else(|| {
            // The tar named the file through a symlinked directory: match by layer instead.
            self.contents.files().iter().find(|file| {
                file.blob == blob
                    && self
                        .fs
                        .lookup(&file.path.to_relative_string())
                        .map(|e| e.path)
                        == Some(entry.path.clone())
            })
        })
    }

    /// Every collected version with this interest, once per layer holding it.
    pub fn versions(
        &self,
        interest: Interest,
    ) -> impl Iterator<Item = (&'a CollectedFile, usize)> + '_ {
        self.contents.with_interest(interest).flat_map(move |file| {
            self.layers_of(file.blob)
                .into_iter()
                .map(move |l| (file, l))
        })
    }

    /// Reports every collected version with `interest` that `describe` finds something in, as
    /// "`/path` <description>" followed by what became of that version (PI201–PI204).
    pub(crate) fn report_versions(
        &self,
        out: &mut Emitter,
        interest: Interest,
        describe: impl Fn(&CollectedFile) -> Option<String>,
    ) {
        for (file, layer) in self.versions(interest) {
            if let Some(what) = describe(file) {
                let fate = self.fate(&file.path, layer);
                out.version(format!("`{}` {what}", file.path), &file.path, layer, fate);
            }
        }
    }
}

/// Collects one rule's findings.
pub struct Emitter {
    rule: &'static ImageRule,
    severity: Severity,
    findings: Vec<Finding>,
}

impl Emitter {
    /// A finding about the image as a whole (config, history).
    pub fn image(&mut self, message: impl Into<String>) {
        self.push(message.into(), None, None, None);
    }

    /// A finding about a path, optionally in a given layer.
    pub fn path(&mut self, message: impl Into<String>, path: &ImagePath, layer: Option<usize>) {
        self.push(message.into(), Some(path.to_absolute_string()), layer, None);
    }

    /// A finding about the version of `path` that `layer` wrote; the message gets the fate
    /// appended (`; deleted in layer 2, but layer 1 still ships it`).
    pub fn version(
        &mut self,
        message: impl Into<String>,
        path: &ImagePath,
        layer: usize,
        fate: Fate,
    ) {
        let mut message = message.into();
        if fate != Fate::Visible {
            message.push_str(&format!(
                " ({}, but layer {layer} still ships it)",
                fate.describe()
            ));
        }
        self.push(
            message,
            Some(path.to_absolute_string()),
            Some(layer),
            fate.removed_in(),
        );
    }

    /// A finding about a path in a layer, with the layer that removed it (if any) given
    /// explicitly; the message says it all.
    pub fn at(
        &mut self,
        message: impl Into<String>,
        path: &ImagePath,
        layer: usize,
        removed_in: Option<usize>,
    ) {
        self.push(
            message.into(),
            Some(path.to_absolute_string()),
            Some(layer),
            removed_in,
        );
    }

    /// A finding at a layer, without a path (history entries).
    pub fn layer(&mut self, message: impl Into<String>, layer: Option<usize>) {
        self.push(message.into(), None, layer, None);
    }

    fn push(
        &mut self,
        message: String,
        path: Option<String>,
        layer: Option<usize>,
        removed_in: Option<usize>,
    ) {
        self.findings.push(Finding {
            code: self.rule.code,
            name: self.rule.name,
            severity: self.severity,
            message,
            path,
            layer,
            removed_in,
        });
    }
}

/// Reads `/etc/passwd` lines into (name, uid).
#[must_use]
pub fn passwd_users(text: &[u8]) -> Vec<(String, u32)> {
    String::from_utf8_lossy(text)
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?.trim();
            let uid = fields.nth(1)?.trim().parse().ok()?;
            (!name.is_empty() && !name.starts_with('#')).then(|| (name.to_owned(), uid))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds an [`Image`] from in-memory layers for rule tests, the way the CLI does: read with
    //! the content collector, apply the layers, run the rules.

    use plimsoll_testing::images::ImageSpec;

    use super::*;
    use crate::contents::ContentCollector;
    use crate::source::{ReadOptions, SourceSpec, read_image};

    pub struct Checked {
        pub findings: Vec<Finding>,
    }

    /// A finding's path, layer, `removed_in` and message.
    pub type Located<'a> = (Option<&'a str>, Option<usize>, Option<usize>, &'a str);

    impl Checked {
        pub fn located(&self, code: &str) -> Vec<Located<'_>> {
            self.of(code)
                .into_iter()
                .map(|f| (f.path.as_deref(), f.layer, f.removed_in, f.message.as_str()))
                .collect()
        }

        pub fn of(&self, code: &str) -> Vec<&Finding> {
            self.findings.iter().filter(|f| f.code == code).collect()
        }

        pub fn messages(&self, code: &str) -> Vec<&str> {
            self.of(code)
                .into_iter()
                .map(|f| f.message.as_str())
                .collect()
        }
    }

    pub fn run(spec: &ImageSpec) -> Checked {
        with_context(spec, |context| Checked {
            findings: check(
                context.image,
                context.fs,
                context.contents,
                &RuleSettings::default(),
            ),
        })
    }

    /// Calls `f` with what rules see of the image `spec` describes.
    pub fn with_context<T>(spec: &ImageSpec, f: impl FnOnce(&CheckContext<'_>) -> T) -> T {
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write_oci_dir(&dir.path().join("image"));
        let collector = ContentCollector::new();
        let image = read_image(
            &SourceSpec::Path(path),
            &ReadOptions {
                scanner: Some(&collector),
                ..ReadOptions::default()
            },
        )
        .unwrap();
        let fs = MergedFs::build(image.layer_indexes());
        let contents = collector.finish();
        f(&CheckContext::new(&image, &fs, &contents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_consistent() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let sorted = {
            let mut sorted = codes.clone();
            sorted.sort_unstable();
            sorted
        };
        assert_eq!(codes, sorted, "RULES is in code order");
        codes.dedup();
        assert_eq!(codes.len(), RULES.len(), "codes are unique");
        for rule in RULES {
            assert!(
                rule.code.starts_with("PI") && rule.code.len() == 5,
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                rule.name
            );
            let docs = rule.documentation();
            for section in ["## What it does", "## Why", "## Example", "## Fix"] {
                assert!(docs.contains(section), "{} lacks {section}", rule.code);
            }
            assert_eq!(super::rule(rule.name).map(|r| r.code), Some(rule.code));
        }
    }

    #[test]
    fn readme_table_lists_every_rule() {
        let readme =
            std::fs::read_to_string(plimsoll_testing::workspace_root().join("README.md")).unwrap();
        for rule in RULES {
            let row = format!(
                "| {} | `{}` | {} |",
                rule.code, rule.name, rule.default_severity
            );
            assert!(readme.contains(&row), "README lacks `{row}`");
        }
        let rows = readme.lines().filter(|l| l.starts_with("| PI")).count();
        assert_eq!(rows, RULES.len(), "README lists rules that do not exist");
    }

    #[test]
    fn settings_ignore_and_override() {
        let settings = RuleSettings {
            ignore: vec!["pi003".into(), "shell-present".into(), "PI999".into()],
            severities: vec![
                ("runs-as-root".into(), Severity::Error),
                ("PI001".into(), Severity::Info),
            ],
        };
        let root = rule("PI001").unwrap();
        assert!(!settings.is_ignored(root));
        assert_eq!(settings.severity(root), Severity::Info);
        assert!(settings.is_ignored(rule("PI003").unwrap()));
        assert!(settings.is_ignored(rule("PI101").unwrap()));
        assert_eq!(settings.unknown_rules(), ["PI999"]);
    }

    #[test]
    fn passwd_lines() {
        assert_eq!(
            passwd_users(
                b"root:x:0:0:root:/root:/bin/sh\n# c\nbad\napp:x:1000:1000::/app:/bin/sh\n"
            ),
            [("root".to_owned(), 0), ("app".to_owned(), 1000)]
        );
    }
}
