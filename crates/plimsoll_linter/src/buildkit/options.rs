//! BuildKit's build-check options: the `# check=` parser directive and the per-instruction
//! `# check=` comments (`linter.ParseLintOptions`, `Linter.WithMergedConfigFromComments`).
//!
//! * `# check=skip=A,B;error=true;experimental=C` (at most three `;`-separated parts, each
//!   `key=value`, keys `skip`, `experimental`, `error`). BuildKit reads the directive with
//!   `parser.ParseDirective`, which keeps only the part of the value before the first space.
//! * `skip=all` skips every non-experimental check; experimental checks run only when named in
//!   `experimental=` (or `experimental=all`), even under `skip=all`.
//! * `error=true` fails the build when a check fires.
//! * A `# check=` comment in the comment block right above an instruction adds its `skip` and
//!   `experimental` settings for the checks run on that instruction (the first such comment
//!   counts; a malformed one is ignored; `error` is not merged).

use std::fmt;

use plimsoll_syntax::dockerfile::{DirectiveKind, parse_directive};

/// Parsed `# check=` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Checks named in `skip=`.
    pub skip: Vec<String>,
    /// `skip=all`.
    pub skip_all: bool,
    /// Experimental checks named in `experimental=`.
    pub experimental: Vec<String>,
    /// `experimental=all`.
    pub experimental_all: bool,
    /// `error=true`: findings fail the build.
    pub error: bool,
}

/// Why a `# check=` value was rejected, with BuildKit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptionsError(pub String);

impl fmt::Display for CheckOptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to parse check options: {}", self.0)
    }
}

impl std::error::Error for CheckOptionsError {}

impl CheckOptions {
    /// `ParseLintOptions`.
    ///
    /// # Errors
    /// On a part without `=`, an unknown key, or an `error` value Go's `strconv.ParseBool`
    /// rejects.
    pub fn parse(text: &str) -> Result<Self, CheckOptionsError> {
        let mut options = Self::default();
        let text = text.trim();
        if text.is_empty() {
            return Ok(options);
        }
        for part in text.splitn(3, ';') {
            let Some((key, value)) = part.split_once('=') else {
                return Err(CheckOptionsError(format!(
                    "invalid check option {}",
                    go_quote(part)
                )));
            };
            match key.trim() {
                "skip" => {
                    let (all, names) = rule_list(value);
                    options.skip_all |= all;
                    options.skip = names;
                }
                "experimental" => {
                    let (all, names) = rule_list(value);
                    options.experimental_all |= all;
                    options.experimental = names;
                }
                "error" => {
                    options.error = parse_bool(value.trim()).ok_or_else(|| {
                        CheckOptionsError(format!(
                            "failed to parse check option {}: strconv.ParseBool: parsing {}: invalid syntax",
                            go_quote(part),
                            go_quote(value.trim())
                        ))
                    })?;
                }
                other => {
                    return Err(CheckOptionsError(format!(
                        "invalid check option {}",
                        go_quote(other)
                    )));
                }
            }
        }
        Ok(options)
    }

    /// The options of a file's `# check=` directive; the default when there is none.
    ///
    /// # Errors
    /// When the directive's value is malformed (BuildKit fails the build before any check).
    pub fn from_directive(source: &str) -> Result<Self, CheckOptionsError> {
        match parse_directive(source, DirectiveKind::Check) {
            Some(directive) => Self::parse(&directive.first_word),
            None => Ok(Self::default()),
        }
    }

    /// The options of the first `# check=` comment among an instruction's comments (BuildKit's
    /// `PrevComment`, text after `#`), if it parses.
    #[must_use]
    pub fn from_comments<S: AsRef<str>>(comments: &[S]) -> Option<Self> {
        let value = comments.iter().find_map(|comment| {
            let line = format!("#{}", comment.as_ref());
            parse_directive(&line, DirectiveKind::Check).map(|found| found.first_word.into_owned())
        })?;
        Self::parse(&value).ok()
    }

