//! Every example builds for every environment without a diagnostic; its whole output is
//! snapshotted, the stream equals the files, and the non-core objects parse back into the
//! typed Traefik, Rook and RKE structs (which reject unknown fields), as does a declared
//! Traefik instance's `traefik.yml`.

use std::fmt::Write as _;

use crate::harness::{self, TestInputs};
use timon::model::traefik_static::StaticConfiguration;
use timon::model::{rke::RkeClusterConfig, rook, traefik};
use timon::pipeline;

/// Every example project: a folder of `examples/` with `.timon` files, or one level further
/// down for folders that group examples (`examples/stdlib/<module>/`).
fn examples() -> Vec<std::path::PathBuf> {
    let has_sources = |folder: &std::path::Path| {
        std::fs::read_dir(folder).unwrap().any(|entry| {
            entry.unwrap().path().extension().is_some_and(|extension| extension == "timon")
        })
    };
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(harness::root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        if has_sources(&path) {
            folders.push(path);
        } else {
            for inner in std::fs::read_dir(&path).unwrap() {
                let inner = inner.unwrap().path();
                if inner.is_dir() && has_sources(&inner) {
                    folders.push(inner);
                }
            }
        }
    }
    folders.sort();
    folders
}

/// `examples/stdlib/postgres` → `stdlib-postgres`.
fn example_name(example: &std::path::Path) -> String {
    let relative = example.strip_prefix(harness::root().join("examples")).unwrap();
    relative.to_string_lossy().replace(['/', '\\'], "-")
}

#[test]
fn every_example_builds_to_its_snapshot() {
    let examples = examples();
    assert!(examples.len() >= 2, "the confluence and rke-cluster examples exist");
    for example in examples {
        let name = example_name(&example);
        let checked = pipeline::check(harness::load(&example));
        assert!(
            checked.project.is_some(),
            "{name}: {}",
            harness::render(&checked.diagnostics, &checked.sources)
        );
        let names = pipeline::environments(harness::load(&example));
        let environments: Vec<Option<String>> =
            if names.is_empty() { vec![None] } else { names.into_iter().map(Some).collect() };
        for environment in environments {
            let inputs = TestInputs { base: example.clone(), include_secrets: false };
            let built = pipeline::build(harness::load(&example), environment.as_deref(), &inputs);
            assert!(
                built.diagnostics.is_empty(),
                "{name}: {}",
                harness::render(&built.diagnostics, &built.sources)
            );
            let emitted = built.emitted.expect("no errors, so files");
            let mut listing = String::new();
            for file in emitted.all() {
                let _ = write!(listing, "=== {}\n{}", file.path, file.contents);
            }
            let snapshot = match &environment {
                Some(environment) => format!("{name}-{environment}"),
                None => name.clone(),
            };
            harness::settings("examples").bind(|| insta::assert_snapshot!(snapshot, listing));

            let joined = emitted
                .kubernetes
                .iter()
                .map(|file| file.contents.as_str())
                .collect::<Vec<_>>()
                .join("---\n");
            assert_eq!(emitted.stream(), joined, "{name}: `-o -` equals the files");
            for file in &emitted.kubernetes {
                parses_as_its_type(&file.contents);
            }
            if let Some(rke) = &emitted.rke {
                let parsed: RkeClusterConfig = serde_yaml::from_str(&rke.contents)
                    .unwrap_or_else(|error| panic!("{}: {error}", rke.path));
                assert!(parsed.nodes.is_some_and(|nodes| !nodes.is_empty()));
            }
            if let Some(traefik) = &emitted.traefik {
                let parsed: StaticConfiguration = serde_yaml::from_str(&traefik.contents)
                    .unwrap_or_else(|error| panic!("{}: {error}", traefik.path));
                assert!(!parsed.entry_points.is_empty(), "{name}: an instance listens somewhere");
            }
        }
    }
}

/// Traefik and Rook objects parse back into their strict typed structs.
fn parses_as_its_type(yaml: &str) {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    let kind = value["kind"].as_str().unwrap_or_default();
    let result = match kind {
        "IngressRoute" => serde_yaml::from_str::<traefik::IngressRoute>(yaml).map(drop),
        "Middleware" => serde_yaml::from_str::<traefik::Middleware>(yaml).map(drop),
        "CephBlockPool" => serde_yaml::from_str::<rook::CephBlockPool>(yaml).map(drop),
        "CephFilesystem" => serde_yaml::from_str::<rook::CephFilesystem>(yaml).map(drop),
        _ => Ok(()),
    };
    if let Err(error) = result {
        panic!("{kind} does not match its schema: {error}\n{yaml}");
    }
}

