//! LABEL instructions as the label-schema rules (DL3049–DL3058) read them.
//!
//! * plimsoll reads keys and values as BuildKit does: quotes removed and escapes applied by
//!   the shell word rules (also for the legacy `LABEL key value` form); a key or value with a
//!   `$` expansion is unknown until build time and is not judged.
//! * hadolint's parser (verified against 2.15.1) removes quotes from `key=value` pairs (`\"`
//!   and `\\` unescaped inside double quotes, other backslashes kept), keeps the legacy form's
//!   value as written (`LABEL a "x"` has the value `"x"`, quotes included) and never expands
//!   variables (`$VERSION` is the text `$VERSION`).

use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_text::TextRange;

use super::words::literal_value;
use crate::checker::Checker;
use crate::semantic::Node;
use crate::settings::{LabelType, LinterSettings, Mode};

/// One key and value of a LABEL instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelPair {
    /// The key; `None` when it cannot be known before the build.
    pub key: Option<String>,
    /// The value; `None` when it cannot be known before the build.
    pub value: Option<String>,
    pub key_range: TextRange,
    /// The value as written; for an empty value (`key=`), the whole pair.
    pub value_range: TextRange,
}

/// The pairs of a LABEL instruction (nothing for other instructions and ONBUILD triggers,
/// which label the images built from this one, not this one).
pub(crate) fn label_pairs(node: &Node<'_>, mode: Mode) -> Vec<LabelPair> {
    if node.kind() != InstructionKind::Label || node.is_trigger {
        return Vec::new();
    }
    let Args::KeyValues(pairs) = &node.instruction.args else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|pair| {
            let (key, value) = match mode {
                Mode::Plimsoll => (
                    literal_value(pair.key.as_str()),
                    literal_value(pair.value.as_str()),
                ),
                Mode::Hadolint => (
                    Some(hadolint_unquote(pair.key.as_str())),
                    Some(if pair.separator.is_some() {
                        hadolint_unquote(pair.value.as_str())
                    } else {
                        pair.value.as_str().to_owned()
                    }),
                ),
            };
            let value_range = if pair.value.range.is_empty() {
                TextRange::new(pair.key.range.start, pair.value.range.end)
            } else {
                pair.value.range
            };
            LabelPair {
                key,
                value,
                key_range: pair.key.range,
                value_range,
            }
        })
        .collect()
}

