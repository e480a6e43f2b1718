//! The resolved settings one lint run uses: which rules run at which severity, and the
//! configuration some rules read. Built from defaults, then configuration files, environment and
//! command line (see the `config` module and the CLI).

use std::fmt;
use std::str::FromStr;

use plimsoll_text::Severity;

use crate::registry::{Rule, all_rules};
use crate::rule_meta::Origin;

/// Whose behaviour a run follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `plimsoll lint`: every rule family, plimsoll's improvements over hadolint.
    #[default]
    Plimsoll,
    /// The hadolint drop-in: DL rules only, bug-compatible with hadolint 2.15.1.
    Hadolint,
}

/// The value types of hadolint's label schema (`label-schema:` in `.hadolint.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

impl LabelType {
    pub const ALL: [LabelType; 7] = [
        Self::Text,
        Self::Url,
        Self::Semver,
        Self::Hash,
        Self::Rfc3339,
        Self::Spdx,
        Self::Email,
    ];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Url => "url",
            Self::Semver => "semver",
            Self::Hash => "hash",
            Self::Rfc3339 => "rfc3339",
            Self::Spdx => "spdx",
            Self::Email => "email",
        }
    }
}

impl fmt::Display for LabelType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LabelType {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| {
                format!(
                    "invalid label type `{text}`, expected one of: text, url, semver, hash, rfc3339, spdx, email"
                )
            })
    }
}

/// A selector that matched no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSelector(pub String);

impl fmt::Display for UnknownSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` selects no rule (expected a rule code, a code prefix such as `DL30`, `ALL`, or an origin: `hadolint`, `buildkit`, `plimsoll`)",
            self.0
        )
    }
}

impl std::error::Error for UnknownSelector {}

#[derive(Debug, Clone)]
pub struct LinterSettings {
    pub mode: Mode,
    /// Effective severity of every rule in [`all_rules`] order; `None` = not run.
    severities: Vec<Option<Severity>>,
    /// Rules the configuration turned off (ignored, or given no severity), in [`all_rules`]
    /// order: a file's `# check=experimental=` directive does not turn those back on.
    disabled: Vec<bool>,
    /// Findings of these codes are dropped, also codes no rule has (hadolint's `ignored` list
    /// accepts ShellCheck codes).
    ignored_codes: Vec<String>,
    /// DL3026: registries images may come from (`*`, `*.suffix`, `prefix*` or exact).
    pub trusted_registries: Vec<String>,
    /// DL3049–DL3058: required labels and their value types.
    pub label_schema: Vec<(String, LabelType)>,
    /// DL3050: labels outside the schema are findings.
    pub strict_labels: bool,
    /// Ignore `# hadolint ignore=` / `# plimsoll ignore=` pragmas.
    pub disable_ignore_pragma: bool,
    /// Environment variables external base images are assumed to define, besides `PATH`
    /// (BuildKit's `UndefinedVar` reads them from the image config, which a static linter
    /// cannot see): `NAME` (value unknown, taken as empty) or `NAME=value`.
    pub base_image_env: Vec<String>,
}

