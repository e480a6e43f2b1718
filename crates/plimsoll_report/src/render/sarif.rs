//! `sarif`: SARIF 2.1.0, one run for all files.
//!
//! Hadolint flavour (byte-exact, compact, no final newline, keys sorted as aeson writes them):
//! tool `Hadolint` 2.15.1 with hadolint's `downloadUri`/`fullName`/`shortDescription`,
//! `defaultSourceLanguage` `dockerfile`, no `rules` array, no fingerprints. Each result has a
//! zero-width region at column 1 of the instruction's first line (parse errors: at their
//! position) with `sourceLanguage` `sh` for ShellCheck (`SC`) codes and `dockerfile` otherwise;
//! levels error `error`, warning `warning`, info and style `note`; the artifact URI is the path
//! exactly as given (`/dev/stdin` for a parse error read from stdin).
//!
//! Plimsoll flavour (pretty-printed): tool `plimsoll` with `rules` metadata for every code that
//! occurs (name, summary, `helpUri`, default level), results with `ruleIndex`, exact regions
//! (`columnKind` `unicodeCodePoints`, exclusive end column), `partialFingerprints` that do not
//! depend on line numbers, and `fixes` with the replacements of each fix; with
//! [`crate::RenderOptions::rule_help`], rules also get `fullDescription` (the documentation's
//! first paragraph) and `help` (all of it, as text and Markdown). Paths are written as
//! percent-encoded relative URI references. Image findings have an artifact location but no
//! region.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use plimsoll_text::Diagnostic;
use serde::Serialize;

use super::{Context, sarif_level, stable_fingerprints};
use crate::escape::{aeson_json, uri_reference};
use crate::location::{File, Span, is_parse_error};

const HADOLINT_SCHEMA: &str = "http://json.schemastore.org/sarif-2.1.0";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const VERSION: &str = "2.1.0";

pub(super) fn render(context: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    if context.is_hadolint() {
        out.write_all(&aeson_json(&hadolint_log(context)))
    } else {
        serde_json::to_writer_pretty(&mut *out, &plimsoll_log(context))?;
        out.write_all(b"\n")
    }
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Self { text: text.into() }
    }
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: Cow<'a, str>,
}

// ---- Hadolint flavour: field order is aeson's alphabetical order. ----

#[derive(Serialize)]
struct HadolintLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [HadolintRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct HadolintRun<'a> {
    #[serde(rename = "defaultSourceLanguage")]
    default_source_language: &'static str,
    results: Vec<HadolintResult<'a>>,
    tool: HadolintTool,
}

#[derive(Serialize)]
struct HadolintTool {
    driver: HadolintDriver,
}

#[derive(Serialize)]
struct HadolintDriver {
    #[serde(rename = "downloadUri")]
    download_uri: &'static str,
    #[serde(rename = "fullName")]
    full_name: &'static str,
    name: &'static str,
    #[serde(rename = "shortDescription")]
    short_description: Text<'static>,
    version: &'static str,
}

#[derive(Serialize)]
struct HadolintResult<'a> {
    level: &'static str,
    locations: [HadolintLocation<'a>; 1],
    message: Text<'a>,
    #[serde(rename = "ruleId")]
    rule_id: &'a str,
}

#[derive(Serialize)]
struct HadolintLocation<'a> {
    #[serde(rename = "physicalLocation")]
    physical_location: HadolintPhysicalLocation<'a>,
}

#[derive(Serialize)]
struct HadolintPhysicalLocation<'a> {
    #[serde(rename = "artifactLocation")]
    artifact_location: ArtifactLocation<'a>,
    region: HadolintRegion,
}

#[derive(Serialize)]
struct HadolintRegion {
    #[serde(rename = "endColumn")]
    end_column: u32,
    #[serde(rename = "endLine")]
    end_line: u32,
    #[serde(rename = "sourceLanguage")]
    source_language: &'static str,
    #[serde(rename = "startColumn")]
    start_column: u32,
    #[serde(rename = "startLine")]
    start_line: u32,
}

