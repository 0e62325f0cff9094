//! The editor server: `preflight lsp` speaks the Language Server Protocol over standard input and
//! output (`lsp-server`, synchronous, one thread).
//!
//! Open shell, GraphQL, SQL, Markdown and JSON documents are checked through the same
//! [`Session`] as `preflight check` — configuration, rule packs and suppressions included — on
//! open, on every change and on save, and their findings published as diagnostics (the rule id
//! as the code, linked to its documentation). Hovering a finding shows its rule's explanation; a
//! code action inserts the suppression comment. A changed `preflight.toml` is picked up at the
//! next check of any document.

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability,
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    Hover, HoverContents, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, Location,
    MarkupContent, MarkupKind, NumberOrString, Position, PositionEncodingKind, PublishDiagnosticsParams, Range,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};

use crate::config::FILE_NAMES;
use crate::discover;
use crate::engine::Input;
use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use crate::report::rule_url;
use crate::session::{Session, SessionOptions};
use crate::source::Span;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Serves one client over standard input and output until it exits.
pub fn run_stdio(options: SessionOptions) -> Result<(), Error> {
    let (conn, io) = Connection::stdio();
    // the checks recurse as deep as the code nests: give them the stack `preflight check` has
    let served = std::thread::Builder::new()
        .name("preflight-lsp".into())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || serve(&conn, options).map_err(|e| e.to_string()))?
        .join()
        .map_err(|_| "the server thread panicked")?;
    served?;
    io.join()?;
    Ok(())
}

/// Answers the `initialize` handshake, then serves `conn` until `exit` or until the client
/// closes the connection.
pub fn serve(conn: &Connection, options: SessionOptions) -> Result<(), Error> {
    let (id, params) = conn.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(&init);
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    };
    let result = InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "preflight".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    conn.initialize_finish(id, serde_json::to_value(result)?)?;
    let root = workspace_root(&init);
    Server {
        conn,
        session: Session::new(options.clone()),
        options,
        encoding,
        root,
        docs: HashMap::new(),
        dirty: BTreeSet::new(),
        configs: HashMap::new(),
    }
    .main_loop()
}

#[allow(deprecated)] // root_uri and root_path: older clients send only these
fn workspace_root(init: &InitializeParams) -> Option<PathBuf> {
    init.workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| uri_to_path(&f.uri))
        .or_else(|| init.root_uri.as_ref().and_then(uri_to_path))
        .or_else(|| init.root_path.as_ref().map(PathBuf::from))
}

/// How positions count columns: UTF-16 code units (the protocol's default) or bytes, when the
/// client offers UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn negotiate(init: &InitializeParams) -> Encoding {
        let offered = init
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// A text with its line starts, converting byte offsets to and from protocol positions.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts, encoding }
    }

    pub fn position(&self, offset: usize) -> Position {
        let mut off = offset.min(self.text.len());
        while !self.text.is_char_boundary(off) {
            off -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= off) - 1;
        let start = self.starts[line];
        let col = match self.encoding {
            Encoding::Utf8 => off - start,
            Encoding::Utf16 => self.text[start..off].encode_utf16().count(),
        };
        Position::new(line as u32, col as u32)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start()), self.position(span.end()))
    }

    /// The byte offset of a position; past the end of its line, the end of the line.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= want {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        end
    }

    /// The text of line `n` (0-based) without its line break.
    fn line(&self, n: usize) -> &'a str {
        let Some(&start) = self.starts.get(n) else {
            return "";
        };
        let end = self.starts.get(n + 1).map_or(self.text.len(), |&next| next - 1);
        self.text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&self.text[start..end])
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.text.len())) - 1
    }

    fn count(&self) -> usize {
        self.starts.len()
    }
}

struct Document {
    text: String,
    path: PathBuf,
    lang: Option<Lang>,
    version: Option<i32>,
    /// The findings of the last check (offsets into `text`).
    findings: Vec<Finding>,
}

