//! Stage 2, resolve: loads the modules a project imports (its own files and folders, and the
//! standard library), and builds the tables of declared names and templates, reporting
//! duplicates, unknown modules and import cycles.

mod errors;
mod modules;
pub mod scope;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::source::{Origin, SourceId, SourceMap, Span};
use crate::syntax::{self, ast};
pub use modules::ModuleFiles;
pub use scope::{DeclKind, Item, Scope};

/// The name of the project's own folder as a module: its top-level files.
pub const ROOT_MODULE: &str = "";

/// One parsed file of the compilation: a project file or an imported module's file.
#[derive(Debug, Clone)]
pub struct Module {
    pub source: SourceId,
    pub file: ast::File,
    /// True for `std.*` modules: their declarations are emitted only when used.
    pub is_std: bool,
    /// The module the file belongs to: `""` for the project folder, `lib.db`, `std.rook`.
    pub name: String,
}

/// A template declaration: where its statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateRef {
    pub module: usize,
    pub index: usize,
}

/// Every module of the compilation and the names they declare.
#[derive(Debug, Clone)]
pub struct Program {
    pub modules: Vec<Module>,
    pub scope: Scope,
    /// `(module name, template name)` → the template.
    pub templates: BTreeMap<(String, String), TemplateRef>,
    /// `(importing module, alias)` → the imported module's name: `import std.rook` gives
    /// `rook` → `std.rook`.
    pub aliases: BTreeMap<(String, String), String>,
}

impl Program {
    /// Takes a top-level declaration's statement out of the program, leaving a stand-in with
    /// its kind, head, name and span but nothing inside: for a statement that nothing will
    /// read again by way of the program, so that its holder can free it.
    pub fn take_stmt(&mut self, item: &Item) -> ast::Stmt {
        let slot = &mut self.modules[item.module].file.items[item.index];
        if let Some(child) = item.child {
            // A declaration inside a block (an entry point): copied, the block left whole.
            return slot.body()[child].clone();
        }
        let names = slot.parts.iter().filter(|part| matches!(part, ast::Part::Name(_)));
        let stand_in = ast::Stmt {
            kind: slot.kind,
            head: slot.head.clone(),
            parts: names.cloned().collect(),
            span: slot.span,
            is_private: slot.is_private,
        };
        std::mem::replace(slot, stand_in)
    }

    /// Whether a string anywhere in the program, templates included, holds an interpolation
    /// (as parsed: copying template bodies and overrides moves them but makes none).
    pub fn has_interpolations(&self) -> bool {
        self.modules.iter().any(|module| module.file.has_interpolations)
    }

    pub fn stmt(&self, item: &Item) -> &ast::Stmt {
        let stmt = &self.modules[item.module].file.items[item.index];
        match item.child {
            Some(child) => &stmt.body()[child],
            None => stmt,
        }
    }

    pub fn template(&self, template: TemplateRef) -> &ast::Stmt {
        &self.modules[template.module].file.items[template.index]
    }

    /// The module a place of the source belongs to (the template's, inside an instance).
    pub fn module_of(&self, source: SourceId) -> &str {
        self.scope.module_of(source)
    }
}

