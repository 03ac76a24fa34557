//! `.dockerignore`: reading the file and deciding, path by path, what Docker leaves out of the build context.
//!
//! Docker's own answer is the reference, so this is a faithful port of what `docker build` runs:
//! github.com/moby/patternmatcher v0.6.1 (`ignorefile.ReadAll`, `New`, `MatchesOrParentMatches`) on Linux,
//! built with Go 1.19. Its quirks are kept on purpose, because a linter that "fixes" them would tell users
//! something Docker does not do:
//!
//! - lines are read by a `bufio.Scanner` (a line of 64 KiB or more fails the whole file), a UTF-8 BOM is
//!   dropped from the first line only, and only a `#` in the very first column starts a comment;
//! - every pattern goes through `filepath.Clean` (twice: once when read, once when compiled), so `a/../b` is
//!   `b`, `/x` is `x`, and `foo/` is `foo`;
//! - a pattern is first checked with Go's `filepath.Match` (errors found there fail every path), then
//!   translated to a Go regular expression that is compiled lazily, so some errors only show up for the
//!   paths that reach the bad pattern; and the translation escapes only `.+()$`, so `|`, `{n}`, `^` and
//!   `\d`-style escapes keep their regular-expression meaning;
//! - a path is excluded by the last pattern that matches it or one of its parent folders, and a pattern is
//!   only tried when it could change the answer (an exception when the path is excluded, an exclusion
//!   when it is not).
//!
//! The file is parsed once ([`DockerIgnore::parse`]) and keeps, for every pattern, its line, its text and
//! its byte span, so callers can say which line decided ([`DockerIgnore::decide`]).
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The name Docker looks for at the root of the build context.
pub const IGNORE_FILE_NAME: &str = ".dockerignore";

/// Go's `bufio.MaxScanTokenSize`: `ignorefile.ReadAll` cannot read a line this long or longer.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// A parsed `.dockerignore`: the patterns Docker's matcher keeps, in file order.
#[derive(Debug, Default)]
pub struct DockerIgnore {
    patterns: Vec<Pattern>,
}

/// One pattern line: where it is, what the user wrote, and what Docker's matcher makes of it.
#[derive(Debug)]
pub struct Pattern {
    line: usize,
    span: Range<usize>,
    text: String,
    cleaned: String,
    is_exception: bool,
    matcher: Matcher,
}

/// How a pattern compares paths, as patternmatcher's `matchType` decides it.
#[derive(Debug)]
enum Matcher {
    /// No wildcard: the path must equal the cleaned pattern.
    Exact,
    /// Literal text then a final `**`: the path must start with the text.
    Prefix,
    /// A leading `**` and otherwise literal text: the path must end with the text.
    Suffix,
    /// Anything else: the translated Go regular expression.
    Regexp(go_regexp::Regexp),
    /// The translated regular expression does not compile; Docker reports it for every path that reaches
    /// the pattern. Holds Go's reason.
    Invalid(String),
}

/// Docker's answer for one path.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    /// Whether `docker build` leaves the path out of the context.
    pub excluded: bool,
    /// The last pattern that matched the path (or one of its parents), which is the one that decided;
    /// `None` when no pattern matched, so the path is sent.
    pub deciding: Option<&'a Pattern>,
}

/// Why Docker rejects a `.dockerignore` (or fails on it for one path), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreError {
    /// 1-based line of the file.
    pub line: usize,
    /// Byte range of the offending text in the file (the whole line when it is too long).
    pub span: Range<usize>,
    pub kind: IgnoreErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreErrorKind {
    /// The line is 64 KiB or longer; Docker cannot read the file at all.
    LineTooLong,
    /// A `!` with no pattern after it.
    IllegalExclusion,
    /// A pattern Go cannot use; `reason` says what Go's glob or regular-expression parser objected to.
    BadPattern { reason: String },
}

impl IgnoreError {
    /// The error text Docker prints (Go's error string), e.g. `syntax error in pattern`.
    pub fn docker_message(&self) -> &'static str {
        match self.kind {
            IgnoreErrorKind::LineTooLong => "bufio.Scanner: token too long",
            IgnoreErrorKind::IllegalExclusion => "illegal exclusion pattern: \"!\"",
            IgnoreErrorKind::BadPattern { .. } => "syntax error in pattern",
        }
    }
}

impl fmt::Display for IgnoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.docker_message())?;
        if let IgnoreErrorKind::BadPattern { reason } = &self.kind {
            write!(f, " ({reason})")?;
        }
        Ok(())
    }
}

impl std::error::Error for IgnoreError {}

impl Pattern {
    /// 1-based line in the file.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Byte range of [`Pattern::text`] in the file.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The line as written, without surrounding white space (with its `!` if it is an exception).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What Docker's matcher compares paths with: cleaned, without leading `/` or `!`.
    pub fn cleaned(&self) -> &str {
        &self.cleaned
    }

    /// A `!` line: it re-includes what earlier lines excluded.
    pub fn is_exception(&self) -> bool {
        self.is_exception
    }

    /// patternmatcher's `Pattern.match`: does the pattern match this exact path (no parent folders)?
    /// `Err` carries Go's reason when the pattern's regular expression does not compile.
    fn matches(&self, path: &str) -> Result<bool, &str> {
        let bytes = path.as_bytes();
        let cleaned = self.cleaned.as_bytes();
        match &self.matcher {
            Matcher::Exact => Ok(bytes == cleaned),
            Matcher::Prefix => {
                // Go slices bytes here (`cleanedPattern[:len-2]`), so do we.
                let prefix = cleaned.get(..cleaned.len().saturating_sub(2)).unwrap_or_default();
                Ok(bytes.starts_with(prefix))
            }
            Matcher::Suffix => {
                let suffix = cleaned.get(2..).unwrap_or_default();
                if bytes.ends_with(suffix) {
                    return Ok(true);
                }
                // `**/foo` also matches `foo` itself.
                Ok(suffix.first() == Some(&b'/') && bytes == suffix.get(1..).unwrap_or_default())
            }
            Matcher::Regexp(regexp) => Ok(regexp.is_match(path)),
            Matcher::Invalid(reason) => Err(reason),
        }
    }

    fn error(&self, kind: IgnoreErrorKind) -> IgnoreError {
        IgnoreError { line: self.line, span: self.span(), kind }
    }
}

impl DockerIgnore {
    /// Reads a `.dockerignore` as Docker does (`ignorefile.ReadAll`, then `patternmatcher.New`).
    ///
    /// Fails where Docker fails for every path: a line of 64 KiB or more, a lone `!`, or a pattern that
    /// Go's `filepath.Match` rejects. Patterns whose regular expression does not compile are kept: Docker
    /// only fails when a path reaches them, which [`DockerIgnore::decide`] reports.
    pub fn parse(text: &str) -> Result<DockerIgnore, IgnoreError> {
        // ReadAll reads the whole file before New looks at any pattern, so a long line anywhere wins
        // over a bad pattern before it.
        let lines = scan_lines(text)?;
        let mut patterns = Vec::new();
        for line in lines {
            if let Some(pattern) = compile_line(&line)? {
                patterns.push(pattern);
            }
        }
        Ok(DockerIgnore { patterns })
    }

    /// The patterns Docker's matcher uses, in file order (comments and blank lines are not patterns).
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// `MatchesOrParentMatches(path)`: is the path excluded, and which line decided?
    ///
    /// The path is used exactly as given, relative to the context and `/`-separated (Docker does not clean
    /// it: `./foo` is not `foo`). Fails where Docker fails: when a pattern whose regular expression does not
    /// compile is tried for this path.
    pub fn decide(&self, path: &str) -> Result<Decision<'_>, IgnoreError> {
        let parent = go_path::dir(path);
        let mut decision = Decision { excluded: false, deciding: None };
        for pattern in &self.patterns {
            // An exclusion cannot change an excluded path, nor an exception a sent one: Docker skips them
            // (and so never hits their errors).
            if pattern.is_exception != decision.excluded {
                continue;
            }
            let mut matched = pattern
                .matches(path)
                .map_err(|reason| pattern.error(IgnoreErrorKind::BadPattern { reason: reason.to_owned() }))?;
            if !matched && parent != "." {
                matched = parent_prefixes(&parent).any(|folder| pattern.matches(folder).unwrap_or(false));
            }
            if matched {
                decision = Decision { excluded: !pattern.is_exception, deciding: Some(pattern) };
            }
        }
        Ok(decision)
    }

    /// Whether some exception (`!` line) might re-include a path strictly inside `folder` (a context-relative,
    /// `/`-separated folder). When it cannot, an excluded folder can be skipped whole: everything in it is
    /// excluded too. Errs on the side of `true` for patterns with wildcards.
    pub fn may_reinclude_inside(&self, folder: &str) -> bool {
        let inside = format!("{folder}/");
        self.patterns.iter().filter(|pattern| pattern.is_exception).any(|pattern| match pattern.matcher {
            Matcher::Exact => pattern.cleaned.starts_with(&inside),
            Matcher::Prefix => {
                let prefix = pattern.cleaned.get(..pattern.cleaned.len().saturating_sub(2)).unwrap_or_default();
                prefix.starts_with(&inside) || inside.starts_with(prefix)
            }
            Matcher::Suffix | Matcher::Regexp(_) | Matcher::Invalid(_) => true,
        })
    }
}

