//! Prints, for each file given, the `DL1000` plimsoll's model of hadolint's parser reports:
//! `path<TAB>line<TAB>column<TAB>message` (message in Rust debug quoting), or `path<TAB>ok`.
//! For comparing the model with the hadolint binary on many files.
#![allow(clippy::print_stdout)]

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(source) = std::fs::read_to_string(&path) else {
            println!("{path}\tunreadable");
            continue;
        };
        let parsed = plimsoll_syntax::dockerfile::parse(&source);
        match plimsoll_linter::hadolint_compat::parse_failure(&parsed) {
            Some(diagnostic) => {
                let offset = diagnostic.range.start as usize;
                let before = &source[..offset];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |at| at + 1);
                // Megaparsec's column: tabs advance to the next multiple of 8, no BOM.
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
                println!("{path}\t{line}\t{column}\t{:?}", diagnostic.message);
            }
            None => println!("{path}\tok"),
        }
    }
}
