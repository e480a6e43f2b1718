//! CI gates: thresholds on a report that decide the exit status (`--fail-on`, `--max-size`,
//! `--min-efficiency`, `--max-wasted`) and dive's `.dive-ci` rules evaluated on dive's own
//! numbers, so a dive configuration gives the same verdict under plimsoll.
//!
//! dive 0.13.1's rules, as observed by running it (`dive --ci` with hand-written `.dive-ci`
//! files): the file is `rules: {lowestEfficiency, highestWastedBytes,
//! highestUserWastedPercent}`; a missing or null key takes the default (0.9, disabled, 0.1);
//! only the exact string `disabled` turns a rule off (`off`, `false`, `""` are configuration
//! errors); the two ratios must lie in 0..=1; `highestWastedBytes` is read like go-humanize's
//! `ParseBytes` (`20MB` = 20,000,000, `1MiB` = 1,048,576, `1,000` = 1000). A rule fails when
//! `threshold > efficiency`, `wasted > threshold` or `userWastedPercent > threshold`.

use plimsoll_text::Severity;
use serde::Serialize;

use crate::report::Report;

/// go-humanize's `ParseBytes`: a number (commas allowed, a fraction allowed) and an optional
/// unit, case-insensitive, spaces ignored: `B`; SI `k`/`kB`, `M`/`MB`, … (powers of 1000);
/// IEC `Ki`/`KiB`, `Mi`/`MiB`, … (powers of 1024). Fractions of a byte are dropped.
///
/// # Errors
/// A message naming the input when it is not a size.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let digits = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(text.len(), |(i, _)| i);
    let number: String = text[..digits].chars().filter(|&c| c != ',').collect();
    let value: f64 = number
        .parse()
        .map_err(|_| format!("invalid size `{text}`: expected e.g. 200MB, 1.5GiB or 1000"))?;
    let unit = text[digits..].trim().to_ascii_lowercase();
    let multiplier: f64 = match unit.as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "p" | "pb" => 1e15,
        "e" | "eb" => 1e18,
        "ki" | "kib" => 1024.0,
        "mi" | "mib" => 1024f64.powi(2),
        "gi" | "gib" => 1024f64.powi(3),
        "ti" | "tib" => 1024f64.powi(4),
        "pi" | "pib" => 1024f64.powi(5),
        "ei" | "eib" => 1024f64.powi(6),
        _ => return Err(format!("invalid size `{text}`: unknown unit `{unit}`")),
    };
    let bytes = value * multiplier;
    if bytes >= u64::MAX as f64 {
        return Err(format!("invalid size `{text}`: too large"));
    }
    // Truncation, as Go's uint64(f).
    Ok(bytes as u64)
}

/// A ratio between 0 and 1 (`0.95`).
///
/// # Errors
/// When the text is not a number in 0..=1.
pub fn parse_ratio(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("invalid ratio `{text}`: expected a number between 0 and 1"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("invalid ratio `{text}`: must be between 0 and 1"))
    }
}

/// dive's three CI rules; `None` = disabled.
#[derive(Debug, Clone, PartialEq)]
pub struct DiveCiRules {
    pub lowest_efficiency: Option<f64>,
    pub highest_wasted_bytes: Option<u64>,
    pub highest_user_wasted_percent: Option<f64>,
}

impl Default for DiveCiRules {
    /// dive's defaults: `lowestEfficiency` 0.9, `highestWastedBytes` disabled,
    /// `highestUserWastedPercent` 0.1.
    fn default() -> Self {
        Self {
            lowest_efficiency: Some(0.9),
            highest_wasted_bytes: None,
            highest_user_wasted_percent: Some(0.1),
        }
    }
}

