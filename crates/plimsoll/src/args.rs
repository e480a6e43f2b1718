//! Command-line arguments (clap derive), one struct per subcommand.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Keeps container images safe and light.
#[derive(Debug, Parser)]
#[command(name = "plimsoll", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Dockerfiles: hadolint's rules, BuildKit's build checks and plimsoll's own.
    Lint(LintArgs),
    /// Behave as hadolint 2.15.1 (same flags, config, output and exit codes). Invoking the
    /// binary under the name `hadolint` does the same.
    Hadolint(HadolintPassthrough),
    /// Print a rule's documentation.
    Rule(RuleArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Analyze a container image offline: sizes, layers, config, wasted bytes.
    Image(ImageArgs),
    /// Write a best-practice Dockerfile, a distroless variant and a .dockerignore for the
    /// Python web project (Flask, FastAPI, Django) in a directory.
    Init(InitArgs),
    /// Tools for plimsoll developers: inspect how a Dockerfile is parsed.
    #[command(subcommand)]
    Debug(DebugCommand),
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print the parse tree of a Dockerfile.
    Parse(DebugParseArgs),
}

#[derive(Debug, clap::Args)]
pub struct DebugParseArgs {
    /// Output shape: `buildkit` prints BuildKit's `parse` and `dump` as one JSON object.
    #[arg(long, value_enum, default_value_t = ParseFormat::Buildkit)]
    pub format: ParseFormat,
    /// The Dockerfile to parse (`-` for stdin).
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ParseFormat {
    Buildkit,
}

/// `plimsoll image`.
#[derive(Debug, clap::Args)]
pub struct ImageArgs {
    /// The image: a `docker save` tarball (any Docker version, skopeo), an OCI layout directory
    /// or archive, `docker://NAME` for an image in a running Docker Engine, or `-` for a
    /// `docker save` stream on stdin.
    pub source: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImageFormat::Terminal)]
    pub format: ImageFormat,
    /// Check blob digests, layer diff_ids and the config digest (reads every byte).
    #[arg(long)]
    pub verify: bool,
    /// Platform to pick from a multi-platform index.
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,
    /// Also report dive 0.13's efficiency, wasted bytes and user-wasted percent.
    #[arg(long)]
    pub dive: bool,
    /// How many entries the biggest/wasted lists show (0 = all).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Image rules not to run, by code or name (`PI003`, `no-healthcheck`); repeatable,
    /// comma-separated.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Give a rule's findings another severity: `PI101=warning`; repeatable,
    /// comma-separated.
    #[arg(long = "severity", value_name = "RULE=SEVERITY", value_delimiter = ',')]
    pub severities: Vec<String>,
    /// Exit 1 when a finding is at least this severe (error, warning, info, style).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<plimsoll_text::Severity>,
    /// Exit 1 when the uncompressed size (Σ layer tars) is larger: `200MB`, `1.5GiB`, `1000`.
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    /// Exit 1 when the efficiency (final bytes / bytes in layers) is lower, e.g. `0.95`.
    #[arg(long, value_name = "RATIO")]
    pub min_efficiency: Option<String>,
    /// Exit 1 when more bytes than this are wasted: `20MB`.
    #[arg(long, value_name = "SIZE")]
    pub max_wasted: Option<String>,
    /// Apply dive's CI rules (`lowestEfficiency`, `highestWastedBytes`,
    /// `highestUserWastedPercent`) to dive's own numbers: `--dive-ci=FILE`, or `--dive-ci`
    /// alone for `.dive-ci` in the current directory (dive's defaults when it is absent), as
    /// `dive --ci` does.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    pub dive_ci: Option<String>,
    /// Read the `[image]` table of this `plimsoll.toml`. Default: the nearest `plimsoll.toml`
    /// walking up from the current directory. Flags go on top of it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// A report for people: layer table with size bars, config, biggest and wasted files.
    Terminal,
    /// The report as JSON (schema in docs/image-json.md).
    Json,
    /// The findings as SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// `plimsoll lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Dockerfiles, or directories to search for `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`,
    /// `*.dockerfile` and `Containerfile` (respecting `.gitignore`); `-` reads standard input.
    /// Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format: full, concise, json, sarif, github, checkstyle, codeclimate,
    /// gitlab_codeclimate, gnu, codacy, sonarqube, junit, tty. Default: full on a terminal,
    /// concise otherwise.
    #[arg(short = 'f', long, alias = "output-format", value_name = "FORMAT")]
    pub format: Option<String>,
    /// Apply safe fixes in place (atomically: a file is replaced whole or not at all).
    #[arg(long)]
    pub fix: bool,
    /// With `--fix`, also apply fixes that may change behaviour.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
    /// Run only these rules: codes, code prefixes (`DL30`), origins (`hadolint`, `buildkit`,
    /// `plimsoll`) or `ALL`. Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Run these rules too (off-by-default rules need their exact code).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Do not run these rules (codes, prefixes or origins).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Exit 1 only for findings at least this severe (error, warning, info, style).
    /// Default: any finding.
    #[arg(short = 't', long, value_name = "SEVERITY")]
    pub failure_threshold: Option<plimsoll_text::Severity>,
    /// Exit 0 even when there are findings (errors reading files still exit 2).
    #[arg(long, alias = "no-fail")]
    pub exit_zero: bool,
    /// Never colour the output (also: the NO_COLOR environment variable).
    #[arg(long)]
    pub no_color: bool,
    /// Use this configuration file (a `plimsoll.toml`, or a hadolint `.yaml`/`.yml`) for every
    /// Dockerfile. Default: the nearest `plimsoll.toml`, `.hadolint.yaml` or `.hadolint.yml`
    /// walking up from each Dockerfile's directory.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The build context (where `.dockerignore` is read, for CopyIgnoredFile). Default: each
    /// Dockerfile's own directory; standard input has none unless given.
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
    /// The file name to report for standard input (its directory also decides the
    /// configuration file).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Print the "Found N problems" summary to stderr even when it is not a terminal.
    #[arg(long)]
    pub show_summary: bool,
}

