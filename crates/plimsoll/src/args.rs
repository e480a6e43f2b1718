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
