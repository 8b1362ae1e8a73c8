//! Environments: what the `environments { … }` block gives every environment, and the program
//! as one environment sees it: its overrides merged in, `${env.name}`, `${env.zone}` and
//! `${env.namespace}` replaced by its values.

use super::merge::{self, Mode};
use super::walk::{self, Visit};
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::resolve::{DeclKind, Program};
use crate::syntax::ast::{MapEntry, Part, Stmt, StrPart, Value, ValueKind};

/// The names of the environments the project declares, in name order.
pub fn environment_names(program: &Program) -> Vec<String> {
    program.scope.all(DeclKind::Environment).map(|(name, _)| name.to_owned()).collect()
}

/// Gives every environment what the `environments` block sets and it does not, and resolves
/// `${env.name}` and `${env.zone}` in its namespace.
pub fn apply_defaults(program: &mut Program) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let defaults: Vec<Stmt> = program
        .scope
        .get(DeclKind::EnvironmentDefaults, "")
        .map(|item| program.stmt(item).body().to_vec())
        .unwrap_or_default();
    let environments: Vec<(usize, usize)> = program
        .scope
        .all(DeclKind::Environment)
        .map(|(_, item)| (item.module, item.index))
        .collect();
    for (module, index) in environments {
        let stmt = &mut program.modules[module].file.items[index];
        let name = stmt.name().map(|word| word.text.clone()).unwrap_or_default();
        let body = stmt.body_mut();
        for default in defaults.iter().filter(|default| default.kind != "override") {
            match body.iter_mut().find(|own| own.kind == default.kind) {
                None => body.push(default.clone()),
                Some(own) if matches!(own.kind, "labels" | "annotations") => {
                    merge_entries(own, default);
                }
                Some(_) => {}
            }
        }
        let zone = body
            .iter()
            .find(|inner| inner.kind == "zone")
            .and_then(Stmt::value)
            .and_then(plain_text);
        if let Some(namespace) = body.iter_mut().find(|inner| inner.kind == "namespace") {
            resolve_namespace(namespace, &name, zone.as_deref(), &mut diagnostics);
        }
    }
    diagnostics
}

/// The default's entries that the environment's own map does not set.
fn merge_entries(own: &mut Stmt, default: &Stmt) {
    let (Some(Part::Value(own_value)), Some(ValueKind::Map(default_entries))) = (
        own.parts.iter_mut().find(|part| matches!(part, Part::Value(_))),
        default.value().map(|value| &value.kind),
    ) else {
        return;
    };
    let ValueKind::Map(entries) = &mut own_value.kind else { return };
    let missing: Vec<MapEntry> = default_entries
        .iter()
        .filter(|entry| !entries.iter().any(|own_entry| own_entry.key.text == entry.key.text))
        .cloned()
        .collect();
    let mut merged = missing;
    merged.append(entries);
    *entries = merged;
}

fn plain_text(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::Path(words) if words.len() == 1 => Some(words[0].text.as_str().to_owned()),
        ValueKind::Str(_) => value.as_plain_str(),
        _ => None,
    }
}

/// `namespace "${env.name}-${env.zone}-coolcorp"` → `namespace "prd-lan-coolcorp"`.
fn resolve_namespace(
    stmt: &mut Stmt,
    environment: &str,
    zone: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    walk::values_mut(stmt, &mut |value| {
        let ValueKind::Str(parts) = &mut value.kind else { return Visit::Done };
        let mut text = String::new();
        let mut failed = false;
        for part in parts.iter() {
            match part {
                StrPart::Text(piece) => text.push_str(piece),
                StrPart::Interpolation { path, span } => {
                    let segments: Vec<&str> = path.iter().map(|word| word.text.as_str()).collect();
                    match (segments.as_slice(), zone) {
                        (["env", "name"], _) => text.push_str(environment),
                        (["env", "zone"], Some(zone)) => text.push_str(zone),
                        (["env", "zone"], None) => {
                            diagnostics.push(
                                Diagnostic::error(
                                    Code::BadInterpolation,
                                    format!("environment `{environment}` has no zone"),
                                )
                                .with_label(*span, "the namespace needs the environment's zone")
                                .with_help(format!("give `{environment}` a zone: `zone lan`")),
                            );
                            failed = true;
                        }
                        _ => {
                            diagnostics.push(
                                Diagnostic::error(
                                    Code::BadInterpolation,
                                    format!(
                                        "`${{{}}}` cannot be used in a namespace",
                                        segments.join(".")
                                    ),
                                )
                                .with_label(*span, "not known when the namespace is made")
                                .with_help("a namespace can use `${env.name}` and `${env.zone}`"),
                            );
                            failed = true;
                        }
                    }
                }
            }
        }
        // After an error, the environment's name stands in, so that the error is said once.
        *parts = vec![StrPart::Text(if failed { environment.into() } else { text.into() })];
        Visit::Done
    });
}

