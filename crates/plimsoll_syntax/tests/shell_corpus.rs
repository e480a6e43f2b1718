//! Robustness of the shell model on every shell text of the shared corpus: no panic, and every range
//! it hands out slices the Dockerfile to the text it describes.

#[path = "support/shell_texts.rs"]
mod shell_texts;

use plimsoll_syntax::shell::{ParseStatus, Redirect, Script, Word, parse_script};
use plimsoll_text::TextRange;
use shell_texts::{ShellText, corpus_files, shell_texts};

#[derive(Default, Debug)]
struct Stats {
    scripts: usize,
    prefixes: usize,
    commands: usize,
    words: usize,
    words_over_rewritten_trivia: usize,
    recovered: usize,
    fatal: usize,
}

fn words<'a, 'src>(script: &'a Script<'src>) -> Vec<&'a Word<'src>> {
    let mut words = Vec::new();
    for command in script.commands() {
        words.extend(command.assignments().iter().filter_map(|a| a.value()));
        words.extend(command.name());
        words.extend(command.args());
        words.extend(command.redirects().iter().filter_map(Redirect::target_word));
    }
    for scope in script.scopes() {
        words.extend(scope.redirects().iter().filter_map(Redirect::target_word));
    }
    words
}

/// Checks one parse; returns failure descriptions.
fn check(
    script: &Script<'_>,
    run: &ShellText,
    dockerfile: &str,
    stats: &mut Stats,
    failures: &mut Vec<String>,
    origin: &str,
) {
    let whole = script.range();
    let touches_rewritten = |range: TextRange| {
        let from = (range.start - run.base) as usize;
        let to = (range.end - run.base) as usize;
        run.rewritten[from..to].iter().any(|&rewritten| rewritten)
    };
    let mut fail = |what: String| {
        if failures.len() < 50 {
            failures.push(format!("{origin}: {what}"));
        }
    };
    match script.status() {
        ParseStatus::Clean => {}
        ParseStatus::Recovered => stats.recovered += 1,
        ParseStatus::Fatal => stats.fatal += 1,
    }
    stats.commands += script.commands().len();
    for word in words(script) {
        stats.words += 1;
        let range = word.range();
        if !whole.contains_range(range) {
            fail(format!(
                "word {:?} at {range:?} outside {whole:?}",
                word.text()
            ));
            continue;
        }
        if script.text(range) != word.text() {
            fail(format!("word {:?} is not its source text", word.text()));
        }
        if touches_rewritten(range) {
            stats.words_over_rewritten_trivia += 1;
        } else if dockerfile.get(range.as_usize()) != Some(word.text()) {
            fail(format!(
                "word {:?} at {range:?} slices to {:?}",
                word.text(),
                dockerfile.get(range.as_usize())
            ));
        }
    }
    for pipeline in script.pipelines() {
        if !whole.contains_range(pipeline.range()) {
            fail(format!("pipeline {:?} outside {whole:?}", pipeline.range()));
        }
    }
    for scope in script.scopes() {
        if !whole.contains_range(scope.range()) {
            fail(format!("scope {:?} outside {whole:?}", scope.range()));
        }
    }
    for command in script.commands() {
        if !whole.contains_range(command.range()) {
            fail(format!("command {:?} outside {whole:?}", command.range()));
        }
    }
    for heredoc in script.heredocs() {
        if script.text(heredoc.body_range()) != heredoc.body() {
            fail(format!("heredoc body at {:?}", heredoc.body_range()));
        }
    }
}

/// Characters and fragments that stress a shell parser's error paths.
const MUTATIONS: &[&str] = &[
    "'",
    "\"",
    "$(",
    "${",
    "`",
    "(",
    ")",
    "{",
    "}",
    "|",
    "&&",
    ";",
    "<<EOF\n",
    "<<-'X'\n",
    "\\\n",
    "$((",
    "[[",
    "]]",
    "#",
    "\n",
    "\\",
    "!",
    "<(",
    "${x:-$(",
    "case ",
    "if ",
    "do ",
    "fi ",
    "done",
    "esac",
    "=(",
    "\t",
    "é",
    "$'",
    "<<<",
    ">&",
    "function f ",
    "f() ",
];

/// A deterministic xorshift generator (no dependency needed for a stress loop).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
}

