use std::fmt;
use std::str::FromStr;

/// Every output format, named as on the command line (hadolint's ten names plus plimsoll's
/// `full`, `concise` and `github`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutputFormat {
    /// Code frames with the offending text underlined (rustc/ruff style).
    Full,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    /// hadolint's default human format: `path:line CODE severity: message`.
    Tty,
    Json,
    Checkstyle,
    /// Code Climate engine issues, each followed by a NUL byte.
    Codeclimate,
    /// GitLab Code Quality: a JSON array of Code Climate issues with fingerprints.
    GitlabCodeclimate,
    Gnu,
    Codacy,
    /// SonarQube generic issue import.
    Sonarqube,
    /// SARIF 2.1.0.
    Sarif,
    Junit,
    /// GitHub Actions workflow commands (`::warning file=…::message`).
    Github,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 13] = [
        Self::Full,
        Self::Concise,
        Self::Tty,
        Self::Json,
        Self::Checkstyle,
        Self::Codeclimate,
        Self::GitlabCodeclimate,
        Self::Gnu,
        Self::Codacy,
        Self::Sonarqube,
        Self::Sarif,
        Self::Junit,
        Self::Github,
    ];

    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Concise => "concise",
            Self::Tty => "tty",
            Self::Json => "json",
            Self::Checkstyle => "checkstyle",
            Self::Codeclimate => "codeclimate",
            Self::GitlabCodeclimate => "gitlab_codeclimate",
            Self::Gnu => "gnu",
            Self::Codacy => "codacy",
            Self::Sonarqube => "sonarqube",
            Self::Sarif => "sarif",
            Self::Junit => "junit",
            Self::Github => "github",
        }
    }

    /// Whether hadolint 2.15.1 knows this format (`-f` accepts it).
    #[must_use]
    pub const fn is_hadolint_format(self) -> bool {
        !matches!(self, Self::Full | Self::Concise | Self::Github)
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a format name that is not one of [`OutputFormat::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown output format `{}`, expected one of: ", self.0)?;
        for (i, format) in OutputFormat::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(format.name())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for OutputFormat {
    type Err = UnknownFormat;

    /// Names are exact, as hadolint's option parser takes them (`gitlab_codeclimate`, lower case).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| UnknownFormat(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_hadolint() {
        for format in OutputFormat::ALL {
            assert_eq!(format.name().parse::<OutputFormat>(), Ok(format));
        }
        let hadolint: Vec<_> = OutputFormat::ALL
            .into_iter()
            .filter(|format| format.is_hadolint_format())
            .map(OutputFormat::name)
            .collect();
        // `hadolint --help`'s list for `-f`.
        assert_eq!(
            hadolint,
            [
                "tty",
                "json",
                "checkstyle",
                "codeclimate",
                "gitlab_codeclimate",
                "gnu",
                "codacy",
                "sonarqube",
                "sarif",
                "junit"
            ]
        );
        let error = "Json".parse::<OutputFormat>().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown output format `Json`, expected one of: full, concise, tty")
        );
    }
}
