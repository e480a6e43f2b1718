//! From configuration sources to [`LinterSettings`] and [`Options`].

use std::path::{Path, PathBuf};

use plimsoll_text::Severity;

use super::discovery::{SearchDirs, find_hadolint_config, read_config_text};
use super::hadolint::{Decoded, Dialect, HadolintConfig, decode, hadolint_decode_error_message};
use super::plimsoll_toml::{LintSection, Located};
use super::{
    ConfigError, ConfigProblem, Options, environment::hadolint_env, haskell_show,
    is_hadolint_shaped,
};
use crate::registry::rule_by_code;
use crate::settings::{LinterSettings, Mode, UnknownSelector};

/// What the hadolint drop-in reads before linting.
#[derive(Debug, Clone)]
pub struct HadolintLoad {
    pub settings: LinterSettings,
    pub options: Options,
    /// The layered configuration (environment, file, command line), for `--verbose`.
    pub config: HadolintConfig,
    /// What hadolint prints on stderr before linting, one entry per line, in order: with
    /// `--verbose` the "Configuration file used" line, then a decode error of the file (which
    /// is then ignored), then with any verbose setting the effective configuration.
    pub stderr: Vec<String>,
}

/// hadolint dies when its configuration file cannot be read, after printing what it printed
/// until then (`--verbose`'s "Configuration file used" line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HadolintLoadError {
    /// Lines printed on stderr before the failure.
    pub stderr: Vec<String>,
    pub error: ConfigError,
}

impl std::fmt::Display for HadolintLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for HadolintLoadError {}

/// Loads the drop-in's configuration: `env` looks variables up, `cli` holds what the command
/// line set, `config_file` is `-c FILE` (relative to `dirs.cwd`), otherwise hadolint's search
/// in `dirs` applies.
///
/// # Errors
/// Only when the configuration file cannot be read (hadolint dies then too; see
/// [`ConfigError::hadolint_message`]; print [`HadolintLoadError::stderr`] first). A file that is not valid configuration is reported in
/// [`HadolintLoad::stderr`] and ignored, as hadolint 2.15.1 does.
pub fn load_for_hadolint(
    cli: HadolintConfig,
    config_file: Option<&Path>,
    env: impl Fn(&str) -> Option<String>,
    dirs: &SearchDirs,
) -> Result<HadolintLoad, HadolintLoadError> {
    let env = hadolint_env(env);
    let verbose_before_file = cli.verbose.or(env.verbose).unwrap_or(false);
    // hadolint names a `-c` file as given, a found one by its absolute path.
    let file = match config_file {
        Some(path) => Some((dirs.cwd.join(path), path.to_path_buf())),
        None => find_hadolint_config(dirs).map(|path| (path.clone(), path)),
    };
    let mut stderr = Vec::new();
    if verbose_before_file {
        stderr.push(haskell_show(&match &file {
            Some((_, shown)) => format!("Configuration file used: {}", shown.display()),
            None => "No configuration was specified. Using default configuration".to_owned(),
        }));
    }
    let mut from_file = HadolintConfig::default();
    if let Some((path, shown)) = &file {
        let source = match read_config_text(path) {
            Ok(source) => source,
            Err(error) => {
                return Err(HadolintLoadError {
                    stderr,
                    error: ConfigError::unreadable(shown, &error),
                });
            }
        };
        let decoded = match source {
            Some(source) => decode(&source, Dialect::Hadolint),
            None => Decoded::HadolintError("invalid UTF-8".to_owned()),
        };
        match decoded {
            Decoded::Config(config) => from_file = config,
            Decoded::HadolintError(detail) => stderr.push(hadolint_decode_error_message(
                &shown.to_string_lossy(),
                &detail,
            )),
            Decoded::Problems(_) => unreachable!("the hadolint dialect reports hadolint errors"),
        }
    }
    let config = HadolintConfig::layered(env, from_file, cli);
    if config.verbose.unwrap_or(false) {
        stderr.push(config.verbose_dump().trim_end().to_owned());
    }
    let mut settings = LinterSettings::new(Mode::Hadolint);
    let mut warnings = Vec::new();
    apply_hadolint_config(&mut settings, &config, None, &mut warnings);
    let options = Options {
        formats: config.formats.clone(),
        failure_threshold: config
            .failure_threshold
            .map(super::hadolint::FailureThreshold::severity),
        no_fail: config.no_fail.unwrap_or(false),
        no_color: config.no_color.unwrap_or(false),
        verbose: config.verbose.unwrap_or(false),
        config_file: file.map(|(_, shown)| shown),
        warnings,
    };
    Ok(HadolintLoad {
        settings,
        options,
        config,
        stderr,
    })
}

