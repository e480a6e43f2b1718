//! `plimsoll debug parse`: the parse tree in BuildKit's shape, for diffing against BuildKit.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use plimsoll_syntax::dockerfile;
use serde::Serialize;

use crate::ExitStatus;
use crate::args::{DebugCommand, DebugParseArgs, ParseFormat};

pub fn run(command: &DebugCommand) -> Result<ExitStatus> {
    match command {
        DebugCommand::Parse(args) => parse(args),
    }
}

/// Prints `{"parse": ..., "dump": ...}` exactly as the conformance data records BuildKit's
/// output (sorted keys, one-space indentation). Exits 1 when BuildKit would reject the file.
fn parse(args: &DebugParseArgs) -> Result<ExitStatus> {
    let bytes = read_input(&args.file)?;
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(error) => anyhow::bail!(
            "{}: not valid UTF-8 at byte {} (plimsoll reads Dockerfiles as UTF-8)",
            args.file.display(),
            error.utf8_error().valid_up_to()
        ),
    };
    let parsed = dockerfile::parse(&source);
    let output = match args.format {
        ParseFormat::Buildkit => parsed.buildkit_json(),
    };
    let mut text = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut text, formatter);
    output.serialize(&mut serializer)?;
    text.push(b'\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&text)?;
    stdout.flush()?;
    let rejected = parsed.error().is_some() || dockerfile::instructions::parse(&parsed).is_err();
    Ok(if rejected {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("{}: cannot read file", path.display()))
}
