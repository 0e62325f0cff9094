//! URL query strings and form bodies (`?query=DROP%20TABLE%20t`, `sql=…&format=JSON`): the
//! decoded values of the fields that database HTTP APIs read SQL from (ClickHouse's `query`,
//! InfluxDB's `q` in a body; in a URL `q` is a search), each with a map back to its bytes.

use super::TextBuilder;
use crate::source::OffsetMap;

/// Field names whose value is SQL on database HTTP interfaces.
const SQL_FIELDS: &[&str] = &["query", "sql", "statement", "stmt"];

/// The SQL fields of a URL's query string or of a form body: `(name, decoded value, map from
/// the value into `text`)`. A text that is neither (no `=`) yields nothing.
pub fn sql_fields(text: &str) -> Vec<(String, String, OffsetMap)> {
    // a URL: only its query string (before any `#fragment`) holds fields
    let (start, params, url) = match text.find('?') {
        Some(q) if text[..q].contains('/') || text[..q].contains(':') => (q + 1, &text[q + 1..], true),
        _ if text.contains("://") => return Vec::new(),
        _ => (0, text, false),
    };
    let params = params.split('#').next().unwrap_or("");
    let mut out = Vec::new();
    let mut at = start;
    for pair in params.split('&') {
        if let Some((name, value)) = pair.split_once('=')
            && (SQL_FIELDS.contains(&name.trim()) || !url && name.trim() == "q")
        {
            // HTTPie's `query==…` is a URL parameter
            let (value, skip) = match value.strip_prefix('=') {
                Some(v) => (v, 1),
                None => (value, 0),
            };
            let value_at = at + name.len() + 1 + skip;
            let (decoded, map) = decode(value, value_at);
            if !decoded.trim().is_empty() {
                out.push((name.trim().to_owned(), decoded, map));
            }
        }
        at += pair.len() + 1;
    }
    out
}

/// Percent-decoding (`+` is a space): each decoded character maps to the escape it came from.
/// A `%` not followed by two hex digits stays as it is; bytes that do not decode to UTF-8 are
/// replaced.
fn decode(s: &str, base: usize) -> (String, OffsetMap) {
    let b = s.as_bytes();
    let mut bytes: Vec<(u8, usize)> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    bytes.push(((h * 16 + l) as u8, base + i));
                    i += 3;
                    continue;
                }
                _ => bytes.push((b'%', base + i)),
            },
            b'+' => bytes.push((b' ', base + i)),
            c => bytes.push((c, base + i)),
        }
        i += 1;
    }
    let raw: Vec<u8> = bytes.iter().map(|(c, _)| *c).collect();
    let text = String::from_utf8_lossy(&raw).into_owned();
    if text.len() != raw.len() {
        // replacement characters changed the lengths: map the whole value to its start
        let mut t = TextBuilder::new();
        t.push(&text, base, false);
        return t.finish();
    }
    let mut t = TextBuilder::new();
    for (k, ch) in text.char_indices() {
        t.push(ch.encode_utf8(&mut [0; 4]), bytes[k].1, true);
    }
    t.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_query_strings_and_forms() {
        let url = "http://localhost:8123/?database=app&query=DROP%20TABLE+users#x";
        let f = sql_fields(url);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1, "DROP TABLE users");
        let at = f[0].1.find("users").unwrap();
        assert_eq!(&url[f[0].2.map(at)..f[0].2.map(at) + 5], "users");
        let at = f[0].1.find("TABLE").unwrap() - 1;
        assert_eq!(&url[f[0].2.map(at)..f[0].2.map(at) + 3], "%20");
        assert_eq!(
            sql_fields("q=DROP MEASUREMENT cpu&db=metrics")[0].1,
            "DROP MEASUREMENT cpu"
        );
        assert!(sql_fields("https://api.x.com/v1/items/7").is_empty());
        // in a URL, `q` is a search
        assert!(sql_fields("https://api.x.com/search?q=drop+table+users").is_empty());
        assert!(sql_fields("https://api.x.com/search?q=").is_empty());
        assert!(sql_fields("name=widget&size=3").is_empty());
    }

    #[test]
    fn bad_escapes_do_not_panic() {
        for s in [
            "query=%",
            "query=%4",
            "query=%zz",
            "query=%ff%fe",
            "sql=é%C3%A9",
            "?",
            "query=",
            "&&=&",
        ] {
            let _ = sql_fields(s);
        }
        assert_eq!(sql_fields("query=100%25")[0].1, "100%");
        assert_eq!(sql_fields("query=a%")[0].1, "a%");
    }
}