struct Server<'a> {
    conn: &'a Connection,
    options: SessionOptions,
    session: Session,
    encoding: Encoding,
    root: Option<PathBuf>,
    docs: HashMap<Uri, Document>,
    /// Documents changed since their last check.
    dirty: BTreeSet<Uri>,
    /// The configuration files the session has read, with their modification time then.
    configs: HashMap<PathBuf, Option<SystemTime>>,
}

impl Server<'_> {
    fn main_loop(mut self) -> Result<(), Error> {
        // a burst of edits is checked once, at its end: take every message already waiting
        // before checking what changed
        while let Ok(first) = self.conn.receiver.recv() {
            let mut batch = vec![first];
            batch.extend(self.conn.receiver.try_iter());
            for msg in batch {
                match msg {
                    Message::Request(req) => {
                        // what changed before a request (shutdown included) is checked and
                        // published first: an edit, then shutdown in one burst still gets its
                        // diagnostics
                        self.flush()?;
                        if req.method == lsp_types::request::Shutdown::METHOD {
                            // answered here, not by `Connection::handle_shutdown`: that waits on
                            // the channel for `exit`, which this batch may already hold
                            self.conn.sender.send(Response::new_ok(req.id, ()).into())?;
                            continue;
                        }
                        self.request(req)?;
                    }
                    Message::Notification(n) if n.method == lsp_types::notification::Exit::METHOD => return Ok(()),
                    Message::Notification(n) => self.notification(n),
                    Message::Response(_) => {}
                }
            }
            self.flush()?;
        }
        Ok(())
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification::{
            DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
            DidSaveTextDocument,
        };
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let d = p.text_document;
                let path = self.path_of(&d.uri);
                let lang = Lang::for_document(&d.language_id, &path, &d.text);
                self.docs.insert(
                    d.uri.clone(),
                    Document {
                        text: d.text,
                        path,
                        lang,
                        version: Some(d.version),
                        findings: Vec::new(),
                    },
                );
                self.dirty.insert(d.uri);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        None => doc.text = change.text,
                        // the server asks for whole texts, but applies ranges if it gets them
                        Some(r) => {
                            let lines = Lines::new(&doc.text, self.encoding);
                            let (a, b) = (lines.offset(r.start), lines.offset(r.end));
                            doc.text.replace_range(a.min(b)..b.max(a), &change.text);
                        }
                    }
                }
                doc.version = Some(p.text_document.version);
                self.dirty.insert(p.text_document.uri);
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                if is_config_file(&self.path_of(&p.text_document.uri)) {
                    self.reload();
                } else if self.docs.contains_key(&p.text_document.uri) {
                    self.dirty.insert(p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                self.docs.remove(&p.text_document.uri);
                self.dirty.remove(&p.text_document.uri);
                let _ = self.publish(p.text_document.uri, Vec::new(), None);
            }
            DidChangeWatchedFiles::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                if p.changes.iter().any(|c| is_config_file(&self.path_of(&c.uri))) {
                    self.reload();
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, req: Request) -> Result<(), Error> {
        use lsp_types::request::{CodeActionRequest, HoverRequest};
        let response = match req.method.as_str() {
            HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(req.params) {
                Ok(p) => Response::new_ok(req.id, self.hover(&p)),
                Err(e) => invalid(req.id, e),
            },
            CodeActionRequest::METHOD => match serde_json::from_value::<CodeActionParams>(req.params) {
                Ok(p) => Response::new_ok(req.id, self.code_actions(&p)),
                Err(e) => invalid(req.id, e),
            },
            _ => Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("preflight does not handle {}", req.method),
            ),
        };
        self.conn.sender.send(Message::Response(response))?;
        Ok(())
    }

    /// Forgets every configuration read and checks every open document again.
    fn reload(&mut self) {
        self.session = Session::new(self.options.clone());
        self.configs.clear();
        self.dirty.extend(self.docs.keys().cloned());
    }

    /// Checks the documents changed since their last check and publishes their diagnostics.
    fn flush(&mut self) -> Result<(), Error> {
        if self.dirty.is_empty() {
            return Ok(());
        }
        // a configuration edited outside the editor: start again from the files on disk
        if self.configs.iter().any(|(p, t)| modified(p) != *t) {
            self.reload();
        }
        for uri in std::mem::take(&mut self.dirty) {
            let Some(mut doc) = self.docs.remove(&uri) else {
                continue;
            };
            let (findings, config_error) = self.check(&doc);
            let diagnostics = self.diagnostics(&uri, &doc.text, &findings, config_error);
            let version = doc.version;
            doc.findings = findings;
            self.docs.insert(uri.clone(), doc);
            self.publish(uri, diagnostics, version)?;
        }
        Ok(())
    }

    /// The findings of a document, or why it could not be checked.
    fn check(&mut self, doc: &Document) -> (Vec<Finding>, Option<ConfigProblem>) {
        let Some(lang) = doc.lang else {
            if is_config_file(&doc.path) {
                return (Vec::new(), self.check_config(doc));
            }
            return (Vec::new(), None);
        };
        if let (crate::session::ConfigMode::Discover, Some(file)) =
            (&self.options.config, crate::config::discover(&doc.path))
        {
            self.configs.entry(file.clone()).or_insert_with(|| modified(&file));
        }
        let display = self.display(&doc.path);
        let checked = catch_unwind(AssertUnwindSafe(|| {
            let input = Input::new(&display, doc.text.as_bytes(), lang).in_dir(doc.path.parent());
            self.session.check_text(&doc.path, input)
        }));
        match checked {
            Ok(Ok(report)) => (report.findings, None),
            Ok(Err(e)) => (
                Vec::new(),
                Some(ConfigProblem::of(
                    &e,
                    format!("preflight could not check this file: {e}"),
                )),
            ),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                (
                    Vec::new(),
                    Some(ConfigProblem {
                        message: format!("preflight failed while checking this file (a bug): {what}"),
                        at: None,
                    }),
                )
            }
        }
    }

    /// A document's path as `preflight check` run at the workspace root would show it.
    fn display(&self, path: &Path) -> String {
        let rel = self.root.as_deref().and_then(|r| path.strip_prefix(r).ok());
        discover::display_path(rel.unwrap_or(path))
    }

    fn diagnostics(
        &self,
        uri: &Uri,
        text: &str,
        findings: &[Finding],
        error: Option<ConfigProblem>,
    ) -> Vec<Diagnostic> {
        let lines = Lines::new(text, self.encoding);
        // the docs link: the document's configuration's `docs-url`, else PREFLIGHT_DOCS_URL
        let docs = self
            .session
            .config_for(&self.path_of(uri))
            .ok()
            .flatten()
            .and_then(|c| c.file.docs_url.clone());
        let mut out: Vec<Diagnostic> = findings
            .iter()
            .map(|f| self.diagnostic(uri, &lines, f, docs.as_deref()))
            .collect();
        if let Some(problem) = error {
            // where in the configuration (or rule pack) the problem is: on the document itself
            // when it is that file, else as related information pointing there
            let at = problem.at.as_ref().map(|(path, text, span)| {
                let range = Lines::new(text, self.encoding).range(*span);
                (path, range)
            });
            let here = at.as_ref().is_some_and(|(p, _)| self.path_of(uri) == **p);
            let related = at.as_ref().filter(|_| !here).and_then(|(p, range)| {
                let target = path_to_uri(p)?;
                Some(vec![DiagnosticRelatedInformation {
                    location: Location::new(target, *range),
                    message: problem.message.lines().next().unwrap_or_default().to_owned(),
                }])
            });
            out.push(Diagnostic {
                range: at.filter(|_| here).map(|(_, r)| r).unwrap_or_default(),
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String("config-error".into())),
                source: Some("preflight".into()),
                message: problem.message,
                related_information: related,
                ..Default::default()
            });
        }
        out
    }

    /// A configuration file open in the editor, loaded from its text as `check` would load it
    /// (keys, rule names, rule packs).
    fn check_config(&self, doc: &Document) -> Option<ConfigProblem> {
        let config = match crate::config::Config::parse(&doc.path, doc.text.as_str().into()) {
            Ok(c) => c,
            Err(e) => {
                let e = crate::session::SessionError::from(e);
                return Some(ConfigProblem::of(&e, e.to_string()));
            }
        };
        let engine = match self.session.engine_for(Some(&config)) {
            Ok(e) => e,
            Err(e) => return Some(ConfigProblem::of(&e, e.to_string())),
        };
        config.validate(&engine.rules).err().map(|e| {
            let e = crate::session::SessionError::from(e);
            ConfigProblem::of(&e, e.to_string())
        })
    }

    fn diagnostic(&self, uri: &Uri, lines: &Lines, f: &Finding, docs: Option<&str>) -> Diagnostic {
        let known = self
            .session
            .engine_for(None)
            .ok()
            .is_some_and(|e| e.rules.get(&f.rule).is_some());
        let code_description = known
            .then(|| crate::report::rule_url_in(docs, &f.rule)?.parse::<Uri>().ok())
            .flatten()
            .map(|href| CodeDescription { href });
        let related = f.anchor.filter(|a| *a != f.span).map(|a| {
            vec![DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), lines.range(a)),
                message: "the command this comes from".into(),
            }]
        });
        Diagnostic {
            range: lines.range(f.span),
            severity: Some(match f.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(f.rule.clone())),
            code_description,
            source: Some("preflight".into()),
            message: match &f.context {
                Some(c) if !f.message.contains(&c.note) => format!("{}\nnote: {}", f.message, c.note),
                _ => f.message.clone(),
            },
            related_information: related,
            data: Some(match &f.context {
                Some(c) => serde_json::json!({ "category": f.category.as_str(), "context": c }),
                None => serde_json::json!({ "category": f.category.as_str() }),
            }),
            ..Default::default()
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> Result<(), Error> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let n = Notification::new(lsp_types::notification::PublishDiagnostics::METHOD.to_owned(), params);
        self.conn.sender.send(Message::Notification(n))?;
        Ok(())
    }

    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let doc = self.docs.get(&p.text_document_position_params.text_document.uri)?;
        let lines = Lines::new(&doc.text, self.encoding);
        let at = lines.offset(p.text_document_position_params.position);
        let hit: Vec<&Finding> = doc
            .findings
            .iter()
            .filter(|f| f.span.start() <= at && at <= f.span.end())
            .collect();
        let first = hit.first()?;
        let engine = self.session.engine_for(None).ok();
        let mut md = String::new();
        let mut range = first.span;
        for f in &hit {
            range = range.cover(f.span);
            md.push_str(&format!("**{}** `{}`: {}\n\n", f.severity.as_str(), f.rule, f.message));
            if let Some(help) = &f.help {
                md.push_str(&format!("{help}\n\n"));
            }
        }
        let mut seen = BTreeSet::new();
        for f in &hit {
            if !seen.insert(f.rule.as_str()) {
                continue;
            }
            if let Some(rule) = engine.as_ref().and_then(|e| e.rules.get(&f.rule)) {
                md.push_str("---\n\n");
                md.push_str(&crate::report::docs::rule_markdown(rule));
                match rule_url(&f.rule) {
                    Some(url) => md.push_str(&format!("\n[{} documentation]({url})\n\n", f.rule)),
                    None => md.push_str(&format!(
                        "\n`{}` shows this in a terminal.\n\n",
                        crate::report::explain_hint(&f.rule)
                    )),
                }
            }
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md.trim_end().to_owned(),
            }),
            range: Some(lines.range(range)),
        })
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let Some(lang) = doc.lang else {
            return Vec::new();
        };
        let lines = Lines::new(&doc.text, self.encoding);
        let (a, b) = (lines.offset(p.range.start), lines.offset(p.range.end));
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for f in &doc.findings {
            let overlaps = f.span.start() <= b && a <= f.span.end();
            if !overlaps || f.rule == "unused-ignore" || !seen.insert((f.rule.clone(), f.anchor_span().start())) {
                continue;
            }
            let diagnostic = p
                .context
                .diagnostics
                .iter()
                .find(|d| d.code == Some(NumberOrString::String(f.rule.clone())))
                .cloned();
            for (title, edit) in suppression_edits(&doc.text, lang, f, self.encoding) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostic.clone().map(|d| vec![d]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    ..Default::default()
                }));
            }
        }
        out
    }

    fn path_of(&self, uri: &Uri) -> PathBuf {
        uri_to_path(uri).unwrap_or_else(|| {
            // an unsaved buffer: as if it were a file at the workspace root
            let name = uri.as_str().rsplit(['/', ':']).next().unwrap_or("untitled");
            self.root.clone().unwrap_or_default().join(name)
        })
    }
}

