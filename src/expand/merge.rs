//! Merges a block of statements into a declaration's body: what a template instance's own
//! block and an environment's `override` do.
//!
//! Statements meet by identity: named items (tiers, containers, volumes, ports, mounts,
//! allowances) by kind and name, routes by the port they lead to (and their path), probes and
//! resources by their keyword, anything else by its kind. A statement that meets one merges
//! into it when it is a plain block (`container app { … }`, `resources { … }`), merges key by
//! key when it is a map (`labels`, `env`, `parameters`, …), and replaces it otherwise
//! (`replicas 2`, `volume data claim 20Gi on ssd`).

use std::borrow::Cow;

use crate::diagnostics::{Code, Diagnostic, closest};
use crate::syntax::ast::{MapEntry, Part, Stmt, ValueKind};

/// How a statement that meets nothing is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// An instance's block: new items are added.
    Extend,
    /// An environment's override: a named item must exist (an environment only changes what
    /// the project declares); a plain statement may be set where the base left it out.
    Override,
}

/// Merges `patch` into `target`. `place` names the target in messages (`tier confluence.app`).
pub(super) fn merge(
    target: &mut Vec<Stmt>,
    patch: Vec<Stmt>,
    mode: Mode,
    place: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for stmt in patch {
        let key = identity(&stmt);
        let Some(index) = target.iter().position(|candidate| identity(candidate) == key) else {
            if mode == Mode::Override && key.name.is_some() {
                diagnostics.push(missing(target, &stmt, &key, place));
            } else {
                target.push(stmt);
            }
            continue;
        };
        let existing = &mut target[index];
        if is_map_statement(stmt.kind) {
            merge_maps(existing, stmt);
        } else if is_plain_block(&stmt) && !existing.body().is_empty() {
            let inner_place = describe(existing);
            let Stmt { parts, .. } = stmt;
            let block = parts.into_iter().find_map(|part| match part {
                Part::Block(stmts) => Some(stmts),
                _ => None,
            });
            merge(existing.body_mut(), block.unwrap_or_default(), mode, &inner_place, diagnostics);
        } else if stmt.kind == "route" {
            // A route keeps what its block does not say: the new host, the merged options.
            let mut stmt = stmt;
            let block = std::mem::take(stmt.body_mut());
            let mut body = existing.body().to_vec();
            merge(&mut body, block, mode, &describe(existing), diagnostics);
            *stmt.body_mut() = body;
            *existing = stmt;
        } else {
            *existing = stmt;
        }
    }
}

/// Who a statement is. Borrowed from the statement: it is worked out for every statement a
/// merged one is compared with.
#[derive(Debug, PartialEq, Eq)]
struct Identity<'s> {
    /// Containers and init containers share one name space in a pod: both are `container`.
    kind: &'static str,
    /// Probes, resources and timings are told apart by their keyword (`liveness`, `cpu`), and
    /// are always settable.
    keyword: Option<&'s str>,
    /// Set for items that are told apart by a name.
    name: Option<Cow<'s, str>>,
}

fn identity(stmt: &Stmt) -> Identity<'_> {
    let kind = if stmt.kind == "init_container" { "container" } else { stmt.kind };
    let (keyword, name) = match stmt.kind {
        "tier" | "container" | "init_container" | "volume" | "port" | "mount" | "allow"
        | "data_pool" | "node" => (None, stmt.name().map(|word| Cow::Borrowed(word.text.as_str()))),
        "route" => {
            let target = stmt.value_after("to").map(value_text).unwrap_or_default();
            let path = stmt.value_after("path").map(value_text).unwrap_or_default();
            (None, Some(Cow::Owned(format!("{target} {path}").trim_end().to_owned())))
        }
        "probe" | "resource" | "probe_timing" | "rke_service" => {
            (Some(stmt.head.text.as_str()), None)
        }
        _ => (None, None),
    };
    Identity { kind, keyword, name }
}

fn value_text(value: &crate::syntax::ast::Value) -> String {
    match &value.kind {
        ValueKind::Path(words) => {
            words.iter().map(|word| word.text.as_str()).collect::<Vec<_>>().join(".")
        }
        ValueKind::Number(text) | ValueKind::Ip(text) | ValueKind::PortRange(text) => {
            text.as_str().to_owned()
        }
        ValueKind::Str(_) => value.as_plain_str().unwrap_or_default(),
        _ => String::new(),
    }
}

fn is_map_statement(kind: &str) -> bool {
    matches!(
        kind,
        "labels" | "annotations" | "parameters" | "node_selector" | "env" | "data" | "options"
    )
}

/// `container app { … }`: a head, a name and a block, nothing else.
fn is_plain_block(stmt: &Stmt) -> bool {
    stmt.parts.iter().any(|part| matches!(part, Part::Block(_)))
        && stmt.parts.iter().all(|part| matches!(part, Part::Name(_) | Part::Block(_)))
}

fn merge_maps(existing: &mut Stmt, patch: Stmt) {
    let entries_of = |stmt: Stmt| -> Vec<MapEntry> {
        stmt.parts
            .into_iter()
            .find_map(|part| match part {
                Part::Value(value) => match value.kind {
                    ValueKind::Map(entries) | ValueKind::Env(entries) => Some(entries),
                    _ => None,
                },
                _ => None,
            })
            .unwrap_or_default()
    };
    let Some(Part::Value(value)) =
        existing.parts.iter_mut().find(|part| matches!(part, Part::Value(_)))
    else {
        *existing = patch;
        return;
    };
    let (ValueKind::Map(entries) | ValueKind::Env(entries)) = &mut value.kind else {
        *existing = patch;
        return;
    };
    for entry in entries_of(patch) {
        match entries.iter_mut().find(|candidate| candidate.key.text == entry.key.text) {
            Some(candidate) => *candidate = entry,
            None => entries.push(entry),
        }
    }
}

fn describe(stmt: &Stmt) -> String {
    let kind = stmt.kind.replace('_', " ");
    match stmt.name() {
        Some(name) => format!("{kind} `{}`", name.text),
        None => kind,
    }
}

fn missing(target: &[Stmt], stmt: &Stmt, key: &Identity, place: &str) -> Diagnostic {
    let what =
        if stmt.kind == "route" { "route to".to_owned() } else { key.kind.replace('_', " ") };
    let wanted = key.name.as_deref().unwrap_or_default();
    let candidates: Vec<Cow<'_, str>> = target
        .iter()
        .map(identity)
        .filter(|candidate| candidate.kind == key.kind)
        .filter_map(|candidate| candidate.name)
        .collect();
    let span = stmt.name().map_or(stmt.span, |word| word.span);
    let diagnostic = Diagnostic::error(
        Code::UnknownOverrideTarget,
        format!("{place} has no {what} `{wanted}` to override"),
    )
    .with_label(span, "nothing of this name to change");
    match closest(wanted, candidates.iter().map(|name| &**name)) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
        None if candidates.is_empty() => diagnostic.with_help(format!(
            "an environment can only change what the project declares: declare the {what} in the project itself"
        )),
        None => diagnostic.with_help(format!(
            "the {what}s here are {}",
            candidates.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}