fn scalar(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

impl DiveCiRules {
    /// Reads a `.dive-ci` file's text the way dive 0.13.1 does (see the module docs).
    ///
    /// # Errors
    /// Invalid YAML, or a rule value dive would call misconfigured; the message names the rule.
    pub fn parse(yaml: &str) -> Result<Self, String> {
        let mut rules = Self::default();
        if yaml.trim().is_empty() {
            return Ok(rules);
        }
        let document: serde_json::Value =
            serde_saphyr::from_str(yaml).map_err(|e| format!("invalid YAML: {e}"))?;
        let Some(table) = document.get("rules") else {
            return Ok(rules);
        };
        if table.is_null() {
            return Ok(rules);
        }
        let Some(table) = table.as_object() else {
            return Err("`rules` must be a mapping".to_owned());
        };
        let misconfigured =
            |key: &str, text: &str, why: String| format!("{key}: invalid value `{text}`: {why}");
        if let Some(text) = table.get("lowestEfficiency").and_then(scalar) {
            rules.lowest_efficiency = if text == "disabled" {
                None
            } else {
                Some(
                    parse_ratio(&text)
                        .map_err(|why| misconfigured("lowestEfficiency", &text, why))?,
                )
            };
        }
        if let Some(text) = table.get("highestWastedBytes").and_then(scalar) {
            rules.highest_wasted_bytes = if text == "disabled" {
                None
            } else {
                Some(
                    parse_size(&text)
                        .map_err(|why| misconfigured("highestWastedBytes", &text, why))?,
                )
            };
        }
        if let Some(text) = table.get("highestUserWastedPercent").and_then(scalar) {
            rules.highest_user_wasted_percent = if text == "disabled" {
                None
            } else {
                Some(
                    parse_ratio(&text)
                        .map_err(|why| misconfigured("highestUserWastedPercent", &text, why))?,
                )
            };
        }
        Ok(rules)
    }
}

/// What to check. Everything `None` checks nothing.
#[derive(Debug, Clone, Default)]
pub struct Gates {
    /// Fail when a finding is at least this severe.
    pub fail_on: Option<Severity>,
    /// Fail when the uncompressed size (Σ layer tar sizes) is larger.
    pub max_size: Option<u64>,
    /// Fail when plimsoll's efficiency (final / content) is lower.
    pub min_efficiency: Option<f64>,
    /// Fail when plimsoll's wasted bytes are more.
    pub max_wasted: Option<u64>,
    /// dive's CI rules, on dive's numbers (the report must have them: `AnalysisOptions::dive`).
    pub dive_ci: Option<DiveCiRules>,
}

impl Gates {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fail_on.is_none()
            && self.max_size.is_none()
            && self.min_efficiency.is_none()
            && self.max_wasted.is_none()
            && self.dive_ci.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GateStatus {
    Pass,
    Fail,
    /// A dive rule set to `disabled`.
    Skip,
}

/// One gate's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    /// `fail-on`, `max-size`, `min-efficiency`, `max-wasted`, `dive:lowestEfficiency`,
    /// `dive:highestWastedBytes`, `dive:highestUserWastedPercent`.
    pub gate: String,
    pub status: GateStatus,
    /// What was measured and against what, with the numbers.
    pub message: String,
}

impl GateResult {
    fn new(gate: &str, failed: bool, message: String) -> Self {
        Self {
            gate: gate.to_owned(),
            status: if failed {
                GateStatus::Fail
            } else {
                GateStatus::Pass
            },
            message,
        }
    }
}

fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `159,821,312 bytes (159.8 MB)`.
fn bytes(n: u64) -> String {
    format!(
        "{} bytes ({})",
        with_commas(n),
        crate::report::human_bytes(n)
    )
}

/// Evaluates every configured gate on a finished report (findings included).
#[must_use]
pub fn evaluate(report: &Report, gates: &Gates) -> Vec<GateResult> {
    let mut results = Vec::new();
    if let Some(threshold) = gates.fail_on {
        let hits: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.severity.at_least(threshold))
            .map(|f| f.code)
            .collect();
        let mut codes = hits.clone();
        codes.dedup();
        let message = if hits.is_empty() {
            format!("no finding at {threshold} or above")
        } else {
            format!(
                "{} finding{} at {threshold} or above ({})",
                hits.len(),
                if hits.len() == 1 { "" } else { "s" },
                codes.join(", ")
            )
        };
        results.push(GateResult::new("fail-on", !hits.is_empty(), message));
    }
    if let Some(limit) = gates.max_size {
        let size = report.size.uncompressed;
        let failed = size > limit;
        results.push(GateResult::new(
            "max-size",
            failed,
            format!(
                "uncompressed size {} bytes {} the limit of {} bytes",
                with_commas(size),
                if failed { "exceeds" } else { "is within" },
                with_commas(limit)
            ),
        ));
    }
    if let Some(limit) = gates.min_efficiency {
        let failed = report.efficiency < limit;
        results.push(GateResult::new(
            "min-efficiency",
            failed,
            format!(
                "efficiency {:.4} is {} the minimum of {limit}",
                report.efficiency,
                if failed { "below" } else { "at or above" }
            ),
        ));
    }
    if let Some(limit) = gates.max_wasted {
        let failed = report.wasted_bytes > limit;
        results.push(GateResult::new(
            "max-wasted",
            failed,
            format!(
                "wasted {} {} the limit of {}",
                bytes(report.wasted_bytes),
                if failed { "exceeds" } else { "is within" },
                bytes(limit)
            ),
        ));
    }
    if let (Some(rules), Some(dive)) = (&gates.dive_ci, &report.dive) {
        // dive's order and messages.
        match rules.highest_user_wasted_percent {
            None => results.push(skipped("dive:highestUserWastedPercent")),
            Some(threshold) => {
                let value = dive.user_wasted_percent;
                let failed = value > threshold;
                results.push(GateResult::new(
                    "dive:highestUserWastedPercent",
                    failed,
                    if failed {
                        format!("too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes={value} > threshold={threshold})")
                    } else {
                        format!("%-user-wasted-bytes={value} <= threshold={threshold}")
                    },
                ));
            }
        }
        match rules.highest_wasted_bytes {
            None => results.push(skipped("dive:highestWastedBytes")),
            Some(threshold) => {
                let value = dive.wasted_bytes;
                let failed = value > threshold;
                results.push(GateResult::new(
                    "dive:highestWastedBytes",
                    failed,
                    if failed {
                        format!(
                            "too many bytes wasted (wasted-bytes={value} > threshold={threshold})"
                        )
                    } else {
                        format!("wasted-bytes={value} <= threshold={threshold}")
                    },
                ));
            }
        }
        match rules.lowest_efficiency {
            None => results.push(skipped("dive:lowestEfficiency")),
            Some(threshold) => {
                let value = dive.efficiency;
                let failed = threshold > value;
                results.push(GateResult::new(
                    "dive:lowestEfficiency",
                    failed,
                    if failed {
                        format!("image efficiency is too low (efficiency={value} < threshold={threshold})")
                    } else {
                        format!("efficiency={value} >= threshold={threshold}")
                    },
                ));
            }
        }
    }
    results
}