/// hadolint's reading of a `key=value` word: single-quoted text literally, double-quoted text
/// with `\"` and `\\` unescaped, unquoted text as written (backslashes kept), concatenated.
fn hadolint_unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    out.push(inner);
                }
            }
            '"' => {
                while let Some(inner) = chars.next() {
                    match inner {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\')) => {
                            out.extend(chars.next());
                        }
                        other => out.push(other),
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The type the schema gives `label`, if the schema names it.
pub(crate) fn schema_type(settings: &LinterSettings, label: &str) -> Option<LabelType> {
    settings
        .label_schema
        .iter()
        .find(|(name, _)| name == label)
        .map(|(_, kind)| *kind)
}

/// Reports the schema labels of type `kind` in `node` whose value `valid` rejects, with
/// `message(label)`. plimsoll leaves empty values to DL3051 and unknown ones alone.
pub(crate) fn check_typed_labels(
    checker: &mut Checker<'_, '_>,
    node: &Node<'_>,
    kind: LabelType,
    valid: impl Fn(&str) -> bool,
    message: impl Fn(&str) -> String,
) {
    let mode = checker.settings.mode;
    for pair in label_pairs(node, mode) {
        let (Some(key), Some(value)) = (&pair.key, &pair.value) else {
            continue;
        };
        if schema_type(checker.settings, key) != Some(kind) {
            continue;
        }
        if mode == Mode::Plimsoll && value.is_empty() {
            continue;
        }
        if !valid(value) {
            checker.report(node, pair.value_range, message(key));
        }
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_syntax::dockerfile::parse;

    use super::*;
    use crate::semantic::{SemanticModel, ShellTexts};

    fn pairs(source: &str, mode: Mode) -> Vec<(Option<String>, Option<String>)> {
        let dockerfile = parse(source);
        let texts = ShellTexts::collect(&dockerfile);
        let model = SemanticModel::new(&dockerfile, &texts);
        model
            .nodes()
            .iter()
            .flat_map(|node| label_pairs(node, mode))
            .map(|pair| (pair.key, pair.value))
            .collect()
    }

    fn known(key: &str, value: &str) -> (Option<String>, Option<String>) {
        (Some(key.to_owned()), Some(value.to_owned()))
    }

    #[test]
    fn hadolint_reading() {
        // Each value was checked with hadolint 2.15.1 and a `hash` label: only `0123456` passes.
        let source = "FROM scratch\nLABEL a 0123456\nLABEL a \"0123456\"\nLABEL a='0123456' \"b\"=\"0123\\\\456\"\nLABEL a=01234\\56 c=\"x\\\"y\"\nLABEL a=\"\"0123456\"\" b=\"012\"'3456'\nLABEL a=$V\nONBUILD LABEL z=1\n";
        assert_eq!(
            pairs(source, Mode::Hadolint),
            [
                known("a", "0123456"),
                known("a", "\"0123456\""),
                known("a", "0123456"),
                known("b", "0123\\456"),
                known("a", "01234\\56"),
                known("c", "x\"y"),
                known("a", "0123456"),
                known("b", "0123456"),
                known("a", "$V"),
            ]
        );
    }

    /// Lints each label rule's `.hadolint.Dockerfile` fixture in hadolint mode and with the
    /// hadolint binary (same label schema), and compares the findings (line and message).
    #[test]
    fn hadolint_fixtures_match_the_binary() {
        use std::collections::BTreeSet;

        use crate::test_support::{apply_fixture_settings, fixtures_dir, settings_for};

        let Some(hadolint) =
            plimsoll_testing::hadolint_binary("hadolint_fixtures_match_the_binary")
        else {
            return;
        };
        let codes = [
            "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056",
            "DL3057", "DL3058",
        ];
        for code in codes {
            let path = fixtures_dir().join(format!("{code}.hadolint.Dockerfile"));
            let source = std::fs::read_to_string(&path).expect("fixture");
            let mut settings = settings_for(code, Mode::Hadolint);
            apply_fixture_settings(&source, &mut settings);
            let lines = plimsoll_text::LineIndex::new(&source);
            let ours: BTreeSet<(u64, String)> = crate::lint(&source, &settings)
                .into_iter()
                .map(|diagnostic| {
                    let line = lines.line_of(diagnostic.anchor()) as u64 + 1;
                    (line, diagnostic.message)
                })
                .collect();

            let mut command = std::process::Command::new(&hadolint);
            command.args(["-f", "json", "--no-fail", "--info", "DL3057"]);
            for (name, kind) in &settings.label_schema {
                command.args(["--require-label", &format!("{name}:{kind}")]);
            }
            if settings.strict_labels {
                command.arg("--strict-labels");
            }
            let output = command.arg(&path).output().expect("hadolint runs");
            let findings: serde_json::Value =
                serde_json::from_slice(&output.stdout).expect("hadolint JSON");
            let theirs: BTreeSet<(u64, String)> = findings
                .as_array()
                .expect("array")
                .iter()
                .filter(|finding| finding["code"] == code)
                .map(|finding| {
                    (
                        finding["line"].as_u64().expect("line"),
                        finding["message"].as_str().expect("message").to_owned(),
                    )
                })
                .collect();
            assert!(
                !theirs.is_empty(),
                "{code}: the fixture should make hadolint report"
            );
            assert_eq!(ours, theirs, "{code}");
        }
    }

    #[test]
    fn plimsoll_reading_is_buildkits() {
        let source =
            "FROM scratch\nLABEL a \"x y\"\nLABEL \"b\"=c\\ d e=\nLABEL f=$V g=\"${W}\" $H=1\n";
        assert_eq!(
            pairs(source, Mode::Plimsoll),
            [
                known("a", "x y"),
                known("b", "c d"),
                known("e", ""),
                (Some("f".to_owned()), None),
                (Some("g".to_owned()), None),
                (None, Some("1".to_owned())),
            ]
        );
    }
}
