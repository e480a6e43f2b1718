//! The model against hadolint 2.15.1 itself: every case in
//! `resources/test/hadolint_parse_cases.txt` carries the verdict the binary gave for it
//! (recorded by `scripts/record-hadolint-parse-cases.py`), next to the case.

use plimsoll_syntax::dockerfile;

use super::parse_failure;

const CASES: &str = include_str!("../../resources/test/hadolint_parse_cases.txt");

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&code, 16).expect("hex code point");
                out.push(char::from_u32(code).expect("a character"));
            }
            other => panic!("unknown escape \\{other:?} in {text}"),
        }
    }
    out
}

/// Megaparsec's column: tabs advance to the next multiple of 8 plus one.
fn advance(column: usize, c: char) -> usize {
    if c == '\t' {
        column + 8 - (column - 1) % 8
    } else {
        column + 1
    }
}

/// plimsoll's verdict in the case file's notation: `ok` or `LINE:COLUMN ^CARETS MESSAGE`, the
/// carets computed as Megaparsec's error bundle draws them.
fn verdict(source: &str) -> String {
    let parsed = dockerfile::parse(source);
    let Some(diagnostic) = parse_failure(&parsed) else {
        return "ok".to_owned();
    };
    let start = diagnostic.range.start as usize;
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let prefix = before[line_start..].trim_start_matches('\u{feff}');
    let column = prefix.chars().fold(1, advance);
    let line_text = source[line_start..]
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .trim_start_matches('\u{feff}');
    let width = line_text.chars().fold(1, advance) - 1;
    let length = diagnostic.range.slice(source).chars().count().max(1);
    let carets = if column - 1 + length > width {
        (width + 1).saturating_sub(column - 1).max(1)
    } else {
        length
    };
    let message = diagnostic
        .message
        .replace('\\', "\\\\")
        .replace('\n', "\\n");
    format!("{line}:{column} ^{carets} {message}")
}

#[test]
fn every_recorded_case_matches_hadolint() {
    let mut lines = CASES.lines();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    while let Some(line) = lines.next() {
        let Some(case) = line.strip_prefix("> ") else {
            continue;
        };
        let expected = lines
            .next()
            .and_then(|line| line.strip_prefix("= "))
            .unwrap_or_else(|| panic!("no recorded verdict after {case}"));
        let actual = verdict(&unescape(case));
        if actual != expected {
            mismatches.push(format!(
                "case:     {case}\nhadolint: {expected}\nplimsoll: {actual}\n"
            ));
        }
        checked += 1;
    }
    assert!(checked > 400, "only {checked} cases found");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} cases differ from hadolint:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// hadolint 2.15.1 lints a file with a line longer than BuildKit's 64 KiB limit (verified on
/// a 70,000-character RUN line: DL3006 and no DL1000).
#[test]
fn a_line_longer_than_buildkit_accepts_parses() {
    let source = format!("FROM a\nRUN echo {}\n", "x".repeat(70_000));
    assert_eq!(verdict(&source), "ok");
}

#[test]
fn the_diagnostic_is_dl1000_at_the_error() {
    let source = "FROM a\nENV PATH\n";
    let diagnostic = parse_failure(&dockerfile::parse(source)).expect("a failure");
    assert_eq!(diagnostic.code, "DL1000");
    assert_eq!(diagnostic.severity, plimsoll_text::Severity::Error);
    assert_eq!(diagnostic.message, "missing whitespace");
    assert_eq!(diagnostic.range.slice(source), "\n");
}

/// Bad input never panics: every case, cut at every character and with a delimiter inserted
/// at every character, goes through the model.
#[test]
fn never_panics_on_cut_and_mutated_cases() {
    const INSERTS: [&str; 14] = [
        "\\", "\"", "'", "[", "]", "<<", "-", "--", "=", "$", "#", "\n", "\\\n", "é",
    ];
    let mut runs = 0;
    for line in CASES.lines() {
        let Some(case) = line.strip_prefix("> ") else {
            continue;
        };
        let source = unescape(case);
        let boundaries: Vec<usize> = source
            .char_indices()
            .map(|(at, _)| at)
            .chain([source.len()])
            .collect();
        for &at in &boundaries {
            let _ = parse_failure(&dockerfile::parse(&source[..at]));
            for insert in INSERTS {
                let mutated = format!("{}{insert}{}", &source[..at], &source[at..]);
                let _ = parse_failure(&dockerfile::parse(&mutated));
                runs += 1;
            }
        }
    }
    assert!(runs > 100_000, "{runs} runs");
}