fn skipped(gate: &str) -> GateResult {
    GateResult {
        gate: gate.to_owned(),
        status: GateStatus::Skip,
        message: "rule disabled".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_go_humanize() {
        assert_eq!(parse_size("200MB"), Ok(200_000_000));
        assert_eq!(parse_size("1.5GiB"), Ok(1_610_612_736));
        assert_eq!(parse_size("0.9mib"), Ok(943_718));
        assert_eq!(parse_size("1 MB"), Ok(1_000_000));
        assert_eq!(parse_size("1,000,095"), Ok(1_000_095));
        assert_eq!(parse_size("20k"), Ok(20_000));
        assert_eq!(parse_size("512"), Ok(512));
        assert!(parse_size("-5").is_err());
        assert!(
            parse_size("5 parsecs")
                .unwrap_err()
                .contains("unknown unit")
        );
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999EB").is_err());
    }

    #[test]
    fn dive_ci_files_like_dive() {
        assert_eq!(DiveCiRules::parse(""), Ok(DiveCiRules::default()));
        assert_eq!(DiveCiRules::parse("foo: 1\n"), Ok(DiveCiRules::default()));
        let rules = DiveCiRules::parse(
            "rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n",
        )
        .unwrap();
        assert_eq!(
            rules,
            DiveCiRules {
                lowest_efficiency: Some(0.95),
                highest_wasted_bytes: Some(20_000_000),
                highest_user_wasted_percent: None,
            }
        );
        // A missing or null key takes the default, not "disabled" (dive issue #606).
        let rules =
            DiveCiRules::parse("rules:\n  lowestEfficiency: ~\n  highestWastedBytes: 1,000\n")
                .unwrap();
        assert_eq!(rules.lowest_efficiency, Some(0.9));
        assert_eq!(rules.highest_user_wasted_percent, Some(0.1));
        assert_eq!(rules.highest_wasted_bytes, Some(1000));
        assert_eq!(
            DiveCiRules::parse("rules:\n  lowestEfficiency: \"0.09\"\n")
                .unwrap()
                .lowest_efficiency,
            Some(0.09)
        );
        for bad in [
            "rules:\n  highestUserWastedPercent: off\n",
            "rules:\n  lowestEfficiency: false\n",
            "rules:\n  lowestEfficiency: \"\"\n",
            "rules:\n  lowestEfficiency: 1.5\n",
            "rules:\n  highestWastedBytes: -5\n",
            "rules:\n  lowestEfficiency: Disabled\n",
            "rules: [\n",
            "rules: [1, 2]\n",
        ] {
            assert!(DiveCiRules::parse(bad).is_err(), "{bad}");
        }
        assert!(
            DiveCiRules::parse("rules:\n  lowestEfficiency: 9%\n")
                .unwrap_err()
                .starts_with("lowestEfficiency: invalid value `9%`")
        );
    }
}
