//! Source text: byte spans, the map from an extracted snippet back to the original file, and
//! line/column lookup. The engine works in byte ranges; lines and columns are computed only when
//! a finding is rendered.

use std::fmt;

/// A half-open byte range `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// One piece of an [`OffsetMap`]: snippet offsets from `from` onwards map to `to` onwards.
/// A `stretch` segment maps every offset in it to `to` (used where one source token, such as
/// `$VAR` or an escape like `\u0041`, stands for several bytes of the snippet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    from: u32,
    to: u32,
    stretch: bool,
}

/// Maps byte offsets of a snippet (a Markdown fence, a decoded JSON string, the argument of
/// `bash -c`, …) to byte offsets of the file it came from. Built left to right while the snippet
/// is decoded; maps compose, so code nested several levels deep still points at original bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffsetMap {
    segs: Vec<Segment>,
}

impl Default for OffsetMap {
    fn default() -> Self {
        OffsetMap::identity(0)
    }
}

impl OffsetMap {
    /// Snippet offset `n` is original offset `base + n`.
    pub fn identity(base: usize) -> Self {
        OffsetMap {
            segs: vec![Segment {
                from: 0,
                to: base as u32,
                stretch: false,
            }],
        }
    }

    pub fn builder() -> OffsetMapBuilder {
        OffsetMapBuilder { segs: Vec::new() }
    }

    /// The original offset of snippet offset `off`.
    pub fn map(&self, off: usize) -> usize {
        let off = off as u32;
        let i = match self.segs.binary_search_by(|s| s.from.cmp(&off)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let s = self.segs[i];
        if s.stretch || off < s.from {
            s.to as usize
        } else {
            (s.to + (off - s.from)) as usize
        }
    }

    /// The original span of a snippet span. An empty span maps to an empty span.
    pub fn map_span(&self, span: Span) -> Span {
        let start = self.map(span.start());
        if span.is_empty() {
            return Span::new(start, start);
        }
        let last = self.map(span.end() - 1);
        // the last byte of a stretch segment stands for a whole source token; cover one byte of it
        Span::new(start, (last + 1).max(start))
    }

    /// The map of a snippet nested inside this one: `inner` maps the nested snippet (of length
    /// `inner_len`) to offsets of this snippet; the result maps it straight to the original file.
    pub fn compose(&self, inner: &OffsetMap, inner_len: usize) -> OffsetMap {
        let mut b = OffsetMap::builder();
        let n = inner.segs.len();
        for (k, seg) in inner.segs.iter().enumerate() {
            let seg_end = if k + 1 < n {
                inner.segs[k + 1].from
            } else {
                inner_len.max(seg.from as usize) as u32
            };
            if seg.stretch || seg_end == seg.from {
                b.push_stretch(seg.from as usize, self.map(seg.to as usize));
                continue;
            }
            // walk the outer segments overlapping [seg.to, seg.to + len)
            let len = seg_end - seg.from;
            let mut done = 0;
            while done < len {
                let outer_off = seg.to + done;
                let j = match self.segs.binary_search_by(|s| s.from.cmp(&outer_off)) {
                    Ok(j) => j,
                    Err(0) => 0,
                    Err(j) => j - 1,
                };
                let o = self.segs[j];
                let o_end = self.segs.get(j + 1).map(|s| s.from).unwrap_or(u32::MAX);
                let take = (o_end.saturating_sub(outer_off)).min(len - done).max(1);
                let snippet_off = (seg.from + done) as usize;
                if o.stretch {
                    b.push_stretch(snippet_off, o.to as usize);
                } else {
                    b.push(snippet_off, self.map(outer_off as usize));
                }
                done += take;
            }
        }
        b.finish()
    }
}

/// Builds an [`OffsetMap`] left to right.
pub struct OffsetMapBuilder {
    segs: Vec<Segment>,
}

impl OffsetMapBuilder {
    /// From snippet offset `from` on, offsets map one to one starting at `to`.
    pub fn push(&mut self, from: usize, to: usize) {
        let (from, to) = (from as u32, to as u32);
        if let Some(last) = self.segs.last_mut() {
            if !last.stretch && last.to as i64 - last.from as i64 == to as i64 - from as i64 {
                return; // continues the previous segment
            }
            if last.from == from {
                *last = Segment {
                    from,
                    to,
                    stretch: false,
                };
                return;
            }
        }
        self.segs.push(Segment {
            from,
            to,
            stretch: false,
        });
    }

    /// Every offset from snippet offset `from` up to the next segment maps to `to`.
    pub fn push_stretch(&mut self, from: usize, to: usize) {
        let (from, to) = (from as u32, to as u32);
        if let Some(last) = self.segs.last_mut() {
            if last.stretch && last.to == to {
                return;
            }
            if last.from == from {
                *last = Segment {
                    from,
                    to,
                    stretch: true,
                };
                return;
            }
        }
        self.segs.push(Segment {
            from,
            to,
            stretch: true,
        });
    }

