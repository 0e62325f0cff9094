//! Decoding of shell quoting: backslash escapes outside and inside double quotes, and ANSI-C
//! `$'…'` strings. Each decoder reports, for every output character, the source offset it came
//! from, so nested code keeps true positions.

/// Calls `emit(ch, src_offset)` for each character of an unquoted word's text after backslash
/// removal (`\r\m` → `rm`; backslash-newline is a line continuation and vanishes).
pub fn unquoted(text: &str, base: usize, mut emit: impl FnMut(char, usize)) {
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\\' {
            match it.next() {
                Some((_, '\n')) => {}
                Some((j, d)) => emit(d, base + j),
                None => emit('\\', base + i),
            }
        } else {
            emit(c, base + i);
        }
    }
}

/// Like [`unquoted`] for the content of a double-quoted string: a backslash only escapes
/// `$`, `` ` ``, `"`, `\` and newline.
pub fn double_quoted(text: &str, base: usize, mut emit: impl FnMut(char, usize)) {
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\\' {
            match it.peek().copied() {
                Some((_, '\n')) => {
                    it.next();
                }
                Some((j, d @ ('$' | '`' | '"' | '\\'))) => {
                    it.next();
                    emit(d, base + j);
                }
                _ => emit('\\', base + i),
            }
        } else {
            emit(c, base + i);
        }
    }
}

/// Decodes the body of an ANSI-C string (`$'…'` without the `$'` and `'`): `\n`, `\t`, `\xHH`,
/// octal `\NNN`, `\uHHHH`, `\UHHHHHHHH`, `\cX` and the rest.
pub fn ansi_c(text: &str, base: usize, mut emit: impl FnMut(char, usize)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = text[i..].chars().next().expect("char boundary");
        if c != '\\' || i + 1 >= b.len() {
            emit(c, base + i);
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let e = b[i + 1];
        i += 2;
        let simple = match e {
            b'a' => Some('\x07'),
            b'b' => Some('\x08'),
            b'e' | b'E' => Some('\x1b'),
            b'f' => Some('\x0c'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'v' => Some('\x0b'),
            b'\\' => Some('\\'),
            b'\'' => Some('\''),
            b'"' => Some('"'),
            b'?' => Some('?'),
            _ => None,
        };
        if let Some(ch) = simple {
            emit(ch, base + start);
            continue;
        }
        match e {
            b'x' | b'u' | b'U' => {
                let max = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let digits = b[i..].iter().take(max).take_while(|d| d.is_ascii_hexdigit()).count();
                if digits == 0 {
                    emit('\\', base + start);
                    i = start + 1;
                    continue;
                }
                let v = u32::from_str_radix(&text[i..i + digits], 16).unwrap_or(0xfffd);
                i += digits;
                if e == b'x' {
                    // a \xHH byte: bytes >= 0x80 are not valid on their own; keep the ASCII ones
                    emit(
                        char::from_u32(v).filter(|_| v < 0x80).unwrap_or('\u{fffd}'),
                        base + start,
                    );
                } else {
                    emit(char::from_u32(v).unwrap_or('\u{fffd}'), base + start);
                }
            }
            b'0'..=b'7' => {
                let digits = b[i - 1..]
                    .iter()
                    .take(3)
                    .take_while(|d| (b'0'..=b'7').contains(d))
                    .count();
                let v = u32::from_str_radix(&text[i - 1..i - 1 + digits], 8).unwrap_or(0);
                i = i - 1 + digits;
                emit(
                    char::from_u32(v).filter(|_| v < 0x80).unwrap_or('\u{fffd}'),
                    base + start,
                );
            }
            b'c' if i < b.len() => {
                let x = b[i];
                i += 1;
                emit(char::from(x & 0x1f), base + start);
            }
            _ => {
                // unknown escape: both characters stay
                emit('\\', base + start);
                i = start + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(f: impl Fn(&str, usize, &mut dyn FnMut(char, usize)), s: &str) -> (String, Vec<usize>) {
        let mut out = String::new();
        let mut offs = Vec::new();
        f(s, 0, &mut |c, o| {
            out.push(c);
            offs.push(o);
        });
        (out, offs)
    }

    #[test]
    fn unquoted_backslashes() {
        let (s, o) = collect(|t, b, e| unquoted(t, b, e), r"\rm");
        assert_eq!(s, "rm");
        assert_eq!(o, vec![1, 2]);
        let (s, _) = collect(|t, b, e| unquoted(t, b, e), "a\\\nb");
        assert_eq!(s, "ab");
    }

    #[test]
    fn double_quoted_backslashes() {
        let (s, _) = collect(|t, b, e| double_quoted(t, b, e), r#"a\"b\n\$"#);
        assert_eq!(s, r#"a"b\n$"#);
    }

    #[test]
    fn ansi_c_escapes() {
        let (s, o) = collect(|t, b, e| ansi_c(t, b, e), r"\x72\x6d");
        assert_eq!(s, "rm");
        assert_eq!(o, vec![0, 4]);
        let (s, _) = collect(|t, b, e| ansi_c(t, b, e), r"\162\155 \u0041\t\q");
        assert_eq!(s, "rm A\t\\q");
    }
}
