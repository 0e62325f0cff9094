//! The one table of input languages: for each, the names a user or an editor gives it, the
//! file names, extensions and shebangs that select it, its comment syntax and its extractor.
//! Adding an input format is one row here and one extractor module (see docs/architecture.md).
//! It depends on nothing above `source`: the findings and reports of every stage name it.

use std::path::Path;

/// The language a file is analysed as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Shell,
    Graphql,
    Sql,
    Markdown,
    Json,
    Jsonl,
    /// CI workflows: GitHub Actions and GitLab CI.
    Workflow,
    /// Dockerfiles and Containerfiles.
    Dockerfile,
    /// Makefiles.
    Makefile,
    /// justfiles.
    Justfile,
    /// Procfiles.
    Procfile,
}

/// Everything preflight knows about one input language.
#[derive(Debug)]
pub struct LangInfo {
    pub lang: Lang,
    /// The `--lang` value, the origin of its findings and its name in output.
    pub name: &'static str,
    /// Other names users and editors give it: `--lang` aliases, LSP language ids, fence tags.
    pub aliases: &'static [&'static str],
    /// File extensions, lowercase, without the dot.
    pub extensions: &'static [&'static str],
    /// Whole file names (shell startup files have no extension).
    pub file_names: &'static [&'static str],
    /// Path patterns matched against the end of a path, component by component, ASCII case
    /// insensitive; `*` in a component matches any run of characters
    /// (`.github/workflows/*.yml` matches `repo/.github/workflows/deploy.yml`). They select a
    /// file whose extension alone says nothing (a `.yml` file is only read where it is a CI
    /// workflow).
    pub paths: &'static [&'static str],
    /// Interpreters whose shebang (`#!/usr/bin/env NAME`) selects it.
    pub shebangs: &'static [&'static str],
    /// The line-comment prefix suppressions are written with; `None`: no comments (JSON).
    pub comment: Option<&'static str>,
    /// Whether a file of it is binary (and skipped).
    pub is_binary: fn(&[u8]) -> bool,
    /// The extractor that reads it (`crate::extract::extract` runs it).
    pub extractor: Extractor,
    /// How a file of a shared extension (`.yml`, `.json`) is recognised as this language by its
    /// content, where its name says nothing.
    pub sniff: Option<Sniff>,
}

/// Recognises a language by content: a YAML document with `apiVersion` and `kind` is a
/// Kubernetes manifest, a JSON document with `resource_changes` a Terraform plan. Rows with a
/// sniff are tried, in table order, before the row their extension alone selects.
#[derive(Debug)]
pub struct Sniff {
    /// Extensions of the files it looks into, lowercase, without the dot.
    pub extensions: &'static [&'static str],
    /// Whether the text is of this language. It must be cheap on any input and never panic.
    pub test: fn(&str) -> bool,
}

/// How a file becomes the snippets of code it holds: the whole file as code of one language,
/// or an extractor module under `src/extract/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extractor {
    /// The whole file is shell code.
    Shell,
    /// The whole file is a GraphQL document.
    Graphql,
    /// The whole file is SQL.
    Sql,
    /// `extract::markdown`: fenced code blocks in order, headings as notes.
    Markdown,
    /// `extract::workflow`: the shell commands of a CI workflow's jobs, job names and
    /// environments as notes.
    Workflow,
    /// `extract::json`: tool calls and request bodies of one JSON document, or of JSON Lines.
    Json { lines: bool },
    /// `extract::dockerfile`: `RUN`, `CMD` and `ENTRYPOINT` code; stages, `ENV`, `LABEL` notes.
    Dockerfile,
    /// `extract::makefile`: recipe lines; target names as notes.
    Makefile,
    /// `extract::justfile`: recipe bodies; recipe names as notes.
    Justfile,
    /// `extract::procfile`: `name: command` lines; process names as notes.
    Procfile,
}

/// Shell startup files, which have no extension and usually no shebang.
const SHELL_DOTFILES: &[&str] = &[
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".bash_logout",
    ".profile",
    ".zshrc",
    ".zprofile",
    ".zshenv",
    ".zlogin",
    ".envrc",
];

