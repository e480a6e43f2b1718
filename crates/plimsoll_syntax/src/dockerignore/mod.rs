//! `.dockerignore`: which file applies, how it is read, and which paths it excludes.
//!
//! Reading is `moby/patternmatcher/ignorefile.ReadAll` and matching is `moby/patternmatcher`
//! (v0.6.1), the code BuildKit and the Docker CLI use, reproduced exactly (see
//! [`read_patterns`] and [`PatternMatcher`]). Unlike upstream, every pattern keeps its line
//! and byte range, so diagnostics can point at the line that excluded a file.
//!
//! Reading and matching are pure functions of the file's text; only [`find_ignore_file`] and
//! [`DockerIgnore::load`] touch the file system.
//!
//! ```
//! use plimsoll_syntax::dockerignore::DockerIgnore;
//! let ignore = DockerIgnore::parse("*.md\n!README*.md\nREADME-secret.md\n").unwrap();
//! assert!(ignore.is_excluded("notes.md").unwrap());
//! assert!(!ignore.is_excluded("README.md").unwrap());
//! let line = ignore.excluded_by("README-secret.md").unwrap().unwrap().line;
//! assert_eq!(line, 3);
//! ```

mod matcher;
mod read;

use std::path::{Path, PathBuf};

use plimsoll_text::TextRange;

pub use matcher::{MatchError, MatchInfo, Pattern, PatternError, PatternErrorKind, PatternMatcher};
pub use read::{IgnorePattern, ReadError, read_patterns};

/// A parsed ignore file: its patterns with positions, and the compiled matcher.
#[derive(Debug, Clone, Default)]
pub struct DockerIgnore {
    patterns: Vec<IgnorePattern>,
    matcher: PatternMatcher,
}

/// Why an ignore file was rejected, with the position of the offending pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DockerIgnoreError {
    /// The file could not be read as lines.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A pattern is invalid; the message is BuildKit's (`syntax error in pattern`, …).
    #[error("{kind}")]
    Pattern {
        /// 1-based line of the pattern.
        line: u32,
        /// Byte range of the pattern as written.
        range: TextRange,
        /// What is wrong with it.
        kind: PatternErrorKind,
    },
}

/// Why [`DockerIgnore::load`] failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The ignore file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file was read but is not a valid ignore file.
    #[error("{}: {source}", path.display())]
    Invalid {
        /// The ignore file.
        path: PathBuf,
        /// What is wrong.
        source: DockerIgnoreError,
    },
}

impl DockerIgnore {
    /// Reads and compiles an ignore file's text (`ReadAll` + `patternmatcher.New`).
    pub fn parse(content: &str) -> Result<Self, DockerIgnoreError> {
        let patterns = read_patterns(content)?;
        let matcher = PatternMatcher::new(
            &patterns
                .iter()
                .map(|pattern| pattern.text.as_str())
                .collect::<Vec<_>>(),
        )
        .map_err(|err| {
            let pattern = &patterns[err.index];
            DockerIgnoreError::Pattern {
                line: pattern.line,
                range: pattern.range,
                kind: err.kind,
            }
        })?;
        Ok(Self { patterns, matcher })
    }

