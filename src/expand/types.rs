//! The types of template parameters, and the check of an argument against one.
//!
//! They are the language's own: a `memory` parameter takes what `memory` takes in a
//! `resources` block (a quantity, or a `request..limit` range), a `storage` parameter names a
//! declared storage class, and so on. An argument is checked where it is written, so a mistake
//! is reported at the call.

use crate::check::values::{self, Dimension};
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::resolve::{DeclKind, Scope};
use crate::syntax::ast::{Param, Value, ValueKind};

/// Every parameter type, with what it accepts (for messages and `docs/language.md`).
pub const TYPES: &[(&str, &str)] = &[
    ("string", "a string in quotes"),
    ("int", "a whole number"),
    ("bool", "`true` or `false`"),
    ("name", "a name (a word, or a string in quotes)"),
    ("port", "a port number (1–65535)"),
    ("cpu", "a CPU quantity or a `request..limit` range (`500m`, `250m..1`)"),
    ("memory", "a memory quantity or a `request..limit` range (`512Mi`, `256Mi..1Gi`)"),
    ("size", "a storage size (`10Gi`)"),
    ("duration", "a duration (`30s`, `5m`)"),
    ("map", "a `{ key: value }` map"),
    ("storage", "a storage class of the project"),
    ("secret", "a secret of the project"),
    ("config", "a config of the project"),
    ("middleware", "a middleware"),
    ("entrypoint", "an entry point"),
    ("ceph-pool", "a Ceph pool of the project"),
    ("ceph-filesystem", "a Ceph filesystem of the project"),
];

/// Checks a parameter's declaration: a known type, and a default of that type.
pub(super) fn check_param(param: &Param, scope: &Scope) -> Result<(), Diagnostic> {
    if !TYPES.iter().any(|(name, _)| *name == param.ty.text) {
        let names = TYPES.iter().map(|(name, _)| *name);
        let diagnostic = Diagnostic::error(
            Code::BadParameter,
            format!("parameter `{}` has an unknown type `{}`", param.name.text, param.ty.text),
        )
        .with_label(param.ty.span, "not a parameter type");
        return Err(match closest(&param.ty.text, names) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_help(format!(
                "the types are {}",
                TYPES.iter().map(|(name, _)| format!("`{name}`")).collect::<Vec<_>>().join(", ")
            )),
        });
    }
    match &param.default {
        Some(default) => check_argument(param, default, scope),
        None => Ok(()),
    }
}

/// Checks `value` against the type of `param`.
pub(super) fn check_argument(
    param: &Param,
    value: &Value,
    scope: &Scope,
) -> Result<(), Diagnostic> {
    let ty = param.ty.text.as_str();
    let expected = TYPES.iter().find(|(name, _)| *name == ty).map_or("a value", |(_, what)| what);
    let mismatch = || {
        Diagnostic::error(
            Code::ArgumentType,
            format!("`{}` takes {expected}, not {}", param.name.text, value.describe()),
        )
        .with_label(value.span, format!("this is {}", value.describe()))
        .with_label(param.ty.span, format!("`{}` is declared `{ty}` here", param.name.text))
        .with_help(format!("pass {expected}"))
    };
    let declared_here = |diagnostic: Diagnostic| {
        diagnostic
            .with_label(param.ty.span, format!("`{}` is declared `{ty}` here", param.name.text))
    };
    let reference = |kind: DeclKind| -> Result<(), Diagnostic> {
        let Some(word) = value.as_word() else { return Err(mismatch()) };
        scope.lookup(kind, &word.text, word.span).map(|_| ())
    };
    let quantity = |dimension: Dimension| -> Result<(), Diagnostic> {
        match &value.kind {
            ValueKind::Range { request, limit } => {
                for side in [request, limit].into_iter().flatten() {
                    values::quantity(side, dimension).map_err(declared_here)?;
                }
                Ok(())
            }
            ValueKind::Number(_) => {
                values::quantity(value, dimension).map(|_| ()).map_err(declared_here)
            }
            _ => Err(mismatch()),
        }
    };
    match ty {
        "string" => match value.kind {
            ValueKind::Str(_) => Ok(()),
            _ => Err(mismatch()),
        },
        "int" => values::count(value, i64::MIN, i64::MAX, "a whole number")
            .map(|_| ())
            .map_err(|_| mismatch()),
        "bool" => match value.as_word().map(|word| word.text.as_str()) {
            Some("true" | "false") => Ok(()),
            _ => Err(mismatch()),
        },
        "name" => match &value.kind {
            ValueKind::Path(words) if words.len() == 1 => Ok(()),
            ValueKind::Str(_) if value.as_plain_str().is_some() => Ok(()),
            _ => Err(mismatch()),
        },
        "port" => values::port_number(value).map(|_| ()).map_err(declared_here),
        "cpu" => quantity(Dimension::Cpu),
        "memory" => quantity(Dimension::Memory),
        "size" => match value.kind {
            ValueKind::Number(_) => {
                values::quantity(value, Dimension::Storage).map(|_| ()).map_err(declared_here)
            }
            _ => Err(mismatch()),
        },
        "duration" => values::duration_seconds(value).map(|_| ()).map_err(declared_here),
        "map" => match value.kind {
            ValueKind::Map(_) => Ok(()),
            _ => Err(mismatch()),
        },
        "storage" => reference(DeclKind::Storage),
        "secret" => reference(DeclKind::Secret),
        "config" => reference(DeclKind::Config),
        "middleware" => reference(DeclKind::Middleware),
        "entrypoint" => reference(DeclKind::Entrypoint),
        "ceph-pool" => reference(DeclKind::CephPool),
        "ceph-filesystem" => reference(DeclKind::CephFilesystem),
        _ => Ok(()),
    }
}
