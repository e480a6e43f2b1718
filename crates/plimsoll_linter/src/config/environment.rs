//! hadolint's environment variables (spec §4.3), read through a lookup function so tests need
//! no process environment.
//!
//! Behaviour verified against hadolint 2.15.1 with `--verbose`: lists are split on `,` without
//! trimming (`"a, b"` gives `" b"`, empty entries are kept); invalid formats, thresholds and
//! label specs are dropped silently; flags are true for `1 y yes on true` in any letter case and
//! explicitly false for any other value.

use super::hadolint::{
    FailureThreshold, HADOLINT_FORMATS, HadolintConfig, parse_label_requirement,
};

/// Every variable hadolint reads, for documentation and `--verbose` style listings.
pub const HADOLINT_VARIABLES: [&str; 14] = [
    "NO_COLOR",
    "HADOLINT_NOFAIL",
    "HADOLINT_VERBOSE",
    "HADOLINT_FORMAT",
    "HADOLINT_FAILURE_THRESHOLD",
    "HADOLINT_OVERRIDE_ERROR",
    "HADOLINT_OVERRIDE_WARNING",
    "HADOLINT_OVERRIDE_INFO",
    "HADOLINT_OVERRIDE_STYLE",
    "HADOLINT_IGNORE",
    "HADOLINT_TRUSTED_REGISTRIES",
    "HADOLINT_REQUIRE_LABELS",
    "HADOLINT_STRICT_LABELS",
    "HADOLINT_DISABLE_IGNORE_PRAGMA",
];

/// The configuration hadolint reads from its environment; `lookup` returns a variable's value
/// (`std::env::var(name).ok()` in the CLI).
pub fn hadolint_env(lookup: impl Fn(&str) -> Option<String>) -> HadolintConfig {
    let flag = |name: &str| lookup(name).map(|value| is_truthy(&value));
    let list = |name: &str| -> Vec<String> {
        lookup(name).map_or_else(Vec::new, |value| {
            value.split(',').map(str::to_owned).collect()
        })
    };
    let mut config = HadolintConfig {
        // NO_COLOR: any value, even empty, turns colour off (no-color.org).
        no_color: lookup("NO_COLOR").map(|_| true),
        no_fail: flag("HADOLINT_NOFAIL"),
        verbose: flag("HADOLINT_VERBOSE"),
        strict_labels: flag("HADOLINT_STRICT_LABELS"),
        disable_ignore_pragma: flag("HADOLINT_DISABLE_IGNORE_PRAGMA"),
        failure_threshold: lookup("HADOLINT_FAILURE_THRESHOLD")
            .and_then(|value| FailureThreshold::parse(&value)),
        formats: list("HADOLINT_FORMAT")
            .into_iter()
            .filter(|format| HADOLINT_FORMATS.contains(&format.as_str()))
            .collect(),
        ignored: list("HADOLINT_IGNORE"),
        trusted_registries: list("HADOLINT_TRUSTED_REGISTRIES"),
        label_schema: list("HADOLINT_REQUIRE_LABELS")
            .iter()
            .filter_map(|spec| parse_label_requirement(spec).ok())
            .collect(),
        ..HadolintConfig::default()
    };
    config.overrides.error = list("HADOLINT_OVERRIDE_ERROR");
    config.overrides.warning = list("HADOLINT_OVERRIDE_WARNING");
    config.overrides.info = list("HADOLINT_OVERRIDE_INFO");
    config.overrides.style = list("HADOLINT_OVERRIDE_STYLE");
    config
}

fn is_truthy(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "1" | "y" | "yes" | "on" | "true"
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::config::hadolint::Overrides;
    use crate::settings::LabelType;

    fn env(pairs: &[(&str, &str)]) -> HadolintConfig {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        hadolint_env(|name| map.get(name).cloned())
    }

    #[test]
    fn unset_environment_sets_nothing() {
        assert_eq!(env(&[]), HadolintConfig::default());
    }

    #[test]
    fn flags_are_truthy_in_any_case_and_false_otherwise() {
        let config = env(&[
            ("HADOLINT_NOFAIL", "TrUe"),
            ("HADOLINT_VERBOSE", "y"),
            ("HADOLINT_STRICT_LABELS", "On"),
            ("HADOLINT_DISABLE_IGNORE_PRAGMA", ""),
            ("NO_COLOR", ""),
        ]);
        assert_eq!(config.no_fail, Some(true));
        assert_eq!(config.verbose, Some(true));
        assert_eq!(config.strict_labels, Some(true));
        assert_eq!(config.disable_ignore_pragma, Some(false));
        assert_eq!(config.no_color, Some(true));
        assert_eq!(env(&[("HADOLINT_NOFAIL", "0")]).no_fail, Some(false));
        assert_eq!(env(&[("HADOLINT_NOFAIL", "YES")]).no_fail, Some(true));
    }

    #[test]
    fn lists_split_on_commas_without_trimming() {
        // hadolint -V with HADOLINT_IGNORE="DL3006, DL3003,,x" lists "DL3006" " DL3003" "" "x".
        let config = env(&[
            ("HADOLINT_IGNORE", "DL3006, DL3003,,x"),
            ("HADOLINT_OVERRIDE_ERROR", "DL3002"),
            ("HADOLINT_OVERRIDE_STYLE", "DL3015,SC2086"),
            ("HADOLINT_TRUSTED_REGISTRIES", ""),
        ]);
        assert_eq!(config.ignored, ["DL3006", " DL3003", "", "x"]);
        assert_eq!(
            config.overrides,
            Overrides {
                error: vec!["DL3002".into()],
                style: vec!["DL3015".into(), "SC2086".into()],
                ..Overrides::default()
            }
        );
        assert_eq!(config.trusted_registries, [""]);
    }

    #[test]
    fn invalid_formats_thresholds_and_labels_are_dropped() {
        let config = env(&[
            ("HADOLINT_FORMAT", "json, gnu,JSON,sarif,bogus"),
            ("HADOLINT_FAILURE_THRESHOLD", "ERROR"),
            (
                "HADOLINT_REQUIRE_LABELS",
                "a:bogus,b:,c,d:url:x, e:url,:url,f:email,f:semver",
            ),
        ]);
        assert_eq!(config.formats, ["json", "sarif"]);
        assert_eq!(config.failure_threshold, None);
        assert_eq!(
            config.label_schema,
            [
                ("b".to_owned(), LabelType::Text),
                ("c".to_owned(), LabelType::Text),
                (" e".to_owned(), LabelType::Url),
                (String::new(), LabelType::Url),
                ("f".to_owned(), LabelType::Email),
                ("f".to_owned(), LabelType::Semver),
            ]
        );
        assert_eq!(
            env(&[("HADOLINT_FAILURE_THRESHOLD", "none")]).failure_threshold,
            Some(FailureThreshold::Ignore)
        );
        assert_eq!(
            env(&[("HADOLINT_FAILURE_THRESHOLD", " error")]).failure_threshold,
            None
        );
    }
}
