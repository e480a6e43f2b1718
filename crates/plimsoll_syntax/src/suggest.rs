//! "Did you mean ...?" suggestions, as BuildKit's `util/suggest` makes them.
//!
//! Levenshtein distance over characters with unit costs; the options are walked in order and
//! the first option with a distance below the best so far (starting at 3) wins, so a suggestion
//! is at most 2 edits away and ties go to the earlier option. An exact match means the value
//! was fine and gives no suggestion. In case-insensitive mode both sides are lower-cased (Go's
//! Unicode lower-casing) and the suggestion is re-cased: all upper if the input was all upper,
//! lower otherwise (BuildKit returns the lower-cased option for mixed-case input too).

/// The best suggestion for `value` among `options`, or `None`.
///
/// ```
/// use plimsoll_syntax::suggest::suggest;
/// assert_eq!(suggest("chowm", ["chown", "chmod"], true).as_deref(), Some("chown"));
/// assert_eq!(suggest("-RUN", ["FROM", "RUN"], false).as_deref(), Some("RUN"));
/// assert_eq!(suggest("run", ["RUN"], false), None);
/// ```
#[must_use]
pub fn suggest<'a>(
    value: &str,
    options: impl IntoIterator<Item = &'a str>,
    case_sensitive: bool,
) -> Option<String> {
    let lowered;
    let value_key: &str = if case_sensitive {
        value
    } else {
        lowered = go_lower(value);
        &lowered
    };
    let value_chars = value_key.chars().count();
    let mut best: Option<String> = None;
    let mut min_distance = 3;
    for option in options {
        let option_key: std::borrow::Cow<'_, str> = if case_sensitive {
            option.into()
        } else {
            go_lower(option).into()
        };
        if value_key == option_key {
            return None;
        }
        // The distance is at least the difference in length: such options cannot win, and
        // skipping them saves the quadratic comparison (UndefinedVar asks for every unset
        // variable against every variable in scope).
        if value_chars.abs_diff(option_key.chars().count()) >= min_distance {
            continue;
        }
        let distance = levenshtein(value_key, &option_key);
        if distance < min_distance {
            best = Some(if case_sensitive {
                option_key.into_owned()
            } else {
                match_case(&option_key, value)
            });
            min_distance = distance;
        }
    }
    best
}

/// ` (did you mean X?)` for the best suggestion, or an empty string.
#[must_use]
pub fn did_you_mean<'a>(
    value: &str,
    options: impl IntoIterator<Item = &'a str>,
    case_sensitive: bool,
) -> String {
    suggest(value, options, case_sensitive)
        .map(|found| format!(" (did you mean {found}?)"))
        .unwrap_or_default()
}

/// Edit distance between two strings, counted in characters.
#[must_use]
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn go_lower(text: &str) -> String {
    crate::dockerfile::go_to_lower(text).into_owned()
}

fn match_case(option: &str, original: &str) -> String {
    if original == go_lower(original) {
        return go_lower(option);
    }
    if original == crate::dockerfile::go_to_upper(original) {
        return crate::dockerfile::go_to_upper(option).into_owned();
    }
    option.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("é", "e"), 1);
    }

    #[test]
    fn first_best_wins_and_recasing() {
        assert_eq!(suggest("ab", ["ax", "ay"], true).as_deref(), Some("ax"));
        assert_eq!(
            suggest("ab", ["xy", "ay", "ab2"], true).as_deref(),
            Some("ay")
        );
        assert_eq!(suggest("Eof", ["ENV"], false).as_deref(), Some("env"));
        assert_eq!(suggest("EOF", ["ENV"], false).as_deref(), Some("ENV"));
        assert_eq!(suggest("rnu", ["RUN"], false).as_deref(), Some("run"));
        assert_eq!(suggest("xyz", ["RUN"], false), None);
        assert_eq!(
            suggest("runn", ["RUN", "run"], false).as_deref(),
            Some("run")
        );
        assert_eq!(
            suggest("rnu", ["RUX", "RUN"], false).as_deref(),
            Some("rux")
        );
        assert_eq!(suggest("from", ["chown"], true), None);
        assert_eq!(
            did_you_mean("copyy", ["COPY"], false),
            " (did you mean copy?)"
        );
    }
}
