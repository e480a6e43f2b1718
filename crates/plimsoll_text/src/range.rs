use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// A half-open byte range `start..end` into a source text.
///
/// `u32` offsets keep ranges small; a Dockerfile or a layer path never approaches 4 GiB.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    /// # Panics
    /// When `end < start`: a reversed range is always a bug in the caller.
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Self {
        assert!(start <= end, "TextRange end before start");
        Self { start, end }
    }

    #[must_use]
    pub const fn empty(at: u32) -> Self {
        Self { start: at, end: at }
    }

    /// Builds a range from `usize` offsets.
    ///
    /// # Panics
    /// When an offset does not fit in `u32`.
    #[must_use]
    pub fn from_usize(range: Range<usize>) -> Self {
        let start = u32::try_from(range.start).expect("offset fits in u32");
        let end = u32::try_from(range.end).expect("offset fits in u32");
        Self::new(start, end)
    }

    #[must_use]
    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[must_use]
    pub const fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    #[must_use]
    pub const fn contains_range(self, other: Self) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Shifts the range right by `offset`, e.g. from a sub-slice into the whole file.
    #[must_use]
    pub const fn shift(self, offset: u32) -> Self {
        Self {
            start: self.start + offset,
            end: self.end + offset,
        }
    }

    #[must_use]
    pub fn as_usize(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text this range covers.
    ///
    /// # Panics
    /// When the range is out of bounds or splits a UTF-8 character.
    #[must_use]
    pub fn slice(self, text: &str) -> &str {
        &text[self.as_usize()]
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<TextRange> for Range<usize> {
    fn from(range: TextRange) -> Self {
        range.as_usize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_and_shift() {
        let a = TextRange::new(2, 4);
        let b = TextRange::new(6, 9);
        assert_eq!(a.cover(b), TextRange::new(2, 9));
        assert_eq!(a.shift(10), TextRange::new(12, 14));
        assert!(a.contains(3));
        assert!(!a.contains(4));
        assert_eq!(TextRange::new(1, 3).slice("héllo"), "é");
    }

    #[test]
    #[should_panic(expected = "end before start")]
    fn reversed_range_panics() {
        let _ = TextRange::new(3, 2);
    }
}
