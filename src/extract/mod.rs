//! Extract: turns a file into a plan — the ordered snippets of code it would run (the fences of
//! a Markdown plan, the tool calls of an agent log, a GraphQL request body), each with its
//! language and an offset map back to the original bytes — plus the prose that says what the
//! plan is for (headings, the user's task), for the environment analysis.

pub mod ansible;
pub mod cloud_init;
pub mod compose;
pub mod devcontainer;
pub mod dockerfile;
pub mod form;
pub(crate) mod helm;
pub mod infra_plan;
pub mod json;
pub mod jsonstr;
pub mod justfile;
pub mod makefile;
pub mod manifest;
pub mod markdown;
pub mod package_json;
pub mod procfile;
pub mod taskfile;
pub mod workflow;
pub(crate) mod yaml;

use std::collections::BTreeMap;

use crate::graphql;
use crate::lang::{Extractor, Lang};
use crate::source::{OffsetMap, Span};
use crate::sql::SqlDialect;

/// The snippets of code a text of language `lang` holds, by the extractor its row names.
pub fn extract(lang: Lang, text: &str) -> Extracted {
    let whole = |l: SnippetLang| Extracted {
        snippets: vec![Snippet::new(l, text.to_owned(), OffsetMap::identity(0), lang.as_str())],
        ..Extracted::default()
    };
    match lang.info().extractor {
        Extractor::Shell => whole(SnippetLang::Shell),
        Extractor::Graphql => whole(SnippetLang::Graphql),
        Extractor::Sql => whole(SnippetLang::Sql(SqlDialect::Generic)),
        Extractor::Markdown => markdown::extract(text),
        Extractor::Json { lines } => json::extract(text, lines),
        Extractor::Workflow => workflow::extract(text),
        Extractor::TerraformPlan => infra_plan::terraform(text),
        Extractor::PulumiPreview => infra_plan::pulumi(text),
        Extractor::Manifest => manifest::extract(text),
        Extractor::Ansible => ansible::extract(text),
        Extractor::Compose => compose::extract(text),
        Extractor::Taskfile => taskfile::extract(text),
        Extractor::PackageJson => package_json::extract(text),
        Extractor::Devcontainer => devcontainer::extract(text),
        Extractor::CloudInit => cloud_init::extract(text),
        Extractor::Dockerfile => dockerfile::extract(text),
        Extractor::Makefile => makefile::extract(text),
        Extractor::Justfile => justfile::extract(text),
        Extractor::Procfile => procfile::extract(text),
        Extractor::PowerShell => whole(SnippetLang::PowerShell),
        Extractor::Batch => whole(SnippetLang::Batch),
    }
}

/// The language of a snippet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnippetLang {
    Shell,
    Graphql,
    Sql(SqlDialect),
    /// A JSON file or fence: agent tool calls or GraphQL request bodies.
    Json,
    /// PowerShell code (a `.ps1` file, a `pwsh` fence, a PowerShell tool call, `pwsh -c`).
    PowerShell,
    /// cmd.exe code (a `.bat` file, `cmd /c`, a cmd tool call).
    Batch,
}

impl SnippetLang {
    /// The shell a command line of an agent's shell tool is read as, when the tool does not say:
    /// PowerShell or cmd.exe when its words say so (agents run those on Windows), else a POSIX shell.
    pub fn of_command_line(text: &str) -> SnippetLang {
        if crate::shell::powershell::looks_like_powershell(text) {
            SnippetLang::PowerShell
        } else if crate::shell::batch::looks_like_cmd(text) {
            SnippetLang::Batch
        } else {
            SnippetLang::Shell
        }
    }
}

/// Code found in a file, ready to be parsed.
#[derive(Clone, Debug)]
pub struct Snippet {
    pub lang: SnippetLang,
    pub text: String,
    /// Snippet offsets → original file offsets.
    pub map: OffsetMap,
    /// `markdown:bash`, `json:claude-code`, `json:graphql-request` …
    pub origin: String,
    /// GraphQL variables from the request that carried the document.
    pub vars: BTreeMap<String, graphql::Value>,
    /// GraphQL `operationName` from the request: only that operation runs.
    pub operation_name: Option<String>,
    /// Rebuilt from words whose values are only partly known (`eval "x=$y"`): what cannot be
    /// parsed in it is not reported as a syntax error of the file.
    pub partial: bool,
    /// The script beside the analysed file this code was read from (`bash x.sh`), relative.
    pub source_file: Option<std::path::PathBuf>,
    /// Not code that runs: the content an agent's file tool writes to this path (a later step
    /// may run it), and whether the text is all of it (an edit gives only a part).
    pub written_to: Option<(std::path::PathBuf, bool)>,
    /// Not a command line but a call rebuilt as one: an agent's tool call or an SDK method call
    /// (`drop_database --name prod`, `delete_bucket --Bucket x`). Its first word names the
    /// action, not a program, and the verb lexicon reads it for verbs and nouns.
    pub action: bool,
    /// Runs in a throw-away filesystem (a Dockerfile `RUN`, inside the build container): what
    /// it deletes there is gone with the container, and is not graded as lost data.
    pub scratch_fs: Option<ScratchFs>,
}

