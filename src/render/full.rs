//! Rich code frames (codespan-reporting): the default on a terminal.

use codespan_reporting::diagnostic::{Diagnostic as Frame, Label, Severity as FrameSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{Buffer, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Config};

use super::Located;
use crate::diagnostic::Severity;

fn frame_severity(severity: Severity) -> FrameSeverity {
    match severity {
        Severity::Error => FrameSeverity::Error,
        Severity::Warning => FrameSeverity::Warning,
        Severity::Info => FrameSeverity::Note,
        Severity::Style => FrameSeverity::Help,
    }
}

pub fn render(findings: &[Located], color: bool) -> String {
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let config = Config::default();
    for f in findings {
        let d = f.diagnostic;
        let file = SimpleFile::new(f.report.path.as_str(), f.report.text());
        let mut labels = vec![Label::primary((), d.span.range()).with_message(&d.label)];
        labels.extend(d.secondary.iter().map(|l| Label::secondary((), l.span.range()).with_message(&l.message)));
        let mut notes = d.notes.clone();
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        notes.push(format!("{} ({}): {}", d.code, d.name, d.url()));
        let frame = Frame::new(frame_severity(d.severity))
            .with_code(d.code)
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        if term::emit(&mut buffer, &config, &file, &frame).is_err() {
            // A frame that cannot be drawn (a span outside the text) still gets its one-line form.
            let _ = buffer.set_color(&ColorSpec::new());
            let line = format!(
                "{}:{}:{}: {}[{}] {}\n",
                f.report.path,
                f.line,
                f.column,
                d.severity.as_str(),
                d.code,
                d.message
            );
            let _ = std::io::Write::write_all(&mut buffer, line.as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
