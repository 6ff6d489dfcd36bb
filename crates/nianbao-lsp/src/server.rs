//! The LSP request and notification handlers.
//!
//! State lives behind one `std::sync::Mutex` that is never held across an `.await`: every
//! change is applied, analysed and converted synchronously, then published. The server also
//! runs with concurrency level 1, so handlers run one at a time in arrival order.

use crate::actions::{self, FIX_SUMS_COMMAND, SHOW_FIXES_COMMAND};
use crate::completion;
use crate::convert;
use crate::document::Document;
use crate::hover;
use crate::lens;
use crate::output::{self, Frames, RawFrame};
use crate::position::{self, Encoding};
use crate::settings::{load_file_config, ClientSettings};
use crate::symbols;
use crate::workspace::WorkspaceIndex;
use nianbao_core::companions::{Catalog, Key};
use nianbao_core::{Previous, Report, Settings};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::notification::PublishDiagnostics;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};
use tracing::{debug, info, warn};

#[derive(Debug, Default)]
struct State {
    enc: Encoding,
    client_settings: ClientSettings,
    /// `initializationOptions` as sent: the base that `didChangeConfiguration` settings overlay.
    init_options: Option<Value>,
    /// The open documents; change them through [`State::insert`] and [`State::remove`], which
    /// keep `open` in step.
    docs: HashMap<Uri, Document>,
    /// The open documents by agency and year: last year's report is looked for here first.
    open: Catalog<Uri>,
    /// The first workspace folder: where nianbao.toml is looked for for documents that are not
    /// files (`untitled:`).
    root: Option<PathBuf>,
    snippets: bool,
    /// The client can register a file watcher for nianbao.toml.
    watch_files: bool,
    /// The workspace folder's reports on disk, for last year's report when it is not open.
    index: WorkspaceIndex,
    /// Where publishes are rendered to, for the [`output::Output`] sharing them to put in place
    /// (see that module).
    frames: Frames,
    /// The client takes `workspace/codeLens/refresh`.
    lens_refresh: bool,
    /// What each open document's code lenses say (`lens::titles`), to tell when they change.
    lens_titles: HashMap<Uri, Vec<String>>,
    /// A document's lenses changed since the last refresh was asked for.
    lens_stale: bool,
}

/// The language server.
#[derive(Debug)]
pub struct Backend {
    client: Client,
    state: Mutex<State>,
}

/// Params of the `nianbao/documentText` request.
#[derive(Debug, Deserialize)]
pub struct DocumentTextParams {
    pub uri: Uri,
}

/// Result of the `nianbao/documentText` request: the server's copy of a document.
#[derive(Debug, Serialize)]
pub struct DocumentTextResult {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
}

/// A publish rendered into [`State::frames`] under this id, for a [`RawFrame`] placeholder.
#[derive(Debug)]
struct Rendered(u64);

impl Backend {
    /// A backend that renders its publishes into `frames`, for an [`output::Output`] sharing
    /// them (see [`crate::output`]).
    pub fn new(client: Client, frames: Frames) -> Backend {
        Backend { client, state: Mutex::new(State { frames, ..State::default() }) }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave documents half-edited in a way that
        // matters more than going on serving: recover the guard.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends the placeholders of rendered publishes, in order; then, when what a document's
    /// code lenses say changed, asks the client to request them again.
    async fn publish(&self, items: Vec<Rendered>) {
        for Rendered(id) in items {
            self.client.send_notification::<RawFrame>(id).await;
        }
        let refresh = {
            let mut state = self.state();
            std::mem::take(&mut state.lens_stale) && state.lens_refresh
        };
        if refresh {
            // Do not wait for the answer: a client that never answers must not stall the server.
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.code_lens_refresh().await {
                    debug!("workspace/codeLens/refresh: {e}");
                }
            });
        }
    }

    /// Tells the author what the safe fixes changed (`window/showMessage`, and the log).
    async fn notice(&self, notice: String) {
        info!("{notice}");
        self.client.log_message(MessageType::INFO, format!("nianbao: {notice}")).await;
        self.client.show_message(MessageType::INFO, notice).await;
    }

    async fn log_warnings(&self, what: &str, warnings: Vec<String>) {
        for w in warnings {
            warn!("{what}: {w}");
            self.client.log_message(MessageType::WARNING, format!("nianbao {what}: {w}")).await;
        }
    }

    /// `nianbao/documentText`: the server's copy of an open document (for tests and debugging).
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<DocumentTextResult> {
        let state = self.state();
        match state.docs.get(&params.uri) {
            Some(doc) => {
                Ok(DocumentTextResult { uri: params.uri.clone(), version: doc.version, text: doc.rope.to_string() })
            }
            None => Err(unknown_document(&params.uri)),
        }
    }
}