/// The throw-away filesystem a snippet runs in (see [`Snippet::scratch_fs`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScratchFs {
    /// Directories whose contents outlive it (a build's cache mounts and writable bind mounts):
    /// what is deleted under them is graded as usual.
    pub kept: Vec<String>,
}

impl Snippet {
    pub fn new(lang: SnippetLang, text: String, map: OffsetMap, origin: impl Into<String>) -> Self {
        Snippet {
            lang,
            text,
            map,
            origin: origin.into(),
            vars: BTreeMap::new(),
            operation_name: None,
            partial: false,
            source_file: None,
            written_to: None,
            action: false,
            scratch_fs: None,
        }
    }
}

/// Prose that says what a plan is about (a heading, a user's task, a comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    /// In original file offsets.
    pub span: Span,
    /// The origin of the code it speaks for (a CI job: `gitlab-ci:deploy` stands for the
    /// snippets of that origin and those nested in them, `gitlab-ci:deploy/…`): it says what
    /// those operations are about, not the others; `None`: the whole file.
    pub scope: Option<String>,
}

/// A file turned into the steps it would run.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    pub snippets: Vec<Snippet>,
    pub notes: Vec<Note>,
    /// Parts of the input that were not read for steps.
    pub unread: Vec<Unread>,
}

impl Extracted {
    /// Adds what was extracted from code nested in this input (a fence, a written file): `map`
    /// maps the nested text to this input; origins get `prefix` (`markdown:dockerfile/…`).
    pub fn append_nested(&mut self, inner: Extracted, map: &OffsetMap, prefix: &str) {
        for mut s in inner.snippets {
            s.map = map.compose(&s.map, s.text.len());
            s.origin = format!("{prefix}/{}", s.origin);
            self.snippets.push(s);
        }
        for n in inner.notes {
            self.notes.push(Note {
                text: n.text,
                span: map.map_span(n.span),
                scope: n.scope.map(|o| format!("{prefix}/{o}")),
            });
        }
        for u in inner.unread {
            self.unread.push(Unread {
                span: map.map_span(u.span),
                origin: Some(match u.origin {
                    Some(o) => format!("{prefix}/{o}"),
                    None => prefix.to_owned(),
                }),
                ..u
            });
        }
    }
}

/// A part of the input the extractor could not look into: it does not parse, it nests deeper
/// than the extractor follows, or what it runs is only known elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    /// In original file offsets.
    pub span: Span,
    pub message: String,
    pub kind: UnreadKind,
    /// Where it was met (`gitlab-ci:deploy`); `None`: the origin of the code around it (`json`
    /// at the top of a file).
    pub origin: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnreadKind {
    /// It does not parse.
    Malformed,
    /// Nested past a bound: a step could hide there.
    TooDeep,
    /// A GraphQL persisted query: only the server knows the operation.
    PersistedQuery,
}

/// Concatenates pieces of source text into one snippet, mapping each piece to its place.
pub(crate) struct TextBuilder {
    pub text: String,
    map: crate::source::OffsetMapBuilder,
}

impl TextBuilder {
    pub fn new() -> Self {
        TextBuilder {
            text: String::new(),
            map: OffsetMap::builder(),
        }
    }

    /// Appends `piece`, which stands at `src` in the original (one to one when `exact`).
    pub fn push(&mut self, piece: &str, src: usize, exact: bool) {
        if piece.is_empty() {
            return;
        }
        if exact {
            self.map.push(self.text.len(), src);
        } else {
            self.map.push_stretch(self.text.len(), src);
        }
        self.text.push_str(piece);
    }

    /// Appends `text` in single quotes, so that a shell reads it back as one word (a `'` in it
    /// becomes `'\''`): the opening quote stands at `open`, the closing one at `close`, and the
    /// character at byte `i` of `text` at `at(i)`.
    pub fn push_single_quoted(&mut self, text: &str, open: usize, close: usize, at: impl Fn(usize) -> usize) {
        self.push("'", open, false);
        for (i, ch) in text.char_indices() {
            if ch == '\'' {
                self.push("'\\''", at(i), false);
            } else {
                self.push(ch.encode_utf8(&mut [0; 4]), at(i), true);
            }
        }
        self.push("'", close, false);
    }

    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map.finish())
    }
}

/// What the extractors' unit tests ask of a result.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Extracted, Snippet};

    /// The source text the first `needle` of a snippet maps back to.
    pub(crate) fn at<'a>(src: &'a str, s: &Snippet, needle: &str) -> &'a str {
        let i = s
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {}", s.text));
        let o = s.map.map(i);
        &src[o..o + needle.len()]
    }

    /// Each snippet's origin and text, in order.
    pub(crate) fn origins_and_texts(ex: &Extracted) -> Vec<(&str, &str)> {
        ex.snippets
            .iter()
            .map(|s| (s.origin.as_str(), s.text.as_str()))
            .collect()
    }
}
