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
    /// Analyze a container image offline: sizes, layers, config, wasted bytes.
    Image(ImageArgs),
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageFormat {
    /// A report for people: layer table with size bars, config, biggest and wasted files.
    Terminal,
    /// The report as JSON (schema in docs/image-json.md).
    Json,
}
