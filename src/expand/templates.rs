//! Template instances become plain declarations.
//!
//! `tier database = postgres(version: "16", size: 15Gi) { … }` takes the body of template
//! `postgres`, gives it a source id of its own (the template's text under a new id, whose origin
//! names the call: a diagnostic inside the instance then shows the template line and the call),
//! replaces each parameter by its argument (the argument keeps the call's span, so a bad value
//! is reported where it was written), expands the calls inside, and merges the instance's own
//! block into the result.

use std::collections::BTreeMap;

use super::merge::{self, Mode};
use super::types;
use super::walk::{self, Visit};
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::resolve::{Program, Scope};
use crate::source::{SourceId, SourceMap, Span};
use crate::syntax::ast::{Call, Param, Part, Stmt, StrPart, Value, ValueKind};

/// Deeper than this, a chain of templates is reported rather than followed.
const MAX_DEPTH: usize = 32;

/// More instances than this in one program are reported rather than made: templates that call
/// others several times multiply, and ten calls ten deep would be ten billion instances.
pub(super) const MAX_INSTANCES: usize = 100_000;

/// Expands every instance of the program; templates themselves stay as they are.
pub fn instantiate_all(sources: &mut SourceMap, program: &mut Program) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut templates = BTreeMap::new();
    for (key, template) in &program.templates {
        let stmt = program.template(*template).clone();
        let source = program.modules[template.module].source;
        for (position, param) in stmt.params().iter().enumerate() {
            if let Err(diagnostic) = types::check_param(param, &program.scope) {
                diagnostics.push(diagnostic);
            }
            if let Some(first) =
                stmt.params()[..position].iter().find(|other| other.name.text == param.name.text)
            {
                diagnostics.push(
                    Diagnostic::error(
                        Code::BadParameter,
                        format!("parameter `{}` is declared twice", param.name.text),
                    )
                    .with_label(param.name.span, "declared again here")
                    .with_label(first.name.span, "first declared here")
                    .with_help("rename one of them"),
                );
            }
        }
        templates.insert(key.clone(), Template { stmt, source, module: key.0.clone() });
    }
    // Without a single instance there is nothing to expand and the scope stays as resolved:
    // not rebuilding every statement saves a walk over the whole tree (10,000 apps: 7%
    // of what `build` does on one core).
    if !program.modules.iter().any(|module| module.file.has_instances) {
        return diagnostics;
    }
    let mut expander = Expander {
        sources,
        templates,
        aliases: program.aliases.clone(),
        scope: program.scope.clone(),
        stack: Vec::new(),
        diagnostics,
        instances: Vec::new(),
        over_limit: false,
    };
    let names: Vec<String> = program.modules.iter().map(|module| module.name.clone()).collect();
    for (module, name) in program.modules.iter_mut().zip(&names) {
        let items = std::mem::take(&mut module.file.items);
        module.file.items = items
            .into_iter()
            .filter_map(|item| {
                if item.kind == "template" { Some(item) } else { expander.expand(item, name) }
            })
            .collect();
    }
    let mut scope = Scope::build(&program.modules, &mut Vec::new());
    for (instance, module) in expander.instances {
        scope.add_instance_source(instance, &module);
    }
    program.scope = scope;
    expander.diagnostics
}

struct Template {
    stmt: Stmt,
    source: SourceId,
    module: String,
}

struct Expander<'a> {
    sources: &'a mut SourceMap,
    templates: BTreeMap<(String, String), Template>,
    aliases: BTreeMap<(String, String), String>,
    scope: Scope,
    /// The templates being instantiated, outermost first, with their calls.
    stack: Vec<((String, String), Span)>,
    diagnostics: Vec<Diagnostic>,
    /// Every instance source made, with the module its text belongs to.
    instances: Vec<(SourceId, String)>,
    /// [`MAX_INSTANCES`] was reached (and reported).
    over_limit: bool,
}

