//! Snapshots of every format in both flavours over one hand-written set of reports, plus
//! structural checks (SARIF 2.1.0 required fields, valid JSON, robustness).
//!
//! The example set covers: a multi-line instruction (hadolint reports its first line), a
//! non-ASCII character before the flagged token, CRLF line endings, safe and unsafe fixes, a
//! parse error, a sourceless image finding, a clean file, and several files in one report.

use std::borrow::Cow;
use std::time::{Duration, UNIX_EPOCH};

use plimsoll_report::{
    FileReport, Flavor, OutputFormat, PARSE_ERROR_CODE, RenderOptions, RuleInfo, render,
};
use plimsoll_text::{Diagnostic, Edit, Fix, Severity, TextRange};
use serde_json::Value;

const DOCKERFILE: &str = "\
FROM debian
# Ünïcode comment
RUN apt-get update && \\
    apt-get install -y curl
LABEL description=\"café\" Maintainer=x
";
const CRLF_DOCKERFILE: &str = "FROM alpine:3.19\r\nRUN echo $HOME \\\r\n    && true\r\n";
const BROKEN_DOCKERFILE: &str = "FROM debian:12\nFOO bar\n";
const CLEAN_DOCKERFILE: &str = "FROM debian:12\nUSER 1000\n";

fn find(text: &str, needle: &str) -> TextRange {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in fixture"));
    TextRange::from_usize(start..start + needle.len())
}

struct Examples {
    dockerfile: Vec<Diagnostic>,
    crlf: Vec<Diagnostic>,
    broken: Vec<Diagnostic>,
    image: Vec<Diagnostic>,
}

impl Examples {
    fn new() -> Self {
        let text = DOCKERFILE;
        let from = find(text, "FROM debian");
        let run = find(
            text,
            "RUN apt-get update && \\\n    apt-get install -y curl",
        );
        let label = find(text, "LABEL description=\"café\" Maintainer=x");
        let install = find(text, "install");
        let curl = find(text, "curl");
        let dockerfile = vec![
            Diagnostic::new("DL3006", Severity::Warning, "Always tag the version of an image explicitly", find(text, "debian"))
                .with_instruction(from),
            Diagnostic::new("DL3015", Severity::Info, "Avoid additional packages by specifying `--no-install-recommends`", install)
                .with_instruction(run)
                .with_fix(Fix::safe(
                    "Add `--no-install-recommends`",
                    vec![Edit::insertion(" --no-install-recommends", install.end)],
                )),
            Diagnostic::new("DL3008", Severity::Warning, "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`", curl)
                .with_instruction(run)
                .with_fix(Fix::unsafe_edits(
                    "Pin `curl` to the version in the base image",
                    vec![Edit::replacement("curl=7.88.1-10+deb12u8", curl)],
                )),
            Diagnostic::new("DL3048", Severity::Style, "Invalid label key.", find(text, "Maintainer"))
                .with_instruction(label)
                .with_url("https://example.com/custom/DL3048"),
        ];

        let text = CRLF_DOCKERFILE;
        let crlf = vec![
            Diagnostic::new(
                "SC2086",
                Severity::Info,
                "Double quote to prevent globbing and word splitting.",
                find(text, "$HOME"),
            )
            .with_instruction(find(text, "RUN echo $HOME \\\r\n    && true")),
        ];

        // The parser stops at the `F` of `FOO` on line 2.
        let unexpected = find(BROKEN_DOCKERFILE, "FOO");
        let broken = vec![Diagnostic::new(
            PARSE_ERROR_CODE,
            Severity::Error,
            "unexpected 'F'\nexpecting '#', ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, or end of input",
            TextRange::new(unexpected.start, unexpected.start + 1),
        )];

        let image = vec![
            Diagnostic::new(
                "IMG001",
                Severity::Error,
                "Private key `/root/.ssh/id_ed25519` is present in layer 3",
                TextRange::default(),
            ),
            Diagnostic::new(
                "IMG002",
                Severity::Info,
                "`/var/cache/apt/archives` (12.4 MB) is deleted in a later layer but still shipped",
                TextRange::default(),
            ),
        ];
        Self {
            dockerfile,
            crlf,
            broken,
            image,
        }
    }

