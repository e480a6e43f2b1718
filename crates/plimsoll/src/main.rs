use clap::Parser;

/// Keeps container images safe and light.
#[derive(Debug, Parser)]
#[command(name = "plimsoll", version, about)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