#[test]
fn the_confluence_example_says_what_seed_002_says() {
    let example = harness::root().join("examples/confluence");
    let inputs = TestInputs { base: example.clone(), include_secrets: false };
    let built = pipeline::build(harness::load(&example), Some("prd"), &inputs);
    let emitted = built.emitted.unwrap();
    let documents: Vec<serde_yaml::Value> = emitted
        .kubernetes
        .iter()
        .map(|file| serde_yaml::from_str(&file.contents).unwrap())
        .collect();
    let find = |kind: &str, name: &str| {
        documents
            .iter()
            .find(|document| document["kind"] == kind && document["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} {name}"))
    };
    let database = find("Deployment", "dep-confluencedb");
    let containers = &database["spec"]["template"]["spec"]["containers"];
    assert_eq!(containers[0]["image"], "postgres:9.6.16-alpine");
    assert_eq!(containers[0]["resources"]["limits"]["memory"], "1000Mi");
    assert_eq!(containers[0]["resources"]["requests"]["cpu"], "500m");
    assert_eq!(containers[1]["image"], "adminer");
    assert_eq!(containers[1]["ports"][0]["containerPort"], 8080);
    assert_eq!(database["metadata"]["namespace"], "prd-lan-coolcorp");
    assert_eq!(database["metadata"]["labels"]["zone"], "lan");
    assert_eq!(database["metadata"]["labels"]["env"], "prd");
    // Selectors match the pod template.
    for (key, value) in database["spec"]["selector"]["matchLabels"].as_mapping().unwrap() {
        assert_eq!(&database["spec"]["template"]["metadata"]["labels"][key], value);
    }
    let app = find("Deployment", "dep-confluence");
    let env = &app["spec"]["template"]["spec"]["containers"][0]["env"];
    let jdbc = env
        .as_sequence()
        .unwrap()
        .iter()
        .find(|variable| variable["name"] == "ATL_JDBC_URL")
        .unwrap();
    assert_eq!(jdbc["value"], "jdbc:postgresql://svc-confluencedb:5432/confluencedb");
    let password = env
        .as_sequence()
        .unwrap()
        .iter()
        .find(|variable| variable["name"] == "ATL_JDBC_PASSWORD")
        .unwrap();
    assert_eq!(password["valueFrom"]["secretKeyRef"]["name"], "sec-prd-confluencedb");
    let volumes = &app["spec"]["template"]["spec"]["volumes"];
    let backup =
        volumes.as_sequence().unwrap().iter().find(|volume| volume["name"] == "backup").unwrap();
    assert_eq!(backup["nfs"]["server"], "storage.coolcorp.priv");
    assert_eq!(
        find("PersistentVolumeClaim", "pvc-confluence-db")["spec"]["resources"]["requests"]["storage"],
        "15Gi"
    );
    assert_eq!(
        find("StorageClass", "vsphere-dts-ssd")["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"],
        "true"
    );
    let service = find("Service", "svc-confluencedb");
    assert_eq!(service["spec"]["ports"].as_sequence().unwrap().len(), 2, "postgres and adminer");
    let https = find("IngressRoute", "confluence-https");
    assert_eq!(https["apiVersion"], "traefik.containo.us/v1alpha1");
    assert_eq!(https["spec"]["entryPoints"][0], "websecure");
    assert_eq!(https["spec"]["tls"]["certResolver"], "le");
    let http = find("IngressRoute", "confluence-http");
    assert_eq!(http["spec"]["routes"][0]["middlewares"][0]["name"], "https-redirect");
    assert_eq!(http["spec"]["routes"][0]["match"], "Host(`confluence.coolcorp.priv`)");
    // No secret value anywhere: the secret is external.
    assert!(documents.iter().all(|document| document["kind"] != "Secret"));
}

/// The Confluence example on the standard library builds to the very objects of its written-out
/// twin, in a good deal fewer lines.
#[test]
fn the_confluence_example_on_the_stdlib_equals_its_expanded_twin() {
    let build = |folder: &str| {
        let example = harness::root().join("examples").join(folder);
        let inputs = TestInputs { base: example.clone(), include_secrets: false };
        let built = pipeline::build(harness::load(&example), Some("prd"), &inputs);
        let emitted = built.emitted.unwrap_or_else(|| {
            panic!("{folder}: {}", harness::render(&built.diagnostics, &built.sources))
        });
        // The objects, without the header line that names the source line.
        emitted
            .all()
            .map(|file| {
                let body: Vec<&str> =
                    file.contents.lines().filter(|line| !line.starts_with("# Generated")).collect();
                (file.path.clone(), body.join("\n"))
            })
            .collect::<Vec<_>>()
    };
    let short = build("confluence");
    let expanded = build("confluence-expanded");
    assert_eq!(short.len(), 14);
    assert_eq!(short, expanded);
    // Lines that say something: not blank, not only a comment.
    let significant = |folder: &str| {
        let text = std::fs::read_to_string(
            harness::root().join("examples").join(folder).join("confluence.timon"),
        )
        .unwrap();
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .count()
    };
    let (short_lines, expanded_lines) =
        (significant("confluence"), significant("confluence-expanded"));
    assert!(
        short_lines * 100 <= expanded_lines * 60,
        "the stdlib version has {short_lines} lines, the expanded one {expanded_lines}: not 40% shorter"
    );
}

