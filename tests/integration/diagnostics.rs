//! Every fixture under `tests/fixtures/errors/` is a mistake: it must produce at least one
//! error, and its rendered report is snapshotted. A fixture is a `.timon` file, or a folder for
//! mistakes that span files, or a `.yaml` file checked as plain Kubernetes YAML. A first line `// env: NAME` builds that environment;
//! `// include-secrets` asks for Secret objects.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::harness::{self, TestInputs};
use timon::diagnostics::Code;
use timon::pipeline;

#[test]
fn every_error_fixture_renders_to_its_snapshot() {
    let folder = harness::root().join("tests/fixtures/errors");
    let mut cases: Vec<_> =
        std::fs::read_dir(&folder).unwrap().map(|entry| entry.unwrap().path()).collect();
    cases.sort();
    let mut codes_seen = BTreeSet::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        if case.extension().is_some_and(|extension| extension == "yaml") {
            // A YAML mistake: `timon check` of the file must report a code of its own.
            let file = pipeline::ManifestFile {
                name: format!("{name}.yaml"),
                path: case.clone(),
                text: std::fs::read_to_string(case).unwrap(),
            };
            let linted =
                pipeline::lint_yaml(&[file], &timon::lint::LintConfig::default(), &|_| None);
            let coded: Vec<_> =
                linted.diagnostics.iter().filter(|diagnostic| diagnostic.rule.is_none()).collect();
            assert!(!coded.is_empty(), "fixture `{name}` produced no diagnostic");
            codes_seen.extend(coded.iter().map(|diagnostic| diagnostic.code));
            let report =
                harness::render(&coded.into_iter().cloned().collect::<Vec<_>>(), &linted.sources);
            harness::settings("errors").bind(|| insta::assert_snapshot!(name, report));
            continue;
        }
        let files = harness::load(case);
        // The first file of the project folder (the others are modules in sub-folders).
        let header = files
            .iter()
            .find(|file| file.relative_path.components().count() == 1)
            .map(|file| file.text.clone())
            .unwrap_or_default();
        let environment =
            header.lines().next().and_then(|line| line.strip_prefix("// env: ")).map(str::trim);
        let include_secrets =
            header.lines().take(3).any(|line| line.trim() == "// include-secrets");
        let base = if case.is_dir() { case.clone() } else { folder.clone() };
        let built = pipeline::build(files, environment, &TestInputs { base, include_secrets });
        assert!(
            built.diagnostics.iter().any(timon::diagnostics::Diagnostic::is_error),
            "fixture `{name}` produced no error"
        );
        codes_seen.extend(built.diagnostics.iter().map(|diagnostic| diagnostic.code));
        let report = harness::render(&built.diagnostics, &built.sources);
        harness::settings("errors").bind(|| insta::assert_snapshot!(name, report));
    }
    assert!(cases.len() >= 30, "at least 30 distinct mistakes are covered, found {}", cases.len());
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| !codes_seen.contains(code))
        .collect();
    assert!(missing.is_empty(), "codes without an error fixture: {missing:?}");
}

#[test]
fn docs_errors_md_is_fresh() {
    let mut text = String::from(
        "# timon's diagnostic codes\n\nGenerated from `src/diagnostics/codes.rs` by `cargo test` (test `docs_errors_md_is_fresh`); do not edit. `timon explain CODE` prints one entry.\n",
    );
    for code in Code::ALL {
        let docs = code.docs().lines().map(str::trim).collect::<Vec<_>>().join("\n");
        let _ = write!(text, "\n## {} `{code:?}`\n\n{docs}\n", code.as_str());
    }
    let path = harness::root().join("docs/errors.md");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != text {
        assert!(
            std::env::var_os("CI").is_none(),
            "docs/errors.md is stale: run `cargo test` locally and commit it"
        );
        std::fs::write(&path, &text).unwrap();
        panic!("docs/errors.md was stale and has been rewritten: commit it");
    }
}
