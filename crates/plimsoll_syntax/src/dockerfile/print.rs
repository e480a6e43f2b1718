//! Printing the tree back: the pieces of every item, in order, tile the source exactly.

use plimsoll_text::TextRange;

use super::tree::{Dockerfile, Item, LineKind};

/// What a [`Piece`] of the source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PieceKind {
    /// The UTF-8 byte-order mark.
    Bom,
    /// Indentation or a whitespace-only line's text.
    Whitespace,
    /// A line ending.
    LineEnding,
    /// A comment line's text (outside or inside an instruction).
    Comment,
    /// A parser directive line's text.
    Directive,
    /// Text of an instruction line that is part of the logical line.
    Code,
    /// A line-continuation marker: the escape token and the blanks after it.
    Continuation,
    /// A heredoc body.
    HeredocBody,
    /// A heredoc terminator line's text (leading tabs of `<<-` included).
    HeredocTerminator,
    /// Text after a line BuildKit refuses to read (over 64 KiB).
    Unparsed,
}

/// A contiguous piece of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// What it is.
    pub kind: PieceKind,
    /// Where it is.
    pub range: TextRange,
}

impl Dockerfile<'_> {
    /// The pieces of the tree in source order, without gaps or overlaps (empty pieces left out).
    #[must_use]
    pub fn pieces(&self) -> Vec<Piece> {
        let mut pieces = Vec::with_capacity(self.items.len() * 4);
        let mut push = |kind: PieceKind, range: TextRange| {
            if !range.is_empty() {
                pieces.push(Piece { kind, range });
            }
        };
        if let Some(bom) = self.bom {
            push(PieceKind::Bom, bom);
        }
        for item in &self.items {
            match item {
                Item::Blank(line) => {
                    let start = self.after_bom(line.range.start);
                    push(
                        PieceKind::Whitespace,
                        TextRange::new(start, line.line_ending.start),
                    );
                    push(PieceKind::LineEnding, line.line_ending);
                }
                Item::Comment(line) => {
                    let start = self.after_bom(line.range.start);
                    push(
                        PieceKind::Whitespace,
                        TextRange::new(start, line.text.start),
                    );
                    push(PieceKind::Comment, line.text);
                    push(PieceKind::LineEnding, line.line_ending);
                }
                Item::Directive(directive) => {
                    let start = self.after_bom(directive.line.start);
                    push(
                        PieceKind::Whitespace,
                        TextRange::new(start, directive.text.start),
                    );
                    push(PieceKind::Directive, directive.text);
                    push(
                        PieceKind::LineEnding,
                        TextRange::new(directive.text.end, directive.line.end),
                    );
                }
                Item::Instruction(instruction) => {
                    for line in &instruction.lines {
                        push(PieceKind::Whitespace, line.indent);
                        let kind = match line.kind {
                            LineKind::Code => PieceKind::Code,
                            LineKind::Comment => PieceKind::Comment,
                            LineKind::Empty => PieceKind::Whitespace,
                        };
                        push(kind, line.content);
                        if let Some(marker) = line.continuation {
                            push(PieceKind::Continuation, marker);
                        }
                        push(PieceKind::LineEnding, line.line_ending);
                    }
                    for heredoc in &instruction.heredocs {
                        push(PieceKind::HeredocBody, heredoc.body);
                        if let Some(terminator) = heredoc.terminator {
                            let line_start = heredoc.body.end;
                            push(
                                PieceKind::HeredocTerminator,
                                TextRange::new(line_start, terminator.end),
                            );
                            push(
                                PieceKind::LineEnding,
                                TextRange::new(terminator.end, heredoc.range.end),
                            );
                        }
                    }
                }
                Item::Unparsed(range) => push(PieceKind::Unparsed, *range),
            }
        }
        pieces
    }

    fn after_bom(&self, start: u32) -> u32 {
        match self.bom {
            Some(bom) if bom.start == start => bom.end,
            _ => start,
        }
    }

    /// Rebuilds the source text from the tree's pieces. Equal to [`Dockerfile::source`] byte for
    /// byte for every input (the corpus test checks this on 4,000 real files).
    #[must_use]
    pub fn to_source(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for piece in self.pieces() {
            out.push_str(&self.source[piece.range.as_usize()]);
        }
        out
    }
}
