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

/// What the unit tests of several modules share.
#[cfg(test)]
pub(crate) mod test_support {
    use proptest::test_runner::Config as ProptestConfig;

    /// 512 cases, or `PROPTEST_CASES`; failures are not written into the source tree.
    pub(crate) fn proptest_config() -> ProptestConfig {
        let default = ProptestConfig::default();
        let cases = if std::env::var_os("PROPTEST_CASES").is_some() { default.cases } else { 512 };
        ProptestConfig { cases, failure_persistence: None, ..default }
    }
}
