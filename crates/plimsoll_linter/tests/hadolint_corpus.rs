//! The hadolint drop-in agrees with hadolint 2.15.1 on the shared corpus of 4,049 real
//! Dockerfiles (`../shared/corpus`, hadolint's stored `-f json` output): overall F1 at least
//! 0.995 and every `DL` rule's at least 0.98, on (file, line, code) with multiplicity, counted
//! as `scripts/compare-hadolint.sh --reference` counts. `cargo run -p plimsoll_linter --example
//! hadolint_corpus -- --show N CODE` lists the differences behind a rule's score.

#[path = "support/hadolint_scores.rs"]
mod hadolint_scores;

use hadolint_scores::{Comparison, lint_corpus, read_reference};

/// The floor for all rules together; the drop-in stood at 0.9997 when this was set.
const MIN_OVERALL_F1: f64 = 0.995;
/// The floor for each rule; the lowest stood at 0.9976 (DL3059) when this was set.
const MIN_RULE_F1: f64 = 0.98;
/// How many false positives and negatives to print for a rule below the floor.
const EXAMPLES: usize = 5;

#[test]
fn drop_in_matches_hadolint_on_the_corpus() {
    let Some(corpus) =
        plimsoll_testing::shared_path("drop_in_matches_hadolint_on_the_corpus", "corpus")
    else {
        return;
    };
    let reference = read_reference(&corpus).expect("the stored hadolint output");
    let (linted, ours) = lint_corpus(&corpus);
    // A corpus that vanished or a reference that no longer parses would otherwise pass trivially.
    assert!(linted > 4000, "only {linted} corpus files linted");
    assert!(
        reference.len() > 10_000,
        "only {} distinct reference findings",
        reference.len()
    );

    let comparison = Comparison::new(&reference, &ours);
    let overall = comparison.overall().f1();
    let low: Vec<&str> = comparison
        .rules
        .iter()
        .filter(|(_, score)| score.f1() < MIN_RULE_F1)
        .map(|(code, _)| code.as_str())
        .collect();
    let mut report = String::new();
    if overall < MIN_OVERALL_F1 {
        report += &format!("overall F1 {overall:.4} < {MIN_OVERALL_F1}\n");
    }
    if !low.is_empty() {
        report += &format!("rules with F1 < {MIN_RULE_F1}: {}\n", low.join(", "));
    }
    if !report.is_empty() {
        // With the overall score too low, the rules that lose the most are the ones to see.
        let shown: Vec<&str> = if low.is_empty() {
            let mut worst: Vec<(&String, _)> = comparison
                .rules
                .iter()
                .filter(|(_, score)| score.f1() < 1.0)
                .collect();
            worst.sort_by_key(|(_, score)| {
                std::cmp::Reverse(score.candidate() + score.reference() - 2 * score.both)
            });
            worst
                .iter()
                .take(3)
                .map(|(code, _)| code.as_str())
                .collect()
        } else {
            low
        };
        report += &comparison.table(|code| shown.contains(&code));
        for code in &shown {
            report += &comparison.examples(code, EXAMPLES);
        }
        panic!("{linted} files linted; the drop-in drifted from hadolint:\n{report}");
    }
    #[allow(clippy::print_stdout)]
    {
        print!("{linted} files linted; {}", comparison.summary());
    }
}
