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
    /// A Terraform or OpenTofu plan as JSON (`terraform show -json PLAN`).
    TerraformPlan,
    /// A Pulumi preview as JSON (`pulumi preview --json`).
    PulumiPreview,
    /// Kubernetes manifests and Helm chart templates.
    Manifest,
    /// Ansible playbooks, role task files and handlers.
    Ansible,
    /// Docker Compose files.
    Compose,
    /// Taskfiles of go-task.
    Taskfile,
    /// A `package.json`: its `scripts`.
    PackageJson,
    /// A dev container's `devcontainer.json`.
    Devcontainer,
    /// cloud-init user data (`#cloud-config`).
    CloudInit,
    /// Dockerfiles and Containerfiles.
    Dockerfile,
    /// Makefiles.
    Makefile,
    /// justfiles.
    Justfile,
    /// Procfiles.
    Procfile,
    /// PowerShell scripts, modules and data files.
    PowerShell,
    /// cmd.exe batch files.
    Batch,
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
    /// `extract::infra_plan`: the resources a Terraform/OpenTofu plan deletes or replaces.
    TerraformPlan,
    /// `extract::infra_plan`: the resources a Pulumi preview deletes or replaces.
    PulumiPreview,
    /// `extract::manifest`: the commands of a Kubernetes manifest's containers (Helm templates
    /// too), the objects' names, namespaces, labels and hooks as notes.
    Manifest,
    /// `extract::ansible`: the commands of an Ansible playbook's or role's tasks, and the
    /// modules that remove data rebuilt as calls; plays' hosts and environments as notes.
    Ansible,
    /// `extract::compose`: services' `command`, `entrypoint`, healthchecks and hooks.
    Compose,
    /// `extract::taskfile`: tasks' `cmds`, `preconditions`, `status` and dynamic variables.
    Taskfile,
    /// `extract::package_json`: the `scripts` of a `package.json`.
    PackageJson,
    /// `extract::devcontainer`: the lifecycle commands of a `devcontainer.json`.
    Devcontainer,
    /// `extract::cloud_init`: `runcmd` and `bootcmd` of cloud-config user data, or a user-data
    /// shell script.
    CloudInit,
    /// `extract::dockerfile`: `RUN`, `CMD` and `ENTRYPOINT` code; stages, `ENV`, `LABEL` notes.
    Dockerfile,
    /// `extract::makefile`: recipe lines; target names as notes.
    Makefile,
    /// `extract::justfile`: recipe bodies; recipe names as notes.
    Justfile,
    /// `extract::procfile`: `name: command` lines; process names as notes.
    Procfile,
    /// The whole file is PowerShell (`shell::powershell`).
    PowerShell,
    /// The whole file is a cmd.exe batch script (`shell::batch`).
    Batch,
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
        aliases: &[
            "ci",
            "github-actions",
            "github-actions-workflow",
            "gha",
            "gitlab-ci",
            "circleci",
            "bitbucket-pipelines",
            "azure-pipelines",
            "buildkite",
            "cloudbuild",
        ],
        extensions: &[],
        file_names: &[
            "bitbucket-pipelines.yml",
            "bitbucket-pipelines.yaml",
            "azure-pipelines.yml",
            "azure-pipelines.yaml",
            "cloudbuild.yaml",
            "cloudbuild.yml",
            "buildkite.yml",
            "buildkite.yaml",
        ],
        paths: &[
            ".github/workflows/*.yml",
            ".github/workflows/*.yaml",
            ".gitlab-ci.yml",
            ".gitlab-ci.yaml",
            "*.gitlab-ci.yml",
            "*.gitlab-ci.yaml",
            ".circleci/config.yml",
            ".circleci/config.yaml",
            ".azure-pipelines/*.yml",
            ".azure-pipelines/*.yaml",
            "*.azure-pipelines.yml",
            ".buildkite/pipeline*.yml",
            ".buildkite/pipeline*.yaml",
            "cloudbuild.*.yaml",
            "cloudbuild-*.yaml",
        ],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Workflow,
        sniff: None,
    },
    LangInfo {
        lang: Lang::TerraformPlan,
        name: "terraform-plan",
        aliases: &["tfplan", "tofu-plan", "opentofu-plan"],
        extensions: &[],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: None,
        is_binary: crate::source::has_nul,
        extractor: Extractor::TerraformPlan,
        sniff: Some(Sniff {
            extensions: &["json"],
            test: crate::extract::infra_plan::is_terraform_plan,
        }),
    },
    LangInfo {
        lang: Lang::PulumiPreview,
        name: "pulumi-preview",
        aliases: &["pulumi-plan"],
        extensions: &[],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: None,
        is_binary: crate::source::has_nul,
        extractor: Extractor::PulumiPreview,
        sniff: Some(Sniff {
            extensions: &["json"],
            test: crate::extract::infra_plan::is_pulumi_preview,
        }),
    },
    LangInfo {
        lang: Lang::Manifest,
        name: "kubernetes",
        aliases: &["k8s", "kube", "helm", "kubernetes-manifest", "manifest"],
        extensions: &[],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Manifest,
        sniff: Some(Sniff {
            extensions: &["yml", "yaml"],
            test: is_kubernetes_manifest,
        }),
    },
    LangInfo {
        lang: Lang::Ansible,
        name: "ansible",
        aliases: &["ansible-playbook", "playbook", "yaml.ansible"],
        extensions: &[],
        file_names: &[],
        paths: &[
            "roles/*/tasks/*.yml",
            "roles/*/tasks/*.yaml",
            "roles/*/handlers/*.yml",
            "roles/*/handlers/*.yaml",
            "tasks/main.yml",
            "tasks/main.yaml",
            "handlers/main.yml",
            "handlers/main.yaml",
        ],
        shebangs: &["ansible-playbook"],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Ansible,
        sniff: Some(Sniff {
            extensions: &["yml", "yaml"],
            test: crate::extract::ansible::sniff,
        }),
    },
    LangInfo {
        lang: Lang::Compose,
        name: "compose",
        aliases: &["docker-compose", "dockercompose", "compose-yaml"],
        extensions: &[],
        file_names: &[],
        paths: &[
            "docker-compose*.yml",
            "docker-compose*.yaml",
            "compose.yml",
            "compose.yaml",
            "compose.*.yml",
            "compose.*.yaml",
        ],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Compose,
        sniff: Some(Sniff {
            extensions: &["yml", "yaml"],
            test: crate::extract::compose::sniff,
        }),
    },
    LangInfo {
        lang: Lang::Taskfile,
        name: "taskfile",
        aliases: &["go-task"],
        extensions: &[],
        file_names: &[],
        paths: &[
            "taskfile.yml",
            "taskfile.yaml",
            "taskfile.dist.yml",
            "taskfile.dist.yaml",
        ],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Taskfile,
        sniff: Some(Sniff {
            extensions: &["yml", "yaml"],
            test: crate::extract::taskfile::sniff,
        }),
    },
    LangInfo {
        lang: Lang::PackageJson,
        name: "package-json",
        aliases: &["package.json", "npm-scripts"],
        extensions: &[],
        file_names: &["package.json"],
        paths: &[],
        shebangs: &[],
        comment: None,
        is_binary: crate::source::has_nul,
        extractor: Extractor::PackageJson,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Devcontainer,
        name: "devcontainer",
        aliases: &["devcontainer.json"],
        extensions: &[],
        file_names: &[".devcontainer.json"],
        paths: &[".devcontainer/devcontainer.json", ".devcontainer/*/devcontainer.json"],
        shebangs: &[],
        comment: Some("//"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Devcontainer,
        sniff: None,
    },
    LangInfo {
        lang: Lang::CloudInit,
        name: "cloud-init",
        aliases: &["cloud-config", "cloudinit", "user-data"],
        extensions: &[],
        file_names: &[],
        paths: &[
            "user-data",
            "cloud-config.yml",
            "cloud-config.yaml",
            "cloud-init.yml",
            "cloud-init.yaml",
        ],
        shebangs: &[],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::CloudInit,
        sniff: Some(Sniff {
            extensions: &["yml", "yaml"],
            test: crate::extract::cloud_init::sniff,
        }),
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
    LangInfo {
        lang: Lang::PowerShell,
        name: "powershell",
        aliases: &["pwsh", "ps1", "psm1", "psd1", "posh", "ps"],
        extensions: &["ps1", "psm1", "psd1"],
        file_names: &[],
        paths: &[],
        shebangs: &["pwsh", "powershell"],
        comment: Some("#"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::PowerShell,
        sniff: None,
    },
    LangInfo {
        lang: Lang::Batch,
        name: "batch",
        aliases: &["bat", "cmd", "dosbatch", "batchfile", "cmd.exe"],
        extensions: &["bat", "cmd"],
        file_names: &[],
        paths: &[],
        shebangs: &[],
        comment: Some("REM"),
        is_binary: crate::source::has_nul,
        extractor: Extractor::Batch,
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
        // `Dockerfile.dockerignore`, `Containerfile.containerignore`: the build's ignore list
        let ignore_list = name.ends_with("ignore") && name.contains('.');
        LANGS
            .iter()
            .find(|i| i.file_names.contains(&name) || (!ignore_list && i.paths.iter().any(|p| path_matches(p, path))))
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

    /// Whether it is a file format that holds commands (a CI workflow, a Dockerfile, a manifest):
    /// not code itself but a file whose extractor finds the code in it. Such a file is read
    /// wherever it is met: a fence of a Markdown plan, a file an agent's tool writes.
    pub fn holds_commands(self) -> bool {
        !matches!(
            self.info().extractor,
            Extractor::Shell
                | Extractor::Graphql
                | Extractor::Sql
                | Extractor::Markdown
                | Extractor::Json { .. }
                | Extractor::PowerShell
                | Extractor::Batch
        )
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

/// The programs that run POSIX shell code: a `shell:` of a CI step, a Dockerfile's `SHELL`, an
/// Ansible `executable:`, a Makefile's or a justfile's shell, the program of `sh -c`.
const POSIX_SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"];

/// Whether `program` (a name or a path, `/bin/bash`, `C:\\…\\bash.exe`) is a POSIX shell.
pub fn is_shell_program(program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    POSIX_SHELLS.contains(&name.strip_suffix(".exe").unwrap_or(name))
}

/// Whether a command line (`bash -e {0}`, `/bin/sh -c`) starts with a POSIX shell.
pub fn is_shell_command(line: &str) -> bool {
    is_shell_program(line.split_whitespace().next().unwrap_or(""))
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

/// Whether some YAML document of `text` has a top-level `apiVersion:` and `kind:` (a line that
/// starts with each, at column 0): a Kubernetes manifest, or a Helm chart template of one (whose
/// `{{ … }}` lines do not hide those keys).
fn is_kubernetes_manifest(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut api, mut kind) = (false, false);
    for line in text.lines() {
        if line.starts_with("---") {
            (api, kind) = (false, false);
            continue;
        }
        api |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
        if api && kind {
            return true;
        }
    }
    false
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
            "r/.circleci/config.yml",
            "bitbucket-pipelines.yml",
            "x/azure-pipelines.yml",
            "r/.azure-pipelines/deploy.yaml",
            ".buildkite/pipeline.yml",
            ".buildkite/pipeline.deploy.yml",
            "cloudbuild.yaml",
            "infra/cloudbuild.prod.yaml",
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
            ".circleci/other.yml",
            "circleci/config.yml",
            ".buildkite/hooks.yml",
            "azure-pipelines.json",
        ] {
            assert_ne!(Lang::from_path(Path::new(no)), Some(Lang::Workflow), "{no}");
        }
        assert_eq!(Lang::from_path(Path::new("config.yml")), None);
    }

    #[test]
    fn app_files_by_name_and_content() {
        for (path, lang) in [
            ("docker-compose.yml", Lang::Compose),
            ("r/docker-compose.prod.yaml", Lang::Compose),
            ("compose.yaml", Lang::Compose),
            ("deploy/compose.override.yml", Lang::Compose),
            ("Taskfile.yml", Lang::Taskfile),
            ("taskfile.dist.yaml", Lang::Taskfile),
            ("web/package.json", Lang::PackageJson),
            (".devcontainer.json", Lang::Devcontainer),
            ("r/.devcontainer/devcontainer.json", Lang::Devcontainer),
            (".devcontainer/python/devcontainer.json", Lang::Devcontainer),
            ("infra/user-data", Lang::CloudInit),
            ("cloud-init.yaml", Lang::CloudInit),
        ] {
            assert_eq!(Lang::from_path(Path::new(path)), Some(lang), "{path}");
        }
        for (text, lang) in [
            ("services:\n  db:\n    image: postgres\n", Some(Lang::Compose)),
            ("version: '3'\ntasks:\n  a: echo\n", Some(Lang::Taskfile)),
            ("#cloud-config\nruncmd: [ls]\n", Some(Lang::CloudInit)),
            ("services:\n  - redis\n", None),
        ] {
            assert_eq!(Lang::from_text(Path::new("x/stack.yml"), text), lang, "{text}");
        }
        // editors' language ids: VS Code's `dockercompose`, `jsonc` for devcontainer.json
        assert_eq!(
            Lang::for_document("dockercompose", Path::new("/w/x.yml"), ""),
            Some(Lang::Compose)
        );
        assert_eq!(
            Lang::for_document("jsonc", Path::new("/w/.devcontainer/devcontainer.json"), "{}"),
            Some(Lang::Devcontainer)
        );
        assert_eq!(
            Lang::for_document("json", Path::new("/w/package.json"), "{}"),
            Some(Lang::PackageJson)
        );
        assert_eq!(Lang::from_path(Path::new("devcontainer.json")), Some(Lang::Json));
        assert_eq!(Lang::from_path(Path::new("compose.json")), Some(Lang::Json));
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
        for no in [
            "Dockerfiles/readme.txt",
            "docker-compose.yml",
            "dockerfile.go/x",
            "Dockerfile.dockerignore",
            "app/Containerfile.containerignore",
        ] {
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
            ("tfplan", Lang::TerraformPlan),
            ("tofu-plan", Lang::TerraformPlan),
            ("pulumi-preview", Lang::PulumiPreview),
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
    fn kubernetes_manifests_by_content() {
        let p = Path::new("deploy/job.yaml");
        for yes in [
            "apiVersion: batch/v1\nkind: Job\n",
            "\u{feff}kind: Pod\napiVersion: v1\n",
            "# c\n---\nkind: ConfigMap\ndata: {}\n---\napiVersion: v1\nkind: Secret\n",
            "{{- if .Values.x }}\napiVersion: {{ .Values.api }}\nkind: Job\n{{- end }}\n",
        ] {
            assert_eq!(Lang::from_text(p, yes), Some(Lang::Manifest), "{yes}");
        }
        for no in [
            "",
            "name: app\nversion: 1\n",
            "spec:\n  apiVersion: v1\n  kind: Pod\n",
            "apiVersion: v1\n---\nkind: Pod\n",
            "items:\n- apiVersion: v1\n  kind: Pod\n",
            "# apiVersion: v1\n# kind: Pod\n",
        ] {
            assert_eq!(Lang::from_text(p, no), None, "{no}");
        }
        assert_eq!(
            Lang::from_text(Path::new("job.json"), "apiVersion: v1\nkind: Pod\n"),
            Some(Lang::Json)
        );
        assert_eq!(
            Lang::from_text(Path::new(".github/workflows/k.yml"), "apiVersion: v1\nkind: Pod\n"),
            Some(Lang::Workflow)
        );
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
        // editors call a plan `json`: its content decides
        let plan = r#"{"format_version":"1.2","resource_changes":[]}"#;
        assert_eq!(
            Lang::for_document("json", Path::new("/w/plan.json"), plan),
            Some(Lang::TerraformPlan)
        );
        let preview = r#"{"steps":[],"changeSummary":{}}"#;
        assert_eq!(
            Lang::for_document("json", Path::new("/w/preview.json"), preview),
            Some(Lang::PulumiPreview)
        );
        assert_eq!(
            Lang::for_document("json", Path::new("/w/package.json"), r#"{"name":"x"}"#),
            Some(Lang::PackageJson)
        );
        assert_eq!(
            Lang::for_document("yaml", Path::new("/w/k8s/job.yml"), "apiVersion: v1\nkind: Pod\n"),
            Some(Lang::Manifest)
        );
        assert_eq!(Lang::for_document("helm", p, ""), Some(Lang::Manifest));
        assert_eq!(
            Lang::for_document("github-actions-workflow", p, ""),
            Some(Lang::Workflow)
        );
    }
}
