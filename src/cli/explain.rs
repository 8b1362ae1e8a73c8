//! `timon explain CODE|RULE` and `timon rules`: the documentation of codes and lint rules.

use std::process::ExitCode;

use crate::diagnostics::Code;
use crate::diagnostics::render::severity_word;
use crate::lint::registry;

pub(super) fn run(code: &str) -> ExitCode {
    let wanted = code.trim();
    if let Some(found) =
        Code::ALL.iter().find(|candidate| candidate.as_str().eq_ignore_ascii_case(wanted))
    {
        println!("{} ({found:?})\n\n{}", found.as_str(), found.docs().trim_end());
        return ExitCode::SUCCESS;
    }
    if let Some(rule) = registry::find(wanted) {
        let meta = rule.meta();
        println!(
            "{} `{}` (default: {})\n\n{}",
            meta.code,
            meta.name,
            severity_word(meta.default),
            meta.docs.trim_end()
        );
        return ExitCode::SUCCESS;
    }
    let names = registry::RULES.iter().map(|rule| rule.meta().name);
    let hint = crate::diagnostics::closest(wanted, names)
        .map_or_else(String::new, |suggestion| format!("; did you mean `{suggestion}`?"));
    eprintln!(
        "error: no code or rule `{code}`{hint} (`timon rules` lists the rules, docs/errors.md the codes)"
    );
    ExitCode::from(2)
}

pub(super) fn rules() -> ExitCode {
    for rule in registry::RULES {
        let meta = rule.meta();
        let summary = meta
            .docs
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'))
            .unwrap_or_default();
        println!("{}  {:<34} {:<8} {summary}", meta.code, meta.name, severity_word(meta.default));
    }
    ExitCode::SUCCESS
}
