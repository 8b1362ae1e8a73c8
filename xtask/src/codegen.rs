//! `cargo xtask codegen`: rewrites the generated keyword regions of the editor grammars.
//!
//! Each editor file marks one region with a line containing [`BEGIN`] and the next line
//! containing [`END`]; only the lines between them are rewritten, from the `keyword` rule of
//! `grammar/timon.pest`. Everything outside the markers is hand-written.

use std::{fmt::Write as _, fs, path::Path};

use crate::grammar::{GRAMMAR_PATH, Grammar};

/// The marker that opens a generated region (inside a comment, or a JSON `"comment"` value).
pub const BEGIN: &str = "BEGIN GENERATED keywords";

/// The marker that closes a generated region.
pub const END: &str = "END GENERATED";

/// The `TextMate` grammar, whose `keywords-generated` repository entry holds the keyword regex.
pub const TEXTMATE_PATH: &str = "editors/vscode/syntaxes/timon.tmLanguage.json";

/// The Vim syntax file, whose `syn keyword timonKeyword` lines are generated.
pub const VIM_PATH: &str = "editors/vim/syntax/timon.vim";

/// The tree-sitter grammar, whose `KEYWORDS` array is generated.
pub const TREE_SITTER_GRAMMAR_PATH: &str = "editors/tree-sitter-timon/grammar.js";

/// The tree-sitter highlight query, whose `@keyword` list is generated.
pub const TREE_SITTER_HIGHLIGHTS_PATH: &str = "editors/tree-sitter-timon/queries/highlights.scm";

/// The characters that may continue an identifier, as a regex class (`ident_char` in the grammar).
pub const IDENT_CHAR_CLASS: &str = "[A-Za-z0-9_-]";

/// Generated lists are wrapped to this width, which leaves room for the region's indentation.
const WRAP_WIDTH: usize = 96;

/// Whether `run` rewrites stale files or only reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite every stale generated region.
    Write,
    /// Fail, naming the stale files, if any generated region differs from what codegen writes.
    Check,
}

/// One editor file with a generated region, and how to render that region.
struct Target {
    path: &'static str,
    render: fn(&[String]) -> Vec<String>,
}

/// Every file that codegen maintains.
const TARGETS: [Target; 4] = [
    Target { path: TEXTMATE_PATH, render: render_textmate },
    Target { path: VIM_PATH, render: render_vim },
    Target { path: TREE_SITTER_GRAMMAR_PATH, render: render_tree_sitter_grammar },
    Target { path: TREE_SITTER_HIGHLIGHTS_PATH, render: render_tree_sitter_highlights },
];

/// Runs codegen under the workspace root and returns one line per file for the person running it.
pub fn run(root: &Path, mode: Mode) -> Result<Vec<String>, String> {
    let keywords = Grammar::load(root)?.keywords()?;
    let mut report = Vec::new();
    let mut stale = Vec::new();
    for target in &TARGETS {
        let path = root.join(target.path);
        let current = fs::read_to_string(&path)
            .map_err(|error| format!("cannot read `{}`: {error}", target.path))?;
        let expected = replace_region(&current, &(target.render)(&keywords))
            .map_err(|error| format!("{}: {error}", target.path))?;
        if expected == current {
            report.push(format!("{}: up to date", target.path));
            continue;
        }
        match mode {
            Mode::Check => stale.push(target.path),
            Mode::Write => {
                fs::write(&path, expected)
                    .map_err(|error| format!("cannot write `{}`: {error}", target.path))?;
                report.push(format!("{}: updated", target.path));
            }
        }
    }
    if stale.is_empty() {
        Ok(report)
    } else {
        Err(format!(
            "generated keyword regions are stale in {}: run `cargo xtask codegen` after editing \
             `{GRAMMAR_PATH}`",
            stale.join(", ")
        ))
    }
}

/// The keyword regex of the `TextMate` grammar (Oniguruma syntax): any keyword, as a whole word.
///
/// Keywords are tried longest first, and the look-arounds treat `-` as part of a word, as
/// `ident_char` does, so that `https-redirect` holds no `redirect` keyword.
pub fn textmate_keyword_regex(keywords: &[String]) -> String {
    let mut longest_first: Vec<&String> = keywords.iter().collect();
    longest_first.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let alternatives: Vec<&str> = longest_first.iter().map(|word| word.as_str()).collect();
    format!("(?<!{IDENT_CHAR_CLASS})(?:{})(?!{IDENT_CHAR_CLASS})", alternatives.join("|"))
}

