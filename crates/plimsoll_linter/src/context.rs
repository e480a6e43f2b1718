//! Where a Dockerfile is built from: what checks about the build context (BuildKit's
//! `CopyIgnoredFile`) need to know.

use std::path::PathBuf;

use plimsoll_syntax::dockerignore::{
    DockerIgnore, DockerIgnoreError, LoadError, ReadError, find_ignore_file,
};

/// The Dockerfile's path and its build context. Both are optional: without a context, checks
/// that need one do not run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintContext {
    /// The Dockerfile as requested (`-f`); BuildKit looks for `<name>.dockerignore` next to it.
    pub dockerfile_path: Option<PathBuf>,
    /// The build context directory (`docker build <dir>`), where `.dockerignore` lives.
    pub context_dir: Option<PathBuf>,
}

impl LintContext {
    /// A context for a Dockerfile built from `context_dir`.
    #[must_use]
    pub fn new(dockerfile_path: impl Into<PathBuf>, context_dir: impl Into<PathBuf>) -> Self {
        Self {
            dockerfile_path: Some(dockerfile_path.into()),
            context_dir: Some(context_dir.into()),
        }
    }

    /// The ignore file BuildKit would use, read and compiled; `None` when there is no context
    /// or no ignore file.
    ///
    /// # Errors
    /// When the ignore file cannot be read or has an invalid pattern (BuildKit fails the build
    /// on it); the error names the file and, for a pattern, its line.
    pub fn dockerignore(&self) -> Result<Option<DockerIgnore>, ContextError> {
        let Some(context_dir) = &self.context_dir else {
            return Ok(None);
        };
        let dockerfile = self
            .dockerfile_path
            .clone()
            .unwrap_or_else(|| context_dir.join("Dockerfile"));
        match find_ignore_file(context_dir, &dockerfile) {
            Some(path) => DockerIgnore::load(&path)
                .map(Some)
                .map_err(ContextError::from),
            None => Ok(None),
        }
    }
}

/// An ignore file BuildKit would reject: `path[:line]: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|line| format!(":{line}")).unwrap_or_default())]
pub struct ContextError {
    /// The ignore file.
    pub path: PathBuf,
    /// The line of the invalid pattern, when that is the problem.
    pub line: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl From<LoadError> for ContextError {
    fn from(error: LoadError) -> Self {
        match error {
            LoadError::Io { path, source } => Self {
                path,
                line: None,
                message: source.to_string(),
            },
            LoadError::Invalid { path, source } => Self {
                line: match &source {
                    DockerIgnoreError::Pattern { line, .. } => Some(*line),
                    DockerIgnoreError::Read(ReadError::LineTooLong { line }) => Some(*line),
                    DockerIgnoreError::Read(_) => None,
                },
                path,
                message: source.to_string(),
            },
        }
    }
}