/// The table, one row per language.
pub static LANGS: &[LangInfo] = &[
    LangInfo {
        lang: Lang::Shell,
        name: "shell",
        aliases: &["sh", "bash", "zsh", "ksh", "dash", "ash", "mksh", "bats", "shellscript"],
        extensions: &["sh", "bash", "ksh", "zsh", "bats", "dash", "ash"],
        file_names: SHELL_DOTFILES,
        paths: &[],
        shebangs: &[
            "sh", "bash", "dash", "ksh", "zsh", "ash", "mksh", "busybox", "bats", "yash", "posh",
        ],
        comment: Some("#"),
        is_binary: crate::source::bash_binary,
        extractor: Extractor::Shell,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Graphql,
        name: "graphql",
        aliases: &["gql", "graphqls"],
        extensions: &["graphql", "gql", "graphqls"],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Graphql,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Sql,
        name: "sql",
        aliases: &["pgsql", "postgres", "postgresql", "mysql", "plsql", "sqlite"],
        extensions: &["sql"],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: Some("--"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Sql,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Markdown,
        name: "markdown",
        aliases: &["md", "mdx"],
        extensions: &["md", "markdown", "mdx"],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: Some("<!--"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Markdown,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Json,
        name: "json",
        aliases: &["jsonc"],
        extensions: &["json"],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: None,
        is_binary: crate::source::has_nul,
        extractor: Extractor::Json { lines: false },
        sniff: None,
    },
    LangInfo {
        lang: Lang::Jsonl,
        name: "jsonl",
        aliases: &["ndjson", "jsonlines"],
        extensions: &["jsonl", "ndjson"],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: None,
        is_binary: crate::source::has_nul,
        extractor: Extractor::Json { lines: true },
        sniff: None,
    },
    LangInfo {
        lang: Lang::Workflow,
        name: "workflow",
        aliases: &["ci", "github-actions", "github-actions-workflow", "gha", "gitlab-ci"],
        extensions: &[],
        file_names: &[],
        paths: &[
            ".github/workflows/*.yml",
            ".github/workflows/*.yaml",
            ".gitlab-ci.yml",
            ".gitlab-ci.yaml",
            "*.gitlab-ci.yml",
            "*.gitlab-ci.yaml",
        ],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Workflow,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Dockerfile,
        name: "dockerfile",
        aliases: &["containerfile", "docker"],
        extensions: &["dockerfile", "containerfile"],
        file_names: &["Dockerfile", "Containerfile", "dockerfile", "containerfile"],
        paths: &["Dockerfile.*", "Containerfile.*"],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Dockerfile,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Makefile,
        name: "makefile",
        aliases: &["make", "gnumakefile"],
        extensions: &["mk", "mak"],
        file_names: &["Makefile", "makefile", "GNUmakefile"],
        paths: &[],
        shebangs: &["make"],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Makefile,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Justfile,
        name: "justfile",
        aliases: &["just"],
        extensions: &["just"],
        file_names: &["justfile", "Justfile", ".justfile", "JUSTFILE"],
        paths: &[],
        shebangs: &["just"],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Justfile,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Procfile,
        name: "procfile",
        aliases: &[],
        extensions: &[],
        file_names: &["Procfile"],
        paths: &["Procfile.*"],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Procfile,
        sniff: None,
    },
];

impl Lang {
    /// Its row of the table.
    pub fn info(self) -> &'static LangInfo {
        LANGS.iter().find(|i| i.lang == self).expect("every language has a row")
    }

    /// The language a user or an editor names (`shell`, `bash`, `gql`, `ndjson` …), any case.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        LANGS
            .iter()
            .find(|i| i.name == s || i.aliases.contains(&s.as_str()))
            .map(|i| i.lang)
    }

    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// The language of a file from its name alone.
    pub fn from_path(path: &Path) -> Option<Lang> {
        if let Some(l) = Lang::by_name(path) {
            return Some(l);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        LANGS
            .iter()
            .find(|i| i.extensions.contains(&ext.as_str()))
            .map(|i| i.lang)
    }

    /// Whether a file's language is told by its content, not its name: no file name or path
    /// pattern selects it, and some language sniffs its extension (`config.yml`, `plan.json`).
    pub fn needs_content(path: &Path) -> bool {
        Lang::by_name(path).is_none()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| sniffers(&e.to_ascii_lowercase()).next().is_some())
    }

    /// The language of a file from its name and its text: a file name or path pattern, else a
    /// language that recognises the content (for its extension), else the extension, else the
    /// shebang.
    pub fn from_text(path: &Path, text: &str) -> Option<Lang> {
        if let Some(l) = Lang::by_name(path) {
            return Some(l);
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if let Some(ext) = &ext
            && let Some(i) = sniffers(ext).find(|i| i.sniff.as_ref().is_some_and(|s| (s.test)(text)))
        {
            return Some(i.lang);
        }
        Lang::from_path(path).or_else(|| Lang::from_shebang(text.as_bytes()))
    }

    /// The language a whole file name or a path pattern selects.
    fn by_name(path: &Path) -> Option<Lang> {
        let name = path.file_name()?.to_str()?;
        LANGS
            .iter()
            .find(|i| i.file_names.contains(&name) || i.paths.iter().any(|p| path_matches(p, path)))
            .map(|i| i.lang)
    }

    /// The language a shebang selects: `#!/bin/sh`, `#!/usr/bin/env bash`,
    /// `#!/usr/bin/env -S bash -e`, `#! /bin/zsh` …
    pub fn from_shebang(head: &[u8]) -> Option<Lang> {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let rest = head.strip_prefix(b"#!")?;
        let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
        let line = String::from_utf8_lossy(line);
        let mut words = line.split_whitespace();
        let interp = words.next()?;
        let mut name = interp.rsplit('/').next().unwrap_or(interp);
        if name == "env" {
            // skip env's options (`-S`, `-i`, `NAME=value`)
            let w = words.find(|w| !w.starts_with('-') && !w.contains('='))?;
            name = w.rsplit('/').next().unwrap_or(w);
        }
        LANGS.iter().find(|i| i.shebangs.contains(&name)).map(|i| i.lang)
    }

    /// The language of an editor's document: its language id, else its name and content (see
    /// [`Lang::from_text`]). Editors call JSON Lines files and Terraform plans plain `json`, and
    /// every YAML file `yaml`: there the name and the content decide.
    pub fn for_document(language_id: &str, path: &Path, text: &str) -> Option<Lang> {
        let by_text = || Lang::from_text(path, text);
        match Lang::parse(language_id) {
            Some(Lang::Json) => by_text().or(Some(Lang::Json)),
            Some(l) => Some(l),
            None => by_text(),
        }
    }

    /// The line-comment prefix suppressions are written with (`None`: the language has none).
    pub fn comment(self) -> Option<&'static str> {
        self.info().comment
    }

    /// Whether `bytes` are binary for this language (and so not analysed).
    pub fn is_binary(self, bytes: &[u8]) -> bool {
        (self.info().is_binary)(bytes)
    }
}

