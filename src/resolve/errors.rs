//! The diagnostics of name resolution.

use crate::diagnostics::{Code, Diagnostic, closest};
use crate::source::Span;

pub(super) fn unknown_module(span: Span, name: &str) -> Diagnostic {
    let known = crate::stdlib::MODULES.iter().map(|(module, _)| *module);
    let diagnostic =
        Diagnostic::error(Code::UnknownModule, format!("no standard module `std.{name}`"))
            .with_label(span, "not in the standard library");
    match closest(name, known) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean `std.{suggestion}`?")),
        None => diagnostic.with_help(format!("the standard modules are: {}", std_module_list())),
    }
}

pub(super) fn not_a_std_module(span: Span, path: &str) -> Diagnostic {
    Diagnostic::error(Code::UnknownModule, format!("cannot import `{path}`"))
        .with_label(span, "not a standard module")
        .with_help(format!(
            "every `.timon` file of the project folder is already loaded; `import` takes `std.NAME` ({})",
            std_module_list()
        ))
}

pub(super) fn duplicate(kind_name: &str, name: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error(Code::DuplicateName, format!("{kind_name} `{name}` is declared twice"))
        .with_label(span, "declared again here")
        .with_label(first, "first declared here")
        .with_help("rename one of them, or merge them into one declaration")
}

fn std_module_list() -> String {
    crate::stdlib::MODULES
        .iter()
        .map(|(module, _)| format!("`std.{module}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
