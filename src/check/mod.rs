//! Stage 3, check: reads every declaration of the resolved program, checks its values and
//! references, and builds the typed [`hir::Project`].

mod app;
mod cluster;
pub mod hir;
mod platform;
mod traefik;
pub mod values;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic, closest};
use crate::resolve::{DeclKind, Item, Program};
use crate::source::Span;
use crate::syntax::ast::{Stmt, StrPart, Value, ValueKind};

/// Checks the program; the project is complete only when no error was reported.
pub fn check(program: &Program) -> (hir::Project, Vec<Diagnostic>) {
    let (mut project, mut diagnostics) = check_platform(program);
    // Apps are checked one by one against the platform checked above and nothing else: on
    // every core, with their diagnostics kept in the same order.
    let checked_apps = crate::parallel::map_in_order(&app_items(program), 64, |item| {
        check_one_app(program, &project, program.stmt(item))
    });
    for (app, app_diagnostics) in checked_apps {
        diagnostics.extend(app_diagnostics);
        project.apps.extend(app);
    }
    let routes = hir::RouteUses::of(
        project.apps.iter().flat_map(|app| &app.tiers).flat_map(|tier| &tier.routes),
    );
    diagnostics.extend(check_after_apps(program, &mut project, &routes));
    (project, diagnostics)
}

/// The first part of [`check`]: everything but the apps (environments, storage, Ceph,
/// secrets, configs, middlewares, the Traefik instance), which apps are checked against.
pub fn check_platform(program: &Program) -> (hir::Project, Vec<Diagnostic>) {
    let mut checker = Checker { program, diagnostics: Vec::new() };
    let mut project = hir::Project::default();
    platform::check_platform(&mut checker, &mut project);
    traefik::check_instance(&mut checker, &mut project);
    (project, checker.diagnostics)
}

/// The apps of the program, in declaration order.
pub fn app_items(program: &Program) -> Vec<&Item> {
    program.scope.all(DeclKind::App).map(|(_, item)| item).collect()
}

/// Checks one app (its statement `stmt`) against the platform that [`check_platform`]
/// checked. The app is `None` when it is too broken to be modelled (its errors say why).
pub fn check_one_app(
    program: &Program,
    platform: &hir::Project,
    stmt: &Stmt,
) -> (Option<hir::App>, Vec<Diagnostic>) {
    let mut checker = Checker { program, diagnostics: Vec::new() };
    let app = app::check_app(&mut checker, platform, stmt);
    (app, checker.diagnostics)
}

/// The names of the apps whose statements checking `apps` reads besides their own: those an
/// interpolation names (`${app.tier}`, `${app.tier.port}`). The others' statements need not
/// stay in the program while apps are checked.
pub fn apps_read_by_interpolation(program: &Program, apps: &[Item]) -> BTreeSet<String> {
    let mut read = BTreeSet::new();
    for item in apps {
        program.stmt(item).visit_interpolations(&mut |path| {
            if let [app, _, ..] = path
                && app.text != "env"
            {
                read.insert(app.text.as_str().to_owned());
            }
        });
    }
    read
}

/// The last part of [`check`], once every app is checked (`routes`: all of their routes):
/// clusters, the standard library's middlewares that no route uses dropped, and the Traefik
/// instance's entry points and providers.
pub fn check_after_apps(
    program: &Program,
    project: &mut hir::Project,
    routes: &hir::RouteUses,
) -> Vec<Diagnostic> {
    let mut checker = Checker { program, diagnostics: Vec::new() };
    for (_, item) in program.scope.all(DeclKind::Cluster) {
        if let Some(cluster) = cluster::check_cluster(&mut checker, program.stmt(item)) {
            project.clusters.push(cluster);
        }
    }
    platform::mark_used_middlewares(project, routes);
    traefik::finish_instance(&mut checker, project, routes);
    checker.diagnostics
}