    fn files(&self) -> Vec<FileReport<'_>> {
        vec![
            FileReport {
                path: "Dockerfile",
                source: Some(DOCKERFILE),
                diagnostics: &self.dockerfile,
            },
            FileReport {
                path: "services/api/Dockerfile",
                source: Some(CRLF_DOCKERFILE),
                diagnostics: &self.crlf,
            },
            FileReport {
                path: "Broken.Dockerfile",
                source: Some(BROKEN_DOCKERFILE),
                diagnostics: &self.broken,
            },
            FileReport {
                path: "Clean.Dockerfile",
                source: Some(CLEAN_DOCKERFILE),
                diagnostics: &[],
            },
            FileReport {
                path: "ghcr.io/acme/app:1.4",
                source: None,
                diagnostics: &self.image,
            },
        ]
    }
}

fn rule_info(code: &str) -> Option<RuleInfo> {
    let (name, summary, severity) = match code {
        "DL3006" => (
            "untagged-base-image",
            "Base images are pinned to a tag",
            Severity::Warning,
        ),
        "DL3008" => (
            "apt-get-install-unpinned",
            "`apt-get install` pins package versions",
            Severity::Warning,
        ),
        "DL3015" => (
            "apt-get-install-recommends",
            "`apt-get install` skips recommended packages",
            Severity::Info,
        ),
        "DL3048" => (
            "invalid-label-key",
            "Label keys follow the reverse-DNS convention",
            Severity::Style,
        ),
        "IMG001" => (
            "private-key-in-image",
            "Images do not ship private keys",
            Severity::Error,
        ),
        _ => return None,
    };
    Some(RuleInfo {
        code: Cow::Owned(code.to_string()),
        name: Cow::Borrowed(name),
        summary: Cow::Borrowed(summary),
        url: Some(Cow::Owned(format!("https://example.com/rules/{code}"))),
        default_severity: severity,
    })
}

fn options(flavor: Flavor) -> RenderOptions<'static> {
    let mut options = RenderOptions::new(flavor);
    options.rules = &rule_info;
    options.now = UNIX_EPOCH + Duration::from_secs(1_795_461_911);
    options.tool_version = "0.0.0-test";
    options
}

