//! `plimsoll.toml`: plimsoll's own configuration file.
//!
//! ```toml
//! [lint]
//! select = ["ALL"]                  # replaces the default rule set
//! extend-select = ["DL3057"]        # adds rules (off-by-default ones by exact code)
//! ignore = ["DL3008", "buildkit"]   # codes, code prefixes, origins, ALL
//! failure-threshold = "warning"     # error | warning | info | style
//! format = "concise"
//! trusted-registries = ["docker.io", "*.gcr.io"]
//! strict-labels = false
//! disable-ignore-pragma = false
//! no-fail = false
//! no-color = false
//! base-image-env = ["JAVA_HOME"]
//!
//! [lint.severity]                   # CODE or prefix = error | warning | info | style | off
//! DL3008 = "error"
//!
//! [lint.label-schema]               # name = text | url | semver | hash | rfc3339 | spdx | email
//! "org.opencontainers.image.source" = "url"
//!
//! [image]                           # `plimsoll image`; each key is the flag of that name
//! ignore = ["PI301"]
//! fail-on = "warning"
//! max-size = "200MB"
//! min-efficiency = 0.9
//! max-wasted = "20MB"
//!
//! [image.severity]                  # image rule code or name = error | warning | info | style
//! PI101 = "error"
//! ```
//!
//! Unknown keys and bad values are errors with their line and column. Each command checks its
//! own table only: `plimsoll lint` does not look inside `[image]`, nor `plimsoll image` inside
//! `[lint]`.

use std::collections::BTreeMap;
use std::ops::Range;

use plimsoll_text::Severity;
use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

use super::ConfigProblem;
use super::hadolint::did_you_mean;
use crate::settings::LabelType;

/// The output formats `plimsoll lint` knows (`plimsoll_report::OutputFormat`'s names; a test
/// keeps the two lists equal). hadolint's are the ones between `concise` and `github`
/// ([`HADOLINT_FORMATS`](super::HADOLINT_FORMATS)).
pub const PLIMSOLL_FORMATS: [&str; 13] = [
    "full",
    "concise",
    "tty",
    "json",
    "checkstyle",
    "codeclimate",
    "gitlab_codeclimate",
    "gnu",
    "codacy",
    "sonarqube",
    "sarif",
    "junit",
    "github",
];

/// A value with the 1-based line and column it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

/// The `[lint]` table of a `plimsoll.toml`, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintSection {
    pub select: Option<Vec<Located<String>>>,
    pub extend_select: Vec<Located<String>>,
    pub ignore: Vec<Located<String>>,
    pub failure_threshold: Option<Severity>,
    pub format: Option<String>,
    pub trusted_registries: Vec<String>,
    pub strict_labels: Option<bool>,
    pub disable_ignore_pragma: Option<bool>,
    pub no_fail: Option<bool>,
    pub no_color: Option<bool>,
    pub base_image_env: Vec<String>,
    /// Selector and severity (`None` = `off`), in file order.
    pub severity: Vec<(Located<String>, Option<Severity>)>,
    pub label_schema: Vec<(String, LabelType)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    lint: RawLint,
    /// `plimsoll image`'s table, checked by [`parse_image`].
    #[serde(default, rename = "image")]
    _image: Option<IgnoredAny>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    failure_threshold: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    #[serde(default)]
    trusted_registries: Vec<String>,
    strict_labels: Option<bool>,
    disable_ignore_pragma: Option<bool>,
    no_fail: Option<bool>,
    no_color: Option<bool>,
    #[serde(default)]
    base_image_env: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    label_schema: BTreeMap<Spanned<String>, Spanned<String>>,
}

const LINT_KEYS: [&str; 13] = [
    "select",
    "extend-select",
    "ignore",
    "failure-threshold",
    "format",
    "trusted-registries",
    "strict-labels",
    "disable-ignore-pragma",
    "no-fail",
    "no-color",
    "base-image-env",
    "severity",
    "label-schema",
];

