//! Stage 2, resolve: loads the standard modules a project imports and builds the table of
//! every declared name, reporting duplicates and unknown imports.

mod errors;
pub mod scope;

use crate::diagnostics::Diagnostic;
use crate::source::{Origin, SourceId, SourceMap};
use crate::syntax::{self, ast};
pub use scope::{DeclKind, Item, Scope};

/// One parsed file of the compilation: a project file or an imported standard module.
#[derive(Debug)]
pub struct Module {
    pub source: SourceId,
    pub file: ast::File,
    /// True for `std.*` modules: their declarations are emitted only when used.
    pub is_std: bool,
}

/// Every module of the compilation and the names they declare.
#[derive(Debug)]
pub struct Program {
    pub modules: Vec<Module>,
    pub scope: Scope,
}

impl Program {
    pub fn stmt(&self, item: &Item) -> &ast::Stmt {
        let stmt = &self.modules[item.module].file.items[item.index];
        match item.child {
            Some(child) => &stmt.body()[child],
            None => stmt,
        }
    }
}

/// Resolves the project's files (already parsed) into a [`Program`].
pub fn resolve(
    sources: &mut SourceMap,
    project: Vec<(SourceId, ast::File)>,
) -> (Program, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut modules: Vec<Module> =
        project.into_iter().map(|(source, file)| Module { source, file, is_std: false }).collect();
    let mut loaded: Vec<String> = Vec::new();
    let mut next = 0;
    while next < modules.len() {
        let imports: Vec<ast::Stmt> =
            modules[next].file.items.iter().filter(|stmt| stmt.kind == "import").cloned().collect();
        next += 1;
        for import in imports {
            let Some(ast::ValueKind::Path(words)) = import.value().map(|value| &value.kind) else {
                continue;
            };
            let segments: Vec<&str> = words.iter().map(|word| word.text.as_str()).collect();
            let span = import.value().map_or(import.span, |value| value.span);
            let module_name = if let ["std", module] = segments.as_slice() {
                *module
            } else {
                diagnostics.push(errors::not_a_std_module(span, &segments.join(".")));
                continue;
            };
            if loaded.iter().any(|name| name == module_name) {
                continue;
            }
            let Some(text) = crate::stdlib::module(module_name) else {
                diagnostics.push(errors::unknown_module(span, module_name));
                continue;
            };
            loaded.push(module_name.to_owned());
            let source = sources.add(
                format!("<std>/{module_name}.timon"),
                Origin::Stdlib { module: module_name.to_owned() },
                text.to_owned(),
            );
            match syntax::parse(source, text) {
                Ok(file) => modules.push(Module { source, file, is_std: true }),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
    }
    let scope = Scope::build(&modules, &mut diagnostics);
    (Program { modules, scope }, diagnostics)
}
