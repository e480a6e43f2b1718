//! `plimsoll debug parse`: the parse tree in BuildKit's shape, for diffing against BuildKit.

use anyhow::Result;

use crate::ExitStatus;
use crate::args::DebugCommand;

pub fn run(command: &DebugCommand) -> Result<ExitStatus> {
    match command {
        DebugCommand::Parse(_args) => {
            anyhow::bail!("`debug parse` needs the Dockerfile parser, which has not landed yet")
        }
    }
}
