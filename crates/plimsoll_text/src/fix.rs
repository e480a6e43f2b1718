use serde::Serialize;

use crate::TextRange;

/// Whether a fix may be applied without a human looking at it.
///
/// Ordered so that a threshold comparison works: `--fix` applies `Safe`, `--unsafe-fixes`
/// raises the bar to `Unsafe`; `DisplayOnly` fixes are only ever shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    DisplayOnly,
    Unsafe,
    Safe,
}

/// Replace the bytes of `range` with `content` (empty content deletes, an empty range inserts).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub range: TextRange,
    pub content: String,
}

impl Edit {
    #[must_use]
    pub fn replacement(content: impl Into<String>, range: TextRange) -> Self {
        Self {
            range,
            content: content.into(),
        }
    }

    #[must_use]
    pub fn insertion(content: impl Into<String>, at: u32) -> Self {
        Self {
            range: TextRange::empty(at),
            content: content.into(),
        }
    }

    #[must_use]
    pub fn deletion(range: TextRange) -> Self {
        Self {
            range,
            content: String::new(),
        }
    }
}

/// A set of edits that together fix one diagnostic; applied all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Sorted by range start; never overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    #[must_use]
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
        Self {
            title: title.into(),
            applicability,
            edits,
        }
    }

    #[must_use]
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Safe, edits)
    }

    #[must_use]
    pub fn unsafe_edits(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Unsafe, edits)
    }

    /// The range touched by all edits together.
    #[must_use]
    pub fn range(&self) -> Option<TextRange> {
        let first = self.edits.first()?.range;
        Some(
            self.edits
                .iter()
                .fold(first, |acc, edit| acc.cover(edit.range)),
        )
    }
}

/// Applies every fix at or above `threshold`, skipping fixes that overlap one already taken.
/// Returns the new text and how many fixes were applied.
///
/// Edits touch only their own bytes, so everything outside them is copied unchanged.
#[must_use]
pub fn apply_fixes<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
    threshold: Applicability,
) -> (String, usize) {
    let mut chosen: Vec<&Fix> = fixes
        .into_iter()
        .filter(|fix| fix.applicability >= threshold && !fix.edits.is_empty())
        .collect();
    chosen.sort_by_key(|fix| fix.range().map(|range| (range.start, range.end)));

    let mut edits: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut taken_until = 0u32;
    let mut last_insertion: Option<u32> = None;
    for fix in chosen {
        let Some(range) = fix.range() else { continue };
        // Two insertions at one point would have an arbitrary order: keep the first only.
        let collides =
            range.start < taken_until || (range.is_empty() && last_insertion == Some(range.start));
        if collides {
            continue;
        }
        taken_until = range.end;
        if range.is_empty() {
            last_insertion = Some(range.start);
        }
        edits.extend(&fix.edits);
        applied += 1;
    }

    let mut output = String::with_capacity(text.len());
    let mut cursor = 0usize;
    for edit in edits {
        let range = edit.range.as_usize();
        output.push_str(&text[cursor..range.start]);
        output.push_str(&edit.content);
        cursor = range.end;
    }
    output.push_str(&text[cursor..]);
    (output, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_non_overlapping_fixes_by_threshold() {
        let text = "RUN pip install flask";
        let install = Fix::safe(
            "upper",
            vec![Edit::replacement("INSTALL", TextRange::new(8, 15))],
        );
        let overlapping = Fix::safe(
            "rewrite",
            vec![Edit::replacement("x", TextRange::new(12, 18))],
        );
        let risky = Fix::unsafe_edits(
            "upper",
            vec![Edit::replacement("FLASK", TextRange::new(16, 21))],
        );

        let (fixed, count) =
            apply_fixes(text, [&overlapping, &install, &risky], Applicability::Safe);
        assert_eq!(fixed, "RUN pip INSTALL flask");
        assert_eq!(count, 1);

        let (fixed, count) = apply_fixes(text, [&install, &risky], Applicability::Unsafe);
        assert_eq!(fixed, "RUN pip INSTALL FLASK");
        assert_eq!(count, 2);

        let first = Fix::safe("a", vec![Edit::insertion("A", 4)]);
        let second = Fix::safe("b", vec![Edit::insertion("B", 4)]);
        assert_eq!(
            apply_fixes(text, [&first, &second], Applicability::Safe),
            ("RUN Apip install flask".to_string(), 1)
        );
    }

    #[test]
    fn deletion_and_untouched_bytes() {
        let text = "a\r\nb c\r\n";
        let fix = Fix::safe("drop", vec![Edit::deletion(TextRange::new(4, 6))]);
        assert_eq!(
            apply_fixes(text, [&fix], Applicability::Safe).0,
            "a\r\nb\r\n"
        );
    }
}
