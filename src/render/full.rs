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
    let config = Config::default();
    let mut out = String::new();
    for f in findings {
        let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
        let d = f.diagnostic;
        let file = SimpleFile::new(f.report.path.as_str(), f.report.text());
        let mut labels = vec![Label::primary((), d.span.range()).with_message(&d.label)];
        labels.extend(d.secondary.iter().map(|l| Label::secondary((), l.span.range()).with_message(&l.message)));
        let mut notes = d.notes.clone();
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        if let Some(fix) = &d.fix {
            let how = match fix.applicability {
                crate::diagnostic::Applicability::Safe => "`--fix`",
                crate::diagnostic::Applicability::Unsafe => "`--fix --unsafe-fixes`, may change behaviour",
            };
            notes.push(format!("fix ({how}): {}", fix.message));
        }
        notes.push(format!("{} ({}): {}", d.code, d.name, d.url()));
        let frame = Frame::new(frame_severity(d.severity))
            .with_code(d.code)
            .with_message(super::marked_message(d))
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
        let frame = with_project_severity(&String::from_utf8_lossy(buffer.as_slice()), d.severity);
        out += &without_trailing_spaces(&frame);
    }
    out
}

/// The renderer pads some gutter lines with spaces (a label's connector line); no line ends in blanks,
/// before the colour reset codes when there are any.
fn without_trailing_spaces(frame: &str) -> String {
    let mut out = String::with_capacity(frame.len());
    for line in frame.split_inclusive('\n') {
        let (body, newline) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        let mut codes_start = body.len();
        // Trailing escape sequences (`ESC[0m`) stay; the blanks before them go.
        while let Some(esc) = body[..codes_start].rfind('\u{1b}') {
            if body[esc..codes_start].ends_with('m') && !body[esc..codes_start].contains(' ') {
                codes_start = esc;
            } else {
                break;
            }
        }
        out += body[..codes_start].trim_end_matches([' ', '\t']);
        out += &body[codes_start..];
        out += newline;
    }
    out
}

/// The renderer names its severities `note` and `help`; the header (the frame's first occurrence of
/// `word[`) is given the project's own word, as every other format prints it.
fn with_project_severity(frame: &str, severity: Severity) -> String {
    let renderer_word = match frame_severity(severity) {
        FrameSeverity::Note => "note[",
        FrameSeverity::Help => "help[",
        _ => return frame.to_string(),
    };
    frame.replacen(renderer_word, &format!("{}[", severity.as_str()), 1)
}

#[cfg(test)]
mod tests {
    use super::without_trailing_spaces;

    #[test]
    fn blanks_at_line_ends_go_colour_codes_stay() {
        assert_eq!(without_trailing_spaces("a │   \n  │\nb"), "a │\n  │\nb");
        assert_eq!(without_trailing_spaces("x  \u{1b}[0m\n"), "x\u{1b}[0m\n");
    }
}