/// Every standard module has an example project that calls each of its templates.
#[test]
fn every_stdlib_template_is_used_by_its_example() {
    for (module, source) in timon::stdlib::MODULES {
        let path = harness::root().join(format!("examples/stdlib/{module}/main.timon"));
        let example = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("std.{module} has no example at {}", path.display()));
        assert!(example.contains(&format!("import std.{module}")), "{module}");
        for line in source.lines() {
            let Some(rest) = line.trim_start_matches("private ").strip_prefix("template ") else {
                continue;
            };
            let name = rest.split('(').next().unwrap_or_default();
            assert!(
                example.contains(&format!("{module}.{name}(")),
                "the example of std.{module} does not call `{module}.{name}`"
            );
        }
    }
}

#[test]
fn docs_stdlib_md_is_fresh() {
    let examples: Vec<(&str, String)> = timon::stdlib::MODULES
        .iter()
        .map(|(module, _)| {
            let path = harness::root().join(format!("examples/stdlib/{module}/main.timon"));
            (*module, std::fs::read_to_string(path).unwrap_or_default())
        })
        .collect();
    let text = timon::stdlib::documentation(&examples);
    let path = harness::root().join("docs/stdlib.md");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != text {
        assert!(
            std::env::var_os("CI").is_none(),
            "docs/stdlib.md is stale: run `cargo test` locally and commit it"
        );
        std::fs::write(&path, text).unwrap();
    }
}

#[test]
fn the_readme_tour_builds() {
    let readme = std::fs::read_to_string(harness::root().join("README.md")).unwrap();
    let tour = readme.split("## A short tour").nth(1).unwrap();
    let code = tour.split("```").nth(1).expect("a code block follows the heading");
    let files = vec![timon::pipeline::ProjectFile {
        name: "README.md".to_owned(),
        relative_path: "README.md".into(),
        text: code.to_owned(),
    }];
    let inputs = TestInputs { base: harness::root(), include_secrets: false };
    let built = pipeline::build(files, Some("prd"), &inputs);
    assert!(
        built.diagnostics.is_empty(),
        "{}",
        harness::render(&built.diagnostics, &built.sources)
    );
    assert!(
        built.emitted.is_some_and(|emitted| emitted.rke.is_some() && emitted.kubernetes.len() > 5)
    );
}

/// No input makes the compiler panic: every prefix of every example, and the examples with
/// characters swapped, compile to a result or to diagnostics.
#[test]
fn truncated_and_mangled_sources_never_panic() {
    let mut sources: Vec<String> = Vec::new();
    for example in examples() {
        for file in harness::load(&example) {
            sources.push(file.text);
        }
    }
    let mut runs = 0;
    for text in &sources {
        let boundaries: Vec<usize> =
            text.char_indices().map(|(index, _)| index).step_by(13).collect();
        let mut variants: Vec<String> =
            boundaries.iter().map(|&end| text[..end].to_owned()).collect();
        for (position, &index) in boundaries.iter().enumerate() {
            let replacement =
                ["{", "}", "\"", "..", "-", "0", "x", "\n", "${", "/*"][position % 10];
            let mut mangled = text.clone();
            let end = text[index..]
                .chars()
                .next()
                .map_or(index, |character| index + character.len_utf8());
            mangled.replace_range(index..end, replacement);
            variants.push(mangled);
        }
        for variant in variants {
            let files = vec![timon::pipeline::ProjectFile {
                name: "fuzz.timon".to_owned(),
                relative_path: "fuzz.timon".into(),
                text: variant,
            }];
            let inputs = TestInputs { base: harness::root(), include_secrets: false };
            let _ = pipeline::build(files, None, &inputs);
            runs += 1;
        }
    }
    assert!(runs > 500, "only {runs} variants ran");
}

/// The same for `timon check` of YAML: prefixes and mangled copies of the lint fixtures.
#[test]
fn truncated_and_mangled_yaml_never_panics() {
    let mut runs = 0;
    for entry in walkdir::WalkDir::new(harness::root().join("tests/fixtures/lint")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|extension| extension != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let boundaries: Vec<usize> =
            text.char_indices().map(|(index, _)| index).step_by(17).collect();
        for (position, &index) in boundaries.iter().enumerate() {
            let replacement =
                ["{", "]", "\"", ": ", "-", "&a", "*a", "\n  ", "!!", "? "][position % 10];
            let mut mangled = text.clone();
            mangled.insert_str(index, replacement);
            for variant in [text[..index].to_owned(), mangled] {
                let file = pipeline::ManifestFile {
                    name: "fuzz.yaml".to_owned(),
                    path: "fuzz.yaml".into(),
                    text: variant,
                };
                let _ =
                    pipeline::lint_yaml(&[file], &timon::lint::LintConfig::default(), &|_| None);
                runs += 1;
            }
        }
    }
    assert!(runs > 500, "only {runs} variants ran");
}
