//! Source files and spans: every diagnostic and every emitted object points back here.

use std::path::PathBuf;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub source: SourceId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(source: SourceId, start: usize, end: usize) -> Self {
        let clamp = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Self { source, start: clamp(start), end: clamp(end) }
    }

    /// The smallest span covering both `self` and `other` (same file assumed).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Where a source file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file of the user's project; `name` is its path relative to the project root.
    Project { path: PathBuf },
    /// A module of the standard library embedded in the binary (`std.traefik`).
    Stdlib { module: String },
    /// One instance of a template: the template's text again, under its own id, so that a
    /// diagnostic inside it can also name the call that made it.
    Instance { template: String, call: Span },
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics and in the headers of generated files.
    pub name: String,
    pub origin: Origin,
    /// Shared by a file and the instances of its templates.
    pub text: std::sync::Arc<str>,
    /// Byte offsets of line starts, computed on first use.
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

/// All source files of one compilation.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, name: String, origin: Origin, text: String) -> SourceId {
        let id = SourceId(u32::try_from(self.files.len()).expect("fewer than 4 billion files"));
        self.files.push(SourceFile {
            name,
            origin,
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        });
        id
    }

    /// A new id for an instance of a template declared in `template_source`, called at `call`.
    pub fn add_instance(
        &mut self,
        template_source: SourceId,
        template: &str,
        call: Span,
    ) -> SourceId {
        let id = SourceId(u32::try_from(self.files.len()).expect("fewer than 4 billion files"));
        let file = self.get(template_source);
        let instance = SourceFile {
            name: file.name.clone(),
            origin: Origin::Instance { template: template.to_owned(), call },
            text: file.text.clone(),
            line_starts: file.line_starts.clone(),
        };
        self.files.push(instance);
        id
    }

    /// The call sites that made `source`, innermost first (empty for a real file).
    pub fn instance_calls(&self, mut source: SourceId) -> Vec<(String, Span)> {
        let mut calls = Vec::new();
        while let Origin::Instance { template, call } = &self.get(source).origin {
            calls.push((template.clone(), *call));
            if calls.len() > 64 {
                break;
            }
            source = call.source;
        }
        calls
    }

    pub fn get(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn text(&self, span: Span) -> &str {
        let text = &self.get(span.source).text;
        text.get(span.start as usize..span.end as usize).unwrap_or("")
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, source: SourceId, offset: u32) -> (usize, usize) {
        let file = self.get(source);
        let text = &file.text;
        let mut offset = (offset as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Every output file's header names a line: the lines of a 7 MB project are found once,
        // with `memchr` (a `char` search spent more on this than on the headers).
        let starts = file.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    memchr::memchr_iter(b'\n', text.as_bytes())
                        .map(|index| u32::try_from(index + 1).unwrap_or(u32::MAX)),
                )
                .collect()
        });
        let line = starts.partition_point(|start| (*start as usize) <= offset);
        let line_start = starts[line - 1] as usize;
        let column = text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    pub fn files(&self) -> impl Iterator<Item = (SourceId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(index, file)| (SourceId(u32::try_from(index).unwrap_or(u32::MAX)), file))
    }
}
