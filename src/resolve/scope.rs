//! The table of declared names, one namespace per kind of declaration.

use std::collections::BTreeMap;

use super::Module;
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::source::SourceId;
use crate::source::Span;

/// The kinds of top-level declarations; names are unique within one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeclKind {
    /// The `environments { … }` block: what every environment shares.
    EnvironmentDefaults,
    Environment,
    Entrypoint,
    Traefik,
    Storage,
    CephPool,
    CephFilesystem,
    Secret,
    Config,
    Middleware,
    App,
    Cluster,
    Resolver,
}

impl DeclKind {
    fn of(stmt_kind: &str) -> Option<Self> {
        Some(match stmt_kind {
            "environments" => Self::EnvironmentDefaults,
            "environment" => Self::Environment,
            "entrypoint" => Self::Entrypoint,
            "traefik" => Self::Traefik,
            "storage" => Self::Storage,
            "ceph_pool" => Self::CephPool,
            "ceph_fs" => Self::CephFilesystem,
            "secret" => Self::Secret,
            "config" => Self::Config,
            "middleware" => Self::Middleware,
            "app" => Self::App,
            "cluster" => Self::Cluster,
            "resolver" => Self::Resolver,
            _ => return None,
        })
    }

    /// How the kind is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::EnvironmentDefaults => "environments block",
            Self::Environment => "environment",
            Self::Entrypoint => "entry point",
            Self::Traefik => "traefik block",
            Self::Storage => "storage class",
            Self::CephPool => "Ceph pool",
            Self::CephFilesystem => "Ceph filesystem",
            Self::Secret => "secret",
            Self::Config => "config",
            Self::Middleware => "middleware",
            Self::App => "app",
            Self::Cluster => "cluster",
            Self::Resolver => "certificate resolver",
        }
    }
}

/// A declared item: where its statement is, and where its name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub kind: DeclKind,
    pub module: usize,
    pub index: usize,
    /// For a declaration inside a top-level block (an entry point or resolver declared in
    /// `traefik { … }`): its index in that block.
    pub child: Option<usize>,
    pub name_span: Span,
    pub is_std: bool,
    /// Written `private`: usable only from its own module.
    pub is_private: bool,
}

/// Every declared name of the program.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    items: BTreeMap<(DeclKind, String), Item>,
    /// The module name of every module index (`""` for the project folder).
    module_names: Vec<String>,
    /// The module each source belongs to; an instance of a template belongs to the
    /// template's module.
    source_modules: BTreeMap<SourceId, String>,
}

impl Scope {
    pub(crate) fn build(modules: &[Module], diagnostics: &mut Vec<Diagnostic>) -> Self {
        let mut scope = Scope::default();
        for module in modules {
            scope.module_names.push(module.name.clone());
            scope.source_modules.insert(module.source, module.name.clone());
        }
        for (module_index, module) in modules.iter().enumerate() {
            for (index, stmt) in module.file.items.iter().enumerate() {
                let Some(kind) = DeclKind::of(stmt.kind) else { continue };
                let (name, name_span) = match stmt.name() {
                    Some(word) => (word.text.as_str().to_owned(), word.span),
                    None => (String::new(), stmt.head.span),
                };
                let item = Item {
                    kind,
                    module: module_index,
                    index,
                    child: None,
                    name_span,
                    is_std: module.is_std,
                    is_private: stmt.is_private,
                };
                if let Some(first) = scope.items.get(&(kind, name.clone())) {
                    let describe = if kind == DeclKind::Traefik {
                        "the traefik block"
                    } else if kind == DeclKind::EnvironmentDefaults {
                        "the environments block"
                    } else {
                        kind.describe()
                    };
                    diagnostics.push(super::errors::duplicate(
                        describe,
                        &name,
                        name_span,
                        first.name_span,
                    ));
                    continue;
                }
                scope.items.insert((kind, name), item);
            }
        }
        scope.register_traefik_block(modules, diagnostics);
        scope
    }

