//! Robustness of the shell model on every RUN of the shared corpus: no panic, and every range
//! it hands out slices the Dockerfile to the text it describes.

#[path = "support/run_texts.rs"]
mod run_texts;

use plimsoll_syntax::shell::{ParseStatus, Redirect, Script, Word, parse_script};
use plimsoll_text::TextRange;
use run_texts::{RunText, corpus_files, run_texts};

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
    run: &RunText,
    dockerfile: &str,
    stats: &mut Stats,
    failures: &mut Vec<String>,
    origin: &str,
) {
    let whole = script.range();
    let touches_rewritten = |range: TextRange| {
        let from = range.start as usize - run.start;
        let to = range.end as usize - run.start;
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

#[test]
fn corpus_run_texts_parse_with_exact_spans() {
    let test = "corpus_run_texts_parse_with_exact_spans";
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
        for run in run_texts(&dockerfile) {
            stats.scripts += 1;
            let base = u32::try_from(run.start).expect("corpus files are small");
            let script = parse_script(&run.source, base);
            let origin = format!("{name}@{}", run.start);
            check(
                &script,
                &run,
                &dockerfile,
                &mut stats,
                &mut failures,
                &origin,
            );
            // Cut texts: what an editor sees while typing, and a stress for error recovery.
            let len = run.source.len();
            for cut in [len / 3, len / 2, len * 2 / 3] {
                let cut = (0..=cut)
                    .rev()
                    .find(|&index| run.source.is_char_boundary(index))
                    .unwrap_or(0);
                stats.prefixes += 1;
                let script = parse_script(&run.source[..cut], base);
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
        "the crude RUN extraction found only {} texts",
        stats.scripts
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