/// Resolves the project's root files (already parsed) into a [`Program`], loading the modules
/// they import from `library` (the project's other `.timon` files) and the standard library.
pub fn resolve(
    sources: &mut SourceMap,
    project: Vec<(SourceId, ast::File)>,
    library: &ModuleFiles,
) -> (Program, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut modules: Vec<Module> = project
        .into_iter()
        .map(|(source, file)| Module { source, file, is_std: false, name: ROOT_MODULE.to_owned() })
        .collect();
    // Module name → the files already loaded for it.
    let mut loaded: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    loaded.insert(ROOT_MODULE.to_owned(), (0..modules.len()).collect());
    let mut aliases = BTreeMap::new();
    // Module name → the modules it imports, with the span of each import (for cycles).
    let mut imports_of: BTreeMap<String, Vec<(String, Span)>> = BTreeMap::new();
    let mut next = 0;
    while next < modules.len() {
        let importer = modules[next].name.clone();
        let imports: Vec<ast::Stmt> =
            modules[next].file.items.iter().filter(|stmt| stmt.kind == "import").cloned().collect();
        next += 1;
        for import in imports {
            let Some(value) = import.value() else { continue };
            let ast::ValueKind::Path(words) = &value.kind else { continue };
            let segments: Vec<&str> = words.iter().map(|word| word.text.as_str()).collect();
            let name = segments.join(".");
            let alias = segments.last().copied().unwrap_or_default().to_owned();
            if !loaded.contains_key(&name) {
                match load(sources, library, &segments, value.span) {
                    Ok(files) => {
                        let mut indexes = Vec::new();
                        for (source, file, is_std) in files {
                            indexes.push(modules.len());
                            modules.push(Module { source, file, is_std, name: name.clone() });
                        }
                        loaded.insert(name.clone(), indexes);
                    }
                    Err(errors) => {
                        diagnostics.extend(errors);
                        continue;
                    }
                }
            }
            imports_of.entry(importer.clone()).or_default().push((name.clone(), value.span));
            aliases.insert((importer.clone(), alias), name);
        }
    }
    diagnostics.extend(modules::cycles(&imports_of));
    let scope = Scope::build(&modules, &mut diagnostics);
    let templates = collect_templates(&modules, &mut diagnostics);
    (Program { modules, scope, templates, aliases }, diagnostics)
}

/// Reads and parses the files of one imported module.
fn load(
    sources: &mut SourceMap,
    library: &ModuleFiles,
    segments: &[&str],
    span: Span,
) -> Result<Vec<(SourceId, ast::File, bool)>, Vec<Diagnostic>> {
    if let ["std", module] = segments {
        let Some(text) = crate::stdlib::module(module) else {
            return Err(vec![errors::unknown_std_module(span, module)]);
        };
        let source = sources.add(
            format!("<std>/{module}.timon"),
            Origin::Stdlib { module: (*module).to_owned() },
            text.to_owned(),
        );
        return match syntax::parse(source, text) {
            Ok(file) => Ok(vec![(source, file, true)]),
            Err(diagnostic) => Err(vec![diagnostic]),
        };
    }
    let name = segments.join(".");
    let files = library
        .files_of(&name)
        .map_err(|message| vec![errors::module_conflict(span, &name, &message)])?;
    if files.is_empty() {
        return Err(vec![errors::unknown_project_module(span, &name, &library.names())]);
    }
    let mut parsed = Vec::new();
    let mut failed = Vec::new();
    for file in files {
        let source = sources.add(
            file.name.clone(),
            Origin::Project { path: file.relative_path.clone() },
            file.text.clone(),
        );
        match syntax::parse(source, &file.text) {
            Ok(tree) => parsed.push((source, tree, false)),
            Err(diagnostic) => failed.push(diagnostic),
        }
    }
    if failed.is_empty() { Ok(parsed) } else { Err(failed) }
}

fn collect_templates(
    modules: &[Module],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<(String, String), TemplateRef> {
    let mut templates: BTreeMap<(String, String), TemplateRef> = BTreeMap::new();
    for (module_index, module) in modules.iter().enumerate() {
        for (index, stmt) in module.file.items.iter().enumerate() {
            if stmt.kind != "template" {
                continue;
            }
            let Some(name) = stmt.name() else { continue };
            let key = (module.name.clone(), name.text.as_str().to_owned());
            if let Some(first) = templates.get(&key) {
                let first_span = modules[first.module].file.items[first.index]
                    .name()
                    .map_or(name.span, |word| word.span);
                diagnostics.push(errors::duplicate("template", &name.text, name.span, first_span));
                continue;
            }
            templates.insert(key, TemplateRef { module: module_index, index });
        }
    }
    templates
}