/// `source` with one to four random insertions, deletions or replacements.
fn mutate(source: &str, random: &mut XorShift) -> String {
    let mut text = source.to_owned();
    for _ in 0..=random.next(4) {
        let mut at = random.next(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let fragment = MUTATIONS[random.next(MUTATIONS.len())];
        let mut end = (at + random.next(8)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        match random.next(3) {
            0 => text.insert_str(at, fragment),
            1 => text.replace_range(at..end, ""),
            _ => text.replace_range(at..end, fragment),
        }
    }
    text
}

/// Mutated shell texts: no panic, and every range inside the text and true to it. Scale up with
/// `PLIMSOLL_SHELL_MUTATIONS=100` (1.3 million parses) when touching the lowering.
#[test]
fn mutated_corpus_shell_texts_never_panic() {
    let test = "mutated_corpus_shell_texts_never_panic";
    let Some(dir) = plimsoll_testing::shared_path(test, "corpus/files") else {
        return;
    };
    let rounds: usize = std::env::var("PLIMSOLL_SHELL_MUTATIONS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(1);
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut parsed = 0;
    for (_, dockerfile) in corpus_files(&dir) {
        for run in shell_texts(&dockerfile) {
            for _ in 0..rounds {
                let text = mutate(&run.text, &mut random);
                let script = parse_script(&text, 7);
                let whole = script.range();
                for word in words(&script) {
                    assert!(whole.contains_range(word.range()), "{text:?}");
                    assert_eq!(script.text(word.range()), word.text(), "{text:?}");
                }
                let ranges = script
                    .commands()
                    .iter()
                    .map(|command| command.range())
                    .chain(script.pipelines().iter().map(|pipeline| pipeline.range()))
                    .chain(script.scopes().iter().map(|scope| scope.range()))
                    .chain(
                        script
                            .diagnostics()
                            .iter()
                            .map(|diagnostic| diagnostic.range),
                    );
                for range in ranges {
                    assert!(whole.contains_range(range), "{range:?} in {text:?}");
                }
                parsed += 1;
            }
        }
    }
    eprintln!("{parsed} mutated shell texts parsed");
    assert!(parsed > 10_000);
}

#[test]
fn corpus_shell_texts_parse_with_exact_spans() {
    let test = "corpus_shell_texts_parse_with_exact_spans";
    let Some(dir) = plimsoll_testing::shared_path(test, "corpus/files") else {
        return;
    };
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    for (path, dockerfile) in corpus_files(&dir) {
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        for run in shell_texts(&dockerfile) {
            stats.scripts += 1;
            let base = run.base;
            let script = parse_script(&run.text, base);
            let origin = format!("{name}@{base}");
            check(
                &script,
                &run,
                &dockerfile,
                &mut stats,
                &mut failures,
                &origin,
            );
            // Cut texts: what an editor sees while typing, and a stress for error recovery.
            let len = run.text.len();
            for cut in [len / 3, len / 2, len * 2 / 3] {
                let cut = (0..=cut)
                    .rev()
                    .find(|&index| run.text.is_char_boundary(index))
                    .unwrap_or(0);
                stats.prefixes += 1;
                let script = parse_script(&run.text[..cut], base);
                check(
                    &script,
                    &run,
                    &dockerfile,
                    &mut stats,
                    &mut failures,
                    &format!("{origin}[..{cut}]"),
                );
            }
        }
    }
    eprintln!("{stats:#?}");
    assert!(
        stats.scripts > 10_000,
        "the Dockerfile parser gave only {} shell texts",
        stats.scripts
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Exec-form commands of the corpus through `exec_form_script`: words are the parser's JSON
/// literals, and an `sh -c` script written without escapes re-parses with exact ranges.
#[test]
fn corpus_exec_forms_map_to_their_json_literals() {
    use plimsoll_syntax::dockerfile::{self, Args};
    use plimsoll_syntax::shell::exec_form_script;

    let test = "corpus_exec_forms_map_to_their_json_literals";
    let Some(dir) = plimsoll_testing::shared_path(test, "corpus/files") else {
        return;
    };
    let (mut forms, mut inline_scripts) = (0, 0);
    for (path, source) in corpus_files(&dir) {
        let parsed = dockerfile::parse(&source);
        for instruction in parsed.instructions() {
            let Args::Json(literals) = &instruction.args else {
                continue;
            };
            let (Some(first), Some(last)) = (literals.first(), literals.last()) else {
                continue;
            };
            let array = first.range.cover(last.range);
            let args: Vec<(&str, TextRange)> = literals
                .iter()
                .map(|word| (word.value.as_ref(), word.range))
                .collect();
            let script = exec_form_script(&source, array, &args);
            forms += 1;
            let command = &script.commands()[0];
            let all: Vec<&Word<'_>> = command.name().into_iter().chain(command.args()).collect();
            assert_eq!(all.len(), literals.len(), "{}", path.display());
            for (word, json) in all.iter().zip(literals) {
                assert_eq!(word.range(), json.range);
                assert_eq!(word.text(), json.range.slice(&source));
                assert_eq!(word.literal(), Some(json.value.as_ref()));
            }
            if let Some((text, offset)) = command.inline_script() {
                inline_scripts += 1;
                let inner = parse_script(text, offset);
                for word in words(&inner) {
                    assert_eq!(
                        word.range().slice(&source),
                        word.text(),
                        "{}",
                        path.display()
                    );
                }
            }
        }
    }
    eprintln!("{forms} exec forms, {inline_scripts} inline sh -c scripts re-parsed");
    assert!(forms > 1000);
}
