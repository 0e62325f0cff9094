//! Decoding of a JSON string literal with a map from every decoded byte back to the literal's
//! source bytes (escapes, `\u` sequences and surrogate pairs included).

use crate::source::{OffsetMap, Span};

/// Decodes the literal at `span` of `text` (quotes included; `"` or JSON5 `'`). Returns the
/// value and a map from value offsets to offsets of `text`.
pub fn decode(text: &str, span: Span) -> Option<(String, OffsetMap)> {
    let raw = text.get(span.range())?;
    let quote = raw.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = raw.strip_prefix(quote)?.strip_suffix(quote)?;
    let base = span.start() + 1;
    let mut out = String::with_capacity(body.len());
    let mut map = OffsetMap::builder();
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = body[i..].chars().next()?;
        if c != '\\' {
            map.push(out.len(), base + i);
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let at = base + i;
        // the escaped character may be any character (`\é` is `é` in JSON5)
        let e = body.get(i + 1..)?.chars().next()?;
        i += 1 + e.len_utf8();
        let ch = match e {
            '"' => '"',
            '\'' => '\'',
            '\\' => '\\',
            '/' => '/',
            'b' => '\x08',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            '0' => '\0',
            '\n' => continue, // JSON5 line continuation
            'x' => {
                let v = u32::from_str_radix(body.get(i..i + 2)?, 16).ok()?;
                i += 2;
                char::from_u32(v)?
            }
            'u' => {
                let hi = u32::from_str_radix(body.get(i..i + 4)?, 16).ok()?;
                i += 4;
                if (0xd800..0xdc00).contains(&hi) && body[i..].starts_with("\\u") {
                    let lo = u32::from_str_radix(body.get(i + 2..i + 6)?, 16).ok()?;
                    i += 6;
                    char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff))
                        .unwrap_or('\u{fffd}')
                } else {
                    char::from_u32(hi).unwrap_or('\u{fffd}')
                }
            }
            other => other,
        };
        // every byte of the decoded character points at the escape
        map.push_stretch(out.len(), at);
        out.push(ch);
        // the next character restarts one-to-one mapping
    }
    Some((out, map.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_positions() {
        let text = r#"{"q": "a\"b\u0041c"}"#;
        let start = text.find("\"a").unwrap();
        let end = text.rfind('"').unwrap() + 1;
        let (v, map) = decode(text, Span::new(start, end)).unwrap();
        assert_eq!(v, "a\"bAc");
        assert_eq!(&text[map.map(0)..map.map(0) + 1], "a");
        assert_eq!(&text[map.map(2)..map.map(2) + 1], "b");
        assert_eq!(&text[map.map(3)..map.map(3) + 2], "\\u");
        assert_eq!(&text[map.map(4)..map.map(4) + 1], "c");
    }

    #[test]
    fn an_escaped_multibyte_character() {
        // found by the `json` fuzz target: `\` before a character of several bytes
        let text = "\"a\\㻭b\"";
        let (v, map) = decode(text, Span::new(0, text.len())).unwrap();
        assert_eq!(v, "a㻭b");
        assert_eq!(map.map(v.find('b').unwrap()), text.find('b').unwrap());
    }

    #[test]
    fn surrogate_pairs() {
        let text = r#""\ud83d\ude00x""#;
        let (v, map) = decode(text, Span::new(0, text.len())).unwrap();
        assert_eq!(v, "😀x");
        assert_eq!(map.map(4), 13);
    }
}
