//! `cargo xtask`: the command line of timon's maintenance tasks.

use std::process::ExitCode;

use xtask::codegen::{self, Mode};

const USAGE: &str = "\
usage: cargo xtask codegen [--check]

  codegen          rewrite the generated regions of the editor grammars from grammar/timon.pest
  codegen --check  fail if any generated region is stale (what CI runs)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mode = match args.as_slice() {
        ["codegen"] => Mode::Write,
        ["codegen", "--check"] => Mode::Check,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen::run(&xtask::workspace_root(), mode) {
        Ok(report) => {
            for line in report {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
