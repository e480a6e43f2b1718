//! hadolint's configuration: the `.hadolint.yaml` file (spec §4.1), the way hadolint layers its
//! sources (§4.4) and what `hadolint --verbose` prints.
//!
//! One walk over the YAML tree serves both dialects:
//!
//! * [`Dialect::Plimsoll`] (`plimsoll lint` reading a `.hadolint.yaml`): unknown keys and bad
//!   values are errors, every one reported with its line and column.
//! * [`Dialect::Hadolint`] (the drop-in): hadolint 2.15.1's behaviour, verified against the
//!   binary. Unknown keys are ignored; the first decode error (in hadolint's field order) makes
//!   hadolint print a long help text with the error, as a Haskell-`show`n string, and carry on
//!   with the default configuration: the whole file is dropped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::yaml::{Node, NodeKind, ScalarKind, YamlError, parse_document};
use super::{ConfigProblem, PLIMSOLL_FORMATS, is_hadolint_shaped};
use crate::registry::rule_by_code;
use crate::settings::LabelType;

/// The output formats hadolint 2.15.1 knows, as its configuration spells them: plimsoll's
/// without its own `full`, `concise` and `github`.
pub const HADOLINT_FORMATS: [&str; 10] = {
    let [_full, _concise, hadolint @ .., _github] = PLIMSOLL_FORMATS;
    hadolint
};

/// hadolint's `failure-threshold` values. `none` is read as `ignore`; both fail on any finding,
/// like `style` (verified: hadolint does not treat them as "never fail").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureThreshold {
    Error,
    Warning,
    Info,
    Style,
    Ignore,
}

impl FailureThreshold {
    /// Parses hadolint's spelling (exact, lower case).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "info" => Some(Self::Info),
            "style" => Some(Self::Style),
            "ignore" | "none" => Some(Self::Ignore),
            _ => None,
        }
    }

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
            Self::Style => "style",
            Self::Ignore => "ignore",
        }
    }

    /// The least severe finding that fails the run.
    #[must_use]
    pub const fn severity(self) -> plimsoll_text::Severity {
        match self {
            Self::Error => plimsoll_text::Severity::Error,
            Self::Warning => plimsoll_text::Severity::Warning,
            Self::Info => plimsoll_text::Severity::Info,
            Self::Style | Self::Ignore => plimsoll_text::Severity::Style,
        }
    }
}

/// hadolint's severity overrides (`override:` in the file, `--error` etc. on the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub error: Vec<String>,
    pub warning: Vec<String>,
    pub info: Vec<String>,
    pub style: Vec<String>,
}

impl Overrides {
    fn extend(&mut self, other: Overrides) {
        self.error.extend(other.error);
        self.warning.extend(other.warning);
        self.info.extend(other.info);
        self.style.extend(other.style);
    }
}

/// One source of hadolint configuration (the file, the environment or the command line), or
/// several layered with [`HadolintConfig::layered`]. `None` and empty lists mean "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HadolintConfig {
    pub no_fail: Option<bool>,
    pub no_color: Option<bool>,
    pub verbose: Option<bool>,
    /// Format names from [`HADOLINT_FORMATS`]; in a file, `formats:` then `format:`.
    pub formats: Vec<String>,
    pub failure_threshold: Option<FailureThreshold>,
    pub overrides: Overrides,
    /// Rule codes whose findings are dropped (any code, ShellCheck's too).
    pub ignored: Vec<String>,
    pub trusted_registries: Vec<String>,
    /// Required labels; within one source a later entry for the same name wins.
    pub label_schema: Vec<(String, LabelType)>,
    pub strict_labels: Option<bool>,
    pub disable_ignore_pragma: Option<bool>,
}

