//! Unicode classes (`\pL`, `\p{Greek}`): Go 1.19's names, checked exactly, and membership as far as
//! the standard library can tell (see the `go_regexp` module documentation).
use super::class::ClassItem;

#[derive(Debug, Clone, Copy)]
pub(super) enum UnicodeTable {
    Any,
    Category(&'static str),
    Script(&'static str),
}

/// regexp/syntax's `parseUnicodeClass` for `s` starting at `\p` or `\P`: `\pL`, `\p{Greek}`,
/// `\p{^Greek}`. `Ok(None)` when `s` is not such an escape.
pub(super) fn parse_unicode_class(s: &str) -> Result<Option<(ClassItem, usize)>, String> {
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
    "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P",
    "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
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

    pub(super) fn contains(self, c: char) -> bool {
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
/// properties beyond it (see the `go_regexp` module documentation); `None` when unknown.
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
