//! The real-world corpus (`shared/corpus/files`, ~4,000 Dockerfiles): every file parses
//! without panicking, prints back byte for byte, and its pieces tile the source.

use std::fs;
use std::path::PathBuf;

use plimsoll_syntax::dockerfile;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = plimsoll_testing::shared_path("corpus", "corpus/files")?;
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn corpus_round_trips() {
    let Some(files) = corpus_files() else { return };
    assert!(files.len() > 4000, "corpus incomplete: {}", files.len());
    let mut instructions = 0;
    for path in &files {
        let bytes = fs::read(path).unwrap();
        let source = String::from_utf8(bytes).expect("corpus files are UTF-8");
        let parsed = dockerfile::parse(&source);
        assert_eq!(parsed.to_source(), source, "{}", path.display());
        let mut cursor = 0;
        for piece in parsed.pieces() {
            assert_eq!(
                piece.range.start,
                cursor,
                "{}: gap or overlap",
                path.display()
            );
            cursor = piece.range.end;
        }
        assert_eq!(cursor as usize, source.len(), "{}", path.display());
        for instruction in parsed.instructions() {
            instructions += 1;
            // Every token range must slice the source on character boundaries.
            let _ = instruction.keyword.range.slice(&source);
            for flag in &instruction.flags {
                let _ = flag.range.slice(&source);
            }
            if let Some(shell) = instruction.shell_source() {
                assert_eq!(shell.text.len(), shell.range.len() as usize);
            }
        }
        let _ = parsed.dump();
        let _ = parsed.buildkit_parse_json();
    }
    assert!(instructions > 40_000, "{instructions}");
}