impl HadolintConfig {
    /// Layers the three sources as hadolint 2.15.1 does (verified with `--verbose`): scalars
    /// from the environment, then the file, then the command line, the later winning; lists
    /// concatenated in that order. The label schema is the odd one (a map union that keeps the
    /// first): for a label named in several sources the environment wins, then the file, then
    /// the command line.
    #[must_use]
    pub fn layered(env: HadolintConfig, file: HadolintConfig, cli: HadolintConfig) -> Self {
        let mut labels: BTreeMap<String, LabelType> = BTreeMap::new();
        for source in [&cli.label_schema, &file.label_schema, &env.label_schema] {
            // Within one source the last entry wins; across sources the later loop wins.
            let mut own: BTreeMap<String, LabelType> = BTreeMap::new();
            for (name, kind) in source {
                own.insert(name.clone(), *kind);
            }
            labels.extend(own);
        }
        let mut merged = HadolintConfig::default();
        for source in [env, file, cli] {
            merged.no_fail = source.no_fail.or(merged.no_fail);
            merged.no_color = source.no_color.or(merged.no_color);
            merged.verbose = source.verbose.or(merged.verbose);
            merged.failure_threshold = source.failure_threshold.or(merged.failure_threshold);
            merged.strict_labels = source.strict_labels.or(merged.strict_labels);
            merged.disable_ignore_pragma = source
                .disable_ignore_pragma
                .or(merged.disable_ignore_pragma);
            merged.formats.extend(source.formats);
            merged.overrides.extend(source.overrides);
            merged.ignored.extend(source.ignored);
            merged.trusted_registries.extend(source.trusted_registries);
        }
        merged.label_schema = labels.into_iter().collect();
        merged
    }

    /// The effective configuration as `hadolint --verbose` prints it after
    /// `Configuration:` (2.15.1's layout, verified byte for byte).
    #[must_use]
    pub fn verbose_dump(&self) -> String {
        fn flag(value: Option<bool>) -> &'static str {
            if value.unwrap_or(false) {
                "True"
            } else {
                "False"
            }
        }
        fn list(out: &mut String, title: &str, items: &[String]) {
            let _ = writeln!(out, "  {title}:");
            if items.is_empty() {
                out.push_str("    none\n");
            }
            for item in items {
                let _ = writeln!(out, "    {item}");
            }
        }
        let quoted = |codes: &[String]| -> Vec<String> {
            codes
                .iter()
                .map(|code| format!("- {}", haskell_show(code)))
                .collect()
        };
        let mut out = String::from("Configuration:\n");
        let _ = writeln!(out, "  no fail: {}", flag(self.no_fail));
        let _ = writeln!(out, "  no color: {}", flag(self.no_color));
        let formats: Vec<String> = self
            .formats
            .iter()
            .map(|format| format!("- {format}"))
            .collect();
        list(&mut out, "output format", &formats);
        let _ = writeln!(
            out,
            "  failure threshold: {}",
            self.failure_threshold
                .unwrap_or(FailureThreshold::Info)
                .as_str()
        );
        list(&mut out, "override error", &quoted(&self.overrides.error));
        list(
            &mut out,
            "override warning",
            &quoted(&self.overrides.warning),
        );
        list(&mut out, "override info", &quoted(&self.overrides.info));
        list(&mut out, "override style", &quoted(&self.overrides.style));
        list(&mut out, "override ignore", &quoted(&self.ignored));
        let _ = writeln!(out, "  strict labels: {}", flag(self.strict_labels));
        let labels: Vec<String> = self
            .label_schema
            .iter()
            .map(|(name, kind)| format!("- {name}: {kind}"))
            .collect();
        list(&mut out, "label schema", &labels);
        let _ = writeln!(
            out,
            "  disable ignore pragma: {}",
            flag(self.disable_ignore_pragma)
        );
        // A set: sorted, without duplicates.
        let registries: std::collections::BTreeSet<&String> =
            self.trusted_registries.iter().collect();
        let registries: Vec<String> = registries
            .into_iter()
            .map(|registry| format!("- - {registry}"))
            .collect();
        list(&mut out, "allowed registries", &registries);
        out
    }
}

/// Parses hadolint's `NAME:TYPE` label requirement (`--require-label`,
/// `HADOLINT_REQUIRE_LABELS`): `NAME` and `NAME:` mean `text`.
///
/// # Errors
/// hadolint's message for an unknown type (`invalid label type: bogus`) or a spec with more
/// than one `:`.
pub fn parse_label_requirement(spec: &str) -> Result<(String, LabelType), String> {
    let mut parts = spec.split(':');
    let name = parts.next().unwrap_or_default().to_owned();
    let kind = parts.next().unwrap_or_default();
    if parts.next().is_some() {
        return Err(format!("invalid label requirement: {spec}"));
    }
    let kind = label_type(kind).ok_or_else(|| format!("invalid label type: {kind}"))?;
    Ok((name, kind))
}

/// A label type name; hadolint reads the empty name as `text`.
fn label_type(name: &str) -> Option<LabelType> {
    if name.is_empty() {
        return Some(LabelType::Text);
    }
    name.parse().ok()
}