/// hadolint's rule settings on top of `settings`: overrides (style, info, warning, error, so
/// error wins; they also start off-by-default rules), ignored codes, labels, registries.
/// Codes no rule has are kept for hadolint (ShellCheck's codes are valid there); in plimsoll
/// mode they become warnings.
fn apply_hadolint_config(
    settings: &mut LinterSettings,
    config: &HadolintConfig,
    file: Option<&Path>,
    warnings: &mut Vec<String>,
) {
    let overrides = [
        (Severity::Style, &config.overrides.style),
        (Severity::Info, &config.overrides.info),
        (Severity::Warning, &config.overrides.warning),
        (Severity::Error, &config.overrides.error),
    ];
    for (severity, codes) in overrides {
        for code in codes {
            // Exact codes only: hadolint has no prefixes or groups.
            if rule_by_code(code).is_some() {
                let _ = settings.set_severity(code, Some(severity));
            } else if settings.mode == Mode::Plimsoll {
                warnings.push(unknown_code_warning(file, None, code));
            }
        }
    }
    for code in &config.ignored {
        if settings.mode == Mode::Hadolint || rule_by_code(code).is_some() {
            let _ = settings.ignore(std::slice::from_ref(code));
        } else {
            warnings.push(unknown_code_warning(file, None, code));
        }
    }
    let mut registries = config.trusted_registries.clone();
    registries.sort();
    registries.dedup();
    settings.trusted_registries = registries;
    let mut labels = config.label_schema.clone();
    // One requirement per label; the last one written wins.
    let mut seen = std::collections::HashSet::new();
    labels.reverse();
    labels.retain(|(name, _)| seen.insert(name.clone()));
    labels.reverse();
    settings.label_schema = labels;
    settings.strict_labels = config.strict_labels.unwrap_or(false);
    settings.disable_ignore_pragma = config.disable_ignore_pragma.unwrap_or(false);
}

fn unknown_code_warning(file: Option<&Path>, at: Option<(usize, usize)>, code: &str) -> String {
    let place = match (file, at) {
        (Some(file), Some((line, column))) => format!("{}:{line}:{column}: ", file.display()),
        (Some(file), None) => format!("{}: ", file.display()),
        (None, _) => String::new(),
    };
    format!("{place}`{code}` is not a rule plimsoll has; ignored")
}

/// What `plimsoll lint`'s command line sets, layered over the configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintOverrides {
    /// `--config FILE`: use this file (a `plimsoll.toml`, or a `.yaml`/`.yml` hadolint file)
    /// for every Dockerfile instead of searching.
    pub config_file: Option<PathBuf>,
    /// `--select`: replaces the file's `select`.
    pub select: Option<Vec<String>>,
    /// `--extend-select`: added after the file's.
    pub extend_select: Vec<String>,
    /// `--ignore`: added after the file's.
    pub ignore: Vec<String>,
    pub failure_threshold: Option<Severity>,
    pub format: Option<String>,
    pub no_fail: Option<bool>,
    pub no_color: Option<bool>,
}

/// A configuration file as read for `plimsoll lint`.
#[derive(Debug, Clone)]
pub(crate) enum FileConfig {
    Plimsoll(LintSection),
    Hadolint(HadolintConfig),
}

/// Settings and options for `plimsoll lint` from an optional file and the command line.
///
/// Order: `select` (command line, else file), `extend-select` (file, then command line),
/// hadolint `override`s, `[lint.severity]` (least specific selector first: `ALL`, origins,
/// then prefixes by length, so `DL3008 = "error"` beats `DL30 = "info"`), then `ignore` (file,
/// then command line).
pub(crate) fn resolve_lint(
    file: Option<(&Path, &FileConfig)>,
    overrides: &LintOverrides,
) -> Result<(LinterSettings, Options), ConfigError> {
    let path = file.map(|(path, _)| path);
    let mut settings = LinterSettings::new(Mode::Plimsoll);
    let mut options = Options {
        config_file: path.map(Path::to_path_buf),
        ..Options::default()
    };
    let mut file_problems = Vec::new();
    let mut cli_problems = Vec::new();
    let empty = LintSection::default();
    let section = match file {
        Some((_, FileConfig::Plimsoll(section))) => section,
        _ => &empty,
    };

    let mut selectors = Selectors {
        settings: &mut settings,
        file: path,
        warnings: &mut options.warnings,
    };
    match (&overrides.select, &section.select) {
        (Some(list), _) => {
            let _ = selectors.settings.select(&[]);
            selectors.cli("--select", list, &mut cli_problems, |s, x| {
                s.extend_select(x)
            });
        }
        (None, Some(list)) => {
            let _ = selectors.settings.select(&[]);
            selectors.file_list(list, &mut file_problems, |s, x| s.extend_select(x));
        }
        (None, None) => {}
    }
    selectors.file_list(&section.extend_select, &mut file_problems, |s, x| {
        s.extend_select(x)
    });
    selectors.cli(
        "--extend-select",
        &overrides.extend_select,
        &mut cli_problems,
        |s, x| s.extend_select(x),
    );
    if let Some((_, FileConfig::Hadolint(config))) = file {
        apply_hadolint_config(selectors.settings, config, path, selectors.warnings);
    }
    let mut severity: Vec<&(Located<String>, Option<Severity>)> = section.severity.iter().collect();
    severity.sort_by_key(|(selector, _)| specificity(&selector.value));
    for (selector, level) in severity {
        selectors.file_list(
            std::slice::from_ref(selector),
            &mut file_problems,
            |s, x| s.adjust_severity(&x[0], *level),
        );
    }
    selectors.file_list(&section.ignore, &mut file_problems, |s, x| s.ignore(x));
    selectors.cli("--ignore", &overrides.ignore, &mut cli_problems, |s, x| {
        s.ignore(x)
    });

    if !file_problems.is_empty() {
        file_problems.sort_by_key(|problem| (problem.line, problem.column));
        return Err(ConfigError::invalid(path, file_problems));
    }
    if !cli_problems.is_empty() {
        return Err(ConfigError::invalid(None, cli_problems));
    }

    match file {
        Some((_, FileConfig::Plimsoll(section))) => {
            options.formats.extend(section.format.clone());
            options.failure_threshold = section.failure_threshold;
            options.no_fail = section.no_fail.unwrap_or(false);
            options.no_color = section.no_color.unwrap_or(false);
            settings.trusted_registries = section.trusted_registries.clone();
            settings.label_schema = section.label_schema.clone();
            settings.strict_labels = section.strict_labels.unwrap_or(false);
            settings.disable_ignore_pragma = section.disable_ignore_pragma.unwrap_or(false);
            settings.base_image_env = section.base_image_env.clone();
        }
        Some((_, FileConfig::Hadolint(config))) => {
            options.formats = config.formats.clone();
            options.failure_threshold = config
                .failure_threshold
                .map(super::hadolint::FailureThreshold::severity);
            options.no_fail = config.no_fail.unwrap_or(false);
            options.no_color = config.no_color.unwrap_or(false);
            options.verbose = config.verbose.unwrap_or(false);
        }
        None => {}
    }
    if let Some(format) = &overrides.format {
        options.formats = vec![format.clone()];
    }
    if overrides.failure_threshold.is_some() {
        options.failure_threshold = overrides.failure_threshold;
    }
    if let Some(no_fail) = overrides.no_fail {
        options.no_fail = no_fail;
    }
    if let Some(no_color) = overrides.no_color {
        options.no_color = no_color;
    }
    Ok((settings, options))
}