impl LinterSettings {
    /// The defaults of `mode`: every rule of the mode that is on by default, at its default
    /// severity.
    #[must_use]
    pub fn new(mode: Mode) -> Self {
        let severities = all_rules()
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                (meta.enabled_by_default && runs_in(mode, meta.origin))
                    .then_some(meta.default_severity)
            })
            .collect();
        Self {
            mode,
            disabled: vec![false; all_rules().len()],
            severities,
            ignored_codes: Vec::new(),
            trusted_registries: Vec::new(),
            label_schema: Vec::new(),
            strict_labels: false,
            disable_ignore_pragma: false,
            base_image_env: Vec::new(),
        }
    }

    /// Runs only the rules the selectors name (ruff's `select`).
    ///
    /// # Errors
    /// When a selector matches no rule.
    pub fn select(&mut self, selectors: &[String]) -> Result<(), UnknownSelector> {
        self.severities
            .iter_mut()
            .for_each(|severity| *severity = None);
        self.extend_select(selectors)
    }

    /// Also runs the rules the selectors name (ruff's `extend-select`). Off-by-default rules
    /// are enabled only by their exact code.
    ///
    /// # Errors
    /// When a selector matches no rule.
    pub fn extend_select(&mut self, selectors: &[String]) -> Result<(), UnknownSelector> {
        for selector in selectors {
            let matched = self.matching(selector)?;
            for index in matched {
                let meta = all_rules()[index].meta();
                if meta.enabled_by_default || meta.code == selector {
                    self.severities[index] = Some(meta.default_severity);
                    self.disabled[index] = false;
                }
            }
        }
        Ok(())
    }

    /// Stops the rules the selectors name. In hadolint mode codes are exact and unknown codes
    /// (ShellCheck's) are accepted, as hadolint's `ignored` list does.
    ///
    /// # Errors
    /// In plimsoll mode, when a selector matches no rule.
    pub fn ignore(&mut self, selectors: &[String]) -> Result<(), UnknownSelector> {
        for selector in selectors {
            if self.mode == Mode::Hadolint {
                self.ignored_codes.push(selector.clone());
                continue;
            }
            for index in self.matching(selector)? {
                self.severities[index] = None;
                self.disabled[index] = true;
            }
        }
        Ok(())
    }

    /// Gives the rules the selector names `severity` (and runs them, also when off by default,
    /// as hadolint's `--warning DL3057` does); `None` stops them (hadolint's `ignore` severity).
    /// Unknown codes are accepted in hadolint mode.
    ///
    /// # Errors
    /// In plimsoll mode, when the selector matches no rule.
    pub fn set_severity(
        &mut self,
        selector: &str,
        severity: Option<Severity>,
    ) -> Result<(), UnknownSelector> {
        let matched = match self.matching(selector) {
            Ok(matched) => matched,
            Err(_) if self.mode == Mode::Hadolint => return Ok(()),
            Err(error) => return Err(error),
        };
        for index in matched {
            self.severities[index] = severity;
            self.disabled[index] = severity.is_none();
        }
        Ok(())
    }

    /// Gives the *running* rules the selector names `severity`; `None` stops them. Unlike
    /// [`set_severity`](Self::set_severity) it never starts a rule, so `DL30 = "info"` in
    /// `plimsoll.toml` does not undo an `ignore` or enable off-by-default rules.
    ///
    /// # Errors
    /// When the selector matches no rule.
    pub fn adjust_severity(
        &mut self,
        selector: &str,
        severity: Option<Severity>,
    ) -> Result<(), UnknownSelector> {
        for index in self.matching(selector)? {
            if self.severities[index].is_some() {
                self.severities[index] = severity;
                self.disabled[index] = severity.is_none();
            }
        }
        Ok(())
    }

    /// Turns on an off-by-default rule a file asks for (BuildKit's
    /// `# check=experimental=<rule>`), at its default severity, unless the configuration turned
    /// it off or runs no rule of its origin at all. Returns whether the rule now runs.
    pub fn enable_requested(&mut self, code: &str) -> bool {
        let Some(index) = all_rules().iter().position(|rule| rule.meta().code == code) else {
            return false;
        };
        let meta = all_rules()[index].meta();
        if self.severities[index].is_some() {
            return true;
        }
        let origin_runs = all_rules()
            .iter()
            .zip(&self.severities)
            .any(|(rule, severity)| severity.is_some() && rule.meta().origin == meta.origin);
        if self.disabled[index] || !origin_runs || !runs_in(self.mode, meta.origin) {
            return false;
        }
        self.severities[index] = Some(meta.default_severity);
        true
    }

    /// The rules to run with their severities.
    #[must_use]
    pub fn enabled_rules(&self) -> Vec<(&'static dyn Rule, Severity)> {
        all_rules()
            .iter()
            .zip(&self.severities)
            .filter(|(rule, _)| {
                !self
                    .ignored_codes
                    .iter()
                    .any(|code| code == rule.meta().code)
            })
            .filter_map(|(rule, severity)| severity.map(|severity| (*rule, severity)))
            .collect()
    }

    /// The effective severity of `code`, `None` when it does not run.
    #[must_use]
    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        let index = all_rules()
            .iter()
            .position(|rule| rule.meta().code == code)?;
        if self.ignored_codes.iter().any(|ignored| ignored == code) {
            return None;
        }
        self.severities[index]
    }

    fn matching(&self, selector: &str) -> Result<Vec<usize>, UnknownSelector> {
        let origin = match selector {
            "hadolint" => Some(Origin::Hadolint),
            "buildkit" => Some(Origin::BuildKit),
            "plimsoll" => Some(Origin::Plimsoll),
            _ => None,
        };
        let matched: Vec<usize> = all_rules()
            .iter()
            .enumerate()
            .filter(|(_, rule)| {
                let meta = rule.meta();
                runs_in(self.mode, meta.origin)
                    && match origin {
                        Some(origin) => meta.origin == origin,
                        None => selector == "ALL" || meta.code.starts_with(selector),
                    }
            })
            .map(|(index, _)| index)
            .collect();
        if matched.is_empty() {
            return Err(UnknownSelector(selector.to_owned()));
        }
        Ok(matched)
    }
}

impl Default for LinterSettings {
    fn default() -> Self {
        Self::new(Mode::Plimsoll)
    }
}

fn runs_in(mode: Mode, origin: Origin) -> bool {
    mode == Mode::Plimsoll || origin == Origin::Hadolint
}
