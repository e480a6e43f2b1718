//! Which findings the file's own pragmas silence.
//!
//! Positions are 0-based lines of the instruction a finding is anchored to (its first line, as
//! hadolint reports). hadolint's placement rules, verified against 2.15.1:
//!
//! * `ignore=`: the line right after the comment only (a blank line or another comment in
//!   between breaks it).
//! * `global ignore=`: the whole file, wherever the comment is.
//! * `stage ignore=` on line P starts a region at line P+1; every FROM starts a region of its
//!   own. A finding on line L takes the region with the greatest start strictly before L, and a
//!   pragma region beats a FROM region starting on the same line. So a pragma right above a
//!   FROM covers that stage's instructions (not the FROM line itself), and inside a stage it
//!   covers from the second line after it.
//!
//! plimsoll's spelling is simpler: `ignore=` covers the next instruction, whatever comments or
//! blank lines come between; `stage ignore=` covers the rest of the stage, or the next stage
//! (FROM included) when it is above a FROM; `global ignore=` the file.

use plimsoll_syntax::dockerfile::{Dockerfile, InstructionKind, Item};
use plimsoll_text::LineIndex;

use crate::pragma::{IgnoreScope, Pragma, PragmaSyntax, parse_pragma};

#[derive(Debug, Default)]
pub struct Suppressions {
    /// (line the pragma covers, codes).
    lines: Vec<(usize, Vec<String>)>,
    global: Vec<String>,
    /// (start line, codes; `None` for a FROM), sorted by start, pragmas after FROMs on ties.
    stage_regions: Vec<(usize, Option<Vec<String>>)>,
    /// plimsoll stage pragmas: (first line covered, last line covered), codes.
    plimsoll_stages: Vec<((usize, usize), Vec<String>)>,
}

impl Suppressions {
    /// Reads every comment line of `dockerfile`.
    #[must_use]
    pub fn collect(dockerfile: &Dockerfile<'_>, lines: &LineIndex) -> Self {
        let source = dockerfile.source();
        let mut suppressions = Self::default();
        let mut from_lines = Vec::new();
        let mut instruction_lines = Vec::new();
        for instruction in dockerfile.instructions() {
            let line = lines.line_of(instruction.range.start);
            instruction_lines.push(line);
            if instruction.kind == InstructionKind::From {
                from_lines.push(line);
            }
        }
        let last_line = lines.line_count();
        for item in dockerfile.items() {
            let Item::Comment(comment) = item else {
                continue;
            };
            let Some(Pragma::Ignore {
                syntax,
                scope,
                codes,
            }) = parse_pragma(comment.text.slice(source))
            else {
                continue;
            };
            let line = lines.line_of(comment.range.start);
            let next_instruction = instruction_lines
                .iter()
                .copied()
                .find(|&start| start > line);
            match (syntax, scope) {
                (_, IgnoreScope::Global) => suppressions.global.extend(codes),
                (PragmaSyntax::Hadolint, IgnoreScope::Next) => {
                    suppressions.lines.push((line + 1, codes));
                }
                (PragmaSyntax::Plimsoll, IgnoreScope::Next) => {
                    if let Some(next) = next_instruction {
                        suppressions.lines.push((next, codes));
                    }
                }
                (PragmaSyntax::Hadolint, IgnoreScope::Stage) => {
                    suppressions.stage_regions.push((line + 1, Some(codes)));
                }
                (PragmaSyntax::Plimsoll, IgnoreScope::Stage) => {
                    let start = next_instruction.unwrap_or(last_line);
                    let end = from_lines
                        .iter()
                        .copied()
                        .find(|&from| from > start)
                        .map_or(last_line, |from| from - 1);
                    suppressions.plimsoll_stages.push(((start, end), codes));
                }
            }
        }
        suppressions
            .stage_regions
            .extend(from_lines.into_iter().map(|line| (line, None)));
        suppressions
            .stage_regions
            .sort_by_key(|(start, codes)| (*start, codes.is_some()));
        suppressions
    }

    /// True when a finding with `code` anchored at 0-based `line` is silenced.
    #[must_use]
    pub fn is_suppressed(&self, code: &str, line: usize) -> bool {
        let named = |codes: &[String]| codes.iter().any(|listed| listed == code);
        if named(&self.global) {
            return true;
        }
        if self
            .lines
            .iter()
            .any(|(covered, codes)| *covered == line && named(codes))
        {
            return true;
        }
        if self
            .plimsoll_stages
            .iter()
            .any(|((start, end), codes)| (*start..=*end).contains(&line) && named(codes))
        {
            return true;
        }
        let before = self
            .stage_regions
            .partition_point(|(start, _)| *start < line);
        matches!(
            before.checked_sub(1).map(|index| &self.stage_regions[index]),
            Some((_, Some(codes))) if named(codes)
        )
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
            && self.global.is_empty()
            && self.plimsoll_stages.is_empty()
            && !self.stage_regions.iter().any(|(_, codes)| codes.is_some())
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_syntax::dockerfile::parse;

    use super::*;

    fn suppressed(source: &str, code: &str) -> Vec<usize> {
        let dockerfile = parse(source);
        let lines = LineIndex::new(source);
        let suppressions = Suppressions::collect(&dockerfile, &lines);
        (0..lines.line_count())
            .filter(|&line| suppressions.is_suppressed(code, line))
            .map(|line| line + 1)
            .collect()
    }

    #[test]
    fn hadolint_line_pragma_covers_the_next_line_only() {
        let source = "FROM a:1\n# hadolint ignore=DL3003\nRUN cd /a\n# hadolint ignore=DL3003\n\nRUN cd /c\n";
        assert_eq!(suppressed(source, "DL3003"), [3, 5]);
        assert_eq!(suppressed(source, "DL3004"), Vec::<usize>::new());
    }

    #[test]
    fn hadolint_stage_pragma_regions_match_hadolint() {
        // Above a FROM: the stage's instructions and the next FROM line (hadolint 2.15.1 drops
        // DL3006 for `FROM c` there too), not that FROM's own line, not the next stage.
        let above = "FROM a:1\n# hadolint stage ignore=DL3003\nFROM b\nRUN cd /x\nRUN cd /y\nFROM c\nRUN cd /z\n";
        assert_eq!(suppressed(above, "DL3003"), [4, 5, 6]);
        // Inside a stage: from the second line after it, up to the next FROM line included.
        let inside = "FROM a:1\nRUN cd /a\n# hadolint stage ignore=DL3003\nRUN cd /x\nRUN cd /y\nFROM c:1\nRUN cd /z\n";
        assert_eq!(suppressed(inside, "DL3003"), [5, 6]);
        // Separated from the FROM by a blank line: only the FROM line; the stage's own region
        // starts after it.
        let separated = "# hadolint stage ignore=DL3003\n\nFROM a:1\nRUN cd /a\n";
        assert_eq!(suppressed(separated, "DL3003"), [3]);
    }

    #[test]
    fn global_pragma_covers_every_line() {
        let source = "FROM a:1\nRUN cd /a\n# hadolint global ignore=DL3003\n";
        assert_eq!(suppressed(source, "DL3003"), [1, 2, 3]);
    }

    #[test]
    fn plimsoll_pragmas_skip_comments_and_cover_whole_stages() {
        let source = "FROM a:1\n# plimsoll ignore=DL3003 we need it\n\n# another\nRUN cd /a\n# plimsoll stage ignore=DL3003\nFROM b:1\nRUN cd /b\nFROM c:1\nRUN cd /c\n";
        assert_eq!(suppressed(source, "DL3003"), [5, 7, 8]);
    }
}
