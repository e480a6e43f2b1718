//! What every rule says about itself: code, name, origin, default severity, fix availability and
//! its documentation (the rule struct's doc comment, captured by [`declare_rule!`]).

use plimsoll_text::Severity;

/// Where a rule comes from; decides its documentation URL and whether the hadolint drop-in runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A hadolint 2.15.1 `DL` rule: same code, message and default severity.
    Hadolint,
    /// A BuildKit build check (`docker build --check`), named as BuildKit names it.
    BuildKit,
    /// plimsoll's own rules (the container practices of a Python web app).
    Plimsoll,
}

impl Origin {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Hadolint => "hadolint",
            Self::BuildKit => "buildkit",
            Self::Plimsoll => "plimsoll",
        }
    }
}

/// Whether `plimsoll lint --fix` can repair what the rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FixAvailability {
    /// Never.
    None,
    /// For some findings (others need a human decision).
    Sometimes,
    /// For every finding.
    Always,
}

/// A rule's static description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// `DL3008`, `StageNameCasing`, `PL1001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `apt-get-install-unpinned`.
    pub name: &'static str,
    pub origin: Origin,
    /// The severity a finding gets unless configuration overrides it.
    pub default_severity: Severity,
    /// Off-by-default rules (hadolint's `ignore` severity, BuildKit's experimental checks) run
    /// only when selected by their exact code or given a severity.
    pub enabled_by_default: bool,
    pub fix: FixAvailability,
    /// The doc comment, one line per `///` line, the leading space removed.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The first paragraph of the documentation, on one line.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut summary = String::new();
        for line in self.doc_lines() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            if line.is_empty() {
                if summary.is_empty() {
                    continue;
                }
                break;
            }
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(line);
        }
        summary
    }

    /// The documentation as Markdown.
    #[must_use]
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc_lines() {
            out.push_str(line);
            out.push('\n');
        }
        out.trim_end().to_owned() + "\n"
    }

    fn doc_lines(&self) -> impl Iterator<Item = &'static str> {
        self.doc
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
    }

    /// Where the rule is documented online.
    #[must_use]
    pub fn url(&self) -> Option<String> {
        match self.origin {
            Origin::Hadolint => Some(format!(
                "https://github.com/hadolint/hadolint/wiki/{}",
                self.code
            )),
            Origin::BuildKit => Some(format!(
                "https://docs.docker.com/go/dockerfile/rule/{}/",
                buildkit_slug(self.code)
            )),
            Origin::Plimsoll => None,
        }
    }
}

/// BuildKit's documentation slugs are the rule names in kebab case (`StageNameCasing` →
/// `stage-name-casing`).
fn buildkit_slug(code: &str) -> String {
    let mut slug = String::with_capacity(code.len() + 4);
    let chars: Vec<char> = code.chars().collect();
    for (index, &ch) in chars.iter().enumerate() {
        if ch.is_ascii_uppercase() {
            let previous_lower = index > 0 && !chars[index - 1].is_ascii_uppercase();
            let next_lower = chars.get(index + 1).is_some_and(char::is_ascii_lowercase);
            if index > 0 && (previous_lower || next_lower) {
                slug.push('-');
            }
            slug.push(ch.to_ascii_lowercase());
        } else {
            slug.push(ch);
        }
    }
    slug
}

/// Declares a rule struct whose doc comment becomes its documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// Checks that `WORKDIR` paths are absolute.
///     pub struct WorkdirNotAbsolute {
///         code: "DL3000",
///         name: "workdir-not-absolute",
///         origin: Hadolint,
///         severity: Error,
///         fix: None,
///     }
/// }
/// ```
/// Add `enabled_by_default: false,` after `severity` for rules that are off unless selected.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            origin: $origin:ident,
            severity: $severity:ident,
            $(enabled_by_default: $enabled:literal,)?
            fix: $fix:ident,
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $crate::registry::RuleMetadata for $name {
            fn meta(&self) -> &'static $crate::rule_meta::RuleMeta {
                static META: $crate::rule_meta::RuleMeta = $crate::rule_meta::RuleMeta {
                    code: $code,
                    name: $kebab,
                    origin: $crate::rule_meta::Origin::$origin,
                    default_severity: ::plimsoll_text::Severity::$severity,
                    enabled_by_default: $crate::declare_rule!(@enabled $($enabled)?),
                    fix: $crate::rule_meta::FixAvailability::$fix,
                    doc: concat!($($doc, "\n"),*),
                };
                &META
            }
        }
    };
    (@enabled) => { true };
    (@enabled $enabled:literal) => { $enabled };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildkit_slugs_follow_docs_urls() {
        assert_eq!(buildkit_slug("StageNameCasing"), "stage-name-casing");
        assert_eq!(
            buildkit_slug("JSONArgsRecommended"),
            "json-args-recommended"
        );
        assert_eq!(buildkit_slug("UndefinedArgInFrom"), "undefined-arg-in-from");
        assert_eq!(buildkit_slug("CopyIgnoredFile"), "copy-ignored-file");
    }

    #[test]
    fn summary_is_the_first_paragraph_without_headings() {
        let meta = RuleMeta {
            code: "X1",
            name: "x",
            origin: Origin::Plimsoll,
            default_severity: plimsoll_text::Severity::Info,
            enabled_by_default: true,
            fix: FixAvailability::None,
            doc: " ## What it does\n Checks a\n thing.\n\n ## Why\n Because.\n",
        };
        assert_eq!(meta.summary(), "Checks a thing.");
        assert!(
            meta.documentation()
                .starts_with("## What it does\nChecks a\n")
        );
    }
}