/// Who reads the file, and so what its errors mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Plimsoll,
    Hadolint,
}

/// What a `.hadolint.yaml` holds, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decoded {
    Config(HadolintConfig),
    /// Plimsoll dialect: every problem, in source order.
    Problems(Vec<ConfigProblem>),
    /// Hadolint dialect: the detail hadolint prints after its help text (e.g.
    /// `expected !!seq instead of !!str`).
    HadolintError(String),
}

/// The top-level keys, in the order hadolint 2.15.1 decodes them (which decides which error
/// it reports when there are several; verified).
const KEYS: [&str; 12] = [
    "no-fail",
    "no-color",
    "verbose",
    "format",
    "formats",
    "override",
    "ignored",
    "trustedRegistries",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "failure-threshold",
];

const OVERRIDE_KEYS: [&str; 4] = ["error", "warning", "info", "style"];

/// One problem found while decoding: hadolint's wording and plimsoll's.
struct FieldError {
    /// Index into [`KEYS`] (`KEYS.len()` for unknown keys, which hadolint ignores).
    order: usize,
    line: usize,
    column: usize,
    hadolint: String,
    plimsoll: String,
}

pub(crate) fn decode(source: &str, dialect: Dialect) -> Decoded {
    let root = match parse_document(source) {
        Ok(root) => root,
        Err(error) => {
            return match dialect {
                Dialect::Hadolint => Decoded::HadolintError(hadolint_yaml_error(&error)),
                Dialect::Plimsoll => Decoded::Problems(vec![plimsoll_yaml_error(&error)]),
            };
        }
    };
    let mut decoder = Decoder {
        dialect,
        errors: Vec::new(),
        key: "",
        order: 0,
    };
    let config = decoder.root(&root);
    if decoder.errors.is_empty() {
        return Decoded::Config(config);
    }
    match dialect {
        Dialect::Hadolint => {
            let first = decoder
                .errors
                .iter()
                .filter(|error| error.order < KEYS.len())
                .min_by_key(|error| error.order);
            match first {
                Some(error) => Decoded::HadolintError(error.hadolint.clone()),
                None => Decoded::Config(config),
            }
        }
        Dialect::Plimsoll => {
            let mut errors = decoder.errors;
            errors.sort_by_key(|error| (error.line, error.column));
            Decoded::Problems(
                errors
                    .into_iter()
                    .map(|error| ConfigProblem {
                        line: Some(error.line),
                        column: Some(error.column),
                        message: error.plimsoll,
                    })
                    .collect(),
            )
        }
    }
}

struct Decoder {
    dialect: Dialect,
    errors: Vec<FieldError>,
    /// The key being decoded, for messages.
    key: &'static str,
    order: usize,
}

impl Decoder {
    fn error(&mut self, node: &Node, hadolint: String, plimsoll: String) {
        self.errors.push(FieldError {
            order: self.order,
            line: node.position.line,
            column: node.position.column,
            hadolint,
            plimsoll,
        });
    }

    fn root(&mut self, root: &Node) -> HadolintConfig {
        let mut config = HadolintConfig::default();
        let Some(entries) = root.as_mapping() else {
            self.error(
                root,
                format!(
                    "expected Configuration instead of {}",
                    root.hadolint_description()
                ),
                format!(
                    "the configuration must be a mapping of keys to values, found {}",
                    root.plain_description()
                ),
            );
            return config;
        };
        let mut by_key: [Option<&Node>; KEYS.len()] = [None; KEYS.len()];
        let mut single_format = None;
        for (key, value) in entries {
            match key
                .as_str()
                .and_then(|name| KEYS.iter().position(|known| *known == name))
            {
                Some(index) => by_key[index] = Some(value),
                None => {
                    self.order = KEYS.len();
                    let name = key.as_str().map_or_else(
                        || format!("{} key", key.plain_description()),
                        |name| format!("key `{name}`"),
                    );
                    let hint = key
                        .as_str()
                        .and_then(|name| did_you_mean(name, &KEYS))
                        .map(|known| format!("; did you mean `{known}`?"))
                        .unwrap_or_default();
                    self.error(
                        key,
                        String::new(),
                        format!(
                            "unknown {name}{hint} (expected one of: {})",
                            KEYS.join(", ")
                        ),
                    );
                }
            }
        }
        for (index, value) in by_key.into_iter().enumerate() {
            let Some(value) = value else { continue };
            if value.is_null() {
                continue;
            }
            self.order = index;
            self.key = KEYS[index];
            match self.key {
                "no-fail" => config.no_fail = self.boolean(value),
                "no-color" => config.no_color = self.boolean(value),
                "verbose" => config.verbose = self.boolean(value),
                "format" => single_format = self.format(value),
                "formats" => config.formats.extend(self.list(value, true)),
                "override" => config.overrides = self.overrides(value),
                "ignored" => {
                    config.ignored = self.list(value, false);
                    self.check_codes(value);
                }
                "trustedRegistries" => config.trusted_registries = self.list(value, false),
                "label-schema" => config.label_schema = self.label_schema(value),
                "strict-labels" => config.strict_labels = self.boolean(value),
                "disable-ignore-pragma" => config.disable_ignore_pragma = self.boolean(value),
                "failure-threshold" => config.failure_threshold = self.threshold(value),
                _ => unreachable!("every key of KEYS is decoded"),
            }
        }
        // `format:` comes after `formats:` in hadolint's list.
        config.formats.extend(single_format);
        config
    }

