//! The block-YAML fast path against saphyr: on any input it declines, or it makes exactly
//! saphyr's events and spans.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some((fast, saphyr)) = timon::manifest::yaml_fast_path_events(text) {
        assert_eq!(fast, saphyr, "{text:?}");
    }
});