    /// These options with an instruction's comment options added (`skip` and `experimental`
    /// only).
    #[must_use]
    pub fn merged(&self, local: Option<&CheckOptions>) -> CheckOptions {
        let Some(local) = local else {
            return self.clone();
        };
        let mut merged = self.clone();
        merged.skip.extend(local.skip.iter().cloned());
        merged.skip_all |= local.skip_all;
        merged
            .experimental
            .extend(local.experimental.iter().cloned());
        merged.experimental_all |= local.experimental_all;
        merged
    }

    /// Whether check `rule` runs under these options.
    #[must_use]
    pub fn runs(&self, rule: &str, experimental: bool) -> bool {
        if experimental {
            self.experimental_all || self.experimental.iter().any(|name| name == rule)
        } else {
            !self.skip_all && !self.skip.iter().any(|name| name == rule)
        }
    }

    /// Whether the options name experimental checks to run.
    #[must_use]
    pub fn requests_experimental(&self, rule: &str) -> bool {
        self.runs(rule, true)
    }
}

fn rule_list(value: &str) -> (bool, Vec<String>) {
    let value = value.trim();
    if value == "all" {
        return (true, Vec::new());
    }
    (
        false,
        value
            .split(',')
            .map(|name| name.trim().to_owned())
            .collect(),
    )
}

/// Go `strconv.ParseBool`.
fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn go_quote(text: &str) -> String {
    plimsoll_syntax::dockerfile::go_quote(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_buildkit_option_strings() {
        let options = CheckOptions::parse("skip=A, B ;error=true;experimental=all").unwrap();
        assert_eq!(options.skip, ["A", "B"]);
        assert!(options.error && options.experimental_all && !options.skip_all);
        assert!(!options.runs("A", false) && options.runs("C", false));
        assert!(options.runs("InvalidDefinitionDescription", true));

        let all = CheckOptions::parse("skip=all").unwrap();
        assert!(!all.runs("FromAsCasing", false));
        assert!(!all.runs("InvalidDefinitionDescription", true));
        assert_eq!(CheckOptions::parse("  ").unwrap(), CheckOptions::default());
        // Names are case-sensitive.
        assert!(
            CheckOptions::parse("skip=fromascasing")
                .unwrap()
                .runs("FromAsCasing", false)
        );
    }

    #[test]
    fn rejects_what_buildkit_rejects() {
        assert_eq!(
            CheckOptions::parse("bogus").unwrap_err().to_string(),
            "failed to parse check options: invalid check option \"bogus\""
        );
        assert_eq!(
            CheckOptions::parse("skip=a;foo=b").unwrap_err().0,
            "invalid check option \"foo\""
        );
        assert_eq!(
            CheckOptions::parse("error=yes").unwrap_err().0,
            "failed to parse check option \"error=yes\": strconv.ParseBool: parsing \"yes\": invalid syntax"
        );
        // At most three parts: the third keeps the rest, which ParseBool rejects.
        assert!(CheckOptions::parse("skip=a;skip=b;error=true;x=y").is_err());
    }

    #[test]
    fn directive_value_is_cut_at_the_first_space() {
        let source = "# check=skip=FromAsCasing, JSONArgsRecommended ; error = true\nFROM a as b\n";
        let options = CheckOptions::from_directive(source).unwrap();
        assert_eq!(options.skip, ["FromAsCasing", ""]);
        assert!(!options.error);
        assert_eq!(
            CheckOptions::from_directive("FROM a\n").unwrap(),
            CheckOptions::default()
        );
    }

    #[test]
    fn comments_merge_skip_and_experimental_only() {
        let global = CheckOptions::parse("skip=A;error=true").unwrap();
        let local =
            CheckOptions::from_comments(&["some text", "check=skip=B // why", "check=skip=C"]);
        let merged = global.merged(local.as_ref());
        assert_eq!(merged.skip, ["A", "B"]);
        assert!(merged.error);
        // A malformed first check comment is ignored, not replaced by a later one.
        assert_eq!(
            CheckOptions::from_comments(&["check=bogus", "check=skip=B"]),
            None
        );
        assert_eq!(CheckOptions::from_comments::<&str>(&[]), None);
    }
}
