//! The parser alone: any text gives a tree or one diagnostic, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = timon::syntax::parse(timon::source::SourceId(0), text);
});
