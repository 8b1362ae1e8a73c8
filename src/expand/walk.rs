//! Visits every span and every value of a statement tree: what moving a template's body into
//! an instance and replacing its parameters need.

use crate::source::Span;
use crate::syntax::ast::{Part, Stmt, StrPart, Value, ValueKind};

/// Calls `visit` on every span of `stmt`, nested statements and values included.
pub(super) fn spans_mut(stmt: &mut Stmt, visit: &mut impl FnMut(&mut Span)) {
    visit(&mut stmt.span);
    visit(&mut stmt.head.span);
    for part in &mut stmt.parts {
        match part {
            Part::Keyword(word) | Part::Name(word) => visit(&mut word.span),
            Part::Value(value) => value_spans_mut(value, visit),
            Part::Block(stmts) => stmts.iter_mut().for_each(|inner| spans_mut(inner, visit)),
            Part::Params(params) => {
                for param in params {
                    visit(&mut param.name.span);
                    visit(&mut param.ty.span);
                    if let Some(default) = &mut param.default {
                        value_spans_mut(default, visit);
                    }
                }
            }
            Part::Instance(call) => {
                visit(&mut call.span);
                call.template.iter_mut().for_each(|word| visit(&mut word.span));
                for argument in &mut call.arguments {
                    if let Some(name) = &mut argument.name {
                        visit(&mut name.span);
                    }
                    value_spans_mut(&mut argument.value, visit);
                }
            }
        }
    }
}

fn value_spans_mut(value: &mut Value, visit: &mut impl FnMut(&mut Span)) {
    visit(&mut value.span);
    match &mut value.kind {
        ValueKind::Str(parts) => {
            for part in parts {
                if let StrPart::Interpolation { path, span } = part {
                    visit(span);
                    for word in path.iter_mut() {
                        visit(&mut word.span);
                    }
                }
            }
        }
        ValueKind::Path(words) => words.iter_mut().for_each(|word| visit(&mut word.span)),
        ValueKind::List(values) => {
            for inner in values.iter_mut() {
                value_spans_mut(inner, visit);
            }
        }
        ValueKind::Map(entries) | ValueKind::Env(entries) => {
            for entry in entries {
                visit(&mut entry.key.span);
                value_spans_mut(&mut entry.value, visit);
            }
        }
        ValueKind::Range { request, limit } => {
            for side in [request, limit].into_iter().flatten() {
                value_spans_mut(side, visit);
            }
        }
        ValueKind::Number(_) | ValueKind::Ip(_) | ValueKind::PortRange(_) => {}
    }
}

/// Calls `visit` on every value of `stmt` (outermost first; a visitor that replaces a value is
/// not called again inside the replacement), nested statements and call arguments included.
pub(super) fn values_mut(stmt: &mut Stmt, visit: &mut impl FnMut(&mut Value) -> Visit) {
    for part in &mut stmt.parts {
        match part {
            Part::Value(value) => value_mut(value, visit),
            Part::Block(stmts) => stmts.iter_mut().for_each(|inner| values_mut(inner, visit)),
            Part::Instance(call) => {
                call.arguments
                    .iter_mut()
                    .for_each(|argument| value_mut(&mut argument.value, visit));
            }
            Part::Keyword(_) | Part::Name(_) | Part::Params(_) => {}
        }
    }
}

/// What a value visitor did.
pub(super) enum Visit {
    /// Look inside the value too.
    Descend,
    /// The value was replaced or needs nothing more.
    Done,
}

fn value_mut(value: &mut Value, visit: &mut impl FnMut(&mut Value) -> Visit) {
    if let Visit::Done = visit(value) {
        return;
    }
    match &mut value.kind {
        ValueKind::List(values) => values.iter_mut().for_each(|inner| value_mut(inner, visit)),
        ValueKind::Map(entries) | ValueKind::Env(entries) => {
            for entry in entries.iter_mut() {
                value_mut(&mut entry.value, visit);
            }
        }
        ValueKind::Range { request, limit } => {
            for side in [request, limit].into_iter().flatten() {
                value_mut(side, visit);
            }
        }
        ValueKind::Str(_)
        | ValueKind::Path(_)
        | ValueKind::Number(_)
        | ValueKind::Ip(_)
        | ValueKind::PortRange(_) => {}
    }
}
