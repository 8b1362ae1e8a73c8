//! The standard library: `.timon` modules under `stdlib/`, embedded in the binary, and the
//! documentation `docs/stdlib.md` made from their doc comments.

use std::fmt::Write as _;

/// `(module name, source)` of every standard module, sorted by name.
pub const MODULES: &[(&str, &str)] = &[
    ("adminer", include_str!("../stdlib/adminer.timon")),
    ("nfs", include_str!("../stdlib/nfs.timon")),
    ("postgres", include_str!("../stdlib/postgres.timon")),
    ("redis", include_str!("../stdlib/redis.timon")),
    ("rook", include_str!("../stdlib/rook.timon")),
    ("traefik", include_str!("../stdlib/traefik.timon")),
    ("vsphere", include_str!("../stdlib/vsphere.timon")),
];

/// The source of `std.<name>`.
pub fn module(name: &str) -> Option<&'static str> {
    MODULES.iter().find(|(module, _)| *module == name).map(|(_, source)| *source)
}

/// `docs/stdlib.md`: each module's `//!` comment, then each declaration with its `///`
/// comment, its signature as written, and the module's example project.
pub fn documentation(examples: &[(&str, String)]) -> String {
    let mut text = String::from(
        "# The standard library\n\nGenerated from the doc comments of `stdlib/*.timon` by `cargo test` (test `docs_stdlib_md_is_fresh`); do not edit. Every module is embedded in the binary: `import std.NAME` loads it, and its templates are called as `NAME.TEMPLATE(…)`.\n",
    );
    for (name, source) in MODULES {
        let _ = write!(text, "\n## `std.{name}`\n\n");
        let module_doc: Vec<&str> = source
            .lines()
            .take_while(|line| line.starts_with("//!"))
            .map(|line| line.trim_start_matches("//!").trim())
            .collect();
        text.push_str(&module_doc.join("\n"));
        text.push('\n');
        let mut doc: Vec<&str> = Vec::new();
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            if let Some(comment) = line.strip_prefix("///") {
                doc.push(comment.trim());
                continue;
            }
            if doc.is_empty() || line.trim().is_empty() {
                doc.clear();
                continue;
            }
            // The signature: up to where its parameter list closes.
            let mut signature = line.trim_end().to_owned();
            while signature.matches('(').count() > signature.matches(')').count() {
                match lines.next() {
                    Some(next) => {
                        signature.push('\n');
                        signature.push_str(next.trim_end());
                    }
                    None => break,
                }
            }
            let signature = signature.trim_end_matches('{').trim_end();
            let _ = write!(text, "\n```timon\n{signature}\n```\n\n{}\n", doc.join("\n"));
            doc.clear();
        }
        if let Some((_, example)) = examples.iter().find(|(module, _)| module == name) {
            let _ =
                write!(text, "\nExample (`examples/stdlib/{name}/`):\n\n```timon\n{example}```\n");
        }
    }
    text
}
