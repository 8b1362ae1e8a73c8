//! The pest parser generated from `grammar/timon.pest`. Only `syntax/` sees its rules.

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/timon.pest"]
pub(crate) struct TimonParser;