/// Parses and checks a `plimsoll.toml`.
///
/// # Errors
/// Every problem found, with its position: TOML syntax, unknown keys, wrong types (these stop
/// at the first), then bad values (all of them).
pub(crate) fn parse(source: &str) -> Result<LintSection, Vec<ConfigProblem>> {
    let raw: RawFile = from_toml(source)?;
    let raw = raw.lint;
    let mut problems = Vec::new();
    let locate = |spanned: &Spanned<String>| {
        let (line, column) = line_column(source, spanned.span().start);
        Located {
            value: spanned.get_ref().clone(),
            line,
            column,
        }
    };
    let mut problem = |spanned: &Spanned<String>, message: String| {
        let (line, column) = line_column(source, spanned.span().start);
        problems.push(ConfigProblem {
            line: Some(line),
            column: Some(column),
            message,
        });
    };

    let failure_threshold = raw.failure_threshold.as_ref().and_then(|name| {
        let parsed = name.get_ref().parse::<Severity>().ok();
        if parsed.is_none() {
            problem(
                name,
                format!(
                    "invalid failure-threshold `{}` (expected one of: error, warning, info, style)",
                    name.get_ref()
                ),
            );
        }
        parsed
    });
    let format = raw.format.as_ref().and_then(|name| {
        if PLIMSOLL_FORMATS.contains(&name.get_ref().as_str()) {
            Some(name.get_ref().clone())
        } else {
            problem(
                name,
                format!(
                    "unknown output format `{}` (expected one of: {})",
                    name.get_ref(),
                    PLIMSOLL_FORMATS.join(", ")
                ),
            );
            None
        }
    });
    let mut base_image_env = Vec::new();
    for name in &raw.base_image_env {
        if is_env_name(name.get_ref()) {
            base_image_env.push(name.get_ref().clone());
        } else {
            problem(
                name,
                format!(
                    "`{}` is not an environment variable name (letters, digits and `_`, not starting with a digit)",
                    name.get_ref()
                ),
            );
        }
    }
    let mut severity = Vec::new();
    for (selector, level) in &raw.severity {
        let parsed = match level.get_ref().as_str() {
            "off" => Some(None),
            other => other.parse::<Severity>().ok().map(Some),
        };
        match parsed {
            Some(parsed) => severity.push((locate(selector), parsed)),
            None => problem(
                level,
                format!(
                    "invalid severity `{}` for `{}` (expected one of: error, warning, info, style, off)",
                    level.get_ref(),
                    selector.get_ref()
                ),
            ),
        }
    }
    let mut label_schema = Vec::new();
    for (name, kind) in &raw.label_schema {
        match kind.get_ref().parse::<LabelType>() {
            Ok(kind) => label_schema.push((name.get_ref().clone(), kind)),
            Err(_) => problem(
                kind,
                format!(
                    "invalid type `{}` for label `{}` (expected one of: text, url, semver, hash, rfc3339, spdx, email)",
                    kind.get_ref(),
                    name.get_ref()
                ),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    severity.sort_by_key(|(selector, _)| (selector.line, selector.column));
    Ok(LintSection {
        select: raw
            .select
            .as_ref()
            .map(|list| list.iter().map(locate).collect()),
        extend_select: raw.extend_select.iter().map(locate).collect(),
        ignore: raw.ignore.iter().map(locate).collect(),
        failure_threshold,
        format,
        trusted_registries: raw.trusted_registries,
        strict_labels: raw.strict_labels,
        disable_ignore_pragma: raw.disable_ignore_pragma,
        no_fail: raw.no_fail,
        no_color: raw.no_color,
        base_image_env,
        severity,
        label_schema,
    })
}

/// How `[image]` values are read: the image crate's parsers, the ones its flags use, handed in
/// so that the linter does not depend on the image reader.
#[derive(Debug, Clone, Copy)]
pub struct ImageValueParsers {
    /// `200MB`, `1.5GiB`, `1000`.
    pub size: fn(&str) -> Result<u64, String>,
    /// A number between 0 and 1.
    pub ratio: fn(&str) -> Result<f64, String>,
    /// `Err(message)` when the code or name is no image rule.
    pub rule: fn(&str) -> Result<(), String>,
}

/// The `[image]` table of a `plimsoll.toml`, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageSection {
    /// Rule codes or names, in file order.
    pub ignore: Vec<String>,
    /// Rule code or name and its severity, in file order.
    pub severity: Vec<(String, Severity)>,
    pub fail_on: Option<Severity>,
    pub max_size: Option<u64>,
    pub min_efficiency: Option<f64>,
    pub max_wasted: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImageFile {
    /// `plimsoll lint`'s table, checked by [`parse`].
    #[serde(default, rename = "lint")]
    _lint: Option<IgnoredAny>,
    #[serde(default)]
    image: RawImage,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawImage {
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    max_size: Option<Spanned<toml::Value>>,
    min_efficiency: Option<Spanned<toml::Value>>,
    max_wasted: Option<Spanned<toml::Value>>,
}

const IMAGE_KEYS: [&str; 6] = [
    "ignore",
    "severity",
    "fail-on",
    "max-size",
    "min-efficiency",
    "max-wasted",
];

/// Parses and checks the `[image]` table of a `plimsoll.toml` (the rest of the file only has
/// to be TOML with known top-level tables).
///
/// # Errors
/// As [`parse`]: the first TOML or type problem, else every bad value, with positions.
pub(crate) fn parse_image(
    source: &str,
    parsers: &ImageValueParsers,
) -> Result<ImageSection, Vec<ConfigProblem>> {
    let raw: RawImageFile = from_toml(source)?;
    let raw = raw.image;
    let mut problems = Vec::new();
    let mut problem = |span: Range<usize>, message: String| {
        let (line, column) = line_column(source, span.start);
        problems.push(ConfigProblem::at(line, column, message));
    };

    let mut ignore = Vec::new();
    for name in &raw.ignore {
        match (parsers.rule)(name.get_ref().trim()) {
            Ok(()) => ignore.push(name.get_ref().trim().to_owned()),
            Err(message) => problem(name.span(), message),
        }
    }
    let mut severity = Vec::new();
    for (name, level) in &raw.severity {
        let known = (parsers.rule)(name.get_ref().trim())
            .map_err(|message| problem(name.span(), message))
            .is_ok();
        match level.get_ref().parse::<Severity>() {
            Ok(parsed) if known => severity.push((name, parsed)),
            Ok(_) => {}
            Err(_) => problem(
                level.span(),
                format!(
                    "invalid severity `{}` for `{}` (expected one of: error, warning, info, style)",
                    level.get_ref(),
                    name.get_ref()
                ),
            ),
        }
    }
    // The map sorts by name; `--severity` entries follow the file's order, the last one wins.
    severity.sort_by_key(|(name, _)| name.span().start);
    let fail_on = raw.fail_on.as_ref().and_then(|name| {
        name.get_ref()
            .parse::<Severity>()
            .map_err(|_| {
                problem(
                    name.span(),
                    format!(
                        "invalid fail-on `{}` (expected one of: error, warning, info, style)",
                        name.get_ref()
                    ),
                );
            })
            .ok()
    });
    let max_size = image_value(
        "max-size",
        raw.max_size.as_ref(),
        parsers.size,
        &mut problem,
    );
    let min_efficiency = image_value(
        "min-efficiency",
        raw.min_efficiency.as_ref(),
        parsers.ratio,
        &mut problem,
    );
    let max_wasted = image_value(
        "max-wasted",
        raw.max_wasted.as_ref(),
        parsers.size,
        &mut problem,
    );
    if !problems.is_empty() {
        problems.sort_by_key(|problem| (problem.line, problem.column));
        return Err(problems);
    }
    Ok(ImageSection {
        ignore,
        severity: severity
            .into_iter()
            .map(|(name, level)| (name.get_ref().trim().to_owned(), level))
            .collect(),
        fail_on,
        max_size,
        min_efficiency,
        max_wasted,
    })
}

/// A size or ratio read by the flag's own parser: a string as the flag's text, a number as
/// its digits, so that the file and the flag accept the same values.
fn image_value<T>(
    key: &str,
    value: Option<&Spanned<toml::Value>>,
    parse: fn(&str) -> Result<T, String>,
    problem: &mut impl FnMut(Range<usize>, String),
) -> Option<T> {
    let value = value?;
    let text = match value.get_ref() {
        toml::Value::String(text) => text.clone(),
        toml::Value::Integer(integer) => integer.to_string(),
        toml::Value::Float(float) => float.to_string(),
        other => {
            problem(
                value.span(),
                format!(
                    "invalid {key}: expected a string or a number, found {}",
                    other.type_str()
                ),
            );
            return None;
        }
    };
    parse(&text)
        .map_err(|message| problem(value.span(), format!("{key}: {message}")))
        .ok()
}

/// TOML syntax, unknown keys and wrong types, as one problem at its position.
fn from_toml<T: serde::de::DeserializeOwned>(source: &str) -> Result<T, Vec<ConfigProblem>> {
    toml::from_str(source).map_err(|error| {
        let (line, column) = error.span().map_or((None, None), |span| {
            let (line, column) = line_column(source, span.start);
            (Some(line), Some(column))
        });
        vec![ConfigProblem {
            line,
            column,
            message: explain_toml_error(error.message()),
        }]
    })
}

/// serde's "unknown field `x`, expected one of ..." gains a suggestion for typos.
fn explain_toml_error(message: &str) -> String {
    let message = message.trim_end().to_owned();
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message;
    };
    let Some((name, _)) = rest.split_once('`') else {
        return message;
    };
    let known: &[&str] = if message.contains("`fail-on`") {
        &IMAGE_KEYS
    } else if message.contains("`lint`") && !message.contains("`select`") {
        &["lint", "image"]
    } else {
        &LINT_KEYS
    };
    match did_you_mean(name, known) {
        Some(suggestion) if suggestion != name => {
            format!("{message}; did you mean `{suggestion}`?")
        }
        _ => message,
    }
}

fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// 1-based line and character column of byte `offset`.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(source: &str) -> Vec<String> {
        parse(source)
            .expect_err("should be rejected")
            .into_iter()
            .map(|problem| problem.to_string())
            .collect()
    }

    #[test]
    fn reads_every_key() {
        let section = parse(
            r#"
[lint]
select = ["ALL"]
extend-select = ["DL3057"]
ignore = ["DL3008", "buildkit"]
failure-threshold = "warning"
format = "concise"
trusted-registries = ["docker.io"]
strict-labels = true
disable-ignore-pragma = true
no-fail = true
no-color = false
base-image-env = ["JAVA_HOME", "_X1"]

[lint.severity]
DL30 = "info"
DL3008 = "off"

[lint.label-schema]
"org.opencontainers.image.source" = "url"
maintainer = "text"
"#,
        )
        .expect("valid");
        assert_eq!(
            section.select.as_deref().map(|list| list[0].value.as_str()),
            Some("ALL")
        );
        assert_eq!(section.extend_select[0].value, "DL3057");
        assert_eq!(
            (
                section.ignore[1].value.as_str(),
                section.ignore[1].line,
                section.ignore[1].column
            ),
            ("buildkit", 5, 21)
        );
        assert_eq!(section.failure_threshold, Some(Severity::Warning));
        assert_eq!(section.format.as_deref(), Some("concise"));
        assert_eq!(section.trusted_registries, ["docker.io"]);
        assert_eq!(section.strict_labels, Some(true));
        assert_eq!(section.disable_ignore_pragma, Some(true));
        assert_eq!(section.no_fail, Some(true));
        assert_eq!(section.no_color, Some(false));
        assert_eq!(section.base_image_env, ["JAVA_HOME", "_X1"]);
        let severity: Vec<_> = section
            .severity
            .iter()
            .map(|(selector, level)| (selector.value.as_str(), *level))
            .collect();
        assert_eq!(severity, [("DL30", Some(Severity::Info)), ("DL3008", None)]);
        assert_eq!(
            section.label_schema,
            [
                ("maintainer".to_owned(), LabelType::Text),
                ("org.opencontainers.image.source".to_owned(), LabelType::Url),
            ]
        );
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse(""), Ok(LintSection::default()));
        assert_eq!(parse("[lint]\n"), Ok(LintSection::default()));
    }

    #[test]
    fn unknown_keys_are_errors_with_positions_and_suggestions() {
        assert_eq!(
            problems("[lint]\nselect = []\nignroe = [\"DL3008\"]\n"),
            [
                "3:1: unknown field `ignroe`, expected one of `select`, `extend-select`, `ignore`, `failure-threshold`, `format`, `trusted-registries`, `strict-labels`, `disable-ignore-pragma`, `no-fail`, `no-color`, `base-image-env`, `severity`, `label-schema`; did you mean `ignore`?"
            ]
        );
        assert_eq!(
            problems("[lnt]\n"),
            ["1:2: unknown field `lnt`, expected `lint` or `image`; did you mean `lint`?"]
        );
    }

    #[test]
    fn wrong_types_and_syntax_are_errors() {
        assert_eq!(
            problems("[lint]\nno-fail = \"yes\"\n"),
            ["2:11: invalid type: string \"yes\", expected a boolean"]
        );
        assert_eq!(
            problems("[lint]\nignore = \"DL3008\"\n"),
            ["2:10: invalid type: string \"DL3008\", expected a sequence"]
        );
        let syntax = problems("[lint\n");
        assert!(syntax[0].starts_with("1:"), "{syntax:?}");
    }

    #[test]
    fn bad_values_are_all_reported() {
        assert_eq!(
            problems(
                "[lint]\nfailure-threshold = \"fatal\"\nformat = \"xml\"\nbase-image-env = [\"1X\", \"OK\"]\n[lint.severity]\nDL3008 = \"loud\"\n[lint.label-schema]\nx = \"uri\"\n"
            ),
            [
                "2:21: invalid failure-threshold `fatal` (expected one of: error, warning, info, style)",
                "3:10: unknown output format `xml` (expected one of: full, concise, tty, json, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, sarif, junit, github)",
                "4:19: `1X` is not an environment variable name (letters, digits and `_`, not starting with a digit)",
                "6:10: invalid severity `loud` for `DL3008` (expected one of: error, warning, info, style, off)",
                "8:5: invalid type `uri` for label `x` (expected one of: text, url, semver, hash, rfc3339, spdx, email)",
            ]
        );
    }

    /// Stand-ins for the image crate's parsers (the CLI tests use the real ones): sizes are
    /// bytes or `NMB`, ratios 0..=1, and the rules are PI101 (`shell-present`) and PI301.
    const PARSERS: ImageValueParsers = ImageValueParsers {
        size: |text| {
            match text.strip_suffix("MB") {
                Some(mb) => mb.parse::<u64>().map(|n| n * 1_000_000),
                None => text.parse(),
            }
            .map_err(|_| format!("invalid size `{text}`"))
        },
        ratio: |text| {
            text.parse::<f64>()
                .ok()
                .filter(|ratio| (0.0..=1.0).contains(ratio))
                .ok_or_else(|| format!("invalid ratio `{text}`"))
        },
        rule: |name| match name {
            "PI101" | "shell-present" | "PI301" => Ok(()),
            _ => Err(format!("unknown image rule `{name}`")),
        },
    };

    fn image_problems(source: &str) -> Vec<String> {
        parse_image(source, &PARSERS)
            .expect_err("should be rejected")
            .into_iter()
            .map(|problem| problem.to_string())
            .collect()
    }

    #[test]
    fn reads_the_image_table() {
        let source = r#"
[lint]
ignore = ["DL3008"]

[image]
ignore = ["PI301", " shell-present "]
fail-on = "warning"
max-size = "200MB"
min-efficiency = 0.9
max-wasted = 20000

[image.severity]
shell-present = "info"
PI101 = "error"
"#;
        let section = parse_image(source, &PARSERS).expect("valid");
        assert_eq!(
            section,
            ImageSection {
                ignore: vec!["PI301".into(), "shell-present".into()],
                // File order, not the map's (alphabetical) order: the last one wins.
                severity: vec![
                    ("shell-present".into(), Severity::Info),
                    ("PI101".into(), Severity::Error)
                ],
                fail_on: Some(Severity::Warning),
                max_size: Some(200_000_000),
                min_efficiency: Some(0.9),
                max_wasted: Some(20_000),
            }
        );
        // `plimsoll lint` reads the same file and leaves `[image]` alone.
        assert_eq!(parse(source).expect("valid").ignore[0].value, "DL3008");
        assert_eq!(parse_image("", &PARSERS), Ok(ImageSection::default()));
        assert_eq!(
            parse_image("[lint]\nwhatever = 1\n", &PARSERS),
            Ok(ImageSection::default()),
            "`plimsoll image` leaves `[lint]` to `plimsoll lint`"
        );
    }

    #[test]
    fn image_unknown_keys_and_types_are_errors_with_positions() {
        assert_eq!(
            image_problems("[image]\nfail-on = \"error\"\nmax-wated = \"1MB\"\n"),
            [
                "3:1: unknown field `max-wated`, expected one of `ignore`, `severity`, `fail-on`, `max-size`, `min-efficiency`, `max-wasted`; did you mean `max-wasted`?"
            ]
        );
        assert_eq!(
            image_problems("[imag]\n"),
            ["1:2: unknown field `imag`, expected `lint` or `image`; did you mean `image`?"]
        );
        assert_eq!(
            image_problems("[image]\nignore = \"PI301\"\n"),
            ["2:10: invalid type: string \"PI301\", expected a sequence"]
        );
        assert_eq!(
            image_problems("[image]\nmax-size = true\n"),
            ["2:12: invalid max-size: expected a string or a number, found boolean"]
        );
    }

    #[test]
    fn image_bad_values_are_all_reported() {
        assert_eq!(
            image_problems(
                "[image]\nignore = [\"PI999\"]\nfail-on = \"fatal\"\nmax-size = \"12 parsecs\"\nmin-efficiency = 1.5\nmax-wasted = \"x\"\n[image.severity]\nPI101 = \"loud\"\nPI998 = \"error\"\n"
            ),
            [
                "2:11: unknown image rule `PI999`",
                "3:11: invalid fail-on `fatal` (expected one of: error, warning, info, style)",
                "4:12: max-size: invalid size `12 parsecs`",
                "5:18: min-efficiency: invalid ratio `1.5`",
                "6:14: max-wasted: invalid size `x`",
                "8:9: invalid severity `loud` for `PI101` (expected one of: error, warning, info, style)",
                "9:1: unknown image rule `PI998`",
            ]
        );
        // `off` is lint's; an image rule is turned off with `ignore`.
        assert_eq!(
            image_problems("[image.severity]\nPI101 = \"off\"\n"),
            [
                "2:9: invalid severity `off` for `PI101` (expected one of: error, warning, info, style)"
            ]
        );
    }

    #[test]
    fn line_columns_count_characters() {
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_column("", 5), (1, 1));
    }
}
