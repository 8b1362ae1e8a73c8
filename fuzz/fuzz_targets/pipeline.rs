//! The whole pipeline into memory (parse, resolve, expand, check, lower, emit) on one project
//! file, for its only environment and for `prd`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timon::pipeline::{self, NoInputs, ProjectFile};

fuzz_target!(|text: &str| {
    let files = vec![ProjectFile {
        name: "fuzz.timon".to_owned(),
        relative_path: "fuzz.timon".into(),
        text: text.to_owned(),
    }];
    let _ = pipeline::build(files.clone(), None, &NoInputs);
    let _ = pipeline::build(files, Some("prd"), &NoInputs);
});
