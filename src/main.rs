//! The `timon` binary: parses the command line and hands over to `timon::cli`.

use clap::Parser as _;

// A build makes and frees hundreds of thousands of small strings and vectors: with glibc's
// allocator, allocating and freeing were a third of `timon build`'s instructions
// (BENCHMARKS.md, "What each change bought").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    timon::cli::run(timon::cli::Cli::parse())
}