impl Expander<'_> {
    /// Expands `stmt` (written in module `module`) and the statements inside it; `None` when
    /// its instance could not be made (the error is reported).
    fn expand(&mut self, mut stmt: Stmt, module: &str) -> Option<Stmt> {
        if let Some(position) = stmt.parts.iter().position(|part| matches!(part, Part::Instance(_)))
        {
            let Part::Instance(call) = stmt.parts.remove(position) else { return None };
            let own_block = std::mem::take(stmt.body_mut());
            let own_block = self.expand_all(own_block, module);
            let mut body = self.instantiate(&stmt, &call, module)?;
            let place = match stmt.name() {
                Some(name) => format!("{} `{}`", stmt.kind.replace('_', " "), name.text),
                None => stmt.kind.replace('_', " "),
            };
            merge::merge(&mut body, own_block, Mode::Extend, &place, &mut self.diagnostics);
            *stmt.body_mut() = body;
            return Some(stmt);
        }
        if stmt.parts.iter().any(|part| matches!(part, Part::Block(_))) {
            let body = std::mem::take(stmt.body_mut());
            *stmt.body_mut() = self.expand_all(body, module);
        }
        Some(stmt)
    }

    fn expand_all(&mut self, stmts: Vec<Stmt>, module: &str) -> Vec<Stmt> {
        stmts.into_iter().filter_map(|inner| self.expand(inner, module)).collect()
    }

    /// The body of one instance of the template `call` names, for declaration `stmt`.
    fn instantiate(&mut self, stmt: &Stmt, call: &Call, module: &str) -> Option<Vec<Stmt>> {
        let key = self.find(call, module)?;
        let template = &self.templates[&key];
        let made = template_kind(&template.stmt);
        let wanted = if stmt.kind == "init_container" { "container" } else { stmt.kind };
        if made != wanted {
            let name_span = template.stmt.name().map_or(template.stmt.span, |word| word.span);
            self.diagnostics.push(
                Diagnostic::error(
                    Code::WrongTemplateKind,
                    format!(
                        "`{}` makes a {}, not a {}",
                        call_name(call),
                        made.replace('_', " "),
                        wanted.replace('_', " ")
                    ),
                )
                .with_label(
                    call.span,
                    format!("a {} template is needed here", wanted.replace('_', " ")),
                )
                .with_label(
                    name_span,
                    format!("declared as a {} template here", made.replace('_', " ")),
                )
                .with_help(format!(
                    "call a template declared `template NAME(…) {}`",
                    wanted.replace('_', " ")
                )),
            );
            return None;
        }
        if let Some(position) = self.stack.iter().position(|(active, _)| *active == key) {
            let mut chain: Vec<String> =
                self.stack[position..].iter().map(|((_, name), _)| format!("`{name}`")).collect();
            chain.push(format!("`{}`", key.1));
            self.diagnostics.push(
                Diagnostic::error(
                    Code::RecursiveTemplate,
                    format!("template `{}` instantiates itself: {}", key.1, chain.join(" → ")),
                )
                .with_label(call.span, "this call starts the template again")
                .with_help("a template cannot contain an instance of itself: write the repeated part out, or split it into another template"),
            );
            return None;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::RecursiveTemplate,
                    format!("templates nest more than {MAX_DEPTH} deep"),
                )
                .with_label(call.span, "one call too many")
                .with_help("flatten the chain of templates"),
            );
            return None;
        }
        if self.instances.len() >= MAX_INSTANCES {
            if !self.over_limit {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::TooManyInstances,
                        format!("the templates make more than {MAX_INSTANCES} instances"),
                    )
                    .with_label(call.span, "the instance over the limit")
                    .with_help(
                        "templates that call other templates several times multiply: call fewer",
                    ),
                );
            }
            self.over_limit = true;
            return None;
        }
        let arguments = self.bind(call, &key)?;
        let template = &self.templates[&key];
        let template_module = template.module.clone();
        let template_source = template.source;
        // The template as a declaration of the kind it makes: its own instance (a template
        // built on another) is then expanded like any other.
        let mut made_stmt = template.stmt.clone();
        made_stmt.kind = made;
        made_stmt.parts.retain(|part| !matches!(part, Part::Params(_) | Part::Name(_)));
        let instance = self.sources.add_instance(template_source, &call_name(call), call.span);
        self.instances.push((instance, template_module.clone()));
        self.scope.add_instance_source(instance, &template_module);
        walk::spans_mut(&mut made_stmt, &mut |span| {
            if span.source == template_source {
                span.source = instance;
            }
        });
        let name_params: Vec<&str> = self.templates[&key]
            .stmt
            .params()
            .iter()
            .filter(|param| param.ty.text == "name")
            .map(|param| param.name.text.as_str())
            .collect();
        rename(&mut made_stmt, &name_params, &arguments);
        substitute(&mut made_stmt, &arguments);
        self.stack.push((key, call.span));
        let expanded = self.expand(made_stmt, &template_module);
        self.stack.pop();
        expanded.map(|stmt| stmt.body().to_vec())
    }

    /// The template a call names, seen from `module`.
    fn find(&mut self, call: &Call, module: &str) -> Option<(String, String)> {
        let segments: Vec<&str> = call.template.iter().map(|word| word.text.as_str()).collect();
        let key = match segments.as_slice() {
            [name] => Some((module.to_owned(), (*name).to_owned())),
            [alias, name] => self
                .aliases
                .get(&(module.to_owned(), (*alias).to_owned()))
                .map(|target| (target.clone(), (*name).to_owned())),
            _ => None,
        };
        if let Some(key) = key.filter(|key| self.templates.contains_key(key)) {
            let template = &self.templates[&key];
            if template.stmt.is_private && template.module != module {
                let name_span = template.stmt.name().map_or(template.stmt.span, |word| word.span);
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::PrivateName,
                        format!("template `{}` is private to module `{}`", key.1, template.module),
                    )
                    .with_label(call.span, "called outside its module")
                    .with_label(name_span, "declared `private` here")
                    .with_help(
                        "call it only inside its module, or remove `private` from its declaration",
                    ),
                );
                return None;
            }
            return Some(key);
        }
        // What this module can call: its own templates, and those of the modules it imports.
        let mut visible: Vec<String> = Vec::new();
        for ((owner, name), template) in &self.templates {
            if owner == module {
                visible.push(name.clone());
            }
            for ((importer, alias), target) in &self.aliases {
                if importer == module && target == owner && !template.stmt.is_private {
                    visible.push(format!("{alias}.{name}"));
                }
            }
        }
        let written = segments.join(".");
        let span = call.template.first().map_or(call.span, |first| {
            call.template.last().map_or(first.span, |last| first.span.to(last.span))
        });
        let diagnostic =
            Diagnostic::error(Code::UnknownTemplate, format!("no template `{written}`"))
                .with_label(span, "not a template this module can call");
        self.diagnostics.push(match closest(&written, visible.iter().map(String::as_str)) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None if segments.len() == 2 && !self.aliases.contains_key(&(module.to_owned(), segments[0].to_owned())) => diagnostic.with_help(format!(
                "`{}` is not an imported module: add `import std.{}` or `import {}` for a module of the project",
                segments[0], segments[0], segments[0]
            )),
            None => diagnostic.with_help("declare it: `template NAME(PARAM: TYPE, …) tier { … }`"),
        });
        None
    }

    /// Matches the call's arguments to the template's parameters and checks their types.
    fn bind(&mut self, call: &Call, key: &(String, String)) -> Option<BTreeMap<String, Value>> {
        let template = &self.templates[key];
        let params: &[Param] = template.stmt.params();
        let mut bound: BTreeMap<String, Value> = BTreeMap::new();
        // Given, even when badly: a bad argument is not also reported missing.
        let mut given: Vec<&str> = Vec::new();
        let mut failed = false;
        let mut positional = 0;
        for argument in &call.arguments {
            let param = if let Some(name) = &argument.name {
                let Some(param) = params.iter().find(|param| param.name.text == name.text) else {
                    let names = params.iter().map(|param| param.name.text.as_str());
                    let diagnostic = Diagnostic::error(
                        Code::BadArgument,
                        format!("template `{}` has no parameter `{}`", key.1, name.text),
                    )
                    .with_label(name.span, "unknown parameter");
                    self.diagnostics.push(match closest(&name.text, names) {
                        Some(suggestion) => {
                            diagnostic.with_help(format!("did you mean `{suggestion}`?"))
                        }
                        None => diagnostic
                            .with_help(format!("its parameters are {}", describe_params(params))),
                    });
                    failed = true;
                    continue;
                };
                param
            } else {
                let Some(param) = params.get(positional) else {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::BadArgument,
                            format!(
                                "template `{}` takes {} argument{}, this call gives more",
                                key.1,
                                params.len(),
                                if params.len() == 1 { "" } else { "s" }
                            ),
                        )
                        .with_label(argument.value.span, "one argument too many")
                        .with_help(format!("its parameters are {}", describe_params(params))),
                    );
                    failed = true;
                    continue;
                };
                positional += 1;
                param
            };
            if given.iter().any(|name| *name == param.name.text) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::BadArgument,
                        format!("`{}` is given twice", param.name.text),
                    )
                    .with_label(argument.value.span, "given again here")
                    .with_help("give each parameter once"),
                );
                failed = true;
                continue;
            }
            given.push(&param.name.text);
            if let Err(diagnostic) = types::check_argument(param, &argument.value, &self.scope) {
                self.diagnostics.push(diagnostic);
                failed = true;
                continue;
            }
            bound.insert(param.name.text.as_str().to_owned(), argument.value.clone());
        }
        let missing: Vec<&Param> = params
            .iter()
            .filter(|param| {
                param.default.is_none() && !given.iter().any(|name| *name == param.name.text)
            })
            .collect();
        if !missing.is_empty() {
            let listed = missing
                .iter()
                .map(|param| format!("`{}: {}`", param.name.text, param.ty.text))
                .collect::<Vec<_>>()
                .join(", ");
            let mut diagnostic = Diagnostic::error(
                Code::MissingArgument,
                format!("the call of `{}` leaves out {listed}", key.1),
            )
            .with_label(call.span, "missing arguments");
            for param in &missing {
                diagnostic = diagnostic.with_label(param.name.span, "has no default");
            }
            self.diagnostics.push(diagnostic.with_help(format!(
                    "give {}",
                    missing
                        .iter()
                        .map(|param| format!("`{}: …`", param.name.text))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            failed = true;
        }
        for param in params {
            if let (false, Some(default)) =
                (bound.contains_key(param.name.text.as_str()), &param.default)
            {
                bound.insert(param.name.text.as_str().to_owned(), default.clone());
            }
        }
        (!failed).then_some(bound)
    }
}

/// The kind of declaration a template makes: `tier`, `container`, `ceph_pool`, …
pub(super) fn template_kind(template: &Stmt) -> &'static str {
    let keywords: Vec<&str> = template.keywords().map(|word| word.text.as_str()).collect();
    match keywords.as_slice() {
        ["tier", ..] => "tier",
        ["container", ..] => "container",
        ["route", ..] => "route",
        ["storage", ..] => "storage",
        ["ceph", "pool", ..] => "ceph_pool",
        ["ceph", "filesystem", ..] => "ceph_fs",
        ["middleware", ..] => "middleware",
        ["app", ..] => "app",
        _ => "declaration",
    }
}