/// The program as environment `name` sees it. It takes the program, rather than copying it,
/// so that a build of one environment does not copy the whole tree (a third of its time once).
pub fn for_environment(mut program: Program, name: &str) -> (Program, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let Some(item) = program.scope.get(DeclKind::Environment, name).copied() else {
        return (program, diagnostics);
    };
    let environment = program.stmt(&item).clone();
    let value_of = |kind: &str| {
        environment
            .body()
            .iter()
            .find(|inner| inner.kind == kind)
            .and_then(Stmt::value)
            .and_then(plain_text)
    };
    let zone = value_of("zone");
    let namespace = value_of("namespace").unwrap_or_else(|| name.to_owned());
    for override_stmt in environment.body().iter().filter(|inner| inner.kind == "override") {
        apply_override(&mut program, override_stmt, &mut diagnostics);
    }
    if !program.has_interpolations() {
        return (program, diagnostics);
    }
    let replacements =
        [("name", Some(name.to_owned())), ("zone", zone), ("namespace", Some(namespace))];
    for module in &mut program.modules {
        for stmt in &mut module.file.items {
            if matches!(stmt.kind, "template" | "environment" | "environments") {
                continue;
            }
            walk::values_mut(stmt, &mut |value| {
                if let ValueKind::Str(parts) = &mut value.kind {
                    let mut replaced = false;
                    for part in parts.iter_mut() {
                        let StrPart::Interpolation { path, .. } = part else { continue };
                        if let [env, field] = path.as_slice()
                            && env.text == "env"
                            && let Some((_, Some(text))) =
                                replacements.iter().find(|(known, _)| *known == field.text)
                        {
                            *part = StrPart::Text(text.as_str().into());
                            replaced = true;
                        }
                    }
                    // Most strings hold no `${env.…}`: they are left as they are, not rebuilt.
                    if !replaced {
                        return Visit::Done;
                    }
                    let mut joined: Vec<StrPart> = Vec::with_capacity(parts.len());
                    for part in std::mem::take(parts) {
                        match (joined.last_mut(), part) {
                            (Some(StrPart::Text(last)), StrPart::Text(text)) => {
                                last.push_str(&text);
                            }
                            (_, part) => joined.push(part),
                        }
                    }
                    *parts = joined;
                    return Visit::Done;
                }
                Visit::Descend
            });
        }
    }
    (program, diagnostics)
}

/// The kinds an override's first name may refer to, with their statement kinds.
const OVERRIDABLE: &[DeclKind] = &[
    DeclKind::App,
    DeclKind::Storage,
    DeclKind::CephPool,
    DeclKind::CephFilesystem,
    DeclKind::Secret,
    DeclKind::Config,
    DeclKind::Middleware,
];

fn apply_override(program: &mut Program, stmt: &Stmt, diagnostics: &mut Vec<Diagnostic>) {
    let Some(ValueKind::Path(words)) = stmt.value().map(|value| &value.kind) else { return };
    let Some(first) = words.first() else { return };
    let found: Vec<_> = OVERRIDABLE
        .iter()
        .filter_map(|kind| program.scope.get(*kind, &first.text).copied())
        .collect();
    let item = match found.as_slice() {
        [item] => *item,
        [] => {
            let candidates: Vec<String> = OVERRIDABLE
                .iter()
                .flat_map(|kind| {
                    program.scope.all(*kind).map(|(name, _)| name.to_owned()).collect::<Vec<_>>()
                })
                .collect();
            let diagnostic = Diagnostic::error(
                Code::UnknownOverrideTarget,
                format!("nothing named `{}` to override", first.text),
            )
            .with_label(
                first.span,
                "no app, storage class, pool, secret, config or middleware has this name",
            );
            diagnostics.push(match closest(&first.text, candidates.iter().map(String::as_str)) {
                Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                None => {
                    diagnostic.with_help("an environment can only change what the project declares")
                }
            });
            return;
        }
        several => {
            let kinds: Vec<&str> = several.iter().map(|item| item.kind.describe()).collect();
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownOverrideTarget,
                    format!("`{}` names both a {}", first.text, kinds.join(" and a ")),
                )
                .with_label(first.span, "ambiguous")
                .with_help("rename one of them"),
            );
            return;
        }
    };
    let mut target = &mut program.modules[item.module].file.items[item.index];
    let mut place = format!("{} `{}`", item.kind.describe(), first.text);
    // `app.tier` and `app.tier.container` go down by name.
    let nested_kinds: [&[&str]; 2] = [&["tier"], &["container", "init_container"]];
    for (depth, word) in words.iter().enumerate().skip(1) {
        let kinds = match (item.kind, nested_kinds.get(depth - 1)) {
            (DeclKind::App, Some(kinds)) => *kinds,
            _ => &[][..],
        };
        let Some(position) = target.body().iter().position(|inner| {
            kinds.contains(&inner.kind) && inner.name().is_some_and(|name| name.text == word.text)
        }) else {
            let what = kinds.first().map_or("part", |kind| *kind).replace('_', " ");
            let diagnostic = Diagnostic::error(
                Code::UnknownOverrideTarget,
                format!("{place} has no {what} `{}` to override", word.text),
            )
            .with_label(word.span, "nothing of this name to change");
            let names = target
                .body()
                .iter()
                .filter(|inner| kinds.contains(&inner.kind))
                .filter_map(|inner| inner.name().map(|name| name.text.as_str()));
            diagnostics.push(match closest(&word.text, names) {
                Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                None if kinds.is_empty() => diagnostic.with_help(format!(
                    "a {} has no named parts to override: override it whole",
                    item.kind.describe()
                )),
                None => {
                    diagnostic.with_help("an environment can only change what the project declares")
                }
            });
            return;
        };
        place = format!(
            "{} `{}`",
            kinds[0].replace('_', " "),
            words[..=depth].iter().map(|word| word.text.as_str()).collect::<Vec<_>>().join(".")
        );
        target = &mut target.body_mut()[position];
    }
    merge::merge(target.body_mut(), stmt.body().to_vec(), Mode::Override, &place, diagnostics);
}
