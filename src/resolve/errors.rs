//! The diagnostics of name resolution.

use crate::diagnostics::{Code, Diagnostic, closest};
use crate::source::Span;

pub(super) fn unknown_std_module(span: Span, name: &str) -> Diagnostic {
    let known = crate::stdlib::MODULES.iter().map(|(module, _)| *module);
    let diagnostic =
        Diagnostic::error(Code::UnknownModule, format!("no standard module `std.{name}`"))
            .with_label(span, "not in the standard library");
    match closest(name, known) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean `std.{suggestion}`?")),
        None => diagnostic.with_help(format!("the standard modules are: {}", std_module_list())),
    }
}

pub(super) fn unknown_project_module(span: Span, name: &str, known: &[String]) -> Diagnostic {
    let path = name.replace('.', "/");
    let diagnostic = Diagnostic::error(Code::UnknownModule, format!("no module `{name}`"))
        .with_label(
            span,
            format!("neither `{path}.timon` nor a folder `{path}/` with `.timon` files"),
        );
    let std_names: Vec<String> =
        crate::stdlib::MODULES.iter().map(|(module, _)| format!("std.{module}")).collect();
    let candidates = known.iter().chain(&std_names).map(String::as_str);
    match closest(name, candidates) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
        None => diagnostic.with_help(format!(
            "a module is a `.timon` file or a folder inside the project, named by its path with dots (`import lib.db` for `lib/db.timon`), or a standard module: {}",
            std_module_list()
        )),
    }
}

pub(super) fn module_conflict(span: Span, name: &str, why: &str) -> Diagnostic {
    Diagnostic::error(Code::UnknownModule, format!("`import {name}` is ambiguous"))
        .with_label(span, why.to_owned())
        .with_help("rename the file or the folder")
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