    fn boolean(&mut self, node: &Node) -> Option<bool> {
        if let NodeKind::Scalar {
            kind: ScalarKind::Bool(flag),
            ..
        } = node.kind
        {
            return Some(flag);
        }
        let found = match node.as_str() {
            Some(text) => format!("`{text}` (YAML 1.2 booleans are true and false)"),
            None => node.plain_description().to_owned(),
        };
        self.error(
            node,
            format!("expected !!bool instead of {}", node.hadolint_description()),
            format!("`{}` must be true or false, found {found}", self.key),
        );
        None
    }

    fn format(&mut self, node: &Node) -> Option<String> {
        match node.as_str() {
            Some(name) if HADOLINT_FORMATS.contains(&name) => Some(name.to_owned()),
            found => {
                let plimsoll = match found {
                    Some(name) => format!(
                        "unknown output format `{name}` in `{}` (expected one of: {})",
                        self.key,
                        HADOLINT_FORMATS.join(", ")
                    ),
                    None => format!(
                        "`{}` entries must be output format names, found {}",
                        self.key,
                        node.plain_description()
                    ),
                };
                self.error(
                    node,
                    format!(
                        "expected output format instead of {}",
                        node.hadolint_description()
                    ),
                    plimsoll,
                );
                None
            }
        }
    }

    fn threshold(&mut self, node: &Node) -> Option<FailureThreshold> {
        if let Some(threshold) = node.as_str().and_then(FailureThreshold::parse) {
            return Some(threshold);
        }
        let found = node.as_str().map_or_else(
            || node.plain_description().to_owned(),
            |text| format!("`{text}`"),
        );
        self.error(
            node,
            format!("expected severity instead of {}", node.hadolint_description()),
            format!(
                "invalid failure-threshold {found} (expected one of: error, warning, info, style, ignore, none)"
            ),
        );
        None
    }