fn hadolint_log<'a>(context: &'a Context<'_>) -> HadolintLog<'a> {
    let results = context
        .diagnostics()
        .map(|(file, diagnostic)| {
            let position = file.hadolint_position(diagnostic);
            let uri = if is_parse_error(diagnostic) {
                file.parse_error_name()
            } else {
                file.path
            };
            HadolintResult {
                level: sarif_level(diagnostic.severity),
                locations: [HadolintLocation {
                    physical_location: HadolintPhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: Cow::Borrowed(uri),
                        },
                        region: HadolintRegion {
                            end_column: position.column,
                            end_line: position.line,
                            source_language: if diagnostic.code.starts_with("SC") {
                                "sh"
                            } else {
                                "dockerfile"
                            },
                            start_column: position.column,
                            start_line: position.line,
                        },
                    },
                }],
                message: Text::new(diagnostic.message.as_str()),
                rule_id: diagnostic.code,
            }
        })
        .collect();
    HadolintLog {
        schema: HADOLINT_SCHEMA,
        runs: [HadolintRun {
            default_source_language: "dockerfile",
            results,
            tool: HadolintTool {
                driver: HadolintDriver {
                    download_uri: "https://github.com/hadolint/hadolint",
                    full_name: "Haskell Dockerfile Linter",
                    name: "Hadolint",
                    short_description: Text::new(
                        "Dockerfile linter, validate inline bash, written in Haskell",
                    ),
                    version: "2.15.1",
                },
            },
        }],
        version: VERSION,
    }
}

// ---- Plimsoll flavour: SARIF's customary order. ----

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<Cow<'static, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text<'static>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'static>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<Cow<'static, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
}

/// SARIF's multiformat message: the rule's documentation as plain text and Markdown (the
/// documentation is written in Markdown, which reads fine as text).
#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

impl From<Span> for Region {
    fn from(span: Span) -> Self {
        Self {
            start_line: span.start.line,
            start_column: span.start.column,
            end_line: span.end.line,
            end_column: span.end.column,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

fn plimsoll_log<'a>(context: &'a Context<'_>) -> Log<'a> {
    // Rules for the codes that occur, sorted, so `ruleIndex` is stable for a given set.
    let mut codes: Vec<&str> = context.diagnostics().map(|(_, d)| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules = codes
        .iter()
        .map(|code| match context.rule(code) {
            Some(info) => {
                let help = (context.options.rule_help)(code);
                Rule {
                    id: (*code).to_string(),
                    name: Some(info.name),
                    short_description: Some(Text::new(info.summary)),
                    full_description: help.as_deref().map(|help| Text::new(first_paragraph(help))),
                    help: help.map(|help| Help {
                        text: help.clone(),
                        markdown: help,
                    }),
                    help_uri: info.url,
                    default_configuration: Some(Configuration {
                        level: super::sarif_level(info.default_severity),
                    }),
                }
            }
            None => Rule {
                id: (*code).to_string(),
                name: None,
                short_description: None,
                full_description: None,
                help: None,
                help_uri: None,
                default_configuration: None,
            },
        })
        .collect();

    let mut results = Vec::new();
    for file in context.files {
        let fingerprints = stable_fingerprints(file, file.path);
        for (diagnostic, fingerprint) in file.diagnostics.iter().zip(fingerprints) {
            let rule_index = codes
                .binary_search(&diagnostic.code)
                .expect("every code was collected");
            results.push(SarifResult {
                rule_id: diagnostic.code,
                rule_index,
                level: sarif_level(diagnostic.severity),
                message: Text::new(diagnostic.message.as_str()),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri_reference(file.path),
                        },
                        region: file.span(diagnostic).map(Region::from),
                    },
                }],
                partial_fingerprints: BTreeMap::from([("plimsoll/v1", fingerprint)]),
                fixes: fixes(file, diagnostic),
            });
        }
    }

    Log {
        schema: SCHEMA,
        version: VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "plimsoll",
                    version: context.options.tool_version,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// The first paragraph of Markdown text that is not a heading, on one line.
fn first_paragraph(markdown: &str) -> String {
    markdown
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty() || line.starts_with('#'))
        .take_while(|line| !line.is_empty() && !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}

fn fixes<'a>(file: &'a File<'a>, diagnostic: &'a Diagnostic) -> Vec<SarifFix<'a>> {
    let (Some(fix), Some(source)) = (&diagnostic.fix, &file.source) else {
        return Vec::new();
    };
    vec![SarifFix {
        description: Text::new(fix.title.as_str()),
        artifact_changes: [ArtifactChange {
            artifact_location: ArtifactLocation {
                uri: uri_reference(file.path),
            },
            replacements: fix
                .edits
                .iter()
                .map(|edit| Replacement {
                    deleted_region: source.span(edit.range).into(),
                    inserted_content: Text::new(edit.content.as_str()),
                })
                .collect(),
        }],
    }]
}
