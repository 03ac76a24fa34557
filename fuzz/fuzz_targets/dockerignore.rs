//! Fuzz the `.dockerignore` parser and matcher: any ignore text and any path must be answered (or
//! rejected with an error) without panicking, and the answer must be consistent with the line it names.
//!
//! The input is split at its first NUL byte: before it the ignore text, after it the path, so the fuzzer
//! varies both.

#![no_main]

use layerlint::syntax::dockerignore::DockerIgnore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, path) = match data.iter().position(|&byte| byte == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let text = String::from_utf8_lossy(text);
    let path = String::from_utf8_lossy(path);
    let Ok(ignore) = DockerIgnore::parse(&text) else {
        return;
    };
    for pattern in ignore.patterns() {
        assert_eq!(
            text.get(pattern.span()),
            Some(pattern.text()),
            "a pattern's span holds its text"
        );
    }
    if let Ok(decision) = ignore.decide(&path) {
        match decision.deciding {
            Some(pattern) => assert_eq!(
                decision.excluded,
                !pattern.is_exception(),
                "the deciding line decides"
            ),
            None => assert!(!decision.excluded, "nothing matched, so the path is sent"),
        }
    }
});
