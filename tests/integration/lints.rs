//! The lint rules: their documentation (`docs/lints.md`, and the examples in each rule's doc
//! comment, which must fire or stay silent as they say), and the fixtures under
//! `tests/fixtures/lint/<rule-name>/`: files named `fires*` must produce a finding of that rule
//! (their whole report is snapshotted), files named `silent*` must produce none. A fixture is
//! a `.yaml` file, a `.timon` file, or a folder holding a timon project (with its
//! `timon.lock`). A YAML fixture's first line `# previous: VERSION` stands for the cluster
//! version at git `HEAD`; `# traefik: 3.1` stands for `[traefik] version` in `timon.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::harness;
use timon::diagnostics::Diagnostic;
use timon::lint::{LintConfig, registry};
use timon::pipeline::{self, Linted, ManifestFile};

fn lint_yaml_text(name: &str, text: &str) -> Linted {
    let header = |key: &str| {
        text.lines()
            .take_while(|line| line.starts_with('#'))
            .find_map(|line| line.strip_prefix(key))
            .map(str::trim)
            .map(str::to_owned)
    };
    let previous_line = header("# previous: ");
    let config = match header("# traefik: ") {
        Some(version) => {
            LintConfig::from_toml(&format!("[traefik]\nversion = \"{version}\"\n")).unwrap()
        }
        None => LintConfig::default(),
    };
    let file = ManifestFile { name: name.to_owned(), path: name.into(), text: text.to_owned() };
    let previous = move |_: &ManifestFile| {
        previous_line.clone().map(|version| (version, "the version at HEAD".to_owned()))
    };
    pipeline::lint_yaml(&[file], &config, &previous)
}

fn lint_fixture(path: &Path) -> Linted {
    if path.extension().is_some_and(|extension| extension == "yaml") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        return lint_yaml_text(&name, &std::fs::read_to_string(path).unwrap());
    }
    let base =
        if path.is_dir() { path.to_path_buf() } else { path.parent().unwrap().to_path_buf() };
    let locked: BTreeMap<String, String> = std::fs::read_to_string(base.join("timon.lock"))
        .ok()
        .map(|text| {
            let table: toml::Table = toml::from_str(&text).unwrap();
            table["clusters"]
                .as_table()
                .unwrap()
                .iter()
                .map(|(name, version)| (name.clone(), version.as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    pipeline::lint_timon(harness::load(path), &LintConfig::default(), &locked)
}

fn of_rule<'a>(diagnostics: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    diagnostics.iter().filter(|diagnostic| diagnostic.rule == Some(rule)).collect()
}

#[test]
fn every_rule_has_fixtures_that_fire_and_stay_silent() {
    let folder = harness::root().join("tests/fixtures/lint");
    let mut rules_covered = BTreeSet::new();
    let mut folders: Vec<_> =
        std::fs::read_dir(&folder).unwrap().map(|entry| entry.unwrap().path()).collect();
    folders.sort();
    for rule_folder in folders {
        let rule = rule_folder.file_name().unwrap().to_string_lossy().into_owned();
        assert!(registry::find(&rule).is_some(), "fixture folder `{rule}` names no rule");
        let mut cases: Vec<_> =
            std::fs::read_dir(&rule_folder).unwrap().map(|entry| entry.unwrap().path()).collect();
        cases.sort();
        let (mut fires, mut silent) = (0, 0);
        for case in cases {
            let case_name = case.file_name().unwrap().to_string_lossy().into_owned();
            let linted = lint_fixture(&case);
            let found = of_rule(&linted.diagnostics, &rule);
            if case_name.starts_with("fires") {
                fires += 1;
                assert!(
                    !found.is_empty(),
                    "{rule}/{case_name} must fire:\n{}",
                    harness::render(&linted.diagnostics, &linted.sources)
                );
                let report = harness::render(&linted.diagnostics, &linted.sources);
                let snapshot = format!("{rule}__{}", case_name.replace('.', "_"));
                harness::settings("lint").bind(|| insta::assert_snapshot!(snapshot, report));
            } else {
                silent += 1;
                assert!(
                    found.is_empty(),
                    "{rule}/{case_name} must stay silent:\n{}",
                    harness::render(&linted.diagnostics, &linted.sources)
                );
                let errors: Vec<_> = linted
                    .diagnostics
                    .iter()
                    .filter(|diagnostic| diagnostic.rule.is_none() && diagnostic.is_error())
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{rule}/{case_name} must compile and validate:\n{}",
                    harness::render(&linted.diagnostics, &linted.sources)
                );
            }
        }
        assert!(fires > 0 && silent > 0, "{rule} needs fixtures that fire and that stay silent");
        rules_covered.insert(rule);
    }
    let missing: Vec<&str> = registry::RULES
        .iter()
        .map(|rule| rule.meta().name)
        .filter(|name| !rules_covered.contains(*name))
        .collect();
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}

/// The YAML blocks of a rule's doc comment: `(is_example, text)`.
fn doc_examples(docs: &str) -> Vec<(bool, String)> {
    let mut blocks = Vec::new();
    let mut section_is_example = true;
    let mut current: Option<String> = None;
    for line in docs.lines() {
        let trimmed = line.strip_prefix(' ').unwrap_or(line);
        if let Some(block) = current.as_mut() {
            if trimmed.starts_with("```") {
                blocks.push((section_is_example, current.take().unwrap_or_default()));
            } else {
                block.push_str(trimmed);
                block.push('\n');
            }
            continue;
        }
        if trimmed.starts_with("## Example") {
            section_is_example = true;
        } else if trimmed.starts_with("Use instead") {
            section_is_example = false;
        } else if trimmed.starts_with("```yaml") {
            current = Some(String::new());
        }
    }
    blocks
}

#[test]
fn rule_docs_have_their_sections_and_their_examples_behave() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in registry::RULES {
        let meta = rule.meta();
        assert!(codes.insert(meta.code), "code {} is used twice", meta.code);
        assert!(names.insert(meta.name), "name {} is used twice", meta.name);
        for heading in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(meta.docs.contains(heading), "{}: its docs lack `{heading}`", meta.name);
        }
        for (is_example, yaml) in doc_examples(meta.docs) {
            let linted = lint_yaml_text("example.yaml", &yaml);
            let found = of_rule(&linted.diagnostics, meta.name);
            assert_eq!(
                !found.is_empty(),
                is_example,
                "{}: a doc {} block {}:\n{yaml}\n{}",
                meta.name,
                if is_example { "example" } else { "`Use instead`" },
                if is_example { "does not fire" } else { "fires" },
                harness::render(&linted.diagnostics, &linted.sources)
            );
        }
    }
}

