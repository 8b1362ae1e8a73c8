//! Checks that the editor grammars agree with `grammar/timon.pest` (run by `cargo test`).

use std::{fs, path::Path};

use xtask::{
    codegen::{self, Mode, TEXTMATE_PATH},
    grammar::Grammar,
    workspace_root,
};

/// Fails when a generated keyword region is stale. Outside CI it also rewrites the stale files,
/// so that the next run passes (rust-analyzer's `ensure_file_contents` behaviour).
#[test]
fn editor_grammars_are_fresh() {
    let root = workspace_root();
    let Err(message) = codegen::run(&root, Mode::Check) else {
        return;
    };
    if std::env::var_os("CI").is_none() {
        codegen::run(&root, Mode::Write).expect("codegen could not rewrite the editor grammars");
        panic!("{message}\n(the files were rewritten: run the tests again)");
    }
    panic!("{message}");
}

/// Every keyword of the pest grammar is a keyword for the `TextMate` grammar's keyword regex, run
/// with `fancy-regex` (whose look-arounds behave as Oniguruma's do for this pattern), and no name
/// that the standard library declares is.
#[test]
fn textmate_keyword_regex_matches_every_keyword_and_no_stdlib_name() {
    let root = workspace_root();
    let grammar = Grammar::load(&root).unwrap();
    let keywords = grammar.keywords().unwrap();
    let regex = fancy_regex::Regex::new(&textmate_keyword_pattern(&root)).unwrap();

    for keyword in &keywords {
        for (text, start) in [(keyword.clone(), 0), (format!("  {keyword} {{"), 2)] {
            let found = regex.find(&text).unwrap().map(|m| (m.start(), m.end()));
            assert_eq!(
                found,
                Some((start, start + keyword.len())),
                "the TextMate keyword regex does not match the keyword `{keyword}` in {text:?}"
            );
        }
    }

    let mut n_names = 0;
    for path in stdlib_files(&root) {
        let text = fs::read_to_string(&path).unwrap();
        let file_name = path.display().to_string();
        for name in grammar.declared_names(&file_name, &text).unwrap() {
            n_names += 1;
            let found = regex.find(&name).unwrap().map(|m| m.as_str().to_owned());
            assert_eq!(found, None, "the TextMate keyword regex matches `{name}` of {file_name}");
        }
    }
    assert!(n_names > 0, "found no declared name in stdlib/*.timon");
}

/// Hyphenated names that contain a keyword are not keywords.
#[test]
fn textmate_keyword_regex_treats_hyphens_as_part_of_a_word() {
    let regex = fancy_regex::Regex::new(&textmate_keyword_pattern(&workspace_root())).unwrap();
    for text in ["https-redirect", "app-server", "my-cluster", "pool2", "port_name", "nodes"] {
        let found = regex.find(text).unwrap().map(|m| m.as_str().to_owned());
        assert_eq!(found, None, "the TextMate keyword regex matches inside `{text}`");
    }
}

/// The `match` of the `keywords-generated` repository entry of the `TextMate` grammar.
fn textmate_keyword_pattern(root: &Path) -> String {
    let text = fs::read_to_string(root.join(TEXTMATE_PATH)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pattern = &json["repository"]["keywords-generated"]["match"];
    pattern.as_str().expect("no `keywords-generated` entry with a `match`").to_owned()
}

/// `stdlib/*.timon`, sorted.
fn stdlib_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(root.join("stdlib"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "timon"))
        .collect();
    files.sort();
    files
}