fn rendered(format: OutputFormat, files: &[FileReport<'_>], options: &RenderOptions<'_>) -> String {
    let mut out = Vec::new();
    render(format, files, options, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8 output")
}

/// NUL separators and escape sequences made visible for snapshot files.
fn visible(text: &str) -> String {
    text.replace('\0', "\\0\n").replace('\x1b', "␛")
}

const FORMATS_WITH_FLAVOURS: [OutputFormat; 12] = [
    OutputFormat::Concise,
    OutputFormat::Tty,
    OutputFormat::Json,
    OutputFormat::Checkstyle,
    OutputFormat::Codeclimate,
    OutputFormat::GitlabCodeclimate,
    OutputFormat::Gnu,
    OutputFormat::Codacy,
    OutputFormat::Sonarqube,
    OutputFormat::Sarif,
    OutputFormat::Junit,
    OutputFormat::Github,
];

#[test]
fn snapshots_per_format_and_flavour() {
    let examples = Examples::new();
    let files = examples.files();
    for flavor in [Flavor::Plimsoll, Flavor::Hadolint] {
        let prefix = match flavor {
            Flavor::Plimsoll => "plimsoll",
            Flavor::Hadolint => "hadolint",
        };
        for format in FORMATS_WITH_FLAVOURS {
            let output = rendered(format, &files, &options(flavor));
            insta::assert_snapshot!(format!("{prefix}_{format}"), visible(&output));
        }
    }
    // `full` always shows exact positions; the flavour does not change it.
    let full = rendered(OutputFormat::Full, &files, &options(Flavor::Plimsoll));
    assert_eq!(
        full,
        rendered(OutputFormat::Full, &files, &options(Flavor::Hadolint))
    );
    insta::assert_snapshot!("full", full);
}

#[test]
#[cfg_attr(windows, ignore = "annotate-snippets picks other colours on Windows")]
fn colour_snapshots() {
    let examples = Examples::new();
    let files = examples.files();
    for (format, flavor) in [
        (OutputFormat::Full, Flavor::Plimsoll),
        (OutputFormat::Concise, Flavor::Plimsoll),
        (OutputFormat::Tty, Flavor::Plimsoll),
    ] {
        let mut options = options(flavor);
        options.color = true;
        let output = rendered(format, &files, &options);
        assert!(output.contains('\x1b'), "{format} ignores `color`");
        insta::assert_snapshot!(format!("color_{format}"), visible(&output));
    }
    // Machine formats never colour.
    for format in [
        OutputFormat::Json,
        OutputFormat::Gnu,
        OutputFormat::Github,
        OutputFormat::Sarif,
    ] {
        let mut options = options(Flavor::Plimsoll);
        options.color = true;
        assert!(
            !rendered(format, &files, &options).contains('\x1b'),
            "{format} is coloured"
        );
    }
}

#[test]
fn no_files_and_clean_files() {
    let clean = [FileReport {
        path: "Clean.Dockerfile",
        source: Some(CLEAN_DOCKERFILE),
        diagnostics: &[],
    }];
    for flavor in [Flavor::Plimsoll, Flavor::Hadolint] {
        let options = options(flavor);
        for format in [
            OutputFormat::Full,
            OutputFormat::Concise,
            OutputFormat::Tty,
            OutputFormat::Gnu,
            OutputFormat::Github,
            OutputFormat::Codeclimate,
            OutputFormat::Codacy,
        ] {
            assert_eq!(
                rendered(format, &clean, &options),
                "",
                "{format} {flavor:?}"
            );
        }
        let json = rendered(OutputFormat::Json, &clean, &options);
        assert_eq!(json.trim_end(), "[]");
        let checkstyle = rendered(OutputFormat::Checkstyle, &clean, &options);
        assert!(
            checkstyle.contains(r#"<file name="Clean.Dockerfile"/>"#),
            "{checkstyle}"
        );
        for format in [
            OutputFormat::Sarif,
            OutputFormat::Sonarqube,
            OutputFormat::GitlabCodeclimate,
        ] {
            let output = rendered(format, &[], &options);
            serde_json::from_str::<Value>(&output)
                .unwrap_or_else(|error| panic!("{format}: {error}\n{output}"));
        }
    }
}

/// Checks the properties SARIF 2.1.0 (OASIS standard, §3) requires of what we emit.
fn check_sarif(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert!(!runs.is_empty());
    for run in runs {
        let driver = &run["tool"]["driver"];
        assert!(
            driver["name"].as_str().is_some_and(|name| !name.is_empty()),
            "tool.driver.name"
        );
        let rules = driver
            .get("rules")
            .map_or(&[][..], |rules| rules.as_array().expect("rules array"));
        for rule in rules {
            assert!(rule["id"].is_string(), "reportingDescriptor.id");
            if let Some(uri) = rule.get("helpUri") {
                assert!(
                    uri.as_str().unwrap().starts_with("https://"),
                    "helpUri is absolute"
                );
            }
            if let Some(configuration) = rule.get("defaultConfiguration") {
                assert!(
                    ["none", "note", "warning", "error"]
                        .contains(&configuration["level"].as_str().unwrap())
                );
            }
        }
        if let Some(kind) = run.get("columnKind") {
            assert!(["utf16CodeUnits", "unicodeCodePoints"].contains(&kind.as_str().unwrap()));
        }
        for result in run["results"].as_array().expect("results array") {
            assert!(result["message"]["text"].is_string(), "result.message.text");
            assert!(
                ["none", "note", "warning", "error"].contains(&result["level"].as_str().unwrap())
            );
            let rule_id = result["ruleId"].as_str().expect("ruleId");
            if let Some(index) = result.get("ruleIndex") {
                let index =
                    usize::try_from(index.as_u64().expect("ruleIndex is a non-negative integer"))
                        .unwrap();
                assert_eq!(rules[index]["id"], rule_id, "ruleIndex points at the rule");
            }
            for location in result["locations"].as_array().expect("locations array") {
                let physical = &location["physicalLocation"];
                assert!(
                    physical["artifactLocation"]["uri"].is_string(),
                    "artifactLocation.uri"
                );
                if let Some(region) = physical.get("region") {
                    check_region(region);
                }
            }
            if let Some(fingerprints) = result.get("partialFingerprints") {
                assert!(
                    fingerprints
                        .as_object()
                        .unwrap()
                        .values()
                        .all(Value::is_string)
                );
            }
            for fix in result
                .get("fixes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                assert!(fix["description"]["text"].is_string());
                for change in fix["artifactChanges"].as_array().expect("artifactChanges") {
                    assert!(change["artifactLocation"]["uri"].is_string());
                    for replacement in change["replacements"].as_array().expect("replacements") {
                        check_region(&replacement["deletedRegion"]);
                        assert!(replacement["insertedContent"]["text"].is_string());
                    }
                }
            }
        }
    }
}

fn check_region(region: &Value) {
    let number = |key: &str| {
        region
            .get(key)
            .map(|value| value.as_u64().expect("integer"))
    };
    let start_line = number("startLine").expect("startLine");
    assert!(start_line >= 1);
    if let Some(end_line) = number("endLine") {
        assert!(end_line >= start_line);
    }
    if let Some(start_column) = number("startColumn") {
        assert!(start_column >= 1);
        if let Some(end_column) = number("endColumn") {
            assert!(end_column >= 1);
            if number("endLine").is_none_or(|end_line| end_line == start_line) {
                assert!(end_column >= start_column, "region ends before it starts");
            }
        }
    }
}

#[test]
fn sarif_has_the_required_structure() {
    let examples = Examples::new();
    let files = examples.files();
    for flavor in [Flavor::Plimsoll, Flavor::Hadolint] {
        let output = rendered(OutputFormat::Sarif, &files, &options(flavor));
        let log: Value = serde_json::from_str(&output).expect("valid JSON");
        check_sarif(&log);
    }
    let log: Value = serde_json::from_str(&rendered(
        OutputFormat::Sarif,
        &files,
        &options(Flavor::Plimsoll),
    ))
    .unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    // Every code that occurs has a rule, the unknown ones (SC2086, DL1000, IMG002) by id only.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 8);
    let described = rules
        .iter()
        .filter(|rule| rule.get("helpUri").is_some())
        .count();
    assert_eq!(described, 5);
    // The image finding has no region; the CRLF finding is exact.
    let image = results.iter().find(|r| r["ruleId"] == "IMG001").unwrap();
    assert!(
        image["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
    let crlf = results.iter().find(|r| r["ruleId"] == "SC2086").unwrap();
    let region = &crlf["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64()
        ),
        (Some(2), Some(10), Some(15))
    );
}

#[test]
fn machine_formats_are_valid_json() {
    let examples = Examples::new();
    let files = examples.files();
    for flavor in [Flavor::Plimsoll, Flavor::Hadolint] {
        let options = options(flavor);
        for format in [
            OutputFormat::Json,
            OutputFormat::GitlabCodeclimate,
            OutputFormat::Sonarqube,
            OutputFormat::Sarif,
        ] {
            let output = rendered(format, &files, &options);
            serde_json::from_str::<Value>(&output)
                .unwrap_or_else(|error| panic!("{format} {flavor:?}: {error}"));
        }
        let issues = rendered(OutputFormat::Codeclimate, &files, &options);
        assert!(issues.ends_with('\0'));
        let issues: Vec<&str> = issues.split_terminator('\0').collect();
        assert_eq!(issues.len(), 8);
        for issue in issues {
            serde_json::from_str::<Value>(issue)
                .unwrap_or_else(|error| panic!("codeclimate: {error}"));
        }
    }
    let codacy = rendered(OutputFormat::Codacy, &files, &options(Flavor::Plimsoll));
    for line in codacy.lines() {
        serde_json::from_str::<Value>(line).unwrap_or_else(|error| panic!("codacy: {error}"));
    }
}

#[test]
fn plimsoll_fingerprints_ignore_line_moves_and_tell_duplicates_apart() {
    let fingerprints = |source: &str| -> Vec<String> {
        let diagnostics: Vec<Diagnostic> = source
            .match_indices("RUN sudo a")
            .map(|(start, run)| TextRange::from_usize(start..start + run.len()))
            .map(|range| Diagnostic::new("DL3004", Severity::Error, "Do not use sudo", range))
            .collect();
        assert_eq!(diagnostics.len(), 2);
        let files = [FileReport {
            path: "Dockerfile",
            source: Some(source),
            diagnostics: &diagnostics,
        }];
        let output = rendered(
            OutputFormat::GitlabCodeclimate,
            &files,
            &options(Flavor::Plimsoll),
        );
        let issues: Vec<Value> = serde_json::from_str(&output).unwrap();
        issues
            .iter()
            .map(|issue| issue["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let before = fingerprints("FROM a:1\nRUN sudo a\nRUN sudo a\n");
    let after = fingerprints("FROM a:1\n# a new comment\n\nRUN sudo a\nRUN sudo a\n");
    assert_eq!(before, after, "moving lines keeps fingerprints");
    assert_ne!(
        before[0], before[1],
        "identical findings get distinct fingerprints"
    );
}

#[test]
fn out_of_range_diagnostics_render_without_panicking() {
    let source = "FROM é\n";
    let diagnostics = [
        Diagnostic::new(
            "DL3006",
            Severity::Warning,
            "past the end",
            TextRange::new(100, 200),
        )
        .with_instruction(TextRange::new(90, 300)),
        // Offsets inside the two-byte `é`.
        Diagnostic::new(
            "DL3007",
            Severity::Warning,
            "mid-character",
            TextRange::new(6, 7),
        )
        .with_fix(Fix::safe(
            "fix",
            vec![Edit::replacement("x", TextRange::new(6, 50))],
        )),
        Diagnostic::new(
            PARSE_ERROR_CODE,
            Severity::Error,
            "broken",
            TextRange::new(7, 99),
        ),
    ];
    let files = [FileReport {
        path: "Dockerfile",
        source: Some(source),
        diagnostics: &diagnostics,
    }];
    for flavor in [Flavor::Plimsoll, Flavor::Hadolint] {
        for format in OutputFormat::ALL {
            let output = rendered(format, &files, &options(flavor));
            assert!(
                !output.is_empty() || format == OutputFormat::Codacy,
                "{format}"
            );
        }
    }
}

#[test]
fn github_escapes_properties_and_data() {
    let source = "FROM a\n";
    let diagnostics = [Diagnostic::new(
        "DL3006",
        Severity::Style,
        "100% broken:\nsee, here",
        find(source, "a"),
    )];
    let files = [FileReport {
        path: "dir,with:odd%name/Dockerfile",
        source: Some(source),
        diagnostics: &diagnostics,
    }];
    assert_eq!(
        rendered(OutputFormat::Github, &files, &options(Flavor::Plimsoll)),
        "::notice title=plimsoll (DL3006),file=dir%2Cwith%3Aodd%25name/Dockerfile,line=1,col=6,endLine=1,endColumn=7::100%25 broken:%0Asee, here\n"
    );
}

#[test]
fn sarif_rules_carry_help_when_given() {
    let examples = Examples::new();
    let files = examples.files();
    let help = |code: &str| {
        (code == "IMG001").then(|| {
            "## What it does\nFinds private keys\nin any layer.\n\n## Why is this bad?\nKeys leak.\n"
                .to_owned()
        })
    };
    let mut options = options(Flavor::Plimsoll);
    options.rule_help = &help;
    let log: Value =
        serde_json::from_str(&rendered(OutputFormat::Sarif, &files, &options)).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let image = rules.iter().find(|r| r["id"] == "IMG001").unwrap();
    assert_eq!(
        image["fullDescription"]["text"],
        "Finds private keys in any layer."
    );
    assert!(
        image["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Why is this bad?")
    );
    assert_eq!(image["help"]["text"], image["help"]["markdown"]);
    let other = rules.iter().find(|r| r["id"] == "DL3006").unwrap();
    assert!(other.get("help").is_none() && other.get("fullDescription").is_none());
}