fn call_name(call: &Call) -> String {
    call.template.iter().map(|word| word.text.as_str()).collect::<Vec<_>>().join(".")
}

fn describe_params(params: &[Param]) -> String {
    if params.is_empty() {
        return "none".to_owned();
    }
    params
        .iter()
        .map(|param| format!("`{}: {}`", param.name.text, param.ty.text))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Replaces the declared names (`container NAME`, `port NAME 5432`) that are parameters of type
/// `name` by their arguments: only a `name` parameter can stand for a name, so a template's own
/// names never change by accident.
fn rename(stmt: &mut Stmt, name_params: &[&str], arguments: &BTreeMap<String, Value>) {
    if name_params.is_empty() {
        return;
    }
    for part in &mut stmt.parts {
        match part {
            Part::Name(word) if name_params.contains(&word.text.as_str()) => {
                if let Some(argument) = arguments.get(word.text.as_str()) {
                    let text = match &argument.kind {
                        ValueKind::Path(words) if words.len() == 1 => {
                            Some(words[0].text.as_str().to_owned())
                        }
                        ValueKind::Str(_) => argument.as_plain_str(),
                        _ => None,
                    };
                    if let Some(text) = text {
                        word.text = text.into();
                        word.span = argument.span;
                    }
                }
            }
            Part::Block(stmts) => {
                for inner in stmts {
                    rename(inner, name_params, arguments);
                }
            }
            _ => {}
        }
    }
}

/// Replaces the parameters of a template's statement by their arguments.
fn substitute(stmt: &mut Stmt, arguments: &BTreeMap<String, Value>) {
    walk::values_mut(stmt, &mut |value| {
        match &mut value.kind {
            ValueKind::Path(words) => {
                let Some(argument) =
                    words.first().and_then(|first| arguments.get(first.text.as_str()))
                else {
                    return Visit::Done;
                };
                if words.len() == 1 {
                    *value = argument.clone();
                } else if let ValueKind::Path(replacement) = &argument.kind {
                    let rest = words.split_off(1);
                    *words = replacement.iter().cloned().chain(rest).collect();
                }
                Visit::Done
            }
            ValueKind::Str(parts) => {
                let mut replaced = Vec::with_capacity(parts.len());
                for part in std::mem::take(parts) {
                    match part {
                        StrPart::Interpolation { path, span }
                            if path.first().is_some_and(|first| {
                                arguments.contains_key(first.text.as_str())
                            }) =>
                        {
                            let argument = &arguments[path[0].text.as_str()];
                            match (&argument.kind, path.len()) {
                                (ValueKind::Str(inner), 1) => {
                                    replaced.extend(inner.iter().cloned());
                                }
                                (ValueKind::Path(words), _) => {
                                    let joined: Vec<_> = words
                                        .iter()
                                        .cloned()
                                        .chain(path[1..].iter().cloned())
                                        .collect();
                                    if path.len() == 1 && words.len() == 1 {
                                        replaced.push(StrPart::Text(words[0].text.clone()));
                                    } else {
                                        replaced
                                            .push(StrPart::Interpolation { path: joined, span });
                                    }
                                }
                                (
                                    ValueKind::Number(text)
                                    | ValueKind::Ip(text)
                                    | ValueKind::PortRange(text),
                                    1,
                                ) => {
                                    replaced.push(StrPart::Text(text.clone()));
                                }
                                _ => replaced.push(StrPart::Interpolation { path, span }),
                            }
                        }
                        other => replaced.push(other),
                    }
                }
                // Adjacent texts join, as the parser would have made them.
                let mut joined: Vec<StrPart> = Vec::with_capacity(replaced.len());
                for part in replaced {
                    match (joined.last_mut(), part) {
                        (Some(StrPart::Text(last)), StrPart::Text(text)) => last.push_str(&text),
                        (_, part) => joined.push(part),
                    }
                }
                *parts = joined;
                Visit::Done
            }
            _ => Visit::Descend,
        }
    });
}