/// Where Docker reads the ignore rules for a build: `<Dockerfile>.dockerignore` beside the Dockerfile wins
/// over `<context>/.dockerignore`. Without `dockerfile`, the Dockerfile is `<context>/Dockerfile` as for
/// `docker build`; `-` (Dockerfile on standard input) has no file of its own. `None` when neither exists.
/// An existing but unreadable file is still returned, so the caller reports it instead of silently
/// ignoring rules Docker would apply.
pub fn locate_ignore_file(context_dir: &Path, dockerfile: Option<&Path>) -> Option<PathBuf> {
    let dockerfile = match dockerfile {
        Some(path) if path == Path::new("-") => None,
        Some(path) => Some(path.to_path_buf()),
        None => Some(context_dir.join("Dockerfile")),
    };
    if let Some(dockerfile) = dockerfile {
        let mut specific = dockerfile.into_os_string();
        specific.push(IGNORE_FILE_NAME);
        let specific = PathBuf::from(specific);
        if specific.symlink_metadata().is_ok() {
            return Some(specific);
        }
    }
    let general = context_dir.join(IGNORE_FILE_NAME);
    general.symlink_metadata().is_ok().then_some(general)
}

/// The folders `MatchesOrParentMatches` also tries: `a`, `a/b`, `a/b/c` for the parent `a/b/c` (what Go
/// gets by joining the first 1, 2, 3… elements of the parent split on `/`).
fn parent_prefixes(parent: &str) -> impl Iterator<Item = &str> {
    parent.match_indices('/').map(move |(slash, _)| &parent[..slash]).chain(std::iter::once(parent))
}

/// One line as `bufio.Scanner` hands it to `ReadAll`: without its `\n`, one trailing `\r`, and (first
/// line only) a UTF-8 BOM.
struct ScannedLine<'t> {
    number: usize,
    /// Byte offset of `content` in the file.
    start: usize,
    content: &'t str,
}

fn scan_lines(text: &str) -> Result<Vec<ScannedLine<'_>>, IgnoreError> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |offset| start + offset);
        let number = lines.len() + 1;
        // The scanner's buffer stops growing at 64 KiB and must hold the line plus its `\n`.
        if end - start >= MAX_LINE_BYTES {
            return Err(IgnoreError { line: number, span: start..end, kind: IgnoreErrorKind::LineTooLong });
        }
        let mut content = &text[start..end];
        let mut content_start = start;
        if let Some(without_cr) = content.strip_suffix('\r') {
            content = without_cr;
        }
        if number == 1 {
            if let Some(without_bom) = content.strip_prefix('\u{FEFF}') {
                content = without_bom;
                content_start += '\u{FEFF}'.len_utf8();
            }
        }
        lines.push(ScannedLine { number, start: content_start, content });
        start = end + 1;
    }
    Ok(lines)
}

/// `ReadAll`'s treatment of one line, then `New`'s: `None` for comments and lines that end up empty.
fn compile_line(line: &ScannedLine<'_>) -> Result<Option<Pattern>, IgnoreError> {
    // Only a `#` in the first column is a comment: ` # x` is the pattern `# x`.
    if line.content.starts_with('#') {
        return Ok(None);
    }
    // Go's strings.TrimSpace and Rust's trim agree: both strip Unicode White_Space.
    let text = line.content.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let leading = line.content.len() - line.content.trim_start().len();
    let span = line.start + leading..line.start + leading + text.len();

    // ReadAll: clean the pattern (keeping its `!`) and drop a leading `/`.
    let read = match text.strip_prefix('!') {
        Some(rest) => format!("!{}", read_all_clean(rest.trim())),
        None => read_all_clean(text),
    };

    // New: trim and clean again (the `!` included), then split off the `!`.
    let renewed = read.trim();
    if renewed.is_empty() {
        return Ok(None);
    }
    let renewed = go_path::clean(renewed);
    let error = |kind| IgnoreError { line: line.number, span: span.clone(), kind };
    let (is_exception, cleaned) = match renewed.strip_prefix('!') {
        Some("") => return Err(error(IgnoreErrorKind::IllegalExclusion)),
        Some(rest) => (true, rest.to_owned()),
        None => (false, renewed),
    };
    if let Err(reason) = go_glob::check(&cleaned) {
        return Err(error(IgnoreErrorKind::BadPattern { reason: reason.to_owned() }));
    }
    let matcher = compile_matcher(&cleaned);
    Ok(Some(Pattern { line: line.number, span, text: text.to_owned(), cleaned, is_exception, matcher }))
}

/// ReadAll's normalisation of a pattern without its `!`: `filepath.Clean`, then no leading `/` (unless the
/// pattern is `/` itself).
fn read_all_clean(pattern: &str) -> String {
    if pattern.is_empty() {
        return String::new();
    }
    let cleaned = go_path::clean(pattern);
    match cleaned.strip_prefix('/') {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => cleaned,
    }
}