/// Why a document could not be checked, and where in which file, when a configuration or rule
/// pack is at fault.
struct ConfigProblem {
    message: String,
    at: Option<(PathBuf, String, Span)>,
}

impl ConfigProblem {
    fn of(e: &crate::session::SessionError, message: String) -> ConfigProblem {
        use crate::session::SessionError;
        let at = match e {
            SessionError::Config(c) => Some((c.src.name().to_owned(), c.src.inner().to_string(), c.span)),
            SessionError::Pack(p) => Some((p.src.name().to_owned(), p.src.inner().to_string(), p.span)),
            SessionError::Missing(_) => None,
        };
        let at = at.and_then(|(name, text, span)| {
            let span = span?;
            let path = PathBuf::from(name);
            path.is_absolute()
                .then(|| (path, text, Span::new(span.offset(), span.offset() + span.len())))
        });
        ConfigProblem { message, at }
    }
}

/// The `file:` URI of a local path.
fn path_to_uri(path: &Path) -> Option<Uri> {
    url::Url::from_file_path(path).ok()?.as_str().parse().ok()
}

fn invalid(id: RequestId, e: serde_json::Error) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// The local path of a `file:` URI.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The edits that suppress finding `f`: on its line (the comment above the command it comes
/// from, or above the Markdown fence holding it) and for the whole file. JSON has no comments,
/// so no edit there.
pub fn suppression_edits(text: &str, lang: Lang, f: &Finding, encoding: Encoding) -> Vec<(String, TextEdit)> {
    let Some(prefix) = lang.comment() else {
        return Vec::new();
    };
    let lines = Lines::new(text, encoding);
    let rule = &f.rule;
    let mut out = Vec::new();
    let target = lines.line_of(f.anchor_span().start());
    let above = if lang == Lang::Markdown {
        Some(fence_start(&lines, target).unwrap_or(target))
    } else {
        // a comment line cannot follow a line continued with `\`
        let continued = target > 0 && lines.line(target - 1).trim_end().ends_with('\\');
        (!continued).then_some(target)
    };
    if let Some(line) = above {
        let edit = extend_or_insert(&lines, line, prefix, "ignore", rule);
        out.push((format!("Suppress `{rule}` here (preflight: ignore)"), edit));
    }
    // file-wide: after the shebang, if any
    let top = usize::from(lines.line(0).starts_with("#!") && lines.count() > 1);
    let edit = extend_or_insert(&lines, top, prefix, "ignore-file", rule);
    out.push((format!("Suppress `{rule}` in this file (preflight: ignore-file)"), edit));
    out
}