    /// Reads the ignore file at `path`. Bytes that are not UTF-8 are replaced by U+FFFD
    /// (BuildKit would keep them; such patterns only match paths with the same bytes).
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&String::from_utf8_lossy(&bytes)).map_err(|source| LoadError::Invalid {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The patterns in file order, as `ReadAll` returns them.
    #[must_use]
    pub fn patterns(&self) -> &[IgnorePattern] {
        &self.patterns
    }

    /// The compiled matcher (for walks: [`PatternMatcher::matches_using_parent_results`]).
    #[must_use]
    pub fn matcher(&self) -> &PatternMatcher {
        &self.matcher
    }

    /// Whether there are exception (`!`) patterns.
    #[must_use]
    pub fn has_exclusions(&self) -> bool {
        self.matcher.has_exclusions()
    }

    /// Whether `path` (`/`-separated, relative to the context) is excluded from the build
    /// context: `MatchesOrParentMatches`. The path is taken as given; BuildKit's
    /// `CopyIgnoredFile` check passes the expanded source with globs as literal text.
    pub fn is_excluded(&self, path: &str) -> Result<bool, MatchError> {
        self.matcher.matches_or_parent_matches(path)
    }

    /// The pattern that excludes `path` (the last include pattern that matched it or a parent
    /// directory), or `None` when the path is part of the context.
    pub fn excluded_by(&self, path: &str) -> Result<Option<&IgnorePattern>, MatchError> {
        Ok(self
            .matcher
            .deciding_pattern(path)?
            .map(|pattern| &self.patterns[pattern.index()]))
    }
}

/// The ignore file BuildKit uses for a build (frontend/dockerui): `<dockerfile>.dockerignore`
/// next to the Dockerfile if it exists, else `.dockerignore` at the root of the context, else
/// `None`.
///
/// `dockerfile` is the Dockerfile path as requested (`-f`), default `<context>/Dockerfile`. The
/// ignore name is built from that name even when BuildKit falls back from `Dockerfile` to
/// `dockerfile`, so pass the requested name, not the one found on disk.
#[must_use]
pub fn find_ignore_file(context_dir: &Path, dockerfile: &Path) -> Option<PathBuf> {
    if let Some(name) = dockerfile.file_name() {
        let mut specific = name.to_os_string();
        specific.push(".dockerignore");
        let specific = dockerfile.with_file_name(specific);
        if specific.is_file() {
            return Some(specific);
        }
    }
    let shared = context_dir.join(".dockerignore");
    shared.is_file().then_some(shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_at_the_line() {
        let err = DockerIgnore::parse("a\n# c\n  [ \n").unwrap_err();
        assert_eq!(
            err,
            DockerIgnoreError::Pattern {
                line: 3,
                range: TextRange::new(8, 9),
                kind: PatternErrorKind::Syntax
            }
        );
        assert_eq!(err.to_string(), "syntax error in pattern");
        let err = DockerIgnore::parse("!\n").unwrap_err();
        assert_eq!(err.to_string(), "illegal exclusion pattern: \"!\"");
    }

    #[test]
    fn excluded_by_reports_the_deciding_line() {
        let ignore = DockerIgnore::parse("node_modules\n*.log\n!keep.log\n").unwrap();
        let hit = ignore
            .excluded_by("node_modules/x/y.js")
            .unwrap()
            .expect("excluded");
        assert_eq!((hit.line, hit.text.as_str()), (1, "node_modules"));
        assert!(ignore.excluded_by("keep.log").unwrap().is_none());
        assert!(ignore.excluded_by("src/main.rs").unwrap().is_none());
        assert!(ignore.has_exclusions());
    }

    #[test]
    fn empty_file_excludes_nothing() {
        let ignore = DockerIgnore::parse("").unwrap();
        assert!(ignore.patterns().is_empty());
        assert!(!ignore.is_excluded("a").unwrap());
    }

    #[test]
    fn dockerfile_specific_ignore_file_wins() {
        let dir = tempfile::tempdir().unwrap();
        let context = dir.path();
        let dockerfile = context.join("Dockerfile");
        assert_eq!(find_ignore_file(context, &dockerfile), None);

        std::fs::write(context.join(".dockerignore"), "a\n").unwrap();
        assert_eq!(
            find_ignore_file(context, &dockerfile),
            Some(context.join(".dockerignore"))
        );

        std::fs::write(context.join("Dockerfile.dockerignore"), "b\n").unwrap();
        let found = find_ignore_file(context, &dockerfile).unwrap();
        assert_eq!(found, context.join("Dockerfile.dockerignore"));
        let ignore = DockerIgnore::load(&found).unwrap();
        assert!(ignore.is_excluded("b").unwrap());
        assert!(!ignore.is_excluded("a").unwrap());

        // `-f build/app.Dockerfile` looks next to that file, not in the context.
        std::fs::create_dir(context.join("build")).unwrap();
        let app = context.join("build/app.Dockerfile");
        assert_eq!(
            find_ignore_file(context, &app),
            Some(context.join(".dockerignore"))
        );
        std::fs::write(context.join("build/app.Dockerfile.dockerignore"), "c\n").unwrap();
        assert_eq!(
            find_ignore_file(context, &app),
            Some(context.join("build/app.Dockerfile.dockerignore"))
        );

        // A directory with the ignore name is not an ignore file.
        std::fs::create_dir(context.join("other.dockerignore")).unwrap();
        assert_eq!(
            find_ignore_file(context, &context.join("other")),
            Some(context.join(".dockerignore"))
        );
    }

    #[test]
    fn load_reports_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join(".dockerignore");
        let err = DockerIgnore::load(&missing).unwrap_err();
        assert!(err.to_string().starts_with(&missing.display().to_string()));

        std::fs::write(&missing, b"ok\n[\n").unwrap();
        let err = DockerIgnore::load(&missing).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: syntax error in pattern", missing.display())
        );
        assert!(matches!(
            err,
            LoadError::Invalid {
                source: DockerIgnoreError::Pattern { line: 2, .. },
                ..
            }
        ));
    }
}
