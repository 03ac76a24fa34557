//! `layerlint server`: a language server over stdio, so editors show findings as you type and on save.
//!
//! Synchronous, as rust-analyzer and Ruff do it with `lsp-server`: one thread reads messages and answers
//! in order. Open documents are linted from the editor's text (full sync), with the config that applies
//! to the document's path found afresh each time, so edits to `layerlint.toml` take effect at once.

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;

use lsp_server::{Connection, Message, Notification, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{HoverRequest, Request as _};
use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Hover,
    HoverContents, HoverParams, HoverProviderCapability, Location, MarkupContent, MarkupKind, NumberOrString, Position,
    PublishDiagnosticsParams, Range, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

use crate::config::{ConfigSource, Overrides, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{lint_text, FileReport, LintOptions};
use crate::problem::Problem;
use crate::rules;
use crate::syntax::source::clamp_to_char_boundary;

/// Run the server until the client says `exit`. Returns the process exit code.
pub fn run() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let code = match serve(&connection) {
        Ok(()) => 0,
        Err(e) => {
            Problem::new(format!("server: {e}"), "the editor's connection failed; restart the server").print();
            1
        }
    };
    drop(connection);
    if let Err(e) = io_threads.join() {
        Problem::new(format!("server: {e:?}"), "the editor's connection failed; restart the server").print();
        return 1;
    }
    code
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

fn serve(connection: &Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let caps = serde_json::to_value(capabilities())?;
    connection.initialize(caps)?;
    let mut documents: HashMap<String, String> = HashMap::new();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = match request.method.as_str() {
                    HoverRequest::METHOD => hover(request.id.clone(), request.params, &documents),
                    _ => Response::new_err(
                        request.id,
                        lsp_server::ErrorCode::MethodNotFound as i32,
                        "not supported".into(),
                    ),
                };
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                if let Some(uri) = update_documents(&notification, &mut documents) {
                    let diagnostics = documents.get(&uri).map_or_else(Vec::new, |text| lint_document(&uri, text));
                    publish(connection, &uri, diagnostics)?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Apply an open/change/save/close notification; returns the document whose findings changed.
fn update_documents(notification: &Notification, documents: &mut HashMap<String, String>) -> Option<String> {
    let params = notification.params.clone();
    match notification.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(params).ok()?;
            documents.insert(p.text_document.uri.as_str().to_string(), p.text_document.text);
            Some(p.text_document.uri.as_str().to_string())
        }
        DidChangeTextDocument::METHOD => {
            let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(params).ok()?;
            // Full sync: the last change holds the whole text.
            let text = p.content_changes.into_iter().last()?.text;
            documents.insert(p.text_document.uri.as_str().to_string(), text);
            Some(p.text_document.uri.as_str().to_string())
        }
        DidSaveTextDocument::METHOD => {
            let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(params).ok()?;
            Some(p.text_document.uri.as_str().to_string())
        }
        DidCloseTextDocument::METHOD => {
            let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(params).ok()?;
            documents.remove(p.text_document.uri.as_str());
            Some(p.text_document.uri.as_str().to_string())
        }
        _ => None,
    }
}

fn publish(
    connection: &Connection,
    uri: &str,
    diagnostics: Vec<LspDiagnostic>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let params = PublishDiagnosticsParams { uri: Uri::from_str(uri)?, diagnostics, version: None };
    let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
    connection.sender.send(Message::Notification(notification))?;
    Ok(())
}

/// The local path of a `file://` URI, percent-decoded.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(byte) = rest.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// Lint one document with the config that applies to its path (defaults for unsaved documents).
fn lint_document(uri: &str, text: &str) -> Vec<LspDiagnostic> {
    let path = uri_to_path(uri);
    let options = match &path {
        Some(path) => Resolver::new(ConfigSource::Discover, Overrides::default())
            .ok()
            .and_then(|mut r| r.for_file(path))
            .map_or_else(LintOptions::default, |s| (*s.options).clone()),
        None => LintOptions::default(),
    };
    let name = path.map_or_else(|| uri.to_string(), |p| p.display().to_string());
    let report = lint_text(name, text, &options);
    report.diagnostics.iter().map(|d| to_lsp(&report, uri, d)).collect()
}

fn to_lsp(report: &FileReport, uri: &str, d: &Diagnostic) -> LspDiagnostic {
    let range = Range { start: position(report, d.span.start), end: position(report, d.span.end) };
    let related = Uri::from_str(uri).ok().map(|uri| {
        d.secondary
            .iter()
            .map(|l| DiagnosticRelatedInformation {
                location: Location {
                    uri: uri.clone(),
                    range: Range { start: position(report, l.span.start), end: position(report, l.span.end) },
                },
                message: l.message.clone(),
            })
            .collect::<Vec<_>>()
    });
    LspDiagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
            Severity::Style => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: Uri::from_str(&d.url()).ok().map(|href| CodeDescription { href }),
        source: Some("layerlint".into()),
        message: match &d.help {
            Some(help) => format!("{} ({})\nhelp: {help}", d.message, d.name),
            None => format!("{} ({})", d.message, d.name),
        },
        related_information: related.filter(|r| !r.is_empty()),
        tags: None,
        data: None,
    }
}

/// An LSP position: 0-based line, and the column in UTF-16 code units (the protocol's default encoding).
fn position(report: &FileReport, offset: usize) -> Position {
    let text = report.text();
    let offset = clamp_to_char_boundary(text, offset);
    let line = report.line_index().line_of(offset);
    let start = report.line_index().line_start(line).min(offset);
    let character = text.get(start..offset).map_or(0, |s| s.encode_utf16().count());
    Position { line: (line - 1) as u32, character: character as u32 }
}

/// Hovering a finding shows its rule's documentation.
fn hover(id: RequestId, params: serde_json::Value, documents: &HashMap<String, String>) -> Response {
    let Ok(p) = serde_json::from_value::<HoverParams>(params) else {
        return Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, "bad hover parameters".into());
    };
    let uri = p.text_document_position_params.text_document.uri.as_str().to_string();
    let at = p.text_document_position_params.position;
    let doc = documents.get(&uri).and_then(|text| {
        lint_document(&uri, text).into_iter().find(|d| d.range.start <= at && at <= d.range.end).and_then(|d| {
            match d.code {
                Some(NumberOrString::String(code)) => rules::doc(&code),
                _ => None,
            }
        })
    });
    let result = doc.map(|doc| Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: doc.to_string() }),
        range: None,
    });
    Response::new_ok(id, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(uri_to_path("file:///tmp/a%20b/Dockerfile"), Some(PathBuf::from("/tmp/a b/Dockerfile")));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }

    #[test]
    fn positions_count_utf16_units() {
        let report = lint_text("x".into(), "FROM a\nLABEL x=\"😀\" y\n", &LintOptions::default());
        // The emoji is two UTF-16 units: the byte after it is at character 11.
        let offset = report.text().find("\" y").unwrap_or(0);
        assert_eq!(position(&report, offset), Position { line: 1, character: 11 });
    }
}
