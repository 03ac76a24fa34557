//! The syntax check of Go 1.19's `filepath.Match`, which `New` runs on every pattern: Match walks every
//! chunk of the pattern, whatever the name, so its error depends on the pattern alone.

/// `Ok` when `filepath.Match` accepts the pattern; otherwise what is wrong with it.
pub(super) fn check(pattern: &str) -> Result<(), &'static str> {
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
