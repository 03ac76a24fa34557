//! Go's `path/filepath` on Unix, as far as the matcher uses it.

/// `filepath.Clean`: the shortest equivalent path, by purely lexical processing. Ported with Go's
/// write index `w`, whose exact stopping point on `..` decides where separators survive.
pub(super) fn clean(path: &str) -> String {
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
pub(super) fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(slash) => clean(&path[..=slash]),
        None => ".".to_owned(),
    }
}
