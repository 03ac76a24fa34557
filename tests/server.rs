//! The language server as an editor drives it: initialize, open a document, read the published
//! diagnostics, change the document, hover a finding, shut down.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_layerlint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Client { child, stdin, stdout }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).expect("body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The next message with this method (or, for `None`, the next response).
    fn wait_for(&mut self, method: Option<&str>) -> Value {
        loop {
            let message = self.receive();
            if message.get("method").and_then(Value::as_str) == method {
                return message;
            }
        }
    }
}

#[test]
fn diagnostics_follow_the_document_and_hover_shows_the_rule() {
    let mut client = Client::start();
    client.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    let init = client.wait_for(None);
    assert_eq!(init["result"]["capabilities"]["textDocumentSync"], 1);
    client.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    let uri = "file:///nonexistent-layerlint-test/Dockerfile";
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "dockerfile", "version": 1, "text": "FROM alpine:3.20\nMAINTAINER me\nUSER 10001\n"}}}));
    let published = client.wait_for(Some("textDocument/publishDiagnostics"));
    let diagnostics = published["params"]["diagnostics"].as_array().expect("array").clone();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "SYN003");
    assert_eq!(diagnostics[0]["source"], "layerlint");
    assert_eq!(diagnostics[0]["range"]["start"], json!({"line": 1, "character": 0}));

    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": 3}}}));
    let hover = client.wait_for(None);
    let text = hover["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.starts_with("# SYN003 maintainer-deprecated"), "{hover}");

    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": "FROM alpine:3.20\nLABEL maintainer=me\nUSER 10001\n"}]}}));
    let published = client.wait_for(Some("textDocument/publishDiagnostics"));
    assert_eq!(published["params"]["diagnostics"], json!([]));

    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    client.wait_for(None);
    client.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = client.child.wait().expect("exits");
    assert!(status.success());
}
