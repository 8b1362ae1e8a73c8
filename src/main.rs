//! The `timon` binary: parses the command line and hands over to `timon::cli`.

use clap::Parser as _;

fn main() -> std::process::ExitCode {
    timon::cli::run(timon::cli::Cli::parse())
}