/// Inserts `PREFIX preflight: KIND[rule]` on its own line above line `line`, or adds `rule` to
/// the same kind of suppression already there.
fn extend_or_insert(lines: &Lines, line: usize, prefix: &str, kind: &str, rule: &str) -> TextEdit {
    let marker = format!("preflight: {kind}[");
    if line > 0 {
        let prev = lines.line(line - 1);
        let t = prev.trim_start();
        if t.starts_with(prefix)
            && let Some(at) = t.find(&marker)
            && let Some(close) = t[at..].find(']')
        {
            let col = prev.len() - t.len() + at + close;
            let offset = lines.starts[line - 1] + col;
            let pos = lines.position(offset);
            return TextEdit::new(Range::new(pos, pos), format!(", {rule}"));
        }
    }
    let current = lines.line(line);
    let indent = &current[..current.len() - current.trim_start().len()];
    let close = if prefix == "<!--" { " -->" } else { "" };
    let pos = Position::new(line as u32, 0);
    TextEdit::new(
        Range::new(pos, pos),
        format!("{indent}{prefix} preflight: {kind}[{rule}]{close}\n"),
    )
}

/// The line of the opening fence of the Markdown code block holding line `target`.
fn fence_start(lines: &Lines, target: usize) -> Option<usize> {
    let mut open: Option<(usize, char, usize)> = None;
    for n in 0..=target.min(lines.count().saturating_sub(1)) {
        let t = lines.line(n).trim_start();
        let ch = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = ch.map_or(0, |c| t.chars().take_while(|x| *x == c).count());
        match (open, ch) {
            (None, Some(c)) if run >= 3 => open = Some((n, c, run)),
            (Some((_, oc, olen)), Some(c)) if c == oc && run >= olen && t[run..].trim().is_empty() && n < target => {
                open = None
            }
            _ => {}
        }
    }
    open.map(|(n, _, _)| n).filter(|&n| n != target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::rules::RuleSet;
    use std::sync::Arc;

    /// An editor that closes at once: `shutdown` and `exit` wait in the channel together and are
    /// read as one batch, then the connection closes. The server answers and ends cleanly (the
    /// library's `handle_shutdown` waited for an `exit` the batch had already taken, and failed).
    #[test]
    fn shutdown_and_exit_in_one_batch_end_the_server_cleanly() {
        let (server, client) = Connection::memory();
        let msgs: [Message; 4] = [
            Request::new(
                1.into(),
                "initialize".into(),
                serde_json::json!({"processId": null, "rootUri": null, "capabilities": {}}),
            )
            .into(),
            Notification::new("initialized".into(), serde_json::json!({})).into(),
            Request::new(2.into(), "shutdown".into(), serde_json::Value::Null).into(),
            Notification::new("exit".into(), serde_json::Value::Null).into(),
        ];
        for m in msgs {
            client.sender.send(m).unwrap();
        }
        let Connection { sender, receiver } = client;
        drop(sender);
        serve(&server, SessionOptions::default()).expect("a clean end");
        let answers: Vec<Message> = receiver.try_iter().collect();
        assert!(
            answers
                .iter()
                .any(|m| matches!(m, Message::Response(r) if r.id == 2.into() && r.error.is_none())),
            "{answers:?}"
        );
    }

    fn engine() -> Engine {
        Engine::new(Arc::new(RuleSet::builtin().unwrap()), Default::default())
    }

    /// Applies a zero-width insertion.
    fn apply(text: &str, edit: &TextEdit, enc: Encoding) -> String {
        let lines = Lines::new(text, enc);
        let at = lines.offset(edit.range.start);
        let mut out = text.to_owned();
        out.insert_str(at, &edit.new_text);
        out
    }

    fn findings(e: &Engine, text: &str, lang: Lang) -> Vec<Finding> {
        let mut f = e.check(Input::new("", text.as_bytes(), lang)).findings;
        crate::suppress::apply(text, lang, &e.rules, &mut f);
        f
    }

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "é😀x\nab";
        let u16 = Lines::new(text, Encoding::Utf16);
        assert_eq!(u16.position(text.find('x').unwrap()), Position::new(0, 3));
        assert_eq!(u16.offset(Position::new(0, 3)), text.find('x').unwrap());
        assert_eq!(u16.position(text.len()), Position::new(1, 2));
        // inside a character: the character's start
        assert_eq!(u16.position(1), Position::new(0, 0));
        let u8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(u8.position(text.find('x').unwrap()), Position::new(0, 6));
        assert_eq!(u8.offset(Position::new(0, 6)), text.find('x').unwrap());
        // past the end of a line or of the text: clamped
        assert_eq!(u16.offset(Position::new(0, 99)), text.find('\n').unwrap());
        assert_eq!(u16.offset(Position::new(9, 0)), text.len());
    }

    #[test]
    fn languages_by_id_then_name_then_shebang() {
        let p = Path::new("/w/x");
        assert_eq!(Lang::for_document("shellscript", p, ""), Some(Lang::Shell));
        assert_eq!(Lang::for_document("graphql", p, ""), Some(Lang::Graphql));
        assert_eq!(
            Lang::for_document("json", Path::new("/w/log.jsonl"), ""),
            Some(Lang::Jsonl)
        );
        assert_eq!(
            Lang::for_document("plaintext", Path::new("/w/a.gql"), ""),
            Some(Lang::Graphql)
        );
        assert_eq!(
            Lang::for_document("plaintext", p, "#!/usr/bin/env bash\n"),
            Some(Lang::Shell)
        );
        assert_eq!(Lang::for_document("plaintext", p, "hello"), None);
    }

    #[test]
    fn every_suppression_edit_silences_its_finding() {
        let e = engine();
        let cases = [
            (Lang::Shell, "#!/bin/sh\nset -e\nif true; then\n    rm -rf /\nfi\n"),
            (Lang::Shell, "#!/bin/sh\necho start\nbash <<'EOF'\nrm -rf /\nEOF\n"),
            (Lang::Sql, "BEGIN;\nDROP TABLE users;\nCOMMIT;\n"),
            (Lang::Graphql, "mutation {\n  volumeDelete(volumeId: \"v-1\")\n}\n"),
            (
                Lang::Markdown,
                "# Plan\n\n1. Clean up:\n\n   ```bash\n   echo hi\n   rm -rf /\n   ```\n",
            ),
        ];
        for (lang, text) in cases {
            let before = findings(&e, text, lang);
            let f = before
                .iter()
                .find(|f| f.category == crate::finding::Category::Destructive)
                .unwrap_or_else(|| panic!("no destructive finding in {text:?}: {before:?}"));
            let edits = suppression_edits(text, lang, f, Encoding::Utf16);
            assert_eq!(edits.len(), 2, "{text:?}");
            for (title, edit) in &edits {
                let fixed = apply(text, edit, Encoding::Utf16);
                let after = findings(&e, &fixed, lang);
                assert!(
                    !after.iter().any(|g| g.rule == f.rule),
                    "{title} left {} in:\n{fixed}",
                    f.rule
                );
                assert!(
                    !after
                        .iter()
                        .any(|g| g.rule == "unused-ignore" || g.category == crate::finding::Category::Syntax),
                    "{title} broke:\n{fixed}\n{after:?}"
                );
            }
        }
    }

    #[test]
    fn a_second_rule_joins_the_suppression_above() {
        let text = "# preflight: ignore[git-clean-force]\ngit clean -fdx && rm -rf /\n";
        let e = engine();
        let f = findings(&e, text, Lang::Shell);
        let rm = f.iter().find(|f| f.rule.starts_with("rm-")).expect("rm finding");
        let (_, edit) = &suppression_edits(text, Lang::Shell, rm, Encoding::Utf16)[0];
        let fixed = apply(text, edit, Encoding::Utf16);
        assert!(
            fixed.starts_with(&format!("# preflight: ignore[git-clean-force, {}]\n", rm.rule)),
            "{fixed}"
        );
    }

    #[test]
    fn no_comment_after_a_continued_line_and_none_in_json() {
        let text = "echo start && \\\n  rm -rf /\n";
        let e = engine();
        let f = findings(&e, text, Lang::Shell);
        let rm = f.iter().find(|f| f.rule.starts_with("rm-")).expect("rm finding");
        let edits = suppression_edits(text, Lang::Shell, rm, Encoding::Utf16);
        assert_eq!(edits.len(), 1, "only the file-wide one");
        assert!(edits[0].1.new_text.contains("ignore-file"));
        assert!(suppression_edits("{}", Lang::Json, rm, Encoding::Utf16).is_empty());
    }
}
