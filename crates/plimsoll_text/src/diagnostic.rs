use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::{Fix, TextRange};

/// How serious a finding is, in hadolint's order: `Error` is the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Self::Error, Self::Warning, Self::Info, Self::Style];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
            Self::Style => "style",
        }
    }

    /// True when `self` is at least as severe as `threshold`.
    #[must_use]
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "error" => Ok(Self::Error),
            "warning" => Ok(Self::Warning),
            "info" => Ok(Self::Info),
            "style" => Ok(Self::Style),
            other => Err(format!(
                "invalid severity `{other}`, expected one of: error, warning, info, style"
            )),
        }
    }
}

/// One finding: a rule code, a message and the exact bytes it is about.
///
/// Diagnostics never store line numbers; renderers compute them with
/// [`LineIndex`](crate::LineIndex). `instruction` is the range of the whole Dockerfile
/// instruction the finding belongs to, which hadolint-compatible output reports by its first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub message: String,
    pub severity: Severity,
    pub range: TextRange,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instruction: Option<TextRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Diagnostic {
    #[must_use]
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        range: TextRange,
    ) -> Self {
        Self {
            code,
            message: message.into(),
            severity,
            range,
            instruction: None,
            fix: None,
            url: None,
        }
    }

    #[must_use]
    pub fn with_instruction(mut self, instruction: TextRange) -> Self {
        self.instruction = Some(instruction);
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The offset hadolint-style reports anchor to: the instruction start when known.
    #[must_use]
    pub fn anchor(&self) -> u32 {
        self.instruction
            .map_or(self.range.start, |range| range.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_order_matches_hadolint() {
        assert!(Severity::Error.at_least(Severity::Warning));
        assert!(Severity::Warning.at_least(Severity::Warning));
        assert!(!Severity::Style.at_least(Severity::Info));
        assert_eq!("info".parse::<Severity>(), Ok(Severity::Info));
        assert!("ignore".parse::<Severity>().is_err());
    }
}