/// Replaces the lines between the [`BEGIN`] and [`END`] marker lines of `text` with `body`,
/// each indented like the [`BEGIN`] line.
pub fn replace_region(text: &str, body: &[String]) -> Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let begins: Vec<usize> = (0..lines.len()).filter(|&idx| lines[idx].contains(BEGIN)).collect();
    let [begin_idx] = begins.as_slice() else {
        return Err(format!("expected exactly one line containing `{BEGIN}`"));
    };
    let Some(end_idx) = (begin_idx + 1..lines.len()).find(|&idx| lines[idx].contains(END)) else {
        return Err(format!("no line containing `{END}` after `{BEGIN}`"));
    };
    let begin_line = lines[*begin_idx];
    let indent = &begin_line[..begin_line.len() - begin_line.trim_start().len()];
    let mut out = String::with_capacity(text.len());
    out.extend(lines[..=*begin_idx].iter().copied());
    for line in body {
        if !line.is_empty() {
            out.push_str(indent);
        }
        out.push_str(line);
        out.push('\n');
    }
    out.extend(lines[end_idx..].iter().copied());
    Ok(out)
}

/// The body of the `TextMate` `keywords-generated` entry: its scope and its regex.
fn render_textmate(keywords: &[String]) -> Vec<String> {
    vec![
        r#""name": "keyword.other.timon","#.to_owned(),
        format!(r#""match": "{}","#, json_escape(&textmate_keyword_regex(keywords))),
    ]
}

/// `syn keyword timonKeyword …` lines; `syntax/timon.vim` puts `-` in `iskeyword`.
fn render_vim(keywords: &[String]) -> Vec<String> {
    wrap("syn keyword timonKeyword ", keywords)
}

/// The `KEYWORDS` array of `grammar.js`.
fn render_tree_sitter_grammar(keywords: &[String]) -> Vec<String> {
    let quoted: Vec<String> = keywords.iter().map(|word| format!("'{word}',")).collect();
    let mut lines = vec!["const KEYWORDS = [".to_owned()];
    lines.extend(wrap("  ", &quoted));
    lines.push("];".to_owned());
    lines
}

/// The `@keyword` capture of `highlights.scm`.
fn render_tree_sitter_highlights(keywords: &[String]) -> Vec<String> {
    let quoted: Vec<String> = keywords.iter().map(|word| format!("\"{word}\"")).collect();
    let mut lines = vec!["[".to_owned()];
    lines.extend(wrap("  ", &quoted));
    lines.push("] @keyword".to_owned());
    lines
}

/// Packs `items` into lines of at most [`WRAP_WIDTH`] columns, each starting with `start`.
fn wrap(start: &str, items: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && line.len() + 1 + item.len() > WRAP_WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if line.is_empty() {
            line.push_str(start);
        } else {
            line.push(' ');
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Escapes `text` for a JSON string literal.
fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn replaces_only_the_lines_between_the_markers() {
        let text = "keep\n  // BEGIN GENERATED keywords\n  old\n  old\n  // END GENERATED\nkeep\n";
        let out = replace_region(text, &words(&["new", "", "newer"])).unwrap();
        assert_eq!(
            out,
            "keep\n  // BEGIN GENERATED keywords\n  new\n\n  newer\n  // END GENERATED\nkeep\n"
        );
    }

    #[test]
    fn refuses_a_file_without_exactly_one_region() {
        assert!(replace_region("no markers\n", &[]).is_err());
        let twice = "BEGIN GENERATED keywords\nEND GENERATED\nBEGIN GENERATED keywords\n";
        assert!(replace_region(twice, &[]).is_err());
        assert!(replace_region("BEGIN GENERATED keywords\nnever closed\n", &[]).is_err());
    }

    #[test]
    fn textmate_regex_tries_longer_keywords_first() {
        let regex = textmate_keyword_regex(&words(&["to", "tls", "ceph-block"]));
        assert_eq!(regex, "(?<![A-Za-z0-9_-])(?:ceph-block|tls|to)(?![A-Za-z0-9_-])");
    }

    #[test]
    fn wraps_long_lists_under_the_width() {
        let many: Vec<String> = (0..60).map(|n| format!("word{n}")).collect();
        let lines = render_vim(&many);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|line| line.len() <= WRAP_WIDTH));
        assert!(lines.iter().all(|line| line.starts_with("syn keyword timonKeyword word")));
        let n_words: usize = lines.iter().map(|line| line.split(' ').skip(3).count()).sum();
        assert_eq!(n_words, 60);
    }

    #[test]
    fn escapes_json() {
        assert_eq!(json_escape(r#"a"b\c"#), r#"a\"b\\c"#);
    }
}