fn unknown_document(uri: &Uri) -> Error {
    warn!("request for a document that is not open: {}", uri.as_str());
    Error::invalid_params(format!("document not open: {}", uri.as_str()))
}

/// The directory to look for nianbao.toml from, for a document.
fn config_dir(uri: &Uri, root: Option<&Path>) -> Option<PathBuf> {
    uri.to_file_path().and_then(|p| p.parent().map(Path::to_path_buf)).or_else(|| root.map(Path::to_path_buf))
}

/// Engine settings for a document; config errors are returned for logging.
fn resolve_settings(state: &State, uri: &Uri) -> (Settings, Vec<String>) {
    let mut warnings = Vec::new();
    let file = match config_dir(uri, state.root.as_deref()) {
        None => None,
        Some(dir) => match load_file_config(&dir, state.client_settings.lang.unwrap_or_default()) {
            Ok(file) => file,
            Err(e) => {
                warnings.push(e);
                None
            }
        },
    };
    (state.client_settings.merge(file.as_ref()), warnings)
}

/// Renders the publish of `diagnostics` for `uri` into `frames`: every publish goes this way.
fn render(frames: &Frames, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> Rendered {
    let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
    Rendered(frames.store(output::notification::<PublishDiagnostics>(&params)))
}

/// The last path segment of a URI: how last year's report is named in messages.
fn file_name(uri: &Uri) -> &str {
    let s = uri.as_str();
    s.rsplit('/').next().unwrap_or(s)
}

impl State {
    /// Puts `doc` among the open documents (in place of one with the same URI).
    fn insert(&mut self, uri: Uri, doc: Document) {
        self.remove(&uri);
        self.open.add(uri.clone(), doc.key());
        self.docs.insert(uri, doc);
    }

    /// Notes what the document's code lenses say now; marks them stale when that changed.
    fn note_lenses(&mut self, uri: &Uri) {
        let titles = self.docs.get(uri).map(lens::titles).unwrap_or_default();
        if self.lens_titles.get(uri) != Some(&titles) {
            self.lens_titles.insert(uri.clone(), titles);
            self.lens_stale = true;
        }
    }

    /// Takes `uri` out of the open documents.
    fn remove(&mut self, uri: &Uri) -> Option<Document> {
        let doc = self.docs.remove(uri)?;
        self.open.remove(uri, doc.key().as_ref());
        Some(doc)
    }

    /// Last year's report for `report`: an open document (the first by URI when several
    /// match), else a file in the workspace folder.
    fn previous(&self, report: &Report) -> Option<Previous<'_>> {
        let open = self.open.previous(report).and_then(|u| Some((u, self.docs.get(u)?)));
        open.map(|(u, d)| Previous { text: &d.text, report: &d.report, name: file_name(u) })
            .or_else(|| self.index.previous(report))
    }

    /// Re-checks `uri`, with last year's report when there is one.
    fn analyze(&mut self, uri: &Uri) {
        let Some(mut doc) = self.remove(uri) else { return };
        let this = &*self;
        doc.analyze_with(|report| this.previous(report));
        self.insert(uri.clone(), doc);
    }

    /// Open documents that use `key`'s report as last year's (same agency, next year).
    fn next_year_of(&self, key: Option<Key>) -> Vec<Uri> {
        self.open.next_year(key.as_ref()).cloned().collect()
    }

    fn key_of(&self, uri: &Uri) -> Option<Key> {
        self.docs.get(uri)?.key()
    }

    /// Re-checks the documents in `uris` (next year's reports after a change) for publishing.
    fn reanalyze(&mut self, uris: Vec<Uri>) -> Vec<Rendered> {
        let mut out = Vec::new();
        for uri in uris {
            self.analyze(&uri);
            self.note_lenses(&uri);
            if let Some(doc) = self.docs.get(&uri) {
                let docs = self.client_settings.rule_docs(doc.settings.lang);
                let diagnostics = convert::diagnostics(&doc.text, self.enc, &uri, &doc.diagnostics, docs);
                out.push(render(&self.frames, uri, diagnostics, Some(doc.version)));
            }
        }
        out
    }

    /// Re-reads nianbao.toml and the editor settings for every open document and re-checks them.
    fn refresh_all(&mut self) -> (Vec<Rendered>, Vec<String>) {
        let mut uris: Vec<Uri> = self.docs.keys().cloned().collect();
        uris.sort();
        let mut warnings = Vec::new();
        for uri in &uris {
            let (settings, w) = resolve_settings(self, uri);
            warnings.extend(w);
            if let Some(doc) = self.docs.get_mut(uri) {
                doc.settings = settings;
            }
        }
        // Earlier years first, so that a report's previous year is current when it is checked.
        uris.sort_by_key(|u| self.key_of(u).map(|(_, y)| y));
        let out = self.reanalyze(uris);
        warnings.sort();
        warnings.dedup();
        (out, warnings)
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc =
            Encoding::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        let (client_settings, warnings) = ClientSettings::from_json(params.initialization_options.as_ref());
        #[allow(deprecated)] // root_uri: the fallback for clients without workspace folders
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(params.root_uri.clone())
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
        let snippets = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let lens_refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false);
        {
            let mut state = self.state();
            state.watch_files = watch_files;
            state.lens_refresh = lens_refresh;
            state.enc = enc;
            state.client_settings = client_settings;
            state.init_options = params.initialization_options.clone();
            state.root = root;
            state.snippets = snippets;
        }
        info!("initialize: position encoding {enc:?}");
        self.log_warnings("initializationOptions", warnings).await;
        Ok(InitializeResult {
            capabilities: capabilities(enc),
            server_info: Some(ServerInfo {
                name: "nianbao".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Index the workspace folder's reports (last year's report for the checks across years).
        let root = self.state().root.clone();
        if let Some(root) = root {
            let index = tokio::task::spawn_blocking(move || WorkspaceIndex::scan(&root)).await.unwrap_or_default();
            info!("workspace index: {} reports", index.len());
            let publish = {
                let mut state = self.state();
                state.index = index;
                let uris: Vec<Uri> = state.docs.keys().cloned().collect();
                state.reanalyze(uris)
            };
            self.publish(publish).await;
        }
        if !self.state().watch_files {
            return;
        }
        // Watch nianbao.toml where the client can: settings follow edits to it; and the
        // reports, so that next year's open report follows edits to last year's on disk.
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                FileSystemWatcher { glob_pattern: GlobPattern::String("**/nianbao.toml".to_string()), kind: None },
                FileSystemWatcher { glob_pattern: GlobPattern::String("**/*.{txt,md}".to_string()), kind: None },
            ],
        };
        let registration = Registration {
            id: "nianbao-toml".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        // Do not wait for the answer: a client that never answers must not stall the server.
        let client = self.client.clone();
        tokio::spawn(async move {
            if let Err(e) = client.register_capability(vec![registration]).await {
                debug!("client did not register the nianbao.toml watcher: {e}");
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        info!("shutdown");
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let (publish, warnings) = {
            let mut state = self.state();
            let (settings, warnings) = resolve_settings(&state, &doc.uri);
            let mut d = Document::new(&doc.text, doc.version, settings);
            d.path = doc.uri.to_file_path().map(|p| p.into_owned());
            debug!("open {} v{}: report {}", doc.uri.as_str(), doc.version, d.is_report());
            let key = d.key();
            state.insert(doc.uri.clone(), d);
            // Check it against last year's report, and next year's against it, if open.
            let mut uris = vec![doc.uri];
            uris.extend(state.next_year_of(key));
            (state.reanalyze(uris), warnings)
        };
        self.log_warnings("nianbao.toml", warnings).await;
        self.publish(publish).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let publish = {
            let mut state = self.state();
            let enc = state.enc;
            let before = state.key_of(&uri);
            let Some(doc) = state.docs.get_mut(&uri) else {
                warn!("didChange for a document that is not open: {}", uri.as_str());
                return;
            };
            for change in &params.content_changes {
                doc.apply_change(change, enc);
            }
            doc.version = params.text_document.version;
            let mut publish = state.reanalyze(vec![uri.clone()]);
            // Next year's report (by the title before or after the change) is checked against
            // this one: re-check it too.
            let after = state.key_of(&uri);
            let mut next = state.next_year_of(before.clone());
            if after != before {
                next.extend(state.next_year_of(after));
            }
            next.sort();
            next.dedup();
            next.retain(|u| *u != uri);
            publish.extend(state.reanalyze(next));
            publish
        };
        self.publish(publish).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let items = {
            let mut state = self.state();
            let key = state.key_of(&uri);
            state.lens_titles.remove(&uri);
            if state.remove(&uri).is_none() {
                warn!("didClose for a document that is not open: {}", uri.as_str());
                return;
            }
            // Its diagnostics are cleared, then next year's report is checked without it.
            let mut items = vec![render(&state.frames, uri, Vec::new(), None)];
            let next = state.next_year_of(key);
            items.extend(state.reanalyze(next));
            items
        };
        self.publish(items).await;
    }

    async fn will_save_wait_until(&self, params: WillSaveTextDocumentParams) -> Result<Option<Vec<TextEdit>>> {
        let (edits, notice) = {
            let state = self.state();
            let uri = &params.text_document.uri;
            let Some(doc) = state.docs.get(uri) else {
                return Err(unknown_document(uri));
            };
            if !state.client_settings.fix_on_save {
                return Ok(None);
            }
            let edits = actions::fix_all_edits(doc);
            if edits.is_empty() {
                return Ok(None);
            }
            (convert::text_edits(&doc.rope, state.enc, &edits), actions::fixes_notice(doc, true))
        };
        // The author is told what saving changed (sent before the answer, which carries the edits).
        if let Some(notice) = notice {
            self.notice(notice).await;
        }
        Ok(Some(edits))
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (publish, warnings, config_warnings) = {
            let mut state = self.state();
            let merged = crate::settings::overlay(state.init_options.as_ref(), &params.settings);
            let (client_settings, warnings) = ClientSettings::from_json(Some(&merged));
            state.client_settings = client_settings;
            let (publish, config_warnings) = state.refresh_all();
            (publish, warnings, config_warnings)
        };
        let lang = self.state().client_settings.lang.unwrap_or_default();
        self.log_warnings(lang.pick("设置", "settings"), warnings).await;
        self.log_warnings("nianbao.toml", config_warnings).await;
        self.publish(publish).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        // Reports on disk: re-index them and re-check next year's open reports.
        let mut publish = {
            let mut state = self.state();
            let mut next = Vec::new();
            for change in &params.changes {
                let Some(path) = change.uri.to_file_path() else { continue };
                if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                    let (before, after) = state.index.update(&path);
                    next.extend(state.next_year_of(before));
                    next.extend(state.next_year_of(after));
                }
            }
            next.sort();
            next.dedup();
            state.reanalyze(next)
        };
        if !params.changes.iter().any(|c| c.uri.as_str().ends_with(nianbao_core::config::FILE_NAME)) {
            self.publish(publish).await;
            return;
        }
        let (more, warnings) = self.state().refresh_all();
        publish.extend(more);
        self.log_warnings("nianbao.toml", warnings).await;
        self.publish(publish).await;
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let state = self.state();
        let uri = &params.text_document.uri;
        let Some(doc) = state.docs.get(uri) else {
            return Err(unknown_document(uri));
        };
        let range = position::byte_range(&doc.rope, state.enc, params.range);
        let actions = actions::code_actions(
            doc,
            state.enc,
            uri,
            range,
            params.context.only.as_deref(),
            state.client_settings.rule_docs(doc.settings.lang),
        );
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let state = self.state();
        let p = params.text_document_position_params;
        let Some(doc) = state.docs.get(&p.text_document.uri) else {
            return Err(unknown_document(&p.text_document.uri));
        };
        let offset = position::offset(&doc.rope, state.enc, p.position);
        Ok(hover::hover(doc, state.enc, offset))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let state = self.state();
        let uri = &params.text_document.uri;
        let Some(doc) = state.docs.get(uri) else {
            return Err(unknown_document(uri));
        };
        Ok(Some(DocumentSymbolResponse::Nested(symbols::document_symbols(doc, state.enc))))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let state = self.state();
        let p = params.text_document_position;
        let Some(doc) = state.docs.get(&p.text_document.uri) else {
            return Err(unknown_document(&p.text_document.uri));
        };
        let offset = position::offset(&doc.rope, state.enc, p.position);
        Ok(Some(CompletionResponse::Array(completion::completions(doc, offset, state.snippets))))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let state = self.state();
        let uri = &params.text_document.uri;
        let Some(doc) = state.docs.get(uri) else {
            return Err(unknown_document(uri));
        };
        Ok(Some(lens::code_lenses(doc, state.enc, uri)))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command == SHOW_FIXES_COMMAND {
            let notice = params
                .arguments
                .first()
                .and_then(Value::as_str)
                .ok_or_else(|| Error::invalid_params("expected [notice]"))?;
            self.notice(notice.to_string()).await;
            return Ok(None);
        }
        if params.command != FIX_SUMS_COMMAND {
            return Err(Error::invalid_params(format!("unknown command {:?}", params.command)));
        }
        let uri: Uri = params
            .arguments
            .first()
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| Error::invalid_params("expected [uri, table?]"))?;
        let table = match params.arguments.get(1) {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_str()
                    .and_then(actions::parse_table_arg)
                    .ok_or_else(|| Error::invalid_params(format!("unknown table {v}")))?,
            ),
        };
        let edit = {
            let state = self.state();
            let Some(doc) = state.docs.get(&uri) else {
                return Err(unknown_document(&uri));
            };
            actions::fix_sums_edit(doc, state.enc, &uri, table)
        };
        let Some(edit) = edit else {
            return Ok(None);
        };
        // Ask the client to apply the edit without waiting for its answer inside this handler:
        // handlers run one at a time, and the answer must not queue behind this one.
        let client = self.client.clone();
        tokio::spawn(async move {
            match client.apply_edit(edit).await {
                Ok(r) if !r.applied => {
                    warn!("client did not apply the fix: {:?}", r.failure_reason)
                }
                Ok(_) => {}
                Err(e) => warn!("workspace/applyEdit failed: {e}"),
            }
        });
        Ok(None)
    }
}

fn capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            will_save: None,
            will_save_wait_until: Some(true),
            save: None,
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions::default()),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(actions::FIX_ALL_KIND.to_string()),
            ]),
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: Some(false),
        })),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![FIX_SUMS_COMMAND.to_string(), SHOW_FIXES_COMMAND.to_string()],
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        ..ServerCapabilities::default()
    }
}
