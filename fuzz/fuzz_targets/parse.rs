//! The parsers alone: any text gives a tree or one diagnostic, never a panic or a hang; and the
//! hand-written parser agrees with pest on it: both accept it with the same tree (spans
//! included), or both reject it. Reading apps put off (as `build` does) and then each app
//! from its span gives the same statements as reading the file whole.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timon::source::SourceId;
use timon::syntax;

fuzz_target!(|text: &str| {
    let _ = syntax::parse(SourceId(0), text);
    let by_descent = syntax::parse_by_descent(SourceId(0), text).map(|file| format!("{file:?}"));
    let by_pest = syntax::parse_with_pest(SourceId(0), text).ok().map(|file| format!("{file:?}"));
    assert_eq!(by_descent, by_pest, "the two parsers disagree");
    let (whole, deferring) =
        (syntax::parse(SourceId(0), text), syntax::parse_deferring_apps(SourceId(0), text));
    assert!(whole.is_err() || deferring.is_ok(), "a file that parses parses with apps put off");
    if let (Ok(whole), Ok(deferring)) = (whole, deferring) {
        assert_eq!(whole.items.len(), deferring.items.len());
        for (index, (read, put_off)) in whole.items.iter().zip(&deferring.items).enumerate() {
            let later = if deferring.deferred.contains(&index) {
                syntax::parse_deferred(text, put_off.span).expect("an app of a file that parses")
            } else {
                put_off.clone()
            };
            assert_eq!(format!("{read:?}"), format!("{later:?}"), "item {index}");
        }
    }
});