/// The state of one check: the program and the diagnostics found so far.
pub(crate) struct Checker<'a> {
    pub(crate) program: &'a Program,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Keeps the value of a result, reporting its error.
    pub(crate) fn ok<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|diagnostic| self.report(diagnostic)).ok()
    }

    /// A literal string (no interpolation); a bare word is accepted too when `words` is set.
    pub(crate) fn string(&mut self, value: &Value, what: &str) -> Option<String> {
        if let ValueKind::Str(parts) = &value.kind {
            if let Some(span) = parts.iter().find_map(|part| match part {
                StrPart::Interpolation { span, .. } => Some(*span),
                StrPart::Text(_) => None,
            }) {
                self.report(
                    Diagnostic::error(
                        Code::BadInterpolation,
                        format!("{what} cannot use `${{…}}`"),
                    )
                    .with_label(span, "interpolation is not allowed here")
                    .with_help(
                        "here only `${env.name}`, `${env.zone}`, `${env.namespace}` (when an environment is built) and template parameters can be interpolated; `${APP.TIER}` works in `env` values",
                    ),
                );
                return None;
            }
            value.as_plain_str()
        } else {
            self.report(values::type_mismatch(value, &format!("{what} (a string in quotes)")));
            None
        }
    }

    /// A name written bare or in quotes: `namespace prd-lan` or `namespace "prd-lan"`.
    pub(crate) fn word_or_string(&mut self, value: &Value, what: &str) -> Option<String> {
        match &value.kind {
            ValueKind::Path(words) if words.len() == 1 => Some(words[0].text.as_str().to_owned()),
            ValueKind::Number(text) | ValueKind::Ip(text) | ValueKind::PortRange(text) => {
                Some(text.as_str().to_owned())
            }
            ValueKind::Str(_) => self.string(value, what),
            _ => {
                self.report(values::type_mismatch(value, what));
                None
            }
        }
    }

    /// One of a fixed set of words; `choices` maps each word to its emitted form.
    pub(crate) fn choice(
        &mut self,
        value: &Value,
        choices: &[(&str, &'static str)],
        what: &str,
    ) -> Option<&'static str> {
        let word = match &value.kind {
            ValueKind::Path(words) if words.len() == 1 => Cow::Borrowed(words[0].text.as_str()),
            ValueKind::Str(_) => Cow::Owned(value.as_plain_str().unwrap_or_default()),
            _ => {
                self.report(values::type_mismatch(value, what));
                return None;
            }
        };
        if let Some((_, emitted)) = choices.iter().find(|(choice, _)| *choice == word) {
            return Some(emitted);
        }
        let names: Vec<&str> = choices.iter().map(|(choice, _)| *choice).collect();
        let listed = names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        let diagnostic =
            Diagnostic::error(Code::UnknownChoice, format!("`{word}` is not a valid {what}"))
                .with_label(value.span, format!("expected one of {listed}"));
        self.report(match closest(&word, names) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_help(format!("write one of {listed}")),
        });
        None
    }

    /// A `{ key: value }` map of strings (numbers and words are taken as their text).
    pub(crate) fn string_map(&mut self, value: &Value) -> BTreeMap<String, String> {
        let ValueKind::Map(entries) = &value.kind else {
            self.report(values::type_mismatch(value, "a `{ key: value }` map"));
            return BTreeMap::new();
        };
        let mut map = BTreeMap::new();
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for entry in entries {
            if let Some(first) = seen.insert(&entry.key.text, entry.key.span) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateStatement,
                        format!("key `{}` is given twice", entry.key.text),
                    )
                    .with_label(entry.key.span, "given again here")
                    .with_label(first, "first given here")
                    .with_help("keep one of them"),
                );
                continue;
            }
            if let Some(text) = self.word_or_string(&entry.value, "a value") {
                map.insert(entry.key.text.as_str().to_owned(), text);
            }
        }
        map
    }

    /// A map of labels, each key and value checked.
    pub(crate) fn labels(&mut self, value: &Value) -> BTreeMap<String, String> {
        let map = self.string_map(value);
        if let ValueKind::Map(entries) = &value.kind {
            for entry in entries {
                if let Some(text) = map.get(entry.key.text.as_str()) {
                    self.ok(values::label(
                        &entry.key.text,
                        text,
                        entry.key.span.to(entry.value.span),
                    ));
                }
            }
        }
        map
    }

    /// A list of strings or words.
    pub(crate) fn strings(&mut self, value: &Value, what: &str) -> Vec<String> {
        value.items().into_iter().filter_map(|item| self.word_or_string(item, what)).collect()
    }

    /// Reports a statement that may appear once but appears again.
    pub(crate) fn once(&mut self, seen: &mut BTreeMap<&str, Span>, stmt: &Stmt) -> bool {
        self.once_as(seen, stmt.kind, stmt)
    }

    /// [`Checker::once`], the statement known by `key` rather than by its kind (`cpu` and
    /// `memory` share one kind).
    pub(crate) fn once_as<'k>(
        &mut self,
        seen: &mut BTreeMap<&'k str, Span>,
        key: &'k str,
        stmt: &Stmt,
    ) -> bool {
        if let Some(first) = seen.get(key) {
            self.report(
                Diagnostic::error(
                    Code::DuplicateStatement,
                    format!("`{}` is given twice", stmt.head.text),
                )
                .with_label(stmt.head.span, "given again here")
                .with_label(*first, "first given here")
                .with_help("keep one of them"),
            );
            return false;
        }
        seen.insert(key, stmt.head.span);
        true
    }

    /// A declared name, checked as a Kubernetes object name.
    pub(crate) fn object_name(
        &mut self,
        stmt: &Stmt,
        rule: values::NameRule,
        what: &str,
    ) -> Option<String> {
        let custom = stmt.body().iter().find(|inner| inner.kind == "name");
        let (name, span) = if let Some(value) = custom.and_then(Stmt::value) {
            (self.string(value, "a name")?, value.span)
        } else {
            let word = stmt.name()?;
            (word.text.as_str().to_owned(), word.span)
        };
        self.ok(values::k8s_name(&name, rule, span, what)).map(|()| name)
    }

    /// The `allow RULE "reason"` statements of a block, each checked.
    pub(crate) fn allowances(&mut self, stmt: &Stmt) -> Vec<hir::Allow> {
        let mut allowances = Vec::new();
        for inner in stmt.body().iter().filter(|inner| inner.kind == "allow") {
            let Some(rule) = inner.name() else { continue };
            if crate::lint::registry::find(&rule.text).is_none() {
                let names =
                    crate::lint::registry::RULES.iter().map(|candidate| candidate.meta().name);
                let diagnostic = Diagnostic::error(
                    Code::UnknownLintRule,
                    format!("no lint rule is named `{}`", rule.text),
                )
                .with_label(rule.span, "unknown rule");
                self.report(match closest(&rule.text, names) {
                    Some(suggestion) => {
                        diagnostic.with_help(format!("did you mean `{suggestion}`?"))
                    }
                    None => diagnostic.with_help("`timon rules` lists the rules"),
                });
                continue;
            }
            let Some(value) = inner.value() else { continue };
            let Some(reason) = self.string(value, "a reason") else { continue };
            if reason.trim().is_empty() {
                self.report(
                    Diagnostic::error(
                        Code::MissingReason,
                        format!("allowing `{}` needs a reason", rule.text),
                    )
                    .with_label(value.span, "the reason is empty")
                    .with_help("say why the finding is acceptable here, for the next reader"),
                );
                continue;
            }
            allowances.push(hir::Allow {
                rule: rule.text.as_str().to_owned(),
                reason,
                span: inner.span,
            });
        }
        allowances
    }

    pub(crate) fn missing(&mut self, stmt: &Stmt, what: &str, example: &str) {
        self.report(
            Diagnostic::error(
                Code::MissingStatement,
                format!(
                    "{} `{}` has no `{what}`",
                    stmt.head.text,
                    stmt.name().map_or("", |word| word.text.as_str())
                ),
            )
            .with_label(
                stmt.name().map_or(stmt.head.span, |word| word.span),
                format!("`{what}` is required here"),
            )
            .with_help(format!("add e.g. `{example}`")),
        );
    }
}