/// The rows that sniff files of extension `ext`.
fn sniffers(ext: &str) -> impl Iterator<Item = &'static LangInfo> + '_ {
    LANGS
        .iter()
        .filter(move |i| i.sniff.as_ref().is_some_and(|s| s.extensions.contains(&ext)))
}

/// Whether the last components of `path` match `pattern`'s components (see [`LangInfo::paths`]).
fn path_matches(pattern: &str, path: &Path) -> bool {
    let mut names = path.components().rev().map(|c| c.as_os_str().to_str());
    pattern.rsplit('/').all(|p| {
        names
            .next()
            .flatten()
            .is_some_and(|n| glob_component(p.as_bytes(), n.as_bytes()))
    })
}

/// `*` matches any run of bytes; everything else matches itself, ASCII case insensitive.
fn glob_component(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.iter().position(|&b| b == b'*') {
        None => pattern.eq_ignore_ascii_case(name),
        Some(star) => {
            let (head, rest) = (&pattern[..star], &pattern[star + 1..]);
            if name.len() < head.len() || !name[..head.len()].eq_ignore_ascii_case(head) {
                return false;
            }
            let name = &name[head.len()..];
            // the common case, one `*` (`*.gitlab-ci.yml`): the rest must end the name
            if !rest.contains(&b'*') {
                return name.len() >= rest.len() && name[name.len() - rest.len()..].eq_ignore_ascii_case(rest);
            }
            (0..=name.len()).any(|k| glob_component(rest, &name[k..]))
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs() {
        for yes in [
            "#!/bin/sh\n",
            "#!/usr/bin/env bash\n",
            "#!/usr/bin/env -S bash -e\n",
            "#! /bin/zsh",
            "#!/bin/bash -eu",
        ] {
            assert_eq!(Lang::from_shebang(yes.as_bytes()), Some(Lang::Shell), "{yes}");
        }
        for no in ["#!/usr/bin/env python3\n", "echo hi", "#!/usr/bin/perl -w", ""] {
            assert_eq!(Lang::from_shebang(no.as_bytes()), None, "{no}");
        }
    }

    #[test]
    fn languages_by_name() {
        assert_eq!(Lang::from_path(Path::new("a/b.sh")), Some(Lang::Shell));
        assert_eq!(Lang::from_path(Path::new("x.bats")), Some(Lang::Shell));
        assert_eq!(Lang::from_path(Path::new("q.GQL")), Some(Lang::Graphql));
        assert_eq!(Lang::from_path(Path::new("/home/u/.bashrc")), Some(Lang::Shell));
        assert_eq!(Lang::from_path(Path::new("README")), None);
    }

    #[test]
    fn languages_by_path() {
        for yes in [
            "/r/.github/workflows/deploy.yml",
            ".github/workflows/ci.YAML",
            "r/.gitlab-ci.yml",
            ".gitlab-ci.yml",
            "ci/deploy.gitlab-ci.yml",
        ] {
            assert_eq!(Lang::from_path(Path::new(yes)), Some(Lang::Workflow), "{yes}");
        }
        for no in [
            "config.yml",
            ".github/dependabot.yml",
            ".github/workflows/sub/x.yml",
            "workflows/x.yml",
            ".github/workflows/README.md",
            "gitlab-ci.yml",
        ] {
            assert_ne!(Lang::from_path(Path::new(no)), Some(Lang::Workflow), "{no}");
        }
        assert_eq!(Lang::from_path(Path::new("config.yml")), None);
    }

    #[test]
    fn container_and_build_files_by_name() {
        for (yes, l) in [
            ("Dockerfile", Lang::Dockerfile),
            ("app/Containerfile", Lang::Dockerfile),
            ("Dockerfile.prod", Lang::Dockerfile),
            ("api.Dockerfile", Lang::Dockerfile),
            ("build/x.dockerfile", Lang::Dockerfile),
            ("Makefile", Lang::Makefile),
            ("GNUmakefile", Lang::Makefile),
            ("mk/rules.mk", Lang::Makefile),
            ("justfile", Lang::Justfile),
            (".justfile", Lang::Justfile),
            ("tasks.just", Lang::Justfile),
            ("Procfile", Lang::Procfile),
            ("app/Procfile.dev", Lang::Procfile),
        ] {
            assert_eq!(Lang::from_path(Path::new(yes)), Some(l), "{yes}");
        }
        for no in ["Dockerfiles/readme.txt", "docker-compose.yml", "dockerfile.go/x"] {
            assert_ne!(Lang::from_path(Path::new(no)), Some(Lang::Dockerfile), "{no}");
        }
    }

    #[test]
    fn names_users_type() {
        for (s, l) in [
            ("bash", Lang::Shell),
            ("SH", Lang::Shell),
            ("zsh", Lang::Shell),
            ("gql", Lang::Graphql),
            ("md", Lang::Markdown),
            ("ndjson", Lang::Jsonl),
            ("postgres", Lang::Sql),
        ] {
            assert_eq!(Lang::parse(s), Some(l), "{s}");
        }
        assert_eq!(Lang::parse("cobol"), None);
    }

    #[test]
    fn every_name_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for i in LANGS {
            assert_eq!(Lang::parse(i.name), Some(i.lang));
            for n in std::iter::once(&i.name).chain(i.aliases) {
                assert!(seen.insert(*n), "`{n}` names two languages");
            }
        }
        let mut exts = std::collections::HashSet::new();
        for e in LANGS.iter().flat_map(|i| i.extensions) {
            assert!(exts.insert(*e), "`.{e}` selects two languages");
        }
    }

    #[test]
    fn editor_documents() {
        let p = Path::new("/w/x");
        assert_eq!(Lang::for_document("shellscript", p, ""), Some(Lang::Shell));
        assert_eq!(
            Lang::for_document("json", Path::new("/w/log.jsonl"), ""),
            Some(Lang::Jsonl)
        );
        assert_eq!(Lang::for_document("plaintext", p, "#!/bin/bash\n"), Some(Lang::Shell));
        // editors call every YAML file `yaml`: the path decides whether it is a workflow
        assert_eq!(
            Lang::for_document("yaml", Path::new("/w/.github/workflows/ci.yml"), ""),
            Some(Lang::Workflow)
        );
        assert_eq!(Lang::for_document("yaml", Path::new("/w/k8s/job.yml"), ""), None);
        assert_eq!(
            Lang::for_document("github-actions-workflow", p, ""),
            Some(Lang::Workflow)
        );
    }
}
