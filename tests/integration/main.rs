//! The one integration test binary: examples build to their snapshots, every error fixture
//! renders to its snapshot, and the CLI keeps its promises about files.

mod harness;

mod cli;
mod diagnostics;
mod examples;
mod lints;