    /// Registers the entry points and resolvers declared inside `traefik { … }` exactly like
    /// top-level ones. A clash is reported at whichever of the two comes later.
    fn register_traefik_block(&mut self, modules: &[Module], diagnostics: &mut Vec<Diagnostic>) {
        for (module_index, module) in modules.iter().enumerate() {
            for (index, block) in module.file.items.iter().enumerate() {
                if block.kind != "traefik" {
                    continue;
                }
                for (child, stmt) in block.body().iter().enumerate() {
                    let Some(kind) = DeclKind::of(stmt.kind) else { continue };
                    let Some(name) = stmt.name() else { continue };
                    let item = Item {
                        kind,
                        module: module_index,
                        index,
                        child: Some(child),
                        name_span: name.span,
                        is_std: module.is_std,
                        is_private: block.is_private,
                    };
                    let key = (kind, name.text.as_str().to_owned());
                    if let Some(first) = self.items.get(&key).copied() {
                        let earlier = (module_index, index) < (first.module, first.index);
                        let (again, before) = if earlier {
                            (first.name_span, name.span)
                        } else {
                            (name.span, first.name_span)
                        };
                        diagnostics.push(super::errors::duplicate(
                            kind.describe(),
                            &name.text,
                            again,
                            before,
                        ));
                        if earlier {
                            self.items.insert(key, item);
                        }
                        continue;
                    }
                    self.items.insert(key, item);
                }
            }
        }
    }

    pub fn get(&self, kind: DeclKind, name: &str) -> Option<&Item> {
        self.items.get(&(kind, name.to_owned()))
    }

    /// The module a source belongs to (`""`, the project folder, when unknown).
    pub fn module_of(&self, source: SourceId) -> &str {
        self.source_modules.get(&source).map_or("", String::as_str)
    }

    /// Records that `instance` (a template instance's source) belongs to `module`.
    pub fn add_instance_source(&mut self, instance: SourceId, module: &str) {
        self.source_modules.insert(instance, module.to_owned());
    }

    /// The name of module number `index`.
    pub fn module_name(&self, index: usize) -> &str {
        self.module_names.get(index).map_or("", String::as_str)
    }

    /// Every item of one kind, in name order.
    pub fn all(&self, kind: DeclKind) -> impl Iterator<Item = (&str, &Item)> {
        self.items
            .iter()
            .filter(move |((item_kind, _), _)| *item_kind == kind)
            .map(|((_, name), item)| (name.as_str(), item))
    }

    /// Looks up a reference, with "did you mean" and a hint when the name is of another kind.
    pub fn lookup(&self, kind: DeclKind, name: &str, span: Span) -> Result<&Item, Diagnostic> {
        if let Some(item) = self.get(kind, name) {
            let owner = self.module_name(item.module);
            if item.is_private && owner != self.module_of(span.source) {
                return Err(Diagnostic::error(
                    Code::PrivateName,
                    format!("{} `{name}` is private to module `{owner}`", kind.describe()),
                )
                .with_label(span, "used outside its module")
                .with_label(item.name_span, "declared `private` here")
                .with_help(
                    "use it only inside its module, or remove `private` from its declaration",
                ));
            }
            return Ok(item);
        }
        if let Some(((other, _), item)) =
            self.items.iter().find(|((other, other_name), _)| *other != kind && other_name == name)
        {
            return Err(Diagnostic::error(
                Code::WrongKindOfName,
                format!("`{name}` is a {}, not a {}", other.describe(), kind.describe()),
            )
            .with_label(span, format!("a {} is expected here", kind.describe()))
            .with_label(item.name_span, format!("`{name}` is declared here")));
        }
        let mut diagnostic =
            Diagnostic::error(Code::UnknownName, format!("unknown {} `{name}`", kind.describe()))
                .with_label(span, format!("no {} has this name", kind.describe()));
        let candidates: Vec<&str> = self.all(kind).map(|(candidate, _)| candidate).collect();
        diagnostic = match closest(name, candidates.iter().copied()) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None if candidates.is_empty() => diagnostic.with_help(match kind {
                DeclKind::Entrypoint | DeclKind::Middleware | DeclKind::Resolver => {
                    "declare it, or `import std.traefik` for the usual ones".to_string()
                }
                _ => format!("declare it: `{} {name} {{ … }}`", keyword_of(kind)),
            }),
            None => diagnostic.with_help(format!(
                "known: {}",
                candidates.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
            )),
        };
        Err(diagnostic)
    }
}

fn keyword_of(kind: DeclKind) -> &'static str {
    match kind {
        DeclKind::CephPool => "ceph pool",
        DeclKind::CephFilesystem => "ceph filesystem",
        other => other.describe(),
    }
}
