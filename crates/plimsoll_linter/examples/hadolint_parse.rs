//! Prints, for each file given, the `DL1000` plimsoll's model of hadolint's parser reports:
//! `path<TAB>line<TAB>column<TAB>message` (message in Rust debug quoting), or `path<TAB>ok`.
//! For comparing the model with the hadolint binary on many files.
#![allow(clippy::print_stdout)]

#[path = "../tests/support/megaparsec.rs"]
mod megaparsec;

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(source) = std::fs::read_to_string(&path) else {
            println!("{path}\tunreadable");
            continue;
        };
        let parsed = plimsoll_syntax::dockerfile::parse(&source);
        match plimsoll_linter::hadolint_compat::parse_failure(&parsed) {
            Some(diagnostic) => {
                let (line, column) =
                    megaparsec::megaparsec_position(&source, diagnostic.range.start as usize);
                println!("{path}\t{line}\t{column}\t{:?}", diagnostic.message);
            }
            None => println!("{path}\tok"),
        }
    }
}