/// Applies selectors, turning failures into problems (or warnings for hadolint- and
/// ShellCheck-shaped codes plimsoll does not have).
struct Selectors<'a> {
    settings: &'a mut LinterSettings,
    file: Option<&'a Path>,
    warnings: &'a mut Vec<String>,
}

impl Selectors<'_> {
    fn file_list(
        &mut self,
        list: &[Located<String>],
        problems: &mut Vec<ConfigProblem>,
        apply: impl Fn(&mut LinterSettings, &[String]) -> Result<(), UnknownSelector>,
    ) {
        for selector in list {
            if let Err(error) = apply(self.settings, std::slice::from_ref(&selector.value)) {
                if is_hadolint_shaped(&selector.value) {
                    self.warnings.push(unknown_code_warning(
                        self.file,
                        Some((selector.line, selector.column)),
                        &selector.value,
                    ));
                } else {
                    problems.push(ConfigProblem::at(
                        selector.line,
                        selector.column,
                        error.to_string(),
                    ));
                }
            }
        }
    }

    fn cli(
        &mut self,
        flag: &str,
        list: &[String],
        problems: &mut Vec<ConfigProblem>,
        apply: impl Fn(&mut LinterSettings, &[String]) -> Result<(), UnknownSelector>,
    ) {
        for selector in list {
            if let Err(error) = apply(self.settings, std::slice::from_ref(selector)) {
                if is_hadolint_shaped(selector) {
                    self.warnings.push(format!(
                        "{flag}: {}",
                        unknown_code_warning(None, None, selector)
                    ));
                } else {
                    problems.push(ConfigProblem::unplaced(format!("{flag}: {error}")));
                }
            }
        }
    }
}

/// Orders `[lint.severity]` selectors from the broadest to the most specific.
fn specificity(selector: &str) -> (u8, usize) {
    match selector {
        "ALL" => (0, 0),
        "hadolint" | "buildkit" | "plimsoll" => (1, 0),
        prefix => (2, prefix.len()),
    }
}

pub(crate) fn parse_file(path: &Path, source: &str) -> Result<FileConfig, ConfigError> {
    let is_toml = path
        .extension()
        .is_some_and(|extension| extension == "toml");
    let is_yaml = path
        .extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml");
    if is_toml {
        return super::plimsoll_toml::parse(source)
            .map(FileConfig::Plimsoll)
            .map_err(|problems| ConfigError::invalid(Some(path), problems));
    }
    if !is_yaml {
        return Err(ConfigError::invalid(
            Some(path),
            vec![ConfigProblem::unplaced(
                "cannot tell the configuration format: expected a `.toml` file (plimsoll.toml) or a `.yaml`/`.yml` file (.hadolint.yaml)",
            )],
        ));
    }
    match decode(source, Dialect::Plimsoll) {
        Decoded::Config(config) => Ok(FileConfig::Hadolint(config)),
        Decoded::Problems(problems) => Err(ConfigError::invalid(Some(path), problems)),
        Decoded::HadolintError(_) => unreachable!("the plimsoll dialect reports problems"),
    }
}
