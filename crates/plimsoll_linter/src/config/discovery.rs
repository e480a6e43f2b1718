//! Where configuration files are looked for.
//!
//! * The hadolint drop-in searches as hadolint 2.15.1 does (spec §4.2, verified): the current
//!   directory, then `$XDG_CONFIG_HOME` (when set to an absolute path, else `~/.config`), then
//!   `~/.hadolint/`, then the home directory; the first existing file wins and nothing is
//!   merged. The Dockerfile's own directory is never searched.
//! * `plimsoll lint` walks up from each Dockerfile's directory to the first directory holding
//!   `plimsoll.toml`, `.hadolint.yaml` or `.hadolint.yml` (in that order of preference within
//!   one directory), remembering the answer for every directory it passed.
//! * `plimsoll image` walks up from the current directory to the first `plimsoll.toml`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::plimsoll_toml::{ImageSection, ImageValueParsers, parse_image};
use super::resolve::{FileConfig, LintOverrides, parse_file, resolve_lint};
use super::{ConfigError, ConfigProblem, Options};
use crate::settings::LinterSettings;

/// plimsoll's own configuration file.
pub const PLIMSOLL_FILE_NAME: &str = "plimsoll.toml";

/// hadolint's configuration file in a project directory, preferred first.
pub const HADOLINT_FILE_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// The directories hadolint's search looks in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDirs {
    pub cwd: PathBuf,
    pub home: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`, already defaulted to `~/.config`.
    pub xdg_config_home: Option<PathBuf>,
}

impl SearchDirs {
    /// The directories from the environment, as Haskell's `directory` package reads it:
    /// `HOME`, and `XDG_CONFIG_HOME` unless it is empty or relative (then `~/.config`).
    pub fn from_env(cwd: PathBuf, env: impl Fn(&str) -> Option<String>) -> Self {
        let home = env("HOME")
            .filter(|home| !home.is_empty())
            .map(PathBuf::from)
            .or_else(std::env::home_dir);
        let xdg_config_home = env("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
            .or_else(|| home.as_ref().map(|home| home.join(".config")));
        Self {
            cwd,
            home,
            xdg_config_home,
        }
    }

    /// Every path hadolint tries, in order.
    #[must_use]
    pub fn hadolint_candidates(&self) -> Vec<PathBuf> {
        let mut candidates: Vec<PathBuf> = HADOLINT_FILE_NAMES
            .iter()
            .map(|name| self.cwd.join(name))
            .collect();
        if let Some(xdg) = &self.xdg_config_home {
            candidates.push(xdg.join("hadolint.yaml"));
            candidates.push(xdg.join("hadolint.yml"));
        }
        if let Some(home) = &self.home {
            let app = home.join(".hadolint");
            for name in ["hadolint.yaml", "hadolint.yml", "config.yaml", "config.yml"] {
                candidates.push(app.join(name));
            }
            candidates.extend(HADOLINT_FILE_NAMES.iter().map(|name| home.join(name)));
        }
        candidates
    }
}

/// The configuration file hadolint would use, if any.
#[must_use]
pub fn find_hadolint_config(dirs: &SearchDirs) -> Option<PathBuf> {
    dirs.hadolint_candidates()
        .into_iter()
        .find(|path| path.is_file())
}

/// The configuration file of `dir` itself, if it has one.
fn config_in(dir: &Path) -> Option<PathBuf> {
    std::iter::once(PLIMSOLL_FILE_NAME)
        .chain(HADOLINT_FILE_NAMES)
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
}

/// The nearest configuration file for files in `dir`, walking up (no cache).
#[must_use]
pub fn find_lint_config(dir: &Path) -> Option<PathBuf> {
    normalize(dir).ancestors().find_map(config_in)
}

/// The `plimsoll.toml` for `plimsoll image` run in `dir`: the nearest one walking up.
/// `.hadolint.yaml`/`.yml` files are passed over, as they hold no image settings.
#[must_use]
pub fn find_image_config(dir: &Path) -> Option<PathBuf> {
    normalize(dir)
        .ancestors()
        .map(|dir| dir.join(PLIMSOLL_FILE_NAME))
        .find(|path| path.is_file())
}

/// `plimsoll image`'s settings: the `[image]` table of `explicit` (`--config`, relative to
/// `cwd`), else of [`find_image_config`] from `cwd`; `Ok(None)` when there is no file.
///
/// # Errors
/// When the file cannot be read, is a hadolint file, or its `[image]` table is invalid.
pub fn load_for_image(
    cwd: &Path,
    explicit: Option<&Path>,
    parsers: &ImageValueParsers,
) -> Result<Option<(PathBuf, ImageSection)>, ConfigError> {
    let Some(path) = explicit
        .map(|path| normalize(&cwd.join(path)))
        .or_else(|| find_image_config(cwd))
    else {
        return Ok(None);
    };
    let is_yaml = path
        .extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml");
    if is_yaml {
        return Err(ConfigError::invalid(
            Some(&path),
            vec![ConfigProblem::unplaced(
                "a hadolint configuration holds no image settings: `plimsoll image --config` takes a plimsoll.toml",
            )],
        ));
    }
    let source = read_config_text(&path)
        .map_err(|error| ConfigError::unreadable(&path, &error))?
        .ok_or_else(|| {
            ConfigError::invalid(
                Some(&path),
                vec![ConfigProblem::unplaced("the file is not valid UTF-8")],
            )
        })?;
    let section = parse_image(&source, parsers)
        .map_err(|problems| ConfigError::invalid(Some(&path), problems))?;
    Ok(Some((path, section)))
}

/// A configuration file's text; `Ok(None)` when it is not UTF-8. A UTF-8 byte order mark is
/// dropped.
pub(crate) fn read_config_text(path: &Path) -> std::io::Result<Option<String>> {
    let bytes = std::fs::read(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(String::from_utf8(bytes.to_vec()).ok())
}

/// `path` without `.` and `..` components (lexically, as the walk must not leave the
/// directories the user named).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The settings and options one Dockerfile is linted with.
#[derive(Debug, Clone)]
pub struct LintConfig {
    pub settings: LinterSettings,
    pub options: Options,
}

type Resolved = Result<Arc<LintConfig>, ConfigError>;

/// `plimsoll lint`'s configurations, found and loaded once per directory and file; safe to
/// share between threads.
///
/// Rule settings come from the file that governs each Dockerfile. Output options (format,
/// failure threshold, no-fail, no-color) are one per run: take them from
/// [`LintConfigs::for_directory`] of the current directory.
#[derive(Debug)]
pub struct LintConfigs {
    cwd: PathBuf,
    overrides: LintOverrides,
    /// Directory → the configuration file governing it.
    governing: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Configuration file (or none) → what it resolves to.
    resolved: Mutex<HashMap<Option<PathBuf>, Resolved>>,
}

impl LintConfigs {
    /// `cwd` anchors relative paths; `overrides` is the command line.
    pub fn new(cwd: impl Into<PathBuf>, overrides: LintOverrides) -> Self {
        Self {
            cwd: cwd.into(),
            overrides,
            governing: Mutex::new(HashMap::new()),
            resolved: Mutex::new(HashMap::new()),
        }
    }

    /// The configuration for the Dockerfile at `path` (walking up from its directory).
    ///
    /// # Errors
    /// When the governing file cannot be read or is invalid, or a command-line selector is.
    pub fn for_file(&self, path: &Path) -> Resolved {
        let absolute = normalize(&self.cwd.join(path));
        let dir = absolute.parent().unwrap_or(&absolute);
        self.for_directory(dir)
    }

    /// The configuration for files in `dir` (stdin: the current directory).
    ///
    /// # Errors
    /// As [`LintConfigs::for_file`].
    pub fn for_directory(&self, dir: &Path) -> Resolved {
        let file = self.config_file_for(dir);
        let mut resolved = self.resolved.lock().unwrap_or_else(PoisonError::into_inner);
        resolved
            .entry(file.clone())
            .or_insert_with(|| self.load(file.as_deref()))
            .clone()
    }

    /// The configuration file governing `dir`: `--config`, else the nearest one walking up.
    pub fn config_file_for(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(explicit) = &self.overrides.config_file {
            return Some(normalize(&self.cwd.join(explicit)));
        }
        let dir = normalize(&self.cwd.join(dir));
        let mut governing = self
            .governing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut visited = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(known) = governing.get(ancestor) {
                found.clone_from(known);
                break;
            }
            visited.push(ancestor.to_path_buf());
            if let Some(file) = config_in(ancestor) {
                found = Some(file);
                break;
            }
        }
        for directory in visited {
            governing.insert(directory, found.clone());
        }
        found
    }

    fn load(&self, file: Option<&Path>) -> Resolved {
        let parsed = match file {
            Some(path) => {
                let source = read_config_text(path)
                    .map_err(|error| ConfigError::unreadable(path, &error))?
                    .ok_or_else(|| {
                        ConfigError::invalid(
                            Some(path),
                            vec![ConfigProblem::unplaced("the file is not valid UTF-8")],
                        )
                    })?;
                Some((path, parse_file(path, &source)?))
            }
            None => None,
        };
        let file_config: Option<(&Path, &FileConfig)> =
            parsed.as_ref().map(|(path, config)| (*path, config));
        let (settings, options) = resolve_lint(file_config, &self.overrides)?;
        Ok(Arc::new(LintConfig { settings, options }))
    }
}

/// The settings and options for linting `dockerfile` with `plimsoll lint` and no command-line
/// overrides: the nearest configuration file walking up from its directory (relative paths
/// are relative to the current directory).
///
/// # Errors
/// When the current directory is unknown, or the configuration file cannot be read or is
/// invalid.
pub fn load_for_lint(dockerfile: &Path) -> Result<(LinterSettings, Options), ConfigError> {
    let cwd = std::env::current_dir().map_err(|error| {
        ConfigError::invalid(
            None,
            vec![ConfigProblem::unplaced(format!(
                "cannot determine the current directory: {error}"
            ))],
        )
    })?;
    let config = LintConfigs::new(cwd, LintOverrides::default()).for_file(dockerfile)?;
    Ok((config.settings.clone(), config.options.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(normalize(Path::new("a/../../b")), Path::new("../b"));
    }
}
