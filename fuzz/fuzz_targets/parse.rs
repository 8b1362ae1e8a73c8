//! The parsers alone: any text gives a tree or one diagnostic, never a panic or a hang; and the
//! hand-written parser agrees with pest on it: both accept it with the same tree (spans
//! included), or both reject it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timon::source::SourceId;
use timon::syntax;

fuzz_target!(|text: &str| {
    let _ = syntax::parse(SourceId(0), text);
    let by_descent = syntax::parse_by_descent(SourceId(0), text).map(|file| format!("{file:?}"));
    let by_pest = syntax::parse_with_pest(SourceId(0), text).ok().map(|file| format!("{file:?}"));
    assert_eq!(by_descent, by_pest, "the two parsers disagree");
});