/// patternmatcher's `Pattern.compile`: choose the match type and, when it is a regular expression,
/// translate the pattern the way Go does and compile it.
fn compile_matcher(cleaned: &str) -> Matcher {
    let (kind, expression) = translate(cleaned);
    match kind {
        MatchKind::Exact => Matcher::Exact,
        MatchKind::Prefix => Matcher::Prefix,
        MatchKind::Suffix => Matcher::Suffix,
        MatchKind::Regexp => match go_regexp::Regexp::compile(&expression) {
            Ok(regexp) => Matcher::Regexp(regexp),
            Err(reason) => Matcher::Invalid(reason),
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchKind {
    Exact,
    Prefix,
    Suffix,
    Regexp,
}

/// The translation loop of `Pattern.compile`, character for character (Go reads the pattern with a
/// `text/scanner`, which skips a BOM at the very start).
fn translate(cleaned: &str) -> (MatchKind, String) {
    let mut expression = String::from("^");
    let mut kind = MatchKind::Exact;
    let mut chars = cleaned.chars().peekable();
    if chars.peek() == Some(&'\u{FEFF}') {
        chars.next();
    }
    let mut index = 0;
    while let Some(ch) = chars.next() {
        match ch {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                // `**/` is `**`.
                if chars.peek() == Some(&'/') {
                    chars.next();
                }
                if chars.peek().is_none() {
                    // A final `**` accepts everything below, as in .gitignore.
                    if kind == MatchKind::Exact {
                        kind = MatchKind::Prefix;
                    } else {
                        expression.push_str(".*");
                        kind = MatchKind::Regexp;
                    }
                } else {
                    // Any number of folders, even none.
                    expression.push_str("(.*/)?");
                    kind = MatchKind::Regexp;
                }
                if index == 0 {
                    kind = MatchKind::Suffix;
                }
            }
            '*' => {
                expression.push_str("[^/]*");
                kind = MatchKind::Regexp;
            }
            '?' => {
                expression.push_str("[^/]");
                kind = MatchKind::Regexp;
            }
            // Go marks these in an 8-byte bitmap with `1 << (b / 8)`, which only has room for characters
            // below 64: `|`, `{` and `}` were meant to be escaped too but are not.
            '.' | '+' | '(' | ')' | '$' => {
                expression.push('\\');
                expression.push(ch);
            }
            '\\' => match chars.next() {
                Some(escaped) => {
                    expression.push('\\');
                    expression.push(escaped);
                    kind = MatchKind::Regexp;
                }
                None => expression.push('\\'),
            },
            '[' | ']' => {
                expression.push(ch);
                kind = MatchKind::Regexp;
            }
            _ => expression.push(ch),
        }
        index += 1;
    }
    if kind == MatchKind::Regexp {
        expression.push('$');
    }
    (kind, expression)
}

/// Go's `path/filepath` on Unix, as far as the matcher uses it.
mod go_path {
    /// `filepath.Clean`: the shortest equivalent path, by purely lexical processing. Ported with Go's
    /// write index `w`, whose exact stopping point on `..` decides where separators survive.
    pub fn clean(path: &str) -> String {
        if path.is_empty() {
            return ".".to_owned();
        }
        let bytes = path.as_bytes();
        let n = bytes.len();
        let rooted = bytes[0] == b'/';
        let mut out: Vec<u8> = Vec::with_capacity(n);
        let mut w = 0;
        let write = |out: &mut Vec<u8>, w: &mut usize, byte: u8| {
            out.truncate(*w);
            out.push(byte);
            *w += 1;
        };
        let mut read = 0;
        // Where `..` must stop backtracking: after the root, or after a leading run of `../`.
        let mut dotdot = 0;
        if rooted {
            write(&mut out, &mut w, b'/');
            read = 1;
            dotdot = 1;
        }
        let ends_element = |i: usize| i == n || bytes[i] == b'/';
        while read < n {
            // An empty element (`//`) or `.` adds nothing.
            if bytes[read] == b'/' || (bytes[read] == b'.' && ends_element(read + 1)) {
                read += 1;
            } else if bytes[read] == b'.' && bytes.get(read + 1) == Some(&b'.') && ends_element(read + 2) {
                read += 2;
                if w > dotdot {
                    w -= 1;
                    while w > dotdot && out[w] != b'/' {
                        w -= 1;
                    }
                } else if !rooted {
                    if w > 0 {
                        write(&mut out, &mut w, b'/');
                    }
                    write(&mut out, &mut w, b'.');
                    write(&mut out, &mut w, b'.');
                    dotdot = w;
                }
            } else {
                if (rooted && w != 1) || (!rooted && w != 0) {
                    write(&mut out, &mut w, b'/');
                }
                while read < n && bytes[read] != b'/' {
                    write(&mut out, &mut w, bytes[read]);
                    read += 1;
                }
            }
        }
        out.truncate(w);
        if out.is_empty() {
            out.push(b'.');
        }
        // Only ASCII bytes were removed or added, at `/` boundaries, so the UTF-8 stays whole.
        String::from_utf8_lossy(&out).into_owned()
    }

    /// `filepath.Dir`: everything before the last `/`, cleaned (`.` when there is no `/`).
    pub fn dir(path: &str) -> String {
        match path.rfind('/') {
            Some(slash) => clean(&path[..=slash]),
            None => ".".to_owned(),
        }
    }
}

/// The syntax check of Go 1.19's `filepath.Match`, which `New` runs on every pattern: Match walks every
/// chunk of the pattern, whatever the name, so its error depends on the pattern alone.
mod go_glob {
    /// `Ok` when `filepath.Match` accepts the pattern; otherwise what is wrong with it.
    pub fn check(pattern: &str) -> Result<(), &'static str> {
        let mut rest = pattern.as_bytes();
        while !rest.is_empty() {
            let (chunk, after) = scan_chunk(rest);
            check_chunk(chunk)?;
            rest = after;
        }
        Ok(())
    }

    /// `scanChunk`: skip leading stars, then take everything up to the next star outside `[...]`.
    fn scan_chunk(pattern: &[u8]) -> (&[u8], &[u8]) {
        let start = pattern.iter().take_while(|&&b| b == b'*').count();
        let pattern = &pattern[start..];
        let mut in_range = false;
        let mut i = 0;
        while i < pattern.len() {
            match pattern[i] {
                b'\\' if i + 1 < pattern.len() => i += 1,
                b'[' => in_range = true,
                b']' => in_range = false,
                b'*' if !in_range => break,
                _ => {}
            }
            i += 1;
        }
        pattern.split_at(i)
    }

    /// The syntax side of `matchChunk`.
    fn check_chunk(mut chunk: &[u8]) -> Result<(), &'static str> {
        while let Some(&first) = chunk.first() {
            match first {
                b'[' => {
                    chunk = &chunk[1..];
                    if chunk.first() == Some(&b'^') {
                        chunk = &chunk[1..];
                    }
                    let mut ranges = 0;
                    loop {
                        if chunk.first() == Some(&b']') && ranges > 0 {
                            chunk = &chunk[1..];
                            break;
                        }
                        chunk = class_char(chunk)?;
                        if chunk.first() == Some(&b'-') {
                            chunk = class_char(&chunk[1..])?;
                        }
                        ranges += 1;
                    }
                }
                b'\\' => {
                    if chunk.len() < 2 {
                        return Err("a trailing `\\` escapes nothing");
                    }
                    chunk = &chunk[2..];
                }
                _ => chunk = &chunk[1..],
            }
        }
        Ok(())
    }

    /// `getEsc`: one (possibly escaped) character of a `[...]` class, which must be followed by more.
    fn class_char(chunk: &[u8]) -> Result<&[u8], &'static str> {
        match chunk.first() {
            None => return Err("a `[` character class is not closed"),
            Some(b'-') | Some(b']') => return Err("a `[` character class has a `-` or `]` where a character belongs"),
            _ => {}
        }
        let chunk = match chunk.strip_prefix(b"\\") {
            Some([]) => return Err("a `[` character class ends in `\\`"),
            Some(escaped) => escaped,
            None => chunk,
        };
        let width = utf8_width(chunk).ok_or("a `[` character class holds invalid UTF-8")?;
        let rest = &chunk[width..];
        if rest.is_empty() {
            return Err("a `[` character class is not closed");
        }
        Ok(rest)
    }

    /// Width of the UTF-8 character at the start of `bytes`, `None` where Go would decode `RuneError`.
    fn utf8_width(bytes: &[u8]) -> Option<usize> {
        let take = bytes.len().min(4);
        (1..=take).find(|&width| std::str::from_utf8(&bytes[..width]).is_ok())
    }
}

/// Go's `regexp` (RE2 syntax with Go's Perl flags), as far as patternmatcher's translated patterns reach it:
/// the same accepted syntax, the same errors, the same matches (an unanchored search, since Go calls
/// `MatchString`). Matching simulates the automaton (no backtracking), so no pattern can take exponential
/// time.
///
/// One approximation: Go's Unicode tables (`\pL`, `\p{Greek}`) are not embedded. Class names are checked
/// exactly as Go 1.19 does (so the same patterns fail), and membership is exact for ASCII; beyond ASCII
/// the standard library's character properties stand in where one exists (letters, upper and lower case,
/// numbers, controls, spaces), and scripts match no non-ASCII character.
mod go_regexp {
    /// regexp/syntax's `maxSize` (128 MiB of 40-byte instructions): larger programs are refused with
    /// "expression too large". Counted on our own instructions, so the bound is close, not exact.
    const MAX_PROGRAM_SIZE: usize = (128 << 20) / 40;
    /// regexp/syntax's largest `{n,m}` count.
    const MAX_REPEAT: u32 = 1000;

    #[derive(Debug)]
    pub struct Regexp {
        program: Vec<Inst>,
        classes: Vec<CharClass>,
    }

    #[derive(Debug)]
    enum Inst {
        Char(u32),
        Class(usize),
        AnyButNewline,
        Look(Look),
        Split(usize, usize),
        Jump(usize),
        Match,
    }

    #[derive(Debug, Clone, Copy)]
    enum Look {
        BeginText,
        EndText,
        WordBoundary,
        NotWordBoundary,
    }

    #[derive(Debug)]
    enum Node {
        Empty,
        Char(u32),
        Class(usize),
        AnyButNewline,
        Look(Look),
        Concat(Vec<Node>),
        Alternate(Vec<Node>),
        /// `counted` marks `{n,m}` (Go's OpRepeat), which alone counts towards the nesting limit.
        Repeat {
            sub: Box<Node>,
            min: u32,
            max: Option<u32>,
            counted: bool,
        },
    }

    /// A character class: the union of its items, complemented when `negated`.
    #[derive(Debug)]
    struct CharClass {
        items: Vec<ClassItem>,
        negated: bool,
    }

    #[derive(Debug)]
    enum ClassItem {
        Range(u32, u32),
        Ascii { ranges: &'static [(u32, u32)], negated: bool },
        Unicode { table: UnicodeTable, negated: bool },
    }

    #[derive(Debug, Clone, Copy)]
    enum UnicodeTable {
        Any,
        Category(&'static str),
        Script(&'static str),
    }

    impl CharClass {
        fn contains(&self, c: char) -> bool {
            self.items.iter().any(|item| item.contains(c)) != self.negated
        }
    }

    impl ClassItem {
        fn contains(&self, c: char) -> bool {
            let code = c as u32;
            match self {
                ClassItem::Range(lo, hi) => (*lo..=*hi).contains(&code),
                ClassItem::Ascii { ranges, negated } => {
                    ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&code)) != *negated
                }
                ClassItem::Unicode { table, negated } => table.contains(c) != *negated,
            }
        }
    }

    impl Regexp {
        /// `regexp.Compile`; the error is Go's reason, e.g. ``invalid escape sequence: `\q` ``.
        pub fn compile(expression: &str) -> Result<Regexp, String> {
            let mut parser = Parser { expression, pos: 0, classes: Vec::new() };
            let root = parser.parse_alternation()?;
            if parser.pos < expression.len() {
                return Err(format!("unexpected ): `{expression}`"));
            }
            if program_size(&root) > MAX_PROGRAM_SIZE {
                return Err(format!("expression too large: `{expression}`"));
            }
            let mut program = Vec::new();
            emit(&root, &mut program);
            program.push(Inst::Match);
            Ok(Regexp { program, classes: parser.classes })
        }