    /// A list of strings (or of format names when `formats`).
    fn list(&mut self, node: &Node, formats: bool) -> Vec<String> {
        let Some(items) = node.as_sequence() else {
            self.error(
                node,
                format!("expected !!seq instead of {}", node.hadolint_description()),
                format!(
                    "`{}` must be a list, found {}",
                    self.key,
                    node.plain_description()
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            if formats {
                out.extend(self.format(item));
                continue;
            }
            match item.as_str() {
                Some(text) => out.push(text.to_owned()),
                None => self.error(
                    item,
                    format!("expected !!str instead of {}", item.hadolint_description()),
                    format!(
                        "`{}` entries must be strings, found {}",
                        self.key,
                        item.plain_description()
                    ),
                ),
            }
        }
        out
    }

    /// plimsoll reads rule codes strictly: each must be a rule it has, or shaped like a
    /// hadolint or ShellCheck code (which it may not implement: a warning later).
    fn check_codes(&mut self, node: &Node) {
        if self.dialect != Dialect::Plimsoll {
            return;
        }
        for item in node.as_sequence().unwrap_or_default() {
            let Some(code) = item.as_str() else { continue };
            if rule_by_code(code).is_none() && !is_hadolint_shaped(code) {
                self.error(
                    item,
                    String::new(),
                    format!(
                        "`{code}` in `{}` is not a rule code (hadolint codes look like DL3008, ShellCheck codes like SC2086)",
                        self.key
                    ),
                );
            }
        }
    }

    fn overrides(&mut self, node: &Node) -> Overrides {
        let mut overrides = Overrides::default();
        let Some(entries) = node.as_mapping() else {
            self.error(
                node,
                format!(
                    "expected OverrideConfig instead of {}",
                    node.hadolint_description()
                ),
                format!(
                    "`override` must be a mapping with the keys error, warning, info, style, found {}",
                    node.plain_description()
                ),
            );
            return overrides;
        };
        for (key, _) in entries {
            if key
                .as_str()
                .is_some_and(|name| OVERRIDE_KEYS.contains(&name))
            {
                continue;
            }
            let order = self.order;
            self.order = KEYS.len();
            let name = key
                .as_str()
                .map_or_else(|| key.plain_description().to_owned(), str::to_owned);
            self.error(
                key,
                String::new(),
                format!(
                    "unknown key `{name}` in `override` (expected one of: error, warning, info, style)"
                ),
            );
            self.order = order;
        }
        for name in OVERRIDE_KEYS {
            let Some((_, value)) = entries.iter().find(|(key, _)| key.as_str() == Some(name))
            else {
                continue;
            };
            if value.is_null() {
                continue;
            }
            self.key = match name {
                "error" => "override.error",
                "warning" => "override.warning",
                "info" => "override.info",
                _ => "override.style",
            };
            let codes = self.list(value, false);
            self.check_codes(value);
            match name {
                "error" => overrides.error = codes,
                "warning" => overrides.warning = codes,
                "info" => overrides.info = codes,
                _ => overrides.style = codes,
            }
        }
        overrides
    }

    fn label_schema(&mut self, node: &Node) -> Vec<(String, LabelType)> {
        let Some(entries) = node.as_mapping() else {
            self.error(
                node,
                format!("expected !!map instead of {}", node.hadolint_description()),
                format!(
                    "`label-schema` must be a mapping of label names to types, found {}",
                    node.plain_description()
                ),
            );
            return Vec::new();
        };
        // hadolint reads the mapping as a map ordered by key, so that is the order its errors
        // come in.
        let mut sorted: Vec<&(Node, Node)> = entries.iter().collect();
        sorted.sort_by_key(|(key, _)| key_order(key));
        let mut schema = Vec::new();
        for (key, value) in sorted {
            let Some(name) = key.as_str() else {
                self.error(
                    key,
                    format!("expected !!str instead of {}", key.hadolint_description()),
                    format!(
                        "label names in `label-schema` must be strings, found {}",
                        key.plain_description()
                    ),
                );
                continue;
            };
            match value.as_str().and_then(label_type) {
                Some(kind) => schema.push((name.to_owned(), kind)),
                None => {
                    let found = value.as_str().map_or_else(
                        || value.plain_description().to_owned(),
                        |text| format!("`{text}`"),
                    );
                    self.error(
                        value,
                        format!("expected labeltype instead of {}", value.hadolint_description()),
                        format!(
                            "invalid type {found} for label `{name}` (expected one of: text, url, semver, hash, rfc3339, spdx, email)"
                        ),
                    );
                }
            }
        }
        // Back to the file's order: plimsoll reports labels in the order they are written.
        schema.sort_by_key(|(name, _)| {
            entries
                .iter()
                .position(|(key, _)| key.as_str() == Some(name))
        });
        schema
    }
}

/// hadolint's (HsYAML's) ordering of mapping keys: by kind (null, bool, float, int, string,
/// other), then value.
fn key_order(node: &Node) -> (u8, String) {
    match &node.kind {
        NodeKind::Scalar { value, kind } => {
            let rank = match kind {
                ScalarKind::Null => 0,
                ScalarKind::Bool(_) => 1,
                ScalarKind::Float => 2,
                ScalarKind::Int(_) => 3,
                ScalarKind::Str => 4,
                ScalarKind::Unsupported(_) => 5,
            };
            (rank, value.clone())
        }
        NodeKind::Mapping { .. } => (6, String::new()),
        NodeKind::Sequence { .. } => (7, String::new()),
    }
}

/// The detail hadolint prints for a file that is not one YAML document.
fn hadolint_yaml_error(error: &YamlError) -> String {
    match error {
        YamlError::Empty => "empty YAML stream".to_owned(),
        YamlError::MultipleDocuments { .. } => "unexpected multiple YAML documents".to_owned(),
        YamlError::DuplicateKey { key } => format!(
            "Duplicate key in mapping: Scalar (Pos {{posByteOffset = {}, posCharOffset = {}, posLine = {}, posColumn = {}}}) ({})",
            key.position.byte,
            key.position.char,
            key.position.line,
            key.position.column - 1,
            haskell_scalar(key)
        ),
        // HsYAML's own wording differs (`Unexpected '\n'`); the position is more useful.
        YamlError::Syntax { position, message } => {
            format!("{}:{}: {message}", position.line, position.column)
        }
    }
}

/// How HsYAML shows a scalar key (`SStr "a"`, `SInt 1`).
fn haskell_scalar(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar { value, kind } => match kind {
            ScalarKind::Null => "SNull".to_owned(),
            ScalarKind::Bool(flag) => format!("SBool {}", if *flag { "True" } else { "False" }),
            ScalarKind::Int(number) => format!("SInt {number}"),
            ScalarKind::Float => format!("SFloat {value}"),
            ScalarKind::Str => format!("SStr {}", haskell_show(value)),
            ScalarKind::Unsupported(tag) => {
                format!("SUnknown {} {}", haskell_show(tag), haskell_show(value))
            }
        },
        _ => node.hadolint_description(),
    }
}

fn plimsoll_yaml_error(error: &YamlError) -> ConfigProblem {
    match error {
        YamlError::Empty => ConfigProblem {
            line: None,
            column: None,
            message: "the file holds no YAML document (write `{}` for an empty configuration)"
                .to_owned(),
        },
        YamlError::MultipleDocuments { position } => ConfigProblem {
            line: Some(position.line),
            column: Some(position.column),
            message: "a second YAML document starts here; the configuration must be one document"
                .to_owned(),
        },
        YamlError::DuplicateKey { key } => ConfigProblem {
            line: Some(key.position.line),
            column: Some(key.position.column),
            message: match &key.kind {
                NodeKind::Scalar { value, .. } => format!("duplicate key `{value}`"),
                _ => "duplicate key".to_owned(),
            },
        },
        YamlError::Syntax { position, message } => ConfigProblem {
            line: Some(position.line),
            column: Some(position.column),
            message: format!("invalid YAML: {message}"),
        },
    }
}

/// The help text hadolint prints around a decode error of its configuration file; the whole
/// text is then printed as a Haskell string literal (`show`), on one line.
#[must_use]
pub fn hadolint_decode_error_message(path: &str, detail: &str) -> String {
    let text = format!(
        "Error parsing your config file in  '{path}':\n\
It should contain one of the keys 'override', 'ignored'\n\
or 'trustedRegistries'. For example:\n\n\
ignored:\n\t- DL3000\n\t- SC1099\n\n\n\
The key 'override' should contain only lists with names 'error',\n\
'warning', 'info' or 'style', which each name rules to override the\n\
severity on. For example:\n\n\
override:\n\terror:\n\t\t- DL3008\n\n\n\
The key 'trustedRegistries' should contain the names of the allowed\n\
docker registries:\n\n\
trustedRegistries:\n\t- docker.io\n\t- my-company.com\n\n\
{detail}\n"
    );
    haskell_show(&text)
}

/// A string as Haskell's `show` writes it: in double quotes, with `\"`, `\\`, `\n`-style
/// escapes, ASCII control names (`\DEL`, `\SOH`) and non-ASCII characters as decimal escapes
/// (`\233`), with `\&` where a digit (or `H` after `\SO`) would otherwise extend an escape.
#[must_use]
pub fn haskell_show(text: &str) -> String {
    const CONTROL: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "a", "b", "t", "n", "v", "f", "r", "SO",
        "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
        "FS", "GS", "RS", "US",
    ];
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut numeric_escape = false;
    let mut after_so = false;
    for ch in text.chars() {
        if (numeric_escape && ch.is_ascii_digit()) || (after_so && ch == 'H') {
            out.push_str("\\&");
        }
        numeric_escape = false;
        after_so = false;
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7f}' => out.push_str("\\DEL"),
            ch if (ch as u32) < 32 => {
                out.push('\\');
                out.push_str(CONTROL[ch as usize]);
                after_so = ch == '\u{e}';
            }
            ch if (ch as u32) > 127 => {
                let _ = write!(out, "\\{}", ch as u32);
                numeric_escape = true;
            }
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// The known name closest to `name` when it looks like a typo of it.
pub(crate) fn did_you_mean<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let name_lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|candidate| {
            (
                edit_distance(&name_lower, &candidate.to_ascii_lowercase()),
                *candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}