#[test]
fn docs_lints_md_is_fresh() {
    let mut text = String::from(
        "# timon's lint rules\n\nGenerated from the rules' doc comments (`src/lint/rules/`) by `cargo test` (test `docs_lints_md_is_fresh`); do not edit.\n`timon rules` lists them, `timon explain NAME` prints one. Set a rule's severity in `timon.toml`:\n\n```toml\n[lint]\nimage-tag-latest = \"off\"       # error | warning | info | off\n```\n\nAllow a finding where it occurs, always with a reason: `allow RULE \"reason\"` in a timon\nblock, or `# timon:allow RULE reason` / annotation `timon.dev/allow-RULE: reason` in YAML.\n\n| code | rule | default |\n|---|---|---|\n",
    );
    for rule in registry::RULES {
        let meta = rule.meta();
        let _ = writeln!(
            text,
            "| {} | [`{}`](#{}) | {} |",
            meta.code,
            meta.name,
            meta.name,
            timon::diagnostics::render::severity_word(meta.default)
        );
    }
    for rule in registry::RULES {
        let meta = rule.meta();
        let docs: String = meta
            .docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .map(|line| line.replace("## ", "#### "))
            .collect::<Vec<_>>()
            .join("\n");
        let _ = write!(
            text,
            "\n## {}\n\n{} · default: {}\n\n{}",
            meta.name,
            meta.code,
            timon::diagnostics::render::severity_word(meta.default),
            docs
        );
    }
    let path = harness::root().join("docs/lints.md");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != text {
        assert!(
            std::env::var_os("CI").is_none(),
            "docs/lints.md is stale: run `cargo test` locally and commit it"
        );
        std::fs::write(&path, &text).unwrap();
        panic!("docs/lints.md was stale and has been rewritten: commit it");
    }
}