        /// `MatchString`: does the expression match anywhere in `text`? A Pike-VM simulation: every
        /// position starts a new thread, and threads advance together one character at a time.
        pub fn is_match(&self, text: &str) -> bool {
            let chars: Vec<char> = text.chars().collect();
            let mut current = ThreadSet::new(self.program.len());
            let mut next = ThreadSet::new(self.program.len());
            let mut stack = Vec::new();
            for pos in 0..=chars.len() {
                let here = Position::at(&chars, pos);
                if self.add_thread(&mut current, 0, here, &mut stack) {
                    return true;
                }
                let Some(&c) = chars.get(pos) else { break };
                let after = Position::at(&chars, pos + 1);
                next.clear();
                for &pc in &current.dense {
                    let advances = match self.program[pc] {
                        Inst::Char(expected) => expected == c as u32,
                        Inst::Class(index) => self.classes[index].contains(c),
                        Inst::AnyButNewline => c != '\n',
                        _ => false,
                    };
                    if advances && self.add_thread(&mut next, pc + 1, after, &mut stack) {
                        return true;
                    }
                }
                std::mem::swap(&mut current, &mut next);
            }
            false
        }

        /// Adds `pc` and everything reachable from it without consuming a character; true when that
        /// reaches `Match`.
        fn add_thread(&self, set: &mut ThreadSet, pc: usize, here: Position, stack: &mut Vec<usize>) -> bool {
            stack.clear();
            stack.push(pc);
            while let Some(pc) = stack.pop() {
                if !set.insert(pc) {
                    continue;
                }
                match self.program[pc] {
                    Inst::Jump(target) => stack.push(target),
                    Inst::Split(first, second) => {
                        stack.push(second);
                        stack.push(first);
                    }
                    Inst::Look(look) => {
                        if here.satisfies(look) {
                            stack.push(pc + 1);
                        }
                    }
                    Inst::Match => return true,
                    Inst::Char(_) | Inst::Class(_) | Inst::AnyButNewline => {}
                }
            }
            false
        }
    }

    /// The characters around a position, for `^`, `$`, `\b` and `\B`.
    #[derive(Clone, Copy)]
    struct Position {
        before: Option<char>,
        after: Option<char>,
    }

    impl Position {
        fn at(chars: &[char], pos: usize) -> Position {
            Position { before: pos.checked_sub(1).and_then(|i| chars.get(i).copied()), after: chars.get(pos).copied() }
        }

        fn satisfies(self, look: Look) -> bool {
            // Go's `\b` uses ASCII word characters only.
            let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            match look {
                Look::BeginText => self.before.is_none(),
                Look::EndText => self.after.is_none(),
                Look::WordBoundary => is_word(self.before) != is_word(self.after),
                Look::NotWordBoundary => is_word(self.before) == is_word(self.after),
            }
        }
    }

    /// A set of program counters with O(1) insert and clear (the classic sparse set).
    struct ThreadSet {
        dense: Vec<usize>,
        sparse: Vec<usize>,
    }

    impl ThreadSet {
        fn new(capacity: usize) -> ThreadSet {
            ThreadSet { dense: Vec::new(), sparse: vec![0; capacity] }
        }

        fn insert(&mut self, pc: usize) -> bool {
            let slot = self.sparse[pc];
            if slot < self.dense.len() && self.dense[slot] == pc {
                return false;
            }
            self.sparse[pc] = self.dense.len();
            self.dense.push(pc);
            true
        }

        fn clear(&mut self) {
            self.dense.clear();
        }
    }

    fn program_size(node: &Node) -> usize {
        match node {
            Node::Empty => 0,
            Node::Char(_) | Node::Class(_) | Node::AnyButNewline | Node::Look(_) => 1,
            Node::Concat(items) => items.iter().map(program_size).fold(0, usize::saturating_add),
            Node::Alternate(branches) => {
                branches.iter().map(|branch| program_size(branch).saturating_add(2)).fold(0, usize::saturating_add)
            }
            Node::Repeat { sub, min, max, .. } => {
                let one = program_size(sub);
                let required = one.saturating_mul(*min as usize);
                let optional = match max {
                    None => one.saturating_add(2),
                    Some(max) => one.saturating_add(1).saturating_mul(max.saturating_sub(*min) as usize),
                };
                required.saturating_add(optional)
            }
        }
    }

    /// Thompson construction; `x{n,m}` becomes n copies of x then m-n optional ones.
    fn emit(node: &Node, program: &mut Vec<Inst>) {
        match node {
            Node::Empty => {}
            Node::Char(c) => program.push(Inst::Char(*c)),
            Node::Class(index) => program.push(Inst::Class(*index)),
            Node::AnyButNewline => program.push(Inst::AnyButNewline),
            Node::Look(look) => program.push(Inst::Look(*look)),
            Node::Concat(items) => items.iter().for_each(|item| emit(item, program)),
            Node::Alternate(branches) => {
                let mut jumps_to_end = Vec::new();
                for (index, branch) in branches.iter().enumerate() {
                    if index + 1 == branches.len() {
                        emit(branch, program);
                        break;
                    }
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    emit(branch, program);
                    jumps_to_end.push(program.len());
                    program.push(Inst::Jump(0));
                    program[split] = Inst::Split(split + 1, program.len());
                }
                let end = program.len();
                for jump in jumps_to_end {
                    program[jump] = Inst::Jump(end);
                }
            }
            Node::Repeat { sub, min, max, .. } => {
                for _ in 0..*min {
                    emit(sub, program);
                }
                match max {
                    None => {
                        let split = program.len();
                        program.push(Inst::Split(split + 1, 0));
                        emit(sub, program);
                        program.push(Inst::Jump(split));
                        program[split] = Inst::Split(split + 1, program.len());
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(program.len());
                            program.push(Inst::Split(0, 0));
                            emit(sub, program);
                        }
                        let end = program.len();
                        for split in splits {
                            program[split] = Inst::Split(split + 1, end);
                        }
                    }
                }
            }
        }
    }

    /// regexp/syntax's `repeatIsValid`: nested `{n,m}` counts may multiply to at most 1000.
    fn repeat_is_valid(node: &Node, mut budget: u32) -> bool {
        match node {
            Node::Repeat { sub, min, max, counted } => {
                if *counted {
                    let count = match max {
                        Some(0) => return true,
                        Some(max) => *max,
                        None => *min,
                    };
                    if count > budget {
                        return false;
                    }
                    if let Some(share) = budget.checked_div(count) {
                        budget = share;
                    }
                }
                repeat_is_valid(sub, budget)
            }
            Node::Concat(items) | Node::Alternate(items) => items.iter().all(|item| repeat_is_valid(item, budget)),
            _ => true,
        }
    }

