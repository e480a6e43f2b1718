//! Where hadolint places a parse error. Shared by `tests/hadolint_parse_corpus.rs` and
//! `examples/hadolint_parse.rs`, included by `#[path]` in both.

/// The 1-based line and column of byte `offset` as Megaparsec (hadolint's parser) counts
/// them: a tab advances to the next multiple of eight plus one, a byte-order mark takes none.
pub fn megaparsec_position(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before[line_start..]
        .trim_start_matches('\u{feff}')
        .chars()
        .fold(1, |column, c| {
            if c == '\t' {
                column + 8 - (column - 1) % 8
            } else {
                column + 1
            }
        });
    (line, column)
}
