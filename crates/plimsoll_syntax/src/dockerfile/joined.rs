//! The logical line BuildKit parses, and the map from its offsets back to the source.
//!
//! BuildKit joins an instruction's physical lines (continuation markers removed, comment and
//! empty lines dropped) into one string and parses that. Every byte of it is a byte of the
//! source, so a list of segments (joined offset, source offset, length) maps any joined range
//! back to the exact source bytes.

use std::borrow::Cow;

use plimsoll_text::TextRange;

use super::go;
use super::tree::Word;

#[derive(Debug, Clone, Copy)]
struct Segment {
    joined: usize,
    source: usize,
    len: usize,
}

/// A logical line and its source map.
#[derive(Debug, Clone)]
pub(crate) struct Joined<'src> {
    src: &'src str,
    text: Cow<'src, str>,
    segments: Vec<Segment>,
}

impl<'src> Joined<'src> {
    /// Joins source ranges (empty ones are skipped).
    pub(crate) fn new(src: &'src str, pieces: &[TextRange]) -> Self {
        let mut segments = Vec::with_capacity(pieces.len());
        let mut joined = 0;
        for piece in pieces.iter().filter(|piece| !piece.is_empty()) {
            segments.push(Segment {
                joined,
                source: piece.start as usize,
                len: piece.len() as usize,
            });
            joined += piece.len() as usize;
        }
        let text = match segments.as_slice() {
            [] => Cow::Borrowed(""),
            [only] => Cow::Borrowed(&src[only.source..only.source + only.len]),
            many => {
                let mut text = String::with_capacity(joined);
                for segment in many {
                    text.push_str(&src[segment.source..segment.source + segment.len]);
                }
                Cow::Owned(text)
            }
        };
        Self {
            src,
            text,
            segments,
        }
    }

    /// The whole source.
    pub(crate) fn source(&self) -> &'src str {
        self.src
    }

    /// The logical line.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The logical line, borrowed from the source when it is a single piece.
    pub(crate) fn text_cow(&self) -> Cow<'src, str> {
        self.text.clone()
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    fn segment_of(&self, offset: usize) -> Option<&Segment> {
        let index = self
            .segments
            .partition_point(|segment| segment.joined + segment.len <= offset);
        self.segments.get(index)
    }

    /// The source offset of the joined byte at `offset` (the end of the text maps to the end of
    /// the last segment).
    fn source_start(&self, offset: usize) -> usize {
        match self.segment_of(offset) {
            Some(segment) => segment.source + (offset - segment.joined),
            None => self
                .segments
                .last()
                .map_or(0, |segment| segment.source + segment.len),
        }
    }

    /// The source offset just after the joined byte at `offset - 1`.
    fn source_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.source_start(0);
        }
        match self.segment_of(offset - 1) {
            Some(segment) => segment.source + (offset - segment.joined),
            None => self.source_start(offset),
        }
    }

    /// The source range of joined bytes `start..end`, widened to character boundaries (BuildKit's
    /// byte-wise flag scanner can split a character).
    pub(crate) fn source_range(&self, start: usize, end: usize) -> TextRange {
        let mut source_start = self.source_start(start);
        let mut source_end = if end > start {
            self.source_end(end)
        } else {
            source_start
        };
        while source_start > 0 && !self.src.is_char_boundary(source_start) {
            source_start -= 1;
        }
        while source_end < self.src.len() && !self.src.is_char_boundary(source_end) {
            source_end += 1;
        }
        TextRange::from_usize(source_start..source_end.max(source_start))
    }

    /// The text of joined bytes `start..end`, borrowed from the source when they are contiguous
    /// there. Bytes that are not valid UTF-8 on their own appear as U+FFFD, as Go's JSON shows.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Cow<'src, str> {
        if start >= end {
            return Cow::Borrowed("");
        }
        if let Some(segment) = self.segment_of(start)
            && end <= segment.joined + segment.len
        {
            let from = segment.source + (start - segment.joined);
            return go::lossy(&self.src.as_bytes()[from..from + (end - start)]);
        }
        Cow::Owned(go::lossy(&self.text.as_bytes()[start..end]).into_owned())
    }

    /// A word for joined bytes `start..end` with BuildKit's value.
    pub(crate) fn word(&self, start: usize, end: usize) -> Word<'src> {
        Word {
            value: self.slice(start, end),
            range: self.source_range(start, end),
        }
    }

    /// A word whose value differs from the joined text (decoded JSON, unquoted flags).
    pub(crate) fn word_with(&self, start: usize, end: usize, value: String) -> Word<'src> {
        Word {
            value: Cow::Owned(value),
            range: self.source_range(start, end),
        }
    }
}