    struct Parser<'e> {
        expression: &'e str,
        pos: usize,
        classes: Vec<CharClass>,
    }

    impl<'e> Parser<'e> {
        fn rest(&self) -> &'e str {
            &self.expression[self.pos..]
        }

        fn parse_alternation(&mut self) -> Result<Node, String> {
            let mut branches = vec![self.parse_concat()?];
            while self.rest().starts_with('|') {
                self.pos += 1;
                branches.push(self.parse_concat()?);
            }
            Ok(if branches.len() == 1 { branches.swap_remove(0) } else { Node::Alternate(branches) })
        }

        /// A sequence up to `|`, `)` or the end. Mirrors Go's checks: a repetition needs something before
        /// it in the same sequence, and may not directly follow another repetition (`a**`).
        fn parse_concat(&mut self) -> Result<Node, String> {
            let mut items: Vec<Node> = Vec::new();
            let mut last_was_repeat = false;
            while let Some(c) = self.rest().chars().next() {
                let mut is_repeat = false;
                match c {
                    '|' | ')' => break,
                    '(' => {
                        if self.rest().starts_with("(?") {
                            // Flags and named groups cannot come out of the translation, which escapes `(`.
                            return Err(format!("unsupported group syntax: `{}`", self.rest()));
                        }
                        self.pos += 1;
                        let inner = self.parse_alternation()?;
                        if !self.rest().starts_with(')') {
                            return Err(format!("missing closing ): `{}`", self.expression));
                        }
                        self.pos += 1;
                        items.push(inner);
                    }
                    '^' => self.push_simple(&mut items, Node::Look(Look::BeginText)),
                    '$' => self.push_simple(&mut items, Node::Look(Look::EndText)),
                    '.' => self.push_simple(&mut items, Node::AnyButNewline),
                    '[' => {
                        let class = self.parse_class()?;
                        items.push(class);
                    }
                    '*' | '+' | '?' => {
                        let (min, max) = match c {
                            '*' => (0, None),
                            '+' => (1, None),
                            _ => (0, Some(1)),
                        };
                        let operator_start = self.pos;
                        self.pos += 1;
                        self.repeat(&mut items, min, max, false, last_was_repeat, operator_start)?;
                        is_repeat = true;
                    }
                    '{' => match parse_repeat_count(self.rest()) {
                        None => {
                            // Not a valid `{n}`, `{n,}` or `{n,m}`: a literal brace.
                            self.push_simple(&mut items, Node::Char('{' as u32));
                        }
                        Some(count) => {
                            let operator_start = self.pos;
                            let text = &self.rest()[..count.length];
                            let (Some(min), max) = (count.min, count.max) else {
                                return Err(format!("invalid repeat count: `{text}`"));
                            };
                            if min > MAX_REPEAT || max.is_some_and(|max| max > MAX_REPEAT || min > max) {
                                return Err(format!("invalid repeat count: `{text}`"));
                            }
                            self.pos += count.length;
                            self.repeat(&mut items, min, max, true, last_was_repeat, operator_start)?;
                            is_repeat = true;
                        }
                    },
                    '\\' => self.parse_escape_atom(&mut items)?,
                    _ => {
                        self.pos += c.len_utf8();
                        items.push(Node::Char(c as u32));
                    }
                }
                last_was_repeat = is_repeat;
            }
            Ok(match items.len() {
                0 => Node::Empty,
                1 => items.swap_remove(0),
                _ => Node::Concat(items),
            })
        }

        /// Pushes a one-character token and moves past it.
        fn push_simple(&mut self, items: &mut Vec<Node>, node: Node) {
            self.pos += 1;
            items.push(node);
        }

        fn repeat(
            &mut self,
            items: &mut Vec<Node>,
            min: u32,
            max: Option<u32>,
            counted: bool,
            last_was_repeat: bool,
            operator_start: usize,
        ) -> Result<(), String> {
            // A `?` right after a repetition makes it non-greedy, which changes nothing for a yes/no match.
            if self.rest().starts_with('?') {
                self.pos += 1;
            }
            let operator = &self.expression[operator_start..self.pos];
            if last_was_repeat {
                return Err(format!("invalid nested repetition operator: `{operator}`"));
            }
            let Some(sub) = items.pop() else {
                return Err(format!("missing argument to repetition operator: `{operator}`"));
            };
            let node = Node::Repeat { sub: Box::new(sub), min, max, counted };
            if counted && (min >= 2 || max.is_some_and(|max| max >= 2)) && !repeat_is_valid(&node, MAX_REPEAT) {
                return Err(format!("invalid repeat count: `{operator}`"));
            }
            items.push(node);
            Ok(())
        }

        /// A `\` outside a class: Perl assertions and `\Q…\E`, Unicode and Perl classes, or one escaped
        /// character, in Go's order.
        fn parse_escape_atom(&mut self, items: &mut Vec<Node>) -> Result<(), String> {
            let rest = self.rest();
            let look = match rest.as_bytes().get(1) {
                Some(b'A') => Some(Look::BeginText),
                Some(b'b') => Some(Look::WordBoundary),
                Some(b'B') => Some(Look::NotWordBoundary),
                Some(b'z') => Some(Look::EndText),
                Some(b'C') => return Err("invalid escape sequence: `\\C`".to_owned()),
                Some(b'Q') => {
                    // Everything up to `\E` (or the end) is literal.
                    let body = &rest[2..];
                    let (literal, consumed) = match body.find("\\E") {
                        Some(end) => (&body[..end], 2 + end + 2),
                        None => (body, rest.len()),
                    };
                    items.extend(literal.chars().map(|c| Node::Char(c as u32)));
                    self.pos += consumed;
                    return Ok(());
                }
                _ => None,
            };
            if let Some(look) = look {
                self.pos += 2;
                items.push(Node::Look(look));
                return Ok(());
            }
            if let Some((item, consumed)) = parse_unicode_class(rest)? {
                self.pos += consumed;
                items.push(self.add_class(vec![item], false));
                return Ok(());
            }
            if let Some(item) = perl_class(rest) {
                self.pos += 2;
                items.push(self.add_class(vec![item], false));
                return Ok(());
            }
            let (c, consumed) = parse_escape(rest)?;
            self.pos += consumed;
            items.push(Node::Char(c));
            Ok(())
        }

        fn add_class(&mut self, items: Vec<ClassItem>, negated: bool) -> Node {
            self.classes.push(CharClass { items, negated });
            Node::Class(self.classes.len() - 1)
        }

        /// regexp/syntax's `parseClass`, from `[` to its `]`.
        fn parse_class(&mut self) -> Result<Node, String> {
            let whole = self.rest();
            let mut t = &whole[1..];
            let mut negated = false;
            if let Some(after) = t.strip_prefix('^') {
                negated = true;
                t = after;
            }
            let mut items = Vec::new();
            // `]` right after `[` or `[^` is a literal.
            let mut first = true;
            while t.is_empty() || !t.starts_with(']') || first {
                first = false;
                if t.len() > 2 && t.starts_with("[:") {
                    if let Some((item, consumed)) = parse_posix_class(t)? {
                        items.push(item);
                        t = &t[consumed..];
                        continue;
                    }
                }
                if let Some((item, consumed)) = parse_unicode_class(t)? {
                    items.push(item);
                    t = &t[consumed..];
                    continue;
                }
                if let Some(item) = perl_class(t) {
                    items.push(item);
                    t = &t[2..];
                    continue;
                }
                let range_start = t;
                let (lo, consumed) = parse_class_char(t, whole)?;
                t = &t[consumed..];
                let mut hi = lo;
                // `[a-]` is `a` or `-`.
                if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                    let (end, consumed) = parse_class_char(&t[1..], whole)?;
                    t = &t[1 + consumed..];
                    hi = end;
                    if hi < lo {
                        let text = &range_start[..range_start.len() - t.len()];
                        return Err(format!("invalid character class range: `{text}`"));
                    }
                }
                items.push(ClassItem::Range(lo, hi));
            }
            t = &t[1..];
            self.pos += whole.len() - t.len();
            Ok(self.add_class(items, negated))
        }
    }

    struct RepeatCount {
        /// `None` when a number is too large for Go (which then reports an invalid count).
        min: Option<u32>,
        max: Option<u32>,
        length: usize,
    }

    /// regexp/syntax's `parseRepeat`: `{n}`, `{n,}` or `{n,m}` at the start of `s`, with Go's quirks
    /// (no leading zeros, numbers from 10^8 up are "too large").
    fn parse_repeat_count(s: &str) -> Option<RepeatCount> {
        let after_brace = s.strip_prefix('{')?;
        let (min, mut t) = parse_int(after_brace)?;
        let max;
        if let Some(after_comma) = t.strip_prefix(',') {
            if after_comma.starts_with('}') {
                max = None;
                t = after_comma;
            } else {
                let (parsed, rest) = parse_int(after_comma)?;
                // An over-large max makes Go set min to -1, i.e. an invalid count.
                let Some(parsed) = parsed else {
                    let rest = rest.strip_prefix('}')?;
                    return Some(RepeatCount { min: None, max: None, length: s.len() - rest.len() });
                };
                max = Some(parsed);
                t = rest;
            }
        } else {
            max = min;
        }
        let rest = t.strip_prefix('}')?;
        Some(RepeatCount { min, max, length: s.len() - rest.len() })
    }

    /// regexp/syntax's `parseInt`: `Some((value, rest))` when digits start `s`; value `None` when too large.
    fn parse_int(s: &str) -> Option<(Option<u32>, &str)> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || (digits >= 2 && s.starts_with('0')) {
            return None;
        }
        let mut value: u32 = 0;
        for digit in s[..digits].bytes() {
            if value >= 100_000_000 {
                return Some((None, &s[digits..]));
            }
            value = value * 10 + u32::from(digit - b'0');
        }
        Some((Some(value), &s[digits..]))
    }

    /// regexp/syntax's `parseEscape` for `s` starting at `\`: the character and the bytes consumed.
    fn parse_escape(s: &str) -> Result<(u32, usize), String> {
        let invalid = |end: usize| Err(format!("invalid escape sequence: `{}`", &s[..end.min(s.len())]));
        let t = &s[1..];
        let Some(c) = t.chars().next() else {
            return Err("trailing backslash at end of expression".to_owned());
        };
        let after = 1 + c.len_utf8();
        let is_octal = |b: Option<&u8>| b.is_some_and(|b| (b'0'..=b'7').contains(b));
        match c {
            // `\1`–`\7` alone would be backreferences, which Go does not support.
            '1'..='7' if !is_octal(s.as_bytes().get(after)) => invalid(after),
            '0'..='7' => {
                let mut value = c as u32 - '0' as u32;
                let mut end = after;
                while end < after + 2 && is_octal(s.as_bytes().get(end)) {
                    value = value * 8 + u32::from(s.as_bytes()[end] - b'0');
                    end += 1;
                }
                Ok((value, end))
            }
            'x' => parse_hex_escape(s, after),
            'a' => Ok((0x07, after)),
            'f' => Ok((0x0C, after)),
            'n' => Ok((0x0A, after)),
            'r' => Ok((0x0D, after)),
            't' => Ok((0x09, after)),
            'v' => Ok((0x0B, after)),
            // Escaped punctuation is itself; escaped letters, digits and non-ASCII are errors.
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c as u32, after)),
            _ => invalid(after),
        }
    }

    /// `\xHH` or `\x{H…}` (at most U+10FFFF), after the `x` at `start`.
    fn parse_hex_escape(s: &str, start: usize) -> Result<(u32, usize), String> {
        let invalid = |end: usize| Err(format!("invalid escape sequence: `{}`", &s[..end.min(s.len())]));
        let hex = |c: Option<char>| c.and_then(|c| c.to_digit(16));
        let mut chars = s[start..].char_indices().map(|(offset, c)| (start + offset, c));
        match chars.next() {
            Some((_, '{')) => {
                let mut value: u32 = 0;
                for (digits, (offset, c)) in chars.enumerate() {
                    if c == '}' {
                        return if digits == 0 { invalid(offset + 1) } else { Ok((value, offset + 1)) };
                    }
                    let Some(digit) = hex(Some(c)) else {
                        return invalid(offset + c.len_utf8());
                    };
                    value = value * 16 + digit;
                    if value > 0x10FFFF {
                        return invalid(offset + 1);
                    }
                }
                invalid(s.len())
            }
            Some((offset, first)) => {
                let second = chars.next();
                match (hex(Some(first)), hex(second.map(|(_, c)| c))) {
                    (Some(high), Some(low)) => Ok((high * 16 + low, offset + 2)),
                    _ => invalid(second.map_or(offset + first.len_utf8(), |(o, c)| o + c.len_utf8())),
                }
            }
            None => invalid(start),
        }
    }

    /// regexp/syntax's `parseClassChar`: one character inside `[...]`, escapes allowed.
    fn parse_class_char(s: &str, whole_class: &str) -> Result<(u32, usize), String> {
        match s.chars().next() {
            None => Err(format!("missing closing ]: `{whole_class}`")),
            Some('\\') => parse_escape(s),
            Some(c) => Ok((c as u32, c.len_utf8())),
        }
    }

    const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
    const SPACE_PERL: &[(u32, u32)] = &[(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)];
    const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];

    /// `\d`, `\s`, `\w` and their negations (ASCII only in Go).
    fn perl_class(s: &str) -> Option<ClassItem> {
        let (ranges, negated) = match s.as_bytes() {
            [b'\\', b'd', ..] => (DIGIT, false),
            [b'\\', b'D', ..] => (DIGIT, true),
            [b'\\', b's', ..] => (SPACE_PERL, false),
            [b'\\', b'S', ..] => (SPACE_PERL, true),
            [b'\\', b'w', ..] => (WORD, false),
            [b'\\', b'W', ..] => (WORD, true),
            _ => return None,
        };
        Some(ClassItem::Ascii { ranges, negated })
    }

    /// regexp/syntax's `parseNamedClass`: `[:alpha:]` and friends. Go looks for the closing `:]` anywhere
    /// further on and fails when the name between is unknown.
    fn parse_posix_class(s: &str) -> Result<Option<(ClassItem, usize)>, String> {
        let Some(end) = s[2..].find(":]") else {
            return Ok(None);
        };
        let length = end + 4;
        let name = &s[..length];
        let (plain, negated) = match name.strip_prefix("[:^") {
            Some(rest) => (rest, true),
            None => (&name[2..], false),
        };
        let ranges: &'static [(u32, u32)] = match plain.strip_suffix(":]").unwrap_or_default() {
            "alnum" => &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
            "alpha" => &[(0x41, 0x5A), (0x61, 0x7A)],
            "ascii" => &[(0x00, 0x7F)],
            "blank" => &[(0x09, 0x09), (0x20, 0x20)],
            "cntrl" => &[(0x00, 0x1F), (0x7F, 0x7F)],
            "digit" => DIGIT,
            "graph" => &[(0x21, 0x7E)],
            "lower" => &[(0x61, 0x7A)],
            "print" => &[(0x20, 0x7E)],
            "punct" => &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
            "space" => &[(0x09, 0x0D), (0x20, 0x20)],
            "upper" => &[(0x41, 0x5A)],
            "word" => WORD,
            "xdigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
            _ => return Err(format!("invalid character class range: `{name}`")),
        };
        Ok(Some((ClassItem::Ascii { ranges, negated }, length)))
    }

    /// regexp/syntax's `parseUnicodeClass` for `s` starting at `\p` or `\P`: `\pL`, `\p{Greek}`,
    /// `\p{^Greek}`. `Ok(None)` when `s` is not such an escape.
    fn parse_unicode_class(s: &str) -> Result<Option<(ClassItem, usize)>, String> {
        let mut negated = match s.as_bytes() {
            [b'\\', b'p', ..] => false,
            [b'\\', b'P', ..] => true,
            _ => return Ok(None),
        };
        let (mut name, consumed) = match s[2..].chars().next() {
            Some('{') => match s.find('}') {
                Some(end) => (&s[3..end], end + 1),
                None => return Err(format!("invalid character class range: `{s}`")),
            },
            Some(letter) => (&s[2..2 + letter.len_utf8()], 2 + letter.len_utf8()),
            None => ("", 2),
        };
        if let Some(rest) = name.strip_prefix('^') {
            negated = !negated;
            name = rest;
        }
        match UnicodeTable::named(name) {
            Some(table) => Ok(Some((ClassItem::Unicode { table, negated }, consumed))),
            None => Err(format!("invalid character class range: `{}`", &s[..consumed])),
        }
    }

    /// Go 1.19's `unicode.Categories` (Unicode 13.0.0).
    const CATEGORIES: &[&str] = &[
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    ];

    /// Go 1.19's `unicode.Scripts` (Unicode 13.0.0).
    const SCRIPTS: &[&str] = &[
        "Adlam",
        "Ahom",
        "Anatolian_Hieroglyphs",
        "Arabic",
        "Armenian",
        "Avestan",
        "Balinese",
        "Bamum",
        "Bassa_Vah",
        "Batak",
        "Bengali",
        "Bhaiksuki",
        "Bopomofo",
        "Brahmi",
        "Braille",
        "Buginese",
        "Buhid",
        "Canadian_Aboriginal",
        "Carian",
        "Caucasian_Albanian",
        "Chakma",
        "Cham",
        "Cherokee",
        "Chorasmian",
        "Common",
        "Coptic",
        "Cuneiform",
        "Cypriot",
        "Cyrillic",
        "Deseret",
        "Devanagari",
        "Dives_Akuru",
        "Dogra",
        "Duployan",
        "Egyptian_Hieroglyphs",
        "Elbasan",
        "Elymaic",
        "Ethiopic",
        "Georgian",
        "Glagolitic",
        "Gothic",
        "Grantha",
        "Greek",
        "Gujarati",
        "Gunjala_Gondi",
        "Gurmukhi",
        "Han",
        "Hangul",
        "Hanifi_Rohingya",
        "Hanunoo",
        "Hatran",
        "Hebrew",
        "Hiragana",
        "Imperial_Aramaic",
        "Inherited",
        "Inscriptional_Pahlavi",
        "Inscriptional_Parthian",
        "Javanese",
        "Kaithi",
        "Kannada",
        "Katakana",
        "Kayah_Li",
        "Kharoshthi",
        "Khitan_Small_Script",
        "Khmer",
        "Khojki",
        "Khudawadi",
        "Lao",
        "Latin",
        "Lepcha",
        "Limbu",
        "Linear_A",
        "Linear_B",
        "Lisu",
        "Lycian",
        "Lydian",
        "Mahajani",
        "Makasar",
        "Malayalam",
        "Mandaic",
        "Manichaean",
        "Marchen",
        "Masaram_Gondi",
        "Medefaidrin",
        "Meetei_Mayek",
        "Mende_Kikakui",
        "Meroitic_Cursive",
        "Meroitic_Hieroglyphs",
        "Miao",
        "Modi",
        "Mongolian",
        "Mro",
        "Multani",
        "Myanmar",
        "Nabataean",
        "Nandinagari",
        "New_Tai_Lue",
        "Newa",
        "Nko",
        "Nushu",
        "Nyiakeng_Puachue_Hmong",
        "Ogham",
        "Ol_Chiki",
        "Old_Hungarian",
        "Old_Italic",
        "Old_North_Arabian",
        "Old_Permic",
        "Old_Persian",
        "Old_Sogdian",
        "Old_South_Arabian",
        "Old_Turkic",
        "Oriya",
        "Osage",
        "Osmanya",
        "Pahawh_Hmong",
        "Palmyrene",
        "Pau_Cin_Hau",
        "Phags_Pa",
        "Phoenician",
        "Psalter_Pahlavi",
        "Rejang",
        "Runic",
        "Samaritan",
        "Saurashtra",
        "Sharada",
        "Shavian",
        "Siddham",
        "SignWriting",
        "Sinhala",
        "Sogdian",
        "Sora_Sompeng",
        "Soyombo",
        "Sundanese",
        "Syloti_Nagri",
        "Syriac",
        "Tagalog",
        "Tagbanwa",
        "Tai_Le",
        "Tai_Tham",
        "Tai_Viet",
        "Takri",
        "Tamil",
        "Tangut",
        "Telugu",
        "Thaana",
        "Thai",
        "Tibetan",
        "Tifinagh",
        "Tirhuta",
        "Ugaritic",
        "Vai",
        "Wancho",
        "Warang_Citi",
        "Yezidi",
        "Yi",
        "Zanabazar_Square",
    ];

    impl UnicodeTable {
        /// Go's `unicodeTable`: `Any`, a general category, or a script, by exact (case-sensitive) name.
        fn named(name: &str) -> Option<UnicodeTable> {
            if name == "Any" {
                return Some(UnicodeTable::Any);
            }
            if let Some(category) = CATEGORIES.iter().find(|&&category| category == name) {
                return Some(UnicodeTable::Category(category));
            }
            SCRIPTS.iter().find(|&&script| script == name).map(|script| UnicodeTable::Script(script))
        }

        fn contains(self, c: char) -> bool {
            match self {
                UnicodeTable::Any => true,
                UnicodeTable::Category(name) => {
                    let category = general_category(c);
                    // A one-letter name is the whole group (`L` = `Lu`, `Ll`, …).
                    category.is_some_and(|category| category.starts_with(name))
                }
                UnicodeTable::Script(name) => match c {
                    'a'..='z' | 'A'..='Z' => name == "Latin",
                    _ if c.is_ascii() => name == "Common",
                    _ => false,
                },
            }
        }
    }

    /// The two-letter general category: exact for ASCII, approximated from the standard library's
    /// properties beyond it (see the module documentation); `None` when unknown.
    fn general_category(c: char) -> Option<&'static str> {
        if c.is_ascii() {
            return Some(match c {
                '\0'..='\x1F' | '\x7F' => "Cc",
                ' ' => "Zs",
                '$' => "Sc",
                '(' | '[' | '{' => "Ps",
                ')' | ']' | '}' => "Pe",
                '+' | '<' | '=' | '>' | '|' | '~' => "Sm",
                '-' => "Pd",
                '0'..='9' => "Nd",
                'A'..='Z' => "Lu",
                'a'..='z' => "Ll",
                '^' | '`' => "Sk",
                '_' => "Pc",
                _ => "Po",
            });
        }
        let code = c as u32;
        Some(match c {
            _ if c.is_control() => "Cc",
            '\u{2028}' => "Zl",
            '\u{2029}' => "Zp",
            _ if c.is_whitespace() => "Zs",
            _ if (0xE000..=0xF8FF).contains(&code) || code >= 0xF0000 && (code & 0xFFFF) <= 0xFFFD => "Co",
            _ if c.is_numeric() => "Nd",
            _ if c.is_uppercase() => "Lu",
            _ if c.is_lowercase() => "Ll",
            _ if c.is_alphabetic() => "Lo",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Docker's answer for `path`: `Some(excluded)`, or `None` when Docker reports an error.
    fn docker(ignore: &str, path: &str) -> Option<bool> {
        let parsed = DockerIgnore::parse(ignore).ok()?;
        parsed.decide(path).ok().map(|decision| decision.excluded)
    }

    fn deciding_line(ignore: &str, path: &str) -> Option<usize> {
        let parsed = DockerIgnore::parse(ignore).ok()?;
        let decision = parsed.decide(path).ok()?;
        decision.deciding.map(Pattern::line)
    }

    #[test]
    fn single_star_stays_in_one_folder_but_parents_match() {
        assert_eq!(docker("*.go", "main.go"), Some(true));
        assert_eq!(docker("*.go", "pkg/main.go"), Some(false));
        assert_eq!(docker("*.go", "main.go/inner"), Some(true));
        assert_eq!(docker("src/*.js", "src/lib/a.js"), Some(false));
    }

    #[test]
    fn question_mark_is_one_character_but_not_a_slash() {
        assert_eq!(docker("a?c", "abc"), Some(true));
        assert_eq!(docker("a?c", "a/c"), Some(false));
        assert_eq!(docker("?", "é"), Some(true));
        assert_eq!(docker("?", "e\u{301}"), Some(false));
    }

    #[test]
    fn double_star_forms() {
        assert_eq!(docker("**", "a/b/c"), Some(true));
        assert_eq!(docker("**/foo", "foo"), Some(true));
        assert_eq!(docker("**/foo", "a/b/foo"), Some(true));
        assert_eq!(docker("**/foo", "afoo"), Some(false));
        assert_eq!(docker("**foo", "a/xfoo"), Some(true));
        assert_eq!(docker("foo/**", "foo"), Some(false));
        assert_eq!(docker("foo/**", "foo/x/y"), Some(true));
        assert_eq!(docker("foo**", "foobar/x"), Some(true));
        assert_eq!(docker("a/**/b", "a/b"), Some(true));
        assert_eq!(docker("a/**/b", "a/x/y/b"), Some(true));
        assert_eq!(docker("a**b", "axb"), Some(false));
        assert_eq!(docker("a**b", "ax/b"), Some(true));
        assert_eq!(docker("***", "a/b"), Some(true));
    }

    #[test]
    fn character_classes_follow_go_regexp() {
        assert_eq!(docker("[a-c]at", "bat"), Some(true));
        assert_eq!(docker("[a-c]at", "dat"), Some(false));
        assert_eq!(docker("[^a]bc", "xbc"), Some(true));
        // `!` does not negate: Go's glob has only `^`.
        assert_eq!(docker("[!a]bc", "!bc"), Some(true));
        assert_eq!(docker("[!a]bc", "xbc"), Some(false));
        // A negated class matches `/`, unlike `?`.
        assert_eq!(docker("x[^a]y", "x/y"), Some(true));
        assert_eq!(docker("[[:digit:]]", "5"), Some(true));
        assert_eq!(docker("[[:digit:]]", "d"), Some(false));
        assert_eq!(docker("[\\]]x", "]x"), Some(true));
    }

    #[test]
    fn malformed_classes_fail_every_path() {
        for bad in ["[", "[a-c", "[]a]", "[a-]", "[]"] {
            let error = DockerIgnore::parse(bad).unwrap_err();
            assert_eq!(error.docker_message(), "syntax error in pattern", "{bad}");
            assert_eq!(error.line, 1);
        }
    }

    #[test]
    fn regexp_errors_are_found_lazily_per_path() {
        // `[z-a]` passes Go's glob check but not its regexp compiler.
        let ignore = DockerIgnore::parse("x\n![z-a]").unwrap();
        let error = ignore.decide("x").unwrap_err();
        assert_eq!((error.line, error.docker_message()), (2, "syntax error in pattern"));
        // `y` is not excluded, so the exception is never tried.
        assert!(!ignore.decide("y").unwrap().excluded);
        assert_eq!(docker("foo\\q", "anything"), None);
    }

    #[test]
    fn backslash_escapes_keep_their_regexp_meaning() {
        assert_eq!(docker("foo\\*bar", "foo*bar"), Some(true));
        assert_eq!(docker("foo\\*bar", "fooXbar"), Some(false));
        assert_eq!(docker("file\\d", "file1"), Some(true));
        assert_eq!(docker("file\\d", "filed"), Some(false));
        assert_eq!(docker("dir\\sub", "dir ub"), Some(true));
        assert_eq!(docker("a\\b", "a"), Some(true));
        assert_eq!(docker("\\#x", "#x"), Some(true));
        assert_eq!(docker("\\x41b", "Ab"), Some(true));
        assert_eq!(docker("a\\Q*", "a[^/]*$"), Some(true));
        // A trailing backslash fails Go's glob check.
        assert_eq!(docker("foo\\", "foo"), None);
        assert_eq!(docker("src\\pkg", "src"), None);
        assert_eq!(docker("src\\pLib", "srcxib"), Some(true));
    }

    #[test]
    fn unescaped_regexp_syntax_leaks_through() {
        // Go's escape bitmap misses `|`, `{` and `}`.
        assert_eq!(docker("a|b*", "xb"), Some(true));
        assert_eq!(docker("a|b*", "c"), Some(false));
        assert_eq!(docker("|x*", "anything"), Some(true));
        assert_eq!(docker("a{2}*", "aab"), Some(true));
        assert_eq!(docker("a{2}*", "a{2}"), Some(false));
        assert_eq!(docker("*.{js,ts}", "a.{js,ts}"), Some(true));
        assert_eq!(docker("a^b*", "a^b"), Some(false));
        // Without a wildcard the pattern is compared literally.
        assert_eq!(docker("a|b", "a|b"), Some(true));
        assert_eq!(docker("a+b*", "a+b"), Some(true));
        assert_eq!(docker("a.b*", "axb"), Some(false));
        assert_eq!(docker("*{2}", "x"), None);
    }

    #[test]
    fn exceptions_and_last_match_wins() {
        let ignore = "*.md\n!README*.md\nREADME-secret.md";
        assert_eq!(docker(ignore, "README.md"), Some(false));
        assert_eq!(deciding_line(ignore, "README.md"), Some(2));
        assert_eq!(docker(ignore, "README-secret.md"), Some(true));
        assert_eq!(deciding_line(ignore, "README-secret.md"), Some(3));
        assert_eq!(deciding_line(ignore, "main.go"), None);
        assert_eq!(docker("docs\n!docs/keep.md", "docs/keep.md"), Some(false));
        assert_eq!(docker("docs\n!docs/keep.md", "docs"), Some(true));
        assert_eq!(docker("a/b\n!a", "a/b/c"), Some(false));
        assert_eq!(docker("!keep.md\n*", "keep.md"), Some(true));
    }

    #[test]
    fn illegal_exclusions() {
        for ignore in ["!", "! ", "*\n!", "*\n!/"] {
            let error = DockerIgnore::parse(ignore).unwrap_err();
            assert_eq!(error.docker_message(), "illegal exclusion pattern: \"!\"", "{ignore:?}");
        }
        assert_eq!(docker("*\n!!foo", "!foo"), Some(false));
        assert_eq!(docker("*\n! foo", "foo"), Some(false));
    }

    #[test]
    fn patterns_are_cleaned_and_rooted() {
        assert_eq!(docker("/build", "build/out"), Some(true));
        assert_eq!(docker("./tmp", "tmp"), Some(true));
        assert_eq!(docker("foo/", "foo/x"), Some(true));
        assert_eq!(docker("a/../b", "b"), Some(true));
        assert_eq!(docker("/../foo", "foo"), Some(true));
        assert_eq!(docker("a//b", "a/b"), Some(true));
        assert_eq!(docker("/", "/"), Some(true));
        assert_eq!(docker(".", "."), Some(true));
        assert_eq!(docker("..", "../x"), Some(true));
        assert_eq!(docker("foo/..", "foo"), Some(false));
    }

    #[test]
    fn paths_are_not_cleaned() {
        assert_eq!(docker("foo", "./foo"), Some(false));
        assert_eq!(docker("foo", "foo/"), Some(true));
        assert_eq!(docker("foo", "a//foo"), Some(false));
    }

    #[test]
    fn lines_comments_and_white_space() {
        assert_eq!(docker("# *.md\n   *.txt   ", "a.txt"), Some(true));
        assert_eq!(docker("# *.md\n   *.txt   ", "a.md"), Some(false));
        assert_eq!(docker(" # x", "# x"), Some(true));
        assert_eq!(docker("foo # comment", "foo # comment"), Some(true));
        assert_eq!(docker("*.log \r\n*.tmp\r\n", "a.tmp"), Some(true));
        assert_eq!(docker("foo\rbar", "foo\rbar"), Some(true));
        assert_eq!(docker("\u{a0}foo\u{a0}", "foo"), Some(true));
    }

    #[test]
    fn byte_order_marks() {
        assert_eq!(docker("\u{feff}*.md", "a.md"), Some(true));
        assert_eq!(docker("\u{feff}#comment\nx", "#comment"), Some(false));
        // On later lines the BOM stays: part of an exact pattern, skipped when translating a glob.
        assert_eq!(docker("x\n\u{feff}y", "\u{feff}y"), Some(true));
        assert_eq!(docker("x\n\u{feff}y*", "y1"), Some(true));
        assert_eq!(docker("x\n\u{feff}y*", "\u{feff}y1"), Some(false));
    }

    #[test]
    fn a_line_of_64_kib_fails_the_file() {
        let fits = format!("{}\n", "a".repeat(MAX_LINE_BYTES - 1));
        assert!(DockerIgnore::parse(&fits).is_ok());
        let too_long = format!("x\n{}", "a".repeat(MAX_LINE_BYTES));
        let error = DockerIgnore::parse(&too_long).unwrap_err();
        assert_eq!((error.line, error.docker_message()), (2, "bufio.Scanner: token too long"));
        // It wins over a bad pattern on an earlier line, since the whole file is read first.
        let error = DockerIgnore::parse(&format!("!\n{}", "a".repeat(MAX_LINE_BYTES))).unwrap_err();
        assert_eq!(error.kind, IgnoreErrorKind::LineTooLong);
    }

    #[test]
    fn patterns_keep_line_text_and_span() {
        let text = "# comment\n\n  !docs/keep.md  \r\n/build/\n";
        let ignore = DockerIgnore::parse(text).unwrap();
        let lines: Vec<_> = ignore.patterns().iter().map(|p| (p.line(), p.text(), p.cleaned())).collect();
        assert_eq!(lines, [(3, "!docs/keep.md", "docs/keep.md"), (4, "/build/", "build")]);
        for pattern in ignore.patterns() {
            assert_eq!(&text[pattern.span()], pattern.text());
        }
        assert!(ignore.patterns()[0].is_exception());
    }

    #[test]
    fn go_clean_matches_go() {
        let cases = [
            ("", "."),
            ("a/b", "a/b"),
            ("a//b/", "a/b"),
            ("/../a", "/a"),
            ("../../a", "../../a"),
            ("a/../..", ".."),
            ("a/b/../../c", "c"),
            ("/", "/"),
            ("./", "."),
            ("!../..", "."),
            ("abc/def/../../..", ".."),
        ];
        for (input, expected) in cases {
            assert_eq!(go_path::clean(input), expected, "{input}");
        }
    }

    #[test]
    fn excluded_folder_skipping_is_conservative() {
        let ignore = DockerIgnore::parse("node_modules\n!node_modules/keep/**\nbuild\n!**/*.keep").unwrap();
        assert!(ignore.may_reinclude_inside("node_modules"));
        assert!(ignore.may_reinclude_inside("build"));
        let ignore = DockerIgnore::parse("node_modules\n!src/keep").unwrap();
        assert!(!ignore.may_reinclude_inside("node_modules"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let patterns = [
            "\\",
            "[",
            "[\\",
            "[^",
            "**\\",
            "\\p",
            "\\p{",
            "\\x",
            "\\x{",
            "\\x{110000}",
            "{1001}",
            "a{2}{3}",
            "a{99999999999}",
            "[[:foo:]]",
            "[a-\\",
            "\\Q",
            "\u{feff}**",
            "\u{feff}**/x",
            "\0*",
        ];
        for pattern in patterns {
            if let Ok(ignore) = DockerIgnore::parse(pattern) {
                for path in ["", "a", "/", "¿**/x", "\u{feff}"] {
                    let _ = ignore.decide(path);
                }
            }
        }
    }

    #[test]
    fn nested_stars_do_not_blow_up() {
        let ignore = DockerIgnore::parse(&"**/".repeat(200)).unwrap();
        let path = "a/".repeat(2000) + "b";
        assert_eq!(ignore.decide(&path).map(|d| d.excluded), Ok(true));
    }

    #[test]
    fn locates_the_dockerfile_specific_ignore_file_first() {
        let dir = std::env::temp_dir().join(format!("layerlint-locate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(locate_ignore_file(&dir, None), None);
        std::fs::write(dir.join(".dockerignore"), "x").unwrap();
        assert_eq!(locate_ignore_file(&dir, None), Some(dir.join(".dockerignore")));
        std::fs::write(dir.join("app.Dockerfile.dockerignore"), "y").unwrap();
        let dockerfile = dir.join("app.Dockerfile");
        assert_eq!(locate_ignore_file(&dir, Some(&dockerfile)), Some(dir.join("app.Dockerfile.dockerignore")));
        assert_eq!(locate_ignore_file(&dir, Some(Path::new("-"))), Some(dir.join(".dockerignore")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
