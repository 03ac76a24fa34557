//! JSON lines: one compact JSON object per finding, per line, with exactly the fields of `json`.
//!
//! It is made from the `json` renderer's own output, each array element compacted onto one line, so the
//! two formats cannot drift apart when fields are added there.

use super::Located;

pub fn render(findings: &[Located]) -> String {
    lines_of_array(&super::json::render(findings))
}

/// Each top-level element of a JSON array, with the whitespace between tokens removed, one per line.
fn lines_of_array(array: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for c in array.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            c if c.is_whitespace() => {}
            '[' | '{' if depth == 0 => depth = 1,
            ']' | '}' if depth == 1 => depth = 0,
            ',' if depth == 1 => out.push('\n'),
            '"' => {
                in_string = true;
                out.push(c);
            }
            '[' | '{' => {
                depth += 1;
                out.push(c);
            }
            ']' | '}' => {
                depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lines_of_array;

    #[test]
    fn one_compact_element_per_line() {
        let pretty = "[\n  {\n    \"a\": \"x, y: [z] {\\\"q\\\"}\",\n    \"b\": [1, 2],\n    \"c\": {\"d\": null}\n  },\n  {\n    \"a\": \"\"\n  }\n]\n";
        assert_eq!(
            lines_of_array(pretty),
            "{\"a\":\"x, y: [z] {\\\"q\\\"}\",\"b\":[1,2],\"c\":{\"d\":null}}\n{\"a\":\"\"}\n"
        );
    }

    #[test]
    fn empty_array_prints_nothing() {
        assert_eq!(lines_of_array("[]\n"), "");
    }
}