/// `plimsoll init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The project directory (holding requirements.txt or pyproject.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace existing files (by default an existing Dockerfile, Dockerfile.distroless or
    /// .dockerignore stops init before anything is written).
    #[arg(long)]
    pub force: bool,
    /// Print the files to standard output instead of writing them.
    #[arg(long, visible_alias = "stdout")]
    pub dry_run: bool,
}

/// `plimsoll rule`.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A rule code, e.g. DL3008 or StageNameCasing.
    pub code: String,
}

/// `plimsoll rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Print the table as JSON (code, name, origin, severity, enabled, fix, summary, url).
    #[arg(long)]
    pub json: bool,
}

/// `plimsoll hadolint`: everything after it is parsed as hadolint 2.15.1 parses its arguments.
#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true, disable_version_flag = true)]
pub struct HadolintPassthrough {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<std::ffi::OsString>,
}

/// hadolint 2.15.1's command line.
#[derive(Debug, Parser)]
#[command(
    name = "hadolint",
    disable_version_flag = true,
    about = "hadolint-compatible Dockerfile linter (plimsoll drop-in mode)"
)]
pub struct HadolintArgs {
    /// Show version
    #[arg(short = 'v', long)]
    pub version: bool,
    /// Path to the configuration file
    #[arg(short = 'c', long = "config", value_name = "FILENAME")]
    pub config: Option<PathBuf>,
    /// The files to lint (`-` for standard input)
    #[arg(value_name = "DOCKERFILE")]
    pub dockerfiles: Vec<PathBuf>,
    /// The file path referenced in the generated report (checkstyle, codeclimate, gitlab_codeclimate, sonarqube, junit)
    #[arg(long, value_name = "FILEPATHINREPORT")]
    pub file_path_in_report: Option<String>,
    /// Write the report of the matching --format to this file (repeatable)
    #[arg(short = 'o', long = "output", value_name = "OUTPUT")]
    pub outputs: Vec<PathBuf>,
    /// Don't exit with a failure status code when any rule is violated
    #[arg(long)]
    pub no_fail: bool,
    /// Don't colorize output
    #[arg(long)]
    pub no_color: bool,
    /// Enables verbose logging of hadolint's output to stderr
    #[arg(short = 'V', long)]
    pub verbose: bool,
    /// The output format for the results [tty | json | checkstyle | codeclimate | gitlab_codeclimate | gnu | codacy | sonarqube | sarif | junit] (default: tty)
    #[arg(short = 'f', long = "format", value_name = "ARG")]
    pub formats: Vec<String>,
    /// Make the rule `RULECODE` have the level `error`
    #[arg(long = "error", value_name = "RULECODE")]
    pub error: Vec<String>,
    /// Make the rule `RULECODE` have the level `warning`
    #[arg(long = "warning", value_name = "RULECODE")]
    pub warning: Vec<String>,
    /// Make the rule `RULECODE` have the level `info`
    #[arg(long = "info", value_name = "RULECODE")]
    pub info: Vec<String>,
    /// Make the rule `RULECODE` have the level `style`
    #[arg(long = "style", value_name = "RULECODE")]
    pub style: Vec<String>,
    /// A rule to ignore
    #[arg(long = "ignore", value_name = "RULECODE")]
    pub ignore: Vec<String>,
    /// A docker registry to allow to appear in FROM instructions
    #[arg(long = "trusted-registry", value_name = "REGISTRY (e.g. docker.io)")]
    pub trusted_registries: Vec<String>,
    /// The option --require-label=label:format makes Hadolint check that the label `label` conforms to format requirement `format`
    #[arg(
        long = "require-label",
        value_name = "LABELSCHEMA (e.g. maintainer:text)"
    )]
    pub require_labels: Vec<String>,
    /// Do not permit labels other than specified in `label-schema`
    #[arg(long)]
    pub strict_labels: bool,
    /// Disable inline ignore pragmas `# hadolint ignore=DLxxxx`
    #[arg(long)]
    pub disable_ignore_pragma: bool,
    /// Exit with failure code only when rules with a severity equal to or above THRESHOLD are violated. Accepted values: [error | warning | info | style | ignore | none]
    #[arg(short = 't', long, value_name = "THRESHOLD")]
    pub failure_threshold: Option<String>,
}
