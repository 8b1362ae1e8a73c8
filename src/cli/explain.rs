//! `timon explain CODE`: prints a diagnostic code's documentation.

use std::process::ExitCode;

use crate::diagnostics::Code;

pub(super) fn run(code: &str) -> ExitCode {
    let wanted = code.trim().to_ascii_uppercase();
    if let Some(found) = Code::ALL.iter().find(|candidate| candidate.as_str() == wanted) {
        println!("{} ({found:?})\n\n{}", found.as_str(), found.docs().trim_end());
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: no diagnostic code `{code}`; codes run from {} to {}",
            Code::ALL[0].as_str(),
            Code::ALL[Code::ALL.len() - 1].as_str()
        );
        ExitCode::from(2)
    }
}
