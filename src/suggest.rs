//! Did-you-mean suggestions, as BuildKit's `suggest.Search` makes them: the closest candidate at a
//! Levenshtein distance below 3.

/// The closest candidate to `value`, if one is near enough; an exact match is not a suggestion.
pub fn closest<'a>(value: &str, candidates: impl Iterator<Item = &'a str>, case_sensitive: bool) -> Option<&'a str> {
    let fold = |s: &str| if case_sensitive { s.to_string() } else { s.to_lowercase() };
    let value = fold(value);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = levenshtein(&value, &fold(candidate));
        if distance == 0 {
            return None;
        }
        if distance < 3 && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["VERSION", "BASE_IMAGE"];
        assert_eq!(closest("VERSOIN", names.iter().copied(), true), Some("VERSION"));
        assert_eq!(closest("TOTALLY_ELSE", names.iter().copied(), true), None);
        assert_eq!(closest("version", names.iter().copied(), false), None);
    }
}