    pub fn finish(self) -> OffsetMap {
        if self.segs.is_empty() {
            return OffsetMap::identity(0);
        }
        OffsetMap { segs: self.segs }
    }
}

/// Turns raw file bytes into text the parsers can read without moving any byte: invalid UTF-8
/// bytes become `?` and a leading byte-order mark becomes three spaces, so every offset in the
/// text is the offset of the same byte in the file. Returns the text and the offset of the first
/// invalid byte, if any.
pub fn sanitize(bytes: &[u8]) -> (String, Option<usize>) {
    let mut first_invalid = None;
    let mut out = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len());
            let mut rest = bytes;
            let mut pos = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let valid = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..valid]).expect("valid prefix"));
                        let bad = e.error_len().unwrap_or(rest.len() - valid);
                        first_invalid.get_or_insert(pos + valid);
                        for _ in 0..bad {
                            out.push('?');
                        }
                        pos += valid + bad;
                        rest = &rest[valid + bad..];
                    }
                }
            }
            out
        }
    };
    if out.starts_with('\u{feff}') {
        out.replace_range(0..3, "   ");
    }
    debug_assert_eq!(out.len(), bytes.len());
    (out, first_invalid)
}

/// Line starts of a text, for turning byte offsets into 1-based lines and columns. Columns count
/// characters, not bytes.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0u32];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        LineIndex { starts }
    }

    /// 1-based line and column of byte offset `off` in `text`.
    pub fn line_col(&self, text: &str, off: usize) -> (usize, usize) {
        let off = off.min(text.len());
        let line = match self.starts.binary_search(&(off as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line] as usize;
        let mut end = off;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count();
        (line + 1, col + 1)
    }

    /// Byte offset of the start of 1-based `line`.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).map(|&s| s as usize)
    }

    /// Byte offset of 1-based `line` and 1-based character `col`.
    pub fn offset(&self, text: &str, line: usize, col: usize) -> Option<usize> {
        let start = self.line_start(line)?;
        let rest = &text[start..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let byte = line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(line_text.len());
        Some(start + byte)
    }
}

/// A NUL byte within this many leading bytes marks a file as binary.
const BINARY_SNIFF: usize = 8000;

/// Whether a NUL byte is in the first 8,000 bytes (a binary file, not a text preflight reads).
pub fn has_nul(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some()
}

/// Whether bash refuses to run `bytes` as a script ("cannot execute binary file"): an ELF
/// executable, or a NUL byte in the first line (the first two after `#!`) of its first 80 bytes.
/// Elsewhere bash ignores NUL bytes, and so does the analysis.
pub fn bash_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\x7fELF") {
        return true;
    }
    let mut lines = if bytes.starts_with(b"#!") { 2 } else { 1 };
    for &b in bytes.iter().take(80) {
        match b {
            b'\n' => {
                lines -= 1;
                if lines == 0 {
                    return false;
                }
            }
            0 => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_builder_maps() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.map(0), 10);
        assert_eq!(m.map(5), 15);
        let mut b = OffsetMap::builder();
        b.push(0, 100);
        b.push(3, 110); // jump over an escape
        b.push(4, 111); // contiguous with previous: merged
        let m = b.finish();
        assert_eq!(m.segs.len(), 2);
        assert_eq!(m.map(2), 102);
        assert_eq!(m.map(3), 110);
        assert_eq!(m.map(5), 112);
        assert_eq!(m.map_span(Span::new(1, 4)), Span::new(101, 111));
    }

    #[test]
    fn stretch_segments_map_to_one_point() {
        let mut b = OffsetMap::builder();
        b.push(0, 0);
        b.push_stretch(2, 2); // `$D` expands to 9 bytes
        b.push(11, 4);
        let m = b.finish();
        assert_eq!(m.map(5), 2);
        assert_eq!(m.map(11), 4);
        assert_eq!(m.map_span(Span::new(2, 11)), Span::new(2, 3));
    }

    #[test]
    fn compose_nested_maps() {
        // outer: a snippet starting at 50 with a 2-byte escape at snippet offset 4
        let mut b = OffsetMap::builder();
        b.push(0, 50);
        b.push(4, 56);
        let outer = b.finish();
        // inner: starts at outer offset 2
        let inner = OffsetMap::identity(2);
        let m = outer.compose(&inner, 6);
        assert_eq!(m.map(0), 52);
        assert_eq!(m.map(1), 53);
        assert_eq!(m.map(2), 56);
        assert_eq!(m.map(5), 59);
    }

    #[test]
    fn sanitize_keeps_offsets() {
        let bytes = b"ab\xffc\xe2\x82";
        let (t, bad) = sanitize(bytes);
        assert_eq!(t, "ab?c??");
        assert_eq!(bad, Some(2));
        let (t, _) = sanitize("\u{feff}rm".as_bytes());
        assert_eq!(t, "   rm");
    }

    #[test]
    fn line_columns_count_chars() {
        let text = "a\nxé y\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 2), (2, 1));
        assert_eq!(idx.line_col(text, 5), (2, 3));
        assert_eq!(idx.offset(text, 2, 3), Some(5));
    }
}
