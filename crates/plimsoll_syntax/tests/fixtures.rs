//! Hand-written fixtures (`tests/fixtures/*.Dockerfile`) rendered as a readable tree, one insta
//! snapshot each: every token with the exact source text its range covers, plus BuildKit's
//! views. Every fixture must also print back byte for byte.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use plimsoll_syntax::dockerfile::{self, Args, Dockerfile, Instruction, Item, Word};
use plimsoll_text::TextRange;

fn slice(source: &str, range: TextRange) -> String {
    format!("{:?}", range.slice(source))
}

fn word(source: &str, word: &Word<'_>) -> String {
    let text = word.range.slice(source);
    if text == word.value {
        format!("{:?}", text)
    } else {
        format!("{:?} from {:?}", word.value, text)
    }
}

fn render_args(source: &str, args: &Args<'_>, indent: &str, out: &mut String) {
    match args {
        Args::None => writeln!(out, "{indent}args: none").unwrap(),
        Args::Ignored => writeln!(out, "{indent}args: ignored").unwrap(),
        Args::Text(text) => writeln!(out, "{indent}text: {}", word(source, text)).unwrap(),
        Args::Json(words) => {
            for item in words {
                writeln!(out, "{indent}json: {}", word(source, item)).unwrap();
            }
        }
        Args::List(words) => {
            for item in words {
                writeln!(out, "{indent}word: {}", word(source, item)).unwrap();
            }
        }
        Args::Names(names) => {
            for name in names {
                writeln!(
                    out,
                    "{indent}name: key={} eq={} value={}",
                    word(source, &name.key),
                    name.separator
                        .map_or("-".to_string(), |range| slice(source, range)),
                    name.value
                        .as_ref()
                        .map_or("-".to_string(), |value| word(source, value)),
                )
                .unwrap();
            }
        }
        Args::KeyValues(pairs) => {
            for pair in pairs {
                writeln!(
                    out,
                    "{indent}pair: key={} eq={} value={}",
                    word(source, &pair.key),
                    pair.separator
                        .map_or("legacy".to_string(), |range| slice(source, range)),
                    word(source, &pair.value),
                )
                .unwrap();
            }
        }
        Args::Healthcheck { kind, command } => {
            writeln!(out, "{indent}type: {}", word(source, kind)).unwrap();
            render_args(source, command, indent, out);
        }
        Args::Trigger(trigger) => {
            writeln!(out, "{indent}trigger:").unwrap();
            render_instruction(source, trigger, &format!("{indent}  "), out);
        }
    }
}

fn render_instruction(source: &str, instruction: &Instruction<'_>, indent: &str, out: &mut String) {
    writeln!(
        out,
        "{indent}{:?} {} lines {}-{} range {}",
        instruction.kind,
        word(source, &instruction.keyword),
        instruction.start_line,
        instruction.end_line,
        slice(source, instruction.range),
    )
    .unwrap();
    writeln!(out, "{indent}  original: {:?}", instruction.original).unwrap();
    if !instruction.comments.is_empty() {
        writeln!(out, "{indent}  comments: {:?}", instruction.comments).unwrap();
    }
    for flag in &instruction.flags {
        writeln!(
            out,
            "{indent}  flag: {:?} from {} name={} value={}",
            flag.text,
            slice(source, flag.range),
            slice(source, flag.name_range),
            flag.value_range
                .map_or("-".to_string(), |range| slice(source, range)),
        )
        .unwrap();
    }
    render_args(source, &instruction.args, &format!("{indent}  "), out);
    for heredoc in &instruction.heredocs {
        writeln!(
            out,
            "{indent}  heredoc: name={:?} fd={} chomp={} expand={} marker={} body={} terminator={}",
            heredoc.name,
            heredoc.file_descriptor,
            heredoc.chomp,
            heredoc.expand,
            slice(source, heredoc.marker),
            slice(source, heredoc.body),
            heredoc
                .terminator
                .map_or("unterminated".to_string(), |range| slice(source, range)),
        )
        .unwrap();
    }
    for line in &instruction.lines {
        if line.kind != dockerfile::LineKind::Code || line.continuation.is_some() {
            writeln!(
                out,
                "{indent}  line {:?}: {}{}",
                line.kind,
                slice(source, line.content),
                line.continuation.map_or(String::new(), |range| format!(
                    " + {}",
                    slice(source, range)
                )),
            )
            .unwrap();
        }
    }
    if let Some(shell) = instruction.shell_source() {
        writeln!(
            out,
            "{indent}  shell @{}: {:?}",
            shell.base_offset, shell.text
        )
        .unwrap();
    }
}

fn render(source: &str, parsed: &Dockerfile<'_>) -> String {
    let mut out = String::new();
    for item in parsed.items() {
        match item {
            Item::Blank(line) => writeln!(out, "blank {}", slice(source, line.range)).unwrap(),
            Item::Comment(line) => writeln!(out, "comment {}", slice(source, line.text)).unwrap(),
            Item::Directive(directive) => writeln!(
                out,
                "directive {} key={} value={:?}",
                directive.kind.as_str(),
                slice(source, directive.key),
                directive.value
            )
            .unwrap(),
            Item::Instruction(instruction) => render_instruction(source, instruction, "", &mut out),
            Item::Unparsed(range) => writeln!(out, "unparsed {range:?}").unwrap(),
        }
    }
    writeln!(out, "escape: {:?}", parsed.escape()).unwrap();
    for warning in parsed.warnings() {
        writeln!(out, "warning line {}: {}", warning.line, warning.short).unwrap();
    }
    match parsed.error() {
        Some(error) => writeln!(
            out,
            "parse error: {} lines {:?} at {}",
            error.message,
            error.lines,
            slice(source, error.range)
        )
        .unwrap(),
        None => match dockerfile::instructions::parse(parsed) {
            Ok(stages) => writeln!(
                out,
                "instructions: ok, {} meta args, {} stages",
                stages.meta_args.len(),
                stages.stages.len()
            )
            .unwrap(),
            Err(error) => writeln!(
                out,
                "instructions error: {} at {}",
                error.message,
                slice(source, error.range)
            )
            .unwrap(),
        },
    }
    out.push_str("dump:\n");
    out.push_str(&parsed.dump());
    out
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 7);
    for path in paths {
        let source = fs::read_to_string(&path).unwrap();
        let parsed = dockerfile::parse(&source);
        assert_eq!(parsed.to_source(), source, "{}", path.display());
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        insta::assert_snapshot!(name, render(&source, &parsed));
    }
}
