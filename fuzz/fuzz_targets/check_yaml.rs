//! `timon check` of one YAML file: parsing, strict schemas and every lint rule.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timon::lint::LintConfig;
use timon::pipeline::{self, ManifestFile};

fuzz_target!(|text: &str| {
    let file = ManifestFile {
        name: "fuzz.yaml".to_owned(),
        path: "fuzz.yaml".into(),
        text: text.to_owned(),
    };
    let _ = pipeline::lint_yaml(&[file], &LintConfig::default(), &|_| None);
});
