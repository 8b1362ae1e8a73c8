//! timon: a typed language for self-hosted Kubernetes, compiled to numbered YAML.
//!
//! The pipeline is one module per stage: [`syntax`] (parse) → [`resolve`] → [`check`] →
//! [`lower`] → [`emit`]. Only [`cli`] reads or writes files; see ARCHITECTURE.md.

pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod emit;
pub mod expand;
pub mod lint;
pub mod lower;
pub mod manifest;
pub mod model;
pub mod parallel;
pub mod pipeline;
pub mod resolve;
pub mod source;
pub mod stdlib;
pub mod syntax;
