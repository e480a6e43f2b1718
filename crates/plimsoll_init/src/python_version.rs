//! Which Python `X.Y` a project wants: `.python-version`, `runtime.txt`, `requires-python`.

use std::fmt;

/// A Python minor version, the granularity of the official image tags (`python:3.12-slim`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PythonVersion {
    pub major: u32,
    pub minor: u32,
}

impl PythonVersion {
    /// The version used when the project says nothing.
    pub const DEFAULT: Self = Self::new(3, 12);
    /// The Python of `gcr.io/distroless/python3-debian12` (Debian 12's `python3`).
    pub const DISTROLESS_DEBIAN12: Self = Self::new(3, 11);
    /// Minor versions with official `-slim-bookworm` images, in order of preference when a
    /// `requires-python` range leaves a choice: the default first, then the nearest ones.
    const CANDIDATES: [Self; 7] = [
        Self::new(3, 12),
        Self::new(3, 13),
        Self::new(3, 11),
        Self::new(3, 10),
        Self::new(3, 9),
        Self::new(3, 14),
        Self::new(3, 8),
    ];

    #[must_use]
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// Reads `3.12`, `3.12.4`, `python-3.11.4` (runtime.txt), `cpython@3.12` (uv); `None`
    /// for anything else (`pypy3.10` included: the official images are CPython).
    #[must_use]
    pub fn parse_loose(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text
            .strip_prefix("python-")
            .or_else(|| text.strip_prefix("cpython@"))
            .or_else(|| text.strip_prefix("cpython-"))
            .unwrap_or(text);
        let mut parts = text.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts
            .next()?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok()?;
        (major == 3).then_some(Self::new(major, minor))
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A PEP 440 specifier set (`>=3.10,<3.13`) as far as it concerns minor versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiresPython {
    pub text: String,
    clauses: Vec<(Operator, Vec<u32>, bool)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
    Compatible,
}

impl RequiresPython {
    /// Parses a specifier set; `None` when a clause is not understood (then it is ignored,
    /// rather than guessed at).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let mut clauses = Vec::new();
        for clause in text.split(',') {
            let clause = clause.trim();
            if clause.is_empty() {
                continue;
            }
            let (operator, rest) = [
                ("~=", Operator::Compatible),
                (">=", Operator::Ge),
                ("<=", Operator::Le),
                ("==", Operator::Eq),
                ("!=", Operator::Ne),
                (">", Operator::Gt),
                ("<", Operator::Lt),
            ]
            .into_iter()
            .find_map(|(prefix, operator)| {
                clause.strip_prefix(prefix).map(|rest| (operator, rest))
            })?;
            let rest = rest.trim();
            let wildcard = rest.ends_with(".*");
            let numbers = rest
                .trim_end_matches(".*")
                .split('.')
                .map(|part| part.parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()?;
            if numbers.is_empty() {
                return None;
            }
            clauses.push((operator, numbers, wildcard));
        }
        (!clauses.is_empty()).then(|| Self {
            text: text.trim().to_owned(),
            clauses,
        })
    }

    /// Whether some release of `version` (any patch level) satisfies every clause.
    #[must_use]
    pub fn allows(&self, version: PythonVersion) -> bool {
        // Patch levels 0..=99 stand for "some release of X.Y".
        (0..100).any(|patch| {
            let release = [version.major, version.minor, patch];
            self.clauses.iter().all(|(operator, numbers, wildcard)| {
                matches(*operator, numbers, *wildcard, &release)
            })
        })
    }

    /// The preferred minor version this range allows, if any of the published ones.
    #[must_use]
    pub fn pick(&self) -> Option<PythonVersion> {
        PythonVersion::CANDIDATES
            .into_iter()
            .find(|candidate| self.allows(*candidate))
    }
}

fn matches(operator: Operator, spec: &[u32], wildcard: bool, release: &[u32; 3]) -> bool {
    let padded = |numbers: &[u32]| -> [u32; 3] {
        let mut out = [0; 3];
        for (slot, number) in out.iter_mut().zip(numbers) {
            *slot = *number;
        }
        out
    };
    let prefix_equal = release.iter().zip(spec).all(|(a, b)| a == b);
    let spec_full = padded(spec);
    match operator {
        Operator::Eq if wildcard => prefix_equal,
        Operator::Ne if wildcard => !prefix_equal,
        Operator::Eq => *release == spec_full,
        Operator::Ne => *release != spec_full,
        Operator::Ge => *release >= spec_full,
        Operator::Gt => *release > spec_full,
        Operator::Le => *release <= spec_full,
        Operator::Lt => *release < spec_full,
        Operator::Compatible => {
            // ~=3.11 means >=3.11,==3.*; ~=3.11.2 means >=3.11.2,==3.11.*.
            let kept = spec.len().saturating_sub(1).max(1);
            *release >= spec_full && release.iter().zip(&spec[..kept]).all(|(a, b)| a == b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_versions() {
        assert_eq!(
            PythonVersion::parse_loose("3.11.4\n"),
            Some(PythonVersion::new(3, 11))
        );
        assert_eq!(
            PythonVersion::parse_loose("python-3.10.2"),
            Some(PythonVersion::new(3, 10))
        );
        assert_eq!(
            PythonVersion::parse_loose("3.13"),
            Some(PythonVersion::new(3, 13))
        );
        assert_eq!(
            PythonVersion::parse_loose("cpython@3.12"),
            Some(PythonVersion::new(3, 12))
        );
        assert_eq!(PythonVersion::parse_loose("pypy3.10"), None);
        assert_eq!(PythonVersion::parse_loose("2.7"), None);
        assert_eq!(PythonVersion::parse_loose("3"), None);
    }

    #[test]
    fn ranges_pick_the_preferred_allowed_version() {
        let pick = |text: &str| RequiresPython::parse(text).and_then(|r| r.pick());
        assert_eq!(pick(">=3.11"), Some(PythonVersion::new(3, 12)));
        assert_eq!(pick(">=3.13"), Some(PythonVersion::new(3, 13)));
        assert_eq!(pick(">=3.8,<3.12"), Some(PythonVersion::new(3, 11)));
        assert_eq!(pick("~=3.10"), Some(PythonVersion::new(3, 12)));
        assert_eq!(pick("~=3.10.4"), Some(PythonVersion::new(3, 10)));
        assert_eq!(pick("==3.9.*"), Some(PythonVersion::new(3, 9)));
        assert_eq!(pick(">3.12"), Some(PythonVersion::new(3, 12)));
        assert_eq!(pick(">=3.12, !=3.12.*"), Some(PythonVersion::new(3, 13)));
        assert_eq!(pick("<3"), None);
        assert_eq!(pick("banana"), None);
    }

    #[test]
    fn distroless_compatibility() {
        let range = RequiresPython::parse(">=3.13").unwrap();
        assert!(!range.allows(PythonVersion::DISTROLESS_DEBIAN12));
        let range = RequiresPython::parse(">=3.9").unwrap();
        assert!(range.allows(PythonVersion::DISTROLESS_DEBIAN12));
    }
}
