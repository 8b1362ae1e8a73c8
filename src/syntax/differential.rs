//! The hand-written parser (`descent.rs`) against pest, on every `.timon` file of the
//! repository and on thousands of damaged copies of them: where one accepts a text the other
//! must accept it too, with the same tree, spans included.

use std::path::Path;

use super::{parse_by_descent, parse_with_pest};
use crate::source::SourceId;

/// What the two parsers make of `text`, or the first difference.
fn compare(text: &str) -> Result<bool, String> {
    let by_descent = parse_by_descent(SourceId(0), text).map(|file| format!("{file:#?}"));
    let by_pest = parse_with_pest(SourceId(0), text).ok().map(|file| format!("{file:#?}"));
    match (by_descent, by_pest) {
        (None, None) => Ok(false),
        (Some(descent), Some(pest)) if descent == pest => Ok(true),
        (Some(descent), Some(pest)) => {
            let line = descent.lines().zip(pest.lines()).position(|(a, b)| a != b).unwrap_or(0);
            let context = |tree: &str| {
                tree.lines().skip(line.saturating_sub(8)).take(12).collect::<Vec<_>>().join("\n")
            };
            Err(format!(
                "different trees\n--- descent\n{}\n--- pest\n{}",
                context(&descent),
                context(&pest)
            ))
        }
        (Some(_), None) => Err("accepted by descent only".to_owned()),
        (None, Some(_)) => Err("accepted by pest only".to_owned()),
    }
}

fn repository_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    for folder in ["examples", "stdlib", "tests", "editors", "docs"] {
        for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
            let entry = entry.expect("the repository is readable");
            let path = entry.path();
            if path.extension().is_some_and(|extension| extension == "timon") {
                let text = std::fs::read_to_string(path).expect("sources are UTF-8");
                sources.push((path.display().to_string(), text));
            }
        }
    }
    sources
}

#[test]
fn the_descent_parser_builds_pest_s_tree_for_every_source() {
    let sources = repository_sources();
    assert!(sources.len() > 100, "found only {} sources", sources.len());
    let mut accepted = 0;
    for (path, text) in &sources {
        match compare(text) {
            Ok(true) => accepted += 1,
            Ok(false) => {}
            Err(difference) => panic!("{path}: {difference}"),
        }
    }
    // Most fixtures are valid syntax (their errors come later); some are syntax errors.
    assert!(accepted > sources.len() * 3 / 4, "{accepted} of {}", sources.len());
}

/// Damaged copies: a character removed, or something inserted, at positions spread through each
/// file. Most of them are syntax errors; the two parsers must still agree on which ones.
#[test]
fn the_descent_parser_agrees_with_pest_on_damaged_sources() {
    const INSERTIONS: [&str; 16] = [
        " ", "\n", "{", "}", "\"", ".", "..", ",", "=", ":", "/*", "//", "${", "\\", "private ",
        "1",
    ];
    let mut compared = 0;
    let mut accepted = 0;
    for (path, text) in repository_sources() {
        let boundaries: Vec<usize> = text.char_indices().map(|(index, _)| index).collect();
        let stride = (boundaries.len() / 12).max(1);
        for (step, &at) in boundaries.iter().enumerate().step_by(stride) {
            let next = boundaries.get(step + 1).copied().unwrap_or(text.len());
            let insertion = INSERTIONS[step % INSERTIONS.len()];
            let variants = [
                format!("{}{}", &text[..at], &text[next..]),
                format!("{}{insertion}{}", &text[..at], &text[at..]),
                text[..at].to_owned(),
            ];
            for variant in variants {
                compared += 1;
                match compare(&variant) {
                    Ok(true) => accepted += 1,
                    Ok(false) => {}
                    Err(difference) => {
                        panic!("{path}, damaged at byte {at}: {difference}\n--- text\n{variant}")
                    }
                }
            }
        }
    }
    assert!(compared > 4_000 && accepted > 500, "{accepted} accepted of {compared}");
}
